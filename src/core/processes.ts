// Processes of this host: who this process is (host, pid, start time) and whether a process
// recorded earlier is still the same live process. A pid alone does not name a process for
// long: after it exits the kernel hands the number to the next process. With its start time
// (clock ticks since boot, field 22 of /proc/PID/stat) and the boot id it names one process
// of one boot. Where /proc is missing the start time is unknown and a pid that answers
// kill(pid, 0) counts as alive: the safe side for callers that take over a dead process's work.
// Node-only (node:fs, node:os); the browser entry never imports this file.
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

/** A process named so that a later process with the same pid is not mistaken for it. */
export interface ProcessIdentity {
  readonly host: string;
  readonly pid: number;
  /** `<start ticks>@<boot id>` where /proc exists, else null. */
  readonly started: string | null;
}

let bootId: string | undefined;
function boot(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/** Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses): [0] is the state. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When process `pid` started, as `<clock ticks since boot>@<boot id>`; undefined where /proc does not tell. */
export function processStartTime(pid: number): string | undefined {
  const f = statFields(pid);
  return f?.[19] === undefined ? undefined : `${f[19]}@${boot()}`;
}

let self: ProcessIdentity | undefined;
/** This process. */
export function thisProcess(): ProcessIdentity {
  if (self === undefined || self.pid !== process.pid) self = { host: os.hostname(), pid: process.pid, started: processStartTime(process.pid) ?? null };
  return self;
}

/**
 * Whether process `pid` of this host is alive and, when `started` is given and /proc can tell,
 * is the process that started then. A zombie (exited, not yet reaped) is not alive. A process
 * of another user (EPERM) is alive.
 */
export function processAlive(pid: number, started: string | null | undefined): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const f = statFields(pid);
  if (f === undefined) return true; // no /proc: kill(pid, 0) is all there is
  if (f[0] === 'Z' || f[0] === 'X') return false;
  return !started || `${f[19]}@${boot()}` === started;
}

/**
 * Whether process group `pgid` has a member that is not a zombie. Where /proc exists its
 * processes are read (a group whose members all exited but are not reaped yet is gone);
 * elsewhere kill(-pgid, 0) answers.
 */
export function groupAlive(pgid: number): boolean {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return true;
  }
  for (const p of pids) {
    const f = statFields(Number(p));
    if (f !== undefined && f[0] !== 'Z' && f[0] !== 'X' && Number(f[2]) === pgid) return true;
  }
  return false;
}
