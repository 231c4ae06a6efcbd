// The regularised incomplete gamma functions P(a, x) and Q(a, x) [3, 5], the gamma density, and
// their inverses in x [6] (solved by ./invert.ts). References [n] are listed in ../special.ts.
import * as dm from '../../core/detmath.js';
import { argumentsNotNumbers, EPS, log1pmx, TINY } from './common.js';
import { upperQuantile } from './normal.js';
import { gamma, gammaln, gammaStar, lgamma1p } from './gamma.js';
import { invertTail } from './invert.js';

// ---------------------------------------------------------------------------------------------
// Regularised incomplete gamma function

/**
 * exp(a (ln(lambda) - lambda + 1)) = (lambda e^(1 - lambda))^a, given lambda and
 * at = a (lambda - 1) (which the caller has accurately): by log1pmx near lambda = 1; far
 * from 1, where the exponent is large, as a power of lambda e^(1 - lambda) when that base is
 * small (error ~(a + 1) eps instead of |exponent| eps), else as exp(a ln(lambda) - at).
 */
export function powerTerm(a: number, lambda: number, at: number): number {
  const t = at / a;
  if (Math.abs(t) < 0.5) return dm.exp(a * log1pmx(t));
  const base = lambda * dm.exp(-t);
  if (base > 0 && base < 0.1353352832366127) return dm.pow(base, a); // base < e^-2
  if (lambda > 1e-290) return dm.exp(a * dm.log(lambda) - at);
  return 0;
}

/**
 * x^a e^-x / Gamma(a), x >= 0, a > 0, with small relative error: directly for a < 10, and for
 * larger a as sqrt(a / 2 pi) (lambda e^(1 - lambda))^a / Gamma*(a), lambda = x/a [3], which
 * avoids the cancellation between a ln x, x and ln Gamma(a).
 */
function gammaPrefix(a: number, x: number): number {
  if (x === 0) return 0;
  if (x === Infinity) return 0;
  if (a < 10) {
    if (x > 1500) return 0; // x^a e^-x < 1500^10 e^-1500 underflows
    // e^-x in two halves beyond 700, so that no factor goes subnormal before the result does.
    const v = x < 700 ? (dm.pow(x, a) / gamma(a)) * dm.exp(-x) : (dm.pow(x, a) / gamma(a)) * dm.exp(-x / 2) * dm.exp(-x / 2);
    if (v >= 2.2250738585072014e-308 && v < Infinity) return v;
    return dm.exp(a * dm.log(x) - x - gammaln(a));
  }
  const lambda = x / a;
  const p = powerTerm(a, lambda, x - a);
  if (p === 0 && lambda < 1 && lambda > 0) {
    // (lambda e^(1-lambda))^a underflowed; the prefix itself may still be representable.
    return dm.exp(a * (dm.log(x) - dm.log(a)) - (x - a) + 0.5 * dm.log(a / (2 * Math.PI)) - dm.log(gammaStar(a)));
  }
  return (p * Math.sqrt(a / (2 * Math.PI))) / gammaStar(a);
}

/** sum_{n>=0} x^n / ((a+1)...(a+n)): P(a, x) = x^a e^-x / Gamma(a + 1) times this. */
function gammaSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  let ap = a;
  for (let n = 0; n < 100000; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * Legendre's continued fraction for Gamma(a, x) e^x x^-a [5] by the modified Lentz method:
 * 1/(x + 1 - a - 1(1 - a)/(x + 3 - a - 2(2 - a)/(x + 5 - a - ...))).
 */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Q(a, x) for a < 1 and x <= 1.5, where P is close to 1 [3]:
 * Q = 1 - u (1 + a sum_{n>=1} (-x)^n / (n! (a + n))), u = x^a / Gamma(1 + a), with
 * 1 - u = (Gamma(1 + a) - 1 - expm1(a ln x)) / Gamma(1 + a) so that nothing cancels.
 */
function gammaQSmallA(a: number, x: number): number {
  const lg = lgamma1p(a);
  const g1 = dm.exp(lg); // Gamma(1 + a)
  const oneMinusU = (dm.expm1(lg) - dm.expm1(a * dm.log(x))) / g1;
  const u = dm.exp(a * dm.log(x) - lg);
  let sum = 0;
  let term = 1;
  for (let n = 1; n < 200; n++) {
    term *= -x / n;
    const t = term / (a + n);
    sum += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
  }
  return oneMinusU - u * a * sum;
}

/**
 * P(a, x) (upper = false) or Q(a, x) (upper = true), each with small relative error [3]:
 * P from its series (positive terms) when x < a, or x <= 1.5 for a < 1; Q from Legendre's
 * continued fraction beyond (there Q < 1/2). Q below that is 1 - P when P <= 1/2, else it
 * comes from the continued fraction (a >= 1; it converges for x near a too) or from the
 * small-a form (a < 1, where P is close to 1 even for small x).
 */
function gammaTail(a: number, x: number, upper: boolean): number {
  if (a < 1 ? x <= 1.5 : x < a) {
    const p = (gammaPrefix(a, x) / a) * gammaSeries(a, x);
    if (!upper) return p;
    if (p <= 0.5) return 1 - p;
    return a < 1 ? gammaQSmallA(a, x) : gammaPrefix(a, x) * gammaContinuedFraction(a, x);
  }
  const q = gammaPrefix(a, x) * gammaContinuedFraction(a, x);
  return upper ? q : 1 - q;
}

/**
 * The regularised lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a) (scipy's
 * gammainc), a > 0, x >= 0, with small relative error also far in the lower tail.
 */
export function gammainc(a: number, x: number): number {
  if (typeof a !== 'number' || typeof x !== 'number') argumentsNotNumbers({ a, x });
  if (!(a > 0) || !(x >= 0) || a === Infinity) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return gammaTail(a, x, false);
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x) (scipy's gammaincc),
 * with small relative error also far in the upper tail.
 */
export function gammaincc(a: number, x: number): number {
  if (typeof a !== 'number' || typeof x !== 'number') argumentsNotNumbers({ a, x });
  if (!(a > 0) || !(x >= 0) || a === Infinity) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return gammaTail(a, x, true);
}

/** The gamma density x^(a-1) e^-x / Gamma(a) for x > 0. */
export function gammaDensity(a: number, x: number): number {
  return gammaPrefix(a, x) / x;
}

// ---------------------------------------------------------------------------------------------
// Inverse incomplete gamma

/** First guess for the solution of P(a, x) = p (lower) or Q(a, x) = q (upper) [6]. */
function gammaGuess(a: number, t: number, lower: boolean): number {
  const z = lower ? -upperQuantile(Math.min(t, 0.5)) : upperQuantile(Math.min(t, 0.5));
  if (lower) {
    // Deep lower tail: P ~ x^a / Gamma(a + 1).
    const xs = dm.exp((dm.log(t) + gammaln(a + 1)) / a);
    if (a < 1 || xs < 0.2 * a) return xs;
  }
  const s = 1 / (9 * a);
  const w = 1 - s + z * Math.sqrt(s);
  if (w > 0 && a >= 0.5) return a * w * w * w;
  if (lower) return dm.exp((dm.log(t) + gammaln(a + 1)) / a);
  // Upper tail, small a: Q ~ x^(a-1) e^-x / Gamma(a).
  let x = Math.max(1, -dm.log(t));
  const lg = gammaln(a);
  for (let i = 0; i < 4; i++) x = Math.max(1e-3, -dm.log(t) - lg + (a - 1) * dm.log(x));
  return x;
}

/**
 * The inverse of P(a, x) in x (scipy's gammaincinv): x with P(a, x) = p. Solves on the
 * smaller tail (P = p for p <= 1/2, else Q = 1 - p), so both tails keep their precision.
 */
export function gammaincinv(a: number, p: number): number {
  if (typeof a !== 'number' || typeof p !== 'number') argumentsNotNumbers({ a, p });
  if (!(a > 0) || !(p >= 0 && p <= 1) || a === Infinity) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  return p <= 0.5 ? gammaInvLower(a, p) : gammaInvUpper(a, 1 - p);
}

/** The inverse of Q(a, x) in x (scipy's gammainccinv): x with Q(a, x) = q. */
export function gammainccinv(a: number, q: number): number {
  if (typeof a !== 'number' || typeof q !== 'number') argumentsNotNumbers({ a, q });
  if (!(a > 0) || !(q >= 0 && q <= 1) || a === Infinity) return NaN;
  if (q === 0) return Infinity;
  if (q === 1) return 0;
  return q <= 0.5 ? gammaInvUpper(a, q) : gammaInvLower(a, 1 - q);
}

function gammaInvLower(a: number, p: number): number {
  const x0 = gammaGuess(a, p, true);
  if (x0 === 0) return 0;
  return invertTail((x) => gammainc(a, x), (x) => gammaDensity(a, x), p, true, x0, 0, Infinity);
}

function gammaInvUpper(a: number, q: number): number {
  const x0 = gammaGuess(a, q, false);
  return invertTail((x) => gammaincc(a, x), (x) => gammaDensity(a, x), q, false, x0, 0, Infinity);
}
