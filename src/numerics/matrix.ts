import { ShapeError } from '../core/errors.js';

/**
 * A dense matrix: row-major `data`, one sample per row, one parameter per column — the
 * layout of numpy/scipy and SALib. `data.length === rows * cols`.
 */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Wraps row-major data as a Matrix, checking that the length matches. */
export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new ShapeError({ field: 'data', value: data, expected: `a Float64Array of length rows * cols = ${rows} * ${cols}` });
  }
  return { data, rows, cols };
}

/** Row `i` of `m` as a view (no copy). */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Column `j` of `m` as a new array. */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

/** Matrix rows as nested arrays (for printing and JSON). */
export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(row(m, i)));
}
