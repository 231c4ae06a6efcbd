// The campaign store: one SQLite file (better-sqlite3, WAL) that is the single source of truth
// of a campaign — its configuration, samplers, runs with their states and leases, and results.
// Everything a campaign does can be resumed from this file after a crash or a `kill -9`.
//
// Guarantees:
// - Every method that changes the file commits before it returns: once `complete` returns, the
//   result survives the process being killed (and, with the default synchronous=FULL, the
//   machine losing power).
// - A run is identified by the SHA-256 of its canonical parameters (../core/identity.ts); a unique
//   index on that hash makes adding the same parameters twice — from one process or several —
//   return the first run.
// - `claim` is one IMMEDIATE transaction: processes sharing the file never claim the same run
//   while its lease holds. A lease that ran out (its holder crashed or hung) is taken over by
//   the next `claim`; the late holder can then no longer complete or fail the run.
//
// Durability (the `synchronous` option): in WAL mode SQLite commits by appending to the -wal
// file. With synchronous=NORMAL the append is not fsync'ed, so a commit survives the process
// dying (the data is in the OS) but not the OS crashing or power failing — the last commits
// may then be lost (the file stays consistent). synchronous=FULL (the default here) fsyncs the
// WAL at every commit, so what was reported done stays done even then. It costs ~0.3 ms per
// commit on a local ext4 disk, nothing beside a simulation that runs for seconds; for
// throughput-bound campaigns of trivial models pass `synchronous: 'normal'`.
//
// This file holds the CampaignStore class and openStore. Beside it: the schema and its upgrade
// steps (store-schema.ts), opening the file (store-open.ts), the records handed out
// (store-types.ts, job-records.ts), prepared statements (store-statements.ts), row mapping
// (store-rows.ts), SQL pieces of queries (store-sql.ts), argument checks (store-args.ts),
// scheduler jobs (store-jobs.ts) and the encoding of outputs (output-encoding.ts).
import type Database from 'better-sqlite3';
import { InvalidArgumentError, RunStateError, StoreError, UqkitError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { canonicalJson, hashCanonical, type JsonValue, type RunParams } from '../core/identity.js';
import { processAlive, thisProcess, type ProcessIdentity } from '../core/processes.js';
import { STORE_SCHEMA_VERSION } from './store-schema.js';
import { RUN_STATUSES } from './store-types.js';
import type { ParamCondition, RunStatus, StoreOptions, RunRecord, RunInput, AddedRun, ClaimedRun, ClaimOptions, ResultRecord, RunQuery, StatusCounts, CampaignInfo, CreatedPath, SamplerRecord, StoreStats, RefinementRecord, ChainStepRecord } from './store-types.js';
import type { JobRunOutcome, JobRecord, JobRunRecord, JobInput, JobQuery } from './job-records.js';
import { toRecord, type HolderRow, type RunRow } from './store-rows.js';
import { decodeOutputs, encodeOutputs } from './output-encoding.js';
import { idsOf, ownerOf, samplerIdsOf } from './store-args.js';
import { chunks, marks, samplersClause, whereClause } from './store-sql.js';
import { driver, openDatabase } from './store-open.js';
import * as jobTable from './store-jobs.js';
import * as chainTable from './store-chain.js';
import { prepareStatements, type Statements } from './store-statements.js';

export { STORE_SCHEMA_VERSION } from './store-schema.js';
export { RUN_STATUSES } from './store-types.js';
export type {
  RefinementRecord,
  RunStatus,
  QueuedStatus,
  RunParams,
  StoreOptions,
  RunRecord,
  RunInput,
  AddedRun,
  ClaimedRun,
  ClaimOptions,
  ResultRecord,
  ParamCondition,
  RunQuery,
  StatusCounts,
  CreatedPath,
  CampaignInfo,
  SamplerRecord,
  StoreStats,
} from './store-types.js';
export { JOB_STATES } from './job-records.js';
export type { JobState, JobRunOutcome, JobRecord, JobRunRecord, JobInput, JobQuery } from './job-records.js';
export type { ChainStepRecord } from './store-types.js';
export { encodeOutputs, decodeOutputs } from './output-encoding.js';

/**
 * An open campaign store. Open with `openStore(path)`; close with `close()`. One instance per
 * process and file is enough; several processes may open the same file.
 */
export class CampaignStore {
  /** The database file. */
  readonly path: string;
  readonly #db: Database.Database;
  readonly #now: () => number;
  /** This process as claims record it (host from the `host` option). */
  readonly #me: ProcessIdentity;
  readonly #synchronous: 'full' | 'normal';
  /** What the job functions (./store-jobs.ts) use of this store. */
  readonly #ctx: jobTable.StoreContext;
  readonly #stmt: Statements;

  /** @internal use openStore */
  constructor(path: string, db: Database.Database, now: () => number, host?: string, synchronous: 'full' | 'normal' = 'full') {
    this.path = path;
    this.#db = db;
    this.#now = now;
    this.#me = host === undefined ? thisProcess() : { ...thisProcess(), host };
    this.#synchronous = synchronous;
    this.#ctx = { db, write: <T>(fn: () => T): T => this.#write(fn), now };
    this.#stmt = prepareStatements(db);
  }

  /** The campaign's name, creation time, app configuration and the file's schema version. */
  info(): CampaignInfo {
    const row = this.#db.prepare('SELECT name, created_at, app FROM campaign WHERE id = 1').get() as { name: string; created_at: number; app: string };
    return { name: row.name, createdAt: row.created_at, app: JSON.parse(row.app) as JsonValue, schemaVersion: STORE_SCHEMA_VERSION };
  }

  /** Replaces the app configuration (JSON only — parameter specs, encoder/decoder/runner settings), keeping its key order. */
  setApp(app: JsonValue): void {
    canonicalJson(app, 'app');
    const text = JSON.stringify(app);
    this.#db.prepare('UPDATE campaign SET app = ? WHERE id = 1').run(text);
  }

  /** Records a sampler (its kind and JSON state, e.g. how many points it has handed out); returns its id. */
  addSampler(kind: string, state: JsonValue = {}): number {
    if (typeof kind !== 'string' || kind === '') throw new InvalidArgumentError({ field: 'kind', value: kind, expected: 'a non-empty string' });
    const text = canonicalJson(state, 'state');
    const now = this.#now();
    return Number(this.#db.prepare('INSERT INTO samplers (kind, state, created_at, updated_at) VALUES (?, ?, ?, ?)').run(kind, text, now, now).lastInsertRowid);
  }

  /** Replaces a sampler's state. */
  setSamplerState(id: number, state: JsonValue): void {
    integer('id', id, 1);
    const text = canonicalJson(state, 'state');
    const r = this.#db.prepare('UPDATE samplers SET state = ?, updated_at = ? WHERE id = ?').run(text, this.#now(), id);
    if (r.changes === 0) throw new InvalidArgumentError({ field: 'id', value: id, expected: 'the id of a sampler of this campaign' });
  }

  /**
   * Records a step of an adaptive sampler's refinement (replacing the row of the same step:
   * a resumed campaign rebuilds the same steps from the runs' outputs).
   */
  recordRefinement(samplerId: number, row: Omit<RefinementRecord, 'samplerId' | 'createdAt'>): void {
    this.#db.prepare(
      `INSERT OR REPLACE INTO refinement (sampler_id, step, points, error, old, active, stop, indices, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(integer('samplerId', samplerId, 1), integer('row.step', row.step, 1), row.points, Number.isFinite(row.error) ? row.error : null,
      row.old, row.active, row.stop, JSON.stringify(row.indices), this.#now());
  }

  /** The steps of a sampler's refinement recorded so far, in order (empty for other samplers). */
  refinement(samplerId: number): RefinementRecord[] {
    const rows = this.#db.prepare('SELECT * FROM refinement WHERE sampler_id = ? ORDER BY step').all(samplerId) as {
      sampler_id: number; step: number; points: number; error: number | null; old: number; active: number; stop: string | null; indices: string; created_at: number;
    }[];
    return rows.map((r) => ({
      samplerId: r.sampler_id, step: r.step, points: r.points, error: r.error ?? Infinity, old: r.old, active: r.active,
      stop: r.stop, indices: JSON.parse(r.indices) as RefinementRecord['indices'], createdAt: r.created_at,
    }));
  }

  /** Records one step of every chain of an MCMC sampler (replacing rows of the same chain and step), in one transaction. */
  recordChainSteps(samplerId: number, rows: readonly ChainStepRecord[]): void {
    chainTable.recordChainSteps(this.#ctx, samplerId, rows);
  }

  /** The steps of an MCMC sampler's chains recorded so far, by chain then step (empty for other samplers). */
  chainSteps(samplerId: number): ChainStepRecord[] {
    return chainTable.chainSteps(this.#db, samplerId);
  }

  /** Per chain of an MCMC sampler: the last step recorded and the proposals accepted. */
  chainProgress(samplerId: number): { chain: number; steps: number; accepted: number }[] {
    return chainTable.chainProgress(this.#db, samplerId);
  }

  /** The status, reason and decoded outputs (done runs) of runs by id. */
  runOutcomes(ids: readonly number[]): Map<number, { status: string; reason: string | null; outputs: JsonValue | null }> {
    return chainTable.runOutcomes(this.#db, ids);
  }

  /** The samplers, in the order they were added. */
  samplers(): SamplerRecord[] {
    const rows = this.#db.prepare('SELECT * FROM samplers ORDER BY id').all() as { id: number; kind: string; state: string; created_at: number; updated_at: number }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, state: JSON.parse(r.state) as JsonValue, createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  /**
   * Adds runs, all in one transaction. Parameters already in the campaign (same canonical
   * parameters, whatever their state) are not added again: the existing run is returned with
   * `created: false`. Returns one entry per input, in order.
   *
   * @throws InvalidArgumentError naming `runs[i].params...` for parameters that are not a
   *   plain object of JSON values (NaN, ±Infinity, undefined...), or a bad `sampler`/`invalid`.
   */
  add(runs: readonly RunInput[]): AddedRun[] {
    if (!Array.isArray(runs)) throw new InvalidArgumentError({ field: 'runs', value: runs, expected: 'an array of {params} objects' });
    const prepared = runs.map((run: unknown, i) => {
      const at = `runs[${i}]`;
      const r = optionsOf<RunInput>(at, run);
      knownKeys(at, r, ['params', 'sampler', 'invalid']);
      const p: unknown = r.params;
      if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new InvalidArgumentError({ field: `${at}.params`, value: p, expected: 'an object of parameter values' });
      const canonical = canonicalJson(p, `${at}.params`);
      if (r.sampler !== undefined) integer(`${at}.sampler`, r.sampler, 1);
      if (r.invalid !== undefined && typeof r.invalid !== 'string') throw new InvalidArgumentError({ field: `${at}.invalid`, value: r.invalid, expected: 'a string (the reason the run is invalid)' });
      return { canonical, hash: hashCanonical(canonical), sampler: r.sampler ?? null, invalid: r.invalid };
    });
    return this.#write(() => {
      const samplers = [...new Set(prepared.map((p) => p.sampler).filter((x): x is number => x !== null))];
      for (const id of samplers) {
        if (!this.#db.prepare('SELECT 1 FROM samplers WHERE id = ?').get(id)) {
          const i = prepared.findIndex((p) => p.sampler === id);
          throw new InvalidArgumentError({ field: `runs[${i}].sampler`, value: id, expected: 'the id of a sampler of this campaign (from addSampler)' });
        }
      }
      const now = this.#now();
      return prepared.map((p): AddedRun => {
        const status: RunStatus = p.invalid === undefined ? 'new' : 'invalid';
        // run(), not RETURNING: no row to build; changes and the rowid say what happened.
        const r = this.#stmt.insertRun.run(p.hash, p.canonical, status, p.sampler, p.invalid ?? null, now, now);
        let added: AddedRun;
        if (r.changes === 1) added = { id: Number(r.lastInsertRowid), hash: p.hash, created: true, status };
        else {
          const existing = this.#stmt.runByHash.get(p.hash) as RunRow;
          added = { id: existing.id, hash: p.hash, created: false, status: existing.status };
        }
        // (a run the sampler reuses is its run too)
        if (p.sampler !== null) this.#stmt.linkSampler.run(p.sampler, added.id);
        return added;
      });
    });
  }

  /** The run with this id, or undefined. */
  get(id: number): RunRecord | undefined {
    integer('id', id, 1);
    const row = this.#stmt.runById.get(id) as RunRow | undefined;
    return row && toRecord(row);
  }

  /** The run with these parameters (by canonical hash), or undefined. */
  find(params: RunParams): RunRecord | undefined {
    const row = this.#stmt.runByHash.get(hashCanonical(canonicalJson(params, 'params'))) as RunRow | undefined;
    return row && toRecord(row);
  }

  /** Marks `new` runs as `encoded` (their run directories are written); others are left alone. Returns how many changed. */
  markEncoded(ids: readonly number[]): number {
    const list = idsOf('ids', ids);
    return this.#write(() => {
      const now = this.#now();
      let n = 0;
      for (const chunk of chunks(list)) {
        n += this.#db.prepare(`UPDATE runs SET status = 'encoded', encoded_at = ?, updated_at = ? WHERE status = 'new' AND id IN (${marks(chunk)})`).run(now, now, ...chunk).changes;
      }
      return n;
    });
  }

  /**
   * Claims up to `count` runs for `owner`, lowest ids first: runs in the queue (`new` or
   * `encoded`) and `running` runs whose lease has expired — except those still in a recorded
   * job (a Slurm array may be running them: the runner re-attaching takes them over). Each becomes `running` with
   * `owner` and a lease ending `leaseMs` from now. One IMMEDIATE transaction: no two claims,
   * in any process, get the same run while its lease holds.
   *
   * A run held by a process of this host that is dead (not alive, or its pid now names a
   * process that started later) is claimed at once, without waiting for its lease. On this
   * host, a run whose recorded process group leader is still alive is not claimed at all,
   * whatever its lease, so that a run never executes twice at once: kill that group first
   * (`orphanGroups` lists them; the local runner does it). Runs held on other hosts are
   * claimed when their leases end.
   *
   * @returns the claimed runs (fewer than `count`, or none, when the queue runs short)
   */
  claim(owner: string, count: number, leaseMs: number, options?: ClaimOptions): ClaimedRun[] {
    ownerOf('owner', owner);
    integer('count', count, 0);
    integer('leaseMs', leaseMs, 1);
    const o = optionsOf<ClaimOptions>('options', options);
    knownKeys('options', o, ['from', 'maxAttempts']);
    const from = o.from === undefined ? (['new', 'encoded'] as const) : o.from;
    if (!Array.isArray(from) || from.length === 0) throw new InvalidArgumentError({ field: 'options.from', value: from, expected: 'a non-empty array of "new", "encoded"' });
    from.forEach((s, i) => oneOf(`options.from[${i}]`, s, ['new', 'encoded']));
    const maxAttempts = o.maxAttempts === undefined ? undefined : integer('options.maxAttempts', o.maxAttempts, 1);
    const statuses = [...new Set(from)];
    if (count === 0) return [];
    return this.#write(() => {
      const now = this.#now();
      if (maxAttempts !== undefined) this.#stmt.expireFail.run({ now, max: maxAttempts });
      // The first `count` ids of (queued in `from`) or (running with an expired lease), in id
      // order: the union of three short index scans. (One query with OR scanned the table.)
      const pick = (rows: unknown[]): number[] => (rows as { id: number }[]).map((r) => r.id);
      const me = this.#me;
      const groupLives = (r: HolderRow): boolean => r.pgid !== null && processAlive(r.pgid, r.pgid_started);
      const expired = (this.#stmt.claimableExpired.all({ now, count }) as HolderRow[]).filter((r) => r.owner_host !== me.host || !groupLives(r));
      const deadHolder = (this.#stmt.claimableDeadHolder.all({ now, host: me.host, pid: me.pid, started: me.started }) as HolderRow[])
        .filter((r) => !processAlive(r.owner_pid!, r.owner_started) && !groupLives(r));
      const ids = [
        ...statuses.flatMap((status) => pick(this.#stmt.claimableByStatus.all({ status, count }))),
        ...pick(expired),
        ...pick(deadHolder),
      ].sort((a, b) => a - b).slice(0, count);
      if (ids.length === 0) return [];
      const rows = this.#stmt.claimIds.all({ ids: JSON.stringify(ids), owner, deadline: now + leaseMs, now, host: me.host, pid: me.pid, started: me.started }) as { id: number; hash: string; params: string; attempts: number; lease_deadline: number }[];
      rows.sort((a, b) => a.id - b.id); // RETURNING has no order
      return rows.map((r) => ({ id: r.id, hash: r.hash, params: JSON.parse(r.params) as RunParams, attempts: r.attempts, leaseDeadline: r.lease_deadline }));
    });
  }

  /** Extends the leases `owner` holds on these runs to `leaseMs` from now (a heartbeat for long runs). Returns the ids still held. */
  renew(owner: string, ids: readonly number[], leaseMs: number): number[] {
    ownerOf('owner', owner);
    const list = idsOf('ids', ids);
    integer('leaseMs', leaseMs, 1);
    return this.#write(() => {
      const now = this.#now();
      const held: number[] = [];
      for (const chunk of chunks(list)) {
        const rows = this.#db
          .prepare(`UPDATE runs SET lease_deadline = ?, updated_at = ? WHERE status = 'running' AND owner = ? AND id IN (${marks(chunk)}) RETURNING id`)
          .all(now + leaseMs, now, owner, ...chunk) as { id: number }[];
        for (const r of rows) held.push(r.id);
      }
      return held.sort((a, b) => a - b);
    });
  }

  /**
   * Records the process group of the command running run `id` (its leader's pid, and the
   * leader's start time where known), so that after the holder dies the group can be found
   * and killed before the run is taken over. The run must be `running` under `owner`; returns
   * false when it is not (nothing recorded). Written without an fsync even with
   * synchronous=full: the record is of use only while this machine stays up.
   */
  setProcessGroup(id: number, owner: string, pgid: number, started: string | null): boolean {
    integer('id', id, 1);
    ownerOf('owner', owner);
    integer('pgid', pgid, 1);
    const full = this.#synchronous === 'full';
    if (full) this.#db.pragma('synchronous = NORMAL');
    try {
      return this.#write(() => this.#db.prepare(`UPDATE runs SET pgid = ?, pgid_started = ? WHERE id = ? AND status = 'running' AND owner = ?`).run(pgid, started, id, owner).changes === 1);
    } finally {
      if (full) this.#db.pragma('synchronous = FULL');
    }
  }

  /**
   * The process groups of this host that hold up a takeover: `running` runs (not in a
   * recorded job) whose holder is dead or whose lease has ended, and whose recorded process
   * group leader is still alive. Kill each group, then `claim` takes the run.
   */
  orphanGroups(): { readonly id: number; readonly owner: string; readonly pgid: number }[] {
    const me = this.#me;
    const now = this.#now();
    const rows = this.#db
      .prepare(
        `SELECT id, owner, owner_pid, owner_started, lease_deadline, pgid, pgid_started FROM runs WHERE status = 'running' AND owner_host = ? AND pgid IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM job_runs x WHERE x.run_id = runs.id AND x.outcome IS NULL) ORDER BY id`,
      )
      .all(me.host) as (HolderRow & { owner: string; lease_deadline: number })[];
    return rows
      .filter((r) => (r.lease_deadline <= now || !processAlive(r.owner_pid!, r.owner_started)) && processAlive(r.pgid!, r.pgid_started))
      .map((r) => ({ id: r.id, owner: r.owner, pgid: r.pgid! }));
  }

  /**
   * Gives back runs `owner` holds (all of them, or those in `ids`) to the queue, as `encoded`
   * if they had been encoded, else `new`: for a worker that stops, or a campaign process that
   * resumes under the owner name it had before a crash. Returns how many were released.
   */
  release(owner: string, ids?: readonly number[]): number {
    ownerOf('owner', owner);
    const list = ids === undefined ? undefined : idsOf('ids', ids);
    const set = `status = CASE WHEN encoded_at IS NULL THEN 'new' ELSE 'encoded' END, owner = NULL, lease_deadline = NULL, updated_at = ?`;
    return this.#write(() => {
      const now = this.#now();
      if (list === undefined) return this.#db.prepare(`UPDATE runs SET ${set} WHERE status = 'running' AND owner = ?`).run(now, owner).changes;
      let n = 0;
      for (const chunk of chunks(list)) n += this.#db.prepare(`UPDATE runs SET ${set} WHERE status = 'running' AND owner = ? AND id IN (${marks(chunk)})`).run(now, owner, ...chunk).changes;
      return n;
    });
  }

  /**
   * Records a run's result and marks it `done`, in one transaction. The run must be `running`
   * under `owner` (a lease that ran out still counts as long as no one else claimed the run).
   *
   * @param result the outputs: any JSON value (NaN and ±Infinity are kept; typed arrays become arrays)
   * @throws RunStateError when `owner` does not hold the run (say why, and who does)
   */
  complete(id: number, owner: string, result: unknown): void {
    integer('id', id, 1);
    ownerOf('owner', owner);
    const outputs = encodeOutputs(result);
    this.#write(() => {
      const now = this.#now();
      this.#finish(id, owner, 'done', null, now);
      this.#stmt.insertResult.run(id, outputs, now);
    });
  }

  /**
   * `complete` for many runs in one transaction (one commit, one sync): how a runner with
   * many short runs keeps the store from limiting its rate. All or nothing: if `owner` does
   * not hold one of the runs, none is recorded and RunStateError says which.
   */
  completeMany(owner: string, items: readonly { readonly id: number; readonly result: unknown }[]): void {
    ownerOf('owner', owner);
    if (!Array.isArray(items)) throw new InvalidArgumentError({ field: 'items', value: items, expected: 'an array of { id, result }' });
    const rows = items.map((it, i) => ({ id: integer(`items[${i}].id`, it?.id, 1), outputs: encodeOutputs(it.result, `items[${i}].result`) }));
    this.#write(() => {
      const now = this.#now();
      // One statement marks the batch done; if it did not change every run (one is not held
      // by `owner`, or an id repeats), run by run finds the first culprit and throws, which
      // rolls the whole transaction back.
      const n = rows.length === 0 ? 0 : this.#stmt.finishDone.run({ ids: JSON.stringify(rows.map((r) => r.id)), owner, now }).changes;
      if (n !== rows.length) {
        const seen = new Set<number>();
        for (const r of rows) {
          const row = this.#stmt.runById.get(r.id) as RunRow | undefined;
          // Not marked by the statement above (or named twice): #finish throws, saying why.
          if (seen.has(r.id) || !row || row.status !== 'done' || row.finished_at !== now) this.#finish(r.id, owner, 'done', null, now);
          seen.add(r.id);
        }
        throw new StoreError(this.path, `completeMany: ${rows.length} runs given, ${n} marked done, and none found at fault (a bug in uqkit)`);
      }
      for (const r of rows) this.#stmt.insertResult.run(r.id, r.outputs, now);
    });
  }

  /**
   * Marks a run `failed` with a reason. The run must be `running` under `owner`.
   *
   * @throws RunStateError when `owner` does not hold the run
   */
  fail(id: number, owner: string, reason: string): void {
    integer('id', id, 1);
    ownerOf('owner', owner);
    if (typeof reason !== 'string') throw new InvalidArgumentError({ field: 'reason', value: reason, expected: 'a string' });
    this.#write(() => this.#finish(id, owner, 'failed', reason, this.#now()));
  }

  #finish(id: number, owner: string, status: RunStatus, reason: string | null, now: number): void {
    const r = this.#stmt.finish.run({ id, owner, status, reason, now });
    if (r.changes === 1) return;
    const row = this.#stmt.runById.get(id) as RunRow | undefined;
    if (!row) throw new RunStateError(`run ${id}: no such run`, { runId: id });
    const state =
      row.status === 'running' ? `is held by ${JSON.stringify(row.owner)} (the lease of ${JSON.stringify(owner)} ran out and the run was claimed again)` : `is ${row.status}`;
    throw new RunStateError(`run ${id}: ${JSON.stringify(owner)} cannot mark it ${status}: it ${state}`, { runId: id, status: row.status, owner: row.owner ?? undefined });
  }

  /**
   * Marks runs `ignored` (left out of results and never claimed), whatever their state; a
   * result already recorded is kept in the file but not returned by `results()`. Returns how
   * many changed.
   *
   * @throws RunStateError for an id that is not a run (nothing is changed then)
   */
  ignore(ids: readonly number[], reason?: string): number {
    const list = idsOf('ids', ids);
    if (reason !== undefined && typeof reason !== 'string') throw new InvalidArgumentError({ field: 'reason', value: reason, expected: 'a string' });
    return this.#write(() => {
      this.#mustExist(list);
      const now = this.#now();
      let n = 0;
      for (const chunk of chunks(list)) {
        n += this.#db
          .prepare(`UPDATE runs SET status = 'ignored', owner = NULL, lease_deadline = NULL, reason = ?, updated_at = ? WHERE status != 'ignored' AND id IN (${marks(chunk)})`)
          .run(reason ?? null, now, ...chunk).changes;
      }
      return n;
    });
  }

  /**
   * Puts runs back to `new`, whatever their state: result deleted, reason, lease, attempts and
   * timestamps of the last execution cleared. Returns how many runs were reset.
   *
   * @throws RunStateError for an id that is not a run (nothing is changed then)
   */
  rerun(ids: readonly number[]): number {
    const list = idsOf('ids', ids);
    return this.#write(() => {
      this.#mustExist(list);
      const now = this.#now();
      let n = 0;
      for (const chunk of chunks(list)) {
        this.#db.prepare(`DELETE FROM results WHERE run_id IN (${marks(chunk)})`).run(...chunk);
        n += this.#db
          .prepare(
            `UPDATE runs SET status = 'new', owner = NULL, lease_deadline = NULL, reason = NULL, attempts = 0,
               encoded_at = NULL, claimed_at = NULL, finished_at = NULL, updated_at = ? WHERE id IN (${marks(chunk)})`,
          )
          .run(now, ...chunk).changes;
      }
      return n;
    });
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction, committed before this returns (or rolled back if
   * `fn` throws). Store methods called inside join it (as savepoints), so several changes —
   * a sampler's runs and its new state, say — commit together or not at all. `fn` must be
   * synchronous.
   */
  transaction<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new InvalidArgumentError({ field: 'fn', value: fn, expected: 'a function' });
    return this.#write(fn);
  }

  /**
   * Records `outputs` as the result of a `done` or `failed` run and marks it `done` (reason
   * cleared), replacing any result it had; no lease needed. For re-decoding the outputs of
   * finished runs (Campaign.recollate). One transaction.
   *
   * @throws RunStateError when the run does not exist or is not `done` or `failed`
   */
  setResult(id: number, outputs: unknown): void {
    integer('id', id, 1);
    const text = encodeOutputs(outputs, 'outputs');
    this.#write(() => {
      const now = this.#now();
      this.#finished(id, 'setResult');
      this.#db.prepare(`UPDATE runs SET status = 'done', reason = NULL, updated_at = ? WHERE id = ?`).run(now, id);
      this.#stmt.insertResult.run(id, text, now);
    });
  }

  /**
   * Marks a `done` or `failed` run `failed` with `reason` and deletes its result; no lease
   * needed (Campaign.recollate, for a run whose outputs no longer decode). One transaction.
   *
   * @throws RunStateError when the run does not exist or is not `done` or `failed`
   */
  markFailed(id: number, reason: string): void {
    integer('id', id, 1);
    if (typeof reason !== 'string') throw new InvalidArgumentError({ field: 'reason', value: reason, expected: 'a string' });
    this.#write(() => {
      this.#finished(id, 'markFailed');
      this.#db.prepare('DELETE FROM results WHERE run_id = ?').run(id);
      this.#db.prepare(`UPDATE runs SET status = 'failed', reason = ?, updated_at = ? WHERE id = ?`).run(reason, this.#now(), id);
    });
  }

  #finished(id: number, what: string): void {
    const row = this.#stmt.runById.get(id) as RunRow | undefined;
    if (!row) throw new RunStateError(`run ${id}: no such run`, { runId: id });
    if (row.status !== 'done' && row.status !== 'failed') {
      throw new RunStateError(`run ${id}: ${what} needs a done or failed run, but it is ${row.status}`, { runId: id, status: row.status, owner: row.owner ?? undefined });
    }
  }

  /** The sampler with this id, or undefined. */
  sampler(id: number): SamplerRecord | undefined {
    integer('id', id, 1);
    const r = this.#db.prepare('SELECT * FROM samplers WHERE id = ?').get(id) as { id: number; kind: string; state: string; created_at: number; updated_at: number } | undefined;
    return r && { id: r.id, kind: r.kind, state: JSON.parse(r.state) as JsonValue, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  /**
   * Runs in the given states, by id, with their outputs (null for a run without a result):
   * the rows a collation turns into columns.
   */
  collate(statuses: readonly RunStatus[] = ['done']): ResultRecord[] {
    if (!Array.isArray(statuses) || statuses.length === 0) throw new InvalidArgumentError({ field: 'status', value: statuses, expected: 'a non-empty array of run states' });
    statuses.forEach((s, i) => oneOf(`status[${i}]`, s, RUN_STATUSES));
    const rows = this.#db
      .prepare(`SELECT r.id, r.hash, r.params, s.outputs FROM runs r LEFT JOIN results s ON s.run_id = r.id WHERE r.status IN (${marks(statuses)}) ORDER BY r.id`)
      .all(...statuses) as { id: number; hash: string; params: string; outputs: string | null }[];
    return rows.map((r) => ({ id: r.id, hash: r.hash, params: JSON.parse(r.params) as RunParams, outputs: r.outputs === null ? null : decodeOutputs(r.outputs) }));
  }

  /**
   * Counts by sampler (runs added without one under `null`) and state, and the wall time of
   * `done` runs from claim to finish (ms; undefined when none has both times).
   */
  stats(): StoreStats {
    const bySampler = new Map<number | null, Record<string, number>>();
    for (const r of this.#db.prepare('SELECT sampler_id AS s, status, count(*) AS n FROM runs GROUP BY sampler_id, status').all() as { s: number | null; status: RunStatus; n: number }[]) {
      let c = bySampler.get(r.s);
      if (!c) bySampler.set(r.s, (c = { ...Object.fromEntries(RUN_STATUSES.map((k) => [k, 0])), total: 0 }));
      c[r.status] = r.n;
      c.total = (c.total ?? 0) + r.n;
    }
    const t = this.#db
      .prepare(`SELECT count(*) AS n, avg(finished_at - claimed_at) AS mean, min(finished_at - claimed_at) AS lo, max(finished_at - claimed_at) AS hi FROM runs WHERE status = 'done' AND claimed_at IS NOT NULL AND finished_at IS NOT NULL`)
      .get() as { n: number; mean: number | null; lo: number | null; hi: number | null };
    return {
      counts: this.counts(),
      bySampler: [...bySampler].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)).map(([sampler, c]) => ({ sampler, counts: c as StatusCounts })),
      runMs: t.n > 0 ? { count: t.n, mean: t.mean!, min: t.lo!, max: t.hi! } : undefined,
    };
  }

  #mustExist(ids: readonly number[]): void {
    for (const chunk of chunks([...new Set(ids)])) {
      const found = new Set((this.#db.prepare(`SELECT id FROM runs WHERE id IN (${marks(chunk)})`).all(...chunk) as { id: number }[]).map((r) => r.id));
      const missing = chunk.find((id) => !found.has(id));
      if (missing !== undefined) throw new RunStateError(`run ${missing}: no such run`, { runId: missing });
    }
  }

  /**
   * Takes over the leases of runs that are `running` and either held by `owner` already (a
   * runner restarted under the same owner name after a crash) or whose lease has run out (its
   * holder died or hung): each gets `owner` and a lease ending `leaseMs` from now, without
   * counting an attempt. Runs held by another owner whose lease still holds are left alone, so
   * two live workers never both hold a run. Returns the ids taken over.
   */
  takeOver(owner: string, ids: readonly number[], leaseMs: number): number[] {
    ownerOf('owner', owner);
    const list = idsOf('ids', ids);
    integer('leaseMs', leaseMs, 1);
    return this.#write(() => {
      const now = this.#now();
      const taken: number[] = [];
      for (const chunk of chunks(list)) {
        const rows = this.#db
          .prepare(
            `UPDATE runs SET owner = ?, lease_deadline = ?, updated_at = ?, owner_host = ?, owner_pid = ?, owner_started = ?
             WHERE status = 'running' AND (owner = ? OR lease_deadline <= ?) AND id IN (${marks(chunk)}) RETURNING id`,
          )
          .all(owner, now + leaseMs, now, this.#me.host, this.#me.pid, this.#me.started, owner, now, ...chunk) as { id: number }[];
        for (const r of rows) taken.push(r.id);
      }
      return taken.sort((a, b) => a - b);
    });
  }

  /**
   * Records a job (state `submitting`) and the runs it will carry, in one transaction, before
   * the scheduler is asked; `setJobSubmitted` adds the scheduler's id. Returns the job's row id.
   *
   * @throws RunStateError when `owner` does not hold one of the runs (nothing is recorded then)
   */
  addJob(owner: string, job: JobInput): number {
    return jobTable.addJob(this.#ctx, owner, job);
  }

  /** Records the scheduler's id of a `submitting` job; the job becomes `active`. */
  setJobSubmitted(job: number, jobId: string): void {
    jobTable.setJobSubmitted(this.#ctx, job, jobId);
  }

  /** Moves a job to `ended`, `cancelled` or `unsubmitted` (with an optional detail: why). Returns false if it was in that state already. */
  setJobState(job: number, state: 'ended' | 'cancelled' | 'unsubmitted', detail?: string): boolean {
    return jobTable.setJobState(this.#ctx, job, state, detail);
  }

  /**
   * Records what became of runs in a job (see JobRunOutcome). Only rows still open change;
   * returns how many did.
   */
  setJobRunOutcome(job: number, runIds: readonly number[], outcome: JobRunOutcome, detail?: string): number {
    return jobTable.setJobRunOutcome(this.#ctx, job, runIds, outcome, detail);
  }

  /** Recorded jobs, by row id. */
  jobs(query?: JobQuery): JobRecord[] {
    return jobTable.jobs(this.#ctx, query);
  }

  /**
   * Runs in jobs: those of one job (`{ job }`, in manifest order; `open: true` for those still
   * `running` with no outcome there), or the job history of one run (`{ run }`, oldest first).
   */
  jobRuns(query: { readonly job: number; readonly open?: boolean } | { readonly run: number }): JobRunRecord[] {
    return jobTable.jobRuns(this.#ctx, query);
  }

  /** How many runs are in each state, and in all. */
  counts(): StatusCounts {
    const out: Record<string, number> = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0]));
    let total = 0;
    for (const r of this.#stmt.counts.all() as { status: RunStatus; n: number }[]) {
      out[r.status] = r.n;
      total += r.n;
    }
    return { ...(out as { [S in RunStatus]: number }), total };
  }

  /** Runs by id, optionally only those in some states and whose parameters meet conditions. */
  runs(query?: RunQuery): RunRecord[] {
    const q = optionsOf<RunQuery>('query', query);
    knownKeys('query', q, ['status', 'where', 'ids', 'samplers']);
    const clauses: string[] = [];
    const args: unknown[] = [];
    if (q.status !== undefined) {
      const list = (Array.isArray(q.status) ? q.status : [q.status]) as unknown[];
      list.forEach((s, i) => oneOf(Array.isArray(q.status) ? `query.status[${i}]` : 'query.status', s, RUN_STATUSES));
      clauses.push(`status IN (${marks(list)})`);
      args.push(...list);
    }
    if (q.ids !== undefined) {
      const ids = idsOf('query.ids', q.ids);
      clauses.push(`id IN (SELECT value FROM json_each(?))`);
      args.push(JSON.stringify(ids));
    }
    if (q.samplers !== undefined) {
      clauses.push(samplersClause);
      args.push(JSON.stringify(samplerIdsOf('query.samplers', q.samplers)));
    }
    if (q.where !== undefined) {
      const where = optionsOf<Record<string, ParamCondition>>('query.where', q.where);
      for (const [name, cond] of Object.entries(where)) whereClause(name, cond, clauses, args);
    }
    const sql = `SELECT * FROM runs${clauses.length ? ' WHERE ' + clauses.join(' AND ') : ''} ORDER BY id`;
    return (this.#db.prepare(sql).all(...args) as RunRow[]).map(toRecord);
  }

  /** The results of `done` runs, by run id, with their parameters; with `samplers`, only of runs those samplers drew. */
  results(query?: { readonly samplers?: readonly number[] }): ResultRecord[] {
    const q = optionsOf<{ samplers?: readonly number[] }>('query', query);
    knownKeys('query', q, ['samplers']);
    const rows = q.samplers === undefined
      ? this.#stmt.results.all()
      : this.#db.prepare(`SELECT r.id, r.hash, r.params, s.outputs FROM runs r JOIN results s ON s.run_id = r.id WHERE r.status = 'done' AND r.${samplersClause} ORDER BY r.id`)
        .all(JSON.stringify(samplerIdsOf('query.samplers', q.samplers)));
    return (rows as { id: number; hash: string; params: string; outputs: string }[]).map((r) => ({
      id: r.id,
      hash: r.hash,
      params: JSON.parse(r.params) as RunParams,
      outputs: decodeOutputs(r.outputs),
    }));
  }

  /**
   * SQLite's own check of the file: `PRAGMA integrity_check` (pages, b-trees, indexes, NOT NULL
   * and CHECK constraints) and `PRAGMA foreign_key_check`. Returns what they found, one line
   * each (at most 100 from integrity_check); empty when the file is sound. A file too damaged
   * to be checked throws the SqliteError.
   */
  integrityCheck(): string[] {
    const out = (this.#db.pragma('integrity_check(100)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((s) => s !== 'ok');
    for (const r of this.#db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) out.push(`${r.table} row ${r.rowid}: refers to a row of ${r.parent} that does not exist`);
    return out;
  }

  /**
   * Records paths uqkit created in the campaign directory (relative to it), so that cleaning
   * the campaign deletes them and nothing else. A path recorded already keeps its first kind
   * and takes the new stamp.
   */
  recordCreated(entries: readonly CreatedPath[]): void {
    if (entries.length === 0) return;
    entries.forEach((e, i) => {
      if (typeof e?.path !== 'string' || e.path === '' || e.path.startsWith('/') || e.path === '..' || e.path.startsWith('../')) {
        throw new InvalidArgumentError({ field: `entries[${i}].path`, value: e?.path, expected: 'a path relative to the campaign directory, inside it' });
      }
      oneOf(`entries[${i}].kind`, e.kind, ['file', 'dir', 'tree']);
    });
    const now = this.#now();
    this.#write(() => {
      const insert = this.#db.prepare('INSERT INTO created_paths (path, kind, stamp, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET stamp = excluded.stamp');
      for (const e of entries) insert.run(e.path, e.kind, e.stamp ?? null, now);
    });
  }

  /** What uqkit recorded creating in the campaign directory, in path order. */
  createdPaths(): CreatedPath[] {
    return this.#db.prepare('SELECT path, kind, stamp FROM created_paths ORDER BY path').all() as CreatedPath[];
  }

  /** Closes the file (a WAL checkpoint folds the -wal file back into the database). */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** Runs fn in one IMMEDIATE transaction, committed before this returns. */
  #write<T>(fn: () => T): T {
    try {
      return this.#db.transaction(fn).immediate();
    } catch (e) {
      if (e instanceof UqkitError || !(e instanceof driver(this.path).SqliteError)) throw e;
      const busy = e.code === 'SQLITE_BUSY' || e.code.startsWith('SQLITE_BUSY_');
      throw new StoreError(
        this.path,
        busy ? 'the database stayed locked by another process for longer than busyTimeoutMs' : `SQLite: ${e.message}`,
        busy ? { cause: e, hint: 'raise options.busyTimeoutMs, or write in fewer, larger transactions' } : { cause: e },
      );
    }
  }
}

/**
 * Opens (by default creating) the campaign store at `path`.
 *
 * A file of an older schema version is upgraded in place (MIGRATIONS), unless `readonly`.
 *
 * @throws StoreVersionError when the file has another schema version (with `readonly`, also an
 *   older one); StoreDamagedError when SQLite finds it malformed or, opened without creating,
 *   it has no tables (its -wal was lost); StoreError when it is not a SQLite file or not a uqkit
 *   store, holds another campaign than `options.name`, or (with `create: false` or `readonly`)
 *   does not exist; InvalidArgumentError for bad options.
 */
export function openStore(path: string, options?: StoreOptions): CampaignStore {
  return openDatabase(path, options, (db, s) => new CampaignStore(path, db, s.now, s.host, s.synchronous));
}
