// The loop of an MCMC sampler (src/samplers/mcmc.ts): every step proposes one point per chain,
// the proposals inside the priors' support are a batch of runs executed with the campaign's
// runner, their QoI gives the likelihood, and each chain accepts or rejects its proposal.
// Each step's rows (every chain) are written to the store's chain table in one transaction
// once its runs are done; the next step starts from them. After a crash or kill -9 at any
// moment the loop continues from the last step recorded: the proposals of the next step are
// a function of the recorded states and of the (chain, step) random streams, so they are the
// same points, and runs that finished are reused (a run's identity is its parameters) — the
// chains are those of an uninterrupted campaign, bit for bit.
//
// Runs that do not end done: an `invalid` or `ignored` run rejects its proposal (the reason
// is recorded), as does a proposal outside the parameters' ranges. A `failed` run stops the
// loop with its reason by default: rejecting it would make the chains depend on transient
// failures (a node lost, a full disk) and target the posterior restricted to where the model
// ran; re-run it (`--retry-failed`), or choose `onFailedRun: reject` (or mark the run ignored)
// to reject such proposals on purpose.
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import type { JsonValue } from '../core/identity.js';
import type { DistributionSpec } from '../distributions/index.js';
import { addMoment, emptyMoments, type RunningMoments } from '../numerics/mcmc-diagnostics.js';
import {
  acceptUniform, logLikelihood, logPrior, propose, resolveMcmc, startOf, type McmcSpec, type ResolvedMcmc,
} from '../samplers/mcmc.js';
import type { Params } from '../space/params.js';
import type { ChainStepRecord } from './store-types.js';
import type { CampaignStore, StatusCounts } from './store.js';

/** What the loop needs of the campaign. */
export interface McmcParts {
  /** The campaign's store. */
  readonly store: CampaignStore;
  /** The uncertain parameters (the priors), in the sampler's order. */
  readonly vary: Readonly<Record<string, DistributionSpec>>;
  /** Why a run with these parameters would be invalid (outside a parameter's range), or null. */
  readonly check: (params: Params) => string | null;
  /** Adds runs to the sampler (validated and deduplicated, one transaction); returns their run ids in order. */
  readonly add: (runs: readonly Params[]) => number[];
  /** Executes the queued runs with the campaign's runner. */
  readonly execute: () => Promise<StatusCounts>;
  /** Stops after the step in flight (its rows are not recorded; the next start redoes it, reusing its finished runs). */
  readonly signal?: AbortSignal;
}

/** What `Campaign.mcmc` returns. */
export interface McmcResult {
  /** True once every chain has made its steps; false when interrupted. */
  readonly finished: boolean;
  /** The last step recorded (0 the starts), -1 before any. */
  readonly step: number;
  /** The chains' acceptance rates so far (accepted proposals / steps), one per chain. */
  readonly acceptance: readonly number[];
  /** Run counts at the end. */
  readonly counts: StatusCounts;
}

interface ChainState {
  readonly step: number;
  readonly x: readonly number[];
  readonly lp: number;
  readonly moments: RunningMoments | null;
}

/**
 * Runs the chains of MCMC sampler `samplerId` (spec `spec`) until every chain has made its
 * steps or `signal` aborts.
 *
 * @throws UqkitError when a run of a step failed (re-run it or ignore it), or when a chain's
 *   start has no prior density or is not a valid run; InvalidArgumentError when a run's QoI
 *   is missing or not numbers of the data's length (naming the run)
 */
export async function runMcmc(p: McmcParts, samplerId: number, spec: McmcSpec): Promise<McmcResult> {
  const r = resolveMcmc(spec, p.vary);
  const states = lastStates(p.store.chainSteps(samplerId), r);
  let counts = p.store.counts();
  let qoi = r.qoi;
  const result = (finished: boolean): McmcResult => {
    const prog = p.store.chainProgress(samplerId);
    return { finished, step: states[0]?.step ?? -1, acceptance: prog.map((c) => (c.steps > 0 ? c.accepted / c.steps : 0)), counts };
  };
  for (;;) {
    const step = (states[0]?.step ?? -1) + 1;
    if (step > r.steps) return result(true);
    if (p.signal?.aborted) return result(false);
    // The proposals, and which need a run.
    const proposals = Array.from({ length: r.chains }, (_, c) => (step === 0 ? startOf(r, c) : propose(r, c, step, states[c]!.x, states[c]!.moments)));
    const priors = proposals.map((x) => logPrior(r, x));
    const params = proposals.map((x) => Object.fromEntries(r.names.map((k, i) => [k, x[i]!])) as Params);
    const reasons: (string | null)[] = proposals.map((_, c) => (priors[c]! === -Infinity ? 'outside the support of the prior' : p.check(params[c]!)));
    if (step === 0) {
      const c = reasons.findIndex((w) => w !== null);
      if (c >= 0) throw new UqkitError(`sampler ${samplerId}: the start of chain ${c} (${JSON.stringify(params[c])}) is ${reasons[c]}: give sampler.start a point inside the priors and the parameters' ranges`, { field: 'sampler.start', value: params[c] });
    }
    const want = proposals.map((_, c) => reasons[c] === null);
    const ids = new Array<number | null>(r.chains).fill(null);
    const wanted = params.filter((_, c) => want[c]);
    if (wanted.length > 0) {
      const added = p.add(wanted);
      let k = 0;
      for (let c = 0; c < r.chains; c++) if (want[c]) ids[c] = added[k++]!;
      let outcomes = p.store.runOutcomes(ids.filter((id): id is number => id !== null));
      if ([...outcomes.values()].some((o) => o.status !== 'done' && o.status !== 'invalid' && o.status !== 'ignored' && o.status !== 'failed')) {
        counts = await p.execute();
        if (p.signal?.aborted) return result(false);
        outcomes = p.store.runOutcomes(ids.filter((id): id is number => id !== null));
      }
      const stuck = [...outcomes.entries()].filter(([, o]) => o.status !== 'done' && o.status !== 'invalid' && o.status !== 'ignored' && !(o.status === 'failed' && r.onFailedRun === 'reject'));
      if (stuck.length > 0) {
        throw new UqkitError(`sampler ${samplerId}: step ${step} of the chains needs its runs, and ${stuck.length} did not finish (${stuck.slice(0, 3).map(([id, o]) => `run ${id} ${o.status}${o.reason ? `: ${o.reason}` : ''}`).join('; ')}${stuck.length > 3 ? '; ...' : ''}): re-run them (\`uqkit run FILE --retry-failed\`), or reject such proposals on purpose (sampler.onFailedRun: reject)`,
          { field: 'sampler', value: samplerId });
      }
      for (let c = 0; c < r.chains; c++) {
        const o = ids[c] === null ? undefined : outcomes.get(ids[c]!);
        if (o && o.status !== 'done') reasons[c] = `run ${ids[c]} ${o.status}${o.reason ? `: ${o.reason}` : ''}`;
      }
      if (qoi === undefined) {
        const done = [...outcomes.values()].find((o) => o.status === 'done' && o.outputs !== null && typeof o.outputs === 'object' && !Array.isArray(o.outputs));
        if (done) {
          const keys = Object.keys(done.outputs as object);
          if (keys.length !== 1) throw new InvalidArgumentError({ field: 'sampler.likelihood.qoi', value: undefined, expected: `the name of the output compared with the data (the runs have ${keys.length === 0 ? 'none' : keys.join(', ')})` });
          qoi = keys[0]!;
        }
      }
      if (step === 0) {
        const c = reasons.findIndex((w) => w !== null);
        if (c >= 0) throw new UqkitError(`sampler ${samplerId}: the start of chain ${c} was not evaluated (${reasons[c]}): give sampler.start another point, or re-run it`, { field: 'sampler.start', value: params[c] });
      }
    }
    // Accept or reject, and the rows of the step.
    const rows: ChainStepRecord[] = [];
    for (let c = 0; c < r.chains; c++) {
      const x = proposals[c]!;
      let lp = -Infinity;
      if (reasons[c] === null) {
        const out = outcomesOf(p.store, ids[c]!);
        const y = out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>)[qoi!] : undefined;
        lp = priors[c]! + logLikelihood(r, x, y, `run ${ids[c]}: outputs.${qoi}`);
      }
      const prev = states[c];
      const accepted = step === 0 || (Number.isFinite(lp) && Math.log(acceptUniform(r, c, step)) < lp - prev!.lp);
      const state = accepted ? x : prev!.x;
      const stateLp = accepted ? lp : prev!.lp;
      const moments = r.proposal === 'adaptive' ? addMoment(prev?.moments ?? emptyMoments(r.coords.length), state) : null;
      rows.push({ chain: c, step, runId: ids[c]!, proposal: x, logPost: lp, accepted, reason: reasons[c]!, state, stateLogPost: stateLp, moments: moments as unknown as JsonValue });
      states[c] = { step, x: state, lp: stateLp, moments };
    }
    if (step === 0 && rows.some((row) => !Number.isFinite(row.stateLogPost))) {
      const c = rows.findIndex((row) => !Number.isFinite(row.stateLogPost));
      throw new UqkitError(`sampler ${samplerId}: the log posterior at the start of chain ${c} is not finite: give sampler.start a point where the likelihood is not 0`, { field: 'sampler.start', value: params[c] });
    }
    p.store.recordChainSteps(samplerId, rows);
  }
}

function outcomesOf(store: CampaignStore, id: number): unknown {
  return store.runOutcomes([id]).get(id)?.outputs ?? null;
}

/** Each chain's state after its last recorded step (all chains move together: the same step). */
function lastStates(rows: readonly ChainStepRecord[], r: ResolvedMcmc): ChainState[] {
  const out: ChainState[] = [];
  for (const row of rows) {
    if (row.chain >= r.chains) continue;
    const was = out[row.chain];
    if (was === undefined || row.step > was.step) out[row.chain] = { step: row.step, x: row.state, lp: row.stateLogPost, moments: row.moments as unknown as RunningMoments | null };
  }
  if (out.length !== 0 && (out.length !== r.chains || out.some((s) => s === undefined || s.step !== out[0]!.step))) {
    throw new UqkitError(`the chain table of this sampler is inconsistent (chains at different steps: ${out.map((s) => s?.step).join(', ')})`);
  }
  return out;
}
