// A fluent sensitivity problem in the spirit of SALib's ProblemSpec: define the inputs once,
// then sample, evaluate and analyse by method name,
//
//   problem({ names, bounds }).sample('morris', { N: 50, seed: 1 }).evaluate(f).analyze('morris')
//
// with results that keep SALib's field names (mu_star, S1_conf, ...), print as SALib's tables
// (`toTable()`) and serialise (`toJSON()`). Every step calls the library functions
// (saltelliDesign, sobolIndices, morrisSample, ...) with the options given, so a result equals
// the library function's on the same data.
//
// The registry. `PROBLEM_METHODS` maps a method name to a `ProblemMethod`:
//
//   {
//     sample?(inputs, opts) => { X, design }   // make the points (X: rows x d, physical space);
//                                              // `design` is kept for the analysis
//     analyze?: {
//       samplers: ['morris'],                  // the samplers whose points it can analyse
//       run(inputs, sample, Y, opts) => { fields, pairs?, raw }
//     }
//   }
//
// `inputs` is the problem (names, distributions, groups); `sample` the sampler's name, X and
// design; `fields` the result's columns by SALib's names, one number per name (or group);
// `pairs` optional pair-wise columns (S2, IE) with their pair names; `raw` the library
// function's own result. A new method is one `registerProblemMethod(name, entry)` call (or one
// entry in the table at the end of this file).
import { InvalidArgumentError, ProblemStateError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, oneOf } from '../core/validate.js';
import { type Distribution } from '../distributions/index.js';
import type { Matrix } from './matrix.js';
import { saltelliDesign, type SaltelliDesign, type SaltelliDesignOptions } from './saltelli.js';
import { sobolIndices, type SobolIndicesOptions } from './sensitivity.js';
import { morrisAnalyze, morrisSample, type MorrisAnalyzeOptions, type MorrisSample, type MorrisSampleOptions } from './morris.js';
import { ffAnalyze, ffNames, ffSample, type FFAnalyzeOptions } from './fractional-factorial.js';
import { dgsmAnalyze, finiteDiffSample, type DGSMAnalyzeOptions, type FiniteDiffSampleOptions } from './dgsm.js';
import { screeningInputs, type ScreeningInput } from './screening-inputs.js';
import { fastAnalyze, fastSample, rbdFastAnalyze, type FastAnalyzeOptions, type FastDesign, type FastSampleOptions, type RbdFastOptions } from './fast.js';
import { latinSample, type LatinOptions } from './latin.js';
import { deltaAnalyze, type DeltaOptions } from './delta.js';
import { pawnAnalyze, type PawnOptions } from './pawn.js';
import { toPhysical } from '../distributions/transform.js';
import { halton, type HaltonOptions } from './halton.js';
import { lattice, type LatticeOptions } from './lattice.js';
import { hdmr, type HDMROptions } from './hdmr.js';

/** The definition of a problem, as SALib's problem dictionary: names and either distributions or bounds. */
export interface ProblemDefinition {
  /** One name per input. */
  readonly names: readonly string[];
  /** One distribution (object or spec) or bounds [low, high] per input; give this or `bounds`. */
  readonly dists?: readonly ScreeningInput[];
  /** Bounds [low, high] of uniform inputs, one per input (SALib's `bounds`); give this or `dists`. */
  readonly bounds?: readonly (readonly [number, number])[];
  /** One group name per input (SALib's `groups`): grouped methods give one index per group. Default: no groups. */
  readonly groups?: readonly string[];
}

/** The problem as the registry's samplers and analyzers see it. */
export interface ProblemInputs {
  /** Input names. */
  readonly names: readonly string[];
  /** Input distributions, one per name. */
  readonly dists: readonly Distribution[];
  /** Group name of each input, or undefined. */
  readonly groups: readonly string[] | undefined;
}

/** Points made by a registered sampler. */
export interface ProblemSample {
  /** The sampler's registered name. */
  readonly method: string;
  /** The points, one per row, one input per column (physical space). */
  readonly X: Matrix;
  /** The library function's design object (SaltelliDesign, MorrisSample, ...), for the analysis. */
  readonly design: unknown;
}

/** What a registered analyzer returns: the result's columns by SALib's names. */
export interface ProblemAnalysisFields {
  /** One column per index kind (e.g. `mu_star`), one number per name in `names`. */
  readonly fields: Readonly<Record<string, Float64Array>>;
  /** The row names of `fields` (the input names, group names, or with dummies for ff); default the problem's names. */
  readonly names?: readonly string[];
  /** Pair-wise indices (SALib's S2 / IE): pair names and columns, one number per pair. */
  readonly pairs?: undefined | { readonly names: readonly (readonly [string, string])[]; readonly fields: Readonly<Record<string, Float64Array>> };
  /** The library function's own result. */
  readonly raw: unknown;
}

/** A method in the registry: its sampler, its analyzer, or both (see this module's top comment). */
export interface ProblemMethod {
  /** Makes the points for `inputs` with the method's options. */
  readonly sample?: (inputs: ProblemInputs, opts: Record<string, unknown>) => { X: Matrix; design: unknown };
  /** Analyses the outputs Y at the rows of a sample made by one of `samplers`. */
  readonly analyze?: {
    /** Names of the samplers whose points this analysis accepts. */
    readonly samplers: readonly string[];
    /** Computes the indices. */
    readonly run: (inputs: ProblemInputs, sample: ProblemSample, Y: Float64Array, opts: Record<string, unknown>) => ProblemAnalysisFields;
  };
}

/** The registry of methods by name (SALib's names): `saltelli`, `sobol`, `morris`, `ff`, `finite_diff`, `dgsm`. */
export const PROBLEM_METHODS = new Map<string, ProblemMethod>();

/**
 * Adds (or replaces) a method of the registry; a method with a sampler and an analyzer under
 * the same name merges with an existing entry.
 *
 * @throws InvalidArgumentError for an empty name or an entry with neither sample nor analyze
 */
export function registerProblemMethod(name: string, entry: ProblemMethod): void {
  if (typeof name !== 'string' || name === '') throw new InvalidArgumentError({ field: 'name', value: name, expected: 'a method name' });
  if (!entry || (typeof entry.sample !== 'function' && typeof entry.analyze?.run !== 'function')) {
    throw new InvalidArgumentError({ field: 'entry', value: entry, expected: 'an object with sample(inputs, opts) and/or analyze: { samplers, run }' });
  }
  const old = PROBLEM_METHODS.get(name);
  PROBLEM_METHODS.set(name, { ...old, ...entry });
}

/** Result of `Problem.analyze`: SALib's columns by name, as a table or JSON. */
export interface SensitivityResult {
  /** The analysis method's registered name. */
  readonly method: string;
  /** Row names: inputs, groups, or (ff) inputs then dummies. */
  readonly names: readonly string[];
  /** The columns by SALib's names (e.g. `mu_star`, `S1_conf`), one number per name. */
  readonly fields: Readonly<Record<string, Float64Array>>;
  /** Pair-wise indices (S2 and S2_conf for Sobol' with second order, IE for ff with second order). */
  readonly pairs: ProblemAnalysisFields['pairs'];
  /** The library function's own result (SobolIndicesResult, MorrisResult, FFResult, DGSMResult). */
  readonly raw: unknown;
  /** The columns as text, laid out as SALib's printed tables (one row per name, then the pairs). */
  toTable(): string;
  /** A plain object: method, names, each field as an array (NaN as null), and the pairs. */
  toJSON(): SensitivityResultJSON;
  /** Column `field` (e.g. `'mu_star'`). @throws InvalidArgumentError for a field the result does not have */
  get(field: string): Float64Array;
}

/** `SensitivityResult.toJSON()`: the columns as arrays, NaN as null. */
export interface SensitivityResultJSON {
  /** The analysis method. */
  readonly method: string;
  /** Row names. */
  readonly names: readonly string[];
  /** SALib's columns by name. */
  readonly [field: string]: unknown;
}

const list = (a: Float64Array): (number | null)[] => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === 0) return '0.000000';
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e6 ? v.toFixed(6) : v.toExponential(6);
}

function table(rowNames: readonly string[], fields: Readonly<Record<string, Float64Array>>): string {
  const cols = Object.keys(fields);
  const cells = rowNames.map((_, i) => cols.map((c) => formatNumber(fields[c]![i]!)));
  const w0 = Math.max(0, ...rowNames.map((n) => n.length));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j]!.length)));
  const line = (first: string, rest: string[]): string => [first.padEnd(w0), ...rest.map((s, j) => s.padStart(widths[j]!))].join('  ').trimEnd();
  return [line('', cols), ...rowNames.map((n, i) => line(n, cells[i]!))].join('\n');
}

function makeResult(method: string, names: readonly string[], a: ProblemAnalysisFields): SensitivityResult {
  const rowNames = a.names ?? names;
  return {
    method,
    names: rowNames,
    fields: a.fields,
    pairs: a.pairs,
    raw: a.raw,
    toTable() {
      // SALib prints the total-order block before the first-order one; other methods one block.
      const keys = Object.keys(a.fields);
      const blocks: string[] = [];
      if (keys.includes('ST') && keys.includes('S1')) {
        const pick = (p: string): Record<string, Float64Array> => Object.fromEntries(keys.filter((k) => k === p || k === `${p}_conf`).map((k) => [k, a.fields[k]!]));
        blocks.push(table(rowNames, pick('ST')), table(rowNames, pick('S1')));
      } else blocks.push(table(rowNames, a.fields));
      if (a.pairs) blocks.push(table(a.pairs.names.map(([x, y]) => `(${x}, ${y})`), a.pairs.fields));
      return blocks.join('\n\n');
    },
    toJSON() {
      const out: Record<string, unknown> = { method, names: rowNames.slice() };
      for (const [k, v] of Object.entries(a.fields)) out[k] = list(v);
      if (a.pairs) {
        out.pairs = a.pairs.names.map((p) => [p[0], p[1]]);
        for (const [k, v] of Object.entries(a.pairs.fields)) out[k] = list(v);
      }
      return out as SensitivityResultJSON;
    },
    get(field: string) {
      const v = a.fields[field] ?? a.pairs?.fields[field];
      if (!v) throw new InvalidArgumentError({ field: 'field', value: field, expected: `one of ${[...Object.keys(a.fields), ...Object.keys(a.pairs?.fields ?? {})].join(', ')}` });
      return v;
    },
  };
}

type PointFn = (x: Float64Array, row: number) => number | Promise<number>;
type MatrixFn = (X: Matrix) => ArrayLike<number> | Promise<ArrayLike<number>>;

/** Options of `Problem.evaluate`. */
export interface EvaluateOptions {
  /** The function takes the whole matrix X (rows x d) and returns one output per row, instead of one point at a time. Default false. */
  readonly vectorized?: boolean;
}

/**
 * A model in a JavaScript module, for `Problem.evaluate({ module, ... })`: run on worker
 * threads (Node only), each importing the module once.
 */
export interface ModuleEvaluation {
  /** The module's path (relative to the current directory) or file: URL, as text. */
  readonly module: string;
  /** The export that is the model function: `f(x: Float64Array, row: number)` returning a number (or a promise of one), or with `vectorized`, `f({ data, rows, cols })` returning one number per row. Default `'default'`. */
  readonly export?: string;
  /** Worker threads. Default: the machine's available parallelism (at most one per block of rows). */
  readonly workers?: number;
  /** The function takes blocks of rows as a matrix `{ data, rows, cols }` (rows are cut into blocks). Default false. */
  readonly vectorized?: boolean;
}

/** Runs a module's model at every row of X (the Node entry sets it: worker threads live above the numerics). */
type ModuleEvaluator = (X: Matrix, spec: ModuleEvaluation) => Promise<ArrayLike<unknown>>;
let moduleEvaluator: ModuleEvaluator | undefined;

/** Sets how `Problem.evaluate({ module })` runs a module's model; the Node entry sets worker threads. */
export function setModuleEvaluator(evaluator: ModuleEvaluator): void {
  moduleEvaluator = evaluator;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/**
 * A sensitivity problem: inputs, then the points of one sampler, the model's outputs at them,
 * and analyses. Made by `problem(...)`. Sampling again discards the outputs.
 */
export class Problem {
  /** The inputs: names, distributions and groups. */
  readonly inputs: ProblemInputs;
  #sample: ProblemSample | undefined;
  #Y: Float64Array | undefined;
  #analyses = new Map<string, SensitivityResult>();

  /** @throws InvalidArgumentError / ShapeError for a bad definition (see `problem`) */
  constructor(def: ProblemDefinition) {
    if (!def || typeof def !== 'object') throw new InvalidArgumentError({ field: 'problem', value: def, expected: 'an object { names, dists | bounds, groups? }' });
    const { names, dists, bounds, groups } = def;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n !== '')) {
      throw new InvalidArgumentError({ field: 'problem.names', value: names, expected: 'a non-empty array of input names' });
    }
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new InvalidArgumentError({ field: 'problem.names', value: dup, expected: 'distinct names' });
    if ((dists === undefined) === (bounds === undefined)) {
      throw new InvalidArgumentError({ field: 'problem', value: Object.keys(def), expected: 'either dists or bounds (one per name), not both' });
    }
    const field = dists !== undefined ? 'problem.dists' : 'problem.bounds';
    const given = (dists ?? bounds) as readonly ScreeningInput[];
    if (!Array.isArray(given) || given.length !== names.length) throw new ShapeError({ field, value: given, expected: `one entry per name (${names.length})` });
    if (bounds !== undefined && !bounds.every((b) => Array.isArray(b))) throw new InvalidArgumentError({ field, value: bounds, expected: 'bounds [low, high], one per name' });
    if (groups !== undefined && (!Array.isArray(groups) || groups.length !== names.length || !groups.every((g) => typeof g === 'string' && g !== ''))) {
      throw new ShapeError({ field: 'problem.groups', value: groups, expected: `one group name per input (${names.length})` });
    }
    this.inputs = { names: names.slice(), dists: screeningInputs(given, field), groups: groups?.slice() };
  }

  /** The current points (rows x d), or undefined before `sample`. */
  get samples(): Matrix | undefined { return this.#sample?.X; }
  /** The current sample: sampler name, points and design; undefined before `sample`. */
  get design(): ProblemSample | undefined { return this.#sample; }
  /** The model's outputs at the current points, or undefined before `evaluate` / `setResults`. */
  get results(): Float64Array | undefined { return this.#Y; }
  /** The analyses made from the current outputs, by method. */
  get analyses(): ReadonlyMap<string, SensitivityResult> { return this.#analyses; }

  /**
   * Draws the points of sampler `method` (`saltelli` / `sobol`: `{ N, ...SaltelliDesignOptions }`;
   * `morris`: `{ N, ...MorrisSampleOptions }`; `ff`: no options; `finite_diff`: `{ N,
   * ...FiniteDiffSampleOptions }`), the options and defaults of the library function. Discards
   * outputs and analyses of earlier points.
   *
   * @throws InvalidArgumentError for an unknown method or bad options (from the library function)
   */
  sample(method: string, opts: Record<string, unknown> = {}): this {
    const entry = PROBLEM_METHODS.get(method);
    if (!entry?.sample) throw new InvalidArgumentError({ field: 'method', value: method, expected: `a sampler: ${[...PROBLEM_METHODS].filter(([, e]) => e.sample).map(([n]) => n).join(', ')}` });
    const { X, design } = entry.sample(this.inputs, opts ?? {});
    this.#sample = { method, X, design };
    this.#Y = undefined;
    this.#analyses.clear();
    return this;
  }

  /**
   * Runs the model at every point: `fn(x, row)` with one point (default), or `fn(X)` with the
   * whole matrix when `{ vectorized: true }`. Returns this problem, or a promise of it when
   * `fn` returns a promise (async models). Discards earlier outputs and analyses.
   *
   * With `{ module, export?, workers?, vectorized? }` instead of a function (Node only): the
   * model exported by that module runs on worker threads, rows in blocks; the promise of this
   * problem resolves with the outputs in row order, equal to those of the same function run
   * here. A model that throws rejects it with a ModelEvaluationError naming the row.
   *
   * @throws ProblemStateError before `sample`; ShapeError when the outputs are not one number per row;
   *   InvalidArgumentError for a bad module spec, or a module spec without worker threads (the browser entry)
   */
  evaluate(fn: (x: Float64Array, row: number) => number, opts?: EvaluateOptions & { vectorized?: false }): this;
  evaluate(fn: (x: Float64Array, row: number) => Promise<number>, opts?: EvaluateOptions & { vectorized?: false }): Promise<this>;
  evaluate(fn: (X: Matrix) => ArrayLike<number>, opts: EvaluateOptions & { vectorized: true }): this;
  evaluate(fn: (X: Matrix) => Promise<ArrayLike<number>>, opts: EvaluateOptions & { vectorized: true }): Promise<this>;
  evaluate(spec: ModuleEvaluation): Promise<this>;
  evaluate(fn: PointFn | MatrixFn | ModuleEvaluation, opts: EvaluateOptions = {}): this | Promise<this> {
    const s = this.#sample;
    if (!s) throw new ProblemStateError({ field: 'sample', expected: "no points to evaluate: call .sample(method, options) first (e.g. .sample('morris', { N: 20 }))" });
    if (fn !== null && typeof fn === 'object' && !Array.isArray(fn)) return this.#evaluateModule(s.X, fn as ModuleEvaluation);
    if (typeof fn !== 'function') throw new InvalidArgumentError({ field: 'fn', value: fn, expected: 'a function of one point (or of the matrix, with { vectorized: true })' });
    if (opts.vectorized) {
      const r = (fn as MatrixFn)(s.X);
      return isThenable(r) ? Promise.resolve(r).then((y) => this.setResults(y)) : this.setResults(r);
    }
    const { rows, cols, data } = s.X;
    const Y: unknown[] = new Array(rows);
    const pending: Promise<void>[] = [];
    for (let i = 0; i < rows; i++) {
      const v = (fn as PointFn)(data.slice(i * cols, (i + 1) * cols), i);
      if (isThenable(v)) pending.push(Promise.resolve(v).then((y) => { Y[i] = y; }));
      else Y[i] = v;
    }
    return pending.length ? Promise.all(pending).then(() => this.setResults(Y as number[])) : this.setResults(Y as number[]);
  }

  /** evaluate({ module, ... }): the spec checked, then the injected evaluator (worker threads). */
  #evaluateModule(X: Matrix, spec: ModuleEvaluation): Promise<this> {
    knownKeys('evaluate', spec, ['module', 'export', 'workers', 'vectorized']);
    const m = spec.module;
    if (typeof m !== 'string' || m === '') throw new InvalidArgumentError({ field: 'evaluate.module', value: m, expected: 'the path or file: URL of a JavaScript module' });
    if (spec.export !== undefined && (typeof spec.export !== 'string' || spec.export === '')) throw new InvalidArgumentError({ field: 'evaluate.export', value: spec.export, expected: 'the name of an export of the module' });
    if (spec.workers !== undefined) integer('evaluate.workers', spec.workers, 1, 1024);
    if (spec.vectorized !== undefined) oneOf('evaluate.vectorized', spec.vectorized, [true, false]);
    if (!moduleEvaluator) {
      throw new InvalidArgumentError({ field: 'evaluate.module', value: m, expected: "a function: a module's model runs on Node's worker threads, which this entry has not (import from 'uqkit' in Node, not 'uqkit/browser')" });
    }
    return moduleEvaluator(X, spec).then((Y) => this.setResults(Y as ArrayLike<number>));
  }

  /**
   * Sets the outputs at the current points (SALib's `set_results`): one number per row of the
   * samples, e.g. from a model run elsewhere. Discards earlier analyses.
   *
   * @throws ProblemStateError before `sample`; ShapeError for a wrong count or a non-number
   */
  setResults(Y: ArrayLike<number>): this {
    const s = this.#sample;
    if (!s) throw new ProblemStateError({ field: 'sample', expected: 'no points the results belong to: call .sample(method, options) first' });
    const y = Float64Array.from(Y ?? [], (v) => (typeof v === 'number' ? v : NaN));
    if (!Y || typeof (Y as ArrayLike<number>).length !== 'number' || y.length !== s.X.rows) {
      throw new ShapeError({ field: 'Y', value: Y, expected: `one output per row of the samples (${s.X.rows})` });
    }
    const bad = Array.prototype.findIndex.call(Y, (v: unknown) => typeof v !== 'number');
    if (bad >= 0) throw new ShapeError({ field: `Y[${bad}]`, value: (Y as ArrayLike<unknown>)[bad], expected: 'a number (one output per point)' });
    this.#Y = y;
    this.#analyses.clear();
    return this;
  }

  /**
   * Analyses the outputs with `method` (`sobol`: SobolIndicesOptions without the design, plus
   * SALib's default bootstrap of 100 resamples unless `bootstrap: false`; `morris`:
   * MorrisAnalyzeOptions; `ff`: `{ secondOrder }`; `dgsm`: DGSMAnalyzeOptions without dists),
   * and keeps the result in `analyses`.
   *
   * @throws ProblemStateError before `sample` or `evaluate`; InvalidArgumentError for an
   *   unknown method or one that cannot analyse the current sampler's points
   */
  analyze(method: string, opts: Record<string, unknown> = {}): SensitivityResult {
    const entry = PROBLEM_METHODS.get(method);
    if (!entry?.analyze) throw new InvalidArgumentError({ field: 'method', value: method, expected: `an analysis: ${[...PROBLEM_METHODS].filter(([, e]) => e.analyze).map(([n]) => n).join(', ')}` });
    const s = this.#sample;
    if (!s) throw new ProblemStateError({ field: 'sample', expected: `nothing to analyse: call .sample('${entry.analyze.samplers[0]}', options), then .evaluate(fn), before .analyze('${method}')` });
    if (!this.#Y) throw new ProblemStateError({ field: 'evaluate', expected: `no outputs at the samples: call .evaluate(fn) (or .setResults(Y)) before .analyze('${method}')` });
    if (!entry.analyze.samplers.includes(s.method)) {
      throw new InvalidArgumentError({ field: 'method', value: method, expected: `an analysis of '${s.method}' samples ('${method}' needs samples of ${entry.analyze.samplers.join(' or ')})` });
    }
    const r = makeResult(method, this.inputs.groups && method !== 'ff' ? groupNames(this.inputs.groups) : this.inputs.names, entry.analyze.run(this.inputs, s, this.#Y, opts ?? {}));
    this.#analyses.set(method, r);
    return r;
  }
}

/**
 * A fluent sensitivity problem (SALib's ProblemSpec): `problem({ names, bounds }).sample('morris',
 * { N: 20 }).evaluate(f).analyze('morris')`. Methods: see `PROBLEM_METHODS`.
 *
 * @throws InvalidArgumentError / ShapeError for names, dists, bounds or groups that do not fit
 */
export function problem(def: ProblemDefinition): Problem {
  return new Problem(def);
}

function groupNames(groups: readonly string[]): string[] {
  return [...new Set(groups)];
}

// --- The methods of the registry -------------------------------------------------------------

const num = (o: Record<string, unknown>, key: string): number => o[key] as number;
const without = (o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

function saltelliSample(inputs: ProblemInputs, opts: Record<string, unknown>): { X: Matrix; design: unknown } {
  const o = without(opts, 'N') as SaltelliDesignOptions;
  const groups = inputs.groups && o.groups === undefined ? (() => { const g = groupNames(inputs.groups!); return inputs.groups!.map((x) => g.indexOf(x)); })() : o.groups;
  const design = saltelliDesign(inputs.dists, num(opts, 'N'), groups === undefined ? o : { ...o, groups });
  return { X: design.X, design };
}

function sobolRun(inputs: ProblemInputs, sample: ProblemSample, Y: Float64Array, opts: Record<string, unknown>): ProblemAnalysisFields {
  const design = sample.design as SaltelliDesign;
  const o = { ...opts } as Record<string, unknown>;
  if (o.bootstrap === undefined) o.bootstrap = { resamples: 100 };
  else if (o.bootstrap === false) delete o.bootstrap;
  const r = sobolIndices(Y, { ...(o as SobolIndicesOptions), design });
  const fields: Record<string, Float64Array> = { S1: r.first, ST: r.total };
  if (r.firstConf) fields.S1_conf = r.firstConf;
  if (r.totalConf) fields.ST_conf = r.totalConf;
  const names = inputs.groups ? groupNames(inputs.groups) : inputs.names;
  let pairs: ProblemAnalysisFields['pairs'];
  if (r.second) {
    const d = r.second.cols, pn: [string, string][] = [], s2: number[] = [], s2c: number[] = [];
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) {
      pn.push([names[j]!, names[k]!]);
      s2.push(r.second.data[j * d + k]!);
      if (r.secondConf) s2c.push(r.secondConf.data[j * d + k]!);
    }
    pairs = { names: pn, fields: r.secondConf ? { S2: Float64Array.from(s2), S2_conf: Float64Array.from(s2c) } : { S2: Float64Array.from(s2) } };
  }
  return { fields, names, pairs, raw: r };
}

function morrisSampleEntry(inputs: ProblemInputs, opts: Record<string, unknown>): { X: Matrix; design: unknown } {
  const o = without(opts, 'N') as MorrisSampleOptions;
  const design = morrisSample(inputs.dists, num(opts, 'N'), inputs.groups && o.groups === undefined ? { ...o, groups: inputs.groups } : o);
  return { X: design.X, design };
}

function morrisRun(inputs: ProblemInputs, sample: ProblemSample, Y: Float64Array, opts: Record<string, unknown>): ProblemAnalysisFields {
  const design = sample.design as MorrisSample;
  const r = morrisAnalyze(sample.X, Y, { numLevels: design.numLevels, ...(inputs.groups ? { groups: inputs.groups } : {}), names: inputs.names, ...(opts as MorrisAnalyzeOptions) });
  return { fields: { mu: r.mu, mu_star: r.mu_star, sigma: r.sigma, mu_star_conf: r.mu_star_conf }, names: r.names, raw: r };
}

function ffRun(inputs: ProblemInputs, _sample: ProblemSample, Y: Float64Array, opts: Record<string, unknown>): ProblemAnalysisFields {
  const r = ffAnalyze(Y, { names: inputs.names, ...(opts as FFAnalyzeOptions) });
  const pairs = r.IE && r.interaction_names ? { names: r.interaction_names, fields: { IE: r.IE } } : undefined;
  return { fields: { ME: r.ME }, names: r.names, pairs, raw: r };
}

function dgsmRun(inputs: ProblemInputs, sample: ProblemSample, Y: Float64Array, opts: Record<string, unknown>): ProblemAnalysisFields {
  const r = dgsmAnalyze(sample.X, Y, { dists: inputs.dists, names: inputs.names, ...(opts as Omit<DGSMAnalyzeOptions, 'dists'>) });
  return { fields: { vi: r.vi, vi_std: r.vi_std, dgsm: r.dgsm, dgsm_conf: r.dgsm_conf }, names: r.names, raw: r };
}

const sobolDesign: ProblemMethod['sample'] = saltelliSample;
registerProblemMethod('saltelli', { sample: sobolDesign });
registerProblemMethod('sobol', { sample: sobolDesign, analyze: { samplers: ['saltelli', 'sobol'], run: sobolRun } });
registerProblemMethod('morris', { sample: morrisSampleEntry, analyze: { samplers: ['morris'], run: morrisRun } });
registerProblemMethod('ff', {
  sample: (inputs) => { const s = ffSample(inputs.dists); return { X: s.X, design: { ...s, names: ffNames(inputs.names) } }; },
  analyze: { samplers: ['ff'], run: ffRun },
});
registerProblemMethod('finite_diff', {
  sample: (inputs, opts) => { const s = finiteDiffSample(inputs.dists, num(opts, 'N'), without(opts, 'N') as FiniteDiffSampleOptions); return { X: s.X, design: s }; },
});
registerProblemMethod('dgsm', { analyze: { samplers: ['finite_diff'], run: dgsmRun } });

// SALib's Fourier and moment-independent methods. eFAST analyses its own curves; RBD-FAST,
// delta and PAWN any sample of the inputs (a Latin hypercube, SALib's usual choice, or the
// rows of another design whose points follow the inputs' distributions).
const ANY_SAMPLE = ['latin', 'saltelli', 'sobol', 'fast', 'fast_sampler'];
const fastDesign: ProblemMethod['sample'] = (inputs, opts) => {
  const s = fastSample(inputs.dists, num(opts, 'N'), without(opts, 'N') as FastSampleOptions);
  return { X: s.X, design: s };
};
registerProblemMethod('fast_sampler', { sample: fastDesign });
registerProblemMethod('fast', {
  sample: fastDesign,
  analyze: {
    samplers: ['fast', 'fast_sampler'],
    run: (inputs, sample, Y, opts) => {
      const r = fastAnalyze(Y, inputs.dists.length, { M: (sample.design as FastDesign).M, ...(opts as FastAnalyzeOptions) });
      return { fields: { S1: r.S1, ST: r.ST, S1_conf: r.S1_conf, ST_conf: r.ST_conf }, names: inputs.names, raw: r };
    },
  },
});
registerProblemMethod('latin', {
  sample: (inputs, opts) => {
    const o = without(opts, 'N') as LatinOptions;
    const s = latinSample(inputs.dists, num(opts, 'N'), inputs.groups && o.groups === undefined ? { ...o, groups: inputs.groups } : o);
    return { X: s.X, design: s };
  },
});
registerProblemMethod('rbd_fast', {
  analyze: {
    samplers: ANY_SAMPLE,
    run: (inputs, sample, Y, opts) => {
      const r = rbdFastAnalyze(sample.X, Y, opts as RbdFastOptions);
      return { fields: { S1: r.S1, S1_conf: r.S1_conf }, names: inputs.names, raw: r };
    },
  },
});
registerProblemMethod('delta', {
  analyze: {
    samplers: ANY_SAMPLE,
    run: (inputs, sample, Y, opts) => {
      const r = deltaAnalyze(sample.X, Y, opts as DeltaOptions);
      return { fields: { delta: r.delta, delta_conf: r.delta_conf, S1: r.S1, S1_conf: r.S1_conf }, names: inputs.names, raw: r };
    },
  },
});
registerProblemMethod('pawn', {
  analyze: {
    samplers: ANY_SAMPLE,
    run: (inputs, sample, Y, opts) => {
      const o = opts as PawnOptions;
      const r = pawnAnalyze(sample.X, Y, inputs.groups && o.groups === undefined ? { ...o, groups: inputs.groups } : o);
      return { fields: { minimum: r.minimum, mean: r.mean, median: r.median, maximum: r.maximum, CV: r.CV }, names: r.groups ?? inputs.names, raw: r };
    },
  },
});

// Low-discrepancy designs on the inputs' distributions (the unit points through each input's
// quantile function), scrambled or shifted by default so that no point sits on a corner of the
// cube (an unbounded input's quantile of 0 is -Infinity): for any sample-based analysis.
ANY_SAMPLE.push('halton', 'lattice');
registerProblemMethod('halton', {
  sample: (inputs, opts) => {
    const o = { scramble: 'owen', ...without(opts, 'N') } as HaltonOptions;
    return { X: toPhysical(inputs.dists, halton(integer('N', opts.N, 1), inputs.dists.length, o)), design: o };
  },
});
registerProblemMethod('lattice', {
  sample: (inputs, opts) => {
    const o = { shift: true, ...without(opts, 'N') } as LatticeOptions;
    return { X: toPhysical(inputs.dists, lattice(integer('N', opts.N, 1), inputs.dists.length, o)), design: o };
  },
});
// HDMR on any sample: one row per term (the inputs, then pairs a/b and triples a/b/c).
registerProblemMethod('hdmr', {
  analyze: {
    samplers: [...ANY_SAMPLE, 'morris', 'ff', 'finite_diff'],
    run: (inputs, sample, Y, opts) => {
      const r = hdmr(sample.X, Y, { names: inputs.names, ...(opts as HDMROptions) });
      return { fields: { Sa: r.Sa, Sa_conf: r.Sa_conf, Sb: r.Sb, Sb_conf: r.Sb_conf, S: r.S, S_conf: r.S_conf, ST: r.ST, ST_conf: r.ST_conf, select: Float64Array.from(r.select) }, names: r.Term, raw: r };
    },
  },
});
