import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { finiteParam, formatDistribution, isProbability, moments, MomentGetters, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';
import { gammaln } from './special.js';

/** zeta(2) .. zeta(10). */
const ZETA = [1.6449340668482264, 1.2020569031595942, 1.0823232337111381, 1.03692775514337, 1.0173430619844492, 1.008349277381923, 1.0040773561979444, 1.0020083928260821, 1.000994575127818];

/**
 * log Gamma(1 + 2a) - 2 log Gamma(1 + a) for 0 < a <= 1/5, from the series
 * log Gamma(1 + x) = -gamma x + sum_{j >= 2} (-1)^j zeta(j) x^j / j, whose linear terms cancel:
 * sum_{j >= 2} (-1)^j zeta(j) (2^j - 2) a^j / j. Gamma(1 + 2a) - Gamma(1 + a)^2 (a = 1/shape, the
 * Weibull variance over scale^2) cancels to about (pi^2 / 6) a^2 of either term, which costs
 * large shapes their digits (1e-13 relative at shape 100); Gamma(1 + a)^2 expm1 of this does not.
 */
function lgammaDifference(a: number): number {
  let sum = 0, power = a, twoPower = 2; // a^j, 2^j for j = 1
  for (let j = 2; j <= 60; j++) {
    power *= a;
    twoPower *= 2;
    let zeta = 1; // zeta(j) for j > 10: sum_{n <= 30} n^-j, the rest below 1e-14 times (2a)^j
    if (j <= 10) zeta = ZETA[j - 2]!;
    else for (let n = 2; n <= 30; n++) zeta += dm.pow(n, -j);
    const term = (zeta * (twoPower - 2) * power) / j;
    sum += j & 1 ? -term : term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * The Weibull distribution with the given shape k, scale and location, on [loc, Infinity):
 * P(X > x) = exp(-((x - loc) / scale)^k) (scipy: `weibull_min(c=shape, scale=scale, loc=loc)`;
 * SALib's `weibull` with bounds [shape, scale, loc]).
 */
export class Weibull extends MomentGetters implements Distribution {
  readonly kind = 'weibull' as const;
  readonly discrete = false;
  /** The shape k. */
  readonly shape: number;
  /** The scale. Default 1. */
  readonly scale: number;
  /** The location: the lower end of the support. Default 0. */
  readonly loc: number;
  readonly support: readonly [number, number];
  override readonly moments: Moments;

  /**
   * @param shape k, a finite number > 0
   * @param scale a finite number > 0 (default 1)
   * @param loc a finite number (default 0)
   */
  constructor(shape: number, scale: number = 1, loc: number = 0) {
    super();
    this.shape = positiveParam('shape', shape);
    this.scale = positiveParam('scale', scale);
    this.loc = finiteParam('loc', loc);
    this.support = Object.freeze([loc, Infinity] as const);
    // mean = scale Gamma(1 + 1/k); variance = scale^2 (Gamma(1 + 2/k) - Gamma(1 + 1/k)^2)
    const g1 = dm.exp(gammaln(1 + 1 / shape)), g2 = dm.exp(gammaln(1 + 2 / shape));
    const ratio = shape >= 5 ? g1 * g1 * dm.expm1(lgammaDifference(1 / shape)) : g2 - g1 * g1;
    this.moments = moments(loc + scale * g1, scale * scale * ratio);
  }

  /** (x - loc) / scale, for x in the support. */
  #z(x: number): number {
    return (x - this.loc) / this.scale;
  }
  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.loc) return 0;
    const z = this.#z(x), k = this.shape;
    if (z === 0) return k < 1 ? Infinity : k === 1 ? 1 / this.scale : 0;
    return (k / this.scale) * dm.pow(z, k - 1) * dm.exp(-dm.pow(z, k));
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.loc) return -Infinity;
    const z = this.#z(x), k = this.shape;
    if (z === 0) return k < 1 ? Infinity : k === 1 ? -dm.log(this.scale) : -Infinity;
    return dm.log(k / this.scale) + (k - 1) * dm.log(z) - dm.pow(z, k);
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x <= this.loc ? 0 : -dm.expm1(-dm.pow(this.#z(x), this.shape));
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x <= this.loc ? 1 : dm.exp(-dm.pow(this.#z(x), this.shape));
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    return this.loc + this.scale * dm.pow(-dm.log1p(-u), 1 / this.shape);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return this.loc + this.scale * dm.pow(-dm.log(q), 1 / this.shape);
  }
  toJSON(): { dist: 'weibull'; shape: number; scale: number; loc: number } {
    return { dist: 'weibull', shape: this.shape, scale: this.scale, loc: this.loc };
  }
  override toString(): string {
    return formatDistribution('Weibull', { shape: this.shape, scale: this.scale, loc: this.loc });
  }
}
