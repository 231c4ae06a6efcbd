// distribution(spec): builds a distribution from plain data such as the output of toJSON().
import { InvalidArgumentError } from '../core/errors.js';
import { Beta } from './beta.js';
import { DiscreteUniform } from './discrete-uniform.js';
import { DISTRIBUTION_KINDS, type Distribution, type DistributionKind, type DistributionSpec } from './distribution.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { LogNormal } from './lognormal.js';
import { Normal } from './normal.js';
import { Triangular } from './triangular.js';
import { TruncatedNormal } from './truncnormal.js';
import { Uniform } from './uniform.js';
import { Weibull } from './weibull.js';
import { LogUniform } from './loguniform.js';

/** The class built for each kind. */
export interface DistributionByKind {
  /** {@link Uniform} */
  uniform: Uniform;
  /** {@link Normal} */
  normal: Normal;
  /** {@link LogNormal} */
  lognormal: LogNormal;
  /** {@link Beta} */
  beta: Beta;
  /** {@link Gamma} */
  gamma: Gamma;
  /** {@link Exponential} */
  exponential: Exponential;
  /** {@link Triangular} */
  triangular: Triangular;
  /** {@link TruncatedNormal} */
  truncnormal: TruncatedNormal;
  /** {@link DiscreteUniform} */
  discreteuniform: DiscreteUniform;
  weibull: Weibull;
  loguniform: LogUniform;
}

/** The parameters of each kind, in constructor order. */
export const DISTRIBUTION_PARAMETERS: { readonly [K in DistributionKind]: readonly string[] } = {
  uniform: ['low', 'high'],
  normal: ['mean', 'std'],
  lognormal: ['mu', 'sigma'],
  beta: ['alpha', 'beta', 'low', 'high'],
  gamma: ['shape', 'scale'],
  exponential: ['rate'],
  triangular: ['low', 'mode', 'high'],
  truncnormal: ['mean', 'std', 'low', 'high'],
  discreteuniform: ['low', 'high'],
  weibull: ['shape', 'scale', 'loc'],
  loguniform: ['low', 'high'],
};

const EXAMPLE = 'a distribution spec such as {dist: "normal", mean: 0, std: 1}';

/** True for objects that implement Distribution (e.g. instances of the classes here). */
export function isDistribution(value: unknown): value is Distribution {
  if (value === null || typeof value !== 'object') return false;
  const d = value as Partial<Record<keyof Distribution, unknown>>;
  return (
    typeof d.kind === 'string' &&
    (DISTRIBUTION_KINDS as readonly string[]).includes(d.kind) &&
    typeof d.ppf === 'function' &&
    typeof d.cdf === 'function' &&
    typeof d.pdf === 'function'
  );
}

/** TruncatedNormal bounds may be written as the strings "-Infinity" / "Infinity" in JSON. */
function infinityFromString(value: unknown, sign: 1 | -1): unknown {
  if (value === (sign > 0 ? 'Infinity' : '-Infinity')) return sign * Infinity;
  return value;
}

function build(kind: DistributionKind, p: Readonly<Record<string, unknown>>): Distribution {
  // The constructors validate (and name the parameter in their errors); `as number` only
  // hands them whatever was given. undefined takes the default where there is one.
  const n = (key: string): number => p[key] as number;
  switch (kind) {
    case 'uniform':
      return new Uniform(n('low'), n('high'));
    case 'normal':
      return new Normal(n('mean'), n('std'));
    case 'lognormal':
      return new LogNormal(n('mu'), n('sigma'));
    case 'beta':
      return new Beta(n('alpha'), n('beta'), n('low'), n('high'));
    case 'gamma':
      return new Gamma(n('shape'), n('scale'));
    case 'exponential':
      return new Exponential(n('rate'));
    case 'triangular':
      return new Triangular(n('low'), n('mode'), n('high'));
    case 'truncnormal':
      return new TruncatedNormal(n('mean'), n('std'), infinityFromString(p.low, -1) as number, infinityFromString(p.high, 1) as number);
    case 'discreteuniform':
      return new DiscreteUniform(n('low'), n('high'));
    case 'weibull':
      return new Weibull(n('shape'), n('scale'), n('loc'));
    case 'loguniform':
      return new LogUniform(n('low'), n('high'));
  }
}

/**
 * Builds a distribution from a spec: `{dist: kind, ...parameters}` with the parameter names
 * of the constructor (as produced by `toJSON()`); omitted parameters take the constructor's
 * defaults. A Distribution passed in is returned as it is.
 *
 * @param spec e.g. `{dist: 'normal', mean: 0, std: 1}` or `{dist: 'beta', alpha: 2, beta: 5}`
 * @param path prefix for the field named in errors, e.g. `'vary.x'` makes a bad std
 *   `vary.x.std` (default: none, so the field is `std`)
 * @throws InvalidArgumentError naming the field: not an object, unknown `dist`, unknown
 *   parameter names, or parameter values the constructor refuses.
 *
 * @example
 * ```js
 * import { distribution } from 'uqkit';
 *
 * const b = distribution({ dist: 'beta', alpha: 2, beta: 5 });
 * console.log(String(b), b.mean, b.cdf(0.5)); // Beta(alpha=2, beta=5, low=0, high=1) 0.2857... 0.890625
 * console.log(b.toJSON()); // { dist: 'beta', alpha: 2, beta: 5, low: 0, high: 1 }
 * ```
 */
export function distribution<S extends DistributionSpec>(spec: S, path?: string): DistributionByKind[S['dist']];
export function distribution(spec: DistributionSpec | Distribution, path?: string): Distribution;
export function distribution(spec: DistributionSpec | Distribution, path?: string): Distribution {
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  if (isDistribution(spec)) return spec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new InvalidArgumentError({ field: path || 'spec', value: spec, expected: EXAMPLE });
  }
  const record = spec as unknown as Readonly<Record<string, unknown>>;
  const kind = record.dist;
  if (typeof kind !== 'string' || !(DISTRIBUTION_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidArgumentError({
      field: at('dist'),
      value: kind,
      expected: `one of ${DISTRIBUTION_KINDS.map((k) => JSON.stringify(k)).join(', ')}`,
    });
  }
  const names = DISTRIBUTION_PARAMETERS[kind as DistributionKind];
  for (const key of Object.keys(record)) {
    if (key !== 'dist' && !names.includes(key)) {
      throw new InvalidArgumentError({
        field: at(key),
        value: record[key],
        expected: `no such parameter of ${kind}; its parameters are ${names.join(', ')}`,
      });
    }
  }
  try {
    return build(kind as DistributionKind, record);
  } catch (e) {
    if (!path || !(e instanceof InvalidArgumentError) || e.field === undefined || e.expected === undefined) throw e;
    throw new InvalidArgumentError({
      field: at(e.field),
      value: e.value,
      expected: e.expected,
      ...(e.hint === undefined ? {} : { hint: e.hint }),
      cause: e,
    });
  }
}
