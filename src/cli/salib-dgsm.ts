// `uqkit sample finite_diff` and `uqkit analyze dgsm`: SALib's command-line DGSM (flags and
// defaults of SALib.sample.finite_diff and SALib.analyze.dgsm) on src/numerics/dgsm.ts.
import { dgsmAnalyze, finiteDiffSample, FINITE_DIFF_DEFAULT_DELTA, FINITE_DIFF_DEFAULT_SKIP } from '../numerics/dgsm.js';
import { CliError, readProblem } from './files.js';
import { ANALYZE_OPTIONS, SAMPLE_OPTIONS, intArg, jsonList, numberArg, parse, problemPath, readInputs, readOutputs, resultTable, seedArg, writeSample } from './salib-method-args.js';

/** `uqkit sample finite_diff --help`. */
export const FINITE_DIFF_SAMPLE_HELP = `uqkit sample finite_diff -p PROBLEM -n N -o X.txt [options]

A finite-difference design for DGSM (Sobol' & Kucherenko 2009), as SALib's finite_diff.sample:
N base points from the Sobol' sequence, each followed by one point per parameter in which that
parameter alone moves by a relative step (x -> x + delta x, kept within its bounds).

  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line) or JSON
  -n, --samples N        base points (N (d + 1) rows)
  -o, --output FILE      where to write (- for standard output)
  -d, --delta D          relative step (default ${FINITE_DIFF_DEFAULT_DELTA})
      --skip M           Sobol' points skipped first (default ${FINITE_DIFF_DEFAULT_SKIP}, SALib's skip_values)
  -s, --seed S           ignored (the design is not random), as SALib's
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, as %.Pe (default 8)
      --no-header        no "# ..." lines describing the design`;

/** `uqkit analyze dgsm --help`. */
export const DGSM_ANALYZE_HELP = `uqkit analyze dgsm -p PROBLEM -X X.txt -Y Y.txt [options]

Derivative-based global sensitivity measures (Sobol' & Kucherenko 2009), as SALib's
dgsm.analyze: vi, the mean squared derivative of the output along each parameter (how
steeply the output changes with it, on average); vi_std; dgsm = vi (upper - lower)^2 /
(pi^2 V), an upper bound of the total Sobol' index for uniform parameters; dgsm_conf, the
bootstrap half-width of vi's confidence interval (as SALib computes it).

  -p, --paramfile FILE   the problem file the design was made from
  -X, --model-input-file FILE   the design (N (d + 1) lines)
  -Y, --model-output-file FILE  model outputs, one line per row of the design
  -c, --column K         column of the outputs to analyse (from 0; default 0)
  -r, --resamples R      bootstrap resamples for dgsm_conf (default 1000)
      --confidence C     confidence level (default 0.95)
  -s, --seed S           seed of the bootstrap (default: a fresh one)
      --delimiter D      ignored (numbers may be separated by spaces, tabs or commas)
      --json             JSON instead of the table`;

/** `uqkit sample finite_diff`. */
export function sampleFiniteDiff(argv: string[]): void {
  const v = parse(argv, { ...SAMPLE_OPTIONS, delta: { type: 'string', short: 'd' }, skip: { type: 'string' } });
  if (v.help) {
    process.stdout.write(FINITE_DIFF_SAMPLE_HELP + '\n');
    return;
  }
  const problem = readProblem(problemPath(v));
  const n = intArg('-n/--samples', v.samples, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of base points is required');
  if (n < 2) throw new CliError(`-n/--samples: expected at least 2 base points, got ${n}`);
  const delta = v.delta === undefined ? FINITE_DIFF_DEFAULT_DELTA : Number(v.delta);
  if (typeof v.delta === 'string' && (v.delta.trim() === '' || !Number.isFinite(delta) || delta === 0)) throw new CliError(`-d/--delta: expected a non-zero number, got ${JSON.stringify(v.delta)}`);
  const skip = intArg('--skip', v.skip, 0) ?? FINITE_DIFF_DEFAULT_SKIP;
  seedArg(v.seed);
  const s = finiteDiffSample(problem.dists, n, { delta, skip });
  writeSample(v, s.X, [
    `uqkit sample finite_diff: n=${n} d=${problem.names.length} rows=${s.X.rows} delta=${delta} skip=${skip}`,
    `columns: ${problem.names.join(' ')}`,
  ]);
}

/** `uqkit analyze dgsm`. */
export function analyzeDGSM(argv: string[]): void {
  const v = parse(argv, { ...ANALYZE_OPTIONS, resamples: { type: 'string', short: 'r' }, confidence: { type: 'string' } });
  if (v.help) {
    process.stdout.write(DGSM_ANALYZE_HELP + '\n');
    return;
  }
  const problem = readProblem(problemPath(v));
  const d = problem.names.length;
  const { X, path: xPath, lines: xLines } = readInputs(v, d);
  if (X.rows % (d + 1) !== 0 || X.rows < 2 * (d + 1)) {
    throw new CliError(`${X.rows} rows do not make whole groups of d + 1 = ${d + 1} (a base point and one step per parameter), at least 2 of them`, { file: xPath });
  }
  const { Y } = readOutputs(v, X.rows, xPath);
  for (let i = 0; i < X.rows / (d + 1); i++) for (let j = 0; j < d; j++) {
    const r = i * (d + 1);
    if (X.data[(r + 1 + j) * d + j] === X.data[r * d + j]) {
      throw new CliError(`parameter ${problem.names[j]} does not move from its base point on line ${xLines[r]} (its value ${X.data[r * d + j]} has no relative step, or sits at its bound): not a finite-difference design, or a base point to drop`, { file: xPath, line: xLines[r + 1 + j]! });
    }
  }
  const resamples = intArg('-r/--resamples', v.resamples, 2) ?? 1000;
  const confidence = numberArg('--confidence', v.confidence, 0, 1) ?? 0.95;
  const seed = seedArg(v.seed);
  const r = dgsmAnalyze(X, Y, { dists: problem.dists, names: problem.names, numResamples: resamples, confLevel: confidence, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({
      names: r.names, vi: jsonList(r.vi), vi_std: jsonList(r.vi_std), dgsm: jsonList(r.dgsm), dgsm_conf: jsonList(r.dgsm_conf), n: r.n,
      bootstrap: { resamples: r.bootstrap.resamples, confidence: r.bootstrap.confidence, seed: String(r.bootstrap.seed) },
    }, null, 1) + '\n');
    return;
  }
  process.stdout.write(resultTable(r.names, [['vi', r.vi], ['vi_std', r.vi_std], ['dgsm', r.dgsm], ['dgsm_conf', r.dgsm_conf]]) + '\n');
}
