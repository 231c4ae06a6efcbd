// The types a Campaign takes and returns: its configuration and options, and what adding,
// executing, recollating and reading results give back.
import type { JsonValue } from '../core/identity.js';
import type { Distribution, DistributionSpec } from '../distributions/index.js';
import type { ModelFn } from '../execution/in-process.js';
import type { ProgressOptions } from '../execution/progress.js';
import type { DecodeFn, EncodeFn } from '../io/types.js';
import type { SamplerSpec, SamplerState } from '../samplers/index.js';
import type { CorrelationSpec } from '../samplers/correlation.js';
import type { ParamSpec } from '../space/params.js';

/** How `execute` runs the runs (the config's `runner`). */
export type RunnerSpec =
  | {
      readonly kind: 'local';
      /** Program and arguments, run in each run's directory. */
      readonly command: readonly string[];
      /** Runs at once. Default: the number of CPUs. */
      readonly concurrency?: number;
      /** Kill a run after this long, ms. Default: no limit. */
      readonly timeoutMs?: number;
      /** Attempts after the first for a failing command. Default 0. */
      readonly retries?: number;
    }
  | {
      readonly kind: 'in-process';
      /** Module whose export is the model (relative paths resolve against the campaign directory). Default: the `model` passed to execute. */
      readonly module?: string;
      /** The export of `module` that is the model. Default `'default'`. */
      readonly export?: string;
      /** Run the module's model on this many worker threads (CPU-bound models). Default: on the main thread. */
      readonly workers?: number;
      /** Runs of a batch in flight at once for an async model on the main thread. Default 1. */
      readonly concurrency?: number;
      /** Runs claimed and committed together. Default 1000 on the main thread; on workers, an even share of the queue per worker, at most 50. */
      readonly batch?: number;
    }
  | { readonly kind: 'slurm'; readonly [key: string]: JsonValue | undefined };

/**
 * A campaign's configuration: JSON, kept in the store. Keys besides those below (encoder,
 * decoder and analysis specs for the CLI, notes) are kept verbatim.
 */
export interface CampaignConfig {
  /** The campaign's name (also the store's). */
  readonly name: string;
  /** Every parameter of a run, with its type, default and range (src/space/params.ts). */
  readonly params: Readonly<Record<string, ParamSpec>>;
  /**
   * The uncertain parameters: a distribution (spec, or a Distribution, stored as its spec) per
   * name. Each must be a float or integer parameter (integer ones need a discrete distribution)
   * whose range holds the distribution's whole support. Default: none (only table samplers).
   */
  readonly vary?: Readonly<Record<string, DistributionSpec | Distribution>>;
  /**
   * Dependence between varied parameters through a Gaussian copula (see CorrelationSpec),
   * used by the random, qmc, latin, pce (regression) and shapley samplers and refused by the
   * designs whose indices assume independence. Default: independent parameters.
   */
  readonly correlation?: CorrelationSpec;
  /**
   * Record runs whose parameters do not fit the specs as `invalid` (with the reason) instead of
   * refusing the whole batch with InvalidParameterError. Default false.
   */
  readonly markInvalid?: boolean;
  /** How `execute` runs the runs. Default: in process, with the `model` passed to execute. */
  readonly runner?: RunnerSpec;
  readonly [key: string]: unknown;
}

/**
 * Options of {@link Campaign.create}, {@link Campaign.open} and {@link Campaign.openOrCreate}
 * that are code rather than configuration: run directories, encode and decode functions, and
 * the store's settings.
 */
export interface CampaignOptions {
  /** A run's directory. Default `<dir>/runs/run_<id>`. */
  readonly runDir?: (id: number) => string;
  /** Writes a run's inputs into its directory (local runner). Default: params.json with the parameters. */
  readonly encode?: EncodeFn;
  /** Reads a run's outputs from its directory (local runner, recollate). Default: none; needed for those. */
  readonly decode?: DecodeFn;
  /** The store's synchronous setting (see ./store.ts). Default `'full'`. */
  readonly synchronous?: 'full' | 'normal';
  /** How long to wait for another process's write, ms. Default 10000. */
  readonly busyTimeoutMs?: number;
  /**
   * `open` only: open the store for reading only (see StoreOptions.readonly): nothing is
   * created, upgraded or written, and methods that write fail (SQLITE_READONLY). Default false.
   */
  readonly readonly?: boolean;
}

/** Options of {@link Campaign.addSampler}: how many runs to draw now. */
export interface AddSamplerOptions {
  /** Runs to draw now. Default: all of a finite sampler; an infinite one (random or qmc without n) needs it. */
  readonly count?: number;
}

/** What adding runs from a sampler did. */
export interface DrawResult {
  /** The sampler's id (0 for runs added with addRuns). */
  readonly sampler: number;
  /** Runs new to the campaign (queued). */
  readonly added: number;
  /** Runs the campaign had already (from any sampler): not added again, never executed twice. */
  readonly reused: number;
  /** Runs new to the campaign recorded as `invalid` (markInvalid). */
  readonly invalid: number;
}

/** A sampler as the campaign keeps it. */
export interface CampaignSampler {
  /** The sampler id. */
  readonly id: number;
  /** Its kind, e.g. `'saltelli'`. */
  readonly kind: string;
  /** Its spec. */
  readonly spec: SamplerSpec;
  /** How many runs it has drawn. */
  readonly state: SamplerState;
  /** When it was added, ms since the epoch. */
  readonly createdAt: number;
  /** When its state last changed, ms since the epoch. */
  readonly updatedAt: number;
}

/**
 * Options of {@link Campaign.execute} (and of the runners it dispatches to): the in-process
 * model, cancellation, progress display and the worker's name.
 */
export interface ExecuteOptions {
  /** The model for an in-process runner (overrides `runner.module`). */
  readonly model?: ModelFn;
  /** Cancels: no more runs are started; runs in flight finish (in process) or are killed (local). */
  readonly signal?: AbortSignal;
  /** Progress display. Default: the runner's (a line on stderr for local runs, none in process). */
  readonly progress?: ProgressOptions | false;
  /** Who claims runs. Default: the runner's (host:pid...). */
  readonly owner?: string;
}

/** What recollate did. */
export interface RecollateResult {
  /** Runs whose outputs decoded: `done` now, with the result replaced. */
  readonly done: readonly number[];
  /** Runs whose outputs did not decode: `failed` now (reason `decoding failed: ...`), result deleted. */
  readonly failed: readonly number[];
  /** Runs left as they were because their run directory does not exist (e.g. run in process). */
  readonly skipped: readonly number[];
}

/** Results as columns, in run-id order. */
export interface ResultColumns {
  /** The run ids, one per row. */
  readonly ids: Int32Array;
  /** One column per parameter of the config: numbers for float and integer, else strings or booleans. */
  readonly params: Readonly<Record<string, Float64Array | string[] | boolean[]>>;
  /**
   * One column per quantity of interest that is a number in every run (NaN where a run lacks
   * it, or has null) — a Float64Array — or an array of numbers in every run — one Float64Array
   * per run (empty where a run lacks it). A run whose outputs are not an object contributes
   * them as the quantity `value`.
   */
  readonly outputs: Readonly<Record<string, Float64Array | Float64Array[]>>;
  /** Quantities of other kinds (strings, nested objects, numbers in some runs and arrays in others), as they are. */
  readonly other: Readonly<Record<string, JsonValue[]>>;
}
