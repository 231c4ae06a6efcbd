// Comparison of two sets of outputs quantity by quantity: two campaigns, or a campaign and
// measurements. A scalar quantity gives one set of distances; a vector quantity one per index
// (point by point), each over the runs (or measurements) that have a finite value there.
import { InvalidArgumentError } from '../core/errors.js';
import { compatibility, sampleDistances, type SampleDistanceOptions, type SampleDistances } from '../numerics/distances.js';

/** Outputs by quantity: one number per run (a scalar quantity) or one vector per run. */
export type OutputColumns = Readonly<Record<string, Float64Array | readonly Float64Array[]>>;

/** Distances of one quantity (or one index of a vector quantity), from the finite values of each side: see sampleDistances. */
export interface QuantityDistances extends SampleDistances {
  /** Means of each side. */
  readonly mean: readonly [number, number];
  /** Standard deviations (n - 1) of each side. */
  readonly std: readonly [number, number];
  /**
   * EasyVVUQ's compatibility measure of the two sides' moments (see {@link compatibility},
   * weight 0.5): from the means, the variances (n - 1) and the skewnesses (the biased sample
   * skewness g1, 0 for a constant side), in [0, 1], 0 for equal moments.
   */
  readonly compatibility: number;
}

/** The comparison of one quantity: `points` has one entry for a scalar quantity, one per index of a vector. */
export interface QuantityComparison {
  readonly qoi: string;
  readonly vector: boolean;
  /** Distances per index (null where a side has no finite value at that index). */
  readonly points: readonly (QuantityDistances | null)[];
}

/** Options of {@link compareOutputs}. */
export interface CompareOptions extends SampleDistanceOptions {
  /** The quantities to compare. Default: every numeric quantity both sides have. */
  readonly qois?: readonly string[];
}

/** The finite values of a quantity's column: of a scalar column (`k` -1), or of a vector column at index `k`. */
export function valuesAt(col: Float64Array | readonly Float64Array[], k: number): Float64Array {
  const out: number[] = [];
  if (col instanceof Float64Array) {
    for (const v of col) if (Number.isFinite(v)) out.push(v);
  } else {
    for (const run of col) if (k < run.length && Number.isFinite(run[k]!)) out.push(run[k]!);
  }
  return Float64Array.from(out);
}

function meanStd(x: Float64Array): [number, number] {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - m) ** 2;
  return [m, x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0];
}

/** The biased sample skewness g1 = m3 / m2^(3/2) (0 when the values are all equal). */
function skewness(x: Float64Array, m: number): number {
  let m2 = 0, m3 = 0;
  for (const v of x) (m2 += (v - m) ** 2, m3 += (v - m) ** 3);
  m2 /= x.length;
  m3 /= x.length;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

/**
 * Compares two sets of outputs quantity by quantity (see {@link sampleDistances}): for each
 * quantity both have, Wasserstein-1 and -2, the Kolmogorov–Smirnov test, and the Hellinger and
 * Jensen–Shannon distances of kernel density estimates, and EasyVVUQ's compatibility measure of
 * their moments; a vector quantity point by point.
 *
 * @throws InvalidArgumentError for a named quantity that a side lacks, or quantities of
 *   different shapes (a scalar on one side, a vector on the other), or no quantity in common
 */
export function compareOutputs(a: OutputColumns, b: OutputColumns, options: CompareOptions = {}): QuantityComparison[] {
  const common = Object.keys(a).filter((q) => q in b);
  const qois = options.qois ?? common;
  if (!Array.isArray(qois)) throw new InvalidArgumentError({ field: 'options.qois', value: qois, expected: 'an array of quantity names' });
  if (qois.length === 0) throw new InvalidArgumentError({ field: 'options.qois', value: qois, expected: `a quantity both sides have (one has ${Object.keys(a).join(', ') || 'none'}, the other ${Object.keys(b).join(', ') || 'none'})` });
  return qois.map((qoi, i) => {
    for (const [side, cols] of [['first', a], ['second', b]] as const) {
      if (!(qoi in cols)) throw new InvalidArgumentError({ field: `options.qois[${i}]`, value: qoi, expected: `a numeric quantity of the ${side} set (it has ${Object.keys(cols).join(', ') || 'none'})` });
    }
    const ca = a[qoi]!;
    const cb = b[qoi]!;
    const vector = !(ca instanceof Float64Array);
    if (vector !== !(cb instanceof Float64Array)) throw new InvalidArgumentError({ field: `options.qois[${i}]`, value: qoi, expected: 'a quantity that is a scalar on both sides or a vector on both sides' });
    const length = vector ? Math.max(0, ...(ca as readonly Float64Array[]).map((r) => r.length), ...(cb as readonly Float64Array[]).map((r) => r.length)) : 1;
    const points: (QuantityDistances | null)[] = [];
    for (let k = 0; k < length; k++) {
      const xa = valuesAt(ca, vector ? k : -1);
      const xb = valuesAt(cb, vector ? k : -1);
      if (xa.length === 0 || xb.length === 0) {
        points.push(null);
        continue;
      }
      const d = sampleDistances(xa, xb, options);
      const [ma, sa] = meanStd(xa);
      const [mb, sb] = meanStd(xb);
      const c = compatibility({ mean: ma, variance: sa * sa, skewness: skewness(xa, ma) }, { mean: mb, variance: sb * sb, skewness: skewness(xb, mb) });
      points.push({ ...d, mean: [ma, mb], std: [sa, sb], compatibility: c });
    }
    return { qoi, vector, points };
  });
}
