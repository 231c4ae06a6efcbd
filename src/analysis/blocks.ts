// Analyses of long vector outputs in blocks of columns: the outputs of a QoI with many values
// (a time series, a field) are analysed a block of columns at a time, so that what a step
// holds at once (resampled statistics, reordered outputs) stays
// within the memory budget (src/core/budget.ts) however many values there are. Every column
// is computed as it would be alone, so the blocks change no number.
import { memoryLimit } from '../core/budget.js';
import { columnStats, type ColumnStats, type ResolvedBootstrap } from './stats.js';

/** A block holds at most this share of the memory budget... */
const BLOCK_SHARE = 8;
/** ...and at most this many bytes. */
const BLOCK_MAX_BYTES = 256 * 2 ** 20;

/** Columns per block, for q columns of `bytesPerColumn` bytes each (at least 1). */
export function columnBlock(q: number, bytesPerColumn: number): number {
  const bytes = Math.min(memoryLimit('js') / BLOCK_SHARE, BLOCK_MAX_BYTES);
  return Math.max(1, Math.min(q, Math.floor(bytes / Math.max(1, bytesPerColumn))));
}

/**
 * columnStats of m rows x q columns, a block of columns at a time: `columns(c0, count)` gives
 * the m x count values of columns c0 .. c0 + count - 1 (row-major).
 */
export function blockedColumnStats(columns: (c0: number, count: number) => Float64Array, m: number, q: number, ps: readonly number[], boot: ResolvedBootstrap | undefined): ColumnStats {
  // Per column: its values and their deviations (m each), and with a bootstrap its R means and stds.
  const step = columnBlock(q, 8 * (2 * m + (boot ? 2 * boot.resamples : 0)));
  if (step >= q) return columnStats(columns(0, q), m, q, ps, boot);
  const mean = new Float64Array(q), variance = new Float64Array(q), std = new Float64Array(q);
  const percentiles = new Map<number, Float64Array>(ps.map((p) => [p, new Float64Array(q)]));
  const interval = () => ({ low: new Float64Array(q), high: new Float64Array(q) });
  const meanInterval = boot ? interval() : undefined, stdInterval = boot ? interval() : undefined;
  for (let c0 = 0; c0 < q; c0 += step) {
    const count = Math.min(step, q - c0);
    const s = columnStats(columns(c0, count), m, count, ps, boot);
    mean.set(s.mean, c0);
    variance.set(s.variance, c0);
    std.set(s.std, c0);
    for (const p of ps) percentiles.get(p)!.set(s.percentiles.get(p)!, c0);
    if (s.meanInterval && meanInterval) { meanInterval.low.set(s.meanInterval.low, c0); meanInterval.high.set(s.meanInterval.high, c0); }
    if (s.stdInterval && stdInterval) { stdInterval.low.set(s.stdInterval.low, c0); stdInterval.high.set(s.stdInterval.high, c0); }
  }
  return { n: m, mean, variance, std, percentiles, ...(meanInterval ? { meanInterval } : {}), ...(stdInterval ? { stdInterval } : {}) };
}
