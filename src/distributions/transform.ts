// Iso-probabilistic maps between the unit cube and the physical parameter space.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import type { Distribution } from './distribution.js';
import { isDistribution } from './factory.js';

function checkDists(dists: readonly Distribution[]): void {
  if (!Array.isArray(dists)) {
    throw new InvalidArgumentError({ field: 'dists', value: dists, expected: 'an array of distributions, one per column' });
  }
  for (let j = 0; j < dists.length; j++) {
    if (!isDistribution(dists[j])) {
      throw new InvalidArgumentError({ field: `dists[${j}]`, value: dists[j], expected: 'a distribution (e.g. new Normal(0, 1) or distribution(spec))' });
    }
  }
}

function checkMatrix(field: string, m: Matrix, cols: number): void {
  if (m === null || typeof m !== 'object' || !(m.data instanceof Float64Array)) {
    throw new InvalidArgumentError({ field, value: m, expected: 'a Matrix {data: Float64Array, rows, cols}' });
  }
  if (m.cols !== cols) {
    throw new ShapeError({ field: `${field}.cols`, value: m.cols, expected: `${cols} (one column per distribution)` });
  }
  if (!Number.isInteger(m.rows) || m.rows < 0 || m.data.length !== m.rows * m.cols) {
    throw new ShapeError({ field: `${field}.data`, value: m.data, expected: `a Float64Array of length rows * cols = ${m.rows} * ${m.cols}` });
  }
}

function map(
  field: string,
  dists: readonly Distribution[],
  input: Matrix,
  out: Matrix | undefined,
  f: (d: Distribution, v: number) => number,
): Matrix {
  checkDists(dists);
  checkMatrix(field, input, dists.length);
  const { rows, cols } = input;
  let result: Matrix;
  if (out === undefined) result = matrix(new Float64Array(rows * cols), rows, cols);
  else {
    checkMatrix('out', out, cols);
    if (out.rows !== rows) throw new ShapeError({ field: 'out.rows', value: out.rows, expected: `${rows} (the rows of ${field})` });
    result = out;
  }
  const src = input.data;
  const dst = result.data;
  for (let j = 0; j < cols; j++) {
    const d = dists[j]!;
    for (let i = j; i < src.length; i += cols) dst[i] = f(d, src[i]!);
  }
  return result;
}

/**
 * Maps points of the unit cube to physical space: column j of `unit` goes through
 * `dists[j].ppf` (the inverse cdf), so uniform points become samples of the distributions.
 * Used by every sampler. Values outside [0, 1] give NaN; 0 and 1 give the ends of the
 * support (which may be infinite).
 *
 * @param dists one distribution per column
 * @param unit points in [0, 1]^d, one per row (d = dists.length)
 * @param out write the result here instead of a new matrix (same shape; may be `unit`
 *   itself, to transform in place)
 * @throws ShapeError if the column count is not dists.length, or `out` has another shape
 */
export function toPhysical(dists: readonly Distribution[], unit: Matrix, out?: Matrix): Matrix {
  return map('unit', dists, unit, out, (d, u) => d.ppf(u));
}

/**
 * The inverse of toPhysical: column j of `x` goes through `dists[j].cdf`, mapping physical
 * values to [0, 1].
 *
 * @param dists one distribution per column
 * @param x physical points, one per row
 * @param out write the result here instead of a new matrix (same shape; may be `x`)
 * @throws ShapeError if the column count is not dists.length, or `out` has another shape
 */
export function toUnit(dists: readonly Distribution[], x: Matrix, out?: Matrix): Matrix {
  return map('x', dists, x, out, (d, v) => d.cdf(v));
}
