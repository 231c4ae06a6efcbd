// A thread of evaluateInWorkers (./evaluate-workers.ts): imports the model's module once, then
// evaluates the blocks of rows it is sent, one point after the other (or the whole block, for
// a vectorized model), and posts back the outputs, or the row at which the model threw and
// what it threw. It keeps no state between blocks.
import { parentPort, workerData } from 'node:worker_threads';
import { thrownReason } from './failure-reason.js';
import { importModel } from './model-module.js';

interface Data {
  readonly url: string;
  readonly exportName: string;
  readonly vectorized: boolean;
  readonly cols: number;
}
interface Block {
  readonly start: number;
  readonly rows: number;
  readonly data: Float64Array;
}

const port = parentPort!;
const { url, exportName, vectorized, cols } = workerData as Data;

type Model = (x: unknown, row?: number) => unknown;

// No top-level await, so that the CommonJS copy of this file (build/cjs) runs as well.
void importModel<Model>(url, exportName).then((loaded) => {
  if (typeof loaded === 'string') port.postMessage({ type: 'init-failed', message: loaded });
  else serve(loaded);
});

function serve(model: Model): void {
  port.postMessage({ type: 'ready' });
  port.on('message', async (b: Block) => {
    if (vectorized) {
      try {
        const out = await model({ data: b.data, rows: b.rows, cols });
        port.postMessage({ type: 'values', start: b.start, values: Array.from(out as ArrayLike<unknown>) });
      } catch (e) {
        port.postMessage({ type: 'error', row: b.start, rows: b.rows, message: thrownReason(e) });
      }
      return;
    }
    const values: unknown[] = new Array(b.rows);
    for (let i = 0; i < b.rows; i++) {
      try {
        values[i] = await model(b.data.slice(i * cols, (i + 1) * cols), b.start + i);
      } catch (e) {
        port.postMessage({ type: 'error', row: b.start + i, rows: 1, message: thrownReason(e) });
        return;
      }
    }
    port.postMessage({ type: 'values', start: b.start, values });
  });
}
