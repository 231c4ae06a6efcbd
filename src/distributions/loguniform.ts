import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { checkInterval, formatDistribution, isProbability, moments, MomentGetters, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';

/**
 * The log-uniform (reciprocal) distribution on [low, high], 0 < low: log X is uniform on
 * [log low, log high] (scipy: `loguniform(a=low, b=high)`; SALib's `logunif`).
 */
export class LogUniform extends MomentGetters implements Distribution {
  readonly kind = 'loguniform' as const;
  readonly discrete = false;
  /** Lower end of the support, > 0. */
  readonly low: number;
  /** Upper end of the support. */
  readonly high: number;
  readonly support: readonly [number, number];
  override readonly moments: Moments;
  readonly #logLow: number;
  readonly #logHigh: number;
  readonly #width: number;

  /**
   * @param low lower end, a finite number > 0
   * @param high upper end, a finite number > low
   */
  constructor(low: number, high: number) {
    super();
    this.low = positiveParam('low', low);
    this.high = positiveParam('high', high);
    checkInterval(low, high);
    this.#logLow = dm.log(low);
    this.#logHigh = dm.log(high);
    // log(high / low); log1p of the exact difference when the interval is narrow (high <= 2 low)
    this.#width = high <= 2 * low ? dm.log1p((high - low) / low) : dm.log(high / low);
    this.support = Object.freeze([low, high] as const);
    // E[X] = (high - low) / w, E[X^2] = (high^2 - low^2) / (2w), w = log(high / low)
    const mean = (high - low) / this.#width;
    this.moments = moments(mean, ((high - low) * (high + low)) / (2 * this.#width) - mean * mean);
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x >= this.low && x <= this.high ? 1 / (x * this.#width) : 0;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x >= this.low && x <= this.high ? -dm.log(x) - dm.log(this.#width) : -Infinity;
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    // log(x / low) / w; near low as log1p((x - low) / low), x - low being exact there
    // (Sterbenz), since x / low rounded to 1 + 2^-52 j would leave few digits of its log
    const low = this.low;
    return (x <= 2 * low ? dm.log1p((x - low) / low) : dm.log(x / low)) / this.#width;
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 1;
    if (x >= this.high) return 0;
    // log(high / x) / w; near high as log1p((high - x) / x), high - x being exact there
    const high = this.high;
    return (2 * x >= high ? dm.log1p((high - x) / x) : dm.log(high / x)) / this.#width;
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    if (u === 0) return this.low;
    if (u === 1) return this.high;
    // from the nearer end, so that both ends keep their precision
    return u <= 0.5 ? dm.exp(this.#logLow + u * this.#width) : dm.exp(this.#logHigh - (1 - u) * this.#width);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    if (q === 0) return this.high;
    if (q === 1) return this.low;
    return q <= 0.5 ? dm.exp(this.#logHigh - q * this.#width) : dm.exp(this.#logLow + (1 - q) * this.#width);
  }
  toJSON(): { dist: 'loguniform'; low: number; high: number } {
    return { dist: 'loguniform', low: this.low, high: this.high };
  }
  override toString(): string {
    return formatDistribution('LogUniform', { low: this.low, high: this.high });
  }
}
