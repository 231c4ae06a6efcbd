// Confidence intervals for Sobol' indices from independently scrambled replicates of a
// quasi-Monte Carlo design (randomised QMC, Owen 1997; L'Ecuyer & Lemieux 2002): the
// replicate estimates are independent and identically distributed, so their mean has a
// Student-t interval. This is the honest error bar for scrambled Sobol' designs, whose error
// the bootstrap of rows (which assumes independent rows) overstates several times.
import { InvalidArgumentError } from '../core/errors.js';
import { options as optionsObject, knownKeys } from '../core/validate.js';
import { studentTppf } from '../distributions/special.js';
import { matrix, type Matrix } from './matrix.js';
import type { IndexInterval, SobolIndicesResult } from './sensitivity.js';

/**
 * Sobol' indices from r independent replicates of a design: means of the replicates' estimates and Student-t intervals.
 */
export interface ReplicatedSobolResult {
  /** Means of the replicates' estimates. */
  readonly first: Float64Array;
  /** Means of the replicates' total-order estimates. */
  readonly total: Float64Array;
  /** Upper triangle (j < k) when every replicate has second-order indices; NaN elsewhere. */
  readonly second?: Matrix;
  /** Half-widths t_{r-1, (1+confidence)/2} s / sqrt(r) of the intervals. */
  readonly firstConf: Float64Array;
  /** As `firstConf`, for the total-order indices. */
  readonly totalConf: Float64Array;
  /** As `firstConf`, for the second-order indices. */
  readonly secondConf?: Matrix;
  /** first ∓ firstConf. */
  readonly firstInterval: IndexInterval<Float64Array>;
  /** total ∓ totalConf. */
  readonly totalInterval: IndexInterval<Float64Array>;
  /** Number of replicates r. */
  readonly replicates: number;
  /** Confidence level of the intervals. */
  readonly confidence: number;
  /** Base rows per replicate, and in all. */
  readonly n: number;
  /** Base rows in all (r · n). */
  readonly totalN: number;
  /** Number of inputs d. */
  readonly dim: number;
}

/**
 * Combines the results of `sobolIndices` on r >= 2 independently scrambled designs of the
 * same size (e.g. `saltelliDesign(dists, n, { seed: s_i })` for r different seeds): the mean
 * of each index and its Student-t interval at `confidence` (default 0.95).
 *
 * ```ts
 * const reps = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
 *   const des = saltelliDesign(dists, 2 ** 11, { seed });
 *   return sobolIndices(model(des.X), { design: des });
 * });
 * const r = combineReplicates(reps); // r.first, r.firstConf, r.firstInterval.low
 * ```
 */
export function combineReplicates(results: readonly SobolIndicesResult[], opts: { readonly confidence?: number } = {}): ReplicatedSobolResult {
  const o = optionsObject<{ confidence?: number }>('options', opts);
  knownKeys('options', o, ['confidence']);
  const confidence = o.confidence ?? 0.95;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError({ field: 'options.confidence', value: confidence, expected: 'a number between 0 and 1' });
  }
  if (!Array.isArray(results) || results.length < 2) {
    throw new InvalidArgumentError({ field: 'results', value: results, expected: 'an array of at least 2 results of sobolIndices (independent replicates)' });
  }
  const r = results.length;
  const { dim, n } = results[0]!;
  results.forEach((res, i) => {
    if (!res || !(res.first instanceof Float64Array) || res.dim !== dim || res.n !== n) {
      throw new InvalidArgumentError({ field: `results[${i}]`, value: res?.dim, expected: `a result of sobolIndices with dim ${dim} and n ${n}, as results[0]` });
    }
  });
  const t = studentTppf((1 + confidence) / 2, r - 1);
  const stats = (get: (res: SobolIndicesResult) => ArrayLike<number>, len: number): { mean: Float64Array; half: Float64Array } => {
    const mean = new Float64Array(len), half = new Float64Array(len);
    for (let q = 0; q < len; q++) {
      let s = 0;
      for (const res of results) s += get(res)[q]!;
      const m = s / r;
      let ss = 0;
      for (const res of results) ss += (get(res)[q]! - m) ** 2;
      mean[q] = m;
      half[q] = t * Math.sqrt(ss / (r - 1) / r);
    }
    return { mean, half };
  };
  const first = stats((res) => res.first, dim), total = stats((res) => res.total, dim);
  const interval = (s: { mean: Float64Array; half: Float64Array }): IndexInterval<Float64Array> => ({
    low: s.mean.map((m, q) => m - s.half[q]!), high: s.mean.map((m, q) => m + s.half[q]!),
  });
  const out: ReplicatedSobolResult = {
    first: first.mean, total: total.mean, firstConf: first.half, totalConf: total.half,
    firstInterval: interval(first), totalInterval: interval(total),
    replicates: r, confidence, n, totalN: n * r, dim,
  };
  if (!results.every((res) => res.second)) return out;
  const second = stats((res) => res.second!.data, dim * dim);
  for (let j = 0; j < dim; j++) for (let k = 0; k <= j; k++) second.mean[j * dim + k] = second.half[j * dim + k] = NaN;
  return { ...out, second: matrix(second.mean, dim, dim), secondConf: matrix(second.half, dim, dim) };
}
