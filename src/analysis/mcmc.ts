// The analysis of an MCMC sampler's chains (the store's chain table): per coordinate of the
// chain the posterior mean, standard deviation and quantiles of the states after burn-in,
// the rank-normalised split-R-hat and the bulk effective sample size (Vehtari et al. 2021;
// src/numerics/mcmc-diagnostics.ts), the Monte Carlo standard error of the mean (std /
// sqrt(ESS)), and per chain the acceptance rate. The states of every chain at steps
// burnIn + 1 .. last are the draws (the start, step 0, never is one).
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import type { DistributionSpec } from '../distributions/index.js';
import { essBulk, quantile, splitRhat } from '../numerics/mcmc-diagnostics.js';
import { resolveMcmc, type McmcSpec } from '../samplers/mcmc.js';
import type { ChainStepRecord } from '../campaign/store-types.js';

/** The posterior summary of one coordinate (a parameter, or sigma). */
export interface McmcParameterSummary {
  /** Posterior mean. */
  readonly mean: number;
  /** Posterior standard deviation (ddof 1 over the pooled draws). */
  readonly std: number;
  /** Quantiles: 2.5 %, 50 % and 97.5 % (type 7, as numpy). */
  readonly q2_5: number;
  /** See q2_5. */
  readonly q50: number;
  /** See q2_5. */
  readonly q97_5: number;
  /** Rank-normalised split-R-hat (Vehtari et al. 2021); null with fewer than 4 draws per chain. */
  readonly rhat: number | null;
  /** Bulk effective sample size; null with fewer than 4 draws per chain. */
  readonly essBulk: number | null;
  /** Monte Carlo standard error of the mean: std / sqrt(essBulk). */
  readonly mcse: number | null;
}

/** What {@link mcmcAnalysis} returns (the `mcmc` key of `uqkit analyse --json`). */
export interface McmcAnalysis {
  /** Number of chains. */
  readonly chains: number;
  /** The proposal: 'random-walk' or 'adaptive'. */
  readonly proposalName: string;
  /** Steps per chain recorded (the last step). */
  readonly steps: number;
  /** See McmcSpec.steps. */
  readonly stepsTotal: number;
  /** Steps dropped as burn-in. */
  readonly burnIn: number;
  /** Draws per chain analysed (steps - burnIn). */
  readonly draws: number;
  /** Acceptance rate of each chain over all its steps (accepted proposals / steps). */
  readonly acceptance: readonly number[];
  /** Proposals rejected without a run (outside the priors' support or a parameter's range), over all chains. */
  readonly rejectedWithoutRun: number;
  /** Summary per coordinate, by name (the parameters, then sigma when the noise is inferred). */
  readonly parameters: Readonly<Record<string, McmcParameterSummary>>;
  /**
   * The states of each chain by coordinate (sigma in its units): trace[name][chain][i] is the
   * state at step i * traceEvery, for at most 1001 steps per chain (every step up to 1000 steps).
   */
  readonly trace: Readonly<Record<string, readonly (readonly number[])[]>>;
  /** The steps between two entries of `trace`. */
  readonly traceEvery: number;
}

/** Options of {@link mcmcAnalysis}. */
export interface McmcAnalysisOptions {
  /** Steps dropped at the start of each chain. Default: half the steps recorded (rounded down). */
  readonly burnIn?: number;
}

/**
 * The analysis of an MCMC sampler's chains from its recorded steps (`store.chainSteps(id)`),
 * its spec and the campaign's `vary` (the priors).
 *
 * @throws InvalidArgumentError (field `options.burnIn`) for a burn-in that leaves no draw, or
 *   (field `chains`) before any step after the start is recorded
 */
export function mcmcAnalysis(steps: readonly ChainStepRecord[], spec: McmcSpec, vary: Readonly<Record<string, DistributionSpec>>, options: McmcAnalysisOptions = {}): McmcAnalysis {
  const r = resolveMcmc(spec, vary);
  const byChain: ChainStepRecord[][] = Array.from({ length: r.chains }, () => []);
  for (const s of steps) if (s.chain < r.chains) byChain[s.chain]!.push(s);
  byChain.forEach((c) => c.sort((a, b) => a.step - b.step));
  const last = Math.min(...byChain.map((c) => (c.length === 0 ? -1 : c[c.length - 1]!.step)));
  if (last < 1) throw new InvalidArgumentError({ field: 'chains', value: last, expected: 'at least one step after the start recorded (`uqkit run` makes them)' });
  const burnIn = integer('options.burnIn', options.burnIn ?? Math.floor(last / 2), 0, last - 1, `fewer than the ${last} steps recorded`);
  const states: Record<string, number[][]> = {};
  r.coords.forEach((k, i) => {
    states[k] = byChain.map((c) => c.slice(0, last + 1).map((s) => (i < r.names.length ? s.state[i]! : Math.exp(s.state[i]!))));
  });
  const traceEvery = Math.max(1, Math.ceil(last / 1000));
  const trace = Object.fromEntries(Object.entries(states).map(([k, chains]) => [k, chains.map((c) => c.filter((_, s) => s % traceEvery === 0))]));
  const parameters: Record<string, McmcParameterSummary> = {};
  for (const k of r.coords) {
    const chains = states[k]!.map((c) => c.slice(burnIn + 1));
    const all = chains.flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const std = all.length > 1 ? Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1)) : 0;
    const enough = chains[0]!.length >= 4;
    const rhat = enough ? splitRhat(chains) : null;
    const ess = enough ? essBulk(chains) : null;
    parameters[k] = {
      mean, std, q2_5: quantile(all, 0.025), q50: quantile(all, 0.5), q97_5: quantile(all, 0.975),
      rhat, essBulk: ess, mcse: ess === null ? null : std / Math.sqrt(ess),
    };
  }
  const acceptance = byChain.map((c) => c.slice(1, last + 1).filter((s) => s.accepted).length / last);
  const rejectedWithoutRun = byChain.reduce((n, c) => n + c.slice(1, last + 1).filter((s) => s.runId === null).length, 0);
  return { chains: r.chains, proposalName: r.proposal, steps: last, stepsTotal: r.steps, burnIn, draws: last - burnIn, acceptance, rejectedWithoutRun, parameters, trace, traceEvery };
}
