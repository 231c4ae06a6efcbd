/**
 * uqkit for browsers, web workers and other runtimes without Node's built-ins: the numerics
 * only. Call `await init()` once before the first numeric function: it fetches and
 * instantiates uqkit.wasm (from beside this file, or from what it is given). Imported in Node
 * (SSR, tests), the core also loads by itself on first use, read from disk.
 *
 * @module uqkit/browser
 */
import { setInitLoaders } from './core/init.js';
import { besideSyncLoader, loadBeside, loadResponse, loadUrl } from './core/load-browser.js';
import { onCoreLoaded, setAutoLoad } from './core/wasm.js';
import { warmUp } from './numerics/lsq.js';

setAutoLoad(besideSyncLoader());
setInitLoaders({ beside: loadBeside, url: (u) => loadUrl(u), response: (r) => loadResponse(r) });
onCoreLoaded(() => warmUp()); // see src/numerics/lsq.ts

export { init } from './core/init.js';
export type { InitSource, InitOptions, UrlLike, ResponseLike } from './core/init.js';
export { loadSobolDirections, type SobolDirectionsSource } from './core/sobol-table.js';
export * from './numerics/index.js';
export * from './distributions/index.js';
export * from './errors.js';
export { coreMemory } from './core/wasm.js';
export { setMemoryBudget, memoryBudget, memoryLimit, DEFAULT_MEMORY_BUDGET } from './core/budget.js';
export type { MemoryKind } from './core/budget.js';
/**
 * Elementary functions computed the same way on every engine, so that results are
 * bit-identical in Node and in browsers: `exp`, `expm1`, `log`, `log1p`, `pow`, `sinpi`, `cospi`.
 */
export * as detmath from './core/detmath.js';
// SALib's screening methods: Morris elementary effects.
export { morrisSample, morrisAnalyze, morrisDelta, morrisGroups, MORRIS_DEFAULT_LEVELS } from './numerics/morris.js';
export type { MorrisSample, MorrisSampleOptions, MorrisAnalyzeOptions, MorrisResult, MorrisGroups } from './numerics/morris.js';
export { morrisSelectTrajectories } from './numerics/morris-optimal.js';
// SALib's fractional factorial design and DGSM with its finite-difference design.
export { ffSample, ffAnalyze, ffColumns, ffNames } from './numerics/fractional-factorial.js';
export type { FFSample, FFAnalyzeOptions, FFResult } from './numerics/fractional-factorial.js';
export { finiteDiffSample, dgsmAnalyze, FINITE_DIFF_DEFAULT_DELTA, FINITE_DIFF_DEFAULT_SKIP } from './numerics/dgsm.js';
export type { FiniteDiffSample, FiniteDiffSampleOptions, DGSMAnalyzeOptions, DGSMResult } from './numerics/dgsm.js';
// A fluent sensitivity problem (SALib's ProblemSpec) and its registry of methods.
export { problem, Problem, PROBLEM_METHODS, registerProblemMethod } from './numerics/problem.js';
export type { ProblemDefinition, ProblemInputs, ProblemSample, ProblemMethod, ProblemAnalysisFields, SensitivityResult, SensitivityResultJSON, EvaluateOptions } from './numerics/problem.js';
export type { ModuleEvaluation } from './numerics/problem.js';
export type { ScreeningInput } from './numerics/screening-inputs.js';
// Gaussian-process regression (kriging).
export { fitGP, gpLogLikelihood, GaussianProcess, GP_KERNELS, GP_TRENDS } from './numerics/gp.js';
export type { GPOptions, GPKernel, GPTrend, GPPrediction, GPLeaveOneOut, GPHyperparameters, GaussianProcessJSON } from './numerics/gp.js';
