// High-dimensional model representation (HDMR, Li et al. 2010) as SALib's `hdmr` analyzer:
// the cubic B-spline basis of each input, and the component functions fitted to the output
// by Tikhonov-regularised least squares (normal equations B^T B + lambda I, Cholesky), the
// first-order ones refined by backfitting. Matrices are column-major: one column of r values
// per basis function.
import { OK, ERR_SIZE, ERR_POINTER, regionOk } from "./status";
import { ld, st } from "./mem";
import { gemmTN, cholesky } from "./dense";

/** The cardinal cubic B-spline on knots 0, 1, 2, 3, 4 at u (0 outside [0, 4]). */
// @ts-ignore: decorator
@inline
function cubicBSpline(u: f64): f64 {
  if (u <= 0.0 || u >= 4.0) return 0.0;
  if (u < 1.0) return (u * u * u) / 6.0;
  if (u < 2.0) return (((-3.0 * u + 12.0) * u - 12.0) * u + 4.0) / 6.0;
  if (u < 3.0) return (((3.0 * u - 24.0) * u + 60.0) * u - 44.0) / 6.0;
  const v = 4.0 - u;
  return (v * v * v) / 6.0;
}

/**
 * The m + 3 cubic B-splines of each of d inputs at n points x (n x d row-major, scaled to
 * [0, 1]): spline i (i = 0 .. m + 2) has the uniform knots (i - 3 .. i + 1) / m and is scaled
 * by m^3, as SALib's. Column j (m + 3) + i of out (n rows, column-major) is spline i of input j.
 */
export function hdmrBasis(n: i32, d: i32, m: i32, x: usize, out: usize): i32 {
  if (n < 1 || d < 1 || m < 1) return ERR_SIZE;
  const m1 = m + 3;
  if (!regionOk(x, (<u64>n * <u64>d) << 3, 8) || !regionOk(out, (<u64>n * <u64>d * <u64>m1) << 3, 8)) return ERR_POINTER;
  const scale = <f64>m * <f64>m * <f64>m;
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < m1; i++) {
      const col = out + (<usize>(j * m1 + i) * <usize>n << 3);
      // Local coordinate on the knots (i - 3 .. i + 1) / m: u = x m - (i - 3).
      const shift = <f64>(i - 3);
      for (let r = 0; r < n; r++) st(col, r, cubicBSpline(ld(x, r * d + j) * <f64>m - shift) * scale);
    }
  }
  return OK;
}

/** Solves U^T U c = b in place (b becomes c) for the p x p upper triangular u (column-major). */
function cholSolve(p: i32, u: usize, b: usize): void {
  for (let i = 0; i < p; i++) {
    const ci = u + (<usize>(i * p) << 3);
    let s = ld(b, i);
    for (let k = 0; k < i; k++) s -= ld(ci, k) * ld(b, k);
    st(b, i, s / ld(ci, i));
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = ld(b, i);
    for (let k = i + 1; k < p; k++) s -= ld(u + (<usize>(k * p) << 3), i) * ld(b, k);
    st(b, i, s / ld(u + (<usize>(i * p) << 3), i));
  }
}

/**
 * Factors B^T B + lambda I of the r x p design b into u (p x p); false when the factor fails
 * (lambda = 0 and B^T B singular, e.g. a basis function vanishing on every row): that
 * component is then left zero. With lambda > 0 the system is always solvable and a basis
 * function that vanishes on every row gets a zero coefficient.
 */
function factor(r: i32, p: i32, b: usize, lambda: f64, u: usize, info: usize): bool {
  gemmTN(r, p, b, r, p, b, r, u, p, 0);
  for (let i = 0; i < p; i++) {
    const q = u + (<usize>(i * p + i) << 3);
    store<f64>(q, load<f64>(q) + lambda);
  }
  return cholesky(p, u, p, info) == OK;
}

/** coef = (B^T B + lambda I)^{-1} B^T y with the factor u (zero when `ok` is false); fit = B coef. */
function solveTerm(r: i32, p: i32, b: usize, u: usize, ok: bool, y: usize, coef: usize, fit: usize): void {
  if (ok) {
    gemmTN(r, p, b, r, 1, y, r, coef, p, 0);
    cholSolve(p, u, coef);
  } else {
    memory.fill(coef, 0, <usize>p << 3);
  }
  memory.fill(fit, 0, <usize>r << 3);
  for (let c = 0; c < p; c++) {
    const w = ld(coef, c);
    const col = b + (<usize>(c * r) << 3);
    for (let i = 0; i < r; i++) st(fit, i, ld(fit, i) + ld(col, i) * w);
  }
}

/**
 * Component functions of one order (1, 2 or 3) fitted to the residual y (r values): for each
 * of `nterms` terms (input indices at `terms`, `order` i32 each) the design is the tensor
 * product of the inputs' splines (basis index (a, b, c) -> (a m1 + b) m1 + c, SALib's order)
 * taken from b1 (r rows, d m1 columns, hdmrBasis's layout), and its p = m1^order coefficients
 * are (B^T B + lambda I)^{-1} B^T y, written to coef (nterms x p) with the fitted values to fit
 * (nterms x r). First order (then the terms are 0 .. d - 1) is refined by backfitting: input j
 * is refitted to y minus the other inputs' components, in turn, until the largest change of a
 * term's sum of squared coefficients is at most 1e-3, or maxiter sweeps. work: for order 1,
 * d m1^2 + m1 + 2 r + 1 doubles; else r p + p^2 + 1.
 */
export function hdmrComponents(r: i32, m1: i32, d: i32, order: i32, nterms: i32, terms: usize, b1: usize, lambda: f64, y: usize, maxiter: i32, coef: usize, fit: usize, work: usize): i32 {
  if (r < 1 || m1 < 1 || d < 1 || order < 1 || order > 3 || nterms < 0 || maxiter < 0 || !(lambda >= 0.0)) return ERR_SIZE;
  let p = m1;
  if (order > 1) p *= m1;
  if (order > 2) p *= m1;
  const workLen: u64 = order == 1 ? <u64>d * <u64>(m1 * m1) + <u64>(m1 + 2 * r + 1) : <u64>r * <u64>p + <u64>p * <u64>p + 1;
  if (!regionOk(terms, (<u64>nterms * <u64>order) << 2, 4) || !regionOk(b1, (<u64>r * <u64>d * <u64>m1) << 3, 8) || !regionOk(y, <u64>r << 3, 8)
    || !regionOk(coef, (<u64>nterms * <u64>p) << 3, 8) || !regionOk(fit, (<u64>nterms * <u64>r) << 3, 8) || !regionOk(work, workLen << 3, 8)) return ERR_POINTER;
  for (let t = 0; t < nterms * order; t++) {
    const j = load<i32>(terms + (<usize>t << 2));
    if (j < 0 || j >= d || (order == 1 && j != t)) return ERR_SIZE;
  }
  const pp = <usize>(p * p) << 3;
  if (order == 1) {
    // Individual fits, then backfitting; the factors of all d inputs are kept.
    const info = work, res = work + 8 + (<usize>m1 << 3), factors = res + (<usize>(2 * r) << 3);
    for (let j = 0; j < d; j++) {
      const bj = b1 + (<usize>(j * m1) * <usize>r << 3), uj = factors + <usize>j * pp;
      const ok = factor(r, m1, bj, lambda, uj, info);
      if (!ok) store<f64>(uj, 0.0); // marks the input's component as zero for the sweeps
      solveTerm(r, m1, bj, uj, ok, y, coef + (<usize>(j * m1) << 3), fit + (<usize>(j * r) << 3));
    }
    // A sweep changes only input j's coefficients when it refits input j, so the sum of its
    // squares just before is the one at the end of the previous sweep. Input j is refitted to
    // y minus the others' components: y - total + fit_j, the total summed afresh each sweep
    // and updated as each input changes (d r work per sweep, not d^2 r).
    const total = res + (<usize>r << 3);
    let it = 0, change = 1.0;
    while (change > 1e-3 && it < maxiter) {
      change = 0.0;
      memory.fill(total, 0, <usize>r << 3);
      for (let z = 0; z < d; z++) {
        const fz = fit + (<usize>(z * r) << 3);
        for (let i = 0; i < r; i++) st(total, i, ld(total, i) + ld(fz, i));
      }
      for (let j = 0; j < d; j++) {
        const cj = coef + (<usize>(j * m1) << 3), fj = fit + (<usize>(j * r) << 3);
        let old = 0.0;
        for (let c = 0; c < m1; c++) old += ld(cj, c) * ld(cj, c);
        for (let i = 0; i < r; i++) {
          const f = ld(fj, i);
          st(res, i, ld(y, i) - (ld(total, i) - f));
          st(total, i, ld(total, i) - f);
        }
        const bj = b1 + (<usize>(j * m1) * <usize>r << 3);
        const uj = factors + <usize>j * pp;
        solveTerm(r, m1, bj, uj, load<f64>(uj) > 0.0, res, cj, fj);
        for (let i = 0; i < r; i++) st(total, i, ld(total, i) + ld(fj, i));
        let now = 0.0;
        for (let c = 0; c < m1; c++) now += ld(cj, c) * ld(cj, c);
        change = max(change, abs(now - old));
      }
      it++;
    }
    return OK;
  }
  const design = work + 8, u = design + (<usize>r * <usize>p << 3);
  for (let t = 0; t < nterms; t++) {
    const tj = terms + (<usize>(t * order) << 2);
    for (let c = 0; c < p; c++) {
      const col = design + (<usize>(c * r) << 3);
      let rest = c;
      let span = p;
      for (let o = 0; o < order; o++) {
        span /= m1;
        const a = rest / span;
        rest -= a * span;
        const src = b1 + (<usize>(load<i32>(tj + (<usize>o << 2)) * m1 + a) * <usize>r << 3);
        if (o == 0) memory.copy(col, src, <usize>r << 3);
        else for (let i = 0; i < r; i++) st(col, i, ld(col, i) * ld(src, i));
      }
    }
    const ok = factor(r, p, design, lambda, u, work);
    solveTerm(r, p, design, u, ok, y, coef + (<usize>(t * p) << 3), fit + (<usize>(t * r) << 3));
  }
  return OK;
}
