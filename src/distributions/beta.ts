import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import {
  checkInterval,
  finiteParam,
  formatDistribution,
  isProbability,
  moments,
  MomentGetters,
  positiveParam,
  type Distribution,
  type Moments,
  notNumber,
} from './distribution.js';
import { betaDensity, betaincinvPair, betaincXY, betaln } from './special.js';

/**
 * The beta distribution with shape parameters alpha and beta, scaled to [low, high]:
 * density proportional to (x - low)^(alpha-1) (high - x)^(beta-1)
 * (scipy: `beta(alpha, beta, loc=low, scale=high - low)`).
 *
 * @example
 * ```js
 * import { Beta } from 'uqkit';
 *
 * const d = new Beta(2, 5);
 * console.log(d.mean, d.cdf(0.5)); // 0.2857... (alpha / (alpha + beta)) 0.890625
 * ```
 */
export class Beta extends MomentGetters implements Distribution {
  readonly kind = 'beta' as const;
  readonly discrete = false;
  /** First shape parameter (the exponent at `low`). */
  readonly alpha: number;
  /** Second shape parameter (the exponent at `high`). */
  readonly beta: number;
  /** Lower end of the support. Default 0. */
  readonly low: number;
  /** Upper end of the support. Default 1. */
  readonly high: number;
  readonly support: readonly [number, number];
  override readonly moments: Moments;
  readonly #w: number;

  /**
   * @param alpha a finite number > 0
   * @param beta a finite number > 0
   * @param low lower end, a finite number (default 0)
   * @param high upper end, a finite number > low (default 1)
   */
  constructor(alpha: number, beta: number, low: number = 0, high: number = 1) {
    super();
    this.alpha = positiveParam('alpha', alpha);
    this.beta = positiveParam('beta', beta);
    this.low = finiteParam('low', low);
    this.high = finiteParam('high', high);
    checkInterval(low, high);
    this.#w = high - low;
    this.support = Object.freeze([low, high] as const);
    const c = alpha + beta;
    this.moments = moments(low + this.#w * (alpha / c), ((this.#w * this.#w) * (alpha / c) * (beta / c)) / (c + 1));
  }

  /** (x - low)/(high - low) and (high - x)/(high - low), each exact where it is small. */
  #unit(x: number): [number, number] {
    return [(x - this.low) / this.#w, (this.high - x) / this.#w];
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.low || x > this.high) return 0;
    const [t, y] = this.#unit(x);
    return betaDensity(this.alpha, this.beta, t, y) / this.#w;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    const p = this.pdf(x);
    if (!(x > this.low && x < this.high) || (p > 1e-280 && p < Infinity)) return dm.log(p);
    const [t, y] = this.#unit(x);
    return (this.alpha - 1) * dm.log(t) + (this.beta - 1) * dm.log(y) - betaln(this.alpha, this.beta) - dm.log(this.#w);
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    const [t, y] = this.#unit(x);
    return betaincXY(this.alpha, this.beta, t, y, false);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 1;
    if (x >= this.high) return 0;
    const [t, y] = this.#unit(x);
    return betaincXY(this.alpha, this.beta, t, y, true);
  }
  #quantile(p: number, q: number): number {
    const [t, y] = betaincinvPair(this.alpha, this.beta, p, q);
    // From the nearer end, where the unit coordinate has full precision.
    const x = t <= y ? this.low + this.#w * t : this.high - this.#w * y;
    return Math.min(this.high, Math.max(this.low, x));
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    return this.#quantile(u, 1 - u);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return this.#quantile(1 - q, q);
  }
  toJSON(): { dist: 'beta'; alpha: number; beta: number; low: number; high: number } {
    return { dist: 'beta', alpha: this.alpha, beta: this.beta, low: this.low, high: this.high };
  }
  override toString(): string {
    return formatDistribution('Beta', { alpha: this.alpha, beta: this.beta, low: this.low, high: this.high });
  }
}
