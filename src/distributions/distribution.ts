// The Distribution interface shared by all parameter distributions, their JSON specs, and
// the parameter validators.
import { InvalidArgumentError } from '../core/errors.js';

/** The distribution families, as written in specs (`{dist: 'normal', ...}`) and in `kind`. */
export const DISTRIBUTION_KINDS = [
  'uniform',
  'normal',
  'lognormal',
  'beta',
  'gamma',
  'exponential',
  'triangular',
  'truncnormal',
  'discreteuniform',
  'weibull',
  'loguniform',
] as const;

/** The `dist` name of each distribution spec: one of {@link DISTRIBUTION_KINDS}. */
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number];

/** The mean, variance and standard deviation of a distribution. */
export interface Moments {
  /** E[X]. */
  readonly mean: number;
  /** Var[X]. */
  readonly variance: number;
  /** sqrt(variance). */
  readonly std: number;
}

/**
 * A one-dimensional probability distribution of an uncertain parameter.
 *
 * Every method takes and returns plain numbers: outside the support the density is 0
 * (log-density -Infinity) and the cdf 0 or 1; `ppf` and `isf` return NaN for NaN or an
 * argument outside [0, 1], as scipy does. An argument that is not a number (a string, a
 * bigint, null, undefined) is never converted: it throws InvalidArgumentError naming it. The parameters are readonly properties
 * named as in the constructor (`new Normal(0, 2).std === 2`).
 */
export interface Distribution {
  /** The family. */
  readonly kind: DistributionKind;
  /** True for distributions on the integers (pdf is then the probability mass function). */
  readonly discrete: boolean;
  /** The closed support [lo, hi]; either end may be infinite. */
  readonly support: readonly [number, number];
  /**
   * Mean, variance and standard deviation of the distribution. (Most classes also have
   * `mean`, `variance` and `std` properties; for `TruncatedNormal` `mean` and `std` are the
   * parameters of the normal before truncation, so generic code should read `moments`.)
   */
  readonly moments: Moments;
  /** Probability density at x (for a discrete distribution, the probability of x). */
  pdf(x: number): number;
  /** Natural logarithm of pdf(x), accurate where pdf(x) underflows. */
  logpdf(x: number): number;
  /** P(X <= x). */
  cdf(x: number): number;
  /** P(X > x) = 1 - cdf(x), with small relative error also where it is tiny. */
  sf(x: number): number;
  /**
   * The quantile (inverse cdf): the smallest x with cdf(x) >= u, u in [0, 1]. ppf(0) and
   * ppf(1) are the ends of the support (possibly infinite); NaN for NaN or u outside [0, 1].
   */
  ppf(u: number): number;
  /** The inverse survival function: x with sf(x) = q, accurate when q is tiny. */
  isf(q: number): number;
  /** The spec that rebuilds this distribution with `distribution(spec)`. */
  toJSON(): DistributionSpec;
  /** E.g. `Normal(mean=0, std=1)`. */
  toString(): string;
}

/** Spec of {@link Uniform}: U(low, high), default U(0, 1). */
export interface UniformSpec {
  /** The family. */
  readonly dist: 'uniform';
  /** Default 0. */
  readonly low?: number;
  /** Default 1. */
  readonly high?: number;
}
/** Spec of {@link Normal}: N(mean, std²), default the standard normal. */
export interface NormalSpec {
  /** The family. */
  readonly dist: 'normal';
  /** Default 0. */
  readonly mean?: number;
  /** Default 1. */
  readonly std?: number;
}
/** Spec of {@link LogNormal}: X = exp(Y) with Y ~ N(mu, sigma²). */
export interface LogNormalSpec {
  /** The family. */
  readonly dist: 'lognormal';
  /** Mean of log X. Default 0. */
  readonly mu?: number;
  /** Standard deviation of log X. Default 1. */
  readonly sigma?: number;
}
/** Spec of {@link Beta}: Beta(alpha, beta) shape parameters (> 0), scaled to [low, high]. */
export interface BetaSpec {
  /** The family. */
  readonly dist: 'beta';
  /** First shape parameter, > 0. */
  readonly alpha: number;
  /** Second shape parameter, > 0. */
  readonly beta: number;
  /** Default 0. */
  readonly low?: number;
  /** Default 1. */
  readonly high?: number;
}
/** Spec of {@link Gamma}: Gamma(shape, scale), shape > 0, mean shape · scale. */
export interface GammaSpec {
  /** The family. */
  readonly dist: 'gamma';
  /** Shape parameter k, > 0. */
  readonly shape: number;
  /** Default 1. */
  readonly scale?: number;
}
/** Spec of {@link Exponential}: rate λ > 0, mean 1/λ. */
export interface ExponentialSpec {
  /** The family. */
  readonly dist: 'exponential';
  /** Default 1. */
  readonly rate?: number;
}
/** Spec of {@link Triangular}: low <= mode <= high, low < high. */
export interface TriangularSpec {
  /** The family. */
  readonly dist: 'triangular';
  /** Lower end of the support. */
  readonly low: number;
  /** The peak, low <= mode <= high. */
  readonly mode: number;
  /** Upper end of the support. */
  readonly high: number;
}
/** Spec of {@link TruncatedNormal}: N(mean, std²) restricted to [low, high]. */
export interface TruncatedNormalSpec {
  /** The family. */
  readonly dist: 'truncnormal';
  /** Mean of the normal before truncation. */
  readonly mean: number;
  /** Standard deviation of the normal before truncation, > 0. */
  readonly std: number;
  /** Default -Infinity (JSON has no infinities: omit it, or write the string "-Infinity"). */
  readonly low?: number | '-Infinity';
  /** Default Infinity (omit it, or write the string "Infinity"). */
  readonly high?: number | 'Infinity';
}
/** Spec of {@link DiscreteUniform}: every integer from low to high equally likely. */
export interface DiscreteUniformSpec {
  /** The family. */
  readonly dist: 'discreteuniform';
  /** Smallest value (an integer). */
  readonly low: number;
  /** Largest value (an integer, included). */
  readonly high: number;
}

/** The spec of a Weibull distribution (see Weibull). */
export interface WeibullSpec {
  readonly dist: 'weibull';
  /** The shape k (> 0). */
  readonly shape: number;
  /** Default 1. */
  readonly scale?: number;
  /** The lower end of the support. Default 0. */
  readonly loc?: number;
}

/** The spec of a log-uniform distribution (see LogUniform). */
export interface LogUniformSpec {
  readonly dist: 'loguniform';
  /** Lower end, > 0. */
  readonly low: number;
  /** Upper end, > low. */
  readonly high: number;
}

/** A distribution written as plain data, e.g. `{dist: 'normal', mean: 0, std: 1}`. */
export type DistributionSpec =
  | UniformSpec
  | NormalSpec
  | LogNormalSpec
  | BetaSpec
  | GammaSpec
  | ExponentialSpec
  | TriangularSpec
  | TruncatedNormalSpec
  | DiscreteUniformSpec
  | WeibullSpec
  | LogUniformSpec;

// ---------------------------------------------------------------------------------------------
// Parameter validation (each throws InvalidArgumentError naming the parameter)

/**
 * Throws the InvalidArgumentError for a method argument that is not a number; called as
 * `if (typeof x !== 'number') notNumber('x', x)`, so that numbers pay one typeof test.
 */
export function notNumber(field: string, value: unknown): never {
  throw new InvalidArgumentError({ field, value, expected: 'a number (strings, bigints, null and undefined are not converted)' });
}

/** A finite number. */
export function finiteParam(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError({ field, value, expected: 'a finite number' });
  }
  return value;
}

/** A finite number > 0. */
export function positiveParam(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new InvalidArgumentError({ field, value, expected: 'a finite number > 0' });
  }
  return value;
}

/** Checks low < high (both finite numbers already) with high - low finite. */
export function checkInterval(low: number, high: number, lowName = 'low', highName = 'high'): void {
  if (!(high > low)) {
    throw new InvalidArgumentError({ field: highName, value: high, expected: `a finite number > ${lowName} (${low})` });
  }
  if (!Number.isFinite(high - low)) {
    throw new InvalidArgumentError({
      field: highName,
      value: high,
      expected: `a number with ${highName} - ${lowName} finite`,
      hint: `${highName} - ${lowName} overflows: the interval is wider than the largest double`,
    });
  }
}

/** Makes a frozen Moments object. */
export function moments(mean: number, variance: number): Moments {
  return Object.freeze({ mean, variance, std: Math.sqrt(variance) });
}

/** `Name(a=1, b=2)` from a spec's fields in order (JavaScript number formatting). */
export function formatDistribution(name: string, params: Readonly<Record<string, number>>): string {
  return `${name}(${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;
}

/** True if p is a probability in [0, 1] (false for NaN). */
export function isProbability(p: number): boolean {
  return p >= 0 && p <= 1;
}

/**
 * `mean`, `variance` and `std` getters over `moments`, shared by the distributions whose
 * parameters are not themselves called mean and std (Normal and TruncatedNormal's are).
 */
export abstract class MomentGetters {
  abstract readonly moments: Moments;
  /** The mean E[X]. */
  get mean(): number {
    return this.moments.mean;
  }
  /** The variance Var[X]. */
  get variance(): number {
    return this.moments.variance;
  }
  /** The standard deviation sqrt(Var[X]). */
  get std(): number {
    return this.moments.std;
  }
}
