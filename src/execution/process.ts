// Local processes for the process runner: one command per run, in its own process
// group, with stdout and stderr going straight to files (no pipes through Node), a timeout,
// cancellation by AbortSignal, and a concurrency-limited pool with retries.
//
// When a command exits, whatever it left running in its process group (a daemon started with
// `&`) is killed with it, so that nothing of a finished run goes on writing into its
// directory. A child that leaves the group (`setsid`, or a daemon that makes its own session)
// is out of reach of this.
//
// Why node:child_process and not execa: what the runner needs is spawn with file descriptors
// for stdio, `detached` for a process group, and kill(-pid) for the whole group; execa adds
// pipes, encodings and promises around exactly that, and a dependency.
import { spawn } from 'node:child_process';
import { closeSync, readSync, fstatSync } from 'node:fs';
import os from 'node:os';
import { InvalidArgumentError } from '../core/errors.js';
import { openNoFollow } from '../io/safe-fs.js';
import { firstErrorLine } from './failure-reason.js';

/**
 * One process for {@link runProcess} or {@link runPool}: command, working directory, environment, output files and timeout.
 */
export interface ProcessSpec {
  /** Program and arguments (no shell: use ['sh', '-c', '...'] for one). */
  readonly command: readonly string[];
  /** Working directory (the run directory). */
  readonly cwd: string;
  /** Added to (and overriding) the parent's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Files for stdout and stderr (created or truncated; a symbolic link there is refused: the run fails with `error`); default: discarded. */
  readonly stdout?: string;
  /** See `stdout`. */
  readonly stderr?: string;
  /** Kill the process group after this many milliseconds (default: no limit). */
  readonly timeoutMs?: number;
  /** Kill the process group when this aborts. */
  readonly signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL when killing (default 2000 ms). */
  readonly killGraceMs?: number;
  /** Called once the command has started, with its pid (also its process group id). */
  readonly onSpawn?: (pid: number) => void;
}

/**
 * How a process of {@link runProcess} ended: exit code or signal, whether it timed out or was
 * cancelled, its duration in ms and the tail of its stderr.
 */
export interface ProcessResult {
  /** The exit code, or null when the process ended by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that ended the process, or null. */
  readonly signal: NodeJS.Signals | null;
  /** The process was killed because it ran past `timeoutMs`. */
  readonly timedOut: boolean;
  /** The process was killed because `signal` aborted. */
  readonly cancelled: boolean;
  /** Wall time from start to exit, ms. */
  readonly durationMs: number;
  /**
   * When the run did not succeed and stderr went to a file: its last STDERR_TAIL bytes, preceded
   * by an earlier error line and `...` when there is one (see readStderrExcerpt); else ''.
   */
  readonly stderrTail: string;
  /** Why the process could not start (e.g. "spawn nosuch ENOENT"). */
  readonly error?: string;
  /** Exit code 0, not killed, started. */
  readonly ok: boolean;
}

/** Between SIGTERM and SIGKILL when a process group is killed, by default. */
export const KILL_GRACE_MS = 2000;

/** Bytes of stderr kept in a result: enough for the reason of a failure. */
export const STDERR_TAIL = 2000;

/** Kills the process group of `pid`, ignoring a group that is already gone. */
export function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    /* ESRCH: nothing left */
  }
}

/** Bytes at the start of a long stderr searched for an error line that the tail no longer holds. */
const STDERR_HEAD = 64 * 1024;

/**
 * What a failed run's stderr file says, for its reason: the last STDERR_TAIL bytes, preceded by
 * the first line that reads as an error message and a line `...` when that line lies before
 * them (within the first 64 KiB): a solver that reports its error and then writes pages of
 * log keeps the error. '' when the file cannot be read. A link is not followed.
 */
export function readStderrExcerpt(path: string | undefined): string {
  if (!path) return '';
  let fd: number | undefined;
  try {
    fd = openNoFollow(path, 'r');
    const size = fstatSync(fd).size;
    const n = Math.min(size, STDERR_TAIL);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    const tail = buf.toString('utf8');
    if (size <= n) return tail;
    // Whole lines before the tail begins: the tail's first (partial) line is the tail's.
    const head = Buffer.alloc(Math.min(size - n, STDERR_HEAD));
    readSync(fd, head, 0, head.length, 0);
    const text = head.toString('utf8');
    const lastNewline = text.lastIndexOf('\n');
    const early = firstErrorLine(lastNewline < 0 ? '' : text.slice(0, lastNewline));
    return early === undefined ? tail : `${early}\n...\n${tail}`;
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Runs one command to its end; never throws for the command's own failures. */
export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  if (!Array.isArray(spec.command) || spec.command.length === 0 || spec.command.some((c) => typeof c !== 'string')) {
    throw new InvalidArgumentError({ field: 'command', value: spec.command, expected: 'a non-empty array of strings (program, then arguments)' });
  }
  if (spec.timeoutMs !== undefined && !(spec.timeoutMs > 0)) {
    throw new InvalidArgumentError({ field: 'timeoutMs', value: spec.timeoutMs, expected: 'a number of milliseconds > 0' });
  }
  const grace = spec.killGraceMs ?? KILL_GRACE_MS;
  const start = performance.now();
  const fds: number[] = [];
  const open = (p: string | undefined): number | 'ignore' => {
    if (!p) return 'ignore';
    const fd = openNoFollow(p, 'w'); // a link left at p (by the program) is refused, not written through
    fds.push(fd);
    return fd;
  };
  return new Promise((resolve) => {
    let timedOut = false, cancelled = false, settled = false;
    let timer: NodeJS.Timeout | undefined, graceTimer: NodeJS.Timeout | undefined;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, error?: string): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      for (const fd of fds.splice(0)) closeSync(fd);
      const ok = exitCode === 0 && !timedOut && !cancelled && error === undefined;
      const result: ProcessResult = {
        exitCode, signal, timedOut, cancelled, durationMs: performance.now() - start, stderrTail: ok ? '' : readStderrExcerpt(spec.stderr), ok,
        ...(error !== undefined ? { error } : {}),
      };
      resolve(result);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(spec.command[0]!, spec.command.slice(1), {
        cwd: spec.cwd, env: spec.env ? { ...process.env, ...spec.env } : process.env,
        stdio: ['ignore', open(spec.stdout), open(spec.stderr)], detached: true,
      });
    } catch (e) {
      finish(null, null, e instanceof Error ? e.message : String(e));
      return;
    }
    const stop = (): void => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      graceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), grace);
      graceTimer.unref();
    };
    function onAbort(): void {
      cancelled = true;
      stop();
    }
    child.on('error', (e) => finish(null, null, e.message));
    child.on('exit', (code, sig) => {
      // Whatever the leader left in its group dies with it: the run is over.
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      finish(code, sig);
    });
    if (child.pid !== undefined) spec.onSpawn?.(child.pid);
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });
    if (spec.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, spec.timeoutMs);
    }
  });
}

/** Options of {@link runPool}: concurrency, retries, cancellation and callbacks. */
export interface PoolOptions {
  /** Runs at once (default: the number of CPUs). */
  readonly concurrency?: number;
  /** Attempts after the first for a run that fails (default 0). Cancelled runs are not retried. */
  readonly retries?: number;
  /** Cancels: no more processes are started, and those running are killed. */
  readonly signal?: AbortSignal;
  /** Called when an attempt starts and when a run is finished (after its last attempt). */
  readonly onStart?: (index: number, attempt: number) => void;
  /** Called when run `index` is finished, with its last result and the number of attempts made. */
  readonly onResult?: (index: number, result: ProcessResult, attempts: number) => void;
}

/**
 * Runs specs[i] for every i, at most `concurrency` at a time, retrying failures; resolves
 * with every run's last result, in order. Stops starting new runs once `signal` aborts
 * (those runs get no result: undefined).
 */
export async function runPool(specs: readonly ProcessSpec[], opts: PoolOptions = {}): Promise<(ProcessResult | undefined)[]> {
  const concurrency = opts.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError({ field: 'concurrency', value: concurrency, expected: 'an integer >= 1' });
  const retries = opts.retries ?? 0;
  if (!Number.isInteger(retries) || retries < 0) throw new InvalidArgumentError({ field: 'retries', value: retries, expected: 'an integer >= 0' });
  const results: (ProcessResult | undefined)[] = new Array(specs.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length && !opts.signal?.aborted) {
      const i = next++;
      const spec = opts.signal ? { ...specs[i]!, signal: opts.signal } : specs[i]!;
      let attempt = 0;
      let r: ProcessResult;
      for (;;) {
        opts.onStart?.(i, attempt);
        r = await runProcess(spec);
        if (r.ok || r.cancelled || attempt >= retries) break;
        attempt++;
      }
      results[i] = r;
      opts.onResult?.(i, r, attempt + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  return results;
}
