// Rank-1 lattice rules: the n points x_k = frac(k z / n), k = 0..n-1, of a generating vector z
// of integers [1, 2]. With z_j coprime to n, each coordinate takes every value m / n once (the
// one-dimensional projections are equispaced); how well the points fill the cube depends on z.
// For smooth periodic integrands the error of a good rule falls like n^-alpha (log n)^(d alpha)
// with alpha the smoothness (Korobov spaces); non-periodic ones lose this unless periodised.
//
// Order. 'natural' gives the points k = 0..n-1 of the n-point rule. 'radical-inverse' (the
// default) gives an extensible sequence: point k is frac(phi_2(k) z), phi_2 the base-2 radical
// inverse, so that the first 2^m points are exactly the 2^m-point lattice for every m, and a
// sample can grow by doubling [3]. The default vector is Cools, Kuo & Nuyens's embedded vector
// for 2^10..2^20 points and up to 250 dimensions (./lattice-vector.data.ts, [3]); its points
// are computed in integers, (bitreverse_20(k) z_j mod 2^20) / 2^20, so they are exact.
//
// Randomisation: a random shift (Cranley & Patterson [4]), x -> frac(x + Delta), Delta uniform
// on the cube from the seed; shifted rules are unbiased and independent shifts give an error
// estimate.
//
// [1] I. H. Sloan and S. Joe, Lattice Methods for Multiple Integration, Oxford (1994).
// [2] D. Nuyens and R. Cools, Fast algorithms for component-by-component construction of
//     rank-1 lattice rules in shift-invariant reproducing kernel Hilbert spaces, Math. Comp.
//     75, 903-920 (2006).
// [3] R. Cools, F. Y. Kuo and D. Nuyens, Constructing embedded lattice rules for multivariate
//     integration, SIAM J. Sci. Comput. 28(6), 2162-2188 (2006).
// [4] R. Cranley and T. N. L. Patterson, Randomization of number theoretic methods for multiple
//     integration, SIAM J. Numer. Anal. 13, 904-914 (1976).
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsOf, randomSeed, seed as seedOf } from '../core/validate.js';
import { CKN_VECTOR } from './lattice-vector.data.js';
import { matrix, type Matrix } from './matrix.js';
import { uniformRows } from './random.js';

/** Options of {@link lattice}. */
export interface LatticeOptions {
  /**
   * `'radical-inverse'` (default): the extensible sequence frac(phi_2(k) z), k = skip, skip+1,
   * ..., whose first 2^m points form the 2^m-point rule; `'natural'`: the n points
   * frac(k z / n), k = 0..n-1, of the n-point rule.
   */
  readonly order?: 'radical-inverse' | 'natural';
  /**
   * The generating vector, one positive integer below 2^32 per dimension (at least `dim`).
   * Default: Cools, Kuo & Nuyens's embedded vector ({@link LATTICE_DEFAULT_VECTOR}).
   */
  readonly generatingVector?: readonly number[];
  /** Add a random shift modulo 1 (Cranley–Patterson), drawn from `seed`. Default false. */
  readonly shift?: boolean;
  /** Seed of the shift: an integer 0..2^53-1 or a bigint below 2^64. Default: a fresh one. */
  readonly seed?: number | bigint;
  /** 'radical-inverse' only: points skipped before the first one returned. Default 0. */
  readonly skip?: number;
}

/** Cools, Kuo & Nuyens's (2006) embedded generating vector: 250 dimensions, up to 2^20 points in base 2. */
export const LATTICE_DEFAULT_VECTOR: readonly number[] = CKN_VECTOR;
/** Most points of a lattice sequence in radical-inverse order (skip + n), 2^20. */
export const LATTICE_MAX_POINTS = 2 ** 20;
/** Most points of an n-point rule in natural order, 2^26. */
const NATURAL_MAX_POINTS = 2 ** 26;

/** Bits of k < 2^20 in reverse order: phi_2(k) 2^20. */
function reverse20(k: number): number {
  let r = 0;
  for (let b = 0; b < 20; b++) r = (r << 1) | ((k >>> b) & 1);
  return r;
}

/**
 * `n` points of a `dim`-dimensional rank-1 lattice rule as an n x dim Matrix: by default the
 * extensible sequence of Cools, Kuo & Nuyens's embedded rule in radical-inverse order (see
 * LatticeOptions), unshifted (the first point is the origin).
 *
 * @example
 * ```js
 * import { lattice } from 'uqkit';
 *
 * const { data } = lattice(4, 2, { order: 'natural', generatingVector: [1, 3] });
 * console.log(data); // Float64Array [0, 0, 0.25, 0.75, 0.5, 0.5, 0.75, 0.25]
 * ```
 *
 * @throws {@link InvalidArgumentError} for `n` < 0, a `dim` beyond the generating vector,
 *   skip + n beyond {@link LATTICE_MAX_POINTS} in radical-inverse order (2^26 points in
 *   natural order), a bad generating vector or an unknown option.
 */
export function lattice(n: number, dim: number, opts?: LatticeOptions): Matrix {
  const o = optionsOf<LatticeOptions>('options', opts);
  knownKeys('options', o, ['order', 'generatingVector', 'shift', 'seed', 'skip']);
  const order = oneOf('options.order', o.order ?? 'radical-inverse', ['radical-inverse', 'natural'] as const);
  const z = o.generatingVector ?? LATTICE_DEFAULT_VECTOR;
  if (!Array.isArray(z) || z.length === 0) throw new InvalidArgumentError({ field: 'options.generatingVector', value: z, expected: 'an array of positive integers, one per dimension' });
  z.forEach((v, j) => integer(`options.generatingVector[${j}]`, v, 1, 2 ** 32 - 1));
  integer('dim', dim, 1, z.length, o.generatingVector === undefined ? `the default generating vector has ${z.length} components; pass options.generatingVector for more` : undefined);
  const shift = oneOf('options.shift', o.shift ?? false, [true, false]);
  const seed = o.seed === undefined ? undefined : seedOf('options.seed', o.seed);
  const out = new Float64Array(integer('n', n, 0, order === 'natural' ? NATURAL_MAX_POINTS : LATTICE_MAX_POINTS) * dim);
  if (order === 'natural') {
    if (o.skip !== undefined) throw new InvalidArgumentError({ field: 'options.skip', value: o.skip, expected: "no skip in 'natural' order (the n points are one rule)" });
    for (let j = 0; j < dim; j++) {
      const zj = n === 0 ? 0 : z[j]! % n;
      // k zj < n^2 <= 2^52: exact.
      for (let k = 0; k < n; k++) out[k * dim + j] = ((k * zj) % n) / n;
    }
  } else {
    const skip = integer('options.skip', o.skip ?? 0, 0, LATTICE_MAX_POINTS);
    if (skip + n > LATTICE_MAX_POINTS) {
      throw new InvalidArgumentError({ field: 'n', value: n, expected: `skip + n at most ${LATTICE_MAX_POINTS} (2^20) points of a lattice sequence; ${skip} are skipped` });
    }
    for (let k = 0; k < n; k++) {
      const r = reverse20(skip + k);
      // r (zj mod 2^20) < 2^40: exact in a double, and so is the remainder.
      for (let j = 0; j < dim; j++) out[k * dim + j] = ((r * (z[j]! % LATTICE_MAX_POINTS)) % LATTICE_MAX_POINTS) / LATTICE_MAX_POINTS;
    }
  }
  if (shift && n > 0) {
    const delta = uniformRows(dim, seed ?? randomSeed(), 0, 1).data;
    for (let i = 0; i < out.length; i++) {
      const x = out[i]! + delta[i % dim]!;
      out[i] = x >= 1 ? x - 1 : x;
    }
  }
  return matrix(out, n, dim);
}
