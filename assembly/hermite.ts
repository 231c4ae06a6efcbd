// Gauss–Hermite rules (probabilists', standard normal weight, weights summing to 1) for
// large n in O(n^2) work without an eigenvalue solve.
//
// 1. Initial nodes from the WKB (Tricomi) approximation of the Hermite functions: with
//    nu = 2n + 1 and the physicists' variable t = x / sqrt(2) = sqrt(nu) cos(theta), the
//    phase from the turning point is (nu / 2)(theta - sin(theta) cos(theta)), and the k-th
//    largest zero sits where it equals (k - 1/4) pi (the Airy connection at the turning
//    point gives the quarter). theta is solved by Newton's method on that equation.
// 2. Newton's method (with the second-order term from the Hermite equation) on the orthonormal recurrence
//      sqrt(k+1) p_{k+1}(x) = x p_k(x) - sqrt(k) p_{k-1}(x),  p_0 = 1,
//    with p_n' = sqrt(n) p_{n-1}, so a step is p_n / (sqrt(n) p_{n-1}): a ratio, which a
//    common power-of-two scale of (p_{k-1}, p_k) leaves unchanged. The values grow like
//    exp(x^2 / 4) (beyond the double range for n > ~700), so they are rescaled by 2^-300 when
//    they pass 2^300 and the rescalings are counted. Two nodes run side by side in the two
//    lanes of an f64x2.
// 3. Weights w = 1 / (n p_{n-1}(x)^2), exact at the zeros of p_n for the normal probability
//    measure. p_{n-1} is taken at the root x - h (h the last step) by its Taylor series to
//    second order, not at the rounded node: the weight of a far node changes
//    by ~x^2 relative per unit of relative change of x, so the sub-ulp part of the root
//    matters. The counted rescalings are put back as exact powers of two; weights below the
//    double range underflow to 0 or to subnormals.
// The rule is symmetric: the positive nodes are computed and mirrored; an odd rule's middle
// node is exactly 0 (p_k(0) = 0 for odd k).
import { OK, ERR_SIZE, ERR_POINTER, ERR_CONVERGE, regionOk } from "./status";
import { ld, st } from "./mem";

const UP: f64 = reinterpret<f64>(<u64>(1023 + 300) << 52); // 2^300
const DOWN: f64 = reinterpret<f64>(<u64>(1023 - 300) << 52); // 2^-300
const DOWN2: f64 = reinterpret<f64>(<u64>(1023 - 600) << 52); // 2^-600, one rescaling squared
/** Steps between overflow checks: one step grows by at most ~x / sqrt(k) < 2^8 here. */
const BLOCK: i32 = 16;
const MAX_NEWTON: i32 = 16;
/**
 * Iteration stops after a step below this (absolute): the third-order step leaves an error
 * ~ n dx^3, below an ulp of the node for n up to the tens of thousands.
 */
const STEP_TOL: f64 = 1e-7;

/** Initial guess for the k-th largest zero (k = 1, 2, ...) of He_n. */
function initialNode(n: i32, k: i32): f64 {
  const nu = 2.0 * <f64>n + 1.0;
  const c = (4.0 * <f64>k - 1.0) * Math.PI / (2.0 * nu);
  // f(theta) = theta - sin(2 theta) / 2 is increasing and convex on [0, pi/2]; f <= 2 theta^3 / 3
  // makes (3c/2)^(1/3) a start at or left of the root, after which Newton is monotone.
  let th = Math.min(Math.cbrt(1.5 * c), 0.5 * Math.PI);
  for (let i = 0; i < 40; i++) {
    const s2 = Math.sin(2.0 * th);
    const d = 1.0 - Math.cos(2.0 * th);
    if (!(d > 0.0)) break;
    const step = (th - 0.5 * s2 - c) / d;
    th -= step;
    if (Math.abs(step) <= 1e-16 * th) break;
  }
  return Math.SQRT2 * Math.sqrt(nu) * Math.cos(th);
}

/**
 * Fills the n-point rule: ascending nodes and weights (summing to 1). `work` holds 2n f64
 * (the recurrence coefficients 1 / sqrt(k+1) and sqrt(k / (k+1))).
 */
export function hermiteRule(n: i32, nodes: usize, weights: usize, work: usize): i32 {
  if (n < 1 || n > 1 << 24) return ERR_SIZE;
  const bytes = <u64>n << 3;
  if (!regionOk(nodes, bytes, 8) || !regionOk(weights, bytes, 8) || !regionOk(work, bytes << 1, 8)) return ERR_POINTER;
  const ta = work; // 1 / sqrt(k+1)
  const tb = work + (<usize>n << 3); // sqrt(k) / sqrt(k+1)
  for (let k = 0; k < n; k++) {
    const r = 1.0 / Math.sqrt(<f64>(k + 1));
    st(ta, k, r);
    st(tb, k, Math.sqrt(<f64>k) * r);
  }
  const sn = Math.sqrt(<f64>n);
  const sn1 = Math.sqrt(<f64>(n - 1));
  const m = n >> 1; // positive nodes
  if (n & 1) {
    // p_{n-1}(0) by the recurrence on even k: p_{k+2}(0) = -sqrt((k+1)/(k+2)) p_k(0).
    let p = 1.0;
    for (let k = 0; k + 2 <= n - 1; k += 2) p *= -Math.sqrt(<f64>(k + 1) / <f64>(k + 2));
    st(nodes, m, 0.0);
    st(weights, m, 1.0 / (<f64>n * p * p));
  }
  const up = f64x2.splat(UP);
  const down = f64x2.splat(DOWN);
  const one = f64x2.splat(1.0);
  for (let k = 1; k <= m; k += 2) {
    const k2 = k + 1 <= m ? k + 1 : k; // an odd count repeats the last node in lane 1
    let x = f64x2.replace_lane(f64x2.splat(initialNode(n, k)), 1, initialNode(n, k2));
    let q = f64x2.splat(0.0);
    let scale = i64x2.splat(0);
    let converged = false;
    for (let it = 0; it < MAX_NEWTON && !converged; it++) {
      let p0 = f64x2.splat(0.0);
      let p1 = one;
      let cnt = i64x2.splat(0);
      // p_0 .. p_{n-1}: after the loop p1 = p_{n-1}, p0 = p_{n-2}.
      let j = 0;
      while (j < n - 1) {
        const end = min(j + BLOCK, n - 1);
        for (; j < end; j++) {
          const a = v128.load64_splat(ta + (<usize>j << 3));
          const b = v128.load64_splat(tb + (<usize>j << 3));
          const p2 = f64x2.sub(f64x2.mul(f64x2.mul(a, x), p1), f64x2.mul(b, p0));
          p0 = p1;
          p1 = p2;
        }
        const big = f64x2.gt(f64x2.max(f64x2.abs(p0), f64x2.abs(p1)), up);
        const f = v128.bitselect(down, one, big);
        p0 = f64x2.mul(p0, f);
        p1 = f64x2.mul(p1, f);
        cnt = i64x2.sub(cnt, big); // a true lane is -1
      }
      const a = v128.load64_splat(ta + (<usize>(n - 1) << 3));
      const b = v128.load64_splat(tb + (<usize>(n - 1) << 3));
      const pn = f64x2.sub(f64x2.mul(f64x2.mul(a, x), p1), f64x2.mul(b, p0));
      const dx = f64x2.div(pn, f64x2.mul(f64x2.splat(sn), p1));
      // The root to third order: p_n'' = x p_n' - n p_n gives r = x - dx - (x - n dx) dx^2 / 2.
      const h = f64x2.add(dx, f64x2.mul(f64x2.mul(f64x2.sub(x, f64x2.mul(f64x2.splat(<f64>n), dx)), f64x2.mul(dx, dx)), f64x2.splat(0.5)));
      // p_{n-1}(x - h) to second order, with p_{n-1}' = sqrt(n-1) p_{n-2} and
      // p_{n-1}'' = x p_{n-1}' - (n-1) p_{n-1}.
      const d1 = f64x2.mul(f64x2.splat(sn1), p0);
      const d2 = f64x2.sub(f64x2.mul(x, d1), f64x2.mul(f64x2.splat(<f64>(n - 1)), p1));
      q = f64x2.add(f64x2.sub(p1, f64x2.mul(h, d1)), f64x2.mul(f64x2.mul(f64x2.mul(h, h), f64x2.splat(0.5)), d2));
      scale = cnt;
      x = f64x2.sub(x, h);
      converged = Math.abs(f64x2.extract_lane(h, 0)) <= STEP_TOL && Math.abs(f64x2.extract_lane(h, 1)) <= STEP_TOL;
    }
    if (!converged) return ERR_CONVERGE;
    for (let lane = 0; lane < 2; lane++) {
      if (lane == 1 && k2 == k) break;
      const xv = lane == 0 ? f64x2.extract_lane(x, 0) : f64x2.extract_lane(x, 1);
      const qv = lane == 0 ? f64x2.extract_lane(q, 0) : f64x2.extract_lane(q, 1);
      const sc = lane == 0 ? i64x2.extract_lane(scale, 0) : i64x2.extract_lane(scale, 1);
      const r = 1.0 / (sn * qv);
      let w = r * r;
      for (let s: i64 = 0; s < sc; s++) w *= DOWN2; // exact until it underflows
      const i = k + lane; // k-th largest positive node
      st(nodes, n - i, xv);
      st(weights, n - i, w);
      st(nodes, i - 1, -xv);
      st(weights, i - 1, w);
    }
  }
  return OK;
}
