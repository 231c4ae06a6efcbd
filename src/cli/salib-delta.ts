// `uqkit analyze delta`: SALib's delta command line (flags and defaults of SALib.analyze.delta)
// on src/numerics/delta.ts, from any sample and its outputs.
import { deltaAnalyze } from '../numerics/delta.js';
import { CliError } from './cli-error.js';
import { readAnySample, warnGroupsIgnored } from './salib-any-sample.js';
import { alias, ANALYZE_FILES_HELP, ANALYZE_OPTIONS, intArg, numberArg, parseSalib, seedArg } from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';

/** `uqkit analyze delta --help`. */
export const DELTA_HELP = `uqkit analyze delta -p PROBLEM -X X.txt -Y Y.txt [-r 10] [options]

Borgonovo's moment-independent delta and a first-order index S1 from any sample (Plischke,
Borgonovo & Smith 2013), as SALib's delta.analyze: how far the output's distribution moves, on
average, when one input is fixed. Both bias-reduced by bootstrap, with half-widths.

${ANALYZE_FILES_HELP.replace('the sample file (required): its header (written by uqkit sample)\n                         says how the design was drawn, and a mismatch is refused', 'the sample file (required), any design: when it has uqkit\'s header,\n                         its problem and rows are checked')}
  -r, --resamples R      bootstrap resamples (default 10, as SALib's command line; at least 2)
  -m, --method M         all (default), delta or sobol
      --y_resamples K    rows per resample (default: all; --y-resamples: the same)
      --conf-level C     confidence level (default 0.95; --confidence: the same)
  -s, --seed S           seed of the resamples (default: a fresh one)
  Of -p, -X and -Y, one may be - (standard input).
Groups of the problem file are ignored, as SALib's delta ignores them (one row per parameter).
SALib options left out: --bootstrap_savedf (uqkit keeps no bootstrap table; --json gives the
results) and --bins_specs (uqkit's delta has no per-input binning: the inputs are treated as
continuous).`;

/** `uqkit analyze delta`: SALib's `salib analyze delta` (see DELTA_HELP). */
export function analyzeDelta(argv: string[]): void {
  const v = parseSalib(argv, {
    ...ANALYZE_OPTIONS, resamples: { type: 'string', short: 'r' }, method: { type: 'string', short: 'm' },
    y_resamples: { type: 'string' }, 'y-resamples': { type: 'string' }, 'conf-level': { type: 'string' }, confidence: { type: 'string' },
  });
  if (v.help) {
    process.stdout.write(DELTA_HELP + '\n');
    return;
  }
  const resamples = intArg('resamples', v.resamples, 2) ?? 10;
  const method = v.method ?? 'all';
  if (method !== 'all' && method !== 'delta' && method !== 'sobol') throw new CliError(`--method: expected all, delta or sobol, got ${JSON.stringify(method)}`);
  const yResText = alias(v, 'y_resamples', 'y-resamples');
  const yRes = intArg('y_resamples', yResText, 2);
  const conf = numberArg('conf-level', alias(v, 'conf-level', 'confidence'), 0, 1) ?? 0.95;
  const seed = seedArg(v.seed);
  const { problem, X, Y, yFile } = readAnySample(v);
  if (yRes !== undefined && yRes > X.rows) throw new CliError(`--y_resamples ${yRes}: at most the ${X.rows} rows of the sample`);
  let min = Infinity, max = -Infinity;
  for (const y of Y) { min = Math.min(min, y); max = Math.max(max, y); }
  if (!(max > min)) throw new CliError(`every output is ${min}: delta needs outputs that vary`, { file: yFile });
  warnGroupsIgnored('analyze delta', problem, 'delta.analyze');
  const r = deltaAnalyze(X, Y, { resamples, method, confLevel: conf, ...(yRes === undefined ? {} : { yResamples: yRes }), ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, delta: jsonList(r.delta), delta_conf: jsonList(r.delta_conf), S1: jsonList(r.S1), S1_conf: jsonList(r.S1_conf), yResamples: r.yResamples, classes: r.classes, resamples, confLevel: conf, seed: r.seed === undefined ? null : String(r.seed) }, null, 1) + '\n');
    return;
  }
  const cols: { name: string; values: number[] }[] = [];
  if (method !== 'sobol') cols.push({ name: 'delta', values: Array.from(r.delta) }, { name: 'delta_conf', values: Array.from(r.delta_conf) });
  if (method !== 'delta') cols.push({ name: 'S1', values: Array.from(r.S1) }, { name: 'S1_conf', values: Array.from(r.S1_conf) });
  process.stdout.write(pandasTable(problem.names, cols) + '\n');
}
