// The store's records of MCMC chains (the `chain` table, schema version 7): one row per chain
// and step, written a whole step at a time. The CampaignStore methods of the same names call these.
import type Database from 'better-sqlite3';
import type { StoreContext } from './store-jobs.js';
import { integer } from '../core/validate.js';
import type { JsonValue } from '../core/identity.js';
import { decodeOutputs } from './output-encoding.js';
import type { ChainStepRecord } from './store-types.js';
import { chunks, marks } from './store-sql.js';

/** CampaignStore.recordChainSteps: the rows of one step of every chain, in one transaction. */
export function recordChainSteps(ctx: StoreContext, samplerId: number, rows: readonly ChainStepRecord[]): void {
  integer('samplerId', samplerId, 1);
  const now = ctx.now();
  const insert = ctx.db.prepare(`INSERT OR REPLACE INTO chain (sampler_id, chain, step, run_id, proposal, log_post, accepted, reason, state, state_log_post, moments, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  ctx.write(() => {
    for (const r of rows) {
      insert.run(samplerId, r.chain, r.step, r.runId, JSON.stringify(r.proposal), Number.isFinite(r.logPost) ? r.logPost : null, r.accepted ? 1 : 0, r.reason,
        JSON.stringify(r.state), r.stateLogPost, r.moments === null ? null : JSON.stringify(r.moments), now);
    }
  });
}

/** CampaignStore.chainSteps: the rows of a sampler's chains, by chain then step (empty for other samplers). */
export function chainSteps(db: Database.Database, samplerId: number): ChainStepRecord[] {
  const rows = db.prepare('SELECT * FROM chain WHERE sampler_id = ? ORDER BY chain, step').all(samplerId) as {
    chain: number; step: number; run_id: number | null; proposal: string; log_post: number | null; accepted: number; reason: string | null;
    state: string; state_log_post: number; moments: string | null;
  }[];
  return rows.map((r) => ({
    chain: r.chain, step: r.step, runId: r.run_id, proposal: JSON.parse(r.proposal) as number[], logPost: r.log_post ?? -Infinity,
    accepted: r.accepted === 1, reason: r.reason, state: JSON.parse(r.state) as number[], stateLogPost: r.state_log_post,
    moments: r.moments === null ? null : (JSON.parse(r.moments) as JsonValue),
  }));
}

/** CampaignStore.chainProgress: per chain, the last step recorded and how many proposals (steps >= 1) were accepted. */
export function chainProgress(db: Database.Database, samplerId: number): { chain: number; steps: number; accepted: number }[] {
  return (db.prepare('SELECT chain, MAX(step) AS steps, SUM(CASE WHEN step > 0 THEN accepted ELSE 0 END) AS accepted FROM chain WHERE sampler_id = ? GROUP BY chain ORDER BY chain')
    .all(samplerId) as { chain: number; steps: number; accepted: number }[]).map((r) => ({ chain: r.chain, steps: r.steps, accepted: r.accepted }));
}

/** The status and decoded outputs of runs by id (done runs have outputs; others null). */
export function runOutcomes(db: Database.Database, ids: readonly number[]): Map<number, { status: string; reason: string | null; outputs: JsonValue | null }> {
  const out = new Map<number, { status: string; reason: string | null; outputs: JsonValue | null }>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = db.prepare(`SELECT r.id, r.status, r.reason, s.outputs FROM runs r LEFT JOIN results s ON s.run_id = r.id WHERE r.id IN (${marks(part)})`).all(...part) as {
      id: number; status: string; reason: string | null; outputs: string | null;
    }[];
    for (const r of rows) out.set(r.id, { status: r.status, reason: r.reason, outputs: r.status === 'done' && r.outputs !== null ? decodeOutputs(r.outputs) : null });
  }
  return out;
}
