// eFAST, RBD-FAST and delta with their inputs shared out over worker threads
// (src/numerics/salib-parallel.ts, input-pool.ts): bit-identical to one thread for 2 and 3
// threads, with drawn and with given resample rows, with and without ties in the inputs.
import { describe, expect, it } from 'vitest';
import { deltaAnalyze, fastAnalyze, fastSample, latinSample, matrix, rbdFastAnalyze, type Matrix } from 'uqkit';
import { core } from '../build/core/wasm.js';
import { threadCount, workerPool } from '../build/core/worker-pool.js';
import { inputPool } from '../build/numerics/input-pool.js';
import { NUMERICS_JOBS } from '../build/numerics/pools.js';
import { setParallelInputs } from '../build/numerics/salib-parallel.js';

const A = [0, 1, 4.5, 9, 99, 99];
const gfun = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
  let p = 1;
  for (let j = 0; j < X.cols; j++) p *= (Math.abs(4 * X.data[i * X.cols + j]! - 2) + A[j]!) / (1 + A[j]!);
  return p;
});
const unit = Array.from({ length: 6 }, (): [number, number] => [0, 1]);

/** Each analysis on one thread, then with 1 and 2 workers: the same bits, and the workers used. */
function sameOnThreads(run: () => Record<string, unknown>): void {
  try {
    setParallelInputs(undefined);
    const one = run();
    for (const workers of [1, 2]) {
      const pool = inputPool(workerPool(core().module!, workers, [NUMERICS_JOBS]));
      setParallelInputs(pool);
      const r = run();
      expect(pool.jobs, `${workers} workers used`).toBe(workers);
      for (const key of ['S1', 'ST', 'S1_conf', 'ST_conf', 'delta', 'delta_conf']) {
        if (key in one) expect(r[key], `${key}, ${workers + 1} threads`).toEqual(one[key]);
      }
    }
  } finally {
    setParallelInputs(threadCount() > 1 ? inputPool(workerPool(core().module!, threadCount() - 1, [NUMERICS_JOBS])) : undefined);
  }
}

describe('SALib analyzers on worker threads', () => {
  it('eFAST: drawn and given resamples', () => {
    // large enough to be shared out (src/numerics/salib-parallel.ts: about 10 ms of work)
    const Y = gfun(fastSample(unit, 4096, { seed: 3 }).X);
    sameOnThreads(() => ({ ...fastAnalyze(Y, 6, { resamples: 150, seed: 9 }) }));
    const given = Array.from({ length: 6 }, (_, i) => Int32Array.from({ length: 150 * 2048 }, (_, k) => (k * 7919 + i * 31) % 4096));
    sameOnThreads(() => ({ ...fastAnalyze(Y, 6, { resampleIndices: given }) }));
  });

  it('RBD-FAST: drawn resamples, with and without ties in the inputs', () => {
    const X = latinSample(unit, 3000, { seed: 4 }).X;
    sameOnThreads(() => ({ ...rbdFastAnalyze(X, gfun(X), { resamples: 120, seed: 2 }) }));
    const Xt = matrix(X.data.map((v) => Math.round(v * 50) / 50), X.rows, X.cols);
    sameOnThreads(() => ({ ...rbdFastAnalyze(Xt, gfun(Xt), { resamples: 120, seed: 2 }) }));
  });

  it('delta: the density of all outputs as the first input orders them, on every thread; given rows', () => {
    const X = latinSample(unit, 1500, { seed: 5 }).X;
    const Y = gfun(X);
    sameOnThreads(() => ({ ...deltaAnalyze(X, Y, { resamples: 20, seed: 6 }) }));
    const rows = (i: number, s: number) => Int32Array.from({ length: 21 * 1500 }, (_, k) => (k * 104729 + i * 13 + s) % 1500);
    const draws = Array.from({ length: 6 }, (_, i) => ({ delta: rows(i, 0), S1: rows(i, 1) }));
    sameOnThreads(() => ({ ...deltaAnalyze(X, Y, { resamples: 20, draws }) }));
  });
});
