// The regularised incomplete beta ratio I_x(a, b) and its complement [4, 5], the beta density,
// their inverses [6] (solved by ./invert.ts), and Student's t quantile built on them.
// References [n] are listed in ../special.ts.
import * as dm from '../../core/detmath.js';
import { argumentsNotNumbers, EPS, log1pmx, TINY } from './common.js';
import { upperQuantile } from './normal.js';
import { betaln, gammaStar, lgamma1p, stirlingCorrection } from './gamma.js';
import { powerTerm } from './incomplete-gamma.js';
import { invertTail } from './invert.js';

// ---------------------------------------------------------------------------------------------
// Regularised incomplete beta function

/**
 * x^a y^b / B(a, b) with y = 1 - x (passed separately so that it keeps its precision near
 * x = 1), in the form of [4]: Gamma*(a+b) / (Gamma*(a) Gamma*(b)) sqrt(ab / (2 pi (a+b)))
 * (xc/a)^a (yc/b)^b, c = a + b, where the last two factors are
 * exp(a log1pmx(D/a) + b log1pmx(-D/b)), D = xb - ya: neither term cancels (both <= 0) and
 * near the mode, where D is small, nothing is lost. Far from the mode each factor is a power
 * (see powerTerm), or both are powers of xc/a and yc/b when a + b is small.
 */
export function betaPrefix(a: number, b: number, x: number, y: number): number {
  if (x === 0 || y === 0) return 0;
  const c = a + b;
  const front = (gammaStar(c) / (gammaStar(a) * gammaStar(b))) * Math.sqrt((a / c) * (b / (2 * Math.PI)));
  if (c < 10) {
    const v = dm.pow((x * c) / a, a) * dm.pow((y * c) / b, b);
    if (v > 1e-280 && v < 1e280) return front * v;
  }
  const d = x * b - y * a;
  const p1 = powerTerm(a, (x * c) / a, d);
  const p2 = powerTerm(b, (y * c) / b, -d);
  if (p1 > 1e-300 && p2 > 1e-300 && p1 * p2 > 1e-300) return front * (p1 * p2);
  // Near underflow: sum the logarithms instead.
  const t1 = d / a;
  const t2 = -d / b;
  const e1 = Math.abs(t1) < 0.5 ? a * log1pmx(t1) : a * (logRatio(x, c, a) - t1);
  const e2 = Math.abs(t2) < 0.5 ? b * log1pmx(t2) : b * (logRatio(y, c, b) - t2);
  return front * dm.exp(e1 + e2);
}

/** log(x c / a), keeping precision when x c / a would leave the normal range. */
function logRatio(x: number, c: number, a: number): number {
  const r = (x * c) / a;
  return r > 1e-290 && r < 1e290 ? dm.log(r) : dm.log(x) + dm.log(c / a);
}

/**
 * The continued fraction for I_x(a, b) a B(a, b) / (x^a y^b) [5] (NR's betacf, modified
 * Lentz): converges quickly for x < (a + 1)/(a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** I_x(a, b) by the continued fraction on the side given (no symmetry applied). */
function betaDirect(a: number, b: number, x: number, y: number): number {
  return (betaPrefix(a, b, x, y) * betaContinuedFraction(a, b, x)) / a;
}

/**
 * ln(Gamma(b + a) / Gamma(b)) without cancellation when a is small: Stirling's series for
 * b >= 10 written as a ln b + b log1pmx(a/b) + (a - 1/2) log1p(a/b) + (corrections), and for
 * smaller b shifted up by the recurrence, subtracting sum ln(1 + a/(b + i)).
 */
function lgammaDelta(a: number, b: number): number {
  let shift = 0;
  while (b < 10) {
    shift += dm.log1p(a / b);
    b += 1;
  }
  const r = a / b;
  const main = a * dm.log(b) + b * log1pmx(r) + (a - 0.5) * dm.log1p(r);
  return main + (stirlingCorrection(b + a) - stirlingCorrection(b)) - shift;
}

/**
 * 1 - I_x(a, b) for a <= 1 and x on the continued fraction's side, where I_x(a, b) is close
 * to 1 (mass piled up near 0), from the power series [4, BPSER]
 * I_x(a, b) = u (1 + a S), u = x^a Gamma(a + b) / (Gamma(a + 1) Gamma(b)),
 * S = sum_{j>=1} (1 - b)_j x^j / (j! (a + j)): 1 - I = -expm1(ln u) - u a S, with ln u
 * formed from pieces that are each O(a), so nothing cancels.
 */
function betaUpperSmallA(a: number, b: number, x: number): number {
  const lnu = a * dm.log(x) + lgammaDelta(a, b) - lgamma1p(a);
  let term = 1;
  let sum = 0;
  for (let j = 1; j < 10000; j++) {
    term *= ((j - b) * x) / j;
    const t = term / (a + j);
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum) || term === 0) break;
  }
  return -dm.expm1(lnu) - dm.exp(lnu) * a * sum;
}

/**
 * I_x(a, b) (lower) or 1 - I_x(a, b) (upper), y = 1 - x given separately. The continued
 * fraction is evaluated where it converges fast, x < (a + 1)/(a + b + 2), else for
 * I_y(b, a) = 1 - I_x(a, b). If the wanted tail is then 1 - (a value above 1/2) and the
 * parameter on that side is <= 1 (heavy skew, where the value can be close to 1), the
 * wanted tail comes from the power series instead, so both tails keep small relative error.
 * (For a parameter > 1 the value is < ~0.87 there, so the complement loses < 3 bits.)
 */
function betaTail(a: number, b: number, x: number, y: number, upper: boolean): number {
  if (x <= 0) return upper ? 1 : 0;
  if (y <= 0) return upper ? 0 : 1;
  const swap = x * (a + b + 2) > a + 1;
  const v = swap ? betaDirect(b, a, y, x) : betaDirect(a, b, x, y); // the tail at the left of the CF's x
  if (swap === upper) return v;
  if (v <= 0.5) return 1 - v;
  if (swap ? b <= 1 : a <= 1) return swap ? betaUpperSmallA(b, a, y) : betaUpperSmallA(a, b, x);
  return 1 - v;
}

/** The regularised incomplete beta function I_x(a, b) (scipy's betainc), a, b > 0, 0 <= x <= 1. */
export function betainc(a: number, b: number, x: number): number {
  if (typeof a !== 'number' || typeof b !== 'number' || typeof x !== 'number') argumentsNotNumbers({ a, b, x });
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1) || a === Infinity || b === Infinity) return NaN;
  return betaTail(a, b, x, 1 - x, false);
}

/** 1 - I_x(a, b) (scipy's betaincc), accurate when it is small. */
export function betaincc(a: number, b: number, x: number): number {
  if (typeof a !== 'number' || typeof b !== 'number' || typeof x !== 'number') argumentsNotNumbers({ a, b, x });
  if (!(a > 0 && b > 0 && x >= 0 && x <= 1) || a === Infinity || b === Infinity) return NaN;
  return betaTail(a, b, x, 1 - x, true);
}

/**
 * I_x(a, b) or its complement given both x and y = 1 - x (each exact where it matters): for
 * the Beta distribution on [low, high], x = (v - low)/(high - low), y = (high - v)/(high - low).
 */
export function betaincXY(a: number, b: number, x: number, y: number, upper: boolean): number {
  return betaTail(a, b, x, y, upper);
}

/** The beta density x^(a-1) y^(b-1) / B(a, b) for 0 < x < 1, y = 1 - x. */
export function betaDensity(a: number, b: number, x: number, y: number): number {
  if (x > 0 && y > 0) {
    const p = betaPrefix(a, b, x, y);
    if (p > 0) return p / x / y;
    return dm.exp((a - 1) * dm.log(x) + (b - 1) * dm.log(y) - betaln(a, b));
  }
  // Endpoints: x^(a-1) is 0, 1 or infinite.
  const [e, other] = x <= 0 ? [a, b] : [b, a];
  if (e < 1) return Infinity;
  if (e > 1) return 0;
  return other; // 1 / B(1, other)
}

// ---------------------------------------------------------------------------------------------
// Inverse incomplete beta

/** First guess for I_x(a, b) = p, p <= 1/2 [6]. */
function betaGuess(a: number, b: number, p: number): number {
  // Lower tail: I_x ~ x^a / (a B(a, b)).
  const xs = dm.exp((dm.log(p) + dm.log(a) + betaln(a, b)) / a);
  if (a > 1 && b > 1) {
    // Normal approximation (Abramowitz & Stegun 26.5.22).
    const yq = upperQuantile(p);
    const r = (yq * yq - 3) / 6;
    const s = 1 / (2 * a - 1);
    const t = 1 / (2 * b - 1);
    const h = 2 / (s + t);
    const w = (yq * Math.sqrt(h + r)) / h - (t - s) * (r + 5 / 6 - 2 / (3 * h));
    const xn = a / (a + b * dm.exp(2 * w));
    if (xn > 0 && xn < 1 && !(xs < 0.1 * xn)) return xn;
  }
  if (xs < 0.5 * (a / (a + b))) return xs;
  return a / (a + b);
}

/**
 * Solves for z in (0, 1/2] the equation T(z) = t, where T is I_z(a, b) (upper = false) or
 * 1 - I_z(a, b) (upper = true); the caller has checked that the solution is at most 1/2, so
 * z keeps full relative precision (the other coordinate 1 - z is then exact).
 */
function betaSolveHalf(a: number, b: number, t: number, upper: boolean): number {
  let z0: number;
  if (!upper) z0 = betaGuess(a, b, t);
  else {
    // I_z(a, b) = 1 - t: near 0 the lower-tail form still holds; else from the mirror image.
    z0 = dm.exp((dm.log1p(-t) + dm.log(a) + betaln(a, b)) / a);
    if (!(z0 > 0 && z0 < 0.5)) z0 = 1 - betaGuess(b, a, t);
  }
  if (!upper && !(z0 > 0)) return 0; // below the smallest double
  return invertTail(
    (z) => betaTail(a, b, z, 1 - z, upper),
    (z) => betaDensity(a, b, z, 1 - z),
    t,
    !upper,
    z0,
    0,
    0.5,
  );
}

/**
 * The solution of I_x(a, b) = p (q = 1 - p is passed too, exactly) as the pair [x, 1 - x]:
 * solved on the smaller tail, min(p, q), and in whichever of x and y = 1 - x is at most 1/2
 * (I_{1/2}(a, b) tells which), so that the smaller of the two has full relative precision
 * and the other is its exact complement.
 */
export function betaincinvPair(a: number, b: number, p: number, q: number): [number, number] {
  if (p === 0) return [0, 1];
  if (q === 0) return [1, 0];
  const lowerTail = p <= q;
  const t = lowerTail ? p : q;
  const half = betaTail(a, b, 0.5, 0.5, !lowerTail);
  // The solution has x <= 1/2 iff the wanted tail at 1/2 is on the far side of t.
  if (lowerTail ? half >= t : half <= t) {
    const x = betaSolveHalf(a, b, t, !lowerTail);
    return [x, 1 - x];
  }
  // In y: I_x(a, b) = 1 - I_y(b, a), so the lower tail in x is the upper tail in y.
  const y = betaSolveHalf(b, a, t, lowerTail);
  return [1 - y, y];
}

/** The inverse of I_x(a, b) in x (scipy's betaincinv): x with I_x(a, b) = p. */
export function betaincinv(a: number, b: number, p: number): number {
  if (typeof a !== 'number' || typeof b !== 'number' || typeof p !== 'number') argumentsNotNumbers({ a, b, p });
  if (!(a > 0 && b > 0 && p >= 0 && p <= 1) || a === Infinity || b === Infinity) return NaN;
  return betaincinvPair(a, b, p, 1 - p)[0];
}

/** The inverse of 1 - I_x(a, b) in x (scipy's betainccinv): x with 1 - I_x(a, b) = q. */
export function betainccinv(a: number, b: number, q: number): number {
  if (typeof a !== 'number' || typeof b !== 'number' || typeof q !== 'number') argumentsNotNumbers({ a, b, q });
  if (!(a > 0 && b > 0 && q >= 0 && q <= 1) || a === Infinity || b === Infinity) return NaN;
  return betaincinvPair(a, b, 1 - q, q)[0];
}

/**
 * Quantile of Student's t distribution with nu > 0 degrees of freedom (scipy.stats.t.ppf):
 * with x = I^{-1}_{2q}(nu/2, 1/2) for the tail q = min(p, 1 - p), |t| = sqrt(nu (1 - x) / x).
 */
export function studentTppf(p: number, nu: number): number {
  if (typeof p !== 'number' || typeof nu !== 'number') argumentsNotNumbers({ p, nu });
  if (!(p >= 0 && p <= 1 && nu > 0)) return NaN;
  if (p === 0.5) return 0;
  const q = Math.min(p, 1 - p);
  if (q === 0) return p > 0.5 ? Infinity : -Infinity;
  const [x, y] = betaincinvPair(nu / 2, 0.5, 2 * q, 1 - 2 * q);
  const t = Math.sqrt((nu * y) / x);
  return p > 0.5 ? t : -t;
}
