// Node: worker threads for the bootstrap of sobolIndices (src/numerics/sensitivity.ts), in the
// manner of the product pool (product-pool.ts): each worker instantiates the already compiled
// uqkit.wasm with its own memory; the outputs and the estimates travel in a SharedArrayBuffer;
// the caller blocks in Atomics.wait until the worker is done, so sobolIndices stays
// synchronous. Workers start on first use and never keep the process alive.
import { Worker } from 'node:worker_threads';
import { UqkitError } from './errors.js';
import type { BootstrapJob, ParallelBootstrap } from '../numerics/sensitivity.js';

/** Longest wait for one job (jobs are cut to seconds of work; a worker that died cannot answer). */
const TIMEOUT_MS = 10 * 60 * 1000;

/** f64 offsets in the shared buffer: 16 bytes of control words, then z, then the estimates. */
const Z_OFF = 2;

export function bootstrapPool(module: WebAssembly.Module, workers: number): ParallelBootstrap {
  const pool: Worker[] = [];
  const worker = (i: number): Worker => {
    while (pool.length <= i) {
      // No inherited Node options: the worker loads only uqkit's own modules.
      const w = new Worker(new URL('./bootstrap-worker.js', import.meta.url), { workerData: { module }, execArgv: [] });
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
    share(z: Float64Array): SharedArrayBuffer {
      const sab = new SharedArrayBuffer(8 * (Z_OFF + z.length));
      new Float64Array(sab, 8 * Z_OFF, z.length).set(z);
      return sab;
    },
    start(i: number, job: BootstrapJob): () => Float64Array {
      jobs++;
      const outLen = job.count * job.nIdx;
      const ctl = new SharedArrayBuffer(8 * (2 + outLen));
      worker(i).postMessage({ ...job, ctl, zOff: Z_OFF, outOff: 2 });
      return () => {
        const c = new Int32Array(ctl, 0, 2);
        if (Atomics.wait(c, 1, 0, TIMEOUT_MS) === 'timed-out') throw new UqkitError(`uqkit: bootstrap worker thread ${i} did not answer within ${TIMEOUT_MS / 60000} minutes`);
        const status = Atomics.load(c, 0);
        if (status !== 0) throw new UqkitError(`uqkit: bootstrap worker thread ${i} failed (status ${status})`);
        return new Float64Array(ctl, 16, outLen);
      };
    },
  };
}
