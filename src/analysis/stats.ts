// Basic statistics of model outputs, column by column in one pass over the runs: mean,
// variance and standard deviation (sample estimates, ddof 1), percentiles with numpy's default
// ('linear') definition, and bootstrap percentile intervals for the mean and the standard
// deviation. The bootstrap draws from uqkit's counter-based generator (WebAssembly, the same
// numbers in Node and browsers): resample r, draw i is number r * m + i of stream 2 of the seed
// (stream 0 is used by Saltelli designs, stream 1 by the random sampler).
import { InvalidArgumentError } from '../core/errors.js';
import { check } from '../core/status.js';
import { seedHalves } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { pairwiseSum } from '../numerics/sensitivity.js';

/** The stream of the seeded generator the bootstrap of basic statistics uses. */
const BOOTSTRAP_STREAM = 2;
/** Uniform numbers generated per kernel call. */
const BLOCK = 1 << 16;

/** Bootstrap settings after defaults (see AnalyseOptions.bootstrap). */
export interface ResolvedBootstrap {
  /** Number of bootstrap resamples (0: none). */
  readonly resamples: number;
  /** Confidence level of the intervals, in (0, 1). */
  readonly confidence: number;
  /** Seed of the resampling. */
  readonly seed: bigint;
}

/** Basic statistics of q columns: arrays of length q. */
export interface ColumnStats {
  /** Number of values per column (rows). */
  readonly n: number;
  /** Mean of each column. */
  readonly mean: Float64Array;
  /** Sample variance (ddof 1) of each column. */
  readonly variance: Float64Array;
  /** Sample standard deviation (ddof 1) of each column. */
  readonly std: Float64Array;
  /** Percentile p -> value per column. */
  readonly percentiles: ReadonlyMap<number, Float64Array>;
  /** Bootstrap percentile intervals (absent when resamples is 0). */
  readonly meanInterval?: { readonly low: Float64Array; readonly high: Float64Array };
  /** Bootstrap percentile intervals of the standard deviations. */
  readonly stdInterval?: { readonly low: Float64Array; readonly high: Float64Array };
}

/**
 * Percentile p (0..100) of sorted values: numpy's default 'linear' method (numpy.percentile,
 * method='linear'): h = (n - 1) p / 100, x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (typeof p !== 'number') throw new InvalidArgumentError({ field: 'p', value: p, expected: 'a percentile, a number from 0 to 100' });
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Statistics of the m x q row-major values `Y` (m >= 1 rows), column by column. Mean and
 * variance use numpy's pairwise summation, so they agree with numpy's mean and var(ddof=1) to
 * the last bits. One row has a mean and percentiles (its values) but no sample variance: the
 * variance and std are NaN (as numpy's var(ddof=1)), and there is no bootstrap.
 */
export function columnStats(Y: Float64Array, m: number, q: number, ps: readonly number[], boot: ResolvedBootstrap | undefined): ColumnStats {
  if (!(m >= 1)) throw new InvalidArgumentError({ field: 'runs', value: m, expected: 'at least 1 run with outputs for statistics' });
  const mean = new Float64Array(q), variance = new Float64Array(q), std = new Float64Array(q);
  const percentiles = new Map<number, Float64Array>(ps.map((p) => [p, new Float64Array(q)]));
  const col = new Float64Array(m);
  for (let c = 0; c < q; c++) {
    for (let i = 0; i < m; i++) col[i] = Y[i * q + c]!;
    const mu = pairwiseSum(col, 0, m) / m;
    const dev = col.map((v) => (v - mu) ** 2);
    mean[c] = mu;
    variance[c] = pairwiseSum(dev, 0, m) / (m - 1);
    std[c] = Math.sqrt(variance[c]!);
    col.sort();
    for (const p of ps) percentiles.get(p)![c] = percentileSorted(col, p);
  }
  if (!boot || boot.resamples === 0 || m === 1) return { n: m, mean, variance, std, percentiles };
  const R = boot.resamples;
  // Per resample and column: the mean and std of the resampled rows, from sums of deviations
  // from the full sample's mean (no cancellation for outputs with a large mean).
  const bm = new Float64Array(R * q), bs = new Float64Array(R * q);
  const s1 = new Float64Array(q), s2 = new Float64Array(q);
  const { exports: k, arena } = core();
  const [lo, hi] = seedHalves(boot.seed);
  arena.scope((a) => {
    const buf = a.alloc(8 * BLOCK);
    let have = 0, at = 0, next = 0; // numbers in the buffer, read position, next number's index
    let u = a.f64(buf, 0);
    const draw = (): number => {
      if (at === have) {
        have = Math.min(BLOCK, R * m - next);
        check('randomUniform', k.randomUniform(have, lo, hi, BOOTSTRAP_STREAM, next, buf));
        u = a.f64(buf, have);
        next += have;
        at = 0;
      }
      return u[at++]!;
    };
    for (let r = 0; r < R; r++) {
      s1.fill(0);
      s2.fill(0);
      for (let i = 0; i < m; i++) {
        const row = Math.min(m - 1, Math.floor(draw() * m)) * q;
        for (let c = 0; c < q; c++) {
          const d = Y[row + c]! - mean[c]!;
          s1[c]! += d;
          s2[c]! += d * d;
        }
      }
      for (let c = 0; c < q; c++) {
        bm[r * q + c] = mean[c]! + s1[c]! / m;
        bs[r * q + c] = Math.sqrt(Math.max(0, (s2[c]! - (s1[c]! * s1[c]!) / m) / (m - 1)));
      }
    }
  });
  const pLow = (100 * (1 - boot.confidence)) / 2, pHigh = 100 - pLow;
  const interval = (est: Float64Array) => {
    const low = new Float64Array(q), high = new Float64Array(q);
    const v = new Float64Array(R);
    for (let c = 0; c < q; c++) {
      for (let r = 0; r < R; r++) v[r] = est[r * q + c]!;
      v.sort();
      low[c] = percentileSorted(v, pLow);
      high[c] = percentileSorted(v, pHigh);
    }
    return { low, high };
  };
  return { n: m, mean, variance, std, percentiles, meanInterval: interval(bm), stdInterval: interval(bs) };
}

/**
 * The ranks (0-based positions in ascending order) that the percentiles ps (0..100) of n
 * values interpolate between by percentileSorted's definition: ascending, without repeats.
 */
export function percentileRanks(n: number, ps: readonly number[]): number[] {
  return [...new Set(ps.flatMap((p) => { const lo = Math.floor(((n - 1) * p) / 100); return [lo, Math.min(lo + 1, n - 1)]; }))].sort((a, b) => a - b);
}

/**
 * Percentiles ps (0..100) of n values from their order statistics: `at[k]` is the value of
 * rank ranks[k] (from percentileRanks(n, ps)). The same numbers as percentileSorted.
 */
export function percentilesFromRanks(n: number, ps: readonly number[], ranks: readonly number[], at: ArrayLike<number>): number[] {
  const value = new Map<number, number>(ranks.map((r, k) => [r, at[k]!]));
  return ps.map((p) => {
    const h = ((n - 1) * p) / 100;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    return value.get(lo)! + (h - lo) * (value.get(hi)! - value.get(lo)!);
  });
}
