// The generic worker pool (src/core/worker-pool.ts, src/core/worker.ts): it runs the handlers of
// the job modules it is given, by kind, each thread with its own instance of uqkit.wasm, and
// says which kind failed and why. The numerics' own jobs are tested in dense.test.ts and
// sensitivity.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import 'uqkit';
import { core } from '../build/core/wasm.js';
import { workerPool } from '../build/core/worker-pool.js';
import { thrown } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'uqkit-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A job module: `square` reads x after the control words and writes x^2 and the size of this
// thread's WebAssembly memory; `status` returns the status it is sent; `throws` throws.
const jobs = join(dir, 'jobs.mjs');
writeFileSync(jobs, `
export function workerJobs(core) {
  return {
    square(m) {
      const v = new Float64Array(m.ctl, 8, 3);
      v[1] = v[0] * v[0];
      v[2] = core.exports.memory.buffer.byteLength;
      return 0;
    },
    status: (m) => m.status,
    throws() { throw new Error('boom'); },
  };
}
`);
const url = pathToFileURL(jobs).href;

describe('workerPool', () => {
  const pool = workerPool(core().module!, 2, [url]);
  const ctl = (): SharedArrayBuffer => new SharedArrayBuffer(8 + 3 * 8);

  it('runs a job module\'s handler by kind on each worker, with the worker\'s own core', () => {
    for (const i of [0, 1]) {
      const c = ctl();
      new Float64Array(c, 8, 3)[0] = 3 + i;
      pool.start(i, 'square', c, {})();
      const v = new Float64Array(c, 8, 3);
      expect(v[1]).toBe((3 + i) ** 2);
      expect(v[2]).toBeGreaterThan(0);
    }
    expect(pool.jobs).toBe(2);
    expect(pool.workers).toBe(2);
  });

  it('a handler\'s non-zero status, a throwing handler and an unknown kind fail naming the kind', () => {
    expect(thrown(() => pool.start(0, 'status', ctl(), { status: 7 })()).message).toBe('uqkit: worker thread 0 failed (status, status 7)');
    expect(thrown(() => pool.start(1, 'throws', ctl(), {})()).message).toBe('uqkit: worker thread 1 failed (throws, status -1)');
    expect(thrown(() => pool.start(0, 'product', ctl(), {})()).message).toBe('uqkit: worker thread 0 failed (product, no handler of that kind in the job modules)');
  });

  it('a job module that cannot be loaded fails the jobs sent to it', () => {
    const broken = workerPool(core().module!, 1, [pathToFileURL(join(dir, 'missing.mjs')).href]);
    expect(thrown(() => broken.start(0, 'square', ctl(), {})()).message).toBe('uqkit: worker thread 0 failed (square, a job module failed to load)');
  });
});
