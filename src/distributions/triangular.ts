import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { InvalidArgumentError } from '../core/errors.js';
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
 * The triangular distribution on [low, high] with its peak at `mode` (which may equal
 * either end). scipy: `triang(c=(mode - low)/(high - low), loc=low, scale=high - low)`.
 *
 * @example
 * ```js
 * import { Triangular } from 'uqkit';
 *
 * const d = new Triangular(0, 1, 4);
 * console.log(d.mean, d.cdf(1)); // 1.6666... (low + mode + high) / 3, 0.25
 * ```
 */
export class Triangular extends MomentGetters implements Distribution {
  readonly kind = 'triangular' as const;
  readonly discrete = false;
  /** Lower end of the support. */
  readonly low: number;
  /** The peak of the density, low <= mode <= high. */
  readonly mode: number;
  /** Upper end of the support. */
  readonly high: number;
  readonly support: readonly [number, number];
  override readonly moments: Moments;
  /** (high - low), (mode - low), (high - mode) and cdf(mode). */
  readonly #w: number;
  readonly #wl: number;
  readonly #wh: number;
  readonly #fmode: number;

  /**
   * @param low a finite number
   * @param mode a finite number from low to high
   * @param high a finite number > low
   */
  constructor(low: number, mode: number, high: number) {
    super();
    this.low = finiteParam('low', low);
    this.mode = finiteParam('mode', mode);
    this.high = finiteParam('high', high);
    checkInterval(low, high);
    if (!(mode >= low && mode <= high)) {
      throw new InvalidArgumentError({ field: 'mode', value: mode, expected: `a number from low (${low}) to high (${high})` });
    }
    this.#w = high - low;
    this.#wl = mode - low;
    this.#wh = high - mode;
    this.#fmode = this.#wl / this.#w;
    this.support = Object.freeze([low, high] as const);
    const mean = low + (this.#w + this.#wl) / 3;
    // (a^2 + b^2 + c^2 - ab - ac - bc)/18 written with the widths, free of cancellation.
    const variance = (this.#w * this.#w - this.#wl * this.#wh) / 18;
    this.moments = moments(mean, variance);
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.low || x > this.high) return 0;
    if (x < this.mode) return (2 * (x - this.low)) / (this.#w * this.#wl);
    if (x > this.mode) return (2 * (this.high - x)) / (this.#w * this.#wh);
    return 2 / this.#w;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    return dm.log(this.pdf(x));
  }
  // Beyond the mode, 1 - (high - x)^2 / (w wh) is written as the sum of positive terms
  // wl/w + (x - mode)(wh + high - x)/(w wh), exact also where it is small (mode = low);
  // likewise sf before the mode.
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    if (x <= this.mode) {
      const d = x - this.low;
      return (d / this.#w) * (d / this.#wl);
    }
    return this.#fmode + ((x - this.mode) / this.#w) * ((this.#wh + (this.high - x)) / this.#wh);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 1;
    if (x >= this.high) return 0;
    if (x >= this.mode) {
      const d = this.high - x;
      return (d / this.#w) * (d / this.#wh);
    }
    return this.#wh / this.#w + ((this.mode - x) / this.#w) * ((this.#wl + (x - this.low)) / this.#wl);
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    if (u <= this.#fmode) return this.low + Math.sqrt(u * this.#w * this.#wl);
    return this.high - Math.sqrt((1 - u) * this.#w * this.#wh);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    if (q <= 1 - this.#fmode) return this.high - Math.sqrt(q * this.#w * this.#wh);
    return this.low + Math.sqrt((1 - q) * this.#w * this.#wl);
  }
  toJSON(): { dist: 'triangular'; low: number; mode: number; high: number } {
    return { dist: 'triangular', low: this.low, mode: this.mode, high: this.high };
  }
  override toString(): string {
    return formatDistribution('Triangular', { low: this.low, mode: this.mode, high: this.high });
  }
}
