// Borgonovo's moment-independent importance measure delta (RESS 92, 2007) and a first-order
// index from the same given data, by the estimators of Plischke, Borgonovo & Smith (EJOR 226,
// 2013) as SALib 1.5.2's delta.analyze computes them:
// - the rows are split by the rank of the input into M classes of (nearly) equal size,
//   M = min(ceil(n^(2 / (7 + tanh((1500 - n) / 500)))), 48);
// - delta = sum over classes of n_j / (2 n) * integral |f_Y - f_{Y|class j}|, the densities
//   Gaussian kernel estimates (Silverman's bandwidth) on 100 evenly spaced points from min(Y)
//   to max(Y) (over all rows), integrated by the trapezoidal rule;
// - bias reduction: delta is estimated on a subset of n rows drawn with replacement (d_hat) and
//   on R more such resamples (d_r); the result is the mean of 2 d_hat - d_r and its
//   half-width z * std(ddof = 1) of the same values;
// - S1 = sum_j n_j / n (mean of Y in class j - mean Y)^2 / var Y on another subset drawn with
//   replacement, and its half-width from R resamples.
// SALib draws every subset at random (numpy's global generator), anew for each input; uqkit
// draws them from its own generator once for all inputs (so the density of all outputs of a
// row set is estimated once), or takes them from the caller per input (`draws`) to reproduce
// another tool's.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { check, Status } from '../core/status.js';
import { core, type Core } from '../core/wasm.js';
import type { Matrix } from './matrix.js';
import { forInputs } from './salib-parallel.js';
import { columnOf, confOption, drawIndices, givenIndices, halfWidth, intOption, orderOf, orderedOutputs, sampleShape, seedOption } from './salib-support.js';

/** Rows drawn for one parameter: the subset first, then the resamples, each of yResamples row indices. */
export interface DeltaDraws {
  /** For delta: 1 + R rows (the subset d_hat is estimated on, then the R resamples). */
  readonly delta?: Int32Array;
  /** For S1: 1 + R rows (the subset S1 is estimated on, then the R resamples). */
  readonly S1?: Int32Array;
}

/** Options of {@link deltaAnalyze}. */
export interface DeltaOptions {
  /** Bootstrap resamples (SALib's num_resamples, default 100; at least 2). */
  readonly resamples?: number;
  /** Confidence level of the half-widths (default 0.95). */
  readonly confLevel?: number;
  /** Rows per subset and resample (SALib's y_resamples; default all n). */
  readonly yResamples?: number;
  /** Which indices: 'all' (default), 'delta' or 'sobol' (S1 only). */
  readonly method?: 'all' | 'delta' | 'sobol';
  /** Seed of the draws, one set of row sets for all inputs (default: a fresh one, reported in the result). */
  readonly seed?: number | bigint;
  /** The rows to use, per parameter, instead of drawing them (to reproduce another tool's draws). */
  readonly draws?: readonly DeltaDraws[];
}

/** Delta and first-order indices with their half-widths (SALib's field names; NaN where not computed). */
export interface DeltaResult {
  /** Bias-reduced delta of each parameter, in [0, 1]. */
  readonly delta: Float64Array;
  /** Half-width of the confidence interval of delta. */
  readonly delta_conf: Float64Array;
  /** First-order (correlation-ratio) index of each parameter. */
  readonly S1: Float64Array;
  /** Half-width of the confidence interval of S1. */
  readonly S1_conf: Float64Array;
  /** Rows per subset and resample. */
  readonly yResamples: number;
  /** Classes the rows are split into by the input's rank. */
  readonly classes: number;
  /** Bootstrap resamples. */
  readonly resamples: number;
  /** Confidence level of the half-widths. */
  readonly confLevel: number;
  /** Seed the rows were drawn from (undefined when they were given). */
  readonly seed: bigint | undefined;
}

/** SALib's number of classes for n rows. */
export function deltaClasses(n: number): number {
  const exp = 2 / (7 + Math.tanh((1500 - n) / 500));
  return Math.round(Math.min(Math.ceil(n ** exp), 48));
}

/** numpy.linspace(a, b, num) */
function linspace(a: number, b: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (b - a) / (num - 1);
  for (let k = 0; k < num; k++) out[k] = k * step + a;
  out[num - 1] = b;
  return out;
}

/**
 * Delta and first-order indices of each input of a given sample (SALib's `delta.analyze(problem,
 * X, Y, num_resamples, conf_level, y_resamples=, method=)`; see the file's comment). In Node,
 * large analyses share the inputs out over worker threads (UQKIT_THREADS); the numbers are the
 * same for any number of threads.
 * @throws ShapeError / InvalidArgumentError when X and Y do not match, too few rows (fewer than
 *   the classes), resamples < 2, or constant outputs; NonFiniteOutputError for NaN or infinite outputs.
 */
export function deltaAnalyze(X: Matrix, Y: Float64Array, options: DeltaOptions = {}): DeltaResult {
  const { n, d } = sampleShape(X, Y, 2, 'the delta measure');
  const yRes = intOption('yResamples', options.yResamples, n, 2);
  if (yRes > n) throw new InvalidArgumentError({ field: 'yResamples', value: yRes, expected: `at most the number of rows (${n})` });
  const method = options.method ?? 'all';
  if (method !== 'all' && method !== 'delta' && method !== 'sobol') throw new InvalidArgumentError({ field: 'method', value: method, expected: "'all', 'delta' or 'sobol'" });
  const confLevel = confOption(options.confLevel);
  const given = options.draws;
  if (given !== undefined && (!Array.isArray(given) || given.length !== d)) throw new ShapeError({ field: 'draws', value: given, expected: `one DeltaDraws per parameter (${d})` });
  const R = intOption('resamples', options.resamples, 100, 2);
  const seed = given ? undefined : seedOption(options.seed);
  const M = deltaClasses(yRes);
  // classes: sorted positions bounds[j] .. bounds[j+1]-1 (ranks in (m_j, m_{j+1}], m = linspace(0, yRes, M + 1))
  const m = linspace(0, yRes, M + 1);
  const bounds = Int32Array.from(m, (v) => Math.min(yRes, Math.floor(v)));
  let ymin = Infinity, ymax = -Infinity;
  for (let i = 0; i < n; i++) { ymin = Math.min(ymin, Y[i]!); ymax = Math.max(ymax, Y[i]!); }
  if (!(ymax > ymin)) throw new InvalidArgumentError({ field: 'Y', value: ymin, expected: 'outputs that are not all equal' });
  const grid = linspace(ymin, ymax, 100);
  const factors = Float64Array.from({ length: yRes + 1 }, (_, k) => ((k * 3) / 4) ** -0.2);
  let draws: { delta: Int32Array | undefined; S1: Int32Array | undefined }[] | undefined;
  if (given) {
    // checked here, on the calling thread, so that a mistake is reported the same way whoever computes
    draws = given.map((g, i) => {
      const rows = (which: 'delta' | 'S1'): Int32Array | undefined => {
        if ((which === 'delta' && method === 'sobol') || (which === 'S1' && method === 'delta')) return undefined;
        const v = g?.[which];
        const count = givenIndices(`draws[${i}].${which}`, v, n, yRes);
        if (count !== R + 1) throw new ShapeError({ field: `draws[${i}].${which}`, value: v, expected: `1 + resamples = ${R + 1} rows of ${yRes} row indices` });
        return v;
      };
      return { delta: rows('delta'), S1: rows('S1') };
    });
  }
  const payload: DeltaPayload = { X: { rows: X.rows, cols: X.cols, data: X.data } as Matrix, Y, yRes, R, M, bounds, grid, factors, method, confLevel, seed, draws };
  const res = forInputs(d, 4, d * (R + 1) * yRes * (method === 'sobol' ? 5 : 150), 'delta', payload, (c, first, end) => deltaInputs(c, payload, first, end));
  const out = { delta: new Float64Array(d), delta_conf: new Float64Array(d), S1: new Float64Array(d), S1_conf: new Float64Array(d) };
  for (let i = 0; i < d; i++) [out.delta[i], out.delta_conf[i], out.S1[i], out.S1_conf[i]] = [res[4 * i]!, res[4 * i + 1]!, res[4 * i + 2]!, res[4 * i + 3]!];
  return { ...out, yResamples: yRes, classes: M, resamples: R, confLevel, seed };
}

/** What delta needs for a range of inputs (structured-clonable, for a worker thread). */
export interface DeltaPayload {
  readonly X: Matrix;
  readonly Y: Float64Array;
  readonly yRes: number;
  readonly R: number;
  /** Classes. */
  readonly M: number;
  readonly bounds: Int32Array;
  readonly grid: Float64Array;
  readonly factors: Float64Array;
  readonly method: 'all' | 'delta' | 'sobol';
  readonly confLevel: number;
  readonly seed: bigint | undefined;
  /** Checked rows per input, when given. */
  readonly draws: readonly { readonly delta: Int32Array | undefined; readonly S1: Int32Array | undefined }[] | undefined;
}

/** delta, delta_conf, S1 and S1_conf of inputs first..end-1 (4 per input, NaN where not computed). */
export function deltaInputs(c: Core, p: DeltaPayload, first: number, end: number): Float64Array {
  const { X, Y, yRes, R, M, bounds, grid, factors, method, confLevel, seed } = p;
  const out = new Float64Array(4 * (end - first)).fill(NaN);
  // uqkit's own draws are shared by all inputs (common random numbers): the density of all
  // outputs of a row set is then the same for every input and is estimated once per set
  const shared = p.draws === undefined;
  const fyCache = new Float64Array((R + 1) * 100);
  const fyKnown = new Uint8Array(R + 1);
  const sharedRows = shared ? { delta: drawIndices(X.rows, R + 1, yRes, seed!, 0, c), S1: drawIndices(X.rows, R + 1, yRes, seed!, 1, c) } : undefined;
  const { exports: k, arena } = c;
  if (shared && first > 0 && method !== 'sobol') {
    // The density of all outputs of each row set as the first input's range computes it: the
    // kernel sums in the order of input 0's ranks, so the same bits whichever thread gets which inputs.
    const x0 = columnOf(X, 0);
    const ys0 = orderedOutputs(sharedRows!.delta, yRes, x0, orderOf(x0, c), Y, 0, c);
    arena.scope((a) => {
      const py = a.alloc(8 * yRes), pb = a.alloc(8), pg = a.alloc(8 * 100), pf = a.alloc(8 * (yRes + 1)), pw = a.alloc(8 * 200), po = a.alloc(8);
      a.i32(pb, 2).fill(0);
      a.f64(pg, 100).set(grid);
      a.f64(pf, yRes + 1).set(factors);
      for (let r = 0; r <= R; r++) {
        a.f64(py, yRes).set(ys0.subarray(r * yRes, (r + 1) * yRes));
        // one empty class: only the density of all outputs is estimated
        check('deltaEstimate', k.deltaEstimate(yRes, py, 1, pb, 100, pg, pf, pw, po, 0), {
          [Status.VALUE]: { field: 'Y', value: 'parameter 0', expected: 'outputs that vary within a resample' },
        });
        fyCache.set(a.f64(pw, 100), r * 100);
        fyKnown[r] = 1;
      }
    });
  }
  for (let i = first; i < end; i++) {
    const o = 4 * (i - first);
    const x = columnOf(X, i);
    const column = orderOf(x, c);
    // the outputs of each row set, ordered by the input (stably: SALib's ordinal ranks)
    const sorted = (rows: Int32Array): Float64Array => orderedOutputs(rows, yRes, x, column, Y, 0, c);
    if (method !== 'sobol') {
      const ys = sorted(sharedRows ? sharedRows.delta : p.draws![i]!.delta!);
      const est = arena.scope((a) => {
        const py = a.alloc(8 * yRes), pb = a.alloc(4 * (M + 1)), pg = a.alloc(8 * 100), pf = a.alloc(8 * (yRes + 1)), pw = a.alloc(8 * 200), po = a.alloc(8);
        a.i32(pb, M + 1).set(bounds);
        a.f64(pg, 100).set(grid);
        a.f64(pf, yRes + 1).set(factors);
        const e = new Float64Array(R + 1);
        for (let r = 0; r <= R; r++) {
          a.f64(py, yRes).set(ys.subarray(r * yRes, (r + 1) * yRes));
          const known = shared && fyKnown[r] === 1;
          if (known) a.f64(pw, 100).set(fyCache.subarray(r * 100, (r + 1) * 100));
          check('deltaEstimate', k.deltaEstimate(yRes, py, M, pb, 100, pg, pf, pw, po, known ? 1 : 0), {
            [Status.VALUE]: { field: 'Y', value: `parameter ${i}`, expected: 'outputs that vary within a resample' },
          });
          if (shared && !known) {
            fyCache.set(a.f64(pw, 100), r * 100);
            fyKnown[r] = 1;
          }
          e[r] = a.f64(po, 1)[0]!;
        }
        return e;
      });
      const dr = new Float64Array(R);
      let mean = 0;
      for (let r = 0; r < R; r++) { dr[r] = 2 * est[0]! - est[r + 1]!; mean += dr[r]!; }
      out[o] = mean / R;
      out[o + 1] = halfWidth(dr, confLevel);
    }
    if (method !== 'delta') {
      const ys = sorted(sharedRows ? sharedRows.S1 : p.draws![i]!.S1!);
      const s = new Float64Array(R + 1);
      for (let r = 0; r <= R; r++) s[r] = firstOrder(ys.subarray(r * yRes, (r + 1) * yRes), bounds);
      out[o + 2] = s[0]!;
      out[o + 3] = halfWidth(s.subarray(1), confLevel);
    }
  }
  return out;
}

/** SALib's sobol_first on outputs ordered by the input: between-class variance / variance (0 for constant outputs). */
function firstOrder(ys: Float64Array, bounds: Int32Array): number {
  const n = ys.length;
  let lo = Infinity, hi = -Infinity, mean = 0;
  for (let t = 0; t < n; t++) { lo = Math.min(lo, ys[t]!); hi = Math.max(hi, ys[t]!); mean += ys[t]!; }
  if (hi - lo === 0) return 0;
  mean /= n;
  let v = 0;
  for (let t = 0; t < n; t++) v += (ys[t]! - mean) ** 2;
  v /= n;
  let vi = 0;
  for (let j = 0; j + 1 < bounds.length; j++) {
    const a = bounds[j]!, b = bounds[j + 1]!;
    let s = 0;
    for (let t = a; t < b; t++) s += ys[t]!;
    vi += ((b - a) / n) * (s / (b - a) - mean) ** 2;
  }
  return vi / v;
}
