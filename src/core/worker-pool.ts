// Node: one pool of worker threads for every parallel kernel. The pool knows no kernels: it is
// made with the URLs of job modules (e.g. src/numerics/worker-jobs.ts), which each worker
// imports and asks for its handlers by kind (worker.ts). Each worker instantiates the already
// compiled uqkit.wasm with its own memory. Inputs and results travel in SharedArrayBuffers; the
// caller blocks in Atomics.wait until the worker has written its status, so the numeric API
// stays synchronous. Workers start on first use and never keep the process alive.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { UqkitError } from './errors.js';
import type { Core } from './wasm.js';

/** Longest wait for one job (jobs are cut to seconds of work; a worker that died cannot answer). */
const TIMEOUT_MS = 10 * 60 * 1000;

/** What a worker receives: the handler's kind, the control words (status, done) in ctl's first 8 bytes, and the job's own fields. */
export interface JobMessage {
  readonly kind: string;
  readonly ctl: SharedArrayBuffer;
  readonly [field: string]: unknown;
}

/** A worker's handlers by kind: each runs one job and returns its status (0: done). */
export type JobHandlers = Readonly<Record<string, (message: never) => number>>;

/** A job module: called once per worker thread with that thread's core. */
export interface JobModule {
  workerJobs(core: Core): JobHandlers;
}

/**
 * Threads to use, the calling one included: UQKIT_THREADS if set (1 turns workers off),
 * else the machine's available parallelism, at most 8.
 */
export function threadCount(): number {
  const env = process.env.UQKIT_THREADS;
  if (env !== undefined && env !== '') {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) throw new UqkitError(`UQKIT_THREADS: expected an integer >= 1, got ${JSON.stringify(env)}`);
    return t;
  }
  return Math.min(8, os.availableParallelism());
}

export interface WorkerPool {
  /** Worker threads (besides the calling thread). */
  readonly workers: number;
  /** Jobs started so far. */
  readonly jobs: number;
  /**
   * Posts `message` (with `kind` naming a handler of the pool's job modules) to worker `i`;
   * `ctl` holds the two control words (status, done) in its first 8 bytes. Returns a function
   * that blocks until the worker is done and throws if it failed.
   */
  start(i: number, kind: string, ctl: SharedArrayBuffer, message: object): () => void;
}

/** What a worker's status means when it is not 0 (negative: set by worker.ts). */
function failure(status: number): string {
  if (status === -2) return 'no handler of that kind in the job modules';
  if (status === -3) return 'a job module failed to load';
  return `status ${status}`;
}

/** A pool of `workers` threads running `module`, with the handlers of the job modules at the URLs `jobs`. */
export function workerPool(module: WebAssembly.Module, workers: number, jobs: readonly (string | URL)[]): WorkerPool {
  const jobUrls = jobs.map((u) => String(u));
  const pool: Worker[] = [];
  const worker = (i: number): Worker => {
    while (pool.length <= i) {
      // No inherited Node options: the worker loads only uqkit's own modules.
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { module, jobs: jobUrls }, execArgv: [] });
      w.unref();
      pool.push(w);
    }
    return pool[i]!;
  };
  let started = 0;
  return {
    workers,
    get jobs() {
      return started;
    },
    start(i, kind, ctl, message) {
      started++;
      worker(i).postMessage({ ...message, kind, ctl });
      return () => {
        const c = new Int32Array(ctl, 0, 2);
        if (Atomics.wait(c, 1, 0, TIMEOUT_MS) === 'timed-out') throw new UqkitError(`uqkit: worker thread ${i} did not answer within ${TIMEOUT_MS / 60000} minutes (${kind})`);
        const status = Atomics.load(c, 0);
        if (status !== 0) throw new UqkitError(`uqkit: worker thread ${i} failed (${kind}, ${failure(status)})`);
      };
    },
  };
}
