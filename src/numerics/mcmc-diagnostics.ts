// Convergence diagnostics and summaries of Markov chains (MCMC), for chains of equal length:
//
// - split-R-hat, rank-normalised (Vehtari, Gelman, Simpson, Carpenter & Bürkner, "Rank-
//   normalization, folding, and localization: an improved R-hat", Bayesian Analysis 16(2),
//   2021): each chain is split in halves; the draws of all halves are replaced by the normal
//   scores of their ranks; R-hat = sqrt(var+ / W) of Gelman & Rubin on those; and the same
//   on the folded draws |x - median| (the tails). The result is the larger of the two.
//   `splitRhat(.., {rank: false})` is Gelman–Rubin's split-R-hat on the draws themselves.
// - effective sample size: Geyer's initial monotone sequence estimator (Geyer, Statistical
//   Science 7(4), 1992) on the autocorrelations combined across chains as in Vehtari et al.
//   (their eq. 10): rho_t = 1 - (W - mean of the chains' autocovariances at lag t) / var+.
//   Sums of adjacent pairs rho_2k + rho_2k+1 are added while positive, each made no larger
//   than the one before; tau = -1 + 2 * (sum of those pairs); ESS = M N / tau. Bulk ESS is
//   that estimate on the rank-normalised split chains. Autocovariances are computed directly
//   (O(N * lags)): the sum stops at the first non-positive pair, so few lags are needed.
import { InvalidArgumentError } from '../core/errors.js';
import { ndtri } from '../distributions/special.js';

/** Draws of one quantity: one array per chain, all of the same length. */
export type Chains = readonly (readonly number[] | Float64Array)[];

function check(field: string, chains: Chains, minLength: number): void {
  if (!Array.isArray(chains) || chains.length === 0) throw new InvalidArgumentError({ field, value: chains, expected: 'one array of draws per chain (at least one chain)' });
  const n = chains[0]!.length;
  chains.forEach((c, m) => {
    if (c.length !== n) throw new InvalidArgumentError({ field: `${field}[${m}]`, value: c.length, expected: `${n} draws, as chain 0 has` });
    for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i]!)) throw new InvalidArgumentError({ field: `${field}[${m}][${i}]`, value: c[i], expected: 'a finite number' });
  });
  if (n < minLength) throw new InvalidArgumentError({ field, value: n, expected: `chains of at least ${minLength} draws` });
}

/** Each chain cut into its first and second halves (the middle draw of an odd length dropped). */
export function splitChains(chains: Chains): number[][] {
  const half = Math.floor(chains[0]!.length / 2);
  const out: number[][] = [];
  for (const c of chains) {
    const a = Array.from(c);
    out.push(a.slice(0, half), a.slice(a.length - half));
  }
  return out;
}

/**
 * The draws replaced by normal scores of their ranks among all draws of all chains:
 * Phi^-1((r - 3/8) / (S + 1/4)), ties given their average rank (Vehtari et al. 2021, eq. 14).
 */
export function rankNormalise(chains: Chains): number[][] {
  const all: { v: number; m: number; i: number }[] = [];
  chains.forEach((c, m) => { for (let i = 0; i < c.length; i++) all.push({ v: c[i]!, m, i }); });
  all.sort((a, b) => a.v - b.v);
  const S = all.length;
  const out = chains.map((c) => new Array<number>(c.length));
  for (let k = 0; k < S;) {
    let j = k;
    while (j + 1 < S && all[j + 1]!.v === all[k]!.v) j++;
    const rank = (k + j) / 2 + 1; // average of the 1-based ranks k+1..j+1
    const z = ndtri((rank - 0.375) / (S + 0.25));
    for (let t = k; t <= j; t++) out[all[t]!.m]![all[t]!.i] = z;
    k = j + 1;
  }
  return out;
}

function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** W (mean within-chain variance, ddof 1) and var+ = (N-1)/N W + B/N of Gelman & Rubin. */
function variances(chains: readonly (readonly number[])[]): { W: number; varPlus: number; means: number[] } {
  const M = chains.length, N = chains[0]!.length;
  const means = chains.map(mean);
  let W = 0;
  chains.forEach((c, m) => {
    let s = 0;
    for (const v of c) s += (v - means[m]!) ** 2;
    W += s / (N - 1);
  });
  W /= M;
  const grand = mean(means);
  let B = 0;
  if (M > 1) {
    for (const mu of means) B += (mu - grand) ** 2;
    B = (B / (M - 1)) * N;
  }
  return { W, varPlus: ((N - 1) / N) * W + B / N, means };
}

function rhatOf(chains: readonly (readonly number[])[]): number {
  const { W, varPlus } = variances(chains);
  if (W === 0) return varPlus === 0 ? 1 : Infinity;
  return Math.sqrt(varPlus / W);
}

/**
 * Split-R-hat of one quantity. With `rank` (default true) the rank-normalised split-R-hat of
 * Vehtari et al. (2021): the larger of the bulk value (on the normal scores of the ranks)
 * and the tail value (on the folded draws |x - median|); else Gelman–Rubin's split-R-hat of
 * the draws. Close to 1 for chains that mix; above 1.01 is Vehtari et al.'s warning sign.
 *
 * @throws InvalidArgumentError for no chains, chains of different lengths or fewer than 4
 *   draws, or a draw that is not finite
 */
export function splitRhat(chains: Chains, options: { readonly rank?: boolean } = {}): number {
  check('chains', chains, 4);
  const split = splitChains(chains);
  if (options.rank === false) return rhatOf(split);
  const bulk = rhatOf(rankNormalise(split));
  const med = quantile(split.flat(), 0.5);
  const tail = rhatOf(rankNormalise(split.map((c) => c.map((v) => Math.abs(v - med)))));
  return Math.max(bulk, tail);
}

/**
 * Effective sample size of the draws as they are (no split, no ranks): Geyer's initial
 * monotone sequence estimator on the autocorrelations combined across chains (see the file
 * comment). For an AR(1) chain with coefficient rho it tends to N (1 - rho) / (1 + rho).
 * At most M N log10(M N) (Stan's cap for antithetic chains).
 *
 * @throws InvalidArgumentError as splitRhat
 */
export function ess(chains: Chains): number {
  check('chains', chains, 4);
  return essOf(chains.map((c) => Array.from(c)));
}

/**
 * Bulk effective sample size (Vehtari et al. 2021): {@link ess} of the rank-normalised split
 * chains. The number of independent draws that would estimate the centre of the posterior
 * (mean, median) as well as these do.
 *
 * @throws InvalidArgumentError as splitRhat
 */
export function essBulk(chains: Chains): number {
  check('chains', chains, 4);
  return essOf(rankNormalise(splitChains(chains)));
}

function essOf(chains: readonly (readonly number[])[]): number {
  const M = chains.length, N = chains[0]!.length;
  const { W, varPlus, means } = variances(chains);
  if (!(varPlus > 0)) return M * N; // constant draws: nothing to correlate
  // Autocovariance of chain m at lag t (biased, divided by N), averaged over chains.
  const acov = (t: number): number => {
    let s = 0;
    chains.forEach((c, m) => {
      const mu = means[m]!;
      let a = 0;
      for (let i = 0; i + t < N; i++) a += (c[i]! - mu) * (c[i + t]! - mu);
      s += a / N;
    });
    return s / M;
  };
  const rho = (t: number): number => 1 - (W - acov(t)) / varPlus;
  // Initial positive sequence of pair sums, made monotone.
  let tau = -1;
  let prev = Infinity;
  for (let k = 0; 2 * k + 1 < N; k++) {
    let p = (k === 0 ? 1 : rho(2 * k)) + rho(2 * k + 1);
    if (!(p > 0)) break;
    if (p > prev) p = prev;
    tau += 2 * p;
    prev = p;
  }
  const cap = M * N * Math.log10(M * N);
  return Math.min(M * N / Math.max(tau, 1 / Math.log10(M * N)), cap);
}

/** The q-quantile (0 <= q <= 1) of the values: linear interpolation between order statistics (numpy's default, Hyndman & Fan type 7). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/**
 * Running moments of a chain's states for the adaptive Metropolis proposal (Haario, Saksman &
 * Tamminen, Bernoulli 7(2), 2001): the count, the mean vector and the sum of squared
 * deviations (Welford's update), from which the sample covariance (ddof 1, numpy's cov) is
 * `m2 / (n - 1)`. Plain JSON, so a store keeps it exactly.
 */
export interface RunningMoments {
  /** States added. */
  readonly n: number;
  /** Their mean, one entry per coordinate. */
  readonly mean: readonly number[];
  /** Sum of outer products of deviations, row-major d x d. */
  readonly m2: readonly number[];
}

/** No states yet, for `d` coordinates. */
export function emptyMoments(d: number): RunningMoments {
  return { n: 0, mean: new Array<number>(d).fill(0), m2: new Array<number>(d * d).fill(0) };
}

/** The moments with the state `x` added (Welford's update, one pass, stable). */
export function addMoment(m: RunningMoments, x: readonly number[]): RunningMoments {
  const d = m.mean.length, n = m.n + 1;
  const delta = x.map((v, i) => v - m.mean[i]!);
  const mean = m.mean.map((v, i) => v + delta[i]! / n);
  const m2 = m.m2.slice();
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m2[i * d + j] = m2[i * d + j]! + delta[i]! * (x[j]! - mean[j]!);
  return { n, mean, m2 };
}

/** The sample covariance (ddof 1) of the states added, row-major d x d; zeros for fewer than two. */
export function momentsCovariance(m: RunningMoments): number[] {
  return m.n < 2 ? m.m2.map(() => 0) : m.m2.map((v) => v / (m.n - 1));
}
