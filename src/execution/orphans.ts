// Orphaned process groups of this host: commands of runs whose runner died (or stopped
// renewing its leases) that are still running. They are killed — SIGTERM, a grace period,
// SIGKILL — and waited for until no process of the group is left, before the runs are taken
// over, so that no run ever executes twice at the same time.
import type { CampaignStore } from '../campaign/store.js';
import { groupAlive } from '../core/processes.js';
import { KILL_GRACE_MS, killGroup } from './process.js';

const POLL_MS = 20;
/** How long to wait for a group to go after SIGKILL (a process in uninterruptible sleep takes a while). */
const AFTER_KILL_MS = 10_000;

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Kills the orphaned process groups `store.orphanGroups()` lists and waits until they are gone.
 * Returns the ids of the runs whose groups were killed and are gone (claimable now); a group
 * that survives (another user's, or stuck) keeps its run out of `claim`.
 */
export async function killOrphanGroups(store: CampaignStore, graceMs: number = KILL_GRACE_MS): Promise<number[]> {
  const orphans = store.orphanGroups();
  if (orphans.length === 0) return [];
  const groups = [...new Set(orphans.map((o) => o.pgid))];
  const gone = (): boolean => groups.every((g) => !groupAlive(g));
  for (const g of groups) killGroup(g, 'SIGTERM');
  if (!(await until(gone, graceMs))) {
    for (const g of groups) if (groupAlive(g)) killGroup(g, 'SIGKILL');
    await until(gone, AFTER_KILL_MS);
  }
  return orphans.filter((o) => !groupAlive(o.pgid)).map((o) => o.id);
}
