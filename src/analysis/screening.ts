// Screening analyses of a campaign's runs, SALib's methods on the sampler's design: Morris
// (elementary effects of morris trajectories), fractional factorial main effects (ff) and DGSM
// (finite_diff), plus basic statistics of the runs. Scalar QoIs only: a vector QoI gets its
// basic statistics and a warning.
import { InvalidArgumentError } from '../core/errors.js';
import type { Distribution } from '../distributions/index.js';
import { dgsmAnalyze } from '../numerics/dgsm.js';
import { ffAnalyze } from '../numerics/fractional-factorial.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { morrisAnalyze, MORRIS_DEFAULT_LEVELS } from '../numerics/morris.js';
import type { SamplerSpec } from '../samplers/index.js';
import { basicAnalysis } from './basic.js';
import type { Resolved } from './options.js';
import type { Collected } from './outputs.js';
import type { QoIResult } from './types.js';

/** The screening methods and the sampler each analyses. */
export type ScreeningMethod = 'morris' | 'ff' | 'dgsm';

/**
 * Basic statistics of the runs and the screening indices of `method` for one QoI, from its
 * outputs `c` on the rows of the design `X` (the sampler's points, in design order). Morris
 * and DGSM use the whole trajectories (base points with all their steps) that have outputs and
 * say how many were dropped; ff needs every row. The bootstrap of mu_star_conf / dgsm_conf
 * follows `options.bootstrap` (resamples, confidence, seed); without it the conf is NaN.
 *
 * @throws InvalidArgumentError when fewer than 2 whole trajectories (or base points) or, for ff, not every row has an output
 */
export function screeningAnalysis(method: ScreeningMethod, inner: SamplerSpec, X: Matrix, dists: readonly Distribution[], c: Collected, names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  const rows = X.rows, d = X.cols;
  const have: number[] = [];
  for (let r = 0; r < rows; r++) if (c.count[r]! > 0) have.push(r);
  if (have.length === 0) throw new InvalidArgumentError({ field: 'input.runs', value: 0, expected: `outputs of ${qoi} at the points of the ${inner.kind} design` });
  const stats = basicAnalysis(c, have, o, qoi, warnings);
  if (c.vector) {
    warnings.push(`${qoi}: ${method} indices are computed for scalar outputs only; ${qoi} has ${c.q} values (basic statistics only)`);
    return stats;
  }
  // Whole blocks: a trajectory (morris) or a base point and its steps (dgsm), d + 1 rows; ff: all rows.
  const block = method === 'ff' ? rows : d + 1;
  const blocks: number[] = [];
  for (let b = 0; b < rows / block; b++) {
    let ok = true;
    for (let r = b * block; r < (b + 1) * block && ok; r++) if (c.count[r] === 0) ok = false;
    if (ok) blocks.push(b);
  }
  const total = rows / block;
  if (method === 'ff' && blocks.length === 0) {
    throw new InvalidArgumentError({ field: 'input.runs', value: have.length, expected: `outputs of ${qoi} at all ${rows} points of the fractional factorial design; ${rows - have.length} are missing` });
  }
  if (method !== 'ff' && blocks.length < 2) {
    throw new InvalidArgumentError({ field: 'input.runs', value: blocks.length, expected: `at least 2 whole ${method === 'morris' ? 'trajectories' : 'base points with all their steps'} with outputs of ${qoi}; ${blocks.length} of ${total} are whole` });
  }
  if (blocks.length < total) warnings.push(`${qoi}: ${total - blocks.length} of ${total} ${method === 'morris' ? 'trajectories' : 'base points'} have missing runs and were dropped`);
  const m = blocks.length * block;
  const Xs = new Float64Array(m * d), Ys = new Float64Array(m);
  blocks.forEach((b, i) => {
    Xs.set(X.data.subarray(b * block * d, (b + 1) * block * d), i * block * d);
    Ys.set(c.Y.subarray(b * block, (b + 1) * block), i * block);
  });
  const Xm = matrix(Xs, m, d);
  const boot = { numResamples: o.bootstrap?.resamples ?? 2, confLevel: o.bootstrap?.confidence ?? 0.95, seed: o.bootstrap?.seed ?? 0n };
  const noConf = (a: Float64Array): Float64Array => (o.bootstrap ? a : a.map(() => NaN));
  const perName = (keys: readonly string[], a: Float64Array): Record<string, number> => Object.fromEntries(keys.map((k, j) => [k, a[j]!]));
  let indices: Record<string, Record<string, number>>;
  if (method === 'morris') {
    const levels = (inner as { levels?: number }).levels ?? MORRIS_DEFAULT_LEVELS;
    const r = morrisAnalyze(Xm, Ys, { numLevels: levels, names, ...boot });
    indices = { mu: perName(r.names, r.mu), mu_star: perName(r.names, r.mu_star), sigma: perName(r.names, r.sigma), mu_star_conf: perName(r.names, noConf(r.mu_star_conf)) };
  } else if (method === 'dgsm') {
    const r = dgsmAnalyze(Xm, Ys, { dists, names, ...boot });
    indices = { vi: perName(r.names, r.vi), vi_std: perName(r.names, r.vi_std), dgsm: perName(r.names, r.dgsm), dgsm_conf: perName(r.names, noConf(r.dgsm_conf)) };
  } else {
    const r = ffAnalyze(Ys, { names });
    indices = { ME: perName(r.names, r.ME) };
  }
  return { ...stats, runs: m, screening: { method, indices } } as QoIResult;
}
