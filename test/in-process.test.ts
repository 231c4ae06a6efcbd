// The in-process runner and batched completion over a real SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStateError, openStore, runInProcess } from 'uqkit';
import { thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-in-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runInProcess', () => {
  it('runs every queued run through the function, in batches; a throwing model fails its run', async () => {
    const store = openStore(join(root, 'a.sqlite'));
    store.add(Array.from({ length: 2500 }, (_, i) => ({ params: { x: i } })));
    const batches: number[] = [];
    const counts = await runInProcess(store, (p) => {
      if (p.x === 7) throw new Error('x = 7 is unlucky');
      return { y: (p.x as number) ** 2 };
    }, { batch: 1000, onBatch: (d) => batches.push(d) });
    expect(counts).toMatchObject({ done: 2499, failed: 1, running: 0, total: 2500 });
    expect(batches).toEqual([999, 1999, 2499]);
    for (const r of store.results()) expect(r.outputs).toEqual({ y: (r.params.x as number) ** 2 });
    expect(store.runs({ status: 'failed' })[0]!.reason).toBe('the model threw: x = 7 is unlucky');
    store.close();
  });
  it('completeMany is all or nothing', () => {
    const store = openStore(join(root, 'b.sqlite'));
    store.add([{ params: { x: 1 } }, { params: { x: 2 } }]);
    const [a, b] = store.claim('me', 2, 60_000);
    store.release('me', [b!.id]);
    const e = thrown(() => store.completeMany('me', [{ id: a!.id, result: 1 }, { id: b!.id, result: 2 }]));
    expect(e).toBeInstanceOf(RunStateError);
    expect(store.counts()).toMatchObject({ done: 0, running: 1 });
    store.completeMany('me', [{ id: a!.id, result: 1 }]);
    expect(store.counts()).toMatchObject({ done: 1 });
    store.close();
  });
});
