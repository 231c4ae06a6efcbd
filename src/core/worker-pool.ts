// Node: one pool of worker threads for every parallel kernel (least-squares products and
// triangular inverses, src/numerics/products.ts; bootstrap resamples, src/numerics/sensitivity.ts).
// Each worker instantiates the already compiled uqkit.wasm with its own memory (worker.ts).
// Inputs and results travel in SharedArrayBuffers; the caller blocks in Atomics.wait until the
// worker has written its status, so the numeric API stays synchronous. Workers start on first
// use and never keep the process alive.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { UqkitError } from './errors.js';

/** Longest wait for one job (jobs are cut to seconds of work; a worker that died cannot answer). */
const TIMEOUT_MS = 10 * 60 * 1000;

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
   * Posts `message` (with `kind` naming the handler in worker.ts) to worker `i`; `ctl` holds
   * the two control words (status, done) in its first 8 bytes. Returns a function that blocks
   * until the worker is done and throws if it failed.
   */
  start(i: number, kind: string, ctl: SharedArrayBuffer, message: object): () => void;
}

export function workerPool(module: WebAssembly.Module, workers: number): WorkerPool {
  const pool: Worker[] = [];
  const worker = (i: number): Worker => {
    while (pool.length <= i) {
      // No inherited Node options: the worker loads only uqkit's own modules.
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { module }, execArgv: [] });
      w.unref();
      pool.push(w);
    }
    return pool[i]!;
  };
  let jobs = 0;
  return {
    workers,
    get jobs() {
      return jobs;
    },
    start(i, kind, ctl, message) {
      jobs++;
      worker(i).postMessage({ ...message, kind, ctl });
      return () => {
        const c = new Int32Array(ctl, 0, 2);
        if (Atomics.wait(c, 1, 0, TIMEOUT_MS) === 'timed-out') throw new UqkitError(`uqkit: worker thread ${i} did not answer within ${TIMEOUT_MS / 60000} minutes (${kind})`);
        const status = Atomics.load(c, 0);
        if (status !== 0) throw new UqkitError(`uqkit: worker thread ${i} failed (${kind}, status ${status})`);
      };
    },
  };
}
