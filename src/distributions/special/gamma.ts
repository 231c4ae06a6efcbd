// The gamma function: Gamma, ln Gamma (series in zeta values near 1 and 2, Stirling's series
// beyond [7]), Gamma*, and ln B(a, b) without cancellation. References [n] are listed in ../special.ts.
import * as dm from '../../core/detmath.js';
import { notNumber } from '../distribution.js';
import { argumentsNotNumbers, EULER, LN_SQRT_2PI, poly, SQRT_2PI } from './common.js';

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
export function stirlingCorrection(x: number): number {
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
export function lgamma1p(a: number): number {
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
