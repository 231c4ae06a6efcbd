// The schema of the campaign store: the tables of a new file (SCHEMA) and the steps that
// upgrade a file of an older version in place (MIGRATIONS), with the version they lead to.

/**
 * The schema version this uqkit reads and writes: one more than the number of upgrade steps
 * in MIGRATIONS (a file of an older version is upgraded in place when opened for writing).
 */
export const STORE_SCHEMA_VERSION = 7;

export const SCHEMA = `
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

// Version 6: the refinement of adaptive samplers (adaptive stochastic collocation), one row
// per batch told to the grid: step (1, 2, ...), points so far, the error indicator, the
// number of old and active indices, why refinement stopped (NULL while it goes on), and
// the index sets as JSON ({old: [[level, surplus]], active: [[level, surplus, indicator]]}).
// The runs' outputs are the source of truth (the grid is rebuilt from them on resume); these
// rows say where refinement stands.
const REFINEMENT_SCHEMA = `
CREATE TABLE refinement (
  sampler_id INTEGER NOT NULL REFERENCES samplers (id),
  step INTEGER NOT NULL,
  points INTEGER NOT NULL,
  error REAL,
  old INTEGER NOT NULL,
  active INTEGER NOT NULL,
  stop TEXT,
  indices TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (sampler_id, step)
);
`;

// Version 7: the chains of MCMC samplers, one row per chain and step (step 0: the start):
// the proposal in chain coordinates (JSON array; log sigma for an inferred noise), the run
// that evaluated it (NULL: rejected without a run, `reason` says why), the proposal's log
// posterior (NULL for -Infinity), whether it was accepted, the chain's state after the step
// and its log posterior, and for the adaptive proposal the running moments of the states so
// far (JSON {n, mean, m2}). All chains' rows of a step are written in one transaction once
// the step's runs are done: the chains continue from the last step recorded.
const CHAIN_SCHEMA = `
CREATE TABLE chain (
  sampler_id INTEGER NOT NULL REFERENCES samplers (id),
  chain INTEGER NOT NULL,
  step INTEGER NOT NULL,
  run_id INTEGER REFERENCES runs (id),
  proposal TEXT NOT NULL CHECK (json_valid(proposal)),
  log_post REAL,
  accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
  reason TEXT,
  state TEXT NOT NULL CHECK (json_valid(state)),
  state_log_post REAL NOT NULL,
  moments TEXT CHECK (moments IS NULL OR json_valid(moments)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (sampler_id, chain, step)
);
`;

/**
 * The upgrades of the schema, in order: step k takes a file of version k + 1 to version k + 2.
 * A new store is SCHEMA followed by every step, so a new file and an upgraded one are the same.
 */
export const MIGRATIONS: readonly { readonly to: number; readonly sql: string }[] = [
  { to: 2, sql: JOBS_SCHEMA }, // the jobs and job_runs tables
  { to: 3, sql: RUN_SAMPLERS_SCHEMA }, // which samplers drew each run
  { to: 4, sql: CREATED_SCHEMA }, // the created_paths table
  { to: 5, sql: HOLDER_SCHEMA }, // who holds a running run (host, pid, start time) and its process group
  { to: 6, sql: REFINEMENT_SCHEMA }, // the refinement table of adaptive samplers
  { to: 7, sql: CHAIN_SCHEMA }, // the chain table of MCMC samplers
];
if (MIGRATIONS.length + 1 !== STORE_SCHEMA_VERSION || MIGRATIONS.some((m, k) => m.to !== k + 2)) throw new Error('store: MIGRATIONS and STORE_SCHEMA_VERSION disagree');
