// The types of analyse(): its input (runs and sampler), its options and its result.
import type { Distribution, DistributionSpec } from '../distributions/index.js';
import type { QoIAnalysis, Series } from '../report/html.js';
import type { SamplerSpec } from '../samplers/index.js';
import type { GPKernel, GPTrend } from '../numerics/gp.js';
import type { GPSummary } from './gp.js';

/**
 * How to analyse: 'auto' (default) picks by sampler as in the file comment. Overrides:
 * 'stats' (basic statistics of all runs, any sampler), 'sobol' (saltelli samplers),
 * 'pce-projection' and 'sc' (samplers on grids: pce with quadrature or sparse points, sc),
 * 'pce-regression' (any sampler: least squares on the runs' points; needs `degree` unless the
 * sampler has an order), and the screening methods of SALib: 'morris' (morris samplers),
 * 'ff' (ff samplers), 'dgsm' (finite_diff samplers), each the default of its sampler; 'shapley'
 * (shapley samplers: Shapley effects, also for dependent inputs), the default of its sampler;
 * 'gp' (any sampler: a Gaussian-process surrogate of the runs, see AnalyseOptions.gp); 'hdmr'
 * (any sampler: SALib's HDMR on the runs' inputs, at least 300 runs); 'mcmc' (mcmc samplers:
 * the chains, analysed from the campaign's store by Campaign.mcmcAnalysis); and SALib's 'fast'
 * (eFAST: fast samplers, their default), 'rbd_fast' (RBD-FAST first-order indices), 'delta'
 * (Borgonovo's delta) and 'pawn' (PAWN), the last three on the runs of any sampler that draws
 * the inputs (not on the nodes of a quadrature or collocation grid).
 */
export type AnalysisMethod = 'auto' | 'stats' | 'sobol' | 'pce-projection' | 'pce-regression' | 'sc' | 'morris' | 'ff' | 'dgsm'
  | 'shapley' | 'gp' | 'hdmr' | 'mcmc'
  | 'fast' | 'rbd_fast' | 'delta' | 'pawn';
/** Every {@link AnalysisMethod}, `auto` first. */
export const ANALYSIS_METHODS: readonly AnalysisMethod[] = ['auto', 'stats', 'sobol', 'pce-projection', 'pce-regression', 'sc', 'morris', 'ff', 'dgsm',
  'shapley', 'gp', 'hdmr', 'mcmc',
  'fast', 'rbd_fast', 'delta', 'pawn'];

/** A done run: its parameter values (varied and fixed) and its decoded outputs by QoI name. */
export interface AnalysisRun {
  /** The run's parameter values, by name. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** QoI name -> a number, or an array of numbers (a vector QoI). null or a missing name: no output. */
  readonly outputs: unknown;
}

/**
 * What {@link analyse} works on: the done runs, the uncertain parameters (in the sampler's
 * order) and, when the runs are a design, the sampler that made them.
 */
export interface AnalysisInput {
  /**
   * The sampler that made the runs. Without one (runs added one by one, or the runs of several
   * samplers together) the runs are no design: basic statistics, or 'pce-regression'.
   */
  readonly sampler?: SamplerSpec;
  /** The uncertain parameters, in the order the sampler was given them. */
  readonly vary: Readonly<Record<string, DistributionSpec | Distribution>>;
  /** The runs with outputs, in any order. */
  readonly runs: readonly AnalysisRun[];
  /**
   * The dependence of the uncertain parameters (a campaign's `correlation`, see CorrelationSpec),
   * which the sampler's design was drawn with. With one, the methods whose indices assume
   * independent inputs ('sobol', 'pce-projection', 'sc') are refused, and 'pce-regression'
   * gives moments without Sobol' indices. Default: independent parameters.
   */
  readonly correlation?: unknown;
  /** The QoIs to analyse; default every output name, in order of first appearance (runs ordered by parameters). */
  readonly qois?: readonly string[];
}

/**
 * Options of {@link analyse}: the method, the PCE degree, the bootstrap of Sobol' indices, and which outputs.
 */
export interface AnalyseOptions {
  /** See AnalysisMethod. Default 'auto'. */
  readonly method?: AnalysisMethod;
  /**
   * Total degree of a PCE ('pce-projection', 'pce-regression'). Default: the sampler's order
   * (pce, sc); required for 'pce-regression' on other samplers. Unused by 'sc' (the grid sets
   * the interpolant's degrees), 'sobol' and 'stats'.
   */
  readonly degree?: number;
  /** Percentiles (0..100) to report. Default [10, 50, 90]. */
  readonly percentiles?: readonly number[];
  /**
   * Bootstrap intervals: for the mean and std of basic statistics (rows resampled with
   * replacement, percentile intervals) and for Sobol' indices of scalar QoIs from Saltelli
   * designs (base rows resampled; half-widths as SALib), and for the half-widths of eFAST,
   * RBD-FAST and delta (default there: SALib's 100 resamples). Default { resamples: 1000,
   * confidence: 0.95, seed: 0 }; resamples 0 turns them off. Vector QoIs get no intervals
   * for their Sobol' indices, and the mean and std get none (with a warning) when resamples
   * x runs x values exceeds 2^28 (about a second's work).
   */
  readonly bootstrap?: { readonly resamples?: number; readonly confidence?: number; readonly seed?: number | bigint };
  /**
   * Surrogate (PCE, SC) percentiles: the surrogate at this many Owen-scrambled Sobol' points.
   * Default 2^16 (as PCE.percentiles), fewer for expansions of more than 1024 terms: the
   * largest power of two, at least 2^12, with samples x terms <= 2^26 (an SC interpolant on a
   * sparse grid can have thousands of terms; its evaluation costs samples x terms), and
   * fewer for vector QoIs of more than 16 values: the largest power of two, at least 2^12,
   * with samples x values <= 2^20 (2^12 for a 150-value time series, whose percentiles then
   * differ from those of 2^20 points by about 1 % of the std, against 0.14 % at 2^16).
   */
  readonly surrogateSamples?: number;
  /** Seed of those points. Default 0 (the settings of PCE.percentiles). */
  readonly surrogateSeed?: number;
  /** Sobol' indices of scalar QoIs on the first n/8, n/4, n/2, n base rows of a Saltelli design, with their bootstrap intervals. Default true. */
  readonly convergence?: boolean;
  /**
   * The x values of vector QoIs (e.g. the times of a time series), by QoI name, one per
   * value; copied to the result's `index` for the report's plots. Default none (0, 1, 2, ...).
   */
  readonly index?: Readonly<Record<string, readonly number[]>>;
  /**
   * The Gaussian process of method 'gp' (see fitGP): kernel (default 'matern52'), trend
   * (default 'constant'), nugget (relative to the variance, or 'fit'; default 1e-10) and
   * starts of the likelihood optimiser (default 5, seed 0). Its Sobol' indices are Saltelli
   * estimates on the GP mean at a design of 4096 base rows (surrogateSamples overrides;
   * Owen-scrambled Sobol' points, seed surrogateSeed); mean, std and percentiles are those of
   * the GP mean at the design's A and B rows.
   */
  readonly gp?: { readonly kernel?: GPKernel; readonly trend?: GPTrend; readonly nugget?: number | 'fit'; readonly starts?: number };
}

/** Intervals of a statistic (bootstrap percentile intervals). */
export interface SeriesInterval {
  /** The lower ends. */
  readonly low: Series;
  /** The upper ends. */
  readonly high: Series;
}

/** One QoI's analysis: the report's QoIAnalysis and more. */
export interface QoIResult extends QoIAnalysis {
  /** Runs (or, for replica samplers, design points) the analysis used. */
  readonly runs: number;
  /** Bootstrap intervals of the mean and std (basic statistics from samples). */
  readonly meanInterval?: SeriesInterval;
  /** See `meanInterval`. */
  readonly stdInterval?: SeriesInterval;
  /** Second-order indices by pair "a,b" (saltelli with secondOrder; PCE; SC). */
  readonly sobolSecond?: Readonly<Record<string, Series>>;
  /** Leave-one-out error of a regression PCE or a Gaussian process, relative to the output variance. */
  readonly looError?: Series;
  /** Method 'gp': the fitted Gaussian process (hyperparameters, log likelihood). */
  readonly gp?: GPSummary;
  /** Replica samplers: the pooled standard deviation of the outputs between replicas of a point. */
  readonly replicaStd?: Series;
}

/**
 * What {@link analyse} returns: how the analysis was made, one {@link QoIResult} per output
 * (quantity of interest) by name, and warnings in words about what was dropped.
 */
export interface AnalysisResult {
  /** How the analysis was made, e.g. "PCE (projection), order 3, 16 runs". */
  readonly method: string;
  /** The analysis of each output, by name. */
  readonly analysis: Readonly<Record<string, QoIResult>>;
  /** What was dropped or could not be computed, in words. */
  readonly warnings: string[];
  /**
   * Outputs that are not numbers or arrays of numbers in any run (text, nested objects,
   * matrices), by name, with what they are: left out of the analysis.
   */
  readonly notAnalysed: Readonly<Record<string, string>>;
}
