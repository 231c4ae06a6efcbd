// A worker thread of the product pool (product-pool.ts): its own instance of uqkit.wasm and
// its own memory; computes blocks of A^T B on copies of the inputs taken from a
// SharedArrayBuffer and writes the results back into it, then wakes the caller.
import { parentPort, workerData } from 'node:worker_threads';
import type { Block } from '../numerics/products.js';
import type { UqkitExports } from './wasm.js';

interface InverseMessage {
  readonly kind: 'inverse';
  readonly sab: SharedArrayBuffer;
  readonly p: number;
  readonly uOff: number;
  readonly first: number;
  readonly end: number;
  readonly outOff: number;
}

interface ProductMessage {
  readonly kind: 'product';
  readonly sab: SharedArrayBuffer;
  readonly n: number;
  readonly lda: number;
  readonly ldb: number;
  /** Offsets and lengths in f64 values within sab. */
  readonly aOff: number;
  readonly aLen: number;
  readonly bOff: number;
  readonly bLen: number;
  readonly outOff: number;
  readonly blocks: readonly Block[];
}

const instance = new WebAssembly.Instance((workerData as { module: WebAssembly.Module }).module, {});
const w = instance.exports as unknown as UqkitExports;
const base = Math.ceil(w.heapBase() / 16) * 16;

// One small call of each kernel first, so that V8 has optimised them before the first real
// (long) call; see warmUp in src/numerics/lsq.ts.
{
  const m = 48;
  if (w.memory.buffer.byteLength < base + 2 * 8 * m * m) w.memory.grow(1);
  const a = new Float64Array(w.memory.buffer, base, m * m).fill(0.5);
  for (let i = 0; i < m; i++) a[i * m + i] = 2;
  w.gemmTN(m, m, base, m, m, base, m, base + 8 * m * m, m, 0);
  w.triangularInverse(m, base, m, base + 8 * m * m, 0, m);
}

function ensure(bytes: number): ArrayBuffer {
  const have = w.memory.buffer.byteLength;
  if (bytes > have) w.memory.grow(Math.ceil((bytes - have) / 65536));
  return w.memory.buffer;
}

function inverse(m: InverseMessage): number {
  const pp = m.p * m.p, cols = m.p * (m.end - m.first);
  const pu = base, px = pu + 8 * pp;
  const mem = ensure(px + 8 * cols);
  new Float64Array(mem, pu, pp).set(new Float64Array(m.sab, 8 * m.uOff, pp));
  const status = w.triangularInverse(m.p, pu, m.p, px, m.first, m.end);
  if (status === 0) new Float64Array(m.sab, 8 * m.outOff, cols).set(new Float64Array(mem, px, cols));
  return status;
}

parentPort!.on('message', (m: ProductMessage | InverseMessage) => {
  const ctl = new Int32Array(m.sab, 0, 2);
  let status = 0;
  try {
    if (m.kind === 'inverse') status = inverse(m);
    else status = product(m);
  } catch {
    status = -1;
  }
  Atomics.store(ctl, 0, status);
  Atomics.store(ctl, 1, 1);
  Atomics.notify(ctl, 1);
});

function product(m: ProductMessage): number {
  const outLen = m.blocks.reduce((s, blk) => s + blk.p * blk.k, 0);
  const pa = base, pb = pa + 8 * m.aLen, pc = pb + 8 * m.bLen;
  const mem = ensure(pc + 8 * outLen);
  new Float64Array(mem, pa, m.aLen).set(new Float64Array(m.sab, 8 * m.aOff, m.aLen));
  if (m.bLen > 0) new Float64Array(mem, pb, m.bLen).set(new Float64Array(m.sab, 8 * m.bOff, m.bLen));
  const b = m.bLen > 0 ? pb : pa, ldb = m.bLen > 0 ? m.ldb : m.lda;
  let off = 0;
  for (const blk of m.blocks) {
    const status = w.gemmTN(m.n, blk.p, pa + 8 * blk.aCol * m.lda, m.lda, blk.k, b + 8 * blk.bCol * ldb, ldb, pc + 8 * off, blk.p, blk.mode);
    if (status !== 0) return status;
    off += blk.p * blk.k;
  }
  new Float64Array(m.sab, 8 * m.outOff, outLen).set(new Float64Array(mem, pc, outLen));
  return 0;
}
