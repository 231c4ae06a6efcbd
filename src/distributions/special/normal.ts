// The error function and the normal distribution: erf, erfc, erfcx, Phi (ndtr), log Phi, the
// density, the Mills ratio [2] and the quantile (ndtri; first guess from AS 241 [1], refined).
// References [n] are listed in ../special.ts.
import * as dm from '../../core/detmath.js';
import { notNumber } from '../distribution.js';
import { expNegSq, LN_SQRT_2PI, poly, SQRT_2_OVER_PI, SQRT_2PI, TWO_OVER_SQRT_PI } from './common.js';

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
export function upperQuantile(q: number): number {
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
