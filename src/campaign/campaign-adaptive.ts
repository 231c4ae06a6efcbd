// The refinement loop of an adaptive sampler (adaptive stochastic collocation): rebuild the
// grid from the outputs of the sampler's done runs, add the next batch's runs, execute them
// with the campaign's runner, and again, until refinement stops. Every step is recorded in
// the store's refinement table. Nothing but the runs' outputs is needed to continue: after a
// crash or kill -9 at any moment the grid is rebuilt from them, runs that finished are reused
// (a run's identity is its parameters) and runs left running are taken over by the runner.
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import { distribution, type DistributionSpec } from '../distributions/index.js';
import { pointKey, replayAdaptiveSc, type AdaptiveReplay, type AdaptiveScSpec, type AdaptiveStep } from '../samplers/adaptive-sc.js';
import type { Params } from '../space/params.js';
import type { CampaignStore, StatusCounts } from './store.js';

/** What the loop needs of the campaign. */
export interface RefineParts {
  /** The campaign's store. */
  readonly store: CampaignStore;
  /** The uncertain parameters, in the sampler's order. */
  readonly vary: Readonly<Record<string, DistributionSpec>>;
  /** Adds runs to the sampler (validated and deduplicated, one transaction). */
  readonly add: (runs: readonly Params[]) => void;
  /** Executes the queued runs with the campaign's runner. */
  readonly execute: () => Promise<StatusCounts>;
  /** Stops refinement after the batch in flight. */
  readonly signal?: AbortSignal;
}

/** What `Campaign.refine` returns. */
export interface RefineResult {
  /** True once refinement has stopped (tolerance or a limit); false when interrupted. */
  readonly finished: boolean;
  /** The last recorded step, if any. */
  readonly step: AdaptiveStep | undefined;
  /** Run counts at the end. */
  readonly counts: StatusCounts;
}

/**
 * Refines the adaptive sampler `samplerId` (spec `spec`) until it stops or `signal` aborts.
 *
 * @throws UqkitError when a batch has runs that did not finish (failed, invalid, ignored):
 *   the grid cannot go on without them
 */
export async function refine(p: RefineParts, samplerId: number, spec: AdaptiveScSpec): Promise<RefineResult> {
  const names = Object.keys(p.vary);
  const dists = names.map((k) => distribution(p.vary[k]!, `vary.${k}`));
  let recorded = p.store.refinement(samplerId).length;
  let counts = p.store.counts();
  for (;;) {
    const replay = replayOf(p.store, samplerId, spec, names, dists);
    // The steps not recorded yet (a resumed campaign rebuilds the recorded ones identically).
    const fresh = replay.steps.slice(Math.max(0, recorded - 1));
    if (fresh.length > 0) {
      p.store.transaction(() => {
        for (const s of fresh) {
          p.store.recordRefinement(samplerId, {
            step: s.step, points: s.points, error: s.error, old: s.indices.old.length, active: s.indices.active.length, stop: s.stop,
            indices: {
              old: s.indices.old.map((x) => [x.level, finite(x.surplus)]),
              active: s.indices.active.map((x) => [x.level, finite(x.surplus), finite(x.indicator)]),
            },
          });
        }
      });
      recorded = replay.steps.length;
    }
    const step = replay.steps[replay.steps.length - 1];
    if (replay.pending === null) return { finished: true, step, counts };
    if (p.signal?.aborted) return { finished: false, step, counts };
    p.add(replay.pending);
    counts = await p.execute();
    // Runs of the batch that did not end done stop refinement: the grid needs every point.
    const missing = stuck(p.store, samplerId, replay.pending, names);
    if (missing.length > 0 && !p.signal?.aborted) {
      throw new UqkitError(`sampler ${samplerId}: adaptive stochastic collocation needs every run of a batch, and ${missing.length} of the ${replay.pending.length} runs of batch ${replay.steps.length + 1} did not finish (${missing.slice(0, 3).map((r) => `run ${r.id} ${r.status}`).join(', ')}${missing.length > 3 ? ', ...' : ''}): re-run them (\`uqkit runs DIR --status failed\` says why they failed, \`uqkit run FILE --retry-failed\` runs them again)`,
        { field: 'sampler', value: samplerId });
    }
    if (p.signal?.aborted) return { finished: false, step, counts };
  }
}

/** The grid rebuilt from the sampler's done runs. */
export function replayOf(store: CampaignStore, samplerId: number, spec: AdaptiveScSpec, names: readonly string[], dists: Parameters<typeof replayAdaptiveSc>[2]): AdaptiveReplay {
  const byKey = new Map<string, unknown>();
  let qoi = spec.qoi;
  for (const r of store.results({ samplers: [samplerId] })) {
    const outputs = r.outputs as Record<string, unknown> | null;
    if (!outputs || typeof outputs !== 'object') continue;
    if (qoi === undefined) {
      const keys = Object.keys(outputs);
      if (keys.length !== 1) throw new InvalidArgumentError({ field: 'sampler.qoi', value: undefined, expected: `the name of the output to refine on (the runs have ${keys.length === 0 ? 'none' : keys.join(', ')})` });
      qoi = keys[0]!;
    }
    byKey.set(pointKey(names, r.params), outputs[qoi]);
  }
  return replayAdaptiveSc(qoi === undefined ? spec : { ...spec, qoi }, names, dists, (key) => byKey.get(key));
}

function stuck(store: CampaignStore, samplerId: number, batch: readonly Params[], names: readonly string[]): { id: number; status: string }[] {
  const want = new Set(batch.map((r) => pointKey(names, r)));
  return store.runs({ samplers: [samplerId] })
    .filter((r) => want.has(pointKey(names, r.params)) && r.status !== 'done')
    .map((r) => ({ id: r.id, status: r.status }));
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
