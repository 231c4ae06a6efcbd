// The analysis layer of campaigns: analyse() and its types (./analyse.ts), the basic
// statistics it is built on (./stats.ts) and the collocation interpolant (./collocation.ts).
export { analyse, ANALYSIS_METHODS } from './analyse.js';
export type { AnalysisInput, AnalysisRun, AnalyseOptions, AnalysisMethod, AnalysisResult, QoIResult, SeriesInterval } from './analyse.js';
export { columnStats, percentileSorted } from './stats.js';
export type { ColumnStats, ResolvedBootstrap } from './stats.js';
export { interpolantPCE } from './collocation.js';
export type { Components } from './collocation.js';
export { compareOutputs } from './compare.js';
export type { OutputColumns, QuantityDistances, QuantityComparison, CompareOptions } from './compare.js';
