import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import {
  finiteParam,
  formatDistribution,
  isProbability,
  moments,
  positiveParam,
  type Distribution,
  type Moments,
  notNumber,
} from './distribution.js';
import { ndtr, ndtri, normalPdf } from './special.js';

const LN_SQRT_2PI = 0.9189385332046728;

/**
 * The normal (Gaussian) distribution with the given mean and standard deviation.
 *
 * @example
 * ```js
 * import { Normal } from 'uqkit';
 *
 * const d = new Normal(10, 2);
 * console.log(d.cdf(10), d.ppf(0.975), d.sf(20)); // 0.5 13.9199... 2.8665e-7
 * ```
 */
export class Normal implements Distribution {
  readonly kind = 'normal' as const;
  readonly discrete = false;
  /** The mean. Default 0. */
  readonly mean: number;
  /** The standard deviation. Default 1. */
  readonly std: number;
  readonly support: readonly [number, number] = Object.freeze([-Infinity, Infinity] as const);
  readonly moments: Moments;

  /**
   * @param mean a finite number (default 0)
   * @param std the standard deviation, a finite number > 0 (default 1)
   */
  constructor(mean: number = 0, std: number = 1) {
    this.mean = finiteParam('mean', mean);
    this.std = positiveParam('std', std);
    this.moments = moments(mean, std * std);
  }

  /** The variance std². */
  get variance(): number {
    return this.moments.variance;
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    return normalPdf((x - this.mean) / this.std) / this.std;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    const z = (x - this.mean) / this.std;
    return -0.5 * z * z - LN_SQRT_2PI - dm.log(this.std);
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    return ndtr((x - this.mean) / this.std);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    return ndtr((this.mean - x) / this.std);
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    return this.mean + this.std * ndtri(u);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return this.mean - this.std * ndtri(q);
  }
  toJSON(): { dist: 'normal'; mean: number; std: number } {
    return { dist: 'normal', mean: this.mean, std: this.std };
  }
  toString(): string {
    return formatDistribution('Normal', { mean: this.mean, std: this.std });
  }
}
