import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { checkInterval, formatDistribution, isProbability, moments, MomentGetters, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';

/** log(a / b) for 0 < b < a, also where a / b overflows (a = 1e300, b = 1e-300). */
function logRatio(a: number, b: number): number {
  const r = a / b;
  return r < Infinity ? dm.log(r) : dm.log(a) - dm.log(b);
}

/**
 * a exp(t), given logA = log a: as a product where exp(t) is a normal double, else as
 * exp(logA + t) (exp(t) overflowing, or subnormal and so short of digits, for the widest
 * intervals, e.g. [1e-300, 1e300]).
 */
function times(a: number, logA: number, t: number): number {
  const e = dm.exp(t);
  return e >= 2.2250738585072014e-308 && e < Infinity ? a * e : dm.exp(logA + t);
}

/**
 * Var(X) / (low high) for a log-uniform X with w = log(high / low) <= 2, as the series
 * sum_{n >= 1} 2n w^(2n) / (2n + 2)!: E[X^2] - E[X]^2 cancels to about w^2 / 12 of E[X^2],
 * which leaves few digits for a narrow interval. (With m = sqrt(low high) and h = w / 2,
 * Var(X) / m^2 = sinh(2h) / (2h) - (sinh(h) / h)^2, whose Taylor coefficients these are.)
 */
function narrowVariance(w: number): number {
  const w2 = w * w;
  let sum = 0, power = w2, factorial = 24; // w^(2n) and (2n + 2)! for n = 1
  for (let n = 1; n <= 20; n++) {
    const term = (2 * n * power) / factorial;
    sum += term;
    if (term <= 1e-17 * sum) break;
    power *= w2;
    factorial *= (2 * n + 3) * (2 * n + 4);
  }
  return sum;
}

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
    this.#width = high <= 2 * low ? dm.log1p((high - low) / low) : logRatio(high, low);
    this.support = Object.freeze([low, high] as const);
    // E[X] = (high - low) / w, E[X^2] = (high^2 - low^2) / (2w) = E[X] (high + low) / 2,
    // w = log(high / low); the variance as E[X] ((high + low) / 2 - E[X]), which overflows to
    // Infinity (not Infinity - Infinity) where it exceeds the double range
    const w = this.#width, mean = (high - low) / w;
    this.moments = moments(mean, w <= 2 ? low * high * narrowVariance(w) : mean * ((high + low) / 2 - mean));
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
    return (x <= 2 * low ? dm.log1p((x - low) / low) : logRatio(x, low)) / this.#width;
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 1;
    if (x >= this.high) return 0;
    // log(high / x) / w; near high as log1p((high - x) / x), high - x being exact there
    const high = this.high;
    return (2 * x >= high ? dm.log1p((high - x) / x) : logRatio(high, x)) / this.#width;
  }
  ppf(u: number): number {
    if (typeof u !== 'number') notNumber('u', u);
    if (!isProbability(u)) return NaN;
    if (u === 0) return this.low;
    if (u === 1) return this.high;
    // from the nearer end, so that both ends keep their precision; low exp(u w) rather than
    // exp(log low + u w), whose rounded log low (up to ~700) would cost up to ~1e-13 relative
    const w = this.#width;
    if (u <= 0.5) return Math.min(times(this.low, this.#logLow, u * w), this.high);
    return Math.max(times(this.high, this.#logHigh, -(1 - u) * w), this.low);
  }
  isf(q: number): number {
    if (typeof q !== 'number') notNumber('q', q);
    if (!isProbability(q)) return NaN;
    if (q === 0) return this.high;
    if (q === 1) return this.low;
    const w = this.#width;
    if (q <= 0.5) return Math.max(times(this.high, this.#logHigh, -q * w), this.low);
    return Math.min(times(this.low, this.#logLow, (1 - q) * w), this.high);
  }
  toJSON(): { dist: 'loguniform'; low: number; high: number } {
    return { dist: 'loguniform', low: this.low, high: this.high };
  }
  override toString(): string {
    return formatDistribution('LogUniform', { low: this.low, high: this.high });
  }
}
