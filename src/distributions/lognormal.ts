import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import {
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
import { ndtr, ndtri, normalPdf } from './special.js';

const LN_SQRT_2PI = 0.9189385332046728;

/**
 * The log-normal distribution: log X is normal with mean `mu` and standard deviation `sigma`
 * (scipy: `lognorm(s=sigma, scale=exp(mu))`).
 *
 * @example
 * ```js
 * import { LogNormal } from 'uqkit';
 *
 * const d = new LogNormal(0, 0.5); // median exp(mu) = 1
 * console.log(d.ppf(0.5), d.mean); // 1 1.1331... (exp(mu + sigma²/2))
 * ```
 */
export class LogNormal extends MomentGetters implements Distribution {
  readonly kind = 'lognormal' as const;
  readonly discrete = false;
  /** Mean of log X. Default 0. */
  readonly mu: number;
  /** Standard deviation of log X. Default 1. */
  readonly sigma: number;
  readonly support: readonly [number, number] = Object.freeze([0, Infinity] as const);
  override readonly moments: Moments;

  /**
   * @param mu mean of log X, a finite number (default 0)
   * @param sigma standard deviation of log X, a finite number > 0 (default 1)
   */
  constructor(mu: number = 0, sigma: number = 1) {
    super();
    this.mu = finiteParam('mu', mu);
    this.sigma = positiveParam('sigma', sigma);
    const s2 = sigma * sigma;
    this.moments = moments(dm.exp(mu + s2 / 2), dm.expm1(s2) * dm.exp(2 * mu + s2));
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= 0 || x === Infinity) return 0;
    return normalPdf((dm.log(x) - this.mu) / this.sigma) / (this.sigma * x);
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= 0 || x === Infinity) return -Infinity;
    const lx = dm.log(x);
    const z = (lx - this.mu) / this.sigma;
    return -0.5 * z * z - LN_SQRT_2PI - dm.log(this.sigma) - lx;
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= 0) return 0;
    return ndtr((dm.log(x) - this.mu) / this.sigma);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= 0) return 1;
    return ndtr((this.mu - dm.log(x)) / this.sigma);
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    return dm.exp(this.mu + this.sigma * ndtri(u));
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return dm.exp(this.mu - this.sigma * ndtri(q));
  }
  toJSON(): { dist: 'lognormal'; mu: number; sigma: number } {
    return { dist: 'lognormal', mu: this.mu, sigma: this.sigma };
  }
  override toString(): string {
    return formatDistribution('LogNormal', { mu: this.mu, sigma: this.sigma });
  }
}
