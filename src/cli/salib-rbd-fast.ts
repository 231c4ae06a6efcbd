// `uqkit analyze rbd_fast`: SALib's RBD-FAST command line (SALib.analyze.rbd_fast) on uqkit's analyzer.
import { rbdFastAnalyze } from '../numerics/fast.js';
import { CliError } from './files.js';
import { ANALYZE_FLAGS, ANALYZE_FLAGS_HELP, intFlag, jsonList, parseFlags, problemFlag, readInputs, readOutputs, salibTable, seedFlag } from './salib-common.js';

/** `uqkit analyze rbd_fast --help`. */
export const RBD_FAST_HELP = `uqkit analyze rbd_fast -p PROBLEM -X X.txt -Y Y.txt [-M 10] [-r 100] [options]

RBD-FAST first-order indices (Tarantola, Gatelli & Mara 2006; Plischke 2010, bias-corrected as
Tissot & Prieur 2012; SALib's rbd_fast.analyze) from any sample X (e.g. \`uqkit sample latin\`)
and its outputs, with SALib's bootstrap half-width S1_conf.

  -X, --model-input-file FILE    the sample, one row per model run
${ANALYZE_FLAGS_HELP}
  -M, --M M              harmonics summed (default 10; needs more than 2 M + 1 rows)
  -r, --resamples R      bootstrap resamples (default 100; 0: none)
      --conf-level C     confidence level (default 0.95)`;

/** uqkit analyze rbd_fast. */
export function analyzeRbdFast(argv: string[]): void {
  const v = parseFlags(argv, { ...ANALYZE_FLAGS, 'model-input-file': { type: 'string', short: 'X' }, M: { type: 'string', short: 'M' }, resamples: { type: 'string', short: 'r' }, 'conf-level': { type: 'string' } });
  if (v.help) return void process.stdout.write(RBD_FAST_HELP + '\n');
  const { problem, path } = problemFlag(v);
  const out = readOutputs(v);
  const X = readInputs(v, problem, path, out);
  const M = intFlag(v, 'M', 1, '-M/--M') ?? 10;
  if (X.rows <= 2 * M + 1) throw new CliError(`${X.rows} rows are too few for RBD-FAST with M = ${M}: at least ${2 * M + 2} needed`, { file: v['model-input-file'] as string });
  const resamples = intFlag(v, 'resamples', 0, '-r/--resamples') ?? 100;
  const conf = v['conf-level'] === undefined ? 0.95 : Number(v['conf-level']);
  if (!(conf > 0 && conf < 1)) throw new CliError(`--conf-level: expected a number strictly between 0 and 1, got ${JSON.stringify(v['conf-level'])}`);
  const seed = seedFlag(v);
  const r = rbdFastAnalyze(X, out.Y, { M, resamples, confLevel: conf, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, S1: jsonList(r.S1), S1_conf: jsonList(r.S1_conf), n: r.n, M, resamples, confLevel: conf, seed: String(r.seed) }, null, 1) + '\n');
    return;
  }
  process.stdout.write(salibTable(problem.names, [['S1', r.S1], ['S1_conf', r.S1_conf]]) + '\n');
}
