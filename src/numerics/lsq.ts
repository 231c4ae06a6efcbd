// Least squares for polynomial chaos regression, on a basis matrix already in WebAssembly
// memory. The fast path is Cholesky QR: G = Psi^T Psi = U^T U, V = U^{-1}, coefficients
// C = V V^T Psi^T Y and leverages h_ii = ||V^T psi_i||^2 (W = Psi V has orthonormal columns),
// every product one blocked SIMD kernel (assembly/dense.ts). Its accuracy depends on the
// condition number kappa of Psi: the error of normal equations grows like kappa^2 eps. So
// kappa is estimated (power iteration on G and on G^{-1}), a moderately conditioned Psi gets
// one step of iterative refinement on the
// semi-normal equations (Bjorck 1987), and an ill-conditioned one (or a Cholesky breakdown)
// goes to Householder QR (assembly/regression.ts), which also detects rank deficiency.
import type { Arena } from '../core/arena.js';
import { InvalidArgumentError } from '../core/errors.js';
import { check, Status } from '../core/status.js';
import { core, type UqkitExports } from '../core/wasm.js';
import { gram, inverse, product } from './products.js';

/** gemmTN modes (assembly/dense.ts). */
const FULL = 0, UPPER = 1, LOWER = 2;

/** Above this bound on cond(Psi), one refinement step: the plain solve's error is ~ kappa^2 eps. */
export const REFINE_ABOVE = 1e2;
/** Above this bound on cond(Psi), Householder QR instead of the normal equations. */
export const QR_ABOVE = 1e6;
/** Relative rank threshold of the QR path: |R_jj| <= RTOL max |R_ii| counts as rank-deficient. */
const RTOL = 1e-12;
/** Samples per block when forming leverages (bounds the scratch to P x 2048 values). */
const LEVERAGE_BLOCK = 2048;

export interface LeastSquaresResult {
  /** P x k coefficients, row-major (row j: basis term j). */
  readonly coef: Float64Array;
  /** N x k fitted values Psi C, row-major. */
  readonly fitted: Float64Array;
  /** h_ii, the diagonal of the hat matrix (when asked for). */
  readonly leverage: Float64Array | undefined;
  readonly method: 'cholesky' | 'qr';
  /** Estimated cond_2(Psi) (Cholesky path: power iterations), or max|R_jj| / min|R_jj| (QR path; a lower bound). */
  readonly condition: number;
  /** Whether a refinement step was taken. */
  readonly refined: boolean;
}

/**
 * V8 compiles WebAssembly functions first with a baseline compiler and moves hot ones to the
 * optimising compiler in the background, switching between calls, never during one: a long
 * call made right after the module loads runs entirely on baseline code (measured 2-3x
 * slower). The entry points call this once after loading, so that by the time real work
 * arrives the dense kernels are optimised. Microseconds of work.
 */
export function warmUp(): void {
  const { exports: k, arena } = core();
  arena.scope((a) => {
    const m = 48;
    const g = a.alloc(8 * m * m), u = a.alloc(8 * m * m), x = a.alloc(8 * m * m), info = a.alloc(8);
    const gv = a.f64(g, m * m);
    for (let i = 0; i < m * m; i++) gv[i] = Math.cos(i);
    k.gemmTN(m, m, g, m, m, g, m, u, m, FULL);
    for (let i = 0; i < m; i++) a.f64(u, m * m)[i * m + i]! += m;
    k.cholesky(m, u, m, info);
    k.triangularInverse(m, u, m, x, 0, m);
    k.gemmTN(m, m, x, m, m, g, m, u, m, LOWER);
    k.transpose(m, m, x, u);
  });
}

/**
 * Solves min ||Psi C - Y|| for the basis psi (n x p, row-major, at `prow` in `a`) and Y
 * (n x k, row-major). Throws InvalidArgumentError when the basis columns are linearly
 * dependent on these points.
 */
export function solveLeastSquares(a: Arena, n: number, p: number, prow: number, Y: Float64Array, k: number, wantLeverage: boolean): LeastSquaresResult {
  const { exports: w } = core();
  return a.scope(() => {
    const pcol = a.alloc(8 * n * p);
    check('transpose', w.transpose(p, n, prow, pcol)); // prow is p x n column-major
    const yrow = a.copyIn(Y);
    const ycol = a.alloc(8 * n * k);
    check('transpose', w.transpose(k, n, yrow, ycol));
    const fast = a.scope(() => cholesky(w, a, n, p, pcol, prow, ycol, k, wantLeverage));
    if (fast) return fast;
    return householder(w, a, n, p, pcol, prow, ycol, k, wantLeverage);
  });
}

function cholesky(w: UqkitExports, a: Arena, n: number, p: number, pcol: number, prow: number, ycol: number, k: number, wantLeverage: boolean): LeastSquaresResult | undefined {
  const g = a.alloc(8 * p * p), x = a.alloc(8 * p * p), v = a.alloc(8 * p * p), info = a.alloc(8);
  gram(a, n, p, pcol, n, g);
  const g0 = a.alloc(8 * p * p);
  a.f64(g0, p * p).set(a.f64(g, p * p));
  if (w.cholesky(p, g, p, info) === Status.CONVERGE) return undefined;
  if (!inverse(a, p, g, x)) return undefined;
  check('transpose', w.transpose(p, p, x, v)); // V = U^{-1} = X^T
  const condition = conditionEstimate(w, a, p, g0, v, x);
  if (!(condition <= QR_ABOVE)) return undefined;
  // C = V (V^T (Psi^T Y)): X^T = V is upper triangular, X lower.
  const b = a.alloc(8 * p * k), z = a.alloc(8 * p * k), c = a.alloc(8 * p * k), f = a.alloc(8 * n * k);
  const solve = (rhs: number, out: number): void => {
    product(a, n, p, pcol, n, k, rhs, n, b, p, FULL);
    product(a, p, p, v, p, k, b, p, z, p, UPPER);
    product(a, p, p, x, p, k, z, p, out, p, LOWER);
  };
  solve(ycol, c);
  product(a, p, n, prow, p, k, c, p, f, n, FULL);
  const refined = condition > REFINE_ABOVE;
  if (refined) {
    // One step on the semi-normal equations: C += G^{-1} Psi^T (Y - Psi C).
    const r = a.alloc(8 * n * k), dc = a.alloc(8 * p * k);
    const rv = a.f64(r, n * k), yv = a.f64(ycol, n * k), fv = a.f64(f, n * k);
    for (let i = 0; i < n * k; i++) rv[i] = yv[i]! - fv[i]!;
    solve(r, dc);
    const cv = a.f64(c, p * k), dv = a.f64(dc, p * k);
    for (let i = 0; i < p * k; i++) cv[i]! += dv[i]!;
    product(a, p, n, prow, p, k, c, p, f, n, FULL);
  }
  const coef = rowMajor(w, a, p, k, c);
  const fitted = rowMajor(w, a, n, k, f);
  let leverage: Float64Array | undefined;
  if (wantLeverage) {
    // h_ii = ||V^T psi_i||^2, a block of samples at a time.
    leverage = new Float64Array(n);
    const m = Math.min(n, LEVERAGE_BLOCK);
    const t = a.alloc(8 * p * m);
    for (let i0 = 0; i0 < n; i0 += m) {
      const cnt = Math.min(m, n - i0);
      product(a, p, p, v, p, cnt, prow + 8 * p * i0, p, t, p, UPPER);
      const tv = a.f64(t, p * cnt);
      for (let i = 0; i < cnt; i++) {
        let s = 0;
        for (let j = i * p, e = j + p; j < e; j++) s += tv[j]! * tv[j]!;
        leverage[i0 + i] = s;
      }
    }
  }
  return { coef, fitted, leverage, method: 'cholesky', condition, refined };
}

/** Power iterations for the largest eigenvalue of G and of G^{-1} = V V^T. */
const POWER_STEPS = 20;

/**
 * An estimate of cond_2(Psi) = sqrt(lambda_max(G) / lambda_min(G)): power iteration on G and
 * on G^{-1} = V V^T (X = V^T). Both eigenvalue estimates are from below, so this can only
 * underestimate; it is never taken below the ratio of U's diagonal extremes, a rigorous lower bound.
 */
function conditionEstimate(w: UqkitExports, a: Arena, p: number, g: number, v: number, x: number): number {
  return a.scope(() => {
    const s = a.alloc(8 * p), t = a.alloc(8 * p);
    const power = (apply: () => void): number => {
      const sv = a.f64(s, p);
      for (let i = 0; i < p; i++) sv[i] = 1 + 0.5 * Math.sin(i + 1); // not orthogonal to anything in particular
      let lambda = 0;
      for (let it = 0; it < POWER_STEPS; it++) {
        let nn = 0;
        for (let i = 0; i < p; i++) nn += sv[i]! * sv[i]!;
        const inv = 1 / Math.sqrt(nn);
        for (let i = 0; i < p; i++) sv[i]! *= inv;
        apply(); // s <- M s
        let dot = 0;
        for (let i = 0; i < p; i++) dot += sv[i]! * sv[i]!; // ||M s||^2 with ||s|| = 1 before
        lambda = Math.sqrt(dot);
      }
      return lambda;
    };
    const big = power(() => {
      check('gemmTN', w.gemmTN(p, p, g, p, 1, s, p, t, p, FULL));
      a.f64(s, p).set(a.f64(t, p));
    });
    const small = power(() => {
      check('gemmTN', w.gemmTN(p, p, v, p, 1, s, p, t, p, UPPER)); // V^T s
      check('gemmTN', w.gemmTN(p, p, x, p, 1, t, p, s, p, LOWER)); // V (V^T s)
    });
    const xv = a.f64(x, p * p);
    let dmin = Infinity, dmax = 0;
    for (let j = 0; j < p; j++) {
      const dj = 1 / Math.abs(xv[j * p + j]!); // U_jj = 1 / X_jj
      dmin = Math.min(dmin, dj);
      dmax = Math.max(dmax, dj);
    }
    return Math.max(Math.sqrt(big * small), dmax / dmin);
  });
}

function householder(w: UqkitExports, a: Arena, n: number, p: number, pcol: number, prow: number, ycol: number, k: number, wantLeverage: boolean): LeastSquaresResult {
  const qa = a.alloc(8 * n * p);
  a.f64(qa, n * p).set(a.f64(pcol, n * p));
  const qy = a.alloc(8 * n * k);
  a.f64(qy, n * k).set(a.f64(ycol, n * k));
  const rdiag = a.alloc(8 * p), lev = a.alloc(8 * n), info = a.alloc(8);
  const work = wantLeverage ? a.alloc(8 * n * p) : 0;
  const status = w.leastSquares(n, p, qa, k, qy, rdiag, wantLeverage ? lev : 0, work, RTOL, info);
  if (status === Status.CONVERGE) {
    const ratio = a.f64(info, 1)[0]!;
    throw new InvalidArgumentError({
      field: 'X', value: n, expected: `sample points on which the ${p} basis polynomials are linearly independent (min/max |R_jj| = ${ratio.toExponential(2)})`,
      hint: 'use more or better-spread samples, or a lower degree',
    });
  }
  check('leastSquares', status);
  // Rows 0..p-1 of each column of qy are the coefficients.
  const c = a.alloc(8 * p * k);
  const cv = a.f64(c, p * k), qv = a.f64(qy, n * k);
  for (let o = 0; o < k; o++) cv.set(qv.subarray(o * n, o * n + p), o * p);
  const f = a.alloc(8 * n * k);
  // Fitted values Psi C = (Psi^T)^T C, from Psi^T column-major (prow; QR overwrote its copy of pcol).
  product(a, p, n, prow, p, k, c, p, f, n, FULL);
  const condition = 1 / a.f64(info, 1)[0]!;
  return {
    coef: rowMajor(w, a, p, k, c), fitted: rowMajor(w, a, n, k, f),
    leverage: wantLeverage ? a.copyOut(lev, new Float64Array(n)) : undefined,
    method: 'qr', condition, refined: false,
  };
}

/** A rows x cols column-major matrix at `ptr`, copied out row-major. */
function rowMajor(w: UqkitExports, a: Arena, rows: number, cols: number, ptr: number): Float64Array {
  return a.scope(() => {
    const t = a.alloc(8 * rows * cols);
    check('transpose', w.transpose(rows, cols, ptr, t));
    return a.copyOut(t, new Float64Array(rows * cols));
  });
}

/**
 * Psi C for a basis at `prow` (n x p row-major) and coefficients C (p x k row-major):
 * the n x k product, row-major.
 */
export function multiplyBasis(a: Arena, n: number, p: number, prow: number, C: Float64Array, k: number): Float64Array {
  const { exports: w } = core();
  return a.scope(() => {
    const crow = a.copyIn(C);
    const c = a.alloc(8 * p * k), f = a.alloc(8 * n * k);
    check('transpose', w.transpose(k, p, crow, c));
    product(a, p, n, prow, p, k, c, p, f, n, FULL);
    return rowMajor(w, a, n, k, f);
  });
}

/**
 * Psi C for a basis at `prow` (n x p row-major) and coefficients at `ccol` (p x k
 * column-major), written column-major into `f` with leading dimension `ldf` (>= n): the
 * values of each output stay contiguous, for kernels that work column by column.
 */
export function multiplyBasisColumns(a: Arena, n: number, p: number, prow: number, ccol: number, k: number, f: number, ldf: number): void {
  product(a, p, n, prow, p, k, ccol, p, f, ldf, FULL);
}
