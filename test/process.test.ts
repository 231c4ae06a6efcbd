// Local processes (src/execution/process.ts) with real child processes: exit codes, output
// files, environment and working directory, timeouts and cancellation that kill the whole
// process group (no orphaned grandchildren), start failures, the concurrency limit, retries.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPool, runProcess, InvalidArgumentError } from 'uqkit';
import { thrown } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'uqkit-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Alive and not a zombie (on a host whose init does not reap, a killed orphan stays a zombie). */
const running = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
};
const until = async (f: () => boolean, ms: number): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) if (f()) return true;
  return f();
};

describe('runProcess', () => {
  it('runs in cwd with the extra environment; stdout and stderr go to files; exit code and stderr tail', async () => {
    const r = await runProcess({
      command: ['sh', '-c', 'pwd; echo "k=$KAPPA"; echo oops >&2; exit 4'], cwd: dir, env: { KAPPA: '0.025' },
      stdout: join(dir, 'out.txt'), stderr: join(dir, 'err.txt'),
    });
    expect(r.exitCode).toBe(4);
    expect(r.ok).toBe(false);
    expect(r.signal).toBeNull();
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(`${dir}\nk=0.025\n`);
    expect(r.stderrTail).toBe('oops\n');
    const ok = await runProcess({ command: ['true'], cwd: dir });
    expect(ok.ok).toBe(true);
    expect(ok.exitCode).toBe(0);
  });
  it('keeps only the last bytes of a long stderr', async () => {
    const r = await runProcess({ command: ['sh', '-c', 'i=0; while [ $i -lt 500 ]; do echo "line $i" >&2; i=$((i+1)); done; exit 1'], cwd: dir, stderr: join(dir, 'long.txt') });
    expect(r.stderrTail.length).toBe(2000);
    expect(r.stderrTail.endsWith('line 499\n')).toBe(true);
  });
  it('a timeout kills the whole process group, grandchildren included', async () => {
    const r = await runProcess({ command: ['sh', '-c', 'sleep 30 & echo $! > grandchild.pid; wait'], cwd: dir, timeoutMs: 300, killGraceMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.durationMs).toBeLessThan(3000);
    const pid = Number(readFileSync(join(dir, 'grandchild.pid'), 'utf8'));
    expect(await until(() => !alive(pid), 3000), `grandchild ${pid} still alive`).toBe(true);
  });
  it('cancel (AbortSignal) kills the whole process group; a process that ignores SIGTERM gets SIGKILL', async () => {
    const ac = new AbortController();
    const p = runProcess({ command: ['sh', '-c', 'trap "" TERM; sleep 30 & echo $! > g2.pid; echo $$ > s2.pid; wait; wait'], cwd: dir, signal: ac.signal, killGraceMs: 300 });
    // (the shell creates each file before echo writes the pid into it: wait for the pids themselves)
    const pidIn = (f: string): number => (existsSync(join(dir, f)) ? Number(readFileSync(join(dir, f), 'utf8').trim() || 0) : 0);
    expect(await until(() => pidIn('s2.pid') > 0 && pidIn('g2.pid') > 0, 3000)).toBe(true);
    const shell = pidIn('s2.pid'), grandchild = pidIn('g2.pid');
    ac.abort();
    const r = await p;
    expect(r.cancelled).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(await until(() => !alive(shell) && !alive(grandchild), 3000), `left: ${[shell, grandchild].filter(alive).join(', ')}`).toBe(true);
  });
  it.each([['exits 0', 0], ['fails', 3]])('a command that %s leaves no daemon behind: what it left in its process group is killed', async (_how, code) => {
    const r = await runProcess({ command: ['sh', '-c', `sleep 1000 & echo $! > daemon${code}.pid; exit ${code}`], cwd: dir });
    expect(r.exitCode).toBe(code);
    const pid = Number(readFileSync(join(dir, `daemon${code}.pid`), 'utf8'));
    expect(pid).toBeGreaterThan(1);
    // SIGKILL is sent before the result resolves; the process is gone right after
    expect(await until(() => !running(pid), 1000), `daemon ${pid} still running`).toBe(true);
  });
  it('a command that cannot start is a result with the reason, not an exception', async () => {
    const r = await runProcess({ command: ['/nonexistent/model'], cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/ENOENT/);
    expect(thrown(() => runProcess({ command: [], cwd: dir })).message).toMatch(/^command: expected a non-empty array of strings/);
    expect(thrown(() => runProcess({ command: ['true'], cwd: dir, timeoutMs: 0 }))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('runProcess: output files', () => {
  it('a symbolic link where stdout or stderr goes (left by an earlier attempt) is refused, not followed: the file it names keeps its bytes', async () => {
    const victim = join(dir, 'victim.txt');
    for (const which of ['stdout', 'stderr'] as const) {
      writeFileSync(victim, 'precious\n');
      const link = join(dir, `${which}-link`);
      rmSync(link, { force: true });
      symlinkSync(victim, link);
      const r = await runProcess({ command: ['sh', '-c', 'echo ran > ran.txt; echo out; echo err >&2'], cwd: dir, [which]: link });
      expect(r.ok).toBe(false);
      expect(r.error).toBe(`${link}: is a symbolic link (to ${victim}) where uqkit's own file or folder belongs; uqkit does not write or delete through links inside ${dir}`);
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
      expect(existsSync(join(dir, 'ran.txt'))).toBe(false);
    }
  });
});

describe('runPool', () => {
  it('never runs more than `concurrency` at once, and runs every spec once', async () => {
    let running = 0, most = 0;
    const ends: number[] = [];
    const specs = Array.from({ length: 12 }, (_, i) => ({ command: ['sh', '-c', `sleep 0.1; echo ${i} > pool.${i}`], cwd: dir }));
    const results = await runPool(specs, {
      concurrency: 3,
      onStart: () => { running++; most = Math.max(most, running); },
      onResult: (i) => { running--; ends.push(i); },
    });
    expect(most).toBe(3);
    expect(results.every((r) => r!.ok)).toBe(true);
    expect([...ends].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    for (let i = 0; i < 12; i++) expect(readFileSync(join(dir, `pool.${i}`), 'utf8')).toBe(`${i}\n`);
  });
  it('retries a failing run up to `retries` times and reports the attempts', async () => {
    writeFileSync(join(dir, 'count'), '0');
    // fails twice, then succeeds
    const flaky = { command: ['sh', '-c', 'n=$(cat count); echo $((n+1)) > count; [ "$n" -ge 2 ]'], cwd: dir };
    const attempts: number[] = [];
    const [r] = await runPool([flaky], { concurrency: 1, retries: 3, onResult: (_i, _r, a) => attempts.push(a) });
    expect(r!.ok).toBe(true);
    expect(attempts).toEqual([3]);
    writeFileSync(join(dir, 'count'), '0');
    const [bad] = await runPool([flaky], { concurrency: 1, retries: 1 });
    expect(bad!.ok).toBe(false);
    expect(readFileSync(join(dir, 'count'), 'utf8')).toBe('2\n');
  });
  it('cancel stops the running commands and starts no more', async () => {
    const ac = new AbortController();
    const specs = Array.from({ length: 10 }, (_, i) => ({ command: ['sh', '-c', `echo start > c.${i}; sleep 30`], cwd: dir }));
    const p = runPool(specs, { concurrency: 2, signal: ac.signal });
    await until(() => existsSync(join(dir, 'c.0')) && existsSync(join(dir, 'c.1')), 3000);
    ac.abort();
    const results = await p;
    expect(results.slice(0, 2).every((r) => r!.cancelled)).toBe(true);
    expect(results.slice(2).every((r) => r === undefined)).toBe(true);
    expect(existsSync(join(dir, 'c.2'))).toBe(false);
  });
});
