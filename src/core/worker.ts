// A thread of the worker pool (worker-pool.ts): its own instance of uqkit.wasm and its own
// memory. Each message names a handler; the handler reads its inputs from SharedArrayBuffers,
// computes, writes its results back, and the status goes into the message's control words,
// which wakes the caller.
import { parentPort, workerData } from 'node:worker_threads';
import { Arena } from './arena.js';
import type { Core, UqkitExports } from './wasm.js';
import type { Block } from '../numerics/products.js';
import { bootstrapEstimates, type BootstrapJob } from '../numerics/sensitivity.js';

interface Control {
  /** Control words (status, done), then for some handlers the results. */
  readonly ctl: SharedArrayBuffer;
}

/** Blocks of A^T B: A (and B unless bLen is 0) at f64 offsets of sab; results from outOff. */
interface ProductMessage extends Control {
  readonly kind: 'product';
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
interface InverseMessage extends Control {
  readonly kind: 'inverse';
  readonly sab: SharedArrayBuffer;
  readonly p: number;
  readonly uOff: number;
  readonly first: number;
  readonly end: number;
  readonly outOff: number;
}

/** Bootstrap estimates of a range of resamples, written into ctl from f64 offset outOff. */
interface BootstrapMessage extends Control, BootstrapJob {
  readonly kind: 'bootstrap';
  readonly zOff: number;
  readonly outOff: number;
}

const instance = new WebAssembly.Instance((workerData as { module: WebAssembly.Module }).module, {});
const w = instance.exports as unknown as UqkitExports;
const core: Core = { exports: w, arena: new Arena(w) };
const a = core.arena;

// One small call of each dense kernel first, so that V8 has optimised them before the first
// real (long) call; see warmUp in src/numerics/lsq.ts.
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

function bootstrap(m: BootstrapMessage): number {
  const z = new Float64Array(m.z, 8 * m.zOff, m.zLength);
  const est = bootstrapEstimates(core, z, m.n, m.d, m.flags, m.seed, m.first, m.count);
  new Float64Array(m.ctl, 8 * m.outOff, est.length).set(est);
  return 0;
}

parentPort!.on('message', (m: ProductMessage | InverseMessage | BootstrapMessage) => {
  const c = new Int32Array(m.ctl, 0, 2);
  let status: number;
  try {
    status = m.kind === 'product' ? product(m) : m.kind === 'inverse' ? inverse(m) : bootstrap(m);
  } catch {
    status = -1;
  }
  Atomics.store(c, 0, status);
  Atomics.store(c, 1, 1);
  Atomics.notify(c, 1);
});
