// Surrogate models in a file: a versioned JSON format holding, for a campaign's quantities of
// interest (QoIs), the models fitted to its runs (a polynomial chaos expansion per QoI; other
// Gaussian process per QoI for kind 'gp'; other kinds register a loader below), the inputs they take (names and distributions) and the
// parameters that were held fixed. Loaded (loadSurrogate) in Node or a browser alike, a
// surrogate predicts every QoI at new points, and gives what follows from cheap evaluations:
// output densities (Gaussian kernel density estimates of surrogate samples), correlations
// between QoIs (exact from the coefficients of expansions, else from samples), gradients, and
// for Gaussian processes the predictive variance.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsObject } from '../core/validate.js';
import { distribution, toPhysical, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { matrix, type Matrix } from './matrix.js';
import { PCE, type PCEJSON } from './pce.js';
import { GaussianProcess, type GaussianProcessJSON } from './gp.js';
import { kernelDensity, scottBandwidth } from './kde.js';
import { pceCovariance, pceGradient } from './pce-derivative.js';
import { sobol } from './sobol.js';

/** The `format` of a surrogate file. */
export const SURROGATE_FORMAT = 'uqkit-surrogate';
/** The version of the surrogate file format this uqkit writes and reads. */
export const SURROGATE_VERSION = 1;

/** What a surrogate of any kind does with points: one model per QoI. */
export interface SurrogateModel {
  /** Output columns of the model (1 for a scalar QoI, its length for a vector QoI). */
  readonly outputs: number;
  /** The model at the points X (N x d, one column per input): N x outputs. */
  predict(X: Matrix): Matrix;
  /** The model as plain JSON (the `model` of its QoI in the file). */
  toJSON(): unknown;
}

/**
 * Loaders of the models of a surrogate file by its `kind`: each takes a QoI's `model` (plain
 * JSON) and the field naming it in errors, and returns the model. 'pce': a
 * {@link PCEJSON} (polynomial chaos expansions, from PCE or SC analyses); 'gp': a
 * {@link GaussianProcessJSON} (Gaussian processes, from GP analyses).
 */
const KINDS: Record<string, (model: unknown, field: string) => SurrogateModel> = {
  pce: (model, field) => loadPCE(model, field),
  gp: (model, field) => loadGP(model, field),
};

/**
 * A Gaussian process as a surrogate's model: `predict` gives its predictive mean; `variance`
 * the predictive variance of the latent function (the nugget excluded); `gradient` the
 * analytic gradient of the mean. `toJSON()` is the process's JSON (training data and
 * hyperparameters), which rebuilds the same predictions.
 */
export class GPSurrogateModel implements SurrogateModel {
  /** The fitted process. */
  readonly gp: GaussianProcess;

  /** The model of the process `gp`. */
  constructor(gp: GaussianProcess) {
    this.gp = gp;
  }

  /** Output columns of the process. */
  get outputs(): number {
    return this.gp.outputs;
  }

  /** The predictive mean at the points X (N x d): N x outputs. */
  predict(X: Matrix): Matrix {
    return this.gp.predict(X).mean;
  }

  /** The predictive mean and variance at the points X (N x d): each N x outputs. */
  predictWithVariance(X: Matrix): { mean: Matrix; variance: Matrix } {
    const p = this.gp.predict(X, { variance: true });
    return { mean: p.mean, variance: p.variance! };
  }

  /** The process as JSON ({@link GaussianProcessJSON}). */
  toJSON(): GaussianProcessJSON {
    return this.gp.toJSON();
  }
}

function loadGP(model: unknown, field: string): GPSurrogateModel {
  if (model === null || typeof model !== 'object' || Array.isArray(model)) throw new InvalidArgumentError({ field, value: model, expected: 'a Gaussian process (format "uqkit.gp": kernel, trend, bounds, lengthScales, nugget, variance, X, Y)' });
  try {
    return new GPSurrogateModel(GaussianProcess.fromJSON(model as GaussianProcessJSON));
  } catch (e) {
    if (e instanceof InvalidArgumentError || e instanceof ShapeError) {
      const sub = (e.field ?? '').replace(/^(json|options)\./, '');
      throw new InvalidArgumentError({ field: sub ? `${field}.${sub}` : field, value: e.value, expected: e.expected ?? 'a valid Gaussian process' });
    }
    if (e instanceof TypeError) throw new InvalidArgumentError({ field, value: model, expected: 'a Gaussian process (format "uqkit.gp": kernel, trend, bounds, lengthScales, nugget, variance, X, Y)' });
    throw e;
  }
}

function loadPCE(model: unknown, field: string): PCE {
  try {
    return PCE.fromJSON(model as PCEJSON);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError({ field: `${field}.${e.field?.replace(/^json\./, '') ?? ''}`, value: e.value, expected: e.expected ?? 'a valid PCE' });
    if (e instanceof TypeError) throw new InvalidArgumentError({ field, value: model, expected: 'a PCE (format "uqkit.pce": dists, indices, coefficients, info)' });
    throw e;
  }
}

/** The kinds of surrogate {@link loadSurrogate} reads. */
export function surrogateKinds(): string[] {
  return Object.keys(KINDS);
}

/** One input of a surrogate: its name and distribution. */
export interface SurrogateInput {
  /** The input's name (a campaign's uncertain parameter). */
  readonly name: string;
  /** Its distribution. */
  readonly dist: Distribution;
}

/** One QoI of a surrogate: its shape and model. */
export interface SurrogateQoI {
  /** [] for a scalar QoI, [length] for a vector QoI. */
  readonly shape: readonly number[];
  /** The x values of a vector QoI (e.g. its times), one per value, when known. */
  readonly index?: readonly number[];
  /** The model (for kind 'pce', a {@link PCE}; for kind 'gp', a {@link GPSurrogateModel}). */
  readonly model: SurrogateModel;
}

/** The JSON form of a surrogate (the file `uqkit surrogate` writes; `Surrogate.toJSON()`). */
export interface SurrogateJSON {
  /** Always "uqkit-surrogate". */
  readonly format: typeof SURROGATE_FORMAT;
  /** The format's version: 1. */
  readonly version: number;
  /** The kind of every model: 'pce' (PCE and SC analyses) or 'gp' (GP analyses). */
  readonly kind: string;
  /** The inputs, in the order of the columns of points: name and distribution spec. */
  readonly inputs: readonly { readonly name: string; readonly dist: DistributionSpec }[];
  /** Parameters held fixed in the runs the models were fitted to, by name (informative). */
  readonly fixed?: Readonly<Record<string, number | string | boolean>>;
  /** The QoIs by name: shape ([] or [length]), optional x values, and the model as JSON. */
  readonly qois: Readonly<Record<string, { readonly shape: readonly number[]; readonly index?: readonly number[]; readonly model: unknown }>>;
  /** Where the models came from (e.g. campaign, analysis method, runs), informative. */
  readonly source?: Readonly<Record<string, unknown>>;
}

/** What {@link Surrogate}'s constructor takes. */
export interface SurrogateParts {
  /** The kind of every model ('pce' or 'gp'). */
  readonly kind: string;
  /** The inputs, in the order of the columns of points. */
  readonly inputs: readonly SurrogateInput[];
  /** The QoIs by name. */
  readonly qois: Readonly<Record<string, SurrogateQoI>>;
  /** Parameters held fixed, by name. */
  readonly fixed?: Readonly<Record<string, number | string | boolean>>;
  /** Where the models came from. */
  readonly source?: Readonly<Record<string, unknown>>;
}

/**
 * Points at which to evaluate a surrogate: a Matrix (N x d, the inputs' order), rows of d
 * numbers, or rows as objects by input name (other keys, e.g. fixed parameters, ignored).
 */
export type SurrogatePoints = Matrix | readonly (readonly number[])[] | readonly Readonly<Record<string, unknown>>[];

/** Options of {@link Surrogate.density}. */
export interface DensityOptions {
  /** Surrogate samples the density is estimated from. Default 2^14. */
  readonly n?: number;
  /**
   * Where to evaluate the density: a number of evenly spaced points from the smallest sample
   * minus 3 bandwidths to the largest plus 3 (default 128), or the x values themselves.
   */
  readonly points?: number | readonly number[] | Float64Array;
  /** Seed of the Owen-scrambled Sobol' points the samples are taken at. Default 0. */
  readonly seed?: number | bigint;
  /** A vector QoI's value (0-based position). Default 0; scalar QoIs have only 0. */
  readonly column?: number;
}

/** What {@link Surrogate.density} returns. */
export interface Density {
  /** The points the density is evaluated at. */
  readonly x: Float64Array;
  /** The estimated probability density at each of them. */
  readonly pdf: Float64Array;
  /** The kernel's bandwidth (Scott's rule: std n^(-1/5)). */
  readonly bandwidth: number;
  /** The number of surrogate samples. */
  readonly n: number;
}

/** Options of {@link Surrogate.correlation}. */
export interface CorrelationOptions {
  /** The QoIs whose values are correlated (every value of vector QoIs). Default all. */
  readonly qois?: readonly string[];
  /**
   * 'exact': from the coefficients of expansions (kind 'pce': the sum over shared basis terms);
   * 'samples': Pearson correlation of the surrogate at `n` points. Default 'exact' for 'pce',
   * else 'samples'.
   */
  readonly method?: 'exact' | 'samples';
  /** Samples for method 'samples'. Default 2^14. */
  readonly n?: number;
  /** Seed of their Owen-scrambled Sobol' points. Default 0. */
  readonly seed?: number | bigint;
}

/** What {@link Surrogate.correlation} returns. */
export interface Correlations {
  /** The columns: a scalar QoI's name, or `name[i]` for value i of a vector QoI. */
  readonly names: string[];
  /** The covariance matrix (columns x columns). */
  readonly covariance: Matrix;
  /** The correlation matrix (NaN where a column does not vary). */
  readonly correlation: Matrix;
  /** How they were computed. */
  readonly method: 'exact' | 'samples';
}

/**
 * A surrogate of a campaign: one model per QoI over the same inputs. Made by
 * `campaign.surrogate()` (Node) or {@link loadSurrogate} (anywhere); `toJSON()` is its file.
 */
export class Surrogate {
  /** The kind of every model ('pce' or 'gp'). */
  readonly kind: string;
  /** The inputs, in the order of the columns of points. */
  readonly inputs: readonly SurrogateInput[];
  /** The QoIs by name: shape, x values, model. */
  readonly qois: Readonly<Record<string, SurrogateQoI>>;
  /** Parameters held fixed in the runs, by name. */
  readonly fixed: Readonly<Record<string, number | string | boolean>>;
  /** Where the models came from. */
  readonly source: Readonly<Record<string, unknown>> | undefined;

  /**
   * A surrogate of the given models.
   *
   * @throws {@link ShapeError} when a model's output count is not its QoI's size.
   */
  constructor(parts: SurrogateParts) {
    this.kind = parts.kind;
    this.inputs = parts.inputs.slice();
    this.qois = { ...parts.qois };
    this.fixed = { ...(parts.fixed ?? {}) };
    this.source = parts.source;
    for (const [name, q] of Object.entries(this.qois)) {
      const size = q.shape.reduce((a, b) => a * b, 1);
      if (q.model.outputs !== size) throw new ShapeError({ field: `qois.${name}.model`, value: q.model.outputs, expected: `${size} outputs (shape [${q.shape.join(', ')}])` });
    }
  }

  /** The inputs' names, in the order of the columns of points. */
  get inputNames(): string[] {
    return this.inputs.map((i) => i.name);
  }

  /**
   * Every QoI at the points: by name, an N x len Matrix (a scalar QoI: N x 1); for Gaussian
   * processes their predictive mean. With `{ variance: true }` (models of kind 'gp'), by name
   * `{ mean, variance }`, both N x len: the predictive mean and the predictive variance of the
   * latent function (the nugget excluded, the trend's uncertainty included).
   *
   * @throws {@link ShapeError} when a row has not one number per input;
   *   {@link InvalidArgumentError} when a row by name lacks an input or gives it no number,
   *   or `variance` is asked of models that are not Gaussian processes.
   */
  predict(points: SurrogatePoints, options?: { readonly variance?: false }): Record<string, Matrix>;
  predict(points: SurrogatePoints, options: { readonly variance: true }): Record<string, { mean: Matrix; variance: Matrix }>;
  predict(points: SurrogatePoints, options?: { readonly variance?: boolean }): Record<string, Matrix> | Record<string, { mean: Matrix; variance: Matrix }> {
    const o = optionsObject<{ variance?: boolean }>('options', options);
    knownKeys('options', o, ['variance']);
    const variance = oneOf('options.variance', o.variance ?? false, [true, false]);
    if (variance && !Object.values(this.qois).every((q) => q.model instanceof GPSurrogateModel)) {
      throw new InvalidArgumentError({ field: 'options.variance', value: true, expected: `false for a surrogate of kind '${this.kind}': predictive variances come with Gaussian processes (kind 'gp')` });
    }
    const X = this.points(points);
    if (variance) return Object.fromEntries(Object.entries(this.qois).map(([name, q]) => [name, (q.model as GPSurrogateModel).predictWithVariance(X)]));
    return Object.fromEntries(Object.entries(this.qois).map(([name, q]) => [name, q.model.predict(X)]));
  }

  /**
   * The gradient of every QoI at the points (models of kind 'pce', and of kind 'gp': the
   * analytic gradient of the predictive mean): by name, an N x (len d) Matrix, element
   * (i, o d + j) the derivative of value o in input j at point i (a scalar QoI: N x d).
   *
   * @throws {@link InvalidArgumentError} for models that are neither; as predict for bad points.
   */
  gradient(points: SurrogatePoints): Record<string, Matrix> {
    const X = this.points(points);
    const d = this.inputs.length;
    return Object.fromEntries(Object.entries(this.qois).map(([name, q]) => {
      if (q.model instanceof GPSurrogateModel) return [name, q.model.gp.gradient(X)];
      if (!(q.model instanceof PCE)) throw new InvalidArgumentError({ field: 'kind', value: this.kind, expected: "a surrogate of kind 'pce' or 'gp' (gradients of polynomial chaos expansions and Gaussian process means)" });
      return [name, matrix(pceGradient(q.model, X), X.rows, q.model.outputs * d)];
    }));
  }

  /**
   * The density of a QoI: a Gaussian kernel density estimate (Scott's bandwidth) of the
   * surrogate at `n` Owen-scrambled Sobol' points of the inputs' distributions (seeded:
   * the same options give the same numbers).
   *
   * @throws {@link InvalidArgumentError} for an unknown QoI or a bad option.
   */
  density(qoi: string, options?: DensityOptions): Density {
    const o = optionsObject<DensityOptions>('options', options);
    knownKeys('options', o, ['n', 'points', 'seed', 'column']);
    const q = this.qoi(qoi);
    const n = integer('options.n', o.n ?? 2 ** 14, 2, 2 ** 24);
    const col = integer('options.column', o.column ?? 0, 0, q.model.outputs - 1);
    const Y = q.model.predict(this.sample(n, o.seed)), k = Y.cols;
    const s = Float64Array.from({ length: n }, (_, i) => Y.data[i * k + col]!);
    const h = scottBandwidth(s);
    let x: Float64Array;
    if (o.points === undefined || typeof o.points === 'number') {
      const m = integer('options.points', o.points ?? 128, 2, 2 ** 20);
      let lo = Infinity, hi = -Infinity;
      for (const v of s) { if (v < lo) lo = v; if (v > hi) hi = v; }
      lo -= 3 * h;
      hi += 3 * h;
      x = Float64Array.from({ length: m }, (_, i) => lo + ((hi - lo) * i) / (m - 1));
    } else {
      if (!(o.points instanceof Float64Array) && !Array.isArray(o.points)) throw new InvalidArgumentError({ field: 'options.points', value: o.points, expected: 'a number of points or an array of x values' });
      x = Float64Array.from(o.points as ArrayLike<number>);
      if (x.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError({ field: 'options.points', value: o.points, expected: 'finite x values' });
    }
    return { x, pdf: kernelDensity(s, x, h), bandwidth: h, n };
  }

  /**
   * Covariance and correlation matrices between the values of QoIs: exact from the
   * coefficients of expansions (kind 'pce', the default there), or the Pearson correlation of
   * the surrogate at Owen-scrambled Sobol' points (sample covariance, ddof 1).
   *
   * @throws {@link InvalidArgumentError} for an unknown QoI, method 'exact' for models that are
   *   not expansions, or a bad option.
   */
  correlation(options?: CorrelationOptions): Correlations {
    const o = optionsObject<CorrelationOptions>('options', options);
    knownKeys('options', o, ['qois', 'method', 'n', 'seed']);
    const names = o.qois === undefined ? Object.keys(this.qois) : o.qois.map((k) => { this.qoi(k); return k; });
    const pces = names.every((k) => this.qois[k]!.model instanceof PCE);
    const method = oneOf('options.method', o.method ?? (pces ? 'exact' : 'samples'), ['exact', 'samples'] as const);
    if (method === 'exact' && !pces) throw new InvalidArgumentError({ field: 'options.method', value: method, expected: "'samples' for models that are not polynomial chaos expansions" });
    const labels: string[] = [];
    const start: number[] = [];
    for (const k of names) {
      start.push(labels.length);
      const q = this.qois[k]!;
      if (q.shape.length === 0) labels.push(k);
      else for (let i = 0; i < q.model.outputs; i++) labels.push(`${k}[${i}]`);
    }
    const m = labels.length;
    const cov = new Float64Array(m * m);
    if (method === 'exact') {
      names.forEach((a, ia) => names.forEach((b, ib) => {
        if (ib < ia) return;
        const x = this.qois[a]!.model as PCE, y = this.qois[b]!.model as PCE;
        const c = pceCovariance(x, y), qy = y.outputs;
        for (let r = 0; r < x.outputs; r++) for (let s = 0; s < qy; s++) {
          const i = start[ia]! + r, j = start[ib]! + s;
          cov[i * m + j] = cov[j * m + i] = c[r * qy + s]!;
        }
      }));
    } else {
      const n = integer('options.n', o.n ?? 2 ** 14, 2, 2 ** 24);
      const X = this.sample(n, o.seed);
      const Y = new Float64Array(n * m);
      names.forEach((k, ia) => {
        const y = this.qois[k]!.model.predict(X), qk = y.cols;
        for (let i = 0; i < n; i++) for (let r = 0; r < qk; r++) Y[i * m + start[ia]! + r] = y.data[i * qk + r]!;
      });
      const mean = new Float64Array(m);
      for (let i = 0; i < n; i++) for (let a = 0; a < m; a++) mean[a]! += Y[i * m + a]!;
      for (let a = 0; a < m; a++) mean[a]! /= n;
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < m; a++) {
          const da = Y[i * m + a]! - mean[a]!;
          for (let b = a; b < m; b++) cov[a * m + b]! += da * (Y[i * m + b]! - mean[b]!);
        }
      }
      for (let a = 0; a < m; a++) for (let b = a; b < m; b++) cov[b * m + a] = cov[a * m + b] = cov[a * m + b]! / (n - 1);
    }
    const corr = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
      const den = Math.sqrt(cov[a * m + a]! * cov[b * m + b]!);
      corr[a * m + b] = a === b && den > 0 ? 1 : den > 0 ? cov[a * m + b]! / den : NaN;
    }
    return { names: labels, covariance: matrix(cov, m, m), correlation: matrix(corr, m, m), method };
  }

  /** The surrogate as plain JSON ({@link SurrogateJSON}): what `uqkit surrogate` writes. */
  toJSON(): SurrogateJSON {
    return {
      format: SURROGATE_FORMAT,
      version: SURROGATE_VERSION,
      kind: this.kind,
      inputs: this.inputs.map((i) => ({ name: i.name, dist: i.dist.toJSON() })),
      fixed: this.fixed,
      qois: Object.fromEntries(Object.entries(this.qois).map(([k, q]) => [k, { shape: q.shape.slice(), ...(q.index ? { index: q.index.slice() } : {}), model: q.model.toJSON() }])),
      ...(this.source ? { source: this.source } : {}),
    };
  }

  private qoi(name: string): SurrogateQoI {
    const q = typeof name === 'string' && Object.hasOwn(this.qois, name) ? this.qois[name] : undefined;
    if (!q) throw new InvalidArgumentError({ field: 'qoi', value: name, expected: `a QoI of the surrogate (${Object.keys(this.qois).join(', ')})` });
    return q;
  }

  /** n points of the inputs' distributions: Owen-scrambled Sobol' points mapped by the quantile functions. */
  private sample(n: number, seed: number | bigint | undefined): Matrix {
    return toPhysical(this.inputs.map((i) => i.dist), sobol(n, this.inputs.length, { scramble: 'owen', seed: seed ?? 0, balance: 'ignore' }));
  }

  private points(points: SurrogatePoints): Matrix {
    const d = this.inputs.length;
    if (points && (points as Matrix).data instanceof Float64Array) {
      const X = points as Matrix;
      if (X.cols !== d || X.data.length !== X.rows * X.cols) throw new ShapeError({ field: 'points', value: X, expected: `a Matrix with ${d} columns (${this.inputNames.join(', ')})` });
      return X;
    }
    if (!Array.isArray(points)) throw new InvalidArgumentError({ field: 'points', value: points, expected: `a Matrix, rows of ${d} numbers, or rows by input name (${this.inputNames.join(', ')})` });
    const rows = points as readonly unknown[];
    const data = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      if (Array.isArray(r)) {
        if (r.length !== d) throw new ShapeError({ field: `points[${i}]`, value: r, expected: `${d} numbers (${this.inputNames.join(', ')})` });
        r.forEach((v, j) => { data[i * d + j] = finite(`points[${i}][${j}]`, v); });
      } else if (r !== null && typeof r === 'object') {
        this.inputs.forEach((inp, j) => { data[i * d + j] = finite(`points[${i}].${inp.name}`, (r as Record<string, unknown>)[inp.name]); });
      } else {
        throw new InvalidArgumentError({ field: `points[${i}]`, value: r, expected: `${d} numbers or an object by input name` });
      }
    });
    return matrix(data, rows.length, d);
  }
}

function finite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError({ field, value: v, expected: 'a finite number' });
  return v;
}

/**
 * Reads a surrogate file (the object, or its JSON text): format "uqkit-surrogate", version 1,
 * a kind this uqkit knows ('pce', 'gp'), the inputs with their distributions and one model per QoI.
 *
 * @example
 * ```js
 * import { Surrogate, Uniform, fitPCE, loadSurrogate, matrix } from 'uqkit';
 *
 * // a surrogate of y = a b on U(0, 1)^2 (in a browser: the text of a file `uqkit surrogate` wrote)
 * const dists = [new Uniform(0, 1), new Uniform(0, 1)];
 * const X = matrix(Float64Array.from([0, 0, 0.5, 0, 1, 0, 0, 0.5, 0.5, 0.5, 1, 0.5, 0, 1, 0.5, 1, 1, 1]), 9, 2);
 * const model = fitPCE(dists, X, Float64Array.from({ length: 9 }, (_, i) => X.data[2 * i] * X.data[2 * i + 1]), { degree: 2 });
 * const text = JSON.stringify(new Surrogate({ kind: 'pce', inputs: [{ name: 'a', dist: dists[0] }, { name: 'b', dist: dists[1] }], qois: { y: { shape: [], model } } }));
 * const s = loadSurrogate(text);
 * console.log(s.predict([{ a: 0.5, b: 0.4 }]).y.data[0].toFixed(6)); // 0.200000
 * ```
 *
 * @throws {@link InvalidArgumentError} (field and value of the first wrong entry) for text that
 *   is not JSON, another format, an unknown version or kind, a bad input or distribution, or
 *   a model that does not match its QoI's shape or the inputs.
 */
export function loadSurrogate(json: SurrogateJSON | string): Surrogate {
  let j: SurrogateJSON;
  if (typeof json === 'string') {
    try {
      j = JSON.parse(json) as SurrogateJSON;
    } catch (e) {
      throw new InvalidArgumentError({ field: 'surrogate', expected: `JSON text of a surrogate model (${(e as Error).message})` });
    }
  } else {
    j = json;
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new InvalidArgumentError({ field: 'surrogate', value: j, expected: 'a surrogate object { format: "uqkit-surrogate", version, kind, inputs, qois }' });
  if (j.format !== SURROGATE_FORMAT) throw new InvalidArgumentError({ field: 'format', value: j.format, expected: `"${SURROGATE_FORMAT}" (a file written by \`uqkit surrogate\`)` });
  if (j.version !== SURROGATE_VERSION) throw new InvalidArgumentError({ field: 'version', value: j.version, expected: `${SURROGATE_VERSION} (this uqkit reads surrogate files of version ${SURROGATE_VERSION}; a newer uqkit wrote this one?)` });
  const load = typeof j.kind === 'string' && Object.hasOwn(KINDS, j.kind) ? KINDS[j.kind]! : undefined;
  if (!load) throw new InvalidArgumentError({ field: 'kind', value: j.kind, expected: `one of ${surrogateKinds().map((k) => `"${k}"`).join(', ')}` });
  if (!Array.isArray(j.inputs) || j.inputs.length === 0) throw new InvalidArgumentError({ field: 'inputs', value: j.inputs, expected: 'a non-empty array of inputs { name, dist }' });
  const seen = new Set<string>();
  const inputs = j.inputs.map((inp, i): SurrogateInput => {
    if (inp === null || typeof inp !== 'object' || typeof inp.name !== 'string' || inp.name === '') throw new InvalidArgumentError({ field: `inputs[${i}].name`, value: (inp as { name?: unknown } | null)?.name, expected: 'a non-empty string' });
    if (seen.has(inp.name)) throw new InvalidArgumentError({ field: `inputs[${i}].name`, value: inp.name, expected: 'a name no other input has' });
    seen.add(inp.name);
    return { name: inp.name, dist: distribution(inp.dist, `inputs[${i}].dist`) };
  });
  if (j.qois === null || typeof j.qois !== 'object' || Array.isArray(j.qois) || Object.keys(j.qois).length === 0) throw new InvalidArgumentError({ field: 'qois', value: j.qois, expected: 'an object of QoIs by name, each { shape, model }' });
  const qois: Record<string, SurrogateQoI> = {};
  for (const [name, q] of Object.entries(j.qois)) {
    const at = `qois.${name}`;
    if (q === null || typeof q !== 'object') throw new InvalidArgumentError({ field: at, value: q, expected: 'an object { shape, model }' });
    const shape = q.shape;
    if (!Array.isArray(shape) || shape.length > 1 || shape.some((v) => !Number.isSafeInteger(v) || v < 1)) throw new InvalidArgumentError({ field: `${at}.shape`, value: shape, expected: '[] (a scalar) or [length] (a vector)' });
    const model = load(q.model, `${at}.model`);
    const size = shape.length === 0 ? 1 : shape[0]!;
    if (model.outputs !== size) throw new InvalidArgumentError({ field: `${at}.model`, value: model.outputs, expected: `${size} outputs (shape [${shape.join(', ')}])` });
    if (model instanceof PCE && (model.dists.length !== inputs.length || model.dists.some((dist, k) => JSON.stringify(dist.toJSON()) !== JSON.stringify(inputs[k]!.dist.toJSON())))) {
      throw new InvalidArgumentError({ field: `${at}.model.dists`, value: model.dists.map((dist) => dist.toJSON()), expected: `the distributions of the ${inputs.length} inputs, in their order` });
    }
    if (model instanceof GPSurrogateModel && model.gp.dim !== inputs.length) {
      throw new InvalidArgumentError({ field: `${at}.model.X`, value: model.gp.dim, expected: `training points of ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}), one column each` });
    }
    if (q.index !== undefined && (!Array.isArray(q.index) || q.index.length !== size || q.index.some((v) => typeof v !== 'number'))) throw new InvalidArgumentError({ field: `${at}.index`, value: q.index, expected: `${size} numbers (x values, one per value)` });
    qois[name] = { shape: shape.slice(), ...(q.index ? { index: q.index.slice() } : {}), model };
  }
  if (j.fixed !== undefined && (j.fixed === null || typeof j.fixed !== 'object' || Array.isArray(j.fixed))) throw new InvalidArgumentError({ field: 'fixed', value: j.fixed, expected: 'an object of parameter values by name' });
  return new Surrogate({ kind: j.kind, inputs, qois, ...(j.fixed ? { fixed: j.fixed } : {}), ...(j.source && typeof j.source === 'object' ? { source: j.source } : {}) });
}
