// The numerics API: everything that runs in Node and in browsers alike.
export { SobolSequence, sobol, SOBOL_MAX_DIM, SOBOL_MAX_BITS, SOBOL_DEFAULT_BITS } from './sobol.js';
export type { SobolOptions, SobolDrawOptions, SobolFunctionOptions, SobolScramble } from './sobol.js';
export { matrix, row, column, toRows } from './matrix.js';
export type { Matrix } from './matrix.js';
