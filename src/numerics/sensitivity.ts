// Sobol' sensitivity indices from the outputs of a Saltelli design (./saltelli.ts), with
// bootstrap confidence intervals: the API over assembly/sensitivity.ts.
//
// References:
// [1] A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola, Variance based
//     sensitivity analysis of model output. Design and estimator for the total sensitivity
//     index, Comput. Phys. Commun. 181, 259-270 (2010) — first order (Table 2 (b)).
// [2] M. J. W. Jansen, Analysis of variance designs for model output, Comput. Phys. Commun.
//     117, 35-43 (1999) — total order.
// [3] A. Saltelli, Making best use of model evaluations to compute sensitivity indices,
//     Comput. Phys. Commun. 145, 280-297 (2002) — second order.
// [4] A. Janon, T. Klein, A. Lagnoux, M. Nodet, C. Prieur, Asymptotic normality and efficiency
//     of two Sobol index estimators, ESAIM: P&S 18, 342-364 (2014); H. Monod, C. Naud,
//     D. Makowski, in Working with Dynamic Crop Models, 55-100 (2006) — 'janon' first order.
// [5] T. Homma and A. Saltelli, Importance measures in global sensitivity analysis of
//     nonlinear models, Reliab. Eng. Syst. Saf. 52, 1-17 (1996) — 'homma-saltelli' total.
// [6] J. Herman and W. Usher, SALib, JOSS 2(9) (2017): sobol.analyze, whose conventions
//     (standardised outputs, variance of A and B together, intervals) these follow.
import { InvalidArgumentError, NonFiniteOutputError, ShapeError } from '../core/errors.js';
import { checkMemory } from '../core/budget.js';
import { check, Status } from '../core/status.js';
import { integer, knownKeys, oneOf, options, randomSeed, seed as seedOf, seedHalves } from '../core/validate.js';
import { core, type Core } from '../core/wasm.js';
import { warn } from '../core/warnings.js';
import { ndtri } from '../distributions/special.js';
import { matrix, type Matrix } from './matrix.js';
import { SALTELLI_LAYOUTS, saltelliRow, type SaltelliDesign, type SaltelliLayout } from './saltelli.js';

/** The estimator of first-order Sobol' indices (see {@link SobolEstimators.first}). */
export type FirstOrderEstimator = 'saltelli2010' | 'janon';
/** The estimator of total-order Sobol' indices (see {@link SobolEstimators.total}). */
export type TotalOrderEstimator = 'jansen' | 'homma-saltelli';

/** Which estimators {@link sobolIndices} uses for first- and total-order indices. */
export interface SobolEstimators {
  /**
   * `'saltelli2010'` (default; SALib's and scipy's): S_j = mean(f_B (f_ABj - f_A)) / V [1].
   * `'janon'`: Janon et al. / Monod et al. [4] on the pairs (f_B, f_ABj), with its own mean
   * and variance per input; asymptotically efficient.
   */
  readonly first?: FirstOrderEstimator;
  /**
   * `'jansen'` (default; SALib's and scipy's): ST_j = mean((f_A - f_ABj)^2) / (2V) [2].
   * `'homma-saltelli'`: ST_j = 1 - (mean(f_A f_ABj) - m^2) / V [5], m the mean of f_A and f_B.
   */
  readonly total?: TotalOrderEstimator;
}

/** Bootstrap confidence intervals of Sobol' indices: resamples, confidence level and seed. */
export interface SobolBootstrapOptions {
  /** Number of bootstrap resamples (of the n base rows, with replacement), >= 2. */
  readonly resamples: number;
  /** Confidence level of the intervals, in (0, 1). Default 0.95. */
  readonly confidence?: number;
  /**
   * Seed of the resampling (an integer 0..2^53-1 or a bigint below 2^64). Default: a fresh
   * random seed, reported in the result's `bootstrap.seed`. Resample r depends only on the
   * seed and r, so results are the same however the work is split.
   */
  readonly seed?: number | bigint;
  /** Return every resample's estimates as `bootstrapEstimates` (as SALib's keep_resamples). Default false. */
  readonly keep?: boolean;
}

/**
 * Options of {@link sobolIndices}: the design's shape (or the design itself), second order, estimators and bootstrap.
 */
export interface SobolIndicesOptions {
  /** The design the outputs belong to: supplies n, dim, secondOrder and layout (and, for a grouped design, its groups: one index per group). */
  readonly design?: Pick<SaltelliDesign, 'n' | 'dim' | 'secondOrder' | 'layout'> & Partial<Pick<SaltelliDesign, 'groups' | 'groupCount'>>;
  /** Number of base rows; default: the number of outputs / (dim + 2) (or / (2 dim + 2) with second order). */
  readonly n?: number;
  /** Number of inputs d, or of groups for outputs of a grouped design (required unless `design` is given). */
  readonly dim?: number;
  /** The outputs include the BA_j blocks: compute second-order indices. Default false. */
  readonly secondOrder?: boolean;
  /** Row order of the outputs (see SaltelliLayout); default 'block'. */
  readonly layout?: SaltelliLayout;
  /** Which estimators to use. Default `{ first: 'saltelli2010', total: 'jansen' }`. */
  readonly estimator?: SobolEstimators;
  /** Bootstrap confidence intervals; none by default. */
  readonly bootstrap?: SobolBootstrapOptions;
  /**
   * Outputs that are NaN or ±Infinity: `'error'` (default) throws NonFiniteOutputError naming
   * the rows; `'drop'` drops every base row one of whose outputs is not finite (all its
   * blocks), analyses the rest and lists the dropped base rows in the result.
   */
  readonly nonFinite?: 'error' | 'drop';
}

/** A confidence interval per index. */
export interface IndexInterval<T> {
  /** The lower ends. */
  readonly low: T;
  /** The upper ends. */
  readonly high: T;
}

/**
 * What {@link sobolIndices} returns: first-, total- (and second-) order indices, the variance, and intervals when bootstrapped.
 */
export interface SobolIndicesResult {
  /** First-order indices S_j, one per input. */
  readonly first: Float64Array;
  /** Total-order indices ST_j. */
  readonly total: Float64Array;
  /** Second-order indices S_jk in row j, column k for j < k (NaN elsewhere); only with secondOrder. */
  readonly second?: Matrix;
  /**
   * Bootstrap half-widths, SALib's convention: z * (standard deviation of the bootstrap
   * estimates, ddof 1), z = the standard normal quantile at 0.5 + confidence / 2.
   */
  readonly firstConf?: Float64Array;
  /** As `firstConf`, for the total-order indices. */
  readonly totalConf?: Float64Array;
  /** As `firstConf`, for the second-order indices (upper triangle). */
  readonly secondConf?: Matrix;
  /** Bootstrap percentile intervals: the (1 -+ confidence) / 2 quantiles of the bootstrap estimates (linear interpolation, as numpy). */
  readonly firstInterval?: IndexInterval<Float64Array>;
  /** As `firstInterval`, for the total-order indices. */
  readonly totalInterval?: IndexInterval<Float64Array>;
  /** As `firstInterval`, for the second-order indices (upper triangle). */
  readonly secondInterval?: IndexInterval<Matrix>;
  /** Base rows used (n minus the dropped ones). */
  readonly n: number;
  /** Number of inputs d. */
  readonly dim: number;
  /** Base rows dropped for non-finite outputs (nonFinite: 'drop'), in increasing order. */
  readonly dropped: readonly number[];
  /** Mean and variance (ddof 0) of the outputs of A and B: the estimates of E[Y] and V[Y]. */
  readonly mean: number;
  /** See `mean`: the estimate of V[Y] that the indices divide by. */
  readonly variance: number;
  /** The estimators used. */
  readonly estimator: Required<SobolEstimators>;
  /**
   * The bootstrap that was run: resamples, confidence level and seed (also when the seed was drawn at random).
   */
  readonly bootstrap?: { readonly resamples: number; readonly confidence: number; readonly seed: bigint };
  /**
   * With bootstrap.keep: the estimates of every resample, one row per resample, columns as
   * first (d), total (d), then second order S_jk for j < k in row order.
   */
  readonly bootstrapEstimates?: Matrix;
  /** The output column this result belongs to (for a matrix of outputs). */
  readonly output?: number;
}

const KEYS = ['design', 'n', 'dim', 'secondOrder', 'layout', 'estimator', 'bootstrap', 'nonFinite'] as const;
const FLAG_SECOND = 1, FLAG_JANON = 2, FLAG_HOMMA = 4;
/** Bytes of bootstrap estimates per kernel call (resamples are done in batches). */
const BATCH_BYTES = 1 << 22;

/** The analysis settings after validation. */
export interface ResolvedSobolOptions {
  readonly n: number;
  readonly dim: number;
  readonly secondOrder: boolean;
  readonly layout: SaltelliLayout;
  readonly estimator: Required<SobolEstimators>;
  readonly flags: number;
  readonly bootstrap: { readonly resamples: number; readonly confidence: number; readonly seed: bigint } | undefined;
  readonly keep: boolean;
  readonly nonFinite: 'error' | 'drop';
}

/**
 * Sobol' indices from the model outputs Y at the rows of a Saltelli design: first order
 * (Saltelli 2010, or Janon), total order (Jansen, or Homma–Saltelli) and optionally second
 * order (Saltelli 2002), with bootstrap confidence intervals. On the same outputs the point
 * estimates and the meaning of the intervals are those of SALib's `sobol.analyze`
 * (its outputs standardised first; V the variance of the A and B outputs).
 *
 * Y: a Float64Array (one quantity of interest: returns one result) or a Matrix with one
 * column per quantity (returns one result per column).
 *
 * The bootstrap runs in WebAssembly; in Node a large one (base rows x resamples x indices of
 * about 2^26 or more) is shared with worker threads (as many as UQKIT_THREADS or the machine
 * allows), the call staying synchronous. Resample r depends only on the seed and r, so the
 * numbers are the same bit for bit on any number of threads and in browsers.
 *
 * ```ts
 * const r = sobolIndices(Y, { design, bootstrap: { resamples: 1000, seed: 1 } });
 * r.first, r.total, r.firstConf, r.totalInterval.low
 * ```
 *
 * @throws ShapeError if the number of outputs does not fit n and dim; NonFiniteOutputError
 *   for NaN/Infinity outputs (unless nonFinite: 'drop'); InvalidArgumentError for bad options
 *
 * @example
 * ```js
 * import { saltelliDesign, sobolIndices } from 'uqkit';
 *
 * // Ishigami: S = [0.314, 0.442, 0], ST = [0.558, 0.442, 0.244]
 * const U = { dist: 'uniform', low: -Math.PI, high: Math.PI };
 * const design = saltelliDesign([U, U, U], 2 ** 12, { seed: 1 }); // 5 * 4096 rows
 * const { data, rows, cols } = design.X;
 * const Y = new Float64Array(rows);
 * for (let i = 0; i < rows; i++) {
 *   const [x1, x2, x3] = data.subarray(i * cols, (i + 1) * cols);
 *   Y[i] = Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
 * }
 * const r = sobolIndices(Y, { design, bootstrap: { resamples: 200, seed: 1 } });
 * console.log(r.first, r.total); // ≈ [0.314, 0.445, -0.0001], ≈ [0.558, 0.442, 0.244]
 * ```
 */
export function sobolIndices(Y: Float64Array, opts: SobolIndicesOptions): SobolIndicesResult;
export function sobolIndices(Y: Matrix, opts: SobolIndicesOptions): SobolIndicesResult[];
export function sobolIndices(Y: Float64Array | Matrix, opts: SobolIndicesOptions): SobolIndicesResult | SobolIndicesResult[] {
  const { data, rows, cols, single } = outputs(Y);
  const o = resolveSobolOptions(opts, rows);
  const results: SobolIndicesResult[] = [];
  for (let c = 0; c < cols; c++) {
    const prepared = prepare(data, cols, c, o, single);
    const est = prepared.constant || !o.bootstrap ? undefined : allEstimates(prepared, o.dim, o.flags, o.bootstrap.seed, o.bootstrap.resamples);
    results.push(assemble(o, prepared, est, single ? undefined : c));
  }
  return single ? results[0]! : results;
}

export function outputs(Y: unknown): { data: Float64Array; rows: number; cols: number; single: boolean } {
  if (Y instanceof Float64Array) return { data: Y, rows: Y.length, cols: 1, single: true };
  const m = Y as Matrix;
  if (!m || typeof m !== 'object' || !(m.data instanceof Float64Array) || !Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.cols < 1 || m.data.length !== m.rows * m.cols) {
    throw new ShapeError({ field: 'Y', value: Y, expected: 'model outputs: a Float64Array, or a Matrix with one column per output' });
  }
  return { data: m.data, rows: m.rows, cols: m.cols, single: false };
}

/** Validates the options of sobolIndices against `rows` outputs per quantity. */
export function resolveSobolOptions(opts: unknown, rows: number): ResolvedSobolOptions {
  const o = options<SobolIndicesOptions>('options', opts);
  knownKeys('options', o, KEYS);
  let dim: number, secondOrder: boolean, layout: SaltelliLayout, nGiven: number | undefined;
  if (o.design !== undefined) {
    const d = o.design as SaltelliDesign;
    if (d === null || typeof d !== 'object' || !Number.isInteger(d.n) || !Number.isInteger(d.dim)) {
      throw new InvalidArgumentError({ field: 'options.design', value: d, expected: 'a design from saltelliDesign (with n, dim, secondOrder, layout)' });
    }
    for (const k of ['n', 'dim', 'secondOrder', 'layout'] as const) {
      if (o[k] !== undefined && o[k] !== d[k] && !(k === 'dim' && Array.isArray(d.groups) && o[k] === d.groupCount)) throw new InvalidArgumentError({ field: `options.${k}`, value: o[k], expected: `${JSON.stringify(d[k])} (the design's) or nothing` });
    }
    dim = integer('options.design.dim', d.dim, 1);
    // a grouped design: one index per group
    if (Array.isArray(d.groups)) dim = integer('options.design.groupCount', d.groupCount, 1, dim);
    secondOrder = oneOf('options.design.secondOrder', d.secondOrder, [true, false]);
    layout = oneOf('options.design.layout', d.layout, SALTELLI_LAYOUTS);
    nGiven = integer('options.design.n', d.n, 2);
  } else {
    if (o.dim === undefined) throw new InvalidArgumentError({ field: 'options.dim', value: undefined, expected: 'the number of inputs d (or options.design)' });
    dim = integer('options.dim', o.dim, 1);
    secondOrder = o.secondOrder === undefined ? false : oneOf('options.secondOrder', o.secondOrder, [true, false]);
    layout = o.layout === undefined ? 'block' : oneOf('options.layout', o.layout, SALTELLI_LAYOUTS);
    nGiven = o.n === undefined ? undefined : integer('options.n', o.n, 2);
  }
  if (secondOrder && dim < 2) throw new InvalidArgumentError({ field: 'options.secondOrder', value: true, expected: 'false for a single input (second order needs d >= 2)' });
  if (dim > (secondOrder ? 2048 : 65536)) throw new InvalidArgumentError({ field: 'options.dim', value: dim, expected: secondOrder ? 'at most 2048 inputs with second order' : 'at most 65536 inputs' });
  const per = secondOrder ? 2 * dim + 2 : dim + 2;
  const blocks = secondOrder ? `2 * ${dim} + 2 = ${per}` : `${dim} + 2 = ${per}`;
  let n: number;
  if (nGiven === undefined) {
    if (rows % per !== 0 || rows < 2 * per) {
      throw new ShapeError({ field: 'Y', value: rows, expected: `a multiple of ${blocks} outputs (n base rows x ${per} blocks${secondOrder ? '' : '; with BA_j blocks pass secondOrder: true'}), n >= 2` });
    }
    n = rows / per;
  } else {
    n = nGiven;
    if (rows !== n * per) throw new ShapeError({ field: 'Y', value: rows, expected: `n * (${blocks}) = ${n * per} outputs (one per design row)` });
  }
  const est = options<SobolEstimators>('options.estimator', o.estimator);
  knownKeys('options.estimator', est, ['first', 'total']);
  const estimator: Required<SobolEstimators> = {
    first: est.first === undefined ? 'saltelli2010' : oneOf('options.estimator.first', est.first, ['saltelli2010', 'janon'] as const),
    total: est.total === undefined ? 'jansen' : oneOf('options.estimator.total', est.total, ['jansen', 'homma-saltelli'] as const),
  };
  const flags = (secondOrder ? FLAG_SECOND : 0) | (estimator.first === 'janon' ? FLAG_JANON : 0) | (estimator.total === 'homma-saltelli' ? FLAG_HOMMA : 0);
  let bootstrap: ResolvedSobolOptions['bootstrap'];
  let keep = false;
  if (o.bootstrap !== undefined) {
    const b = options<SobolBootstrapOptions>('options.bootstrap', o.bootstrap);
    knownKeys('options.bootstrap', b, ['resamples', 'confidence', 'seed', 'keep']);
    if (b.keep !== undefined) keep = oneOf('options.bootstrap.keep', b.keep, [true, false]);
    const resamples = integer('options.bootstrap.resamples', b.resamples, 2, 2 ** 31 - 1);
    // Every resample's estimates are held until the intervals are taken (and one column of them).
    const nIdx = indexCount(dim, flags);
    checkMemory('options.bootstrap.resamples', resamples, 8 * resamples * (nIdx + 1), `the bootstrap estimates of ${resamples} resamples x ${nIdx} indices`, 'js', 'use fewer resamples (1000 to 10000 give intervals to a few digits)');
    const confidence = b.confidence === undefined ? 0.95 : b.confidence;
    if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
      throw new InvalidArgumentError({ field: 'options.bootstrap.confidence', value: confidence, expected: 'a number strictly between 0 and 1, e.g. 0.95' });
    }
    bootstrap = { resamples, confidence, seed: b.seed === undefined ? randomSeed() : seedOf('options.bootstrap.seed', b.seed) };
  }
  const nonFinite = o.nonFinite === undefined ? 'error' : oneOf('options.nonFinite', o.nonFinite, ['error', 'drop'] as const);
  return { n, dim, secondOrder, layout, estimator, flags, bootstrap, keep, nonFinite };
}

/** One output column in uqkit's block layout, kept base rows only, standardised. */
export interface PreparedOutputs {
  /** Standardised outputs (y - mean) / std, block layout, n rows per block. */
  readonly z: Float64Array;
  readonly n: number;
  readonly dropped: readonly number[];
  readonly mean: number;
  readonly variance: number;
  /** The outputs are all equal: no indices can be computed. */
  readonly constant: boolean;
  /** Point estimates (empty when constant). */
  readonly point: Float64Array;
}

const MAX_LISTED = 8;

/** Column c of the outputs: non-finite check, reorder to block layout, standardise, point estimates. */
export function prepare(data: Float64Array, cols: number, c: number, o: ResolvedSobolOptions, single: boolean): PreparedOutputs {
  const { n, dim: d, secondOrder, layout } = o;
  const blocks = secondOrder ? 2 * d + 2 : d + 2;
  const rows = n * blocks;
  // Non-finite outputs: rows, and the base rows they belong to.
  let bad: number[] | undefined;
  for (let r = 0; r < rows; r++) {
    if (!Number.isFinite(data[r * cols + c]!)) (bad ??= []).push(r);
  }
  const dropped: number[] = [];
  const keep = new Uint8Array(n).fill(1);
  if (bad) {
    const where = single ? 'Y' : `Y[:, ${c}]`;
    if (o.nonFinite === 'error') {
      const listed = bad.slice(0, MAX_LISTED).map((r) => `${r} (${data[r * cols + c]})`).join(', ');
      throw new NonFiniteOutputError({
        field: single ? `Y[${bad[0]}]` : `Y[${bad[0]}][${c}]`,
        value: data[bad[0]! * cols + c],
        expected: `finite model outputs; ${bad.length} of the ${rows} outputs in ${where} are NaN or infinite, at rows ${listed}${bad.length > MAX_LISTED ? ', ...' : ''}`,
        hint: "re-run or fix those points, or pass nonFinite: 'drop' to drop their base rows",
      }, bad, single ? undefined : c);
    }
    const step = blocks;
    for (const r of bad) keep[layout === 'block' ? r % n : Math.floor(r / step)] = 0;
    for (let i = 0; i < n; i++) if (!keep[i]) dropped.push(i);
    if (n - dropped.length < 2) {
      throw new NonFiniteOutputError({
        field: single ? 'Y' : `Y[:, ${c}]`, value: bad.length,
        expected: `at least 2 base rows with finite outputs in every block; only ${n - dropped.length} of ${n} are left after dropping`,
      }, bad, single ? undefined : c);
    }
  }
  const m = n - dropped.length;
  // Standardise as SALib does, (y - y.mean()) / y.std(), with numpy's pairwise summation in
  // the outputs' own row order, so that the standardised values are numpy's to the last bit.
  const z = new Float64Array(m * blocks); // first the outputs in their own order, then their squared deviations
  const len = z.length;
  if (dropped.length === 0 && cols === 1) z.set(data);
  else {
    let k = 0;
    for (let r = 0; r < rows; r++) {
      if (dropped.length === 0 || keep[layout === 'block' ? r % n : Math.floor(r / blocks)]) z[k++] = data[r * cols + c]!;
    }
  }
  const mean = pairwiseSum(z, 0, len) / len;
  for (let k = 0; k < len; k++) z[k] = (z[k]! - mean) ** 2;
  const std = Math.sqrt(pairwiseSum(z, 0, len) / len);
  for (let b = 0; b < blocks; b++) {
    // row of (block b, base row i) = r0 + i * step
    const r0 = saltelliRow(layout, n, d, secondOrder, b, 0), step = layout === 'block' ? 1 : blocks;
    let k = b * m;
    if (dropped.length === 0 && cols === 1 && step === 1) {
      z.set(data.subarray(r0, r0 + n), k);
      continue;
    }
    for (let i = 0, r = r0 * cols + c; i < n; i++, r += step * cols) {
      if (keep[i]) z[k++] = data[r]!;
    }
  }
  // Mean and variance of the A and B outputs (in the original units).
  let sAB = 0;
  for (let k = 0; k < 2 * m; k++) sAB += z[k]!;
  const meanAB = sAB / (2 * m);
  let vAB = 0;
  for (let k = 0; k < 2 * m; k++) vAB += (z[k]! - meanAB) ** 2;
  vAB /= 2 * m;
  const constant = !(std > 0) || !Number.isFinite(std) || !(vAB > 0);
  if (constant) {
    warn('UQKIT_SOBOL_CONSTANT', `sobolIndices: the outputs${single ? '' : ` in column ${c}`} ${!(vAB > 0) ? 'of A and B are all equal' : 'cannot be standardised'}: their indices are NaN`);
    return { z, n: m, dropped, mean: meanAB, variance: vAB, constant: true, point: new Float64Array(0) };
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k]! - mean) / std;
  return { z, n: m, dropped, mean: meanAB, variance: vAB, constant: false, point: pointEstimates(core(), z, m, d, o.flags) };
}

export function indexCount(d: number, flags: number): number {
  return 2 * d + (flags & FLAG_SECOND ? (d * (d - 1)) / 2 : 0);
}

function kernelContext(n: number, d: number) {
  return {
    [Status.SIZE]: { field: 'options.n', value: n, expected: 'at least 2 base rows, and fewer than 2^31 outputs' },
    [Status.DIM]: { field: 'options.dim', value: d, expected: 'at most 65536 inputs (2048 with second order)' },
  };
}

/** Point estimates (first[d], total[d], second order j < k) of standardised block-layout outputs. */
export function pointEstimates(c: Core, z: Float64Array, n: number, d: number, flags: number): Float64Array {
  const { exports: k, arena } = c;
  const nIdx = indexCount(d, flags);
  return arena.scope((a) => {
    const pz = a.copyIn(z);
    const out = a.alloc(8 * nIdx);
    const work = a.alloc(k.sensitivityWorkBytes(n, d, flags), 'the sensitivity kernel');
    check('sensitivityPoint', k.sensitivityPoint(n, d, flags, pz, out, work), kernelContext(n, d));
    return a.copyOut(out, new Float64Array(nIdx));
  });
}

/**
 * Bootstrap estimates of resamples first .. first+count-1 (count x indexCount, row-major).
 * Resample r depends only on (seed, r): any split of the resamples gives the same numbers.
 */
export function bootstrapEstimates(c: Core, z: Float64Array, n: number, d: number, flags: number, seed: bigint, first: number, count: number): Float64Array {
  const nIdx = indexCount(d, flags);
  const est = new Float64Array(count * nIdx);
  if (count === 0) return est;
  const { exports: k, arena } = c;
  const [lo, hi] = seedHalves(seed);
  const batch = Math.max(1, Math.min(count, Math.floor(BATCH_BYTES / (8 * nIdx))));
  arena.scope((a) => {
    const pz = a.copyIn(z);
    const out = a.alloc(8 * nIdx * batch, 'bootstrap estimates');
    const work = a.alloc(k.sensitivityWorkBytes(n, d, flags), 'the bootstrap kernel');
    for (let done = 0; done < count; done += batch) {
      const m = Math.min(batch, count - done);
      check('sensitivityBootstrap', k.sensitivityBootstrap(n, d, flags, pz, lo, hi, first + done, m, out, work), kernelContext(n, d));
      est.set(a.f64(out, m * nIdx), done * nIdx);
    }
  });
  return est;
}

/** A range of bootstrap resamples for a worker thread. */
export interface BootstrapJob {
  /** The standardised outputs (block layout), as shared by ParallelBootstrap.share. */
  readonly z: SharedArrayBuffer;
  readonly zLength: number;
  readonly n: number;
  readonly d: number;
  readonly flags: number;
  readonly nIdx: number;
  readonly seed: bigint;
  readonly first: number;
  readonly count: number;
}

/** Runs bootstrap jobs on worker threads (Node: ./bootstrap-pool.ts, registered by the entry point). */
export interface ParallelBootstrap {
  /** Worker threads available (besides the calling thread). */
  readonly workers: number;
  /** Jobs started so far. */
  readonly jobs: number;
  /** The outputs in memory that the workers can read. */
  share(z: Float64Array): SharedArrayBuffer;
  /** Starts `job` on worker `w`; returns a function that waits for its estimates (count x nIdx). */
  start(w: number, job: BootstrapJob): () => Float64Array;
}

let parallel: ParallelBootstrap | undefined;

/** Registers the worker-thread runner of the bootstrap (done by the Node entry point). */
export function setParallelBootstrap(p: ParallelBootstrap | undefined): void {
  parallel = p;
}

/** Below this much work (base rows x resamples x (indices + 4)) the bootstrap stays on the calling thread. */
const PARALLEL_MIN = 2 ** 26;
/** Work per job and thread (a few seconds at most), so that a job that never ends means a dead worker. */
const JOB_WORK = 2 ** 31;

/**
 * All R resamples' estimates: on the calling thread, or shared with the worker threads in
 * ranges of resamples (the calling thread takes the first range of each round). Resample r
 * depends only on (seed, r), so the result is the same bit for bit however it is shared.
 */
function allEstimates(p: PreparedOutputs, d: number, flags: number, seed: bigint, R: number): Float64Array {
  const nIdx = indexCount(d, flags);
  const per = p.n * (nIdx + 4);
  const pool = parallel;
  if (!pool || pool.workers === 0 || per * R < PARALLEL_MIN) return bootstrapEstimates(core(), p.z, p.n, d, flags, seed, 0, R);
  const threads = pool.workers + 1;
  const chunk = Math.max(1, Math.min(Math.ceil(R / threads), Math.floor(JOB_WORK / per)));
  const est = new Float64Array(R * nIdx);
  const z = pool.share(p.z);
  for (let next = 0; next < R;) {
    const mine = next, mineCount = Math.min(chunk, R - next);
    next += mineCount;
    const pending: { first: number; wait: () => Float64Array }[] = [];
    for (let w = 0; w < pool.workers && next < R; w++) {
      const count = Math.min(chunk, R - next);
      pending.push({ first: next, wait: pool.start(w, { z, zLength: p.z.length, n: p.n, d, flags, nIdx, seed, first: next, count }) });
      next += count;
    }
    est.set(bootstrapEstimates(core(), p.z, p.n, d, flags, seed, mine, mineCount), mine * nIdx);
    for (const job of pending) est.set(job.wait(), job.first * nIdx);
  }
  return est;
}

/** The result object from point and bootstrap estimates. */
export function assemble(o: ResolvedSobolOptions, p: PreparedOutputs, est: Float64Array | undefined, output: number | undefined): SobolIndicesResult {
  const d = o.dim;
  const nIdx = indexCount(d, o.flags);
  const point = p.constant ? new Float64Array(nIdx).fill(NaN) : p.point;
  const pairs = (v: Float64Array): Matrix => {
    const m = new Float64Array(d * d).fill(NaN);
    let q = 2 * d;
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) m[j * d + k] = v[q++]!;
    return matrix(m, d, d);
  };
  let result: SobolIndicesResult = {
    first: point.slice(0, d),
    total: point.slice(d, 2 * d),
    ...(o.secondOrder ? { second: pairs(point) } : {}),
    n: p.n,
    dim: d,
    dropped: p.dropped,
    mean: p.mean,
    variance: p.variance,
    estimator: o.estimator,
    ...(output === undefined ? {} : { output }),
  };
  if (o.bootstrap) {
    const R = o.bootstrap.resamples;
    const z = ndtri(0.5 + o.bootstrap.confidence / 2);
    const qLow = (1 - o.bootstrap.confidence) / 2, qHigh = 1 - qLow;
    const conf = new Float64Array(nIdx).fill(NaN), low = new Float64Array(nIdx).fill(NaN), high = new Float64Array(nIdx).fill(NaN);
    if (est && !p.constant) {
      const col = new Float64Array(R);
      for (let q = 0; q < nIdx; q++) {
        let s = 0;
        for (let r = 0; r < R; r++) s += (col[r] = est[r * nIdx + q]!);
        const mean = s / R;
        let ss = 0;
        for (let r = 0; r < R; r++) ss += (col[r]! - mean) ** 2;
        conf[q] = z * Math.sqrt(ss / (R - 1));
        col.sort();
        low[q] = quantile(col, qLow);
        high[q] = quantile(col, qHigh);
      }
    }
    result = {
      ...result,
      firstConf: conf.slice(0, d),
      totalConf: conf.slice(d, 2 * d),
      firstInterval: { low: low.slice(0, d), high: high.slice(0, d) },
      totalInterval: { low: low.slice(d, 2 * d), high: high.slice(d, 2 * d) },
      ...(o.secondOrder ? { secondConf: pairs(conf), secondInterval: { low: pairs(low), high: pairs(high) } } : {}),
      bootstrap: o.bootstrap,
      ...(o.keep ? { bootstrapEstimates: matrix(est && !p.constant ? est : new Float64Array(R * nIdx).fill(NaN), R, nIdx) } : {}),
    };
  }
  return result;
}

/**
 * Sum of a[from .. from+n) in numpy's pairwise order (numpy/_core/src/umath/loops_utils.h:
 * blocks of at most 128 summed with eight partial sums, halves split at a multiple of 8).
 */
export function pairwiseSum(a: Float64Array, from: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[from + i]!;
    return s;
  }
  if (n <= 128) {
    let r0 = a[from]!, r1 = a[from + 1]!, r2 = a[from + 2]!, r3 = a[from + 3]!;
    let r4 = a[from + 4]!, r5 = a[from + 5]!, r6 = a[from + 6]!, r7 = a[from + 7]!;
    let i = from + 8;
    const end8 = from + n - (n % 8), end = from + n;
    for (; i < end8; i += 8) {
      r0 += a[i]!; r1 += a[i + 1]!; r2 += a[i + 2]!; r3 += a[i + 3]!;
      r4 += a[i + 4]!; r5 += a[i + 5]!; r6 += a[i + 6]!; r7 += a[i + 7]!;
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < end; i++) s += a[i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
}

/** Quantile q of sorted values, linear interpolation (numpy's default); NaN if any value is NaN. */
function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (Number.isNaN(sorted[n - 1]!)) return NaN; // Float64Array.sort puts NaN last
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
