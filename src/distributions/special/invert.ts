// The safeguarded Newton iteration that inverts a tail probability (the inverse incomplete
// gamma and beta ratios, the truncated normal's quantile).
import * as dm from '../../core/detmath.js';
import { EPS } from './common.js';

// ---------------------------------------------------------------------------------------------
// Safeguarded Newton iteration for the inverses

/**
 * Solves T(x) = t for x in [lo, hi], where T is a tail probability (a cdf, rising, or a
 * survival function, falling) and `dens` its density |T'|. Newton steps on ln T(x) - ln t,
 * which is nearly linear in the tails where T spans many decades; a step that leaves the
 * bracket [lo, hi] (narrowed at every evaluation) is replaced by bisection (geometric when
 * the bracket spans decades, doubling outward when it is unbounded).
 */
export function invertTail(
  tail: (x: number) => number,
  dens: (x: number) => number,
  t: number,
  rising: boolean,
  x0: number,
  lo: number,
  hi: number,
): number {
  const logt = dm.log(t);
  let x = x0 > lo && x0 < hi ? x0 : bisect(lo, hi);
  for (let iter = 0; iter < 200; iter++) {
    const T = tail(x);
    if (T === t) return x;
    if (rising === T > t) hi = x;
    else lo = x;
    let next = NaN;
    let g = Infinity;
    if (T > 0) {
      const f = dens(x);
      if (f > 0 && f < Infinity) {
        // ln(T/t) from the ratio where it is representable: the difference of the two
        // logarithms would lose ~|ln t| eps near the solution.
        const r = T / t;
        g = r > 1e-300 && r < 1e300 ? dm.log(r) : dm.log(T) - logt;
        const step = (g * T) / f;
        next = rising ? x - step : x + step;
      }
    }
    // Converged: the step is below rounding, or T matches t to the accuracy T has (beyond
    // which steps only follow rounding noise, where T is ill-conditioned in x).
    if (Math.abs(next - x) <= 4 * EPS * Math.abs(x) || Math.abs(g) <= 16 * EPS) {
      return next >= lo && next <= hi ? next : x;
    }
    if (!(next > lo && next < hi)) {
      next = bisect(lo, hi);
      if (next === lo || next === hi) return x;
    }
    x = next;
  }
  return x;
}

function bisect(lo: number, hi: number): number {
  if (hi === Infinity) return lo >= 1 ? 4 * lo : lo + 4;
  if (lo === -Infinity) return hi <= -1 ? 4 * hi : hi - 4;
  if (lo > 0 && hi > 8 * lo) return Math.sqrt(lo) * Math.sqrt(hi);
  if (lo === 0 && hi > 0) return hi < 1e-300 ? hi / 2 : hi / 16;
  return lo + (hi - lo) / 2;
}
