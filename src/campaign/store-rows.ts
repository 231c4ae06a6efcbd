// Rows of the runs table as SQLite returns them, and their mapping to the records the store hands out.
import type { RunParams } from '../core/identity.js';
import type { RunRecord, RunStatus } from './store-types.js';

/** Who holds a `running` run, as claim and orphanGroups read it. */
export interface HolderRow {
  id: number;
  owner_host: string | null;
  owner_pid: number | null;
  owner_started: string | null;
  pgid: number | null;
  pgid_started: string | null;
}

export interface RunRow {
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

export function toRecord(r: RunRow): RunRecord {
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
