// The in-process runner (issue 6): a JavaScript function as the model, over a campaign store.
// Runs are claimed in batches and their results committed one batch per transaction, so
// the store's commits (one sync each) do not limit short models.
import os from 'node:os';
import { InvalidArgumentError } from '../core/errors.js';
import type { CampaignStore, ClaimedRun, RunParams, StatusCounts } from '../campaign/store.js';

export interface InProcessOptions {
  /** Runs claimed and committed together (default 1000). */
  readonly batch?: number;
  /** Lease per batch (default 60 s). */
  readonly leaseMs?: number;
  readonly owner?: string;
  readonly signal?: AbortSignal;
  /** Called after each batch is committed. */
  readonly onBatch?: (done: number) => void;
}

/**
 * Runs every queued run of `store` through `model` (its parameters in, its outputs — any JSON
 * value — out). A model that throws fails that run with the message as the reason.
 */
export async function runInProcess(store: CampaignStore, model: (params: RunParams, run: ClaimedRun) => unknown | Promise<unknown>, opts: InProcessOptions = {}): Promise<StatusCounts> {
  const batch = opts.batch ?? 1000;
  if (!Number.isInteger(batch) || batch < 1) throw new InvalidArgumentError({ field: 'batch', value: batch, expected: 'an integer >= 1' });
  const owner = opts.owner ?? `${os.hostname()}:${process.pid}:in-process`;
  const leaseMs = opts.leaseMs ?? 60_000;
  let done = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const runs = store.claim(owner, batch, leaseMs);
    if (runs.length === 0) break;
    const results: { id: number; result: unknown }[] = [];
    for (const run of runs) {
      try {
        results.push({ id: run.id, result: await model(run.params, run) });
      } catch (e) {
        store.fail(run.id, owner, `the model threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    store.completeMany(owner, results);
    done += results.length;
    opts.onBatch?.(done);
  }
  store.release(owner);
  return store.counts();
}
