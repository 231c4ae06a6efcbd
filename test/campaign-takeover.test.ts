// Who may take over a running run (src/campaign/store.ts claim, orphanGroups; src/execution/
// orphans.ts), with real processes holding runs in a real SQLite file: a run held by a dead
// process of this host is claimed at once; one held by a live process is not; one held on
// another host only when its lease ends; one whose command's process group still lives is not
// claimed until that group has been killed and is gone. And a store of schema version 2 gains
// the holder's columns in place.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, killOrphanGroups, STORE_SCHEMA_VERSION } from 'uqkit';
import { downgradeSql } from './helpers.js';
import { running } from './processes.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
const dir = mkdtempSync(join(tmpdir(), 'uqkit-takeover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function storeWith(n: number): string {
  const path = join(dir, `c${files++}.db`);
  const s = openStore(path);
  s.add(Array.from({ length: n }, (_, i) => ({ params: { i } })));
  s.close();
  return path;
}

// A holder process: opens the store (as `host` when given), claims one run for 60 s, optionally
// starts a command in its own process group and records it, prints what it holds, then waits
// (a live holder) until it is killed, or exits at once (a dead holder) when told to.
const HOLDER = join(dir, 'holder.mjs');
writeFileSync(HOLDER, `
import { spawn } from 'node:child_process';
import * as uqkit from ${JSON.stringify(new URL('../build/index.js', import.meta.url).href)};
const { openStore } = uqkit;
const [path, host, group, then] = process.argv.slice(2);
const store = openStore(path, host === '-' ? {} : { host });
const [run] = store.claim('holder', 1, 60000);
let pgid = null;
if (group === 'group') {
  const c = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  c.unref();
  pgid = c.pid;
  store.setProcessGroup(run.id, 'holder', pgid, uqkit.processStartTime(pgid) ?? null);
}
store.close();
console.log(JSON.stringify({ id: run.id, pid: process.pid, pgid }));
if (then === 'exit') process.exit(0);
setInterval(() => {}, 1000);
`);
interface Held { id: number; pid: number; pgid: number | null }
async function holder(path: string, host: string, group: boolean, then: 'exit' | 'live'): Promise<Held & { kill: () => Promise<void> }> {
  const child = spawn(process.execPath, [HOLDER, path, host, group ? 'group' : '-', then], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before holding a run`)));
  });
  if (then === 'exit') await exited;
  return { ...(JSON.parse(line) as Held), kill: async () => { child.kill('SIGKILL'); await exited; } };
}

describe('claim: taking over a running run', () => {
  it('held by a live process of this host: not claimed; once that process is killed: claimed at once, long before its lease ends', async () => {
    const path = storeWith(2);
    const h = await holder(path, '-', false, 'live');
    expect(h.id).toBe(1);
    const s = openStore(path);
    try {
      expect(s.claim('me', 2, 60000).map((r) => r.id)).toEqual([2]); // run 1 is held
      await h.kill();
      const [r] = s.claim('me', 1, 60000);
      expect(r).toMatchObject({ id: 1, attempts: 2 });
      expect(s.runs({ ids: [1] })[0]).toMatchObject({ status: 'running', owner: 'me' });
    } finally {
      s.close();
    }
  });

  it('held by a process whose pid now names another process (another start time): the holder is dead, claimed at once', async () => {
    const path = storeWith(1);
    const h = await holder(path, '-', false, 'live');
    const raw = new Sqlite(path);
    raw.prepare('UPDATE runs SET owner_started = ? WHERE id = 1').run('1@another-boot'); // the same pid, another process
    raw.close();
    const s = openStore(path);
    try {
      expect(s.claim('me', 1, 60000).map((r) => r.id)).toEqual([1]);
    } finally {
      s.close();
      await h.kill();
    }
  });

  it('held by a dead process of another host: claimed only when its lease ends', async () => {
    const path = storeWith(1);
    const h = await holder(path, 'elsewhere', false, 'exit');
    expect(h.id).toBe(1);
    const s = openStore(path);
    try {
      expect(s.claim('me', 1, 60000)).toEqual([]);
    } finally {
      s.close();
    }
    const later = openStore(path, { now: () => Date.now() + 60_001 });
    try {
      expect(later.claim('me', 1, 60000).map((r) => r.id)).toEqual([1]);
    } finally {
      later.close();
    }
  });

  it('held by a dead process of this host whose command still runs: not claimed (even after the lease) until its group is killed and gone', async () => {
    const path = storeWith(1);
    const h = await holder(path, '-', true, 'exit');
    expect(h.pgid).toBeGreaterThan(1);
    expect(running(h.pgid!)).toBe(true);
    const s = openStore(path);
    const later = openStore(path, { now: () => Date.now() + 60_001 });
    try {
      expect(s.claim('me', 1, 60000)).toEqual([]);
      expect(later.claim('me', 1, 60000)).toEqual([]);
      expect(s.orphanGroups()).toEqual([{ id: 1, owner: 'holder', pgid: h.pgid }]);
      expect(await killOrphanGroups(s, 1000)).toEqual([1]);
      expect(running(h.pgid!)).toBe(false);
      expect(s.orphanGroups()).toEqual([]);
      expect(s.claim('me', 1, 60000)).toMatchObject([{ id: 1, attempts: 2 }]);
    } finally {
      s.close();
      later.close();
    }
  });

  it('held by a live process of this host whose command runs: its group is not listed as an orphan, nor killed', async () => {
    const path = storeWith(1);
    const h = await holder(path, '-', true, 'live');
    const s = openStore(path);
    try {
      expect(s.orphanGroups()).toEqual([]);
      expect(await killOrphanGroups(s, 1000)).toEqual([]);
      expect(running(h.pgid!)).toBe(true);
      expect(s.claim('me', 1, 60000)).toEqual([]);
    } finally {
      s.close();
      await h.kill();
      process.kill(-h.pgid!, 'SIGKILL');
    }
  });
});

describe('the store\'s record of holders', () => {
  it('a store of the version before it is upgraded in place: its runs keep their state, and claims record the holder', () => {
    const path = storeWith(2);
    const raw = new Sqlite(path);
    raw.exec(`${downgradeSql(4, STORE_SCHEMA_VERSION)} UPDATE runs SET status = 'running', owner = 'old', lease_deadline = 1 WHERE id = 1`);
    raw.close();
    const s = openStore(path);
    try {
      expect(s.info().schemaVersion).toBe(STORE_SCHEMA_VERSION);
      expect(s.runs({ ids: [1] })[0]).toMatchObject({ status: 'running', owner: 'old' });
      expect(s.claim('me', 2, 60000).map((r) => r.id)).toEqual([1, 2]); // run 1's lease had ended
    } finally {
      s.close();
    }
    const check = new Sqlite(path, { readonly: true });
    const rows = check.prepare('SELECT owner_host, owner_pid, owner_started, pgid FROM runs ORDER BY id').all() as { owner_host: string; owner_pid: number; owner_started: string | null; pgid: number | null }[];
    expect((check.prepare('SELECT version FROM uqkit_schema').get() as { version: number }).version).toBe(STORE_SCHEMA_VERSION);
    check.close();
    for (const r of rows) expect(r).toMatchObject({ owner_pid: process.pid, pgid: null });
    expect(rows[0]!.owner_started).toMatch(/^\d+@[0-9a-f-]+$/);
  });
});
