// Node's settings of the core, made once when the Node entry (src/index.ts) or the CLI loads
// it: the memory budget, how uqkit.wasm is found, and what runs once it has loaded. It loads
// no WebAssembly itself; the core loads on the first numeric call.
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { parseBytes, setMemoryBudget, setMemoryDefaults } from './core/budget.js';
import { setInitLoaders } from './core/init.js';
import { loadResponse } from './core/load-browser.js';
import { loadNodeSync, loadNodeUrl } from './core/load-node.js';
import { onCoreLoaded, setAutoLoad } from './core/wasm.js';
import { threadCount } from './core/worker-pool.js';
import { warmUp } from './numerics/lsq.js';
import { useWorkerPool } from './numerics/pools.js';
import { setModuleEvaluator } from './numerics/problem.js';
import { evaluateInWorkers } from './execution/evaluate-workers.js';

// The memory budget (src/core/budget.ts): a quarter of the machine's memory unless UQKIT_MEMORY_BUDGET
// says otherwise; objects on the JavaScript heap are also held to V8's heap limit.
setMemoryDefaults({ budget: Math.floor(totalmem() / 4), heapLimit: getHeapStatistics().heap_size_limit });
if (process.env.UQKIT_MEMORY_BUDGET !== undefined && process.env.UQKIT_MEMORY_BUDGET !== '') {
  setMemoryBudget(parseBytes('UQKIT_MEMORY_BUDGET', process.env.UQKIT_MEMORY_BUDGET));
}

// Problem.evaluate({ module }) runs the model on worker threads (the execution layer's).
setModuleEvaluator(evaluateInWorkers);

setAutoLoad(() => loadNodeSync());
setInitLoaders({ beside: async () => loadNodeSync(), url: loadNodeUrl, response: (r) => loadResponse(r) });
onCoreLoaded((loaded) => {
  warmUp(); // see src/numerics/lsq.ts
  // Large least-squares products and large bootstraps of sobolIndices also run on one pool of
  // worker threads (UQKIT_THREADS=1 turns them off).
  if (loaded.module && threadCount() > 1) useWorkerPool(loaded.module, threadCount() - 1);
});
