// Multi-index sets: the polynomial degrees per input of the terms of a polynomial chaos
// basis, and the level multi-indices of a sparse grid.
import { checkMemory } from '../core/budget.js';
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsObject, relativeWeights } from '../core/validate.js';

/**
 * How a multi-index set is cut off at degree p: `'total'` (sum of degrees <= p), `'hyperbolic'`
 * (q-norm <= p, fewer interaction terms) or `'tensor'` (each degree <= p_j).
 */
export type Truncation = 'total' | 'hyperbolic' | 'tensor';

/**
 * Which polynomial terms a basis holds: degree, truncation, q and per-input weights (see {@link multiIndices}).
 */
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
  // The size of the set first, counted without enumerating it, so that a set too large is
  // refused before any memory goes to it.
  const add = (j: number, a: number): number => (truncation === 'tensor' ? 0 : (w[j]! * a) ** q);
  const closed = truncation === 'total' && w.every((v) => v === 1) && caps.every((c) => c === p);
  const count = countMultiIndices(caps, add, budget, closed, MAX_TERMS);
  const terms = closed || count <= MAX_TERMS ? String(count) : `over ${MAX_TERMS}`;
  checkMemory('options.degree', o.degree, count * multiIndexBytes(dim), `a multi-index set of ${terms} terms in ${dim} inputs`, 'heap', 'use a lower degree or a sparser truncation');
  if (count > MAX_TERMS) throw new InvalidArgumentError({ field: 'options.degree', value: p, expected: `a smaller basis (over ${MAX_TERMS} terms)` });
  const out: number[][] = [];
  const cur = Array<number>(dim).fill(0);
  const rec = (j: number, used: number): void => {
    if (j === dim) {
      out.push(cur.slice());
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


/** Most terms of a multi-index set (enumerating and sorting them takes seconds beyond). */
const MAX_TERMS = 5_000_000;
/** Distinct (input, budget used) pairs remembered while counting. */
const MEMO_MAX = 500_000;

/** Bytes of JavaScript heap one multi-index of `dim` entries takes in a set (array, elements, slot). */
export function multiIndexBytes(dim: number): number {
  return 64 + 8 * dim;
}

/** C(d + p, p), the size of the total-degree set of degree p in d inputs (a double; exact while below 2^53). */
export function totalDegreeCount(d: number, p: number): number {
  let c = 1;
  for (let i = 1; i <= p; i++) c = (c * (d + i)) / i;
  return Math.round(c);
}

/**
 * The number of multi-indices a with a_j <= caps[j] and sum_j add(j, a_j) <= budget, without
 * enumerating them; stops early (returning a number above `cap`) once the count exceeds
 * `cap`. `totalDegree`: the plain total-degree set, counted in closed form. Otherwise each
 * index is counted from its nonzero entries: the inputs sorted by the cost of degree 1, the
 * count of a remaining budget from input k on is 1 (all zeros) plus, for each input that can
 * be the next nonzero one and each degree of it, the count of what is left after it; inputs
 * too costly for the budget end the search. Counts of equal (input, budget) pairs are
 * remembered, which makes isotropic sets cheap to count.
 */
function countMultiIndices(caps: readonly number[], add: (j: number, a: number) => number, budget: number, totalDegree: boolean, cap: number): number {
  const d = caps.length;
  if (totalDegree) return totalDegreeCount(d, caps[0] ?? 0);
  const order = caps.map((_, j) => j).sort((x, y) => add(x, 1) - add(y, 1));
  const memo = new Map<number, number>();
  const count = (from: number, rem: number): number => {
    const key = from + (d + 1) * Math.round(rem * 1e9);
    const known = memo.get(key);
    if (known !== undefined) return known;
    let n = 1;
    search: for (let k = from; k < d; k++) {
      const j = order[k]!;
      if (caps[j]! >= 1 && add(j, 1) > rem) break; // and every later input costs more
      for (let a = 1; a <= caps[j]!; a++) {
        const c = add(j, a);
        if (c > rem) break;
        n += count(k + 1, rem - c);
        if (n > cap) break search;
      }
    }
    if (memo.size < MEMO_MAX) memo.set(key, n);
    return n;
  };
  return count(0, budget);
}
