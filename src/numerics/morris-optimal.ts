// The choice of k Morris trajectories out of N that cover the input space best: the distance
// between two trajectories is the sum of the Euclidean distances between all their points,
// and a set of trajectories scores the root of the sum of its pairwise distances squared.
// Exhaustive search over all C(N, k) sets (Campolongo, Cariboni & Saltelli 2007) or the local
// search of Ruano, Ribes, Seco & Ferrer (2012). Distances and scores are rounded to single
// precision, as SALib stores them, so that both choose the same trajectories from the same
// candidates.
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import { trajectoryDistanceKernel } from './screening-kernels.js';

const f32 = Math.fround;

/** Distances (single precision) between the N trajectories of S points of d inputs in `unit`, N x N symmetric (WebAssembly). */
export function trajectoryDistances(unit: Float64Array, N: number, S: number, d: number): Float32Array {
  return Float32Array.from(trajectoryDistanceKernel(unit, N, S, d));
}

/** The score of a set of trajectories: sqrt of the sum over its pairs of distance^2 (single precision). */
function score(set: readonly number[], D: Float32Array, N: number): number {
  let s = 0;
  for (let i = 0; i < set.length; i++) for (let j = i + 1; j < set.length; j++) {
    const v = D[set[i]! * N + set[j]!]!;
    s += v * v;
  }
  return f32(Math.sqrt(f32(s)));
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Exhaustive search: the first (in lexicographic order) of the C(N, k) sets with the highest score. */
function bruteForce(D: Float32Array, N: number, k: number): number[] {
  const count = binomial(N, k);
  if (count > 2 ** 31) {
    throw new InvalidArgumentError({ field: 'options.optimalTrajectories', value: k, expected: `a search over at most 2^31 sets; C(${N}, ${k}) = ${count.toPrecision(3)}`, hint: 'use localOptimization: true' });
  }
  const c = Array.from({ length: k }, (_, i) => i);
  let best = -1, bestSet = c.slice();
  for (;;) {
    const s = score(c, D, N);
    if (s > best) { best = s; bestSet = c.slice(); }
    let i = k - 1;
    while (i >= 0 && c[i] === N - k + i) i--;
    if (i < 0) break;
    c[i]!++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
  return bestSet;
}

/** The position of the largest value; among equal values the last (as the end of an ascending argsort). */
function lastMax(values: ArrayLike<number>): number {
  let at = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! >= values[at]!) at = i;
  return at;
}

/**
 * Ruano et al.'s local search: for each i = 1..k-1, start from the row whose i largest
 * distances, with the row itself, score highest; add the trajectory that raises the score most
 * until the set has k members; keep the best of the k - 1 sets.
 */
function localSearch(D: Float32Array, N: number, k: number): number[] {
  const sets: number[][] = [];
  const scores: number[] = [];
  // Each row's trajectories by distance, ascending; among equal distances the lower index first.
  const orders = Array.from({ length: N }, (_, r) => Array.from({ length: N }, (_, j) => j).sort((a, b) => D[r * N + a]! - D[r * N + b]! || a - b));
  for (let i = 1; i < k; i++) {
    const rowSets: number[][] = [];
    const rowScores = new Float64Array(N);
    for (let r = 0; r < N; r++) {
      // The i largest of the row, largest first.
      const set = orders[r]!.slice(N - i).reverse();
      set.push(r);
      rowSets.push(set);
      rowScores[r] = score(set, D, N);
    }
    let set = rowSets[lastMax(rowScores)]!;
    for (let m = 1; m <= k - i - 1; m++) {
      const candidates: number[][] = [];
      for (let j = 0; j < N; j++) if (!set.includes(j)) candidates.push([...set, j]);
      set = candidates[lastMax(candidates.map((c) => score(c, D, N)))]!;
    }
    sets.push(set);
    scores.push(score(set, D, N));
  }
  return sets[lastMax(scores)]!;
}

/**
 * The k trajectories (indices into the N of `unit`, ascending) chosen from N trajectories of
 * S points each (`unit`: N S rows of d values in [0, 1]) by the exhaustive search (local
 * false) or the local search (local true).
 *
 * @throws InvalidArgumentError when the exhaustive search would take more than 2^31 sets
 */
export function selectTrajectories(unit: Float64Array, N: number, S: number, d: number, k: number, local: boolean): number[] {
  const D = trajectoryDistances(unit, N, S, d);
  return (local ? localSearch(D, N, k) : bruteForce(D, N, k)).sort((a, b) => a - b);
}

/**
 * The k most spread-out of the trajectories in `unit` (candidates on the unit grid, as
 * `morrisSample(...).unit`: trajectories of `pointsPerTrajectory` = G + 1 rows one after
 * another), by Ruano et al.'s local search (`local` true, the default) or Campolongo et al.'s
 * exhaustive search (false). Returns their indices, ascending. Distances and scores are
 * single-precision numbers as in SALib, so that both pick the same trajectories from the
 * same candidates.
 *
 * @throws InvalidArgumentError for a bad matrix, k outside 2..N-1, or an exhaustive search of more than 2^31 sets
 */
export function morrisSelectTrajectories(unit: { readonly data: Float64Array; readonly rows: number; readonly cols: number }, pointsPerTrajectory: number, k: number, local = true): number[] {
  if (!unit || !(unit.data instanceof Float64Array) || unit.data.length !== unit.rows * unit.cols || !(unit.cols >= 1)) {
    throw new InvalidArgumentError({ field: 'unit', value: unit, expected: 'a Matrix of trajectories on the unit grid' });
  }
  integer('pointsPerTrajectory', pointsPerTrajectory, 2);
  if (unit.rows % pointsPerTrajectory !== 0) throw new InvalidArgumentError({ field: 'unit', value: unit.rows, expected: `rows making whole trajectories of ${pointsPerTrajectory} points` });
  const N = unit.rows / pointsPerTrajectory;
  integer('k', k, 2, N - 1, `fewer than the ${N} trajectories`);
  if (typeof local !== 'boolean') throw new InvalidArgumentError({ field: 'local', value: local, expected: 'true or false' });
  return selectTrajectories(unit.data, N, pointsPerTrajectory, unit.cols, k, local);
}
