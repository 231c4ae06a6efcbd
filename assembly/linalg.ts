// Dense and tridiagonal linear algebra used by the quadrature and grid kernels.
import { OK, ERR_CONVERGE } from "./status";
import { ld, st } from "./mem";

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal d[0..n-1] and off-diagonal
 * e[0..n-2] (e[i] couples rows i and i+1; e[n-1] is scratch), by the implicit QL method with
 * Wilkinson-type shifts (Bowdler, Martin, Reinsch & Wilkinson, Numer. Math. 11, 1968).
 * On return d holds the eigenvalues in ascending order; e is destroyed. O(n^2) without
 * eigenvectors. Returns ERR_CONVERGE if an eigenvalue needs more than 60 sweeps.
 */
export function tridiagonalEigenvalues(n: i32, d: usize, e: usize): i32 {
  if (n <= 0) return OK;
  st(e, n - 1, 0.0);
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    while (true) {
      // Find the first negligible off-diagonal element at or after l: the block l..m splits.
      let m = l;
      while (m < n - 1) {
        const dd = Math.abs(ld(d, m)) + Math.abs(ld(d, m + 1));
        if (Math.abs(ld(e, m)) <= f64.EPSILON * 0.5 * dd) break;
        m++;
      }
      if (m == l) break;
      if (++sweeps > 60) return ERR_CONVERGE;
      // Shift: the eigenvalue of the leading 2x2 block nearer d[l].
      let g = (ld(d, l + 1) - ld(d, l)) / (2.0 * ld(e, l));
      let r = Math.sqrt(g * g + 1.0);
      g = ld(d, m) - ld(d, l) + ld(e, l) / (g + (g >= 0 ? r : -r));
      let s = 1.0, c = 1.0, p = 0.0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * ld(e, i);
        const b = c * ld(e, i);
        r = Math.sqrt(f * f + g * g); // entries of Jacobi matrices are far from overflow
        st(e, i + 1, r);
        if (r == 0.0) {
          // Underflow: the rotation is the identity; split here and start again.
          st(d, i + 1, ld(d, i + 1) - p);
          st(e, m, 0.0);
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = ld(d, i + 1) - p;
        r = (ld(d, i) - g) * s + 2.0 * c * b;
        p = s * r;
        st(d, i + 1, g + p);
        g = c * r - b;
      }
      if (deflated) continue;
      st(d, l, ld(d, l) - p);
      st(e, l, g);
      st(e, m, 0.0);
    }
  }
  // Insertion sort: QL leaves the eigenvalues nearly ordered.
  for (let i = 1; i < n; i++) {
    const v = ld(d, i);
    let j = i - 1;
    while (j >= 0 && ld(d, j) > v) {
      st(d, j + 1, ld(d, j));
      j--;
    }
    st(d, j + 1, v);
  }
  return OK;
}

/**
 * Solves A x = b in place for a dense n x n row-major A by Gaussian elimination with partial
 * pivoting; b (n x k, row-major) is overwritten by x, A by its LU factors. Returns
 * ERR_CONVERGE when A is singular to working precision.
 */
export function solveDense(n: i32, a: usize, b: usize, k: i32): i32 {
  for (let col = 0; col < n; col++) {
    let piv = col;
    let best = Math.abs(ld(a, col * n + col));
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(ld(a, r * n + col));
      if (v > best) { best = v; piv = r; }
    }
    if (!(best > 0.0)) return ERR_CONVERGE;
    if (piv != col) {
      for (let j = 0; j < n; j++) {
        const t = ld(a, col * n + j); st(a, col * n + j, ld(a, piv * n + j)); st(a, piv * n + j, t);
      }
      for (let j = 0; j < k; j++) {
        const t = ld(b, col * k + j); st(b, col * k + j, ld(b, piv * k + j)); st(b, piv * k + j, t);
      }
    }
    const inv = 1.0 / ld(a, col * n + col);
    for (let r = col + 1; r < n; r++) {
      const f = ld(a, r * n + col) * inv;
      if (f == 0.0) continue;
      for (let j = col + 1; j < n; j++) st(a, r * n + j, ld(a, r * n + j) - f * ld(a, col * n + j));
      for (let j = 0; j < k; j++) st(b, r * k + j, ld(b, r * k + j) - f * ld(b, col * k + j));
    }
  }
  for (let col = n - 1; col >= 0; col--) {
    const inv = 1.0 / ld(a, col * n + col);
    for (let j = 0; j < k; j++) {
      let s = ld(b, col * k + j);
      for (let c = col + 1; c < n; c++) s -= ld(a, col * n + c) * ld(b, c * k + j);
      st(b, col * k + j, s * inv);
    }
  }
  return OK;
}
