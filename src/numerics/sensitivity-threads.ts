// sobolIndicesAsync: sobolIndices with the bootstrap split over worker threads, each with its
// own instance of uqkit.wasm (./sensitivity-worker.ts). Node only: exported from 'uqkit', not
// from 'uqkit/browser'.
//
// Resample r draws from its own random stream (assembly/sensitivity.ts), so splitting the
// resamples into ranges gives bit-identical estimates for any number of threads. The calling
// thread computes the first range itself while the workers compute the others.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KernelError } from '../core/errors.js';
import { integer, knownKeys, options } from '../core/validate.js';
import { core } from '../core/wasm.js';
import type { Matrix } from './matrix.js';
import {
  assemble, bootstrapEstimates, indexCount, outputs, prepare, resolveSobolOptions,
  type SobolIndicesOptions, type SobolIndicesResult,
} from './sensitivity.js';
import type { BootstrapJob, BootstrapReply } from './sensitivity-worker.js';

export interface SobolIndicesAsyncOptions extends SobolIndicesOptions {
  /**
   * Threads for the bootstrap, counting the calling one: an integer >= 1, or `'auto'`
   * (default): all of os.availableParallelism() when the bootstrap is large (about
   * n x resamples x statistics >= 2^26), else 1. Results do not depend on it.
   */
  readonly threads?: number | 'auto';
}

/** Work (rows x resamples x statistics per row) below which 'auto' stays on one thread. */
const AUTO_MIN_WORK = 2 ** 26;

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (est: Float64Array) => void; reject: (e: Error) => void }>;
}

const pool: PoolWorker[] = [];
let nextId = 1;

function spawn(): PoolWorker {
  // No inherited Node options: the worker loads only uqkit's own modules, and options such as
  // --input-type or an --eval script would break its start.
  const worker = new Worker(new URL('./sensitivity-worker.js', import.meta.url), { execArgv: [] });
  const pw: PoolWorker = { worker, pending: new Map() };
  worker.unref(); // an idle pool never keeps the process alive
  worker.on('message', (m: BootstrapReply) => {
    const p = pw.pending.get(m.id);
    if (!p) return;
    pw.pending.delete(m.id);
    if (pw.pending.size === 0) worker.unref();
    if ('error' in m) p.reject(new KernelError('sensitivityBootstrap (worker thread)', m.error));
    else p.resolve(m.est);
  });
  const fail = (e: Error) => {
    const i = pool.indexOf(pw);
    if (i >= 0) pool.splice(i, 1);
    for (const p of pw.pending.values()) p.reject(new KernelError('sensitivityBootstrap (worker thread)', `the worker thread failed: ${e.message}`, undefined, e));
    pw.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
  return pw;
}

function run(pw: PoolWorker, job: Omit<BootstrapJob, 'id'>): Promise<Float64Array> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pw.pending.set(id, { resolve, reject });
    pw.worker.ref();
    pw.worker.postMessage({ ...job, id } satisfies BootstrapJob);
  });
}

/**
 * sobolIndices with the bootstrap resamples split over worker threads (Node). The same
 * results as sobolIndices, bit for bit, for any number of threads.
 *
 * ```ts
 * const r = await sobolIndicesAsync(Y, { design, bootstrap: { resamples: 1000, seed: 1 }, threads: 2 });
 * ```
 */
export async function sobolIndicesAsync(Y: Float64Array, opts: SobolIndicesAsyncOptions): Promise<SobolIndicesResult>;
export async function sobolIndicesAsync(Y: Matrix, opts: SobolIndicesAsyncOptions): Promise<SobolIndicesResult[]>;
export async function sobolIndicesAsync(Y: Float64Array | Matrix, opts: SobolIndicesAsyncOptions): Promise<SobolIndicesResult | SobolIndicesResult[]> {
  const all = options<SobolIndicesAsyncOptions>('options', opts);
  const { threads: t, ...rest } = all;
  knownKeys('options', all, ['design', 'n', 'dim', 'secondOrder', 'layout', 'estimator', 'bootstrap', 'nonFinite', 'threads']);
  const threadsOpt = t === undefined || t === 'auto' ? 'auto' : integer('options.threads', t, 1, 1024);
  const { data, rows, cols, single } = outputs(Y);
  const o = resolveSobolOptions(rest, rows);
  const results: SobolIndicesResult[] = [];
  for (let c = 0; c < cols; c++) {
    const p = prepare(data, cols, c, o, single);
    let est: Float64Array | undefined;
    if (o.bootstrap && !p.constant) {
      const R = o.bootstrap.resamples;
      const nIdx = indexCount(o.dim, o.flags);
      const work = p.n * R * (nIdx + 4);
      const threads = Math.min(R, threadsOpt === 'auto' ? (work >= AUTO_MIN_WORK ? availableParallelism() : 1) : threadsOpt);
      if (threads <= 1) {
        est = bootstrapEstimates(core(), p.z, p.n, o.dim, o.flags, o.bootstrap.seed, 0, R);
      } else {
        // z on shared memory: every worker reads the same copy.
        const shared = new Float64Array(new SharedArrayBuffer(p.z.byteLength));
        shared.set(p.z);
        while (pool.length < threads - 1) pool.push(spawn());
        const per = Math.ceil(R / threads);
        const jobs: Promise<Float64Array>[] = [];
        for (let w = 1; w < threads; w++) {
          const first = w * per, count = Math.max(0, Math.min(per, R - first));
          jobs.push(count === 0 ? Promise.resolve(new Float64Array(0)) : run(pool[w - 1]!, { z: shared, n: p.n, d: o.dim, flags: o.flags, seed: o.bootstrap.seed, first, count }));
        }
        est = new Float64Array(R * nIdx);
        est.set(bootstrapEstimates(core(), p.z, p.n, o.dim, o.flags, o.bootstrap.seed, 0, Math.min(per, R)), 0);
        const parts = await Promise.all(jobs);
        parts.forEach((part, i) => est!.set(part, (i + 1) * per * nIdx));
      }
    }
    results.push(assemble(o, p, est, single ? undefined : c));
  }
  return single ? results[0]! : results;
}
