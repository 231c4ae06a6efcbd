// The page's Web Worker: loads uqkit/browser, whose init() fetches and instantiates uqkit.wasm,
// and runs analyses off the main thread, so the page stays responsive.
import * as uq from 'uqkit/browser';
import { run } from './analysis.js';

const onMessage = (event) => {
  const { id, spec } = event.data;
  try {
    const t0 = performance.now();
    const result = run(uq, spec, (message, fraction) => self.postMessage({ id, type: 'progress', message, fraction }));
    self.postMessage({ id, type: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    self.postMessage({ id, type: 'error', error: { name: err.name, message: err.message, field: err.field ?? null } });
  }
};
uq.init().then(
  () => {
    self.onmessage = onMessage;
    self.postMessage({ type: 'ready' });
  },
  // Rethrown outside the promise, so that the page's worker.onerror reports it.
  (e) => setTimeout(() => { throw e; }),
);
