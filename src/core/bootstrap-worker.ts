// A worker thread of the bootstrap pool (bootstrap-pool.ts): its own instance of uqkit.wasm and
// its own memory; computes the estimates of a range of resamples from the outputs in a
// SharedArrayBuffer, writes them back into another, then wakes the caller.
import { parentPort, workerData } from 'node:worker_threads';
import { Arena } from './arena.js';
import type { Core, UqkitExports } from './wasm.js';
import { bootstrapEstimates, type BootstrapJob } from '../numerics/sensitivity.js';

interface Message extends BootstrapJob {
  /** Control words (status, done) then the estimates, count x nIdx f64 from outOff. */
  readonly ctl: SharedArrayBuffer;
  readonly zOff: number;
  readonly outOff: number;
}

const instance = new WebAssembly.Instance((workerData as { module: WebAssembly.Module }).module, {});
const exports = instance.exports as unknown as UqkitExports;
const core: Core = { exports, arena: new Arena(exports) };

parentPort!.on('message', (m: Message) => {
  const c = new Int32Array(m.ctl, 0, 2);
  let status = 0;
  try {
    const z = new Float64Array(m.z, 8 * m.zOff, m.zLength);
    const est = bootstrapEstimates(core, z, m.n, m.d, m.flags, m.seed, m.first, m.count);
    new Float64Array(m.ctl, 8 * m.outOff, est.length).set(est);
  } catch {
    status = -1;
  }
  Atomics.store(c, 0, status);
  Atomics.store(c, 1, 1);
  Atomics.notify(c, 1);
});
