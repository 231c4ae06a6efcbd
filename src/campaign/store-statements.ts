// The statements a campaign store runs on every claim, completion and count, prepared once
// when the store is opened.
import type Database from 'better-sqlite3';

/** The store's prepared statements. */
export interface Statements {
  readonly insertRun: Database.Statement;
  readonly runByHash: Database.Statement;
  readonly runById: Database.Statement;
  readonly claimableByStatus: Database.Statement;
  readonly claimableExpired: Database.Statement;
  readonly claimableDeadHolder: Database.Statement;
  readonly expireFail: Database.Statement;
  readonly claimIds: Database.Statement;
  readonly finish: Database.Statement;
  readonly finishDone: Database.Statement;
  readonly insertResult: Database.Statement;
  readonly counts: Database.Statement;
  readonly results: Database.Statement;
  readonly linkSampler: Database.Statement;
}

export function prepareStatements(db: Database.Database): Statements {
  return {
    insertRun: db.prepare(
      `INSERT INTO runs (hash, params, status, sampler_id, reason, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
    ),
    runByHash: db.prepare('SELECT * FROM runs WHERE hash = ?'),
    runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
    /** Queued runs of one status, and expired leases, in id order: each an index range scan that LIMIT stops early. */
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
