// The truncated normal distribution, accurate also when [low, high] lies far in a tail.
//
// Everything is computed in standard units, xi = (x - mean)/std on [a, b]. An interval in the
// lower half (b <= 0) is mirrored to the upper half. In the upper half (0 <= a) the
// probabilities are ratios to Q(a) = 1 - Phi(a), which may underflow (a > 38.5) while the
// ratios do not: with the Mills ratio R = Q/phi,
//   Q(v)/Q(u) = exp(-(v - u)(v + u)/2) R(v)/R(u),
// and the distance v - u is taken from x directly ((x - low)/std), not from rounded
// standard units. Where 1 - Q(v)/Q(u) is small it is the integral
//   int_0^d exp(-u s - s^2/2) ds / R(u),  d = v - u,
// by 10-point Gauss-Legendre (the integrand varies by less than a factor e there), so no
// cancellation occurs. An interval containing 0 uses erf, which is accurate near 0, and
// the tails beyond, so narrow intervals around 0 are fine too. The mean and variance come
// from moments of the distance to the nearer end (composite Gauss-Legendre), which keeps
// them accurate where the textbook formulas cancel (far tails, narrow intervals).
import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { InvalidArgumentError } from '../core/errors.js';
import { finiteParam, formatDistribution, isProbability, moments, positiveParam, type Distribution, type Moments, notNumber } from './distribution.js';
import { erf, expNegQuadratic, invertTail, logNdtr, millsRatio, ndtr, ndtri, ndtriLogUpper, normalPdf } from './special.js';

const LN_SQRT_2PI = 0.9189385332046728;

/** Gauss–Legendre nodes and weights on [-1, 1], by Newton's method on P_n. */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const legendre = (z: number): [number, number] => {
    let p0 = 1;
    let p1 = z;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    return [p1, (n * (z * p1 - p0)) / (z * z - 1)]; // P_n(z), P_n'(z)
  };
  for (let i = 0; i < n; i++) {
    let z = dm.cospi((i + 0.75) / (n + 0.5));
    for (let it = 0; it < 100; it++) {
      const [p, dp] = legendre(z);
      const dz = p / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break; // quadratic convergence: z is now exact to rounding
    }
    const dp = legendre(z)[1];
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}
const GL = gaussLegendre(10);

/** int_0^d exp(-u s - s^2/2) ds for d (u + d/2) <= 1, by Gauss–Legendre. */
function smallIntegral(u: number, d: number): number {
  let s = 0;
  for (let i = 0; i < GL.x.length; i++) {
    const t = (d * (1 + GL.x[i]!)) / 2;
    s += GL.w[i]! * dm.exp(-t * (u + t / 2));
  }
  return (s * d) / 2;
}

/** 1 - Q(v)/Q(u) for 0 <= u <= v, d = v - u (given accurately). */
function tailFraction(u: number, v: number, d: number): number {
  if (v === Infinity || d === Infinity) return 1;
  if (!(d > 0)) return 0;
  const e = d * (u + d / 2);
  if (e <= 1) return smallIntegral(u, d) / millsRatio(u);
  return -dm.expm1(-e + dm.log(millsRatio(v) / millsRatio(u)));
}

/** Q(v)/Q(u) for 0 <= u <= v, d = v - u. */
function tailRatio(u: number, v: number, d: number): number {
  if (v === Infinity || d === Infinity) return 0;
  return expNegQuadratic(u, d) * (millsRatio(v) / millsRatio(u));
}

/**
 * int_0^w s^k exp(-u s - s^2/2) ds for k = 0, 1, 2 (u >= 0, w may be Infinity): composite
 * 10-point Gauss–Legendre on panels of width <= 1/max(u, 1), up to where the integrand
 * has fallen below e^-50 of its value at 0.
 */
function tailIntegrals(u: number, w: number): [number, number, number] {
  const end = Math.min(w, -u + Math.sqrt(u * u + 100));
  const panels = Math.max(1, Math.ceil(end * Math.max(u, 1)));
  const h = end / panels;
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let p = 0; p < panels; p++) {
    for (let i = 0; i < GL.x.length; i++) {
      const s = h * (p + (1 + GL.x[i]!) / 2);
      const g = GL.w[i]! * dm.exp(-s * (u + s / 2));
      m0 += g;
      m1 += g * s;
      m2 += g * s * s;
    }
  }
  return [(m0 * h) / 2, (m1 * h) / 2, (m2 * h) / 2];
}

/** Standard units: the distribution of xi on [a, b], in one of two cases (see the top). */
interface StandardForm {
  /** P(xi' <= v) and P(xi' > v) in the canonical frame; dl = v - a', dh = b' - v. */
  cdf(v: number, dl: number, dh: number): number;
  sf(v: number, dl: number, dh: number): number;
  /** Density in standard units. */
  pdf(v: number, dl: number): number;
  logpdf(v: number, dl: number): number;
  /** First guess for the v with cdf = t (lower) or sf = t (!lower). */
  guess(t: number, lower: boolean): number;
  /** Mean and variance in standard units. */
  moments(): [number, number];
}

/** The interval [a, b] with 0 <= a < b <= Infinity. */
function upperForm(a: number, b: number): StandardForm {
  const ra = millsRatio(a);
  const zr = tailFraction(a, b, b - a); // (Q(a) - Q(b)) / Q(a)
  const rb = tailRatio(a, b, b - a); // Q(b) / Q(a)
  const lqa = logNdtr(-a); // log Q(a)
  const pdf = (dl: number): number => expNegQuadratic(a, dl) / (ra * zr);
  return {
    cdf: (_v, dl) => tailFraction(a, a + dl, dl) / zr,
    sf: (v, dl, dh) => (tailRatio(a, v, dl) * tailFraction(v, b, dh)) / zr,
    pdf: (_v, dl) => pdf(dl),
    logpdf: (_v, dl) => -dl * (a + dl / 2) - dm.log(ra) - dm.log(zr),
    guess(t, lower) {
      if (lower) {
        const d = t * zr * ra; // cdf ~ d / (R(a) zr) near a
        if (d * (a + d) < 0.3) return a + d;
        return ndtriLogUpper(lqa + dm.log1p(-t * zr));
      }
      if (b < Infinity) {
        const e = t / pdf(b - a); // sf ~ pdf(b) (b - v) near b
        if (e * b < 0.3) return b - e;
      }
      return ndtriLogUpper(lqa + dm.log(rb + t * zr));
    },
    moments() {
      const [m0, m1, m2] = tailIntegrals(a, b - a);
      const e = m1 / m0;
      return [a + e, m2 / m0 - e * e];
    },
  };
}

/** The interval [a, b] with a < 0 < b. */
function straddleForm(a: number, b: number): StandardForm {
  const ea = erf(-a * Math.SQRT1_2); // 2 (1/2 - Phi(a))
  const eb = erf(b * Math.SQRT1_2); // 2 (Phi(b) - 1/2)
  const z = (ea + eb) / 2;
  return {
    cdf: (v, dl) => (v <= 0 ? ndtr(v) * tailFraction(-v, -a, dl) : (erf(v * Math.SQRT1_2) + ea) / 2) / z,
    sf: (v, _dl, dh) => (v >= 0 ? ndtr(-v) * tailFraction(v, b, dh) : (erf(-v * Math.SQRT1_2) + eb) / 2) / z,
    pdf: (v) => normalPdf(v) / z,
    logpdf: (v) => -0.5 * v * v - LN_SQRT_2PI - dm.log(z),
    guess(t, lower) {
      // Near an end the cdf (sf) is about phi(end) times the distance to it.
      if (lower) {
        const d = (t * z) / normalPdf(a);
        if (d * (d - a) < 0.3) return a + d;
        return ndtri(Math.min(1, ndtr(a) + t * z));
      }
      const e = (t * z) / normalPdf(b);
      if (e * (b + e) < 0.3) return b - e;
      return -ndtri(Math.min(1, ndtr(-b) + t * z));
    },
    moments() {
      const [p0, p1, p2] = tailIntegrals(0, b);
      const [n0, n1, n2] = tailIntegrals(0, -a);
      const m0 = p0 + n0;
      const mean = (p1 - n1) / m0;
      return [mean, (p2 + n2) / m0 - mean * mean];
    },
  };
}

function lowParam(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value === Infinity) {
    throw new InvalidArgumentError({ field: 'low', value, expected: 'a number < high, or -Infinity' });
  }
  return value;
}
function highParam(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value === -Infinity) {
    throw new InvalidArgumentError({ field: 'high', value, expected: 'a number > low, or Infinity' });
  }
  return value;
}

/**
 * The normal distribution N(mean, std^2) truncated to [low, high]; either end may be
 * infinite (both infinite gives the normal itself). Accurate also far in a tail, e.g.
 * `new TruncatedNormal(0, 1, 8, 9)` or `(0, 1, -40, -38)`, where the probability of the
 * interval underflows. scipy: `truncnorm((low - mean)/std, (high - mean)/std, loc=mean, scale=std)`.
 *
 * Note that `mean` and `std` are the parameters of the normal before truncation; the mean
 * and standard deviation of the truncated distribution are in `moments`.
 *
 * @example
 * ```js
 * import { TruncatedNormal } from 'uqkit';
 *
 * const half = new TruncatedNormal(0, 1, 0, Infinity); // the half-normal
 * console.log(half.mean, half.moments.mean); // 0 (the parameter) 0.7978... (sqrt(2/pi))
 * ```
 */
export class TruncatedNormal implements Distribution {
  readonly kind = 'truncnormal' as const;
  readonly discrete = false;
  /** Mean of the normal before truncation (not the mean of this distribution: see `moments`). */
  readonly mean: number;
  /** Standard deviation of the normal before truncation. */
  readonly std: number;
  /** Lower truncation point. Default -Infinity. */
  readonly low: number;
  /** Upper truncation point. Default Infinity. */
  readonly high: number;
  readonly support: readonly [number, number];
  readonly moments: Moments;
  /** Whether the canonical frame is mirrored (interval in the lower half), and its form. */
  readonly #mirror: boolean;
  readonly #form: StandardForm;
  /** Canonical standard bounds a' < b'. */
  readonly #a: number;
  readonly #b: number;

  /**
   * @param mean a finite number
   * @param std a finite number > 0
   * @param low a number < high, or -Infinity (default -Infinity)
   * @param high a number > low, or Infinity (default Infinity)
   */
  constructor(mean: number, std: number, low: number = -Infinity, high: number = Infinity) {
    this.mean = finiteParam('mean', mean);
    this.std = positiveParam('std', std);
    this.low = lowParam(low);
    this.high = highParam(high);
    if (!(high > low)) throw new InvalidArgumentError({ field: 'high', value: high, expected: `a number > low (${low})` });
    this.support = Object.freeze([low, high] as const);
    const a = (low - mean) / std;
    const b = (high - mean) / std;
    this.#mirror = b <= 0;
    this.#a = this.#mirror ? -b : a;
    this.#b = this.#mirror ? -a : b;
    this.#form = this.#a >= 0 ? upperForm(this.#a, this.#b) : straddleForm(this.#a, this.#b);
    const [m, v] = this.#form.moments();
    this.moments = moments(this.#mirror ? mean - std * m : mean + std * m, std * std * v);
  }

  /** Canonical standard coordinate of x and its distances to a' and b' (from x itself). */
  #canonical(x: number): [number, number, number] {
    const v = (x - this.mean) / this.std;
    const dl = (x - this.low) / this.std;
    const dh = (this.high - x) / this.std;
    return this.#mirror ? [-v, dh, dl] : [v, dl, dh];
  }

  pdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.low || x > this.high) return 0;
    const [v, dl] = this.#canonical(x);
    return this.#form.pdf(v, dl) / this.std;
  }
  logpdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x < this.low || x > this.high) return -Infinity;
    const [v, dl] = this.#canonical(x);
    return this.#form.logpdf(v, dl) - dm.log(this.std);
  }
  cdf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    const [v, dl, dh] = this.#canonical(x);
    return this.#mirror ? this.#form.sf(v, dl, dh) : this.#form.cdf(v, dl, dh);
  }
  sf(x: number): number {
    if (typeof x !== 'number') notNumber('x', x);
    if (Number.isNaN(x)) return NaN;
    if (x <= this.low) return 1;
    if (x >= this.high) return 0;
    const [v, dl, dh] = this.#canonical(x);
    return this.#mirror ? this.#form.cdf(v, dl, dh) : this.#form.sf(v, dl, dh);
  }

  /** x with cdf(x) = p and sf(x) = q (p + q = 1, the smaller one exact). */
  #quantile(p: number, q: number): number {
    if (p === 0) return this.low;
    if (q === 0) return this.high;
    // In the canonical frame the wanted tail is the lower one iff (p is the smaller) xor mirror.
    const t = Math.min(p, q);
    const lower = p <= q !== this.#mirror;
    const f = this.#form;
    const a = this.#a;
    const b = this.#b;
    // A first guess at an end means the quantile is within rounding of that end.
    const g = f.guess(t, lower);
    const v =
      g <= a
        ? a
        : g >= b
          ? b
          : invertTail(
              lower ? (u) => f.cdf(u, u - a, b - u) : (u) => f.sf(u, u - a, b - u),
              (u) => f.pdf(u, u - a),
              t,
              lower,
              g,
              a,
              b,
            );
    const x = this.mean + this.std * (this.#mirror ? -v : v);
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
  toJSON(): { dist: 'truncnormal'; mean: number; std: number; low?: number; high?: number } {
    return {
      dist: 'truncnormal',
      mean: this.mean,
      std: this.std,
      ...(this.low > -Infinity ? { low: this.low } : {}),
      ...(this.high < Infinity ? { high: this.high } : {}),
    };
  }
  toString(): string {
    return formatDistribution('TruncatedNormal', { mean: this.mean, std: this.std, low: this.low, high: this.high });
  }
}
