// `uqkit analyze delta`: SALib's delta command line (SALib.analyze.delta) on uqkit's analyzer.
import { deltaAnalyze } from '../numerics/delta.js';
import { CliError } from './files.js';
import { ANALYZE_FLAGS, ANALYZE_FLAGS_HELP, intFlag, jsonList, parseFlags, problemFlag, readInputs, readOutputs, salibTable, seedFlag } from './salib-common.js';

/** `uqkit analyze delta --help`. */
export const DELTA_HELP = `uqkit analyze delta -p PROBLEM -X X.txt -Y Y.txt [-r 10] [options]

Borgonovo's moment-independent delta and a first-order index S1 from any sample (Plischke,
Borgonovo & Smith 2013; SALib's delta.analyze): how far the output's distribution moves, on
average, when one input is fixed. Both bias-reduced by bootstrap, with half-widths.

  -X, --model-input-file FILE    the sample, one row per model run
${ANALYZE_FLAGS_HELP}
  -r, --resamples R      bootstrap resamples (default 10, as SALib's command line; at least 2)
  -m, --method M         all (default), delta or sobol
      --y_resamples K    rows per resample (default: all; also --y-resamples)
      --conf-level C     confidence level (default 0.95)`;

/** uqkit analyze delta. */
export function analyzeDelta(argv: string[]): void {
  const v = parseFlags(argv, {
    ...ANALYZE_FLAGS, 'model-input-file': { type: 'string', short: 'X' }, resamples: { type: 'string', short: 'r' }, method: { type: 'string', short: 'm' },
    y_resamples: { type: 'string' }, 'y-resamples': { type: 'string' }, 'conf-level': { type: 'string' },
  });
  if (v.help) return void process.stdout.write(DELTA_HELP + '\n');
  const { problem, path } = problemFlag(v);
  const out = readOutputs(v);
  const X = readInputs(v, problem, path, out);
  const resamples = intFlag(v, 'resamples', 2, '-r/--resamples') ?? 10;
  const method = (v.method as string | undefined) ?? 'all';
  if (method !== 'all' && method !== 'delta' && method !== 'sobol') throw new CliError(`-m/--method: expected all, delta or sobol, got ${JSON.stringify(method)}`);
  const yRes = intFlag({ y: v.y_resamples ?? v['y-resamples'] }, 'y', 2, '--y_resamples');
  if (yRes !== undefined && yRes > X.rows) throw new CliError(`--y_resamples ${yRes}: at most the ${X.rows} rows of the sample`);
  let min = Infinity, max = -Infinity;
  for (const y of out.Y) { min = Math.min(min, y); max = Math.max(max, y); }
  if (!(max > min)) throw new CliError(`every output is ${min}: delta needs outputs that vary`, { file: out.path });
  const conf = v['conf-level'] === undefined ? 0.95 : Number(v['conf-level']);
  if (!(conf > 0 && conf < 1)) throw new CliError(`--conf-level: expected a number strictly between 0 and 1, got ${JSON.stringify(v['conf-level'])}`);
  const seed = seedFlag(v);
  const r = deltaAnalyze(X, out.Y, { resamples, method, confLevel: conf, ...(yRes === undefined ? {} : { yResamples: yRes }), ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, delta: jsonList(r.delta), delta_conf: jsonList(r.delta_conf), S1: jsonList(r.S1), S1_conf: jsonList(r.S1_conf), yResamples: r.yResamples, classes: r.classes, resamples, confLevel: conf, seed: String(r.seed) }, null, 1) + '\n');
    return;
  }
  const cols: [string, Float64Array][] = [];
  if (method !== 'sobol') cols.push(['delta', r.delta], ['delta_conf', r.delta_conf]);
  if (method !== 'delta') cols.push(['S1', r.S1], ['S1_conf', r.S1_conf]);
  process.stdout.write(salibTable(problem.names, cols) + '\n');
}
