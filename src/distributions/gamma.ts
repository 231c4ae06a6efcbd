import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { formatDistribution, isProbability, moments, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';
import { MomentGetters } from './distribution.js';
import { gammaDensity, gammainc, gammaincc, gammainccinv, gammaincinv, gammaln } from './special.js';

/**
 * The gamma distribution with density x^(shape-1) e^(-x/scale) / (Gamma(shape) scale^shape)
 * on [0, Infinity) (scipy: `gamma(a=shape, scale=scale)`).
 *
 * @example
 * ```js
 * import { Gamma } from 'uqkit';
 *
 * const d = new Gamma(2, 3);
 * console.log(d.mean, d.variance); // 6 18 (shape·scale, shape·scale²)
 * ```
 */
export class Gamma extends MomentGetters implements Distribution {
  readonly kind = 'gamma' as const;
  readonly discrete = false;
  /** The shape parameter (k, or alpha). */
  readonly shape: number;
  /** The scale parameter (theta = 1/rate). Default 1. */
  readonly scale: number;
  readonly support: readonly [number, number] = Object.freeze([0, Infinity] as const);
  override readonly moments: Moments;

  /**
   * @param shape a finite number > 0
   * @param scale a finite number > 0 (default 1)
   */
  constructor(shape: number, scale: number = 1) {
    super();
    this.shape = positiveParam('shape', shape);
    this.scale = positiveParam('scale', scale);
    this.moments = moments(shape * scale, shape * scale * scale);
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < 0 || x === Infinity) return 0;
    if (x === 0) return this.shape < 1 ? Infinity : this.shape === 1 ? 1 / this.scale : 0;
    return gammaDensity(this.shape, x / this.scale) / this.scale;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    const p = this.pdf(x);
    if (p > 1e-280 && p < Infinity) return dm.log(p);
    if (x <= 0 || x === Infinity) return dm.log(p);
    const t = x / this.scale;
    return (this.shape - 1) * dm.log(t) - t - gammaln(this.shape) - dm.log(this.scale);
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x <= 0 ? 0 : gammainc(this.shape, x / this.scale);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    return x <= 0 ? 1 : gammaincc(this.shape, x / this.scale);
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    return this.scale * gammaincinv(this.shape, u);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    return this.scale * gammainccinv(this.shape, q);
  }
  toJSON(): { dist: 'gamma'; shape: number; scale: number } {
    return { dist: 'gamma', shape: this.shape, scale: this.scale };
  }
  override toString(): string {
    return formatDistribution('Gamma', { shape: this.shape, scale: this.scale });
  }
}
