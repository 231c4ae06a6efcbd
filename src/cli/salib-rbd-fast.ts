// `uqkit analyze rbd_fast`: SALib's RBD-FAST command line (flags and defaults of
// SALib.analyze.rbd_fast) on src/numerics/fast.ts, from any sample and its outputs.
import { rbdFastAnalyze } from '../numerics/fast.js';
import { CliError } from './cli-error.js';
import { readAnySample, warnGroupsIgnored } from './salib-any-sample.js';
import { alias, ANALYZE_FILES_HELP, ANALYZE_OPTIONS, intArg, numberArg, parseSalib, seedArg } from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';

/** `uqkit analyze rbd_fast --help`. */
export const RBD_FAST_HELP = `uqkit analyze rbd_fast -p PROBLEM -X X.txt -Y Y.txt [-M 10] [-r 100] [options]

RBD-FAST first-order indices (Tarantola, Gatelli & Mara 2006; Plischke 2010, bias-corrected as
Tissot & Prieur 2012), as SALib's rbd_fast.analyze, from any sample X (e.g. \`uqkit sample
latin\`) and its outputs, with SALib's bootstrap half-width S1_conf.

${ANALYZE_FILES_HELP.replace('the sample file (required): its header (written by uqkit sample)\n                         says how the design was drawn, and a mismatch is refused', 'the sample file (required), any design: when it has uqkit\'s header,\n                         its problem and rows are checked')}
  -M, --M M              harmonics summed (default 10, as SALib; needs more than 2 M + 1 rows)
  -r, --resamples R      bootstrap resamples (default 100, as SALib; 0: no half-width)
      --conf-level C     confidence level (default 0.95; --confidence: the same)
  -s, --seed S           seed of the resamples (default: a fresh one)
  Of -p, -X and -Y, one may be - (standard input).
Groups of the problem file are ignored, as SALib's RBD-FAST ignores them (one row per parameter).
SALib options left out: none.`;

/** `uqkit analyze rbd_fast`: SALib's `salib analyze rbd_fast` (see RBD_FAST_HELP). */
export function analyzeRbdFast(argv: string[]): void {
  const v = parseSalib(argv, { ...ANALYZE_OPTIONS, M: { type: 'string', short: 'M' }, resamples: { type: 'string', short: 'r' }, 'conf-level': { type: 'string' }, confidence: { type: 'string' } });
  if (v.help) {
    process.stdout.write(RBD_FAST_HELP + '\n');
    return;
  }
  const M = intArg('M', v.M, 1) ?? 10;
  const resamples = intArg('resamples', v.resamples, 0) ?? 100;
  if (resamples === 1) throw new CliError('--resamples: expected 0 (no half-width) or at least 2');
  const conf = numberArg('conf-level', alias(v, 'conf-level', 'confidence'), 0, 1) ?? 0.95;
  const seed = seedArg(v.seed);
  const { problem, X, Y, xFile } = readAnySample(v);
  if (X.rows <= 2 * M + 1) throw new CliError(`${X.rows} rows are too few for RBD-FAST with M = ${M}: at least ${2 * M + 2} needed`, { file: xFile });
  warnGroupsIgnored('analyze rbd_fast', problem, 'rbd_fast.analyze');
  const r = rbdFastAnalyze(X, Y, { M, resamples, confLevel: conf, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, S1: jsonList(r.S1), S1_conf: jsonList(r.S1_conf), n: r.n, M, resamples, confLevel: conf, seed: r.seed === undefined ? null : String(r.seed) }, null, 1) + '\n');
    return;
  }
  process.stdout.write(pandasTable(problem.names, [{ name: 'S1', values: Array.from(r.S1) }, { name: 'S1_conf', values: Array.from(r.S1_conf) }]) + '\n');
}
