// The Campaign facade: one directory that holds a campaign — `campaign.db` (the
// store, ./store.ts, the single source of truth) and one run directory per run — and the steps
// of its life: parameters -> samplers -> runs -> execution -> (re)collation -> results.
//
// The configuration is JSON and lives in the store (its `app`), so that a campaign reopened by
// another process, the CLI or after a crash knows its parameters, uncertain inputs and runner.
// It is stored in its own key order: the order of `vary` is the order of the samplers'
// dimensions (so a reopened campaign continues its samplers bit for bit), that of `params` the
// order of result columns. Code (a model function, an encoder, a decoder) is never stored: it is passed as options each
// time the campaign is opened, or named in the config (a module path for in-process models).
//
// Run identity: every run's parameters are completed with the defaults of the parameters it
// does not vary *before* they are hashed, so a run that gives a parameter its default
// explicitly and one that leaves it out are the same run, executed once (../core/identity.ts).
//
// Sampler bookkeeping: a sampler is recorded with its spec and its state (how many runs it has
// handed out); `draw` rebuilds it from both and continues bit for bit. The runs a sampler draws
// and its new state are written in one transaction, so after a crash either both are in the
// file or neither is. (Even without that, re-adding runs is harmless — they are identified by
// the hash of their parameters, so a redraw would find them and reuse them.)
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError, StoreError, UqkitError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { distribution, isDistribution, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { moduleUrl, runInProcess, runInWorkers, type ModelFn } from '../execution/in-process.js';
import { thrownLine } from '../execution/failure-reason.js';
import { checkParamVariables, runLocal } from '../execution/local-runner.js';
import { killOrphanGroups } from '../execution/orphans.js';
import type { ProgressOptions } from '../execution/progress.js';
import { decoder as makeDecoder, loadDecoder } from '../io/decoder.js';
import { encoder as makeEncoder } from '../io/encoder.js';
import { sharedCopyPath } from '../io/resource.js';
import { runDirectory } from '../io/run-dir.js';
import { mkdirsNoFollow, writeUserFile } from '../io/safe-fs.js';
import { existsOrLink, inRun, ownTarget } from '../io/spec.js';
import type { DecodeFn, EncodeFn } from '../io/types.js';
import { runSlurm } from '../execution/slurm-runner.js';
import { checkSlurmOptions } from '../execution/slurm.js';
import { sampler as makeSampler, type SamplerSpec, type SamplerState } from '../samplers/index.js';
import { anParamType, checkParams, paramSpecs, type ParamSpec, type ParamSpecs } from '../space/params.js';
import { canonicalJson, type JsonValue } from '../core/identity.js';
import {
  openStore,
  RUN_STATUSES,
  type CampaignStore,
  type ResultRecord,
  type RunInput,
  type RunQuery,
  type RunRecord,
  type RunStatus,
  type StatusCounts,
  type StoreStats,
} from './store.js';

/** The store's file inside the campaign directory. */
export const CAMPAIGN_DB = 'campaign.db';

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
   * Record runs whose parameters do not fit the specs as `invalid` (with the reason) instead of
   * refusing the whole batch with InvalidParameterError. Default false.
   */
  readonly markInvalid?: boolean;
  /** How `execute` runs the runs. Default: in process, with the `model` passed to execute. */
  readonly runner?: RunnerSpec;
  readonly [key: string]: unknown;
}

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

const OPTION_KEYS = ['runDir', 'encode', 'decode', 'synchronous', 'busyTimeoutMs', 'readonly'];

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
  readonly id: number;
  readonly kind: string;
  readonly spec: SamplerSpec;
  readonly state: SamplerState;
  readonly createdAt: number;
  readonly updatedAt: number;
}

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

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks a config and returns it as plain JSON (distributions as their specs). */
function checkConfig(config: unknown): CampaignConfig {
  if (!isRecord(config)) throw new InvalidArgumentError({ field: 'config', value: config, expected: 'a campaign configuration {name, params, vary?, ...}' });
  if (typeof config.name !== 'string' || config.name === '') throw new InvalidArgumentError({ field: 'name', value: config.name, expected: 'a non-empty string naming the campaign' });
  const specs = paramSpecs(config.params, 'params');
  checkParamVariables(Object.keys(specs), 'params');
  if (Array.isArray(config.encoders)) {
    config.encoders.forEach((e: unknown, i) => {
      const spec = e as { kind?: unknown; target?: unknown } | null;
      if (spec !== null && typeof spec === 'object' && typeof spec.target === 'string') ownTarget(`encoders[${i}].target`, inRun(`encoders[${i}].target`, spec.target), String(spec.kind));
    });
  }
  const out: Record<string, unknown> = { ...config };
  if (config.vary !== undefined) {
    if (!isRecord(config.vary)) throw new InvalidArgumentError({ field: 'vary', value: config.vary, expected: 'an object of distributions by parameter name' });
    const vary: Record<string, JsonValue> = {};
    for (const [name, d] of Object.entries(config.vary)) {
      const field = `vary.${name}`;
      const spec = specs[name];
      if (!spec) throw new InvalidArgumentError({ field, value: d, expected: `a declared parameter; the parameters are ${Object.keys(specs).join(', ') || 'none'}` });
      if (spec.type !== 'float' && spec.type !== 'integer') throw new InvalidArgumentError({ field, value: d, expected: `a float or integer parameter (${name} is ${anParamType(spec.type)} parameter)` });
      const dist = distribution(d as DistributionSpec, field);
      if (spec.type === 'integer' && !dist.discrete) throw new InvalidArgumentError({ field, value: d, expected: `a discrete distribution (${name} is an integer parameter; ${dist.toString()} is continuous)` });
      const [lo, hi] = dist.support;
      if ((spec.min !== undefined && lo < spec.min) || (spec.max !== undefined && hi > spec.max)) {
        throw new InvalidArgumentError({
          field, value: d,
          expected: `a distribution whose support lies within the range of ${name}, [${spec.min ?? '-Infinity'}, ${spec.max ?? 'Infinity'}]; ${dist.toString()} has support [${lo}, ${hi}]`,
        });
      }
      vary[name] = (isDistribution(d) ? d.toJSON() : d) as JsonValue;
    }
    out.vary = vary;
  }
  if (config.markInvalid !== undefined && typeof config.markInvalid !== 'boolean') throw new InvalidArgumentError({ field: 'markInvalid', value: config.markInvalid, expected: 'true or false' });
  if (config.runner !== undefined) {
    if (!isRecord(config.runner)) throw new InvalidArgumentError({ field: 'runner', value: config.runner, expected: 'a runner spec {kind: "local" | "in-process" | "slurm", ...}' });
    const kind = oneOf('runner.kind', config.runner.kind, ['local', 'in-process', 'slurm']);
    const r = config.runner;
    if (kind === 'local') {
      knownKeys('runner', r, ['kind', 'command', 'concurrency', 'timeoutMs', 'retries']);
      if (!Array.isArray(r.command) || r.command.length === 0 || !r.command.every((c) => typeof c === 'string')) {
        throw new InvalidArgumentError({ field: 'runner.command', value: r.command, expected: 'a non-empty array of strings: the program and its arguments' });
      }
      if (r.concurrency !== undefined) integer('runner.concurrency', r.concurrency, 1);
      if (r.timeoutMs !== undefined) integer('runner.timeoutMs', r.timeoutMs, 1);
      if (r.retries !== undefined) integer('runner.retries', r.retries, 0);
    } else if (kind === 'in-process') {
      knownKeys('runner', r, ['kind', 'module', 'export', 'workers', 'concurrency', 'batch']);
      if (r.module !== undefined && (typeof r.module !== 'string' || r.module === '')) throw new InvalidArgumentError({ field: 'runner.module', value: r.module, expected: 'the path of a JavaScript module' });
      if (r.export !== undefined && (typeof r.export !== 'string' || r.export === '')) throw new InvalidArgumentError({ field: 'runner.export', value: r.export, expected: 'the name of an export' });
      if (r.workers !== undefined) {
        integer('runner.workers', r.workers, 1, 1024);
        if (r.module === undefined) throw new InvalidArgumentError({ field: 'runner.workers', value: r.workers, expected: 'no workers without runner.module (worker threads import the model from a module)' });
      }
      if (r.concurrency !== undefined) integer('runner.concurrency', r.concurrency, 1);
      if (r.batch !== undefined) integer('runner.batch', r.batch, 1);
    } else {
      checkSlurmOptions(r, 'runner.');
    }
  }
  // Must be JSON to be stored (and compared).
  canonicalJson(out, 'config');
  return out as CampaignConfig;
}

/** The path of the first difference between two JSON values (`''`: the whole value), or undefined. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const same = a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b);
  return same ? undefined : path;
}

function valueAt(v: unknown, path: string): unknown {
  for (const part of path.split(/\.|(?=\[)/)) {
    if (part === '') continue;
    const m = /^\[(\d+)\]$/.exec(part);
    v = m ? (v as unknown[] | undefined)?.[Number(m[1])] : (v as Record<string, unknown> | undefined)?.[part];
  }
  return v;
}

function checkOptions(options: unknown): CampaignOptions {
  const o = optionsOf<CampaignOptions>('options', options);
  knownKeys('options', o, OPTION_KEYS);
  for (const k of ['runDir', 'encode', 'decode'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw new InvalidArgumentError({ field: `options.${k}`, value: o[k], expected: 'a function' });
  }
  return o;
}

/** A CSV cell (RFC 4180 quoting when needed). */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A campaign: a directory with its store and run directories. Make one with `Campaign.create`,
 * reopen it with `Campaign.open`, or `Campaign.openOrCreate`; `close()` when done.
 */
export class Campaign {
  /** The campaign directory. */
  readonly dir: string;
  /** The store (for runners and queries this class does not wrap). */
  readonly store: CampaignStore;
  #config: CampaignConfig;
  /** The configuration, as stored. */
  get config(): CampaignConfig {
    return this.#config;
  }
  readonly #specs: ParamSpecs;
  readonly #options: CampaignOptions;

  private constructor(dir: string, store: CampaignStore, config: CampaignConfig, options: CampaignOptions) {
    this.dir = dir;
    this.store = store;
    this.#config = config;
    this.#specs = paramSpecs(config.params, 'params');
    this.#options = options;
  }

  /**
   * Creates a campaign in `dir` (made if missing).
   *
   * @throws InvalidArgumentError for a bad config (naming the field: `params.x.min`, `vary.x`,
   *   `runner.command`...); StoreError when `dir` already holds a campaign
   */
  static create(dir: string, config: CampaignConfig, options?: CampaignOptions): Campaign {
    const path = Campaign.#path(dir);
    const c = checkConfig(config);
    const o = checkOptions(options);
    if (existsSync(path)) throw new StoreError(path, 'a campaign exists here already', { hint: 'use Campaign.open or Campaign.openOrCreate' });
    const made = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
    const store = openStore(path, { name: c.name, app: c as unknown as JsonValue, ...Campaign.#storeOptions(o) });
    if (made) store.recordCreated([{ path: '.', kind: 'dir' }]);
    return new Campaign(resolve(dir), store, c, o);
  }

  /**
   * Opens the campaign in `dir`.
   *
   * @throws StoreError when there is none
   */
  static open(dir: string, options?: CampaignOptions): Campaign {
    const path = Campaign.#path(dir);
    const o = checkOptions(options);
    const store = openStore(path, { create: false, ...Campaign.#storeOptions(o), ...(o.readonly !== undefined ? { readonly: o.readonly } : {}) });
    try {
      const c = checkConfig(store.info().app);
      return new Campaign(resolve(dir), store, c, o);
    } catch (e) {
      store.close();
      if (e instanceof InvalidArgumentError) throw new StoreError(path, `the stored configuration is not valid: ${e.message}`, { cause: e });
      throw e;
    }
  }

  /**
   * Opens the campaign in `dir` if there is one — its stored config must then equal `config`
   * — else creates it.
   *
   * @throws InvalidArgumentError naming the first key where `config` and the stored config
   *   differ (e.g. `params.x.max`), with both values
   */
  static openOrCreate(dir: string, config: CampaignConfig, options?: CampaignOptions): Campaign {
    const path = Campaign.#path(dir);
    if (!existsSync(path)) return Campaign.create(dir, config, options);
    const c = checkConfig(config);
    const campaign = Campaign.open(dir, options);
    const stored = JSON.parse(canonicalJson(campaign.config)) as unknown;
    const given = JSON.parse(canonicalJson(c)) as unknown;
    const diff = firstDifference(stored, given, '');
    if (diff !== undefined) {
      campaign.close();
      const was = valueAt(stored, diff);
      throw new InvalidArgumentError({
        field: diff === '' ? 'config' : diff,
        value: valueAt(given, diff),
        expected: `${was === undefined ? 'no such key' : JSON.stringify(was)}, as in the campaign stored in ${path} (open it with Campaign.open, or use another directory)`,
      });
    }
    return campaign;
  }

  static #path(dir: string): string {
    if (typeof dir !== 'string' || dir === '') throw new InvalidArgumentError({ field: 'dir', value: dir, expected: 'the path of a campaign directory' });
    return join(dir, CAMPAIGN_DB);
  }

  static #storeOptions(o: CampaignOptions): { synchronous?: 'full' | 'normal'; busyTimeoutMs?: number } {
    return { ...(o.synchronous !== undefined ? { synchronous: o.synchronous } : {}), ...(o.busyTimeoutMs !== undefined ? { busyTimeoutMs: o.busyTimeoutMs } : {}) };
  }

  /** The directory of run `id` (not created here: runners create it). Default: runDirectory(dir, id), nested so no folder holds more than 256 entries. */
  runDir(id: number): string {
    return this.#options.runDir ? this.#options.runDir(id) : runDirectory(this.dir, id);
  }

  /** `path` relative to the campaign directory, or undefined when it is not inside it. */
  #inside(path: string): string | undefined {
    const rel = relative(this.dir, path);
    return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
  }

  /**
   * Creates a run's directory. Inside the campaign directory: one folder at a time, refusing a
   * symbolic link at any of them (a run directory a model replaced by a link fails that run),
   * and records what it made, the run directory as the run's own (removed with what the model
   * wrote in it), the folders above it as uqkit's (removed once empty).
   */
  #makeRunDir(dir: string): void {
    if (this.#inside(dir) === undefined) {
      mkdirSync(dir, { recursive: true });
      return;
    }
    const made = mkdirsNoFollow(this.dir, dir);
    this.store.recordCreated(made.map((p) => ({ path: this.#inside(p)!, kind: p === resolve(dir) ? 'tree' : 'dir' })));
  }

  /** Where relative paths of the config's encoder and decoder specs start: its `baseDir`, else the campaign directory. */
  #baseDir(): string {
    return typeof this.config.baseDir === 'string' ? this.config.baseDir : this.dir;
  }

  /**
   * The encoder: the `encode` option, else params.json (the run's parameters, for the in-run
   * helper and any program that reads them) followed by the config's `encoders` specs (src/io).
   */
  #encoder(): EncodeFn {
    if (this.#options.encode) return this.#options.encode;
    const specs = Array.isArray(this.config.encoders) ? (this.config.encoders as Record<string, unknown>[]) : [];
    const writesParams = specs.some((e) => e.target === 'params.json');
    const opts = { baseDir: this.#baseDir(), campaignDir: this.dir };
    const params = writesParams ? undefined : makeEncoder({ kind: 'json', target: 'params.json' }, { ...opts, field: 'params.json' });
    // Shared copies of resources are made when the encoders are built: recorded as uqkit's.
    const shared = specs.filter((e) => e.kind === 'resource' && e.mode === 'shared-link' && typeof e.source === 'string').map((e) => sharedCopyPath(this.dir, resolve(opts.baseDir, e.source as string)));
    const before = [join(this.dir, 'shared'), ...shared].map((p) => existsOrLink(p));
    const rest = specs.length > 0 ? makeEncoder(specs as never, { ...opts, field: 'encoders' }) : undefined;
    this.store.recordCreated([join(this.dir, 'shared'), ...shared].flatMap((p, i) => (before[i] || !existsOrLink(p) ? [] : [{ path: this.#inside(p)!, kind: i === 0 ? 'dir' as const : 'tree' as const }])));
    return (dir, run) => {
      params?.(dir, run);
      rest?.(dir, run);
    };
  }

  /** The decoder: the `decode` option, else the config's `decoder` spec (src/io), else undefined. */
  async #decoder(): Promise<DecodeFn | undefined> {
    if (this.#options.decode) return this.#options.decode;
    if (this.config.decoder === undefined) return undefined;
    return loadDecoder(this.config.decoder as never, { baseDir: this.#baseDir(), field: 'decoder', campaignDir: this.dir });
  }

  /**
   * Replaces the stored configuration with `config` — its runner, encoders, decoder, analysis
   * and other keys — keeping the campaign's parameters: `params` and `vary` must be those
   * stored (they define what every run means).
   *
   * @throws InvalidArgumentError naming the first differing key of params or vary
   */
  setConfig(config: CampaignConfig): void {
    const c = checkConfig(config);
    for (const key of ['name', 'params', 'vary'] as const) {
      const stored = JSON.parse(canonicalJson((this.config[key] ?? null) as JsonValue)) as unknown;
      const given = JSON.parse(canonicalJson((c[key] ?? null) as JsonValue)) as unknown;
      const diff = firstDifference(stored, given, key);
      if (diff !== undefined) {
        const was = valueAt({ [key]: stored }, diff);
        throw new InvalidArgumentError({ field: diff, value: valueAt({ [key]: given }, diff), expected: `${was === undefined ? 'no such key' : JSON.stringify(was)}, as in the campaign stored in ${this.store.path}: a campaign keeps its name and parameters` });
      }
    }
    this.store.setApp(c as unknown as JsonValue);
    this.#config = c;
  }

  #vary(): Record<string, DistributionSpec> {
    return (this.config.vary ?? {}) as Record<string, DistributionSpec>;
  }

  /** Fills defaults and validates; throws the first InvalidParameterError unless markInvalid. */
  #prepare(runs: readonly Readonly<Record<string, unknown>>[], samplerField: string): Omit<RunInput, 'sampler'>[] {
    const out: Omit<RunInput, 'sampler'>[] = [];
    for (let i = 0; i < runs.length; i++) {
      const check = checkParams(this.#specs, runs[i], `${samplerField}[${i}]`);
      if (check.valid) out.push({ params: check.params });
      else if (this.config.markInvalid === true) out.push({ params: check.params, invalid: check.reason });
      else throw check.error;
    }
    return out;
  }

  #add(samplerId: number, runs: readonly Omit<RunInput, 'sampler'>[]): DrawResult {
    let added = 0;
    let reused = 0;
    let invalid = 0;
    for (const r of this.store.add(runs.map((r) => ({ ...r, sampler: samplerId })))) {
      if (!r.created) reused++;
      else if (r.status === 'invalid') invalid++;
      else added++;
    }
    return { sampler: samplerId, added, reused, invalid };
  }

  /**
   * Records a sampler and adds `count` of its runs (defaults filled, validated, deduplicated),
   * all in one transaction.
   *
   * @throws InvalidArgumentError for a bad spec or count (an infinite sampler without count);
   *   InvalidParameterError for a run that does not fit the parameter specs (unless
   *   markInvalid), naming it (`runs[i].x`) — nothing is added then
   */
  addSampler(spec: SamplerSpec, options?: AddSamplerOptions): DrawResult {
    const o = optionsOf<AddSamplerOptions>('options', options);
    knownKeys('options', o, ['count']);
    const s = makeSampler(spec, this.#vary(), undefined, this.config.params);
    if (o.count === undefined && !Number.isFinite(s.size)) {
      throw new InvalidArgumentError({ field: 'options.count', value: undefined, expected: `a number of runs to draw: a ${spec.kind} sampler without n has no end` });
    }
    const runs = o.count === undefined ? s.rest() : s.draw(integer('options.count', o.count, 0));
    const prepared = this.#prepare(runs, 'runs');
    const state = { spec, state: s.state } as unknown as JsonValue;
    return this.store.transaction(() => this.#add(this.store.addSampler(spec.kind, state), prepared));
  }

  /**
   * Draws the next `count` runs of a recorded sampler (rebuilt from its spec and state: the
   * runs it would have drawn had it never stopped) and adds them like addSampler.
   *
   * @throws InvalidArgumentError for an unknown sampler id or a bad count
   */
  draw(samplerId: number, count: number): DrawResult {
    const rec = this.samplers().find((x) => x.id === samplerId);
    if (!rec) throw new InvalidArgumentError({ field: 'samplerId', value: samplerId, expected: `the id of a sampler of this campaign (${this.samplers().map((x) => x.id).join(', ') || 'none yet'})` });
    const n = integer('count', count, 0);
    const s = makeSampler(rec.spec, this.#vary(), rec.state, this.config.params);
    const prepared = this.#prepare(s.draw(n), 'runs');
    return this.store.transaction(() => {
      const result = this.#add(samplerId, prepared);
      this.store.setSamplerState(samplerId, { spec: rec.spec, state: s.state } as unknown as JsonValue);
      return result;
    });
  }

  /**
   * Adds runs given explicitly (a sweep from src/space, a list): defaults filled, validated and
   * deduplicated like a sampler's, in one transaction, without sampler bookkeeping (their
   * sampler is null). `sampler` in the result is 0.
   *
   * @throws InvalidParameterError for a run that does not fit the parameter specs (unless
   *   markInvalid), naming it (`runs[i].x`) — nothing is added then
   */
  addRuns(runs: readonly Readonly<Record<string, unknown>>[]): DrawResult {
    if (!Array.isArray(runs)) throw new InvalidArgumentError({ field: 'runs', value: runs, expected: 'an array of runs (objects of parameter values)' });
    const prepared = this.#prepare(runs, 'runs');
    let added = 0;
    let reused = 0;
    let invalid = 0;
    for (const r of this.store.add(prepared)) {
      if (!r.created) reused++;
      else if (r.status === 'invalid') invalid++;
      else added++;
    }
    return { sampler: 0, added, reused, invalid };
  }

  /** The samplers, in the order they were added. */
  samplers(): CampaignSampler[] {
    return this.store.samplers().map((r) => {
      const st = r.state as unknown as { spec: SamplerSpec; state: SamplerState };
      return { id: r.id, kind: r.kind, spec: st.spec, state: st.state, createdAt: r.createdAt, updatedAt: r.updatedAt };
    });
  }

  /**
   * Runs the queued runs with the config's runner (in process with `options.model` when the
   * config has none). Returns the final counts.
   *
   * @throws InvalidArgumentError when the runner needs what is missing (a model, a decoder);
   *   UqkitError for a Slurm runner (not wired into the facade yet: use runSlurm on `store`)
   *   or a runner.module that cannot be imported (its first line says why)
   */
  async execute(options?: ExecuteOptions): Promise<StatusCounts> {
    const o = optionsOf<ExecuteOptions>('options', options);
    knownKeys('options', o, ['model', 'signal', 'progress', 'owner']);
    if (o.model !== undefined && typeof o.model !== 'function') throw new InvalidArgumentError({ field: 'options.model', value: o.model, expected: 'a function (params, run) => outputs' });
    const runner: RunnerSpec = this.config.runner ?? { kind: 'in-process' };
    const common = {
      ...(o.signal !== undefined ? { signal: o.signal } : {}),
      ...(o.progress !== undefined ? { progress: o.progress } : {}),
      ...(o.owner !== undefined ? { owner: o.owner } : {}),
    };
    switch (runner.kind) {
      case 'local': {
        const decode = await this.#decoder();
        if (!decode) throw new InvalidArgumentError({ field: 'decoder', value: undefined, expected: 'a decoder spec in the config (e.g. {kind: "csv", file: "out.csv", columns: ["y"]}) or a decode function passed when opening the campaign: a local runner reads each run\'s outputs with it' });
        const encode = this.#encoder();
        return runLocal(this.store, {
          command: runner.command,
          runDir: (run) => this.runDir(run.id),
          makeRunDir: (dir) => this.#makeRunDir(dir),
          decode: (dir, run) => decode(dir, run),
          encode: (dir: string, run: { id: number; hash: string; params: Readonly<Record<string, JsonValue>> }) => encode(dir, run),
          ...(runner.concurrency !== undefined ? { concurrency: runner.concurrency } : {}),
          ...(runner.timeoutMs !== undefined ? { timeoutMs: runner.timeoutMs } : {}),
          ...(runner.retries !== undefined ? { retries: runner.retries } : {}),
          ...common,
        });
      }
      case 'in-process': {
        // Commands a local runner of this host left running when it died (the runner kind
        // changed since): their runs are claimable once those are gone.
        await killOrphanGroups(this.store);
        if (o.model) {
          return runInProcess(this.store, o.model, { ...(runner.batch !== undefined ? { batch: runner.batch } : {}), ...(runner.concurrency !== undefined ? { concurrency: runner.concurrency } : {}), ...common });
        }
        if (runner.module === undefined) throw new InvalidArgumentError({ field: 'options.model', value: undefined, expected: 'a model function, or runner.module in the config' });
        const module = resolve(this.dir, runner.module);
        if (runner.workers !== undefined) {
          return runInWorkers(this.store, { module, workers: runner.workers, ...(runner.export !== undefined ? { export: runner.export } : {}), ...(runner.batch !== undefined ? { batch: runner.batch } : {}), ...common });
        }
        let mod: Record<string, unknown>;
        try {
          mod = (await import(moduleUrl(module))) as Record<string, unknown>;
        } catch (e) {
          // (one line, as runInWorkers says it: a missing dependency or a throw at the module's top level is the user's to fix)
          throw new UqkitError(`${module}: cannot run the model: cannot import it: ${thrownLine(e)}`, { field: 'runner.module', value: runner.module, cause: e });
        }
        const name = runner.export ?? 'default';
        const model = mod[name];
        if (typeof model !== 'function') throw new InvalidArgumentError({ field: 'runner.export', value: name, expected: `an export of ${module} that is a function` });
        return runInProcess(this.store, model as ModelFn, { ...(runner.batch !== undefined ? { batch: runner.batch } : {}), ...(runner.concurrency !== undefined ? { concurrency: runner.concurrency } : {}), ...common });
      }
      case 'slurm': {
        const decode = await this.#decoder();
        if (!decode) throw new InvalidArgumentError({ field: 'decoder', value: undefined, expected: 'a decoder spec in the config or a decode function passed when opening the campaign: the Slurm runner reads each run\'s outputs with it' });
        const { kind: _kind, command, ...slurm } = runner as { kind: 'slurm'; command?: unknown; [key: string]: unknown };
        if (!Array.isArray(command) || command.length === 0 || !command.every((w) => typeof w === 'string')) {
          throw new InvalidArgumentError({ field: 'runner.command', value: command, expected: 'a non-empty array of strings: the program and its arguments' });
        }
        const workDir = join(this.dir, 'slurm');
        if (!existsOrLink(workDir)) {
          mkdirsNoFollow(this.dir, workDir);
          this.store.recordCreated([{ path: 'slurm', kind: 'tree' }]);
        }
        return runSlurm(this.store, {
          ...(slurm as object),
          command: command as string[],
          workDir,
          runDir: (run) => this.runDir(run.id),
          makeRunDir: (dir) => this.#makeRunDir(dir),
          encode: this.#encoder(),
          decode,
          ...common,
        });
      }
    }
  }

  /**
   * Decodes again, with the current decoder, the outputs of `done` runs and of runs that failed
   * in decoding (reason starting `decoding failed`) — all such runs, or those in `ids`. A run
   * that decodes becomes (or stays) `done` with the new result; one that does not becomes
   * `failed`. Runs without a run directory are left alone. Writes one transaction per 500 runs.
   *
   * @throws InvalidArgumentError without a decoder, or for an id that is not a done or
   *   decode-failed run
   */
  recollate(ids?: readonly number[]): RecollateResult {
    const decode = this.#options.decode ?? (this.config.decoder !== undefined ? makeDecoder(this.config.decoder as never, { baseDir: this.#baseDir(), field: 'decoder', campaignDir: this.dir }) : undefined);
    if (!decode) throw new InvalidArgumentError({ field: 'options.decode', value: undefined, expected: 'a decoder (dir, run) => outputs, passed when opening the campaign, or a decoder spec in its config' });
    const decodeFailed = (r: RunRecord): boolean => r.status === 'failed' && (r.reason ?? '').startsWith('decoding failed');
    let runs: RunRecord[];
    if (ids === undefined) {
      runs = this.store.runs({ status: ['done', 'failed'] }).filter((r) => r.status === 'done' || decodeFailed(r));
    } else {
      if (!Array.isArray(ids)) throw new InvalidArgumentError({ field: 'ids', value: ids, expected: 'an array of run ids' });
      const byId = new Map(this.store.runs({ ids: ids.map((id, i) => integer(`ids[${i}]`, id, 1)) }).map((r) => [r.id, r]));
      runs = ids.map((id, i) => {
        const r = byId.get(id);
        if (!r || !(r.status === 'done' || decodeFailed(r))) {
          throw new InvalidArgumentError({ field: `ids[${i}]`, value: id, expected: `a done run or one that failed in decoding (run ${id} ${r ? `is ${r.status}${r.reason ? `: ${r.reason}` : ''}` : 'does not exist'})` });
        }
        return r;
      });
    }
    const done: number[] = [];
    const failed: number[] = [];
    const skipped: number[] = [];
    for (let i = 0; i < runs.length; i += 500) {
      const outcomes: { id: number; outputs?: unknown; reason?: string }[] = [];
      for (const r of runs.slice(i, i + 500)) {
        const dir = this.runDir(r.id);
        if (!existsSync(dir)) {
          skipped.push(r.id);
          continue;
        }
        try {
          outcomes.push({ id: r.id, outputs: decode(dir, { id: r.id, hash: r.hash, params: r.params }) });
        } catch (e) {
          outcomes.push({ id: r.id, reason: `decoding failed: ${e instanceof Error ? e.message : String(e)}` });
        }
      }
      this.store.transaction(() => {
        for (const x of outcomes) {
          if (x.reason === undefined) {
            this.store.setResult(x.id, x.outputs);
            done.push(x.id);
          } else {
            this.store.markFailed(x.id, x.reason);
            failed.push(x.id);
          }
        }
      });
    }
    return { done, failed, skipped };
  }

  /**
   * The results as columns, in run-id order (see ResultColumns): of `done` runs, or of runs in
   * `status` (outputs missing for runs without a result); with `samplers` (sampler ids, see
   * `samplers()`), only of the runs those samplers drew — e.g. the runs of the latest sampler
   * alone, for its analysis.
   */
  results(options?: { readonly status?: RunStatus | readonly RunStatus[]; readonly samplers?: readonly number[] }): ResultColumns {
    const o = optionsOf<{ status?: RunStatus | readonly RunStatus[]; samplers?: readonly number[] }>('options', options);
    knownKeys('options', o, ['status', 'samplers']);
    const statuses = o.status === undefined ? ['done' as const] : Array.isArray(o.status) ? (o.status as RunStatus[]) : [o.status as RunStatus];
    statuses.forEach((s, i) => oneOf(Array.isArray(o.status) ? `options.status[${i}]` : 'options.status', s, RUN_STATUSES));
    let rows = this.store.collate(statuses);
    if (o.samplers !== undefined) {
      if (!Array.isArray(o.samplers)) throw new InvalidArgumentError({ field: 'options.samplers', value: o.samplers, expected: 'an array of sampler ids' });
      const drawn = new Set(this.store.runs({ samplers: o.samplers.map((id, i) => integer(`options.samplers[${i}]`, id, 1)) }).map((r) => r.id));
      rows = rows.filter((r) => drawn.has(r.id));
    }
    return this.#columns(rows);
  }

  #columns(rows: readonly ResultRecord[]): ResultColumns {
    const n = rows.length;
    const ids = new Int32Array(n);
    const params: Record<string, Float64Array | string[] | boolean[]> = {};
    for (const [name, spec] of Object.entries(this.#specs)) {
      if (spec.type === 'float' || spec.type === 'integer') {
        const col = new Float64Array(n);
        rows.forEach((r, i) => (col[i] = typeof r.params[name] === 'number' ? (r.params[name] as number) : NaN));
        params[name] = col;
      } else if (spec.type === 'string') {
        params[name] = rows.map((r) => (typeof r.params[name] === 'string' ? (r.params[name] as string) : String(r.params[name] ?? spec.default)));
      } else {
        params[name] = rows.map((r) => (typeof r.params[name] === 'boolean' ? (r.params[name] as boolean) : spec.default));
      }
    }
    const qois = rows.map((r) => (isRecord(r.outputs) ? r.outputs : r.outputs === null ? {} : { value: r.outputs }) as Record<string, JsonValue>);
    const names: string[] = [];
    const seen = new Set<string>();
    for (const q of qois) for (const k of Object.keys(q)) if (!seen.has(k)) (seen.add(k), names.push(k));
    const outputs: Record<string, Float64Array | Float64Array[]> = {};
    const other: Record<string, JsonValue[]> = {};
    for (const name of names) {
      const values = qois.map((q) => q[name]);
      const present = values.filter((v) => v !== undefined && v !== null);
      if (present.every((v) => typeof v === 'number')) {
        outputs[name] = Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
      } else if (present.every((v) => Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null))) {
        outputs[name] = values.map((v) => (Array.isArray(v) ? Float64Array.from(v as (number | null)[], (x) => (x === null ? NaN : x)) : new Float64Array(0)));
      } else {
        other[name] = values.map((v) => (v === undefined ? null : v));
      }
    }
    rows.forEach((r, i) => (ids[i] = r.id));
    return { ids, params, outputs, other };
  }

  /**
   * The results of `done` runs as CSV or JSON text, written to `file` when given, and returned.
   * CSV: a header, then one line per run: `id`, one column per parameter, one per scalar
   * quantity, `q[0]`, `q[1]`, ... for a vector quantity `q` (as many as its longest value;
   * empty cells where a run's is shorter), other quantities as JSON text; numbers as
   * JavaScript writes them (shortest round trip; NaN, Infinity, -Infinity), an empty cell for a
   * missing value. JSON: an array of `{id, <param>..., <quantity>...}` objects (NaN and
   * ±Infinity as null, as JSON has no such numbers).
   *
   * @throws InvalidArgumentError for another format, or a quantity named like a parameter or `id`
   */
  export(format: 'csv' | 'json', file?: string): string {
    oneOf('format', format, ['csv', 'json']);
    if (file !== undefined && (typeof file !== 'string' || file === '')) throw new InvalidArgumentError({ field: 'file', value: file, expected: 'a file path' });
    const cols = this.results();
    const paramNames = Object.keys(cols.params);
    const qoiNames = [...Object.keys(cols.outputs), ...Object.keys(cols.other)];
    for (const q of qoiNames) {
      if (q === 'id' || paramNames.includes(q)) throw new InvalidArgumentError({ field: `outputs.${q}`, value: q, expected: 'a quantity name other than `id` and the parameter names (the export has one column per name)' });
    }
    const n = cols.ids.length;
    let text: string;
    if (format === 'json') {
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++) {
        const row: Record<string, unknown> = { id: cols.ids[i] };
        for (const p of paramNames) row[p] = cols.params[p]![i];
        for (const [q, c] of Object.entries(cols.outputs)) row[q] = c instanceof Float64Array ? c[i] : Array.from(c[i]!);
        for (const [q, c] of Object.entries(cols.other)) row[q] = c[i];
        rows.push(row);
      }
      text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n';
    } else {
      const header = ['id', ...paramNames];
      const getters: ((i: number) => unknown)[] = [(i) => cols.ids[i], ...paramNames.map((p) => (i: number) => cols.params[p]![i])];
      for (const [q, c] of Object.entries(cols.outputs)) {
        if (c instanceof Float64Array) {
          header.push(q);
          getters.push((i) => c[i]);
        } else {
          const width = c.reduce((m, v) => Math.max(m, v.length), 0);
          for (let j = 0; j < width; j++) {
            header.push(`${q}[${j}]`);
            getters.push((i) => c[i]![j]);
          }
        }
      }
      for (const [q, c] of Object.entries(cols.other)) {
        header.push(q);
        getters.push((i) => c[i]);
      }
      const lines = [header.map(cell).join(',')];
      for (let i = 0; i < n; i++) lines.push(getters.map((g) => cell(g(i))).join(','));
      text = lines.join('\n') + '\n';
    }
    if (file !== undefined) writeUserFile(file, text); // whole or not at all
    return text;
  }

  /** Runs by id, optionally filtered (see RunQuery). */
  runs(query?: RunQuery): RunRecord[] {
    return this.store.runs(query);
  }

  /** How many runs are in each state. */
  counts(): StatusCounts {
    return this.store.counts();
  }

  /** Counts by state and sampler, and run times (see StoreStats). */
  stats(): StoreStats {
    return this.store.stats();
  }

  /** Marks runs `ignored` (left out of results, never run). Returns how many changed. */
  ignore(ids: readonly number[], reason?: string): number {
    return this.store.ignore(ids, reason);
  }

  /** Puts runs back in the queue (results deleted). Returns how many. */
  rerun(ids: readonly number[]): number {
    return this.store.rerun(ids);
  }

  /** Closes the store. */
  close(): void {
    this.store.close();
  }
}

