// The page's Web Worker: loads uqkit/browser (which fetches and instantiates uqkit.wasm) and
// runs analyses off the main thread, so the page stays responsive.
import * as uq from 'uqkit/browser';
import { run } from './analysis.js';

self.onmessage = (event) => {
  const { id, spec } = event.data;
  try {
    const t0 = performance.now();
    const result = run(uq, spec, (message) => self.postMessage({ id, type: 'progress', message }));
    self.postMessage({ id, type: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    self.postMessage({ id, type: 'error', error: { name: err.name, message: err.message, field: err.field ?? null } });
  }
};
self.postMessage({ type: 'ready' });
