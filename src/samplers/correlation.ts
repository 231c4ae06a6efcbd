// Dependent uncertain parameters: a campaign's `correlation` (beside `vary`) turns into the
// Gaussian copula (Nataf transform, src/numerics/copula.ts) through which the samplers that
// draw points of the unit cube (random, qmc, latin, pce regression, shapley) give their
// runs the marginals of `vary` and the given dependence.
//
//   correlation: {kind: spearman, names: [x1, x2], matrix: [[1, 0.5], [0.5, 1]]}
//
// `kind` says what the matrix holds (spearman: rank correlations; kendall: Kendall's tau;
// normal: the correlation of the normal scores); `names` which varied parameters it covers
// (default: all, in the order of `vary`); the parameters it leaves out are independent of the
// others. Errors name the entry, e.g. `correlation.matrix[0][1]`.
import { InvalidArgumentError } from '../core/errors.js';
import { knownKeys, oneOf } from '../core/validate.js';
import type { Distribution } from '../distributions/distribution.js';
import { GaussianCopula, type CorrelationKind } from '../numerics/copula.js';

/** A campaign's `correlation`: dependence between varied parameters through a Gaussian copula. */
export interface CorrelationSpec {
  /** What `matrix` holds: `'spearman'` rank correlations, `'kendall'` Kendall's tau, `'normal'` the correlation of the normal scores. */
  readonly kind: CorrelationKind;
  /** The varied parameters the matrix covers, in its order. Default: all, in the order of `vary`. */
  readonly names?: readonly string[];
  /** A symmetric matrix with unit diagonal, one row and column per name; positive definite (after conversion to normal scores). */
  readonly matrix: readonly (readonly number[])[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The copula of `spec` over the varied parameters `names` (with their distributions `dists`),
 * or undefined without a spec (independent parameters).
 *
 * @throws InvalidArgumentError naming the entry at fault (`correlation.kind`,
 *   `correlation.names[1]`, `correlation.matrix[0][1]`, or `correlation.matrix` for a matrix
 *   that is not positive definite, naming the parameters whose correlations cannot occur together)
 */
export function correlationCopula(spec: unknown, names: readonly string[], dists: readonly Distribution[], field = 'correlation'): GaussianCopula | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isRecord(spec)) throw new InvalidArgumentError({ field, value: spec, expected: 'a correlation such as {kind: spearman, names: [x1, x2], matrix: [[1, 0.5], [0.5, 1]]}' });
  knownKeys(field, spec, ['kind', 'names', 'matrix']);
  if (spec.kind === undefined) throw new InvalidArgumentError({ field: `${field}.kind`, value: undefined, expected: 'what the matrix holds: spearman, kendall or normal' });
  const kind = oneOf<CorrelationKind>(`${field}.kind`, spec.kind, ['spearman', 'kendall', 'normal']);
  const covered = spec.names ?? names;
  if (!Array.isArray(covered) || covered.length < 2) throw new InvalidArgumentError({ field: `${field}.names`, value: covered, expected: 'at least two varied parameters' });
  const at = covered.map((n, i) => {
    const j = names.indexOf(n as string);
    if (typeof n !== 'string' || j < 0) throw new InvalidArgumentError({ field: `${field}.names[${i}]`, value: n, expected: `a varied parameter (${names.join(', ')})` });
    if (covered.indexOf(n) !== i) throw new InvalidArgumentError({ field: `${field}.names[${i}]`, value: n, expected: 'each parameter once' });
    return j;
  });
  const k = at.length;
  const m = spec.matrix;
  if (!Array.isArray(m) || m.length !== k) throw new InvalidArgumentError({ field: `${field}.matrix`, value: m, expected: `${k} rows of ${k} numbers, one row and column per name (${covered.join(', ')})` });
  m.forEach((row, a) => {
    if (!Array.isArray(row) || row.length !== k) throw new InvalidArgumentError({ field: `${field}.matrix[${a}]`, value: row, expected: `a row of ${k} numbers` });
  });
  const d = names.length;
  const full: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) full[at[a]!]![at[b]!] = (m[a] as unknown[])[b] as number;
  // Local indices of an entry of the full matrix.
  const local = new Map(at.map((j, a) => [j, a]));
  try {
    return new GaussianCopula(dists, full, { kind });
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    const entry = /^correlation\[(\d+)\]\[(\d+)\]$/.exec(e.field ?? '');
    if (entry) {
      const a = local.get(Number(entry[1])), b = local.get(Number(entry[2]));
      throw new InvalidArgumentError({ field: `${field}.matrix[${a}][${b}]`, value: e.value, expected: e.expected ?? 'a correlation' });
    }
    // Not positive definite: the leading block that fails, in the order of `vary`, names the parameters.
    const fails = /leading (\d+)x/.exec(e.expected ?? '');
    const upto = fails ? Number(fails[1]) : d;
    const involved = names.slice(0, upto).filter((_, j) => local.has(j));
    throw new InvalidArgumentError({
      field: `${field}.matrix`, value: `${k}x${k} matrix`,
      expected: `a positive-definite correlation matrix: the correlations among ${involved.join(', ')} cannot occur together${kind === 'normal' ? '' : ` (once converted from ${kind === 'spearman' ? "Spearman's rho" : "Kendall's tau"} to normal scores)`}`,
    });
  }
}
