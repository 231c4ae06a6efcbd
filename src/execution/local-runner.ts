// The local process runner over a campaign store: claims runs with a lease,
// runs each run's command in its run directory (parameters in a JSON file and in the
// environment), decodes the outputs of a run that exited 0, and records done or failed — every
// state change committed before the next. Leases are renewed while runs are in flight, so a
// killed runner's runs return to the queue when their leases run out; several runners (in
// several processes) can share one store.
//
// Never two live executions of one run: each command's process group is recorded in the store
// and with a watchdog process (./supervisor.ts) that kills the runner's groups if the runner
// dies. A runner on the same host that finds runs of a dead runner kills what is left of their
// groups (./orphans.ts) and takes them over at once, without waiting for their leases.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { writeFileNoFollow } from '../io/safe-fs.js';
import type { CampaignStore, ClaimedRun, StatusCounts } from '../campaign/store.js';
import { processStartTime } from '../core/processes.js';
import { stderrReason } from './failure-reason.js';
import { killOrphanGroups } from './orphans.js';
import { KILL_GRACE_MS, runProcess, type ProcessResult } from './process.js';
import { GroupSupervisor } from './supervisor.js';
import { Progress, type ProgressOptions } from './progress.js';

/**
 * Options of {@link runLocal}: the command, run directories, encoding and decoding, concurrency,
 * timeouts, retries, progress and cancellation.
 */
export interface LocalRunnerOptions {
  /** Program and arguments, run in the run's directory. */
  readonly command: readonly string[];
  /** The run's directory (created if missing). */
  readonly runDir: (run: ClaimedRun) => string;
  /**
   * Creates the run's directory before it is encoded; default: mkdir -p. A campaign passes one
   * that creates it without following symbolic links and records what it made.
   */
  readonly makeRunDir?: (dir: string, run: ClaimedRun) => void;
  /**
   * Reads the outputs of a run that exited 0 (e.g. a CSV in its directory); what it returns
   * is the run's result. Throwing marks the run failed with the message as the reason.
   */
  readonly decode: (dir: string, run: ClaimedRun) => unknown;
  /** Writes the run's input files; default: params.json with the parameters. */
  readonly encode?: (dir: string, run: ClaimedRun) => void;
  /** Runs at once (default: the number of CPUs). */
  readonly concurrency?: number;
  /** Kill a run's process group after this many ms (default: no limit); the run fails. */
  readonly timeoutMs?: number;
  /** Attempts after the first for a run whose command fails (default 0). */
  readonly retries?: number;
  /** Lease per claim (default 60 s), renewed every third of it while the run is in flight. */
  readonly leaseMs?: number;
  /** Who claims (default host:pid). */
  readonly owner?: string;
  /** Cancels: running commands are killed (whole process groups) and their runs released. */
  readonly signal?: AbortSignal;
  /** Progress display (false: none). */
  readonly progress?: ProgressOptions | false;
}

/** Environment variable of a parameter: UQKIT_PARAM_ and the name in capitals, non-alphanumerics as _. */
export function paramVariable(name: string): string {
  return `UQKIT_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Refuses parameter names that would share an environment variable (`a-b`, `a_b` and `A_B` are
 * all UQKIT_PARAM_A_B: a run would see only one of their values).
 *
 * @param path prefix of the field named in the error (default `'params'`)
 * @throws InvalidArgumentError naming the second of the two names
 */
export function checkParamVariables(names: readonly string[], path = 'params'): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const v = paramVariable(name);
    const other = seen.get(v);
    if (other !== undefined) {
      throw new InvalidArgumentError({ field: `${path}.${name}`, value: name, expected: `a name that differs from ${JSON.stringify(other)} in more than case and punctuation (both are passed to a run as ${v})` });
    }
    seen.set(v, name);
  }
}

/**
 * Runs queued runs of `store` until none is left (or `signal` aborts); returns the final counts.
 *
 * @throws {@link InvalidArgumentError} (the promise rejects) for a bad option (e.g. a
 *   concurrency that is not an integer >= 1). A run that fails is recorded as `failed`, not thrown.
 */
export async function runLocal(store: CampaignStore, opts: LocalRunnerOptions): Promise<StatusCounts> {
  const concurrency = opts.concurrency ?? os.availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError({ field: 'concurrency', value: concurrency, expected: 'an integer >= 1' });
  const retries = opts.retries ?? 0;
  const leaseMs = opts.leaseMs ?? 60_000;
  const owner = opts.owner ?? `${os.hostname()}:${process.pid}`;
  const encode = opts.encode ?? ((dir: string, run: ClaimedRun) => writeFileNoFollow(join(dir, 'params.json'), JSON.stringify(run.params, null, 1) + '\n'));
  const inFlight = new Set<number>();
  const counts = (): { pending: number; running: number; done: number; failed: number } => {
    const c = store.counts();
    return { pending: c.new + c.encoded, running: c.running, done: c.done, failed: c.failed + c.invalid };
  };
  const progress = opts.progress === false ? undefined : new Progress(counts(), { label: 'runs', ...opts.progress });
  const renew = setInterval(() => {
    if (inFlight.size) store.renew(owner, [...inFlight], leaseMs);
  }, Math.max(50, leaseMs / 3));
  renew.unref();
  const supervisor = new GroupSupervisor(KILL_GRACE_MS);
  const started = (run: ClaimedRun) => (pid: number): void => {
    supervisor.add(pid);
    try {
      store.setProcessGroup(run.id, owner, pid, processStartTime(pid) ?? null);
    } catch {
      /* a locked store: the watchdog still guards the group */
    }
  };

  /** Runs one claimed run to its end; true when it was recorded done or failed (not released). */
  const one = async (run: ClaimedRun): Promise<boolean> => {
    const dir = opts.runDir(run);
    let result: ProcessResult | undefined;
    try {
      if (opts.makeRunDir) opts.makeRunDir(dir, run);
      else mkdirSync(dir, { recursive: true });
      encode(dir, run);
      const env = Object.fromEntries(Object.entries(run.params).map(([k, v]) => [paramVariable(k), typeof v === 'string' ? v : JSON.stringify(v)]));
      for (let attempt = 0; ; attempt++) {
        // Checked again before a retry: a run directory the last attempt replaced by a link is refused, not entered.
        if (attempt > 0 && opts.makeRunDir) opts.makeRunDir(dir, run);
        let pgid: number | undefined;
        const onStart = started(run);
        result = await runProcess({
          command: opts.command, cwd: dir, env: { ...env, UQKIT_RUN_ID: String(run.id), UQKIT_RUN_DIR: dir },
          stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr'),
          ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
          onSpawn: (pid) => onStart((pgid = pid)),
        });
        if (pgid !== undefined) supervisor.remove(pgid); // its group was killed when the command exited
        if (result.ok || result.cancelled || attempt >= retries) break;
      }
    } catch (e) {
      store.fail(run.id, owner, `could not prepare the run: ${(e as Error).message}`);
      return true;
    }
    if (result.cancelled) {
      store.release(owner, [run.id]);
      return false;
    } else if (!result.ok) {
      const why = result.error ?? (result.timedOut ? `timed out after ${opts.timeoutMs} ms` : result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`);
      const tail = stderrReason(result.stderrTail);
      store.fail(run.id, owner, tail ? `${why}; stderr: ${tail}` : why);
    } else {
      let outputs: unknown;
      try {
        outputs = opts.decode(dir, run);
      } catch (e) {
        store.fail(run.id, owner, `decoding failed: ${(e as Error).message}`);
        return true;
      }
      store.complete(run.id, owner, outputs);
    }
    return true;
  };

  try {
    const running = new Set<Promise<void>>();
    // Runs of a dead runner of this host whose commands still run: kill those first.
    await killOrphanGroups(store);
    for (;;) {
      if (opts.signal?.aborted) break;
      const free = concurrency - running.size;
      let claimed = free > 0 ? store.claim(owner, free, leaseMs) : [];
      if (claimed.length < free && !opts.signal?.aborted && (await killOrphanGroups(store)).length > 0) {
        claimed = claimed.concat(store.claim(owner, free - claimed.length, leaseMs));
      }
      for (const run of claimed) {
        inFlight.add(run.id);
        const p = one(run).then((finished) => {
          if (finished) progress?.ran();
        }).finally(() => {
          inFlight.delete(run.id);
          running.delete(p);
          if (progress?.due()) progress.update(counts()); // counts() is a query: only when a line is due
        });
        running.add(p);
      }
      if (running.size === 0) break; // nothing claimed and nothing running: the queue is empty
      await Promise.race(running);
    }
    await Promise.all(running);
  } finally {
    clearInterval(renew);
    await supervisor.close();
  }
  const final = store.counts();
  progress?.finish(counts());
  return final;
}
