// The records of the campaign store as its methods take and return them: runs, their states,
// results, queries, samplers, created paths and the campaign itself.
import type { JsonValue, RunParams } from '../core/identity.js';

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
  /** SQLite's synchronous setting (see the top of store.ts). Default `'full'`. */
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

/** A step of an adaptive sampler's refinement, as `CampaignStore.refinement` returns it. */
export interface RefinementRecord {
  /** The adaptive sampler's id. */
  readonly samplerId: number;
  /** 1 for the first batch told to the grid, then one more per batch. */
  readonly step: number;
  /** Grid points (runs) so far. */
  readonly points: number;
  /** The grid's global error indicator after the step (Infinity before it has one). */
  readonly error: number;
  /** Number of old (refined) indices. */
  readonly old: number;
  /** Number of active indices (measured, not refined). */
  readonly active: number;
  /** Why refinement stopped ('tolerance', 'maxPoints', 'maxLevel'), or null while it goes on. */
  readonly stop: string | null;
  /** The index sets: old as [level, surplus], active as [level, surplus, indicator] (null for Infinity). */
  readonly indices: { readonly old: readonly [readonly number[], number | null][]; readonly active: readonly [readonly number[], number | null, number | null][] };
  /** When the row was written, ms since the epoch. */
  readonly createdAt: number;
}

/** What `CampaignStore.stats()` reports. */
export interface StoreStats {
  readonly counts: StatusCounts;
  /** Counts by the sampler that added the runs (null: added without a sampler), by sampler id. */
  readonly bySampler: readonly { readonly sampler: number | null; readonly counts: StatusCounts }[];
  /** Wall time of `done` runs from claim to finish, ms. */
  readonly runMs: { readonly count: number; readonly mean: number; readonly min: number; readonly max: number } | undefined;
}
