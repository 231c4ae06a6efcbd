// HDMR of a campaign's runs (SALib's hdmr on any design): the varied inputs of the runs that
// have an output as X, a scalar QoI as Y, plus basic statistics of those runs. A vector QoI
// gets its basic statistics and a warning.
import { InvalidArgumentError } from '../core/errors.js';
import { hdmr, HDMR_MIN_ROWS } from '../numerics/hdmr.js';
import { matrix } from '../numerics/matrix.js';
import { basicAnalysis } from './basic.js';
import type { Resolved } from './options.js';
import type { Collected } from './outputs.js';
import type { QoIResult } from './types.js';

/** SALib's default number of subsamples, used when the bootstrap is on. */
const SUBSAMPLES = 20;

/**
 * Basic statistics and the HDMR indices of one scalar QoI from its outputs `c` at the runs'
 * inputs (`x(row, j)`: input j of row, rows 0..c.count.length-1). With `options.bootstrap`
 * (the default) SALib's K = 20 subsamples of half the runs, alpha = its confidence and its
 * seed; without it (resamples 0) one fit to all runs, its `_conf` NaN. The result's
 * `screening.indices` has Sa, Sa_conf, Sb, Sb_conf, S, S_conf per term (inputs, pairs a/b),
 * ST and ST_conf per input, and select (subsamples in which the F-test kept the term).
 *
 * @throws InvalidArgumentError with fewer than 300 runs with outputs (SALib's minimum) or fewer than 2 varied inputs
 */
export function hdmrAnalysis(x: (row: number, j: number) => number, c: Collected, names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  const have: number[] = [];
  for (let r = 0; r < c.count.length; r++) if (c.count[r]! > 0) have.push(r);
  if (have.length === 0) throw new InvalidArgumentError({ field: 'input.runs', value: 0, expected: `runs with outputs of ${qoi}` });
  const stats = basicAnalysis(c, have, o, qoi, warnings);
  if (c.vector) {
    warnings.push(`${qoi}: hdmr indices are computed for scalar outputs only; ${qoi} has ${c.q} values (basic statistics only)`);
    return stats;
  }
  const d = names.length;
  if (d < 2) throw new InvalidArgumentError({ field: 'input.vary', value: d, expected: 'at least 2 varied inputs for hdmr' });
  if (have.length < HDMR_MIN_ROWS) throw new InvalidArgumentError({ field: 'input.runs', value: have.length, expected: `at least ${HDMR_MIN_ROWS} runs with outputs of ${qoi} for hdmr (SALib's minimum)` });
  const X = new Float64Array(have.length * d), Y = new Float64Array(have.length);
  have.forEach((r, i) => {
    for (let j = 0; j < d; j++) X[i * d + j] = x(r, j);
    Y[i] = c.Y[r]!;
  });
  const b = o.bootstrap;
  const r = hdmr(matrix(X, have.length, d), Y, { names, ...(b ? { K: SUBSAMPLES, alpha: b.confidence, seed: b.seed } : { K: 1 }) });
  const per = (a: ArrayLike<number>, conf = false): Record<string, number> => Object.fromEntries(r.Term.map((t, i) => [t, conf && !b ? NaN : a[i]!]));
  const perInput = (a: ArrayLike<number>, conf = false): Record<string, number> => Object.fromEntries(names.map((t, i) => [t, conf && !b ? NaN : a[i]!]));
  const indices = {
    Sa: per(r.Sa), Sa_conf: per(r.Sa_conf, true), Sb: per(r.Sb), Sb_conf: per(r.Sb_conf, true), S: per(r.S), S_conf: per(r.S_conf, true),
    ST: perInput(r.ST), ST_conf: perInput(r.ST_conf, true), select: per(r.select),
  };
  return { ...stats, runs: have.length, screening: { method: 'hdmr', indices } } as QoIResult;
}
