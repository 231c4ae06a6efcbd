// Helpers of the tests that drive the built CLI as a child process and watch the processes it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI. */
export const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));

export interface Out { status: number | null; stdout: string; stderr: string }

/** `uqkit ...args` started in `cwd`: the child, and its exit status and output once it has closed. */
export function started(cwd: string, ...args: string[]): { child: ChildProcess; done: Promise<Out> } {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  return { child, done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `f` every 20 ms until it is true or `ms` have passed; its last value. */
export async function until(f: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (f()) return true;
  return f();
}

/** Alive and not a zombie (on a host whose init does not reap, a killed orphan stays a zombie). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}
