// The in-process runners: a JavaScript function as the model, over a campaign store.
//
// runInProcess calls the function on the main thread. Runs are claimed in batches and their
// results committed one batch per transaction, so the store's commits (one sync each) do not
// limit short models; the claim of the next batch commits with the results of the last. For
// async models (a model that awaits a service, a file, a sub-process)
// `concurrency` keeps up to that many runs of a batch in flight at once; a synchronous model
// is called directly, without a promise per run (the 100,000-run benchmark depends on it).
//
// runInWorkers runs a module's model on a pool of worker threads, for CPU-bound models that
// would otherwise use one core. Each worker imports the module once and gets batches of runs
// (parameters in, outputs out, as structured clones); the main thread claims, renews leases
// and commits. A throwing model fails that run only. A worker that dies (process.exit in the
// model, an uncaught error, running out of memory) is replaced; the runs of the batch it held
// are not lost: each is retried alone on a fresh worker, so only a run that kills its worker
// by itself is marked failed (with the exit code or error), and the others complete. A model
// that never returns is not detected (there is no per-run timeout here; use runLocal for
// models that may hang).
import os from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import { integer, knownKeys, options as optionsOf } from '../core/validate.js';
import type { CampaignStore, ClaimedRun, RunParams, StatusCounts } from '../campaign/store.js';
import { thrownReason } from './failure-reason.js';
import { Progress, type ProgressCounts, type ProgressOptions } from './progress.js';

/** A model run in process: a run's parameters in, its outputs (any JSON value) out. */
export type ModelFn = (params: RunParams, run: ClaimedRun) => unknown;

/**
 * Options of {@link runInProcess}: batch size, concurrency of async models, leases, progress and cancellation.
 */
export interface InProcessOptions {
  /** Runs claimed and committed together. Default 1000. */
  readonly batch?: number;
  /**
   * Runs of a batch in flight at once, for async models (a model returning a promise). Default
   * 1: one run after the other. A synchronous model runs one at a time whatever this says.
   */
  readonly concurrency?: number;
  /** Lease per batch, ms. Default 60000. */
  readonly leaseMs?: number;
  /** Who claims. Default `${hostname}:${pid}:in-process`. */
  readonly owner?: string;
  /** Stops after the batch in flight (its results are committed; unclaimed runs stay queued). */
  readonly signal?: AbortSignal;
  /** Called after each batch is committed with the number of runs done by this call so far. */
  readonly onBatch?: (done: number) => void;
  /** Progress display (src/execution/progress.ts). Default false: none. */
  readonly progress?: ProgressOptions | false;
}

const IN_PROCESS_KEYS = ['batch', 'concurrency', 'leaseMs', 'owner', 'signal', 'onBatch', 'progress'];

function progressCounts(store: CampaignStore): ProgressCounts {
  const c = store.counts();
  return { pending: c.new + c.encoded, running: c.running, done: c.done, failed: c.failed + c.invalid };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Records a batch in one transaction: results done, failures failed, then `next` (the claim of
 * the next batch) — committed together. Outputs that cannot be stored (a bigint, a function)
 * fail their run only: the item the store names is moved to the failures and the batch retried.
 */
function commitBatch<T>(store: CampaignStore, owner: string, results: { id: number; result: unknown }[], failures: { id: number; reason: string }[], next: () => T): T {
  for (;;) {
    try {
      return store.transaction(() => {
        store.completeMany(owner, results);
        for (const f of failures) store.fail(f.id, owner, f.reason);
        return next();
      });
    } catch (e) {
      const at = e instanceof InvalidArgumentError ? /^items\[(\d+)\]\.result/.exec(e.field ?? '') : null;
      if (!at) throw e;
      const [bad] = results.splice(Number(at[1]), 1);
      // (named as the run's `outputs`, not by the item's place in the batch, which means nothing to the user)
      failures.push({ id: bad!.id, reason: `the model's outputs cannot be stored: outputs${(e as Error).message.startsWith(at[0]) ? (e as Error).message.slice(at[0].length) : `: ${(e as Error).message}`}` });
    }
  }
}

/**
 * Runs every queued run of `store` through `model`. A model that throws (or rejects) fails that
 * run with `the model threw: <message>` as the reason; the others go on. Returns the final
 * counts.
 *
 * @throws {@link InvalidArgumentError} (the promise rejects) when `model` is not a function or an
 *   option is out of range. A model that throws fails its run (recorded as `failed`), not the call.
 */
export async function runInProcess(store: CampaignStore, model: ModelFn, opts: InProcessOptions = {}): Promise<StatusCounts> {
  const o = optionsOf<InProcessOptions>('options', opts);
  knownKeys('options', o, IN_PROCESS_KEYS);
  if (typeof model !== 'function') throw new InvalidArgumentError({ field: 'model', value: model, expected: 'a function (params, run) => outputs' });
  const batch = integer('batch', o.batch ?? 1000, 1);
  const concurrency = integer('concurrency', o.concurrency ?? 1, 1);
  const owner = o.owner ?? `${os.hostname()}:${process.pid}:in-process`;
  const leaseMs = integer('leaseMs', o.leaseMs ?? 60_000, 1);
  const progress = o.progress === undefined || o.progress === false ? undefined : new Progress(progressCounts(store), { label: 'runs', ...o.progress });
  let done = 0;
  try {
    let runs = o.signal?.aborted ? [] : store.claim(owner, batch, leaseMs);
    while (runs.length > 0) {
      const results: { id: number; result: unknown }[] = [];
      const failures: { id: number; reason: string }[] = [];
      const fail = (run: ClaimedRun, e: unknown): void => {
        failures.push({ id: run.id, reason: `the model threw: ${thrownReason(e)}` });
      };
      // Up to `concurrency` pending promises; a synchronous result is taken at once.
      const pending = new Set<Promise<void>>();
      for (const run of runs) {
        let out: unknown;
        try {
          out = model(run.params, run);
        } catch (e) {
          fail(run, e);
          continue;
        }
        if (!isThenable(out)) {
          results.push({ id: run.id, result: out });
          continue;
        }
        const p: Promise<void> = Promise.resolve(out).then(
          (result) => void results.push({ id: run.id, result }),
          (e: unknown) => fail(run, e),
        ).finally(() => pending.delete(p));
        pending.add(p);
        if (pending.size >= concurrency) await Promise.race(pending);
      }
      await Promise.all(pending);
      // Results in id order, all in one transaction with the failures and the claim of the
      // next batch: one commit (one sync) per batch.
      results.sort((a, b) => a.id - b.id);
      runs = commitBatch(store, owner, results, failures, () => (o.signal?.aborted ? [] : store.claim(owner, batch, leaseMs)));
      done += results.length;
      progress?.ran(results.length + failures.length);
      o.onBatch?.(done);
      if (progress?.due()) progress.update(progressCounts(store));
    }
  } finally {
    store.release(owner);
  }
  progress?.finish(progressCounts(store));
  return store.counts();
}

/**
 * Options of {@link runInWorkers}: the model's module and export, the number of worker threads, and the options of {@link runInProcess}.
 */
export interface WorkerOptions {
  /** The model's module: a path (relative paths resolve against the current directory) or a file: URL. */
  readonly module: string;
  /** The export that is the model function. Default `'default'`. */
  readonly export?: string;
  /** Worker threads. Default: the number of CPUs. */
  readonly workers?: number;
  /**
   * Runs sent to a worker at once. Default: the queued runs shared evenly among the workers,
   * at most 50 (ceil(queued / workers), counted each time idle workers are given runs), so
   * that every worker gets runs however few there are, and the last runs are spread too.
   */
  readonly batch?: number;
  /** Lease per claim, ms, renewed every third of it while runs are in flight. Default 60000. */
  readonly leaseMs?: number;
  /** Who claims. Default `${hostname}:${pid}:workers`. */
  readonly owner?: string;
  /** Stops claiming; batches in flight finish and are committed. */
  readonly signal?: AbortSignal;
  /** Progress display. Default false: none. */
  readonly progress?: ProgressOptions | false;
}

/** The largest default batch of runInWorkers: enough to amortise a message per batch. */
const WORKER_BATCH_MAX = 50;

const WORKER_KEYS = ['module', 'export', 'workers', 'batch', 'leaseMs', 'owner', 'signal', 'progress'];

/** Messages of build/execution/model-worker.js. */
type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly message: string }
  | { readonly type: 'results'; readonly results: readonly ({ readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly message: string })[] };

interface Slot {
  worker: Worker;
  /** The module is imported: the worker can take runs. */
  ready: boolean;
  /** The runs it is working on (none: idle). */
  batch: ClaimedRun[] | undefined;
  /** Runs it is working on that already crashed a worker in a batch (retried alone). */
  isolated: boolean;
}

/** The module's URL for import(). */
export function moduleUrl(module: string, base = process.cwd()): string {
  if (typeof module !== 'string' || module === '') throw new InvalidArgumentError({ field: 'module', value: module, expected: 'the path or file: URL of a JavaScript module' });
  if (module.startsWith('file:')) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(base, module)).href;
}

/**
 * Runs every queued run of `store` through the model exported by `module`, on `workers`
 * worker threads (see the top of this file for what happens when a model throws or a worker
 * dies). Returns the final counts.
 *
 * @throws UqkitError when the module cannot be imported or its export is not a function
 *   (claimed runs are released first)
 */
export async function runInWorkers(store: CampaignStore, opts: WorkerOptions): Promise<StatusCounts> {
  const o = optionsOf<WorkerOptions>('options', opts);
  knownKeys('options', o, WORKER_KEYS);
  const url = moduleUrl(o.module as string);
  const exportName = o.export ?? 'default';
  if (typeof exportName !== 'string' || exportName === '') throw new InvalidArgumentError({ field: 'export', value: exportName, expected: 'the name of an export of the module' });
  const count = integer('workers', o.workers ?? os.availableParallelism(), 1, 1024);
  const fixedBatch = o.batch === undefined ? undefined : integer('batch', o.batch, 1);
  const leaseMs = integer('leaseMs', o.leaseMs ?? 60_000, 1);
  const owner = o.owner ?? `${os.hostname()}:${process.pid}:workers`;
  /** The size of the next claim: the queue shared among all workers (not all of it to the first one ready). */
  const nextBatch = (): number => {
    if (fixedBatch !== undefined) return fixedBatch;
    const c = store.counts();
    return Math.min(WORKER_BATCH_MAX, Math.max(1, Math.ceil((c.new + c.encoded) / count)));
  };
  const progress = o.progress === undefined || o.progress === false ? undefined : new Progress(progressCounts(store), { label: 'runs', ...o.progress });

  const slots: Slot[] = [];
  /** Runs of a batch whose worker died, each to be retried alone. */
  const suspects: ClaimedRun[] = [];
  let initError: string | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const inFlight = (): number[] => slots.flatMap((s) => (s.batch ?? []).map((r) => r.id));
  /** A store failure inside an event handler (a lost lease, a locked file): stops the pool, then thrown. */
  let fatal: unknown;
  const guarded = (fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      fatal ??= e;
    }
  };
  const renew = setInterval(() => {
    const ids = inFlight();
    // A renewal that fails (the file locked for longer than busyTimeoutMs) is retried at the next tick.
    if (ids.length) guarded(() => store.renew(owner, ids, leaseMs));
  }, Math.max(50, leaseMs / 3));
  renew.unref();

  const record = (results: Extract<FromWorker, { type: 'results' }>['results']): void => {
    const ok = results.filter((r) => r.ok).map((r) => ({ id: r.id, result: (r as { result: unknown }).result }));
    const failures = results.filter((r) => !r.ok).map((r) => ({ id: r.id, reason: `the model threw: ${(r as { message: string }).message}` }));
    commitBatch(store, owner, ok, failures, () => undefined);
    progress?.ran(results.length);
  };

  const start = (): Slot => {
    const worker = new Worker(new URL('./model-worker.js', import.meta.url), { workerData: { url, exportName }, execArgv: [] });
    const slot: Slot = { worker, ready: false, batch: undefined, isolated: false };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        slot.ready = true;
      } else if (m.type === 'init-failed') {
        initError ??= m.message;
      } else {
        guarded(() => record(m.results));
        slot.batch = undefined;
        slot.isolated = false;
        if (progress?.due()) progress.update(progressCounts(store));
      }
      signal();
    });
    let crash: string | undefined;
    worker.on('error', (e) => {
      crash = `the worker thread died: ${thrownReason(e)}`;
    });
    worker.on('exit', (code) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      const why = crash ?? `the worker thread exited with code ${code}`;
      // A worker that dies before it is ready cannot import the model (unless we stopped it).
      if (!slot.ready && !stopping && initError === undefined) initError = why;
      const held = slot.batch;
      slot.batch = undefined;
      // While stopping, runs still held are released below, not failed.
      if (held && held.length && !stopping) {
        if (slot.isolated || held.length === 1) {
          // Alone, it still killed its worker: that run is the culprit.
          for (const r of held) guarded(() => store.fail(r.id, owner, `${why} while running it`));
          progress?.ran(held.length);
        } else {
          suspects.push(...held);
        }
      }
      signal();
    });
    slots.push(slot);
    return slot;
  };

  const post = (slot: Slot, runs: ClaimedRun[], isolated: boolean): void => {
    slot.batch = runs;
    slot.isolated = isolated;
    slot.worker.postMessage({ type: 'run', runs: runs.map((r) => ({ id: r.id, hash: r.hash, params: r.params, attempts: r.attempts, leaseDeadline: r.leaseDeadline })) });
  };

  let drained = false;
  let stopping = false;
  let allReady = false;
  try {
    for (let i = 0; i < count; i++) start();
    for (;;) {
      if (initError !== undefined || fatal !== undefined) break;
      // Replace dead workers while there is work for them.
      while (slots.length < count && (suspects.length > 0 || !(drained || o.signal?.aborted))) start();
      // The first claim waits until every worker has imported the model, so that the queue is
      // shared among all of them rather than taken by the first one ready.
      if (!allReady) {
        if (slots.some((s) => !s.ready)) {
          await new Promise<void>((r) => (wake = r));
          continue;
        }
        allReady = true;
      }
      const idle = slots.filter((s) => s.ready && s.batch === undefined);
      // One share for every worker idle now (counted once: not a half of what the previous one left).
      let share: number | undefined;
      for (const slot of idle) {
        const suspect = suspects.shift();
        if (suspect) {
          post(slot, [suspect], true);
          continue;
        }
        if (drained || o.signal?.aborted) break;
        share ??= nextBatch();
        const runs = store.claim(owner, share, leaseMs);
        if (runs.length === 0) {
          drained = true;
          break;
        }
        post(slot, runs, false);
      }
      if (slots.every((s) => s.batch === undefined) && suspects.length === 0 && (drained || o.signal?.aborted)) break;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    clearInterval(renew);
    stopping = true;
    const exited = slots.map((s) => new Promise<void>((r) => s.worker.once('exit', () => r())));
    for (const s of [...slots]) void s.worker.terminate();
    await Promise.all(exited);
    store.release(owner);
  }
  if (fatal !== undefined) throw fatal;
  // (its first line: the error is printed as one line)
  if (initError !== undefined) throw new UqkitError(`${o.module}: cannot run the model: ${initError.split('\n')[0]}`, { field: 'module', value: o.module });
  progress?.finish(progressCounts(store));
  return store.counts();
}
