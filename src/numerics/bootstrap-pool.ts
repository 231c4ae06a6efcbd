// Node: the bootstrap of sobolIndices (./sensitivity.ts) on the worker pool
// (src/core/worker-pool.ts, handler in ./worker-jobs.ts): the standardised outputs are shared once per call,
// and each job's estimates come back after its control words.
import type { WorkerPool } from '../core/worker-pool.js';
import type { BootstrapJob, ParallelBootstrap } from './sensitivity.js';

/** f64 offset of z in the shared outputs, and of the estimates after a job's control words. */
const Z_OFF = 2;
const OUT_OFF = 2;

export function bootstrapPool(pool: WorkerPool): ParallelBootstrap {
  return {
    workers: pool.workers,
    get jobs() {
      return pool.jobs;
    },
    share(z: Float64Array): SharedArrayBuffer {
      const sab = new SharedArrayBuffer(8 * (Z_OFF + z.length));
      new Float64Array(sab, 8 * Z_OFF, z.length).set(z);
      return sab;
    },
    start(i: number, job: BootstrapJob): () => Float64Array {
      const outLen = job.count * job.nIdx;
      const ctl = new SharedArrayBuffer(8 * (OUT_OFF + outLen));
      const wait = pool.start(i, 'bootstrap', ctl, { ...job, zOff: Z_OFF, outOff: OUT_OFF });
      return () => {
        wait();
        return new Float64Array(ctl, 8 * OUT_OFF, outLen);
      };
    },
  };
}
