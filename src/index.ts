/**
 * uqkit for Node: the numerics (also in `uqkit/browser`) and, as they arrive, campaigns,
 * execution and analysis. Importing this module loads uqkit.wasm from beside this file; the
 * API is ready once the import resolves.
 */
import { loadNode } from './core/load-node.js';
import { productPool, threadCount } from './core/product-pool.js';
import { setCore } from './core/wasm.js';
import { setParallelProducts } from './numerics/products.js';
import { warmUp } from './numerics/lsq.js';
import { bootstrapPool } from './core/bootstrap-pool.js';
import { setParallelBootstrap } from './numerics/sensitivity.js';

const loaded = await loadNode();
setCore(loaded);
warmUp(); // see src/numerics/lsq.ts
// Large least-squares products also run on worker threads (UQKIT_THREADS=1 turns them off).
if (loaded.module && threadCount() > 1) setParallelProducts(productPool(loaded.module, threadCount() - 1));
// So do large bootstraps of sobolIndices.
if (loaded.module && threadCount() > 1) setParallelBootstrap(bootstrapPool(loaded.module, threadCount() - 1));

export * from './numerics/index.js';
export * from './distributions/index.js';
export * from './errors.js';
export * from './space/index.js';
export * from './campaign/index.js';
export { coreMemory } from './core/wasm.js';
