// Markov chain Monte Carlo (Metropolis–Hastings) as a campaign sampler: the chains' proposals
// are the campaign's runs, the model's QoI enters a Gaussian likelihood, the `vary`
// distributions are the priors. This file holds the spec, its checking, and the pure parts
// of one step — the proposal, the log prior, the log likelihood, the acceptance draw — so
// that the campaign's loop (src/campaign/campaign-mcmc.ts) only moves data.
//
// The chain's coordinates: the uncertain parameters in `vary` order, then, when the noise is
// inferred, log sigma (the chain moves in log sigma; points are reported with sigma). The
// log prior of log sigma is logpdf_sigma(sigma) + log sigma (the Jacobian of sigma = e^s).
//
// Random numbers: uniforms of uqkit's counter-based generator (src/numerics/random.ts),
// seed `seed`, stream `chain + 1`, row `step` of a (D + 1)-column sample: columns 0..D-1 are
// the proposal's normal deviates (Phi^-1 of the uniform), column D the acceptance uniform;
// row 0 gives the start drawn from the priors (ppf of the uniforms). Any step of any chain
// is made without the ones before it, so a resumed chain draws exactly what it would have.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys } from '../core/validate.js';
import { distribution, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { ndtri } from '../distributions/special.js';
import { choleskyLower } from '../numerics/copula.js';
import { momentsCovariance, type RunningMoments } from '../numerics/mcmc-diagnostics.js';
import { uniformRows } from '../numerics/random.js';

/**
 * The spec of an MCMC sampler (see docs/mcmc.md). `chains` chains of `steps` Metropolis–
 * Hastings steps each; every step proposes one point per chain, and those points are a batch
 * of runs.
 */
export interface McmcSpec {
  /** The kind. */
  readonly kind: 'mcmc';
  /** Number of chains (1..64). Default 4. */
  readonly chains?: number;
  /** Steps per chain after the start (1..1,000,000). */
  readonly steps: number;
  /** The proposal. Default `{kind: 'random-walk'}`. */
  readonly proposal?: McmcProposalSpec;
  /** Start of every chain, by coordinate (a parameter, or `sigma` when the noise is inferred). Default: drawn from the priors with the seed. */
  readonly start?: Readonly<Record<string, number>>;
  /** Seed of the starts, proposals and acceptance draws (an integer >= 0). Default 0. */
  readonly seed?: number;
  /** The Gaussian likelihood of the data given the model's QoI. */
  readonly likelihood: McmcLikelihoodSpec;
  /**
   * What a failed run does: 'stop' (default) stops the chains with the run and its reason
   * (re-run it with `--retry-failed` and they continue); 'reject' rejects its proposal,
   * recording why, and the chains go on (for a model that fails where it has no solution).
   */
  readonly onFailedRun?: 'stop' | 'reject';
}

/**
 * A proposal. `random-walk`: x' = x + N(0, diag(scale^2)). `adaptive`: the adaptive Metropolis
 * of Haario, Saksman & Tamminen (2001): the random walk for the first `adaptAfter` steps,
 * then x' = x + N(0, 2.38^2/d (C + epsilon I)) with C the sample covariance of the chain's
 * states so far. `scale` by coordinate (for `sigma`: in log sigma); default 0.1 x the prior's
 * standard deviation (0.1 for sigma).
 */
export interface McmcProposalSpec {
  /** 'random-walk' or 'adaptive'. */
  readonly kind: 'random-walk' | 'adaptive';
  /** Standard deviation of each coordinate's step, by coordinate. */
  readonly scale?: Readonly<Record<string, number>>;
  /** Adaptive: steps with the fixed scales before the covariance is used. Default 100. */
  readonly adaptAfter?: number;
  /** Adaptive: the epsilon added to the covariance's diagonal. Default 1e-8. */
  readonly epsilon?: number;
}

/** The likelihood: data y_i = QoI_i + e_i, e_i ~ N(0, sigma^2) independent. */
export interface McmcLikelihoodSpec {
  /** The output compared with the data (a number, or a vector as long as the data). Default: the runs' only output. */
  readonly qoi?: string;
  /** The observed values, or a CSV file (header line, comma-separated) and the column to read. */
  readonly data: readonly number[] | { readonly file: string; readonly column: string };
  /** The noise: known (`{sigma}`) or inferred with a prior on sigma (`{infer: {dist: ...}}`). */
  readonly noise: { readonly sigma: number } | { readonly infer: DistributionSpec };
}

/** True for the spec of an MCMC sampler. */
export function isMcmc(spec: unknown): spec is McmcSpec {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'mcmc';
}

/** An MCMC spec checked, with its defaults, the priors made and the data read. */
export interface ResolvedMcmc {
  /** See McmcSpec.chains. */
  readonly chains: number;
  /** See McmcSpec.steps. */
  readonly steps: number;
  /** See McmcSpec.seed. */
  readonly seed: number;
  /** The uncertain parameters, in `vary` order. */
  readonly names: readonly string[];
  /** The chain's coordinates: the names, then 'sigma' when the noise is inferred. */
  readonly coords: readonly string[];
  /** The priors of the names. */
  readonly priors: readonly Distribution[];
  /** The prior of sigma (inferred noise), else null. */
  readonly sigmaPrior: Distribution | null;
  /** The known sigma, else null. */
  readonly sigma: number | null;
  /** The proposal's kind. */
  readonly proposal: 'random-walk' | 'adaptive';
  /** Step scales by coordinate (log sigma for sigma). */
  readonly scale: readonly number[];
  /** See McmcProposalSpec.adaptAfter. */
  readonly adaptAfter: number;
  /** See McmcProposalSpec.epsilon. */
  readonly epsilon: number;
  /** The start in chain coordinates (log sigma), or null to draw it. */
  readonly start: readonly number[] | null;
  /** The QoI, or undefined for the runs' only output. */
  readonly qoi: string | undefined;
  /** See McmcSpec.onFailedRun. */
  readonly onFailedRun: 'stop' | 'reject';
  /** The data. */
  readonly data: readonly number[];
}

const bad = (field: string, value: unknown, expected: string): never => {
  throw new InvalidArgumentError({ field, value, expected });
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks an MCMC spec against the uncertain parameters `vary` and fills in its defaults;
 * reads the data file.
 * @throws InvalidArgumentError naming `sampler.<key>` (e.g. `sampler.likelihood.noise.sigma`)
 *   for an unknown key or a bad value
 */
export function resolveMcmc(spec: McmcSpec, vary: Readonly<Record<string, DistributionSpec>>): ResolvedMcmc {
  knownKeys('sampler', spec, ['kind', 'chains', 'steps', 'proposal', 'start', 'seed', 'likelihood', 'onFailedRun']);
  const chains = integer('sampler.chains', spec.chains ?? 4, 1, 64);
  const steps = integer('sampler.steps', spec.steps, 1, 1_000_000);
  const seed = integer('sampler.seed', spec.seed ?? 0, 0);
  const onFailedRun = spec.onFailedRun ?? 'stop';
  if (onFailedRun !== 'stop' && onFailedRun !== 'reject') bad('sampler.onFailedRun', onFailedRun, "'stop' (default) or 'reject'");
  const names = Object.keys(vary);
  if (names.length === 0) bad('vary', vary, 'the uncertain parameters: their distributions are the priors of MCMC');
  const priors = names.map((k) => distribution(vary[k]!, `vary.${k}`));
  priors.forEach((p, i) => { if (p.discrete) bad(`vary.${names[i]}`, vary[names[i]!], 'a continuous distribution (a prior of MCMC)'); });
  // likelihood
  const L = spec.likelihood as unknown;
  if (!isRecord(L)) return bad('sampler.likelihood', L, 'a likelihood such as {qoi: y, data: [1.2, 3.4], noise: {sigma: 0.1}}');
  knownKeys('sampler.likelihood', L, ['qoi', 'data', 'noise']);
  if (L.qoi !== undefined && (typeof L.qoi !== 'string' || L.qoi === '')) bad('sampler.likelihood.qoi', L.qoi, 'the name of an output');
  const data = readData(L.data);
  const noise = L.noise;
  if (!isRecord(noise)) return bad('sampler.likelihood.noise', noise, 'the noise: {sigma: 0.1} (known) or {infer: {dist: lognormal, mu: 0, sigma: 1}} (a prior on sigma)');
  knownKeys('sampler.likelihood.noise', noise, ['sigma', 'infer']);
  if ((noise.sigma === undefined) === (noise.infer === undefined)) bad('sampler.likelihood.noise', noise, 'either sigma (known noise) or infer (a prior on sigma), one of them');
  let sigma: number | null = null;
  let sigmaPrior: Distribution | null = null;
  if (noise.sigma !== undefined) {
    if (typeof noise.sigma !== 'number' || !(noise.sigma > 0) || !Number.isFinite(noise.sigma)) bad('sampler.likelihood.noise.sigma', noise.sigma, 'a number > 0 (the standard deviation of the noise)');
    sigma = noise.sigma as number;
  } else {
    sigmaPrior = distribution(noise.infer as DistributionSpec, 'sampler.likelihood.noise.infer');
    if (!(sigmaPrior.support[0] >= 0) || sigmaPrior.discrete) bad('sampler.likelihood.noise.infer', noise.infer, 'a continuous distribution on sigma > 0 (e.g. {dist: lognormal, mu: 0, sigma: 1})');
  }
  if (names.includes('sigma') && sigmaPrior) bad('vary.sigma', 'sigma', 'another name: sigma is the inferred noise of the likelihood');
  const coords = sigmaPrior ? [...names, 'sigma'] : names;
  // proposal
  const P = (spec.proposal ?? { kind: 'random-walk' }) as unknown;
  if (!isRecord(P)) return bad('sampler.proposal', P, "a proposal: {kind: random-walk, scale: {x: 0.1}} or {kind: adaptive}");
  if (P.kind !== 'random-walk' && P.kind !== 'adaptive') bad('sampler.proposal.kind', P.kind, "'random-walk' or 'adaptive'");
  knownKeys('sampler.proposal', P, P.kind === 'adaptive' ? ['kind', 'scale', 'adaptAfter', 'epsilon'] : ['kind', 'scale']);
  const givenScale = (P.scale ?? {}) as unknown;
  if (!isRecord(givenScale)) bad('sampler.proposal.scale', givenScale, 'step sizes by parameter, e.g. {x: 0.1}');
  for (const k of Object.keys(givenScale as object)) if (!coords.includes(k)) bad(`sampler.proposal.scale.${k}`, k, `one of the chain's coordinates (${coords.join(', ')})`);
  const scale = coords.map((k, i) => {
    const s = (givenScale as Record<string, unknown>)[k];
    if (s === undefined) return i < names.length ? 0.1 * priors[i]!.moments.std : 0.1;
    if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s)) bad(`sampler.proposal.scale.${k}`, s, 'a number > 0 (the standard deviation of a step)');
    return s as number;
  });
  scale.forEach((s, i) => { if (!(s > 0) || !Number.isFinite(s)) bad(`sampler.proposal.scale.${coords[i]}`, undefined, `a step size (the prior's standard deviation is ${s / 0.1}, so no default)`); });
  const adaptAfter = integer('sampler.proposal.adaptAfter', P.adaptAfter ?? 100, 1);
  const epsilon = P.epsilon ?? 1e-8;
  if (typeof epsilon !== 'number' || !(epsilon >= 0) || !Number.isFinite(epsilon)) bad('sampler.proposal.epsilon', epsilon, 'a number >= 0');
  // start
  let start: number[] | null = null;
  if (spec.start !== undefined) {
    if (!isRecord(spec.start)) bad('sampler.start', spec.start, 'a value per coordinate, e.g. {x: 0.5}');
    knownKeys('sampler.start', spec.start, coords);
    const st = spec.start as Record<string, unknown>;
    start = coords.map((k, i) => {
      const v = st[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`sampler.start.${k}`, v, `a number (the start of every chain; give each of ${coords.join(', ')})`);
      const prior = i < names.length ? priors[i]! : sigmaPrior!;
      if (!(prior.logpdf(v as number) > -Infinity)) bad(`sampler.start.${k}`, v, `a point where the prior ${prior.toString()} has a density`);
      return i < names.length ? (v as number) : Math.log(v as number);
    });
  }
  return {
    chains, steps, seed, names, coords, priors, sigmaPrior, sigma, proposal: P.kind as 'random-walk' | 'adaptive', scale,
    adaptAfter, epsilon: epsilon as number, start, qoi: L.qoi as string | undefined, data, onFailedRun,
  };
}

function readData(data: unknown): number[] {
  const field = 'sampler.likelihood.data';
  if (Array.isArray(data)) {
    if (data.length === 0) bad(field, data, 'at least one observed value');
    data.forEach((v, i) => { if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${field}[${i}]`, v, 'a finite number'); });
    return data as number[];
  }
  if (!isRecord(data)) return bad(field, data, 'a list of observed values, or {file: data.csv, column: y}');
  knownKeys(field, data, ['file', 'column']);
  if (typeof data.file !== 'string' || data.file === '') bad(`${field}.file`, data.file, 'a CSV file');
  if (typeof data.column !== 'string' || data.column === '') bad(`${field}.column`, data.column, 'the name of a column of the file');
  let text = '';
  try {
    text = readFileSync(data.file as string, 'utf8');
  } catch (e) {
    bad(`${field}.file`, data.file, `a readable file (${(e as Error).message})`);
  }
  const lines = text.split(/\r?\n/).map((l, i) => ({ l, at: i + 1 })).filter(({ l }) => l.trim() !== '' && !l.startsWith('#'));
  const header = (lines[0]?.l ?? '').split(',').map((h) => h.trim());
  const j = header.indexOf(data.column as string);
  if (j < 0) bad(`${field}.column`, data.column, `a column of ${data.file as string} (it has ${header.join(', ') || 'no header'})`);
  const out = lines.slice(1).map(({ l, at }) => {
    const cell = (l.split(',')[j] ?? '').trim();
    const v = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(v)) bad(`${data.file as string}:${at}`, cell, `a finite number in column ${data.column as string}`);
    return v;
  });
  if (out.length === 0) bad(`${field}.file`, data.file, 'at least one data line below the header');
  return out;
}

/** Uniform (0, 1) from a [0, 1) uniform of the generator (which can be 0). */
const open01 = (u: number): number => u + 2 ** -54;

/** The row of uniforms of `chain` at `step`: D normal deviates' uniforms then the acceptance uniform. */
function uniforms(r: ResolvedMcmc, chain: number, step: number): Float64Array {
  return uniformRows(r.coords.length + 1, r.seed, step, 1, chain + 1).data;
}

/** The start of `chain` in chain coordinates: the spec's, or drawn from the priors (row 0 of its stream). */
export function startOf(r: ResolvedMcmc, chain: number): number[] {
  if (r.start) return [...r.start];
  const u = uniforms(r, chain, 0);
  return r.coords.map((_, i) => (i < r.names.length ? r.priors[i]!.ppf(open01(u[i]!)) : Math.log(r.sigmaPrior!.ppf(open01(u[i]!)))));
}

/**
 * The proposal of `chain` at `step` (>= 1) from state `x`: x + L z, with L the Cholesky factor
 * of the proposal covariance — diag(scale^2), or for the adaptive proposal after adaptAfter
 * steps 2.38^2/d (C + epsilon I) with C the covariance of `moments` (the states 0..step-1).
 */
export function propose(r: ResolvedMcmc, chain: number, step: number, x: readonly number[], moments: RunningMoments | null): number[] {
  const d = r.coords.length;
  const u = uniforms(r, chain, step);
  const z = Array.from({ length: d }, (_, i) => ndtri(open01(u[i]!)));
  if (r.proposal === 'adaptive' && moments !== null && step > r.adaptAfter) {
    const C = proposalCovariance(r, moments);
    const c = choleskyLower(C, d, 0);
    if ('failsAt' in c) throw new InvalidArgumentError({ field: `chain ${chain} step ${step}: the adaptive proposal's covariance`, value: C, expected: 'a positive definite covariance matrix' });
    const L = c.L;
    return x.map((v, i) => {
      let s = v;
      for (let k = 0; k <= i; k++) s += L[i * d + k]! * z[k]!;
      return s;
    });
  }
  return x.map((v, i) => v + r.scale[i]! * z[i]!);
}

/** The adaptive proposal's covariance from the chain's running moments: 2.38^2/d (C + epsilon I), row-major. */
export function proposalCovariance(r: ResolvedMcmc, moments: RunningMoments): number[] {
  const d = r.coords.length;
  const sd = 2.38 ** 2 / d;
  return momentsCovariance(moments).map((c, k) => sd * (c + (k % (d + 1) === 0 ? r.epsilon : 0)));
}

/** The acceptance uniform of `chain` at `step`, in (0, 1). */
export function acceptUniform(r: ResolvedMcmc, chain: number, step: number): number {
  return open01(uniforms(r, chain, step)[r.coords.length]!);
}

/** The log prior density at chain coordinates x (-Infinity outside the support). */
export function logPrior(r: ResolvedMcmc, x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < r.names.length; i++) s += r.priors[i]!.logpdf(x[i]!);
  if (r.sigmaPrior) {
    const ls = x[r.names.length]!;
    s += r.sigmaPrior.logpdf(Math.exp(ls)) + ls;
  }
  return Number.isNaN(s) ? -Infinity : s;
}

/** The noise's sigma at chain coordinates x. */
export function sigmaAt(r: ResolvedMcmc, x: readonly number[]): number {
  return r.sigmaPrior ? Math.exp(x[r.names.length]!) : r.sigma!;
}

/**
 * The Gaussian log likelihood of the data given the QoI `y` (a number for one datum, or a
 * vector as long as the data): -n/2 log(2 pi sigma^2) - sum (data_i - y_i)^2 / (2 sigma^2).
 *
 * @throws InvalidArgumentError (field `field`) for a QoI that is not finite numbers of the data's length
 */
export function logLikelihood(r: ResolvedMcmc, x: readonly number[], y: unknown, field: string): number {
  const v = typeof y === 'number' ? [y] : Array.isArray(y) ? y : null;
  if (!v || v.length !== r.data.length || v.some((e) => typeof e !== 'number' || !Number.isFinite(e))) {
    return bad(field, y, `${r.data.length === 1 ? 'a finite number' : `a vector of ${r.data.length} finite numbers`} (one per datum of the likelihood)`);
  }
  const s = sigmaAt(r, x);
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += ((r.data[i]! - (v[i] as number)) ** 2);
  return -0.5 * v.length * Math.log(2 * Math.PI * s * s) - ss / (2 * s * s);
}

/** The point of chain coordinates x as the user sees it: by coordinate, sigma (not log sigma) last. */
export function pointOf(r: ResolvedMcmc, x: readonly number[]): Record<string, number> {
  return Object.fromEntries(r.coords.map((k, i) => [k, i < r.names.length ? x[i]! : Math.exp(x[i]!)]));
}

/** Chain coordinates of a point as pointOf gives it. */
export function coordsOf(r: ResolvedMcmc, point: Readonly<Record<string, number>>): number[] {
  return r.coords.map((k, i) => (i < r.names.length ? point[k]! : Math.log(point[k]!)));
}
