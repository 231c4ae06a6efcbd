import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { InvalidArgumentError } from '../core/errors.js';
import { formatDistribution, isProbability, moments, type Distribution, type Moments, notNumber } from './distribution.js';
import { MomentGetters } from './distribution.js';

function safeInteger(field: string, value: unknown, expected: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvalidArgumentError({ field, value, expected });
  return value;
}

/**
 * The discrete uniform distribution on the integers low, low + 1, ..., high (both ends
 * included; scipy: `randint(low, high + 1)`). pdf is the probability mass function: 1/n at
 * the integers of the support, 0 elsewhere.
 *
 * @example
 * ```js
 * import { DiscreteUniform } from 'uqkit';
 *
 * const die = new DiscreteUniform(1, 6);
 * console.log(die.pdf(3), die.mean, die.ppf(0.5)); // 0.1666... 3.5 3
 * ```
 */
export class DiscreteUniform extends MomentGetters implements Distribution {
  readonly kind = 'discreteuniform' as const;
  readonly discrete = true;
  /** The smallest value. */
  readonly low: number;
  /** The largest value (included). */
  readonly high: number;
  readonly support: readonly [number, number];
  override readonly moments: Moments;
  /** Number of values, high - low + 1. */
  readonly count: number;

  /**
   * @param low an integer
   * @param high an integer >= low
   */
  constructor(low: number, high: number) {
    super();
    this.low = safeInteger('low', low, 'an integer');
    this.high = safeInteger('high', high, `an integer >= low (${String(low)})`);
    if (!(high >= low) || !Number.isSafeInteger(high - low + 1)) {
      throw new InvalidArgumentError({ field: 'high', value: high, expected: `an integer >= low (${low}) with high - low < 2^53 - 1` });
    }
    this.count = high - low + 1;
    this.support = Object.freeze([low, high] as const);
    this.moments = moments(low + (high - low) / 2, (this.count * this.count - 1) / 12);
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return Number.isInteger(x) && x >= this.low && x <= this.high ? 1 / this.count : 0;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    return dm.log(this.pdf(x));
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.low) return 0;
    if (x >= this.high) return 1;
    return (Math.floor(x) - this.low + 1) / this.count;
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.low) return 1;
    if (x >= this.high) return 0;
    return (this.high - Math.floor(x)) / this.count;
  }
  /** The smallest k in the support with cdf(k) >= u (ppf(0) = low, unlike scipy's low - 1). */
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    let k = Math.min(this.high, Math.max(this.low, Math.ceil(u * this.count) - 1 + this.low));
    // Correct the rounding of u * count: cdf(k) >= u > cdf(k - 1).
    while (k > this.low && this.cdf(k - 1) >= u) k--;
    while (k < this.high && this.cdf(k) < u) k++;
    return k;
  }
  /** The smallest k in the support with sf(k) <= q (isf(1) = low, isf(0) = high). */
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    let k = Math.min(this.high, Math.max(this.low, this.high - Math.floor(q * this.count)));
    while (k > this.low && this.sf(k - 1) <= q) k--;
    while (k < this.high && this.sf(k) > q) k++;
    return k;
  }
  toJSON(): { dist: 'discreteuniform'; low: number; high: number } {
    return { dist: 'discreteuniform', low: this.low, high: this.high };
  }
  override toString(): string {
    return formatDistribution('DiscreteUniform', { low: this.low, high: this.high });
  }
}
