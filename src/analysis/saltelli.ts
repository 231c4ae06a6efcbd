// Sobol' indices of a QoI from a Saltelli design: first order (Saltelli 2010), total (Jansen)
// and second order with bootstrap intervals, basic statistics of the A and B rows, and
// convergence over prefixes of the design.
import { InvalidArgumentError } from '../core/errors.js';
import { matrix } from '../numerics/matrix.js';
import type { SaltelliDesign } from '../numerics/saltelli.js';
import { sobolIndices, type SobolIndicesResult } from '../numerics/sensitivity.js';
import type { Series } from '../report/html.js';
import { blockedColumnStats, columnBlock } from './blocks.js';
import type { QoIResult } from './types.js';
import type { Resolved } from './options.js';
import { type Collected, constantWarning, perParam, present, series } from './outputs.js';
import { statsBootstrap, statsFields } from './basic.js';
import { outputHistogram } from './histogram.js';

/** Sobol' indices of a Saltelli design (complete base rows), basic statistics of A and B, convergence. */
export function saltelliAnalysis(design: SaltelliDesign, c: Collected, names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
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
  // the outputs of the A and B rows: independent samples of the inputs
  const histogram = outputHistogram(present(c, AB, c.q - 1, 1), 'runs', v ? c.q - 1 : undefined);
  if (histogram) out.histogram = histogram;
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
    const conv: { runs: number; sobolFirst: Record<string, number>; sobolFirstConf?: Record<string, number>; mean: number }[] = [];
    for (const part of [8, 4, 2, 1]) {
      const N = Math.floor(n / part);
      const base = complete.filter((i) => i < N);
      if (base.length < 2 || conv.some((e) => e.runs === base.length * blocks)) continue;
      // with the intervals of the full design's bootstrap, so that the chart shows how they narrow
      const r = part === 1 ? res[0]! : indices(base, true)[0]!;
      conv.push({
        runs: base.length * blocks, sobolFirst: Object.fromEntries(names.map((k, j) => [k, r.first[j]!])),
        ...(r.firstConf ? { sobolFirstConf: Object.fromEntries(names.map((k, j) => [k, r.firstConf![j]!])) } : {}), mean: r.mean,
      });
    }
    if (conv.length >= 2) out.convergence = conv;
  }
  return out as unknown as QoIResult;
}
