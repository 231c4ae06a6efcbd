// Gaussian-process regression (kriging): a stationary correlation kernel (squared
// exponential, Matern 3/2 or 5/2) with one length-scale per input, a process variance, a
// nugget, and a trend (zero, constant or linear) fitted by generalised least squares
// (universal kriging). Hyperparameters by maximising the log marginal likelihood with the
// variance profiled out, over log length-scales (and the log nugget) by a bounded
// quasi-Newton method from several seeded starts. Predictions carry the universal-kriging
// variance (the trend's uncertainty included); leave-one-out residuals come in closed form
// (Dubrule 1983). References: Rasmussen & Williams, Gaussian Processes for Machine Learning
// (2006), ch. 2, 4, 5; Santner, Williams & Notz, The Design and Analysis of Computer
// Experiments (2003), ch. 3; Dubrule, Math. Geology 15 (1983) 687-699.
import { checkMemory } from '../core/budget.js';
import { InvalidArgumentError, ShapeError, type ResourceLimitError } from '../core/errors.js';
import { check } from '../core/status.js';
import { integer, knownKeys, oneOf, options as optionsObject, seed as seedOf } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { gpFactors, KERNEL_CODES, type GPData, type GPFactors } from './gp-likelihood.js';
import { matrix, outputMatrix, type Matrix } from './matrix.js';
import { minimizeBox } from './minimize.js';
import { uniformRows } from './random.js';

/** Correlation kernel of a {@link GaussianProcess}: 'squared-exponential', 'matern32' (Matern 3/2) or 'matern52' (Matern 5/2). */
export type GPKernel = 'squared-exponential' | 'matern32' | 'matern52';
/** Trend of a {@link GaussianProcess}: 'zero' (simple kriging), 'constant' (ordinary) or 'linear' in the inputs (universal). */
export type GPTrend = 'zero' | 'constant' | 'linear';

/** Every {@link GPKernel}. */
export const GP_KERNELS: readonly GPKernel[] = ['squared-exponential', 'matern32', 'matern52'];
/** Every {@link GPTrend}. */
export const GP_TRENDS: readonly GPTrend[] = ['zero', 'constant', 'linear'];

/**
 * Options of {@link fitGP}. Inputs are scaled to the unit cube internally, by `bounds`
 * (default: the smallest and largest training value of each input): length-scales are in
 * those scaled units (a length-scale of 1 spans the range of the input).
 */
export interface GPOptions {
  /** Correlation kernel. Default 'matern52'. */
  readonly kernel?: GPKernel;
  /** Trend. Default 'constant'. */
  readonly trend?: GPTrend;
  /**
   * Nugget eta, relative to the process variance (the covariance is sigma^2 (R + eta I)): a
   * number fixes it (0 interpolates the data exactly), 'fit' estimates it in
   * `nuggetBounds`. Default 1e-10 (a jitter that keeps R numerically positive definite).
   */
  readonly nugget?: number | 'fit';
  /** Fixed length-scales (scaled units), one per input. Default: estimated. */
  readonly lengthScales?: readonly number[];
  /** Fixed process variance sigma^2, one per output column (or one number for all). Default: the maximum-likelihood value. */
  readonly variance?: number | readonly number[];
  /** Input ranges [low, high] used to scale each input to [0, 1]. Default: the training data's ranges. */
  readonly bounds?: readonly (readonly [number, number])[];
  /** Search range of the length-scales (scaled units). Default [1e-3, 1e2]. */
  readonly lengthScaleBounds?: readonly [number, number];
  /** Search range of a fitted nugget. Default [1e-12, 1]. */
  readonly nuggetBounds?: readonly [number, number];
  /** Starts of the optimiser: the first at length-scales 0.5 (nugget 1e-6), the others seeded uniform in log space. Default 5. */
  readonly starts?: number;
  /** Seed of the starts. Default 0. */
  readonly seed?: number | bigint;
}

/** What {@link GaussianProcess.predict} returns: rows = points, columns = output columns. */
export interface GPPrediction {
  /** Predictive mean. */
  readonly mean: Matrix;
  /** Predictive variance of the latent function (the nugget excluded), when asked for. */
  readonly variance?: Matrix;
}

/** Closed-form leave-one-out results ({@link GaussianProcess.loo}), rows = training points. */
export interface GPLeaveOneOut {
  /** y_i minus the prediction of the model fitted without point i (same hyperparameters, trend re-estimated). */
  readonly residuals: Matrix;
  /** The predictive variance at point i of that model, the nugget included. */
  readonly variance: Matrix;
  /** Mean squared residual over the population variance of the outputs, per output column. */
  readonly error: Float64Array;
}

/** JSON form of a Gaussian process ({@link GaussianProcess.toJSON}, {@link GaussianProcess.fromJSON}). */
export interface GaussianProcessJSON {
  /** Marks the object as a uqkit Gaussian process. */
  readonly format: 'uqkit.gp';
  /** The version of this format. */
  readonly version: 1;
  /** The kernel. */
  readonly kernel: GPKernel;
  /** The trend. */
  readonly trend: GPTrend;
  /** Input ranges used for scaling. */
  readonly bounds: readonly (readonly [number, number])[];
  /** Length-scales in scaled units. */
  readonly lengthScales: readonly number[];
  /** Nugget relative to the variance. */
  readonly nugget: number;
  /** Process variance per output column. */
  readonly variance: readonly number[];
  /** Training inputs, one row per point (original units). */
  readonly X: readonly (readonly number[])[];
  /** Training outputs, one row per point, one value per output column. */
  readonly Y: readonly (readonly number[])[];
}

/** Hyperparameters at which to evaluate {@link gpLogLikelihood}. */
export interface GPHyperparameters {
  /** Length-scales in scaled units, one per input. */
  readonly lengthScales: readonly number[];
  /** Nugget relative to the variance. Default 0. */
  readonly nugget?: number;
  /** Fixed variance per output column (or one for all). Default: profiled (maximum likelihood). */
  readonly variance?: number | readonly number[];
}

const DEFAULT_NUGGET = 1e-10;

interface Prepared {
  readonly data: GPData;
  readonly bounds: [number, number][];
  readonly X: Matrix;
  readonly Y: Matrix;
}

function basisRow(trend: GPTrend, u: ArrayLike<number>, d: number, out: Float64Array, at: number): void {
  if (trend === 'zero') return;
  out[at] = 1;
  if (trend === 'linear') for (let k = 0; k < d; k++) out[at + 1 + k] = u[k]!;
}
const trendSize = (trend: GPTrend, d: number): number => (trend === 'zero' ? 0 : trend === 'constant' ? 1 : d + 1);

function prepare(X: Matrix, Yin: Float64Array | Matrix, kernel: GPKernel, trend: GPTrend, boundsIn: readonly (readonly [number, number])[] | undefined): Prepared {
  if (!X || !(X.data instanceof Float64Array) || !(X.cols >= 1) || X.data.length !== X.rows * X.cols) throw new ShapeError({ field: 'X', value: X, expected: 'a Matrix of training points, one row per point' });
  const n = X.rows, d = X.cols;
  if (n < 2) throw new InvalidArgumentError({ field: 'X', value: n, expected: 'at least 2 training points' });
  for (let i = 0; i < X.data.length; i++) if (!Number.isFinite(X.data[i]!)) throw new InvalidArgumentError({ field: `X[${Math.floor(i / d)}]`, value: X.data[i], expected: 'finite inputs' });
  const Y = outputMatrix('Y', Yin, n);
  let bounds: [number, number][];
  if (boundsIn === undefined) {
    bounds = Array.from({ length: d }, (_, k) => {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) { lo = Math.min(lo, X.data[i * d + k]!); hi = Math.max(hi, X.data[i * d + k]!); }
      return [lo, hi];
    });
  } else {
    if (!Array.isArray(boundsIn) || boundsIn.length !== d) throw new InvalidArgumentError({ field: 'options.bounds', value: boundsIn, expected: `${d} ranges [low, high], one per input` });
    bounds = boundsIn.map((b, k) => {
      if (!Array.isArray(b) || b.length !== 2 || !Number.isFinite(b[0]) || !Number.isFinite(b[1])) throw new InvalidArgumentError({ field: `options.bounds[${k}]`, value: b, expected: 'a range [low, high] of finite numbers' });
      return [b[0], b[1]];
    });
  }
  bounds.forEach(([lo, hi], k) => {
    if (!(hi > lo)) throw new InvalidArgumentError({ field: boundsIn ? `options.bounds[${k}]` : `X (column ${k})`, value: boundsIn ? [lo, hi] : lo, expected: boundsIn ? 'low < high' : 'an input that varies between the training points', ...(boundsIn ? {} : { hint: 'drop constant inputs or pass options.bounds' }) });
  });
  // The correlation matrix, its factor, inverse factor and the gradient's weights in
  // WebAssembly memory (4 n x n), two n x n factors kept in JavaScript.
  checkMemory('X', n, 8 * (4 * n * n + n * (d + Y.cols)), `a Gaussian process of ${n} training points`, 'wasm', 'use fewer training points');
  checkMemory('X', n, 8 * (2 * n * n + 4 * n * Y.cols), `a Gaussian process of ${n} training points`);
  const p = trendSize(trend, d);
  if (n < p) throw new InvalidArgumentError({ field: 'X', value: n, expected: `at least ${p} training points for a ${trend} trend in ${d} inputs` });
  const U = scale(X.data, n, d, bounds);
  const F = new Float64Array(n * p);
  for (let i = 0; i < n; i++) basisRow(trend, U.subarray(i * d, (i + 1) * d), d, F, i * p);
  return { data: { n, d, q: Y.cols, X: U, Y: Y.data, F, p, kind: KERNEL_CODES[kernel] }, bounds, X, Y };
}

function scale(data: Float64Array, n: number, d: number, bounds: readonly (readonly [number, number])[]): Float64Array {
  const U = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) {
    const [lo, hi] = bounds[k]!;
    U[i * d + k] = (data[i * d + k]! - lo) / (hi - lo);
  }
  return U;
}

function range(field: string, v: unknown, dflt: readonly [number, number]): [number, number] {
  if (v === undefined) return [dflt[0], dflt[1]];
  if (!Array.isArray(v) || v.length !== 2 || !(v[0] > 0) || !(v[1] >= v[0]) || !Number.isFinite(v[1])) throw new InvalidArgumentError({ field, value: v, expected: 'a range [low, high] with 0 < low <= high' });
  return [v[0], v[1]];
}

function variances(field: string, v: unknown, q: number): Float64Array | undefined {
  if (v === undefined) return undefined;
  const xs = typeof v === 'number' ? new Array<number>(q).fill(v) : v;
  if (!Array.isArray(xs) || xs.length !== q || xs.some((x) => typeof x !== 'number' || !(x > 0) || !Number.isFinite(x))) throw new InvalidArgumentError({ field, value: v, expected: `a positive variance, or ${q} (one per output column)` });
  return Float64Array.from(xs);
}

function lengthScalesOf(field: string, v: unknown, d: number): Float64Array {
  if (!Array.isArray(v) || v.length !== d || v.some((x) => typeof x !== 'number' || !(x > 0) || !Number.isFinite(x))) throw new InvalidArgumentError({ field, value: v, expected: `${d} positive length-scales (scaled units), one per input` });
  return Float64Array.from(v as number[]);
}

/**
 * The log marginal likelihood of a Gaussian process on the data (X, Y) at given
 * hyperparameters, and its gradient with respect to the log length-scales and the log
 * nugget (the last entry). With `variance` undefined the variance is profiled out (its
 * maximum-likelihood value); the trend is always at its generalised least squares value.
 * Options as {@link fitGP} (kernel, trend, bounds); undefined when the correlation matrix is
 * not positive definite to working precision.
 *
 * @throws {@link InvalidArgumentError} / {@link ShapeError} for bad data or options
 */
export function gpLogLikelihood(X: Matrix, Y: Float64Array | Matrix, hyper: GPHyperparameters, opts: Pick<GPOptions, 'kernel' | 'trend' | 'bounds'> = {}): { logLikelihood: number; gradient: Float64Array } | undefined {
  const o = optionsObject<GPOptions>('options', opts);
  const kernel = oneOf('options.kernel', o.kernel ?? 'matern52', GP_KERNELS), trend = oneOf('options.trend', o.trend ?? 'constant', GP_TRENDS);
  const prep = prepare(X, Y, kernel, trend, o.bounds);
  const ls = lengthScalesOf('hyper.lengthScales', hyper.lengthScales, prep.data.d);
  const eta = hyper.nugget ?? 0;
  if (typeof eta !== 'number' || !(eta >= 0)) throw new InvalidArgumentError({ field: 'hyper.nugget', value: eta, expected: 'a nugget >= 0' });
  const f = gpFactors(prep.data, ls, eta, variances('hyper.variance', hyper.variance, prep.data.q));
  return f && { logLikelihood: f.logLikelihood, gradient: f.gradient! };
}

/**
 * Fits a Gaussian process to the training points X (one row per point) and outputs Y (a
 * Float64Array, or a Matrix of several output columns): the hyperparameters not fixed by the
 * options are estimated by maximum likelihood (the variance profiled out, length-scales and
 * a fitted nugget by bounded L-BFGS over their logarithms from `starts` seeded starts, the
 * best kept). Several output columns share the length-scales and nugget (one factorisation
 * serves them all: their likelihoods are summed) and have their own variance and trend.
 *
 * @throws {@link InvalidArgumentError} for bad options, non-finite data, constant inputs,
 *   too few points, or when no start gives a positive definite correlation matrix
 * @throws {@link ShapeError} when X or Y have the wrong shape
 * @throws {@link ResourceLimitError} when the n x n matrices of n training points exceed the memory budget
 */
export function fitGP(X: Matrix, Y: Float64Array | Matrix, opts: GPOptions = {}): GaussianProcess {
  const o = optionsObject<GPOptions>('options', opts);
  knownKeys('options', o, ['kernel', 'trend', 'nugget', 'lengthScales', 'variance', 'bounds', 'lengthScaleBounds', 'nuggetBounds', 'starts', 'seed']);
  const kernel = oneOf('options.kernel', o.kernel ?? 'matern52', GP_KERNELS), trend = oneOf('options.trend', o.trend ?? 'constant', GP_TRENDS);
  const prep = prepare(X, Y, kernel, trend, o.bounds);
  const { d, q } = prep.data;
  const fitNugget = o.nugget === 'fit';
  const nugget = o.nugget === undefined ? DEFAULT_NUGGET : o.nugget;
  if (!fitNugget && (typeof nugget !== 'number' || !(nugget >= 0) || !Number.isFinite(nugget))) throw new InvalidArgumentError({ field: 'options.nugget', value: o.nugget, expected: "a nugget >= 0 (relative to the variance) or 'fit'" });
  const variance = variances('options.variance', o.variance, q);
  const lsBounds = range('options.lengthScaleBounds', o.lengthScaleBounds, [1e-3, 1e2]);
  const nBounds = range('options.nuggetBounds', o.nuggetBounds, [1e-12, 1]);
  const starts = integer('options.starts', o.starts ?? 5, 1, 1000);
  const seed = seedOf('options.seed', o.seed ?? 0);
  const fixedLs = o.lengthScales === undefined ? undefined : lengthScalesOf('options.lengthScales', o.lengthScales, d);

  let ls: Float64Array, eta: number;
  if (fixedLs && !fitNugget) {
    ls = fixedLs;
    eta = nugget as number;
  } else {
    // Free parameters: log length-scales (unless fixed), then log nugget (when fitted).
    const nl = fixedLs ? 0 : d, m = nl + (fitNugget ? 1 : 0);
    const lower = new Float64Array(m), upper = new Float64Array(m);
    for (let k = 0; k < nl; k++) { lower[k] = Math.log(lsBounds[0]); upper[k] = Math.log(lsBounds[1]); }
    if (fitNugget) { lower[m - 1] = Math.log(nBounds[0]); upper[m - 1] = Math.log(nBounds[1]); }
    const unpack = (z: ArrayLike<number>): [Float64Array, number] => [
      fixedLs ?? Float64Array.from({ length: d }, (_, k) => Math.exp(z[k]!)),
      fitNugget ? Math.exp(z[m - 1]!) : (nugget as number),
    ];
    const objective = (z: Float64Array): { f: number; g: Float64Array } | undefined => {
      const [l, e] = unpack(z);
      const f = gpFactors(prep.data, l, e, variance);
      if (!f) return undefined;
      const g = new Float64Array(m);
      for (let k = 0; k < nl; k++) g[k] = -f.gradient![k]!;
      if (fitNugget) g[m - 1] = -f.gradient![d]!;
      return { f: -f.logLikelihood, g };
    };
    const u = uniformRows(m, seed, 0, starts);
    // Random starts in a central part of the box (length-scales 0.02..5, clipped to the bounds).
    const lo = (k: number): number => (k < nl ? Math.max(lower[k]!, Math.log(0.02)) : lower[k]!);
    const hi = (k: number): number => (k < nl ? Math.min(upper[k]!, Math.log(5)) : upper[k]!);
    let best: { x: Float64Array; f: number } | undefined;
    for (let s = 0; s < starts; s++) {
      const z0 = Float64Array.from({ length: m }, (_, k) => (s === 0
        ? (k < nl ? Math.log(0.5) : Math.log(1e-6))
        : lo(k) + (hi(k) - lo(k)) * u.data[s * m + k]!));
      const r = minimizeBox(objective, z0, lower, upper);
      if (r && (!best || r.f < best.f)) best = { x: r.x, f: r.f };
    }
    if (!best) throw new InvalidArgumentError({ field: 'X', value: prep.data.n, expected: 'training points whose correlation matrix is positive definite at some start of the optimiser', hint: "remove duplicate points or use nugget: 'fit'" });
    [ls, eta] = unpack(best.x);
  }
  const f = gpFactors(prep.data, ls, eta, variance, false);
  if (!f) throw new InvalidArgumentError({ field: 'options', value: { lengthScales: Array.from(ls), nugget: eta }, expected: 'hyperparameters at which the correlation matrix of the training points is positive definite', hint: 'use a nugget > 0, shorter length-scales, or remove duplicate points' });
  return new GaussianProcess(kernel, trend, prep, ls, eta, f);
}

/**
 * -2 dk/d(r^2) of the kernel of code `kind` (0 squared exponential, 1 Matern 3/2, 2 Matern 5/2)
 * at squared scaled distance r2, from its correlation k there: exp(-r^2/2) = k; 3 e^{-t} =
 * 3 k / (1 + t), t = sqrt(3 r^2); (5/3)(1 + t) e^{-t} = (5/3)(1 + t) k / (1 + t + t^2/3), t = sqrt(5 r^2).
 */
function slope(kind: number, r2: number, k: number): number {
  if (kind === 0) return k;
  if (kind === 1) return (3 * k) / (1 + Math.sqrt(3 * r2));
  const t = Math.sqrt(5 * r2);
  return ((5 / 3) * (1 + t) * k) / (1 + t + (t * t) / 3);
}

/** Points per block of a prediction (bounds the cross-correlation matrix in WebAssembly memory). */
const PREDICT_BLOCK = 4096;

/**
 * A fitted Gaussian process ({@link fitGP}): predictions with universal-kriging variances,
 * closed-form leave-one-out residuals, the log likelihood and the hyperparameters, and a JSON
 * form that rebuilds it.
 */
export class GaussianProcess {
  /** The correlation kernel. */
  readonly kernel: GPKernel;
  /** The trend. */
  readonly trend: GPTrend;
  /** Input ranges used to scale each input to [0, 1]. */
  readonly bounds: readonly (readonly [number, number])[];
  /** Length-scales in scaled units (multiply by high - low for the input's own units). */
  readonly lengthScales: Float64Array;
  /** Nugget, relative to the process variance. */
  readonly nugget: number;
  /** Process variance sigma^2 per output column. */
  readonly variance: Float64Array;
  /** Trend coefficients per output column (rows: 1, then the scaled inputs for a linear trend; p x q row-major). */
  readonly beta: Matrix;
  /** Log marginal likelihood of the training data (summed over output columns). */
  readonly logLikelihood: number;
  /** Training inputs (original units). */
  readonly X: Matrix;
  /** Training outputs. */
  readonly Y: Matrix;
  readonly #data: GPData;
  readonly #f: GPFactors;

  /** @internal Use {@link fitGP} or {@link GaussianProcess.fromJSON}. */
  constructor(kernel: GPKernel, trend: GPTrend, prep: Prepared, ls: Float64Array, eta: number, f: GPFactors) {
    this.kernel = kernel;
    this.trend = trend;
    this.bounds = prep.bounds;
    this.lengthScales = ls;
    this.nugget = eta;
    this.variance = f.variance;
    this.beta = matrix(f.beta, prep.data.p, prep.data.q);
    this.logLikelihood = f.logLikelihood;
    this.X = prep.X;
    this.Y = prep.Y;
    this.#data = prep.data;
    this.#f = f;
  }

  /** Number of inputs. */
  get dim(): number {
    return this.#data.d;
  }

  /** Number of output columns. */
  get outputs(): number {
    return this.#data.q;
  }

  /**
   * The predictive mean (and, with `{ variance: true }`, the variance of the latent
   * function: sigma^2 (1 - r^T R^{-1} r + u^T (F^T R^{-1} F)^{-1} u), u = F^T R^{-1} r - f,
   * the trend's uncertainty included) at the points X (one row per point, original units).
   *
   * @throws {@link ShapeError} when X does not have one column per input
   */
  predict(X: Matrix, opts: { readonly variance?: boolean } = {}): GPPrediction {
    const { n, d, q, p } = this.#data;
    if (!X || !(X.data instanceof Float64Array) || X.cols !== d || X.data.length !== X.rows * d) throw new ShapeError({ field: 'X', value: X, expected: `a Matrix with ${d} columns (one per input)` });
    const wantVar = opts.variance === true;
    const m = X.rows;
    const mean = new Float64Array(m * q), vari = wantVar ? new Float64Array(m * q) : undefined;
    const U = scale(X.data, m, d, this.bounds);
    const { Lt, G, Ainv, beta, alpha, variance } = this.#f;
    const { exports: w, arena } = core();
    const fx = new Float64Array(p), u = new Float64Array(p);
    for (let j0 = 0; j0 < m; j0 += PREDICT_BLOCK) {
      const b = Math.min(PREDICT_BLOCK, m - j0);
      arena.scope((a) => {
        const xp = a.copyIn(this.#data.X), tp = a.copyIn(U.subarray(j0 * d, (j0 + b) * d)), sp = a.alloc(8 * d), rp = a.alloc(8 * n * b);
        const sv = a.f64(sp, d);
        for (let k = 0; k < d; k++) sv[k] = 1 / this.lengthScales[k]!;
        check('gpCorrelation', w.gpCorrelation(n, b, d, xp, tp, sp, this.#data.kind, rp));
        let S: Float64Array | undefined;
        if (wantVar) {
          // V = X r (X = U^{-T}, whitening): r^T R^{-1} r = |V|^2, F^T R^{-1} r = G^T V.
          const ip = a.copyIn(Lt), op = a.alloc(8 * n * b);
          check('gemmTN', w.gemmTN(n, n, ip, n, b, rp, n, op, n, 1));
          S = a.f64(op, n * b);
        }
        const r = a.f64(rp, n * b);
        for (let t = 0; t < b; t++) {
          const j = j0 + t, rt = t * n;
          basisRow(this.trend, U.subarray(j * d, (j + 1) * d), d, fx, 0);
          for (let c = 0; c < q; c++) {
            let s = 0;
            for (let k = 0; k < p; k++) s += fx[k]! * beta[k * q + c]!;
            for (let i = 0; i < n; i++) s += r[rt + i]! * alpha[c * n + i]!;
            mean[j * q + c] = s;
          }
          if (S && vari) {
            let rr = 0;
            for (let i = 0; i < n; i++) rr += S[rt + i]! * S[rt + i]!;
            for (let k = 0; k < p; k++) {
              let s = -fx[k]!;
              for (let i = 0; i < n; i++) s += G[k * n + i]! * S[rt + i]!;
              u[k] = s;
            }
            let uu = 0;
            for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) uu += u[k]! * Ainv[k * p + l]! * u[l]!;
            const v = Math.max(0, 1 - rr + uu);
            for (let c = 0; c < q; c++) vari[j * q + c] = variance[c]! * v;
          }
        }
      });
    }
    return { mean: matrix(mean, m, q), ...(vari ? { variance: matrix(vari, m, q) } : {}) };
  }

  /**
   * The gradient of the predictive mean at the points X (one row per point, original units),
   * analytic: the trend's and the kernel's derivatives (d k / d u_k = -g (u_k - a_k) s_k^2 in
   * scaled units u, with s_k = 1 / length-scale k and g = -2 dk/d(r^2), then divided by
   * high - low of input k). g is formed from the correlation the WebAssembly kernel computes
   * (no exponential in JavaScript, so the bits are the same in every engine). Returns an
   * m x (outputs d) Matrix, element (i, o d + k) the derivative of output column o in input k
   * at point i. Matern 3/2 is differentiable once: its mean's gradient exists and is continuous.
   *
   * @throws {@link ShapeError} when X does not have one column per input
   */
  gradient(X: Matrix): Matrix {
    const { n, d, q } = this.#data;
    if (!X || !(X.data instanceof Float64Array) || X.cols !== d || X.data.length !== X.rows * d) throw new ShapeError({ field: 'X', value: X, expected: `a Matrix with ${d} columns (one per input)` });
    const m = X.rows, U = scale(X.data, m, d, this.bounds), T = this.#data.X;
    const { beta, alpha } = this.#f;
    const s = Float64Array.from(this.lengthScales, (l) => 1 / l);
    const kind = this.#data.kind;
    const { exports: w, arena } = core();
    const out = new Float64Array(m * q * d), g = new Float64Array(q * d), z = new Float64Array(d);
    for (let j0 = 0; j0 < m; j0 += PREDICT_BLOCK) {
      const b = Math.min(PREDICT_BLOCK, m - j0);
      arena.scope((a) => {
        const xp = a.copyIn(T), tp = a.copyIn(U.subarray(j0 * d, (j0 + b) * d)), sp = a.copyIn(s), rp = a.alloc(8 * n * b);
        check('gpCorrelation', w.gpCorrelation(n, b, d, xp, tp, sp, kind, rp));
        const r = a.f64(rp, n * b);
        for (let t = 0; t < b; t++) {
          const j = j0 + t;
          g.fill(0);
          for (let i = 0; i < n; i++) {
            let r2 = 0;
            for (let k = 0; k < d; k++) { z[k] = U[j * d + k]! - T[i * d + k]!; const e = z[k]! * s[k]!; r2 += e * e; }
            const c = -slope(kind, r2, r[t * n + i]!);
            for (let o = 0; o < q; o++) {
              const ca = c * alpha[o * n + i]!;
              for (let k = 0; k < d; k++) g[o * d + k]! += ca * z[k]! * s[k]! * s[k]!;
            }
          }
          if (this.trend === 'linear') for (let o = 0; o < q; o++) for (let k = 0; k < d; k++) g[o * d + k]! += beta[(1 + k) * q + o]!;
          for (let o = 0; o < q; o++) for (let k = 0; k < d; k++) out[j * q * d + o * d + k] = g[o * d + k]! / (this.bounds[k]![1] - this.bounds[k]![0]);
        }
      });
    }
    return matrix(out, m, q * d);
  }

  /**
   * Leave-one-out residuals in closed form (Dubrule 1983): with P = R^{-1} - R^{-1} F
   * (F^T R^{-1} F)^{-1} F^T R^{-1}, the residual of point i is [P y]_i / P_ii and its
   * predictive variance sigma^2 / P_ii, equal to refitting without point i with the same
   * hyperparameters (length-scales, nugget, variance) and the trend re-estimated.
   */
  loo(): GPLeaveOneOut {
    const { n, q, p } = this.#data;
    const { Linv, RiF, Ainv, alpha, variance } = this.#f;
    const res = new Float64Array(n * q), vari = new Float64Array(n * q), error = new Float64Array(q);
    for (let i = 0; i < n; i++) {
      let pii = 0;
      for (let r = i; r < n; r++) pii += Linv[i * n + r]! ** 2;
      for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) pii -= RiF[k * n + i]! * Ainv[k * p + l]! * RiF[l * n + i]!;
      for (let c = 0; c < q; c++) {
        res[i * q + c] = alpha[c * n + i]! / pii;
        vari[i * q + c] = variance[c]! / pii;
      }
    }
    const Y = this.Y.data;
    for (let c = 0; c < q; c++) {
      let mean = 0, ss = 0, e2 = 0;
      for (let i = 0; i < n; i++) mean += Y[i * q + c]! / n;
      for (let i = 0; i < n; i++) { ss += (Y[i * q + c]! - mean) ** 2; e2 += res[i * q + c]! ** 2; }
      error[c] = ss > 0 ? e2 / ss : e2 === 0 ? 0 : Infinity;
    }
    return { residuals: matrix(res, n, q), variance: matrix(vari, n, q), error };
  }

  /** The JSON form: the training data and hyperparameters (fromJSON refactors the correlation matrix; nothing is estimated again). */
  toJSON(): GaussianProcessJSON {
    const { n, d, q } = this.#data;
    return {
      format: 'uqkit.gp',
      version: 1,
      kernel: this.kernel,
      trend: this.trend,
      bounds: this.bounds.map((b) => [b[0], b[1]] as [number, number]),
      lengthScales: Array.from(this.lengthScales),
      nugget: this.nugget,
      variance: Array.from(this.variance),
      X: Array.from({ length: n }, (_, i) => Array.from(this.X.data.subarray(i * d, (i + 1) * d))),
      Y: Array.from({ length: n }, (_, i) => Array.from(this.Y.data.subarray(i * q, (i + 1) * q))),
    };
  }

  /**
   * Rebuilds a Gaussian process from {@link GaussianProcess.toJSON}'s output (the object or its
   * JSON text), with the stored hyperparameters: predictions are those of the original.
   *
   * @throws {@link InvalidArgumentError} when `json` is not a uqkit Gaussian process of version 1 or its fields are invalid
   */
  static fromJSON(json: GaussianProcessJSON | string): GaussianProcess {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as GaussianProcessJSON;
    if (!j || j.format !== 'uqkit.gp' || j.version !== 1) throw new InvalidArgumentError({ field: 'json.format', value: j?.format, expected: '"uqkit.gp" version 1' });
    const rows = (field: string, v: unknown): Matrix => {
      if (!Array.isArray(v) || v.length === 0 || !Array.isArray(v[0])) throw new InvalidArgumentError({ field, value: v, expected: 'rows of numbers' });
      const c = (v[0] as unknown[]).length;
      const data = new Float64Array(v.length * c);
      v.forEach((r: unknown, i) => {
        if (!Array.isArray(r) || r.length !== c) throw new ShapeError({ field: `${field}[${i}]`, value: r, expected: `${c} numbers` });
        data.set(r as number[], i * c);
      });
      return matrix(data, v.length, c);
    };
    const X = rows('json.X', j.X), Y = rows('json.Y', j.Y);
    return fitGP(X, Y, { kernel: j.kernel, trend: j.trend, bounds: j.bounds, lengthScales: j.lengthScales, nugget: j.nugget, variance: j.variance });
  }
}
