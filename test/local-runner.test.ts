// The local process runner over a real campaign store (src/execution/local-runner.ts): real
// SQLite file, real processes. Results, failures with their reasons, cancel (runs released,
// no process left), and a runner killed with SIGKILL and resumed: every run done exactly once
// in the store, every result correct.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, paramVariable, runLocal, type ClaimedRun } from 'uqkit';

const root = mkdtempSync(join(tmpdir(), 'uqkit-local-runner-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The model: y = 2x + z, from its environment; fails for x > 0.9; sleeps if SLEEP is set.
const model = join(root, 'model.sh');
writeFileSync(model, `#!/bin/sh
x=$${paramVariable('x')}; z=$${paramVariable('z')}
echo . >> attempts
[ -n "$SLEEP" ] && sleep "$SLEEP"
if awk "BEGIN{exit !($x > 0.9)}"; then echo "x too large: $x" >&2; exit 3; fi
awk "BEGIN{print 2 * $x + $z}" > output.txt
`);
const decode = (dir: string): { y: number } => ({ y: Number(readFileSync(join(dir, 'output.txt'), 'utf8')) });
const runDir = (name: string) => (r: ClaimedRun): string => join(root, name, String(Math.floor(r.id / 100)), String(r.id));

describe('runLocal', () => {
  it('progress counts the runs this runner finished, not those another runner of the campaign finished meanwhile', async () => {
    const store = openStore(join(root, 'shared-progress.sqlite'));
    store.add(Array.from({ length: 12 }, (_, i) => ({ params: { x: i / 100, z: 0 } })));
    // Another runner working on the same campaign: it finishes a run every 30 ms while this one runs.
    const other = setInterval(() => {
      for (const r of store.claim('other', 1, 60_000)) store.complete(r.id, 'other', { y: 0 });
    }, 30);
    let lines = '';
    let calls = 0;
    process.env.SLEEP = '0.1';
    try {
      await runLocal(store, {
        command: ['sh', model], runDir: runDir('shared-progress'), decode, concurrency: 1,
        progress: { stream: { write: (t: string) => ((lines += t), true), isTTY: false } as unknown as NodeJS.WritableStream, now: () => (calls++ === 0 ? 0 : 1000) },
      });
    } finally {
      clearInterval(other);
      delete process.env.SLEEP;
    }
    const mine = store.runs({ status: 'done' }).filter((r) => existsSync(join(root, 'shared-progress', '0', String(r.id), 'output.txt'))).length;
    expect(mine).toBeGreaterThan(0);
    expect(mine).toBeLessThan(12); // the other runner finished some
    // one second by the test's clock: the rate is the number of runs this runner finished
    expect(lines.trim().split('\n').at(-1)).toMatch(new RegExp(`^runs 12/12 done, 0 failed, 0 running, 0 pending; ${mine}\\.0/s; ETA 0s$`));
  });
  it('runs every queued run in its directory and records results and failures with reasons', async () => {
    const store = openStore(join(root, 'a.sqlite'));
    store.add(Array.from({ length: 40 }, (_, i) => ({ params: { x: i / 40 + 0.01, z: i } })));
    const counts = await runLocal(store, { command: ['sh', model], runDir: runDir('a'), decode, concurrency: 3, progress: false });
    expect(counts.done).toBe(36);
    expect(counts.failed).toBe(4); // x = 0.935, 0.96, 0.985 and 0.91
    for (const r of store.results()) expect((r.outputs as { y: number }).y).toBeCloseTo(2 * (r.params.x as number) + (r.params.z as number), 9);
    const failed = store.runs({ status: 'failed' });
    expect(failed.map((r) => r.reason)).toEqual(failed.map((r) => `exit code 3; stderr: x too large: ${r.params.x}`));
    const one = store.runs({ status: 'done' })[0]!;
    expect(JSON.parse(readFileSync(join(root, 'a', '0', String(one.id), 'params.json'), 'utf8'))).toEqual(one.params);
    // nothing left: a second call does nothing
    expect((await runLocal(store, { command: ['sh', model], runDir: runDir('a'), decode, progress: false })).done).toBe(36);
    store.close();
  });
  it('a decoder that throws fails the run with its message', async () => {
    const store = openStore(join(root, 'b.sqlite'));
    store.add([{ params: { x: 0.5, z: 0 } }]);
    await runLocal(store, { command: ['sh', model], runDir: runDir('b'), decode: () => { throw new Error('no column te'); }, progress: false });
    expect(store.runs({ status: 'failed' })[0]!.reason).toBe('decoding failed: no column te');
    store.close();
  });
  it('cancel kills the running commands and returns their runs to the queue', async () => {
    const store = openStore(join(root, 'c.sqlite'));
    store.add(Array.from({ length: 6 }, (_, i) => ({ params: { x: i / 10, z: 0 } })));
    const ac = new AbortController();
    process.env.SLEEP = '30';
    try {
      const p = runLocal(store, { command: ['sh', model], runDir: runDir('c'), decode, concurrency: 2, signal: ac.signal, progress: false });
      await new Promise((r) => setTimeout(r, 500));
      ac.abort();
      const counts = await p;
      expect(counts.running).toBe(0);
      expect(counts.done).toBe(0);
      expect(counts.new + counts.encoded).toBe(6);
    } finally {
      delete process.env.SLEEP;
    }
  });
  it('a runner killed with SIGKILL and resumed: every run done once in the store, every result right', async () => {
    const path = join(root, 'd.sqlite');
    const store = openStore(path);
    store.add(Array.from({ length: 120 }, (_, i) => ({ params: { x: i / 200, z: i } })));
    store.close();
    const child = spawn(process.execPath, [new URL('./local-runner-child.mjs', import.meta.url).pathname, path, join(root, 'd'), model], { stdio: 'inherit', env: { ...process.env, SLEEP: '0.05' } });
    // kill it once a part of the runs is done
    const check = openStore(path, { create: false });
    for (let t = 0; t < 200 && check.counts().done < 30; t++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const atKill = check.counts();
    expect(atKill.done).toBeGreaterThanOrEqual(30);
    expect(atKill.done).toBeLessThan(120);
    // resume here after the child's leases (400 ms) have run out
    await new Promise((r) => setTimeout(r, 500));
    const counts = await runLocal(check, { command: ['sh', model], runDir: runDir('d'), decode, concurrency: 4, progress: false });
    expect(counts.done).toBe(120);
    expect(counts.total).toBe(120);
    const results = check.results();
    expect(results).toHaveLength(120);
    for (const r of results) expect((r.outputs as { y: number }).y).toBeCloseTo(2 * (r.params.x as number) + (r.params.z as number), 9);
    // each run's command ran once, except those in flight at the kill (at most the child's 4), twice
    const attempts = check.runs().map((r) => readFileSync(join(root, 'd', String(Math.floor(r.id / 100)), String(r.id), 'attempts'), 'utf8').split('\n').length - 1);
    expect(attempts.every((a) => a === 1 || a === 2)).toBe(true);
    expect(attempts.filter((a) => a === 2).length).toBeLessThanOrEqual(4);
    check.close();
  }, 60_000);
});
