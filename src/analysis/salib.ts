// SALib's eFAST, RBD-FAST, delta and PAWN on a campaign's runs, plus basic statistics of the
// runs: eFAST on the rows of a fast sampler's design (its curves, in design order), the others
// on the points of the runs (any sampler that draws the inputs; ./method.ts refuses the nodes
// of grids). The indices go under SALib's names into the result's `screening` table; eFAST's
// and RBD-FAST's S1 and ST (and delta's S1) also as `sobolFirst` / `sobolTotal`.
//
// Vector QoIs: eFAST and RBD-FAST point by point (one spectrum per value and input: cheap),
// as `sobolFirst` / `sobolTotal` arrays without intervals; delta (a kernel density per class,
// input and resample) and PAWN (a table of KS statistics per input) for scalar QoIs only: a
// vector QoI gets its basic statistics and a warning saying why.
import { InvalidArgumentError } from '../core/errors.js';
import { deltaAnalyze } from '../numerics/delta.js';
import { fastAnalyze, rbdFastAnalyze } from '../numerics/fast.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { pawnAnalyze } from '../numerics/pawn.js';
import type { SamplerSpec } from '../samplers/index.js';
import { basicAnalysis } from './basic.js';
import type { Resolved } from './options.js';
import type { Collected } from './outputs.js';
import type { QoIResult } from './types.js';

/** The methods of this file. */
export type SalibMethod = 'fast' | 'rbd_fast' | 'delta' | 'pawn';

/** SALib's default number of bootstrap resamples of eFAST, RBD-FAST and delta (analysis.resamples overrides it). */
export const SALIB_RESAMPLES = 100;
/** SALib's defaults: RBD-FAST's harmonics M and PAWN's slides S. */
export const RBD_FAST_M = 10;
export const PAWN_SLIDES = 10;

/** The interference factor of a fast sampler (default 4). */
const fastM = (inner: SamplerSpec | undefined): number => (inner?.kind === 'fast' ? inner.M ?? 4 : 4);

/** Bootstrap settings: the caller's resamples, else SALib's 100; none when resamples is 0. */
function resampling(o: Resolved): { resamples: number; confLevel: number; seed: bigint } {
  if (!o.bootstrap) return { resamples: 0, confLevel: 0.95, seed: 0n };
  return { resamples: o.resamplesGiven ? o.bootstrap.resamples : SALIB_RESAMPLES, confLevel: o.bootstrap.confidence, seed: BigInt(o.bootstrap.seed) };
}

/** How the analysis was made, for AnalysisResult.method (without the run count). */
export function salibMethodText(method: SalibMethod, inner: SamplerSpec | undefined, o: Resolved): string {
  const r = resampling(o).resamples;
  const boot = method === 'pawn' || r === 0 ? '' : `; ${r} bootstrap resamples`;
  switch (method) {
    case 'fast': return `eFAST (M = ${fastM(inner)}${boot})`;
    case 'rbd_fast': return `RBD-FAST (M = ${RBD_FAST_M}${boot})`;
    case 'delta': return `Borgonovo's delta${boot ? ` (${boot.slice(2)})` : ''}`;
    case 'pawn': return `PAWN (${PAWN_SLIDES} slides)`;
  }
}

const perName = (names: readonly string[], a: ArrayLike<number>): Record<string, number> => Object.fromEntries(names.map((k, j) => [k, a[j]!]));
const perNameSeries = (names: readonly string[], a: readonly number[][]): Record<string, number[]> => Object.fromEntries(names.map((k, j) => [k, a[j]!]));

/**
 * Basic statistics of the runs and the indices of `method` for one QoI, from its outputs `c`
 * on the rows of `X`: the fast sampler's design in design order (eFAST: every row needs an
 * output), or the runs' points (the others: the rows with an output are used).
 *
 * @throws InvalidArgumentError when eFAST misses outputs of design rows, or too few rows have
 *   outputs (RBD-FAST: more than 2 M + 1 = 21; delta and PAWN: at least 10)
 */
export function salibAnalysis(method: SalibMethod, inner: SamplerSpec | undefined, X: Matrix, c: Collected, names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  const rows = X.rows, d = X.cols, q = c.q;
  const have: number[] = [];
  for (let r = 0; r < rows; r++) if (c.count[r]! > 0) have.push(r);
  if (have.length === 0) throw new InvalidArgumentError({ field: 'input.runs', value: 0, expected: `outputs of ${qoi} at the runs' points` });
  const stats = basicAnalysis(c, have, o, qoi, warnings);
  if (c.vector && (method === 'delta' || method === 'pawn')) {
    warnings.push(`${qoi}: ${method} indices are computed for scalar outputs only (${method === 'delta' ? 'kernel densities per class, input and resample' : 'KS statistics per slide and input'} for every value of a long vector output would be slow); ${qoi}, of ${q} values, gets basic statistics only`);
    return stats;
  }
  const boot = resampling(o);
  const column = (rowsUsed: readonly number[], k: number): Float64Array => Float64Array.from(rowsUsed, (r) => c.Y[r * q + k]!);
  let constant = true;
  for (let i = 1; i < have.length && constant; i++) for (let k = 0; k < q; k++) if (c.Y[have[i]! * q + k] !== c.Y[have[0]! * q + k]) constant = false;
  if (constant && method !== 'pawn') {
    warnings.push(`${qoi}: every run gives the same value, so its ${method} indices are not defined (NaN)`);
  }
  const nan = (): Float64Array => new Float64Array(d).fill(NaN);

  if (method === 'fast') {
    if (have.length < rows) {
      throw new InvalidArgumentError({
        field: 'input.runs', value: have.length,
        expected: `outputs of ${qoi} at all ${rows} points of the eFAST design (each curve is analysed as a whole); ${rows - have.length} are missing`,
        hint: "re-run the failed runs, or pass { method: 'rbd_fast' } for first-order indices from the runs that are there",
      });
    }
    const M = fastM(inner);
    if (c.vector) {
      const S1 = names.map(() => new Array<number>(q)), ST = names.map(() => new Array<number>(q));
      for (let k = 0; k < q; k++) {
        const r = fastAnalyze(column(have, k), d, { M, resamples: 0, seed: 0n });
        for (let j = 0; j < d; j++) { S1[j]![k] = r.S1[j]!; ST[j]![k] = r.ST[j]!; }
      }
      return { ...stats, runs: rows, sobolFirst: perNameSeries(names, S1), sobolTotal: perNameSeries(names, ST) } as QoIResult;
    }
    const r = constant ? { S1: nan(), ST: nan(), S1_conf: nan(), ST_conf: nan() } : fastAnalyze(column(have, 0), d, { M, ...boot });
    const conf = boot.resamples > 0 ? { sobolFirstConf: perName(names, r.S1_conf), sobolTotalConf: perName(names, r.ST_conf) } : {};
    return {
      ...stats, runs: rows, sobolFirst: perName(names, r.S1), sobolTotal: perName(names, r.ST), ...conf,
      screening: { method, indices: { S1: perName(names, r.S1), ST: perName(names, r.ST), S1_conf: perName(names, r.S1_conf), ST_conf: perName(names, r.ST_conf) } },
    } as QoIResult;
  }

  // The others: the rows with outputs.
  const need = method === 'rbd_fast' ? 2 * RBD_FAST_M + 2 : PAWN_SLIDES;
  if (have.length < need) {
    throw new InvalidArgumentError({ field: 'input.runs', value: have.length, expected: `at least ${need} runs with outputs of ${qoi} for ${method === 'rbd_fast' ? `RBD-FAST (more than 2 M + 1, M = ${RBD_FAST_M})` : method === 'delta' ? "Borgonovo's delta" : `PAWN (one per slide, ${PAWN_SLIDES} slides)`}; ${have.length} have one` });
  }
  const Xs = new Float64Array(have.length * d);
  have.forEach((r, i) => Xs.set(X.data.subarray(r * d, (r + 1) * d), i * d));
  const Xm = matrix(Xs, have.length, d);
  if (method === 'rbd_fast') {
    if (c.vector) {
      const S1 = names.map(() => new Array<number>(q));
      for (let k = 0; k < q; k++) {
        const r = rbdFastAnalyze(Xm, column(have, k), { M: RBD_FAST_M, resamples: 0, seed: 0n });
        for (let j = 0; j < d; j++) S1[j]![k] = r.S1[j]!;
      }
      return { ...stats, runs: have.length, sobolFirst: perNameSeries(names, S1) } as QoIResult;
    }
    const r = constant ? { S1: nan(), S1_conf: nan() } : rbdFastAnalyze(Xm, column(have, 0), { M: RBD_FAST_M, ...boot });
    return {
      ...stats, runs: have.length, sobolFirst: perName(names, r.S1), ...(boot.resamples > 0 ? { sobolFirstConf: perName(names, r.S1_conf) } : {}),
      screening: { method, indices: { S1: perName(names, r.S1), S1_conf: perName(names, r.S1_conf) } },
    } as QoIResult;
  }
  if (method === 'delta') {
    // delta's half-widths need at least 2 resamples: with resamples 0 they are NaN.
    const r = constant ? { delta: nan(), delta_conf: nan(), S1: nan(), S1_conf: nan() } : deltaAnalyze(Xm, column(have, 0), { resamples: Math.max(2, boot.resamples), confLevel: boot.confLevel, seed: boot.seed });
    const conf = (a: Float64Array) => (boot.resamples > 0 ? a : nan());
    return {
      ...stats, runs: have.length, sobolFirst: perName(names, r.S1),
      screening: { method, indices: { delta: perName(names, r.delta), delta_conf: perName(names, conf(r.delta_conf)), S1: perName(names, r.S1), S1_conf: perName(names, conf(r.S1_conf)) } },
    } as QoIResult;
  }
  const r = pawnAnalyze(Xm, column(have, 0), { S: PAWN_SLIDES });
  const fields = { minimum: r.minimum, mean: r.mean, median: r.median, maximum: r.maximum, CV: r.CV, stdev: r.stdev };
  return { ...stats, runs: have.length, screening: { method, indices: Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, perName(names, a)])) } } as QoIResult;
}
