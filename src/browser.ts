/**
 * uqkit for browsers, web workers and other runtimes without Node's built-ins: the numerics
 * only. Importing this module fetches and instantiates uqkit.wasm (from beside this file);
 * the API is ready once the import resolves.
 */
import { loadBrowser } from './core/load-browser.js';
import { setCore } from './core/wasm.js';
import { warmUp } from './numerics/lsq.js';

setCore(await loadBrowser());
warmUp(); // see src/numerics/lsq.ts

export * from './numerics/index.js';
export * from './distributions/index.js';
export * from './errors.js';
export { coreMemory } from './core/wasm.js';
export { setMemoryBudget, memoryBudget, memoryLimit, DEFAULT_MEMORY_BUDGET } from './core/budget.js';
export * as detmath from './core/detmath.js';
