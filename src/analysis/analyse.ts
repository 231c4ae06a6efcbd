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
//   random, qmc, table,   basic statistics (one run: its value as the mean and percentiles,
//   sweep, no sampler     NaN std and variance)
//   replica               the inner sampler's analysis of the replica means (see AnalyseOptions)
//
// Runs are matched to the sampler's design by the values of the uncertain parameters: the
// sampler is rebuilt from its spec (it is deterministic) and each design row keyed by its
// values; a JSON round trip keeps doubles exact, so the keys match bit for bit. The runs are
// first put in a canonical order (by their parameters), so the result does not depend on the
// order they come in.
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsObject, seed as seedOf } from '../core/validate.js';
import { distribution, toPhysical, type Distribution, type DistributionSpec } from '../distributions/index.js';
import type { SparseGrid, Grid } from '../numerics/grids.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { fitPCE, projectPCE, type PCE } from '../numerics/pce.js';
import { defaultGrowth, type RuleName } from '../numerics/rules.js';
import type { SaltelliDesign } from '../numerics/saltelli.js';
import { sobolIndices, type SobolIndicesResult } from '../numerics/sensitivity.js';
import { sobol } from '../numerics/sobol.js';
import type { QoIAnalysis, Series } from '../report/html.js';
import { sampler as makeSampler, type SamplerSpec } from '../samplers/index.js';
import { blockedColumnStats, columnBlock, pceColumns } from './blocks.js';
import { interpolantPCE, type Components } from './collocation.js';
import { percentilesUnsorted, type ColumnStats, type ResolvedBootstrap } from './stats.js';

/**
 * How to analyse: 'auto' (default) picks by sampler as in the file comment. Overrides:
 * 'stats' (basic statistics of all runs, any sampler), 'sobol' (saltelli samplers),
 * 'pce-projection' and 'sc' (samplers on grids: pce with quadrature or sparse points, sc),
 * 'pce-regression' (any sampler: least squares on the runs' points; needs `degree` unless the
 * sampler has an order).
 */
export type AnalysisMethod = 'auto' | 'stats' | 'sobol' | 'pce-projection' | 'pce-regression' | 'sc';
export const ANALYSIS_METHODS: readonly AnalysisMethod[] = ['auto', 'stats', 'sobol', 'pce-projection', 'pce-regression', 'sc'];

/** A done run: its parameter values (varied and fixed) and its decoded outputs by QoI name. */
export interface AnalysisRun {
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** QoI name -> a number, or an array of numbers (a vector QoI). null or a missing name: no output. */
  readonly outputs: unknown;
}

export interface AnalysisInput {
  /**
   * The sampler that made the runs. Without one (runs added one by one, or the runs of several
   * samplers together) the runs are no design: basic statistics, or 'pce-regression'.
   */
  readonly sampler?: SamplerSpec;
  /** The uncertain parameters, in the order the sampler was given them. */
  readonly vary: Readonly<Record<string, DistributionSpec | Distribution>>;
  /** The runs with outputs, in any order. */
  readonly runs: readonly AnalysisRun[];
  /** The QoIs to analyse; default every output name, in order of first appearance (runs ordered by parameters). */
  readonly qois?: readonly string[];
}

export interface AnalyseOptions {
  /** See AnalysisMethod. Default 'auto'. */
  readonly method?: AnalysisMethod;
  /**
   * Total degree of a PCE ('pce-projection', 'pce-regression'). Default: the sampler's order
   * (pce, sc); required for 'pce-regression' on other samplers. Unused by 'sc' (the grid sets
   * the interpolant's degrees), 'sobol' and 'stats'.
   */
  readonly degree?: number;
  /** Percentiles (0..100) to report. Default [10, 50, 90]. */
  readonly percentiles?: readonly number[];
  /**
   * Bootstrap intervals: for the mean and std of basic statistics (rows resampled with
   * replacement, percentile intervals) and for Sobol' indices of scalar QoIs from Saltelli
   * designs (base rows resampled; half-widths as SALib). Default { resamples: 1000,
   * confidence: 0.95, seed: 0 }; resamples 0 turns them off. Vector QoIs get no intervals
   * for their Sobol' indices, and the mean and std get none (with a warning) when resamples
   * x runs x values exceeds 2^28 (about a second's work).
   */
  readonly bootstrap?: { readonly resamples?: number; readonly confidence?: number; readonly seed?: number | bigint };
  /**
   * Surrogate (PCE, SC) percentiles: the surrogate at this many Owen-scrambled Sobol' points.
   * Default 2^16 (as PCE.percentiles), fewer for expansions of more than 1024 terms: the
   * largest power of two, at least 2^12, with samples x terms <= 2^26 (an SC interpolant on a
   * sparse grid can have thousands of terms; its evaluation costs samples x terms).
   */
  readonly surrogateSamples?: number;
  /** Seed of those points. Default 0 (the settings of PCE.percentiles). */
  readonly surrogateSeed?: number;
  /** Sobol' indices of scalar QoIs on the first n/8, n/4, n/2, n base rows of a Saltelli design. Default true. */
  readonly convergence?: boolean;
  /**
   * The x values of vector QoIs (e.g. the times of a time series), by QoI name, one per
   * value; copied to the result's `index` for the report's plots. Default none (0, 1, 2, ...).
   */
  readonly index?: Readonly<Record<string, readonly number[]>>;
}

/** Intervals of a statistic (bootstrap percentile intervals). */
export interface SeriesInterval {
  readonly low: Series;
  readonly high: Series;
}

/** One QoI's analysis: the report's QoIAnalysis and more. */
export interface QoIResult extends QoIAnalysis {
  /** Runs (or, for replica samplers, design points) the analysis used. */
  readonly runs: number;
  /** Bootstrap intervals of the mean and std (basic statistics from samples). */
  readonly meanInterval?: SeriesInterval;
  readonly stdInterval?: SeriesInterval;
  /** Second-order indices by pair "a,b" (saltelli with secondOrder; PCE; SC). */
  readonly sobolSecond?: Readonly<Record<string, Series>>;
  /** Leave-one-out error of a regression PCE, relative to the output variance. */
  readonly looError?: Series;
  /** Replica samplers: the pooled standard deviation of the outputs between replicas of a point. */
  readonly replicaStd?: Series;
}

export interface AnalysisResult {
  /** How the analysis was made, e.g. "PCE (projection), order 3, 16 runs". */
  readonly method: string;
  readonly analysis: Readonly<Record<string, QoIResult>>;
  /** What was dropped or could not be computed, in words. */
  readonly warnings: string[];
  /**
   * Outputs that are not numbers or arrays of numbers in any run (text, nested objects,
   * matrices), by name, with what they are: left out of the analysis.
   */
  readonly notAnalysed: Readonly<Record<string, string>>;
}

interface Resolved {
  readonly method: AnalysisMethod;
  readonly degree: number | undefined;
  readonly percentiles: readonly number[];
  readonly bootstrap: ResolvedBootstrap | undefined;
  readonly surrogateSamples: number | undefined;
  readonly surrogateSeed: number;
  readonly convergence: boolean;
  readonly index: Readonly<Record<string, readonly number[]>>;
}

function resolve(opts: unknown): Resolved {
  const o = optionsObject<AnalyseOptions>('options', opts);
  knownKeys('options', o, ['method', 'degree', 'percentiles', 'bootstrap', 'surrogateSamples', 'surrogateSeed', 'convergence', 'index']);
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
  const convergence = o.convergence === undefined ? true : oneOf('options.convergence', o.convergence, [true, false]);
  return {
    method, degree, percentiles: ps.slice(), convergence, index,
    bootstrap: resamples === 0 ? undefined : { resamples, confidence, seed },
    surrogateSamples: o.surrogateSamples === undefined ? undefined : integer('options.surrogateSamples', o.surrogateSamples, 2, 2 ** 24),
    surrogateSeed: integer('options.surrogateSeed', o.surrogateSeed ?? 0, 0),
  };
}

/** A run's parameters as a canonical string (keys sorted): the order runs are analysed in. */
function canonical(params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}

type Kind = SamplerSpec['kind'];

/** The method 'auto' stands for, and whether an override fits the sampler (undefined: runs of no one sampler). */
function chooseMethod(inner: SamplerSpec | undefined, asked: AnalysisMethod): Exclude<AnalysisMethod, 'auto'> {
  const kind = inner?.kind;
  const points = inner?.kind === 'pce' ? (inner.points ?? 'quadrature') : undefined;
  const onGrid = kind === 'sc' || (kind === 'pce' && points !== 'regression');
  if (asked === 'auto') {
    if (kind === 'saltelli') return 'sobol';
    if (kind === 'pce') return points === 'regression' ? 'pce-regression' : 'pce-projection';
    if (kind === 'sc') return 'sc';
    return 'stats';
  }
  const fits = asked === 'stats' || asked === 'pce-regression' || (asked === 'sobol' && kind === 'saltelli') || ((asked === 'pce-projection' || asked === 'sc') && onGrid);
  if (!fits) {
    const which = asked === 'sobol' ? 'a saltelli sampler' : 'a sampler on a grid (pce with quadrature or sparse points, or sc)';
    const of = kind === undefined ? 'runs without a sampler' : `the sampler '${kind}'`;
    throw new InvalidArgumentError({ field: 'options.method', value: asked, expected: `a method for ${of} ('${asked}' needs ${which})`, hint: "'stats' and 'pce-regression' fit any sampler" });
  }
  return asked;
}

/**
 * The method that `asked` (default 'auto') stands for with `sampler` — a replica sampler's inner
 * sampler decides — checked without any runs, e.g. before a campaign executes.
 *
 * @throws InvalidArgumentError (field options.method) when the method does not fit the sampler
 */
export function analysisMethodFor(sampler: SamplerSpec, asked: AnalysisMethod = 'auto'): Exclude<AnalysisMethod, 'auto'> {
  const inner = sampler.kind === 'replica' ? (sampler as { of: SamplerSpec }).of : sampler;
  return chooseMethod(inner, oneOf('options.method', asked, ANALYSIS_METHODS));
}

/** One QoI's outputs on the analysis rows. */
interface Collected {
  readonly q: number;
  readonly vector: boolean;
  /** rows x q values (averages of the runs matched to a row). */
  readonly Y: Float64Array;
  /** Runs matched to each row (0: missing). */
  readonly count: Uint32Array;
  /** Replica samplers: pooled variance between the replicas of a row, per column. */
  readonly replicaVar?: Float64Array;
  /** Runs without a (finite) output for this QoI. */
  readonly noOutput: number;
}

/** The output `value` of a run as q numbers, or null when missing / not finite. */
function outputValues(value: unknown, field: string, shape: { q: number; vector: boolean }): Float64Array | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (shape.vector) throw new InvalidArgumentError({ field, value, expected: `an array of ${shape.q} numbers (a vector QoI, as in other runs)` });
    return Number.isFinite(value) ? Float64Array.of(value) : null;
  }
  if (Array.isArray(value)) {
    if (!shape.vector || value.length !== shape.q) throw new InvalidArgumentError({ field, value, expected: shape.vector ? `an array of ${shape.q} numbers (as in other runs)` : 'a number (a scalar QoI, as in other runs)' });
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return null;
      if (typeof v !== 'number') throw new InvalidArgumentError({ field: `${field}[${i}]`, value: v, expected: 'a number' });
      out[i] = v;
    }
    return out;
  }
  throw new InvalidArgumentError({ field, value, expected: 'a number or an array of numbers' });
}

const isNumberOrNull = (x: unknown): boolean => typeof x === 'number' || x === null;

/**
 * What the values of `qoi` are when no run has a number or an array of numbers for it (text,
 * objects, matrices, only nulls...), in words; undefined when some run has one, or none has
 * the QoI at all.
 */
function nonNumeric(runs: readonly AnalysisRun[], qoi: string): string | undefined {
  let first: unknown;
  let named = false;
  for (const r of runs) {
    const v = (r.outputs as Record<string, unknown>)[qoi];
    if (v === undefined) continue;
    named = true;
    if (v === null) continue;
    if (typeof v === 'number' || (Array.isArray(v) && v.every(isNumberOrNull))) return undefined;
    first ??= v;
  }
  if (first === undefined) return named ? 'no run has a finite value' : undefined;
  if (typeof first === 'string') return `text (e.g. ${JSON.stringify(first.length > 40 ? first.slice(0, 40) + '…' : first)}), not numbers`;
  if (typeof first === 'boolean') return 'true/false values, not numbers';
  if (Array.isArray(first)) return first.some(Array.isArray) ? 'a matrix (arrays of arrays), not a number or an array of numbers' : 'arrays that are not all numbers';
  return 'objects (nested values), not numbers';
}

/** Sums runs' outputs into rows: `rowsOf(run)` gives the rows a run belongs to. */
function collect(runs: readonly AnalysisRun[], fields: readonly string[], qoi: string, rows: number, rowsOf: (i: number) => readonly number[], replicas: boolean): Collected {
  let shape: { q: number; vector: boolean } | undefined;
  for (const r of runs) {
    const v = (r.outputs as Record<string, unknown>)[qoi];
    if (typeof v === 'number') { shape = { q: 1, vector: false }; break; }
    if (Array.isArray(v) && v.every(isNumberOrNull)) {
      if (v.length === 0) throw new InvalidArgumentError({ field: `outputs.${qoi}`, value: v, expected: 'a non-empty array' });
      shape = { q: v.length, vector: true };
      break;
    }
  }
  if (!shape) throw new InvalidArgumentError({ field: 'input.qois', value: qoi, expected: 'a QoI with a numeric output in at least one run' });
  const q = shape.q;
  const sum = new Float64Array(rows * q), sq = replicas ? new Float64Array(rows * q) : undefined;
  const count = new Uint32Array(rows);
  let noOutput = 0;
  runs.forEach((r, i) => {
    const at = rowsOf(i);
    if (at.length === 0) return;
    const v = outputValues((r.outputs as Record<string, unknown>)[qoi], `${fields[i]}.outputs.${qoi}`, shape!);
    if (!v) { noOutput++; return; }
    for (const row of at) {
      count[row]!++;
      for (let c = 0; c < q; c++) {
        sum[row * q + c]! += v[c]!;
        if (sq) sq[row * q + c]! += v[c]! * v[c]!;
      }
    }
  });
  let replicaVar: Float64Array | undefined;
  if (sq) {
    replicaVar = new Float64Array(q);
    let dof = 0;
    for (let row = 0; row < rows; row++) {
      const k = count[row]!;
      if (k < 2) continue;
      dof += k - 1;
      for (let c = 0; c < q; c++) replicaVar[c]! += Math.max(0, sq[row * q + c]! - sum[row * q + c]! ** 2 / k);
    }
    for (let c = 0; c < q; c++) replicaVar[c] = dof > 0 ? replicaVar[c]! / dof : NaN;
  }
  for (let row = 0; row < rows; row++) {
    const k = count[row]!;
    if (k > 1) for (let c = 0; c < q; c++) sum[row * q + c]! /= k;
  }
  return { q, vector: shape.vector, Y: sum, count, noOutput, ...(replicaVar ? { replicaVar } : {}) };
}

/** Values of a Series: a number for scalar QoIs, an array for vector ones. */
const series = (v: ArrayLike<number>, vector: boolean): Series => (vector ? Array.from(v) : v[0]!);
const perParam = (names: readonly string[], get: (j: number) => ArrayLike<number>, vector: boolean): Record<string, Series> =>
  Object.fromEntries(names.map((k, j) => [k, series(get(j), vector)]));

/** The rows with outputs, compacted (m x q), or only columns c0 .. c0 + count - 1 of them (m x count). */
function present(c: Collected, rows: readonly number[], c0 = 0, count = c.q): Float64Array {
  const out = new Float64Array(rows.length * count);
  rows.forEach((r, i) => out.set(c.Y.subarray(r * c.q + c0, r * c.q + c0 + count), i * count));
  return out;
}

function statsFields(s: ColumnStats, vector: boolean, ps: readonly number[]): Partial<QoIResult> {
  return {
    mean: series(s.mean, vector), std: series(s.std, vector), variance: series(s.variance, vector),
    percentiles: Object.fromEntries(ps.map((p) => [String(p), series(s.percentiles.get(p)!, vector)])),
    ...(s.meanInterval ? { meanInterval: { low: series(s.meanInterval.low, vector), high: series(s.meanInterval.high, vector) } } : {}),
    ...(s.stdInterval ? { stdInterval: { low: series(s.stdInterval.low, vector), high: series(s.stdInterval.high, vector) } } : {}),
  };
}

/** Moments, indices and surrogate percentiles of a PCE (every output column in one pass). */
function pceFields(pce: PCE, names: readonly string[], dists: readonly Distribution[], vector: boolean, o: Resolved): Partial<QoIResult> {
  const q = pce.outputs, d = names.length;
  const cols = Array.from({ length: q }, (_, c) => c);
  const means = pce.means(), variance = pce.variances();
  const nan = new Float64Array(d).fill(NaN);
  const none = cols.map((c) => flat(means[c]!, variance[c]!));
  const first = cols.map((c) => (none[c] ? nan : pce.sobolFirst(c))), total = cols.map((c) => (none[c] ? nan : pce.sobolTotal(c)));
  const second: Record<string, Series> = {};
  for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) second[`${names[a]},${names[b]}`] = series(cols.map((c) => (none[c] ? NaN : pce.sobolIndex([a, b], c))), vector);
  // Percentiles of the surrogate: one evaluation at the Sobol' points for all columns.
  const P = pce.indices.length;
  const n = o.surrogateSamples ?? (P <= 1024 ? 2 ** 16 : 2 ** Math.max(12, Math.floor(Math.log2(2 ** 26 / P))));
  const X = toPhysical(dists, sobol(n, d, { scramble: 'owen', seed: o.surrogateSeed, balance: 'ignore' }));
  const pct = o.percentiles.map(() => new Float64Array(q));
  const vs = Array.from({ length: Math.min(q, 8) }, () => new Float64Array(n));
  // A block of output columns at a time: the surrogate's values at the n points, and the coefficients.
  const step = columnBlock(q, 8 * (n + P));
  for (let c0 = 0; c0 < q; c0 += step) {
    const qb = Math.min(step, q - c0);
    const Yp = pceColumns(pce, c0, qb).predict(X).data;
    // Columns out of the row-major values a few at a time, so that a row's cache line serves them all.
    for (let c = 0; c < qb; c += vs.length) {
      const g = Math.min(vs.length, qb - c);
      for (let i = 0; i < n; i++) for (let k = 0; k < g; k++) vs[k]![i] = Yp[i * qb + c + k]!;
      for (let k = 0; k < g; k++) percentilesUnsorted(vs[k]!, o.percentiles).forEach((x, m) => { pct[m]![c0 + c + k] = x; });
    }
  }
  return {
    mean: series(means, vector), variance: series(variance, vector), std: series(variance.map(Math.sqrt), vector),
    sobolFirst: perParam(names, (j) => first.map((s) => s[j]!), vector),
    sobolTotal: perParam(names, (j) => total.map((s) => s[j]!), vector),
    ...(d > 1 ? { sobolSecond: second } : {}),
    percentiles: Object.fromEntries(o.percentiles.map((p, k) => [String(p), series(pct[k]!, vector)])),
    ...(pce.looError ? { looError: series(pce.looError, vector) } : {}),
  };
}

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
 * fewer for expansions of over 1024 terms, see AnalyseOptions.surrogateSamples). Sobol'
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
 */
export function analyse(input: AnalysisInput, opts?: AnalyseOptions): AnalysisResult {
  const inp = optionsObject<AnalysisInput>('input', input);
  knownKeys('input', inp, ['sampler', 'vary', 'runs', 'qois']);
  const o = resolve(opts);
  const vary = optionsObject<Record<string, DistributionSpec | Distribution>>('input.vary', inp.vary) as Record<string, DistributionSpec | Distribution>;
  const names = Object.keys(vary);
  const dists = names.map((k) => distribution(vary[k]!, `input.vary.${k}`));
  const spec = inp.sampler === undefined ? undefined : optionsObject<SamplerSpec>('input.sampler', inp.sampler) as SamplerSpec;
  const kind = spec === undefined ? undefined : oneOf<Kind>('input.sampler.kind', spec.kind, ['random', 'qmc', 'saltelli', 'pce', 'sc', 'replica', 'table', 'sweep']);
  const replica = kind === 'replica' ? (spec as Extract<SamplerSpec, { kind: 'replica' }>) : undefined;
  const inner = replica ? optionsObject<SamplerSpec>('input.sampler.of', replica.of) as SamplerSpec : spec;
  if (replica) oneOf<Kind>('input.sampler.of.kind', inner!.kind, ['random', 'qmc', 'saltelli', 'pce', 'sc', 'table', 'sweep']);
  const method = chooseMethod(inner, o.method);
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
  const designMode = method === 'sobol' || method === 'pce-projection' || method === 'sc' || (method === 'pce-regression' && inner?.kind === 'pce');
  let rows: number;
  let rowsOf: (i: number) => readonly number[];
  let design: SaltelliDesign | undefined, grid: Grid | undefined, designX: Matrix | undefined;
  const paramValue = (i: number, k: string): number => {
    const v = runs[i]!.params[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError({ field: `${fields[i]}.params.${k}`, value: v, expected: 'a finite number (an uncertain parameter)' });
    return v;
  };
  if (designMode) {
    const s = makeSampler(inner!, vary);
    design = s.design;
    grid = s.grid;
    const all = s.rest();
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
        if (have.length === 1) warnings.push(`${qoi}: 1 run: its value is the mean and every percentile; the std and variance need 2 runs (NaN)`);
        const s = blockedColumnStats((c0, k) => present(c, have, c0, k), have.length, c.q, o.percentiles, have.length > 1 ? statsBootstrap(o, have.length, c.q, qoi, warnings) : undefined);
        result = { runs: have.length, ...statsFields(s, c.vector, o.percentiles), ...extra } as QoIResult;
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
          const pce = projectPCE(dists, grid!, Y, { degree: degree! });
          constantWarning(qoi, pce.means(), pce.variances(), warnings);
          result = { runs: rows, ...pceFields(pce, names, dists, c.vector, o), ...extra } as QoIResult;
        } else {
          result = { runs: rows, ...collocation(inner!, dists, grid!, Y, names, c.vector, o, qoi, warnings), ...extra } as QoIResult;
        }
        used = rows;
        break;
      }
      case 'pce-regression': {
        const d = names.length;
        const X = new Float64Array(have.length * d);
        have.forEach((r, i) => {
          for (let j = 0; j < d; j++) X[i * d + j] = designX ? designX.data[r * d + j]! : paramValue(r, names[j]!);
        });
        let pce: PCE;
        try {
          pce = fitPCE(dists, matrix(X, have.length, d), matrix(present(c, have), have.length, c.q), { degree: degree! });
        } catch (e) {
          if (e instanceof InvalidArgumentError && e.field === 'X') {
            throw new InvalidArgumentError({ field: 'input.runs', value: have.length, expected: `${e.expected} with outputs of ${qoi}`, ...(e.hint ? { hint: e.hint } : {}) });
          }
          throw e;
        }
        constantWarning(qoi, pce.means(), pce.variances(), warnings);
        result = { runs: have.length, ...pceFields(pce, names, dists, c.vector, o), ...extra } as QoIResult;
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
    case 'pce-regression': text = `PCE (regression), order ${degree}, ${runsText}`; break;
    case 'sc': text = `stochastic collocation (${gridKind(inner!)} grid), order ${(inner as { order: number }).order}, ${runsText}`; break;
  }
  return { method: replica && method !== 'stats' ? what + text : text, analysis, warnings, notAnalysed };
}

/** Most draws x values the bootstrap of basic statistics does (about a second's work). */
const BOOTSTRAP_WORK = 2 ** 28;

/** The bootstrap for basic statistics of m rows x q values, unless it is too much work (then a warning). */
function statsBootstrap(o: Resolved, m: number, q: number, qoi: string, warnings: string[]): ResolvedBootstrap | undefined {
  const b = o.bootstrap;
  if (!b || b.resamples * m * q <= BOOTSTRAP_WORK) return b;
  const fit = Math.floor(BOOTSTRAP_WORK / (m * q));
  warnings.push(`${qoi}: no bootstrap intervals for the mean and std: ${b.resamples} resamples of ${m} runs x ${q} values exceed 2^28 draws` +
    (fit >= 2 ? ` (pass bootstrap.resamples <= ${fit})` : ''));
  return undefined;
}

/**
 * An output that does not vary: variance 0, or (for expansions, whose higher coefficients of a
 * constant are rounding noise) a standard deviation below 1e-10 of the mean.
 */
const flat = (mean: number, variance: number): boolean => !(variance > (1e-10 * mean) ** 2);

/** Outputs without variance have no Sobol' indices (0 / 0): say so once per QoI. */
function constantWarning(qoi: string, means: ArrayLike<number>, variances: ArrayLike<number>, warnings: string[]): void {
  let k = 0;
  for (let i = 0; i < variances.length; i++) if (flat(means[i]!, variances[i]!)) k++;
  if (k === 0) return;
  warnings.push(variances.length === 1 ? `${qoi}: the output does not vary: its Sobol' indices are NaN` : `${qoi}: ${k} of its ${variances.length} values do not vary: their Sobol' indices are NaN`);
}

const gridKind = (inner: SamplerSpec): 'tensor' | 'sparse' =>
  inner.kind === 'sc' ? (inner.grid ?? 'tensor') : inner.kind === 'pce' && inner.points === 'sparse' ? 'sparse' : 'tensor';

/** Sobol' indices of a Saltelli design (complete base rows), basic statistics of A and B, convergence. */
function saltelliAnalysis(design: SaltelliDesign, c: Collected, names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  const { n, dim: d, secondOrder } = design;
  const blocks = secondOrder ? 2 * d + 2 : d + 2;
  const complete: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let b = 0; b < blocks && ok; b++) if (c.count[b * n + i] === 0) ok = false;
    if (ok) complete.push(i);
  }
  if (complete.length < n) {
    let missing = 0;
    for (let r = 0; r < n * blocks; r++) if (c.count[r] === 0) missing++;
    warnings.push(`${qoi}: ${missing} of the ${n * blocks} design runs are missing; ${n - complete.length} of ${n} base rows (every block of them) were dropped`);
  }
  if (complete.length < 2) {
    throw new InvalidArgumentError({ field: 'input.runs', value: complete.length, expected: `at least 2 complete base rows of the Saltelli design for ${qoi} (a run in every block); ${complete.length} of ${n} are complete` });
  }
  const q = c.q;
  const indices = (base: readonly number[], boot: boolean): SobolIndicesResult[] => {
    const m = base.length;
    // A block of output columns at a time: their outputs in design order, and the standardised copy of one column.
    const step = columnBlock(q, 8 * m * blocks);
    const out: SobolIndicesResult[] = [];
    for (let c0 = 0; c0 < q; c0 += step) {
      const k = Math.min(step, q - c0);
      const Y = new Float64Array(m * blocks * k);
      for (let b = 0; b < blocks; b++) base.forEach((i, r) => Y.set(c.Y.subarray((b * n + i) * q + c0, (b * n + i) * q + c0 + k), (b * m + r) * k));
      const res = sobolIndices(matrix(Y, m * blocks, k), {
        n: m, dim: d, secondOrder, layout: 'block',
        ...(boot && o.bootstrap ? { bootstrap: { resamples: o.bootstrap.resamples, confidence: o.bootstrap.confidence, seed: o.bootstrap.seed } } : {}),
      });
      for (const r of res) out.push({ ...r, output: r.output! + c0 });
    }
    return out;
  };
  const res = indices(complete, !c.vector);
  constantWarning(qoi, res.map((r) => r.mean), res.map((r) => r.variance), warnings);
  const AB = [...complete, ...complete.map((i) => n + i)];
  const stats = blockedColumnStats((c0, k) => present(c, AB, c0, k), AB.length, q, o.percentiles, statsBootstrap(o, AB.length, q, qoi, warnings));
  const v = c.vector;
  const out: Record<string, unknown> = {
    runs: complete.length * blocks,
    ...statsFields(stats, v, o.percentiles),
    sobolFirst: perParam(names, (j) => res.map((r) => r.first[j]!), v),
    sobolTotal: perParam(names, (j) => res.map((r) => r.total[j]!), v),
  };
  if (secondOrder) {
    const s: Record<string, Series> = {};
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) s[`${names[a]},${names[b]}`] = series(res.map((r) => r.second!.data[a * d + b]!), v);
    out.sobolSecond = s;
  }
  if (!v && res[0]!.firstConf) {
    out.sobolFirstConf = Object.fromEntries(names.map((k, j) => [k, res[0]!.firstConf![j]!]));
    out.sobolTotalConf = Object.fromEntries(names.map((k, j) => [k, res[0]!.totalConf![j]!]));
  }
  if (!v && o.convergence) {
    const conv: { runs: number; sobolFirst: Record<string, number>; mean: number }[] = [];
    for (const part of [8, 4, 2, 1]) {
      const N = Math.floor(n / part);
      const base = complete.filter((i) => i < N);
      if (base.length < 2 || conv.some((e) => e.runs === base.length * blocks)) continue;
      const r = part === 1 ? res[0]! : indices(base, false)[0]!;
      conv.push({ runs: base.length * blocks, sobolFirst: Object.fromEntries(names.map((k, j) => [k, r.first[j]!])), mean: r.mean });
    }
    if (conv.length >= 2) out.convergence = conv;
  }
  return out as unknown as QoIResult;
}

/** Stochastic collocation on the sampler's grid: quadrature moments, interpolant indices. */
function collocation(inner: SamplerSpec, dists: readonly Distribution[], grid: Grid, Y: Matrix, names: readonly string[], vector: boolean, o: Resolved, qoi: string, warnings: string[]): Partial<QoIResult> {
  const d = dists.length, q = Y.cols;
  const order = (inner as { order: number }).order;
  let comp: Components;
  if (gridKind(inner) === 'tensor') {
    comp = { levels: [new Array<number>(d).fill(order)], coefficients: [1], rules: new Array<RuleName>(d).fill('gauss'), growth: new Array(d).fill('linear') };
  } else {
    // The sampler's sparse grid: sparseGrid's default rules (Clenshaw–Curtis for bounded
    // inputs, Leja for unbounded ones) with their default growth.
    const sg = grid as SparseGrid;
    const rules = dists.map((dist): RuleName => (Number.isFinite(dist.support[0]) && Number.isFinite(dist.support[1]) ? 'clenshaw-curtis' : 'leja'));
    comp = { levels: sg.indices, coefficients: sg.coefficients, rules, growth: rules.map(defaultGrowth) };
  }
  const pce = interpolantPCE(dists, grid.points, Y, comp);
  constantWarning(qoi, pce.means(), pce.variances(), warnings);
  const fields = pceFields(pce, names, dists, vector, o);
  // Moments by the grid's quadrature (for a tensor Gauss grid, those of the interpolant).
  const mean = new Float64Array(q), variance = new Float64Array(q);
  const w = grid.weights;
  for (let i = 0; i < w.length; i++) for (let k = 0; k < q; k++) mean[k]! += w[i]! * Y.data[i * q + k]!;
  for (let i = 0; i < w.length; i++) for (let k = 0; k < q; k++) variance[k]! += w[i]! * (Y.data[i * q + k]! - mean[k]!) ** 2;
  if (variance.some((v) => v < 0)) warnings.push(`${qoi}: the sparse grid's quadrature gives a negative variance (its weights are not all positive); the std is NaN there`);
  return { ...fields, mean: series(mean, vector), variance: series(variance, vector), std: series(variance.map((v) => (v >= 0 ? Math.sqrt(v) : NaN)), vector) };
}
