// A thread of runInWorkers (./in-process.ts): imports the model's module once, then runs the
// batches of runs it is sent, one run after the other, and posts back each run's outputs or
// the message of what the model threw. It keeps no state between batches.
import { parentPort, workerData } from 'node:worker_threads';
import { thrownLine, thrownReason } from './failure-reason.js';
import { importModel } from './model-module.js';

interface Data {
  readonly url: string;
  readonly exportName: string;
}
interface RunMessage {
  readonly type: 'run';
  readonly runs: readonly { readonly id: number; readonly hash: string; readonly params: Record<string, unknown>; readonly attempts: number; readonly leaseDeadline: number }[];
}

const port = parentPort!;
const { url, exportName } = workerData as Data;

type Model = (params: Record<string, unknown>, run: unknown) => unknown;

// No top-level await, so that the CommonJS copy of this file (build/cjs) runs as well.
void importModel<Model>(url, exportName).then((loaded) => {
  if (typeof loaded === 'string') port.postMessage({ type: 'init-failed', message: loaded });
  else serve(loaded);
});

function serve(model: Model): void {
  port.postMessage({ type: 'ready' });
  port.on('message', async (m: RunMessage) => {
    if (m.type !== 'run') return;
    const results: unknown[] = [];
    for (const run of m.runs) {
      try {
        results.push({ id: run.id, ok: true, result: await model(run.params, run) });
      } catch (e) {
        results.push({ id: run.id, ok: false, message: thrownReason(e) });
      }
    }
    try {
      port.postMessage({ type: 'results', results });
    } catch (e) {
      // Outputs that cannot be cloned (functions, symbols): fail each such run, keep the others.
      port.postMessage({
        type: 'results',
        results: results.map((r) => {
          try {
            structuredClone(r);
            return r;
          } catch {
            return { id: (r as { id: number }).id, ok: false, message: `the model's outputs cannot be sent back from the worker: ${thrownLine(e)}` };
          }
        }),
      });
    }
  });
}
