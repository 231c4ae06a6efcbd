import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { finiteParam, formatDistribution, isProbability, moments, MomentGetters, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';
import { gammaln } from './special.js';

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
    this.moments = moments(loc + scale * g1, scale * scale * (g2 - g1 * g1));
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
