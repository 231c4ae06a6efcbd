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
import type Database from 'better-sqlite3';
import { accessSync, constants as fsConstants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, resolve } from 'node:path';
import { InvalidArgumentError, RunStateError, StoreDamagedError, StoreError, StoreVersionError, UqkitError } from '../core/errors.js';
import { toJsonValue } from '../core/json.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { canonicalJson, hashCanonical, type JsonValue, type RunParams } from '../core/identity.js';
import { processAlive, thisProcess, type ProcessIdentity } from '../core/processes.js';

/**
 * The schema version this uqkit reads and writes: one more than the number of upgrade steps
 * in MIGRATIONS (a file of an older version is upgraded in place when opened for writing).
 */
export const STORE_SCHEMA_VERSION = 5;

export type RunStatus = 'new' | 'encoded' | 'running' | 'done' | 'failed' | 'invalid' | 'ignored';
export const RUN_STATUSES: readonly RunStatus[] = ['new', 'encoded', 'running', 'done', 'failed', 'invalid', 'ignored'];
/** States a run can be claimed from (besides `running` with an expired lease). */
export type QueuedStatus = 'new' | 'encoded';

export type { RunParams } from '../core/identity.js';

export interface StoreOptions {
  /**
   * The campaign's name, written when the file is created. When the file exists and `name` is
   * given, it must match. Default: the file name without its extension.
   */
  readonly name?: string;
  /** The app configuration (JSON: parameter specs, encoder/decoder/runner settings — no code), written when the file is created. Default `{}`. */
  readonly app?: JsonValue;
  /** Create the file when it does not exist. Default true; false makes a missing file a StoreError. */
  readonly create?: boolean;
  /**
   * Open for reading only: the file is never created, upgraded or written (writes fail with
   * SQLite's SQLITE_READONLY, as a StoreError from the methods that write in a transaction),
   * and a file of an older schema version is a StoreVersionError instead of being upgraded.
   * SQLite may create the -shm index (and an empty -wal) beside the file, as any reader of a
   * WAL database does; in a directory the user cannot write, a file without a -wal is read
   * from a copy in memory. Default false.
   */
  readonly readonly?: boolean;
  /** SQLite's synchronous setting (see the top of this file). Default `'full'`. */
  readonly synchronous?: 'full' | 'normal';
  /** How long to wait for another process's write transaction before giving up, ms. Default 10000. */
  readonly busyTimeoutMs?: number;
  /** The clock of leases and timestamps, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * The host recorded with each claim, beside this process's pid and start time. Default
   * `os.hostname()`. Runs held by a dead process of this host are claimed at once; those
   * held on another host only when their lease ends (no process there can be checked).
   */
  readonly host?: string;
}

/** One run as stored. Absent values are null. */
export interface RunRecord {
  readonly id: number;
  /** SHA-256 (hex) of the canonical parameters. */
  readonly hash: string;
  readonly params: RunParams;
  readonly status: RunStatus;
  /** The sampler that produced the run, if recorded. */
  readonly sampler: number | null;
  /** Who holds the run while it is `running`. */
  readonly owner: string | null;
  /** When the lease of a `running` run ends, ms since the epoch. */
  readonly leaseDeadline: number | null;
  /** How often the run has been claimed since it was added (or last rerun). */
  readonly attempts: number;
  /** Why the run failed, is invalid, or was ignored. */
  readonly reason: string | null;
  readonly createdAt: number;
  readonly encodedAt: number | null;
  readonly claimedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** A run to add. */
export interface RunInput {
  readonly params: RunParams;
  /** The sampler that produced it (an id from `addSampler`). */
  readonly sampler?: number;
  /** Record the run as `invalid` with this reason instead of `new` (see checkParams). */
  readonly invalid?: string;
}

export interface AddedRun {
  readonly id: number;
  readonly hash: string;
  /** False when a run with the same parameters was there already (it is returned instead). */
  readonly created: boolean;
  /** The run's status (for an existing run, whatever it is now). */
  readonly status: RunStatus;
}

/** A run handed out by `claim`. */
export interface ClaimedRun {
  readonly id: number;
  readonly hash: string;
  readonly params: RunParams;
  /** 1 for the first claim; more when an earlier holder's lease ran out or was released. */
  readonly attempts: number;
  readonly leaseDeadline: number;
}

export interface ClaimOptions {
  /** Claim only runs in these states (plus expired leases). Default both `'new'` and `'encoded'`. */
  readonly from?: readonly QueuedStatus[];
  /**
   * A run whose lease has expired this many times is marked `failed` (reason says so) instead
   * of being handed out again: a run that keeps killing its worker stops being retried.
   * Default: no limit.
   */
  readonly maxAttempts?: number;
}

export interface ResultRecord {
  readonly id: number;
  readonly hash: string;
  readonly params: RunParams;
  /** The outputs (null from `collate` for a run that has no result). */
  readonly outputs: JsonValue;
}

/** A condition on one parameter: a value (equality) or comparisons, all of which must hold. */
export type ParamCondition = JsonScalar | { readonly eq?: JsonScalar; readonly ne?: JsonScalar; readonly gt?: number | string; readonly gte?: number | string; readonly lt?: number | string; readonly lte?: number | string };
type JsonScalar = number | string | boolean;

export interface RunQuery {
  /** Only runs in this state (or these states). */
  readonly status?: RunStatus | readonly RunStatus[];
  /**
   * Conditions on parameters, all of which must hold. Comparisons only match values of the same
   * kind (numbers with numbers, strings with strings); runs without the parameter never match.
   */
  readonly where?: Readonly<Record<string, ParamCondition>>;
  /** Only the run with these ids. */
  readonly ids?: readonly number[];
  /** Only runs drawn by one of these samplers (ids from `addSampler`; a run several samplers drew belongs to each). */
  readonly samplers?: readonly number[];
}

export type StatusCounts = { readonly [S in RunStatus]: number } & { readonly total: number };

/** Something uqkit created in the campaign directory (see `CampaignStore.recordCreated`). */
export interface CreatedPath {
  /** Relative to the campaign directory; '.' is the directory itself. */
  readonly path: string;
  /** 'file': a file uqkit wrote; 'dir': a directory it made (removed once empty); 'tree': a directory wholly its own or a run's. */
  readonly kind: 'file' | 'dir' | 'tree';
  /** A file's size and mtime as uqkit left it (`size:mtime`, whole seconds); null while it is being written, and for directories. */
  readonly stamp?: string | null;
}

export interface CampaignInfo {
  readonly name: string;
  readonly createdAt: number;
  readonly app: JsonValue;
  readonly schemaVersion: number;
}

export interface SamplerRecord {
  readonly id: number;
  readonly kind: string;
  readonly state: JsonValue;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What `CampaignStore.stats()` reports. */
export interface StoreStats {
  readonly counts: StatusCounts;
  /** Counts by the sampler that added the runs (null: added without a sampler), by sampler id. */
  readonly bySampler: readonly { readonly sampler: number | null; readonly counts: StatusCounts }[];
  /** Wall time of `done` runs from claim to finish, ms. */
  readonly runMs: { readonly count: number; readonly mean: number; readonly min: number; readonly max: number } | undefined;
}

/**
 * A job's state: `submitting` (recorded, the scheduler not yet asked or its answer not yet
 * written), `active` (submitted, `jobId` known), `ended` (every run it carried is accounted
 * for), `cancelled` (scancel'ed: its lost runs go back to the queue, not to a retry), and
 * `unsubmitted` (the submission failed or never happened).
 */
export type JobState = 'submitting' | 'active' | 'ended' | 'cancelled' | 'unsubmitted';
export const JOB_STATES: readonly JobState[] = ['submitting', 'active', 'ended', 'cancelled', 'unsubmitted'];
/**
 * What became of a run in a job: `done`/`failed` (its result or failure was recorded), `lost`
 * (its task ended without the run finishing: counts as a failed attempt), `released` (given
 * back to the queue by a cancel), `superseded` (the run left `running` by other means: rerun,
 * ignored, claimed by another worker after its lease ran out).
 */
export type JobRunOutcome = 'done' | 'failed' | 'lost' | 'released' | 'superseded';

/** A job of a batch scheduler (a Slurm job array) as recorded in the store. */
export interface JobRecord {
  /** Row id in the store (not the scheduler's id). */
  readonly id: number;
  /** Which runner submitted it, e.g. `'slurm'`. */
  readonly runner: string;
  /** The job's name in the scheduler, unique in the store (finds a job whose id was not recorded). */
  readonly name: string;
  /** The scheduler's job id (the array job id); null while `submitting` or when `unsubmitted`. */
  readonly jobId: string | null;
  /** The worker that submitted it. */
  readonly owner: string;
  readonly state: JobState;
  readonly runsPerTask: number;
  /** Array tasks: task t carries the runs at manifest positions t*runsPerTask .. (t+1)*runsPerTask-1. */
  readonly tasks: number;
  /** Where the manifest, batch script and scheduler logs are. */
  readonly workDir: string;
  /** Why the job was cancelled or not submitted. */
  readonly detail: string | null;
  /** Runs the job carries, in manifest order. */
  readonly runs: readonly number[];
  /** Of those, how many are still `running` with no outcome recorded in this job. */
  readonly open: number;
  readonly createdAt: number;
  readonly submittedAt: number | null;
  readonly endedAt: number | null;
}

/** One run in one job. */
export interface JobRunRecord {
  /** Row id of the job (JobRecord.id). */
  readonly job: number;
  /** The scheduler's job id, if known. */
  readonly jobId: string | null;
  /** Position in the job's manifest. */
  readonly index: number;
  /** The array task that carries it: floor(index / runsPerTask). */
  readonly task: number;
  readonly runId: number;
  /** The run directory the job runs it in. */
  readonly dir: string;
  /** Null while the run is in the job. */
  readonly outcome: JobRunOutcome | null;
  readonly detail: string | null;
}

/** A job to record with `addJob`. */
export interface JobInput {
  readonly runner: string;
  /** Unique name for the scheduler (see JobRecord.name). */
  readonly name: string;
  readonly runsPerTask: number;
  readonly workDir: string;
  /** The runs, in manifest order, each with the directory it runs in. `owner` must hold them all. */
  readonly runs: readonly { readonly id: number; readonly dir: string }[];
}

export interface JobQuery {
  /** Only jobs in this state (or these states). */
  readonly state?: JobState | readonly JobState[];
  /** Only jobs that still carry `running` runs with no outcome recorded. */
  readonly open?: boolean;
  /** Only the jobs with these row ids. */
  readonly ids?: readonly number[];
}

const SCHEMA = `
CREATE TABLE uqkit_schema (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
CREATE TABLE campaign (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  app TEXT NOT NULL CHECK (json_valid(app))
);
CREATE TABLE samplers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (json_valid(state)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  params TEXT NOT NULL CHECK (json_valid(params)),
  status TEXT NOT NULL CHECK (status IN ('new', 'encoded', 'running', 'done', 'failed', 'invalid', 'ignored')),
  sampler_id INTEGER REFERENCES samplers(id),
  owner TEXT,
  lease_deadline INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  created_at INTEGER NOT NULL,
  encoded_at INTEGER,
  claimed_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL,
  CHECK ((status = 'running') = (owner IS NOT NULL AND lease_deadline IS NOT NULL))
);
CREATE UNIQUE INDEX runs_hash ON runs (hash);
CREATE INDEX runs_status ON runs (status, id);
CREATE TABLE results (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  outputs TEXT NOT NULL CHECK (json_valid(outputs)),
  created_at INTEGER NOT NULL
);
`;

// Version 2: jobs of a batch scheduler (a Slurm job array) and the runs each carries, so that a
// runner started after a crash re-attaches to the arrays still queued or running instead of
// submitting their runs again. A job is recorded ('submitting', with its runs) BEFORE sbatch is
// called and gets its scheduler id right after ('active'): a crash between the two leaves a
// 'submitting' job whose unique name finds it in the scheduler's queue. job_runs keeps the
// history: a run resubmitted after its task was lost has one row per job that carried it;
// outcome is NULL while the run is in that job, then what became of it there.
const JOBS_SCHEMA = `
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  runner TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  job_id TEXT,
  owner TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('submitting', 'active', 'ended', 'cancelled', 'unsubmitted')),
  runs_per_task INTEGER NOT NULL,
  tasks INTEGER NOT NULL,
  work_dir TEXT NOT NULL,
  detail TEXT,
  created_at INTEGER NOT NULL,
  submitted_at INTEGER,
  ended_at INTEGER,
  CHECK ((state = 'submitting' OR state = 'unsubmitted') = (job_id IS NULL))
);
CREATE INDEX jobs_state ON jobs (state, id);
CREATE TABLE job_runs (
  job INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  dir TEXT NOT NULL,
  outcome TEXT CHECK (outcome IN ('done', 'failed', 'lost', 'released', 'superseded')),
  detail TEXT,
  PRIMARY KEY (job, idx)
);
CREATE INDEX job_runs_run ON job_runs (run_id);
CREATE INDEX job_runs_open ON job_runs (job) WHERE outcome IS NULL;
`;

// Version 3: every sampler that drew a run. runs.sampler_id names only the sampler that added
// it; a later sampler that draws the same parameters reuses the run, and this table records
// that it is that sampler's run too (so an analysis of the later sampler's runs has it). A file
// of an earlier version knows only the first sampler of each run: that is what it is given.
const RUN_SAMPLERS_SCHEMA = `
CREATE TABLE run_samplers (
  sampler_id INTEGER NOT NULL REFERENCES samplers(id) ON DELETE CASCADE,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  PRIMARY KEY (sampler_id, run_id)
) WITHOUT ROWID;
INSERT INTO run_samplers (sampler_id, run_id) SELECT sampler_id, id FROM runs WHERE sampler_id IS NOT NULL;
`;

// Version 4: what uqkit created in the campaign directory (paths relative to it; '.' is the
// directory itself), so that `uqkit clean` and `--fresh` delete that and nothing else. kind:
// 'file' a file uqkit wrote (report.html), 'dir' a directory it made that may also hold the
// user's entries (runs/, shared/: removed only once empty), 'tree' a directory wholly uqkit's
// or a run's (a run directory with what the model wrote in it, a shared copy). stamp: the
// file's size and mtime as uqkit left it ('size:mtime'), so that a file someone else put in
// its place later is not taken for uqkit's; NULL while uqkit is writing it.
// A file of an older version gets what uqkit is known to have made for it: the default run
// directory (src/io/run-dir.ts, ids below 2^24) of every run ever claimed and the folders above
// them, shared/ (removed once empty), slurm/ when it had jobs, and analysis.json and report.html
// once a run was done (uqkit then wrote them unasked). A new file has no runs: nothing is added.
const CREATED_SCHEMA = `
CREATE TABLE created_paths (
  path TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('file', 'dir', 'tree')),
  stamp TEXT,
  created_at INTEGER NOT NULL
);
INSERT OR IGNORE INTO created_paths (path, kind, created_at)
  SELECT 'runs/' || printf('%03d', id / 65536) || '/' || printf('%03d', (id / 256) % 256) || '/run_' || id, 'tree', unixepoch() * 1000
  FROM runs WHERE attempts > 0 AND id < 16777216;
INSERT OR IGNORE INTO created_paths (path, kind, created_at)
  SELECT DISTINCT 'runs/' || printf('%03d', id / 65536) || '/' || printf('%03d', (id / 256) % 256), 'dir', unixepoch() * 1000
  FROM runs WHERE attempts > 0 AND id < 16777216;
INSERT OR IGNORE INTO created_paths (path, kind, created_at)
  SELECT DISTINCT 'runs/' || printf('%03d', id / 65536), 'dir', unixepoch() * 1000 FROM runs WHERE attempts > 0 AND id < 16777216;
INSERT OR IGNORE INTO created_paths (path, kind, created_at)
  SELECT p, 'dir', unixepoch() * 1000 FROM (SELECT 'runs' AS p UNION ALL SELECT 'shared') WHERE EXISTS (SELECT 1 FROM runs WHERE attempts > 0);
INSERT OR IGNORE INTO created_paths (path, kind, created_at)
  SELECT 'slurm', 'tree', unixepoch() * 1000 WHERE EXISTS (SELECT 1 FROM jobs);
INSERT OR IGNORE INTO created_paths (path, kind, created_at)
  SELECT p, 'file', unixepoch() * 1000 FROM (SELECT 'analysis.json' AS p UNION ALL SELECT 'report.html') WHERE EXISTS (SELECT 1 FROM runs WHERE status = 'done');
`;

// Version 5: the process holding a `running` run — its host, pid and start time (so that a
// later process given the same pid is not taken for it) — and the process group of the run's
// command with its leader's start time. A run held by a dead process of this host is taken
// over at once, once its process group is gone; see `claim`.
const HOLDER_SCHEMA = `
ALTER TABLE runs ADD COLUMN owner_host TEXT;
ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
ALTER TABLE runs ADD COLUMN owner_started TEXT;
ALTER TABLE runs ADD COLUMN pgid INTEGER;
ALTER TABLE runs ADD COLUMN pgid_started TEXT;
`;

/**
 * The upgrades of the schema, in order: step k takes a file of version k + 1 to version k + 2.
 * A new store is SCHEMA followed by every step, so a new file and an upgraded one are the same.
 */
const MIGRATIONS: readonly { readonly to: number; readonly sql: string }[] = [
  { to: 2, sql: JOBS_SCHEMA }, // the jobs and job_runs tables
  { to: 3, sql: RUN_SAMPLERS_SCHEMA }, // which samplers drew each run
  { to: 4, sql: CREATED_SCHEMA }, // the created_paths table
  { to: 5, sql: HOLDER_SCHEMA }, // who holds a running run (host, pid, start time) and its process group
];
if (MIGRATIONS.length + 1 !== STORE_SCHEMA_VERSION || MIGRATIONS.some((m, k) => m.to !== k + 2)) throw new Error('store: MIGRATIONS and STORE_SCHEMA_VERSION disagree');

const OPTION_KEYS = ['name', 'app', 'create', 'readonly', 'synchronous', 'busyTimeoutMs', 'now', 'host'];

/** Who holds a `running` run, as claim and orphanGroups read it. */
interface HolderRow {
  id: number;
  owner_host: string | null;
  owner_pid: number | null;
  owner_started: string | null;
  pgid: number | null;
  pgid_started: string | null;
}

interface RunRow {
  id: number;
  hash: string;
  params: string;
  status: RunStatus;
  sampler_id: number | null;
  owner: string | null;
  lease_deadline: number | null;
  attempts: number;
  reason: string | null;
  created_at: number;
  encoded_at: number | null;
  claimed_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    hash: r.hash,
    params: JSON.parse(r.params) as RunParams,
    status: r.status,
    sampler: r.sampler_id,
    owner: r.owner,
    leaseDeadline: r.lease_deadline,
    attempts: r.attempts,
    reason: r.reason,
    createdAt: r.created_at,
    encodedAt: r.encoded_at,
    claimedAt: r.claimed_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Outputs as JSON text. NaN and ±Infinity (which a model may well produce) are kept as
 * `{"$float": "NaN"}` etc.; typed arrays become arrays.
 *
 * @throws InvalidArgumentError naming where in the outputs (`field`, then `.key` and `[i]`) a
 *   value is not JSON: a Map, a Set, a Date, a class instance, a function, a BigInt, undefined
 *   or a cycle (JSON.stringify would drop or mangle it without a word).
 */
export function encodeOutputs(outputs: unknown, field = 'result'): string {
  // Most outputs are plain JSON already: stringify them as they are (twice as fast as a checked copy).
  if (plainJson(outputs, 0)) return JSON.stringify(outputs);
  return JSON.stringify(toJsonValue(outputs, field));
}

/**
 * True when JSON.stringify writes `v` as it is, with nothing to convert: finite numbers,
 * strings, booleans, null, and arrays and plain objects of those (a few levels deep; deeper or
 * anything else takes the replacer path).
 */
function plainJson(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v);
    case 'string':
    case 'boolean':
      return true;
    case 'object': {
      if (v === null) return true;
      if (depth > 4) return false;
      if (Array.isArray(v)) {
        for (const x of v) if (!plainJson(x, depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k in v) if (!plainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Reads what encodeOutputs wrote. */
export function decodeOutputs(text: string): JsonValue {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const f = (v as { $float?: unknown }).$float;
      if (keys.length === 1 && (f === 'NaN' || f === 'Infinity' || f === '-Infinity')) return Number(f);
    }
    return v;
  }) as JsonValue;
}

function ownerOf(field: string, owner: unknown): string {
  if (typeof owner !== 'string' || owner === '') throw new InvalidArgumentError({ field, value: owner, expected: 'a non-empty string naming the worker, e.g. `${hostname}:${pid}`' });
  return owner;
}

function idsOf(field: string, ids: unknown): number[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError({ field, value: ids, expected: 'an array of run ids' });
  return ids.map((id, i) => integer(`${field}[${i}]`, id, 1));
}

// better-sqlite3 is loaded on first use, so that importing uqkit for its numerics does not
// need the native addon.
let sqlite: typeof Database | undefined;
function driver(path: string): typeof Database {
  if (sqlite) return sqlite;
  try {
    sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  } catch (e) {
    throw new StoreError(path, 'cannot load better-sqlite3 (its native addon may not have been built: run `npm rebuild better-sqlite3`)', { cause: e });
  }
  return sqlite;
}

/** The most variables one statement binds; SQLite's limit is 32766 since 3.32. */
const CHUNK = 500;

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
  readonly #stmt: {
    insertRun: Database.Statement;
    runByHash: Database.Statement;
    runById: Database.Statement;
    /** Queued runs of one status, and expired leases, in id order: each an index range scan that LIMIT stops early. */
    claimableByStatus: Database.Statement;
    claimableExpired: Database.Statement;
    claimableDeadHolder: Database.Statement;
    expireFail: Database.Statement;
    claimIds: Database.Statement;
    finish: Database.Statement;
    finishDone: Database.Statement;
    insertResult: Database.Statement;
    counts: Database.Statement;
    results: Database.Statement;
    linkSampler: Database.Statement;
  };

  /** @internal use openStore */
  constructor(path: string, db: Database.Database, now: () => number, host?: string, synchronous: 'full' | 'normal' = 'full') {
    this.path = path;
    this.#db = db;
    this.#now = now;
    this.#me = host === undefined ? thisProcess() : { ...thisProcess(), host };
    this.#synchronous = synchronous;
    this.#stmt = {
      insertRun: db.prepare(
        `INSERT INTO runs (hash, params, status, sampler_id, reason, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
      ),
      runByHash: db.prepare('SELECT * FROM runs WHERE hash = ?'),
      runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
      claimableByStatus: db.prepare(`SELECT id FROM runs WHERE status = @status ORDER BY id LIMIT @count`),
      // A run whose lease ran out while it sits in a recorded job (a Slurm array) is not handed
      // out: the array may still be running it. The runner that re-attaches to the job takes
      // it over (takeOver) and harvests it, or gives it back to the queue if it was lost.
      claimableExpired: db.prepare(
        `SELECT id, owner_host, pgid, pgid_started FROM runs WHERE status = 'running' AND lease_deadline <= @now
           AND NOT EXISTS (SELECT 1 FROM job_runs x WHERE x.run_id = runs.id AND x.outcome IS NULL) ORDER BY id LIMIT @count`,
      ),
      // Runs whose lease holds, held by another process of this host (not in a recorded job):
      // claimable when that process is dead (checked in JS: /proc, kill(pid, 0)).
      claimableDeadHolder: db.prepare(
        `SELECT id, owner_pid, owner_started, pgid, pgid_started FROM runs WHERE status = 'running' AND lease_deadline > @now
           AND owner_host = @host AND owner_pid IS NOT NULL AND NOT (owner_pid = @pid AND owner_started IS @started)
           AND NOT EXISTS (SELECT 1 FROM job_runs x WHERE x.run_id = runs.id AND x.outcome IS NULL) ORDER BY id`,
      ),
      expireFail: db.prepare(
        `UPDATE runs SET status = 'failed', owner = NULL, lease_deadline = NULL, finished_at = @now, updated_at = @now,
           reason = 'lease expired ' || attempts || ' times (last holder: ' || owner || '); not handed out again (maxAttempts ' || CAST(@max AS INTEGER) || ')'
         WHERE status = 'running' AND lease_deadline <= @now AND attempts >= @max
           AND NOT EXISTS (SELECT 1 FROM job_runs x WHERE x.run_id = runs.id AND x.outcome IS NULL)`,
      ),
      // One statement claims the whole batch (ids as a JSON array): 1000 runs in one step
      // instead of 1000 statements.
      claimIds: db.prepare(
        `UPDATE runs SET status = 'running', owner = @owner, lease_deadline = @deadline, attempts = attempts + 1,
           claimed_at = @now, updated_at = @now, owner_host = @host, owner_pid = @pid, owner_started = @started, pgid = NULL, pgid_started = NULL
         WHERE id IN (SELECT value FROM json_each(@ids)) RETURNING id, hash, params, attempts, lease_deadline`,
      ),
      finishDone: db.prepare(
        `UPDATE runs SET status = 'done', owner = NULL, lease_deadline = NULL, reason = NULL, finished_at = @now, updated_at = @now
         WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'running' AND owner = @owner`,
      ),
      finish: db.prepare(
        `UPDATE runs SET status = @status, owner = NULL, lease_deadline = NULL, reason = @reason, finished_at = @now, updated_at = @now
         WHERE id = @id AND status = 'running' AND owner = @owner`,
      ),
      insertResult: db.prepare('INSERT OR REPLACE INTO results (run_id, outputs, created_at) VALUES (?, ?, ?)'),
      counts: db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status'),
      results: db.prepare(`SELECT r.id, r.hash, r.params, s.outputs FROM runs r JOIN results s ON s.run_id = r.id WHERE r.status = 'done' ORDER BY r.id`),
      linkSampler: db.prepare('INSERT OR IGNORE INTO run_samplers (sampler_id, run_id) VALUES (?, ?)'),
    };
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
    return this.#write(() => {
      const now = this.#now();
      const held = this.#db.prepare(`SELECT owner, status FROM runs WHERE id = ?`);
      for (const r of runs) {
        const row = held.get(r.id) as { owner: string | null; status: RunStatus } | undefined;
        if (!row) throw new RunStateError(`run ${r.id}: no such run`, { runId: r.id });
        if (row.status !== 'running' || row.owner !== owner) {
          throw new RunStateError(`run ${r.id}: ${JSON.stringify(owner)} cannot put it in a job: it ${row.status === 'running' ? `is held by ${JSON.stringify(row.owner)}` : `is ${row.status}`}`, { runId: r.id, status: row.status, owner: row.owner ?? undefined });
        }
      }
      const id = Number(
        this.#db
          .prepare(`INSERT INTO jobs (runner, name, owner, state, runs_per_task, tasks, work_dir, created_at) VALUES (?, ?, ?, 'submitting', ?, ?, ?, ?)`)
          .run(j.runner, j.name, owner, k, Math.ceil(runs.length / k), j.workDir, now).lastInsertRowid,
      );
      // A run is in one job at a time: rows of earlier jobs still open for these runs are stale
      // (their holder's lease ran out and the run was claimed again).
      for (const chunk of chunks(runs.map((r) => r.id))) {
        this.#db.prepare(`UPDATE job_runs SET outcome = 'superseded', detail = ? WHERE outcome IS NULL AND run_id IN (${marks(chunk)})`).run(`put in job ${id}`, ...chunk);
      }
      const ins = this.#db.prepare('INSERT INTO job_runs (job, idx, run_id, dir) VALUES (?, ?, ?, ?)');
      runs.forEach((r, i) => ins.run(id, i, r.id, r.dir));
      return id;
    });
  }

  /** Records the scheduler's id of a `submitting` job; the job becomes `active`. */
  setJobSubmitted(job: number, jobId: string): void {
    integer('job', job, 1);
    if (typeof jobId !== 'string' || jobId === '') throw new InvalidArgumentError({ field: 'jobId', value: jobId, expected: "the scheduler's job id (a non-empty string)" });
    this.#write(() => {
      const r = this.#db.prepare(`UPDATE jobs SET state = 'active', job_id = ?, submitted_at = ? WHERE id = ? AND state = 'submitting'`).run(jobId, this.#now(), job);
      if (r.changes === 0) throw new InvalidArgumentError({ field: 'job', value: job, expected: 'the row id of a job in state "submitting"' });
    });
  }

  /** Moves a job to `ended`, `cancelled` or `unsubmitted` (with an optional detail: why). Returns false if it was in that state already. */
  setJobState(job: number, state: 'ended' | 'cancelled' | 'unsubmitted', detail?: string): boolean {
    integer('job', job, 1);
    oneOf('state', state, ['ended', 'cancelled', 'unsubmitted']);
    if (detail !== undefined && typeof detail !== 'string') throw new InvalidArgumentError({ field: 'detail', value: detail, expected: 'a string' });
    return this.#write(() => {
      const row = this.#db.prepare('SELECT state, job_id FROM jobs WHERE id = ?').get(job) as { state: JobState; job_id: string | null } | undefined;
      if (!row) throw new InvalidArgumentError({ field: 'job', value: job, expected: 'the row id of a job of this campaign' });
      if (row.state === state) return false;
      if (state === 'unsubmitted' && row.job_id !== null) throw new InvalidArgumentError({ field: 'state', value: state, expected: `"ended" or "cancelled": job ${job} was submitted as ${row.job_id}` });
      if (state !== 'unsubmitted' && row.job_id === null) throw new InvalidArgumentError({ field: 'state', value: state, expected: `"unsubmitted": job ${job} has no scheduler id` });
      this.#db.prepare('UPDATE jobs SET state = ?, detail = coalesce(?, detail), ended_at = ? WHERE id = ?').run(state, detail ?? null, this.#now(), job);
      return true;
    });
  }

  /**
   * Records what became of runs in a job (see JobRunOutcome). Only rows still open change;
   * returns how many did.
   */
  setJobRunOutcome(job: number, runIds: readonly number[], outcome: JobRunOutcome, detail?: string): number {
    integer('job', job, 1);
    const list = idsOf('runIds', runIds);
    oneOf('outcome', outcome, ['done', 'failed', 'lost', 'released', 'superseded']);
    return this.#write(() => {
      let n = 0;
      for (const chunk of chunks(list)) {
        n += this.#db.prepare(`UPDATE job_runs SET outcome = ?, detail = ? WHERE job = ? AND outcome IS NULL AND run_id IN (${marks(chunk)})`).run(outcome, detail ?? null, job, ...chunk).changes;
      }
      return n;
    });
  }

  /** Recorded jobs, by row id. */
  jobs(query?: JobQuery): JobRecord[] {
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
    const rows = this.#db
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

  /**
   * Runs in jobs: those of one job (`{ job }`, in manifest order; `open: true` for those still
   * `running` with no outcome there), or the job history of one run (`{ run }`, oldest first).
   */
  jobRuns(query: { readonly job: number; readonly open?: boolean } | { readonly run: number }): JobRunRecord[] {
    const q = optionsOf<{ job?: number; open?: boolean; run?: number }>('query', query);
    knownKeys('query', q, 'run' in q ? ['run'] : ['job', 'open']);
    const select = `SELECT x.*, j.job_id, j.runs_per_task FROM job_runs x JOIN jobs j ON j.id = x.job`;
    let rows: unknown[];
    if (q.run !== undefined) rows = this.#db.prepare(`${select} WHERE x.run_id = ? ORDER BY x.job`).all(integer('query.run', q.run, 1));
    else {
      const job = integer('query.job', q.job, 1);
      rows = q.open
        ? this.#db.prepare(`${select} JOIN runs r ON r.id = x.run_id WHERE x.job = ? AND x.outcome IS NULL AND r.status = 'running' ORDER BY x.idx`).all(job)
        : this.#db.prepare(`${select} WHERE x.job = ? ORDER BY x.idx`).all(job);
    }
    return (rows as { job: number; idx: number; run_id: number; dir: string; outcome: JobRunOutcome | null; detail: string | null; job_id: string | null; runs_per_task: number }[]).map((r) => ({
      job: r.job, jobId: r.job_id, index: r.idx, task: Math.floor(r.idx / r.runs_per_task), runId: r.run_id, dir: r.dir, outcome: r.outcome, detail: r.detail,
    }));
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

/** Runs drawn by the samplers whose ids are bound as a JSON array. */
const samplersClause = 'id IN (SELECT run_id FROM run_samplers WHERE sampler_id IN (SELECT value FROM json_each(?)))';

function samplerIdsOf(field: string, ids: unknown): number[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError({ field, value: ids, expected: 'an array of sampler ids' });
  return ids.map((id, i) => integer(`${field}[${i}]`, id, 1));
}

function marks(list: readonly unknown[]): string {
  return list.map(() => '?').join(', ');
}

function* chunks<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += CHUNK) yield list.slice(i, i + CHUNK);
}

const COMPARISONS = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function whereClause(name: string, cond: unknown, clauses: string[], args: unknown[]): void {
  const field = `query.where.${name}`;
  // The JSON path of a key: $."name" (SQLite has no escape for '"' inside a quoted label).
  if (name.includes('"')) throw new InvalidArgumentError({ field, value: name, expected: 'a parameter name without a double quote' });
  const path = `$."${name}"`;
  const ops: [keyof typeof COMPARISONS, unknown][] =
    cond !== null && typeof cond === 'object' && !Array.isArray(cond) ? (Object.entries(cond) as [keyof typeof COMPARISONS, unknown][]) : [['eq', cond]];
  if (ops.length === 0) throw new InvalidArgumentError({ field, value: cond, expected: 'a value or an object of comparisons (eq, ne, gt, gte, lt, lte)' });
  for (const [op, value] of ops) {
    if (!(op in COMPARISONS)) throw new InvalidArgumentError({ field: `${field}.${op}`, value, expected: 'one of the comparisons eq, ne, gt, gte, lt, lte' });
    const at = cond !== null && typeof cond === 'object' ? `${field}.${op}` : field;
    const ordered = op !== 'eq' && op !== 'ne';
    if (typeof value === 'boolean' && !ordered) {
      // A boolean is told by its JSON type alone; ne matches the other boolean only.
      clauses.push(`json_type(params, ?) = '${(op === 'eq') === value ? 'true' : 'false'}'`);
      args.push(path);
      continue;
    }
    let kind: string;
    if (typeof value === 'number' && Number.isFinite(value)) kind = `IN ('integer', 'real')`;
    else if (typeof value === 'string') kind = `= 'text'`;
    else throw new InvalidArgumentError({ field: at, value, expected: ordered ? 'a finite number or a string' : 'a finite number, a string or a boolean' });
    // Only values of the same kind compare (SQLite would otherwise order every number below every string).
    clauses.push(`(json_type(params, ?) ${kind} AND json_extract(params, ?) ${COMPARISONS[op]} ?)`);
    args.push(path, path, value);
  }
}

/**
 * Opens `path` for reading only. A reader of a WAL database needs the -shm index beside it,
 * which SQLite creates where the directory is writable. Where it is not and there is no -shm:
 * a file without a -wal (or with an empty one) holds every commit and no process is writing it
 * (a writer keeps its -wal), so a copy of it is read from memory (marked as not in WAL mode,
 * which an in-memory database cannot be); a -wal with commits in it cannot be read without
 * the index, which is said.
 */
function openReadOnly(Driver: typeof Database, path: string, timeout: number): Database.Database {
  const shm = existsSync(`${path}-shm`);
  let writable = true;
  try {
    accessSync(dirname(resolve(path)), fsConstants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable && !shm) {
    const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
    if (wal > 0) {
      throw new StoreError(path, `its -wal file holds ${wal} bytes of commits, which SQLite reads only with a -shm index beside it, and the directory cannot be written to create one: read it as a user who can write the directory, or copy the directory`, { field: 'path', value: path });
    }
    const bytes = readFileSync(path);
    if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
    return new Driver(bytes, { readonly: true, timeout });
  }
  return new Driver(path, { readonly: true, fileMustExist: true, timeout });
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
  if (typeof path !== 'string' || path === '') throw new InvalidArgumentError({ field: 'path', value: path, expected: 'the path of a campaign database file' });
  const o = optionsOf<StoreOptions>('options', options);
  knownKeys('options', o, OPTION_KEYS);
  const create = o.create ?? true;
  if (typeof create !== 'boolean') throw new InvalidArgumentError({ field: 'options.create', value: create, expected: 'true or false' });
  const readonly = o.readonly ?? false;
  if (typeof readonly !== 'boolean') throw new InvalidArgumentError({ field: 'options.readonly', value: readonly, expected: 'true or false' });
  const synchronous = oneOf('options.synchronous', o.synchronous ?? 'full', ['full', 'normal']);
  const busy = integer('options.busyTimeoutMs', o.busyTimeoutMs ?? 10_000, 0, 2 ** 31 - 1);
  const now = o.now ?? Date.now;
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) throw new InvalidArgumentError({ field: 'options.host', value: o.host, expected: 'a non-empty string (a host name)' });
  const host = o.host;
  if (typeof now !== 'function') throw new InvalidArgumentError({ field: 'options.now', value: now, expected: 'a function returning ms since the epoch' });
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) throw new InvalidArgumentError({ field: 'options.name', value: o.name, expected: 'a non-empty string' });
  // Checked as canonical JSON, stored in the caller's key order: the order of parameters and
  // uncertain inputs means something (columns, sampler dimensions).
  canonicalJson(o.app ?? {}, 'options.app');
  const appText = JSON.stringify(o.app ?? {});
  if ((!create || readonly) && !existsSync(path)) throw new StoreError(path, `no such campaign store${readonly ? '' : ' (pass create: true to make one)'}`, { field: 'path', value: path });

  // (An empty file is not opened: SQLite would write a header into it.)
  if ((!create || readonly) && statSync(path).size === 0) throw new StoreError(path, 'is an empty file, not a campaign store', { field: 'path', value: path });

  let db: Database.Database | undefined;
  try {
    const Driver = driver(path);
    if (readonly) db = openReadOnly(Driver, path, busy);
    else {
      db = new Driver(path, { fileMustExist: !create, timeout: busy });
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    }
    db.pragma('foreign_keys = ON');
    const d = db;
    const opened = d.transaction(() => {
      const tables = (d.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      if (tables.includes('uqkit_schema')) {
        const v = d.prepare('SELECT version FROM uqkit_schema WHERE id = 1').get() as { version: number } | undefined;
        if (!v) throw new StoreDamagedError(path, 'the uqkit_schema table is empty');
        if (v.version < 1 || v.version > STORE_SCHEMA_VERSION || (readonly && v.version < STORE_SCHEMA_VERSION)) throw new StoreVersionError(path, v.version, STORE_SCHEMA_VERSION);
        if (!tables.includes('campaign') || !d.prepare('SELECT 1 FROM campaign WHERE id = 1').get()) throw new StoreDamagedError(path, 'the campaign table is missing or empty');
        if (v.version < STORE_SCHEMA_VERSION) {
          // Each step in this IMMEDIATE transaction, so two processes opening the same old file
          // upgrade it once.
          for (const step of MIGRATIONS.slice(v.version - 1)) d.exec(step.sql);
          d.prepare('UPDATE uqkit_schema SET version = ? WHERE id = 1').run(STORE_SCHEMA_VERSION);
        }
        const c = d.prepare('SELECT name FROM campaign WHERE id = 1').get() as { name: string } | undefined;
        if (o.name !== undefined && c && c.name !== o.name) {
          throw new StoreError(path, `holds campaign ${JSON.stringify(c.name)}, not ${JSON.stringify(o.name)}`, { field: 'options.name', value: o.name, expected: JSON.stringify(c.name) });
        }
        return;
      }
      if (tables.length > 0) throw new StoreError(path, `is a SQLite database but not a uqkit campaign store (it has tables ${tables.slice(0, 5).join(', ')} and no uqkit_schema)`);
      // An existing file without tables is not made a store when only opening was asked for:
      // a campaign whose -wal file was lost looks just like that (its tables were in the WAL).
      if (!create || readonly) {
        throw new StoreDamagedError(path, `it has no tables: its -wal file, which held the commits not yet copied into ${basename(path)}, was lost or deleted`);
      }
      d.exec(SCHEMA);
      for (const step of MIGRATIONS) d.exec(step.sql);
      d.prepare('INSERT INTO uqkit_schema (id, version) VALUES (1, ?)').run(STORE_SCHEMA_VERSION);
      const name = o.name ?? basename(path, extname(path));
      d.prepare('INSERT INTO campaign (id, name, created_at, app) VALUES (1, ?, ?, ?)').run(name, now(), appText);
    });
    if (readonly) opened.deferred();
    else opened.immediate();
    return new CampaignStore(path, db, now, host, synchronous as 'full' | 'normal');
  } catch (e) {
    db?.close();
    if (e instanceof UqkitError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new StoreError(path, 'is not a SQLite database', { cause: e });
    if (code?.startsWith('SQLITE_CORRUPT')) throw new StoreDamagedError(path, (e as Error).message, { cause: e });
    throw new StoreError(path, `cannot open the campaign store: ${(e as Error).message}`, { cause: e });
  }
}
