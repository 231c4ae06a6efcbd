// The analysis of a campaign: from the done runs (parameters and decoded outputs)
// and the sampler that made them, the statistics of every quantity of interest (QoI) in the
// shape the report draws (src/report/html.ts: QoIAnalysis), by the method that fits the
// sampler:
//
//   saltelli              Sobol' indices (first order Saltelli 2010, total Jansen; second order
//                         with secondOrder designs) with bootstrap intervals, and basic
//                         statistics of the A and B rows; convergence over prefixes of the design
//   pce (quadrature,      a polynomial chaos expansion of total degree = order by spectral
//        sparse)          projection on the grid
//   pce (regression)      the same by least squares on the 2P points
//   sc                    stochastic collocation: moments by the grid's quadrature, Sobol'
//                         indices from the Lagrange interpolant (./collocation.ts)
//   morris, ff,           SALib's screening: Morris elementary effects, fractional factorial
//   finite_diff           main effects, DGSM (./screening.ts), and basic statistics of the runs
//   hdmr (any sampler)    SALib's HDMR on the runs' inputs (./hdmr.ts)
//   fast                  eFAST first and total indices on the design's curves (./salib.ts)
//   (asked) rbd_fast,     RBD-FAST first-order indices, Borgonovo's delta, PAWN on the runs of
//   delta, pawn           any sampler but a quadrature or collocation grid (./salib.ts)
//   random, qmc, latin,   basic statistics (one run: its value as the mean and percentiles,
//   table, sweep,         NaN std and variance)
//   no sampler
//   replica               the inner sampler's analysis of the replica means (see AnalyseOptions)
//   shapley               Shapley effects (./shapley.ts), also for correlated inputs
//
// With a correlation (dependent inputs) the methods whose indices assume independence
// (sobol, pce-projection, sc, gp, fast) are refused, and pce-regression gives moments without indices.
//
// Runs are matched to the sampler's design by the values of the uncertain parameters: the
// sampler is rebuilt from its spec (it is deterministic) and each design row keyed by its
// values; a JSON round trip keeps doubles exact, so the keys match bit for bit. The runs are
// first put in a canonical order (by their parameters), so the result does not depend on the
//
// The dispatcher: this file validates the input, orders the runs, matches them to the design
// and hands each QoI to its method's file: ./basic.ts (basic statistics), ./saltelli.ts,
// ./pce.ts (projection and regression), ./sc.ts (stochastic collocation); the shared handling
// of outputs is in ./outputs.ts, the options in ./options.ts, the choice of method in ./method.ts.
export { ANALYSIS_METHODS } from './types.js';
export type { AnalysisInput, AnalysisRun, AnalyseOptions, AnalysisMethod, AnalysisResult, QoIResult, SeriesInterval } from './types.js';
export { analysisMethodFor } from './method.js';
import { InvalidArgumentError } from '../core/errors.js';
import { knownKeys, oneOf, options as optionsObject } from '../core/validate.js';
import { distribution, type Distribution, type DistributionSpec } from '../distributions/index.js';
import type { Grid } from '../numerics/grids.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import type { SaltelliDesign } from '../numerics/saltelli.js';
import { sampler as makeSampler, type SamplerSpec } from '../samplers/index.js';
import { isAdaptiveSc, pointKey, replayAdaptiveSc, type AdaptiveScSpec } from '../samplers/adaptive-sc.js';
import type { SparseGrid } from '../numerics/grids.js';
import type { AnalyseOptions, AnalysisInput, AnalysisResult, AnalysisRun, QoIResult } from './types.js';
import { resolve, type Resolved } from './options.js';
import type { PCE } from '../numerics/pce.js';
import type { GaussianProcess } from '../numerics/gp.js';
import { chooseMethod, gridKind, type Kind } from './method.js';
import { canonical, collect, nonNumeric, series } from './outputs.js';
import { basicAnalysis } from './basic.js';
import { saltelliAnalysis } from './saltelli.js';
import { pceProjection, pceRegression } from './pce.js';
import { collocation } from './sc.js';
import { gpAnalysis, GP_BASE_ROWS } from './gp.js';
import { screeningAnalysis } from './screening.js';
import { shapleyAnalysis } from './shapley.js';
import { correlationCopula } from '../samplers/correlation.js';
import type { ShapleyDesign } from '../numerics/shapley.js';
import { hdmrAnalysis } from './hdmr.js';
import { salibAnalysis, salibMethodText } from './salib.js';

/**
 * Analyses a campaign's runs by the method that fits its sampler (or `options.method`).
 * Returns per QoI: mean, std, variance, percentiles (10, 50, 90 by default), Sobol' indices
 * where the method gives them, and intervals and convergence where they are cheap.
 *
 * Statistics from samples (random, qmc, table, 'stats', and the A and B rows of Saltelli
 * designs): mean, variance and std with ddof 1 (sample variance), percentiles by numpy's
 * default 'linear' method, bootstrap percentile intervals for mean and std (seed 0 by
 * default). From expansions (PCE, SC): mean and variance from the coefficients (SC: from the
 * grid's quadrature), percentiles of the surrogate at 2^16 scrambled Sobol' points (seed 0;
 * fewer for expansions of over 1024 terms and for vector QoIs of over 16 values, see
 * AnalyseOptions.surrogateSamples). Sobol'
 * indices of an output that does not vary are NaN, with a warning.
 *
 * Outputs that no run gives as a number or an array of numbers (text, nested objects,
 * matrices, only nulls) are not analysed: `notAnalysed` names them with what they are. Runs
 * without a sampler (`input.sampler` absent: runs added one by one, or those of several
 * samplers) get basic statistics, or 'pce-regression' when asked.
 *
 * Missing runs (failed, or without an output for a QoI): Saltelli designs drop the base rows
 * with a missing run in any block and say so in `warnings`; projection and collocation refuse
 * with an error naming how many grid nodes are missing (a quadrature rule with a hole is not
 * a rule) and suggest method 'pce-regression', which fits on the nodes that are there;
 * regression and statistics use the runs they get. Runs whose uncertain parameters are not a
 * point of the design are left out, with a warning.
 *
 * Replica samplers: the outputs of the replicas of a design point are averaged and the inner
 * sampler's analysis is made of the averages (the indices describe the mean response);
 * `replicaStd` is the pooled standard deviation between replicas (the noise). With inner
 * random, qmc or table samplers (or method 'stats'), basic statistics of all runs.
 *
 * Vector QoIs (arrays of numbers) are analysed in one pass over all their values: one
 * projection, fit or set of Saltelli estimates for all columns; every Series is an array.
 *
 * @throws InvalidArgumentError for bad input or options, an unsuitable method, missing grid
 *   nodes, too few runs
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { Campaign, analyse } from 'uqkit';
 *
 * const U = { dist: 'uniform', low: -Math.PI, high: Math.PI };
 * const x = { type: 'float', min: -Math.PI, max: Math.PI, default: 0 };
 * const config = { name: 'ishigami', params: { x1: x, x2: x, x3: x }, vary: { x1: U, x2: U, x3: U } };
 * const campaign = Campaign.create(mkdtempSync(join(tmpdir(), 'uqkit-')), config);
 * try {
 *   campaign.addSampler({ kind: 'saltelli', n: 1024, seed: 1 });
 *   const counts = await campaign.execute({
 *     model: ({ x1, x2, x3 }) => ({ y: Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1) }),
 *   });
 *   console.log(counts.done); // 5120
 *   const runs = campaign.store.results().map((r) => ({ params: r.params, outputs: r.outputs }));
 *   const { analysis } = analyse({ sampler: campaign.samplers()[0].spec, vary: config.vary, runs });
 *   console.log(analysis.y.sobolFirst); // ≈ { x1: 0.31, x2: 0.44, x3: 0.0003 }
 * } finally {
 *   campaign.close();
 * }
 * ```
 */
export function analyse(input: AnalysisInput, opts?: AnalyseOptions): AnalysisResult {
  return analyseResolved(input, resolve(opts));
}

/**
 * analyse(), also returning the model of each QoI that the method made: a polynomial chaos
 * expansion (pce-projection, pce-regression, sc: the interpolant as a PCE) or a Gaussian
 * process (gp); other methods make none.
 */
export function analyseWithModels(input: AnalysisInput, opts?: AnalyseOptions): { result: AnalysisResult; models: Map<string, PCE | GaussianProcess> } {
  const models = new Map<string, PCE | GaussianProcess>();
  return { result: analyseResolved(input, { ...resolve(opts), models }), models };
}

function analyseResolved(input: AnalysisInput, o: Resolved): AnalysisResult {
  const inp = optionsObject<AnalysisInput>('input', input);
  knownKeys('input', inp, ['sampler', 'vary', 'runs', 'qois', 'correlation']);
  const vary = optionsObject<Record<string, DistributionSpec | Distribution>>('input.vary', inp.vary) as Record<string, DistributionSpec | Distribution>;
  const names = Object.keys(vary);
  const dists = names.map((k) => distribution(vary[k]!, `input.vary.${k}`));
  const spec = inp.sampler === undefined ? undefined : optionsObject<SamplerSpec>('input.sampler', inp.sampler) as SamplerSpec;
  const kind = spec === undefined ? undefined : oneOf<Kind>('input.sampler.kind', spec.kind, ['random', 'qmc', 'saltelli', 'pce', 'sc', 'replica', 'table', 'sweep', 'morris', 'ff', 'finite_diff', 'latin', 'shapley', 'fast']);
  const replica = kind === 'replica' ? (spec as Extract<SamplerSpec, { kind: 'replica' }>) : undefined;
  const inner = replica ? optionsObject<SamplerSpec>('input.sampler.of', replica.of) as SamplerSpec : spec;
  if (replica) oneOf<Kind>('input.sampler.of.kind', inner!.kind, ['random', 'qmc', 'saltelli', 'pce', 'sc', 'table', 'sweep', 'morris', 'ff', 'finite_diff', 'latin', 'shapley', 'fast']);
  const method = chooseMethod(inner, o.method);
  if (method === 'mcmc') throw new InvalidArgumentError({ field: 'options.method', value: o.method, expected: "a method for runs: an mcmc sampler's analysis is of its chains, which Campaign.mcmcAnalysis reads from the campaign's store", hint: "'stats' analyses the runs' outputs" });
  const copula = correlationCopula(inp.correlation, names, dists, 'input.correlation');
  if (copula && (method === 'sobol' || method === 'pce-projection' || method === 'sc' || method === 'gp' || method === 'fast')) {
    throw new InvalidArgumentError({
      field: 'options.method', value: method,
      expected: `a method for dependent inputs (the parameters are correlated; '${method}' gives Sobol' indices${method === 'gp' ? ' and moments over independent inputs' : ''}, which assume independent inputs)`,
      hint: "use a shapley sampler and method 'shapley' for Shapley effects, or 'stats' / 'pce-regression' (moments)",
    });
  }
  if (method !== 'stats' && names.length === 0) {
    throw new InvalidArgumentError({ field: 'input.vary', value: inp.vary, expected: `the uncertain parameters and their distributions (method '${method}' needs them)` });
  }
  if (!Array.isArray(inp.runs)) throw new InvalidArgumentError({ field: 'input.runs', value: inp.runs, expected: 'an array of runs { params, outputs }' });

  // Validate the runs and put them in canonical order.
  const keyed = (inp.runs as readonly AnalysisRun[]).map((r, i) => {
    const field = `input.runs[${i}]`;
    if (!r || typeof r !== 'object') throw new InvalidArgumentError({ field, value: r, expected: 'a run { params, outputs }' });
    if (!r.params || typeof r.params !== 'object' || Array.isArray(r.params)) throw new InvalidArgumentError({ field: `${field}.params`, value: r.params, expected: 'an object of parameter values' });
    if (!r.outputs || typeof r.outputs !== 'object' || Array.isArray(r.outputs)) throw new InvalidArgumentError({ field: `${field}.outputs`, value: r.outputs, expected: 'an object of outputs by QoI name' });
    return { r, field, varied: names.map((k) => (r.params as Record<string, unknown>)[k]), rest: undefined as string | undefined };
  });
  // By the uncertain parameters first (numbers numerically), so that parameters the sampler
  // did not vary (run ids, fixed settings) do not change the order; ties by everything else.
  const restOf = (k: (typeof keyed)[number]): string => (k.rest ??= canonical(k.r.params) + '\u0000' + JSON.stringify(k.r.outputs));
  const cmp = (x: unknown, y: unknown): number => {
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
    const a = typeof x === 'number' ? '0' : `1${JSON.stringify(x ?? null)}`, b = typeof y === 'number' ? '0' : `1${JSON.stringify(y ?? null)}`;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  keyed.sort((a, b) => {
    for (let j = 0; j < names.length; j++) {
      const c = cmp(a.varied[j], b.varied[j]);
      if (c !== 0) return c;
    }
    const x = restOf(a), y = restOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const runs = keyed.map((k) => k.r), fields = keyed.map((k) => k.field);
  if (runs.length === 0) throw new InvalidArgumentError({ field: 'input.runs', value: runs, expected: 'at least one run with outputs' });

  let qois: string[];
  if (inp.qois !== undefined) {
    if (!Array.isArray(inp.qois) || inp.qois.some((k) => typeof k !== 'string')) throw new InvalidArgumentError({ field: 'input.qois', value: inp.qois, expected: 'an array of QoI names' });
    qois = inp.qois.slice();
  } else {
    const seen = new Set<string>();
    for (const r of runs) for (const k of Object.keys(r.outputs as object)) seen.add(k);
    qois = [...seen];
  }
  const warnings: string[] = [];

  // Design rows: the rebuilt sampler's runs, keyed by the uncertain parameters' values.
  const screening = method === 'morris' || method === 'ff' || method === 'dgsm';
  const designMode = method === 'sobol' || method === 'pce-projection' || method === 'sc' || screening || method === 'shapley' || method === 'fast' || (method === 'pce-regression' && inner?.kind === 'pce');
  let rows: number;
  let rowsOf: (i: number) => readonly number[];
  let design: SaltelliDesign | undefined, grid: Grid | SparseGrid | undefined, designX: Matrix | undefined, shapley: ShapleyDesign | undefined;
  const paramValue = (i: number, k: string): number => {
    const v = runs[i]!.params[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError({ field: `${fields[i]}.params.${k}`, value: v, expected: 'a finite number (an uncertain parameter)' });
    return v;
  };
  if (designMode) {
    let all: readonly Readonly<Record<string, unknown>>[];
    if (isAdaptiveSc(inner)) {
      // The adaptive grid is a function of the outputs: rebuilt from the runs' own.
      const adaptive = adaptiveGrid(inner, names, dists, runs, warnings);
      grid = adaptive.grid;
      all = adaptive.runs;
    } else {
      const s = makeSampler(inner!, vary, undefined, undefined, inp.correlation);
      design = s.design;
      shapley = s.shapley;
      grid = s.grid;
      all = s.rest();
    }
    rows = all.length;
    const X = new Float64Array(rows * names.length);
    const index = new Map<string, number[]>();
    all.forEach((run, row) => {
      names.forEach((k, j) => { X[row * names.length + j] = run[k] as number; });
      const key = names.map((k) => String(run[k])).join(',');
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    });
    designX = matrix(X, rows, names.length);
    let unmatched = 0;
    const at = runs.map((_, i) => {
      const list = index.get(names.map((k) => String(paramValue(i, k))).join(','));
      if (!list) unmatched++;
      return list ?? [];
    });
    if (unmatched > 0) warnings.push(`${unmatched} of ${runs.length} runs are not points of the sampler's design (their uncertain parameters match no design row) and were left out`);
    rowsOf = (i) => at[i]!;
  } else {
    rows = runs.length;
    rowsOf = (i) => [i];
  }
  const replicas = designMode && replica !== undefined;

  const degree = o.degree ?? (inner && 'order' in inner ? inner.order : undefined);
  if ((method === 'pce-projection' || method === 'pce-regression') && degree === undefined) {
    throw new InvalidArgumentError({ field: 'options.degree', value: undefined, expected: `the total degree of the PCE (${inner ? `the sampler '${inner.kind}' has no order` : 'the runs have no sampler'})` });
  }
  const analysis: Record<string, QoIResult> = {};
  const notAnalysed: Record<string, string> = {};
  let used = 0;
  for (const qoi of qois) {
    const why = nonNumeric(runs, qoi);
    if (why !== undefined) {
      notAnalysed[qoi] = why;
      continue;
    }
    const c = collect(runs, fields, qoi, rows, rowsOf, replicas);
    if (c.noOutput > 0) warnings.push(`${qoi}: ${c.noOutput} runs have no finite output and were left out`);
    const have: number[] = [];
    for (let r = 0; r < rows; r++) if (c.count[r]! > 0) have.push(r);
    const extra: Partial<QoIResult> = c.replicaVar ? { replicaStd: series(c.replicaVar.map(Math.sqrt), c.vector) } : {};
    let result: QoIResult;
    switch (method) {
      case 'stats': {
        if (have.length === 0) {
          notAnalysed[qoi] = 'no run has a finite value';
          continue;
        }
        result = { ...basicAnalysis(c, have, o, qoi, warnings), ...extra };
        used = Math.max(used, have.length);
        break;
      }
      case 'sobol': {
        result = { ...saltelliAnalysis(design!, c, names, o, qoi, warnings), ...extra };
        used = Math.max(used, result.runs);
        break;
      }
      case 'pce-projection':
      case 'sc': {
        if (have.length < rows) {
          throw new InvalidArgumentError({
            field: 'input.runs', value: have.length,
            expected: `outputs of ${qoi} at all ${rows} grid nodes for ${method === 'sc' ? 'stochastic collocation' : 'spectral projection'}; ${rows - have.length} nodes are missing`,
            hint: `re-run the failed runs, or pass { method: 'pce-regression' } to fit the PCE by least squares on the ${have.length} nodes that have outputs`,
          });
        }
        const Y = matrix(c.Y, rows, c.q);
        if (method === 'pce-projection') {
          result = { ...pceProjection(dists, grid!, Y, degree!, names, c.vector, o, qoi, warnings), ...extra };
        } else {
          result = { runs: rows, ...collocation(inner!, dists, grid!, Y, names, c.vector, o, qoi, warnings), ...extra } as QoIResult;
        }
        used = rows;
        break;
      }
      case 'morris':
      case 'ff':
      case 'dgsm': {
        result = { ...screeningAnalysis(method, inner!, designX!, dists, c, names, o, qoi, warnings), ...extra };
        used = Math.max(used, result.runs);
        break;
      }
      case 'shapley': {
        result = { ...shapleyAnalysis(shapley!, c, names, o, qoi, warnings), ...extra };
        used = Math.max(used, result.runs);
        break;
      }
      case 'hdmr': {
        result = { ...hdmrAnalysis((r, j) => (designX ? designX.data[r * names.length + j]! : paramValue(r, names[j]!)), c, names, o, qoi, warnings), ...extra };
        used = Math.max(used, result.runs);
        break;
      }
      case 'fast':
      case 'rbd_fast':
      case 'delta':
      case 'pawn': {
        // eFAST: the design's rows in order; the others: the runs' points, in canonical order.
        const d = names.length;
        const X = designX ?? matrix(Float64Array.from({ length: rows * d }, (_, k) => paramValue(Math.floor(k / d), names[k % d]!)), rows, d);
        result = { ...salibAnalysis(method, inner, X, c, names, o, qoi, warnings), ...extra };
        used = Math.max(used, result.runs);
        break;
      }
      case 'gp':
      case 'pce-regression': {
        const d = names.length;
        const X = new Float64Array(have.length * d);
        have.forEach((r, i) => {
          for (let j = 0; j < d; j++) X[i * d + j] = designX ? designX.data[r * d + j]! : paramValue(r, names[j]!);
        });
        if (method === 'gp') {
          if (have.length < 2) throw new InvalidArgumentError({ field: 'input.runs', value: have.length, expected: `at least 2 runs with outputs of ${qoi} for a Gaussian process` });
          result = { ...gpAnalysis(dists, matrix(X, have.length, d), c, have, names, o, qoi, warnings), ...extra };
        } else {
          // Dependent inputs: fitted on the correlated points, the surrogate's moments over the
          // inputs' joint law hold; its Sobol' indices would split the variance as if the inputs
          // were independent, which they are not, and are left out.
          result = { ...pceRegression(dists, matrix(X, have.length, d), c, have, degree!, names, o, qoi, warnings, copula), ...extra };
          if (copula) {
            warnings.push(`${qoi}: the PCE's Sobol' indices are omitted: the parameters are correlated, and its indices assume independent inputs (use a shapley sampler for Shapley effects)`);
          }
        }
        used = Math.max(used, have.length);
        break;
      }
    }
    const xs = o.index[qoi];
    if (xs) {
      if (!c.vector || xs.length !== c.q) throw new InvalidArgumentError({ field: `options.index.${qoi}`, value: xs, expected: c.vector ? `${c.q} x values (one per value of ${qoi})` : `no index: ${qoi} is a scalar QoI` });
      result = { ...result, index: xs.slice() };
    }
    analysis[qoi] = result;
  }

  const what = replica ? `means of ${replica.replicas} replicas: ` : '';
  const runsText = `${used} ${replicas ? 'design points' : 'runs'}`;
  let text: string;
  switch (method) {
    case 'stats': text = `basic statistics, ${used || runs.length} run${(used || runs.length) === 1 ? '' : 's'}`; break;
    case 'sobol': text = `Sobol' indices (Saltelli 2010 first order, Jansen total${o.bootstrap ? `; ${o.bootstrap.resamples} bootstrap resamples` : ''}), ${design!.n} base rows, ${runsText}`; break;
    case 'pce-projection': text = `PCE (projection), order ${degree}, ${runsText}`; break;
    case 'morris': text = `Morris screening (${(inner as { levels?: number }).levels ?? 4} levels${o.bootstrap ? `; ${o.bootstrap.resamples} bootstrap resamples` : ''}), ${runsText}`; break;
    case 'ff': text = `fractional factorial main effects, ${runsText}`; break;
    case 'dgsm': text = `DGSM (finite differences${o.bootstrap ? `; ${o.bootstrap.resamples} bootstrap resamples` : ''}), ${runsText}`; break;
    case 'pce-regression': text = `PCE (regression), order ${degree}, ${runsText}`; break;
    case 'shapley': text = `Shapley effects (${shapley!.method === 'subsets' ? 'exact permutations' : `${shapley!.permutations!.length} random permutations`}; Song, Nelson & Staum 2016), ${runsText}`; break;
    case 'gp': text = `Gaussian process (${o.gp.kernel ?? 'matern52'} kernel, ${o.gp.trend ?? 'constant'} trend; Sobol' indices of its mean from ${o.surrogateSamples ?? GP_BASE_ROWS} base rows), ${runsText}`; break;
    case 'hdmr': text = `HDMR (${o.bootstrap ? '20 subsamples of half the runs' : 'one fit to all runs'}), ${runsText}`; break;
    case 'fast': case 'rbd_fast': case 'delta': case 'pawn': text = `${salibMethodText(method, inner, o)}, ${runsText}`; break;
    case 'sc': text = isAdaptiveSc(inner) ? `stochastic collocation (adaptive sparse grid, ${(grid as SparseGrid).indices.length} indices), ${runsText}` : `stochastic collocation (${gridKind(inner!)} grid), order ${(inner as { order: number }).order}, ${runsText}`; break;
  }
  return { method: replica && method !== 'stats' ? what + text : text, analysis, warnings, notAnalysed };
}

/**
 * The grid of an adaptive SC sampler rebuilt from the runs' outputs of the QoI it refines on
 * (the campaign's refinement does the same), and its points as runs. A refinement that has
 * not stopped gives the grid of the batches done so far, with a warning.
 */
function adaptiveGrid(spec: AdaptiveScSpec, names: readonly string[], dists: readonly Distribution[], runs: readonly AnalysisRun[], warnings: string[]): { grid: SparseGrid; runs: Record<string, number>[] } {
  let qoi = spec.qoi;
  if (qoi === undefined) {
    const keys = new Set<string>();
    for (const r of runs) for (const k of Object.keys(r.outputs as object)) keys.add(k);
    if (keys.size !== 1) throw new InvalidArgumentError({ field: 'input.sampler.qoi', value: undefined, expected: `the name of the output the grid was refined on (the runs have ${[...keys].join(', ') || 'none'})` });
    qoi = [...keys][0]!;
  }
  const byKey = new Map<string, unknown>();
  for (const r of runs) {
    const v = (r.outputs as Record<string, unknown>)[qoi];
    if (v !== undefined && v !== null) byKey.set(pointKey(names, r.params), v);
  }
  const replay = replayAdaptiveSc({ ...spec, qoi }, names, dists, (key) => byKey.get(key), true);
  if (!replay.result) throw new InvalidArgumentError({ field: 'input.runs', value: runs.length, expected: `the outputs of the adaptive grid's first batch (the refinement has not finished a batch yet)` });
  if (replay.pending !== null) warnings.push(`the adaptive grid is not finished (${replay.pending.length} runs of batch ${replay.steps.length + 1} are missing): the analysis uses the ${replay.result.points.rows} points of the batches done`);
  const g = replay.result;
  const d = names.length;
  const points = Array.from({ length: g.points.rows }, (_, i) => Object.fromEntries(names.map((k, j) => [k, g.points.data[i * d + j]!])));
  return { grid: g, runs: points };
}
