// Recollation: decoding again the outputs of finished runs with the current decoder.
import { existsSync } from 'node:fs';
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import { configDecoder, runDirOf, type CampaignParts } from './campaign-files.js';
import type { RecollateResult } from './campaign-types.js';
import type { RunRecord } from './store.js';

/** Campaign.recollate. */
/**
 * Decodes again, with the current decoder, the outputs of `done` runs and of runs that failed
 * in decoding (reason starting `decoding failed`) — all such runs, or those in `ids`. A run
 * that decodes becomes (or stays) `done` with the new result; one that does not becomes
 * `failed`. Runs without a run directory are left alone. Writes one transaction per 500 runs.
 *
 * @throws InvalidArgumentError without a decoder, or for an id that is not a done or
 *   decode-failed run
 */
export function recollate(c: CampaignParts, ids?: readonly number[]): RecollateResult {
  const decode = c.options.decode ?? configDecoder(c);
  if (!decode) throw new InvalidArgumentError({ field: 'options.decode', value: undefined, expected: 'a decoder (dir, run) => outputs, passed when opening the campaign, or a decoder spec in its config' });
  const decodeFailed = (r: RunRecord): boolean => r.status === 'failed' && (r.reason ?? '').startsWith('decoding failed');
  let runs: RunRecord[];
  if (ids === undefined) {
    runs = c.store.runs({ status: ['done', 'failed'] }).filter((r) => r.status === 'done' || decodeFailed(r));
  } else {
    if (!Array.isArray(ids)) throw new InvalidArgumentError({ field: 'ids', value: ids, expected: 'an array of run ids' });
    const byId = new Map(c.store.runs({ ids: ids.map((id, i) => integer(`ids[${i}]`, id, 1)) }).map((r) => [r.id, r]));
    runs = ids.map((id, i) => {
      const r = byId.get(id);
      if (!r || !(r.status === 'done' || decodeFailed(r))) {
        throw new InvalidArgumentError({ field: `ids[${i}]`, value: id, expected: `a done run or one that failed in decoding (run ${id} ${r ? `is ${r.status}${r.reason ? `: ${r.reason}` : ''}` : 'does not exist'})` });
      }
      return r;
    });
  }
  const done: number[] = [];
  const failed: number[] = [];
  const skipped: number[] = [];
  for (let i = 0; i < runs.length; i += 500) {
    const outcomes: { id: number; outputs?: unknown; reason?: string }[] = [];
    for (const r of runs.slice(i, i + 500)) {
      const dir = runDirOf(c, r.id);
      if (!existsSync(dir)) {
        skipped.push(r.id);
        continue;
      }
      try {
        outcomes.push({ id: r.id, outputs: decode(dir, { id: r.id, hash: r.hash, params: r.params }) });
      } catch (e) {
        outcomes.push({ id: r.id, reason: `decoding failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    c.store.transaction(() => {
      for (const x of outcomes) {
        if (x.reason === undefined) {
          c.store.setResult(x.id, x.outputs);
          done.push(x.id);
        } else {
          c.store.markFailed(x.id, x.reason);
          failed.push(x.id);
        }
      }
    });
  }
  return { done, failed, skipped };
}
