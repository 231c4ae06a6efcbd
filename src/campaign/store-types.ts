// The records of the campaign store as its methods take and return them: runs, their states,
// results, queries, samplers, created paths and the campaign itself.
import type { JsonValue, RunParams } from '../core/identity.js';

/**
 * The state of a run of a campaign (see RUN_STATUSES): `new` (drawn), `encoded` (its inputs
 * written), `running` (claimed by a runner, with a lease), then `done`, `failed`, `invalid`
 * (its parameters do not fit their specs) or `ignored`.
 */
export type RunStatus = 'new' | 'encoded' | 'running' | 'done' | 'failed' | 'invalid' | 'ignored';
/**
 * Every state a run of a campaign can be in, in life-cycle order: `new` → `encoded` →
 * `running` → `done` | `failed` | `invalid` | `ignored`.
 */
export const RUN_STATUSES: readonly RunStatus[] = ['new', 'encoded', 'running', 'done', 'failed', 'invalid', 'ignored'];
/** States a run can be claimed from (besides `running` with an expired lease). */
export type QueuedStatus = 'new' | 'encoded';

export type { RunParams } from '../core/identity.js';

/**
 * Options of {@link openStore}: the campaign's name and app configuration (written on creation), and how the file is opened.
 */
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
  /** The run id (1, 2, ... in the order runs were added). */
  readonly id: number;
  /** SHA-256 (hex) of the canonical parameters. */
  readonly hash: string;
  /** The run's parameter values, by name. */
  readonly params: RunParams;
  /** Where the run is in its life cycle (see {@link RUN_STATUSES}). */
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
  /** When the run was added, ms since the epoch. */
  readonly createdAt: number;
  /** When its inputs were written, ms since the epoch (null: not yet). */
  readonly encodedAt: number | null;
  /** When it was last claimed by a worker, ms since the epoch. */
  readonly claimedAt: number | null;
  /** When it became done, failed, invalid or ignored, ms since the epoch. */
  readonly finishedAt: number | null;
  /** When the record last changed, ms since the epoch. */
  readonly updatedAt: number;
}

/** A run to add. */
export interface RunInput {
  /** The run's parameter values, by name. */
  readonly params: RunParams;
  /** The sampler that produced it (an id from `addSampler`). */
  readonly sampler?: number;
  /** Record the run as `invalid` with this reason instead of `new` (see checkParams). */
  readonly invalid?: string;
}

/**
 * One run passed to {@link CampaignStore.add}: its id and identity hash, whether it is new, and
 * its status. Runs with the same parameters are stored once.
 */
export interface AddedRun {
  /** The run id. */
  readonly id: number;
  /** SHA-256 (hex) of the run's canonical parameters: its identity. */
  readonly hash: string;
  /** False when a run with the same parameters was there already (it is returned instead). */
  readonly created: boolean;
  /** The run's status (for an existing run, whatever it is now). */
  readonly status: RunStatus;
}

/** A run handed out by `claim`. */
export interface ClaimedRun {
  /** The run id. */
  readonly id: number;
  /** SHA-256 (hex) of the run's canonical parameters. */
  readonly hash: string;
  /** The run's parameter values, by name. */
  readonly params: RunParams;
  /** 1 for the first claim; more when an earlier holder's lease ran out or was released. */
  readonly attempts: number;
  /** When the lease ends, ms since the epoch: complete or fail the run before, or renew it. */
  readonly leaseDeadline: number;
}

/**
 * Options of {@link CampaignStore.claim}: which states to claim from and when a run that keeps losing its lease is failed.
 */
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

/** A run with its outputs, as {@link CampaignStore.collate} and {@link CampaignStore.results} return it. */
export interface ResultRecord {
  /** The run id. */
  readonly id: number;
  /** SHA-256 (hex) of the run's canonical parameters. */
  readonly hash: string;
  /** The run's parameter values, by name. */
  readonly params: RunParams;
  /** The outputs (null from `collate` for a run that has no result). */
  readonly outputs: JsonValue;
}

/** A condition on one parameter: a value (equality) or comparisons, all of which must hold. */
export type ParamCondition = JsonScalar | { readonly eq?: JsonScalar; readonly ne?: JsonScalar; readonly gt?: number | string; readonly gte?: number | string; readonly lt?: number | string; readonly lte?: number | string };
type JsonScalar = number | string | boolean;

/** Which runs {@link CampaignStore.runs} returns; every condition given must hold. Default: all runs. */
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

/** The number of runs in each state, and their `total`. */
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

/**
 * The campaign's header, from {@link CampaignStore.info}: its name, when it was created (ms
 * since the epoch), the app configuration (JSON) and the store's schema version.
 */
export interface CampaignInfo {
  /** The campaign's name. */
  readonly name: string;
  /** When the store was created, ms since the epoch. */
  readonly createdAt: number;
  /** The app configuration given when the store was created. */
  readonly app: JsonValue;
  /** The store's schema version (see {@link STORE_SCHEMA_VERSION}). */
  readonly schemaVersion: number;
}

/**
 * A sampler as the store keeps it: its id, kind, state (JSON: spec and how many runs were
 * drawn, so that drawing resumes where it stopped) and times (ms since the epoch).
 */
export interface SamplerRecord {
  /** The sampler id (1, 2, ... in the order samplers were added). */
  readonly id: number;
  /** The sampler's kind, e.g. `'saltelli'`. */
  readonly kind: string;
  /** Its spec and how many runs were drawn (JSON). */
  readonly state: JsonValue;
  /** When it was added, ms since the epoch. */
  readonly createdAt: number;
  /** When its state last changed, ms since the epoch. */
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
  /** Runs by state. */
  readonly counts: StatusCounts;
  /** Counts by the sampler that added the runs (null: added without a sampler), by sampler id. */
  readonly bySampler: readonly { readonly sampler: number | null; readonly counts: StatusCounts }[];
  /** Wall time of `done` runs from claim to finish, ms. */
  readonly runMs: { readonly count: number; readonly mean: number; readonly min: number; readonly max: number } | undefined;
}

/** One chain's step as the store keeps it (see the chain table in store-schema.ts). */
export interface ChainStepRecord {
  /** The chain, 0-based. */
  readonly chain: number;
  /** The step: 0 for the start, then 1, 2, ... */
  readonly step: number;
  /** The run that evaluated the proposal, or null when it was rejected without a run. */
  readonly runId: number | null;
  /** The proposal in chain coordinates (the uncertain parameters, then log sigma when the noise is inferred). */
  readonly proposal: readonly number[];
  /** The proposal's log posterior (unnormalised), -Infinity outside the prior's support. */
  readonly logPost: number;
  /** Whether the proposal was accepted (always for step 0). */
  readonly accepted: boolean;
  /** Why it was rejected without a run (outside the prior's support, an invalid or ignored run), else null. */
  readonly reason: string | null;
  /** The chain's state after the step, in chain coordinates. */
  readonly state: readonly number[];
  /** The state's log posterior. */
  readonly stateLogPost: number;
  /** The adaptive proposal's running moments of the states 0..step ({n, mean, m2}), else null. */
  readonly moments: JsonValue | null;
}
