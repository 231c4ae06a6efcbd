// Constants and helpers shared by the special functions (see ../special.ts for the conventions
// and references): argument checks, exact products, exp(-x^2) without rounding of x^2, Horner's rule.
import * as dm from '../../core/detmath.js';
import { notNumber } from '../distribution.js';

export const EPS = 2.220446049250313e-16;
export const TINY = 1e-300;
/** sqrt(2 pi) */
export const SQRT_2PI = 2.5066282746310002;
/** Throws for the first of several arguments (by name) that is not a number. */
export function argumentsNotNumbers(args: Readonly<Record<string, unknown>>): never {
  for (const [k, v] of Object.entries(args)) if (typeof v !== 'number') notNumber(k, v);
  throw new Error('argumentsNotNumbers: every argument is a number');
}

/** ln sqrt(2 pi) */
export const LN_SQRT_2PI = 0.9189385332046728;
/** 2 / sqrt(pi) */
export const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** sqrt(2 / pi) */
export const SQRT_2_OVER_PI = 0.7978845608028654;
/** Euler's constant gamma. */
export const EULER = 0.5772156649015329;

// ---------------------------------------------------------------------------------------------
// Helpers

/** 2^27 + 1: Veltkamp's constant for splitting a double into two 26-bit halves. */
const SPLITTER = 134217729;

/**
 * exp(-s * x^2) for s = 1 or 1/2, without the relative error s x^2 eps that rounding x*x
 * would cause (x = 26 would otherwise lose 9 bits): x = hi + lo with hi^2 exact.
 */
export function expNegSq(x: number, s: number): number {
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
export function poly(c: readonly number[], x: number): number {
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
