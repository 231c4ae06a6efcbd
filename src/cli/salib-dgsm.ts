// `uqkit sample finite_diff` and `uqkit analyze dgsm`: SALib's command-line DGSM (flags and
// defaults of SALib.sample.finite_diff and SALib.analyze.dgsm) on src/numerics/dgsm.ts. The
// sample file's header records N, delta and the Sobol' points skipped; `analyze dgsm` refuses
// a problem or outputs that do not fit the design.
import { dgsmAnalyze, finiteDiffSample, FINITE_DIFF_DEFAULT_DELTA, FINITE_DIFF_DEFAULT_SKIP } from '../numerics/dgsm.js';
import { CliError } from './cli-error.js';
import { oneStdin } from './input.js';
import { readProblem } from './problem-file.js';
import { checkDesign, checkRows, sampleHeader } from './provenance.js';
import { alias, ANALYZE_FILES_HELP, ANALYZE_OPTIONS, delimiterArg, intArg, numberArg, paramfileArg, parseSalib, SAMPLE_FORMAT_HELP, SAMPLE_OPTIONS, seedArg } from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';
import { readOutputs, readSampleFile, writeSample } from './salib-files.js';

/** `uqkit sample finite_diff --help`. */
export const FINITE_DIFF_SAMPLE_HELP = `uqkit sample finite_diff -p PROBLEM -n N -o X.txt [options]

A finite-difference design for DGSM (Sobol' & Kucherenko 2009), as SALib's finite_diff.sample:
N base points from the Sobol' sequence, each followed by one point per parameter in which that
parameter alone moves by a relative step (x -> x + delta x, kept within its bounds).

${SAMPLE_FORMAT_HELP}
  -n, --samples N        base points (N (d + 1) rows)
  -d, --delta D          relative step (default ${FINITE_DIFF_DEFAULT_DELTA})
      --skip-values M    Sobol' points skipped first (default ${FINITE_DIFF_DEFAULT_SKIP}, SALib's skip_values;
                         --skip: the same)
  -s, --seed S           ignored (the design is not random), as SALib's
The header records n, d, rows, delta and skip.`;

/** `uqkit analyze dgsm --help`. */
export const DGSM_ANALYZE_HELP = `uqkit analyze dgsm -p PROBLEM -X X.txt -Y Y.txt [options]

Derivative-based global sensitivity measures (Sobol' & Kucherenko 2009), as SALib's
dgsm.analyze: vi, the mean squared derivative of the output along each parameter (how
steeply the output changes with it, on average); vi_std; dgsm = vi (upper - lower)^2 /
(pi^2 V), an upper bound of the total Sobol' index for uniform parameters; dgsm_conf, the
bootstrap half-width of vi's confidence interval (as SALib computes it).

${ANALYZE_FILES_HELP}
  -r, --resamples R      bootstrap resamples for dgsm_conf (default 1000, as SALib)
      --confidence C     confidence level (default 0.95)
  -s, --seed S           seed of the bootstrap (default: a fresh one)
  Of -p, -X and -Y, one may be - (standard input).`;

/** `uqkit sample finite_diff`: SALib's `salib sample finite_diff` (see FINITE_DIFF_SAMPLE_HELP). */
export function sampleFiniteDiff(argv: string[]): void {
  const v = parseSalib(argv, { ...SAMPLE_OPTIONS, delta: { type: 'string', short: 'd' }, 'skip-values': { type: 'string' }, skip: { type: 'string' } });
  if (v.help) {
    process.stdout.write(FINITE_DIFF_SAMPLE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const n = intArg('samples', v.samples, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of base points is required');
  if (n < 2) throw new CliError(`-n/--samples: expected at least 2 base points, got ${n}`);
  const delta = v.delta === undefined ? FINITE_DIFF_DEFAULT_DELTA : Number(v.delta);
  if (v.delta !== undefined && (v.delta.trim() === '' || !Number.isFinite(delta) || delta === 0)) throw new CliError(`-d/--delta: expected a non-zero number, got ${JSON.stringify(v.delta)}`);
  const skip = intArg('skip-values', alias(v, 'skip-values', 'skip'), 0) ?? FINITE_DIFF_DEFAULT_SKIP;
  seedArg(v.seed);
  const problem = readProblem(paramfile);
  const s = finiteDiffSample(problem.dists, n, { delta, skip });
  writeSample(v, s.X, sampleHeader('finite_diff', [['n', n], ['d', problem.names.length], ['rows', s.X.rows], ['delta', delta], ['skip', skip]], problem));
}

/** `uqkit analyze dgsm`: SALib's `salib analyze dgsm` (see DGSM_ANALYZE_HELP). */
export function analyzeDGSM(argv: string[]): void {
  const v = parseSalib(argv, { ...ANALYZE_OPTIONS, resamples: { type: 'string', short: 'r' }, confidence: { type: 'string' } });
  if (v.help) {
    process.stdout.write(DGSM_ANALYZE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const outputs = alias(v, 'model-output-file', 'outputs');
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': v['model-input-file'] });
  const resamples = intArg('resamples', v.resamples, 2) ?? 1000;
  const confidence = numberArg('confidence', v.confidence, 0, 1) ?? 0.95;
  const seed = seedArg(v.seed);
  const delimiter = delimiterArg(v.delimiter);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  const sample = readSampleFile(v, d, `the problem has ${d} parameter${d === 1 ? '' : 's'}`, delimiter);
  const { X, table } = sample;
  if (sample.header) {
    checkDesign(sample.header, table.file, 'dgsm', ['finite_diff'], problem);
    checkRows(sample.header, table.file, X.rows, table.file, 'rows of points');
  }
  if (X.rows % (d + 1) !== 0 || X.rows < 2 * (d + 1)) {
    throw new CliError(`${X.rows} rows do not make whole groups of d + 1 = ${d + 1} (a base point and one step per parameter), at least 2 of them`, { file: table.file });
  }
  const { Y } = readOutputs(v, outputs, sample, delimiter);
  for (let i = 0; i < X.rows / (d + 1); i++) for (let j = 0; j < d; j++) {
    const r = i * (d + 1);
    if (X.data[(r + 1 + j) * d + j] === X.data[r * d + j]) {
      throw new CliError(`parameter ${problem.names[j]} does not move from its base point on line ${table.lines[r]} (its value ${X.data[r * d + j]} has no relative step, or sits at its bound): not a finite-difference design, or a base point to drop`, { file: table.file, line: table.lines[r + 1 + j]! });
    }
  }
  const r = dgsmAnalyze(X, Y, { dists: problem.dists, names: problem.names, numResamples: resamples, confLevel: confidence, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({
      names: r.names, vi: jsonList(r.vi), vi_std: jsonList(r.vi_std), dgsm: jsonList(r.dgsm), dgsm_conf: jsonList(r.dgsm_conf), n: r.n,
      bootstrap: { resamples: r.bootstrap.resamples, confidence: r.bootstrap.confidence, seed: String(r.bootstrap.seed) },
    }, null, 1) + '\n');
    return;
  }
  const col = (name: string, values: ArrayLike<number>) => ({ name, values: Array.from(values) });
  process.stdout.write(pandasTable(r.names, [col('vi', r.vi), col('vi_std', r.vi_std), col('dgsm', r.dgsm), col('dgsm_conf', r.dgsm_conf)]) + '\n');
}
