// The method of Morris (elementary effects): a sampler of one-at-a-time trajectories on a
// grid of levels, and the analysis of the model's outputs along them, with SALib's
// definitions, defaults and field names (SALib.sample.morris / SALib.analyze.morris).
//
// References:
// [1] M. D. Morris, Factorial sampling plans for preliminary computational experiments,
//     Technometrics 33(2), 161-174 (1991) — trajectories, elementary effects, mu and sigma.
// [2] F. Campolongo, J. Cariboni, A. Saltelli, An effective screening design for sensitivity
//     analysis of large models, Environ. Model. Softw. 22(10), 1509-1518 (2007) — mu*, groups,
//     and the choice of the most spread-out trajectories (./morris-optimal.ts).
// [3] M. V. Ruano, J. Ribes, A. Seco, J. Ferrer, An improved sampling strategy based on
//     trajectory design for application of the Morris method to systems with many input
//     factors, Environ. Model. Softw. 37, 103-109 (2012) — the local optimisation.
// [4] G. Sin, K. V. Gernaey, Improving the Morris method for sensitivity analysis by scaling
//     the elementary effects, ESCAPE19, 925-930 (2009) — `scaled`.
import { InvalidArgumentError, NonFiniteOutputError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options, randomSeed, seed as seedOf } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import { ndtri } from '../distributions/special.js';

import { matrix, type Matrix } from './matrix.js';
import { selectTrajectories } from './morris-optimal.js';
import { bootstrapStdKernel, effectsKernel, uniforms } from './screening-kernels.js';
import { screeningInputs, type ScreeningInput } from './screening-inputs.js';

/** SALib's default number of grid levels p. */
export const MORRIS_DEFAULT_LEVELS = 4;

/** The step of a Morris grid of p levels in the unit interval: Δ = p / (2(p - 1)). */
export function morrisDelta(numLevels: number): number {
  integer('numLevels', numLevels, 2);
  return numLevels / (2 * (numLevels - 1));
}

/** Inputs grouped for Morris: each input's group number and the groups' names, in order of first appearance. */
export interface MorrisGroups {
  /** Group number (0..G-1) of each input. */
  readonly of: Int32Array;
  /** The G group names, in order of first appearance (as pandas.unique, SALib's order). */
  readonly names: readonly string[];
}

/** Groups from one name per input (undefined: every input its own group, named by `names`). */
export function morrisGroups(d: number, groups: readonly string[] | undefined, names?: readonly string[]): MorrisGroups {
  if (groups === undefined) {
    return { of: Int32Array.from({ length: d }, (_, j) => j), names: names ? names.slice() : Array.from({ length: d }, (_, j) => `x${j + 1}`) };
  }
  if (!Array.isArray(groups) || groups.length !== d || !groups.every((g) => typeof g === 'string')) {
    throw new ShapeError({ field: 'groups', value: groups, expected: `one group name (a string) per input (${d})` });
  }
  const index = new Map<string, number>();
  const of = Int32Array.from(groups, (g) => {
    if (!index.has(g)) index.set(g, index.size);
    return index.get(g)!;
  });
  return { of, names: [...index.keys()] };
}

/** Options of `morrisSample`; every one has SALib's default. */
export interface MorrisSampleOptions {
  /** Number of grid levels p (>= 2; even keeps the levels balanced). Default 4 (SALib's). */
  readonly numLevels?: number;
  /**
   * Keep only this many trajectories (2 <= k < N), the most spread out of the N drawn: the
   * sum of the Euclidean distances between all their points, combined over pairs as in [2].
   * Default: keep all N.
   */
  readonly optimalTrajectories?: number;
  /**
   * With `optimalTrajectories`: true (default) uses Ruano et al.'s local search [3], which
   * scales to large N; false the exhaustive search of Campolongo et al. [2] over all
   * C(N, k) sets (at most 2^31 of them).
   */
  readonly localOptimization?: boolean;
  /** One group name per input: inputs of a group move together (G + 1 points per trajectory). Default: no groups. */
  readonly groups?: readonly string[];
  /**
   * Seed (an integer 0..2^53-1 or a bigint below 2^64). Default: a fresh random seed, reported
   * as `seed` in the result. Trajectory t uses numbers t(2d + G) .. (t + 1)(2d + G) - 1 of the
   * seed's stream: base levels, directions, then the order of the groups.
   */
  readonly seed?: number | bigint;
}

/** A Morris design: trajectories of G + 1 points, one after another. */
export interface MorrisSample {
  /** The points in physical space: trajectories x (G + 1) rows, d columns. */
  readonly X: Matrix;
  /** The same points on the unit grid (levels 0, 1/(p-1), ..., 1); made on first read. */
  readonly unit: Matrix;
  /** Number of trajectories in X (N, or `optimalTrajectories`). */
  readonly trajectories: number;
  /** Number of grid levels p. */
  readonly numLevels: number;
  /** The grid step Δ = p / (2(p - 1)) in the unit interval. */
  readonly delta: number;
  /** The groups (each input its own group without `groups`). */
  readonly groups: MorrisGroups;
  /** The seed used. */
  readonly seed: bigint;
  /** Indices (among the N drawn) of the trajectories kept by `optimalTrajectories`, ascending; undefined when all are kept. */
  readonly chosen: readonly number[] | undefined;
}

const SAMPLE_KEYS = ['numLevels', 'optimalTrajectories', 'localOptimization', 'groups', 'seed'] as const;

/**
 * A Morris design of N trajectories [1] for the inputs `dists` (Distribution objects, specs, or
 * bounds [low, high] of uniform inputs):
 * each trajectory starts at a random point of the grid {0, 1/(p-1), ..., 1}^d (restricted so
 * that every step stays on it) and moves one input (or group) at a time by ±Δ, in random
 * order, as SALib's `morris.sample`. Evaluate the model at the rows of `X` and pass the
 * outputs to `morrisAnalyze(X, Y, { numLevels, groups })`.
 *
 * @throws InvalidArgumentError for bad distributions, N, levels, groups or options
 */
export function morrisSample(dists: readonly ScreeningInput[], N: number, opts?: MorrisSampleOptions): MorrisSample {
  const o = options<MorrisSampleOptions>('options', opts);
  knownKeys('options', o, SAMPLE_KEYS);
  const ds = screeningInputs(dists);
  const d = ds.length;
  const p = o.numLevels === undefined ? MORRIS_DEFAULT_LEVELS : integer('options.numLevels', o.numLevels, 2, 256);
  if (p % 2 !== 0) warn('UQKIT_MORRIS_LEVELS', `numLevels = ${p} is odd: the levels are not all reached equally often (SALib warns too); use an even number. Pass an even numLevels to silence this.`);
  const groups = morrisGroups(d, o.groups);
  const G = groups.names.length;
  integer('N', N, 2, Math.floor(2 ** 30 / ((G + 1) * d)), 'the design has N (G + 1) rows of d values');
  const local = o.localOptimization === undefined ? true : oneOf('options.localOptimization', o.localOptimization, [true, false]);
  const k = o.optimalTrajectories === undefined ? undefined : integer('options.optimalTrajectories', o.optimalTrajectories, 2, N - 1, `the number of trajectories kept, fewer than N = ${N}`);
  const seed = o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed);
  const delta = p / (2 * (p - 1));
  const half = p >> 1;
  const per = 2 * d + G;
  const u = uniforms(N * per, seed);
  const S = G + 1;
  // Grid levels k = 0..p-1 at k/(p-1): a trajectory starts at a level below p/2 and each input
  // moves once by Δ = (p/2)/(p-1), up or down. The physical value of each level of each input
  // is computed once.
  const level = new Uint8Array(N * S * d);
  const moved = new Int32Array(G); // step (1..G) at which each group moves
  const order = new Int32Array(G);
  for (let t = 0; t < N; t++) {
    const ut = t * per;
    for (let g = 0; g < G; g++) order[g] = g;
    for (let g = G - 1; g > 0; g--) { // Fisher-Yates
      const r = Math.min(g, Math.floor(u[ut + 2 * d + g]! * (g + 1)));
      const tmp = order[g]!; order[g] = order[r]!; order[r] = tmp;
    }
    for (let s = 0; s < G; s++) moved[order[s]!] = s + 1;
    const base = t * S * d;
    for (let j = 0; j < d; j++) {
      const low = Math.min(half - 1, Math.floor(u[ut + j]! * half));
      const up = u[ut + d + j]! < 0.5; // rises from the base level, else falls to it
      const at = moved[groups.of[j]!]!;
      for (let s = 0; s < S; s++) level[base + s * d + j] = (s >= at) === up ? low + half : low;
    }
  }
  let chosen: number[] | undefined;
  let T = N, kept = level;
  const grid = Float64Array.from({ length: p }, (_, q) => q / (p - 1));
  const unitOf = (lv: Uint8Array) => {
    const out = new Float64Array(lv.length);
    for (let i = 0; i < lv.length; i++) out[i] = grid[lv[i]!]!;
    return out;
  };
  if (k !== undefined) {
    chosen = selectTrajectories(unitOf(level), N, S, d, k, local);
    T = k;
    kept = new Uint8Array(k * S * d);
    chosen.forEach((c, i) => kept.set(level.subarray(c * S * d, (c + 1) * S * d), i * S * d));
  }
  const table = new Float64Array(d * p);
  for (let j = 0; j < d; j++) for (let q = 0; q < p; q++) table[j * p + q] = ds[j]!.ppf(q / (p - 1));
  const x = new Float64Array(kept.length);
  for (let i = 0, j = 0; i < kept.length; i++, j = j + 1 === d ? 0 : j + 1) x[i] = table[j * p + kept[i]!]!;
  const X = matrix(x, T * S, d);
  let unit: Matrix | undefined; // made on first use: most callers need only X
  return {
    X, get unit() { return (unit ??= matrix(unitOf(kept), T * S, d)); },
    trajectories: T, numLevels: p, delta, groups, seed, chosen,
  };
}

/** Options of `morrisAnalyze`; every one has SALib's default. */
export interface MorrisAnalyzeOptions {
  /** Number of grid levels p the design was made with. Default 4 (SALib's). */
  readonly numLevels?: number;
  /** One group name per input, as given to the sampler. Default: no groups. */
  readonly groups?: readonly string[];
  /** Names of the inputs (default x1, x2, ...); the result's `names` are these, or the group names. */
  readonly names?: readonly string[];
  /** Bootstrap resamples of the trajectories for `mu_star_conf` (>= 2). Default 100 (SALib's). */
  readonly numResamples?: number;
  /** Confidence level of `mu_star_conf`, in (0, 1). Default 0.95. */
  readonly confLevel?: number;
  /** Seed of the bootstrap (integer 0..2^53-1 or bigint below 2^64). Default: a fresh one, reported. */
  readonly seed?: number | bigint;
  /**
   * Scale the elementary effects by the ratio of the standard deviations of the input and of
   * the output along each trajectory, divided by the input's range there (Sin & Gernaey [4];
   * SALib's `scaled`). Default false.
   */
  readonly scaled?: boolean;
  /**
   * The trajectories of each resample, numResamples x trajectories numbers in 0..T-1 (row r:
   * resample r), instead of drawing them: to reproduce another program's bootstrap.
   */
  readonly resampleIndex?: Int32Array;
}

/** Morris statistics per input (or group), with SALib's field names. */
export interface MorrisResult {
  /** Input names, or group names with groups. */
  readonly names: readonly string[];
  /** Mean of the elementary effects. */
  readonly mu: Float64Array;
  /** Mean of their absolute values (Campolongo's mu*). */
  readonly mu_star: Float64Array;
  /** Their standard deviation (divisor T - 1); NaN for a group of more than one input (as SALib). */
  readonly sigma: Float64Array;
  /** Half-width of the bootstrap confidence interval of mu*: z((1 + confLevel) / 2) times the standard deviation of the resampled mu*. */
  readonly mu_star_conf: Float64Array;
  /** The elementary effects, trajectories x d (per input, before grouping). */
  readonly elementaryEffects: Matrix;
  /** Number of trajectories analysed. */
  readonly trajectories: number;
  /** Number of grid levels p the effects were computed with (Δ = p / (2(p - 1))). */
  readonly numLevels: number;
  /** The bootstrap behind `mu_star_conf`: resamples, confidence level, and the seed drawn from (undefined with `resampleIndex`). */
  readonly bootstrap: { readonly resamples: number; readonly confidence: number; readonly seed: bigint | undefined };
}

const ANALYZE_KEYS = ['numLevels', 'groups', 'names', 'numResamples', 'confLevel', 'seed', 'scaled', 'resampleIndex'] as const;

function outputs(Y: ArrayLike<number>, rows: number): Float64Array {
  const y = Y instanceof Float64Array ? Y : Float64Array.from(Y as ArrayLike<number>);
  if (y.length !== rows) throw new ShapeError({ field: 'Y', value: Y, expected: `one output per row of X (${rows})` });
  const bad: number[] = [];
  y.forEach((v, i) => { if (!Number.isFinite(v)) bad.push(i); });
  if (bad.length) throw new NonFiniteOutputError({ field: `Y[${bad[0]}]`, value: y[bad[0]!], expected: `finite outputs (${bad.length} NaN or infinite)` }, bad, 0);
  return y;
}

/**
 * Morris statistics from the outputs Y at the rows of a Morris design X (T trajectories of
 * G + 1 rows, as `morrisSample` or SALib's `morris.sample` makes them), as SALib's
 * `morris.analyze`: elementary effects (y after - y before) / Δ signed by the direction of
 * the step, their mean `mu`, mean absolute value `mu_star` and standard deviation `sigma`,
 * and a bootstrap interval `mu_star_conf` (trajectories resampled with replacement, the same
 * resample for every input). With groups, each group's values are the mean over its inputs.
 *
 * @throws ShapeError when X and Y do not make whole trajectories; NonFiniteOutputError for NaN or infinite outputs;
 *   InvalidArgumentError for bad options
 */
export function morrisAnalyze(X: Matrix, Y: ArrayLike<number>, opts?: MorrisAnalyzeOptions): MorrisResult {
  const o = options<MorrisAnalyzeOptions>('options', opts);
  knownKeys('options', o, ANALYZE_KEYS);
  if (!X || !(X.data instanceof Float64Array) || !(X.cols >= 1) || X.data.length !== X.rows * X.cols) {
    throw new InvalidArgumentError({ field: 'X', value: X, expected: 'a Matrix (rows x cols Float64Array) of model inputs' });
  }
  const d = X.cols;
  if (o.names !== undefined && (!Array.isArray(o.names) || o.names.length !== d)) throw new ShapeError({ field: 'options.names', value: o.names, expected: `one name per input (${d})` });
  const groups = morrisGroups(d, o.groups, o.names);
  const G = groups.names.length;
  const S = G + 1;
  if (X.rows % S !== 0 || X.rows < 2 * S) {
    throw new ShapeError({ field: 'X', value: X.rows, expected: `rows making at least 2 whole trajectories of G + 1 = ${S} points (${G === d ? 'd' : 'G'} = ${G})` });
  }
  const T = X.rows / S;
  const y = outputs(Y, X.rows);
  const p = o.numLevels === undefined ? MORRIS_DEFAULT_LEVELS : integer('options.numLevels', o.numLevels, 2);
  const R = o.numResamples === undefined ? 100 : integer('options.numResamples', o.numResamples, 2);
  const conf = o.confLevel === undefined ? 0.95 : o.confLevel;
  if (typeof conf !== 'number' || !(conf > 0 && conf < 1)) throw new InvalidArgumentError({ field: 'options.confLevel', value: conf, expected: 'a number strictly between 0 and 1' });
  const scaled = o.scaled === undefined ? false : oneOf('options.scaled', o.scaled, [true, false]);
  const index = o.resampleIndex;
  if (index !== undefined && (!(index instanceof Int32Array) || index.length !== R * T)) {
    throw new ShapeError({ field: 'options.resampleIndex', value: index, expected: `an Int32Array of numResamples x trajectories = ${R} x ${T} numbers` });
  }
  const seed = index !== undefined ? undefined : o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed);
  const delta = p / (2 * (p - 1));
  const ee = effectsKernel(X.data, y, T, S, d, delta);
  if (scaled) scaleEffects(ee, X.data, y, T, S, d, delta);

  const mu = new Float64Array(d), muStar = new Float64Array(d), sigma = new Float64Array(d);
  const abs = new Float64Array(T * d);
  for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) {
    const v = ee[t * d + j]!;
    mu[j] = mu[j]! + v;
    muStar[j] = muStar[j]! + Math.abs(v);
    abs[t * d + j] = Math.abs(v);
  }
  for (let j = 0; j < d; j++) { mu[j] = mu[j]! / T; muStar[j] = muStar[j]! / T; }
  for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) sigma[j] = sigma[j]! + (ee[t * d + j]! - mu[j]!) ** 2;
  for (let j = 0; j < d; j++) sigma[j] = Math.sqrt(sigma[j]! / (T - 1));
  const z = ndtri(0.5 + conf / 2);
  const sd = bootstrapStdKernel(abs, T, d, R, seed ?? 0n, index);
  const conf_ = sd.map((s) => z * s);

  const size = new Int32Array(G);
  for (let j = 0; j < d; j++) size[groups.of[j]!] = size[groups.of[j]!]! + 1;
  const grouped = (v: Float64Array) => {
    if (G === d && groups.of.every((g, j) => g === j)) return v;
    const out = new Float64Array(G);
    for (let j = 0; j < d; j++) out[groups.of[j]!] = out[groups.of[j]!]! + v[j]!;
    for (let g = 0; g < G; g++) out[g] = out[g]! / size[g]!;
    return out;
  };
  const sigmaG = grouped(sigma).map((v, g) => (size[g] === 1 ? v : NaN));
  return {
    names: groups.names, mu: grouped(mu), mu_star: grouped(muStar), sigma: sigmaG, mu_star_conf: grouped(conf_),
    elementaryEffects: matrix(ee, T, d), trajectories: T, numLevels: p,
    bootstrap: { resamples: R, confidence: conf, seed },
  };
}

/** Sin & Gernaey's scaling, in place: EE Δ / range_x * std_x / std_y per trajectory (0 where std_y is 0). */
function scaleEffects(ee: Float64Array, x: Float64Array, y: Float64Array, T: number, S: number, d: number, delta: number): void {
  for (let t = 0; t < T; t++) {
    let my = 0;
    for (let s = 0; s < S; s++) my += y[t * S + s]!;
    my /= S;
    let vy = 0;
    for (let s = 0; s < S; s++) vy += (y[t * S + s]! - my) ** 2;
    const sy = Math.sqrt(vy / S);
    for (let j = 0; j < d; j++) {
      let lo = Infinity, hi = -Infinity, mx = 0;
      for (let s = 0; s < S; s++) {
        const v = x[(t * S + s) * d + j]!;
        lo = Math.min(lo, v); hi = Math.max(hi, v); mx += v;
      }
      mx /= S;
      let vx = 0;
      for (let s = 0; s < S; s++) vx += (x[(t * S + s) * d + j]! - mx) ** 2;
      const sx = Math.sqrt(vx / S);
      const i = t * d + j;
      ee[i] = sy === 0 ? 0 : ((ee[i]! * delta) / (hi - lo)) * (sx / sy);
    }
  }
}
