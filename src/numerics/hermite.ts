// The n-point Gauss–Hermite rule of the standard normal distribution (probabilists' Hermite,
// weights summing to 1) for large n: asymptotic initial nodes and Newton's method on the
// scaled three-term recurrence in the WebAssembly core (assembly/hermite.ts), O(n^2) work
// without the eigenvalue solve of Golub–Welsch, and faster than it at every n (2 to 2000
// measured; bench/quadrature.bench.mjs times n = 100 and 1000).
import { check, Status } from '../core/status.js';
import { core } from '../core/wasm.js';
import { integer } from '../core/validate.js';
import type { Rule1D } from './recurrence.js';

/** Ascending nodes and weights of the n-point Gauss–Hermite rule for N(0, 1). */
export function hermiteRule(n: number): Rule1D {
  integer('n', n, 1);
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const nodes = a.alloc(8 * n);
    const weights = a.alloc(8 * n);
    const work = a.alloc(16 * n);
    check('hermiteRule', k.hermiteRule(n, nodes, weights, work), {
      [Status.CONVERGE]: { field: 'n', value: n, expected: 'a size for which Newton converges on the Hermite recurrence', hint: 'report this as a bug with n' },
    });
    return { nodes: a.copyOut(nodes, new Float64Array(n)), weights: a.copyOut(weights, new Float64Array(n)) };
  });
}
