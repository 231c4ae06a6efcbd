// Gaussian-process kernels: stationary correlation functions of the scaled distance
// r^2 = sum_k ((a_k - b_k) s_k)^2 (s_k = 1 / length-scale k, one per input: ARD), and the
// sums the gradient of the log likelihood needs. Kinds: 0 squared exponential exp(-r^2/2),
// 1 Matern 3/2 (1 + t) exp(-t) with t = sqrt(3) r, 2 Matern 5/2 (1 + t + t^2/3) exp(-t)
// with t = sqrt(5) r (the conventions of Rasmussen & Williams 2006, ch. 4, and scikit-learn).
import { OK, ERR_SIZE, ERR_POINTER, ERR_VALUE, regionOk } from "./status";
import { ld, st } from "./mem";

const SQRT3: f64 = 1.7320508075688772;
const SQRT5: f64 = 2.23606797749979;

/** The correlation at squared scaled distance r2. */
// @ts-ignore: decorator
@inline
function corr(kind: i32, r2: f64): f64 {
  if (kind == 0) return Math.exp(-0.5 * r2);
  if (kind == 1) {
    const t = SQRT3 * Math.sqrt(r2);
    return (1.0 + t) * Math.exp(-t);
  }
  const t = SQRT5 * Math.sqrt(r2);
  return (1.0 + t + t * t / 3.0) * Math.exp(-t);
}

/**
 * -dk/d(r^2) x 2: the factor g with dk/d(log l_k) = g q_k, q_k = ((a_k - b_k) s_k)^2.
 * Squared exponential exp(-r^2/2); Matern 3/2 3 exp(-t); Matern 5/2 (5/3)(1 + t) exp(-t).
 */
// @ts-ignore: decorator
@inline
function slope(kind: i32, r2: f64): f64 {
  if (kind == 0) return Math.exp(-0.5 * r2);
  if (kind == 1) return 3.0 * Math.exp(-SQRT3 * Math.sqrt(r2));
  const t = SQRT5 * Math.sqrt(r2);
  return (5.0 / 3.0) * (1.0 + t) * Math.exp(-t);
}

// @ts-ignore: decorator
@inline
function dist2(a: usize, b: usize, s: usize, d: i32): f64 {
  let r2 = 0.0;
  for (let k = 0; k < d; k++) {
    const z = (ld(a, k) - ld(b, k)) * ld(s, k);
    r2 += z * z;
  }
  return r2;
}

function argsOk(n: i32, m: i32, d: i32, kind: i32, scale: usize): i32 {
  if (n < 0 || m < 0 || d < 1 || kind < 0 || kind > 2) return ERR_SIZE;
  if (!regionOk(scale, <u64>d << 3, 8)) return ERR_POINTER;
  for (let k = 0; k < d; k++) if (!(ld(scale, k) >= 0.0) || !isFinite(ld(scale, k))) return ERR_VALUE;
  return OK;
}

/**
 * The correlation matrix between the n points a (n x d, row-major) and the m points b (m x d,
 * row-major): out[j n + i] = k(a_i, b_j), i.e. n x m column-major, one column per point of b.
 */
export function gpCorrelation(n: i32, m: i32, d: i32, a: usize, b: usize, scale: usize, kind: i32, out: usize): i32 {
  const s = argsOk(n, m, d, kind, scale);
  if (s != OK) return s;
  if (n == 0 || m == 0) return OK;
  const row = <usize>d << 3;
  if (!regionOk(a, <u64>n * <u64>d << 3, 8) || !regionOk(b, <u64>m * <u64>d << 3, 8) || !regionOk(out, <u64>n * <u64>m << 3, 8)) return ERR_POINTER;
  for (let j = 0; j < m; j++) {
    const bj = b + <usize>j * row, oj = out + (<usize>j * <usize>n << 3);
    for (let i = 0; i < n; i++) st(oj, i, corr(kind, dist2(a + <usize>i * row, bj, scale, d)));
  }
  return OK;
}

/**
 * out[k] = sum_{i,j} w[i n + j] dR_ij/d(log l_k) for the correlation matrix R of the n points x
 * (n x d, row-major) and the symmetric n x n matrix w: the derivatives of a log likelihood
 * 1/2 tr(W dR) with respect to the log length-scales (out has d values).
 */
export function gpGradient(n: i32, d: i32, x: usize, scale: usize, kind: i32, w: usize, out: usize): i32 {
  const s = argsOk(n, n, d, kind, scale);
  if (s != OK) return s;
  const row = <usize>d << 3;
  if (!regionOk(out, <u64>d << 3, 8) || (n > 0 && (!regionOk(x, <u64>n * <u64>d << 3, 8) || !regionOk(w, <u64>n * <u64>n << 3, 8)))) return ERR_POINTER;
  for (let k = 0; k < d; k++) st(out, k, 0.0);
  // Symmetry: twice the strict upper triangle (q_k = 0 on the diagonal).
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>i * row, wi = w + (<usize>i * <usize>n << 3);
    for (let j = i + 1; j < n; j++) {
      const xj = x + <usize>j * row;
      const c = 2.0 * ld(wi, j) * slope(kind, dist2(xi, xj, scale, d));
      for (let k = 0; k < d; k++) {
        const z = (ld(xi, k) - ld(xj, k)) * ld(scale, k);
        st(out, k, ld(out, k) + c * z * z);
      }
    }
  }
  return OK;
}
