// The Slurm runner over a real campaign store (src/execution/slurm-runner.ts) on the real
// single-node Slurm of scripts/slurm.sh: real SQLite files, real sbatch/squeue/scancel, a real
// shell model writing a CSV. A 200-run campaign in arrays of 10 runs per task; failures with
// their reasons; an array task cancelled mid-way (its unfinished runs resubmitted, or failed once
// the retries are spent); a runner SIGKILLed after submitting and a second one re-attaching to
// its arrays (no array submitted twice, counted in the store and in squeue); cancel by
// AbortSignal and by cancelCampaignJobs (squeue empty, runs back in the queue); a version-1
// store upgraded in place.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelCampaignJobs, openStore, paramVariable, runSlurm, runStatus, submitArrays, STORE_SCHEMA_VERSION,
  type CampaignStore, type SlurmRunnerOptions,
} from 'uqkit';
import { downgradeSql, thrown } from './helpers.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
const script = new URL('../scripts/slurm.sh', import.meta.url).pathname;
const conf = execFileSync('bash', [script, 'conf'], { encoding: 'utf8' }).trim();
const slurmEnv = { SLURM_CONF: conf };
const squeue = (args: string[]): string[] =>
  execFileSync('squeue', ['-h', ...args], { encoding: 'utf8', env: { ...process.env, ...slurmEnv } }).split('\n').map((l) => l.trim()).filter(Boolean);
/** A name no earlier run of this file used (finished jobs stay in squeue for MinJobAge). */
const unique = (name: string): string => `${name}-${process.pid}-${Date.now().toString(36)}`;

async function until(f: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (f()) return true;
  return f();
}

const root = mkdtempSync(join(tmpdir(), 'uqkit-slurm-runner-'));
// The model: y = x^2 + 3z and w = x - z into out.csv; appends to `attempts` (runs counted);
// sleeps $SLEEP (from the parameter `sleep`, default 0); exits 3 when x > 0.9 with a message on stderr.
const model = join(root, 'model.sh');
writeFileSync(model, `#!/bin/sh
x=$${paramVariable('x')}; z=$${paramVariable('z')}; s=\${${paramVariable('sleep')}:-0}
echo . >> attempts
sleep "$s"
if awk "BEGIN{exit !($x > 0.9)}"; then echo "x too large: $x" >&2; exit 3; fi
awk "BEGIN{printf \\"y,w\\n%.17g,%.17g\\n\\", $x * $x + 3 * $z, $x - $z}" > out.csv
`);
const decode = (dir: string): Record<string, number> => {
  const [head, row] = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
  return Object.fromEntries(head!.split(',').map((k, i) => [k, Number(row!.split(',')[i])]));
};
const options = (name: string, more: Partial<SlurmRunnerOptions> = {}): SlurmRunnerOptions => ({
  command: ['sh', model], runDir: (r: { readonly id: number }) => join(root, name, String(r.id)), workDir: join(root, name, 'slurm'),
  decode, pollMs: 200, progress: false, slurmEnv, ...more,
});
const storeFor = (name: string, runs: { x: number; z: number; sleep?: number }[]): CampaignStore => {
  const store = openStore(join(root, `${name}.sqlite`), { name: unique(name) });
  store.add(runs.map((params) => ({ params })));
  return store;
};
const checkResults = (store: CampaignStore): void => {
  for (const r of store.results()) {
    const { x, z } = r.params as { x: number; z: number };
    expect(r.outputs).toEqual({ y: x * x + 3 * z, w: x - z });
  }
};
const attemptsIn = (dir: string): number => (existsSync(join(dir, 'attempts')) ? readFileSync(join(dir, 'attempts'), 'utf8').length / 2 : 0);

beforeAll(() => {
  execFileSync('bash', [script, 'up'], { stdio: 'inherit', timeout: 120_000 });
}, 130_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runSlurm', () => {
  it('200 runs in arrays of 10 runs per task: every result equals the formula, the array recorded with its runs', async () => {
    const store = storeFor('two-hundred', Array.from({ length: 200 }, (_, i) => ({ x: i / 250, z: i % 7 })));
    const lines: string[] = [];
    const stream = { write: (t: string): boolean => lines.push(t) > 0 } as unknown as NodeJS.WritableStream;
    const counts = await runSlurm(store, options('two-hundred', { runsPerTask: 10, throttle: 8, progress: { stream, intervalMs: 0 } }));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatch(/^runs 200\/200 done, 0 failed, 0 running, 0 pending; /);
    expect(lines.some((l) => / running, /.test(l) && !/ 0 running, /.test(l))).toBe(true); // seen while in flight
    expect(counts).toMatchObject({ done: 200, failed: 0, running: 0, new: 0, encoded: 0 });
    expect(store.results()).toHaveLength(200);
    checkResults(store);
    const jobs = store.jobs();
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    expect(job).toMatchObject({ runner: 'slurm', state: 'ended', tasks: 20, runsPerTask: 10, open: 0 });
    expect(job.runs).toEqual(store.runs().map((r) => r.id));
    const jr = store.jobRuns({ job: job.id });
    expect(jr.map((r) => r.outcome)).toEqual(Array(200).fill('done'));
    expect(jr.map((r) => r.task)).toEqual(Array.from({ length: 200 }, (_, i) => Math.floor(i / 10)));
    // Slurm agrees: one array of 20 tasks, all COMPLETED, under the job's recorded name.
    expect(squeue(['-t', 'all', '-r', '-j', job.jobId!, '-o', '%j %T'])).toEqual(Array(20).fill(`${job.name} COMPLETED`));
    for (const r of store.runs()) expect(attemptsIn(join(root, 'two-hundred', String(r.id)))).toBe(1);
    store.close();
  }, 120_000);

  it('MaxArraySize and MaxJobCount: arrays of at most 3 tasks, never more than 4 tasks in flight, every run in one array', async () => {
    const store = storeFor('paced', Array.from({ length: 20 }, (_, i) => ({ x: i / 25, z: i })));
    const inFlight: number[] = [];
    const p = runSlurm(store, options('paced', { runsPerTask: 2, limits: { maxArraySize: 3, maxJobCount: 4 } }));
    // sample the tasks the store says are in flight (arrays with runs still open) while it works
    let settled = false;
    void p.finally(() => (settled = true));
    while (!settled) {
      inFlight.push(store.jobs({ open: true }).reduce((n, j) => n + j.tasks, 0));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await p).toMatchObject({ done: 20, failed: 0 });
    checkResults(store);
    const jobs = store.jobs();
    expect(jobs.reduce((n, j) => n + j.tasks, 0)).toBe(10);
    expect(jobs.length).toBeGreaterThanOrEqual(4); // at most 3 tasks per array
    for (const j of jobs) expect(j.tasks).toBeLessThanOrEqual(3);
    expect(jobs[1]!.tasks).toBe(1); // the first cycle: 3 tasks, then room for 1 more under MaxJobCount = 4
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(4);
    expect(Math.max(...inFlight)).toBeGreaterThan(0);
    expect(jobs.flatMap((j) => j.runs).sort((a, b) => a - b)).toEqual(store.runs().map((r) => r.id));
    store.close();
  }, 60_000);

  it('a non-zero exit fails the run with its exit code, job and stderr; a decoder that throws, or returns what is not JSON, fails it with its message', async () => {
    const store = storeFor('failing', [{ x: 0.5, z: 1 }, { x: 0.95, z: 2 }, { x: 0.25, z: 3 }, { x: 0.125, z: 4 }]);
    const ids = store.runs().map((r) => r.id);
    const counts = await runSlurm(store, options('failing', {
      runsPerTask: 2,
      decode: (dir, run) => {
        if (run.id === ids[3]) throw new Error('no column te in out.csv');
        if (run.id === ids[2]) return { y: 1n }; // not JSON: fails this run only
        return decode(dir);
      },
    }));
    expect(counts).toMatchObject({ done: 1, failed: 3 });
    expect(store.get(ids[2]!)!.reason).toMatch(/^decoding failed: result\.y: expected a JSON value .*, got 1n \(a BigInt is not one: Number\(v\) or String\(v\) converts it\)$/);
    const job = store.jobs()[0]!;
    expect(store.get(ids[1]!)!.reason).toBe(`exit code 3 in Slurm job ${job.jobId}_0; stderr: x too large: 0.95`);
    expect(store.get(ids[3]!)!.reason).toBe('decoding failed: no column te in out.csv');
    expect(store.jobRuns({ job: job.id }).map((r) => r.outcome)).toEqual(['done', 'failed', 'failed', 'failed']);
    checkResults(store);
    store.close();
  }, 60_000);

  it('an array task cancelled mid-way: its unfinished runs are resubmitted and complete; with no retries they fail saying why', async () => {
    for (const retries of [1, 0]) {
      const name = `killed-${retries}`;
      const store = storeFor(name, Array.from({ length: 30 }, (_, i) => ({ x: i / 40, z: i, sleep: 0.3 })));
      const p = runSlurm(store, options(name, { runsPerTask: 10, retries }));
      // once task 1 has finished its first run, cancel that task alone (as an operator or a preemption would)
      let jobId = '';
      expect(await until(() => {
        const job = store.jobs({ state: 'active' })[0];
        if (!job) return false;
        jobId = job.jobId!;
        return runStatus(store.jobRuns({ job: job.id })[10]!.dir).state === 'exited';
      }, 30_000)).toBe(true);
      execFileSync('scancel', [`${jobId}_1`], { env: { ...process.env, ...slurmEnv } });
      const counts = await p;
      const first = store.jobs()[0]!;
      const inFirst = store.jobRuns({ job: first.id });
      const lost = inFirst.filter((r) => r.outcome === 'lost');
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.length).toBeLessThan(10);
      for (const r of lost) expect(r.task).toBe(1);
      for (const r of inFirst) if (!lost.includes(r)) expect(r.outcome).toBe('done');
      expect(squeue(['-t', 'all', '-r', '-j', jobId, '-o', '%i %T'])).toContain(`${jobId}_1 CANCELLED`);
      const why = `Slurm job ${jobId}_1 ended CANCELLED before the run finished`;
      for (const r of lost) expect(r.detail).toBe(why);
      if (retries === 1) {
        expect(counts).toMatchObject({ done: 30, failed: 0, running: 0 });
        checkResults(store);
        // the lost runs, and only they, went out again in a second array, and were done there
        const jobs = store.jobs();
        expect(jobs).toHaveLength(2);
        expect(jobs[1]!.runs).toEqual(lost.map((r) => r.runId));
        expect(store.jobRuns({ job: jobs[1]!.id }).every((r) => r.outcome === 'done')).toBe(true);
        for (const r of lost) expect(store.get(r.runId)!.attempts).toBe(2);
      } else {
        expect(counts).toMatchObject({ done: 30 - lost.length, failed: lost.length, running: 0 });
        expect(store.jobs()).toHaveLength(1);
        for (const r of lost) expect(store.get(r.runId)!.reason).toBe(`lost with its Slurm array task 1 times (retries: 0); last: ${why}`);
      }
      store.close();
    }
  }, 120_000);

  it('a runner SIGKILLed after submitting: another process re-attaches to its array, none is submitted twice, all results arrive', async () => {
    const name = 'resume';
    const path = join(root, `${name}.sqlite`);
    const store = storeFor(name, Array.from({ length: 60 }, (_, i) => ({ x: i / 80, z: i, sleep: 0.4 })));
    const child = spawn(process.execPath, [new URL('./slurm-runner-child.mjs', import.meta.url).pathname, path, join(root, name), conf, 'first-runner', '3000', model], { stdio: 'inherit' });
    // kill it once its array is recorded and some runs are done
    expect(await until(() => store.jobs({ state: 'active' }).length === 1 && store.counts().done >= 5, 60_000)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const atKill = store.counts();
    expect(atKill.done).toBeLessThan(60);
    expect(atKill.running).toBe(60 - atKill.done); // held by the dead runner
    const job = store.jobs()[0]!;
    // the array is still queued or running in Slurm
    expect(squeue(['-r', '-j', job.jobId!, '-o', '%T']).length).toBeGreaterThan(0);

    // a second runner, another owner: takes the runs over when the dead one's 3 s leases lapse
    const counts = await runSlurm(store, options(name, { runsPerTask: 5, throttle: 3, leaseMs: 3000 }));
    expect(counts).toMatchObject({ done: 60, failed: 0, running: 0 });
    checkResults(store);
    // one array in the store, one array in Slurm under this campaign's job names
    expect(store.jobs().map((j) => [j.jobId, j.state])).toEqual([[job.jobId, 'ended']]);
    const prefix = `uqkit-${store.info().name.replace(/[^A-Za-z0-9_.+-]/g, '_').slice(0, 40)}-`;
    const arrays = new Set(squeue(['-t', 'all', '-o', '%F %j']).filter((l) => l.split(' ')[1]!.startsWith(prefix)).map((l) => l.split(' ')[0]));
    expect([...arrays]).toEqual([job.jobId]);
    // and every run executed exactly once
    for (const r of store.runs()) expect(attemptsIn(join(root, name, String(r.id)))).toBe(1);
    store.close();
  }, 120_000);

  it('cancel by AbortSignal: the arrays are scancel\'ed (squeue lists none pending or running), the runs back in the queue', async () => {
    const store = storeFor('cancel', Array.from({ length: 12 }, (_, i) => ({ x: i / 20, z: i, sleep: 60 })));
    const ac = new AbortController();
    const p = runSlurm(store, options('cancel', { runsPerTask: 2, signal: ac.signal }));
    expect(await until(() => {
      const job = store.jobs({ state: 'active' })[0];
      return job !== undefined && runStatus(store.jobRuns({ job: job.id })[0]!.dir).state === 'running';
    }, 30_000)).toBe(true);
    ac.abort();
    const counts = await p;
    expect(counts).toMatchObject({ running: 0, done: 0, failed: 0 });
    expect(counts.new + counts.encoded).toBe(12);
    const job = store.jobs()[0]!;
    expect(job.state).toBe('cancelled');
    expect(squeue(['-r', '-j', job.jobId!, '-o', '%T'])).toEqual([]); // nothing pending or running
    expect(new Set(squeue(['-t', 'all', '-r', '-j', job.jobId!, '-o', '%T']))).toEqual(new Set(['CANCELLED']));
    expect(store.jobRuns({ job: job.id }).map((r) => r.outcome)).toEqual(Array(12).fill('released'));
    for (const r of store.runs()) expect(r.attempts).toBe(1);
    store.close();
  }, 60_000);

  it('cancelCampaignJobs from another store handle (as `uqkit kill` would): the runner sees it, releases the runs and returns', async () => {
    const store = storeFor('kill', Array.from({ length: 8 }, (_, i) => ({ x: i / 20, z: i, sleep: 60 })));
    const p = runSlurm(store, options('kill', { runsPerTask: 4 }));
    expect(await until(() => store.jobs({ state: 'active' }).length === 1, 30_000)).toBe(true);
    const other = openStore(store.path, { create: false });
    const job = other.jobs()[0]!;
    expect(cancelCampaignJobs(other, slurmEnv)).toEqual([{ job: job.id, jobId: job.jobId }]);
    expect(cancelCampaignJobs(other, slurmEnv)).toEqual([]); // nothing left to cancel
    other.close();
    const counts = await p;
    expect(counts).toMatchObject({ running: 0, done: 0, failed: 0 });
    expect(counts.new + counts.encoded).toBe(8);
    expect(store.jobs()[0]).toMatchObject({ state: 'cancelled', detail: 'cancelled by cancelCampaignJobs' });
    expect(squeue(['-r', '-j', job.jobId!, '-o', '%T'])).toEqual([]);
    store.close();
  }, 60_000);

  it('a run whose task recorded its death by a signal (exit 143) while the array was being cancelled goes back to the queue, not to failed', async () => {
    // scancel's SIGTERM reaches a task's processes one by one: the task's shell can record
    // "exit 143" for the run it just lost before it dies itself. Here that record is written
    // by hand at the moment of the cancel, for each running run.
    const store = storeFor('kill-race', Array.from({ length: 4 }, (_, i) => ({ x: i / 20, z: i, sleep: 60 })));
    const p = runSlurm(store, options('kill-race', { runsPerTask: 1 }));
    const dirOf = (id: number) => join(root, 'kill-race', String(id));
    const started = () => store.runs({ status: 'running' }).filter((r) => runStatus(dirOf(r.id)).state === 'running');
    expect(await until(() => started().length > 0, 30_000)).toBe(true);
    const other = openStore(store.path, { create: false });
    cancelCampaignJobs(other, slurmEnv);
    other.close();
    for (const r of started()) writeFileSync(join(dirOf(r.id), '.uqkit-status'), `exit 143 ${Math.floor(Date.now() / 1000)}\n`);
    const counts = await p;
    expect(counts).toMatchObject({ running: 0, done: 0, failed: 0 });
    expect(counts.new + counts.encoded).toBe(4);
    store.close();
  }, 60_000);

  it('two live runners on one store: the second waits while the first holds the leases; one array, every run executed once', async () => {
    const store = storeFor('two-runners', Array.from({ length: 20 }, (_, i) => ({ x: i / 40, z: i, sleep: 0.2 })));
    const second = openStore(store.path, { create: false });
    const a = runSlurm(store, options('two-runners', { runsPerTask: 5, owner: 'runner-a' }));
    expect(await until(() => store.jobs({ state: 'active' }).length === 1, 30_000)).toBe(true);
    const b = runSlurm(second, options('two-runners', { runsPerTask: 5, owner: 'runner-b' }));
    const [ca, cb] = await Promise.all([a, b]);
    expect(ca).toMatchObject({ done: 20, running: 0 });
    expect(cb).toMatchObject({ done: 20, running: 0 });
    expect(store.jobs().map((j) => j.owner)).toEqual(['runner-a']);
    checkResults(store);
    for (const r of store.runs()) expect(attemptsIn(join(root, 'two-runners', String(r.id)))).toBe(1);
    second.close();
    store.close();
  }, 60_000);

  it('a runner that died between recording an array and learning its id: the next finds it by name; one that died before sbatch: its runs go out again', async () => {
    const store = storeFor('gap', Array.from({ length: 8 }, (_, i) => ({ x: i / 10, z: i })));
    const claimed = store.claim('crashed', 8, 60_000);
    const dirOf = (id: number): string => join(root, 'gap', String(id));
    const half = (part: typeof claimed): { id: number; dir: string }[] => part.map((r) => ({ id: r.id, dir: dirOf(r.id) }));
    // first half: recorded, submitted under its name, id never written to the store
    const name = `uqkit-gap-${process.pid}-${Date.now().toString(36)}`;
    const row = store.addJob('crashed', { runner: 'slurm', name, runsPerTask: 2, workDir: join(root, 'gap', 'manual'), runs: half(claimed.slice(0, 4)) });
    const [array] = submitArrays(claimed.slice(0, 4).map((r) => ({
      dir: dirOf(r.id), command: ['sh', model],
      env: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [paramVariable(k), String(v)])),
    })), { workDir: join(root, 'gap', 'manual'), runsPerTask: 2, jobName: name, slurmEnv });
    // second half: recorded, never submitted
    const lostRow = store.addJob('crashed', { runner: 'slurm', name: `${name}-b`, runsPerTask: 2, workDir: join(root, 'gap', 'manual-b'), runs: half(claimed.slice(4)) });
    expect(store.jobs().map((j) => j.state)).toEqual(['submitting', 'submitting']);
    // the same owner restarts: takes over at once (no lease to wait for)
    const counts = await runSlurm(store, options('gap', { runsPerTask: 2, owner: 'crashed' }));
    expect(counts).toMatchObject({ done: 8, failed: 0, running: 0 });
    checkResults(store);
    const jobs = store.jobs();
    expect(jobs.map((j) => [j.id, j.jobId, j.state])).toEqual([[row, array!.jobId, 'ended'], [lostRow, null, 'unsubmitted'], [jobs[2]!.id, jobs[2]!.jobId, 'ended']]);
    expect(jobs[1]!.detail).toBe(`no job named ${name}-b in squeue: the submission did not happen`);
    expect(jobs[2]!.runs).toEqual(claimed.slice(4).map((r) => r.id));
    expect(store.jobRuns({ job: lostRow }).map((r) => r.outcome)).toEqual(Array(4).fill('released'));
    for (const r of store.runs()) expect(attemptsIn(dirOf(r.id))).toBe(1);
    store.close();
  }, 60_000);

  it('an array cancelled while its runner was dead: the next runner keeps what finished, runs the rest again and goes on', async () => {
    const store = storeFor('killed-dead', Array.from({ length: 8 }, (_, i) => ({ x: i / 10, z: i, sleep: i < 2 ? 0 : 3 })));
    const claimed = store.claim('dead', 8, 60_000);
    const dirOf = (id: number): string => join(root, 'killed-dead', String(id));
    const name = unique('uqkit-killed-dead');
    const row = store.addJob('dead', { runner: 'slurm', name, runsPerTask: 2, workDir: join(root, 'killed-dead', 'manual'), runs: claimed.map((r) => ({ id: r.id, dir: dirOf(r.id) })) });
    const [array] = submitArrays(claimed.map((r) => ({
      dir: dirOf(r.id), command: ['sh', model],
      env: Object.fromEntries(Object.entries(r.params).map(([k, v]) => [paramVariable(k), String(v)])),
    })), { workDir: join(root, 'killed-dead', 'manual'), runsPerTask: 2, jobName: name, slurmEnv });
    store.setJobSubmitted(row, array!.jobId);
    // the first task (two instant runs) finishes; then `uqkit kill`
    expect(await until(() => claimed.slice(0, 2).every((r) => runStatus(dirOf(r.id)).state === 'exited'), 30_000)).toBe(true);
    expect(cancelCampaignJobs(store, slurmEnv)).toEqual([{ job: row, jobId: array!.jobId }]);
    expect(await until(() => squeue(['-r', '-j', array!.jobId, '-o', '%T']).length === 0, 20_000)).toBe(true);
    // resumed under the same owner: takes the runs over at once
    const counts = await runSlurm(store, options('killed-dead', { runsPerTask: 2, owner: 'dead' }));
    expect(counts).toMatchObject({ done: 8, failed: 0, running: 0 });
    checkResults(store);
    expect(store.jobRuns({ job: row }).map((r) => r.outcome)).toEqual(['done', 'done', ...Array(6).fill('released')]);
    const jobs = store.jobs();
    expect(jobs.map((j) => j.state)).toEqual(['cancelled', 'ended']);
    expect(jobs[1]!.runs).toEqual(claimed.slice(2).map((r) => r.id));
    store.close();
  }, 60_000);

  it('sbatch refusing the array (no such partition): runSlurm throws sbatch\'s reason, the runs are back in the queue, the job recorded unsubmitted', async () => {
    const store = storeFor('refused', [{ x: 0.1, z: 1 }, { x: 0.2, z: 2 }]);
    const e = (await runSlurm(store, options('refused', { partition: 'nosuch' })).catch((x: unknown) => x)) as Error;
    expect(e.name).toBe('UqkitError');
    expect(e.message).toMatch(/^slurm: sbatch --parsable --array=0-1 .* failed: .*invalid partition/i);
    const c = store.counts();
    expect([c.running, c.new + c.encoded]).toEqual([0, 2]);
    expect(store.jobs()).toMatchObject([{ state: 'unsubmitted', jobId: null, detail: e.message }]);
    store.close();
  });

  it('rejects bad options with the field, the value and what was expected', async () => {
    const store = storeFor('options', [{ x: 0.1, z: 0 }]);
    const e = (await runSlurm(store, options('options', { runsPerTask: 0 })).catch((x: unknown) => x)) as Error;
    expect(e.message).toBe('runsPerTask: expected an integer >= 1, got 0');
    const f = (await runSlurm(store, { ...options('options'), pollMS: 5 } as unknown as SlurmRunnerOptions).catch((x: unknown) => x)) as Error;
    expect(f.message).toMatch(/^opts\.pollMS: expected no such option; the options are command, runDir/);
    expect(store.counts().new).toBe(1); // nothing claimed
    store.close();
  });
});

describe('campaign store schema version 2 (jobs)', () => {
  it('takeOver: the same owner at once, another owner only once the lease has run out; no attempt counted; claim leaves runs in a job alone', () => {
    let now = 1_000_000;
    const s = openStore(join(root, 'takeover.sqlite'), { now: () => now });
    s.add([{ params: { x: 1 } }, { params: { x: 2 } }]);
    const [r1, r2] = s.claim('a', 2, 1000);
    s.addJob('a', { runner: 'slurm', name: 'j1', runsPerTask: 1, workDir: root, runs: [{ id: r1!.id, dir: root }] });
    expect(s.takeOver('b', [r1!.id, r2!.id], 1000)).toEqual([]);
    expect(s.takeOver('a', [r1!.id], 5000)).toEqual([r1!.id]);
    expect(s.get(r1!.id)).toMatchObject({ owner: 'a', leaseDeadline: now + 5000, attempts: 1 });
    now += 5000;
    // both leases have run out: claim hands out r2 (in no job) but not r1 (in job j1)
    expect(s.claim('c', 2, 1000).map((r) => r.id)).toEqual([r2!.id]);
    expect(s.takeOver('b', [r1!.id], 1000)).toEqual([r1!.id]);
    expect(s.get(r1!.id)).toMatchObject({ owner: 'b', attempts: 1 });
    expect(s.jobRuns({ run: r1!.id })).toMatchObject([{ job: 1, jobId: null, index: 0, task: 0, outcome: null }]);
    const e = thrown(() => s.addJob('a', { runner: 'slurm', name: 'j2', runsPerTask: 1, workDir: root, runs: [{ id: r1!.id, dir: root }] }));
    expect(e.message).toBe(`run ${r1!.id}: "a" cannot put it in a job: it is held by "b"`);
    expect(thrown(() => s.jobs({ state: 'running' as never })).message).toBe('query.state: expected one of "submitting", "active", "ended", "cancelled", "unsubmitted", got "running"');
    s.close();
  });

  it('a version-1 file is upgraded in place: runs and results kept, jobs tables added', () => {
    const path = join(root, 'v1.sqlite');
    const s = openStore(path);
    s.add([{ params: { x: 1 } }]);
    const [run] = s.claim('w', 1, 1000);
    s.complete(run!.id, 'w', { y: 2 });
    s.close();
    const raw = new Sqlite(path);
    // a version-1 file has none of the tables later versions added
    raw.exec(downgradeSql(1, STORE_SCHEMA_VERSION));
    raw.close();
    expect(STORE_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    const again = openStore(path, { create: false });
    expect(again.results().map((r) => r.outputs)).toEqual([{ y: 2 }]);
    expect(again.jobs()).toEqual([]);
    again.close();
    const check = new Sqlite(path, { readonly: true });
    expect((check.prepare('SELECT version FROM uqkit_schema').get() as { version: number }).version).toBe(STORE_SCHEMA_VERSION);
    expect((check.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'job%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name)).toEqual(['job_runs', 'jobs']);
    check.close();
    expect(thrown(() => openStore(path, { name: 'other' })).message).toContain('holds campaign');
  });
});

describe('uqkit run / kill with a Slurm runner (examples/coffee/campaign-slurm.yaml)', () => {
  const MAIN = new URL('../build/cli/main.js', import.meta.url).pathname;
  const example = new URL('../examples/coffee/', import.meta.url).pathname;
  const work = join(root, 'cli');
  const env = { ...process.env, ...slurmEnv };
  const uqkit = (...args: string[]) => {
    try {
      return { status: 0, stdout: execFileSync(process.execPath, [MAIN, ...args], { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (e) {
      const x = e as { status: number; stdout: string; stderr: string };
      return { status: x.status, stdout: x.stdout, stderr: x.stderr };
    }
  };
  beforeAll(() => {
    execFileSync('mkdir', ['-p', work]);
    for (const f of ['cooling.mjs', 'model.template']) writeFileSync(join(work, f), readFileSync(join(example, f)));
    // 32 base rows (128 runs) in arrays of 16 runs per task; a name per test run (finished jobs stay in squeue)
    const campaign = readFileSync(join(example, 'campaign-slurm.yaml'), 'utf8').replace('n: 64', 'n: 32').replace('name: coffee-slurm', `name: ${unique('coffee')}`);
    writeFileSync(join(work, 'c.yaml'), campaign);
    writeFileSync(join(work, 'slow.yaml'), campaign.replace('[node, ./cooling.mjs, input.json]', '[sh, ./slow.sh]').replace(/name: (\S+)/, 'name: $1-slow'));
    writeFileSync(join(work, 'slow.sh'), 'sleep 1\nexec node "$(dirname "$0")/cooling.mjs" input.json\n');
  });

  it('run: 128 runs through one array of 8 tasks; the analysis near the analytic indices', () => {
    const r = uqkit('run', 'c.yaml', '--dir', 'c.uqkit', '--json', '--quiet');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { runs: { total: number; done: number }; analysis: { te: { sobolFirst: Record<string, number[]>; mean: number[] } } };
    expect(report.runs).toMatchObject({ total: 128, done: 128 });
    const store = openStore(join(work, 'c.uqkit', 'campaign.db'), { create: false });
    try {
      const jobs = store.jobs();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.tasks).toBe(8);
    } finally {
      store.close();
    }
    // t = 100 (index 50): kappa ~ U(0.025, 0.075), t_env ~ U(15, 25), T0 = 95; S_kappa analytic
    const [a, b, T0] = [0.025, 0.075, 95];
    const E = (m: number) => (Math.exp(-m * a * 100) - Math.exp(-m * b * 100)) / (m * (b - a) * 100);
    const vk = (T0 - 20) ** 2 * (E(2) - E(1) ** 2), vt = (100 / 12) * (1 - E(1)) ** 2;
    expect(Math.abs(report.analysis.te.sobolFirst.kappa![50]! - vk / (vk + vt))).toBeLessThan(0.05);
  });

  it('kill: scancels the arrays of a running campaign, its uqkit run exits 130, a second run re-attaches nothing and finishes', async () => {
    const child = spawn(process.execPath, [MAIN, 'run', 'slow.yaml', '--dir', 's.uqkit', '--quiet'], { cwd: work, env });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const db = join(work, 's.uqkit', 'campaign.db');
    const submitted = () => {
      if (!existsSync(db)) return false;
      let s;
      try {
        s = openStore(db, { create: false });
      } catch (e) {
        // (uqkit run is still creating the store: the file exists before its schema)
        if (/is an empty file/.test((e as Error).message)) return false;
        throw e;
      }
      try {
        return s.jobs().some((j) => j.jobId !== null);
      } finally {
        s.close();
      }
    };
    expect(await until(submitted, 30_000)).toBe(true);
    const k = uqkit('kill', 's.uqkit');
    expect(k.status).toBe(0);
    expect(k.stdout).toMatch(/^stopped uqkit run \(pid \d+\)/);
    expect(await exited).toBe(130);
    const store = openStore(db, { create: false });
    const jobIds = store.jobs().map((j) => j.jobId!);
    const c = store.counts();
    store.close();
    expect(c.running).toBe(0);
    expect(c.done).toBeLessThan(128);
    for (const id of jobIds) expect(squeue(['-j', id, '-t', 'PENDING,RUNNING', '-o', '%i'])).toEqual([]);
    const again = uqkit('run', 'slow.yaml', '--dir', 's.uqkit', '--quiet');
    expect(again.status).toBe(0);
    const s2 = openStore(db, { create: false });
    try {
      expect(s2.counts().done).toBe(128);
    } finally {
      s2.close();
    }
  });
});
