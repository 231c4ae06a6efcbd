// `uqkit sample fast` and `uqkit analyze fast`: SALib's eFAST command lines
// (SALib.sample.fast_sampler, SALib.analyze.fast) on uqkit's sampler and analyzer.
import { fastAnalyze, fastSample } from '../numerics/fast.js';
import { CliError } from './files.js';
import {
  ANALYZE_FLAGS, ANALYZE_FLAGS_HELP, SAMPLE_FLAGS, SAMPLE_FLAGS_HELP, intFlag, jsonList, parseFlags, problemFlag, readOutputs, salibTable, seedFlag, writeSample,
} from './salib-common.js';

/** `uqkit sample fast --help`. */
export const FAST_SAMPLE_HELP = `uqkit sample fast -p PROBLEM -n N [-M 4] [options]   (also: uqkit sample fast_sampler)

Writes an eFAST sample (Saltelli, Tarantola & Chan 1999; SALib's fast_sampler): for each
parameter a search curve of N points, N * d rows in all, for \`uqkit analyze fast\`.

${SAMPLE_FLAGS_HELP.replace('number of samples (see above)', 'points per curve; more than 4 M^2')}
  -M, --m-coef M         interference factor, the harmonics analysed (default 4)`;

/** `uqkit analyze fast --help`. */
export const FAST_ANALYZE_HELP = `uqkit analyze fast -p PROBLEM -Y Y.txt [-M 4] [-r 100] [options]

eFAST first-order (S1) and total-order (ST) indices from the outputs at the rows of an eFAST
sample (SALib's fast.analyze), with SALib's confidence half-widths (resamples of half of each
curve's outputs).

${ANALYZE_FLAGS_HELP}
  -M, --M M              interference factor the sample was made with (default 4)
  -r, --resamples R      bootstrap resamples (default 100; 0: none)
      --conf-level C     confidence level (default 0.95)`;

/** uqkit sample fast. */
export function sampleFast(argv: string[]): void {
  const v = parseFlags(argv, { ...SAMPLE_FLAGS, 'm-coef': { type: 'string', short: 'M' } });
  if (v.help) return void process.stdout.write(FAST_SAMPLE_HELP + '\n');
  const { problem } = problemFlag(v);
  const M = intFlag(v, 'm-coef', 1, '-M/--m-coef') ?? 4;
  const N = intFlag(v, 'samples', 1, '-n/--samples');
  if (N === undefined) throw new CliError('-n/--samples: the number of points per curve is required');
  if (N <= 4 * M * M) throw new CliError(`-n/--samples ${N}: eFAST needs more than 4 M^2 = ${4 * M * M} points per curve (M = ${M})`);
  const seed = seedFlag(v);
  const design = fastSample(problem.dists, N, { M, ...(seed === undefined ? {} : { seed }) });
  writeSample(v, design.X, [
    `uqkit sample fast: N=${N} M=${M} d=${problem.names.length} rows=${design.X.rows} omega=${design.omega.join(',')} seed=${design.seed}`,
    `columns: ${problem.names.join(' ')}`,
  ]);
}

/** uqkit analyze fast. */
export function analyzeFast(argv: string[]): void {
  const v = parseFlags(argv, { ...ANALYZE_FLAGS, M: { type: 'string', short: 'M' }, resamples: { type: 'string', short: 'r' }, 'conf-level': { type: 'string' } });
  if (v.help) return void process.stdout.write(FAST_ANALYZE_HELP + '\n');
  const { problem, path: ppath } = problemFlag(v);
  const out = readOutputs(v);
  const d = problem.names.length;
  const M = intFlag(v, 'M', 1, '-M/--M') ?? 4;
  if (out.Y.length % d !== 0) throw new CliError(`${out.Y.length} outputs are not N per parameter for the ${d} parameters of ${ppath} (an eFAST sample has N * d rows)`, { file: out.path });
  const N = out.Y.length / d;
  if (N <= 4 * M * M) throw new CliError(`${N} outputs per parameter are too few for eFAST with M = ${M}: more than 4 M^2 = ${4 * M * M} needed`, { file: out.path });
  const resamples = intFlag(v, 'resamples', 0, '-r/--resamples') ?? 100;
  const conf = v['conf-level'] === undefined ? 0.95 : Number(v['conf-level']);
  if (!(conf > 0 && conf < 1)) throw new CliError(`--conf-level: expected a number strictly between 0 and 1, got ${JSON.stringify(v['conf-level'])}`);
  const seed = seedFlag(v);
  const r = fastAnalyze(out.Y, d, { M, resamples, confLevel: conf, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, S1: jsonList(r.S1), ST: jsonList(r.ST), S1_conf: jsonList(r.S1_conf), ST_conf: jsonList(r.ST_conf), N, M, resamples, confLevel: conf, seed: String(r.seed) }, null, 1) + '\n');
    return;
  }
  process.stdout.write(salibTable(problem.names, [['S1', r.S1], ['ST', r.ST], ['S1_conf', r.S1_conf], ['ST_conf', r.ST_conf]]) + '\n');
}
