// Surrogates (src/numerics/surrogate.ts, src/numerics/pce-derivative.ts,
// src/campaign/campaign-surrogate.ts): PCE gradients against analytic polynomials and finite
// differences, exact covariances against an analytic case and the sample estimate, kernel
// densities against scipy's gaussian_kde, the file format's round trip and its one-line
// errors, and the coffee cup's campaigns (PCE and SC, a vector QoI) as real SQLite stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Beta, Campaign, Gamma, Normal, PCE, Uniform, analyse, fitPCE, kernelDensity, loadSurrogate, matrix, multiIndices, pceDerivative, pceGradient,
  scottBandwidth, sobol, toPhysical, Surrogate, InvalidArgumentError, type Distribution, type SurrogateJSON,
} from 'uqkit';
import { fixture, thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-surrogate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** N points of the distributions (Owen-scrambled Sobol', seeded). */
const points = (dists: readonly Distribution[], n: number, seed = 1) => toPhysical(dists, sobol(n, dists.length, { scramble: 'owen', seed }));

describe('PCE derivatives', () => {
  it('the gradient of a polynomial in the basis is its analytic gradient (Legendre and Hermite inputs)', () => {
    // y = 1 + 2 x1 + x1^2 x2 + x2^3: dy/dx1 = 2 + 2 x1 x2, dy/dx2 = x1^2 + 3 x2^2
    const dists = [new Uniform(0, 2), new Normal(1, 0.5)];
    const X = points(dists, 64);
    const f = (a: number, b: number) => 1 + 2 * a + a * a * b + b ** 3;
    const Y = Float64Array.from({ length: 64 }, (_, i) => f(X.data[2 * i]!, X.data[2 * i + 1]!));
    const pce = fitPCE(dists, X, Y, { degree: 3 });
    const at = points(dists, 9, 7);
    const g = pceGradient(pce, at);
    for (let i = 0; i < 9; i++) {
      const [a, b] = [at.data[2 * i]!, at.data[2 * i + 1]!];
      expect(g[2 * i]).toBeCloseTo(2 + 2 * a * b, 10);
      expect(g[2 * i + 1]).toBeCloseTo(a * a + 3 * b * b, 10);
    }
    // The derivative in x1 is a PCE of degree 2 in x1: its mean is E[2 + 2 x1 x2] = 2 + 2 * 1 * 1.
    expect(pceDerivative(pce, 0).mean()).toBeCloseTo(4, 12);
  });

  it('the gradient of a degree-6 PCE of beta, gamma and uniform inputs equals central finite differences', () => {
    const dists = [new Beta(2, 3, -1, 2), new Gamma(3, 0.5), new Uniform(-1, 1)];
    const indices = multiIndices(3, { degree: 6 });
    const q = 2;
    const c = new Float64Array(indices.length * q).map((_, k) => Math.sin(1.7 * k + 0.3) / (1 + Math.floor(k / q)));
    const pce = new PCE(dists, indices, matrix(c, indices.length, q), { method: 'ols', points: 0 });
    const at = points(dists, 5, 3);
    const g = pceGradient(pce, at);
    const h = 1e-5;
    for (let j = 0; j < 3; j++) {
      const up = at.data.slice(), down = at.data.slice();
      for (let i = 0; i < 5; i++) { up[i * 3 + j]! += h; down[i * 3 + j]! -= h; }
      const yu = pce.predict(matrix(up, 5, 3)).data, yd = pce.predict(matrix(down, 5, 3)).data;
      for (let i = 0; i < 5; i++) for (let o = 0; o < q; o++) {
        const fd = (yu[i * q + o]! - yd[i * q + o]!) / (2 * h);
        expect(Math.abs(g[(i * q + o) * 3 + j]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});

/** A surrogate of scalar QoIs, each a PCE fitted to f on U(-1, 1)^2. */
function scalarSurrogate(fs: Record<string, (a: number, b: number) => number>): Surrogate {
  const dists = [new Uniform(-1, 1), new Uniform(-1, 1)];
  const X = points(dists, 64);
  const qois = Object.fromEntries(Object.entries(fs).map(([k, f]) => {
    const Y = Float64Array.from({ length: 64 }, (_, i) => f(X.data[2 * i]!, X.data[2 * i + 1]!));
    return [k, { shape: [], model: fitPCE(dists, X, Y, { degree: 3 }) }];
  }));
  return new Surrogate({ kind: 'pce', inputs: [{ name: 'x1', dist: dists[0]! }, { name: 'x2', dist: dists[1]! }], qois });
}

describe('correlations between QoIs', () => {
  // y1 = x1 + 2 x2, y2 = 3 x1 + x1 x2, x ~ U(-1, 1)^2: Var x = 1/3, E[x^2 x'^2] = 1/9, odd moments 0.
  // Cov = 3/3 = 1, Var y1 = 5/3, Var y2 = 3 + 1/9 = 28/9; y3 = x2^2 is uncorrelated with y1, y2.
  const s = scalarSurrogate({ y1: (a, b) => a + 2 * b, y2: (a, b) => 3 * a + a * b, y3: (_a, b) => b * b });

  it('exact from the coefficients: the analytic covariance and correlation', () => {
    const r = s.correlation();
    expect(r.method).toBe('exact');
    expect(r.names).toEqual(['y1', 'y2', 'y3']);
    const want = [5 / 3, 1, 0, 1, 28 / 9, 0, 0, 0, 4 / 45]; // Var x^2 = 1/5 - 1/9
    r.covariance.data.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 12));
    expect(r.correlation.data[1]).toBeCloseTo(1 / Math.sqrt((5 / 3) * (28 / 9)), 12);
    expect([r.correlation.data[0], r.correlation.data[4], r.correlation.data[8]]).toEqual([1, 1, 1]);
  });

  it('the sample estimate (Pearson, 2^14 Sobol points) agrees with the exact one', () => {
    const e = s.correlation(), m = s.correlation({ method: 'samples' });
    expect(m.method).toBe('samples');
    for (let k = 0; k < 9; k++) expect(Math.abs(m.correlation.data[k]! - e.correlation.data[k]!)).toBeLessThan(2e-3);
    // seeded: the same call gives the same bits; another seed other ones
    expect(s.correlation({ method: 'samples', seed: 0 }).covariance.data).toEqual(m.covariance.data);
    expect(s.correlation({ method: 'samples', seed: 5 }).covariance.data).not.toEqual(m.covariance.data);
  });
});

describe('densities', () => {
  const ref = fixture<{ cases: { name: string; x: number[]; grid: number[]; bandwidth: number; pdf: number[] }[] }>('surrogate-kde.json');
  for (const c of ref.cases) {
    it(`kernelDensity equals scipy's gaussian_kde (Scott's rule) on the ${c.name} sample (n = ${c.x.length})`, () => {
      const x = Float64Array.from(c.x);
      expect(scottBandwidth(x)).toBeCloseTo(c.bandwidth, 14);
      const pdf = kernelDensity(x, Float64Array.from(c.grid));
      pdf.forEach((v, i) => expect(Math.abs(v - c.pdf[i]!)).toBeLessThanOrEqual(1e-13 * Math.max(...c.pdf)));
    });
  }

  it("a surrogate's density of y = x ~ N(0, 1) is the normal density smoothed by the kernel, integrates to 1, and is seeded", () => {
    const dist = new Normal(0, 1);
    const model = fitPCE([dist], toPhysical([dist], sobol(16, 1, { scramble: 'owen', seed: 2 })), toPhysical([dist], sobol(16, 1, { scramble: 'owen', seed: 2 })).data, { degree: 1 });
    const s = new Surrogate({ kind: 'pce', inputs: [{ name: 'x', dist }], qois: { y: { shape: [], model } } });
    const d = s.density('y', { n: 2 ** 14, points: 200 });
    const sd = Math.sqrt(1 + d.bandwidth ** 2);
    d.x.forEach((x, i) => expect(Math.abs(d.pdf[i]! - Math.exp(-0.5 * (x / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI)))).toBeLessThan(3e-3));
    let area = 0;
    for (let i = 1; i < d.x.length; i++) area += ((d.pdf[i]! + d.pdf[i - 1]!) / 2) * (d.x[i]! - d.x[i - 1]!);
    expect(area).toBeCloseTo(1, 4);
    expect(s.density('y', { n: 2 ** 14, points: 200 }).pdf).toEqual(d.pdf);
    expect(s.density('y', { n: 2 ** 14, points: 200, seed: 3 }).pdf).not.toEqual(d.pdf);
    expect(s.density('y', { n: 1024, points: [0] }).x).toEqual(new Float64Array([0]));
    expect(thrown(() => s.density('z')).message).toBe('qoi: expected a QoI of the surrogate (y), got "z"');
  });
});

describe('the surrogate file', () => {
  const s = scalarSurrogate({ y1: (a, b) => a + 2 * b, y2: (a, b) => Math.exp(a) * b });
  const json = JSON.parse(JSON.stringify(s)) as SurrogateJSON;

  it('round-trips: loaded from its JSON text it writes the same JSON and predicts the same bits', () => {
    expect(json.format).toBe('uqkit-surrogate');
    expect(json.version).toBe(1);
    expect(json.kind).toBe('pce');
    expect(json.inputs).toEqual([{ name: 'x1', dist: { dist: 'uniform', low: -1, high: 1 } }, { name: 'x2', dist: { dist: 'uniform', low: -1, high: 1 } }]);
    const back = loadSurrogate(JSON.stringify(s));
    expect(JSON.stringify(back)).toBe(JSON.stringify(s));
    const at = points([new Uniform(-1, 1), new Uniform(-1, 1)], 33, 9);
    const a = s.predict(at), b = back.predict(at);
    expect(b.y1!.data).toEqual(a.y1!.data);
    expect(b.y2!.data).toEqual(a.y2!.data);
    // rows by name (extra keys ignored) and rows of numbers give the same values
    const byName = back.predict([{ x2: at.data[1]!, x1: at.data[0]!, other: 'x' }]);
    const byRow = back.predict([[at.data[0]!, at.data[1]!]]);
    expect([byName.y2!.data[0], byRow.y2!.data[0]]).toEqual([a.y2!.data[0], a.y2!.data[0]]);
  });

  const bad: [string, unknown, string][] = [
    ['text that is not JSON', '{"format": ', 'surrogate: expected JSON text of a surrogate model ('],
    ['another format', { ...json, format: 'uqkit.pce' }, 'format: expected "uqkit-surrogate" (a file written by `uqkit surrogate`), got "uqkit.pce"'],
    ['an unknown version', { ...json, version: 2 }, 'version: expected 1 (this uqkit reads surrogate files of version 1; a newer uqkit wrote this one?), got 2'],
    ['an unknown kind', { ...json, kind: 'kriging' }, 'kind: expected one of "pce", "gp", got "kriging"'],
    ['no inputs', { ...json, inputs: [] }, 'inputs: expected a non-empty array of inputs { name, dist }, got an array of length 0'],
    ['a bad distribution', { ...json, inputs: [json.inputs[0], { name: 'x2', dist: { dist: 'uniform', low: 1, high: 0 } }] }, 'inputs[1].dist'],
    ['a model of other distributions', { ...json, inputs: [json.inputs[0], { name: 'x2', dist: { dist: 'normal', mean: 0, std: 1 } }] }, 'qois.y1.model.dists: expected the distributions of the 2 inputs, in their order'],
    ['a shape that is not the model\'s', { ...json, qois: { y1: { ...json.qois.y1, shape: [3] } } }, 'qois.y1.model: expected 3 outputs (shape [3]), got 1'],
    ['a model that is no PCE', { ...json, qois: { y1: { shape: [], model: { format: 'gp' } } } }, 'qois.y1.model.format: expected "uqkit.pce" version 1, got "gp"'],
    ['a duplicate input', { ...json, inputs: [json.inputs[0], json.inputs[0]] }, 'inputs[1].name: expected a name no other input has, got "x1"'],
  ];
  for (const [what, file, message] of bad) {
    it(`refuses ${what} with one line`, () => {
      const e = thrown(() => loadSurrogate(file as SurrogateJSON));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message.startsWith(message)).toBe(true);
      expect(e.message).not.toContain('\n');
    });
  }
});

// The coffee cup of examples/coffee (the same model, run in process): T(t) = t_env + (T0 - t_env) e^{-kappa t}.
const coffee = {
  params: {
    T0: { type: 'float', min: 0, max: 200, default: 95 }, kappa: { type: 'float', min: 0, max: 0.1, default: 0.025 },
    t_env: { type: 'float', min: 0, max: 40, default: 15 }, t_end: { type: 'float', min: 0, default: 200 }, steps: { type: 'integer', min: 1, default: 100 },
  },
  vary: { kappa: { dist: 'uniform', low: 0.025, high: 0.075 }, t_env: { dist: 'uniform', low: 15, high: 25 } },
} as const;
const cooling = ({ T0, kappa, t_env, t_end, steps }: Record<string, number>) => {
  const t = Array.from({ length: steps! + 1 }, (_, i) => (t_end! * i) / steps!);
  return { t, te: t.map((x) => t_env! + (T0! - t_env!) * Math.exp(-kappa! * x)), final: t_env! + (T0! - t_env!) * Math.exp(-kappa! * t_end!) };
};

describe('campaign.surrogate() on the coffee cup', () => {
  const made: Record<string, string> = {};
  beforeAll(async () => {
    for (const [name, sampler] of [['pce', { kind: 'pce', order: 3 }], ['sc', { kind: 'sc', order: 3 }], ['qmc', { kind: 'qmc', n: 32, seed: 1 }]] as const) {
      const dir = join(root, name);
      const c = Campaign.create(dir, { name: `coffee-${name}`, ...coffee, analysis: { index: { te: 't' } } } as never);
      c.addSampler(sampler as never);
      await c.execute({ model: cooling as never });
      c.close();
      made[name] = dir;
    }
  });
  const open = (name: string) => Campaign.open(made[name]!, { readonly: true });

  it('SC: the surrogate reproduces every run output at the collocation nodes (interpolation)', () => {
    const c = open('sc');
    try {
      const s = c.surrogate();
      expect(Object.keys(s.qois)).toEqual(['te', 'final']);
      expect(s.qois.te!.shape).toEqual([101]);
      expect(s.qois.te!.index).toEqual(Array.from({ length: 101 }, (_, i) => 2 * i));
      expect(s.source?.method).toBe('stochastic collocation (tensor grid), order 3, 16 runs');
      const runs = c.store.results();
      expect(runs.length).toBe(16);
      const y = s.predict(runs.map((r) => r.params as Record<string, number>));
      runs.forEach((r, i) => {
        const out = r.outputs as { te: number[]; final: number };
        out.te.forEach((v, k) => expect(Math.abs(y.te!.data[i * 101 + k]! - v)).toBeLessThan(1e-12 * 95));
        expect(Math.abs(y.final!.data[i]! - out.final)).toBeLessThan(1e-12 * 95);
      });
    } finally {
      c.close();
    }
  });

  it("PCE: the model's mean and variance are analyse()'s, bit for bit, and predictions and gradients are close to the cooling law", () => {
    const c = open('pce');
    try {
      const s = c.surrogate();
      const runs = c.store.results().map((r) => ({ params: r.params as Record<string, number>, outputs: r.outputs }));
      const { analysis } = analyse({ sampler: { kind: 'pce', order: 3 }, vary: coffee.vary, runs, qois: ['te', 'final'] }, { bootstrap: { resamples: 0 } });
      const te = s.qois.te!.model as PCE;
      expect(Array.from(te.means())).toEqual(analysis.te!.mean);
      expect(Array.from(te.variances())).toEqual(analysis.te!.variance);
      expect((s.qois.final!.model as PCE).mean()).toBe(analysis.final!.mean);
      // At kappa = 0.05, t_env = 20, t = 100 (value 50): T = 20 + 75 e^{-5}; dT/dkappa = -75 t e^{-5}, dT/dt_env = 1 - e^{-5}.
      const y = s.predict([{ kappa: 0.05, t_env: 20 }]);
      expect(Math.abs(y.te!.data[50]! - (20 + 75 * Math.exp(-5)))).toBeLessThan(0.15);
      const g = s.gradient([{ kappa: 0.05, t_env: 20 }]).te!;
      expect(g.cols).toBe(202);
      expect(Math.abs(g.data[100]! / (-7500 * Math.exp(-5)) - 1)).toBeLessThan(0.05);
      expect(Math.abs(g.data[101]! - (1 - Math.exp(-5)))).toBeLessThan(0.01);
      // the exact correlation of the final temperature with itself along te's last value: the same model column
      const r = s.correlation({ qois: ['final'] });
      expect(r.covariance.data[0]).toBe(analysis.final!.variance);
    } finally {
      c.close();
    }
  });

  it("takes the QoIs, runs and method from the stored configuration's analysis when the options do not say", async () => {
    const dir = join(root, 'configured');
    const c = Campaign.create(dir, { name: 'configured', ...coffee, analysis: { qois: ['final'], method: 'pce-regression', degree: 2, samplers: [1] } } as never);
    try {
      c.addSampler({ kind: 'qmc', n: 16, seed: 1 } as never);
      c.addSampler({ kind: 'qmc', n: 24, seed: 2 } as never);
      await c.execute({ model: cooling as never });
      const s = c.surrogate();
      expect(Object.keys(s.qois)).toEqual(['final']);
      expect(s.source?.method).toBe('PCE (regression), order 2, 16 runs');
      expect(c.surrogate({ samplers: [2], degree: 1, qois: ['te'] }).source?.method).toBe('PCE (regression), order 1, 24 runs');
    } finally {
      c.close();
    }
  });

  it('refuses a campaign whose analysis makes no model, naming what would; pce-regression with a degree fits one', () => {
    const c = open('qmc');
    try {
      const e = thrown(() => c.surrogate());
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toBe("options.method: expected a method that makes a model (pce-projection, pce-regression, sc, gp): the analysis of the sampler 'qmc' ('stats') gives none; a pce or sc sampler makes one, and method 'pce-regression' with a degree, or 'gp', fits one to random, qmc or other runs, got \"stats\"");
      const s = c.surrogate({ method: 'pce-regression', degree: 2 });
      expect(s.source?.method).toBe('PCE (regression), order 2, 32 runs');
      expect(Math.abs(s.predict([[0.05, 20]]).final!.data[0]! - (20 + 75 * Math.exp(-10)))).toBeLessThan(0.5);
    } finally {
      c.close();
    }
  });

  it('refuses a campaign with correlated inputs: a surrogate file describes independent inputs', async () => {
    const dir = join(root, 'correlated');
    const c = Campaign.create(dir, { name: 'coffee-corr', ...coffee, correlation: { kind: 'normal', matrix: [[1, 0.5], [0.5, 1]] } } as never);
    try {
      c.addSampler({ kind: 'pce', order: 2, points: 'regression', seed: 1 } as never);
      await c.execute({ model: cooling as never });
      const e = thrown(() => c.surrogate()) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.field).toBe('correlation');
      expect(e.message).toMatch(/coffee-corr has correlated inputs, and a surrogate file does not carry a correlation/);
    } finally {
      c.close();
    }
  });
});
