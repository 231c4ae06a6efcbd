// Least squares by Householder QR (column-major), many right-hand sides at once, with the
// leverages h_ii for closed-form leave-one-out residuals e_i = r_i / (1 - h_ii) (Allen's
// PRESS, 1974): one factorisation serves every output column.
import { OK, ERR_SIZE, ERR_POINTER, ERR_CONVERGE, regionOk } from "./status";
import { ld, st } from "./mem";

/** v . w over rows j..n-1 of two columns (column-major, length n). */
// @ts-ignore: decorator
@inline
function dotFrom(u: usize, w: usize, j: i32, n: i32): f64 {
  let s0 = 0.0, s1 = 0.0;
  let i = j;
  for (; i + 1 < n; i += 2) {
    s0 += ld(u, i) * ld(w, i);
    s1 += ld(u, i + 1) * ld(w, i + 1);
  }
  if (i < n) s0 += ld(u, i) * ld(w, i);
  return s0 + s1;
}

// @ts-ignore: decorator
@inline
function axpyFrom(alpha: f64, u: usize, w: usize, j: i32, n: i32): void {
  for (let i = j; i < n; i++) st(w, i, ld(w, i) - alpha * ld(u, i));
}

/**
 * Solves min ||A c - Y||_2 for A (n x p, column-major, overwritten by the Householder
 * vectors) and Y (n x k, column-major, overwritten: rows 0..p-1 of each column become the
 * coefficients, rows p..n-1 the residual's components in Q's complement).
 * - rdiag: p f64 (out), the diagonal of R; leverage: n f64 (out) h_ii, or 0 to skip;
 *   work: n * p f64 when leverage is wanted (the thin Q), else unused (may be 0).
 * - ERR_CONVERGE when A is rank-deficient to working precision: |R_jj| <= rtol max |R_ii|.
 * Returns OK; `info` (one f64, out) receives min |R_jj| / max |R_jj| (a conditioning gauge).
 */
export function leastSquares(n: i32, p: i32, a: usize, k: i32, y: usize, rdiag: usize, leverage: usize, work: usize, rtol: f64, info: usize): i32 {
  if (n < 1 || p < 1 || p > n || k < 0) return ERR_SIZE;
  const np = <u64>n * <u64>p << 3;
  if (!regionOk(a, np, 8) || !regionOk(y, <u64>n * <u64>k << 3, 8) || !regionOk(rdiag, <u64>p << 3, 8) || !regionOk(info, 8, 8)) return ERR_POINTER;
  if (leverage != 0 && (!regionOk(leverage, <u64>n << 3, 8) || !regionOk(work, np, 8))) return ERR_POINTER;
  let rmax = 0.0;
  for (let j = 0; j < p; j++) {
    const cj = a + (<usize>(j * n) << 3);
    const norm = Math.sqrt(dotFrom(cj, cj, j, n));
    const x0 = ld(cj, j);
    const alpha = x0 >= 0 ? -norm : norm;
    st(rdiag, j, alpha);
    if (norm > rmax) rmax = norm;
    if (norm == 0.0) continue; // caught by the rank test below
    // v = x - alpha e_0, stored in place; tau = 1 / (norm (norm + |x0|)) = 2 / ||v||^2
    st(cj, j, x0 - alpha);
    const tau = 1.0 / (norm * (norm + Math.abs(x0)));
    for (let c = j + 1; c < p; c++) {
      const cc = a + (<usize>(c * n) << 3);
      axpyFrom(tau * dotFrom(cj, cc, j, n), cj, cc, j, n);
    }
    for (let r = 0; r < k; r++) {
      const yr = y + (<usize>(r * n) << 3);
      axpyFrom(tau * dotFrom(cj, yr, j, n), cj, yr, j, n);
    }
  }
  let rmin = Infinity;
  for (let j = 0; j < p; j++) rmin = Math.min(rmin, Math.abs(ld(rdiag, j)));
  store<f64>(info, rmax > 0 ? rmin / rmax : 0.0);
  if (!(rmin > rtol * rmax)) return ERR_CONVERGE;
  // Back substitution R c = (Q^T y)[0..p): R above the diagonal is A[i][c] (i < c).
  for (let r = 0; r < k; r++) {
    const yr = y + (<usize>(r * n) << 3);
    for (let i = p - 1; i >= 0; i--) {
      let s = ld(yr, i);
      for (let c = i + 1; c < p; c++) s -= ld(a, c * n + i) * ld(yr, c);
      st(yr, i, s / ld(rdiag, i));
    }
  }
  if (leverage != 0) {
    // Thin Q = H_0 ... H_{p-1} [I; 0], column by column; h_ii = sum_j Q_ij^2.
    for (let i = 0; i < n; i++) st(leverage, i, 0.0);
    for (let c = 0; c < p; c++) {
      const q = work + (<usize>(c * n) << 3);
      for (let i = 0; i < n; i++) st(q, i, i == c ? 1.0 : 0.0);
      for (let j = c; j >= 0; j--) { // H_j e_c = e_c for j > c
        const cj = a + (<usize>(j * n) << 3);
        const norm = Math.abs(ld(rdiag, j));
        if (norm == 0.0) continue;
        const tau = 1.0 / (norm * Math.abs(ld(cj, j))); // |v_0| = |x_0| + norm
        axpyFrom(tau * dotFrom(cj, q, j, n), cj, q, j, n);
      }
      for (let i = 0; i < n; i++) st(leverage, i, ld(leverage, i) + ld(q, i) * ld(q, i));
    }
  }
  return OK;
}
