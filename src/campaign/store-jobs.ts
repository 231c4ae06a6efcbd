// The store's records of batch-scheduler jobs: recording a job and the runs it carries before
// submitting it, its scheduler id and state, what became of each run in it, and the queries a
// runner re-attaching after a crash asks. The CampaignStore methods of the same names call these.
import type Database from 'better-sqlite3';
import { InvalidArgumentError, RunStateError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { JOB_STATES, type JobInput, type JobQuery, type JobRecord, type JobRunOutcome, type JobRunRecord, type JobState } from './job-records.js';
import type { RunStatus } from './store-types.js';
import { idsOf, ownerOf } from './store-args.js';
import { chunks, marks } from './store-sql.js';

/** What the job functions need of an open store: its database, its write transaction and its clock. */
export interface StoreContext {
  readonly db: Database.Database;
  readonly write: <T>(fn: () => T) => T;
  readonly now: () => number;
}

/** CampaignStore.addJob. */
export function addJob(ctx: StoreContext, owner: string, job: JobInput): number {
  ownerOf('owner', owner);
  const j = optionsOf<JobInput>('job', job);
  knownKeys('job', j, ['runner', 'name', 'runsPerTask', 'workDir', 'runs']);
  for (const k of ['runner', 'name', 'workDir'] as const) {
    if (typeof j[k] !== 'string' || j[k] === '') throw new InvalidArgumentError({ field: `job.${k}`, value: j[k], expected: 'a non-empty string' });
  }
  const k = integer('job.runsPerTask', j.runsPerTask, 1);
  if (!Array.isArray(j.runs) || j.runs.length === 0) throw new InvalidArgumentError({ field: 'job.runs', value: j.runs, expected: 'a non-empty array of { id, dir }' });
  const runs = j.runs.map((r, i) => {
    const id = integer(`job.runs[${i}].id`, r?.id, 1);
    if (typeof r.dir !== 'string' || r.dir === '') throw new InvalidArgumentError({ field: `job.runs[${i}].dir`, value: r.dir, expected: 'a non-empty string (the run directory)' });
    return { id, dir: r.dir };
  });
  return ctx.write(() => {
    const now = ctx.now();
    const held = ctx.db.prepare(`SELECT owner, status FROM runs WHERE id = ?`);
    for (const r of runs) {
      const row = held.get(r.id) as { owner: string | null; status: RunStatus } | undefined;
      if (!row) throw new RunStateError(`run ${r.id}: no such run`, { runId: r.id });
      if (row.status !== 'running' || row.owner !== owner) {
        throw new RunStateError(`run ${r.id}: ${JSON.stringify(owner)} cannot put it in a job: it ${row.status === 'running' ? `is held by ${JSON.stringify(row.owner)}` : `is ${row.status}`}`, { runId: r.id, status: row.status, owner: row.owner ?? undefined });
      }
    }
    const id = Number(
      ctx.db
        .prepare(`INSERT INTO jobs (runner, name, owner, state, runs_per_task, tasks, work_dir, created_at) VALUES (?, ?, ?, 'submitting', ?, ?, ?, ?)`)
        .run(j.runner, j.name, owner, k, Math.ceil(runs.length / k), j.workDir, now).lastInsertRowid,
    );
    // A run is in one job at a time: rows of earlier jobs still open for these runs are stale
    // (their holder's lease ran out and the run was claimed again).
    for (const chunk of chunks(runs.map((r) => r.id))) {
      ctx.db.prepare(`UPDATE job_runs SET outcome = 'superseded', detail = ? WHERE outcome IS NULL AND run_id IN (${marks(chunk)})`).run(`put in job ${id}`, ...chunk);
    }
    const ins = ctx.db.prepare('INSERT INTO job_runs (job, idx, run_id, dir) VALUES (?, ?, ?, ?)');
    runs.forEach((r, i) => ins.run(id, i, r.id, r.dir));
    return id;
  });
}

/** CampaignStore.setJobSubmitted. */
export function setJobSubmitted(ctx: StoreContext, job: number, jobId: string): void {
  integer('job', job, 1);
  if (typeof jobId !== 'string' || jobId === '') throw new InvalidArgumentError({ field: 'jobId', value: jobId, expected: "the scheduler's job id (a non-empty string)" });
  ctx.write(() => {
    const r = ctx.db.prepare(`UPDATE jobs SET state = 'active', job_id = ?, submitted_at = ? WHERE id = ? AND state = 'submitting'`).run(jobId, ctx.now(), job);
    if (r.changes === 0) throw new InvalidArgumentError({ field: 'job', value: job, expected: 'the row id of a job in state "submitting"' });
  });
}

/** CampaignStore.setJobState. */
export function setJobState(ctx: StoreContext, job: number, state: 'ended' | 'cancelled' | 'unsubmitted', detail?: string): boolean {
  integer('job', job, 1);
  oneOf('state', state, ['ended', 'cancelled', 'unsubmitted']);
  if (detail !== undefined && typeof detail !== 'string') throw new InvalidArgumentError({ field: 'detail', value: detail, expected: 'a string' });
  return ctx.write(() => {
    const row = ctx.db.prepare('SELECT state, job_id FROM jobs WHERE id = ?').get(job) as { state: JobState; job_id: string | null } | undefined;
    if (!row) throw new InvalidArgumentError({ field: 'job', value: job, expected: 'the row id of a job of this campaign' });
    if (row.state === state) return false;
    if (state === 'unsubmitted' && row.job_id !== null) throw new InvalidArgumentError({ field: 'state', value: state, expected: `"ended" or "cancelled": job ${job} was submitted as ${row.job_id}` });
    if (state !== 'unsubmitted' && row.job_id === null) throw new InvalidArgumentError({ field: 'state', value: state, expected: `"unsubmitted": job ${job} has no scheduler id` });
    ctx.db.prepare('UPDATE jobs SET state = ?, detail = coalesce(?, detail), ended_at = ? WHERE id = ?').run(state, detail ?? null, ctx.now(), job);
    return true;
  });
}

/** CampaignStore.setJobRunOutcome. */
export function setJobRunOutcome(ctx: StoreContext, job: number, runIds: readonly number[], outcome: JobRunOutcome, detail?: string): number {
  integer('job', job, 1);
  const list = idsOf('runIds', runIds);
  oneOf('outcome', outcome, ['done', 'failed', 'lost', 'released', 'superseded']);
  return ctx.write(() => {
    let n = 0;
    for (const chunk of chunks(list)) {
      n += ctx.db.prepare(`UPDATE job_runs SET outcome = ?, detail = ? WHERE job = ? AND outcome IS NULL AND run_id IN (${marks(chunk)})`).run(outcome, detail ?? null, job, ...chunk).changes;
    }
    return n;
  });
}

/** CampaignStore.jobs. */
export function jobs(ctx: StoreContext, query?: JobQuery): JobRecord[] {
  const q = optionsOf<JobQuery>('query', query);
  knownKeys('query', q, ['state', 'open', 'ids']);
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (q.state !== undefined) {
    const list = (Array.isArray(q.state) ? q.state : [q.state]) as unknown[];
    list.forEach((s, i) => oneOf(Array.isArray(q.state) ? `query.state[${i}]` : 'query.state', s, JOB_STATES));
    clauses.push(`j.state IN (${marks(list)})`);
    args.push(...list);
  }
  if (q.ids !== undefined) {
    clauses.push(`j.id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(idsOf('query.ids', q.ids)));
  }
  if (q.open !== undefined && typeof q.open !== 'boolean') throw new InvalidArgumentError({ field: 'query.open', value: q.open, expected: 'true or false' });
  const open = `(SELECT count(*) FROM job_runs x JOIN runs r ON r.id = x.run_id WHERE x.job = j.id AND x.outcome IS NULL AND r.status = 'running')`;
  if (q.open !== undefined) clauses.push(q.open ? `${open} > 0` : `${open} = 0`);
  const rows = ctx.db
    .prepare(
      `SELECT j.*, ${open} AS open, (SELECT json_group_array(run_id) FROM (SELECT run_id FROM job_runs WHERE job = j.id ORDER BY idx)) AS runs
       FROM jobs j${clauses.length ? ' WHERE ' + clauses.join(' AND ') : ''} ORDER BY j.id`,
    )
    .all(...args) as { id: number; runner: string; name: string; job_id: string | null; owner: string; state: JobState; runs_per_task: number; tasks: number; work_dir: string; detail: string | null; created_at: number; submitted_at: number | null; ended_at: number | null; open: number; runs: string }[];
  return rows.map((r) => ({
    id: r.id, runner: r.runner, name: r.name, jobId: r.job_id, owner: r.owner, state: r.state, runsPerTask: r.runs_per_task, tasks: r.tasks,
    workDir: r.work_dir, detail: r.detail, runs: JSON.parse(r.runs) as number[], open: r.open, createdAt: r.created_at, submittedAt: r.submitted_at, endedAt: r.ended_at,
  }));
}

/** CampaignStore.jobRuns. */
export function jobRuns(ctx: StoreContext, query: { readonly job: number; readonly open?: boolean } | { readonly run: number }): JobRunRecord[] {
  const q = optionsOf<{ job?: number; open?: boolean; run?: number }>('query', query);
  knownKeys('query', q, 'run' in q ? ['run'] : ['job', 'open']);
  const select = `SELECT x.*, j.job_id, j.runs_per_task FROM job_runs x JOIN jobs j ON j.id = x.job`;
  let rows: unknown[];
  if (q.run !== undefined) rows = ctx.db.prepare(`${select} WHERE x.run_id = ? ORDER BY x.job`).all(integer('query.run', q.run, 1));
  else {
    const job = integer('query.job', q.job, 1);
    rows = q.open
      ? ctx.db.prepare(`${select} JOIN runs r ON r.id = x.run_id WHERE x.job = ? AND x.outcome IS NULL AND r.status = 'running' ORDER BY x.idx`).all(job)
      : ctx.db.prepare(`${select} WHERE x.job = ? ORDER BY x.idx`).all(job);
  }
  return (rows as { job: number; idx: number; run_id: number; dir: string; outcome: JobRunOutcome | null; detail: string | null; job_id: string | null; runs_per_task: number }[]).map((r) => ({
    job: r.job, jobId: r.job_id, index: r.idx, task: Math.floor(r.idx / r.runs_per_task), runId: r.run_id, dir: r.dir, outcome: r.outcome, detail: r.detail,
  }));
}
