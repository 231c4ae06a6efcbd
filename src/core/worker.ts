// A thread of the worker pool (worker-pool.ts): its own instance of uqkit.wasm and its own
// memory. The jobs it can run come from the job modules the pool was made with (their URLs in
// workerData): each exports `workerJobs(core)`, which receives this thread's core and returns
// its handlers by kind. Each message names a handler; the handler reads its inputs from
// SharedArrayBuffers, computes, writes its results back and returns a status, which goes into
// the message's control words and wakes the caller.
import { parentPort, workerData } from 'node:worker_threads';
import { Arena } from './arena.js';
import type { Core, UqkitExports } from './wasm.js';
import type { JobHandlers, JobMessage, JobModule } from './worker-pool.js';

const data = workerData as { module: WebAssembly.Module; jobs: readonly string[] };
const instance = new WebAssembly.Instance(data.module, {});
const w = instance.exports as unknown as UqkitExports;
const core: Core = { exports: w, arena: new Arena(w) };

// The handlers of every job module, by kind; messages that arrive while the modules load wait.
const handlers = new Map<string, JobHandlers[string]>();
const loaded = Promise.all(data.jobs.map(async (url) => {
  const m = (await import(url)) as JobModule;
  for (const [kind, handler] of Object.entries(m.workerJobs(core))) handlers.set(kind, handler);
}));

function run(m: JobMessage): number {
  const handler = handlers.get(m.kind);
  if (!handler) return -2;
  try {
    return handler(m as never);
  } catch {
    return -1;
  }
}

function answer(m: JobMessage, status: number): void {
  const c = new Int32Array(m.ctl, 0, 2);
  Atomics.store(c, 0, status);
  Atomics.store(c, 1, 1);
  Atomics.notify(c, 1);
}

let ready = false;
loaded.then(() => { ready = true; }, () => {});
parentPort!.on('message', (m: JobMessage) => {
  if (ready) answer(m, run(m));
  else loaded.then(() => answer(m, run(m)), () => answer(m, -3));
});
