// The Shapley analysis of a campaign's runs (a shapley sampler's design, src/numerics/shapley.ts):
// per scalar QoI the Shapley effects `Sh` (shares of the variance, summing to 1, meaningful for
// dependent inputs), their half-widths `Sh_conf` (random permutations: z times the standard
// error over the permutations), and with every subset's cost (permutations: exact) the closed
// indices `S1` = Var(E[Y | X_i]) / Var(Y) and `ST` = E[Var(Y | X_-i)] / Var(Y), which for
// dependent inputs include the share carried by the correlated inputs. Basic statistics come
// from the design's `nV` independent draws of the inputs (the other rows are conditional draws).
import { InvalidArgumentError } from '../core/errors.js';
import { ndtri } from '../distributions/special.js';
import { shapleyEffects, type ShapleyDesign } from '../numerics/shapley.js';
import { basicAnalysis } from './basic.js';
import type { Resolved } from './options.js';
import type { Collected } from './outputs.js';
import type { QoIResult } from './types.js';

/**
 * Basic statistics of the `nV` rows and the Shapley indices of one QoI, from its outputs `c`
 * on the rows of `design`.
 *
 * @throws InvalidArgumentError when a row of the design has no output (every cost needs all its draws)
 */
export function shapleyAnalysis(design: ShapleyDesign, c: Collected, names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  const rows = design.X.rows;
  let missing = 0;
  for (let r = 0; r < rows; r++) if (c.count[r] === 0) missing++;
  const first = Array.from({ length: design.total }, (_, i) => i).filter((r) => c.count[r]! > 0);
  if (c.vector) {
    warnings.push(`${qoi}: Shapley effects are computed for scalar outputs only; ${qoi} has ${c.q} values (basic statistics only)`);
    if (first.length === 0) throw new InvalidArgumentError({ field: 'input.runs', value: 0, expected: `outputs of ${qoi} at the design's first ${design.total} points` });
    return basicAnalysis(c, first, o, qoi, warnings);
  }
  if (missing > 0) {
    throw new InvalidArgumentError({
      field: 'input.runs', value: rows - missing,
      expected: `outputs of ${qoi} at all ${rows} points of the Shapley design (each cost is a variance over its draws); ${missing} are missing`,
      hint: 're-run the failed runs, or analyse with method stats',
    });
  }
  const stats = basicAnalysis(c, first, o, qoi, warnings);
  const r = shapleyEffects(c.Y, design);
  const d = names.length;
  const per = (f: (i: number) => number): Record<string, number> => Object.fromEntries(names.map((k, i) => [k, f(i)]));
  const indices: Record<string, Record<string, number>> = { Sh: per((i) => r.shapley[i]!) };
  if (r.stdErr) {
    const z = -ndtri((1 - (o.bootstrap?.confidence ?? 0.95)) / 2);
    indices.Sh_conf = per((i) => z * r.stdErr![i]!);
  }
  if (design.method === 'subsets') {
    const all = Array.from({ length: d }, (_, i) => i);
    indices.S1 = per((i) => 1 - r.costs[all.filter((j) => j !== i).join(',')]!);
    indices.ST = per((i) => r.costs[String(i)]!);
  }
  return { ...stats, runs: rows, screening: { method: 'shapley', indices } } as QoIResult;
}
