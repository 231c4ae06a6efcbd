// Latin hypercube samples (McKay, Beckman & Conover, Technometrics 21, 1979), as SALib's
// latin.sample draws them: each parameter's range is cut into N strata of equal probability,
// every stratum holds exactly one of the N points, at a uniform position within it, and the
// strata are matched across parameters by independent random permutations. Parameters in one
// group share their column of unit values.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { check } from '../core/status.js';
import { seedHalves } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { matrix, type Matrix } from './matrix.js';
import { inputCount, scaleToInputs, seedOption, type SalibInputs } from './salib-support.js';

/** Options of {@link latinSample}. */
export interface LatinOptions {
  /** Seed (default: a fresh one, reported in the result). */
  readonly seed?: number | bigint;
  /** A group name per parameter: parameters of one group get the same unit values (SALib's groups). */
  readonly groups?: readonly string[];
}

/** A Latin hypercube sample. */
export interface LatinDesign {
  /** N rows, one column per parameter. */
  readonly X: Matrix;
  /** The seed it was drawn from. */
  readonly seed: bigint;
}

/**
 * N points of a Latin hypercube on the inputs (SALib's `latin.sample(problem, N, seed)`):
 * in unit terms, column j holds (pi_j(k) + u_kj) / N, k = 0..N-1, pi_j a random permutation
 * and u uniform on (0, 1), then mapped to the inputs' scales. Reproducible from `seed` (uqkit's
 * generator: stream 2 of the seed for the permutations, stream 3 for the positions).
 * @throws InvalidArgumentError for N < 1 or bad groups.
 */
export function latinSample(inputs: SalibInputs, N: number, options: LatinOptions = {}): LatinDesign {
  const d = inputCount('inputs', inputs);
  if (typeof N !== 'number' || !Number.isSafeInteger(N) || N < 1 || N * d > 2 ** 28) throw new InvalidArgumentError({ field: 'N', value: N, expected: `an integer from 1 to ${Math.floor(2 ** 28 / d)}` });
  const groups = options.groups;
  if (groups !== undefined && (!Array.isArray(groups) || groups.length !== d || !groups.every((g) => typeof g === 'string'))) {
    throw new ShapeError({ field: 'groups', value: groups, expected: `a group name per parameter (${d})` });
  }
  const names = groups ? [...new Set(groups)] : [];
  const column = groups ? groups.map((g) => names.indexOf(g)) : Array.from({ length: d }, (_, j) => j);
  const G = groups ? names.length : d;
  const seed = seedOption(options.seed);
  const { exports: k, arena } = core();
  const [lo, hi] = seedHalves(seed);
  const unit = arena.scope((a) => {
    const p = a.alloc(8 * N * G, 'a Latin hypercube');
    const out = new Float64Array(N * G);
    // permutations by Fisher-Yates from stream 2, positions from stream 3
    check('randomUniform', k.randomUniform(N * G, lo, hi, 2, 0, p));
    const shuffle = a.f64(p, N * G).slice();
    check('randomUniform', k.randomUniform(N * G, lo, hi, 3, 0, p));
    const pos = a.f64(p, N * G);
    const perm = new Int32Array(N);
    for (let g = 0; g < G; g++) {
      for (let i = 0; i < N; i++) perm[i] = i;
      for (let i = N - 1; i > 0; i--) {
        const j = Math.floor(shuffle[g * N + i]! * (i + 1));
        const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
      }
      for (let i = 0; i < N; i++) out[i * G + g] = (perm[i]! + pos[g * N + i]!) / N;
    }
    return out;
  });
  const X = new Float64Array(N * d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) X[i * d + j] = unit[i * G + column[j]!]!;
  scaleToInputs('inputs', inputs, X);
  return { X: matrix(X, N, d), seed };
}
