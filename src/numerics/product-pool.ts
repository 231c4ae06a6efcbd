// Node: the products and triangular inverses of least squares (./products.ts) on the
// worker pool (src/core/worker-pool.ts, handlers in ./worker-jobs.ts). Each job's inputs are copied into a
// SharedArrayBuffer that also carries the control words and receives the results.
import type { WorkerPool } from '../core/worker-pool.js';
import type { ParallelJob, ParallelProducts } from './products.js';

/** f64 offset of the data in a job's buffer: 16 bytes of control words first. */
const DATA = 2;

export function productPool(pool: WorkerPool): ParallelProducts {
  return {
    workers: pool.workers,
    get jobs() {
      return pool.jobs;
    },
    start(i: number, job: ParallelJob): () => Float64Array[] {
      if (job.kind === 'inverse') {
        const pp = job.p * job.p, cols = job.p * (job.end - job.first);
        const sab = new SharedArrayBuffer(8 * (DATA + pp + cols));
        new Float64Array(sab, 8 * DATA, pp).set(job.U);
        const wait = pool.start(i, 'inverse', sab, { sab, p: job.p, uOff: DATA, first: job.first, end: job.end, outOff: DATA + pp });
        return () => {
          wait();
          return [new Float64Array(sab, 8 * (DATA + pp), cols)];
        };
      }
      const outLen = job.blocks.reduce((s, blk) => s + blk.p * blk.k, 0);
      const bLen = job.B?.length ?? 0;
      const aOff = DATA, bOff = aOff + job.A.length, outOff = bOff + bLen;
      const sab = new SharedArrayBuffer(8 * (outOff + outLen));
      new Float64Array(sab, 8 * aOff, job.A.length).set(job.A);
      if (job.B) new Float64Array(sab, 8 * bOff, bLen).set(job.B);
      const wait = pool.start(i, 'product', sab, { sab, n: job.n, lda: job.lda, ldb: job.ldb, aOff, aLen: job.A.length, bOff, bLen, outOff, blocks: job.blocks });
      return () => {
        wait();
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
