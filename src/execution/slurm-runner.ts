// The Slurm runner over a campaign store: claims the queued runs, writes their run
// directories, submits them as job arrays (several runs per array task, ./slurm.ts), records
// every array and the runs it carries in the store, then polls all arrays with one squeue per
// cycle and harvests each run from its status file: exit 0 -> decode -> done; non-zero -> failed
// with the exit code and the tail of its stderr; its task ended without an exit line (cancelled,
// timed out, node failure) -> lost: back to the queue and resubmitted, up to `retries` times.
//
// Crash safety. A job is recorded in the store (state 'submitting', with its runs and a unique
// job name) before sbatch is called, and gets its Slurm id right after. So the store always
// knows every array that may be running: a runSlurm started after the first was killed
// re-attaches to the recorded arrays (finding a 'submitting' one by its name in squeue) and
// harvests what they did and do, instead of submitting their runs again.
//
// Who harvests. A run is harvested (completed, failed, released) only by the worker holding its
// lease in the store; complete/fail check the holder in the same transaction. This runner renews
// the leases of the runs in its arrays every cycle. Re-attaching takes over a job's runs with
// `store.takeOver`, which succeeds only for runs whose lease has run out or that the same owner
// holds. So two live runners never both harvest a run: the second finds the leases held and
// waits (it keeps polling the store) until the first finishes or dies and its leases lapse;
// a runner restarted under the same `owner` takes over at once. Do not run two live runners
// under one owner name.
//
// Cancel. An aborted `signal`, or `cancelCampaignJobs` from another process (it marks the jobs
// cancelled in the store, which the runner sees at its next cycle), scancels the runner's arrays,
// waits for their tasks to end, records the runs that finished, and gives the others back to the
// queue (not failed, not counted as lost).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, RunStateError, UqkitError } from '../core/errors.js';
import { encodeOutputs, type CampaignStore, type StatusCounts } from '../campaign/store.js';
import type { DecodeFn, EncodeFn, RunRef } from '../io/types.js';
import { paramVariable } from './local-runner.js';
import { stderrReason } from './failure-reason.js';
import { readStderrExcerpt } from './process.js';
import { Progress, type ProgressOptions } from './progress.js';
import {
  cancelArrays, jobsNamed, pollArrays, runStatus, slurmLimits, submitArrays, RUN_SCRIPT, STATUS_FILE,
  type ArrayState, type SlurmLimits, type SlurmOptions, type SlurmRun,
} from './slurm.js';

/**
 * Options of {@link runSlurm}: the command and run directories, plus the array options of
 * {@link SlurmOptions} (work directory, runs per task, throttle, partition, time limit...).
 */
export interface SlurmRunnerOptions extends Omit<SlurmOptions, 'jobName'> {
  /**
   * Program and arguments, run in the run's directory on the compute node, with the parameters
   * as UQKIT_PARAM_<NAME> (see paramVariable), UQKIT_RUN_ID and UQKIT_RUN_DIR in its
   * environment; its stdout and stderr go to `stdout` and `stderr` in the run directory.
   */
  readonly command: readonly string[];
  /** The run's directory (created if missing): must be on a file system the compute nodes share. */
  readonly runDir: (run: RunRef) => string;
  /**
   * Creates the run's directory before it is encoded; default: mkdir -p. A campaign passes one
   * that creates it without following symbolic links and records what it made.
   */
  readonly makeRunDir?: (dir: string, run: RunRef) => void;
  /** Reads the outputs of a run that exited 0; what it returns is the run's result. Throwing fails the run with the message. */
  readonly decode: DecodeFn;
  /** Writes the run's input files; default: params.json with the parameters. */
  readonly encode?: EncodeFn;
  /**
   * Resubmissions of a run lost with its array task (the task was cancelled outside uqkit,
   * timed out, was preempted or its node failed before the run wrote its exit status), after
   * which it is failed with the reason (default 2). A run whose command exits non-zero is
   * failed at once: that is the model's answer, not the cluster's.
   */
  readonly retries?: number;
  /** Milliseconds between two polls of squeue (default 2000). */
  readonly pollMs?: number;
  /**
   * Lease on each claimed run (default 120 000 ms), renewed every poll (and at least every
   * third of it). After a crash, another owner takes over the runs when their leases run out;
   * the same owner at once.
   */
  readonly leaseMs?: number;
  /** Who claims (default host:pid). Pass a stable name to resume at once after a crash. */
  readonly owner?: string;
  /** Cancels: the runner's arrays are scancel'ed, their unfinished runs go back to the queue. */
  readonly signal?: AbortSignal;
  /** After scancel, how long to wait for the tasks to end before releasing their runs anyway (default 30 000 ms). */
  readonly cancelWaitMs?: number;
  /** squeue failures in a row tolerated (Slurm's controller busy or restarting) before runSlurm throws (default 10). */
  readonly pollFailures?: number;
  /** Progress display (false: none). */
  readonly progress?: ProgressOptions | false;
}

const OPTION_KEYS = [
  'command', 'runDir', 'makeRunDir', 'decode', 'encode', 'retries', 'pollMs', 'leaseMs', 'owner', 'signal', 'cancelWaitMs', 'pollFailures', 'progress',
  'workDir', 'runsPerTask', 'throttle', 'partition', 'time', 'memory', 'cpusPerTask', 'account', 'extraLines', 'limits', 'slurmEnv',
];

/** A run in one of the runner's arrays, not yet harvested. */
interface Entry {
  readonly ref: RunRef;
  readonly task: number;
  readonly dir: string;
}

/** One array the runner watches. */
interface Tracked {
  /** Row id in the store. */
  readonly row: number;
  /** Slurm's array job id; null: never submitted (its runs go back to the queue). */
  readonly jobId: string | null;
  readonly tasks: number;
  /** Open runs by run id. */
  readonly entries: Map<number, Entry>;
  /**
   * Cancelled before this runner attached to it (`uqkit kill` while no runner was alive): its
   * finished runs are harvested, the others go back to the queue; it does not stop this runner.
   */
  readonly cancelledBefore: boolean;
}

function nonNegativeInteger(field: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InvalidArgumentError({ field, value: v, expected: `an integer >= ${min}` });
  return v;
}

/** The run's stderr as a reason (its first error line and last lines; see readStderrExcerpt and stderrReason), or ''. */
function stderrTail(dir: string): string {
  return stderrReason(readStderrExcerpt(join(dir, 'stderr'))); // a link the model left there is not read
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Runs the queued runs of `store` on Slurm until none is queued or in flight (or `signal`
 * aborts); returns the final counts. Re-attaches to the arrays a killed runner left (see the
 * top of this file). Throws when sbatch fails (the runs of that submission go back to the
 * queue; arrays already submitted keep running and a later runSlurm re-attaches to them), or
 * when squeue fails `pollFailures` times in a row.
 */
export async function runSlurm(store: CampaignStore, opts: SlurmRunnerOptions): Promise<StatusCounts> {
  if (opts === null || typeof opts !== 'object') throw new InvalidArgumentError({ field: 'opts', value: opts, expected: 'the Slurm runner options' });
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.includes(key)) throw new InvalidArgumentError({ field: `opts.${key}`, value: (opts as unknown as Record<string, unknown>)[key], expected: `no such option; the options are ${OPTION_KEYS.join(', ')}` });
  }
  if (!Array.isArray(opts.command) || opts.command.length === 0 || !opts.command.every((c) => typeof c === 'string')) {
    throw new InvalidArgumentError({ field: 'command', value: opts.command, expected: 'a non-empty array of strings (program and arguments)' });
  }
  if (typeof opts.runDir !== 'function') throw new InvalidArgumentError({ field: 'runDir', value: opts.runDir, expected: 'a function (run) => directory' });
  if (typeof opts.decode !== 'function') throw new InvalidArgumentError({ field: 'decode', value: opts.decode, expected: 'a function (dir, run) => outputs' });
  if (opts.encode !== undefined && typeof opts.encode !== 'function') throw new InvalidArgumentError({ field: 'encode', value: opts.encode, expected: 'a function (dir, run) => void' });
  if (typeof opts.workDir !== 'string' || opts.workDir === '') throw new InvalidArgumentError({ field: 'workDir', value: opts.workDir, expected: 'a directory for manifests, batch scripts and Slurm logs' });
  const k = nonNegativeInteger('runsPerTask', opts.runsPerTask ?? 1, 1);
  if (opts.throttle !== undefined) nonNegativeInteger('throttle', opts.throttle, 1);
  const retries = nonNegativeInteger('retries', opts.retries ?? 2);
  const pollMs = nonNegativeInteger('pollMs', opts.pollMs ?? 2000, 10);
  const leaseMs = nonNegativeInteger('leaseMs', opts.leaseMs ?? 120_000, 100);
  const cancelWaitMs = nonNegativeInteger('cancelWaitMs', opts.cancelWaitMs ?? 30_000);
  const maxPollFailures = nonNegativeInteger('pollFailures', opts.pollFailures ?? 10, 1);
  const owner = opts.owner ?? `${os.hostname()}:${process.pid}`;
  if (typeof owner !== 'string' || owner === '') throw new InvalidArgumentError({ field: 'owner', value: owner, expected: 'a non-empty string' });
  const env = opts.slurmEnv;
  const encode: EncodeFn = opts.encode ?? ((dir, run) => writeFileSync(join(dir, 'params.json'), JSON.stringify(run.params, null, 1) + '\n'));
  const slurmOpts: SlurmOptions = {
    workDir: opts.workDir, runsPerTask: k,
    ...(opts.throttle !== undefined ? { throttle: opts.throttle } : {}), ...(opts.partition ? { partition: opts.partition } : {}),
    ...(opts.time ? { time: opts.time } : {}), ...(opts.memory ? { memory: opts.memory } : {}),
    ...(opts.cpusPerTask ? { cpusPerTask: opts.cpusPerTask } : {}), ...(opts.account ? { account: opts.account } : {}),
    ...(opts.extraLines ? { extraLines: opts.extraLines } : {}), ...(env ? { slurmEnv: env } : {}),
  };
  const campaign = store.info().name.replace(/[^A-Za-z0-9_.+-]/g, '_').slice(0, 40);

  const tracked = new Map<number, Tracked>();
  let limits: SlurmLimits | undefined;
  let pollFailures = 0;
  let cancelling = false;
  let lastRenew = Date.now();
  /** Set when a job of this runner turns out cancelled by another process: stop after this cycle. */
  let stopRequested: string | undefined;

  const counts = (): { pending: number; running: number; done: number; failed: number } => {
    const c = store.counts();
    return { pending: c.new + c.encoded, running: c.running, done: c.done, failed: c.failed + c.invalid };
  };
  const progress = opts.progress === false ? undefined : new Progress(counts(), { label: 'runs', ...opts.progress });

  /** Drops a run this runner no longer holds (someone else took it over, or it was rerun/ignored). */
  const drop = (t: Tracked, id: number): void => void t.entries.delete(id);

  const failRun = (t: Tracked, id: number, reason: string, outcome: 'failed' | 'lost', detail = reason): void => {
    try {
      store.fail(id, owner, reason);
      progress?.ran();
      store.setJobRunOutcome(t.row, [id], outcome, detail);
    } catch (e) {
      if (!(e instanceof RunStateError)) throw e;
    }
    drop(t, id);
  };

  /** Takes over the open runs of recorded jobs that no live runner holds, and watches those jobs. */
  const attach = (): void => {
    for (const job of store.jobs({ open: true })) {
      if (tracked.has(job.id) || job.runner !== 'slurm') continue;
      const open = store.jobRuns({ job: job.id, open: true });
      const taken = new Set(store.takeOver(owner, open.map((r) => r.runId), leaseMs));
      if (taken.size === 0) continue; // held by a live runner: it harvests them
      let jobId = job.jobId;
      if (jobId === null && job.state === 'submitting') {
        // The runner that recorded it died between recording and learning the id: ask squeue by name.
        jobId = jobsNamed(job.name, env)[0] ?? null;
        if (jobId !== null) store.setJobSubmitted(job.id, jobId);
        else store.setJobState(job.id, 'unsubmitted', `no job named ${job.name} in squeue: the submission did not happen`);
      }
      const refs = new Map(store.runs({ ids: [...taken] }).map((r) => [r.id, { id: r.id, hash: r.hash, params: r.params } as RunRef]));
      const entries = new Map<number, Entry>();
      for (const r of open) if (taken.has(r.runId)) entries.set(r.runId, { ref: refs.get(r.runId)!, task: r.task, dir: r.dir });
      tracked.set(job.id, { row: job.id, jobId, tasks: job.tasks, entries, cancelledBefore: job.state === 'cancelled' });
    }
  };

  /** One squeue for all arrays, lease renewal, and every run whose task is past pending harvested. */
  const harvest = (): void => {
    if (tracked.size === 0) return;
    const submitted = [...tracked.values()].filter((t) => t.jobId !== null);
    let states: Map<string, ArrayState>;
    try {
      states = pollArrays(submitted.map((t) => ({ jobId: t.jobId!, first: 0, end: t.entries.size, tasks: t.tasks })), env);
      pollFailures = 0;
    } catch (e) {
      if (++pollFailures >= maxPollFailures) throw e;
      states = new Map();
    }
    // Renew: runs whose lease another worker took over are no longer ours to harvest.
    const ids = [...tracked.values()].flatMap((t) => [...t.entries.keys()]);
    const held = new Set(ids.length ? store.renew(owner, ids, leaseMs) : []);
    lastRenew = Date.now();
    for (const t of tracked.values()) for (const id of [...t.entries.keys()]) if (!held.has(id)) drop(t, id);
    if (pollFailures > 0) return; // no squeue answer this cycle: status files alone cannot tell lost runs

    const done: { t: Tracked; id: number; result: unknown }[] = [];
    const known = new Map<Tracked, boolean>();
    const cancelledNow = (t: Tracked): boolean => {
      if (!known.has(t)) {
        const job = store.jobs({ ids: [t.row], state: 'cancelled' })[0];
        known.set(t, job !== undefined);
        if (job) stopRequested ??= job.detail ?? 'cancelled';
      }
      return known.get(t)!;
    };
    for (const t of tracked.values()) {
      const st = t.jobId === null ? undefined : states.get(t.jobId);
      for (const [id, e] of [...t.entries]) {
        const taskState = t.jobId === null ? 'NOT SUBMITTED' : st?.taskStates[e.task] ?? 'ENDED';
        if (taskState === 'PENDING') continue;
        const rs = runStatus(e.dir);
        const where = t.jobId === null ? `job ${t.row} (never submitted)` : `Slurm job ${t.jobId}_${e.task}`;
        if (rs.state === 'exited') {
          // Killed by a signal (128 + its number, as sh reports it) while its array is being
          // cancelled: scancel's SIGTERM reaches a task's processes one by one, so the task's
          // shell can record the exit of the run it just lost before its own turn. Such a run
          // was cancelled, not failed: back to the queue.
          if (rs.exitCode > 128 && (cancelling || t.cancelledBefore || cancelledNow(t))) {
            store.setJobRunOutcome(t.row, [id], 'released', `${where}: cancelled (the run was killed by signal ${rs.exitCode - 128})`);
            store.release(owner, [id]);
            drop(t, id);
            continue;
          }
          if (rs.exitCode !== 0) {
            const tail = stderrTail(e.dir);
            failRun(t, id, `exit code ${rs.exitCode} in ${where}${tail ? `; stderr: ${tail}` : ''}`, 'failed');
            continue;
          }
          try {
            const result = opts.decode(e.dir, e.ref);
            encodeOutputs(result); // outputs the store cannot hold fail this run, not the whole batch
            done.push({ t, id, result });
          } catch (err) {
            failRun(t, id, `decoding failed: ${(err as Error).message}`, 'failed');
          }
          continue;
        }
        const ended = t.jobId === null || st === undefined || st.ended.has(e.task);
        if (!ended) continue;
        // Lost with its task. Cancelled (by us, or by another process since the start of this
        // cycle) or never submitted: back to the queue, no attempt counted.
        if (cancelling || t.cancelledBefore || t.jobId === null || cancelledNow(t)) {
          store.setJobRunOutcome(t.row, [id], 'released', `${where}: ${t.jobId === null ? 'not submitted' : 'cancelled'}`);
          store.release(owner, [id]);
          drop(t, id);
          continue;
        }
        const state = taskState === 'ENDED' ? 'is no longer listed by squeue' : `ended ${taskState}`;
        // Earlier losses: from the run's job history, but no more than its claims since it was
        // last reset (`rerun` zeroes attempts; every loss is followed by a new claim).
        const history = store.jobRuns({ run: id }).filter((r) => r.outcome === 'lost').length;
        const losses = Math.min(history, (store.get(id)?.attempts ?? 1) - 1) + 1;
        const why = `${where} ${state} before the run finished`;
        if (losses <= retries) {
          store.setJobRunOutcome(t.row, [id], 'lost', why);
          store.release(owner, [id]); // claimed and resubmitted by the next cycle
          drop(t, id);
        } else {
          failRun(t, id, `lost with its Slurm array task ${losses} times (retries: ${retries}); last: ${why}`, 'lost', why);
        }
      }
    }
    if (done.length) {
      try {
        store.completeMany(owner, done.map((d) => ({ id: d.id, result: d.result })));
      } catch (e) {
        if (!(e instanceof RunStateError)) throw e;
        // One of them is no longer ours: record the others one by one.
        for (const d of done) {
          try {
            store.complete(d.id, owner, d.result);
          } catch (err) {
            if (!(err instanceof RunStateError)) throw err;
            drop(d.t, d.id);
          }
        }
      }
      const byJob = new Map<Tracked, number[]>();
      for (const d of done) if (d.t.entries.has(d.id)) byJob.set(d.t, [...(byJob.get(d.t) ?? []), d.id]);
      for (const [t, list] of byJob) {
        progress?.ran(list.length);
        store.setJobRunOutcome(t.row, list, 'done');
        for (const id of list) drop(t, id);
      }
    }
    for (const t of [...tracked.values()]) {
      if (t.entries.size > 0) continue;
      // Ended only when no run of it is open any more (runs dropped because another runner
      // took them over are still open: that runner watches the job now).
      if (t.jobId !== null && store.jobs({ ids: [t.row], open: false }).length === 1) store.setJobState(t.row, cancelling || t.cancelledBefore ? 'cancelled' : 'ended');
      tracked.delete(t.row);
    }
  };

  /** Keeps the leases of every run in the runner's arrays (called from long stretches of work too). */
  const renewIfDue = (extra: readonly number[] = []): void => {
    if (Date.now() - lastRenew < leaseMs / 3) return;
    const ids = [...[...tracked.values()].flatMap((t) => [...t.entries.keys()]), ...extra];
    if (ids.length) store.renew(owner, ids, leaseMs);
    lastRenew = Date.now();
  };

  /**
   * Claims what is queued and submits it, one array at a time (at most MaxArraySize tasks, and
   * no more tasks in flight than MaxJobCount): claim, write the run directories, record the
   * job, sbatch, record its id. Returns how many runs were claimed.
   */
  const submit = (): number => {
    limits ??= { ...slurmLimits(env), ...opts.limits };
    let total = 0;
    while (!opts.signal?.aborted) {
      const tasksInFlight = [...tracked.values()].reduce((n, t) => n + t.tasks, 0);
      const room = Math.min((limits.maxJobCount - tasksInFlight) * k, limits.maxArraySize * k);
      if (room <= 0) break;
      const claimed = store.claim(owner, room, leaseMs);
      if (claimed.length === 0) break;
      total += claimed.length;
      const runs: { ref: RunRef; dir: string; slurm: SlurmRun }[] = [];
      for (const run of claimed) {
        renewIfDue(claimed.map((r) => r.id));
        let dir: string;
        try {
          dir = opts.runDir(run);
          if (opts.makeRunDir) opts.makeRunDir(dir, run);
          else mkdirSync(dir, { recursive: true });
          encode(dir, run);
          // A run submitted again must not be judged by what an earlier attempt left, nor write
          // through a link it left where uqkit's files go (removing a link leaves its target alone).
          for (const f of [STATUS_FILE, `${STATUS_FILE}.tmp`, 'stdout', 'stderr', RUN_SCRIPT]) rmSync(join(dir, f), { force: true });
        } catch (e) {
          store.fail(run.id, owner, `could not prepare the run: ${(e as Error).message}`);
          progress?.ran();
          continue;
        }
        const runEnv = Object.fromEntries(Object.entries(run.params).map(([name, v]) => [paramVariable(name), typeof v === 'string' ? v : JSON.stringify(v)]));
        runs.push({ ref: run, dir, slurm: { dir, command: opts.command, env: { ...runEnv, UQKIT_RUN_ID: String(run.id), UQKIT_RUN_DIR: dir } } });
      }
      if (runs.length === 0) continue;
      const name = `uqkit-${campaign}-${randomBytes(6).toString('hex')}`;
      const workDir = join(opts.workDir, name);
      const row = store.addJob(owner, { runner: 'slurm', name, runsPerTask: k, workDir, runs: runs.map((r) => ({ id: r.ref.id, dir: r.dir })) });
      let jobId: string;
      try {
        jobId = submitArrays(runs.map((r) => r.slurm), { ...slurmOpts, workDir, jobName: name, limits })[0]!.jobId;
      } catch (e) {
        const ids = runs.map((r) => r.ref.id);
        store.setJobState(row, 'unsubmitted', (e as Error).message);
        store.setJobRunOutcome(row, ids, 'released', 'sbatch failed');
        store.release(owner, ids);
        throw e;
      }
      store.setJobSubmitted(row, jobId);
      tracked.set(row, { row, jobId, tasks: Math.ceil(runs.length / k), entries: new Map(runs.map((r, i) => [r.ref.id, { ref: r.ref, task: Math.floor(i / k), dir: r.dir }])), cancelledBefore: false });
    }
    return total;
  };

  /** scancel every array this runner watches, wait for their tasks to end, keep what finished, release the rest. */
  const cancelAll = async (reason: string): Promise<void> => {
    cancelling = true;
    const submitted = [...tracked.values()].filter((t) => t.jobId !== null);
    // Recorded first: a runner that dies right after scancel must not leave the next one
    // taking the cancelled tasks' runs for lost (and counting them against their retries).
    for (const t of submitted) store.setJobState(t.row, 'cancelled', reason);
    try {
      cancelArrays(submitted.map((t) => ({ jobId: t.jobId!, first: 0, end: 0, tasks: t.tasks })), env);
    } catch {
      // scancel complains about arrays that already ended; the others are cancelled all the same.
    }
    const end = Date.now() + cancelWaitMs;
    for (;;) {
      let all = true;
      try {
        all = [...pollArrays(submitted.map((t) => ({ jobId: t.jobId!, first: 0, end: 0, tasks: t.tasks })), env).values()].every((s) => s.done);
      } catch {
        all = false;
      }
      if (all || Date.now() >= end) break;
      await sleep(Math.min(200, pollMs));
    }
    harvest();
    for (const t of tracked.values()) {
      const ids = [...t.entries.keys()];
      store.setJobRunOutcome(t.row, ids, 'released', `cancelled; the task had not ended ${cancelWaitMs} ms after scancel`);
      store.release(owner, ids);
    }
    tracked.clear();
  };

  try {
    for (;;) {
      if (opts.signal?.aborted) {
        await cancelAll('cancelled (runSlurm signal)');
        break;
      }
      attach();
      // Cancelled by another process (cancelCampaignJobs) since this runner attached: stop.
      const mine = [...tracked.values()].filter((t) => !t.cancelledBefore).map((t) => t.row);
      const cancelled = mine.length ? store.jobs({ ids: mine, state: 'cancelled' }) : [];
      if (cancelled.length) {
        await cancelAll(cancelled[0]!.detail ?? 'cancelled');
        break;
      }
      harvest();
      if (stopRequested !== undefined) {
        await cancelAll(stopRequested);
        break;
      }
      const submitted = submit();
      if (tracked.size === 0 && submitted === 0 && store.jobs({ open: true }).length === 0) break;
      if (progress?.due()) progress.update(counts());
      await sleep(Math.min(pollMs, leaseMs / 3), opts.signal);
    }
  } catch (e) {
    if (e instanceof UqkitError) throw e;
    throw new UqkitError(`runSlurm: ${(e as Error).message}`, { cause: e });
  }
  const final = store.counts();
  progress?.finish(counts());
  return final;
}

/** One job cancelled by cancelCampaignJobs. */
export interface CancelledJob {
  /** Row id in the store. */
  readonly job: number;
  /** Slurm's array job id. */
  readonly jobId: string;
}

/**
 * scancels every recorded array of the campaign that is not known to have ended (`uqkit kill`
 * from another process, with only the store in hand) and marks them `cancelled` in the store.
 * A runner watching them sees that at its next poll: it records the runs that finished, puts
 * the others back in the queue and returns. A job still `submitting` is looked up by its name
 * in squeue (and left alone if not found: its runner cancels it when it sees the others
 * cancelled). Returns the jobs cancelled.
 *
 * @param env environment for scancel/squeue (e.g. SLURM_CONF)
 */
export function cancelCampaignJobs(store: CampaignStore, env?: Readonly<Record<string, string>>): CancelledJob[] {
  const out: CancelledJob[] = [];
  for (const job of store.jobs({ state: ['submitting', 'active'] })) {
    if (job.runner !== 'slurm') continue;
    let jobId = job.jobId;
    if (jobId === null) {
      jobId = jobsNamed(job.name, env)[0] ?? null;
      if (jobId === null) continue;
      try {
        store.setJobSubmitted(job.id, jobId);
      } catch {
        // its runner recorded the id meanwhile
      }
    }
    out.push({ job: job.id, jobId });
  }
  if (out.length === 0) return out;
  // Marked first, so that a runner seeing the tasks end already knows why (and does not count
  // their runs as lost).
  for (const j of out) store.setJobState(j.job, 'cancelled', 'cancelled by cancelCampaignJobs');
  try {
    cancelArrays(out.map((j) => ({ jobId: j.jobId, first: 0, end: 0, tasks: 0 })), env);
  } catch (e) {
    // scancel exits non-zero when some arrays have already ended; it still cancels the others.
    if (!/already completing or completed|Invalid job id/i.test((e as Error).message)) throw e;
  }
  return out;
}
