// A worker thread for sobolIndicesAsync (./sensitivity-threads.ts): its own instance of
// uqkit.wasm, computing bootstrap estimates for the resample ranges it is sent. Node only.
import { parentPort } from 'node:worker_threads';
import { loadNode } from '../core/load-node.js';
import { bootstrapEstimates } from './sensitivity.js';

export interface BootstrapJob {
  readonly id: number;
  /** Standardised outputs in block layout (usually on a SharedArrayBuffer). */
  readonly z: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly flags: number;
  readonly seed: bigint;
  readonly first: number;
  readonly count: number;
}

export type BootstrapReply = { readonly id: number; readonly est: Float64Array } | { readonly id: number; readonly error: string };

const core = await loadNode();
parentPort!.on('message', (job: BootstrapJob) => {
  let reply: BootstrapReply;
  try {
    const est = bootstrapEstimates(core, job.z, job.n, job.d, job.flags, job.seed, job.first, job.count);
    parentPort!.postMessage({ id: job.id, est } satisfies BootstrapReply, [est.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    reply = { id: job.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  parentPort!.postMessage(reply);
});
