// The real single-node Slurm that the Slurm runner (issue 7) is tested against: started by
// scripts/slurm.sh (installing slurm-wlm and munge when run as root on Debian, as .ci/run does),
// then used as the runner will use it: job arrays submitted with sbatch --parsable, state from
// squeue and scontrol and the job-completion log, and scancel.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = new URL('../scripts/slurm.sh', import.meta.url).pathname;
const conf = execFileSync('bash', [script, 'conf'], { encoding: 'utf8' }).trim();
const env = { ...process.env, SLURM_CONF: conf };
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', env }).trim();

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

  it('scancel stops a whole array', async () => {
    const id = run('sbatch', ['--parsable', '--chdir', dir, '--array=0-3', '--output=/dev/null', '--wrap', 'sleep 60; touch late.$SLURM_ARRAY_TASK_ID']);
    expect(await until(() => states(id).some((s) => s === 'RUNNING'), 20_000)).toBe(true);
    run('scancel', [id]);
    expect(await until(() => states(id).length > 0 && states(id).every((s) => s === 'CANCELLED'), 20_000), `states: ${states(id).join(' ')}`).toBe(true);
    for (let t = 0; t < 4; t++) expect(existsSync(join(dir, `late.${t}`))).toBe(false);
  }, 30_000);
});
