// Node: ranges of inputs of SALib's eFAST, RBD-FAST and delta analyzers (./salib-parallel.ts) on
// the worker pool (src/core/worker-pool.ts, handler in ./worker-jobs.ts). The job's data travels
// in the message; its results come back after the control words of its buffer.
import type { WorkerPool } from '../core/worker-pool.js';
import type { InputsJob, ParallelInputs } from './salib-parallel.js';

/** f64 offset of the results after a job's control words. */
const OUT_OFF = 2;

export function inputPool(pool: WorkerPool): ParallelInputs {
  return {
    workers: pool.workers,
    get jobs() {
      return pool.jobs;
    },
    start(i: number, job: InputsJob): () => Float64Array {
      const outLen = (job.end - job.first) * job.perInput;
      const ctl = new SharedArrayBuffer(8 * (OUT_OFF + outLen));
      const wait = pool.start(i, 'salib-inputs', ctl, { ...job, outOff: OUT_OFF });
      return () => {
        wait();
        return new Float64Array(ctl, 8 * OUT_OFF, outLen);
      };
    },
  };
}
