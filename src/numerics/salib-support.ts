// What SALib's FAST, RBD-FAST, delta and PAWN analyzers share: argument checks on a sample X
// and its outputs Y, stable orderings and power spectra from the WebAssembly kernels
// (assembly/salib.ts), uniform row indices for bootstrap resamples from uqkit's counter-based
// generator, and SALib's confidence half-width z * std(ddof = 1).
import type { Arena } from '../core/arena.js';
import { InvalidArgumentError, NonFiniteOutputError, ShapeError } from '../core/errors.js';
import { check, Status } from '../core/status.js';
import { randomSeed, seed as seedOf, seedHalves } from '../core/validate.js';
import { core, type Core } from '../core/wasm.js';
import type { Distribution } from '../distributions/distribution.js';
import { ndtri } from '../distributions/special.js';
import type { Matrix } from './matrix.js';

/**
 * The inputs of a SALib-style sampler: per parameter a Distribution (values by its
 * quantile function) or SALib's uniform bounds `[low, high]` (values
 * u * (high - low) + low, exactly as SALib's scale_samples computes them).
 */
export type SalibInputs = readonly (Distribution | readonly [number, number])[];

/** Maps unit-cube values u (rows x d, row-major, in place) to the inputs' scales. */
export function scaleToInputs(field: string, inputs: SalibInputs, u: Float64Array): void {
  const d = inputs.length;
  const maps = inputs.map((p, j): ((v: number) => number) => {
    if (Array.isArray(p)) {
      const [lo, hi] = p as readonly number[];
      if (p.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo! < hi!)) {
        throw new InvalidArgumentError({ field: `${field}[${j}]`, value: p, expected: 'bounds [low, high] with finite low < high, or a Distribution' });
      }
      const w = hi! - lo!;
      return (v) => v * w + lo!;
    }
    const dist = p as Distribution;
    if (!dist || typeof dist.ppf !== 'function') throw new InvalidArgumentError({ field: `${field}[${j}]`, value: p, expected: 'a Distribution or bounds [low, high]' });
    return (v) => dist.ppf(v);
  });
  if (inputs.every((p) => Array.isArray(p))) {
    // bounds only: the same v * (high - low) + low, without a call per value
    for (let j = 0; j < d; j++) {
      const [lo, hi] = inputs[j] as readonly number[];
      const w = hi! - lo!;
      for (let i = j; i < u.length; i += d) u[i] = u[i]! * w + lo!;
    }
    return;
  }
  for (let i = 0; i < u.length; i++) u[i] = maps[i % d]!(u[i]!);
}

/** Checks the inputs list of a sampler: a non-empty array. */
export function inputCount(field: string, inputs: unknown): number {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new InvalidArgumentError({ field, value: inputs, expected: 'a non-empty array of Distributions or [low, high] bounds' });
  return inputs.length;
}

/** Checks a sample X (n x d) and its outputs Y (n finite values); returns n and d. */
export function sampleShape(X: Matrix, Y: Float64Array, minRows: number, method: string): { n: number; d: number } {
  if (!X || !(X.data instanceof Float64Array) || !Number.isInteger(X.rows) || !Number.isInteger(X.cols) || X.cols < 1 || X.data.length !== X.rows * X.cols) {
    throw new ShapeError({ field: 'X', value: X, expected: 'a Matrix of model inputs (one row per sample, one column per parameter)' });
  }
  finiteOutputs(Y, X.rows);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i]!)) throw new InvalidArgumentError({ field: `X[${Math.floor(i / X.cols)}][${i % X.cols}]`, value: X.data[i], expected: 'a finite model input' });
  }
  if (X.rows < minRows) throw new InvalidArgumentError({ field: 'X', value: X.rows, expected: `at least ${minRows} rows for ${method}` });
  return { n: X.rows, d: X.cols };
}

/** Checks that Y is a Float64Array of `rows` finite outputs (rows undefined: any length). */
export function finiteOutputs(Y: Float64Array, rows?: number): void {
  if (!(Y instanceof Float64Array) || (rows !== undefined && Y.length !== rows)) {
    throw new ShapeError({ field: 'Y', value: Y, expected: rows === undefined ? 'a Float64Array of model outputs' : `a Float64Array of ${rows} model outputs (one per row of X)` });
  }
  const bad: number[] = [];
  for (let i = 0; i < Y.length; i++) if (!Number.isFinite(Y[i]!)) bad.push(i);
  if (bad.length) throw new NonFiniteOutputError({ field: `Y[${bad[0]}]`, value: Y[bad[0]!], expected: 'finite model outputs' }, bad);
}

/** Column j of X. */
export function columnOf(X: Matrix, j: number): Float64Array {
  const out = new Float64Array(X.rows);
  for (let i = 0, p = j; i < X.rows; i++, p += X.cols) out[i] = X.data[p]!;
  return out;
}

/** An integer option >= min (default when undefined). */
export function intOption(field: string, value: unknown, dflt: number, min: number): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new InvalidArgumentError({ field, value, expected: `an integer >= ${min}` });
  return value;
}

/** SALib's confidence level option: a number strictly between 0 and 1 (default 0.95). */
export function confOption(value: unknown): number {
  if (value === undefined) return 0.95;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) throw new InvalidArgumentError({ field: 'confLevel', value, expected: 'a number strictly between 0 and 1' });
  return value;
}

/** The seed option, or a fresh one. */
export function seedOption(value: unknown): bigint {
  return value === undefined ? randomSeed() : seedOf('seed', value);
}

/** SALib's half-width of a confidence interval: norm.ppf(0.5 + conf / 2) * std(ddof = 1) of the estimates (NaN for fewer than 2). */
export function halfWidth(estimates: ArrayLike<number>, confLevel: number): number {
  const R = estimates.length;
  if (R < 2) return NaN;
  let m = 0;
  for (let i = 0; i < R; i++) m += estimates[i]!;
  m /= R;
  let s = 0;
  for (let i = 0; i < R; i++) s += (estimates[i]! - m) ** 2;
  return ndtri(0.5 + confLevel / 2) * Math.sqrt(s / (R - 1));
}

/**
 * `count` x `size` uniform row indices in 0..n-1 (with replacement) from stream `stream` of
 * `seed` (uqkit's counter-based generator, two indices from each 64-bit value by
 * multiply-shift; the same seed and stream give the same indices everywhere).
 */
export function drawIndices(n: number, count: number, size: number, seed: bigint, stream: number, c: Core = core()): Int32Array {
  const { exports: k, arena } = c;
  const [lo, hi] = seedHalves(seed);
  const total = count * size;
  const out = new Int32Array(total);
  const block = 1 << 18;
  arena.scope((a) => {
    const p = a.alloc(4 * Math.min(block, Math.max(total, 1)));
    for (let done = 0; done < total; done += block) {
      const m = Math.min(block, total - done);
      check('randomIndices', k.randomIndices(n, m, lo, hi, stream, done, p));
      out.set(a.i32(p, m), done);
    }
  });
  return out;
}

/**
 * Checks caller-given resample indices: a whole number of rows of `size` indices in 0..n-1.
 * Returns the number of rows.
 */
export function givenIndices(field: string, value: unknown, n: number, size: number): number {
  if (!(value instanceof Int32Array) || value.length % size !== 0) throw new ShapeError({ field, value, expected: `an Int32Array of whole rows of ${size} row indices` });
  for (let i = 0; i < value.length; i++) {
    if (!(value[i]! >= 0 && value[i]! < n)) throw new InvalidArgumentError({ field: `${field}[${i}]`, value: value[i], expected: `a row index from 0 to ${n - 1}` });
  }
  return value.length / size;
}

/**
 * For each of the `count` rows of `keys` (count x n, row-major), the positions 0..n-1 ordered
 * by key, stably (equal keys keep their order): count x n indices.
 */
export function argsortRows(keys: Float64Array, n: number, count = 1, c: Core = core()): Int32Array {
  const { exports: k, arena } = c;
  const out = new Int32Array(n * count);
  arena.scope((a) => {
    const pk = a.alloc(8 * n, 'argsort keys'), pi = a.alloc(4 * n, 'argsort indices'), pw = a.alloc(4 * n, 'argsort work');
    for (let r = 0; r < count; r++) {
      a.f64(pk, n).set(keys.subarray(r * n, (r + 1) * n));
      check('argsortStable', k.argsortStable(n, pk, pi, pw));
      out.set(a.i32(pi, n), r * n);
    }
  });
  return out;
}

/**
 * |DFT_k|^2, k = 0..floor(n/2), of each of the `count` series of length n in `series`
 * (count x n, row-major): count x (floor(n/2) + 1) values.
 */
export function powerSpectra(series: Float64Array, n: number, count: number, c: Core = core()): Float64Array {
  const { exports: k, arena } = c;
  const K = (n >> 1) + 1;
  const out = new Float64Array(K * count);
  const workBytes = k.powerSpectraWorkBytes(n);
  if (!(workBytes > 0)) throw new InvalidArgumentError({ field: 'N', value: n, expected: 'a series length from 2 to 2^26' });
  const rows = Math.max(1, Math.min(count, Math.floor((1 << 20) / (n + K))));
  arena.scope((a: Arena) => {
    const pw = a.alloc(workBytes, 'power spectra'), py = a.alloc(8 * n * rows, 'power spectra'), po = a.alloc(8 * K * rows, 'power spectra');
    for (let r = 0; r < count; r += rows) {
      const c = Math.min(rows, count - r);
      a.f64(py, n * c).set(series.subarray(r * n, (r + c) * n));
      check('powerSpectra', k.powerSpectra(n, c, py, po, pw), { [Status.SIZE]: { field: 'N', value: n, expected: 'a series length from 2 to 2^26' } });
      out.set(a.f64(po, K * c), r * K);
    }
  });
  return out;
}

/**
 * The rows of a column in increasing order of value (stable), and whether two rows share a
 * value. Without ties, resamples can be put in order by counting ({@link sortRowSets}).
 */
export function orderOf(x: Float64Array, c: Core = core()): { order: Int32Array; ties: boolean } {
  const order = argsortRows(x, x.length, 1, c);
  let ties = false;
  for (let t = 1; t < order.length && !ties; t++) ties = x[order[t]!] === x[order[t - 1]!];
  return { order, ties };
}

/**
 * Each row of `sets` (count rows of `size` row indices into a column of n values) with its
 * indices put in increasing order of the column's value, as a stable sort of the values
 * would order them. With no ties in the column (`order` from {@link orderOf}) this is a
 * counting sort, O(n + size) per set: copies of one row are equal and interchangeable.
 * With ties, a stable sort of the values (rows of equal value keep their order in the set).
 */
export function sortRowSets(sets: Int32Array, size: number, x: Float64Array, column: { order: Int32Array; ties: boolean }): Int32Array {
  const count = sets.length / size, n = x.length;
  const out = new Int32Array(sets.length);
  if (column.ties) {
    const keys = new Float64Array(sets.length);
    for (let t = 0; t < keys.length; t++) keys[t] = x[sets[t]!]!;
    const pos = argsortRows(keys, size, count);
    for (let t = 0; t < out.length; t++) out[t] = sets[t - (t % size) + pos[t]!]!;
    return out;
  }
  const copies = new Int32Array(n);
  const order = column.order;
  for (let r = 0; r < count; r++) {
    const base = r * size;
    for (let t = base; t < base + size; t++) copies[sets[t]!]!++;
    let p = base;
    for (let t = 0; t < n; t++) {
      const row = order[t]!;
      for (let c = copies[row]!; c > 0; c--) out[p++] = row;
      copies[row] = 0;
    }
  }
  return out;
}

/**
 * The outputs of each row set (count x size row indices), the rows in increasing order of the
 * input x: as they are (mode 0), or in Plischke's order (mode 1: even positions up, odd
 * positions back down) with their mean removed; mode 2: in the order drawn (x and column
 * unused but for their length). count x size values. Without ties in x the ordering is a
 * counting sort in WebAssembly; with ties, {@link sortRowSets}.
 */
export function orderedOutputs(sets: Int32Array, size: number, x: Float64Array, column: { order: Int32Array; ties: boolean }, Y: Float64Array, mode: 0 | 1 | 2, c: Core = core()): Float64Array {
  const count = sets.length / size, n = x.length;
  const out = new Float64Array(sets.length);
  if (column.ties && mode !== 2) {
    const byX = sortRowSets(sets, size, x, column);
    for (let r = 0; r < count; r++) {
      const o = r * size;
      if (mode === 0) {
        for (let t = 0; t < size; t++) out[o + t] = Y[byX[o + t]!]!;
        continue;
      }
      let p = o;
      for (let t = 0; t < size; t += 2) out[p++] = Y[byX[o + t]!]!;
      for (let t = size % 2 === 0 ? size - 1 : size - 2; t >= 1; t -= 2) out[p++] = Y[byX[o + t]!]!;
      let mean = 0;
      for (let t = o; t < o + size; t++) mean += out[t]!;
      mean /= size;
      for (let t = o; t < o + size; t++) out[t] = out[t]! - mean;
    }
    return out;
  }
  const { exports: k, arena } = c;
  const rows = Math.max(1, Math.min(count, Math.floor((1 << 19) / size)));
  arena.scope((a) => {
    const pc = a.alloc(4 * n, 'ordered outputs'), po = a.alloc(4 * n, 'ordered outputs'), py = a.alloc(8 * n, 'ordered outputs');
    const pr = a.alloc(12 * n + 8, 'ordered outputs'), ps = a.alloc(4 * size * rows, 'ordered outputs'), pout = a.alloc(8 * size * rows, 'ordered outputs');
    a.i32(pc, n).fill(0);
    a.i32(po, n).set(column.order);
    a.f64(py, n).set(Y);
    for (let r = 0; r < count; r += rows) {
      const c = Math.min(rows, count - r);
      a.i32(ps, c * size).set(sets.subarray(r * size, (r + c) * size));
      check('orderedOutputs', k.orderedOutputs(n, size, c, ps, po, py, mode, pc, pr, pout));
      out.set(a.f64(pout, c * size), r * size);
    }
  });
  return out;
}

/** Where the rows of resamples come from: given (whole rows of `size` indices) or drawn from a stream of a seed. */
export type ResampleRows = { readonly given: Int32Array } | { readonly seed: bigint; readonly stream: number; readonly count: number };

/**
 * The power spectra of resamples of one input's outputs, without leaving WebAssembly between
 * the steps: each resample's `size` rows drawn (uniform with replacement, stream `stream` of
 * `seed`, as {@link drawIndices}) or given, their outputs ordered as {@link orderedOutputs}
 * orders them (mode), and |DFT_k|^2, k = 0..floor(size/2), of each. `use(P, first, count)` is
 * called for consecutive blocks of resamples with their spectra (count x (floor(size/2) + 1),
 * a view of WebAssembly memory valid during the call only).
 */
export function resampleSpectra(c: Core, rows: ResampleRows, size: number, x: Float64Array, column: { order: Int32Array; ties: boolean }, Y: Float64Array, mode: 0 | 1 | 2,
  use: (P: Float64Array, first: number, count: number) => void): void {
  const { exports: k, arena } = c;
  const n = x.length, K = (size >> 1) + 1;
  const total = 'given' in rows ? rows.given.length / size : rows.count;
  if (total === 0) return;
  const workBytes = k.powerSpectraWorkBytes(size);
  if (!(workBytes > 0)) throw new InvalidArgumentError({ field: 'N', value: size, expected: 'a series length from 2 to 2^26' });
  const [lo, hi] = 'given' in rows ? [0, 0] : seedHalves(rows.seed);
  const block = Math.max(1, Math.min(total, Math.floor((1 << 20) / (size + K))));
  const ties = column.ties && mode !== 2;
  arena.scope((a: Arena) => {
    const pc = a.alloc(4 * n, 'resample spectra'), po = a.alloc(4 * n, 'resample spectra'), py = a.alloc(8 * n, 'resample spectra');
    const pr = a.alloc(12 * n + 8, 'resample spectra'), ps = a.alloc(4 * size * block, 'resample spectra');
    const pv = a.alloc(8 * size * block, 'resample spectra'), pw = a.alloc(workBytes, 'resample spectra'), pp = a.alloc(8 * K * block, 'resample spectra');
    a.i32(pc, n).fill(0);
    if (!ties && mode !== 2) a.i32(po, n).set(column.order);
    a.f64(py, n).set(Y);
    for (let r = 0; r < total; r += block) {
      const cnt = Math.min(block, total - r);
      if ('given' in rows) a.i32(ps, cnt * size).set(rows.given.subarray(r * size, (r + cnt) * size));
      else check('randomIndices', k.randomIndices(n, cnt * size, lo, hi, rows.stream, r * size, ps));
      if (ties) a.f64(pv, cnt * size).set(orderedOutputs(a.i32(ps, cnt * size).slice(), size, x, column, Y, mode, c));
      else check('orderedOutputs', k.orderedOutputs(n, size, cnt, ps, po, py, mode, pc, pr, pv));
      check('powerSpectra', k.powerSpectra(size, cnt, pv, pp, pw), { [Status.SIZE]: { field: 'N', value: size, expected: 'a series length from 2 to 2^26' } });
      use(a.f64(pp, cnt * K), r, cnt);
    }
  });
}
