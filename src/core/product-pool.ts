// Node: worker threads for the matrix products of least squares (src/numerics/products.ts).
// Each worker instantiates the already compiled uqkit.wasm with its own memory. Inputs travel
// in a SharedArrayBuffer; the caller blocks in Atomics.wait until the worker is done, so the
// numeric API stays synchronous. Workers start on first use and never keep the process alive.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { UqkitError } from './errors.js';
import type { ParallelJob, ParallelProducts } from '../numerics/products.js';

/** Longest wait for a worker before giving up (a worker that died cannot answer). */
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

/** Blocks until the worker has answered through `sab`'s control words; throws if it failed. */
function await_(sab: SharedArrayBuffer, i: number): SharedArrayBuffer {
  const ctl = new Int32Array(sab, 0, 2);
  if (Atomics.wait(ctl, 1, 0, TIMEOUT_MS) === 'timed-out') throw new UqkitError(`uqkit: worker thread ${i} did not answer within ${TIMEOUT_MS / 60000} minutes`);
  const status = Atomics.load(ctl, 0);
  if (status !== 0) throw new UqkitError(`uqkit: worker thread ${i} failed (status ${status})`);
  return sab;
}

export function productPool(module: WebAssembly.Module, workers: number): ParallelProducts {
  const pool: Worker[] = [];
  const worker = (i: number): Worker => {
    while (pool.length <= i) {
      const w = new Worker(new URL('./product-worker.js', import.meta.url), { workerData: { module } });
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
    start(i: number, job: ParallelJob): () => Float64Array[] {
      jobs++;
      if (job.kind === 'inverse') {
        const pp = job.p * job.p, cols = job.p * (job.end - job.first);
        const sab = new SharedArrayBuffer(8 * (2 + pp + cols));
        new Float64Array(sab, 16, pp).set(job.U);
        worker(i).postMessage({ kind: 'inverse', sab, p: job.p, uOff: 2, first: job.first, end: job.end, outOff: 2 + pp });
        return () => [new Float64Array(await_(sab, i), 8 * (2 + pp), cols)];
      }
      const outLen = job.blocks.reduce((s, blk) => s + blk.p * blk.k, 0);
      const bLen = job.B?.length ?? 0;
      const aOff = 2, bOff = aOff + job.A.length, outOff = bOff + bLen; // f64 offsets; 16 bytes of control first
      const sab = new SharedArrayBuffer(8 * (outOff + outLen));
      new Float64Array(sab, 8 * aOff, job.A.length).set(job.A);
      if (job.B) new Float64Array(sab, 8 * bOff, bLen).set(job.B);
      worker(i).postMessage({ kind: 'product', sab, n: job.n, lda: job.lda, ldb: job.ldb, aOff, aLen: job.A.length, bOff, bLen, outOff, blocks: job.blocks });
      return () => {
        await_(sab, i);
        let off = outOff;
        return job.blocks.map((blk) => {
          const r = new Float64Array(sab, 8 * off, blk.p * blk.k);
          off += blk.p * blk.k;
          return r;
        });
      };
    },
  };
}
