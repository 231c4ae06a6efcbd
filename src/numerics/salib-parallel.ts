// The per-input work of SALib's eFAST, RBD-FAST and delta analyzers shared out over worker
// threads: the inputs are cut into contiguous ranges, the calling thread takes the first and
// the pool's workers the others (Node: ./input-pool.ts, handler in ./worker-jobs.ts). Each
// input's numbers depend only on the call's data and the input's index (its own random stream
// or rows), so the results are the same bit for bit however the inputs are shared out.
import { core, type Core } from '../core/wasm.js';

/** The analyzers whose inputs can be shared out (their functions are listed in ./worker-jobs.ts). */
export type InputsMethod = 'fast' | 'rbd' | 'delta';

/** A range of inputs for a worker thread: the method, its data (structured-clonable) and `perInput` results per input. */
export interface InputsJob {
  readonly method: InputsMethod;
  readonly payload: object;
  readonly first: number;
  readonly end: number;
  readonly perInput: number;
}

/** Runs ranges of inputs on worker threads (Node: ./input-pool.ts, registered by the entry point). */
export interface ParallelInputs {
  /** Worker threads available (besides the calling thread). */
  readonly workers: number;
  /** Jobs started so far. */
  readonly jobs: number;
  /** Starts `job` on worker `w`; returns a function that waits for its results ((end - first) x perInput). */
  start(w: number, job: InputsJob): () => Float64Array;
}

let parallel: ParallelInputs | undefined;

/** Registers the worker-thread runner of the analyzers' inputs (done by the Node entry point). */
export function setParallelInputs(p: ParallelInputs | undefined): void {
  parallel = p;
}

/**
 * Below this much work (estimated nanoseconds on one thread) an analysis stays on the calling
 * thread: about 10 ms, several times a job's cost of posting its data and waking a worker.
 */
const PARALLEL_MIN = 1e7;

/**
 * The results of inputs 0..d-1 (`perInput` values each, input by input): `run(core, first, end)`
 * on the calling thread, or ranges of inputs on the worker threads too when `work` is large
 * enough. A range whose worker fails is run again on the calling thread (so that a user's
 * mistake found there throws its own error).
 */
export function forInputs(d: number, perInput: number, work: number, method: InputsMethod, payload: object, run: (c: Core, first: number, end: number) => Float64Array): Float64Array {
  const pool = parallel;
  const threads = !pool || pool.workers === 0 || work < PARALLEL_MIN ? 1 : Math.min(d, pool.workers + 1);
  if (threads <= 1) return run(core(), 0, d);
  const cut = (t: number): number => Math.round((t * d) / threads);
  const out = new Float64Array(d * perInput);
  const pending: { first: number; end: number; wait: () => Float64Array }[] = [];
  for (let t = 1; t < threads; t++) {
    const first = cut(t), end = cut(t + 1);
    pending.push({ first, end, wait: pool!.start(t - 1, { method, payload, first, end, perInput }) });
  }
  out.set(run(core(), 0, cut(1)), 0);
  for (const job of pending) {
    let part: Float64Array;
    try {
      part = job.wait();
    } catch {
      part = run(core(), job.first, job.end);
    }
    out.set(part, job.first * perInput);
  }
  return out;
}
