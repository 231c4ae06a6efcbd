// analyse()'s options after defaults and validation (one validator per option, errors naming
// the option).
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsObject, seed as seedOf } from '../core/validate.js';
import type { ResolvedBootstrap } from './stats.js';
import type { PCE } from '../numerics/pce.js';
import { GP_KERNELS, GP_TRENDS, type GaussianProcess, type GPKernel, type GPTrend } from '../numerics/gp.js';
import { type AnalyseOptions, ANALYSIS_METHODS, type AnalysisMethod } from './types.js';

export interface Resolved {
  readonly method: AnalysisMethod;
  readonly degree: number | undefined;
  readonly percentiles: readonly number[];
  readonly bootstrap: ResolvedBootstrap | undefined;
  /** Whether the caller set bootstrap.resamples (methods with another default than 1000 use theirs otherwise). */
  readonly resamplesGiven: boolean;
  readonly surrogateSamples: number | undefined;
  readonly surrogateSeed: number;
  readonly convergence: boolean;
  readonly index: Readonly<Record<string, readonly number[]>>;
  /** Where the PCE methods put each QoI's expansion and the gp method its process (analyseWithModels), when set. */
  readonly models?: Map<string, PCE | GaussianProcess>;
  readonly gp: { readonly kernel?: GPKernel; readonly trend?: GPTrend; readonly nugget?: number | 'fit'; readonly starts?: number };
}

export function resolve(opts: unknown): Resolved {
  const o = optionsObject<AnalyseOptions>('options', opts);
  knownKeys('options', o, ['method', 'degree', 'percentiles', 'bootstrap', 'surrogateSamples', 'surrogateSeed', 'convergence', 'index', 'gp']);
  const index = optionsObject<Record<string, readonly number[]>>('options.index', o.index) as Record<string, readonly number[]>;
  for (const [k, xs] of Object.entries(index)) {
    if (!Array.isArray(xs) || xs.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new InvalidArgumentError({ field: `options.index.${k}`, value: xs, expected: 'an array of finite numbers, one per value of the vector QoI' });
  }
  const method = o.method === undefined ? 'auto' : oneOf('options.method', o.method, ANALYSIS_METHODS);
  const degree = o.degree === undefined ? undefined : integer('options.degree', o.degree, 0, 200);
  const ps = o.percentiles ?? [10, 50, 90];
  if (!Array.isArray(ps)) throw new InvalidArgumentError({ field: 'options.percentiles', value: ps, expected: 'an array of percentiles from 0 to 100' });
  ps.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new InvalidArgumentError({ field: `options.percentiles[${i}]`, value: p, expected: 'a percentile from 0 to 100' });
  });
  const b = optionsObject<NonNullable<AnalyseOptions['bootstrap']>>('options.bootstrap', o.bootstrap);
  knownKeys('options.bootstrap', b, ['resamples', 'confidence', 'seed']);
  const resamples = b.resamples === undefined ? 1000 : integer('options.bootstrap.resamples', b.resamples, 0, 1_000_000);
  if (resamples === 1) throw new InvalidArgumentError({ field: 'options.bootstrap.resamples', value: 1, expected: '0 (no bootstrap) or at least 2' });
  const confidence = b.confidence ?? 0.95;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError({ field: 'options.bootstrap.confidence', value: confidence, expected: 'a number strictly between 0 and 1, e.g. 0.95' });
  }
  const seed = seedOf('options.bootstrap.seed', b.seed ?? 0);
  const g = optionsObject<NonNullable<AnalyseOptions['gp']>>('options.gp', o.gp);
  knownKeys('options.gp', g, ['kernel', 'trend', 'nugget', 'starts']);
  if (g.nugget !== undefined && g.nugget !== 'fit' && !(typeof g.nugget === 'number' && g.nugget >= 0 && Number.isFinite(g.nugget))) {
    throw new InvalidArgumentError({ field: 'options.gp.nugget', value: g.nugget, expected: "a nugget >= 0 (relative to the process variance) or 'fit'" });
  }
  const gp = {
    ...(g.kernel !== undefined ? { kernel: oneOf('options.gp.kernel', g.kernel, GP_KERNELS) } : {}),
    ...(g.trend !== undefined ? { trend: oneOf('options.gp.trend', g.trend, GP_TRENDS) } : {}),
    ...(g.nugget !== undefined ? { nugget: g.nugget } : {}),
    ...(g.starts !== undefined ? { starts: integer('options.gp.starts', g.starts, 1, 1000) } : {}),
  };
  const convergence = o.convergence === undefined ? true : oneOf('options.convergence', o.convergence, [true, false]);
  return {
    method, degree, percentiles: ps.slice(), convergence, index, gp,
    bootstrap: resamples === 0 ? undefined : { resamples, confidence, seed },
    resamplesGiven: b.resamples !== undefined,
    surrogateSamples: o.surrogateSamples === undefined ? undefined : integer('options.surrogateSamples', o.surrogateSamples, 2, 2 ** 24),
    surrogateSeed: integer('options.surrogateSeed', o.surrogateSeed ?? 0, 0),
  };
}
