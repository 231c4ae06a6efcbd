// `uqkit run` killed with SIGKILL in the middle of its runs, then started again, as a user
// does it: the built CLI as child processes, a shell model that runs for seconds and logs
// the start and end of each execution (run id, pid, ms timestamp) into a file outside the
// campaign directory. Checked: no run ever has two live executions (the orphan of the killed
// runner is gone before the run starts again), the resumed runner starts the runs within 1 s
// instead of waiting for their leases, and in the end every run is done exactly once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from 'uqkit';
import { MAIN, running, started, until } from './processes.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-orphans-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pids of the children of `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

interface Event { kind: 'start' | 'end' | 'term' | 'exit'; run: number; pid: number; t: number }
interface Execution { run: number; pid: number; start: number; end: number | undefined; how: 'end' | 'term' | undefined }

/**
 * A campaign of `n` runs, all at once (concurrency n), each `seconds` long. On SIGTERM the
 * model logs `term` and exits after `termS` seconds (its own shutdown).
 */
function setup(name: string, n: number, seconds: number, termS: number): { dir: string; log: string } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'executions.log'); // outside the campaign directory (name.uqkit)
  writeFileSync(join(dir, 'model.sh'), `#!/bin/sh
now() { date +%s%3N; }
echo "start $UQKIT_RUN_ID $$ $(now)" >> "${log}"
trap 'echo "term $UQKIT_RUN_ID $$ $(now)" >> "${log}"; sleep ${termS}; echo "exit $UQKIT_RUN_ID $$ $(now)" >> "${log}"; exit 143' TERM
sleep ${seconds} &
wait $!
echo "end $UQKIT_RUN_ID $$ $(now)" >> "${log}"
echo '{"y": 1}' > out.json
`);
  writeFileSync(join(dir, 'c.yaml'), `name: ${name}
params: { x: { type: float, min: 0, max: 1, default: 0.5 } }
vary: { x: { dist: uniform, low: 0, high: 1 } }
sampler: { kind: random, n: ${n}, seed: 1 }
runner: { kind: local, command: [sh, ./model.sh], concurrency: ${n} }
decoder: { kind: json, file: out.json }
`);
  return { dir, log };
}

function events(log: string): Event[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => {
    const [kind, run, pid, t] = l.split(' ');
    return { kind: kind as Event['kind'], run: Number(run), pid: Number(pid), t: Number(t) };
  });
}

/** Executions by pid and run: start, and when the process finished its work (`end`) or, told to stop (`term`), exited. */
function executions(evs: Event[]): Execution[] {
  const byPid = new Map<string, Execution>();
  for (const e of evs) {
    const key = `${e.pid}:${e.run}`; // (an in-process runner executes several runs in one process)
    if (e.kind === 'start') byPid.set(key, { run: e.run, pid: e.pid, start: e.t, end: undefined, how: undefined });
    else if (e.kind === 'term') byPid.get(key)!.how = 'term';
    else {
      const x = byPid.get(key)!;
      x.end = e.t;
      if (e.kind === 'end') x.how = 'end';
    }
  }
  return [...byPid.values()];
}

/** Pairs of executions of one run that were alive at the same time. */
function overlaps(xs: Execution[]): string[] {
  const found: string[] = [];
  for (const a of xs) {
    for (const b of xs) {
      if (a === b || a.run !== b.run || a.start > b.start) continue;
      // a started first: it must have ended before b started (an execution without an end never ended)
      if (a.end === undefined || a.end >= b.start) found.push(`run ${a.run}: pid ${a.pid} [${a.start}, ${a.end ?? 'never ended'}] and pid ${b.pid} started ${b.start}`);
    }
  }
  return found;
}

async function killAndResume(name: string, opts: { n: number; seconds: number; termS: number; killWatchdog: boolean }) {
  const { dir, log } = setup(name, opts.n, opts.seconds, opts.termS);
  const first = started(dir, 'run', 'c.yaml', '--quiet');
  expect(await until(() => events(log).filter((e) => e.kind === 'start').length === opts.n, 20_000), 'the first runner started its runs').toBe(true);
  const orphans = events(log).map((e) => e.pid);
  const watchdog = childrenOf(first.child.pid!).filter((p) => !orphans.includes(p));
  if (opts.killWatchdog) for (const p of watchdog) process.kill(p, 'SIGKILL'); // as if it could not run: the next runner alone must stop the orphans
  first.child.kill('SIGKILL');
  expect((await first.done).status).toBe(null);
  const resumedAt = Date.now();
  const again = started(dir, 'run', 'c.yaml', '--quiet');
  const out = await again.done;
  expect(out.stderr).toBe('');
  expect(out.status).toBe(0);
  const xs = executions(events(log));
  const restarted = xs.filter((x) => !orphans.includes(x.pid));
  // every run done exactly once: one execution that ended normally per run, and the store agrees
  const ended = xs.filter((x) => x.how === 'end').map((x) => x.run).sort((a, b) => a - b);
  expect(ended).toEqual(Array.from({ length: opts.n }, (_, i) => i + 1));
  const store = openStore(join(dir, `${name}.uqkit`, 'campaign.db'), { create: false });
  try {
    expect(store.counts()).toMatchObject({ total: opts.n, done: opts.n, running: 0 });
  } finally {
    store.close();
  }
  // the orphans were stopped (term logged) and are gone; no run had two live executions
  for (const pid of orphans) {
    expect(xs.find((x) => x.pid === pid)!.how, `orphan ${pid}`).toBe('term');
    expect(running(pid), `orphan ${pid} still running`).toBe(false);
  }
  expect(overlaps(xs)).toEqual([]);
  expect(restarted).toHaveLength(opts.n);
  return { latencyMs: Math.max(...restarted.map((x) => x.start)) - resumedAt, restarted };
}

describe('uqkit run after kill -9 of the runner', () => {
  it('the watchdog stops the orphans at once; the resumed runner starts every run within 1 s, none twice at a time', async () => {
    const latencies: number[] = [];
    for (let k = 0; k < 3; k++) {
      const { latencyMs } = await killAndResume(`quick${k}`, { n: 2, seconds: 3, termS: 0, killWatchdog: false });
      latencies.push(latencyMs);
    }
    console.log(`resume start latency after kill -9 (from the second uqkit run's spawn to its last run's start): ${latencies.join(', ')} ms`);
    for (const l of latencies) expect(l).toBeLessThan(1000);
  });

  it('without the watchdog, the resumed runner kills the orphans itself and waits until they are gone before running their runs', async () => {
    // the orphans take 0.8 s to shut down after SIGTERM: the runs must not start before that
    const { restarted } = await killAndResume('slow', { n: 2, seconds: 3, termS: 0.8, killWatchdog: true });
    expect(restarted).toHaveLength(2);
  });

  it('an in-process runner killed with kill -9: its runs are taken over at once (no process of theirs to stop)', async () => {
    const dir = join(root, 'inproc');
    mkdirSync(dir, { recursive: true });
    const log = join(dir, 'executions.log');
    writeFileSync(join(dir, 'model.mjs'), `import { appendFileSync } from 'node:fs';
export default async (p, run) => {
  appendFileSync(${JSON.stringify(log)}, 'start ' + run.id + ' ' + process.pid + ' ' + Date.now() + '\\n');
  await new Promise((r) => setTimeout(r, 2000));
  appendFileSync(${JSON.stringify(log)}, 'end ' + run.id + ' ' + process.pid + ' ' + Date.now() + '\\n');
  return { y: p.x };
};
`);
    writeFileSync(join(dir, 'c.yaml'), `name: inproc
params: { x: { type: float, min: 0, max: 1, default: 0.5 } }
vary: { x: { dist: uniform, low: 0, high: 1 } }
sampler: { kind: random, n: 2, seed: 1 }
runner: { kind: in-process, module: ./model.mjs, concurrency: 2 }
`);
    const first = started(dir, 'run', 'c.yaml', '--quiet');
    expect(await until(() => events(log).filter((e) => e.kind === 'start').length === 2, 20_000)).toBe(true);
    first.child.kill('SIGKILL');
    await first.done;
    const resumedAt = Date.now();
    const again = await started(dir, 'run', 'c.yaml', '--quiet').done;
    expect(again).toMatchObject({ status: 0, stderr: '' });
    const xs = executions(events(log));
    const restarted = xs.filter((x) => x.pid !== first.child.pid);
    expect(restarted.map((x) => x.run).sort(), JSON.stringify(xs)).toEqual([1, 2]);
    expect(restarted.every((x) => x.how === 'end')).toBe(true);
    expect(Math.max(...restarted.map((x) => x.start)) - resumedAt).toBeLessThan(1000);
  });

  it('uqkit kill after kill -9 of the runner and its watchdog leaves no model process', async () => {
    const { dir, log } = setup('killed', 2, 30, 0);
    const first = started(dir, 'run', 'c.yaml', '--quiet');
    expect(await until(() => events(log).filter((e) => e.kind === 'start').length === 2, 20_000)).toBe(true);
    const orphans = events(log).map((e) => e.pid);
    for (const p of childrenOf(first.child.pid!).filter((p) => !orphans.includes(p))) process.kill(p, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.done;
    for (const pid of orphans) expect(running(pid)).toBe(true); // nothing stopped them yet
    const k = spawnSync(process.execPath, [MAIN, 'kill', 'killed.uqkit'], { cwd: dir, encoding: 'utf8' });
    expect(k.status).toBe(0);
    expect(k.stdout).toBe('nothing to stop: no uqkit run and no Slurm job is working on this campaign\n');
    for (const pid of orphans) expect(running(pid), `model ${pid} still running`).toBe(false);
  });
});
