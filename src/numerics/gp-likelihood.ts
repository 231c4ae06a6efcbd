// The linear algebra of Gaussian-process regression for given hyperparameters: the
// correlation matrix R of the (scaled) training points plus the nugget, its Cholesky factor
// and inverse (WebAssembly: assembly/gp.ts builds R, assembly/dense.ts factors and inverts),
// the generalised least squares trend, the log marginal likelihood and its gradient with
// respect to the log length-scales and the log nugget (Rasmussen & Williams 2006, eq. 5.9).
//
// The covariance of output column c is C = sigma_c^2 (R + eta I). Its variance sigma_c^2 is
// either fixed or profiled out (the maximum-likelihood value r^T (R + eta I)^{-1} r / n for the
// residual r of the trend): the profiled likelihood is the full one at that variance, and by
// the envelope theorem its gradient is the full one's with the trend and variance held.
import type { Arena } from '../core/arena.js';
import { check, Status } from '../core/status.js';
import { core } from '../core/wasm.js';

/** Correlation kernels, as assembly/gp.ts numbers them. */
export const KERNEL_CODES = { 'squared-exponential': 0, matern32: 1, matern52: 2 } as const;

/** The training data in scaled coordinates: n points (row-major, d columns), q output columns (row-major), the trend basis F (n x p, row-major). */
export interface GPData {
  readonly n: number;
  readonly d: number;
  readonly q: number;
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly F: Float64Array;
  readonly p: number;
  readonly kind: 0 | 1 | 2;
}

/** What a fit at given hyperparameters keeps for prediction and leave-one-out. */
export interface GPFactors {
  /** X = U^{-T} for the Cholesky factor U of R + eta I = U^T U: n x n lower triangular, column-major. */
  readonly Linv: Float64Array;
  /** Its transpose U^{-1} (upper triangular, column-major). */
  readonly Lt: Float64Array;
  /** X F, n x p, column-major (the whitened trend basis). */
  readonly G: Float64Array;
  /** R^{-1} F = X^T X F, n x p, column-major. */
  readonly RiF: Float64Array;
  /** (F^T R^{-1} F)^{-1}, p x p. */
  readonly Ainv: Float64Array;
  /** Trend coefficients, p x q row-major. */
  readonly beta: Float64Array;
  /** R^{-1} (y - F beta), n x q column-major. */
  readonly alpha: Float64Array;
  /** Process variance per output column. */
  readonly variance: Float64Array;
  /** log det (R + eta I). */
  readonly logDet: number;
  /** The log marginal likelihood (summed over output columns). */
  readonly logLikelihood: number;
  /** d/d(log l_k) for k < d, then d/d(log eta) (when asked for). */
  readonly gradient: Float64Array | undefined;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Inverse of a small symmetric positive definite matrix (p x p, Gauss-Jordan with pivoting); undefined when singular. */
export function smallInverse(a: Float64Array, p: number): Float64Array | undefined {
  const m = Float64Array.from(a), inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  let scale = 0;
  for (let i = 0; i < p * p; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c]!) > Math.abs(m[piv * p + c]!)) piv = r;
    if (!(Math.abs(m[piv * p + c]!) > 1e-13 * scale)) return undefined;
    if (piv !== c) {
      for (let j = 0; j < p; j++) {
        [m[c * p + j], m[piv * p + j]] = [m[piv * p + j]!, m[c * p + j]!];
        [inv[c * p + j], inv[piv * p + j]] = [inv[piv * p + j]!, inv[c * p + j]!];
      }
    }
    const r0 = 1 / m[c * p + c]!;
    for (let j = 0; j < p; j++) { m[c * p + j]! *= r0; inv[c * p + j]! *= r0; }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = m[r * p + c]!;
      if (f === 0) continue;
      for (let j = 0; j < p; j++) { m[r * p + j]! -= f * m[c * p + j]!; inv[r * p + j]! -= f * inv[c * p + j]!; }
    }
  }
  return inv;
}

/** out = X v for the lower triangular column-major n x n matrix X (v and out of length n, at offsets). */
function lowerTimes(X: Float64Array, n: number, v: ArrayLike<number>, vAt: number, vStride: number, out: Float64Array, outAt: number): void {
  for (let i = 0; i < n; i++) out[outAt + i] = 0;
  for (let c = 0; c < n; c++) {
    const vc = v[vAt + c * vStride]!;
    if (vc === 0) continue;
    for (let r = c, o = c * n; r < n; r++) out[outAt + r]! += X[o + r]! * vc;
  }
}

/** out = X^T v for the lower triangular column-major n x n matrix X. */
function lowerTransposeTimes(X: Float64Array, n: number, v: ArrayLike<number>, vAt: number, out: Float64Array, outAt: number): void {
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let r = c, o = c * n; r < n; r++) s += X[o + r]! * v[vAt + r]!;
    out[outAt + c] = s;
  }
}

/**
 * Factors R + eta I for length-scales `ls` (scaled units) and nugget ratio eta, fits the trend
 * by generalised least squares and evaluates the log likelihood (and, with `gradient`, its
 * gradient); `variance` fixes sigma^2 per column (undefined: profiled). Solves go through
 * the inverse X = U^{-T} of the Cholesky factor (whitening: X R X^T = I). Undefined when
 * R + eta I is not positive definite to working precision or the trend is not identifiable.
 */
export function gpFactors(data: GPData, ls: ArrayLike<number>, eta: number, variance: ArrayLike<number> | undefined, gradient = true): GPFactors | undefined {
  const { exports: w, arena } = core();
  const { n, d, q, p } = data;
  return arena.scope((a: Arena) => {
    const xp = a.copyIn(data.X);
    const sp = a.alloc(8 * d);
    const sv = a.f64(sp, d);
    for (let k = 0; k < d; k++) sv[k] = 1 / ls[k]!;
    const rp = a.alloc(8 * n * n), lp = a.alloc(8 * n * n), info = a.alloc(8);
    check('gpCorrelation', w.gpCorrelation(n, n, d, xp, xp, sp, data.kind, rp));
    let rv = a.f64(rp, n * n);
    for (let i = 0; i < n; i++) rv[i * n + i]! += eta;
    if (w.cholesky(n, rp, n, info) === Status.CONVERGE) return undefined;
    rv = a.f64(rp, n * n);
    let logDet = 0;
    for (let i = 0; i < n; i++) logDet += 2 * Math.log(rv[i * n + i]!);
    if (!Number.isFinite(logDet)) return undefined;
    check('triangularInverse', w.triangularInverse(n, rp, n, lp, 0, n));
    const Linv = a.copyOut(lp, new Float64Array(n * n));
    check('transpose', w.transpose(n, n, lp, rp));
    const Lt = a.copyOut(rp, new Float64Array(n * n));
    const { F, Y } = data;
    // Whitened basis G = X F and outputs z = X y; the GLS trend from G^T G beta = G^T z.
    const G = new Float64Array(n * p), z = new Float64Array(n * q);
    for (let c = 0; c < p; c++) lowerTimes(Linv, n, F, c, p, G, c * n);
    for (let c = 0; c < q; c++) lowerTimes(Linv, n, Y, c, q, z, c * n);
    const A = new Float64Array(p * p), b = new Float64Array(p * q);
    for (let r = 0; r < p; r++) {
      for (let c = 0; c < p; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += G[r * n + i]! * G[c * n + i]!;
        A[r * p + c] = s;
      }
      for (let c = 0; c < q; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += G[r * n + i]! * z[c * n + i]!;
        b[r * q + c] = s;
      }
    }
    const Ainv = p === 0 ? new Float64Array(0) : smallInverse(A, p);
    if (!Ainv) return undefined;
    const beta = new Float64Array(p * q);
    for (let r = 0; r < p; r++) for (let c = 0; c < q; c++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += Ainv[r * p + k]! * b[k * q + c]!;
      beta[r * q + c] = s;
    }
    // Whitened residual e = z - G beta, S = |e|^2, alpha = X^T e.
    const alpha = new Float64Array(n * q), sig = new Float64Array(q), e = new Float64Array(n);
    let logL = 0;
    for (let c = 0; c < q; c++) {
      let S = 0;
      for (let i = 0; i < n; i++) {
        let v = z[c * n + i]!;
        for (let r = 0; r < p; r++) v -= G[r * n + i]! * beta[r * q + c]!;
        e[i] = v;
        S += v * v;
      }
      lowerTransposeTimes(Linv, n, e, 0, alpha, c * n);
      const s2 = variance ? variance[c]! : S / n;
      if (!(s2 > 0)) return undefined;
      sig[c] = s2;
      logL += -0.5 * S / s2 - 0.5 * (n * Math.log(s2) + logDet) - 0.5 * n * LOG_2PI;
    }
    const RiF = new Float64Array(n * p);
    for (let c = 0; c < p; c++) lowerTransposeTimes(Linv, n, G, c * n, RiF, c * n);
    let grad: Float64Array | undefined;
    if (gradient) {
      // W = sum_c alpha_c alpha_c^T / sigma_c^2 - q R^{-1} (R^{-1} = X^T X); gradient 1/2 sum W_ij dR_ij.
      const wp = a.alloc(8 * n * n), gp = a.alloc(8 * d);
      check('gemmTN', w.gemmTN(n, n, lp, n, n, lp, n, wp, n, 2));
      const W = a.f64(wp, n * n);
      let trace = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = -q * W[i * n + j]!;
          for (let c = 0; c < q; c++) s += alpha[c * n + i]! * alpha[c * n + j]! / sig[c]!;
          W[i * n + j] = s;
        }
      }
      for (let i = 0; i < n; i++) trace += W[i * n + i]!;
      check('gpGradient', w.gpGradient(n, d, xp, sp, data.kind, wp, gp));
      grad = new Float64Array(d + 1);
      const gv = a.f64(gp, d);
      for (let k = 0; k < d; k++) grad[k] = 0.5 * gv[k]!;
      grad[d] = 0.5 * eta * trace;
    }
    return { Linv, Lt, G, RiF, Ainv, beta, alpha, variance: sig, logDet, logLikelihood: logL, gradient: grad };
  });
}
