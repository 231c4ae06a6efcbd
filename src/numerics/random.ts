// Seeded uniform random numbers from the core's counter-based generator: any row of a sample
// can be made without the rows before it, and the same seed gives the same numbers in Node and
// in browsers.
import { check } from '../core/status.js';
import { seedHalves } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { matrix, type Matrix } from './matrix.js';

/**
 * Rows first..first+count-1 of a d-column uniform sample on [0, 1): value j of row i is number
 * d i + j of stream `stream` (default 1) of the seed.
 */
export function uniformRows(d: number, seed: number | bigint, first: number, count: number, stream = 1): Matrix {
  const { exports: k, arena } = core();
  const [lo, hi] = seedHalves(BigInt(seed));
  return arena.scope((a) => {
    const p = a.alloc(8 * count * d);
    check('randomUniform', k.randomUniform(count * d, lo, hi, stream, first * d, p));
    return matrix(a.copyOut(p, new Float64Array(count * d)), count, d);
  });
}
