// Derivative-based global sensitivity measures (DGSM), as SALib's `finite_diff` sampler and
// `dgsm` analyzer: base points from the Sobol' sequence, each followed by one forward step
// per input, and the mean squared derivative of the output along each input.
//
// References:
// [1] I. M. Sobol', S. Kucherenko, Derivative based global sensitivity measures and their link
//     with global sensitivity indices, Math. Comput. Simul. 79(10), 3009-3017 (2009) —
//     nu_i = E[(df/dx_i)^2], and for x_i uniform on [a, b] the bound
//     ST_i <= (b - a)^2 nu_i / (pi^2 V).
// [2] I. M. Sobol', S. Kucherenko, Derivative based global sensitivity measures, Procedia Soc.
//     Behav. Sci. 2, 7745-7746 (2010).
import { InvalidArgumentError, NonFiniteOutputError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, options, randomSeed, seed as seedOf } from '../core/validate.js';
import { ndtri } from '../distributions/special.js';
import { toPhysical } from '../distributions/index.js';
import { screeningInputs, type ScreeningInput } from './screening-inputs.js';
import { matrix, type Matrix } from './matrix.js';
import { bootstrapStdKernel, finiteDiffKernel } from './screening-kernels.js';
import { SobolSequence, SOBOL_MAX_DIM } from './sobol.js';

/** SALib's default finite-difference step: 1% of the base value. */
export const FINITE_DIFF_DEFAULT_DELTA = 0.01;
/** SALib's default number of Sobol' points skipped. */
export const FINITE_DIFF_DEFAULT_SKIP = 1024;

/** Options of `finiteDiffSample`; every one has SALib's default. */
export interface FiniteDiffSampleOptions {
  /** Relative step: input j of base point x moves to x_j (1 + delta), kept within the input's support. Default 0.01 (SALib's). */
  readonly delta?: number;
  /** Points of the (unscrambled) Sobol' sequence skipped before the first base point. Default 1024 (SALib's). */
  readonly skip?: number;
}

/** A finite-difference design: N base points, each followed by d one-input steps. */
export interface FiniteDiffSample {
  /** N (d + 1) rows, d columns: base point i at row i(d + 1), its step along input j at row i(d + 1) + 1 + j. */
  readonly X: Matrix;
  /** Number of base points N. */
  readonly n: number;
  /** The relative step used. */
  readonly delta: number;
  /** Sobol' points skipped before the first base point. */
  readonly skip: number;
}

/**
 * SALib's `finite_diff.sample`: N base points, points skip .. skip + N - 1 of the plain Sobol'
 * sequence mapped to the inputs `dists` (distributions, specs or bounds [low, high]), each followed by d points in which input j alone is
 * moved to x_j + delta x_j (a step relative to its value, as SALib's), clipped to the input's
 * support. Deterministic (SALib's seed is unused too). Pass the model's outputs at the rows of
 * X to `dgsmAnalyze(X, Y, { dists })`.
 *
 * @throws InvalidArgumentError for bad distributions, N, delta or skip
 */
export function finiteDiffSample(dists: readonly ScreeningInput[], N: number, opts?: FiniteDiffSampleOptions): FiniteDiffSample {
  const o = options<FiniteDiffSampleOptions>('options', opts);
  knownKeys('options', o, ['delta', 'skip']);
  const ds = screeningInputs(dists);
  const d = ds.length;
  if (d > SOBOL_MAX_DIM) throw new InvalidArgumentError({ field: 'dists', value: dists, expected: `at most ${SOBOL_MAX_DIM} inputs` });
  integer('N', N, 1, Math.floor(2 ** 30 / ((d + 1) * d)), 'the design has N (d + 1) rows of d values');
  const delta = o.delta === undefined ? FINITE_DIFF_DEFAULT_DELTA : o.delta;
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta === 0) throw new InvalidArgumentError({ field: 'options.delta', value: delta, expected: 'a finite non-zero number (the relative step)' });
  const skip = o.skip === undefined ? FINITE_DIFF_DEFAULT_SKIP : integer('options.skip', o.skip, 0, 2 ** 30 - N);
  const seq = new SobolSequence(d, { scramble: false, balance: 'ignore' });
  if (skip > 0) seq.skip(skip);
  const base = toPhysical(ds, seq.next(N)).data;
  const X = new Float64Array(N * (d + 1) * d);
  for (let i = 0; i < N; i++) {
    const b = base.subarray(i * d, (i + 1) * d);
    const r0 = i * (d + 1) * d;
    X.set(b, r0);
    for (let j = 0; j < d; j++) {
      const r = r0 + (1 + j) * d;
      X.set(b, r);
      const [lo, hi] = ds[j]!.support;
      X[r + j] = Math.max(Math.min(b[j]! + b[j]! * delta, hi), lo);
    }
  }
  return { X: matrix(X, N * (d + 1), d), n: N, delta, skip };
}

/** Options of `dgsmAnalyze`: the input distributions, and SALib's defaults for the rest. */
export interface DGSMAnalyzeOptions {
  /**
   * The input distributions, one per column of X: `dgsm` scales nu_i by (width of the
   * support)^2 / (pi^2 V), the Sobol'-Kucherenko bound for uniform inputs (SALib scales by its
   * bounds likewise); NaN for an unbounded input. Required.
   */
  readonly dists: readonly ScreeningInput[];
  /** Names of the inputs (default x1, x2, ...). */
  readonly names?: readonly string[];
  /** Bootstrap resamples of the base points for `dgsm_conf` (>= 2). Default 100 (SALib's). */
  readonly numResamples?: number;
  /** Confidence level of `dgsm_conf`, in (0, 1). Default 0.95. */
  readonly confLevel?: number;
  /** Seed of the bootstrap (integer 0..2^53-1 or bigint below 2^64). Default: a fresh one, reported. */
  readonly seed?: number | bigint;
  /** The base points of each resample (numResamples x N numbers in 0..N-1), instead of drawing them. */
  readonly resampleIndex?: Int32Array;
}

/** DGSM per input, with SALib's field names. */
export interface DGSMResult {
  /** Input names (x1, x2, ... unless given). */
  readonly names: readonly string[];
  /** nu_i: the mean of the squared finite-difference derivatives (df/dx_i)^2. */
  readonly vi: Float64Array;
  /** Their standard deviation (divisor N). */
  readonly vi_std: Float64Array;
  /** nu_i (b - a)^2 / (pi^2 V), V the variance (divisor N) of the base outputs: an upper bound of the total Sobol' index for uniform inputs. */
  readonly dgsm: Float64Array;
  /**
   * Half-width of the bootstrap confidence interval of nu_i (SALib's `dgsm_conf`, which,
   * computed as SALib does, is the interval of vi, not scaled like `dgsm`).
   */
  readonly dgsm_conf: Float64Array;
  /** Number of base points. */
  readonly n: number;
  /** The bootstrap behind `dgsm_conf`: resamples, confidence level, and the seed drawn from (undefined with `resampleIndex`). */
  readonly bootstrap: { readonly resamples: number; readonly confidence: number; readonly seed: bigint | undefined };
}

/**
 * DGSM from the outputs Y at the rows of a finite-difference design X (`finiteDiffSample` or
 * SALib's `finite_diff.sample`), as SALib's `dgsm.analyze`: for each base point and input the
 * derivative (y_step - y_base) / (x_step - x_base), and over the base points the mean `vi` and
 * standard deviation `vi_std` of its square, the scaled `dgsm` and the bootstrap `dgsm_conf`.
 *
 * @throws ShapeError when X, Y and dists disagree; NonFiniteOutputError for NaN or infinite outputs;
 *   InvalidArgumentError for a zero step (x_j = 0, or at the bound it was clipped to) or bad options
 */
export function dgsmAnalyze(X: Matrix, Y: ArrayLike<number>, opts: DGSMAnalyzeOptions): DGSMResult {
  const o = options<DGSMAnalyzeOptions>('options', opts);
  knownKeys('options', o, ['dists', 'names', 'numResamples', 'confLevel', 'seed', 'resampleIndex']);
  if (!X || !(X.data instanceof Float64Array) || !(X.cols >= 1) || X.data.length !== X.rows * X.cols) {
    throw new InvalidArgumentError({ field: 'X', value: X, expected: 'a Matrix (rows x cols Float64Array) of model inputs' });
  }
  const d = X.cols;
  if (!Array.isArray(o.dists) || o.dists.length !== d) throw new ShapeError({ field: 'options.dists', value: o.dists, expected: `one distribution per column of X (${d})` });
  const ds = screeningInputs(o.dists, 'options.dists');
  if (o.names !== undefined && (!Array.isArray(o.names) || o.names.length !== d)) throw new ShapeError({ field: 'options.names', value: o.names, expected: `one name per input (${d})` });
  if (X.rows % (d + 1) !== 0 || X.rows < 2 * (d + 1)) throw new ShapeError({ field: 'X', value: X.rows, expected: `rows making at least 2 whole groups of d + 1 = ${d + 1} (a base point and one step per input)` });
  const N = X.rows / (d + 1);
  const y = Y instanceof Float64Array ? Y : Float64Array.from(Y as ArrayLike<number>);
  if (y.length !== X.rows) throw new ShapeError({ field: 'Y', value: Y, expected: `one output per row of X (${X.rows})` });
  const bad: number[] = [];
  y.forEach((v, i) => { if (!Number.isFinite(v)) bad.push(i); });
  if (bad.length) throw new NonFiniteOutputError({ field: `Y[${bad[0]}]`, value: y[bad[0]!], expected: `finite outputs (${bad.length} NaN or infinite)` }, bad, 0);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) {
    const r = i * (d + 1);
    if (X.data[(r + 1 + j) * d + j] === X.data[r * d + j]) {
      throw new InvalidArgumentError({ field: `X[${r + 1 + j}][${j}]`, value: X.data[r * d + j], expected: `a step along input ${j} from base point ${i} (row ${r}): it equals the base value (x = 0 has no relative step; or it is at the bound it was clipped to)` });
    }
  }
  const R = o.numResamples === undefined ? 100 : integer('options.numResamples', o.numResamples, 2);
  const conf = o.confLevel === undefined ? 0.95 : o.confLevel;
  if (typeof conf !== 'number' || !(conf > 0 && conf < 1)) throw new InvalidArgumentError({ field: 'options.confLevel', value: conf, expected: 'a number strictly between 0 and 1' });
  const index = o.resampleIndex;
  if (index !== undefined && (!(index instanceof Int32Array) || index.length !== R * N)) {
    throw new ShapeError({ field: 'options.resampleIndex', value: index, expected: `an Int32Array of numResamples x N = ${R} x ${N} numbers` });
  }
  const seed = index !== undefined ? undefined : o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed);

  const g2 = finiteDiffKernel(X.data, y, N, d);
  const vi = new Float64Array(d), sd = new Float64Array(d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) vi[j] = vi[j]! + g2[i * d + j]!;
  for (let j = 0; j < d; j++) vi[j] = vi[j]! / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) sd[j] = sd[j]! + (g2[i * d + j]! - vi[j]!) ** 2;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]! / N);
  let m = 0;
  for (let i = 0; i < N; i++) m += y[i * (d + 1)]!;
  m /= N;
  let V = 0;
  for (let i = 0; i < N; i++) V += (y[i * (d + 1)]! - m) ** 2;
  V /= N;
  const dgsm = vi.map((v, j) => {
    const [lo, hi] = ds[j]!.support;
    return (v * (hi - lo) ** 2) / (V * Math.PI ** 2);
  });
  const z = ndtri(0.5 + conf / 2);
  const conf_ = bootstrapStdKernel(g2, N, d, R, seed ?? 0n, index).map((s) => z * s);
  return {
    names: o.names ? o.names.slice() : Array.from({ length: d }, (_, j) => `x${j + 1}`),
    vi, vi_std: sd, dgsm, dgsm_conf: conf_, n: N, bootstrap: { resamples: R, confidence: conf, seed },
  };
}
