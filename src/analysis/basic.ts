// Basic statistics of a QoI from samples (any sampler, and the A and B rows of Saltelli
// designs): mean, std, variance, percentiles and bootstrap intervals (./stats.ts), within a
// bounded amount of bootstrap work.
import type { ColumnStats, ResolvedBootstrap } from './stats.js';
import type { QoIResult } from './types.js';
import type { Resolved } from './options.js';
import { blockedColumnStats } from './blocks.js';
import { present, series, type Collected } from './outputs.js';
import { outputHistogram } from './histogram.js';

export function statsFields(s: ColumnStats, vector: boolean, ps: readonly number[]): Partial<QoIResult> {
  return {
    mean: series(s.mean, vector), std: series(s.std, vector), variance: series(s.variance, vector),
    percentiles: Object.fromEntries(ps.map((p) => [String(p), series(s.percentiles.get(p)!, vector)])),
    ...(s.meanInterval ? { meanInterval: { low: series(s.meanInterval.low, vector), high: series(s.meanInterval.high, vector) } } : {}),
    ...(s.stdInterval ? { stdInterval: { low: series(s.stdInterval.low, vector), high: series(s.stdInterval.high, vector) } } : {}),
  };
}
/** Most draws x values the bootstrap of basic statistics does (about a second's work). */
const BOOTSTRAP_WORK = 2 ** 28;

/** The bootstrap for basic statistics of m rows x q values, unless it is too much work (then a warning). */
export function statsBootstrap(o: Resolved, m: number, q: number, qoi: string, warnings: string[]): ResolvedBootstrap | undefined {
  const b = o.bootstrap;
  if (!b || b.resamples * m * q <= BOOTSTRAP_WORK) return b;
  const fit = Math.floor(BOOTSTRAP_WORK / (m * q));
  warnings.push(`${qoi}: no bootstrap intervals for the mean and std: ${b.resamples} resamples of ${m} runs x ${q} values exceed 2^28 draws` +
    (fit >= 2 ? ` (pass bootstrap.resamples <= ${fit})` : ''));
  return undefined;
}

/** Basic statistics of a QoI over the rows `have` (those with outputs; at least one). */
export function basicAnalysis(c: Collected, have: readonly number[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  if (have.length === 1) warnings.push(`${qoi}: 1 run: its value is the mean and every percentile; the std and variance need 2 runs (NaN)`);
  const s = blockedColumnStats((c0, k) => present(c, have, c0, k), have.length, c.q, o.percentiles, have.length > 1 ? statsBootstrap(o, have.length, c.q, qoi, warnings) : undefined);
  const histogram = outputHistogram(present(c, have, c.q - 1, 1), 'runs', c.vector ? c.q - 1 : undefined);
  return { runs: have.length, ...statsFields(s, c.vector, o.percentiles), ...(histogram ? { histogram } : {}) } as QoIResult;
}
