// Fourier amplitude sensitivity tests, as SALib 1.5.2 defines them:
// - eFAST, the extended FAST of Saltelli, Tarantola & Chan (Technometrics 41, 1999): a search
//   curve per parameter that runs through it at a high frequency omega_0 and through the others
//   at low ones; the first-order index is the share of the output's spectrum at the harmonics
//   p omega_0 (p = 1..M), the total index one minus the share at frequencies below omega_0 / 2
//   (fastSample, fastAnalyze; SALib's fast_sampler.sample and fast.analyze).
// - RBD-FAST, the random balance design FAST of Tarantola, Gatelli & Mara (RESS 91, 2006) on
//   any sample, in Plischke's (RESS 95, 2010) form: outputs ordered along each input (its
//   values sorted, odd positions up and even positions back down), the first-order index is
//   the share of the first M harmonics in their periodogram, with the bias correction of
//   Tissot & Prieur (RESS 107, 2012) (rbdFastAnalyze; SALib's rbd_fast.analyze).
// Confidence half-widths are SALib's: z * std(ddof = 1) of the estimates on resamples of half
// the rows (with replacement), drawn from uqkit's generator or given by the caller.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { seedHalves } from '../core/validate.js';
import { matrix, type Matrix } from './matrix.js';
import {
  columnOf, orderOf, confOption, finiteOutputs, givenIndices, halfWidth, inputCount, intOption,
  powerSpectra, resampleSpectra, sampleShape, scaleToInputs, seedOption, type SalibInputs,
} from './salib-support.js';
import { core, type Core } from '../core/wasm.js';
import { forInputs } from './salib-parallel.js';
import { check } from '../core/status.js';

/** Options of {@link fastSample}. */
export interface FastSampleOptions {
  /** Interference factor: the number of harmonics analysed (SALib's M, default 4). N must exceed 4 M^2. */
  readonly M?: number;
  /** Seed of the random phase shifts (default: a fresh one, reported in the design). */
  readonly seed?: number | bigint;
  /** The phase shift of each parameter's curve, in radians (overrides the seed; to reproduce another tool's sample). */
  readonly phases?: readonly number[];
}

/** An eFAST sample: N rows per parameter, parameter i's curve in rows i N .. (i + 1) N - 1. */
export interface FastDesign {
  /** The sample, N * d rows by d columns (SALib's layout). */
  readonly X: Matrix;
  /** Points per curve. */
  readonly N: number;
  /** Interference factor. */
  readonly M: number;
  /** Frequencies: omega[0] for the curve's own parameter, omega[1..d-1] for the others in order. */
  readonly omega: readonly number[];
  /** Phase shift of each curve, in radians (2 pi u, u uniform on [0, 1)). */
  readonly phases: readonly number[];
  /** Seed the phases came from (undefined when given). */
  readonly seed: bigint | undefined;
}

/** SALib's frequencies for d parameters, N points, interference M. */
function frequencies(d: number, N: number, M: number): number[] {
  const omega = new Array<number>(d).fill(0);
  omega[0] = Math.floor((N - 1) / (2 * M));
  const m = Math.floor(omega[0]! / (2 * M));
  if (m >= d - 1) {
    // numpy.floor(numpy.linspace(1, m, d - 1))
    const num = d - 1;
    const step = num > 1 ? (m - 1) / (num - 1) : 0;
    for (let k = 0; k < num; k++) omega[1 + k] = Math.floor(k === num - 1 && num > 1 ? m : k * step + 1);
  } else {
    for (let k = 0; k < d - 1; k++) omega[1 + k] = (k % m) + 1;
  }
  return omega;
}

/**
 * eFAST's sample (SALib's `fast_sampler.sample(problem, N, M, seed)`): for each parameter i a
 * curve of N points x_j(s) = 1/2 + asin(sin(omega_j s + phi_i)) / pi, s = 2 pi k / N (computed
 * as the triangle wave it is, with omega_j k reduced mod N in integers), with
 * omega_0 = floor((N - 1) / (2M)) for parameter i and SALib's lower frequencies for the others,
 * mapped to the inputs' scales. N * d rows. Phases phi_i = 2 pi u_i, u_i uniform from `seed`.
 * @throws InvalidArgumentError when N <= 4 M^2 or an option is out of range.
 */
export function fastSample(inputs: SalibInputs, N: number, options: FastSampleOptions = {}): FastDesign {
  const d = inputCount('inputs', inputs);
  const M = intOption('M', options.M, 4, 1);
  if (typeof N !== 'number' || !Number.isSafeInteger(N) || N <= 4 * M * M) {
    throw new InvalidArgumentError({ field: 'N', value: N, expected: `an integer > 4 M^2 = ${4 * M * M} (M = ${M})` });
  }
  if (N * d * d > 2 ** 31) throw new InvalidArgumentError({ field: 'N', value: N, expected: `at most ${Math.floor(2 ** 31 / (d * d))} for ${d} parameters` });
  let phases: number[];
  let seed: bigint | undefined;
  if (options.phases !== undefined) {
    if (!Array.isArray(options.phases) || options.phases.length !== d || !options.phases.every((p) => typeof p === 'number' && Number.isFinite(p))) {
      throw new ShapeError({ field: 'phases', value: options.phases, expected: `${d} finite phase shifts (radians)` });
    }
    phases = options.phases.slice();
  } else {
    seed = seedOption(options.seed);
    const { exports: k, arena } = core();
    const [lo, hi] = seedHalves(seed);
    phases = arena.scope((a) => {
      const p = a.alloc(8 * d);
      check('randomUniform', k.randomUniform(d, lo, hi, 0, 0, p));
      return Array.from(a.f64(p, d), (u) => 2 * Math.PI * u);
    });
  }
  const omega = frequencies(d, N, M);
  const X = new Float64Array(N * d * d);
  // 1/2 + asin(sin(theta)) / pi is the triangle wave of t = theta / (2 pi) mod 1; with
  // theta = omega 2 pi k / N + phi, t = ((omega k) mod N) / N + phi / (2 pi) mod 1, the first
  // part exact in integers (so no error grows with omega k, and no sin or asin per value).
  const w = new Array<number>(d);
  // uniform bounds are applied as the values are made (the same v * (high - low) + low)
  const bounds = inputs.every((p) => Array.isArray(p));
  const lo = inputs.map((p) => (bounds ? (p as readonly number[])[0]! : 0));
  const width = inputs.map((p) => (bounds ? (p as readonly number[])[1]! - (p as readonly number[])[0]! : 1));
  if (bounds) scaleToInputs('inputs', inputs, new Float64Array(0));
  for (let i = 0; i < d; i++) {
    w[i] = omega[0]!;
    for (let j = 0, o = 1; j < d; j++) if (j !== i) w[j] = omega[o++]!;
    const phase = phases[i]! / (2 * Math.PI);
    const shift = phase - Math.floor(phase);
    for (let j = 0; j < d; j++) {
      const wj = w[j]!, lj = lo[j]!, sj = width[j]!;
      for (let k = 0, q = 0, p = i * N * d + j; k < N; k++, p += d) {
        let t = q / N + shift;
        if (t >= 1) t -= 1;
        const v = t < 0.25 ? 0.5 + 2 * t : t < 0.75 ? 1.5 - 2 * t : 2 * t - 1.5;
        X[p] = bounds ? v * sj + lj : v;
        q += wj;
        if (q >= N) q %= N;
      }
    }
  }
  if (!bounds) scaleToInputs('inputs', inputs, X);
  return { X: matrix(X, N * d, d), N, M, omega, phases, seed };
}

/** Options of {@link fastAnalyze}. */
export interface FastAnalyzeOptions {
  /** Interference factor used by the sampler (default 4). */
  readonly M?: number;
  /** Bootstrap resamples for the confidence half-widths (SALib's num_resamples, default 100; 0: none). */
  readonly resamples?: number;
  /** Confidence level of the half-widths (default 0.95). */
  readonly confLevel?: number;
  /** Seed of the resamples (default: a fresh one, reported in the result). */
  readonly seed?: number | bigint;
  /**
   * Resample indices to use instead of drawing them: for each parameter an Int32Array of
   * R rows of ceil(N / 2) indices into that parameter's N outputs (to reproduce another tool's
   * resampling). Overrides `resamples` and `seed`.
   */
  readonly resampleIndices?: readonly Int32Array[];
}

/** First- and total-order indices with their confidence half-widths (SALib's field names). */
export interface FastResult {
  /** First-order index of each parameter. */
  readonly S1: Float64Array;
  /** Total-order index of each parameter. */
  readonly ST: Float64Array;
  /** Half-width of the confidence interval of S1 (NaN without resamples). */
  readonly S1_conf: Float64Array;
  /** Half-width of the confidence interval of ST (NaN without resamples). */
  readonly ST_conf: Float64Array;
  /** Points per curve. */
  readonly N: number;
  /** Interference factor. */
  readonly M: number;
  /** The curve's own frequency omega_0. */
  readonly omega: number;
  /** Resamples behind the half-widths (per parameter). */
  readonly resamples: number;
  /** Confidence level of the half-widths. */
  readonly confLevel: number;
  /** Seed the resamples were drawn from (undefined when the indices were given). */
  readonly seed: bigint | undefined;
}

/**
 * S1 and ST from the spectrum of one curve's outputs (SALib's compute_orders): P = |DFT|^2 of
 * the N outputs, V = 2 sum_{k=1}^{ceil(N/2)-1} P_k / N^2, first order 2 sum_{p=1}^{M} P_{p w} / N^2 / V,
 * total 1 - 2 sum_{k=1}^{floor(w/2)} P_k / N^2 / V.
 */
function orders(P: Float64Array, off: number, N: number, M: number, w: number): [number, number] {
  // the common factor 2 / N^2 cancels
  let V = 0;
  const end = off + Math.ceil(N / 2);
  for (let k = off + 1; k < end; k++) V += P[k]!;
  let D1 = 0;
  for (let p = 1; p <= M; p++) D1 += P[off + p * w]!;
  let Dt = 0;
  const low = off + Math.floor(w / 2);
  for (let k = off + 1; k <= low; k++) Dt += P[k]!;
  return [D1 / V, 1 - Dt / V];
}

/** An empty ordering for the resamples of eFAST (mode 2: rows as drawn). */
const UNORDERED = { order: new Int32Array(0), ties: false };

/**
 * The half-widths of eFAST's S1 and ST on curve i (its N outputs) from R resamples of ceil(N/2)
 * outputs drawn from stream i of `seed`, or from the given rows.
 */
export function fastCurveConf(c: Core, curve: Float64Array, i: number, M: number, R: number, seed: bigint | undefined, given: Int32Array | undefined, confLevel: number): [number, number] {
  const N = curve.length, half = Math.ceil(N * 0.5);
  const wr = Math.floor((half - 1) / (2 * M));
  const count = given ? given.length / half : R;
  const e1 = new Float64Array(count), eT = new Float64Array(count);
  const Kr = (half >> 1) + 1;
  resampleSpectra(c, given ? { given } : { seed: seed!, stream: i, count }, half, curve, UNORDERED, curve, 2, (P, first, cnt) => {
    for (let r = 0; r < cnt; r++) [e1[first + r], eT[first + r]] = orders(P, r * Kr, half, M, wr);
  });
  return [halfWidth(e1, confLevel), halfWidth(eT, confLevel)];
}

/** What eFAST's resamples of a range of curves need (structured-clonable, for a worker thread). */
export interface FastPayload {
  readonly Y: Float64Array;
  readonly d: number;
  readonly M: number;
  readonly R: number;
  readonly seed: bigint | undefined;
  readonly given: readonly Int32Array[] | undefined;
  readonly confLevel: number;
}

/** The half-widths of S1 and ST of curves first..end-1 (2 per curve). */
export function fastInputs(c: Core, p: FastPayload, first: number, end: number): Float64Array {
  const N = p.Y.length / p.d;
  const out = new Float64Array(2 * (end - first));
  for (let i = first; i < end; i++) {
    [out[2 * (i - first)], out[2 * (i - first) + 1]] = fastCurveConf(c, p.Y.subarray(i * N, (i + 1) * N), i, p.M, p.R, p.seed, p.given?.[i], p.confLevel);
  }
  return out;
}

/**
 * eFAST's first- and total-order indices (SALib's `fast.analyze(problem, Y, M, num_resamples,
 * conf_level)`) from the outputs at a {@link fastSample} sample: Y has N * d values, curve by
 * curve. Confidence: SALib's resampling, ceil(N/2) of a curve's outputs drawn with replacement
 * and analysed as a curve of that length. In Node, large analyses share the curves' resamples
 * out over worker threads (UQKIT_THREADS); the numbers are the same for any number of threads.
 * @throws ShapeError when Y's length is not a multiple of d; InvalidArgumentError for a curve
 *   too short for M (N <= 4 M^2) or bad options; NonFiniteOutputError for NaN or infinite outputs.
 */
export function fastAnalyze(Y: Float64Array, dim: number, options: FastAnalyzeOptions = {}): FastResult {
  const d = intOption('dim', dim, 1, 1);
  finiteOutputs(Y);
  if (Y.length % d !== 0) throw new ShapeError({ field: 'Y', value: Y, expected: `a multiple of d = ${d} outputs (N per parameter)` });
  const N = Y.length / d;
  const M = intOption('M', options.M, 4, 1);
  if (N <= 4 * M * M) throw new InvalidArgumentError({ field: 'Y', value: Y.length, expected: `more than 4 M^2 = ${4 * M * M} outputs per parameter (M = ${M}), got ${N}` });
  const confLevel = confOption(options.confLevel);
  const given = options.resampleIndices;
  const half = Math.ceil(N * 0.5);
  if (given !== undefined && (!Array.isArray(given) || given.length !== d)) throw new ShapeError({ field: 'resampleIndices', value: given, expected: `one Int32Array per parameter (${d})` });
  const R = given ? 0 : intOption('resamples', options.resamples, 100, 0);
  const seed = given ? undefined : seedOption(options.seed);
  const w = Math.floor((N - 1) / (2 * M));
  const S1 = new Float64Array(d), ST = new Float64Array(d), S1c = new Float64Array(d), STc = new Float64Array(d);
  if (given) for (let i = 0; i < d; i++) givenIndices(`resampleIndices[${i}]`, given[i], N, half);
  const P = powerSpectra(Y, N, d);
  const K = (N >> 1) + 1;
  for (let i = 0; i < d; i++) [S1[i], ST[i]] = orders(P, i * K, N, M, w);
  const count = given ? given[0]!.length / half : R;
  const conf = forInputs(d, 2, 8 * d * count * half, 'fast', { Y, d, M, R, seed, given, confLevel } satisfies FastPayload,
    (c, first, end) => fastInputs(c, { Y, d, M, R, seed, given, confLevel }, first, end));
  for (let i = 0; i < d; i++) [S1c[i], STc[i]] = [conf[2 * i]!, conf[2 * i + 1]!];
  return { S1, ST, S1_conf: S1c, ST_conf: STc, N, M, omega: w, resamples: given ? given[0]!.length / half : R, confLevel, seed };
}

/** Options of {@link rbdFastAnalyze}. */
export interface RbdFastOptions {
  /** Harmonics summed (SALib's M, default 10). */
  readonly M?: number;
  /** Bootstrap resamples for S1_conf (default 100; 0: none). */
  readonly resamples?: number;
  /** Confidence level of S1_conf (default 0.95). */
  readonly confLevel?: number;
  /** Seed of the resamples (default: a fresh one, reported in the result). */
  readonly seed?: number | bigint;
  /**
   * Resample indices to use instead of drawing them: for each parameter an Int32Array of R rows
   * of floor(n / 2) row indices (to reproduce another tool's resampling). Overrides `resamples` and `seed`.
   */
  readonly resampleIndices?: readonly Int32Array[];
}

/** RBD-FAST first-order indices (SALib's field names). */
export interface RbdFastResult {
  /** Bias-corrected first-order index of each parameter. */
  readonly S1: Float64Array;
  /** Half-width of its confidence interval (NaN without resamples). */
  readonly S1_conf: Float64Array;
  /** Rows of the sample. */
  readonly n: number;
  /** Harmonics summed. */
  readonly M: number;
  /** Resamples behind S1_conf (per parameter). */
  readonly resamples: number;
  /** Confidence level of S1_conf. */
  readonly confLevel: number;
  /** Seed the resamples were drawn from (undefined when the indices were given). */
  readonly seed: bigint | undefined;
}

/**
 * Plischke's ordering of the rows along one input: its values sorted (stably), the rows at
 * even positions in increasing order, then those at odd positions in decreasing order. The
 * outputs in that order are detrended (their mean removed) into `out` at `off`.
 */
function ordered(order: Int32Array, o: number, n: number, Y: Float64Array, pick: (t: number) => number, out: Float64Array, off: number): void {
  let p = off;
  for (let t = 0; t < n; t += 2) out[p++] = Y[pick(order[o + t]!)]!;
  for (let t = n % 2 === 0 ? n - 1 : n - 2; t >= 1; t -= 2) out[p++] = Y[pick(order[o + t]!)]!;
  let mean = 0;
  for (let t = off; t < off + n; t++) mean += out[t]!;
  mean /= n;
  for (let t = off; t < off + n; t++) out[t] = out[t]! - mean;
}

/** S1 from a periodogram (scipy's one-sided density: doubled except at 0 and Nyquist) and the bias correction. */
function rbdIndex(P: Float64Array, off: number, n: number, M: number): number {
  const K = (n >> 1) + 1;
  let V = 0, D1 = 0;
  for (let k = 1; k < K; k++) {
    const p = (n % 2 === 0 && k === K - 1 ? 1 : 2) * P[off + k]! / n;
    V += p;
    if (k <= M) D1 += p;
  }
  const S1 = D1 / V;
  const lambda = (2 * M) / n;
  return S1 - (lambda / (1 - lambda)) * (1 - S1);
}

/**
 * RBD-FAST on input i (its column x): S1 and the half-width of its resample estimates
 * (R resamples of floor(n/2) rows from stream i of `seed`, or the given rows).
 */
export function rbdInput(c: Core, x: Float64Array, Y: Float64Array, i: number, M: number, R: number, seed: bigint | undefined, given: Int32Array | undefined, confLevel: number): [number, number] {
  const n = x.length, half = Math.floor(n * 0.5);
  const column = orderOf(x, c);
  const series = new Float64Array(n);
  ordered(column.order, 0, n, Y, (t) => t, series, 0);
  const S1 = rbdIndex(powerSpectra(series, n, 1, c), 0, n, M);
  const count = given ? given.length / half : R;
  if (count === 0 || half < 2) return [S1, NaN];
  const Kr = (half >> 1) + 1;
  const est = new Float64Array(count);
  resampleSpectra(c, given ? { given } : { seed: seed!, stream: i, count }, half, x, column, Y, 1, (P, first, cnt) => {
    for (let r = 0; r < cnt; r++) est[first + r] = rbdIndex(P, r * Kr, half, M);
  });
  return [S1, halfWidth(est, confLevel)];
}

/** What RBD-FAST needs for a range of inputs (structured-clonable, for a worker thread). */
export interface RbdPayload {
  readonly X: Matrix;
  readonly Y: Float64Array;
  readonly M: number;
  readonly R: number;
  readonly seed: bigint | undefined;
  readonly given: readonly Int32Array[] | undefined;
  readonly confLevel: number;
}

/** S1 and its half-width of inputs first..end-1 (2 per input). */
export function rbdInputs(c: Core, p: RbdPayload, first: number, end: number): Float64Array {
  const out = new Float64Array(2 * (end - first));
  for (let i = first; i < end; i++) {
    [out[2 * (i - first)], out[2 * (i - first) + 1]] = rbdInput(c, columnOf(p.X, i), p.Y, i, p.M, p.R, p.seed, p.given?.[i], p.confLevel);
  }
  return out;
}

/**
 * RBD-FAST first-order indices of any sample X with outputs Y (SALib's `rbd_fast.analyze(problem,
 * X, Y, M, num_resamples, conf_level)`): for each input the outputs are put in Plischke's order
 * along it, S1 = sum of the first M harmonics of their periodogram / all but the mean, then
 * S1 - lambda / (1 - lambda) (1 - S1), lambda = 2M / n. S1_conf: SALib's bootstrap on
 * floor(n / 2) rows drawn with replacement. In Node, large analyses share the inputs out over
 * worker threads (UQKIT_THREADS); the numbers are the same for any number of threads.
 * @throws ShapeError / InvalidArgumentError when X and Y do not match or n <= 2M;
 *   NonFiniteOutputError for NaN or infinite outputs.
 */
export function rbdFastAnalyze(X: Matrix, Y: Float64Array, options: RbdFastOptions = {}): RbdFastResult {
  const M = intOption('M', options.M, 10, 1);
  const { n, d } = sampleShape(X, Y, 2 * M + 2, `RBD-FAST with M = ${M} (more than 2 M + 1)`);
  const confLevel = confOption(options.confLevel);
  const given = options.resampleIndices;
  if (given !== undefined && (!Array.isArray(given) || given.length !== d)) throw new ShapeError({ field: 'resampleIndices', value: given, expected: `one Int32Array per parameter (${d})` });
  const R = given ? 0 : intOption('resamples', options.resamples, 100, 0);
  const seed = given ? undefined : seedOption(options.seed);
  const half = Math.floor(n * 0.5);
  const S1 = new Float64Array(d), S1c = new Float64Array(d);
  if (given) for (let i = 0; i < d; i++) givenIndices(`resampleIndices[${i}]`, given[i], n, half);
  const count = given ? given[0]!.length / half : R;
  const payload: RbdPayload = { X: { rows: X.rows, cols: X.cols, data: X.data } as Matrix, Y, M, R, seed, given, confLevel };
  const res = forInputs(d, 2, 12 * d * (n + count * half), 'rbd', payload, (c, first, end) => rbdInputs(c, payload, first, end));
  for (let i = 0; i < d; i++) [S1[i], S1c[i]] = [res[2 * i]!, res[2 * i + 1]!];
  return { S1, S1_conf: S1c, n, M, resamples: given ? given[0]!.length / half : R, confLevel, seed };
}
