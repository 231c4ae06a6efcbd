// Shapley effects: the share of a model output's variance that each input is owed, for
// dependent inputs as well as independent ones (where Sobol' indices, which assume
// independence, lose their meaning). With the cost c(J) = E[Var(Y | X_{-J})] of a set J of
// inputs (the variance left when all inputs but J are known), the Shapley effect of input i is
//
//   Sh_i = sum over J not holding i of |J|! (d - |J| - 1)! / d! (c(J + i) - c(J)) / Var(Y),
//
// and the effects sum to 1. The design (Song, Nelson & Staum 2016 [1]) estimates Var(Y) from
// `total` independent draws, and each c(J) from `outer` draws of X_{-J}, each with `inner`
// draws of X_J given X_{-J} (the sample variance of those, averaged). Inputs are dependent
// through a Gaussian copula (./copula.ts), whose conditionals are normal in the normal scores,
// so the draws given X_{-J} are exact.
//
// Two estimators: 'subsets' estimates c(J) of every proper subset once and weighs them exactly
// (2^d - 2 costs: for up to about 10 inputs); 'random' follows `permutations` random orders of
// the inputs, estimating the costs of their d - 1 prefixes (Algorithm 1 of [1]: for many inputs),
// and reports a standard error from the spread over the permutations.
//
// [1] E. Song, B. L. Nelson, J. Staum, Shapley effects for global sensitivity analysis: theory
//     and computation, SIAM/ASA J. Uncertainty Quantification 4, 1060-1083 (2016).
// [2] A. B. Owen, C. Prieur, On Shapley value for measuring importance of dependent inputs,
//     SIAM/ASA J. Uncertainty Quantification 5, 986-1002 (2017).
// [3] B. Iooss, C. Prieur, Shapley effects for sensitivity analysis with correlated inputs:
//     comparisons with Sobol' indices, numerical estimation and applications, Int. J. Uncertainty
//     Quantification 9, 493-514 (2019).
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import { ndtr, ndtri } from '../distributions/special.js';
import type { Distribution } from '../distributions/distribution.js';
import { choleskyLower, GaussianCopula } from './copula.js';
import { matrix, type Matrix } from './matrix.js';
import { uniformRows } from './random.js';

/** Options of {@link shapleyDesign}. */
export interface ShapleyDesignOptions {
  /** 'subsets' (default for up to 10 inputs) or 'random' permutations (the default beyond). */
  readonly method?: 'subsets' | 'random';
  /** Random permutations of the inputs, for method 'random'. Default 100. */
  readonly permutations?: number;
  /** Draws of X for Var(Y). Default 10,000. */
  readonly total?: number;
  /** Outer draws of X_{-J} per cost. Default 1,000 for 'subsets', 1 for 'random' (as [1] advises). */
  readonly outer?: number;
  /** Inner draws of X_J given X_{-J}. Default 3. */
  readonly inner?: number;
  /** Seed of the draws (0 to 2^53 - 1). Default 0. */
  readonly seed?: number;
}

/** One estimated cost c(J): rows start..start + outer * inner - 1 of the design, outer by outer. */
export interface ShapleyBlock {
  /** The inputs J drawn given the others (0-based, increasing). */
  readonly set: readonly number[];
  readonly start: number;
}

/** A design for Shapley effects: the points to evaluate the model at, and how they are laid out. */
export interface ShapleyDesign {
  /** The points, one per row, `total` independent draws first, then one block per cost. */
  readonly X: Matrix;
  readonly dim: number;
  readonly method: 'subsets' | 'random';
  readonly total: number;
  readonly outer: number;
  readonly inner: number;
  /** The costs' blocks (for 'random', the prefixes of each permutation in turn). */
  readonly blocks: readonly ShapleyBlock[];
  /** For 'random': the permutations, each an order of the inputs. */
  readonly permutations?: readonly (readonly number[])[];
}

/** The result of {@link shapleyEffects}. */
export interface ShapleyResult {
  /** Shapley effects, one per input, summing to 1. */
  readonly shapley: Float64Array;
  /** Var(Y), from the `total` draws. */
  readonly variance: number;
  /** The costs c(J) / Var(Y) by set, e.g. `"0,2"` (for 'subsets'). */
  readonly costs: Readonly<Record<string, number>>;
  /** For 'random': standard errors of the effects, from their spread over the permutations. */
  readonly stdErr?: Float64Array;
}

/** Solves A x = b for symmetric positive-definite A (k x k) by its lower Cholesky factor. */
function spdSolve(L: Float64Array, k: number, b: Float64Array): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= L[i * k + j]! * y[j]!;
    y[i] = s / L[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let j = i + 1; j < k; j++) s -= L[j * k + i]! * y[j]!;
    y[i] = s / L[i * k + i]!;
  }
  return y;
}

/** Z_J | Z_K = z_K ~ N(A z_K, C) for the normal scores Z ~ N(0, R), K the complement of J: A and the Cholesky factor of C. */
function conditional(R: Float64Array, d: number, J: readonly number[]): { K: number[]; A: Float64Array; Lc: Float64Array } {
  const K = Array.from({ length: d }, (_, i) => i).filter((i) => !J.includes(i));
  const j = J.length;
  const k = K.length;
  const RKK = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) RKK[a * k + b] = R[K[a]! * d + K[b]!]!;
  const LK = choleskyLower(RKK, k);
  if (!('L' in LK)) throw new Error('unreachable: a principal block of a positive-definite matrix');
  // A = R_JK R_KK^-1, row by row: row a of A solves R_KK x = R_Kj.
  const A = new Float64Array(j * k);
  for (let a = 0; a < j; a++) {
    const rhs = Float64Array.from(K, (kk) => R[J[a]! * d + kk]!);
    A.set(spdSolve(LK.L, k, rhs), a * k);
  }
  const C = new Float64Array(j * j);
  for (let a = 0; a < j; a++) {
    for (let b = 0; b < j; b++) {
      let s = R[J[a]! * d + J[b]!]!;
      for (let c = 0; c < k; c++) s -= A[a * k + c]! * R[K[c]! * d + J[b]!]!;
      C[a * j + b] = s;
    }
  }
  for (let a = 0; a < j; a++) for (let b = 0; b < a; b++) C[a * j + b] = C[b * j + a] = 0.5 * (C[a * j + b]! + C[b * j + a]!);
  const Lc = choleskyLower(C, j);
  // A conditional variance of zero (a correlation of +-1 would make one): draws are then the mean.
  return { K, A, Lc: 'L' in Lc ? Lc.L : new Float64Array(j * j) };
}

const phiInverse = (u: number): number => ndtri(Math.min(Math.max(u, 1e-300), 1 - 2 ** -53));

/** A normal score to an input value through its marginal, from the nearer tail. */
const toInput = (m: Distribution, z: number): number => (z <= 0 ? m.ppf(ndtr(z)) : m.isf(ndtr(-z)));

/**
 * The points to evaluate a model at for Shapley effects (see the top of this file): `total`
 * independent draws, then for each estimated cost `outer` draws of the other inputs, each with
 * `inner` draws of the set given them. Rows: total + costs * outer * inner, with 2^d - 2 costs
 * for 'subsets' and permutations * (d - 1) for 'random'.
 *
 * @param inputs the input distributions (independent), or a GaussianCopula (dependent)
 * @throws InvalidArgumentError for bad options, or fewer than 2 inputs
 */
export function shapleyDesign(inputs: readonly Distribution[] | GaussianCopula, options: ShapleyDesignOptions = {}): ShapleyDesign {
  const copula = inputs instanceof GaussianCopula ? inputs : new GaussianCopula(inputs, Array.from({ length: inputs.length }, (_, i) => Array.from({ length: inputs.length }, (_, j) => (i === j ? 1 : 0))));
  const d = copula.dim;
  if (d < 2) throw new InvalidArgumentError({ field: 'inputs', value: d, expected: 'at least 2 inputs (with one, its Shapley effect is 1)' });
  const method = options.method ?? (d <= 10 ? 'subsets' : 'random');
  if (method !== 'subsets' && method !== 'random') throw new InvalidArgumentError({ field: 'options.method', value: method, expected: "'subsets' or 'random'" });
  if (method === 'subsets' && d > 16) throw new InvalidArgumentError({ field: 'options.method', value: method, expected: `'random' for ${d} inputs ('subsets' estimates 2^d - 2 costs)` });
  const total = integer('options.total', options.total ?? 10_000, 2);
  const outer = integer('options.outer', options.outer ?? (method === 'subsets' ? 1000 : 1), 1);
  const inner = integer('options.inner', options.inner ?? 3, 2);
  const m = method === 'random' ? integer('options.permutations', options.permutations ?? 100, 1) : 0;
  const seed = integer('options.seed', options.seed ?? 0, 0);
  // The sets whose costs are estimated, in the order of their blocks.
  let sets: number[][];
  let permutations: number[][] | undefined;
  if (method === 'subsets') {
    sets = [];
    for (let mask = 1; mask < (1 << d) - 1; mask++) sets.push(Array.from({ length: d }, (_, i) => i).filter((i) => (mask >> i) & 1));
  } else {
    // Fisher–Yates shuffles driven by stream 2 of the seed.
    const u = uniformRows(d, seed, 0, m, 2).data;
    permutations = Array.from({ length: m }, (_, p) => {
      const order = Array.from({ length: d }, (_, i) => i);
      for (let i = d - 1; i > 0; i--) {
        const k = Math.floor(u[p * d + i]! * (i + 1));
        [order[i], order[k]] = [order[k]!, order[i]!];
      }
      return order;
    });
    sets = permutations.flatMap((order) => Array.from({ length: d - 1 }, (_, j) => order.slice(0, j + 1).sort((a, b) => a - b)));
  }
  const rows = total + sets.length * outer * inner;
  if (!Number.isSafeInteger(rows * d) || rows * d > 2 ** 31) throw new InvalidArgumentError({ field: 'options', value: rows, expected: 'a design of fewer points: lower total, outer, inner or permutations' });
  const R = copula.correlation.data;
  const L = copula.cholesky.data;
  const X = new Float64Array(rows * d);
  const z = new Float64Array(d);
  const put = (row: number): void => {
    for (let j = 0; j < d; j++) X[row * d + j] = toInput(copula.marginals[j]!, z[j]!);
  };
  /** z = L Phi^-1(u) for the uniforms u. */
  const correlated = (u: Float64Array, at: number): void => {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += L[j * d + k]! * phiInverse(u[at + k]!);
      z[j] = s;
    }
  };
  // Stream 1: the total draws and the outer draws; stream 3: the inner draws.
  const first = uniformRows(d, seed, 0, total, 1).data;
  for (let i = 0; i < total; i++) (correlated(first, i * d), put(i));
  const blocks: ShapleyBlock[] = [];
  const cache = new Map<string, ReturnType<typeof conditional>>();
  let row = total;
  let outerDrawn = total;
  let innerDrawn = 0;
  for (const set of sets) {
    const key = set.join(',');
    let cond = cache.get(key);
    if (!cond) cache.set(key, (cond = conditional(R, d, set)));
    const { K, A, Lc } = cond;
    const j = set.length;
    blocks.push({ set, start: row });
    const outs = uniformRows(d, seed, outerDrawn, outer, 1).data;
    const ins = uniformRows(j, seed, innerDrawn, outer * inner, 3).data;
    outerDrawn += outer;
    innerDrawn += outer * inner;
    for (let o = 0; o < outer; o++) {
      correlated(outs, o * d);
      const zK = Float64Array.from(K, (k) => z[k]!);
      for (let t = 0; t < inner; t++) {
        const at = (o * inner + t) * j;
        for (let a = 0; a < j; a++) {
          let s = 0;
          for (let c = 0; c < K.length; c++) s += A[a * K.length + c]! * zK[c]!;
          for (let b = 0; b <= a; b++) s += Lc[a * j + b]! * phiInverse(ins[at + b]!);
          z[set[a]!] = s;
        }
        put(row++);
      }
    }
  }
  return { X: matrix(X, rows, d), dim: d, method, total, outer, inner, blocks, ...(permutations ? { permutations } : {}) };
}

/**
 * Shapley effects from the model's outputs at the points of a {@link shapleyDesign}, one per
 * row, in order.
 *
 * @throws ShapeError for outputs of the wrong length; InvalidArgumentError for outputs that are
 *   not finite (naming the first) or that do not vary
 */
export function shapleyEffects(Y: ArrayLike<number>, design: ShapleyDesign): ShapleyResult {
  const d = design.dim;
  const rows = design.X.rows;
  if (Y?.length !== rows) throw new ShapeError({ field: 'Y', value: Y?.length, expected: `${rows} outputs, one per row of the design` });
  for (let i = 0; i < rows; i++) if (!Number.isFinite(Y[i]!)) throw new InvalidArgumentError({ field: `Y[${i}]`, value: Y[i], expected: 'a finite output' });
  const varianceOf = (start: number, count: number): number => {
    let mean = 0;
    for (let i = 0; i < count; i++) mean += Y[start + i]!;
    mean /= count;
    let ss = 0;
    for (let i = 0; i < count; i++) ss += (Y[start + i]! - mean) ** 2;
    return ss / (count - 1);
  };
  const variance = varianceOf(0, design.total);
  if (!(variance > 0)) throw new InvalidArgumentError({ field: 'Y', value: variance, expected: 'outputs that vary (their variance is 0)' });
  const cost = (b: ShapleyBlock): number => {
    let s = 0;
    for (let o = 0; o < design.outer; o++) s += varianceOf(b.start + o * design.inner, design.inner);
    return s / design.outer / variance;
  };
  const shapley = new Float64Array(d);
  const costs: Record<string, number> = {};
  if (design.method === 'subsets') {
    const c = new Map<number, number>([[0, 0], [(1 << d) - 1, 1]]);
    for (const b of design.blocks) {
      const v = cost(b);
      c.set(b.set.reduce((m, i) => m | (1 << i), 0), v);
      costs[b.set.join(',')] = v;
    }
    const fact = [1];
    for (let k = 1; k <= d; k++) fact.push(fact[k - 1]! * k);
    for (let mask = 0; mask < 1 << d; mask++) {
      const size = popcount(mask);
      for (let i = 0; i < d; i++) {
        if ((mask >> i) & 1) continue;
        shapley[i]! += (fact[size]! * fact[d - size - 1]! / fact[d]!) * (c.get(mask | (1 << i))! - c.get(mask)!);
      }
    }
    return { shapley, variance, costs };
  }
  const perms = design.permutations!;
  const sum = new Float64Array(d);
  const sum2 = new Float64Array(d);
  let k = 0;
  for (const order of perms) {
    let prev = 0;
    for (let j = 0; j < d; j++) {
      const now = j < d - 1 ? cost(design.blocks[k++]!) : 1;
      const delta = now - prev;
      sum[order[j]!]! += delta;
      sum2[order[j]!]! += delta * delta;
      prev = now;
    }
  }
  const m = perms.length;
  const stdErr = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    shapley[i] = sum[i]! / m;
    stdErr[i] = m > 1 ? Math.sqrt(Math.max(0, (sum2[i]! - (sum[i]! * sum[i]!) / m) / (m - 1)) / m) : NaN;
  }
  return { shapley, variance, costs, stdErr };
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}
