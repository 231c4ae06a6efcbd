// Dependent inputs in campaigns: the `correlation` of a campaign (a Gaussian copula) in the
// random, qmc (Sobol', Halton, lattice), latin and PCE-regression samplers (rank correlations
// and marginals of the runs, resumable draws), refused by the designs whose indices assume
// independence and by analyse()'s Sobol' methods; the latin and qmc sequence samplers equal
// the library functions; a Shapley campaign of a linear Gaussian model with correlated inputs
// run by the built CLI gives the library's numbers, close to Owen & Prieur's closed form.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyse, Campaign, Exponential, GaussianCopula, halton, InvalidArgumentError, lattice, latinSample, Normal, sampler, shapleyDesign, shapleyEffects, sobol, toPhysical, Uniform,
  type SamplerSpec,
} from 'uqkit';
import { thrown } from './helpers.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-correlated-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const uqkit = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });

/** Spearman's rank correlation of two columns. */
function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]): number[] => {
    const idx = v.map((_, i) => i).sort((p, q) => v[p]! - v[q]!);
    const r = new Array<number>(v.length);
    idx.forEach((i, k) => (r[i] = k));
    return r;
  };
  const ra = rank(a), rb = rank(b), n = a.length, m = (n - 1) / 2;
  let s = 0, sa = 0, sb = 0;
  for (let i = 0; i < n; i++) (s += (ra[i]! - m) * (rb[i]! - m), sa += (ra[i]! - m) ** 2, sb += (rb[i]! - m) ** 2);
  return s / Math.sqrt(sa * sb);
}

const VARY = { a: { dist: 'uniform', low: 0, high: 2 }, b: { dist: 'normal', mean: 1, std: 3 }, c: { dist: 'exponential', rate: 2 } } as const;
const CORR = { kind: 'spearman', names: ['a', 'c'], matrix: [[1, 0.6], [0.6, 1]] } as const;

describe('samplers with a correlation', () => {
  it.each([
    ['random', { kind: 'random', n: 4096, seed: 1 }],
    ['qmc sobol', { kind: 'qmc', n: 4096, seed: 1 }],
    ['qmc halton', { kind: 'qmc', n: 4096, seed: 1, sequence: 'halton' }],
    ['qmc lattice', { kind: 'qmc', n: 4096, seed: 1, sequence: 'lattice' }],
    ['latin', { kind: 'latin', n: 4096, seed: 1 }],
    ['pce regression', { kind: 'pce', order: 8, points: 'regression', seed: 1 }],
  ] as [string, SamplerSpec][])('%s: the runs have the rank correlation asked for and keep their marginals', (_, spec) => {
    const runs = sampler(spec, VARY, undefined, undefined, CORR).rest();
    const col = (k: 'a' | 'b' | 'c') => runs.map((r) => r[k] as number);
    expect(runs.length).toBeGreaterThan(300);
    const tol = 4 / Math.sqrt(runs.length);
    expect(Math.abs(spearman(col('a'), col('c')) - 0.6)).toBeLessThan(tol);
    expect(Math.abs(spearman(col('a'), col('b')))).toBeLessThan(tol);
    expect(Math.abs(spearman(col('b'), col('c')))).toBeLessThan(tol);
    // Marginals: the mean of U(0, 2), N(1, 3) and Exp(2), and the uniform's range.
    const mean = (v: number[]) => v.reduce((x, y) => x + y) / v.length;
    expect(Math.abs(mean(col('a')) - 1)).toBeLessThan(4 * (2 / Math.sqrt(12)) / Math.sqrt(runs.length));
    expect(Math.abs(mean(col('b')) - 1)).toBeLessThan(4 * 3 / Math.sqrt(runs.length));
    expect(Math.abs(mean(col('c')) - 0.5)).toBeLessThan(4 * 0.5 / Math.sqrt(runs.length));
    expect(col('a').every((x) => x >= 0 && x <= 2) && col('c').every((x) => x >= 0)).toBe(true);
  });

  it('the runs are the copula transform of the unit points, and resume where they stopped', () => {
    const copula = new GaussianCopula([new Uniform(0, 2), new Normal(1, 3), new Exponential(2)], [[1, 0, 0.6], [0, 1, 0], [0.6, 0, 1]], { kind: 'spearman' });
    const X = copula.transform(halton(100, 3, { scramble: 'owen', seed: 4 }));
    expect(sampler({ kind: 'qmc', seed: 4, n: 100, sequence: 'halton' }, VARY, undefined, undefined, CORR).rest().flatMap((r) => [r.a, r.b, r.c])).toEqual(Array.from(X.data));
    const spec = { kind: 'qmc', seed: 4, n: 100, sequence: 'halton' } as const;
    const whole = sampler(spec, VARY, undefined, undefined, CORR).rest();
    const first = sampler(spec, VARY, undefined, undefined, CORR);
    const a = first.draw(37);
    const rest = sampler(spec, VARY, first.state, undefined, CORR).rest();
    expect([...a, ...rest]).toEqual(whole);
  });

  it.each([
    [{ kind: 'saltelli', n: 64, seed: 1 }, /Sobol' indices assume independent inputs/],
    [{ kind: 'pce', order: 2 }, /pce sampler with points: quadrature: the quadrature grid/],
    [{ kind: 'sc', order: 2 }, /collocation grid/],
    [{ kind: 'morris', n: 4, seed: 1 }, /one-at-a-time steps/],
    [{ kind: 'replica', of: { kind: 'saltelli', n: 8, seed: 1 }, replicas: 2 }, /Sobol' indices/],
    [{ kind: 'fast', n: 80, seed: 1 }, /fast sampler: its search curves/],
    [{ kind: 'mcmc', chains: 2, steps: 4, seed: 1 }, /mcmc sampler: its priors \(the vary distributions\) assume independent inputs/],
  ] as [SamplerSpec, RegExp][])('%j with a correlation is refused, suggesting shapley', (spec, re) => {
    const e = thrown(() => sampler(spec, VARY, undefined, undefined, CORR)) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.field).toBe('correlation');
    expect(e.message).toMatch(re);
    expect(e.message).toMatch(/shapley/);
  });

  it('a bad correlation names its entry', () => {
    for (const [corr, field, re] of [
      [{ kind: 'spearman', names: ['a', 'b', 'c'], matrix: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]] }, 'correlation.matrix', /positive-definite .* among a, b, c cannot occur together/],
      [{ kind: 'spearman', names: ['a', 'c'], matrix: [[1, 1.5], [1.5, 1]] }, 'correlation.matrix[0][1]', /\[-1, 1\]/],
      [{ kind: 'normal', names: ['a', 'c'], matrix: [[1, 0.5], [0.4, 1]] }, 'correlation.matrix[0][1]', /symmetric/],
      [{ kind: 'pearson', matrix: [[1]] }, 'correlation.kind', /spearman/],
      [{ kind: 'normal', names: ['a', 'z'], matrix: [[1, 0], [0, 1]] }, 'correlation.names[1]', /a varied parameter \(a, b, c\)/],
      [{ kind: 'normal', names: ['a', 'c'], matrix: [[1, 0, 0], [0, 1, 0]] }, 'correlation.matrix[0]', /a row of 2 numbers/],
      [{ kind: 'normal', names: ['a', 'c'], matrix: [[1, 0]] }, 'correlation.matrix', /2 rows of 2 numbers/],
    ] as const) {
      const e = thrown(() => sampler({ kind: 'random', n: 4, seed: 1 }, VARY, undefined, undefined, corr)) as InvalidArgumentError;
      expect(e, JSON.stringify(corr)).toBeInstanceOf(InvalidArgumentError);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(re);
    }
  });
});

describe('new samplers without a correlation', () => {
  const dists = [new Uniform(0, 2), new Normal(1, 3)];
  const vary = { a: VARY.a, b: VARY.b };
  const values = (spec: SamplerSpec) => sampler(spec, vary).rest().flatMap((r) => [r.a as number, r.b as number]);
  it('latin: SALib\'s Latin hypercube (latinSample) on the inputs', () => {
    expect(values({ kind: 'latin', n: 50, seed: 3 })).toEqual(Array.from(latinSample(dists, 50, { seed: 3 }).X.data));
  });
  it('qmc: sequence sobol (the default, as before), halton (Owen-scrambled) and lattice (shifted), from the seed', () => {
    const sob = Array.from(toPhysical(dists, sobol(64, 2, { scramble: 'owen', seed: 5, balance: 'ignore' })).data);
    expect(values({ kind: 'qmc', n: 64, seed: 5 })).toEqual(sob);
    expect(values({ kind: 'qmc', n: 64, seed: 5, sequence: 'sobol' })).toEqual(sob);
    expect(values({ kind: 'qmc', n: 64, seed: 5, sequence: 'halton' })).toEqual(Array.from(toPhysical(dists, halton(64, 2, { scramble: 'owen', seed: 5 })).data));
    expect(values({ kind: 'qmc', n: 64, seed: 5, sequence: 'lattice' })).toEqual(Array.from(toPhysical(dists, lattice(64, 2, { shift: true, seed: 5 })).data));
    const e = thrown(() => sampler({ kind: 'qmc', n: 4, seed: 1, sequence: 'niederreiter' } as never, vary)) as InvalidArgumentError;
    expect(e.field).toBe('sampler.sequence');
  });
});

describe('analyse() with a correlation', () => {
  const vary = { a: { dist: 'normal', mean: 0, std: 1 }, b: { dist: 'normal', mean: 0, std: 2 } } as const;
  const corr = { kind: 'normal', matrix: [[1, 0.5], [0.5, 1]] } as const;
  const run = (spec: SamplerSpec) => sampler(spec, vary, undefined, undefined, corr).rest().map((p) => ({ params: p, outputs: { y: (p.a as number) + (p.b as number) } }));
  it("refuses 'sobol', 'pce-projection', 'sc' and 'gp', suggesting shapley", () => {
    const runs = run({ kind: 'random', n: 64, seed: 1 });
    for (const [method, spec] of [['sobol', { kind: 'saltelli', n: 8, seed: 1 }], ['pce-projection', { kind: 'pce', order: 2 }], ['sc', { kind: 'sc', order: 2 }]] as const) {
      const plain = sampler(spec, vary).rest().map((p) => ({ params: p, outputs: { y: 1 } }));
      const e = thrown(() => analyse({ sampler: spec, vary, runs: plain, correlation: corr }, { method })) as InvalidArgumentError;
      expect(e.field).toBe('options.method');
      expect(e.message).toMatch(/assume independent inputs/);
      expect(e.message).toMatch(/shapley/);
    }
    const gp = thrown(() => analyse({ sampler: { kind: 'random', n: 64, seed: 1 }, vary, runs, correlation: corr }, { method: 'gp' })) as InvalidArgumentError;
    expect(gp.field).toBe('options.method');
    expect(gp.message).toMatch(/'gp' gives Sobol' indices and moments over independent inputs, which assume independent inputs/);
    expect(analyse({ sampler: { kind: 'random', n: 64, seed: 1 }, vary, runs, correlation: corr }).method).toMatch(/^basic statistics/);
  });
  it("'pce-regression' on correlated points: the moments of Y = a + b (variance 1 + 4 + 2 * 0.5 * 2 = 7), no Sobol' indices, and a warning", () => {
    const r = analyse({ sampler: { kind: 'pce', order: 2, points: 'regression', seed: 2 }, vary, runs: run({ kind: 'pce', order: 2, points: 'regression', seed: 2 }), correlation: corr });
    // (the surrogate, exact here, averaged over 2^16 scrambled Sobol' points through the copula)
    expect(Math.abs(r.analysis.y!.mean as number)).toBeLessThan(1e-3);
    expect(Math.abs((r.analysis.y!.variance as number) - 7)).toBeLessThan(7e-3);
    expect(r.analysis.y!.sobolFirst).toBeUndefined();
    expect(r.analysis.y!.sobolTotal).toBeUndefined();
    expect(r.warnings.join('\n')).toMatch(/Sobol' indices are omitted: the parameters are correlated/);
    // Without the correlation the same fit gives indices.
    const indep = analyse({ sampler: { kind: 'pce', order: 2, points: 'regression', seed: 2 }, vary, runs: sampler({ kind: 'pce', order: 2, points: 'regression', seed: 2 }, vary).rest().map((p) => ({ params: p, outputs: { y: (p.a as number) + (p.b as number) } })) });
    expect(indep.analysis.y!.sobolFirst).toBeDefined();
  });
});

// Y = X1 + X2 + X3, X1 ~ N(0, 1) independent of (X2, X3) ~ N(0, 1), N(0, 2) with correlation 0.6.
const s2 = 1, s3 = 2, rho = 0.6;
const v = 1 + s2 * s2 + s3 * s3 + 2 * rho * s2 * s3;
const closed = [1 / v, (s2 * s2 + rho * s2 * s3 + (rho * rho * (s3 * s3 - s2 * s2)) / 2) / v, (s3 * s3 + rho * s2 * s3 + (rho * rho * (s2 * s2 - s3 * s3)) / 2) / v];

function shapleyCampaign(dir: string, samplerLine: string, correlation = '  kind: normal\n  names: [x2, x3]\n  matrix: [[1, 0.6], [0.6, 1]]'): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.mjs'), 'export default ({ x1, x2, x3 }) => ({ y: x1 + x2 + x3 });\n');
  writeFileSync(join(dir, 'c.yaml'), `name: lin
params:
  x1: { type: float, default: 0 }
  x2: { type: float, default: 0 }
  x3: { type: float, default: 0 }
vary:
  x1: { dist: normal, mean: 0, std: 1 }
  x2: { dist: normal, mean: 0, std: ${s2} }
  x3: { dist: normal, mean: 0, std: ${s3} }
correlation:
${correlation}
sampler: ${samplerLine}
runner: { kind: in-process, module: ./model.mjs }
`);
}

describe('a Shapley campaign run by the CLI', () => {
  const copula = new GaussianCopula([new Normal(0, 1), new Normal(0, s2), new Normal(0, s3)], [[1, 0, 0], [0, 1, rho], [0, rho, 1]]);
  const model = (X: { data: Float64Array; rows: number }) => Float64Array.from({ length: X.rows }, (_, i) => X.data[3 * i]! + X.data[3 * i + 1]! + X.data[3 * i + 2]!);

  it.each([
    ['exact', '{ kind: shapley, nV: 4000, nO: 400, nI: 3, permutations: exact, seed: 11 }', { method: 'subsets', total: 4000, outer: 400, inner: 3, seed: 11 }],
    ['random', '{ kind: shapley, nV: 4000, nO: 1, nI: 3, permutations: random, m: 1500, seed: 12 }', { method: 'random', total: 4000, outer: 1, inner: 3, permutations: 1500, seed: 12 }],
  ] as const)('permutations %s: uqkit analyse --json gives shapleyEffects on the same design, close to the closed form', (name, line, opts) => {
    const dir = join(root, `shapley-${name}`);
    shapleyCampaign(dir, line);
    const run = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const r = uqkit(dir, 'analyse', 'lin.uqkit', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    const s = out.analysis.y.screening;
    expect(s.method).toBe('shapley');
    const design = shapleyDesign(copula, opts as never);
    const lib = shapleyEffects(model(design.X), design);
    expect(out.analysis.y.runs).toBe(design.X.rows);
    ['x1', 'x2', 'x3'].forEach((k, i) => {
      expect(s.indices.Sh[k]).toBeCloseTo(lib.shapley[i]!, 12);
      expect(Math.abs(s.indices.Sh[k] - closed[i]!), `${k}: ${s.indices.Sh[k]} vs ${closed[i]}`).toBeLessThan(name === 'exact' ? 0.03 : 4 * lib.stdErr![i]! + 0.01);
    });
    if (name === 'random') ['x1', 'x2', 'x3'].forEach((k, i) => expect(s.indices.Sh_conf[k]).toBeCloseTo(1.959963984540054 * lib.stdErr![i]!, 12));
    else {
      // Closed indices: ST_1 = S1_1 = 1/v (X1 independent); ST of the correlated pair is less
      // than its S1 (each carries the other's share).
      expect(s.indices.ST.x1).toBeCloseTo(1 / v, 1);
      expect(s.indices.S1.x3).toBeGreaterThan(s.indices.ST.x3);
    }
    // The moments from the nV independent draws: mean 0, variance v.
    expect(Math.abs(out.analysis.y.variance - v) / v).toBeLessThan(0.1);
    // The report shows the table.
    expect(uqkit(dir, 'report', 'lin.uqkit', '-o', 'r.html').status).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('data-method="shapley"');
    expect(html).toContain('Shapley effects');
  });

  it('a correlated campaign resumes: a second uqkit run executes nothing new, and status lists the runs as before', () => {
    const dir = join(root, 'shapley-exact');
    const again = uqkit(dir, 'run', 'c.yaml');
    expect(again.status).toBe(0);
    // nV + (2^3 - 2) nO nI = 4000 + 6 * 400 * 3 runs
    expect(again.stderr).toMatch(/lin: 11200 runs: 11200 done, 0 to run, 0 failed/);
    expect(again.stderr).not.toMatch(/new runs/);
    const st = uqkit(dir, 'status', 'lin.uqkit');
    expect(st.status).toBe(0);
    expect(st.stdout).toMatch(/runs: 11200 total, 11200 done/);
    expect(st.stdout).toMatch(/sampler 1: \{"kind":"shapley",.*\}, 11200 drawn/);
  });

  it('mistakes in the campaign file: one line naming the file, the line and the entry', () => {
    const dir = join(root, 'bad');
    shapleyCampaign(dir, '{ kind: shapley, nV: 100, nO: 10, nI: 2, seed: 1 }', '  kind: normal\n  names: [x1, x2, x3]\n  matrix: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]');
    const r = uqkit(dir, 'run', 'c.yaml');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^uqkit run: c\.yaml:13: correlation\.matrix: expected a positive-definite correlation matrix: the correlations among x1, x2, x3 cannot occur together/);
    shapleyCampaign(dir, '{ kind: shapley, nV: 100, nO: 10, nI: 2, seed: 1 }', '  kind: spearman\n  names: [x2, x3]\n  matrix:\n    - [1, 1.2]\n    - [1.2, 1]');
    const e = uqkit(dir, 'run', 'c.yaml');
    expect(e.stderr).toMatch(/^uqkit run: c\.yaml:14: correlation\.matrix\[0\]\[1\]: expected a correlation in \[-1, 1\], got 1\.2/);
    shapleyCampaign(dir, '{ kind: saltelli, n: 16, seed: 1 }');
    const s = uqkit(dir, 'run', 'c.yaml');
    expect(s.stderr.trim().split('\n')).toHaveLength(1);
    expect(s.stderr).toMatch(/correlation: expected no correlation with a saltelli sampler: Sobol' indices assume independent inputs.*shapley/);
  });
});

describe('the Campaign API keeps the correlation', () => {
  it('a campaign created with a correlation draws correlated runs; setConfig cannot change it', () => {
    const dir = mkdtempSync(join(root, 'api-'));
    const x = { type: 'float', default: 0 } as const;
    const config = { name: 'c', params: { a: x, b: x, c: x }, vary: VARY, correlation: CORR };
    const c = Campaign.create(dir, config as never);
    try {
      c.addSampler({ kind: 'latin', n: 64, seed: 2 });
      const runs = c.runs().map((r) => r.params);
      expect(runs).toEqual(sampler({ kind: 'latin', n: 64, seed: 2 }, VARY, undefined, undefined, CORR).rest());
      const e = thrown(() => c.setConfig({ ...config, correlation: { ...CORR, matrix: [[1, 0.5], [0.5, 1]] } } as never)) as InvalidArgumentError;
      expect(e.field).toBe('correlation.matrix[0][1]');
    } finally {
      c.close();
    }
  });
});
