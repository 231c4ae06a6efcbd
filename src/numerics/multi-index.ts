// Multi-index sets: the polynomial degrees per input of the terms of a polynomial chaos
// basis, and the level multi-indices of a sparse grid.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsObject, relativeWeights } from '../core/validate.js';

export type Truncation = 'total' | 'hyperbolic' | 'tensor';

export interface MultiIndexOptions {
  /** Highest degree (total degree, or per input for 'tensor' when an array). */
  readonly degree: number | readonly number[];
  /** 'total' (default): sum of degrees <= p; 'hyperbolic': q-norm <= p; 'tensor': each degree <= p_j. */
  readonly truncation?: Truncation;
  /** q of the hyperbolic truncation, 0 < q <= 1 (default 0.75; q = 1 is 'total'). */
  readonly q?: number;
  /** Weights w_j > 0 per input for 'total'/'hyperbolic': sum (w_j a_j)^q <= p^q, weights scaled so min = 1. */
  readonly anisotropy?: readonly number[];
}

/**
 * The multi-index set of a truncation, in graded order (by total degree), and within a
 * degree in decreasing lexicographic order (so [1,0] before [0,1]: the first input first).
 * The first index is always the constant term [0, ..., 0].
 */
export function multiIndices(dim: number, opts: MultiIndexOptions): number[][] {
  integer('dim', dim, 1, 10_000);
  const o = optionsObject<MultiIndexOptions>('options', opts);
  knownKeys('options', o, ['degree', 'truncation', 'q', 'anisotropy']);
  const truncation = o.truncation === undefined ? 'total' : oneOf('options.truncation', o.truncation, ['total', 'hyperbolic', 'tensor'] as const);
  let caps: number[];
  if (Array.isArray(o.degree)) {
    if (truncation !== 'tensor') throw new InvalidArgumentError({ field: 'options.degree', value: o.degree, expected: "a number (an array of degrees per input needs truncation 'tensor')" });
    if (o.degree.length !== dim) throw new ShapeError({ field: 'options.degree', value: o.degree, expected: `one degree per input (${dim})` });
    caps = o.degree.map((p, j) => integer(`options.degree[${j}]`, p, 0, 200));
  } else {
    caps = Array<number>(dim).fill(integer('options.degree', o.degree, 0, 200));
  }
  const p = Math.max(...caps);
  const q = truncation === 'hyperbolic' ? (o.q ?? 0.75) : 1;
  if (!(typeof q === 'number' && q > 0 && q <= 1)) throw new InvalidArgumentError({ field: 'options.q', value: o.q, expected: 'a number in (0, 1]' });
  const w = relativeWeights('options.anisotropy', o.anisotropy, dim);
  const budget = p ** q * (1 + 1e-12);
  const out: number[][] = [];
  const cur = Array<number>(dim).fill(0);
  const rec = (j: number, used: number): void => {
    if (j === dim) {
      out.push(cur.slice());
      if (out.length > 5_000_000) throw new InvalidArgumentError({ field: 'options.degree', value: p, expected: 'a smaller basis (over 5 million terms)' });
      return;
    }
    for (let a = 0; a <= caps[j]!; a++) {
      const add = truncation === 'tensor' ? 0 : (w[j]! * a) ** q;
      if (used + add > budget) break;
      cur[j] = a;
      rec(j + 1, used + add);
    }
    cur[j] = 0;
  };
  rec(0, 0);
  const deg = (a: number[]): number => a.reduce((s, v) => s + v, 0);
  return out.sort((x, y) => deg(x) - deg(y) || y.reduce((c, v, i) => c || v - x[i]!, 0));
}

