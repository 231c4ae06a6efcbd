// The numerics API: everything that runs in Node and in browsers alike.
export { SobolSequence, sobol, SOBOL_MAX_DIM, SOBOL_MAX_BITS, SOBOL_DEFAULT_BITS } from './sobol.js';
export type { SobolOptions, SobolDrawOptions, SobolFunctionOptions, SobolScramble } from './sobol.js';
export { matrix, row, column, toRows } from './matrix.js';
export type { Matrix } from './matrix.js';
export { gauss, recurrence, GAUSS_MAX_POINTS } from './quadrature.js';
export { interpolatoryWeights, orthonormalValues } from './recurrence.js';
export type { Recurrence, Rule1D } from './recurrence.js';
export { rule1d, ruleAtLevel, ruleSize, ruleExactness, lejaSequence, RULES, GROWTHS } from './rules.js';
export type { RuleName, Growth } from './rules.js';
export { tensorGrid, sparseGrid, AdaptiveSparseGrid, adaptiveSparseGrid } from './grids.js';
export type { Grid, SparseGrid, TensorGridOptions, SparseGridOptions, AdaptiveSparseGridOptions, AdaptiveSparseGridResult } from './grids.js';
export { PCE, projectPCE, fitPCE, basisMatrix } from './pce.js';
export { multiIndices } from './multi-index.js';
export type { PCEJSON, PCEInfo, PCEOptions, FitOptions, MultiIndexOptions, Truncation } from './pce.js';
export { saltelliDesign, saltelliRows, saltelliRow, SALTELLI_LAYOUTS } from './saltelli.js';
export type { SaltelliDesign, SaltelliDesignOptions, SaltelliLayout } from './saltelli.js';
export { sobolIndices } from './sensitivity.js';
export { combineReplicates } from './replicates.js';
export type { ReplicatedSobolResult } from './replicates.js';
export type {
  SobolIndicesOptions, SobolIndicesResult, SobolBootstrapOptions, SobolEstimators, FirstOrderEstimator, TotalOrderEstimator, IndexInterval,
} from './sensitivity.js';
export { wassersteinDistance, ksTwoSample, kolmogorovSf, hellingerDistance, jensenShannonDistance, compatibility, sampleDistances, distributionDistances } from './distances.js';
export type { WassersteinOptions, KsResult, KsOptions, ThreeMoments, SampleDistanceOptions, SampleDistances, ContinuousLaw, DistributionDistances } from './distances.js';
export { GaussianCopula } from './copula.js';
export type { CorrelationKind, GaussianCopulaOptions } from './copula.js';
export { shapleyDesign, shapleyEffects } from './shapley.js';
export type { ShapleyDesignOptions, ShapleyDesign, ShapleyBlock, ShapleyResult } from './shapley.js';
export { uniformRows } from './random.js';
export { fastSample, fastAnalyze, rbdFastAnalyze } from './fast.js';
export type { FastSampleOptions, FastDesign, FastAnalyzeOptions, FastResult, RbdFastOptions, RbdFastResult } from './fast.js';
export { latinSample } from './latin.js';
export type { LatinOptions, LatinDesign } from './latin.js';
export { deltaAnalyze, deltaClasses } from './delta.js';
export type { DeltaOptions, DeltaResult, DeltaDraws } from './delta.js';
export { pawnAnalyze } from './pawn.js';
export type { PawnOptions, PawnResult } from './pawn.js';
export type { SalibInputs } from './salib-support.js';
