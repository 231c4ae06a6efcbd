// Problem.evaluate({ module, export, workers }): the model exported by a module, run at every
// row of the samples on worker threads (./evaluate-worker.ts, one import of the module each).
// Rows go out in blocks, a few per thread, to whichever thread is free; each output is put
// back at its row, so the outputs are in row order whatever thread finished first, and equal
// to those of the same function in the calling thread (the same engine computes them). The
// first row at which the model throws rejects the whole evaluation with a ModelEvaluationError
// naming the row, its inputs and the message; the threads are stopped.
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, ModelEvaluationError, UqkitError } from '../core/errors.js';
import type { Matrix } from '../numerics/matrix.js';
import type { ModuleEvaluation } from '../numerics/problem.js';

type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly message: string }
  | { readonly type: 'values'; readonly start: number; readonly values: readonly unknown[] }
  | { readonly type: 'error'; readonly row: number; readonly rows: number; readonly message: string };

/** Blocks per thread: small enough to balance uneven rows, large enough to amortise a message each. */
const BLOCKS_PER_WORKER = 8;

/**
 * The outputs of the model exported by `spec.module` at every row of `X`, in row order,
 * computed on `spec.workers` worker threads (default: the machine's parallelism, at most one
 * per block of rows). Relative module paths are relative to the current directory.
 *
 * @throws InvalidArgumentError when the module cannot be imported or its export is not a function;
 *   ModelEvaluationError when the model throws at a row; UqkitError when a thread dies
 */
export async function evaluateInWorkers(X: Matrix, spec: ModuleEvaluation): Promise<unknown[]> {
  const url = spec.module.startsWith('file:') ? spec.module : pathToFileURL(isAbsolute(spec.module) ? spec.module : resolve(spec.module)).href;
  const exportName = spec.export ?? 'default';
  const vectorized = spec.vectorized === true;
  const { rows, cols, data } = X;
  const out: unknown[] = new Array(rows);
  if (rows === 0) return out;
  const threads = Math.max(1, Math.min(spec.workers ?? availableParallelism(), rows));
  const size = Math.max(1, Math.ceil(rows / (threads * BLOCKS_PER_WORKER)));
  let next = 0, done = 0;
  const workers: Worker[] = [];
  return new Promise<unknown[]>((resolvePromise, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolvePromise(out);
    };
    const send = (w: Worker): void => {
      if (next >= rows) return;
      const start = next, count = Math.min(size, rows - start);
      next += count;
      w.postMessage({ start, rows: count, data: data.slice(start * cols, (start + count) * cols) });
    };
    for (let t = 0; t < threads; t++) {
      const w = new Worker(new URL('./evaluate-worker.js', import.meta.url), { workerData: { url, exportName, vectorized, cols }, execArgv: [] });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        switch (m.type) {
          case 'ready':
            send(w);
            return;
          case 'init-failed':
            finish(new InvalidArgumentError({ field: 'module', value: spec.module, expected: `a module whose export ${JSON.stringify(exportName)} is the model function; ${m.message}` }));
            return;
          case 'error': {
            const point = Array.from(data.subarray(m.row * cols, (m.row + 1) * cols));
            finish(new ModelEvaluationError(m.row, point, m.rows > 1 ? `(on the block of rows ${m.row} to ${m.row + m.rows - 1}) ${m.message}` : m.message));
            return;
          }
          case 'values': {
            if (m.values.length !== Math.min(size, rows - m.start)) {
              finish(new InvalidArgumentError({ field: 'module', value: m.values.length, expected: `a vectorized model that returns one output per row of the block it is given (${Math.min(size, rows - m.start)} rows from row ${m.start})` }));
              return;
            }
            for (let i = 0; i < m.values.length; i++) out[m.start + i] = m.values[i];
            done += m.values.length;
            if (done === rows) finish();
            else send(w);
          }
        }
      });
      w.on('error', (e) => finish(new UqkitError(`a worker thread evaluating ${url} failed: ${e.message}`, { cause: e })));
      w.on('exit', (code) => {
        if (!settled) finish(new UqkitError(`a worker thread evaluating ${url} exited (code ${code}) before the evaluation ended; does the model call process.exit?`));
      });
    }
  });
}
