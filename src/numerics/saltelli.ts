// Saltelli designs for variance-based sensitivity analysis: the sample matrices A and B and the
// cross matrices AB_j (A with column j from B) and BA_j (B with column j from A), whose model
// outputs `sobolIndices` (./sensitivity.ts) turns into Sobol' indices.
//
// References:
// [1] A. Saltelli, Making best use of model evaluations to compute sensitivity indices,
//     Comput. Phys. Commun. 145, 280-297 (2002) — the design with BA_j for second order.
// [2] A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola, Variance based
//     sensitivity analysis of model output. Design and estimator for the total sensitivity
//     index, Comput. Phys. Commun. 181, 259-270 (2010) — A and B from one quasi-random
//     sequence of 2d dimensions.
// [3] J. Herman and W. Usher, SALib: an open-source Python library for sensitivity analysis,
//     JOSS 2(9) (2017) — the 'salib' row order (SALib.sample.sobol.sample).
import { InvalidArgumentError } from '../core/errors.js';
import { checkMemory } from '../core/budget.js';
import { check, Status } from '../core/status.js';
import { integer, knownKeys, oneOf, options, randomSeed, seed as seedOf, seedHalves } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { warn } from '../core/warnings.js';
import { distribution, toPhysical, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { matrix, type Matrix } from './matrix.js';
import { SobolSequence, SOBOL_MAX_DIM, type SobolScramble } from './sobol.js';

/**
 * Row order of a Saltelli design (n base rows, d inputs):
 * - `'block'` (uqkit's): the blocks one after another, n rows each:
 *   [A; B; AB_1; ...; AB_d] and, with second order, then [BA_1; ...; BA_d].
 * - `'salib'`: for each base row i in turn: A_i, AB_1,i .. AB_d,i, (BA_1,i .. BA_d,i), B_i —
 *   the order of SALib's `sobol.sample` / `saltelli.sample` and expected by its
 *   `sobol.analyze`, so that samples made by SALib can be analysed as they are.
 */
export type SaltelliLayout = 'block' | 'salib';
/** Every {@link SaltelliLayout}. */
export const SALTELLI_LAYOUTS: readonly SaltelliLayout[] = ['block', 'salib'];

/**
 * Options of {@link saltelliDesign}: second order, where the points come from, the seed and the row layout.
 */
export interface SaltelliDesignOptions {
  /** Also make the BA_j blocks, for second-order indices: n(2d + 2) rows instead of n(d + 2). Default false (SALib's default is true). */
  readonly secondOrder?: boolean;
  /**
   * Where the points come from. `'sobol'` (default): A and B are the first and last d columns
   * of one Sobol' sequence of 2d dimensions [2]. `'random'`: independent uniform numbers from
   * uqkit's counter-based generator (plain Monte Carlo; value j of base row i is number
   * 2d·i + j of the seed's stream), each in the open interval (0, 1).
   */
  readonly sampler?: 'sobol' | 'random';
  /**
   * Randomisation of the Sobol' sequence (ignored by `'random'`). Default `'owen'` (nested
   * uniform scrambling: unbiased estimates, replicable with new seeds for error bars);
   * `'lms'` (linear matrix scrambling + digital shift, scipy's and SALib's default);
   * `false`: the plain sequence, whose point 0 is the origin (see `skip`).
   */
  readonly scramble?: SobolScramble;
  /**
   * Seed of the scramble or of the random sampler: an integer 0..2^53-1 or a bigint below
   * 2^64. Default: a fresh random seed, reported as `design.seed` so the design can be made
   * again. Unused (and `design.seed` undefined) for the plain Sobol' sequence.
   */
  readonly seed?: number | bigint;
  /**
   * Sobol' points to skip before the first base row. Default 0 when scrambled; for the plain
   * sequence, n rounded up to a power of two, so that the origin (which maps to -Infinity for
   * unbounded distributions) is never used and the rows used stay a balanced block of the
   * sequence. SALib's `sobol.sample(problem, N, scramble=False, skip_values=M)` is
   * `{ scramble: false, skip: M, layout: 'salib' }` here (up to the rounding of the scaling).
   */
  readonly skip?: number;
  /** Row order; default `'block'`. */
  readonly layout?: SaltelliLayout;
  /**
   * Sobol' points keep their balance (net) properties only for n a power of two, which
   * SALib requires. For other n: `'warn'` (default; a process warning, or console.warn),
   * `'error'`, or `'ignore'`. Not checked for the random sampler.
   */
  readonly balance?: 'warn' | 'error' | 'ignore';
  /**
   * Groups of inputs (SALib's `groups`): `groups[j]` is the group (0, 1, ... G - 1, each used)
   * of input j. Each group then has one AB block (A with the group's columns from B) and one
   * BA block, so that the design has n(G + 2) rows (n(2G + 2) with second order) and
   * `sobolIndices` gives one index per group. Default: every input its own group.
   */
  readonly groups?: readonly number[];
}

/** A Saltelli design: the points to evaluate the model at, and how they are arranged. */
export interface SaltelliDesign {
  /** The points, one per row, d columns in physical space: n(d + 2) rows, or n(2d + 2) with second order. */
  readonly X: Matrix;
  /** Number of base rows (rows of A and of B). */
  readonly n: number;
  /** Number of inputs d (the columns of X). */
  readonly dim: number;
  /** The group of each input (as in the options), or undefined when each input is its own group. */
  readonly groups: readonly number[] | undefined;
  /** Number of groups G: the AB blocks per base row (d without groups). */
  readonly groupCount: number;
  /** The order of the rows (see {@link SaltelliLayout}). */
  readonly layout: SaltelliLayout;
  /** Whether the BA_j blocks (for second-order indices) are there. */
  readonly secondOrder: boolean;
  /** Where the points came from: a Sobol' sequence or the random generator. */
  readonly sampler: 'sobol' | 'random';
  /** The Sobol' scramble (false for the plain sequence; undefined for the random sampler). */
  readonly scramble: SobolScramble | undefined;
  /** The seed used (undefined for the plain Sobol' sequence). */
  readonly seed: bigint | undefined;
  /** Sobol' points skipped before the first base row (0 for the random sampler). */
  readonly skip: number;
  /** The input distributions, one per column. */
  readonly dists: readonly Distribution[];
}

const KEYS = ['secondOrder', 'sampler', 'scramble', 'seed', 'skip', 'layout', 'balance', 'groups'] as const;

/** Validates `groups` for d inputs: integers 0..G-1, each used; returns G. */
function groupCountOf(groups: unknown, d: number): number {
  const bad = (expected: string): never => {
    throw new InvalidArgumentError({ field: 'options.groups', value: groups, expected });
  };
  if (!Array.isArray(groups) || groups.length !== d) return bad(`an array of ${d} group numbers, one per input`);
  let g = 0;
  for (const x of groups) if (!Number.isInteger(x) || x < 0 || x >= d) bad(`integers from 0 to ${d - 1}`);
  for (const x of groups) g = Math.max(g, (x as number) + 1);
  for (let k = 0; k < g; k++) if (!groups.includes(k)) bad(`groups numbered 0 to G - 1, each used (group ${k} has no input)`);
  return g;
}

/** Number of rows of a Saltelli design (or of its outputs): n(d + 2), or n(2d + 2) with second order. */
export function saltelliRows(n: number, dim: number, secondOrder = false): number {
  integer('n', n, 0);
  integer('dim', dim, 1);
  if (typeof secondOrder !== 'boolean') throw new InvalidArgumentError({ field: 'secondOrder', value: secondOrder, expected: 'true or false' });
  return n * (secondOrder ? 2 * dim + 2 : dim + 2);
}

/**
 * Bytes a Saltelli design of n base rows over `dim` inputs holds at its peak: the unit points
 * (n x 2d), A and B in physical space, and the design's rows.
 */
export function saltelliBytes(n: number, dim: number, secondOrder = false): number {
  return 8 * (2 * n * dim + 2 * n * dim + saltelliRows(n, dim, secondOrder) * dim);
}

/**
 * The position of block `block` of base row `i` in a design's rows. Blocks are numbered as in
 * the 'block' layout: 0 = A, 1 = B, 2 + j = AB_j (j = 0..d-1), 2 + d + j = BA_j.
 */
export function saltelliRow(layout: SaltelliLayout, n: number, dim: number, secondOrder: boolean, block: number, i: number): number {
  oneOf('layout', layout, ['block', 'salib']);
  integer('n', n, 0);
  integer('dim', dim, 1);
  integer('block', block, 0, secondOrder ? 2 * dim + 1 : dim + 1);
  integer('i', i, 0);
  if (typeof secondOrder !== 'boolean') throw new InvalidArgumentError({ field: 'secondOrder', value: secondOrder, expected: 'true or false' });
  if (layout === 'block') return block * n + i;
  const step = secondOrder ? 2 * dim + 2 : dim + 2;
  const pos = block === 0 ? 0 : block === 1 ? step - 1 : block - 1; // AB_j at 1 + j, BA_j at 1 + d + j
  return i * step + pos;
}

/**
 * A Saltelli design of `n` base rows for the inputs `dists` (Distribution objects or specs
 * such as `{ dist: 'uniform', low: -Math.PI, high: Math.PI }`): evaluate the model at every
 * row of `design.X` and pass the outputs to `sobolIndices(Y, { design })`.
 *
 * ```ts
 * const design = saltelliDesign([U, U, U], 2 ** 14, { seed: 1 });
 * const Y = model(design.X);                  // 5 * 2^14 outputs
 * const { first, total } = sobolIndices(Y, { design, bootstrap: { resamples: 1000 } });
 * ```
 *
 * @throws InvalidArgumentError for a bad distribution, n, option, or (with balance 'error')
 *   an n that is not a power of two
 *
 * @example
 * ```js
 * import { saltelliDesign, sobolIndices } from 'uqkit';
 *
 * // Ishigami: S = [0.314, 0.442, 0], ST = [0.558, 0.442, 0.244]
 * const U = { dist: 'uniform', low: -Math.PI, high: Math.PI };
 * const design = saltelliDesign([U, U, U], 2 ** 12, { seed: 1 }); // 5 * 4096 rows
 * const { data, rows, cols } = design.X;
 * const Y = new Float64Array(rows);
 * for (let i = 0; i < rows; i++) {
 *   const [x1, x2, x3] = data.subarray(i * cols, (i + 1) * cols);
 *   Y[i] = Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
 * }
 * const r = sobolIndices(Y, { design, bootstrap: { resamples: 200, seed: 1 } });
 * console.log(r.first, r.total); // ≈ [0.314, 0.445, -0.0001], ≈ [0.558, 0.442, 0.244]
 * ```
 */
export function saltelliDesign(dists: readonly (Distribution | DistributionSpec)[], n: number, opts?: SaltelliDesignOptions): SaltelliDesign {
  const o = options<SaltelliDesignOptions>('options', opts);
  knownKeys('options', o, KEYS);
  if (!Array.isArray(dists) || dists.length === 0) {
    throw new InvalidArgumentError({ field: 'dists', value: dists, expected: 'a non-empty array of distributions (or distribution specs), one per input' });
  }
  const ds = dists.map((spec, j) => distribution(spec, `dists[${j}]`));
  const d = ds.length;
  const groups = o.groups === undefined ? undefined : Object.freeze(Array.from(o.groups));
  const g = groups === undefined ? d : groupCountOf(groups, d);
  if (groups !== undefined && o.secondOrder === true && g < 2) throw new InvalidArgumentError({ field: 'options.groups', value: groups, expected: 'at least 2 groups for second order' });
  const sampler = o.sampler === undefined ? 'sobol' : oneOf('options.sampler', o.sampler, ['sobol', 'random'] as const);
  if (sampler === 'sobol' && 2 * d > SOBOL_MAX_DIM) {
    throw new InvalidArgumentError({ field: 'dists', value: dists, expected: `at most ${SOBOL_MAX_DIM >> 1} inputs (A and B take 2d Sobol' dimensions, of ${SOBOL_MAX_DIM})`, hint: "or use sampler: 'random'" });
  }
  const secondOrder = o.secondOrder === undefined ? false : oneOf('options.secondOrder', o.secondOrder, [true, false]);
  const layout = o.layout === undefined ? 'block' : oneOf('options.layout', o.layout, SALTELLI_LAYOUTS);
  const balance = o.balance === undefined ? 'warn' : oneOf('options.balance', o.balance, ['warn', 'error', 'ignore'] as const);
  const rowsPer = secondOrder ? 2 * g + 2 : g + 2;
  integer('n', n, 1, Math.floor(2 ** 31 / rowsPer), `the design has n * ${rowsPer} rows`);
  checkMemory('n', n, 8 * (4 * n * d + n * rowsPer * d), `a Saltelli design of ${n} base rows x ${rowsPer} blocks x ${d} inputs`);
  if (n * rowsPer * d > 2 ** 30) {
    throw new InvalidArgumentError({ field: 'n', value: n, expected: `a design of at most 2^30 values (n * ${rowsPer} rows * ${d} columns)`, hint: 'make the design in parts, or use fewer base rows' });
  }

  let scramble: SobolScramble | undefined;
  let seed: bigint | undefined;
  let skip = 0;
  let unit: Float64Array; // n x 2d in (0, 1) or [0, 1)
  if (sampler === 'sobol') {
    scramble = o.scramble === undefined ? 'owen' : oneOf<SobolScramble>('options.scramble', o.scramble, [false, 'lms', 'owen']);
    seed = scramble === false ? undefined : o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed);
    if (o.seed !== undefined && scramble === false) seedOf('options.seed', o.seed);
    skip = o.skip === undefined ? (scramble === false ? 2 ** Math.ceil(Math.log2(n)) : 0) : integer('options.skip', o.skip, 0, 2 ** 30 - n, `the sequence holds 2^30 points and n = ${n} are drawn after the skipped ones`);
    if (balance !== 'ignore' && (n & (n - 1)) !== 0) {
      const message = `Saltelli designs from Sobol' points keep their balance properties only when n is a power of 2 (as SALib requires); got n = ${n} (next powers: ${2 ** Math.floor(Math.log2(n))} or ${2 ** Math.ceil(Math.log2(n))})`;
      if (balance === 'error') throw new InvalidArgumentError({ field: 'n', value: n, expected: 'a power of 2', hint: message + "; or pass balance: 'warn' or 'ignore'" });
      warn('UQKIT_SALTELLI_BALANCE', message + ". Pass { balance: 'ignore' } to silence this.");
    }
    const seq = new SobolSequence(2 * d, { scramble, ...(seed === undefined ? {} : { seed }), balance: 'ignore' });
    if (skip > 0) seq.skip(skip);
    unit = seq.next(n).data;
  } else {
    if (o.scramble !== undefined) oneOf<SobolScramble>('options.scramble', o.scramble, [false, 'lms', 'owen']);
    if (o.skip !== undefined) throw new InvalidArgumentError({ field: 'options.skip', value: o.skip, expected: "no skip with sampler: 'random'" });
    seed = o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed);
    unit = randomUnit(n * 2 * d, seed);
  }

  // A and B in physical space (2nd inverse cdf evaluations), then every block by copying.
  const A = new Float64Array(n * d), B = new Float64Array(n * d);
  for (let i = 0, u = 0, k = 0; i < n; i++) {
    for (let j = 0; j < d; j++) A[k + j] = unit[u + j]!;
    for (let j = 0; j < d; j++) B[k + j] = unit[u + d + j]!;
    u += 2 * d;
    k += d;
  }
  toPhysical(ds, matrix(A, n, d), matrix(A, n, d));
  toPhysical(ds, matrix(B, n, d), matrix(B, n, d));
  const rows = n * rowsPer;
  const X = new Float64Array(rows * d);
  if (groups !== undefined) {
    groupedBlocks(X, A, B, n, d, groups, g, secondOrder, layout);
  } else if (layout === 'block') {
    // Whole blocks by copying A or B, then the swapped column.
    X.set(A, 0);
    X.set(B, n * d);
    for (let j = 0; j < d; j++) {
      const off = (2 + j) * n * d;
      X.set(A, off);
      for (let i = 0, k = j; i < n; i++, k += d) X[off + k] = B[k]!;
      if (secondOrder) {
        const offBA = (2 + d + j) * n * d;
        X.set(B, offBA);
        for (let i = 0, k = j; i < n; i++, k += d) X[offBA + k] = A[k]!;
      }
    }
  } else {
    // Per base row: A, AB_1..AB_d, (BA_1..BA_d), B.
    for (let i = 0, r = 0, s = 0; i < n; i++, s += d) {
      for (let j = 0; j < d; j++) X[r + j] = A[s + j]!;
      r += d;
      for (let b = 0; b < d; b++, r += d) {
        for (let j = 0; j < d; j++) X[r + j] = A[s + j]!;
        X[r + b] = B[s + b]!;
      }
      if (secondOrder) {
        for (let b = 0; b < d; b++, r += d) {
          for (let j = 0; j < d; j++) X[r + j] = B[s + j]!;
          X[r + b] = A[s + b]!;
        }
      }
      for (let j = 0; j < d; j++) X[r + j] = B[s + j]!;
      r += d;
    }
  }
  return { X: matrix(X, rows, d), n, dim: d, groups, groupCount: g, layout, secondOrder, sampler, scramble, seed, skip, dists: Object.freeze(ds.slice()) };
}

/**
 * The rows of a grouped design into X: block AB_k is A with the columns of group k from B,
 * BA_k is B with them from A; rows placed as `saltelliRow` says for G blocks.
 */
function groupedBlocks(X: Float64Array, A: Float64Array, B: Float64Array, n: number, d: number, groups: readonly number[], g: number, secondOrder: boolean, layout: SaltelliLayout): void {
  const put = (block: number, i: number, from: Float64Array, other: Float64Array | undefined, k: number) => {
    const r = saltelliRow(layout, n, g, secondOrder, block, i) * d, s = i * d;
    for (let j = 0; j < d; j++) X[r + j] = other !== undefined && groups[j] === k ? other[s + j]! : from[s + j]!;
  };
  for (let i = 0; i < n; i++) {
    put(0, i, A, undefined, -1);
    put(1, i, B, undefined, -1);
    for (let k = 0; k < g; k++) {
      put(2 + k, i, A, B, k);
      if (secondOrder) put(2 + g + k, i, B, A, k);
    }
  }
}

/** count uniform numbers in (0, 1), numbers 0..count-1 of stream 0 of `seed` (WebAssembly). */
function randomUnit(count: number, seed: bigint): Float64Array {
  const { exports: k, arena } = core();
  const [lo, hi] = seedHalves(seed);
  const out = new Float64Array(count);
  const block = 1 << 16;
  arena.scope((a) => {
    const p = a.alloc(8 * Math.min(block, count));
    for (let done = 0; done < count; done += block) {
      const m = Math.min(block, count - done);
      check('randomUniform', k.randomUniform(m, lo, hi, 0, done, p), { [Status.SIZE]: { field: 'n', value: count, expected: 'a smaller design' } });
      out.set(a.f64(p, m), done);
    }
  });
  return out;
}
