// `uqkit sample fast` and `uqkit analyze fast`: SALib's eFAST command lines (flags and defaults
// of SALib.sample.fast_sampler and SALib.analyze.fast) on src/numerics/fast.ts. The sample
// file's header records N, M and the seed; `analyze fast` takes M from it and refuses a sample
// that is not an eFAST design of the same N, M and problem.
import { fastAnalyze, fastSample } from '../numerics/fast.js';
import { CliError } from './cli-error.js';
import { oneStdin } from './input.js';
import { readProblem, type Problem } from './problem-file.js';
import { warnGroupsIgnored } from './salib-any-sample.js';
import { agreeWithDesign, checkDesign, checkRows, headerInt, readSampleHeader, sampleHeader, type SampleHeader } from './provenance.js';
import { alias, ANALYZE_OPTIONS, delimiterArg, intArg, numberArg, paramfileArg, parseSalib, SAMPLE_OPTIONS, seedArg } from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';
import { readOutputColumn, readSampleFile, writeSample } from './salib-files.js';

/** `uqkit sample fast --help`. */
export const FAST_SAMPLE_HELP = `uqkit sample fast -p PROBLEM -n N [-M 4] [options]   (also: uqkit sample fast_sampler)

An eFAST design (Saltelli, Tarantola & Chan 1999), as SALib's fast_sampler.sample: for each
parameter a search curve of N points on which that parameter oscillates at the highest
frequency, N * d rows in all, for \`uqkit analyze fast\`.

  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line, or
                         JSON); - reads standard input. --problem is the same option
  -n, --samples N        points per curve; more than 4 M^2
  -M, --m-coef M         interference factor: the harmonics analysed (default 4, as SALib)
  -s, --seed S           seed of the random phases (default: a fresh one, in the header)
  -o, --output FILE      where to write (default, and -: standard output)
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, numpy's %.Pe as SALib writes (default 8);
                         exact: the shortest decimal that reads back exactly
      --no-header        no "# ..." lines recording how the design was drawn
The header records n, M, d, rows and seed; \`uqkit analyze fast -X\` checks the outputs against it.
Groups of the problem file are ignored, as SALib's eFAST ignores them (one curve per parameter).
SALib options left out: none.`;

/** `uqkit analyze fast --help`. */
export const FAST_ANALYZE_HELP = `uqkit analyze fast -p PROBLEM -Y Y.txt [-X X.txt] [-M 4] [-r 100] [options]

eFAST first-order (S1) and total-order (ST) indices from the outputs at the rows of an eFAST
design (SALib's fast.analyze), with SALib's confidence half-widths (resamples of half of each
curve's outputs), printed as SALib prints them.

  -p, --paramfile FILE   the problem file the design was drawn for (--problem: the same)
  -Y, --model-output-file FILE
                         model outputs, one line per sample line (--outputs: the same)
  -X, --model-input-file FILE
                         the sample file (optional, as SALib's analyze fast reads none): its
                         header says how the design was drawn (N, M, problem), and a sample
                         that is not an eFAST design of this problem, or -M that differs, is refused
  -c, --column K         the output column to analyse, from 0 (default 0, as SALib)
  -M, --M M              interference factor the design was drawn with (default: the header's,
                         else 4)
  -r, --resamples R      bootstrap resamples (default 100, as SALib; 0: no half-widths)
      --conf-level C     confidence level (default 0.95; --confidence: the same)
  -s, --seed S           seed of the resamples (default: a fresh one)
      --delimiter D      between numbers in the files (default: commas, tabs or spaces)
      --json             JSON instead of SALib's table
  Of -p, -Y and -X, one may be - (standard input).
Groups of the problem file are ignored, as SALib's eFAST ignores them (one row per parameter).
SALib options left out: none.`;

/** `uqkit sample fast` (and fast_sampler): SALib's `salib sample fast_sampler` (see FAST_SAMPLE_HELP). */
export function sampleFast(argv: string[]): void {
  const v = parseSalib(argv, { ...SAMPLE_OPTIONS, 'm-coef': { type: 'string', short: 'M' } });
  if (v.help) {
    process.stdout.write(FAST_SAMPLE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const M = intArg('m-coef', v['m-coef'], 1) ?? 4;
  const N = intArg('samples', v.samples, 1);
  if (N === undefined) throw new CliError('-n/--samples: the number of points per curve is required');
  if (N <= 4 * M * M) throw new CliError(`-n/--samples ${N}: eFAST needs more than 4 M^2 = ${4 * M * M} points per curve (M = ${M})`);
  const seed = seedArg(v.seed);
  const problem = readProblem(paramfile);
  warnGroupsIgnored('sample fast', problem, 'fast_sampler');
  const design = fastSample(problem.dists, N, { M, ...(seed === undefined ? {} : { seed }) });
  writeSample(v, design.X, sampleHeader('fast', [
    ['n', N], ['M', M], ['d', problem.names.length], ['rows', design.X.rows], ['seed', design.seed],
  ], problem), false);
}

/** The eFAST design of a sample file's header, checked against the problem, the rows and -M. */
function fromHeader(h: SampleHeader, where: string, problem: Problem, rows: number, M: string | undefined): number {
  checkDesign(h, where, 'fast', ['fast'], problem);
  checkRows(h, where, rows, where, 'rows of points');
  const n = headerInt(h, 'n', where)!;
  const d = problem.names.length;
  if (n * d !== rows) throw new CliError(`the header says n=${n} points per curve for d=${d} parameters, ${n * d} rows, but the file has ${rows}; was it edited?`, { file: where });
  return Number(agreeWithDesign(h, where, 'M', '-M/--M', M === undefined ? undefined : String(Number(M))) ?? 4);
}

/** `uqkit analyze fast`: SALib's `salib analyze fast` (see FAST_ANALYZE_HELP). */
export function analyzeFast(argv: string[]): void {
  const v = parseSalib(argv, {
    ...ANALYZE_OPTIONS, M: { type: 'string', short: 'M' }, resamples: { type: 'string', short: 'r' }, 'conf-level': { type: 'string' }, confidence: { type: 'string' },
  });
  if (v.help) {
    process.stdout.write(FAST_ANALYZE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const outputs = alias(v, 'model-output-file', 'outputs');
  const inputs = v['model-input-file'];
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': inputs });
  intArg('M', v.M, 1);
  const resamples = intArg('resamples', v.resamples, 0) ?? 100;
  if (resamples === 1) throw new CliError('--resamples: expected 0 (no half-widths) or at least 2');
  const conf = numberArg('conf-level', alias(v, 'conf-level', 'confidence'), 0, 1) ?? 0.95;
  const seed = seedArg(v.seed);
  const delimiter = delimiterArg(v.delimiter);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  let M: number;
  let Y: Float64Array, yFile: string;
  if (inputs !== undefined) {
    // The design from the sample file: its header when it has one, else its shape.
    const sample = readSampleFile(v, d, `the problem has ${d} parameter${d === 1 ? '' : 's'}`, delimiter);
    M = sample.header ? fromHeader(sample.header, sample.table.file, problem, sample.X.rows, v.M) : intArg('M', v.M, 1) ?? 4;
    ({ Y, table: { file: yFile } } = readOutputColumn(v, outputs, { rows: sample.X.rows, file: sample.table.file }, delimiter));
  } else {
    const out = readOutputColumn(v, outputs, undefined, delimiter);
    ({ Y, table: { file: yFile } } = out);
    // An outputs file that carries the sample's header (a model that copies it) is checked too.
    const h = readSampleHeader(out.table.text, yFile);
    M = h ? fromHeader(h, yFile, problem, Y.length, v.M) : intArg('M', v.M, 1) ?? 4;
  }
  if (Y.length % d !== 0) throw new CliError(`${Y.length} outputs are not N per parameter for the ${d} parameters of ${problem.file} (an eFAST sample has N * d rows)`, { file: yFile });
  const N = Y.length / d;
  if (N <= 4 * M * M) throw new CliError(`${N} outputs per parameter are too few for eFAST with M = ${M}: more than 4 M^2 = ${4 * M * M} needed`, { file: yFile });
  warnGroupsIgnored('analyze fast', problem, 'fast.analyze');
  const r = fastAnalyze(Y, d, { M, resamples, confLevel: conf, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, S1: jsonList(r.S1), ST: jsonList(r.ST), S1_conf: jsonList(r.S1_conf), ST_conf: jsonList(r.ST_conf), N, M, resamples, confLevel: conf, seed: r.seed === undefined ? null : String(r.seed) }, null, 1) + '\n');
    return;
  }
  const col = (name: string, values: ArrayLike<number>) => ({ name, values: Array.from(values) });
  process.stdout.write(pandasTable(problem.names, [col('S1', r.S1), col('ST', r.ST), col('S1_conf', r.S1_conf), col('ST_conf', r.ST_conf)]) + '\n');
}
