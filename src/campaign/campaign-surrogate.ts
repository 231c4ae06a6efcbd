// A campaign's surrogate: its done runs analysed by a method that makes a model (a PCE by
// projection or regression, stochastic collocation's interpolant as a PCE, or a Gaussian
// process), one per QoI,
// gathered into a Surrogate (src/numerics/surrogate.ts) whose toJSON() is the surrogate file.
// It reads the store only, so it works on a campaign opened read-only while it runs.
import { InvalidArgumentError } from '../core/errors.js';
import { canonicalJson, type JsonValue } from '../core/identity.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { distribution, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { GPSurrogateModel, Surrogate, type SurrogateQoI } from '../numerics/surrogate.js';
import { PCE } from '../numerics/pce.js';
import type { GPKernel, GPTrend } from '../numerics/gp.js';
import type { SamplerSpec } from '../samplers/index.js';
import { analyseWithModels, analysisMethodFor } from '../analysis/analyse.js';
import type { AnalysisMethod } from '../analysis/types.js';
import type { CampaignConfig, CampaignSampler } from './campaign-types.js';
import type { CampaignStore } from './store.js';

/** The analysis methods that give a model. */
export const SURROGATE_METHODS = ['pce-projection', 'pce-regression', 'sc', 'gp'] as const;

/** Options of `campaign.surrogate()`. */
export interface SurrogateOptions {
  /**
   * The analysis that makes the models: 'pce-projection' or 'sc' (samplers on grids),
   * 'pce-regression' (any runs: least squares on their points; needs `degree` unless the
   * sampler has an order), 'gp' (any runs: a Gaussian process per QoI, with the campaign
   * file's `analysis.kernel`, `trend`, `nugget` and `starts` when it names method gp; a
   * surrogate of kind 'gp'). Default: the campaign file's `analysis.method`, else what the
   * sampler implies (pce: projection or regression, sc: collocation).
   */
  readonly method?: 'pce-projection' | 'pce-regression' | 'sc' | 'gp';
  /** Total degree of a PCE. Default: `analysis.degree`, else the sampler's order. */
  readonly degree?: number;
  /** The QoIs to model. Default `analysis.qois` of the stored configuration, else every numeric output less those named as an `index`. */
  readonly qois?: readonly string[];
  /**
   * The runs of these samplers (ids as `samplers()` lists them), or 'all'. Default:
   * `analysis.samplers` of the stored configuration, else the runs of the campaign file's
   * sampler, else of the sampler added last.
   */
  readonly samplers?: readonly number[] | 'all';
  /**
   * The x values of vector QoIs, by QoI name: the values, or the name of another output of
   * the runs that holds them (as the campaign file's `analysis.index`). Default:
   * `analysis.index` of the stored configuration.
   */
  readonly index?: Readonly<Record<string, readonly number[] | string>>;
}

/** What campaignSurrogate needs of a campaign (the facade, opened read-only or not). */
export interface SurrogateSource {
  readonly config: CampaignConfig;
  readonly store: CampaignStore;
  samplers(): CampaignSampler[];
}

/**
 * The surrogate of a campaign's done runs (see Campaign.surrogate).
 *
 * @throws InvalidArgumentError when the method makes no model (statistics, Sobol' indices,
 *   screening), naming what would; when no run is done; as analyse() for its input.
 */
export function campaignSurrogate(campaign: SurrogateSource, options?: SurrogateOptions): Surrogate {
  const o = optionsOf<SurrogateOptions>('options', options);
  knownKeys('options', o, ['method', 'degree', 'qois', 'samplers', 'index']);
  const config = campaign.config;
  const a = (config.analysis ?? {}) as { method?: string; degree?: number; kernel?: GPKernel; trend?: GPTrend; nugget?: number | 'fit'; starts?: number; index?: Record<string, readonly number[] | string>; qois?: readonly string[]; samplers?: readonly number[] | 'all' };
  const chosen = o.samplers ?? a.samplers;
  const records = campaign.samplers();
  // Which runs: as `uqkit analyse` takes them.
  let use: CampaignSampler[];
  if (chosen === 'all') use = records;
  else if (chosen !== undefined) {
    if (!Array.isArray(chosen)) throw new InvalidArgumentError({ field: 'options.samplers', value: chosen, expected: "an array of sampler ids, or 'all'" });
    use = chosen.map((id, i) => {
      const s = records.find((r) => r.id === integer(`options.samplers[${i}]`, id, 1));
      if (!s) throw new InvalidArgumentError({ field: `options.samplers[${i}]`, value: id, expected: `a sampler of ${config.name} (${records.map((r) => `${r.id} (${r.kind})`).join(', ') || 'none'})` });
      return s;
    });
  } else {
    const spec = config.sampler;
    const current = spec === undefined ? [] : records.filter((s) => canonicalJson(s.spec as unknown as JsonValue) === canonicalJson(spec as JsonValue));
    use = current.length > 0 ? current : records.slice(-1);
  }
  const specs = new Set(use.map((s) => canonicalJson(s.spec as unknown as JsonValue)));
  const sampler: SamplerSpec | undefined = specs.size === 1 ? use[0]!.spec : undefined;
  const asked = (o.method ?? a.method ?? 'auto') as AnalysisMethod;
  if (o.method !== undefined) oneOf('options.method', o.method, SURROGATE_METHODS);
  const of = sampler === undefined ? (use.length > 1 ? 'runs of several samplers' : 'runs without a sampler') : `the sampler '${sampler.kind}'`;
  const method = sampler === undefined ? (asked === 'auto' ? 'stats' : asked) : analysisMethodFor(sampler, asked);
  if (!(SURROGATE_METHODS as readonly string[]).includes(method)) {
    throw new InvalidArgumentError({
      field: 'options.method', value: method,
      expected: `a method that makes a model (${SURROGATE_METHODS.join(', ')}): the analysis of ${of} ('${method}') gives none; a pce or sc sampler makes one, and method 'pce-regression' with a degree, or 'gp', fits one to random, qmc or other runs`,
    });
  }
  if ((config as { correlation?: unknown }).correlation !== undefined) {
    // A surrogate file describes independent inputs: its densities and correlations sample them so.
    throw new InvalidArgumentError({
      field: 'correlation', value: (config as { correlation?: unknown }).correlation,
      expected: `a campaign with independent inputs: ${config.name} has correlated inputs, and a surrogate file does not carry a correlation (its densities and QoI correlations would sample the inputs as independent); analyse the campaign with 'pce-regression' for moments instead`,
    });
  }
  const stored = campaign.store.results(chosen === 'all' || use.length === 0 ? undefined : { samplers: use.map((s) => s.id) });
  if (stored.length === 0) throw new InvalidArgumentError({ field: 'runs', value: 0, expected: `done runs of ${of} in ${config.name} (none is done yet)` });
  const runs = stored.map((r) => ({ params: r.params as Record<string, number | string | boolean>, outputs: r.outputs }));
  const vary = (config.vary ?? {}) as Record<string, DistributionSpec | Distribution>;
  // x values of vector QoIs: given, or another output of the runs.
  const index: Record<string, number[]> = {};
  const indexNames = new Set<string>();
  for (const [q, x] of Object.entries(o.index ?? a.index ?? {})) {
    if (typeof x === 'string') {
      const from = runs.map((r) => (r.outputs as Record<string, unknown> | null)?.[x]).find((v) => Array.isArray(v) && v.every((e) => typeof e === 'number'));
      if (!from) throw new InvalidArgumentError({ field: `index.${q}`, value: x, expected: 'the name of an output that a done run gives as a list of numbers' });
      index[q] = from as number[];
      indexNames.add(x);
    } else {
      index[q] = [...x];
    }
  }
  const names = [...new Set(runs.flatMap((r) => (r.outputs !== null && typeof r.outputs === 'object' && !Array.isArray(r.outputs) ? Object.keys(r.outputs) : [])))];
  const qois = o.qois ? [...o.qois] : a.qois ? [...a.qois] : names.filter((n) => !indexNames.has(n));
  const degree = o.degree ?? a.degree;
  if (method === 'gp' && o.degree !== undefined) throw new InvalidArgumentError({ field: 'options.degree', value: o.degree, expected: 'no degree with method gp (a degree is the order of a PCE)' });
  // The GP options of the campaign file apply when it names method gp (as `uqkit analyse`).
  const gp = method === 'gp' && a.method === 'gp' ? {
    ...(a.kernel !== undefined ? { kernel: a.kernel } : {}), ...(a.trend !== undefined ? { trend: a.trend } : {}),
    ...(a.nugget !== undefined ? { nugget: a.nugget } : {}), ...(a.starts !== undefined ? { starts: a.starts } : {}),
  } : undefined;
  const { result, models } = analyseWithModels(
    { ...(sampler !== undefined ? { sampler } : {}), vary, runs, qois },
    {
      method: method as AnalysisMethod, ...(degree !== undefined && method !== 'gp' ? { degree } : {}), ...(Object.keys(index).length ? { index } : {}),
      ...(gp ? { gp } : {}), surrogateSamples: 4096, bootstrap: { resamples: 0 },
    },
  );
  const out: Record<string, SurrogateQoI> = {};
  for (const [q, m] of models) {
    const mean = result.analysis[q]!.mean;
    out[q] = { shape: typeof mean === 'number' ? [] : [m.outputs], ...(index[q] ? { index: index[q] } : {}), model: m instanceof PCE ? m : new GPSurrogateModel(m) };
  }
  if (Object.keys(out).length === 0) {
    throw new InvalidArgumentError({ field: 'qois', value: qois, expected: `an output that is a number or a list of numbers in the runs (${Object.entries(result.notAnalysed).map(([k, why]) => `${k}: ${why}`).join('; ') || 'none'})` });
  }
  const names_ = Object.keys(vary);
  const fixed = Object.fromEntries(Object.entries(runs[0]!.params).filter(([k]) => !(k in vary)));
  return new Surrogate({
    kind: method === 'gp' ? 'gp' : 'pce',
    inputs: names_.map((k) => ({ name: k, dist: distribution(vary[k]!, `vary.${k}`) })),
    qois: out,
    fixed,
    source: { campaign: config.name, method: result.method, runs: runs.length, ...(sampler ? { sampler: sampler as unknown as Record<string, unknown> } : {}), ...(result.warnings.length ? { warnings: result.warnings } : {}) },
  });
}
