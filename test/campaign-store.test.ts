// The campaign store (src/campaign/store.ts and the files beside it) and parameter specs (src/space/params.ts), against
// real SQLite files in a temp dir and real child processes (test/campaign-child.mjs):
// a campaign killed with SIGKILL 20 times and resumed, 4 workers sharing one file, and a lease
// that runs out in another process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  checkParams,
  InvalidArgumentError,
  InvalidParameterError,
  openStore,
  paramSpecs,
  runHash,
  RunStateError,
  StoreError,
  StoreVersionError,
  STORE_SCHEMA_VERSION,
  validateParams,
  type CampaignStore,
} from 'uqkit';
import { downgradeSql, thrown } from './helpers.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
const CHILD = fileURLToPath(new URL('./campaign-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const dbFile = (name = 'c'): string => join(dir, `${name}-${++fileNo}.db`);

/** A store whose clock the test moves. */
function clocked(path = dbFile()): { store: CampaignStore; clock: { t: number } } {
  const clock = { t: 1_000_000 };
  return { store: openStore(path, { now: () => clock.t }), clock };
}

// The model and parameters of the child campaign (test/campaign-child.mjs), repeated here.
const paramsOf = (k: number) => ({ a: k % 37, b: ((k * 7919) % 1000) / 8, c: Math.floor(k / 37), tag: `run-${k}` });
const model = (p: { a: number; b: number; c: number }) => p.a + p.b + p.c;

/** Seeded PRNG (mulberry32), so kill moments are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the first line matching. */
  waitFor(test: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function child(...args: string[]): Child {
  const proc = spawn(process.execPath, [CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let err = '';
  proc.stderr.on('data', (b) => (err += b));
  createInterface({ input: proc.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters]) if (w.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    lines,
    exited,
    stderr: () => err,
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        const hit = lines.find(test);
        if (hit !== undefined) return resolve(hit);
        waiters.push({ test, resolve });
        void exited.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before the line awaited; stderr: ${err}`)));
      }),
  };
}

describe('parameter specs', () => {
  const specs = paramSpecs({
    x: { type: 'float', min: 0, max: 1, default: 0.5 },
    n: { type: 'integer', min: 1, default: 10 },
    method: { type: 'string', default: 'euler' },
    verbose: { type: 'boolean', default: false },
  });

  it('fills defaults and accepts values of the right type within range', () => {
    expect(validateParams(specs, { x: 1, n: 3 })).toEqual({ x: 1, n: 3, method: 'euler', verbose: false });
    expect(validateParams(specs, {})).toEqual({ x: 0.5, n: 10, method: 'euler', verbose: false });
    expect(validateParams(specs, { x: 0, verbose: true, method: '' })).toEqual({ x: 0, n: 10, method: '', verbose: true });
  });

  it.each([
    [{ y: 1 }, 'y', 'no such parameter; the parameters are x, n, method, verbose'],
    [{ x: 1.5 }, 'x', 'a number from 0 to 1 (a float parameter)'],
    [{ x: -0.1 }, 'x', 'a number from 0 to 1 (a float parameter)'],
    [{ x: '0.5' }, 'x', 'a finite number (a float parameter)'],
    [{ x: NaN }, 'x', 'a finite number (a float parameter)'],
    [{ n: 2.5 }, 'n', 'an integer (a safe one, |n| <= 2^53 - 1) (an integer parameter)'],
    [{ n: 0 }, 'n', 'an integer >= 1 (an integer parameter)'],
    [{ method: 1 }, 'method', 'a string (a string parameter)'],
    [{ verbose: 'true' }, 'verbose', 'true or false (a boolean parameter)'],
    [{ verbose: 1 }, 'verbose', 'true or false (a boolean parameter)'],
  ])('refuses %j, naming the parameter, the value and what was expected', (run, name, expected) => {
    const e = thrown(() => validateParams(specs, run)) as InvalidParameterError;
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.code).toBe('ERR_INVALID_PARAMETER');
    expect(e.parameter).toBe(name);
    expect(e.field).toBe(`params.${name}`);
    expect(Object.is(e.value, (run as Record<string, unknown>)[name])).toBe(true);
    expect(e.expected).toBe(expected);
    expect(e.message).toContain(`params.${name}: expected ${expected}, got `);
  });

  it('checkParams reports instead of throwing (the markInvalid hook), keeping what was given', () => {
    const c = checkParams(specs, { x: 2, n: 4 });
    expect(c.valid).toBe(false);
    if (c.valid) return;
    expect(c.reason).toBe('params.x: expected a number from 0 to 1 (a float parameter), got 2');
    expect(c.params).toEqual({ x: 2, n: 4, method: 'euler', verbose: false });
    expect(c.error).toBeInstanceOf(InvalidParameterError);
    expect(checkParams(specs, { x: 0.25 })).toEqual({ valid: true, params: { x: 0.25, n: 10, method: 'euler', verbose: false } });
    const notObject = checkParams(specs, 5);
    expect(notObject.valid).toBe(false);
  });

  it.each([
    [{ x: { type: 'double', default: 0 } }, 'params.x.type'],
    [{ x: { type: 'float' } }, 'params.x.default'],
    [{ x: { type: 'float', default: 2, max: 1 } }, 'params.x.default'],
    [{ x: { type: 'float', default: 0, min: 1, max: 0 } }, 'params.x.max'],
    [{ x: { type: 'string', default: 'a', min: 0 } }, 'params.x.min'],
    [{ x: { type: 'integer', default: 0.5 } }, 'params.x.default'],
    [{ x: { type: 'boolean', default: 0 } }, 'params.x.default'],
    [{ x: { type: 'float', default: 0, step: 1 } }, 'params.x.step'],
    [[1], 'params'],
  ])('refuses the bad spec %j naming %s', (bad, field) => {
    const e = thrown(() => paramSpecs(bad)) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.field).toBe(field);
  });
});

describe('campaign store: opening', () => {
  it('creates the schema, names the campaign after the file, keeps the app config, and reopens', () => {
    const path = join(dir, 'heat-study.db');
    const s = openStore(path, { app: { params: { x: { type: 'float', default: 0 } }, runner: { kind: 'inprocess' } } });
    expect(s.info()).toMatchObject({ name: 'heat-study', schemaVersion: STORE_SCHEMA_VERSION, app: { params: { x: { type: 'float', default: 0 } }, runner: { kind: 'inprocess' } } });
    s.add([{ params: { x: 1 } }]);
    s.close();
    const raw = new Sqlite(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((raw.prepare('SELECT version FROM uqkit_schema').get() as { version: number }).version).toBe(STORE_SCHEMA_VERSION);
    raw.close();
    const again = openStore(path, { name: 'heat-study', create: false });
    expect(again.counts().total).toBe(1);
    again.setApp({ runner: { kind: 'local' } });
    expect(again.info().app).toEqual({ runner: { kind: 'local' } });
    again.close();
    const e = thrown(() => openStore(path, { name: 'other' })) as StoreError;
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain('holds campaign "heat-study", not "other"');
  });

  it('a store of the previous version (without the record of created paths) is upgraded in place, its runs kept, what uqkit made for them recorded', () => {
    const path = dbFile();
    const s = openStore(path);
    s.add(Array.from({ length: 300 }, (_, i) => ({ params: { x: i } })));
    expect(s.createdPaths()).toEqual([]); // a new store records nothing of its own
    for (const r of s.claim('w', 2, 60_000)) s.complete(r.id, 'w', { y: 1 }); // runs 1 and 2 done
    s.close();
    const raw = new Sqlite(path);
    raw.exec('UPDATE runs SET attempts = 1 WHERE id = 299'); // claimed once, failed and queued again: its folder is runs/000/001
    raw.exec(downgradeSql(3, STORE_SCHEMA_VERSION)); // version 3: before the record of created paths
    raw.close();
    const up = openStore(path, { create: false });
    expect(up.info().schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(up.counts()).toMatchObject({ total: 300, done: 2 });
    expect(up.createdPaths().map((c) => [c.path, c.kind, c.stamp])).toEqual([
      ['analysis.json', 'file', null], ['report.html', 'file', null], ['runs', 'dir', null], ['runs/000', 'dir', null],
      ['runs/000/000', 'dir', null], ['runs/000/000/run_1', 'tree', null], ['runs/000/000/run_2', 'tree', null],
      ['runs/000/001', 'dir', null], ['runs/000/001/run_299', 'tree', null], ['shared', 'dir', null],
    ]);
    up.recordCreated([{ path: 'runs/000/000/run_3', kind: 'tree' }, { path: 'report.html', kind: 'file', stamp: '1:2:3' }]);
    up.recordCreated([{ path: 'runs/000/000/run_3', kind: 'dir' }, { path: 'report.html', kind: 'file', stamp: '4:5:6' }]); // kind kept, stamp updated
    expect(up.createdPaths().filter((c) => c.path === 'report.html' || c.path.endsWith('run_3'))).toEqual([
      { path: 'report.html', kind: 'file', stamp: '4:5:6' },
      { path: 'runs/000/000/run_3', kind: 'tree', stamp: null },
    ]);
    expect((thrown(() => up.recordCreated([{ path: '../outside', kind: 'dir' }])) as InvalidArgumentError).field).toBe('entries[0].path');
    up.close();
    const check = new Sqlite(path, { readonly: true });
    expect((check.prepare('SELECT version FROM uqkit_schema').get() as { version: number }).version).toBe(STORE_SCHEMA_VERSION);
    check.close();
  });

  it('refuses a file of another schema version, with both versions in the error', () => {
    const path = dbFile();
    openStore(path).close();
    const raw = new Sqlite(path);
    raw.prepare('UPDATE uqkit_schema SET version = ?').run(STORE_SCHEMA_VERSION + 1);
    raw.close();
    const e = thrown(() => openStore(path)) as StoreVersionError;
    expect(e).toBeInstanceOf(StoreVersionError);
    expect(e.code).toBe('ERR_STORE_VERSION');
    expect([e.found, e.supported]).toEqual([STORE_SCHEMA_VERSION + 1, STORE_SCHEMA_VERSION]);
    expect(e.message).toContain(`schema version ${STORE_SCHEMA_VERSION + 1}, but this uqkit reads version ${STORE_SCHEMA_VERSION}; open it with a newer uqkit`);
  });

  it('records every sampler that drew a run (a reused run too); a file of the previous version is upgraded in place', () => {
    const path = dbFile();
    const s = openStore(path);
    const xs = (st: CampaignStore, ids: number[]) => st.runs({ samplers: ids }).map((r) => r.params.x);
    let a: number, b: number;
    try {
      a = s.addSampler('qmc');
      b = s.addSampler('qmc');
      s.add([{ params: { x: 1 }, sampler: a }, { params: { x: 2 }, sampler: a }]);
      s.add([{ params: { x: 2 }, sampler: b }, { params: { x: 3 }, sampler: b }, { params: { x: 4 } }]);
      expect(xs(s, [a])).toEqual([1, 2]);
      expect(xs(s, [b])).toEqual([2, 3]); // x = 2 was added by a and drawn again by b
      expect(xs(s, [a, b])).toEqual([1, 2, 3]);
      expect(s.runs({ ids: [2] })[0]!.sampler).toBe(a);
      expect(thrown(() => s.runs({ samplers: [0] })).message).toBe('query.samplers[0]: expected an integer >= 1, got 0');
    } finally {
      s.close();
    }
    // the same file as the previous schema version wrote it: no run_samplers table
    const raw = new Sqlite(path);
    raw.exec(downgradeSql(2, STORE_SCHEMA_VERSION)); // version 2: before run_samplers
    raw.close();
    const t = openStore(path);
    try {
      // a run belongs to the sampler that added it (all that version knew), and new draws are recorded again
      expect(xs(t, [a])).toEqual([1, 2]);
      expect(xs(t, [b])).toEqual([3]);
      t.add([{ params: { x: 1 }, sampler: b }]);
      expect(xs(t, [b])).toEqual([1, 3]);
      expect(t.runs().map((r) => r.params.x)).toEqual([1, 2, 3, 4]);
    } finally {
      t.close();
    }
    const after = new Sqlite(path);
    expect((after.prepare('SELECT version FROM uqkit_schema').get() as { version: number }).version).toBe(STORE_SCHEMA_VERSION);
    after.close();
  });

  it('refuses files that are not uqkit stores, and a missing file with create: false', () => {
    const other = dbFile();
    const raw = new Sqlite(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(thrown(() => openStore(other)).message).toContain('is a SQLite database but not a uqkit campaign store');
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'this is not a database, just some text that is long enough to have a header '.repeat(20));
    const e = thrown(() => openStore(text));
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain('is not a SQLite database');
    expect(thrown(() => openStore(join(dir, 'missing.db'), { create: false }))).toBeInstanceOf(StoreError);
    expect((thrown(() => openStore(dbFile(), { synchronous: 'off' as 'full' })) as InvalidArgumentError).field).toBe('options.synchronous');
  });
});

describe('campaign store: runs', () => {
  it('adds runs once: the same parameters (any key order, 1 vs 1.0, -0 vs 0) reuse the first run, also from another connection', () => {
    const path = dbFile();
    const s = openStore(path);
    const a = s.add([{ params: { x: 1, y: 'a' } }, { params: { x: 2, y: 'a' } }, { params: { y: 'a', x: 1 } }]);
    expect(a.map((r) => [r.id, r.created, r.status])).toEqual([[1, true, 'new'], [2, true, 'new'], [1, false, 'new']]);
    const t = openStore(path);
    const b = t.add([{ params: JSON.parse('{"y": "a", "x": 2.0}') }, { params: { x: -0, y: 'a' } }, { params: { x: 0, y: 'a' } }]);
    expect(b.map((r) => [r.id, r.created])).toEqual([[2, false], [3, true], [3, false]]);
    expect(s.counts().total).toBe(3);
    expect(s.find({ x: 0, y: 'a' })?.id).toBe(3);
    expect(s.get(1)).toMatchObject({ id: 1, hash: runHash({ x: 1, y: 'a' }), params: { x: 1, y: 'a' }, status: 'new', attempts: 0, owner: null });
    expect((thrown(() => s.add([{ params: { x: NaN } }])) as InvalidArgumentError).field).toBe('runs[0].params.x');
    expect((thrown(() => s.add([{ params: [1] as never }])) as InvalidArgumentError).field).toBe('runs[0].params');
    s.close();
    t.close();
  });

  it('records invalid runs with their reason (markInvalid) and never hands them out', () => {
    const s = openStore(dbFile());
    const specs = paramSpecs({ x: { type: 'float', min: 0, max: 1, default: 0 } });
    const checks = [{ x: 0.5 }, { x: 3 }].map((p) => checkParams(specs, p));
    s.add(checks.map((c) => (c.valid ? { params: c.params } : { params: c.params, invalid: c.reason })));
    expect(s.runs({ status: 'invalid' }).map((r) => [r.params, r.reason])).toEqual([[{ x: 3 }, 'params.x: expected a number from 0 to 1 (a float parameter), got 3']]);
    expect(s.claim('w', 10, 1000).map((r) => r.params)).toEqual([{ x: 0.5 }]);
    s.close();
  });

  it('goes new -> encoded -> running -> done, committing each change before returning', () => {
    const path = dbFile();
    const { store: s, clock } = clocked(path);
    const reader = openStore(path); // another connection sees only what was committed
    s.add([0, 1, 2, 3].map((k) => ({ params: { k } })));
    expect(reader.counts()).toMatchObject({ new: 4, total: 4 });
    expect(s.markEncoded([1, 2])).toBe(2);
    expect(s.markEncoded([1])).toBe(0);
    expect(reader.get(1)).toMatchObject({ status: 'encoded', encodedAt: clock.t });
    const claimed = s.claim('w1', 3, 5000, { from: ['encoded'] });
    expect(claimed.map((r) => [r.id, r.attempts, r.leaseDeadline])).toEqual([[1, 1, clock.t + 5000], [2, 1, clock.t + 5000]]);
    expect(reader.get(2)).toMatchObject({ status: 'running', owner: 'w1', leaseDeadline: clock.t + 5000, claimedAt: clock.t });
    clock.t += 10;
    s.complete(1, 'w1', { y: 1.5, v: [1, 2] });
    expect(reader.get(1)).toMatchObject({ status: 'done', owner: null, leaseDeadline: null, finishedAt: clock.t });
    expect(reader.results()).toEqual([{ id: 1, hash: runHash({ k: 0 }), params: { k: 0 }, outputs: { y: 1.5, v: [1, 2] } }]);
    s.fail(2, 'w1', 'exit code 3');
    expect(reader.get(2)).toMatchObject({ status: 'failed', reason: 'exit code 3', owner: null });
    expect(s.claim('w2', 10, 5000).map((r) => r.id)).toEqual([3, 4]);
    expect(s.claim('w2', 10, 5000)).toEqual([]);
    expect(reader.counts()).toEqual({ new: 0, encoded: 0, running: 2, done: 1, failed: 1, invalid: 0, ignored: 0, total: 4 });
    s.close();
    reader.close();
  });

  it('only the holder of a run completes or fails it; a second completion is refused', () => {
    const s = openStore(dbFile());
    s.add([{ params: { k: 1 } }]);
    s.claim('w1', 1, 60_000);
    let e = thrown(() => s.complete(1, 'w2', 1)) as RunStateError;
    expect(e).toBeInstanceOf(RunStateError);
    expect(e.message).toBe('run 1: "w2" cannot mark it done: it is held by "w1" (the lease of "w2" ran out and the run was claimed again)');
    s.complete(1, 'w1', 1);
    e = thrown(() => s.complete(1, 'w1', 2)) as RunStateError;
    expect([e.status, e.message]).toEqual(['done', 'run 1: "w1" cannot mark it done: it is done']);
    e = thrown(() => s.fail(7, 'w1', 'x')) as RunStateError;
    expect([e.runId, e.status, e.message]).toEqual([7, undefined, 'run 7: no such run']);
    expect(s.results().map((r) => r.outputs)).toEqual([1]); // the refused completion wrote nothing
    s.close();
  });

  it('ignore and rerun: ignored runs are neither claimed nor in results; rerun clears the result and goes back to new', () => {
    const s = openStore(dbFile());
    s.add([1, 2, 3].map((k) => ({ params: { k } })));
    s.claim('w', 3, 60_000);
    s.complete(1, 'w', { y: 1 });
    s.complete(2, 'w', { y: 2 });
    expect(s.ignore([2, 3], 'outlier')).toBe(2);
    expect(s.runs({ status: 'ignored' }).map((r) => [r.id, r.reason, r.owner])).toEqual([[2, 'outlier', null], [3, 'outlier', null]]);
    expect(s.results().map((r) => r.id)).toEqual([1]);
    expect(thrown(() => s.complete(3, 'w', {}))).toBeInstanceOf(RunStateError); // its holder lost it
    expect(s.claim('w', 5, 1000)).toEqual([]);
    expect(thrown(() => s.rerun([1, 99]))).toBeInstanceOf(RunStateError);
    expect(s.get(1)?.status).toBe('done'); // nothing changed by the refused call
    expect(s.rerun([1, 2])).toBe(2);
    expect(s.get(1)).toMatchObject({ status: 'new', attempts: 0, finishedAt: null, claimedAt: null, reason: null });
    expect(s.results()).toEqual([]);
    expect(s.claim('w', 5, 1000).map((r) => [r.id, r.attempts])).toEqual([[1, 1], [2, 1]]);
    expect(s.counts()).toMatchObject({ running: 2, ignored: 1, total: 3 });
    s.close();
  });

  it('an expired lease returns the run to the queue on the next claim; the late holder is refused', () => {
    const { store: s, clock } = clocked();
    s.add([{ params: { k: 1 } }, { params: { k: 2 } }]);
    s.markEncoded([2]);
    expect(s.claim('a', 2, 1000).map((r) => r.id)).toEqual([1, 2]);
    clock.t += 999;
    expect(s.claim('b', 5, 1000)).toEqual([]);
    expect(s.renew('a', [2, 1], 1000)).toEqual([1, 2]); // heartbeat: both leases now end 1000 ms from now
    clock.t += 999;
    expect(s.claim('b', 5, 1000)).toEqual([]);
    clock.t += 1; // a lease is over at its deadline
    const taken = s.claim('b', 1, 1000);
    expect(taken.map((r) => [r.id, r.attempts])).toEqual([[1, 2]]);
    expect(thrown(() => s.complete(1, 'a', 0)).message).toContain('it is held by "b"');
    expect(s.renew('a', [1, 2], 1000)).toEqual([2]);
    // a late completion is accepted while no one else has claimed the run
    clock.t += 5000;
    s.complete(2, 'a', { y: 2 });
    s.complete(1, 'b', { y: 1 });
    expect(s.results().map((r) => r.outputs)).toEqual([{ y: 1 }, { y: 2 }]);
    s.close();
  });

  it('release gives an owner’s runs back (as encoded when they were); maxAttempts fails a run whose lease keeps running out', () => {
    const { store: s, clock } = clocked();
    s.add([1, 2, 3].map((k) => ({ params: { k } })));
    s.markEncoded([2]);
    s.claim('a', 3, 1000);
    expect(s.release('a', [3])).toBe(1);
    expect(s.release('a')).toBe(2);
    expect(s.runs().map((r) => r.status)).toEqual(['new', 'encoded', 'new']);
    expect(s.claim('b', 1, 1000).map((r) => [r.id, r.attempts])).toEqual([[1, 2]]);
    clock.t += 1000;
    expect(s.claim('c', 1, 1000, { maxAttempts: 2 }).map((r) => r.id)).toEqual([2]);
    expect(s.get(1)).toMatchObject({ status: 'failed', reason: 'lease expired 2 times (last holder: b); not handed out again (maxAttempts 2)' });
    s.close();
  });

  it('queries runs by status and by conditions on parameters (kinds never mix)', () => {
    const s = openStore(dbFile());
    s.add([
      { params: { x: 1, m: 'a', f: true } },
      { params: { x: 2.5, m: 'b', f: false } },
      { params: { x: 4, m: 'c', f: true } },
      { params: { x: '3', m: 'd' } },
    ]);
    s.claim('w', 1, 1000);
    const ids = (q: Parameters<CampaignStore['runs']>[0]) => s.runs(q).map((r) => r.id);
    expect(ids({ where: { x: 2.5 } })).toEqual([2]);
    expect(ids({ where: { x: { gte: 2, lt: 4 } } })).toEqual([2]);
    expect(ids({ where: { x: { gt: 0 } } })).toEqual([1, 2, 3]); // '3' is a string, not a number
    expect(ids({ where: { x: '3' } })).toEqual([4]);
    expect(ids({ where: { m: { ne: 'a' } } })).toEqual([2, 3, 4]);
    expect(ids({ where: { f: true } })).toEqual([1, 3]);
    expect(ids({ where: { f: { ne: true } } })).toEqual([2]);
    expect(ids({ where: { f: true }, status: 'new' })).toEqual([3]);
    expect(ids({ status: ['running', 'new'], ids: [1, 2] })).toEqual([1, 2]);
    expect((thrown(() => s.runs({ where: { x: { about: 1 } as never } })) as InvalidArgumentError).field).toBe('query.where.x.about');
    expect((thrown(() => s.runs({ where: { f: { gt: true } as never } })) as InvalidArgumentError).field).toBe('query.where.f.gt');
    expect((thrown(() => s.runs({ status: 'finished' as never })) as InvalidArgumentError).field).toBe('query.status');
    s.close();
  });

  it('keeps outputs JSON can not hold plainly: NaN, ±Infinity, typed arrays; records samplers', () => {
    const s = openStore(dbFile());
    const sampler = s.addSampler('random', { seed: 7, drawn: 0 });
    s.add([{ params: { k: 1 }, sampler }]);
    s.setSamplerState(sampler, { seed: 7, drawn: 1 });
    expect(s.samplers()).toMatchObject([{ id: sampler, kind: 'random', state: { seed: 7, drawn: 1 } }]);
    expect(s.get(1)?.sampler).toBe(sampler);
    expect((thrown(() => s.add([{ params: { k: 2 }, sampler: 99 }])) as InvalidArgumentError).field).toBe('runs[0].sampler');
    s.claim('w', 1, 1000);
    s.complete(1, 'w', { a: NaN, b: [Infinity, -Infinity, -1.5], c: new Float64Array([1, 2]), d: 'NaN' });
    const [r] = s.results();
    expect(r!.outputs).toEqual({ a: NaN, b: [Infinity, -Infinity, -1.5], c: [1, 2], d: 'NaN' });
    s.close();
  });
});

describe('campaign store: crashes and concurrency (real processes)', () => {
  it('a 2,000-run campaign killed with SIGKILL 20 times at random moments and resumed: every result once, none lost, each right', async () => {
    const N = 2000, KILLS = 20;
    const path = dbFile('crash');
    const rand = mulberry32(20240611);
    const doneInFile = (): number => {
      const raw = new Sqlite(path, { readonly: true, fileMustExist: true });
      try {
        return (raw.prepare(`SELECT count(*) AS n FROM runs WHERE status = 'done'`).get() as { n: number }).n;
      } finally {
        raw.close();
      }
    };
    const kills: { reported: number; inFile: number; duringAdd: boolean }[] = [];
    let lives = 0;
    let done = 0;
    while (kills.length < KILLS) {
      lives++;
      expect(lives).toBeLessThan(KILLS + 5); // a life that finishes before its kill counts against this
      const left = N - done;
      const livesLeft = KILLS - kills.length;
      // Kill while adding (the first life always: the runs are then really being inserted), or
      // after a random number of completions, about left / (livesLeft + 1) on average.
      const duringAdd = kills.length === 0 || rand() < 0.15;
      const addTarget = 100 * (1 + Math.floor(rand() * 19));
      const doneTarget = done + Math.max(1, Math.min(left - 1, Math.floor((rand() * 2 * left) / (livesLeft + 1))));
      const c = child('campaign', path, String(N));
      let reported = -1;
      const target = duringAdd ? (l: string) => l === `added ${addTarget}` : (l: string) => l === `done ${doneTarget}`;
      const line = await c.waitFor((l) => target(l) || l === 'finished');
      if (line !== 'finished') c.proc.kill('SIGKILL');
      const exit = await c.exited;
      for (const l of c.lines) if (l.startsWith('done ')) reported = Math.max(reported, Number(l.slice(5)));
      done = doneInFile();
      if (exit.signal === 'SIGKILL') {
        // Every completion reported before the kill is in the file.
        expect(done, `life ${lives}: ${reported} reported done, ${done} in the file`).toBeGreaterThanOrEqual(reported);
        kills.push({ reported, inFile: done, duringAdd });
      } else {
        expect(exit.code, c.stderr()).toBe(0);
      }
    }
    // The last life runs to the end.
    const last = child('campaign', path, String(N));
    expect(await last.exited).toEqual({ code: 0, signal: null });
    expect(last.lines.at(-1)).toBe('finished');

    // The kills landed mid-campaign: while adding, and with part of the runs done.
    expect(kills.length).toBe(KILLS);
    const partial = kills.filter((k) => k.inFile > 0 && k.inFile < N);
    expect(partial.length, JSON.stringify(kills)).toBeGreaterThanOrEqual(15);
    expect(kills.some((k) => k.duringAdd && k.inFile === 0)).toBe(true);
    expect(new Set(kills.map((k) => k.inFile)).size).toBeGreaterThanOrEqual(15);

    const raw = new Sqlite(path, { readonly: true });
    const runs = raw.prepare('SELECT id, hash, params, status FROM runs').all() as { id: number; hash: string; params: string; status: string }[];
    const results = raw.prepare('SELECT run_id, outputs FROM results').all() as { run_id: number; outputs: string }[];
    raw.close();
    expect(runs.length).toBe(N);
    expect(results.length).toBe(N);
    expect(runs.every((r) => r.status === 'done')).toBe(true);
    expect(new Set(runs.map((r) => r.hash)).size).toBe(N);
    expect(new Set(results.map((r) => r.run_id)).size).toBe(N);
    // Exactly the parameters of the campaign, each once, each with its right result.
    const byId = new Map(runs.map((r) => [r.id, JSON.parse(r.params) as ReturnType<typeof paramsOf>]));
    const tags = new Set<string>();
    for (const r of results) {
      const p = byId.get(r.run_id)!;
      tags.add(p.tag);
      const k = Number(p.tag.slice(4));
      expect(p).toEqual(paramsOf(k));
      expect(JSON.parse(r.outputs)).toEqual({ y: model(p) });
    }
    expect(tags.size).toBe(N);
    const hashOf = (p: object) => createHash('sha256').update(canonicalJson(p)).digest('hex');
    expect(runs.every((r) => r.hash === hashOf(JSON.parse(r.params)))).toBe(true);
  });

  it('4 worker processes on one file execute every run exactly once', async () => {
    const N = 1200;
    const path = dbFile('workers');
    const s = openStore(path);
    s.add(Array.from({ length: N }, (_, k) => ({ params: paramsOf(k) })));
    const batches = [1, 2, 3, 5];
    const workers = batches.map((b, i) => {
      const out = join(dir, `worker-${fileNo}-${i}.txt`);
      writeFileSync(out, '');
      return { out, c: child('worker', path, `w${i}`, out, String(b)) };
    });
    await Promise.all(workers.map((w) => w.c.waitFor((l) => l === 'ready')));
    for (const w of workers) w.c.proc.stdin.write('go\n');
    const exits = await Promise.all(workers.map((w) => w.c.exited));
    exits.forEach((e, i) => expect(e, workers[i]!.c.stderr()).toEqual({ code: 0, signal: null }));
    const executed = workers.map((w) => readFileSync(w.out, 'utf8').split('\n').filter(Boolean).map(Number));
    const all = executed.flat();
    // Each worker did part of the work (so they really competed) ...
    for (const e of executed) expect(e.length, `runs per worker: ${executed.map((x) => x.length).join(', ')}`).toBeGreaterThan(0);
    // ... and together every run exactly once.
    expect(all.length).toBe(N);
    expect(new Set(all).size).toBe(N);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(s.counts()).toMatchObject({ done: N, total: N });
    const results = s.results();
    const owners = new Map<number, string>();
    executed.forEach((ids, i) => ids.forEach((id) => owners.set(id, `w${i}`)));
    for (const r of results) expect((r.outputs as { by: string }).by).toBe(owners.get(r.id));
    s.close();
  });

  it('a process that claims and never completes loses its runs when the lease runs out', async () => {
    const path = dbFile('lease');
    const s = openStore(path);
    s.add(Array.from({ length: 5 }, (_, k) => ({ params: paramsOf(k) })));
    const holder = child('hold', path, 'sleepy', '2', '400');
    const claimed = (await holder.waitFor((l) => l.startsWith('claimed '))).slice(8).split(',').map(Number);
    const t0 = Date.now();
    expect(claimed).toEqual([1, 2]);
    // While the lease holds, others get the other runs only.
    expect(s.claim('fresh', 10, 60_000).map((r) => r.id)).toEqual([3, 4, 5]);
    expect(s.claim('fresh', 10, 60_000)).toEqual([]);
    await new Promise((r) => setTimeout(r, Math.max(0, 450 - (Date.now() - t0))));
    const taken = s.claim('fresh', 10, 60_000);
    expect(taken.map((r) => [r.id, r.attempts])).toEqual([[1, 2], [2, 2]]);
    // The holder wakes up and tries to complete: refused, and nothing of it is recorded.
    holder.proc.stdin.write('complete\n');
    expect(await holder.waitFor((l) => l.startsWith('error') || l === 'completed')).toBe('error ERR_RUN_STATE');
    await holder.exited;
    expect(s.results()).toEqual([]);
    for (const r of taken) s.complete(r.id, 'fresh', { y: 0 });
    expect(s.counts()).toMatchObject({ done: 2, running: 3 });
    s.close();
  });
});
