// Damaged campaign stores, met as a user meets them: a campaign written by a real child process
// (real model processes, a real SQLite file) that is SIGKILLed before any checkpoint, so that its
// commits are in campaign.db-wal; then the -wal deleted or cut in half, or a page of a
// checkpointed campaign.db overwritten; then the built CLI run on it. Also: the read-only
// commands leave campaign.db as it was (bytes, schema version), also in a directory they cannot
// write; and `uqkit check` on healthy and inconsistent campaigns.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, StoreDamagedError, StoreError, StoreVersionError, STORE_SCHEMA_VERSION } from 'uqkit';
import { downgradeSql, thrown } from './helpers.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const ENTRY = pathToFileURL(fileURLToPath(new URL('../build/index.js', import.meta.url))).href;
const root = mkdtempSync(join(tmpdir(), 'uqkit-store-damage-'));
chmodSync(root, 0o755); // readable by the unprivileged user of the read-only test
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Out { status: number | null; stdout: string; stderr: string }
function uqkit(cwd: string, args: string[], as?: { uid: number; gid: number }): Out {
  const r = spawnSync(process.execPath, [as ? mainForOthers() : MAIN, ...args], { encoding: 'utf8', cwd, ...(as ?? {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI as another user can run it: the checkout may sit in a folder only its owner can enter
 * (mktemp -d makes such folders), so the built package and its runtime dependencies are copied
 * once into this test's own folder, which everyone may read.
 */
let forOthers: string | undefined;
function mainForOthers(): string {
  if (forOthers) return forOthers;
  const pkg = join(root, 'pkg');
  const from = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
  cpSync(from('build'), join(pkg, 'build'), { recursive: true });
  cpSync(from('package.json'), join(pkg, 'package.json'));
  for (const dep of ['yaml', 'bindings', 'file-uri-to-path']) cpSync(from(`node_modules/${dep}`), join(pkg, 'node_modules', dep), { recursive: true });
  for (const part of ['package.json', 'lib', 'build/Release/better_sqlite3.node']) cpSync(from(`node_modules/better-sqlite3/${part}`), join(pkg, 'node_modules/better-sqlite3', part), { recursive: true });
  return (forOthers = join(pkg, 'build/cli/main.js'));
}
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
/** One line on stderr, no stack trace. */
function oneLine(o: Out): string {
  expect(o.stderr).not.toMatch(/\n\s+at |SqliteError|node:internal/);
  expect(o.stderr.trimEnd().split('\n')).toHaveLength(1);
  return o.stderr.trimEnd();
}

const MODEL = `import { readFileSync, writeFileSync } from 'node:fs';
const p = JSON.parse(readFileSync('params.json', 'utf8'));
writeFileSync('out.json', JSON.stringify({ y: 2 * p.x }));
`;
// Creates the campaign, executes its 9 runs (real processes), reports the counts and kills
// itself before closing the store: every commit is in campaign.db-wal, none checkpointed.
const WRITER = `import { Campaign } from ${JSON.stringify(ENTRY)};
const [dir, model] = process.argv.slice(2);
const c = Campaign.create(dir, {
  name: 'dmg',
  params: { x: { type: 'float', min: 0, max: 100, default: 1 } },
  runner: { kind: 'local', command: [process.execPath, model] },
  decoder: { kind: 'json', file: 'out.json' },
  sampler: { kind: 'sweep', levels: { x: [1, 2, 3, 4, 5, 6, 7, 8, 9] } },
});
c.addSampler({ kind: 'sweep', levels: { x: [1, 2, 3, 4, 5, 6, 7, 8, 9] } });
const counts = await c.execute({ progress: false });
process.stdout.write(JSON.stringify(counts) + '\\n');
process.kill(process.pid, 'SIGKILL');
`;
const CAMPAIGN_FILE = `name: dmg
dir: ./CAMPAIGN
params:
  x: { type: float, min: 0, max: 100, default: 1 }
sampler: { kind: sweep, levels: { x: [1, 2, 3, 4, 5, 6, 7, 8, 9] } }
runner: { kind: local, command: [node, ./model.mjs] }
decoder: { kind: json, file: out.json }
`;

/** The campaign as the killed writer left it (campaign.db, -wal, -shm, run directories). */
const killed = join(root, 'killed');
/** The same campaign after a clean close (everything in campaign.db, no -wal). */
const closed = join(root, 'closed');
let copies = 0;
function copyOf(src: string): string {
  const to = join(root, `c${++copies}`);
  cpSync(src, to, { recursive: true });
  return to;
}
const db = (dir: string): string => join(dir, 'campaign.db');

beforeAll(() => {
  writeFileSync(join(root, 'model.mjs'), MODEL);
  writeFileSync(join(root, 'writer.mjs'), WRITER);
  const w = spawnSync(process.execPath, [join(root, 'writer.mjs'), killed, join(root, 'model.mjs')], { encoding: 'utf8' });
  expect([w.signal, w.stderr]).toEqual(['SIGKILL', '']);
  expect(JSON.parse(w.stdout)).toMatchObject({ done: 9, total: 9 });
  // Nothing was checkpointed: the file holds at most its first pages, the -wal the campaign.
  expect(statSync(`${db(killed)}-wal`).size).toBeGreaterThan(statSync(db(killed)).size);
  cpSync(killed, closed, { recursive: true });
  openStore(db(closed), { create: false }).close(); // checkpoints and removes the -wal
  expect(existsSync(`${db(closed)}-wal`)).toBe(false);
  // what the killed writer reported done is all there
  const store = openStore(db(closed), { readonly: true });
  expect(store.counts()).toMatchObject({ done: 9, total: 9 });
  expect(store.results().map((r) => r.outputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => ({ y: 2 * x })));
  store.close();
  // (the reader left an empty -wal and a -shm: removed, as a clean close leaves none)
  rmSync(`${db(closed)}-wal`, { force: true });
  rmSync(`${db(closed)}-shm`, { force: true });
});

describe('a lost -wal file', () => {
  it('status, runs and check say the store is damaged in one line; nothing is written into the file', () => {
    const dir = copyOf(killed);
    unlinkSync(`${db(dir)}-wal`);
    unlinkSync(`${db(dir)}-shm`);
    const before = sha(db(dir));
    for (const cmd of ['status', 'runs', 'analyse', 'export']) {
      const o = uqkit(root, cmd === 'export' ? [cmd, dir, '--format', 'csv'] : [cmd, dir]);
      expect(o.status).toBe(1);
      expect(oneLine(o)).toMatch(new RegExp(`^uqkit ${cmd}: .*campaign\\.db is damaged \\(it has no tables: its -wal file, which held the commits not yet copied into campaign\\.db, was lost or deleted\\): if you have that campaign\\.db-wal, put it back beside campaign\\.db and delete campaign\\.db-shm while no uqkit command runs on .*; else start again with \`uqkit run FILE --fresh\`$`));
    }
    // uqkit run too (it opens the store for writing): refused before anything is written
    const name = dir.split('/').pop()!;
    writeFileSync(`${dir}.yaml`, CAMPAIGN_FILE.replace('CAMPAIGN', name));
    const r = uqkit(root, ['run', `${dir}.yaml`, '-q']);
    expect(r.status).toBe(1);
    expect(oneLine(r)).toMatch(/^uqkit run: .*campaign\.db is damaged \(it has no tables: .*\): if you have that campaign\.db-wal, put it back beside campaign\.db and delete campaign\.db-shm while no uqkit command runs on .*; else start again with `uqkit run FILE --fresh`$/);
    expect(sha(db(dir))).toBe(before);
    const raw = new Sqlite(db(dir), { readonly: true });
    expect(raw.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get()).toEqual({ n: 0 }); // no fresh schema written
    raw.close();
    const c = uqkit(root, ['check', dir]);
    expect(c.status).toBe(1);
    expect(c.stdout).toMatch(/\nproblem: campaign\.db cannot be opened: the campaign store is damaged \(it has no tables: its -wal file, which held the commits not yet copied into campaign\.db, was lost or deleted\)\nnot healthy: 1 problem\n$/);
    expect(sha(db(dir))).toBe(before);
  });

  it('the library: a store opened without creating is refused as damaged, not given a fresh schema', () => {
    const dir = copyOf(killed);
    unlinkSync(`${db(dir)}-wal`);
    unlinkSync(`${db(dir)}-shm`);
    for (const options of [{ create: false }, { readonly: true }]) {
      const e = thrown(() => openStore(db(dir), options));
      expect(e).toBeInstanceOf(StoreDamagedError);
      expect((e as StoreDamagedError).path).toBe(db(dir));
    }
    writeFileSync(join(dir, 'empty.db'), '');
    expect(thrown(() => openStore(join(dir, 'empty.db'), { create: false })).message).toBe(`${join(dir, 'empty.db')}: is an empty file, not a campaign store`);
  });
});

describe('a -wal file cut in half', () => {
  it('status warns and check names the runs whose outputs are there but whose records were lost; nothing is written', () => {
    const dir = copyOf(killed);
    const wal = `${db(dir)}-wal`;
    truncateSync(wal, Math.floor(statSync(wal).size / 2));
    unlinkSync(`${db(dir)}-shm`);
    const before = [sha(db(dir)), sha(wal)];
    const s = uqkit(root, ['status', dir]);
    expect(s.status).toBe(0);
    expect(oneLine(s)).toMatch(/^uqkit status: warning: campaign\.db-wal ends inside a frame \(\d+ bytes is not 32 \+ a whole number of 4120-byte frames\): it was cut short.*; `uqkit check .*` lists the runs concerned$/);
    const store = openStore(db(dir), { readonly: true });
    const notDone = store.runs({ status: ['new', 'encoded'] }).map((r) => r.id);
    const done = store.counts().done;
    store.close();
    expect(done).toBeLessThan(9); // the cut rolled runs back
    expect(notDone.length).toBeGreaterThan(0);
    const c = uqkit(root, ['check', dir, '--json']);
    expect(c.status).toBe(1);
    const r = JSON.parse(c.stdout) as { healthy: boolean; integrity: boolean; findings: { severity: string; kind: string; runs?: number[] }[] };
    expect(r.healthy).toBe(false);
    expect(r.integrity).toBe(true);
    expect(r.findings.find((f) => f.kind === 'wal-cut')).toMatchObject({ severity: 'problem' });
    // every run's directory holds out.json: exactly the runs the store holds as queued are named
    expect(r.findings.find((f) => f.kind === 'outputs-not-recorded')).toMatchObject({ severity: 'problem', runs: notDone });
    const text = uqkit(root, ['check', dir]);
    expect(text.stdout).toMatch(/\nproblem: \d+ runs? not done in the store whose run directories hold outputs that decode \(runs [\d, -]+\): .*`uqkit run` executes them again, rewriting those outputs\n/);
    expect([sha(db(dir)), sha(wal)]).toEqual(before);
  });
});

describe('a corrupted page', () => {
  /** Overwrites the runs table's root page (in the middle of the file) with garbage. */
  function corrupt(dir: string): void {
    const raw = new Sqlite(db(dir), { readonly: true });
    const { rootpage } = raw.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'runs'`).get() as { rootpage: number };
    const page = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    expect((rootpage - 1) * page).toBeGreaterThan(0);
    expect(rootpage * page).toBeLessThan(statSync(db(dir)).size);
    const fd = openSync(db(dir), 'r+');
    writeSync(fd, Buffer.alloc(256, 0xa5), 0, 256, (rootpage - 1) * page);
    closeSync(fd);
  }

  it('every command that reads the runs prints one line naming the file and what to do, never a stack trace', () => {
    // made by `uqkit run` itself, so that running its file again gets as far as the runs
    const dir = join(root, 'by-cli');
    writeFileSync(`${dir}.yaml`, CAMPAIGN_FILE.replace('CAMPAIGN', 'by-cli'));
    expect(uqkit(root, ['run', `${dir}.yaml`, '-q'])).toMatchObject({ status: 0, stderr: '' });
    corrupt(dir);
    const damaged = /campaign\.db is damaged \(database disk image is malformed\): `uqkit check .*` says what can still be read; restore it from a backup, salvage its rows with `sqlite3 .*campaign\.db \.recover`, or start again with `uqkit run FILE --fresh`$/;
    // (status counts runs from an index, which the damage spares)
    for (const args of [['analyse', dir], ['runs', dir], ['export', dir, '--format', 'json'], ['report', dir, '-o', join(dir, 'r.html')], ['run', `${dir}.yaml`, '-q']]) {
      const o = uqkit(root, args);
      expect([args[0], o.status]).toEqual([args[0], 1]);
      expect(oneLine(o)).toMatch(new RegExp(`^uqkit ${args[0]}: .*${damaged.source}`));
    }
    const c = uqkit(root, ['check', dir]);
    expect(c.status).toBe(1);
    expect(c.stdout).toMatch(/^campaign\.db: SQLite integrity check: found damage\n/);
    expect(c.stdout).toMatch(/\nproblem: (SQLite integrity check: |SQLite integrity check could not finish: ).*\n/);
    expect(c.stdout).toMatch(/\nnot healthy: \d+ problems?\n$/);
  });
});

describe('read-only commands never write the store', () => {
  it('status, analyse, runs, export, report -o and check leave campaign.db byte for byte', () => {
    // (report without -o writes report.html into the campaign directory and records it as uqkit's)
    const dir = copyOf(closed);
    const before = sha(db(dir));
    for (const args of [['status', dir], ['analyse', dir], ['runs', dir], ['export', dir, '--format', 'csv'], ['report', dir, '-o', `${dir}-report.html`], ['check', dir]]) {
      const o = uqkit(root, args);
      expect([args[0], o.status, o.stderr]).toEqual([args[0], 0, '']);
    }
    expect(sha(db(dir))).toBe(before);
    expect(uqkit(root, ['check', dir]).stdout).toBe('campaign.db: SQLite integrity check: ok\nruns: 9 total, 9 done\nno uqkit run is working on it\nhealthy\n');
  });

  it('a store of the previous schema version is not upgraded by a read-only command: one line says which command does', () => {
    const dir = copyOf(closed);
    const raw = new Sqlite(db(dir));
    raw.exec(downgradeSql(STORE_SCHEMA_VERSION - 1, STORE_SCHEMA_VERSION));
    raw.close();
    const before = sha(db(dir));
    const o = uqkit(root, ['status', dir]);
    expect(o.status).toBe(1);
    expect(oneLine(o)).toMatch(new RegExp(`^uqkit status: .*campaign\\.db: schema version ${STORE_SCHEMA_VERSION - 1}, written by an older uqkit; \`uqkit run\` with the campaign file upgrades it in place \\(this command only reads the store\\)$`));
    expect(sha(db(dir))).toBe(before);
    expect(thrown(() => openStore(db(dir), { readonly: true }))).toBeInstanceOf(StoreVersionError);
    // opened for writing, it is upgraded in place
    openStore(db(dir)).close();
    const after = new Sqlite(db(dir), { readonly: true });
    expect(after.prepare('SELECT version FROM uqkit_schema').get()).toEqual({ version: STORE_SCHEMA_VERSION });
    after.close();
  });

  it('a read-only store refuses writes with a StoreError', () => {
    const dir = copyOf(closed);
    const store = openStore(db(dir), { readonly: true });
    try {
      expect(store.counts().done).toBe(9);
      expect(thrown(() => store.rerun([1]))).toBeInstanceOf(StoreError);
    } finally {
      store.close();
    }
    const again = openStore(db(dir), { readonly: true });
    expect(again.get(1)!.status).toBe('done');
    again.close();
    const e = thrown(() => openStore(db(dir), { readonly: 'yes' as never }));
    expect([e.name, (e as StoreError).field, (e as StoreError).value]).toEqual(['InvalidArgumentError', 'options.readonly', 'yes']);
    expect(thrown(() => openStore(join(dir, 'none.db'), { readonly: true })).message).toBe(`${join(dir, 'none.db')}: no such campaign store`);
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });

  it('in a directory the user cannot write: status and check read it and create nothing', () => {
    const dir = copyOf(closed);
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const entries = readdirSync(dir).sort();
    chmodSync(db(dir), 0o444);
    chmodSync(dir, 0o555);
    try {
      const s = uqkit(root, ['status', dir], as);
      expect([s.status, s.stderr]).toEqual([0, '']);
      expect(s.stdout).toMatch(/\nruns: 9 total, 9 done\n/);
      const c = uqkit(root, ['check', dir], as);
      expect([c.status, c.stderr]).toEqual([0, '']);
      expect(c.stdout).toMatch(/\nhealthy\n$/);
      expect(readdirSync(dir).sort()).toEqual(entries); // no -wal, no -shm
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('a -wal holding commits, in a directory the user cannot write', () => {
  it('is one line saying why it cannot be read (SQLite needs a -shm beside it)', () => {
    const dir = copyOf(killed);
    unlinkSync(`${db(dir)}-shm`);
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    chmodSync(dir, 0o555);
    try {
      const o = uqkit(root, ['status', dir], as);
      expect(o.status).toBe(1);
      expect(oneLine(o)).toMatch(/^uqkit status: .*campaign\.db: its -wal file holds \d+ bytes of commits, which SQLite reads only with a -shm index beside it, and the directory cannot be written to create one: read it as a user who can write the directory, or copy the directory$/);
      expect(existsSync(`${db(dir)}-shm`)).toBe(false);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('uqkit check', () => {
  it('runs left running by a killed runner are a note (exit 0); a scheduler job without runs is a problem', () => {
    const dir = copyOf(closed);
    const raw = new Sqlite(db(dir));
    raw.prepare(`UPDATE runs SET status = 'running', owner = 'gone:1', lease_deadline = 1 WHERE id IN (4, 5)`).run();
    raw.prepare('DELETE FROM results WHERE run_id IN (4, 5)').run();
    raw.close();
    const c = uqkit(root, ['check', dir]);
    expect([c.status, c.stderr]).toEqual([0, '']);
    expect(c.stdout).toBe('campaign.db: SQLite integrity check: ok\nruns: 9 total, 2 running, 7 done\nno uqkit run is working on it\n' +
      'note: 2 runs still marked running whose leases have ended (runs 4-5): their runner stopped without giving them back; the next `uqkit run` takes them over\nhealthy\n');
    const raw2 = new Sqlite(db(dir));
    raw2.prepare(`INSERT INTO jobs (runner, name, job_id, owner, state, runs_per_task, tasks, work_dir, created_at) VALUES ('slurm', 'uqkit-x', '77', 'gone:1', 'active', 1, 1, '/tmp', 0)`).run();
    raw2.close();
    const j = uqkit(root, ['check', dir]);
    expect(j.status).toBe(1);
    expect(j.stdout).toMatch(/\nproblem: scheduler job 77 \(active\) is recorded without any run: its runs' records were lost\nnot healthy: 1 problem\n$/);
  });

  it('--help, and in uqkit --help', () => {
    expect(uqkit(root, ['--help']).stdout).toMatch(/\n {2}uqkit check DIR \[--json\] +is campaign\.db sound/);
    const h = uqkit(root, ['check', '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^uqkit check DIR \[--json\]\n/);
  });

  it('done runs whose run directory is gone, and a done run without its result', () => {
    const dir = copyOf(closed);
    const store = openStore(db(dir), { create: false });
    const ids = store.runs().map((r) => r.id);
    store.close();
    rmSync(join(dir, 'runs'), { recursive: true }); // every run directory
    const raw = new Sqlite(db(dir));
    raw.prepare('DELETE FROM results WHERE run_id = ?').run(ids[2]);
    raw.close();
    const c = uqkit(root, ['check', dir, '--json']);
    expect(c.status).toBe(1);
    const r = JSON.parse(c.stdout) as { healthy: boolean; findings: { kind: string; runs?: number[]; message: string }[] };
    expect(r.findings.map((f) => [f.kind, f.runs])).toEqual([['done-without-result', [ids[2]]], ['done-without-directory', ids]]);
    expect(r.findings[1]!.message).toBe(`9 runs done whose run directory is missing (runs ${ids[0]}-${ids[8]}): their results are in the store and analysed, but cannot be decoded again (recollate skips them)`);
  });
});
