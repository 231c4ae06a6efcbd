// Multivariate orthonormal polynomial bases: Psi[i][k] = prod_j p^{(j)}_{alpha_kj}(x_ij), the
// univariate p^{(j)} evaluated by their three-term recurrences (never through monomial
// coefficients), all degrees of one input in one pass per point.
import { OK, ERR_SIZE, ERR_POINTER, ERR_VALUE, regionOk } from "./status";
import { ld, st } from "./mem";
import { orthonormalAt } from "./quadrature";

/**
 * Basis matrix psi (n x P, row-major) at the points x (n x d, row-major).
 * - deg: the highest degree per input; recurrences: for input j, alpha at
 *   rec + (j * stride) and beta at rec + ((d + j) * stride) (f64), stride = maxDeg + 1 >=
 *   deg + 1 entries each.
 * - index: P x d i32 multi-indices (each entry in 0..maxDeg).
 * - work: d * stride f64.
 * - colMajor != 0 writes psi column-major (n x P, column k at psi + k n), as the
 *   least-squares kernel takes it.
 */
export function basisMatrix(n: i32, d: i32, x: usize, maxDeg: i32, rec: usize, P: i32, index: usize, psi: usize, work: usize, colMajor: i32): i32 {
  if (n < 0 || d < 1 || maxDeg < 0 || P < 0) return ERR_SIZE;
  const stride = maxDeg + 1;
  if (!regionOk(x, <u64>n * <u64>d << 3, 8) || !regionOk(rec, <u64>(2 * d) * <u64>stride << 3, 8) ||
    !regionOk(index, <u64>P * <u64>d << 2, 4) || !regionOk(psi, <u64>n * <u64>P << 3, 8) ||
    !regionOk(work, <u64>d * <u64>stride << 3, 8)) return ERR_POINTER;
  for (let k = 0; k < P * d; k++) {
    const a = load<i32>(index + (<usize>k << 2));
    if (a < 0 || a > maxDeg) return ERR_VALUE;
  }
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= maxDeg; k++) {
      const b = ld(rec, (d + j) * stride + k);
      if (!isFinite(ld(rec, j * stride + k)) || !(b > 0.0) || !isFinite(b)) return ERR_VALUE;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      orthonormalAt(maxDeg, rec + (<usize>(j * stride) << 3), rec + (<usize>((d + j) * stride) << 3), ld(x, i * d + j), work + (<usize>(j * stride) << 3), 1);
    }
    for (let k = 0; k < P; k++) {
      let v = 1.0;
      const ix = index + (<usize>(k * d) << 2);
      for (let j = 0; j < d; j++) v *= ld(work, j * stride + load<i32>(ix + (<usize>j << 2)));
      if (colMajor != 0) st(psi, k * n + i, v); else st(psi, i * P + k, v);
    }
  }
  return OK;
}
