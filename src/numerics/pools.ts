// Node: the parallel products and bootstraps of the numerics on one pool of worker threads
// (src/core/worker-pool.ts) that runs the jobs of ./worker-jobs.ts. The Node entry calls
// useWorkerPool once the core is loaded; the browser entry never imports this file.
import { workerPool } from '../core/worker-pool.js';
import { bootstrapPool } from './bootstrap-pool.js';
import { inputPool } from './input-pool.js';
import { productPool } from './product-pool.js';
import { setParallelProducts } from './products.js';
import { setParallelBootstrap } from './sensitivity.js';
import { setParallelInputs } from './salib-parallel.js';

/** The job module every worker of a numerics pool imports (./worker-jobs.ts). */
export const NUMERICS_JOBS: string = new URL('./worker-jobs.js', import.meta.url).href;

/** Large least-squares products, large bootstraps of sobolIndices and the inputs of large eFAST, RBD-FAST and delta analyses from now on also run on `workers` worker threads of `module`. */
export function useWorkerPool(module: WebAssembly.Module, workers: number): void {
  const pool = workerPool(module, workers, [NUMERICS_JOBS]);
  setParallelProducts(productPool(pool));
  setParallelBootstrap(bootstrapPool(pool));
  setParallelInputs(inputPool(pool));
}
