// The numerics' jobs for the worker pool of src/core/worker-pool.ts (Node): blocks of A^T B and
// columns of triangular inverses for least squares (./products.ts, posted by
// ./product-pool.ts), ranges of bootstrap resamples for sobolIndices (./sensitivity.ts,
// posted by ./bootstrap-pool.ts) and ranges of inputs of eFAST, RBD-FAST and delta
// (./salib-parallel.ts, posted by ./input-pool.ts). Each worker thread imports this module and calls workerJobs
// with its own core (its own instance of uqkit.wasm); the URL the pool is made with is
// NUMERICS_JOBS (./pools.ts).
import type { Core } from '../core/wasm.js';
import type { JobHandlers } from '../core/worker-pool.js';
import type { Block } from './products.js';
import { bootstrapEstimates, type BootstrapJob } from './sensitivity.js';
import type { InputsJob, InputsMethod } from './salib-parallel.js';
import { fastInputs, rbdInputs, type FastPayload, type RbdPayload } from './fast.js';
import { deltaInputs, type DeltaPayload } from './delta.js';

interface Control {
  /** Control words (status, done), then for some jobs the results. */
  readonly ctl: SharedArrayBuffer;
}

/** Blocks of A^T B: A (and B unless bLen is 0) at f64 offsets of sab; results from outOff. */
export interface ProductMessage {
  readonly sab: SharedArrayBuffer;
  readonly n: number;
  readonly lda: number;
  readonly ldb: number;
  readonly aOff: number;
  readonly aLen: number;
  readonly bOff: number;
  readonly bLen: number;
  readonly outOff: number;
  readonly blocks: readonly Block[];
}

/** Columns first..end-1 of U^{-T} for U (p x p) at f64 offset uOff of sab; results from outOff. */
export interface InverseMessage {
  readonly sab: SharedArrayBuffer;
  readonly p: number;
  readonly uOff: number;
  readonly first: number;
  readonly end: number;
  readonly outOff: number;
}

/** Bootstrap estimates of a range of resamples, written into ctl from f64 offset outOff. */
export interface BootstrapMessage extends BootstrapJob {
  readonly zOff: number;
  readonly outOff: number;
}

/** A range of inputs of an analyzer, written into ctl from f64 offset outOff. */
export interface InputsMessage extends InputsJob {
  readonly outOff: number;
}

/** The analyzers' functions over a range of inputs, by method. */
const INPUT_METHODS: Record<InputsMethod, (c: Core, payload: never, first: number, end: number) => Float64Array> = {
  fast: (c, p: FastPayload, first, end) => fastInputs(c, p, first, end),
  rbd: (c, p: RbdPayload, first, end) => rbdInputs(c, p, first, end),
  delta: (c, p: DeltaPayload, first, end) => deltaInputs(c, p, first, end),
};

/** The handlers of a worker thread whose core is `core`. */
export function workerJobs(core: Core): JobHandlers {
  const w = core.exports, a = core.arena;

  // One small call of each dense kernel first, so that V8 has optimised them before the first
  // real (long) call; see warmUp in ./lsq.ts.
  a.scope(() => {
    const m = 48;
    const pa = a.alloc(8 * m * m), pc = a.alloc(8 * m * m);
    const v = a.f64(pa, m * m).fill(0.5);
    for (let i = 0; i < m; i++) v[i * m + i] = 2;
    w.gemmTN(m, m, pa, m, m, pa, m, pc, m, 0);
    w.triangularInverse(m, pa, m, pc, 0, m);
  });

  function product(m: ProductMessage): number {
    const outLen = m.blocks.reduce((s, blk) => s + blk.p * blk.k, 0);
    return a.scope(() => {
      const pa = a.alloc(8 * m.aLen), pb = m.bLen > 0 ? a.alloc(8 * m.bLen) : pa, pc = a.alloc(8 * outLen);
      a.f64(pa, m.aLen).set(new Float64Array(m.sab, 8 * m.aOff, m.aLen));
      if (m.bLen > 0) a.f64(pb, m.bLen).set(new Float64Array(m.sab, 8 * m.bOff, m.bLen));
      const ldb = m.bLen > 0 ? m.ldb : m.lda;
      let off = 0;
      for (const blk of m.blocks) {
        const status = w.gemmTN(m.n, blk.p, pa + 8 * blk.aCol * m.lda, m.lda, blk.k, pb + 8 * blk.bCol * ldb, ldb, pc + 8 * off, blk.p, blk.mode);
        if (status !== 0) return status;
        off += blk.p * blk.k;
      }
      new Float64Array(m.sab, 8 * m.outOff, outLen).set(a.f64(pc, outLen));
      return 0;
    });
  }

  function inverse(m: InverseMessage): number {
    const pp = m.p * m.p, cols = m.p * (m.end - m.first);
    return a.scope(() => {
      const pu = a.alloc(8 * pp), px = a.alloc(8 * cols);
      a.f64(pu, pp).set(new Float64Array(m.sab, 8 * m.uOff, pp));
      const status = w.triangularInverse(m.p, pu, m.p, px, m.first, m.end);
      if (status === 0) new Float64Array(m.sab, 8 * m.outOff, cols).set(a.f64(px, cols));
      return status;
    });
  }

  function bootstrap(m: BootstrapMessage & Control): number {
    const z = new Float64Array(m.z, 8 * m.zOff, m.zLength);
    const est = bootstrapEstimates(core, z, m.n, m.d, m.flags, m.seed, m.first, m.count);
    new Float64Array(m.ctl, 8 * m.outOff, est.length).set(est);
    return 0;
  }

  function salibInputs(m: InputsMessage & Control): number {
    const out = INPUT_METHODS[m.method](core, m.payload as never, m.first, m.end);
    new Float64Array(m.ctl, 8 * m.outOff, out.length).set(out);
    return 0;
  }

  return { product, inverse, bootstrap, 'salib-inputs': salibInputs };
}
