// The real single-node Slurm that the Slurm runner is tested against: started by
// scripts/slurm.sh (installing slurm-wlm and munge when run as root on Debian, as .ci/run does),
// then used as the runner will use it: job arrays submitted with sbatch --parsable, state from
// squeue and scontrol and the job-completion log, and scancel.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelArrays, lostRuns, pollArrays, runStatus, slurmLimits, submitArrays, type ArrayState, type SlurmRun, type SubmittedArray,
} from 'uqkit';
import { thrown } from './helpers.js';

const script = new URL('../scripts/slurm.sh', import.meta.url).pathname;
const conf = execFileSync('bash', [script, 'conf'], { encoding: 'utf8' }).trim();
const slurmEnv = { ...process.env, SLURM_CONF: conf };
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', env: slurmEnv }).trim();

/** Polls `f` every 100 ms until it returns true, for at most `ms`. */
async function until(f: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (f()) return true;
  return f();
}

/** State of every task of array job `id`, from squeue (finished jobs stay listed for MinJobAge). */
const states = (id: string): string[] => run('squeue', ['-h', '-t', 'all', '-j', id, '-o', '%T']).split('\n').filter(Boolean);

describe('single-node Slurm (scripts/slurm.sh)', () => {
  let dir = '';
  beforeAll(() => {
    execFileSync('bash', [script, 'up'], { stdio: 'inherit', timeout: 120_000 });
    dir = mkdtempSync(join(tmpdir(), 'uqkit-slurm-test-'));
  }, 130_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is up, and up again is a no-op', () => {
    expect(run('sinfo', ['-h', '-o', '%T'])).toMatch(/^(idle|mixed|allocated)$/);
    execFileSync('bash', [script, 'up'], { stdio: 'ignore' });
    execFileSync('bash', [script, 'status']);
  });

  it('runs a job array: every task writes its file, squeue and the completion log say COMPLETED', async () => {
    const id = run('sbatch', ['--parsable', '--chdir', dir, '--array=0-5%4', '--output=/dev/null', '--wrap', 'echo $((SLURM_ARRAY_TASK_ID * 7)) > task.$SLURM_ARRAY_TASK_ID']);
    expect(id).toMatch(/^\d+$/);
    expect(await until(() => states(id).length === 6 && states(id).every((s) => s === 'COMPLETED'), 30_000), `states: ${states(id).join(' ')}`).toBe(true);
    for (let t = 0; t < 6; t++) expect(readFileSync(join(dir, `task.${t}`), 'utf8').trim()).toBe(String(7 * t));
    const log = readFileSync(join(conf, '..', 'jobcomp.txt'), 'utf8');
    const lines = log.split('\n').filter((l) => l.includes(`ArrayJobId=${id} `));
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l).toMatch(/JobState=COMPLETED .*ExitCode=0:0/);
  }, 40_000);

  it('a failing task is FAILED with its exit code', async () => {
    const id = run('sbatch', ['--parsable', '--chdir', dir, '--output=/dev/null', '--wrap', 'exit 3']);
    expect(await until(() => states(id)[0] === 'FAILED', 20_000), `state: ${states(id).join(' ')}`).toBe(true);
    expect(run('scontrol', ['show', 'job', id])).toMatch(/ExitCode=3:0/);
  }, 30_000);

  it('scancel stops a whole array: every task CANCELLED, no process of it left', async () => {
    // A duration no other process here sleeps, to find the tasks' processes by.
    const id = run('sbatch', ['--parsable', '--chdir', dir, '--array=0-3', '--output=/dev/null', '--wrap', 'sleep 67.25']);
    const sleeping = (): boolean => spawnSync('pgrep', ['-f', '^sleep 67.25$']).status === 0;
    expect(await until(() => states(id).some((s) => s === 'RUNNING') && sleeping(), 20_000)).toBe(true);
    run('scancel', [id]);
    expect(await until(() => states(id).length > 0 && states(id).every((s) => s === 'CANCELLED'), 20_000), `states: ${states(id).join(' ')}`).toBe(true);
    // (Not "the shell ran nothing after its sleep": with proctrack/linuxproc, slurmd signals a
    // task's processes one by one, so a shell can run its next command between the SIGTERM that
    // ends its sleep and its own — a race of Slurm's, seen once in CI with `sleep; touch`.)
    expect(await until(() => !sleeping(), 10_000)).toBe(true);
  }, 40_000);
});

describe('job arrays of runs (src/execution/slurm.ts) on the real Slurm', () => {
  let root = '';
  const env = { SLURM_CONF: conf };
  beforeAll(() => {
    execFileSync('bash', [script, 'up'], { stdio: 'inherit', timeout: 120_000 });
    root = mkdtempSync(join(tmpdir(), 'uqkit-slurm-runs-'));
  }, 130_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  const runsIn = (name: string, n: number, command: (i: number) => string[]): SlurmRun[] =>
    Array.from({ length: n }, (_, i) => ({ dir: join(root, name, String(Math.floor(i / 100)), String(i)), command: command(i), env: { X: String(i), LABEL: `it's ${i}` } }));
  const wait = async (arrays: SubmittedArray[], ms: number): Promise<Map<string, ArrayState>> => {
    let st = pollArrays(arrays, env);
    await until(() => [...(st = pollArrays(arrays, env)).values()].every((s) => s.done), ms);
    return st;
  };

  it('200 runs, 10 per task, 8 tasks at a time: every run done with its own result', async () => {
    const runs = runsIn('two-hundred', 200, () => ['sh', '-c', 'echo "$((X * X)) $LABEL" > out']);
    const arrays = submitArrays(runs, { workDir: join(root, 'two-hundred'), runsPerTask: 10, throttle: 8, slurmEnv: env });
    expect(arrays).toHaveLength(1);
    expect(arrays[0]!.tasks).toBe(20);
    const st = await wait(arrays, 60_000);
    expect(st.get(arrays[0]!.jobId)!.done).toBe(true);
    expect(st.get(arrays[0]!.jobId)!.counts).toEqual({ COMPLETED: 20 });
    runs.forEach((r, i) => {
      expect(runStatus(r.dir)).toMatchObject({ state: 'exited', exitCode: 0 });
      expect(readFileSync(join(r.dir, 'out'), 'utf8')).toBe(`${i * i} it's ${i}\n`);
    });
    expect(lostRuns(arrays[0]!, st.get(arrays[0]!.jobId)!, runs, 10)).toEqual([]);
  }, 70_000);

  it('a work directory and run directories with spaces, quotes and %: Slurm writes its log there, every run completes', async () => {
    const work = join(root, "odd dir 100% 'quoted'");
    const runs = Array.from({ length: 3 }, (_, i): SlurmRun => ({ dir: join(work, `run ${i} %a`), command: ['sh', '-c', 'echo "$X" > out'], env: { X: String(i) } }));
    const arrays = submitArrays(runs, { workDir: work, runsPerTask: 1, slurmEnv: env });
    const st = (await wait(arrays, 30_000)).get(arrays[0]!.jobId)!;
    expect(st.counts).toEqual({ COMPLETED: 3 });
    runs.forEach((r, i) => expect(readFileSync(join(r.dir, 'out'), 'utf8')).toBe(`${i}\n`));
    // Slurm's own log of each task, in the work directory (not split at the space, nor the % expanded).
    for (let t = 0; t < 3; t++) expect(existsSync(join(work, `slurm-${arrays[0]!.jobId}_${t}.out`))).toBe(true);
  }, 40_000);

  it('a failing run records its exit code and the task goes on with the next run', async () => {
    const runs = runsIn('failing', 4, (i) => ['sh', '-c', i === 1 ? 'echo bad >&2; exit 7' : 'echo ok > out']);
    const arrays = submitArrays(runs, { workDir: join(root, 'failing'), runsPerTask: 4, slurmEnv: env });
    await wait(arrays, 30_000);
    expect(runs.map((r) => runStatus(r.dir))).toMatchObject([{ exitCode: 0 }, { exitCode: 7 }, { exitCode: 0 }, { exitCode: 0 }]);
    expect(readFileSync(join(runs[1]!.dir, 'stderr'), 'utf8')).toBe('bad\n');
  }, 40_000);

  it('a task killed mid-way: its unfinished runs are reported lost, the other tasks complete', async () => {
    const runs = runsIn('killed', 30, () => ['sh', '-c', 'sleep 0.4; echo done > out']);
    const arrays = submitArrays(runs, { workDir: join(root, 'killed'), runsPerTask: 10, slurmEnv: env });
    const a = arrays[0]!;
    // wait until task 1 has finished its first run, then cancel that task alone
    expect(await until(() => runStatus(runs[10]!.dir).state === 'exited', 20_000)).toBe(true);
    execFileSync('scancel', [`${a.jobId}_1`], { env: { ...process.env, ...env } });
    const st = (await wait(arrays, 30_000)).get(a.jobId)!;
    expect(st.counts).toMatchObject({ COMPLETED: 2, CANCELLED: 1 });
    const lost = lostRuns(a, st, runs, 10);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThan(10);
    for (const r of lost) expect(r).toBeGreaterThanOrEqual(11);
    for (const r of lost) expect(r).toBeLessThan(20);
    for (let r = 0; r < 30; r++) if (!lost.includes(r)) expect(runStatus(runs[r]!.dir)).toMatchObject({ state: 'exited', exitCode: 0 });
  }, 60_000);

  it('splits into several arrays when MaxArraySize is small, and checks MaxJobCount', async () => {
    const runs = runsIn('split', 20, () => ['sh', '-c', 'echo $X > out']);
    const arrays = submitArrays(runs, { workDir: join(root, 'split'), runsPerTask: 2, limits: { maxArraySize: 3 }, slurmEnv: env });
    expect(arrays.map((a) => [a.first, a.end, a.tasks])).toEqual([[0, 6, 3], [6, 12, 3], [12, 18, 3], [18, 20, 1]]);
    await wait(arrays, 30_000);
    runs.forEach((r, i) => expect(readFileSync(join(r.dir, 'out'), 'utf8')).toBe(`${i}\n`));
    expect(thrown(() => submitArrays(runs, { workDir: join(root, 'split2'), runsPerTask: 1, limits: { maxJobCount: 5 }, slurmEnv: env })).message)
      .toMatch(/^runsPerTask: expected enough runs per task to fit 20 runs in MaxJobCount = 5 array tasks \(at least 4\)/);
    expect(slurmLimits(env)).toEqual({ maxArraySize: 1001, maxJobCount: 10000 }); // Slurm's defaults, as scripts/slurm.sh leaves them
  }, 40_000);

  it('cancelArrays stops everything: no run finishes, all are lost', async () => {
    const runs = runsIn('cancel', 6, () => ['sh', '-c', 'sleep 30; echo late > out']);
    const arrays = submitArrays(runs, { workDir: join(root, 'cancel'), runsPerTask: 2, slurmEnv: env });
    await until(() => runStatus(runs[0]!.dir).state === 'running', 20_000);
    cancelArrays(arrays, env);
    const st = (await wait(arrays, 20_000)).get(arrays[0]!.jobId)!;
    expect(st.done).toBe(true);
    expect(lostRuns(arrays[0]!, st, runs, 2)).toEqual([0, 1, 2, 3, 4, 5]);
  }, 40_000);
});
