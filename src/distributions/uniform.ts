import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import {
  checkInterval,
  finiteParam,
  formatDistribution,
  isProbability,
  moments,
  MomentGetters,
  type Distribution,
  type Moments,
  notNumber,
} from './distribution.js';

/**
 * The continuous uniform distribution on [low, high].
 *
 * @example
 * ```js
 * import { Uniform } from 'uqkit';
 *
 * const u = new Uniform(2, 4);
 * console.log(u.mean, u.variance, u.cdf(2.5), u.ppf(0.5)); // 3 0.3333... 0.25 3
 * ```
 */
export class Uniform extends MomentGetters implements Distribution {
  readonly kind = 'uniform' as const;
  readonly discrete = false;
  /** Lower end of the support. Default 0. */
  readonly low: number;
  /** Upper end of the support. Default 1. */
  readonly high: number;
  readonly support: readonly [number, number];
  override readonly moments: Moments;
  readonly #width: number;

  /**
   * @param low lower end, a finite number (default 0)
   * @param high upper end, a finite number > low (default 1)
   */
  constructor(low: number = 0, high: number = 1) {
    super();
    this.low = finiteParam('low', low);
    this.high = finiteParam('high', high);
    checkInterval(low, high);
    this.#width = high - low;
    this.support = Object.freeze([low, high] as const);
    this.moments = moments(low + this.#width / 2, (this.#width * this.#width) / 12);
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x >= this.low && x <= this.high ? 1 / this.#width : 0;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    return dm.log(this.pdf(x));
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    return (x - this.low) / this.#width;
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 1;
    if (x >= this.high) return 0;
    return (this.high - x) / this.#width;
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    // From the nearer end, so that both ends are hit exactly and keep their precision.
    return u <= 0.5 ? this.low + u * this.#width : this.high - (1 - u) * this.#width;
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return q <= 0.5 ? this.high - q * this.#width : this.low + (1 - q) * this.#width;
  }
  toJSON(): { dist: 'uniform'; low: number; high: number } {
    return { dist: 'uniform', low: this.low, high: this.high };
  }
  override toString(): string {
    return formatDistribution('Uniform', { low: this.low, high: this.high });
  }
}
