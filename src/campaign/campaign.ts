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
//
// Beside this file: the types it takes and returns (campaign-types.ts), config checking
// (campaign-config.ts), run directories and the encoder and decoder from the config
// (campaign-files.ts), execution by the config's runner (campaign-execute.ts), recollation
// (campaign-recollate.ts) and results as columns and text (campaign-results.ts).
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, StoreError } from '../core/errors.js';
import { canonicalJson, type JsonValue } from '../core/identity.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import type { DistributionSpec } from '../distributions/index.js';
import { writeUserFile } from '../io/safe-fs.js';
import { sampler as makeSampler, type SamplerSpec, type SamplerState } from '../samplers/index.js';
import { isAdaptiveSc } from '../samplers/adaptive-sc.js';
import type { RefineResult } from './campaign-adaptive.js';
import { isMcmc } from '../samplers/mcmc.js';
import type { McmcResult } from './campaign-mcmc.js';
import { mcmcAnalysis, type McmcAnalysis, type McmcAnalysisOptions } from '../analysis/mcmc.js';
import { checkParams, paramSpecs, type ParamSpecs } from '../space/params.js';
import { checkConfig, checkOptions, firstDifference, valueAt } from './campaign-config.js';
import { runDirOf, type CampaignParts } from './campaign-files.js';
import { CAMPAIGN_DB, campaignSamplers } from './campaign-view.js';
import { recollate } from './campaign-recollate.js';
import { campaignSurrogate, type SurrogateOptions } from './campaign-surrogate.js';
import type { Surrogate } from '../numerics/surrogate.js';
import { resultColumns, resultsText } from './campaign-results.js';
import type {
  AddSamplerOptions,
  CampaignConfig,
  CampaignOptions,
  CampaignSampler,
  DrawResult,
  ExecuteOptions,
  RecollateResult,
  ResultColumns,
} from './campaign-types.js';
import { openStore, RUN_STATUSES, type CampaignStore, type RunInput, type RunQuery, type RunRecord, type RunStatus, type StatusCounts, type StoreStats } from './store.js';

export type {
  RunnerSpec,
  CampaignConfig,
  CampaignOptions,
  AddSamplerOptions,
  DrawResult,
  CampaignSampler,
  ExecuteOptions,
  RecollateResult,
  ResultColumns,
} from './campaign-types.js';

export { CAMPAIGN_DB } from './campaign-view.js';

/**
 * A campaign: a directory with its store and run directories. Make one with `Campaign.create`,
 * reopen it with `Campaign.open`, or `Campaign.openOrCreate`; `close()` when done.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { Campaign, analyse } from 'uqkit';
 *
 * const U = { dist: 'uniform', low: -Math.PI, high: Math.PI };
 * const x = { type: 'float', min: -Math.PI, max: Math.PI, default: 0 };
 * const config = { name: 'ishigami', params: { x1: x, x2: x, x3: x }, vary: { x1: U, x2: U, x3: U } };
 * const campaign = Campaign.create(mkdtempSync(join(tmpdir(), 'uqkit-')), config);
 * try {
 *   campaign.addSampler({ kind: 'saltelli', n: 1024, seed: 1 });
 *   const counts = await campaign.execute({
 *     model: ({ x1, x2, x3 }) => ({ y: Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1) }),
 *   });
 *   console.log(counts.done); // 5120
 *   const runs = campaign.store.results().map((r) => ({ params: r.params, outputs: r.outputs }));
 *   const { analysis } = analyse({ sampler: campaign.samplers()[0].spec, vary: config.vary, runs });
 *   console.log(analysis.y.sobolFirst); // ≈ { x1: 0.31, x2: 0.44, x3: 0.0003 }
 * } finally {
 *   campaign.close();
 * }
 * ```
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
   *
   * @example
   * ```js
   * import { mkdtempSync } from 'node:fs';
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * import { Campaign } from 'uqkit';
   *
   * const campaign = Campaign.create(mkdtempSync(join(tmpdir(), 'uqkit-')), {
   *   name: 'beam',
   *   params: { F: { type: 'float', default: 1000 }, L: { type: 'float', min: 0, default: 2 } }, // N, m
   *   vary: { F: { dist: 'normal', mean: 1000, std: 50 } },
   * });
   * campaign.close();
   * ```
   */
  static create(dir: string, config: CampaignConfig, options?: CampaignOptions): Campaign {
    const path = Campaign.#path(dir);
    const c = checkConfig(config);
    const o = checkOptions(options);
    if (existsSync(path)) throw new StoreError(path, 'a campaign exists here already', { hint: 'use Campaign.open or Campaign.openOrCreate' });
    const made = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
    let store: CampaignStore;
    try {
      store = openStore(path, { name: c.name, app: c as unknown as JsonValue, ...Campaign.#storeOptions(o) });
    } catch (e) {
      if (made) {
        try {
          rmdirSync(dir); // the directory made for it, if nothing is in it
        } catch {
          /* not empty: what is there stays */
        }
      }
      throw e;
    }
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
    return runDirOf(this.#parts(), id);
  }

  /** What the functions of ./campaign-files.ts, ./campaign-execute.ts and ./campaign-recollate.ts use of this campaign. */
  #parts(): CampaignParts {
    return { dir: this.dir, store: this.store, config: this.config, options: this.#options };
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
    for (const key of ['name', 'params', 'vary', 'correlation'] as const) {
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
    const s = makeSampler(spec, this.#vary(), undefined, this.config.params, this.config.correlation);
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
    const s = makeSampler(rec.spec, this.#vary(), rec.state, this.config.params, this.config.correlation);
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
    return campaignSamplers(this.store);
  }

  /**
   * Runs the queued runs with the config's runner (in process with `options.model` when the
   * config has none). Returns the final counts.
   *
   * @throws InvalidArgumentError when the runner needs what is missing (a model, a decoder);
   *   UqkitError for a Slurm runner (not wired into the facade yet: use runSlurm on `store`)
   *   or a runner.module that cannot be imported (its first line says why)
   *
   * @example
   * ```js
   * import { mkdtempSync } from 'node:fs';
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * import { Campaign } from 'uqkit';
   *
   * const campaign = Campaign.create(mkdtempSync(join(tmpdir(), 'uqkit-')), {
   *   name: 'square',
   *   params: { x: { type: 'float', min: 0, max: 1, default: 0.5 } },
   *   vary: { x: { dist: 'uniform' } },
   * });
   * campaign.addSampler({ kind: 'qmc', n: 64, seed: 1 });
   * const counts = await campaign.execute({ model: ({ x }) => ({ y: x * x }) }); // in process
   * console.log(counts.done, campaign.results().outputs.y.length); // 64 64
   * campaign.close();
   * ```
   */
  async execute(options?: ExecuteOptions): Promise<StatusCounts> {
    // The runners (processes, worker threads, Slurm) load only when runs are executed.
    const { execute } = await import('./campaign-execute.js');
    return execute(this.#parts(), options);
  }

  /**
   * Refines an adaptive sampler (`{kind: 'sc', grid: 'adaptive'}`, see docs/adaptive-sc.md):
   * rebuilds its grid from the outputs of its done runs, adds the next batch of runs,
   * executes them with the config's runner (as `execute`, with `options`), and again until
   * the tolerance or a limit is reached, or `options.signal` aborts. Each step is recorded
   * (`store.refinement(samplerId)`). Resumes where it stopped: finished runs are reused.
   * `samplerId` defaults to the last sampler added.
   *
   * @throws InvalidArgumentError when the sampler is not adaptive or the QoI to refine on is
   *   missing or not numeric; UqkitError when runs of a batch failed (re-run them first)
   */
  async refine(samplerId?: number, options?: ExecuteOptions): Promise<RefineResult> {
    const all = this.samplers();
    const id = samplerId ?? all[all.length - 1]?.id;
    const rec = all.find((x) => x.id === id);
    if (!rec || !isAdaptiveSc(rec.spec)) {
      throw new InvalidArgumentError({ field: 'samplerId', value: samplerId, expected: `the id of an adaptive sampler ({kind: sc, grid: adaptive}) of this campaign${all.some((x) => isAdaptiveSc(x.spec)) ? ` (${all.filter((x) => isAdaptiveSc(x.spec)).map((x) => x.id).join(', ')})` : ': it has none'}` });
    }
    const { refine } = await import('./campaign-adaptive.js');
    return refine({
      store: this.store,
      vary: this.#vary(),
      add: (runs) => {
        const prepared = this.#prepare(runs, 'runs');
        this.store.transaction(() => this.#add(rec.id, prepared));
      },
      execute: () => this.execute(options),
      ...(options?.signal !== undefined ? { signal: options.signal } : {}),
    }, rec.id, rec.spec);
  }

  /**
   * Runs the chains of an MCMC sampler (`{kind: 'mcmc', ...}`, see docs/mcmc.md): each step
   * proposes one point per chain, executes those runs with the config's runner (as `execute`,
   * with `options`), and accepts or rejects each chain's proposal on the QoI's likelihood,
   * until every chain has made its steps or `options.signal` aborts. Each step is recorded
   * (`store.chainSteps(samplerId)`); a stopped or killed campaign continues exactly where it
   * stopped, finished runs reused. `samplerId` defaults to the last sampler added.
   *
   * @throws InvalidArgumentError when the sampler is not MCMC or a run's QoI does not fit the
   *   data; UqkitError when a run of a step failed (re-run or ignore it first) or a chain's
   *   start is not a valid point
   */
  async mcmc(samplerId?: number, options?: ExecuteOptions): Promise<McmcResult> {
    const all = this.samplers();
    const id = samplerId ?? all[all.length - 1]?.id;
    const rec = all.find((x) => x.id === id);
    if (!rec || !isMcmc(rec.spec)) {
      throw new InvalidArgumentError({ field: 'samplerId', value: samplerId, expected: `the id of an MCMC sampler ({kind: mcmc}) of this campaign${all.some((x) => isMcmc(x.spec)) ? ` (${all.filter((x) => isMcmc(x.spec)).map((x) => x.id).join(', ')})` : ': it has none'}` });
    }
    const { runMcmc } = await import('./campaign-mcmc.js');
    return runMcmc({
      store: this.store,
      vary: this.#vary(),
      check: (params) => {
        const c = checkParams(this.#specs, params, 'params');
        return c.valid || this.config.markInvalid === true ? null : c.reason;
      },
      add: (runs) => {
        const prepared = this.#prepare(runs, 'runs');
        return this.store.transaction(() => this.store.add(prepared.map((r) => ({ ...r, sampler: rec.id }))).map((a) => a.id));
      },
      execute: () => this.execute(options),
      ...(options?.signal !== undefined ? { signal: options.signal } : {}),
    }, rec.id, rec.spec);
  }

  /**
   * The analysis of an MCMC sampler's chains (see McmcAnalysis): posterior mean, std and
   * quantiles per parameter, split-R-hat, bulk ESS, acceptance rates and the traces.
   * `samplerId` defaults to the last MCMC sampler added; burn-in defaults to half the steps.
   *
   * @throws InvalidArgumentError when there is no such MCMC sampler, before its first step,
   *   or for a burn-in that leaves no draw
   */
  mcmcAnalysis(samplerId?: number, options?: McmcAnalysisOptions): McmcAnalysis {
    const all = this.samplers().filter((x) => isMcmc(x.spec));
    const rec = samplerId === undefined ? all[all.length - 1] : all.find((x) => x.id === samplerId);
    if (!rec) throw new InvalidArgumentError({ field: 'samplerId', value: samplerId, expected: `the id of an MCMC sampler of this campaign${all.length > 0 ? ` (${all.map((x) => x.id).join(', ')})` : ': it has none'}` });
    return mcmcAnalysis(this.store.chainSteps(rec.id), rec.spec as never, this.#vary(), options);
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
    return recollate(this.#parts(), ids);
  }

  /**
   * A surrogate of the campaign's done runs: one model per QoI, made by the analysis that
   * `options.method` names or the sampler implies (a pce sampler: a PCE by projection or
   * regression; sc: the collocation interpolant as a PCE), over the uncertain parameters.
   * It predicts every QoI at new points, and gives densities, correlations and gradients;
   * `JSON.stringify(surrogate)` is the file `uqkit surrogate` writes and `loadSurrogate` reads.
   * Reads the store only (a campaign opened read-only will do).
   *
   * @throws InvalidArgumentError when the analysis makes no model (basic statistics, Sobol'
   *   indices, screening: the message names what would), no run is done, or as analyse()
   */
  surrogate(options?: SurrogateOptions): Surrogate {
    return campaignSurrogate(this, options);
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
    return resultColumns(rows, this.#specs);
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
    const text = resultsText(this.results(), format);
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

