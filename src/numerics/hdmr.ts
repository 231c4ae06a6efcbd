// High-dimensional model representation (HDMR), as SALib's `hdmr` analyzer: the output is
// expanded in component functions of one, two and three inputs, each a cubic B-spline
// expansion (tensor products for the higher orders) fitted by Tikhonov-regularised least
// squares, first order by backfitting, the higher orders to what the lower ones leave; the
// ANCOVA decomposition of the output's variance then splits each component's share into a
// structural part Sa (its own variance) and a correlative part Sb (its covariance with the
// other components), S = Sa + Sb; an F-test tells which components matter. The whole fit is
// repeated on K subsamples of R rows (drawn without replacement) for confidence intervals.
//
// References:
// [1] G. Li, H. Rabitz, P. E. Yelvington, O. O. Oluwole, F. Bacon, C. E. Kolb, J. Schoendorf,
//     Global sensitivity analysis for systems with independent and/or correlated inputs,
//     J. Phys. Chem. A 114(19), 6022-6032 (2010): S_u = Cov(f_u, Y) / V(Y),
//     Sa_u = V(f_u) / V(Y), Sb_u = Cov(f_u, sum_{v != u} f_v) / V(Y) (eqs. 19-21).
// [2] H. Rabitz, O. F. Alis, General foundations of high-dimensional model representations,
//     J. Math. Chem. 25, 197-233 (1999).
import { InvalidArgumentError, NonFiniteOutputError, ShapeError } from '../core/errors.js';
import { check } from '../core/status.js';
import { integer, knownKeys, options, randomSeed, seed as seedOf } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { betaincinvPair, ndtri } from '../distributions/special.js';
import type { Matrix } from './matrix.js';
import { uniforms } from './screening-kernels.js';

/** Options of `hdmr`; every one has SALib's default. */
export interface HDMROptions {
  /** Names of the inputs, one per column of X (default x1, x2, ...); terms are named a/b and a/b/c. */
  readonly names?: readonly string[];
  /** Highest order of the component functions: 1, 2 or 3 (3 needs at least 3 inputs). Default 2. */
  readonly maxorder?: number;
  /** Most backfitting sweeps of the first-order components, 1..1000. Default 100. */
  readonly maxiter?: number;
  /** B-spline intervals per input, 1..10 (m + 3 cubic splines per input). Default 2. */
  readonly m?: number;
  /** Bootstrap subsamples, 1..100. Default 20. */
  readonly K?: number;
  /** Rows per subsample, drawn without replacement: 300..N. Default floor(N / 2); with K = 1 always N (all rows, in order), as SALib's. */
  readonly R?: number;
  /** Confidence level of the F-test and of the intervals, 0.5..1. Default 0.95. */
  readonly alpha?: number;
  /** Tikhonov regularisation lambda added to the diagonal of B^T B, 0..10. Default 0.01. */
  readonly lambdax?: number;
  /** Seed of the subsamples (integer 0..2^53-1 or bigint below 2^64). Default: a fresh one, reported. */
  readonly seed?: number | bigint;
  /** The rows of each subsample (K x R numbers in 0..N-1, row-major), instead of drawing them. */
  readonly resampleIndex?: Int32Array;
}

/** The fitted component functions (SALib's `Em`): coefficients of every subsample. */
export interface HDMREmulator {
  /** B-spline intervals m (m + 3 splines per input). */
  readonly m: number;
  /** Highest order fitted. */
  readonly maxorder: number;
  /** Number of subsamples K. */
  readonly K: number;
  /** Smallest and largest value of each input in X: inputs are scaled to [0, 1] by them. */
  readonly xmin: Float64Array;
  /** See xmin. */
  readonly xmax: Float64Array;
  /** The input pairs of the second-order terms (two indices each, in Term's order). */
  readonly c2: ReadonlyArray<readonly [number, number]>;
  /** The input triples of the third-order terms. */
  readonly c3: ReadonlyArray<readonly [number, number, number]>;
  /** Mean output f0 of each subsample (K). */
  readonly f0: Float64Array;
  /** Root-mean-square error of the emulator on each subsample (K). */
  readonly RMSE: Float64Array;
  /** First-order coefficients: K x d x (m + 3), subsample-major. */
  readonly C1: Float64Array;
  /** Second-order coefficients: K x (number of pairs) x (m + 3)^2 (spline a of the first input, b of the second at a (m + 3) + b). */
  readonly C2: Float64Array;
  /** Third-order coefficients: K x (number of triples) x (m + 3)^3. */
  readonly C3: Float64Array;
  /** Whether the F-test selected each term in each subsample: K x (number of terms), 0 or 1. */
  readonly select: Uint8Array;
}

/** HDMR indices per term (first-order terms, then pairs, then triples), with SALib's field names. */
export interface HDMRResult {
  /** Term names: the input names, then a/b for pairs and a/b/c for triples. */
  readonly Term: readonly string[];
  /** The same as Term (SALib's `names`). */
  readonly names: readonly string[];
  /** Structural (uncorrelated) contribution Sa = V(f_u) / V(Y), mean over the subsamples. */
  readonly Sa: Float64Array;
  /** Half-width of Sa's confidence interval: z((1 + alpha) / 2) times the standard deviation (divisor K) over the subsamples; 0 with K = 1. */
  readonly Sa_conf: Float64Array;
  /** Correlative contribution Sb = Cov(f_u, sum of the other components) / V(Y). */
  readonly Sb: Float64Array;
  /** Half-width of Sb's confidence interval. */
  readonly Sb_conf: Float64Array;
  /** Total contribution of the term S = Cov(f_u, Y) / V(Y) (= Sa + Sb up to the fit's residual). */
  readonly S: Float64Array;
  /** Half-width of S's confidence interval. */
  readonly S_conf: Float64Array;
  /** Total contribution of each input: the sum of S over the terms containing it; NaN for the terms beyond the first d (SALib's layout). */
  readonly ST: Float64Array;
  /** Half-width of ST's confidence interval; NaN beyond the first d terms. */
  readonly ST_conf: Float64Array;
  /** In how many of the K subsamples the F-test selected the term. */
  readonly select: Int32Array;
  /** Sum of Sa over the terms (mean over the subsamples). */
  readonly Sa_sum: number;
  /** Half-width of its confidence interval (over the subsamples; SALib's is always 0). */
  readonly Sa_sum_conf: number;
  /** Sum of Sb over the terms. */
  readonly Sb_sum: number;
  /** Half-width of its confidence interval. */
  readonly Sb_sum_conf: number;
  /** Sum of S over the terms. */
  readonly S_sum: number;
  /** Half-width of its confidence interval. */
  readonly S_sum_conf: number;
  /** The component functions (SALib's `Em`), for `hdmrEmulate`. */
  readonly Em: HDMREmulator;
  /** Number of rows of X. */
  readonly n: number;
  /** The subsampling: K subsamples of R rows, the F-test's and the intervals' alpha, and the seed drawn from (undefined with `resampleIndex` or K = 1). */
  readonly bootstrap: { readonly K: number; readonly R: number; readonly alpha: number; readonly seed: bigint | undefined };
}

/** The least number of rows `hdmr` accepts (SALib's). */
export const HDMR_MIN_ROWS = 300;

/** The p-quantile of the F distribution with (a, b) degrees of freedom. */
function fQuantile(p: number, a: number, b: number): number {
  const [x, y] = betaincinvPair(a / 2, b / 2, p, 1 - p);
  return (b * x) / (a * y);
}

function combinations(d: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) {
      out.push(acc.slice());
      return;
    }
    for (let j = start; j < d; j++) rec(j + 1, [...acc, j]);
  };
  rec(0, []);
  return out;
}

/** The m + 3 B-splines of each input at the scaled points xn (n x d): column-major, n rows, d (m + 3) columns. */
function basis(xn: Float64Array, n: number, d: number, m: number): Float64Array {
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const px = a.copyIn(xn), po = a.alloc(8 * n * d * (m + 3));
    check('hdmrBasis', k.hdmrBasis(n, d, m, px, po));
    return a.copyOut(po, new Float64Array(n * d * (m + 3)));
  });
}

/** Inputs scaled to [0, 1] by each column's minimum and maximum (as SALib: (x - min) / (max - min)). */
function scaled(X: Matrix, xmin: Float64Array, xmax: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = X;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j]! - xmin[j]!) / (xmax[j]! - xmin[j]!);
  return out;
}

function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
}

/** Population (divisor n) standard deviation times `mult`. */
function conf(v: Float64Array, mult: number): number {
  const mu = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - mu) ** 2;
  return mult * Math.sqrt(s / v.length);
}

/** Rows `rows` (R of them) of each of `cols` columns of src (N rows, column-major) into out (R rows). */
function gatherRows(src: Float64Array, N: number, rows: Int32Array, R: number, cols: number, out: Float64Array): void {
  for (let c = 0; c < cols; c++) {
    const from = c * N, to = c * R;
    for (let i = 0; i < R; i++) out[to + i] = src[from + rows[i]!]!;
  }
}

/** res -= sign x each of the components first..first+nterms-1 of Yem (R values each), one by one (in order, as SALib). */
function subtractTerms(res: Float64Array, Yem: Float64Array, first: number, nterms: number, R: number, sign = 1): void {
  for (let t = first; t < first + nterms; t++) {
    const at = t * R;
    if (sign === 1) for (let i = 0; i < R; i++) res[i] = res[i]! - Yem[at + i]!;
    else for (let i = 0; i < R; i++) res[i] = res[i]! + Yem[at + i]!;
  }
}

/** Sum of squares of y - f0 - f, f the R values of Yem from `at`. */
function residualSquares(y: Float64Array, f0: number, Yem: Float64Array, at: number, R: number): number {
  let s = 0;
  for (let i = 0; i < R; i++) {
    const e = y[i]! - f0 - Yem[at + i]!;
    s += e * e;
  }
  return s;
}

/**
 * For the component f (R values of Yem from `at`): its covariance (divisor R - 1) with y, its
 * sum of squared deviations, and its covariance with the sum of the other components (total - f).
 */
function termMoments(Yem: Float64Array, at: number, R: number, y: Float64Array, my: number, total: Float64Array, mTotal: number): [number, number, number] {
  let mf = 0;
  for (let i = 0; i < R; i++) mf += Yem[at + i]!;
  mf /= R;
  const mRest = mTotal - mf;
  let cy = 0, v = 0, cr = 0;
  for (let i = 0; i < R; i++) {
    const f = Yem[at + i]!, e = f - mf;
    cy += e * (y[i]! - my);
    v += e * e;
    cr += e * (total[i]! - f - mRest);
  }
  return [cy / (R - 1), v, cr / (R - 1)];
}

/**
 * Global sensitivity indices by HDMR (Li et al. 2010), as SALib's `hdmr.analyze`, from the
 * outputs Y (N values) at the rows of X (N x d, any design; the inputs may be correlated).
 * Each input is scaled to [0, 1] and expanded in m + 3 cubic B-splines; the component
 * functions up to `maxorder` are fitted to K subsamples of R rows and each term's Sa, Sb, S
 * (and each input's ST) are the means over the subsamples, their `_conf` the half-widths
 * z((1 + alpha) / 2) sigma. With K = 1 (then R = N) nothing is random.
 *
 * @throws ShapeError when X, Y, names or resampleIndex disagree in size, or X has fewer than
 *   300 rows or 2 columns; NonFiniteOutputError for NaN or infinite outputs;
 *   InvalidArgumentError for an input that does not vary, too few rows per subsample for the
 *   terms' coefficients, or options out of range
 */
export function hdmr(X: Matrix, Y: ArrayLike<number>, opts?: HDMROptions): HDMRResult {
  const o = options<HDMROptions>('options', opts);
  knownKeys('options', o, ['names', 'maxorder', 'maxiter', 'm', 'K', 'R', 'alpha', 'lambdax', 'seed', 'resampleIndex']);
  if (!X || !(X.data instanceof Float64Array) || !(X.cols >= 1) || X.data.length !== X.rows * X.cols) {
    throw new InvalidArgumentError({ field: 'X', value: X, expected: 'a Matrix (rows x cols Float64Array) of model inputs' });
  }
  const { rows: N, cols: d } = X;
  if (d < 2) throw new ShapeError({ field: 'X', value: d, expected: 'at least 2 columns (inputs)' });
  if (N < HDMR_MIN_ROWS) throw new ShapeError({ field: 'X', value: N, expected: `at least ${HDMR_MIN_ROWS} rows (samples), as SALib` });
  const y = Y instanceof Float64Array ? Y : Float64Array.from(Y as ArrayLike<number>);
  if (y.length !== N) throw new ShapeError({ field: 'Y', value: y.length, expected: `one output per row of X (${N})` });
  const bad: number[] = [];
  y.forEach((v, i) => { if (!Number.isFinite(v)) bad.push(i); });
  if (bad.length) throw new NonFiniteOutputError({ field: `Y[${bad[0]}]`, value: y[bad[0]!], expected: `finite outputs (${bad.length} NaN or infinite)` }, bad, 0);
  if (o.names !== undefined && (!Array.isArray(o.names) || o.names.length !== d)) throw new ShapeError({ field: 'options.names', value: o.names, expected: `one name per input (${d})` });
  const names = o.names ? o.names.map(String) : Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const maxorder = o.maxorder === undefined ? 2 : integer('options.maxorder', o.maxorder, 1, 3);
  if (maxorder === 3 && d < 3) throw new InvalidArgumentError({ field: 'options.maxorder', value: 3, expected: `at most 2 with ${d} inputs` });
  const maxiter = o.maxiter === undefined ? 100 : integer('options.maxiter', o.maxiter, 1, 1000);
  const m = o.m === undefined ? 2 : integer('options.m', o.m, 1, 10);
  const K = o.K === undefined ? 20 : integer('options.K', o.K, 1, 100);
  let R = o.R === undefined ? Math.floor(N / 2) : integer('options.R', o.R, HDMR_MIN_ROWS, N, `rows per subsample, at most the ${N} rows of X`);
  if (K === 1) R = N;
  const alpha = o.alpha === undefined ? 0.95 : o.alpha;
  if (typeof alpha !== 'number' || !(alpha >= 0.5 && alpha <= 1)) throw new InvalidArgumentError({ field: 'options.alpha', value: alpha, expected: 'a number from 0.5 to 1' });
  const lambdax = o.lambdax === undefined ? 0.01 : o.lambdax;
  if (typeof lambdax !== 'number' || !(lambdax >= 0 && lambdax <= 10)) throw new InvalidArgumentError({ field: 'options.lambdax', value: lambdax, expected: 'a number from 0 to 10' });
  const m1 = m + 3;
  const pMax = m1 ** maxorder;
  if (R <= pMax) {
    throw new InvalidArgumentError({ field: 'options.R', value: R, expected: `more rows per subsample than the ${pMax} coefficients of a term of order ${maxorder} with m = ${m} (${m1}^${maxorder}): more samples, a lower maxorder or a smaller m` });
  }
  const xmin = new Float64Array(d).fill(Infinity), xmax = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) {
    const v = X.data[i * d + j]!;
    if (!Number.isFinite(v)) throw new InvalidArgumentError({ field: `X[${i}][${j}]`, value: v, expected: 'finite inputs' });
    if (v < xmin[j]!) xmin[j] = v;
    if (v > xmax[j]!) xmax[j] = v;
  }
  for (let j = 0; j < d; j++) {
    if (!(xmax[j]! > xmin[j]!)) throw new InvalidArgumentError({ field: `X[:, ${j}]`, value: xmin[j], expected: `an input that varies (column ${j}, ${names[j]}, is constant)` });
  }
  const index = o.resampleIndex;
  if (index !== undefined) {
    if (!(index instanceof Int32Array) || index.length !== K * R) throw new ShapeError({ field: 'options.resampleIndex', value: index, expected: `an Int32Array of K x R = ${K} x ${R} row numbers` });
    for (let i = 0; i < index.length; i++) {
      if (!(index[i]! >= 0 && index[i]! < N)) throw new InvalidArgumentError({ field: `options.resampleIndex[${i}]`, value: index[i], expected: `a row number from 0 to ${N - 1}` });
    }
  }
  const seed = index !== undefined || K === 1 ? undefined : o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed);

  const c2 = maxorder > 1 ? combinations(d, 2) : [];
  const c3 = maxorder > 2 ? combinations(d, 3) : [];
  const n1 = d, n2 = c2.length, n3 = c3.length, n = n1 + n2 + n3;
  const p2 = m1 * m1, p3 = p2 * m1;
  const B1 = basis(scaled(X, xmin, xmax), N, d, m);

  const S = new Float64Array(n * K), Sa = new Float64Array(n * K), Sb = new Float64Array(n * K);
  const f0 = new Float64Array(K), RMSE = new Float64Array(K), sel = new Uint8Array(K * n);
  const C1 = new Float64Array(K * n1 * m1), C2 = new Float64Array(K * n2 * p2), C3 = new Float64Array(K * n3 * p3);
  const rows = new Int32Array(R);
  const all = new Int32Array(N);
  const yk = new Float64Array(R);
  const Yem = new Float64Array(n * R), total = new Float64Array(R);
  const zF = (q: number) => fQuantile(alpha, q, R - q);
  const fCrit = [zF(m1), n2 ? zF(p2) : 0, n3 ? zF(p3) : 0];
  const { exports: kx, arena } = core();
  arena.scope((a) => {
    const work = a.alloc(8 * Math.max(d * m1 * m1 + m1 + 2 * R + 1, n2 ? R * p2 + p2 * p2 + 1 : 0, n3 ? R * p3 + p3 * p3 + 1 : 0));
    const pb = a.alloc(8 * R * d * m1), py = a.alloc(8 * R);
    const t1 = a.copyIn(Int32Array.from({ length: d }, (_, j) => j));
    const t2 = n2 ? a.copyIn(Int32Array.from(c2.flat())) : 0, t3 = n3 ? a.copyIn(Int32Array.from(c3.flat())) : 0;
    const pc = a.alloc(8 * Math.max(n1 * m1, n2 * p2, n3 * p3)), pf = a.alloc(8 * n * R);
    const fit = (order: number, nterms: number, terms: number, res: Float64Array, coef: Float64Array, first: number) => {
      a.f64(py, R).set(res);
      const p = m1 ** order;
      check('hdmrComponents', kx.hdmrComponents(R, m1, d, order, nterms, terms, pb, lambdax, py, maxiter, pc, pf, work));
      coef.set(a.f64(pc, nterms * p), 0);
      Yem.set(a.f64(pf, nterms * R), first * R);
      subtractTerms(res, Yem, first, nterms, R);
    };
    for (let k = 0; k < K; k++) {
      if (index) rows.set(index.subarray(k * R, (k + 1) * R));
      else if (K === 1) for (let i = 0; i < N; i++) rows[i] = i;
      else {
        // The first R of a random permutation (partial Fisher-Yates), stream k of the seed.
        for (let i = 0; i < N; i++) all[i] = i;
        const u = uniforms(R, seed!, k);
        for (let i = 0; i < R; i++) {
          const j = i + Math.min(N - i - 1, Math.floor(u[i]! * (N - i)));
          const t = all[j]!;
          all[j] = all[i]!;
          all[i] = t;
          rows[i] = t;
        }
      }
      gatherRows(y, N, rows, R, 1, yk);
      gatherRows(B1, N, rows, R, d * m1, a.f64(pb, R * d * m1));
      let VY = 0;
      const mu = mean(yk);
      for (let i = 0; i < R; i++) VY += (yk[i]! - mu) ** 2;
      VY /= R;
      let s0 = 0;
      for (let i = 0; i < R; i++) s0 += yk[i]!;
      f0[k] = s0 / R;
      const res = yk.map((v) => v - f0[k]!);
      fit(1, n1, t1, res, C1.subarray(k * n1 * m1, (k + 1) * n1 * m1), 0);
      if (n2) fit(2, n2, t2, res, C2.subarray(k * n2 * p2, (k + 1) * n2 * p2), n1);
      if (n3) fit(3, n3, t3, res, C3.subarray(k * n3 * p3, (k + 1) * n3 * p3), n1 + n2);
      // F-test of each term against the constant model, with SALib's numbers of parameters:
      // m + 3 for terms 0..d (so also for the first pair), (m + 3)^2 for the next up to the
      // first triple, (m + 3)^3 after it.
      let ssr0 = 0;
      for (let i = 0; i < R; i++) ssr0 += (yk[i]! - f0[k]!) ** 2;
      for (let t = 0; t < n; t++) {
        const order = t <= n1 ? 0 : t <= n1 + n2 ? 1 : 2;
        const p1 = [m1, p2, p3][order]!;
        const ssr1 = residualSquares(yk, f0[k]!, Yem, t * R, R);
        const F = ((ssr0 - ssr1) / p1) / (ssr1 / (R - p1));
        if (F > fCrit[order]!) sel[k * n + t] = 1;
      }
      total.fill(0);
      subtractTerms(total, Yem, 0, n, R, -1);
      let sse = 0;
      for (let i = 0; i < R; i++) sse += (yk[i]! - (f0[k]! + total[i]!)) ** 2;
      RMSE[k] = Math.sqrt(sse / R);
      // ANCOVA (Li et al. 2010, eqs. 19-21); covariances with divisor R - 1 over V(Y) with divisor R, as SALib.
      const my = mean(yk), mTotal = mean(total);
      for (let t = 0; t < n; t++) {
        const [cy, v, cRest] = termMoments(Yem, t * R, R, yk, my, total, mTotal);
        S[t * K + k] = cy / VY;
        Sa[t * K + k] = v / R / VY;
        Sb[t * K + k] = cRest / VY;
      }
    }
  });

  const mult = ndtri(alpha + (1 - alpha) / 2);
  const per = (v: Float64Array, t: number) => v.subarray(t * K, (t + 1) * K);
  const avg = (v: Float64Array) => Float64Array.from({ length: n }, (_, t) => mean(per(v, t)));
  const ci = (v: Float64Array) => Float64Array.from({ length: n }, (_, t) => conf(per(v, t), mult));
  const ST = new Float64Array(n).fill(NaN), ST_conf = new Float64Array(n).fill(NaN);
  const terms: number[][] = [...names.map((_, j) => [j]), ...c2, ...c3];
  for (let j = 0; j < d; j++) {
    const ts = new Float64Array(K);
    terms.forEach((u, t) => { if (u.includes(j)) for (let k = 0; k < K; k++) ts[k] = ts[k]! + S[t * K + k]!; });
    ST[j] = mean(ts);
    ST_conf[j] = conf(ts, mult);
  }
  const sums = (v: Float64Array) => Float64Array.from({ length: K }, (_, k) => { let s = 0; for (let t = 0; t < n; t++) s += v[t * K + k]!; return s; });
  const select = new Int32Array(n);
  for (let k = 0; k < K; k++) for (let t = 0; t < n; t++) select[t] = select[t]! + sel[k * n + t]!;
  const Term = terms.map((u) => u.map((j) => names[j]).join('/'));
  return {
    Term, names: Term,
    Sa: avg(Sa), Sa_conf: ci(Sa), Sb: avg(Sb), Sb_conf: ci(Sb), S: avg(S), S_conf: ci(S), ST, ST_conf, select,
    Sa_sum: mean(sums(Sa)), Sa_sum_conf: conf(sums(Sa), mult), Sb_sum: mean(sums(Sb)), Sb_sum_conf: conf(sums(Sb), mult), S_sum: mean(sums(S)), S_sum_conf: conf(sums(S), mult),
    Em: { m, maxorder, K, xmin, xmax, c2: c2 as [number, number][], c3: c3 as [number, number, number][], f0, RMSE, C1, C2, C3, select: sel },
    n: N,
    bootstrap: { K, R, alpha, seed },
  };
}

/**
 * The HDMR emulator's outputs at the rows of X (inputs in the same columns as the X `hdmr`
 * was given): f0 plus every component function, with the coefficients averaged over the
 * subsamples, inputs scaled by the minima and maxima of the fitted X (SALib's `emulate`
 * rescales by the new X's and adds Y's mean instead).
 *
 * @throws ShapeError when X does not have one column per input
 */
export function hdmrEmulate(result: HDMRResult, X: Matrix): Float64Array {
  const em = result.Em;
  const d = em.xmin.length;
  if (!X || !(X.data instanceof Float64Array) || X.cols !== d || X.data.length !== X.rows * d) throw new ShapeError({ field: 'X', value: X, expected: `a Matrix with ${d} columns (the inputs fitted)` });
  const { K, m } = em, m1 = m + 3, N = X.rows;
  const B = basis(scaled(X, em.xmin, em.xmax), N, d, m);
  const avgCoef = (C: Float64Array) => {
    const per = C.length / K, out = new Float64Array(per);
    for (let k = 0; k < K; k++) for (let i = 0; i < per; i++) out[i] = out[i]! + C[k * per + i]! / K;
    return out;
  };
  const out = new Float64Array(N).fill(mean(em.f0));
  const add = (terms: number[][], C: Float64Array) => {
    const c = avgCoef(C);
    const p = terms.length ? m1 ** terms[0]!.length : 0;
    terms.forEach((u, t) => {
      for (let q = 0; q < p; q++) {
        const w = c[t * p + q]!;
        if (w === 0) continue;
        let rest = q, span = p;
        const cols = u.map((j) => { span /= m1; const a = Math.floor(rest / span); rest -= a * span; return (j * m1 + a) * N; });
        for (let i = 0; i < N; i++) {
          let v = w;
          for (const col of cols) v *= B[col + i]!;
          out[i] = out[i]! + v;
        }
      }
    });
  };
  add(Array.from({ length: d }, (_, j) => [j]), em.C1);
  add(em.c2.map((u) => [...u]), em.C2);
  add(em.c3.map((u) => [...u]), em.C3);
  return out;
}
