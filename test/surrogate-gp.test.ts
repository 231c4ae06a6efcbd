// Gaussian-process surrogates (src/numerics/surrogate.ts kind 'gp', GaussianProcess.gradient,
// src/campaign/campaign-surrogate.ts method 'gp'): the coffee cup's campaigns as real SQLite
// stores, the surrogate's predictions against fitGP on the same runs bit for bit, interpolation
// of the runs with a zero nugget, the file's round trip, predictive variances, analytic
// gradients against central differences, and the one-line refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, InvalidArgumentError, Uniform, fitGP, loadSurrogate, matrix, sobol, toPhysical, type GPKernel, type SurrogateJSON } from 'uqkit';
import { thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-surrogate-gp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The coffee cup of examples/coffee (the same model, run in process): T(t) = t_env + (T0 - t_env) e^{-kappa t}.
const coffee = {
  params: {
    T0: { type: 'float', min: 0, max: 200, default: 95 }, kappa: { type: 'float', min: 0, max: 0.1, default: 0.025 },
    t_env: { type: 'float', min: 0, max: 40, default: 15 }, t_end: { type: 'float', min: 0, default: 200 }, steps: { type: 'integer', min: 1, default: 20 },
  },
  vary: { kappa: { dist: 'uniform', low: 0.025, high: 0.075 }, t_env: { dist: 'uniform', low: 15, high: 25 } },
} as const;
const cooling = ({ T0, kappa, t_env, t_end, steps }: Record<string, number>) => {
  const t = Array.from({ length: steps! + 1 }, (_, i) => (t_end! * i) / steps!);
  return { t, te: t.map((x) => t_env! + (T0! - t_env!) * Math.exp(-kappa! * x)), final: t_env! + (T0! - t_env!) * Math.exp(-kappa! * t_end!) };
};
const dists = [new Uniform(0.025, 0.075), new Uniform(15, 25)];
const at = (n: number, seed: number) => toPhysical(dists, sobol(n, 2, { scramble: 'owen', seed, balance: 'ignore' }));

describe('campaign.surrogate({ method: gp }) on the coffee cup', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'qmc');
    const c = Campaign.create(dir, { name: 'coffee-gp', ...coffee, analysis: { method: 'gp', nugget: 0, index: { te: 't' } } } as never);
    c.addSampler({ kind: 'qmc', n: 24, seed: 1 } as never);
    await c.execute({ model: cooling as never });
    c.close();
  });
  const open = () => Campaign.open(dir, { readonly: true });
  const training = (c: Campaign) => {
    // analyse() takes runs in the order of their varied parameters (kappa, then t_env): the rows of the GP
    const p = (r: { params: unknown }) => r.params as Record<string, number>;
    const runs = c.store.results().sort((a, b) => p(a).kappa! - p(b).kappa! || p(a).t_env! - p(b).t_env!);
    const X = matrix(Float64Array.from(runs.flatMap((r) => [(r.params as Record<string, number>).kappa!, (r.params as Record<string, number>).t_env!])), runs.length, 2);
    const te = matrix(Float64Array.from(runs.flatMap((r) => (r.outputs as { te: number[] }).te)), runs.length, 21);
    const final = Float64Array.from(runs.map((r) => (r.outputs as { final: number }).final));
    return { runs, X, te, final };
  };

  it("predicts what fitGP on the same runs predicts, bit for bit (a vector QoI too), and interpolates the runs (nugget 0)", () => {
    const c = open();
    try {
      const s = c.surrogate();
      expect(s.kind).toBe('gp');
      expect(Object.keys(s.qois)).toEqual(['te', 'final']);
      expect(s.qois.te!.shape).toEqual([21]);
      expect(s.qois.te!.index).toEqual(Array.from({ length: 21 }, (_, i) => 10 * i));
      expect(s.source?.method).toMatch(/^Gaussian process.*24 runs/);
      const { runs, X, te, final } = training(c);
      const P = at(50, 3);
      const gpTe = fitGP(X, te, { nugget: 0 }), gpFinal = fitGP(X, final, { nugget: 0 });
      const y = s.predict(P);
      expect(Array.from(y.te!.data)).toEqual(Array.from(gpTe.predict(P).mean.data));
      expect(Array.from(y.final!.data)).toEqual(Array.from(gpFinal.predict(P).mean.data));
      // one length-scale pair for all 21 values of te, as the gp analysis fits it
      expect((s.toJSON().qois.te!.model as { lengthScales: number[] }).lengthScales).toEqual(Array.from(gpTe.lengthScales));
      // interpolation: at the runs' own points the runs' outputs
      const back = s.predict(runs.map((r) => r.params as Record<string, number>));
      for (let i = 0; i < runs.length; i++) {
        expect(Math.abs(back.final!.data[i]! - final[i]!)).toBeLessThan(1e-8 * 95);
        for (let k = 0; k < 21; k++) expect(Math.abs(back.te!.data[i * 21 + k]! - te.data[i * 21 + k]!)).toBeLessThan(1e-8 * 95);
      }
      // the variance of the latent function vanishes at the runs and is fitGP's elsewhere
      const v = s.predict(P, { variance: true });
      expect(Array.from(v.te!.mean.data)).toEqual(Array.from(y.te!.data));
      expect(Array.from(v.te!.variance.data)).toEqual(Array.from(gpTe.predict(P, { variance: true }).variance!.data));
      const v0 = s.predict(X, { variance: true }).final!.variance.data;
      for (const x of v0) expect(x).toBeLessThan(1e-8 * gpFinal.variance[0]!);
      expect(Math.min(...s.predict(P, { variance: true }).final!.variance.data)).toBeGreaterThan(0);
    } finally {
      c.close();
    }
  });

  it('round-trips: loaded from its JSON text it writes the same JSON and predicts the same bits', () => {
    const c = open();
    try {
      const s = c.surrogate();
      const text = JSON.stringify(s);
      const back = loadSurrogate(text);
      expect(JSON.stringify(back)).toBe(text);
      expect(back.kind).toBe('gp');
      const P = at(40, 5);
      const a = s.predict(P, { variance: true }), b = back.predict(P, { variance: true });
      for (const q of ['te', 'final']) {
        expect(Array.from(b[q]!.mean.data)).toEqual(Array.from(a[q]!.mean.data));
        expect(Array.from(b[q]!.variance.data)).toEqual(Array.from(a[q]!.variance.data));
      }
      expect(Array.from(back.gradient(P).te!.data)).toEqual(Array.from(s.gradient(P).te!.data));
      // densities and correlations by sampling the surrogate
      expect(back.correlation().method).toBe('samples');
      const r = back.correlation({ qois: ['final'], n: 4096 });
      expect(r.correlation.data[0]).toBe(1);
      const d = back.density('final', { n: 4096, points: 256 });
      let area = 0;
      for (let i = 1; i < d.x.length; i++) area += 0.5 * (d.pdf[i]! + d.pdf[i - 1]!) * (d.x[i]! - d.x[i - 1]!);
      expect(Math.abs(area - 1)).toBeLessThan(1e-3);
      expect(thrown(() => back.correlation({ method: 'exact' })).message).toMatch(/^options\.method: expected 'samples' for models that are not polynomial chaos expansions/);
    } finally {
      c.close();
    }
  });

  it('a PCE surrogate of the same runs refuses predictive variances with one line', () => {
    const c = open();
    try {
      const pce = c.surrogate({ method: 'pce-regression', degree: 2 });
      expect(pce.kind).toBe('pce');
      const e = thrown(() => pce.predict([[0.05, 20]], { variance: true }));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toBe("options.variance: expected false for a surrogate of kind 'pce': predictive variances come with Gaussian processes (kind 'gp'), got true");
      expect(thrown(() => c.surrogate({ method: 'gp', degree: 2 })).message).toBe('options.degree: expected no degree with method gp (a degree is the order of a PCE), got 2');
    } finally {
      c.close();
    }
  });
});

describe('the gradient of a Gaussian process mean', () => {
  const f = (a: number, b: number) => Math.sin(40 * a) * b + a * b * b / 30;
  const X = at(30, 2);
  const Y = matrix(Float64Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? f(X.data[i]!, X.data[i + 1]!) : Math.exp(-30 * X.data[i - 1]!) * X.data[i]!)), 30, 2);
  const cases: [GPKernel, 'zero' | 'constant' | 'linear'][] = [['squared-exponential', 'constant'], ['matern32', 'linear'], ['matern52', 'zero'], ['matern52', 'linear']];
  for (const [kernel, trend] of cases) {
    it(`${kernel}, ${trend} trend, two output columns: equals central differences of the mean`, () => {
      // steps of 1e-4 of each input's range: smaller ones meet the rounding of the nearly singular correlation matrix
      const gp = fitGP(X, Y, { kernel, trend, starts: 2 });
      const P = at(7, 11);
      const g = gp.gradient(P);
      expect([g.rows, g.cols]).toEqual([7, 4]);
      const h = [1e-4 * 0.05, 1e-4 * 10];
      for (let k = 0; k < 2; k++) {
        const up = P.data.slice(), down = P.data.slice();
        for (let i = 0; i < 7; i++) { up[i * 2 + k]! += h[k]!; down[i * 2 + k]! -= h[k]!; }
        const yu = gp.predict(matrix(up, 7, 2)).mean.data, yd = gp.predict(matrix(down, 7, 2)).mean.data;
        for (let i = 0; i < 7; i++) for (let o = 0; o < 2; o++) {
          const fd = (yu[i * 2 + o]! - yd[i * 2 + o]!) / (2 * h[k]!);
          expect(Math.abs(g.data[i * 4 + o * 2 + k]! - fd)).toBeLessThan(2e-5 * Math.max(1, Math.abs(fd)));
        }
      }
    });
  }
});

describe('a gp surrogate file with mistakes', () => {
  const X = at(12, 2);
  const gp = fitGP(X, Float64Array.from({ length: 12 }, (_, i) => X.data[2 * i]! * X.data[2 * i + 1]!), { starts: 1 });
  const json: SurrogateJSON = {
    format: 'uqkit-surrogate', version: 1, kind: 'gp',
    inputs: [{ name: 'kappa', dist: { dist: 'uniform', low: 0.025, high: 0.075 } }, { name: 't_env', dist: { dist: 'uniform', low: 15, high: 25 } }],
    qois: { y: { shape: [], model: gp.toJSON() } },
  };
  it('loads the good one', () => {
    expect(Array.from(loadSurrogate(json).predict(X).y!.data)).toEqual(Array.from(gp.predict(X).mean.data));
  });
  const model = gp.toJSON();
  const bad: [string, unknown, string][] = [
    ['a model that is no Gaussian process', { ...json, qois: { y: { shape: [], model: 3 } } }, 'qois.y.model: expected a Gaussian process (format "uqkit.gp": kernel, trend, bounds, lengthScales, nugget, variance, X, Y), got 3'],
    ['another format', { ...json, qois: { y: { shape: [], model: { ...model, format: 'uqkit.pce' } } } }, 'qois.y.model.format: expected "uqkit.gp" version 1, got "uqkit.pce"'],
    ['a bad kernel', { ...json, qois: { y: { shape: [], model: { ...model, kernel: 'rbf' } } } }, 'qois.y.model.kernel: expected one of '],
    ['length-scales of other inputs', { ...json, qois: { y: { shape: [], model: { ...model, lengthScales: [1] } } } }, 'qois.y.model.lengthScales: expected 2 positive length-scales (scaled units), one per input, got an array of length 1'],
    ['a single training point', { ...json, qois: { y: { shape: [], model: { ...model, X: [[0.05, 20]], Y: [[1]] } } } }, 'qois.y.model.X: expected at least 2 training points, got 1'],
    ['a shape that is not the model\'s', { ...json, qois: { y: { shape: [2], model } } }, 'qois.y.model: expected 2 outputs (shape [2]), got 1'],
    ['a model of other inputs', { ...json, inputs: [...json.inputs, { name: 'T0', dist: { dist: 'uniform', low: 0, high: 1 } }] }, 'qois.y.model.X: expected training points of 3 inputs (kappa, t_env, T0), one column each, got 2'],
  ];
  for (const [what, file, message] of bad) {
    it(`refuses ${what} with one line`, () => {
      const e = thrown(() => loadSurrogate(file as SurrogateJSON));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message.startsWith(message), e.message).toBe(true);
      expect(e.message).not.toContain('\n');
    });
  }
});
