// The store's records of batch-scheduler jobs (Slurm job arrays) and of the runs each carries,
// through which a runner started after a crash re-attaches to its arrays.

/**
 * A job's state: `submitting` (recorded, the scheduler not yet asked or its answer not yet
 * written), `active` (submitted, `jobId` known), `ended` (every run it carried is accounted
 * for), `cancelled` (scancel'ed: its lost runs go back to the queue, not to a retry), and
 * `unsubmitted` (the submission failed or never happened).
 */
export type JobState = 'submitting' | 'active' | 'ended' | 'cancelled' | 'unsubmitted';
/** Every {@link JobState}. */
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
  /** See {@link JobState}. */
  readonly state: JobState;
  /** Runs per array task. */
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
  /** When the job was recorded, ms since the epoch. */
  readonly createdAt: number;
  /** When the scheduler accepted it, ms since the epoch. */
  readonly submittedAt: number | null;
  /** When every run it carried was accounted for, ms since the epoch. */
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
  /** The run id. */
  readonly runId: number;
  /** The run directory the job runs it in. */
  readonly dir: string;
  /** Null while the run is in the job. */
  readonly outcome: JobRunOutcome | null;
  /** More about the outcome, in words (e.g. why the run was lost). */
  readonly detail: string | null;
}

/** A job to record with `addJob`. */
export interface JobInput {
  /** Which runner submits it, e.g. `'slurm'`. */
  readonly runner: string;
  /** Unique name for the scheduler (see JobRecord.name). */
  readonly name: string;
  /** Runs per array task. */
  readonly runsPerTask: number;
  /** Where the manifest, batch script and scheduler logs go. */
  readonly workDir: string;
  /** The runs, in manifest order, each with the directory it runs in. `owner` must hold them all. */
  readonly runs: readonly { readonly id: number; readonly dir: string }[];
}

/** Which job records {@link CampaignStore.jobs} returns; every condition given must hold. Default: all. */
export interface JobQuery {
  /** Only jobs in this state (or these states). */
  readonly state?: JobState | readonly JobState[];
  /** Only jobs that still carry `running` runs with no outcome recorded. */
  readonly open?: boolean;
  /** Only the jobs with these row ids. */
  readonly ids?: readonly number[];
}
