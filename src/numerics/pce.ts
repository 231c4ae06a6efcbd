// Polynomial chaos expansions: multi-index sets, orthonormal bases (WebAssembly,
// assembly/polynomials.ts), spectral projection on quadrature grids, least-squares regression
// (Householder QR, assembly/regression.ts) with closed-form leave-one-out errors, and
// moments and Sobol' indices from the coefficients (Sudret, RESS 93, 2008).
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { checkMemory, memoryLimit } from '../core/budget.js';
import { check, Status } from '../core/status.js';
import { integer, knownKeys, oneOf, options as optionsObject } from '../core/validate.js';
import type { Arena } from '../core/arena.js';
import { core } from '../core/wasm.js';
import { multiplyBasis, multiplyBasisColumns, solveLeastSquares } from './lsq.js';
import { product } from './products.js';
import { larsSelect, orthogonalise } from './lars.js';
import { distribution, toPhysical, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { matrix, outputMatrix, type Matrix } from './matrix.js';
import { checkDists, recurrence } from './quadrature.js';
import type { Grid } from './grids.js';
import { sobol } from './sobol.js';
import { multiIndices, type MultiIndexOptions } from './multi-index.js';

export type { MultiIndexOptions, Truncation } from './multi-index.js';

// ---------------------------------------------------------------------------------------

/** Basis matrix Psi (N x P) of the orthonormal polynomials of `dists` at the points X. */
export function basisMatrix(dists: readonly Distribution[], indices: readonly (readonly number[])[], X: Matrix, layout: 'row' | 'column' = 'row'): Float64Array {
  const ds = checkDists(dists);
  checkPoints(X, ds.length);
  oneOf('layout', layout, ['row', 'column']);
  const n = X.rows, P = indices.length;
  const what = `a basis matrix of ${n} points x ${P} terms`;
  checkMemory('indices', P, 8 * n * (P + ds.length), what, 'wasm');
  checkMemory('indices', P, 8 * n * P, what);
  const { arena } = core();
  return arena.scope((a) => a.copyOut(basisInto(a, ds, indices, X, layout), new Float64Array(n * P)));
}

function checkPoints(X: Matrix, d: number): void {
  if (!X || !(X.data instanceof Float64Array) || X.cols !== d || X.data.length !== X.rows * X.cols) {
    throw new ShapeError({ field: 'X', value: X, expected: `a Matrix with ${d} columns (one per input)` });
  }
}

/** Psi of basisMatrix, built in arena memory: returns its pointer (N x P, row- or column-major). */
function basisInto(a: Arena, ds: readonly Distribution[], indices: readonly (readonly number[])[], X: Matrix, layout: 'row' | 'column' = 'row'): number {
  const d = ds.length;
  checkPoints(X, d);
  const P = indices.length;
  let maxDeg = 0;
  const idx = new Int32Array(P * d);
  indices.forEach((m, k) => {
    if (!Array.isArray(m) || m.length !== d) throw new ShapeError({ field: `indices[${k}]`, value: m, expected: `${d} degrees` });
    m.forEach((v, j) => {
      integer(`indices[${k}][${j}]`, v, 0, 10_000);
      idx[k * d + j] = v;
      if (v > maxDeg) maxDeg = v;
    });
  });
  const stride = maxDeg + 1;
  const rec = new Float64Array(2 * d * stride);
  ds.forEach((dist, j) => {
    const r = recurrence(dist, stride);
    rec.set(r.alpha, j * stride);
    rec.set(r.beta, (d + j) * stride);
  });
  const n = X.rows;
  const { exports: k } = core();
  const psi = a.alloc(8 * n * P);
  a.scope(() => {
    const px = a.copyIn(X.data);
    const pr = a.copyIn(rec);
    const pi = a.copyIn(idx);
    const work = a.alloc(8 * d * stride);
    check('basisMatrix', k.basisMatrix(n, d, px, maxDeg, pr, P, pi, psi, work, layout === 'column' ? 1 : 0), {
      [Status.VALUE]: { field: 'dists', value: ds, expected: 'distributions with finite recurrence coefficients' },
    });
  });
  return psi;
}

// ---------------------------------------------------------------------------------------

/** Basis values held at once by predict (8 MB; less under a smaller memory budget). */
const PREDICT_VALUES = 1 << 20;

/** Output values held at once by projectPCE (8 MB; less under a smaller memory budget). */
const PROJECT_VALUES = 1 << 20;

/** Surrogate values held at once by orderStatistics (16 MB; less under a smaller memory budget). */
const ORDER_VALUES = 1 << 21;

/** How a PCE was made, stored with it. */
export interface PCEInfo {
  /**
   * How the coefficients were computed: spectral projection, or a regression method (see {@link FitOptions}).
   */
  readonly method: 'projection' | 'ols' | 'omp' | 'lars';
  /** Points used (grid size or sample size). */
  readonly points: number;
  /** Leave-one-out error per output, relative to the output variance (regression only). */
  readonly looError?: readonly number[];
  /** Least squares ('ols'): 'cholesky' (normal equations, the fast path) or 'qr' (Householder, for ill-conditioned bases). */
  readonly solver?: 'cholesky' | 'qr';
  /** Least squares ('ols'): an estimate of the condition number of Psi (see src/numerics/lsq.ts). */
  readonly condition?: number;
}

/** JSON form of a PCE (`pce.toJSON()`, `PCE.fromJSON()`). */
export interface PCEJSON {
  /** Marks the object as a uqkit PCE. */
  readonly format: 'uqkit.pce';
  /** The version of this format. */
  readonly version: 1;
  /** The input distributions as specs. */
  readonly dists: readonly DistributionSpec[];
  /** The multi-index of each term. */
  readonly indices: readonly (readonly number[])[];
  /** coefficients[k][o]: term k, output o. */
  readonly coefficients: readonly (readonly number[])[];
  /** How the expansion was made. */
  readonly info: PCEInfo;
}

/**
 * A polynomial chaos expansion y(x) = sum_k c_k Psi_k(x) in the orthonormal polynomials of
 * its input distributions, for one or many outputs. Moments and Sobol' indices follow from
 * the coefficients: mean c_0, variance sum_{k>0} c_k^2, and the share of the variance of the
 * terms that involve a given set of inputs. Methods take the output's column (default 0).
 */
export class PCE {
  /** The input distributions, one per input. */
  readonly dists: readonly Distribution[];
  /** The multi-index of each term (degree per input), in the order of the rows of `coefficients`. */
  readonly indices: readonly (readonly number[])[];
  /** P x q coefficients (row k: term k; column o: output o). */
  readonly coefficients: Matrix;
  /** How the expansion was made. */
  readonly info: PCEInfo;

  constructor(dists: readonly Distribution[], indices: readonly (readonly number[])[], coefficients: Matrix, info: PCEInfo) {
    this.dists = checkDists(dists);
    if (!Array.isArray(indices) || indices.length === 0 || (indices[0] as readonly number[]).some((v: number) => v !== 0)) {
      throw new InvalidArgumentError({ field: 'indices', value: indices, expected: 'multi-indices starting with the constant term [0, ..., 0]' });
    }
    if (!coefficients || coefficients.rows !== indices.length || coefficients.data.length !== coefficients.rows * coefficients.cols) {
      throw new ShapeError({ field: 'coefficients', value: coefficients, expected: `${indices.length} rows (one per term)` });
    }
    this.indices = indices.map((a) => Object.freeze(a.slice()));
    this.coefficients = coefficients;
    this.info = info;
  }

  /** Number of outputs. */
  get outputs(): number {
    return this.coefficients.cols;
  }

  private col(output: number): number {
    return integer('output', output, 0, this.coefficients.cols - 1);
  }

  private c(k: number, o: number): number {
    return this.coefficients.data[k * this.coefficients.cols + o]!;
  }

  /**
   * The mean of output `output` (a column index, default 0): the constant term c_0.
   *
   * @throws {@link InvalidArgumentError} when `output` is not an integer in 0..outputs-1.
   */
  mean(output = 0): number {
    return this.c(0, this.col(output));
  }

  /**
   * The variance of output `output` (default 0): the sum of the squared coefficients of the
   * non-constant terms (the basis is orthonormal).
   *
   * @throws {@link InvalidArgumentError} when `output` is not an integer in 0..outputs-1.
   */
  variance(output = 0): number {
    const o = this.col(output);
    let v = 0;
    for (let k = 1; k < this.indices.length; k++) v += this.c(k, o) ** 2;
    return v;
  }

  /**
   * The standard deviation of output `output` (default 0): the square root of {@link PCE.variance}.
   *
   * @throws {@link InvalidArgumentError} when `output` is not an integer in 0..outputs-1.
   */
  std(output = 0): number {
    return Math.sqrt(this.variance(output));
  }

  /** Means of every output. */
  means(): Float64Array {
    return Float64Array.from({ length: this.outputs }, (_, o) => this.c(0, o));
  }

  /** Variances of every output. */
  variances(): Float64Array {
    return Float64Array.from({ length: this.outputs }, (_, o) => this.variance(o));
  }

  /** First-order Sobol' index of each input: terms in that input alone. */
  sobolFirst(output = 0): Float64Array {
    const o = this.col(output);
    const d = this.dists.length;
    const s = new Float64Array(d);
    const v = this.variance(o);
    this.indices.forEach((a, k) => {
      let only = -1, count = 0;
      a.forEach((deg, j) => { if (deg > 0) { count++; only = j; } });
      if (count === 1) s[only]! += this.c(k, o) ** 2;
    });
    for (let j = 0; j < d; j++) s[j]! /= v;
    return s;
  }

  /** Total Sobol' index of each input: every term that involves it. */
  sobolTotal(output = 0): Float64Array {
    const o = this.col(output);
    const d = this.dists.length;
    const s = new Float64Array(d);
    const v = this.variance(o);
    this.indices.forEach((a, k) => {
      if (k === 0) return;
      const c2 = this.c(k, o) ** 2;
      a.forEach((deg, j) => { if (deg > 0) s[j]! += c2; });
    });
    for (let j = 0; j < d; j++) s[j]! /= v;
    return s;
  }

  /**
   * The Sobol' index of exactly the interaction of the inputs in `set` (e.g. [0, 2] for S_13):
   * the variance share of the terms whose inputs are exactly those.
   */
  sobolIndex(set: readonly number[], output = 0): number {
    const o = this.col(output);
    const d = this.dists.length;
    if (!Array.isArray(set) || set.length === 0) throw new InvalidArgumentError({ field: 'set', value: set, expected: 'a non-empty array of input numbers' });
    const want = new Set(set.map((j, i) => integer(`set[${i}]`, j, 0, d - 1)));
    let s = 0;
    this.indices.forEach((a, k) => {
      let match = true;
      for (let j = 0; j < d && match; j++) if ((a[j]! > 0) !== want.has(j)) match = false;
      if (match) s += this.c(k, o) ** 2;
    });
    return s / this.variance(o);
  }

  /** The surrogate at the points X (N x d): an N x q Matrix. */
  predict(X: Matrix): Matrix {
    checkPoints(X, this.dists.length);
    const n = X.rows, P = this.indices.length, q = this.outputs;
    checkMemory('X', n, 8 * n * q, `the surrogate's ${q} outputs at ${n} points`, 'js', 'predict fewer points at a time');
    const out = new Float64Array(n * q);
    const { arena } = core();
    // Blocks of points bound what is held at once in WebAssembly memory: the basis matrix
    // and the products (block x (P + q) values, a few times).
    const values = Math.min(PREDICT_VALUES, Math.floor(memoryLimit('wasm') / 32));
    const block = Math.max(1, Math.min(n, Math.floor(values / (P + q))));
    checkMemory('X', n, 8 * (3 * block * (P + q) + 2 * P * q), `the surrogate's ${q} outputs at ${block} points at a time`, 'wasm');
    for (let i0 = 0; i0 < n || i0 === 0; i0 += block) {
      const rows = Math.min(block, n - i0);
      const Xi = rows === n ? X : matrix(X.data.subarray(i0 * X.cols, (i0 + rows) * X.cols), rows, X.cols);
      arena.scope((a) => {
        const psi = basisInto(a, this.dists, this.indices, Xi);
        out.set(multiplyBasis(a, rows, P, psi, this.coefficients.data, q), i0 * q);
      });
      if (n === 0) break;
    }
    return matrix(out, n, q);
  }

  /**
   * Order statistics of every output of the surrogate over the points X (N x d, N >= 1): for
   * output o and the k-th of `ranks` (positions in ascending order, integers in 0..N-1, in
   * ascending order), element o * ranks.length + k is the value of that rank among the
   * surrogate's N values of output o, NaN counting as larger than every number (the order of
   * Float64Array.prototype.sort). The values are made column by column in WebAssembly memory
   * and the ranks found there by selection (O(N) per rank), with no sort and no copy out:
   * percentiles of many outputs at once cost little more than evaluating the surrogate.
   * Outputs are taken in blocks of up to 2^21 values (16 MB; fewer under a smaller memory budget).
   * @throws ShapeError when X has not one column per input; InvalidArgumentError when a rank
   * is not an integer in 0..N-1 or the ranks are not ascending; ResourceLimitError when the
   * basis and a block exceed the memory budget.
   */
  orderStatistics(X: Matrix, ranks: readonly number[]): Float64Array {
    checkPoints(X, this.dists.length);
    const n = X.rows, P = this.indices.length, q = this.outputs;
    if (n < 1) throw new ShapeError({ field: 'X', value: n, expected: 'at least 1 point' });
    if (!Array.isArray(ranks) || ranks.length === 0) throw new InvalidArgumentError({ field: 'ranks', value: ranks, expected: 'a non-empty array of ranks in ascending order' });
    const nr = ranks.length;
    const r = Int32Array.from(ranks, (v, i) => integer(`ranks[${i}]`, v, i > 0 ? ranks[i - 1]! : 0, n - 1));
    const out = new Float64Array(q * nr);
    // A block of outputs: its n values each (column-major) and its coefficients; rows of the
    // basis a block at a time, as predict does. Blocks of an even number of outputs meet the
    // product kernel's pairs of columns as one call would, so the blocks change no number.
    const values = Math.min(ORDER_VALUES, Math.floor(memoryLimit('wasm') / 64));
    const cols = q <= 2 ? q : Math.min(q, Math.max(2, 2 * Math.floor(values / n / 2)));
    const limit = Math.min(PREDICT_VALUES, Math.floor(memoryLimit('wasm') / 32));
    const block = Math.max(1, Math.min(n, Math.floor(limit / (P + cols))));
    checkMemory('X', n, 8 * (n * cols + 3 * block * (P + cols) + 2 * P * cols), `order statistics of ${cols} outputs at ${n} points at a time`, 'wasm');
    const { exports: w, arena } = core();
    arena.scope((a) => {
      const pr = a.copyIn(r);
      for (let c0 = 0; c0 < q; c0 += cols) {
        const k = Math.min(cols, q - c0);
        a.scope(() => {
          const crow = new Float64Array(P * k);
          for (let t = 0; t < P; t++) crow.set(this.coefficients.data.subarray(t * q + c0, t * q + c0 + k), t * k);
          const pc = a.copyIn(crow), ccol = a.alloc(8 * P * k);
          check('transpose', w.transpose(k, P, pc, ccol));
          const f = a.alloc(8 * n * k);
          for (let i0 = 0; i0 < n; i0 += block) {
            const rows = Math.min(block, n - i0);
            const Xi = rows === n ? X : matrix(X.data.subarray(i0 * X.cols, (i0 + rows) * X.cols), rows, X.cols);
            a.scope(() => multiplyBasisColumns(a, rows, P, basisInto(a, this.dists, this.indices, Xi), ccol, k, f + 8 * i0, n));
          }
          const o = a.alloc(8 * k * nr);
          check('columnOrderStatistics', w.columnOrderStatistics(n, k, f, n, nr, pr, o));
          out.set(a.f64(o, k * nr), c0 * nr);
        });
      }
    });
    return out;
  }

  /** Leave-one-out error per output (regression fits), relative to the output variance. */
  get looError(): readonly number[] | undefined {
    return this.info.looError;
  }

  /**
   * Percentiles (0..100) of output `output`, by evaluating the surrogate at `samples`
   * Owen-scrambled Sobol' points (default 2^16, seed 0) mapped to the input distributions.
   */
  percentiles(ps: readonly number[], opts: { samples?: number; seed?: number; output?: number } = {}): Float64Array {
    const o = this.col(opts.output ?? 0);
    const n = integer('options.samples', opts.samples ?? 2 ** 16, 2, 2 ** 24);
    ps.forEach((p, i) => { if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new InvalidArgumentError({ field: `ps[${i}]`, value: p, expected: 'a percentile from 0 to 100' }); });
    const x = toPhysical(this.dists, sobol(n, this.dists.length, { scramble: 'owen', seed: opts.seed ?? 0, balance: 'ignore' }));
    const y = this.predict(x);
    const v = Float64Array.from({ length: n }, (_, i) => y.data[i * this.outputs + o]!).sort();
    return Float64Array.from(ps, (p) => {
      const h = (p / 100) * (n - 1);
      const lo = Math.floor(h);
      return v[lo]! + (h - lo) * ((v[Math.min(lo + 1, n - 1)] ?? v[lo]!) - v[lo]!);
    });
  }

  /**
   * The expansion as plain JSON ({@link PCEJSON}): distributions, multi-indices, coefficients and fit information. `JSON.stringify(pce)` uses it.
   */
  toJSON(): PCEJSON {
    const q = this.outputs;
    return {
      format: 'uqkit.pce',
      version: 1,
      dists: this.dists.map((d) => d.toJSON() as DistributionSpec),
      indices: this.indices.map((a) => a.slice()),
      coefficients: this.indices.map((_, k) => Array.from(this.coefficients.data.subarray(k * q, (k + 1) * q))),
      info: this.info,
    };
  }

  /**
   * Rebuilds a PCE from {@link PCE.toJSON}'s output (the object, or its JSON text).
   *
   * @throws {@link InvalidArgumentError} when `json` is not a uqkit PCE of version 1, or a
   *   distribution spec in it is invalid.
   * @throws {@link ShapeError} when the rows of coefficients differ in length.
   */
  static fromJSON(json: PCEJSON | string): PCE {
    const j = (typeof json === 'string' ? JSON.parse(json) : json) as PCEJSON;
    if (!j || j.format !== 'uqkit.pce' || j.version !== 1) throw new InvalidArgumentError({ field: 'json.format', value: j?.format, expected: '"uqkit.pce" version 1' });
    const dists = j.dists.map((s, i) => distribution(s, `json.dists[${i}]`));
    const q = j.coefficients[0]?.length ?? 0;
    const data = new Float64Array(j.coefficients.length * q);
    j.coefficients.forEach((row, k) => {
      if (row.length !== q) throw new ShapeError({ field: `json.coefficients[${k}]`, value: row, expected: `${q} numbers` });
      data.set(row, k * q);
    });
    return new PCE(dists, j.indices, matrix(data, j.coefficients.length, q), j.info);
  }
}

// ---------------------------------------------------------------------------------------

/** Options of {@link projectPCE}: the basis (degree and truncation, as {@link MultiIndexOptions}). */
export interface PCEOptions extends MultiIndexOptions {}

/**
 * Spectral projection: c_k = sum_i w_i Psi_k(x_i) y_i on a quadrature grid of the same
 * distributions (tensorGrid or sparseGrid). Exact for polynomial models in the basis when
 * the grid integrates products of degree up to twice the basis degree.
 *
 * @throws {@link InvalidArgumentError} for a bad distribution, grid or option.
 * @throws {@link ShapeError} when Y does not have one value (row) per grid point.
 */
export function projectPCE(dists: readonly Distribution[], grid: Grid, Y: Float64Array | Matrix, opts: PCEOptions): PCE {
  const ds = checkDists(dists);
  if (!grid || !grid.points || !(grid.weights instanceof Float64Array) || grid.weights.length !== grid.points.rows) {
    throw new InvalidArgumentError({ field: 'grid', value: grid, expected: 'a grid { points, weights } from tensorGrid or sparseGrid' });
  }
  const indices = multiIndices(ds.length, opts);
  const y = outputMatrix('Y', Y, grid.points.rows);
  checkMemory('options.degree', opts.degree, 8 * indices.length * y.cols, `the coefficients of ${indices.length} terms x ${y.cols} outputs`);
  const n = grid.points.rows, P = indices.length, q = y.cols;
  // c_ko = sum_i w_i Psi_k(x_i) y_io: the product (W Psi)^T Y by the product kernel, a block of
  // outputs at a time (each block's values gathered column-major into WebAssembly memory).
  const values = Math.min(PROJECT_VALUES, Math.floor(memoryLimit('wasm') / 64));
  const cols = Math.min(q, Math.max(2, 2 * Math.floor(values / n / 2)));
  checkMemory('grid', n, 8 * (n * P + (n + P) * (cols + 1)), `the projection of ${cols} outputs on ${P} terms at ${n} nodes at a time`, 'wasm');
  checkMemory('grid', n, 8 * n * P, `a basis matrix of ${n} points x ${P} terms`);
  const c = new Float64Array(P * q);
  const { arena } = core();
  arena.scope((a) => {
    const psi = basisInto(a, ds, indices, grid.points, 'column');
    const wpsi = a.f64(psi, n * P);
    for (let k = 0; k < P; k++) for (let i = 0; i < n; i++) wpsi[k * n + i]! *= grid.weights[i]!;
    for (let c0 = 0; c0 < q; c0 += cols) {
      const m = Math.min(cols, q - c0);
      // An even number of columns (a zero one added to an odd block): the kernel then takes
      // every output in a pair of columns, so that each output's coefficients are the same
      // bits however many outputs there are and wherever it stands among them.
      const me = m + (m & 1);
      a.scope(() => {
        const yc = a.alloc(8 * n * me), cc = a.alloc(8 * P * me);
        const yv = a.f64(yc, n * me);
        if (me > m) yv.fill(0, m * n);
        for (let i = 0; i < n; i++) for (let o = 0; o < m; o++) yv[o * n + i] = y.data[i * q + c0 + o]!;
        product(a, n, P, psi, n, me, yc, n, cc, P, 0);
        const cv = a.f64(cc, P * m);
        for (let o = 0; o < m; o++) for (let k = 0; k < P; k++) c[k * q + c0 + o] = cv[o * P + k]!;
      });
    }
  });
  return new PCE(ds, indices, matrix(c, P, q), { method: 'projection', points: n });
}

/** Options of {@link fitPCE}: the basis (as {@link MultiIndexOptions}) and the regression method. */
export interface FitOptions extends MultiIndexOptions {
  /**
   * 'ols' (default): least squares on the whole basis (needs N >= P), by Cholesky QR with a
   * condition estimate, falling back to Householder QR for ill-conditioned bases
   * (src/numerics/lsq.ts).
   * 'omp': orthogonal matching pursuit, which adds one basis term at a time (the one most
   * correlated with the residual) and keeps the number of terms with the smallest
   * leave-one-out error (Blatman & Sudret 2011); works with N < P.
   * 'lars': least angle regression (Efron et al. 2004) orders the terms; each model along the
   * path is refitted by least squares and the one with the smallest leave-one-out error kept
   * (hybrid LARS, Blatman & Sudret 2011); works with N < P.
   * Sparse fits select terms per output.
   */
  readonly method?: 'ols' | 'omp' | 'lars';
  /**
   * OMP and LARS: most terms in a model, the constant included (default min(P, N/2): at least
   * two samples per term; at most N - 1).
   */
  readonly maxTerms?: number;
  /**
   * LARS: score models by the corrected leave-one-out error of Chapelle et al. (2002), the
   * PRESS times N / (N - P) (1 + tr(C^-1) / N), which penalises models with many terms for
   * few samples (Blatman & Sudret 2011, eq. 31). Default false.
   */
  readonly modifiedLOO?: boolean;
}

/**
 * Least-squares regression on samples X (N x d) with outputs Y (N values, or N x q for q
 * outputs: one factorisation serves all). Refuses N < P. Reports the closed-form
 * leave-one-out error per output (PRESS: e_i = r_i / (1 - h_ii), relative to var(Y)).
 *
 * @example
 * ```js
 * import { Uniform, fitPCE, matrix, sobol } from 'uqkit';
 *
 * // y = 1 + x1 + x1 x2 on U(-1, 1)^2: mean 1, variance 4/9, S = [0.75, 0], ST = [1, 0.25]
 * const dists = [new Uniform(-1, 1), new Uniform(-1, 1)];
 * const X = matrix(sobol(64, 2, { scramble: 'owen', seed: 3 }).data.map((u) => 2 * u - 1), 64, 2);
 * const Y = new Float64Array(64).map((_, i) => 1 + X.data[2 * i] + X.data[2 * i] * X.data[2 * i + 1]);
 * const pce = fitPCE(dists, X, Y, { degree: 3 });
 * console.log(pce.mean(), pce.variance(), pce.sobolFirst(), pce.sobolTotal());
 * ```
 *
 * @throws {@link InvalidArgumentError} for a bad distribution or option (degree, truncation,
 *   method, maxTerms...).
 * @throws {@link ShapeError} when X is not an N x d Matrix for the d distributions, or Y does
 *   not have N values (rows).
 * @throws {@link ResourceLimitError} when the regression would not fit the memory budget (lower
 *   the degree, or use fewer points or outputs at a time).
 */
export function fitPCE(dists: readonly Distribution[], X: Matrix, Y: Float64Array | Matrix, opts: FitOptions): PCE {
  const ds = checkDists(dists);
  const o = optionsObject<FitOptions>('options', opts);
  knownKeys('options', o, ['degree', 'truncation', 'q', 'anisotropy', 'method', 'maxTerms', 'modifiedLOO']);
  const method = o.method === undefined ? 'ols' : oneOf('options.method', o.method, ['ols', 'omp', 'lars'] as const);
  const { method: _m, maxTerms: _t, modifiedLOO, ...mi } = o;
  void _m;
  void _t;
  if (modifiedLOO !== undefined && (typeof modifiedLOO !== 'boolean' || method !== 'lars')) {
    throw new InvalidArgumentError({ field: 'options.modifiedLOO', value: modifiedLOO, expected: method === 'lars' ? 'true or false' : "to be used with method: 'lars'" });
  }
  const indices = multiIndices(ds.length, mi as MultiIndexOptions);
  if (!X || !(X.data instanceof Float64Array)) throw new ShapeError({ field: 'X', value: X, expected: 'a Matrix of sample points' });
  const y = outputMatrix('Y', Y, X.rows);
  const n = X.rows, P = indices.length, q = y.cols;
  // The basis (twice, by rows and by columns; once more for the QR fallback and its leverages),
  // the Gram matrix and its factors, the outputs and the coefficients, in WebAssembly memory.
  checkMemory('options.degree', o.degree, 8 * (4 * n * P + 5 * P * P + 4 * n * q + 4 * P * q + n * ds.length), `least squares with ${P} basis terms at ${n} points for ${q} outputs`, 'wasm', 'use a lower degree, fewer points or fewer outputs at a time');
  // Sparse fits also keep the basis by columns in JavaScript and up to one orthogonal column per term.
  checkMemory('options.degree', o.degree, 8 * ((method === 'ols' ? 1 : 2) * n * P + 2 * n * q + P * q), `${method === 'ols' ? 'least squares' : `a sparse fit (${method})`} with ${P} basis terms at ${n} points for ${q} outputs`);
  if (method !== 'ols') {
    const maxTerms = integer('options.maxTerms', o.maxTerms ?? Math.max(1, Math.min(P, Math.floor(n / 2))), 1, Math.min(P, Math.max(1, n - 1)));
    return sparseFit(method, ds, indices, X, y, maxTerms, modifiedLOO === true);
  }
  if (n < P) {
    throw new InvalidArgumentError({ field: 'X', value: n, expected: `at least P = ${P} samples for ${P} basis terms (degree ${String(o.degree)}, ${ds.length} inputs)`, hint: 'use more samples (2P is a good start) or a lower degree' });
  }
  const { arena } = core();
  const fit = arena.scope((a) => solveLeastSquares(a, n, P, basisInto(a, ds, indices, X), y.data, q, true));
  const leverage = fit.leverage!;
  // Leave-one-out: residuals of the fit, divided by 1 - h_ii.
  const loo: number[] = [];
  for (let c = 0; c < q; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y.data[i * q + c]!;
    mean /= n;
    let press = 0, vary = 0;
    for (let i = 0; i < n; i++) {
      const r = (y.data[i * q + c]! - fit.fitted[i * q + c]!) / (1 - leverage[i]!);
      press += r * r;
      vary += (y.data[i * q + c]! - mean) ** 2;
    }
    loo.push(vary > 0 ? press / vary : press === 0 ? 0 : Infinity);
  }
  return new PCE(ds, indices, matrix(fit.coef, P, q), { method: 'ols', points: n, looError: loo, solver: fit.method, condition: fit.condition });
}

/** A sparse fit per output: OMP (ompSelect) or hybrid LARS (src/numerics/lars.ts). */
function sparseFit(method: 'omp' | 'lars', ds: Distribution[], indices: number[][], X: Matrix, y: Matrix, maxTerms: number, modifiedLOO: boolean): PCE {
  const n = X.rows, P = indices.length, q = y.cols;
  const psi = basisMatrix(ds, indices, X, 'column');
  const coef = new Float64Array(P * q);
  const loo: number[] = [];
  for (let o = 0; o < q; o++) {
    const yo = Float64Array.from({ length: n }, (_, i) => y.data[i * q + o]!);
    const r = method === 'omp' ? ompSelect(psi, n, P, yo, maxTerms) : larsSelect(psi, n, P, yo, maxTerms - 1, { modifiedLOO });
    r.chosen.forEach((j, k) => { coef[j * q + o] = r.coef[k]!; });
    loo.push(r.loo);
  }
  return new PCE(ds, indices, matrix(coef, P, q), { method, points: n, looError: loo });
}

/**
 * Orthogonal matching pursuit on the columns of the column-major n x P basis `psi` for the
 * outputs y: the constant term first, then at each step the column most correlated with the
 * residual (after orthogonalising against the chosen ones), orthogonalised by modified
 * Gram-Schmidt (twice, for stability). The thin Q grows a column per step, so the leverages
 * h_ii and the leave-one-out error of every model size come for O(N) each; the size with the
 * smallest LOO error is kept. Returns its columns, least-squares coefficients and LOO error.
 */
function ompSelect(psi: Float64Array, n: number, P: number, yo: Float64Array, maxTerms: number): { chosen: number[]; coef: Float64Array; loo: number } {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yo[i]!;
  mean /= n;
  let vary = 0;
  for (let i = 0; i < n; i++) vary += (yo[i]! - mean) ** 2;
  const Q: Float64Array[] = [];
  const chosen: number[] = [];
  const R: Float64Array[] = []; // R[step] = coefficients of the chosen column on q_0..q_step
  const r = yo.slice();
  const lev = new Float64Array(n);
  let best = { err: Infinity, k: 0 };
  const qty: number[] = [];
  const used = new Uint8Array(P);
  for (let step = 0; step < maxTerms; step++) {
    // Candidate: the constant first, then the largest |psi_j . r| / ||psi_j - its projection||.
    let j = 0;
    if (step > 0) {
      let top = -1;
      for (let c = 0; c < P; c++) {
        if (used[c]) continue;
        let dot = 0, nn = 0;
        const col = c * n;
        for (let i = 0; i < n; i++) { const v = psi[col + i]!; dot += v * r[i]!; nn += v * v; }
        const score = nn > 0 ? (dot * dot) / nn : 0;
        if (score > top) { top = score; j = c; }
      }
      if (top <= 0) break;
    }
    const v = psi.slice(j * n, (j + 1) * n);
    const rcol = orthogonalise(v, Q);
    const norm = rcol[Q.length]!;
    used[j] = 1;
    let colNorm = 0;
    for (let i = 0; i < n; i++) colNorm += psi[j * n + i]! ** 2;
    if (!(norm > 1e-10 * Math.sqrt(colNorm))) continue; // dependent on the chosen ones: skip it
    for (let i = 0; i < n; i++) v[i]! /= norm;
    Q.push(v);
    chosen.push(j);
    R.push(rcol);
    let d = 0;
    for (let i = 0; i < n; i++) d += v[i]! * yo[i]!;
    qty.push(d);
    for (let i = 0; i < n; i++) {
      r[i]! -= d * v[i]!;
      lev[i]! += v[i]! * v[i]!;
    }
    // Leave-one-out error of this model size.
    let press = 0;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const den = 1 - lev[i]!;
      if (!(den > 1e-12)) { ok = false; break; }
      press += (r[i]! / den) ** 2;
    }
    const err = ok ? (vary > 0 ? press / vary : press) : Infinity;
    if (err < best.err) best = { err, k: Q.length };
    if (Q.length >= n - 1) break;
  }
  // Coefficients of the best size: R c = Q^T y (upper triangular: R[col][row]).
  const k = best.k;
  const c = new Float64Array(k);
  for (let a = k - 1; a >= 0; a--) {
    let s = qty[a]!;
    for (let b = a + 1; b < k; b++) s -= R[b]![a]! * c[b]!;
    c[a] = s / R[a]![a]!;
  }
  return { chosen: chosen.slice(0, k), coef: c, loo: best.err };
}
