// Special functions for the parameter distributions: the error function and the normal
// distribution, the gamma function, and the regularised incomplete gamma and beta functions
// with their inverses. Written for uqkit in plain TypeScript (no dependency), so that
// `uqkit/browser` can load them in a browser without a bundler, and so that both tails are
// accurate to a few units in the last place where the problem allows it.
//
// The conventions and names follow scipy.special. Every function returns NaN for NaN or
// out-of-domain arguments instead of throwing; the distributions validate their parameters.
// An argument that is not a number (a string, a bigint, null) is never converted: the
// exported functions throw InvalidArgumentError naming it (one typeof test per argument).
//
// References:
// [1] M. J. Wichura, Algorithm AS 241: The percentage points of the normal distribution,
//     Applied Statistics 37(3), 477-484 (1988) — the coefficients of ndtri's first guess.
// [2] P.-S. Laplace's continued fraction for the Mills ratio; Abramowitz & Stegun 26.2.14.
//     The Mills ratio R(x) = Q(x)/phi(x) satisfies R' = xR - 1, which gives the Taylor
//     coefficients used on [0, 6.125] around a table of R at multiples of 1/4 (computed with
//     mpmath at 50 digits: `python3 scripts/fixtures/distributions.py --tables`).
// [3] A. R. DiDonato and A. H. Morris, Computation of the incomplete gamma function ratios
//     and their inverse, ACM TOMS 12(4), 377-393 (1986) — the choice of series, continued
//     fraction and the small-a form of Q, and the scaled prefix x^a e^-x / Gamma(a).
// [4] A. R. DiDonato and A. H. Morris, Algorithm 708: Significant digit computation of the
//     incomplete beta function ratios, ACM TOMS 18(3), 360-373 (1992) — the prefix
//     x^a y^b / B(a, b) written with Stirling's series so that large a, b lose nothing.
// [5] W. H. Press et al., Numerical Recipes, 3rd ed., 6.2 and 6.4 — Legendre's continued
//     fraction for Gamma(a, x) and the continued fraction for I_x(a, b), evaluated with the
//     modified Lentz method.
// [6] E. B. Wilson and M. M. Hilferty (1931) and K. L. Majumder and G. P. Bhattacharjee,
//     Algorithm AS 64/AS 109 (1973) — first guesses for the inverse gamma and beta ratios,
//     refined here by a safeguarded Newton iteration on the logarithm of the smaller tail.
// [7] DLMF 5.7.3 (series of ln Gamma(1 + z) in zeta values) and 5.11.1 (Stirling's series).
//
// Every exp, log, log1p, expm1, pow and sin(pi x) here is src/core/detmath.ts's, not Math's:
// engines round Math's functions differently in the last bit, and these values feed every
// distribution's ppf (toPhysical), which must give the same bits in Node and in browsers.
import { notNumber } from './distribution.js';
import * as dm from '../core/detmath.js';

const EPS = 2.220446049250313e-16;
const TINY = 1e-300;
/** sqrt(2 pi) */
const SQRT_2PI = 2.5066282746310002;
/** ln sqrt(2 pi) */
/** Throws for the first of several arguments (by name) that is not a number. */
function argumentsNotNumbers(args: Readonly<Record<string, unknown>>): never {
  for (const [k, v] of Object.entries(args)) if (typeof v !== 'number') notNumber(k, v);
  throw new Error('argumentsNotNumbers: every argument is a number');
}

const LN_SQRT_2PI = 0.9189385332046728;
/** 2 / sqrt(pi) */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** sqrt(2 / pi) */
const SQRT_2_OVER_PI = 0.7978845608028654;
/** Euler's constant gamma. */
const EULER = 0.5772156649015329;

// ---------------------------------------------------------------------------------------------
// Helpers

/** 2^27 + 1: Veltkamp's constant for splitting a double into two 26-bit halves. */
const SPLITTER = 134217729;

/**
 * exp(-s * x^2) for s = 1 or 1/2, without the relative error s x^2 eps that rounding x*x
 * would cause (x = 26 would otherwise lose 9 bits): x = hi + lo with hi^2 exact.
 */
function expNegSq(x: number, s: number): number {
  x = Math.abs(x);
  if (x < 1) return dm.exp(-s * x * x);
  if (x > 40) return 0;
  const c = SPLITTER * x;
  const hi = c - (c - x);
  const lo = x - hi;
  return dm.exp(-s * hi * hi) * dm.exp(-s * lo * (hi + hi + lo));
}

/** a * b as p + e exactly (Dekker's product; |a|, |b| < 1e150). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/**
 * exp(-(u d + d^2/2)) = phi(u + d) / phi(u), with the exponent formed exactly (as a sum of
 * two exact products), so that its rounding (~|exponent| eps) does not enter the result.
 * For the truncated normal, where u and d come from x without rounding.
 */
export function expNegQuadratic(u: number, d: number): number {
  if (!(Math.abs(u) < 1e150 && Math.abs(d) < 1e150)) return dm.exp(-(u * d + 0.5 * d * d));
  const [p1, e1] = twoProduct(u, d);
  const [p2, e2] = twoProduct(d, 0.5 * d);
  const s = p1 + p2;
  const bb = s - p1;
  const e3 = p1 - (s - bb) + (p2 - bb);
  if (s > 800) return 0;
  return dm.exp(-s) * dm.exp(-(e1 + e2 + e3));
}

/** Evaluates the polynomial c[0] + c[1] x + ... by Horner's rule. */
function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

/**
 * log(1 + t) - t, accurate for all t > -1 (no cancellation near 0): for |t| < 1/2 from the
 * series of 2 atanh(s), s = t / (2 + t), as -s t + 2 s^3 (1/3 + s^2/5 + s^4/7 + ...).
 */
export function log1pmx(t: number): number {
  if (Math.abs(t) >= 0.5) return dm.log1p(t) - t;
  const s = t / (2 + t);
  const s2 = s * s;
  let sum = 0;
  let p = 1;
  for (let k = 3; k < 60; k += 2) {
    const term = p / k;
    sum += term;
    if (term < 1e-17 * sum) break;
    p *= s2;
  }
  return -s * t + 2 * s * s2 * sum;
}

// ---------------------------------------------------------------------------------------------
// Error function and the normal distribution

/** The Mills ratio R(k/4) = Q(k/4) / phi(k/4), k = 0..24 (mpmath, 50 digits, rounded). */
const MILLS_TABLE: readonly number[] = [
  1.2533141373155003, 1.0378245758537268, 0.8763644564536923, 0.7525711790634081,
  0.6556795424187984, 0.5784303460476311, 0.5158156382179634, 0.4643069280394422,
  0.4213692292880545, 0.3851482907984346, 0.35426511132979366, 0.32767831469055203,
  0.3045902987101033, 0.28438214674849294, 0.26656776896822376, 0.250761111443965,
  0.23665238291356067, 0.2239905946538288, 0.21257058044203178, 0.20222323663305466,
  0.19280810471531576, 0.1842076773079702, 0.1763229857571027, 0.16907015040769408,
  0.16237766089686745,
];
const MILLS_TAYLOR_MAX = 6.125;

/**
 * The Mills ratio R(x) = Q(x) / phi(x) of the standard normal, x >= 0 (R(0) = sqrt(pi/2),
 * R(x) ~ 1/x). For x < 6.125: Taylor series about the nearest multiple c of 1/4,
 * R(c + h) = sum r_k h^k with r_0 = R(c) from the table, r_1 = c r_0 - 1 and
 * (k + 1) r_{k+1} = c r_k + r_{k-1} (from R' = xR - 1); |h| <= 1/8 so about 20 terms reach
 * full precision. Beyond: Laplace's continued fraction 1/(x + 1/(x + 2/(x + 3/(x + ...))))
 * evaluated backwards from a depth that reaches full precision (at most 20 terms).
 * Maximum relative error ~3 eps (measured against mpmath).
 */
export function millsRatio(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return NaN;
  if (x === Infinity) return 0;
  if (x < MILLS_TAYLOR_MAX) {
    const k = Math.round(x * 4);
    const c = k / 4;
    const h = x - c;
    let r0 = MILLS_TABLE[k]!;
    let r1 = c * r0 - 1;
    let sum = r0 + r1 * h;
    let hp = h;
    for (let n = 1; n < 60; n++) {
      const r2 = (c * r1 + r0) / (n + 1);
      hp *= h;
      const term = r2 * hp;
      sum += term;
      if (Math.abs(term) <= 1e-17 * sum) break;
      r0 = r1;
      r1 = r2;
    }
    return sum;
  }
  if (x > 1e8) return 1 / x;
  const depth = Math.ceil(9 + 400 / (x * x));
  let t = x;
  for (let k = depth; k > 0; k--) t = x + k / t;
  return 1 / t;
}

/** Upper tail Q(x) = 1 - Phi(x) for x >= 0, as phi(x) R(x). */
function upperTail(x: number): number {
  if (x > 40) return 0;
  return (expNegSq(x, 0.5) / SQRT_2PI) * millsRatio(x);
}

/** Taylor coefficients of erf(x) / x in powers of x^2: 2/sqrt(pi) (-1)^n / (n! (2n + 1)). */
const ERF_SERIES: readonly number[] = (() => {
  const c: number[] = [];
  let f = 1;
  for (let n = 0; n < 22; n++) {
    if (n > 0) f *= n;
    c.push(((n % 2 === 0 ? 1 : -1) * TWO_OVER_SQRT_PI) / (f * (2 * n + 1)));
  }
  return c;
})();

/**
 * The error function erf(x) = 2/sqrt(pi) int_0^x exp(-t^2) dt. |x| < 1: Taylor series
 * (relative error ~1 eps, also near 0); otherwise 1 - erfc(|x|) with the sign of x.
 */
export function erf(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 1) return x * poly(ERF_SERIES, x * x);
  const r = 1 - erfcPositive(ax);
  return x < 0 ? -r : r;
}

/** erfc(x) for x >= 1/2: exp(-x^2) sqrt(2/pi) R(x sqrt 2), with exp(-x^2) split exactly. */
function erfcPositive(x: number): number {
  if (x > 27.3) return 0;
  return expNegSq(x, 1) * SQRT_2_OVER_PI * millsRatio(x * Math.SQRT2);
}

/**
 * The complementary error function erfc(x) = 1 - erf(x), with small relative error in the
 * upper tail (erfc(26) = 5.663192408856143e-296, relative error ~2 eps): for x >= 1/2 it is
 * exp(-x^2) sqrt(2/pi) R(x sqrt 2) with R the Mills ratio, where rounding x sqrt 2 costs
 * nothing because R varies slowly and exp(-x^2) is computed from x itself.
 */
export function erfc(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  if (x < 0.5) return x > -0.5 ? 1 - x * poly(ERF_SERIES, x * x) : 2 - erfcPositive(-x);
  return erfcPositive(x);
}

/** The scaled complementary error function erfcx(x) = exp(x^2) erfc(x). */
export function erfcx(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  if (x >= 0.5) return SQRT_2_OVER_PI * millsRatio(x * Math.SQRT2);
  if (x > -0.5) return dm.exp(x * x) * erfc(x);
  if (x < -26.7) return Infinity;
  return 2 / expNegSq(x, 1) - SQRT_2_OVER_PI * millsRatio(-x * Math.SQRT2);
}

/**
 * The standard normal distribution function Phi(x), with small relative error in both tails:
 * Phi(x) = phi(x) R(-x) for x <= -1/2 (no cancellation; Phi(-37) = 5.72e-300 to ~3 eps),
 * 1 - phi(x) R(x) for x >= 1/2, and (1 + erf(x / sqrt 2))/2 between (exactly 1/2 at 0).
 * The upper tail is ndtr(-x), computed just as accurately.
 */
export function ndtr(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  // Near 0 from erf (exact at 0 and odd about it); beyond, from the tail.
  if (Math.abs(x) < 0.5) return 0.5 + 0.5 * erf(x * Math.SQRT1_2);
  return x < 0 ? upperTail(-x) : 1 - upperTail(x);
}

/** log Phi(x), accurate in the lower tail far beyond where Phi(x) underflows (x < -38.5). */
export function logNdtr(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  if (x > 0) return dm.log1p(-upperTail(x));
  if (x > -20) return dm.log(upperTail(-x));
  if (x === -Infinity) return -Infinity;
  return -0.5 * x * x - LN_SQRT_2PI + dm.log(millsRatio(-x));
}

/** The standard normal density phi(x) = exp(-x^2/2) / sqrt(2 pi), accurate in the tails. */
export function normalPdf(x: number): number {
  return expNegSq(x, 0.5) / SQRT_2PI;
}

// AS 241 (PPND16) coefficients [1]: rational approximations in three regions.
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
  21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833,
  7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
  1.05075007164441684324e-9,
];
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5,
  2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15,
];

/**
 * The standard normal quantile Phi^-1(p) (scipy's ndtri), accurate to a few eps relative
 * over the whole range, p = 1e-300 and p = 1 - 1e-16 included: Wichura's AS 241 [1]
 * (relative error ~1e-16); in the tails (p < 0.075 or p > 0.925) followed by one Halley
 * step on the tail that p is in (the lower tail for p < 1/2, using 1 - p, which is exact,
 * above), which removes the rounding of the rational approximation.
 * ndtri(0) = -Infinity, ndtri(1) = Infinity, NaN outside [0, 1].
 */
export function ndtri(p: number): number {
  if (typeof p !== 'number') notNumber('p', p);
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return p < 0.5 ? -upperQuantile(p) : upperQuantile(1 - p);
}

/** The upper-tail quantile: x with Q(x) = q, for 0 < q <= 1/2 (so x >= 0). */
function upperQuantile(q: number): number {
  const d = 0.5 - q; // exact for q >= 1/4; within half an ulp of 1/2 below
  let x: number;
  if (d <= 0.425) {
    // Central region: relative error ~1 eps already, also for x near 0 where a residual
    // Q(x) - q (absolute error ~eps/2) could not improve it.
    const r = 0.180625 - d * d;
    return (d * poly(AS241_A, r)) / poly(AS241_B, r);
  } else {
    let r = Math.sqrt(-dm.log(q));
    if (r <= 5) {
      r -= 1.6;
      x = poly(AS241_C, r) / poly(AS241_D, r);
    } else {
      r -= 5;
      x = poly(AS241_E, r) / poly(AS241_F, r);
    }
  }
  if (q < 1e-290) return x; // q is subnormal-adjacent: the residual below has no precision
  // Halley step on f(x) = Q(x) - q: f' = -phi, f''/f' = -x.
  const phi = normalPdf(x);
  if (phi === 0) return x;
  const t = (upperTail(x) - q) / phi;
  return x + t / (1 - (x * t) / 2);
}

/** Upper-tail normal quantile from the logarithm of the tail: x with log Q(x) = logq. */
export function ndtriLogUpper(logq: number): number {
  if (Number.isNaN(logq) || logq > 0) return NaN;
  if (logq === 0) return -Infinity;
  if (logq === -Infinity) return Infinity;
  if (logq > -680) {
    const q = dm.exp(logq);
    return q <= 0.5 ? upperQuantile(q) : -upperQuantile(-dm.expm1(logq));
  }
  // Asymptotics: log Q(x) ~ -x^2/2 - log(x sqrt(2 pi)); then Newton on log Q, d/dx = -1/R.
  let x = Math.sqrt(-2 * logq);
  for (let i = 0; i < 3; i++) x = Math.sqrt(-2 * (logq + dm.log(x * SQRT_2PI)));
  for (let i = 0; i < 4; i++) {
    const r = millsRatio(x);
    const lq = -0.5 * x * x - LN_SQRT_2PI + dm.log(r);
    const step = (lq - logq) * r;
    x += step;
    if (Math.abs(step) < 1e-16 * x) break;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Gamma function

/** zeta(k) - 1 for k = 2..32 (mpmath, rounded), for the series of ln Gamma(2 + t). */
const ZETA_MINUS_1: readonly number[] = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993,
  0.01734306198444914, 0.008349277381922827, 0.00407735619794434, 0.0020083928260822143,
  0.0009945751278180853, 0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915,
  6.124813505870483e-5, 3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6,
  3.81729326499984e-6, 1.908212716553939e-6, 9.539620338727962e-7, 4.769329867878064e-7,
  2.38450502727733e-7, 1.1921992596531106e-7, 5.960818905125948e-8, 2.980350351465228e-8,
  1.4901554828365043e-8, 7.45071178983543e-9, 3.725334024788457e-9, 1.862659723513049e-9,
  9.313274324196682e-10, 4.656629065033784e-10, 2.3283118336765053e-10,
];
/** Coefficients of ln Gamma(2 + t) = sum_k c_k t^k: c_1 = 1 - gamma, c_k = (-1)^k (zeta(k) - 1)/k. */
const LGAMMA2_SERIES: readonly number[] = [
  0,
  1 - EULER,
  ...ZETA_MINUS_1.map((z, i) => ((i % 2 === 0 ? 1 : -1) * z) / (i + 2)),
];

/** ln Gamma(2 + t) for |t| <= 1/2 (DLMF 5.7.3 shifted; ~1 eps, and relative near t = 0). */
function lgamma2(t: number): number {
  return poly(LGAMMA2_SERIES, t);
}

/** Stirling's correction ln Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)], x >= 10. */
function stirlingCorrection(x: number): number {
  const y = 1 / (x * x);
  return (
    (1 / 12 +
      y *
        (-1 / 360 +
          y * (1 / 1260 + y * (-1 / 1680 + y * (1 / 1188 + y * (-691 / 360360 + y * (1 / 156 + y * (-3617 / 122400)))))))) /
    x
  );
}

/**
 * Gamma*(x) = Gamma(x) / (sqrt(2 pi) x^(x - 1/2) e^-x), the factor by which Stirling's
 * formula is off (-> 1 as x -> infinity), for x > 0.
 */
export function gammaStar(x: number): number {
  if (!(x > 0)) return NaN;
  if (x >= 10) return dm.exp(stirlingCorrection(x));
  return gamma(x) / (SQRT_2PI * dm.pow(x, x - 0.5) * dm.exp(-x));
}

/**
 * ln |Gamma(x)| (scipy's gammaln). For x > 0: x >= 10 by Stirling's series; below, reduced
 * to ln Gamma(2 + t), |t| <= 1/2, by the recurrence (relative error a few eps, including
 * near the zeros at 1 and 2). For x < 0 by reflection; +Infinity at 0, -1, -2, ...
 */
export function gammaln(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
    return dm.log(Math.PI / Math.abs(dm.sinpi(x))) - gammaln(1 - x);
  }
  if (x < 0.5) return lgamma2(x) - dm.log(x) - dm.log1p(x);
  if (x < 1.5) return lgamma2(x - 1) - dm.log(x);
  if (x < 2.5) return lgamma2(x - 2);
  if (x < 10) {
    let y = x;
    let prod = 1;
    while (y >= 2.5) {
      y -= 1;
      prod *= y;
    }
    return lgamma2(y - 2) + dm.log(prod);
  }
  return (x - 0.5) * dm.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
}

/**
 * The gamma function Gamma(x) for x > 0 (NaN for x <= 0 except through reflection for
 * negative non-integers). Relative error a few eps up to x ~ 20, then ~1 eps (Stirling).
 */
export function gamma(x: number): number {
  if (typeof x !== 'number') notNumber('x', x);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    return Math.PI / (dm.sinpi(x) * gamma(1 - x));
  }
  if (x < 0.5) return dm.exp(lgamma2(x)) / (x * (1 + x));
  if (x < 1.5) return dm.exp(lgamma2(x - 1)) / x;
  if (x < 20) {
    let y = x;
    let prod = 1;
    while (y >= 2.5) {
      y -= 1;
      prod *= y;
    }
    return dm.exp(lgamma2(y - 2)) * prod;
  }
  if (x > 171.7) return Infinity;
  const p = dm.pow(x, 0.5 * x - 0.25);
  return p * dm.exp(-x) * p * SQRT_2PI * dm.exp(stirlingCorrection(x));
}

/** ln Gamma(1 + a) for |a| small, relative near 0: ln Gamma(2 + a) - ln(1 + a). */
function lgamma1p(a: number): number {
  if (Math.abs(a) <= 0.5) return lgamma2(a) - dm.log1p(a);
  if (a > 0.5 && a <= 1.5) return lgamma2(a - 1);
  return gammaln(1 + a);
}

/** ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b), a, b > 0, without cancellation. */
export function betaln(a: number, b: number): number {
  if (typeof a !== 'number' || typeof b !== 'number') argumentsNotNumbers({ a, b });
  if (!(a > 0 && b > 0)) return NaN;
  if (a > b) [a, b] = [b, a];
  const c = a + b;
  if (b < 10) return gammaln(a) + gammaln(b) - gammaln(c);
  // Stirling with a ln(c/a) + b ln(c/b) instead of differences of c ln c and its like.
  const corr = stirlingCorrection(b) - stirlingCorrection(c);
  if (a >= 10) {
    return LN_SQRT_2PI + stirlingCorrection(a) + corr + 0.5 * dm.log(c / (a * b)) - a * dm.log(c / a) - b * dm.log1p(a / b);
  }
  // a small, b large: ln Gamma(a) + (b - 1/2) ln b - b - [(c - 1/2) ln c - c] + corr.
  return gammaln(a) + corr - (b - 0.5) * dm.log1p(a / b) - a * dm.log(c) + a;
}

// ---------------------------------------------------------------------------------------------
// Regularised incomplete gamma function

/**
 * exp(a (ln(lambda) - lambda + 1)) = (lambda e^(1 - lambda))^a, given lambda and
 * at = a (lambda - 1) (which the caller has accurately): by log1pmx near lambda = 1; far
 * from 1, where the exponent is large, as a power of lambda e^(1 - lambda) when that base is
 * small (error ~(a + 1) eps instead of |exponent| eps), else as exp(a ln(lambda) - at).
 */
function powerTerm(a: number, lambda: number, at: number): number {
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
