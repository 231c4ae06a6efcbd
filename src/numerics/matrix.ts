import { InvalidArgumentError, ShapeError } from '../core/errors.js';

/**
 * A dense matrix: row-major `data`, one sample per row, one parameter per column — the
 * layout of numpy/scipy and SALib. `data.length === rows * cols`.
 */
export interface Matrix {
  /** The values, row after row: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (parameters or outputs). */
  readonly cols: number;
}

/** Wraps row-major data as a Matrix, checking that the length matches. */
export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) throw new InvalidArgumentError({ field: 'rows', value: rows, expected: 'an integer >= 0' });
  if (typeof cols !== 'number' || !Number.isSafeInteger(cols) || cols < 0) throw new InvalidArgumentError({ field: 'cols', value: cols, expected: 'an integer >= 0' });
  if (!(data instanceof Float64Array)) throw new InvalidArgumentError({ field: 'data', value: data, expected: 'a Float64Array' });
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

/**
 * Model outputs at `rows` points as a rows x q Matrix: a Float64Array is one output. Every
 * value must be finite; errors name the point (`field[i]`).
 */
export function outputMatrix(field: string, Y: unknown, rows: number): Matrix {
  const m = (Y instanceof Float64Array ? { data: Y, rows: Y.length, cols: 1 } : Y) as Matrix;
  if (!m || !(m.data instanceof Float64Array) || m.rows !== rows || !Number.isInteger(m.cols) || m.cols < 1 || m.data.length !== m.rows * m.cols) {
    throw new ShapeError({ field, value: Y, expected: `${rows} values per output (one per point), as a Float64Array or a ${rows}-row Matrix` });
  }
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!)) throw new InvalidArgumentError({ field: `${field}[${Math.floor(i / m.cols)}]`, value: m.data[i], expected: 'a finite model output' });
  }
  return m;
}
