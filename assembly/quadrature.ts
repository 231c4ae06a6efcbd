// One-dimensional quadrature rules.
//
// Gauss rules come from the recurrence coefficients of the measure's orthogonal polynomials,
//   pi_{k+1}(x) = (x - a_k) pi_k(x) - b_k pi_{k-1}(x),   b_0 = total mass,
// in three steps:
// 1. nodes: eigenvalues of the Jacobi matrix (diagonal a_0..a_{n-1}, off-diagonal
//    sqrt(b_1..b_{n-1})) by implicit QL (Golub & Welsch, Math. Comp. 23, 1969);
// 2. each node polished by Newton's method on pi_n, evaluated by the recurrence (never through
//    monomial coefficients), so that nodes near zero keep full relative accuracy;
// 3. weights from the Christoffel function, w_i = 1 / sum_k p_k(x_i)^2 over the orthonormal
//    polynomials p_0..p_{n-1}: a sum of positive terms, so tiny tail weights keep full
//    relative accuracy (eigenvector components would only be accurate to ~1e-16 absolute).
// Both evaluations rescale by powers of two as they go, so n in the thousands neither
// overflows nor loses weights that are representable.
//
// Recurrence coefficients of measures without closed forms come from a discretisation of the
// measure by the Stieltjes procedure (Gautschi, "Orthogonal Polynomials", 2004, §2.2.3),
// run as Lanczos on the discrete measure with local reorthogonalisation.
//
// Nested rules on [-1, 1] with probability weights: Clenshaw–Curtis and Fejér's second rule,
// by their explicit cosine/sine sums (Waldvogel, BIT 46, 2006) from exact angle tables.
import { OK, ERR_SIZE, ERR_POINTER, ERR_VALUE, regionOk } from "./status";
import { ld, st } from "./mem";
import { tridiagonalEigenvalues, solveDense } from "./linalg";

// Powers of two for rescaling the recurrences (exact bit patterns).
const BIG: f64 = reinterpret<f64>(<u64>(1023 + 1000) << 52); // 2^1000
const SMALL: f64 = reinterpret<f64>(<u64>(1023 - 1000) << 52); // 2^-1000
const HALF_BIG: f64 = reinterpret<f64>(<u64>(1023 + 500) << 52); // 2^500
const HALF_SMALL: f64 = reinterpret<f64>(<u64>(1023 - 500) << 52); // 2^-500

/** pi_n(x) / pi_n'(x) for the monic polynomials of the recurrence (a, b): one Newton step. */
function newtonStep(n: i32, a: usize, b: usize, x: f64): f64 {
  let p0 = 0.0, p1 = 1.0, d0 = 0.0, d1 = 0.0;
  for (let k = 0; k < n; k++) {
    const t = x - ld(a, k);
    const bk = k > 0 ? ld(b, k) : 0.0;
    const p2 = t * p1 - bk * p0;
    const d2 = p1 + t * d1 - bk * d0;
    p0 = p1; p1 = p2; d0 = d1; d1 = d2;
    // The recurrence is linear and homogeneous in (p0, p1, d0, d1): a common scale is free.
    // Monic polynomials of a narrow measure shrink like (spread/2)^k, of a wide one grow.
    const m = Math.max(Math.abs(p1), Math.abs(d1));
    if (m > BIG) {
      p0 *= SMALL; p1 *= SMALL; d0 *= SMALL; d1 *= SMALL;
    } else if (m < SMALL && m > 0.0) {
      p0 *= BIG; p1 *= BIG; d0 *= BIG; d1 *= BIG;
    }
  }
  return p1 / d1;
}

/**
 * The Christoffel function 1 / sum_{k<n} p_k(x)^2 for the orthonormal polynomials of (a, b),
 * where sb[k] = sqrt(b_k), evaluated at the root x - dx whose double approximation is x
 * (dx the last Newton correction, below one ulp of x): near the ends of the support the
 * weight changes by up to ~1e-13 relative across one ulp of the node, so the sub-ulp part
 * is applied to first order through the derivative of the sum. p_0 = 1 / sqrt(b_0), so the
 * weights sum to b_0.
 */
function christoffel(n: i32, a: usize, sb: usize, x: f64, dx: f64): f64 {
  let q0 = 0.0, q1 = 1.0 / ld(sb, 0);
  let d0 = 0.0, d1 = 0.0; // derivatives
  let s = q1 * q1;
  let ds = 0.0; // d/dx of the sum
  let scaled = 0;
  for (let k = 0; k < n - 1; k++) {
    const t = x - ld(a, k);
    const c = k > 0 ? ld(sb, k) : 0.0;
    const inv = 1.0 / ld(sb, k + 1);
    const q2 = (t * q1 - c * q0) * inv;
    const d2 = (q1 + t * d1 - c * d0) * inv;
    q0 = q1; q1 = q2; d0 = d1; d1 = d2;
    s += q1 * q1;
    ds += 2.0 * q1 * d1;
    if (Math.abs(q1) > HALF_BIG || Math.abs(d1) > HALF_BIG) { // squares and products stay finite
      q0 *= HALF_SMALL; q1 *= HALF_SMALL;
      d0 *= HALF_SMALL; d1 *= HALF_SMALL;
      s *= SMALL; ds *= SMALL;
      scaled++;
    }
  }
  let w = 1.0 / s;
  w *= 1.0 + w * ds * dx; // w(x - dx) = w(x) + w(x)^2 S'(x) dx to first order
  for (let i = 0; i < scaled; i++) w *= SMALL; // underflows to 0 where the weight is not representable
  return w;
}

/**
 * The n-point Gauss rule of the measure with recurrence coefficients a[0..n-1], b[0..n-1]
 * (b_0 = mass). Writes ascending nodes and weights (summing to b_0). `work` holds n f64.
 * `symmetric` != 0 declares the measure symmetric about 0: nodes and weights are then made
 * exactly symmetric (and the middle node of an odd rule exactly 0).
 */
export function gaussRule(n: i32, a: usize, b: usize, nodes: usize, weights: usize, work: usize, symmetric: i32): i32 {
  if (n < 1) return ERR_SIZE;
  const bytes = <u64>n << 3;
  if (!regionOk(a, bytes, 8) || !regionOk(b, bytes, 8) || !regionOk(nodes, bytes, 8) || !regionOk(weights, bytes, 8) || !regionOk(work, bytes, 8)) return ERR_POINTER;
  for (let k = 0; k < n; k++) {
    if (!isFinite(ld(a, k)) || !(ld(b, k) > 0.0) || !isFinite(ld(b, k))) return ERR_VALUE;
  }
  // 1. Eigenvalues of the Jacobi matrix. For a symmetric measure (a = 0) the eigenvalues
  //    are +-sqrt of those of the tridiagonal m x m matrix B^T B, m = floor(n/2), B the
  //    bidiagonal block of the even/odd permutation: diagonal b_{2j+1} + b_{2j+2}, off-diagonal
  //    sqrt(b_{2j+2} b_{2j+3}) — a quarter of the work.
  if (symmetric != 0) {
    const m = n >> 1;
    for (let j = 0; j < m; j++) {
      st(nodes, j, ld(b, 2 * j + 1) + (2 * j + 2 < n ? ld(b, 2 * j + 2) : 0.0));
      st(work, j, 2 * j + 3 < n ? Math.sqrt(ld(b, 2 * j + 2) * ld(b, 2 * j + 3)) : 0.0);
    }
    const status = tridiagonalEigenvalues(m, nodes, work);
    if (status != OK) return status;
    // nodes[0..m-1] ascending lambda; spread into -sqrt(lambda) descending... ascending x.
    for (let j = 0; j < m; j++) st(work, j, Math.sqrt(Math.max(ld(nodes, j), 0.0)));
    for (let i = 0; i < m; i++) {
      const v = ld(work, m - 1 - i);
      st(nodes, i, -v);
      st(nodes, n - 1 - i, v);
    }
    if (n & 1) st(nodes, m, 0.0);
  } else {
    for (let k = 0; k < n; k++) {
      st(nodes, k, ld(a, k));
      st(work, k, k + 1 < n ? Math.sqrt(ld(b, k + 1)) : 0.0);
    }
    const status = tridiagonalEigenvalues(n, nodes, work);
    if (status != OK) return status;
  }
  // 2. Newton polishing, each node kept inside the half-gaps to its neighbours' eigenvalues
  //    so that it cannot jump to another root; stops at the last bit or when a step no
  //    longer shrinks. A symmetric rule polishes its non-positive half and mirrors it.
  const half = symmetric != 0 ? (n + 1) >> 1 : n;
  let prevEig = -Infinity;
  for (let i = 0; i < half; i++) {
    const eig = ld(nodes, i);
    const lo = i > 0 ? 0.5 * (prevEig + eig) : -Infinity;
    const hi = i + 1 < n ? 0.5 * (eig + ld(nodes, i + 1)) : Infinity;
    let x = eig;
    let last = Infinity;
    let rest = 0.0; // the root's sub-ulp offset from x, once resolved: used by the weights
    for (let it = 0; it < 12; it++) {
      const dx = newtonStep(n, a, b, x);
      const xn = x - dx;
      // Done when x is the root rounded to a double, or when steps stop shrinking (rounding
      // noise of the evaluation): the remainder, if below an ulp, corrects the weight.
      if (xn == x || !(Math.abs(dx) < last)) {
        if (Math.abs(dx) <= f64.EPSILON * Math.abs(x)) rest = dx;
        break;
      }
      if (!(xn > lo && xn < hi)) break;
      x = xn;
      last = Math.abs(dx);
    }
    prevEig = eig;
    st(nodes, i, x);
    st(weights, i, rest);
  }
  if (symmetric != 0) {
    for (let i = 0; i < n >> 1; i++) st(nodes, n - 1 - i, -ld(nodes, i));
    if (n & 1) st(nodes, n >> 1, 0.0);
  }
  // 3. Christoffel weights; work now holds sqrt(b_k).
  for (let k = 0; k < n; k++) st(work, k, Math.sqrt(ld(b, k)));
  for (let i = 0; i < half; i++) {
    const x = ld(nodes, i);
    st(weights, i, christoffel(n, a, work, x, ld(weights, i)));
  }
  if (symmetric != 0) {
    for (let i = 0; i < n >> 1; i++) st(weights, n - 1 - i, ld(weights, i));
  }
  return OK;
}

/**
 * Recurrence coefficients a[0..n-1], b[0..n-1] of the discrete measure sum_j w_j delta(x_j)
 * (m points, weights >= 0) by the Stieltjes procedure in its Lanczos form: q_k = sqrt(w) p_k
 * are unit vectors, so nothing overflows. `work` holds 2m f64. ERR_VALUE when n exceeds the
 * number of points with positive weight (b_k would be 0: a residual at rounding level) or an
 * input is not finite.
 */
export function stieltjes(m: i32, x: usize, w: usize, n: i32, a: usize, b: usize, work: usize): i32 {
  if (m < 1 || n < 1) return ERR_SIZE;
  const mb = <u64>m << 3;
  if (!regionOk(x, mb, 8) || !regionOk(w, mb, 8) || !regionOk(a, <u64>n << 3, 8) || !regionOk(b, <u64>n << 3, 8) || !regionOk(work, mb << 1, 8)) return ERR_POINTER;
  let mass = 0.0;
  let second = 0.0;
  for (let j = 0; j < m; j++) {
    const wj = ld(w, j);
    const xj = ld(x, j);
    if (!isFinite(xj) || !(wj >= 0.0) || !isFinite(wj)) return ERR_VALUE;
    mass += wj;
    second += wj * xj * xj;
  }
  if (!(mass > 0.0)) return ERR_VALUE;
  const xscale = Math.sqrt(second / mass); // root mean square of the measure
  let q = work;
  let r = work + (<usize>m << 3); // q_{k-1}, then overwritten by the next residual
  for (let j = 0; j < m; j++) {
    st(q, j, Math.sqrt(ld(w, j) / mass));
    st(r, j, 0.0);
  }
  st(b, 0, mass);
  let sb = 0.0; // sqrt(b_k), 0 for k = 0
  for (let k = 0; k < n; k++) {
    let alpha = 0.0;
    for (let j = 0; j < m; j++) {
      const qj = ld(q, j);
      alpha += ld(x, j) * qj * qj;
    }
    let delta = 0.0;
    for (let j = 0; j < m; j++) {
      const v = (ld(x, j) - alpha) * ld(q, j) - sb * ld(r, j);
      st(r, j, v);
      delta += v * ld(q, j);
    }
    alpha += delta;
    st(a, k, alpha);
    if (k == n - 1) break;
    let beta = 0.0;
    for (let j = 0; j < m; j++) {
      const v = ld(r, j) - delta * ld(q, j);
      st(r, j, v);
      beta += v * v;
    }
    // A residual at rounding level means the measure has no more support points.
    const floor = 64.0 * f64.EPSILON * Math.max(xscale, Math.abs(alpha));
    if (!(beta > floor * floor) || !isFinite(beta)) return ERR_VALUE;
    st(b, k + 1, beta);
    sb = Math.sqrt(beta);
    const inv = 1.0 / sb;
    for (let j = 0; j < m; j++) st(r, j, ld(r, j) * inv);
    const t = q; q = r; r = t; // q is now q_{k+1}; r holds q_k, the next step's q_{k-1}
  }
  return OK;
}

/**
 * p_0(x) .. p_deg(x), the orthonormal polynomials of the recurrence (a, b), written to
 * out[0], out[step], out[2 step], ... (no checks: callers validate).
 */
// @ts-ignore: decorator
@inline
export function orthonormalAt(deg: i32, a: usize, b: usize, x: f64, out: usize, step: i32): void {
  let q0 = 0.0;
  let q1 = 1.0 / Math.sqrt(ld(b, 0));
  st(out, 0, q1);
  for (let k = 0; k < deg; k++) {
    const q2 = ((x - ld(a, k)) * q1 - (k > 0 ? Math.sqrt(ld(b, k)) * q0 : 0.0)) / Math.sqrt(ld(b, k + 1));
    q0 = q1; q1 = q2;
    st(out, (k + 1) * step, q1);
  }
}

/**
 * Interpolatory weights for the nodes x[0..n-1] with respect to the measure of the
 * recurrence (a, b) (needs n coefficients): solves sum_i w_i p_j(x_i) = int p_j for
 * j < n in the orthonormal basis (well conditioned where a Vandermonde matrix is not).
 * `work` holds n*n + 2n f64. ERR_CONVERGE if two nodes coincide.
 */
export function interpolatoryWeights(n: i32, x: usize, a: usize, b: usize, weights: usize, work: usize): i32 {
  if (n < 1) return ERR_SIZE;
  const nb = <u64>n << 3;
  if (!regionOk(x, nb, 8) || !regionOk(a, nb, 8) || !regionOk(b, nb, 8) || !regionOk(weights, nb, 8) || !regionOk(work, nb * <u64>(n + 2), 8)) return ERR_POINTER;
  for (let k = 0; k < n; k++) {
    if (!isFinite(ld(x, k)) || !isFinite(ld(a, k)) || !(ld(b, k) > 0.0)) return ERR_VALUE;
  }
  const v = work; // V[j][i] = p_j(x_i)
  for (let i = 0; i < n; i++) orthonormalAt(n - 1, a, b, ld(x, i), v + (<usize>i << 3), n);
  for (let j = 0; j < n; j++) st(weights, j, j == 0 ? Math.sqrt(ld(b, 0)) : 0.0);
  return solveDense(n, v, weights, 1);
}

/**
 * Clenshaw–Curtis rule with n points on [-1, 1], probability weights (sum 1), nodes
 * ascending: x_j = -cos(j pi / N), N = n - 1. Angles are j * (pi / N): for N a power of two
 * the nodes shared with a coarser rule are bit-identical to it. `work` holds 2N f64.
 */
export function clenshawCurtis(n: i32, nodes: usize, weights: usize, work: usize): i32 {
  if (n < 1) return ERR_SIZE;
  const nb = <u64>n << 3;
  if (!regionOk(nodes, nb, 8) || !regionOk(weights, nb, 8) || (n > 1 && !regionOk(work, <u64>(2 * (n - 1)) << 3, 8))) return ERR_POINTER;
  if (n == 1) {
    st(nodes, 0, 0.0);
    st(weights, 0, 1.0);
    return OK;
  }
  const N = n - 1;
  const step = Math.PI / <f64>N;
  for (let m = 0; m < 2 * N; m++) st(work, m, Math.cos(<f64>m * step)); // cos(m pi / N)
  for (let j = 0; j <= N; j++) {
    let s = 0.0;
    const half = N >> 1;
    for (let k = 1; k <= half; k++) {
      const bk = 2 * k == N ? 1.0 : 2.0;
      s += bk / <f64>(4 * k * k - 1) * ld(work, <i32>((<i64>(2 * k) * <i64>j) % <i64>(2 * N)));
    }
    const c = j == 0 || j == N ? 1.0 : 2.0;
    st(weights, j, 0.5 * c / <f64>N * (1.0 - s));
  }
  for (let j = 0; j <= N >> 1; j++) {
    const x = Math.cos(<f64>j * step);
    st(nodes, j, -x);
    st(nodes, N - j, x);
    const w = 0.5 * (ld(weights, j) + ld(weights, N - j));
    st(weights, j, w);
    st(weights, N - j, w);
  }
  if ((N & 1) == 0) st(nodes, N >> 1, 0.0);
  return OK;
}

/**
 * Fejér's second rule with n points on [-1, 1] (the interior Clenshaw–Curtis nodes of
 * N = n + 1 intervals), probability weights, nodes ascending. `work` holds 2N f64.
 */
export function fejer2(n: i32, nodes: usize, weights: usize, work: usize): i32 {
  if (n < 1) return ERR_SIZE;
  const nb = <u64>n << 3;
  if (!regionOk(nodes, nb, 8) || !regionOk(weights, nb, 8) || !regionOk(work, <u64>(2 * (n + 1)) << 3, 8)) return ERR_POINTER;
  const N = n + 1;
  const step = Math.PI / <f64>N;
  for (let m = 0; m < 2 * N; m++) st(work, m, Math.sin(<f64>m * step)); // sin(m pi / N)
  const terms = (n + 1) >> 1;
  for (let j = 1; j <= n; j++) {
    let s = 0.0;
    for (let k = 1; k <= terms; k++) {
      s += ld(work, <i32>((<i64>(2 * k - 1) * <i64>j) % <i64>(2 * N))) / <f64>(2 * k - 1);
    }
    st(weights, j - 1, 2.0 * ld(work, j) / <f64>N * s);
  }
  for (let j = 1; j <= (n + 1) >> 1; j++) {
    const x = Math.cos(<f64>j * step);
    st(nodes, j - 1, -x);
    st(nodes, n - j, x);
    const w = 0.5 * (ld(weights, j - 1) + ld(weights, n - j));
    st(weights, j - 1, w);
    st(weights, n - j, w);
  }
  if (n & 1) st(nodes, n >> 1, 0.0);
  return OK;
}

/**
 * Values of the orthonormal polynomials p_0..p_{deg} of the recurrence (a, b) (deg + 1
 * coefficients) at m points: out[i * (deg + 1) + k] = p_k(x_i).
 */
export function orthonormalValues(deg: i32, a: usize, b: usize, m: i32, x: usize, out: usize): i32 {
  if (deg < 0 || m < 0) return ERR_SIZE;
  const nb = <u64>(deg + 1) << 3;
  if (!regionOk(a, nb, 8) || !regionOk(b, nb, 8) || !regionOk(x, <u64>m << 3, 8) || !regionOk(out, nb * <u64>m, 8)) return ERR_POINTER;
  for (let k = 0; k <= deg; k++) if (!isFinite(ld(a, k)) || !(ld(b, k) > 0.0)) return ERR_VALUE;
  const stride = deg + 1;
  for (let i = 0; i < m; i++) orthonormalAt(deg, a, b, ld(x, i), out + (<usize>(i * stride) << 3), 1);
  return OK;
}

