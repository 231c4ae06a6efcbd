// MCMC diagnostics and the pieces of the sampler: split-R-hat and effective sample sizes
// against a numpy/scipy restatement (scripts/fixtures/mcmc_diag.py) and against analytic
// values for iid and AR(1) chains; the running moments of the adaptive proposal against
// numpy's cov; the priors' log densities against scipy (scripts/fixtures/mcmc_logpdf.py);
// the MCMC sampler spec's errors; the analysis of recorded chains and its report section.
import { describe, expect, it } from 'vitest';
import { addMoment, distribution, emptyMoments, ess, essBulk, InvalidArgumentError, mcmcAnalysis, momentsCovariance, ndtri, renderReport, sampler, splitRhat, uniformRows, type ChainStepRecord } from 'uqkit';
import { fixture, thrown } from './helpers.js';

interface Case { name: string; chains: number[][]; rhat_rank: number; rhat_split: number; ess: number; ess_bulk: number }
const F = fixture<{ cases: Case[]; history: number[][]; cov: number[] }>('mcmc_diag.json');

/** `m` AR(1) chains x_t = rho x_{t-1} + e_t, stationary from the start, deviates from uqkit's generator. */
function ar1(m: number, n: number, rho: number, seed: number): number[][] {
  return Array.from({ length: m }, (_, c) => {
    const u = uniformRows(1, seed, 0, n, c + 1).data;
    const e = Array.from(u, (v) => ndtri(v + 2 ** -54));
    const out: number[] = [];
    let x = e[0]! / Math.sqrt(1 - rho * rho);
    for (let t = 0; t < n; t++) {
      if (t > 0) x = rho * x + e[t]!;
      out.push(x);
    }
    return out;
  });
}

describe('split-R-hat and ESS against the numpy restatement', () => {
  for (const c of F.cases) {
    it(c.name, () => {
      expect(splitRhat(c.chains)).toBeCloseTo(c.rhat_rank, 12);
      expect(splitRhat(c.chains, { rank: false })).toBeCloseTo(c.rhat_split, 12);
      expect(Math.abs(ess(c.chains) - c.ess) / c.ess).toBeLessThan(1e-10);
      expect(Math.abs(essBulk(c.chains) - c.ess_bulk) / c.ess_bulk).toBeLessThan(1e-10);
    });
  }
  it('a chain stuck elsewhere gives R-hat well above 1.01', () => {
    const shifted = F.cases.find((c) => c.name === 'shifted_chain')!;
    expect(splitRhat(shifted.chains)).toBeGreaterThan(1.05);
  });
});

describe('ESS and R-hat against analytic values', () => {
  it('iid chains: ESS ~ M N, R-hat ~ 1', () => {
    const chains = ar1(4, 5000, 0, 11);
    expect(Math.abs(ess(chains) / 20000 - 1)).toBeLessThan(0.08);
    expect(Math.abs(essBulk(chains) / 20000 - 1)).toBeLessThan(0.08);
    expect(Math.abs(splitRhat(chains) - 1)).toBeLessThan(0.005);
  });
  for (const rho of [0.5, 0.9]) {
    it(`AR(1), rho = ${rho}: ESS = M N (1 - rho) / (1 + rho)`, () => {
      const chains = ar1(4, 20000, rho, 12);
      const expected = (80000 * (1 - rho)) / (1 + rho);
      // The estimator's relative error is about sqrt(2 tau^2 / N)-ish: 5 % at rho 0.5, 10 % at 0.9 here.
      const tol = rho === 0.5 ? 0.06 : 0.12;
      expect(Math.abs(ess(chains) / expected - 1)).toBeLessThan(tol);
      expect(Math.abs(essBulk(chains) / expected - 1)).toBeLessThan(tol);
      expect(Math.abs(splitRhat(chains) - 1)).toBeLessThan(0.01);
    });
  }
  it('refuses chains of different lengths, too short or with a non-finite draw, naming it', () => {
    expect(thrown(() => splitRhat([[1, 2, 3, 4], [1, 2, 3]]))).toMatchObject({ field: 'chains[1]', value: 3 });
    expect(thrown(() => ess([[1, 2, 3]]))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => essBulk([[1, 2, NaN, 4, 5]]))).toMatchObject({ field: 'chains[0][2]' });
  });
});

describe('the adaptive proposal\'s running moments', () => {
  it('give numpy\'s cov (ddof 1) of the history', () => {
    let m = emptyMoments(3);
    for (const x of F.history) m = addMoment(m, x);
    const C = momentsCovariance(m);
    C.forEach((v, k) => expect(Math.abs(v - F.cov[k]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(F.cov[k]!))));
  });
  it('survive a JSON round trip exactly (the store keeps them as JSON)', () => {
    let m = emptyMoments(3);
    for (const x of F.history.slice(0, 20)) m = addMoment(m, x);
    const back = JSON.parse(JSON.stringify(m)) as typeof m;
    let a = m, b = back;
    for (const x of F.history.slice(20)) { a = addMoment(a, x); b = addMoment(b, x); }
    expect(b).toEqual(a);
  });
});

describe('the mcmc sampler spec', () => {
  const vary = { a: { dist: 'normal', mean: 0, std: 1 }, b: { dist: 'uniform', low: 0, high: 1 } } as const;
  const ok = { kind: 'mcmc', steps: 10, likelihood: { data: [1, 2], noise: { sigma: 0.5 } } } as const;
  const err = (spec: unknown) => thrown(() => sampler(spec as never, vary)) as InvalidArgumentError;
  it('adds no run up front (the campaign adds them step by step)', () => {
    expect(sampler(ok as never, vary).size).toBe(0);
  });
  it('names the field of each mistake', () => {
    expect(err({ ...ok, steps: 0 }).field).toBe('sampler.steps');
    expect(err({ ...ok, onFailedRun: 'skip' }).field).toBe('sampler.onFailedRun');
    expect(err({ ...ok, chains: 100 }).field).toBe('sampler.chains');
    expect(err({ ...ok, likelihood: { data: [1], noise: { sigma: -1 } } }).field).toBe('sampler.likelihood.noise.sigma');
    expect(err({ ...ok, likelihood: { data: [1], noise: {} } }).field).toBe('sampler.likelihood.noise');
    expect(err({ ...ok, likelihood: { data: [1, 'x'], noise: { sigma: 1 } } }).field).toBe('sampler.likelihood.data[1]');
    expect(err({ ...ok, likelihood: { data: { file: '/nonexistent/data.csv', column: 'y' }, noise: { sigma: 1 } } }).field).toBe('sampler.likelihood.data.file');
    expect(err({ ...ok, proposal: { kind: 'gibbs' } }).field).toBe('sampler.proposal.kind');
    expect(err({ ...ok, proposal: { kind: 'random-walk', scale: { c: 1 } } }).field).toBe('sampler.proposal.scale.c');
    expect(err({ ...ok, proposal: { kind: 'random-walk', adaptAfter: 5 } }).field).toBe('sampler.proposal.adaptAfter'); // adaptive only
    expect(err({ ...ok, start: { a: 0, b: 2 } }).field).toBe('sampler.start.b'); // outside the prior U(0, 1)
    expect(err({ ...ok, start: { a: 0 } }).field).toBe('sampler.start.b');
    expect(err({ ...ok, likelihood: { data: [1], noise: { infer: { dist: 'normal' } } } }).field).toBe('sampler.likelihood.noise.infer');
  });
});

describe('mcmcAnalysis of recorded chains', () => {
  const vary = { a: { dist: 'normal', mean: 0, std: 10 } } as const;
  const spec = { kind: 'mcmc', chains: 4, steps: 2500, likelihood: { data: [0], noise: { sigma: 1 } } } as const;
  /** Rows of 4 chains whose states at steps 1.. are the given draws (step 0: the start). */
  const rows = (chains: readonly (readonly number[])[]): ChainStepRecord[] => chains.flatMap((c, chain) => [-1, ...c].map((v, step) => ({
    chain, step, runId: step + 1, proposal: [v], logPost: 0, accepted: step % 3 !== 1, reason: null, state: [v], stateLogPost: 0, moments: null,
  })));
  it('summarises the states after burn-in: mean, std, quantiles, R-hat, bulk ESS, acceptance', () => {
    const c = F.cases.find((x) => x.name === 'ar1_0.6')!;
    const m = mcmcAnalysis(rows(c.chains), { ...spec, steps: 400 } as never, vary, { burnIn: 0 });
    const all = c.chains.flat();
    const mean = all.reduce((t, v) => t + v, 0) / all.length;
    const sd = Math.sqrt(all.reduce((t, v) => t + (v - mean) ** 2, 0) / (all.length - 1));
    const sorted = [...all].sort((x, y) => x - y);
    const q = (p: number) => { const h = (sorted.length - 1) * p, lo = Math.floor(h); return sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!); };
    expect(m).toMatchObject({ chains: 4, steps: 400, burnIn: 0, draws: 400, traceEvery: 1 });
    const p = m.parameters.a!;
    expect(p.mean).toBeCloseTo(mean, 12);
    expect(p.std).toBeCloseTo(sd, 12);
    expect([p.q2_5, p.q50, p.q97_5]).toEqual([q(0.025), q(0.5), q(0.975)]);
    expect(p.rhat).toBeCloseTo(c.rhat_rank, 12);
    expect(p.essBulk! / c.ess_bulk - 1).toBeLessThan(1e-10);
    expect(p.mcse).toBeCloseTo(sd / Math.sqrt(c.ess_bulk), 12);
    m.acceptance.forEach((a) => expect(a).toBe(266 / 400)); // steps 1, 4, ..., 400 rejected
    expect(m.trace.a![2]!.slice(1)).toEqual(c.chains[2]);
    // default burn-in: half
    expect(mcmcAnalysis(rows(c.chains), { ...spec, steps: 400 } as never, vary)).toMatchObject({ burnIn: 200, draws: 200 });
  });
  it('thins the trace to at most 1001 entries per chain; the report draws it', async () => {
    const long = Array.from({ length: 4 }, (_, k) => Array.from({ length: 2500 }, (_, t) => Math.sin(t / 50 + k)));
    const m = mcmcAnalysis(rows(long), spec as never, vary);
    expect(m.traceEvery).toBe(3);
    expect(m.trace.a![1]!.length).toBe(834);
    expect(m.trace.a![1]![10]).toBe(long[1]![29]); // step 30 is draw 30 (index 29)
    const html = await renderReport({ campaign: 'x', runs: { total: 1, done: 1, failed: 0 }, analysis: {}, mcmc: m } as never);
    expect(html.match(/<polyline class="mcmc-trace"/g)).toHaveLength(4);
    expect(html.match(/class="mcmc-bin"/g)).toHaveLength(30);
    expect(html).toContain('4 chains, 2500 of 2500 steps, burn-in 1250');
    // without an mcmc key, no section
    expect(await renderReport({ campaign: 'x', runs: { total: 1, done: 1, failed: 0 }, analysis: {} })).not.toContain('MCMC');
  });
  it('refuses a burn-in that leaves no draw, and chains without a step', () => {
    const c = F.cases[0]!;
    expect(thrown(() => mcmcAnalysis(rows(c.chains), { ...spec, steps: 400 } as never, vary, { burnIn: 400 }))).toMatchObject({ field: 'options.burnIn', value: 400 });
    expect(thrown(() => mcmcAnalysis([], spec as never, vary))).toMatchObject({ field: 'chains' });
  });
});

describe('the priors\' log densities (logpdf) against scipy.stats', () => {
  for (const c of fixture<{ spec: Record<string, unknown>; x: number[]; logpdf: number[] }[]>('mcmc_logpdf.json')) {
    it(`${c.spec.dist as string}`, () => {
      const d = distribution(c.spec as unknown as Parameters<typeof distribution>[0]);
      c.x.forEach((x, i) => {
        const want = c.logpdf[i]!, got = d.logpdf(x);
        expect(Math.abs(got - want), `logpdf(${x}) = ${got}, scipy ${want}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
      });
    });
  }
});
