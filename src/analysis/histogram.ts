// The distribution of an output for the report: a histogram of the runs' outputs (sample
// designs) or of the surrogate at its sample points (PCE, SC), as densities in equal bins,
// rounded to 4 significant digits so that it stays small in the analysis' JSON.
import type { OutputHistogram } from '../report/html.js';

/** Most bins of a histogram. */
const MAX_BINS = 40;

/**
 * The histogram of the finite `values`: from their least to their greatest value in
 * ceil(2 n^(1/3)) equal bins (the Rice rule), between 5 and 40; density = count / (n width).
 * `at` is the position in the index of a vector output the values belong to. Undefined when
 * fewer than 2 values are finite or all are equal (no spread to draw).
 */
export function outputHistogram(values: ArrayLike<number>, source: 'runs' | 'surrogate', at?: number): OutputHistogram | undefined {
  let n = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n < 2 || !(hi > lo)) return undefined;
  const k = Math.max(5, Math.min(MAX_BINS, Math.ceil(2 * Math.cbrt(n))));
  const w = (hi - lo) / k;
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(k - 1, Math.floor((v - lo) / w))]!++;
  }
  return { lo, hi, density: counts.map((c) => Number((c / (n * w)).toPrecision(4))), n, source, ...(at !== undefined ? { at } : {}) };
}
