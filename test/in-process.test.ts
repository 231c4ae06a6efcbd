// The in-process runners over a real SQLite store: batched completion, the concurrency limit
// for async models, and the worker-thread pool with a real module file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, RunStateError, UqkitError, openStore, runInProcess, runInWorkers } from 'uqkit';
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

describe('runInProcess with an async model', () => {
  it('keeps at most `concurrency` runs in flight, and commits every result', async () => {
    for (const concurrency of [1, 4]) {
      const store = openStore(join(root, `conc-${concurrency}.sqlite`));
      store.add(Array.from({ length: 50 }, (_, i) => ({ params: { x: i } })));
      let inFlight = 0;
      let most = 0;
      const counts = await runInProcess(store, async (p) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (p.x === 13) throw new Error('async failure');
        return { y: (p.x as number) + 0.5 };
      }, { batch: 20, concurrency });
      expect(most).toBe(concurrency);
      expect(counts).toMatchObject({ done: 49, failed: 1, running: 0 });
      expect(store.results().map((r) => (r.outputs as { y: number }).y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 0.5).filter((y) => y !== 13.5));
      expect(store.runs({ status: 'failed' })[0]!.reason).toBe('the model threw: async failure');
      store.close();
    }
  });
  it('outputs that cannot be stored fail their run only', async () => {
    const store = openStore(join(root, 'bigint.sqlite'));
    store.add(Array.from({ length: 5 }, (_, i) => ({ params: { x: i } })));
    const counts = await runInProcess(store, (p) => ({ y: p.x === 2 ? 2n : p.x }));
    expect(counts).toMatchObject({ done: 4, failed: 1 });
    expect(store.runs({ status: 'failed' })[0]!.reason).toMatch(/^the model's outputs cannot be stored: outputs\.y: expected a JSON value .*, got 2n \(a BigInt is not one/);
    expect(store.results().map((r) => r.outputs)).toEqual([{ y: 0 }, { y: 1 }, { y: 3 }, { y: 4 }]);
    store.close();
  });
  it('a Map, a Set or a Date among the outputs fails its run with where it is, instead of being stored as {}', async () => {
    const store = openStore(join(root, 'map.sqlite'));
    store.add(Array.from({ length: 4 }, (_, i) => ({ params: { x: i } })));
    const odd = (x: number): unknown => [new Map([['a', 1]]), new Set([1]), { t: [1, new Date(0)] }][x - 1];
    const counts = await runInProcess(store, (p) => (p.x === 0 ? { y: 0 } : { y: odd(p.x as number) }));
    expect(counts).toMatchObject({ done: 1, failed: 3 });
    expect(store.runs({ status: 'failed' }).map((r) => r.reason!.replace(/: expected a JSON value .*, got a value of type object \(/, ': ('))).toEqual([
      "the model's outputs cannot be stored: outputs.y: (a Map is not one: Object.fromEntries(map) converts it)",
      "the model's outputs cannot be stored: outputs.y: (a Set is not one: [...set] converts it)",
      "the model's outputs cannot be stored: outputs.y.t[1]: (a Date is not one: date.toISOString() or date.getTime() converts it)",
    ]);
    store.close();
  });
  it('writes progress lines when asked', async () => {
    const store = openStore(join(root, 'progress.sqlite'));
    store.add(Array.from({ length: 30 }, (_, i) => ({ params: { x: i } })));
    const lines: string[] = [];
    const stream = { write: (t: string) => lines.push(t), isTTY: false } as unknown as NodeJS.WritableStream;
    await runInProcess(store, (p) => ({ y: p.x }), { batch: 10, progress: { stream, intervalMs: 0 } });
    expect(lines.length).toBe(3); // after each of the 3 batches; the final line is the third, not written twice
    expect(lines[0]).toMatch(/^runs 10\/30 done, 0 failed, 10 running, 10 pending; /);
    expect(lines[2]).toMatch(/^runs 30\/30 done, 0 failed, 0 running, 0 pending; /);
    store.close();
  });
  it('rejects bad options naming them', async () => {
    const store = openStore(join(root, 'opts.sqlite'));
    const e = await runInProcess(store, () => 1, { concurrency: 0 }).catch((x: unknown) => x as InvalidArgumentError);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).field).toBe('concurrency');
    store.close();
  });
});

describe('runInWorkers', () => {
  // A CPU-bound model in a real module file: y = sum of sin(x k), k < 20000. x = 3 throws;
  // x = 5 ends its worker thread (process.exit in a worker ends that thread only).
  const modelFile = join(root, 'model.mjs');
  writeFileSync(modelFile, `export function model(p) {
  if (p.x === 3) throw new Error('three is not allowed');
  if (p.x === 5) process.exit(7);
  let s = 0;
  for (let k = 0; k < 20000; k++) s += Math.sin(p.x * k);
  return { y: s, thread: 'worker' };
}
export const notAFunction = 1;
`);
  const expected = (x: number): number => {
    let s = 0;
    for (let k = 0; k < 20000; k++) s += Math.sin(x * k);
    return s;
  };

  it('runs on a pool of threads: results exact, a throwing run failed with its message, a crashing run failed alone', async () => {
    const store = openStore(join(root, 'workers.sqlite'));
    store.add(Array.from({ length: 40 }, (_, i) => ({ params: { x: i } })));
    const counts = await runInWorkers(store, { module: modelFile, export: 'model', workers: 2, batch: 4 });
    expect(counts).toMatchObject({ done: 38, failed: 2, running: 0, new: 0 });
    const results = store.results();
    expect(results.map((r) => r.params.x)).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((x) => x !== 3 && x !== 5));
    for (const r of results) expect(r.outputs).toEqual({ y: expected(r.params.x as number), thread: 'worker' });
    const failed = store.runs({ status: 'failed' });
    expect(failed.map((r) => [r.params.x, r.reason])).toEqual([
      [3, 'the model threw: three is not allowed'],
      [5, 'the worker thread exited with code 7 while running it'],
    ]);
    store.close();
  });

  it('a module that cannot be used is a clear error, and the claimed runs go back to the queue', async () => {
    const store = openStore(join(root, 'workers-bad.sqlite'));
    store.add(Array.from({ length: 5 }, (_, i) => ({ params: { x: i } })));
    let e = await runInWorkers(store, { module: modelFile, export: 'notAFunction', workers: 2 }).catch((x: unknown) => x as UqkitError);
    expect(e).toBeInstanceOf(UqkitError);
    expect((e as UqkitError).message).toBe(`${modelFile}: cannot run the model: its export "notAFunction" is a number, not a function (exports: model, notAFunction)`);
    e = await runInWorkers(store, { module: join(root, 'nowhere.mjs'), workers: 1 }).catch((x: unknown) => x as UqkitError);
    expect((e as UqkitError).message).toContain('cannot import it');
    expect(store.counts()).toMatchObject({ new: 5, running: 0 });
    store.close();
  });
});

describe('runInWorkers spreads runs over its threads', () => {
  // Each run sleeps 20 ms (Atomics.wait blocks its thread, as a CPU-bound model would) and
  // records the id of the thread that ran it.
  const file = join(root, 'thread-model.mjs');
  writeFileSync(file, `import { threadId } from 'node:worker_threads';
const cell = new Int32Array(new SharedArrayBuffer(4));
export default () => { Atomics.wait(cell, 0, 0, 20); return { thread: threadId }; };
`);

  it.each([12, 40])('%i runs on 2 workers at the default batch size: each thread ran half of them', async (n) => {
    const store = openStore(join(root, `threads-${n}.sqlite`));
    store.add(Array.from({ length: n }, (_, i) => ({ params: { x: i } })));
    const counts = await runInWorkers(store, { module: file, workers: 2 });
    expect(counts).toMatchObject({ done: n, failed: 0, running: 0 });
    const threads = store.results().map((r) => (r.outputs as { thread: number }).thread);
    const perThread = new Map<number, number>();
    for (const t of threads) perThread.set(t, (perThread.get(t) ?? 0) + 1);
    // every worker ready before the first claim, each given an even share: n/2 runs each
    expect([...perThread.values()]).toEqual([n / 2, n / 2]);
    for (const t of perThread.keys()) expect(t).toBeGreaterThan(0); // worker threads, not the main thread (0)
    store.close();
  });
});
