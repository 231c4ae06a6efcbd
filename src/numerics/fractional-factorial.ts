// Two-level fractional factorial screening, as SALib's `ff` sampler and analyzer: a
// Sylvester-Hadamard design with its fold-over, padded with dummy inputs to a power of two,
// and main effects (and two-way interaction effects) from the outputs at its rows.
//
// References:
// [1] A. Saltelli, M. Ratto, T. Andres, F. Campolongo, J. Cariboni, D. Gatelli, M. Saisana,
//     S. Tarantola, Global Sensitivity Analysis: The Primer, Wiley (2008), ch. 2 — two-level
//     designs, the fold-over, main and interaction effects.
// [2] J. J. Sylvester, Thoughts on inverse orthogonal matrices, Phil. Mag. 34, 461-475 (1867)
//     — H_2k = [[H_k, H_k], [H_k, -H_k]], so that H[i][j] = (-1)^popcount(i & j).
//
// The effects are computed with the fast Walsh-Hadamard transform in O(k log k): column j of
// H is the Walsh function j, and the product of columns a and b is column a XOR b.
import { InvalidArgumentError, NonFiniteOutputError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options } from '../core/validate.js';
import { toPhysical, Uniform } from '../distributions/index.js';
import { screeningInputs, type ScreeningInput } from './screening-inputs.js';
import { matrix, type Matrix } from './matrix.js';

/** The number of columns k of a fractional factorial design for d inputs: the smallest power of two >= d (SALib's). */
export function ffColumns(d: number): number {
  integer('d', d, 1, 2 ** 24);
  let k = 1;
  while (k < d) k *= 2;
  return k;
}

/** Names of the k columns: the inputs' names, then dummy_0, dummy_1, ... (SALib's). */
export function ffNames(names: readonly string[]): string[] {
  const k = ffColumns(names.length);
  return [...names, ...Array.from({ length: k - names.length }, (_, i) => `dummy_${i}`)];
}

/** A fractional factorial design: 2k rows (H then -H, as 0/1 levels mapped to each input's bounds), k columns. */
export interface FFSample {
  /** The points: 2k rows, k columns (the d inputs, then k - d dummy inputs on [0, 1]). */
  readonly X: Matrix;
  /** The design in ±1: row i < k is row i of H, row k + i its negative. */
  readonly contrast: Matrix;
  /** Number of columns k (a power of two). */
  readonly columns: number;
  /** Number of dummy inputs added, k - d. */
  readonly dummies: number;
}

/**
 * SALib's fractional factorial design for the inputs `dists` (Distribution objects, specs or
 * bounds [low, high]; bounded: each input takes its lowest and highest value): the Sylvester-Hadamard matrix H of
 * order k (the smallest power of two >= d) and its fold-over -H, rows of ±1 mapped to the
 * bounds (-1: lower, +1: upper); the k - d columns beyond the inputs are dummy inputs on
 * [0, 1], whose effects should come out zero. No randomness.
 *
 * @throws InvalidArgumentError for an unbounded distribution
 */
export function ffSample(dists: readonly ScreeningInput[]): FFSample {
  const ds = screeningInputs(dists);
  ds.forEach((dist, j) => {
    if (!Number.isFinite(dist.support[0]) || !Number.isFinite(dist.support[1])) {
      throw new InvalidArgumentError({ field: `dists[${j}]`, value: dist.kind, expected: 'a bounded distribution (a two-level design takes the lower and upper bounds)' });
    }
  });
  const d = ds.length;
  const k = ffColumns(d);
  integer('d', d, 1, 2 ** 12, 'the design has 2k x k values, k the power of two >= d');
  const all = [...ds, ...Array.from({ length: k - d }, () => new Uniform(0, 1))];
  const c = new Float64Array(2 * k * k), u = new Float64Array(2 * k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    const h = popcount(i & j) & 1 ? -1 : 1;
    c[i * k + j] = h;
    c[(k + i) * k + j] = -h;
    u[i * k + j] = (h + 1) / 2;
    u[(k + i) * k + j] = (1 - h) / 2;
  }
  return { X: toPhysical(all, matrix(u, 2 * k, k)), contrast: matrix(c, 2 * k, k), columns: k, dummies: k - d };
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** In-place unnormalised fast Walsh-Hadamard transform (length a power of two): v <- H v. */
function wht(v: Float64Array): void {
  for (let h = 1; h < v.length; h *= 2) {
    for (let i = 0; i < v.length; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const a = v[j]!, b = v[j + h]!;
        v[j] = a + b;
        v[j + h] = a - b;
      }
    }
  }
}

/** Options of `ffAnalyze`. */
export interface FFAnalyzeOptions {
  /** Names of the d inputs (default x1, x2, ...); dummies are named dummy_0, dummy_1, ... */
  readonly names?: readonly string[];
  /** Number of inputs d, if `names` is not given (default: k, no dummies). */
  readonly dim?: number;
  /** Also the two-way interaction effects `IE`. Default false (SALib's analyze; its CLI defaults to --max-order 2). */
  readonly secondOrder?: boolean;
}

/** Effects of a fractional factorial design, with SALib's field names. */
export interface FFResult {
  /** The k column names: the inputs', then the dummies'. */
  readonly names: readonly string[];
  /** Main effect of each column: (1 / 2k) sum_i y_i c_ij (half the difference of the mean outputs at its high and low level). */
  readonly ME: Float64Array;
  /** With secondOrder: the pairs (names[a], names[b]), a < b, in SALib's order (b = 1..k-1, then a = 0..b-1). */
  readonly interaction_names?: readonly (readonly [string, string])[];
  /** With secondOrder: the interaction effect of each pair, (1 / 2k) sum_i y_i c_ia c_ib. */
  readonly IE?: Float64Array;
}

/**
 * Main effects (and, with secondOrder, two-way interaction effects) from the outputs Y at
 * the 2k rows of an `ffSample` design, as SALib's `ff.analyze` (which also reads the design
 * from its size alone). Effects of dummy columns different from zero point to a problem with
 * the model runs (or to interactions aliased with them).
 *
 * @throws ShapeError when Y does not have 2k outputs; NonFiniteOutputError for NaN or infinite outputs
 */
export function ffAnalyze(Y: ArrayLike<number>, opts?: FFAnalyzeOptions): FFResult {
  const o = options<FFAnalyzeOptions>('options', opts);
  knownKeys('options', o, ['names', 'dim', 'secondOrder']);
  const y = Y instanceof Float64Array ? Y : Float64Array.from(Y as ArrayLike<number>);
  let d: number;
  if (o.names !== undefined) {
    if (!Array.isArray(o.names) || o.names.length === 0 || !o.names.every((n) => typeof n === 'string')) throw new InvalidArgumentError({ field: 'options.names', value: o.names, expected: 'a non-empty array of strings' });
    d = o.names.length;
    if (o.dim !== undefined && o.dim !== d) throw new ShapeError({ field: 'options.dim', value: o.dim, expected: `the number of names (${d})` });
  } else d = o.dim === undefined ? Math.max(1, y.length >> 1) : integer('options.dim', o.dim, 1);
  const k = ffColumns(d);
  if (y.length !== 2 * k) throw new ShapeError({ field: 'Y', value: Y, expected: `2k = ${2 * k} outputs (k = ${k} columns for ${d} inputs)` });
  const bad: number[] = [];
  y.forEach((v, i) => { if (!Number.isFinite(v)) bad.push(i); });
  if (bad.length) throw new NonFiniteOutputError({ field: `Y[${bad[0]}]`, value: y[bad[0]!], expected: `finite outputs (${bad.length} NaN or infinite)` }, bad, 0);
  const second = o.secondOrder === undefined ? false : oneOf('options.secondOrder', o.secondOrder, [true, false]);
  const names = ffNames(o.names ?? Array.from({ length: d }, (_, j) => `x${j + 1}`));
  const diff = new Float64Array(k), sum = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    diff[i] = y[i]! - y[k + i]!;
    sum[i] = y[i]! + y[k + i]!;
  }
  wht(diff);
  const scale = 1 / (2 * k);
  const ME = diff.map((v) => v * scale);
  if (!second) return { names, ME };
  wht(sum);
  const pairs: [string, string][] = [];
  const IE = new Float64Array((k * (k - 1)) / 2);
  let n = 0;
  for (let b = 0; b < k; b++) for (let a = 0; a < b; a++) {
    pairs.push([names[a]!, names[b]!]);
    IE[n++] = sum[a ^ b]! * scale;
  }
  return { names, ME, interaction_names: pairs, IE };
}
