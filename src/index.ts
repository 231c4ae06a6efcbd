/**
 * uqkit for Node: the numerics (also in `uqkit/browser`) and, as they arrive, campaigns,
 * execution and analysis. The WebAssembly core (uqkit.wasm, beside this file) loads
 * synchronously on the first numeric call, so neither `import` nor `require` needs an await;
 * `await init()` is accepted too (e.g. to load it up front, or from other bytes).
 *
 * @module uqkit
 */
import './node-setup.js';

export { init } from './core/init.js';
export type { InitSource, InitOptions, UrlLike, ResponseLike } from './core/init.js';
export { loadSobolDirections, type SobolDirectionsSource } from './core/sobol-table.js';
export * from './numerics/index.js';
export * from './distributions/index.js';
export * from './errors.js';
export * from './space/index.js';
export * from './campaign/index.js';
export { coreMemory } from './core/wasm.js';
export { setMemoryBudget, memoryBudget, memoryLimit, DEFAULT_MEMORY_BUDGET } from './core/budget.js';
export type { MemoryKind } from './core/budget.js';
export { sampler, readTable } from './samplers/index.js';
export type { Sampler, SamplerSpec, SamplerState, Run } from './samplers/index.js';
export type { MorrisSamplerSpec, FiniteDiffSamplerSpec } from './samplers/index.js';
export type { AdaptiveScSpec, AdaptiveStep } from './samplers/adaptive-sc.js';
export { runProcess, runPool, STDERR_TAIL } from './execution/process.js';
export { Progress, duration } from './execution/progress.js';
export { runLocal, paramVariable } from './execution/local-runner.js';
export { killOrphanGroups } from './execution/orphans.js';
export { processStartTime, processAlive } from './core/processes.js';
export { runInProcess } from './execution/in-process.js';
export type { InProcessOptions } from './execution/in-process.js';
export type { LocalRunnerOptions } from './execution/local-runner.js';
export { renderReport } from './report/html.js';
export type { AnalysisReport, QoIAnalysis, Series } from './report/html.js';
export type { ScreeningIndices } from './report/html.js';
export type { RenderOptions, OutputHistogram, ReportScatter, ChartDocument } from './report/html.js';
export { renderReportMarkdown } from './report/markdown.js';
export type { ProgressCounts, ProgressStats, ProgressOptions } from './execution/progress.js';
export type { ProcessSpec, ProcessResult, PoolOptions } from './execution/process.js';
export { submitArrays, pollArrays, lostRuns, cancelArrays, runStatus, slurmLimits, STATUS_FILE, RUN_SCRIPT } from './execution/slurm.js';
export type { SlurmRun, SlurmOptions, SlurmLimits, SubmittedArray, ArrayState, RunStatus } from './execution/slurm.js';
export * from './io/index.js';
export { analyse, ANALYSIS_METHODS, columnStats, percentileSorted, interpolantPCE } from './analysis/index.js';
export type { AnalysisInput, AnalysisRun, AnalyseOptions, AnalysisMethod, AnalysisResult, QoIResult, SeriesInterval, ColumnStats, ResolvedBootstrap, Components } from './analysis/index.js';
export { compareOutputs } from './analysis/index.js';
export type { OutputColumns, QuantityDistances, QuantityComparison, CompareOptions } from './analysis/index.js';
// Engine-independent elementary functions (bit-identical in Node and browsers): detmath.exp, .expm1, .log, .log1p, .pow, .sinpi, .cospi.
/**
 * Elementary functions computed the same way on every engine, so that results are
 * bit-identical in Node and in browsers: `exp`, `expm1`, `log`, `log1p`, `pow`, `sinpi`, `cospi`.
 */
export * as detmath from './core/detmath.js';
// The Slurm runner over the campaign store, and the store's job records.
export { runSlurm, cancelCampaignJobs } from './execution/slurm-runner.js';
export { jobsNamed } from './execution/slurm.js';
export type { SlurmRunnerOptions, CancelledJob } from './execution/slurm-runner.js';
export { JOB_STATES } from './campaign/store.js';
export type { JobState, JobRunOutcome, JobRecord, JobRunRecord, JobInput, JobQuery } from './campaign/store.js';
// Campaign facade, in-process concurrency and worker threads.
export { runInWorkers } from './execution/in-process.js';
export type { ModelFn, WorkerOptions } from './execution/in-process.js';
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
export type { ScreeningInput } from './numerics/screening-inputs.js';
