// Calls into assembly/screening.ts and the random fills shared by the screening methods
// (Morris, DGSM): elementary effects, squared finite differences, and the bootstrap of
// column means behind their confidence intervals. Internal: the methods' modules validate.
import { check, Status } from '../core/status.js';
import { seedHalves } from '../core/validate.js';
import { core } from '../core/wasm.js';

/** count uniform numbers in (0, 1): values 0..count-1 of stream `stream` of `seed`. */
export function uniforms(count: number, seed: bigint, stream = 0): Float64Array {
  const { exports: k, arena } = core();
  const [lo, hi] = seedHalves(seed);
  const out = new Float64Array(count);
  const block = 1 << 16;
  arena.scope((a) => {
    const p = a.alloc(8 * Math.max(1, Math.min(block, count)));
    for (let done = 0; done < count; done += block) {
      const m = Math.min(block, count - done);
      check('randomUniform', k.randomUniform(m, lo, hi, stream, done, p));
      out.set(a.f64(p, m), done);
    }
  });
  return out;
}

/** Elementary effects (T x d, row-major) of T trajectories of S points (X: T*S x d, Y: T*S). */
export function effectsKernel(X: Float64Array, Y: Float64Array, T: number, S: number, d: number, delta: number): Float64Array {
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const px = a.copyIn(X), py = a.copyIn(Y), po = a.alloc(8 * T * d), pw = a.alloc(16 * d);
    check('morrisEffects', k.morrisEffects(T, S, d, px, py, delta, po, pw));
    return a.copyOut(po, new Float64Array(T * d));
  });
}

/** Squared finite differences (N x d) of N base points each followed by d one-input steps. */
export function finiteDiffKernel(X: Float64Array, Y: Float64Array, N: number, d: number): Float64Array {
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const px = a.copyIn(X), py = a.copyIn(Y), po = a.alloc(8 * N * d);
    check('finiteDiffSquares', k.finiteDiffSquares(N, d, px, py, po));
    return a.copyOut(po, new Float64Array(N * d));
  });
}

/**
 * Standard deviations (divisor R - 1) of the bootstrap means of each column of v (n x m):
 * R resamples of the n rows, the same rows for every column, drawn from `seed` or read from
 * `index` (R x n row numbers).
 */
export function bootstrapStdKernel(v: Float64Array, n: number, m: number, R: number, seed: bigint, index?: Int32Array): Float64Array {
  const { exports: k, arena } = core();
  const [lo, hi] = seedHalves(seed);
  return arena.scope((a) => {
    const pv = a.copyIn(v), pw = a.alloc(16 * m + 8 * n), po = a.alloc(8 * m);
    const pi = index ? a.copyIn(index) : 0;
    check('bootstrapMeanStd', k.bootstrapMeanStd(n, m, pv, R, lo, hi, pi, pw, po), {
      [Status.SIZE]: { field: 'resampleIndex', value: index, expected: `row numbers from 0 to ${n - 1}` },
    });
    return a.copyOut(po, new Float64Array(m));
  });
}

/** Sums of the point-to-point Euclidean distances between every two of N trajectories of S points of d inputs (N x N, symmetric). */
export function trajectoryDistanceKernel(unit: Float64Array, N: number, S: number, d: number): Float64Array {
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const pu = a.copyIn(unit), po = a.alloc(8 * N * N), pw = a.alloc(4 * N * S * (d + 1));
    check('trajectoryDistances', k.trajectoryDistances(N, S, d, pu, po, pw));
    return a.copyOut(po, new Float64Array(N * N));
  });
}
