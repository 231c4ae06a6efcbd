/**
 * uqkit for Node: the numerics (also in `uqkit/browser`) and, as they arrive, campaigns,
 * execution and analysis. Importing this module loads uqkit.wasm from beside this file; the
 * API is ready once the import resolves.
 */
import { loadNode } from './core/load-node.js';
import { setCore } from './core/wasm.js';

setCore(await loadNode());

export * from './numerics/index.js';
export * from './distributions/index.js';
export * from './errors.js';
export { coreMemory } from './core/wasm.js';
// Node only: the bootstrap of sobolIndices split over worker threads.
export { sobolIndicesAsync } from './numerics/sensitivity-threads.js';
export type { SobolIndicesAsyncOptions } from './numerics/sensitivity-threads.js';
