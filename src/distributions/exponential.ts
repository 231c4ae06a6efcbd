import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { formatDistribution, isProbability, moments, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';
import { MomentGetters } from './distribution.js';

/**
 * The exponential distribution with the given rate (mean 1/rate), on [0, Infinity).
 *
 * @example
 * ```js
 * import { Exponential } from 'uqkit';
 *
 * const d = new Exponential(0.5);
 * console.log(d.mean, d.sf(2)); // 2 0.3678... (e^-1)
 * ```
 */
export class Exponential extends MomentGetters implements Distribution {
  readonly kind = 'exponential' as const;
  readonly discrete = false;
  /** The rate (inverse scale). Default 1. */
  readonly rate: number;
  readonly support: readonly [number, number] = Object.freeze([0, Infinity] as const);
  override readonly moments: Moments;

  /** @param rate a finite number > 0 (default 1) */
  constructor(rate: number = 1) {
    super();
    this.rate = positiveParam('rate', rate);
    this.moments = moments(1 / rate, 1 / (rate * rate));
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x < 0 ? 0 : this.rate * dm.exp(-this.rate * x);
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x < 0 ? -Infinity : dm.log(this.rate) - this.rate * x;
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x <= 0 ? 0 : -dm.expm1(-this.rate * x);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x <= 0 ? 1 : dm.exp(-this.rate * x);
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    return -dm.log1p(-u) / this.rate;
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return q === 1 ? 0 : -dm.log(q) / this.rate;
  }
  toJSON(): { dist: 'exponential'; rate: number } {
    return { dist: 'exponential', rate: this.rate };
  }
  override toString(): string {
    return formatDistribution('Exponential', { rate: this.rate });
  }
}
