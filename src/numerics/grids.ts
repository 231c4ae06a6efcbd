// Tensor grids, Smolyak sparse grids (isotropic or anisotropic) and dimension-adaptive sparse
// grids, built by the combination technique in WebAssembly (assembly/grids.ts).
//
// A sparse grid of level L over d inputs is sum_{l in I} c_l (Q_{l_1} x ... x Q_{l_d}) with
// I = { l >= 0 : sum_j a_j l_j <= L } (a_j = 1 unless anisotropic) and combination
// coefficients c_l = sum_{z in {0,1}^d, l + z in I} (-1)^|z| (Gerstner & Griebel 1998).
// Points that several tensor grids share are merged and their weights added.
import { checkMemory } from '../core/budget.js';
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { check } from '../core/status.js';
import { integer, knownKeys, oneOf, options as optionsObject, relativeWeights } from '../core/validate.js';
import { core } from '../core/wasm.js';
import type { Distribution } from '../distributions/index.js';
import { matrix, outputMatrix, type Matrix } from './matrix.js';
import { multiIndices } from './multi-index.js';
import { checkDists } from './quadrature.js';
import type { Rule1D } from './recurrence.js';
import { defaultGrowth, GROWTHS, RULES, ruleAtLevel, ruleSize, type Growth, type RuleName } from './rules.js';

/** Points (one per row) and probability weights (they sum to 1). */
export interface Grid {
  /** The nodes, one per row, one column per input, in the distributions' own space. */
  readonly points: Matrix;
  /** The probability weight of each node (they sum to 1; sparse-grid weights may be negative). */
  readonly weights: Float64Array;
}

/** A sparse grid and the multi-index set it was combined from. */
export interface SparseGrid extends Grid {
  /** The multi-indices l of I (levels per input), in the order of multiIndices (graded). */
  readonly indices: readonly (readonly number[])[];
  /** Their combination coefficients c_l (0 for indices that do not contribute). */
  readonly coefficients: readonly number[];
}

/** Options of {@link tensorGrid}: the 1-D rule per input and how its size grows with the level. */
export interface TensorGridOptions {
  /** The 1-D rule for every input, or one per input. Default 'gauss'. */
  readonly rule?: RuleName | readonly RuleName[];
  /** Points per level; default per rule (see Growth). */
  readonly growth?: Growth;
}

/** Options of {@link sparseGrid}: the Smolyak level (required), the 1-D rules and their growth. */
export interface SparseGridOptions {
  /** The level L (>= 0). Required. */
  readonly level: number;
  /**
   * The 1-D rule for every input, or one per input. Default: 'clenshaw-curtis' for inputs with
   * bounded support, 'leja' for unbounded ones.
   */
  readonly rule?: RuleName | readonly RuleName[];
  /** Points per level; default per rule: 'linear' for gauss, 'slow' for leja, 'exponential' for the others. */
  readonly growth?: Growth;
  /**
   * Importance weights a_j > 0 per input: the grid keeps l with sum_j a_j l_j <= L * min(a),
   * so an input with twice the weight of the most important one gets half its levels.
   * Default: all equal (isotropic).
   */
  readonly anisotropy?: readonly number[];
}

// ---------------------------------------------------------------------------------------

/** One input's rules by level, with every distinct node named by an id. */
interface Axis {
  readonly values: number[]; // id -> coordinate
  readonly ids: number[][]; // level -> node ids
  readonly weights: Float64Array[]; // level -> weights
}

/**
 * The rules of one input at levels 0..maxLevel (or only at `only`). Errors of the rule
 * layer are re-raised under the caller's field names: `fields.level` for a level the rule
 * cannot reach, `fields.rule` for a rule/growth/distribution mismatch.
 */
function buildAxis(dist: Distribution, rule: RuleName, growth: Growth, maxLevel: number, fields: { level: string; rule: string; growth: string }, only?: number): Axis {
  const values: number[] = [];
  const index = new Map<number, number>();
  const ids: number[][] = [];
  const weights: Float64Array[] = [];
  for (let l = only ?? 0; l <= maxLevel; l++) {
    let r: Rule1D;
    try {
      r = ruleAtLevel(dist, rule, l, growth);
    } catch (e) {
      if (e instanceof InvalidArgumentError && (e.field === 'level' || e.field === 'n' || e.field === 'growth' || e.field === 'rule')) {
        const field = e.field === 'growth' ? fields.growth : e.field === 'rule' ? fields.rule : fields.level;
        throw new InvalidArgumentError({ field, value: e.field === 'rule' || e.field === 'growth' ? e.value : l, expected: e.expected ?? 'a valid level', ...(e.hint ? { hint: e.hint } : {}) });
      }
      throw e;
    }
    const row: number[] = [];
    for (let i = 0; i < r.nodes.length; i++) {
      const x = r.nodes[i]! === 0 ? 0 : r.nodes[i]!; // -0 and 0 are one node
      let id = index.get(x);
      if (id === undefined) {
        id = values.length;
        values.push(x);
        index.set(x, id);
      }
      row.push(id);
    }
    ids.push(row);
    weights.push(r.weights);
  }
  return { values, ids, weights };
}

/**
 * Runs the combination kernel over `terms` and returns the merged grid. `size` names the
 * argument that set the grid's size, for errors.
 */
function combine(axes: readonly Axis[], terms: readonly { level: readonly number[]; coef: number }[], size: { field: string; value: unknown }): Grid {
  const d = axes.length;
  let stride = 0;
  for (const a of axes) stride = Math.max(stride, a.ids.length);
  stride += 1;
  // Concatenated rules: ruleStart[j * stride + l] .. [j * stride + l + 1].
  const ruleStart = new Int32Array(d * stride);
  const idList: number[] = [];
  const wList: number[] = [];
  for (let j = 0; j < d; j++) {
    const ax = axes[j]!;
    for (let l = 0; l < stride; l++) {
      ruleStart[j * stride + l] = idList.length;
      if (l < ax.ids.length && l + 1 < stride) {
        idList.push(...ax.ids[l]!);
        wList.push(...ax.weights[l]!);
      }
    }
  }
  const live = terms.filter((t) => t.coef !== 0);
  let bound = 0;
  for (const t of live) {
    let size = 1;
    for (let j = 0; j < d; j++) size *= axes[j]!.ids[t.level[j]!]!.length;
    bound += size;
  }
  // The kernel's memory (hash table of up to 4 slots per point, node ids, weights) and the
  // grid's arrays, for at most `bound` points.
  const what = `a grid of up to ${bound} points in ${d} inputs`;
  checkMemory(size.field, size.value, bound * (4 * d + 32), what, 'wasm');
  checkMemory(size.field, size.value, bound * (12 * d + 8), what);
  const maxPoints = Math.min(bound, Math.floor(2 ** 31 / (4 * d + 28)));
  if (bound > maxPoints) {
    throw new InvalidArgumentError({ field: size.field, value: size.value, expected: `a grid of fewer points (the tensor grids combined hold ${bound} points, more than fit in memory)` });
  }
  let cap = 1;
  while (cap <= 2 * maxPoints) cap *= 2;
  const levels = new Int32Array(live.length * d);
  const coefs = new Float64Array(live.length);
  live.forEach((t, i) => {
    coefs[i] = t.coef;
    for (let j = 0; j < d; j++) levels[i * d + j] = t.level[j]!;
  });
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const pLevels = a.copyIn(levels);
    const pCoefs = a.copyIn(coefs);
    const pStart = a.copyIn(ruleStart);
    const pIds = a.copyIn(Int32Array.from(idList));
    const pW = a.copyIn(Float64Array.from(wList));
    const table = a.alloc(4 * cap);
    const outIds = a.alloc(4 * maxPoints * d);
    const outW = a.alloc(16 * maxPoints);
    const count = a.alloc(4);
    const scratch = a.alloc(12 * d);
    check('combine', k.combine(d, live.length, pLevels, pCoefs, stride, pStart, idList.length, pIds, pW, cap, table, maxPoints, outIds, outW, count, scratch));
    const n = a.i32(count, 1)[0]!;
    const ids = a.i32(outIds, n * d).slice();
    const weights = a.copyOut(outW, new Float64Array(n));
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = axes[j]!.values[ids[i * d + j]!]!;
    return { points: matrix(data, n, d), weights };
  });
}

/**
 * The rule per input. `fallback` 'nested' means Clenshaw–Curtis for inputs with bounded
 * support and Leja (weighted normal Leja points carried over) for unbounded ones, since
 * Clenshaw–Curtis contains the ends of the interval.
 */
function rulesFor(field: string, rule: unknown, dists: readonly Distribution[], fallback: RuleName | 'nested'): RuleName[] {
  const d = dists.length;
  if (rule === undefined) {
    return dists.map((dist) => fallback !== 'nested' ? fallback
      : Number.isFinite(dist.support[0]) && Number.isFinite(dist.support[1]) ? 'clenshaw-curtis' : 'leja');
  }
  if (Array.isArray(rule)) {
    if (rule.length !== d) throw new ShapeError({ field, value: rule, expected: `one rule per input (${d})` });
    return rule.map((r, j) => oneOf(`${field}[${j}]`, r, RULES));
  }
  return Array<RuleName>(d).fill(oneOf(field, rule, RULES));
}

/**
 * The tensor grid of the 1-D rules at `orders` (a level per input, or one level for all):
 * with the default 'gauss' rule and 'linear' growth, order p uses p + 1 points (exact to
 * degree 2p + 1 per input). Points in row-major order, the last input varying fastest.
 *
 * @throws {@link InvalidArgumentError} for a bad distribution, order, rule or growth.
 * @throws {@link ShapeError} when `orders` is an array without one order per input.
 */
export function tensorGrid(dists: readonly Distribution[], orders: number | readonly number[], opts: RuleName | TensorGridOptions = {}): Grid {
  const ds = checkDists(dists);
  const d = ds.length;
  const o = typeof opts === 'string' ? { rule: opts } : optionsObject<TensorGridOptions>('options', opts);
  knownKeys('options', o, ['rule', 'growth']);
  const rules = rulesFor('options.rule', o.rule, ds, 'gauss');
  const lv = typeof orders === 'number' ? Array<number>(d).fill(orders) : orders;
  if (!Array.isArray(lv) || lv.length !== d) throw new ShapeError({ field: 'orders', value: orders, expected: `one order per input (${d})` });
  lv.forEach((l, j) => integer(`orders[${j}]`, l, 0, 1_000));
  if (o.growth !== undefined) oneOf('options.growth', o.growth, GROWTHS);
  const axes = ds.map((dist, j) => buildAxis(dist, rules[j]!, o.growth ?? defaultGrowth(rules[j]!), lv[j]!,
    { level: `orders[${j}]`, rule: `options.rule`, growth: 'options.growth' }, lv[j]!));
  return combine(axes, [{ level: Array<number>(d).fill(0), coef: 1 }], { field: 'orders', value: orders });
}

/** Largest multi-index set a sparse grid enumerates. */
const MAX_INDICES = 200_000;

/** |{ l >= 0 : sum_j a_j l_j <= budget }| without enumerating (the levels are integers). */
function countIndexSet(a: readonly number[], budget: number): number {
  // Budgets are kept on a grid of 1e-9 so that counts of equal remaining budgets merge.
  let ways = new Map<number, number>([[Math.round(budget * 1e9), 1]]);
  for (const w of a) {
    const next = new Map<number, number>();
    const step = Math.round(w * 1e9);
    for (const [left, c] of ways) {
      for (let r = left; r >= -1; r -= step) {
        if (r < 0) break;
        next.set(r, (next.get(r) ?? 0) + c);
      }
    }
    ways = next;
    let total = 0;
    for (const c of ways.values()) total += c;
    if (total > MAX_INDICES) return total;
  }
  let total = 0;
  for (const c of ways.values()) total += c;
  return total;
}

/** c_l = sum over z in {0,1}^d with l + z in I of (-1)^|z|, for I given by membership. */
function combinationCoefficient(l: readonly number[], inSet: (l: readonly number[]) => boolean): number {
  const d = l.length;
  const cur = l.slice();
  let c = 0;
  const rec = (j: number, sign: number): void => {
    if (j === d) {
      c += sign;
      return;
    }
    rec(j + 1, sign);
    cur[j]!++;
    if (inSet(cur)) rec(j + 1, -sign); // I is downward closed: prune when l + z leaves it
    cur[j]!--;
  };
  rec(0, 1);
  return c;
}

/**
 * A Smolyak sparse grid of `level` by the combination technique. With a nested rule
 * (by default Clenshaw–Curtis for bounded inputs, Leja for unbounded ones) shared points are
 * merged; the level-L grid is exact for
 * the polynomials of sum_{l in I} P_{e(l_1)} x ... x P_{e(l_d)}, e(l) the exactness of the
 * level-l rule (with 'slow' growth: every polynomial of total degree 2L + 1).
 *
 * @example
 * ```js
 * import { Normal, sparseGrid } from 'uqkit';
 *
 * // E[x1² x2²] = 1 for independent standard normals
 * const { points, weights } = sparseGrid([new Normal(), new Normal()], { level: 3 });
 * let e = 0;
 * for (let i = 0; i < weights.length; i++) e += weights[i] * points.data[2 * i] ** 2 * points.data[2 * i + 1] ** 2;
 * console.log(weights.length, e); // 36 points, 1 (to rounding)
 * ```
 *
 * @throws {@link InvalidArgumentError} for a bad distribution, level (0..60), rule (sparse
 *   grids need nested rules), growth or anisotropy.
 * @throws {@link ResourceLimitError} when the grid would have too many points for the memory budget.
 */
export function sparseGrid(dists: readonly Distribution[], opts: SparseGridOptions): SparseGrid {
  const ds = checkDists(dists);
  const d = ds.length;
  const o = optionsObject<SparseGridOptions>('options', opts);
  knownKeys('options', o, ['level', 'rule', 'growth', 'anisotropy']);
  const L = integer('options.level', o.level, 0, 60);
  const rules = rulesFor('options.rule', o.rule, ds, 'nested');
  if (o.growth !== undefined) oneOf('options.growth', o.growth, GROWTHS);
  const a = relativeWeights('options.anisotropy', o.anisotropy, d);
  const tol = 1e-9 * Math.max(1, L);
  const maxLevel = a.map((w) => Math.floor(L / w + tol));
  const axes = ds.map((dist, j) => buildAxis(dist, rules[j]!, o.growth ?? defaultGrowth(rules[j]!), maxLevel[j]!,
    { level: 'options.level', rule: Array.isArray(o.rule) ? `options.rule[${j}]` : 'options.rule', growth: 'options.growth' }));
  const count = countIndexSet(a, L);
  if (count > MAX_INDICES) {
    throw new InvalidArgumentError({ field: 'options.level', value: L, expected: `a smaller level for ${d} inputs: the grid would combine ${count.toPrecision(3)} tensor grids (at most ${MAX_INDICES})` });
  }
  const indices = multiIndices(d, { degree: L, anisotropy: a });
  const inSet = (l: readonly number[]): boolean => l.reduce((s, v, j) => s + a[j]! * v, 0) <= L + tol;
  const coefficients = indices.map((l) => combinationCoefficient(l, inSet));
  const grid = combine(axes, indices.map((level, i) => ({ level, coef: coefficients[i]! })), { field: 'options.level', value: L });
  return { ...grid, indices, coefficients };
}

// ---------------------------------------------------------------------------------------
// Dimension-adaptive sparse grids (Gerstner & Griebel, Computing 71, 2003).

/** Options of {@link adaptiveSparseGrid}: the 1-D rules, their growth, and when refinement stops. */
export interface AdaptiveSparseGridOptions {
  /** The 1-D rule for every input, or one per input. Default as for sparseGrid. */
  readonly rule?: RuleName | readonly RuleName[];
  /** Default per rule, as for sparseGrid. */
  readonly growth?: Growth;
  /**
   * Stop when the sum of the active indices' indicators g_l (absolute, in the outputs' units)
   * falls to this or below; the root and its forward neighbours are always refined first.
   * Default 1e-8.
   */
  readonly tolerance?: number;
  /** Stop before a refinement would take the grid beyond this many points. Default 10,000. */
  readonly maxPoints?: number;
  /** Highest level per input. Default 12 (the largest level every rule supports is lower for some rules). */
  readonly maxLevel?: number;
}

/** What `AdaptiveSparseGrid.result()` returns. */
export interface AdaptiveSparseGridResult extends SparseGrid {
  /** The integral (expectation) of each output: sum of weights x values. */
  readonly integral: Float64Array;
  /** The global error indicator at the end (sum of the active indices' indicators g_l, see AdaptiveSparseGrid). */
  readonly error: number;
  /** Why refinement stopped ('running' for a result taken before it stopped). */
  readonly stop: 'tolerance' | 'maxPoints' | 'maxLevel' | 'running';
  /** Model values at the points (rows = points, one column per output). */
  readonly values: Matrix;
}

/** Surpluses at most this times the largest one count as zeros to be confirmed (see AdaptiveSparseGrid). */
const ZERO_SURPLUS = 1e-12;

interface IndexInfo {
  level: number[];
  delta: Float64Array | null; // surplus per output, once evaluated
  surplus: number; // s_l = max |delta| (Infinity until evaluated)
}

/**
 * Dimension-adaptive sparse grid as a batch (ask/tell) process, so that a campaign can run
 * the model on each batch of new points between refinements:
 *
 *   const ad = new AdaptiveSparseGrid(dists, { tolerance: 1e-6 });
 *   for (let x = ad.next(); x.rows > 0; x = ad.next()) ad.tell(runModel(x));
 *   const { points, weights, integral } = ad.result();
 *
 * Each step moves the active index with the largest indicator to the old set and activates
 * its admissible forward neighbours, whose new points form the next batch. The surplus of an
 * index is s_l = |Delta_l f| (max over the outputs of the hierarchical surplus,
 * Delta_l = sum_z (-1)^|z| Q_{l-z}); the indicator of an active index looks at its
 * neighbourhood:
 *
 *   g_l = s_l when s_l is not negligible (more than 1e-12 of the largest surplus), else
 *   g_l = max(s_l, min over the backward neighbours l - e_j of s, the expected surplus of
 *             b + e_i for every old b whose forward neighbour b + e_i waits for l:
 *             s_b if b_i > 0, else s_b e_i / max s),
 *
 * e_i the largest surplus of an index that refines input i. The root and its forward
 * neighbours are always refined (g = Infinity): every input is measured at two levels beyond
 * the centre before it can be found unimportant. A surplus can vanish by symmetry (x1^2 at
 * the centre point, sin x at the ends of [-pi, pi], x3^4 sin x1 on the line x1 = 0) while the
 * next level does not; the plain indicator s_l would stop there with a wrong integral and a
 * zero error. So a negligible surplus is trusted only when an index it descends from was
 * small too, and an index is refined when an important index next to it needs it to refine
 * an input known to matter. The rule does not depend on the tolerance: a smaller tolerance
 * continues the same sequence of grids (and of batches).
 */
export class AdaptiveSparseGrid {
  /** Number of inputs. */
  readonly dim: number;
  private readonly axes: Axis[];
  private readonly tol: number;
  private readonly maxPoints: number;
  private readonly indexInfo = new Map<string, IndexInfo>();
  private readonly old = new Set<string>();
  private readonly active = new Set<string>();
  private readonly pointIndex = new Map<string, number>();
  private readonly pointIds: number[][] = [];
  private readonly pointValues: Float64Array[] = [];
  private outputs = -1;
  private pending: { keys: string[]; newIndices: string[] } | null = null;
  private stopReason: 'tolerance' | 'maxPoints' | 'maxLevel' | null = null;
  private saturated = 0;

  constructor(dists: readonly Distribution[], opts: AdaptiveSparseGridOptions = {}) {
    const ds = checkDists(dists);
    const o = optionsObject<AdaptiveSparseGridOptions>('options', opts);
    knownKeys('options', o, ['rule', 'growth', 'tolerance', 'maxPoints', 'maxLevel']);
    this.dim = ds.length;
    const rules = rulesFor('options.rule', o.rule, ds, 'nested');
    if (o.growth !== undefined) oneOf('options.growth', o.growth, GROWTHS);
    if (o.tolerance !== undefined && !(typeof o.tolerance === 'number' && o.tolerance >= 0)) {
      throw new InvalidArgumentError({ field: 'options.tolerance', value: o.tolerance, expected: 'a number >= 0' });
    }
    this.tol = o.tolerance ?? 1e-8;
    this.maxPoints = integer('options.maxPoints', o.maxPoints ?? 10_000, 1);
    const requested = integer('options.maxLevel', o.maxLevel ?? 12, 0, 60);
    this.axes = ds.map((dist, j) => {
      const growth = o.growth ?? defaultGrowth(rules[j]!);
      // The highest level the rule reaches under the growth (sizes capped), up to the request.
      let top = requested;
      for (let l = 0; l <= requested; l++) {
        try {
          ruleSize(rules[j]!, l, growth);
        } catch (e) {
          if (e instanceof InvalidArgumentError && e.field === 'level' && l > 0) { top = l - 1; break; }
          if (e instanceof InvalidArgumentError) throw new InvalidArgumentError({ field: `options.${e.field}`, value: e.value, expected: e.expected ?? '' });
          throw e;
        }
      }
      return buildAxis(dist, rules[j]!, growth, top, { level: 'options.maxLevel', rule: Array.isArray(o.rule) ? `options.rule[${j}]` : 'options.rule', growth: 'options.growth' });
    });
    const zero = Array<number>(this.dim).fill(0);
    this.activate([zero]);
  }

  /** True once refinement has stopped (tolerance met or a limit reached). */
  get done(): boolean {
    return this.stopReason !== null && this.pending === null;
  }

  /** Number of distinct points so far (evaluated or pending). */
  get size(): number {
    return this.pointIds.length;
  }

  /**
   * The current global error indicator: the sum of the active indices' indicators g_l, plus
   * the surpluses of indices that could not be refined in some input because of maxLevel
   * (error the grid can no longer remove).
   */
  get error(): number {
    let s = this.saturated;
    for (const v of this.indicators().values()) s += v;
    return s;
  }

  /**
   * The next batch of points to evaluate (rows), or an empty matrix when refinement is over.
   * Calling next() again before tell() returns the same batch.
   */
  next(): Matrix {
    if (this.pending) return this.batchMatrix(this.pending.keys);
    while (this.stopReason === null) {
      const g = this.indicators();
      let error = this.saturated;
      for (const v of g.values()) error += v;
      if (error <= this.tol) { this.stopReason = 'tolerance'; break; }
      // Largest indicator first; ties by the graded-lexicographic order of insertion.
      let bestKey: string | null = null;
      let best = -1;
      for (const [k, ind] of g) {
        if (ind > best) { best = ind; bestKey = k; }
      }
      if (bestKey === null) { this.stopReason = 'maxLevel'; break; } // only saturated error is left
      const level = this.indexInfo.get(bestKey)!.level;
      const forward: number[][] = [];
      let capped = false;
      for (let j = 0; j < this.dim; j++) {
        const n = level.slice();
        n[j]!++;
        if (n[j]! >= this.axes[j]!.ids.length) { capped = true; continue; }
        const key = n.join(',');
        if (this.indexInfo.has(key)) continue;
        let admissible = true;
        for (let i = 0; i < this.dim && admissible; i++) {
          if (i === j || n[i] === 0) continue;
          const back = n.slice();
          back[i]!--;
          if (!this.old.has(back.join(',')) && back.join(',') !== bestKey) admissible = false;
        }
        if (admissible) forward.push(n);
      }
      // Would the new points overflow the budget? Then stop without refining.
      const fresh = this.newPoints(forward);
      if (this.pointIds.length + fresh.length > this.maxPoints) { this.stopReason = 'maxPoints'; break; }
      this.active.delete(bestKey);
      this.old.add(bestKey);
      if (capped) this.saturated += this.indexInfo.get(bestKey)!.surplus;
      if (forward.length === 0) continue;
      const batch = this.activate(forward);
      if (batch) return this.batchMatrix(batch);
    }
    return matrix(new Float64Array(0), 0, this.dim);
  }

  /**
   * The model values at the points of the last batch: a Float64Array (one output) or a
   * Matrix with one row per point and one column per output.
   */
  tell(values: Float64Array | Matrix): void {
    if (!this.pending) throw new InvalidArgumentError({ field: 'values', value: values, expected: 'no values: there is no pending batch (call next() first)' });
    const m = outputMatrix('values', values, this.pending.keys.length);
    if (this.outputs >= 0 && m.cols !== this.outputs) throw new ShapeError({ field: 'values', value: m.cols, expected: `${this.outputs} outputs per point, as in earlier batches` });
    this.outputs = m.cols;
    this.pending.keys.forEach((key, i) => {
      this.pointValues[this.pointIndex.get(key)!] = m.data.slice(i * m.cols, (i + 1) * m.cols);
    });
    const newIndices = this.pending.newIndices;
    this.pending = null;
    for (const k of newIndices) this.evaluateIndex(k);
  }

  /**
   * The index sets so far: the old (refined) indices and the active ones, each with its
   * surplus (max over the outputs of |Delta_l f|; Infinity before its points are told) and,
   * for active ones, its indicator g_l. Indices in the order they were activated.
   */
  indexSets(): { old: { level: number[]; surplus: number }[]; active: { level: number[]; surplus: number; indicator: number }[] } {
    const g = this.pending ? null : this.indicators();
    const old = [...this.old].map((k) => ({ level: this.indexInfo.get(k)!.level.slice(), surplus: this.indexInfo.get(k)!.surplus }));
    const active = [...this.active].map((k) => {
      const info = this.indexInfo.get(k)!;
      return { level: info.level.slice(), surplus: info.surplus, indicator: info.delta && g ? g.get(k)! : Infinity };
    });
    return { old, active };
  }

  /** The grid of all indices so far (old and active) with its integral. */
  result(): AdaptiveSparseGridResult {
    if (this.pending) throw new InvalidArgumentError({ field: 'result', value: this.pending.keys.length, expected: 'the values of the pending batch first (tell())' });
    const keys = [...this.old, ...this.active];
    const set = new Set(keys);
    const indices = keys.map((k) => this.indexInfo.get(k)!.level.slice());
    const inSet = (l: readonly number[]): boolean => set.has(l.join(','));
    const coefficients = indices.map((l) => combinationCoefficient(l, inSet));
    const grid = combine(this.axes, indices.map((level, i) => ({ level, coef: coefficients[i]! })), { field: 'options.maxPoints', value: this.maxPoints });
    // Values in the order of the combined grid's points.
    const q = Math.max(this.outputs, 1);
    const d = this.dim;
    const vals = new Float64Array(grid.points.rows * q);
    const integral = new Float64Array(q);
    const byValue = this.axes.map((ax) => new Map(ax.values.map((v, id) => [v, id])));
    for (let i = 0; i < grid.points.rows; i++) {
      const key = Array.from({ length: d }, (_, j) => byValue[j]!.get(grid.points.data[i * d + j]!)!).join(',');
      const v = this.pointValues[this.pointIndex.get(key)!]!;
      vals.set(v, i * q);
      for (let c = 0; c < q; c++) integral[c]! += grid.weights[i]! * v[c]!;
    }
    return {
      ...grid, indices, coefficients, integral, error: this.error,
      stop: this.stopReason ?? 'running', values: matrix(vals, grid.points.rows, q),
    };
  }

  // -- internals --

  private tensorKeys(level: readonly number[]): { keys: string[]; weights: number[] } {
    const keys: string[] = [];
    const weights: number[] = [];
    const d = this.dim;
    const idx = Array<number>(d).fill(0);
    const rows = level.map((l, j) => this.axes[j]!.ids[l]!);
    const ws = level.map((l, j) => this.axes[j]!.weights[l]!);
    for (;;) {
      let w = 1;
      const ids: number[] = [];
      for (let j = 0; j < d; j++) {
        ids.push(rows[j]![idx[j]!]!);
        w *= ws[j]![idx[j]!]!;
      }
      keys.push(ids.join(','));
      weights.push(w);
      let j = d - 1;
      while (j >= 0 && ++idx[j]! === rows[j]!.length) idx[j--] = 0;
      if (j < 0) break;
    }
    return { keys, weights };
  }

  private newPoints(levels: readonly number[][]): string[] {
    const fresh = new Set<string>();
    for (const l of levels) for (const k of this.tensorKeys(l).keys) if (!this.pointIndex.has(k)) fresh.add(k);
    return [...fresh];
  }

  /** Adds indices to the active set; returns the new points to evaluate, if any. */
  private activate(levels: number[][]): string[] | null {
    const keys = this.newPoints(levels);
    const newIndices: string[] = [];
    for (const l of levels) {
      const k = l.join(',');
      this.indexInfo.set(k, { level: l, delta: null, surplus: Infinity });
      this.active.add(k);
      newIndices.push(k);
    }
    for (const key of keys) {
      this.pointIndex.set(key, this.pointIds.length);
      this.pointIds.push(key.split(',').map(Number));
    }
    if (keys.length > 0) {
      this.pending = { keys, newIndices };
      return keys;
    }
    for (const k of newIndices) this.evaluateIndex(k);
    return null;
  }

  private quadrature(level: readonly number[]): Float64Array {
    const q = Math.max(this.outputs, 1);
    const s = new Float64Array(q);
    const { keys, weights } = this.tensorKeys(level);
    keys.forEach((k, i) => {
      const v = this.pointValues[this.pointIndex.get(k)!]!;
      for (let c = 0; c < q; c++) s[c]! += weights[i]! * v[c]!;
    });
    return s;
  }

  private evaluateIndex(key: string): void {
    const info = this.indexInfo.get(key)!;
    const q = Math.max(this.outputs, 1);
    const delta = new Float64Array(q);
    // Delta_l f = sum over z in {0,1}^d (l - z >= 0) of (-1)^|z| Q_{l - z} f.
    const l = info.level;
    const free = l.map((v, j) => (v > 0 ? j : -1)).filter((j) => j >= 0);
    for (let mask = 0; mask < 1 << free.length; mask++) {
      const m = l.slice();
      let sign = 1;
      for (let b = 0; b < free.length; b++) if (mask & (1 << b)) { m[free[b]!]!--; sign = -sign; }
      const s = this.quadrature(m);
      for (let c = 0; c < q; c++) delta[c]! += sign * s[c]!;
    }
    info.delta = delta;
    info.surplus = Math.max(...Array.from(delta, Math.abs));
  }

  /**
   * g_l of every active index (see the class): its surplus, the smallest surplus below it,
   * and the surplus of any old index whose forward neighbour it blocks.
   */
  private indicators(): Map<string, number> {
    const d = this.dim;
    // effect[i]: the largest surplus measured on an index that refines input i.
    const effect = new Float64Array(d);
    let top = 0;
    for (const info of this.indexInfo.values()) {
      if (!info.delta) continue;
      top = Math.max(top, info.surplus);
      for (let i = 0; i < d; i++) if (info.level[i]! > 0) effect[i] = Math.max(effect[i]!, info.surplus);
    }
    // A surplus this small next to the largest is a zero (by symmetry or by where the nodes
    // fall), not a sign of convergence. The rule does not depend on the tolerance, so that a
    // smaller tolerance continues the same sequence of grids.
    const zero = ZERO_SURPLUS * top;
    const g = new Map<string, number>();
    for (const k of this.active) {
      const { level: l, surplus } = this.indexInfo.get(k)!;
      if (l.every((v) => v === 0)) { g.set(k, Infinity); continue; }
      let below = 0;
      // The root's forward neighbours are always refined: the root's surplus is the value at
      // one point, no sign of decay (and every value seen so far may be zero).
      if (l.reduce((a, b) => a + b, 0) === 1) below = Infinity;
      else if (surplus <= zero) {
        // Backward neighbours are old (admissibility), so their surpluses are known.
        below = Infinity;
        const m = l.slice();
        for (let j = 0; j < d; j++) {
          if (l[j] === 0) continue;
          m[j]!--;
          if (m.some((v) => v > 0)) below = Math.min(below, this.indexInfo.get(m.join(','))!.surplus);
          m[j]!++;
        }
      }
      g.set(k, Math.max(surplus, below));
    }
    // The forward neighbour b + e_i of an old index b waits for the active indices below it;
    // those with a zero surplus take on its expected surplus: s_b if b refines input i
    // already, else s_b e_i / max s (the surplus of a product of 1-D functions).
    for (const k of this.old) {
      const b = this.indexInfo.get(k)!;
      for (let i = 0; i < d; i++) {
        const s = b.level[i]! > 0 ? b.surplus : top > 0 ? b.surplus * (effect[i]! / top) : 0;
        if (!(s > zero)) continue;
        const n = b.level.slice();
        n[i]!++;
        if (n[i]! >= this.axes[i]!.ids.length || this.indexInfo.has(n.join(','))) continue;
        this.pullBelow(n, s, zero, g, new Set());
      }
    }
    return g;
  }

  /** Raises g of the active indices that keep the missing index `n` from being admissible. */
  private pullBelow(n: number[], s: number, zero: number, g: Map<string, number>, seen: Set<string>): void {
    for (let j = 0; j < this.dim; j++) {
      if (n[j] === 0) continue;
      n[j]!--;
      const key = n.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        if (this.active.has(key)) {
          if (this.indexInfo.get(key)!.surplus <= zero) g.set(key, Math.max(g.get(key)!, s));
        } else if (!this.old.has(key)) this.pullBelow(n, s, zero, g, seen);
      }
      n[j]!++;
    }
  }

  private batchMatrix(keys: readonly string[]): Matrix {
    const d = this.dim;
    const data = new Float64Array(keys.length * d);
    keys.forEach((k, i) => {
      const ids = k.split(',');
      for (let j = 0; j < d; j++) data[i * d + j] = this.axes[j]!.values[Number(ids[j])]!;
    });
    return matrix(data, keys.length, d);
  }
}

/**
 * Runs a dimension-adaptive sparse grid to completion with a model function that takes a
 * batch of points (rows) and returns one value per point (Float64Array) or a Matrix of
 * outputs; it may be async.
 */
export async function adaptiveSparseGrid(
  dists: readonly Distribution[],
  model: (points: Matrix) => Float64Array | Matrix | Promise<Float64Array | Matrix>,
  opts: AdaptiveSparseGridOptions = {},
): Promise<AdaptiveSparseGridResult> {
  if (typeof model !== 'function') throw new InvalidArgumentError({ field: 'model', value: model, expected: 'a function of a batch of points' });
  const ad = new AdaptiveSparseGrid(dists, opts);
  for (let x = ad.next(); x.rows > 0; x = ad.next()) ad.tell(await model(x));
  return ad.result();
}


