// Dependent inputs through a Gaussian copula (the Nataf transform): each input keeps its own
// marginal distribution, and their dependence is that of a multivariate normal vector Z with
// correlation matrix R. A point u of the unit cube (independent uniforms, from any sampler)
// becomes z = L Phi^-1(u) with R = L L^T, then x_j = F_j^-1(Phi(z_j)). The inverse takes x back
// to independent standard normals: the Rosenblatt transform of the copula.
//
// R is the correlation of the normal scores Z. Spearman's rank correlation rho_S and Kendall's
// tau of the inputs map onto it exactly for a Gaussian copula: R = 2 sin(pi rho_S / 6) and
// R = sin(pi tau / 2), whatever the marginals (Kruskal 1958); Pearson's correlation of X
// depends on the marginals and is not what R holds.
//
// [1] A. Nataf, Détermination des distributions de probabilité dont les marges sont données,
//     C. R. Acad. Sci. Paris 255, 42-43 (1962).
// [2] R. Lebrun and A. Dutfoy, An innovating analysis of the Nataf transformation from the
//     copula viewpoint, Probab. Eng. Mech. 24, 312-320 (2009).
// [3] W. H. Kruskal, Ordinal measures of association, J. Am. Stat. Assoc. 53, 814-861 (1958).
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { sinpi } from '../core/detmath.js';
import { ndtr, ndtri } from '../distributions/special.js';
import type { Distribution } from '../distributions/distribution.js';
import { matrix, type Matrix } from './matrix.js';

/** What a correlation given to {@link GaussianCopula} measures. */
export type CorrelationKind = 'normal' | 'spearman' | 'kendall';

/** Options of {@link GaussianCopula}. */
export interface GaussianCopulaOptions {
  /**
   * What the matrix holds: `'normal'` (default) the correlation of the normal scores;
   * `'spearman'` rank correlations of the inputs; `'kendall'` Kendall's tau of the inputs.
   */
  readonly kind?: CorrelationKind;
}

/** A square matrix given as rows, a flat array, or a Matrix, as d*d numbers in row order. */
function squareOf(field: string, value: unknown, d: number): Float64Array {
  let flat: number[];
  if (value !== null && typeof value === 'object' && 'data' in (value as object) && 'rows' in (value as object)) {
    const m = value as Matrix;
    if (m.rows !== d || m.cols !== d) throw new ShapeError({ field, value: `${m.rows}x${m.cols}`, expected: `a ${d}x${d} matrix, one row and column per input` });
    flat = Array.from(m.data);
  } else if (Array.isArray(value) && value.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) {
    const rows = value as ArrayLike<number>[];
    if (rows.length !== d || rows.some((r) => r.length !== d)) throw new ShapeError({ field, value: `${rows.length} rows`, expected: `${d} rows of ${d} numbers, one row and column per input` });
    flat = rows.flatMap((r) => Array.from(r));
  } else {
    throw new InvalidArgumentError({ field, value, expected: `a ${d}x${d} correlation matrix (an array of rows)` });
  }
  flat.forEach((x, k) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidArgumentError({ field: `${field}[${Math.floor(k / d)}][${k % d}]`, value: x, expected: 'a finite number' });
  });
  return Float64Array.from(flat);
}

/**
 * The lower Cholesky factor of a symmetric matrix, or the first k at which the leading k x k
 * block is not positive definite (its pivot not above `floor`: 1e-12 by default, for
 * correlation matrices; 0 for a covariance of any scale).
 */
export function choleskyLower(a: ArrayLike<number>, d: number, floor = 1e-12): { L: Float64Array } | { failsAt: number } {
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! ** 2;
    if (!(s > floor)) return { failsAt: j + 1 };
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / ljj;
    }
  }
  return { L };
}

/**
 * Dependent inputs: marginal distributions joined by a Gaussian copula with a correlation
 * matrix (see the top of this file).
 *
 * @example
 * ```ts
 * const copula = new GaussianCopula([new Uniform(0, 1), new Normal(0, 2)], [[1, 0.7], [0.7, 1]]);
 * const X = copula.transform(sobol(1024, 2, { scramble: 'owen', seed: 1 }));
 * ```
 */
export class GaussianCopula {
  /** The number of inputs. */
  readonly dim: number;
  /** The marginal distributions. */
  readonly marginals: readonly Distribution[];
  /** The correlation matrix of the normal scores, d x d. */
  readonly correlation: Matrix;
  /** Its lower Cholesky factor L (R = L L^T), d x d. */
  readonly cholesky: Matrix;

  /**
   * @param marginals one distribution per input
   * @param correlation a d x d symmetric matrix with unit diagonal, entries in [-1, 1]:
   *   rows (arrays) or a Matrix; what it measures is `options.kind`
   * @throws InvalidArgumentError for a matrix that is not symmetric, has a diagonal other than 1
   *   or entries outside [-1, 1], or is not positive definite (naming the first leading block
   *   that is not); ShapeError for a matrix of the wrong size
   */
  constructor(marginals: readonly Distribution[], correlation: ArrayLike<ArrayLike<number>> | Matrix, options: GaussianCopulaOptions = {}) {
    if (!Array.isArray(marginals) || marginals.length === 0) throw new InvalidArgumentError({ field: 'marginals', value: marginals, expected: 'an array of at least one distribution' });
    const d = marginals.length;
    const kind = options.kind ?? 'normal';
    if (kind !== 'normal' && kind !== 'spearman' && kind !== 'kendall') throw new InvalidArgumentError({ field: 'options.kind', value: kind, expected: "'normal', 'spearman' or 'kendall'" });
    const given = squareOf('correlation', correlation, d);
    const r = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const x = given[i * d + j]!;
        const field = `correlation[${i}][${j}]`;
        if (i === j && x !== 1) throw new InvalidArgumentError({ field, value: x, expected: '1 on the diagonal' });
        if (Math.abs(x - given[j * d + i]!) > 1e-12) throw new InvalidArgumentError({ field, value: x, expected: `a symmetric matrix (correlation[${j}][${i}] is ${given[j * d + i]})` });
        if (!(x >= -1 && x <= 1)) throw new InvalidArgumentError({ field, value: x, expected: 'a correlation in [-1, 1]' });
        r[i * d + j] = i === j ? 1 : kind === 'spearman' ? 2 * sinpi(x / 6) : kind === 'kendall' ? sinpi(x / 2) : x;
      }
    }
    // Symmetric to the last bit, whichever triangle was given.
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) r[i * d + j] = r[j * d + i]!;
    const c = choleskyLower(r, d);
    if ('failsAt' in c) {
      throw new InvalidArgumentError({
        field: 'correlation', value: `${d}x${d} matrix`,
        expected: `a positive-definite correlation matrix: its leading ${c.failsAt}x${c.failsAt} block (inputs 1 to ${c.failsAt}) is not${kind === 'normal' ? '' : ` once converted from ${kind === 'spearman' ? "Spearman's rho" : "Kendall's tau"} to normal scores`}; correlations this strong together cannot occur`,
      });
    }
    this.dim = d;
    this.marginals = marginals;
    this.correlation = matrix(r, d, d);
    this.cholesky = matrix(c.L, d, d);
  }

  /**
   * Maps points of the unit cube (independent uniforms, one point per row) to dependent inputs
   * with the copula's marginals and correlation.
   *
   * @throws ShapeError when `unit` has other than `dim` columns
   */
  transform(unit: Matrix): Matrix {
    const d = this.dim;
    if (unit.cols !== d) throw new ShapeError({ field: 'unit', value: `${unit.rows}x${unit.cols}`, expected: `${d} columns, one per input` });
    const L = this.cholesky.data;
    const out = new Float64Array(unit.rows * d);
    const z = new Float64Array(d);
    for (let i = 0; i < unit.rows; i++) {
      for (let j = 0; j < d; j++) z[j] = ndtri(unit.data[i * d + j]!);
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k <= j; k++) s += L[j * d + k]! * z[k]!;
        // From the nearer tail, so that a far normal score keeps its digits.
        out[i * d + j] = s <= 0 ? this.marginals[j]!.ppf(ndtr(s)) : this.marginals[j]!.isf(ndtr(-s));
      }
    }
    return matrix(out, unit.rows, d);
  }

  /**
   * The inverse of `transform`: inputs to independent standard normals (the Rosenblatt
   * transform of the copula), one point per row.
   *
   * @throws ShapeError when `x` has other than `dim` columns
   */
  toStandardNormal(x: Matrix): Matrix {
    const d = this.dim;
    if (x.cols !== d) throw new ShapeError({ field: 'x', value: `${x.rows}x${x.cols}`, expected: `${d} columns, one per input` });
    const L = this.cholesky.data;
    const out = new Float64Array(x.rows * d);
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < d; j++) {
        const m = this.marginals[j]!;
        const v = x.data[i * d + j]!;
        const u = m.cdf(v);
        let s = u <= 0.5 ? ndtri(u) : -ndtri(m.sf(v));
        for (let k = 0; k < j; k++) s -= L[j * d + k]! * out[i * d + k]!;
        out[i * d + j] = s / L[j * d + j]!;
      }
    }
    return matrix(out, x.rows, d);
  }
}
