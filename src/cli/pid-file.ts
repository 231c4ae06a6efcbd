// The pid file a `uqkit run` keeps in its campaign directory (uqkit.pid): its pid and start
// time, so that `uqkit kill` and the readers of the store find the live run, and never an
// unrelated process that got the same pid later.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/** The file naming the `uqkit run` working on a campaign directory. */
export const PID_FILE = 'uqkit.pid';

export const PID = PID_FILE;

/**
 * When process `pid` started (clock ticks since boot, from /proc/PID/stat), where /proc exists:
 * with the pid it names one process, so that a pid file left by a killed `uqkit run` does not
 * point at an unrelated process that got the same pid later.
 */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The contents of the pid file: the pid, and its start time where known. */
export const pidFile = (): string => `${process.pid}\n${startTime(process.pid) ?? ''}\n`;

/** The pid of the `uqkit run` working on `dir`, if it is alive (and the process that wrote the pid file). */
export function livePid(dir: string): number | undefined {
  let pid: number;
  let started: string | undefined;
  try {
    const [first, second] = readFileSync(join(dir, PID), 'utf8').split('\n');
    pid = Number(first!.trim());
    started = second?.trim() || undefined;
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const now = started === undefined ? undefined : startTime(pid);
  return now !== undefined && now !== started ? undefined : pid;
}
