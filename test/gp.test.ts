// Gaussian-process regression against scikit-learn (fixed hyperparameters: log marginal
// likelihood, predictive mean and variance; optimised: the best log likelihood found) and
// OpenTURNS (universal kriging with constant and linear trends), from
// scripts/fixtures/gp.py; analytic checks: interpolation with zero nugget, leave-one-out in
// closed form against refitting, the gradient against finite differences; JSON round trip
// and errors; the WebAssembly kernels at the raw ABI (values and status codes).
import { describe, expect, it } from 'vitest';
import { GaussianProcess, InvalidArgumentError, ResourceLimitError, ShapeError, fitGP, gpLogLikelihood, matrix, memoryBudget, setMemoryBudget, type GPKernel, type Matrix } from 'uqkit';
import * as browser from 'uqkit/browser';
import { core } from '../build/core/wasm.js';
import { Status } from '../build/core/status.js';
import { fixture, thrown } from './helpers.js';

interface Case {
  function: string; kernel: GPKernel; bounds: [number, number][]; X: number[][]; y: number[]; T: number[][];
  lengthScales: number[]; variance: number; nugget: number; logLikelihood: number; mean: number[]; predVariance: number[];
  trend: 'constant' | 'linear'; condition: number; exactMean: number[]; exactVariance: number[];
}
const fx = fixture<{ fixed: Case[]; universal: Case[]; optimum: Case[]; optimumConstant: Case[] }>('gp.json');
const rows = (r: number[][]): Matrix => matrix(Float64Array.from(r.flat()), r.length, r[0]!.length);
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('fixed hyperparameters against scikit-learn (zero trend)', () => {
  for (const c of fx.fixed) {
    it(`${c.function}, ${c.kernel}, nugget ${c.nugget}: log likelihood, mean and variance to 1e-10`, () => {
      const gp = fitGP(rows(c.X), Float64Array.from(c.y), { kernel: c.kernel, trend: 'zero', bounds: c.bounds, lengthScales: c.lengthScales, variance: c.variance, nugget: c.nugget });
      expect(rel(gp.logLikelihood, c.logLikelihood), `${gp.logLikelihood} vs ${c.logLikelihood}`).toBeLessThan(1e-10);
      const p = gp.predict(rows(c.T), { variance: true });
      // The predictive mean to 1e-10 of the output scale; the variance to 1e-10 of sigma^2.
      const scale = Math.max(...c.y.map(Math.abs));
      c.mean.forEach((m, i) => expect(Math.abs(p.mean.data[i]! - m) / scale, `mean ${i}`).toBeLessThan(1e-10));
      c.predVariance.forEach((v, i) => expect(Math.abs(p.variance!.data[i]! - v) / c.variance, `variance ${i}`).toBeLessThan(1e-10));
    });
  }
});

describe('universal kriging: 40-digit textbook formulas and OpenTURNS (constant and linear trends)', () => {
  for (const c of fx.universal) {
    it(`${c.function}, ${c.kernel}, ${c.trend} trend (cond R = ${c.condition.toExponential(1)}): mean and variance to 1e-10`, () => {
      const gp = fitGP(rows(c.X), Float64Array.from(c.y), { kernel: c.kernel, trend: c.trend, bounds: c.bounds, lengthScales: c.lengthScales, variance: c.variance, nugget: 0 });
      const p = gp.predict(rows(c.T), { variance: true });
      const scale = Math.max(...c.y.map(Math.abs));
      c.exactMean.forEach((m, i) => expect(Math.abs(p.mean.data[i]! - m) / scale, `mean ${i}: ${p.mean.data[i]} vs ${m}`).toBeLessThan(1e-10));
      c.exactVariance.forEach((v, i) => expect(Math.abs(p.variance!.data[i]! - v) / c.variance, `variance ${i}: ${p.variance!.data[i]} vs ${v}`).toBeLessThan(1e-10));
      // OpenTURNS' values carry its own rounding error, about cond(R) x 1e-16 relative.
      const tol = Math.max(1e-10, 1e-15 * c.condition);
      c.mean.forEach((m, i) => expect(Math.abs(p.mean.data[i]! - m) / scale, `OpenTURNS mean ${i}: ${p.mean.data[i]} vs ${m}`).toBeLessThan(tol));
      c.predVariance.forEach((v, i) => expect(Math.abs(p.variance!.data[i]! - v) / c.variance, `OpenTURNS variance ${i}: ${p.variance!.data[i]} vs ${v}`).toBeLessThan(tol));
    });
  }
});

describe('maximum likelihood', () => {
  for (const c of fx.optimum) {
    it(`${c.function}, ${c.kernel}: the optimum is at least scikit-learn's (20 restarts) minus 1e-6`, () => {
      const gp = fitGP(rows(c.X), Float64Array.from(c.y), { kernel: c.kernel, trend: 'zero', bounds: c.bounds, nugget: 'fit', nuggetBounds: [1e-16, 1], starts: 10, seed: 1 });
      expect(gp.logLikelihood, `uqkit ${gp.logLikelihood} (l = ${Array.from(gp.lengthScales).join(', ')}, eta = ${gp.nugget}) vs scikit-learn ${c.logLikelihood}`).toBeGreaterThanOrEqual(c.logLikelihood - 1e-6);
      // The reported value is the likelihood at the reported hyperparameters.
      const at = gpLogLikelihood(rows(c.X), Float64Array.from(c.y), { lengthScales: Array.from(gp.lengthScales), nugget: gp.nugget }, { kernel: c.kernel, trend: 'zero', bounds: c.bounds })!;
      expect(rel(at.logLikelihood, gp.logLikelihood)).toBeLessThan(1e-12);
    });
  }
  for (const c of fx.optimumConstant) {
    it(`${c.function}, ${c.kernel}, constant trend: the optimum is at least the likelihood at OpenTURNS' estimate minus 1e-6`, () => {
      const opts = { kernel: c.kernel, trend: 'constant' as const, bounds: c.bounds };
      const gp = fitGP(rows(c.X), Float64Array.from(c.y), { ...opts, nugget: c.nugget });
      const at = gpLogLikelihood(rows(c.X), Float64Array.from(c.y), { lengthScales: c.lengthScales, nugget: c.nugget }, opts)!;
      expect(gp.logLikelihood, `uqkit ${gp.logLikelihood} (l = ${Array.from(gp.lengthScales).join(', ')}) vs ${at.logLikelihood} at OpenTURNS' l = ${c.lengthScales.join(', ')}`).toBeGreaterThanOrEqual(at.logLikelihood - 1e-6);
    });
  }
  it('the same seed gives the same fit; the starts are reproducible', () => {
    const c = fx.optimum[2]!;
    const a = fitGP(rows(c.X), Float64Array.from(c.y), { seed: 7, starts: 3 }), b = fitGP(rows(c.X), Float64Array.from(c.y), { seed: 7, starts: 3 });
    expect(Array.from(a.lengthScales)).toEqual(Array.from(b.lengthScales));
    expect(a.logLikelihood).toBe(b.logLikelihood);
  });
});

describe('analytic checks', () => {
  const c = fx.fixed[1]!; // Branin, 30 points
  const X = rows(c.X), y = Float64Array.from(c.y);
  for (const trend of ['zero', 'constant', 'linear'] as const) {
    it(`${trend} trend, zero nugget: the mean interpolates the training points and the variance vanishes there`, () => {
      const gp = fitGP(X, y, { kernel: 'matern52', trend, lengthScales: [0.2, 0.3], nugget: 0, bounds: c.bounds });
      const p = gp.predict(X, { variance: true });
      const scale = Math.max(...c.y.map(Math.abs));
      y.forEach((v, i) => expect(Math.abs(p.mean.data[i]! - v) / scale, `point ${i}`).toBeLessThan(1e-11));
      p.variance!.data.forEach((v, i) => expect(v / gp.variance[0]!, `point ${i}`).toBeLessThan(1e-10));
    });
    it(`${trend} trend: leave-one-out in closed form equals refitting without each point (fixed hyperparameters) to 1e-9`, () => {
      const opts = { kernel: 'matern32' as const, trend, lengthScales: [0.25, 0.4], nugget: 1e-6, variance: 3e4, bounds: c.bounds };
      const gp = fitGP(X, y, opts);
      const loo = gp.loo();
      const scale = Math.max(...c.y.map(Math.abs));
      for (let i = 0; i < X.rows; i++) {
        const keep = [...Array(X.rows).keys()].filter((k) => k !== i);
        const Xi = matrix(Float64Array.from(keep.flatMap((k) => c.X[k]!)), keep.length, 2);
        const gi = fitGP(Xi, Float64Array.from(keep.map((k) => y[k]!)), opts);
        const p = gi.predict(matrix(Float64Array.from(c.X[i]!), 1, 2), { variance: true });
        expect(Math.abs(loo.residuals.data[i]! - (y[i]! - p.mean.data[0]!)) / scale, `residual ${i}`).toBeLessThan(1e-9);
        // Its variance: the latent variance plus the nugget's.
        expect(rel(loo.variance.data[i]!, p.variance!.data[0]! + 3e4 * 1e-6), `variance ${i}`).toBeLessThan(1e-9);
      }
      let ss = 0, e2 = 0;
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      y.forEach((v, i) => { ss += (v - mean) ** 2; e2 += loo.residuals.data[i]! ** 2; });
      expect(rel(loo.error[0]!, e2 / ss)).toBeLessThan(1e-12);
    });
  }
  for (const kernel of ['squared-exponential', 'matern32', 'matern52'] as const) {
    for (const variance of [undefined, 2e4]) {
      it(`${kernel}, variance ${variance ?? 'profiled'}: the gradient equals central differences`, () => {
        const L = (ls: number[], eta: number): number => gpLogLikelihood(X, y, { lengthScales: ls, nugget: eta, ...(variance ? { variance } : {}) }, { kernel, trend: 'linear', bounds: c.bounds })!.logLikelihood;
        const ls = [0.3, 0.7], eta = 1e-3;
        const g = gpLogLikelihood(X, y, { lengthScales: ls, nugget: eta, ...(variance ? { variance } : {}) }, { kernel, trend: 'linear', bounds: c.bounds })!.gradient;
        const h = 1e-5, e = Math.exp(h), f = Math.exp(-h);
        const fd = [
          (L([ls[0]! * e, ls[1]!], eta) - L([ls[0]! * f, ls[1]!], eta)) / (2 * h),
          (L([ls[0]!, ls[1]! * e], eta) - L([ls[0]!, ls[1]! * f], eta)) / (2 * h),
          (L(ls, eta * e) - L(ls, eta * f)) / (2 * h),
        ];
        fd.forEach((v, k) => expect(Math.abs(g[k]! - v), `parameter ${k}: ${g[k]} vs ${v}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
      });
    }
  }
});

describe('vector outputs, JSON and errors', () => {
  const c = fx.fixed[2]!; // Ishigami, 60 points
  const X = rows(c.X), y = Float64Array.from(c.y);
  it('several output columns share length-scales and nugget; each has its own variance and trend, as separate fits at those hyperparameters', () => {
    const Y = new Float64Array(2 * y.length);
    y.forEach((v, i) => { Y[2 * i] = v; Y[2 * i + 1] = 3 * v + 1; });
    const gp = fitGP(X, matrix(Y, y.length, 2), { kernel: 'matern52', starts: 2 });
    expect(gp.outputs).toBe(2);
    const one = fitGP(X, y, { kernel: 'matern52', lengthScales: Array.from(gp.lengthScales), nugget: gp.nugget });
    expect(rel(gp.variance[1]!, 9 * gp.variance[0]!)).toBeLessThan(1e-9);
    expect(rel(gp.variance[0]!, one.variance[0]!)).toBeLessThan(1e-12);
    const T = rows(c.T);
    const a = gp.predict(T).mean, b = one.predict(T).mean;
    for (let i = 0; i < T.rows; i++) {
      expect(Math.abs(a.data[2 * i]! - b.data[i]!)).toBeLessThan(1e-9);
      expect(Math.abs(a.data[2 * i + 1]! - (3 * b.data[i]! + 1))).toBeLessThan(1e-8);
    }
  });
  it('toJSON / fromJSON rebuilds the same predictions, bit for bit', () => {
    const gp = fitGP(X, y, { kernel: 'squared-exponential', trend: 'linear', starts: 2 });
    const back = GaussianProcess.fromJSON(JSON.stringify(gp.toJSON()));
    const T = rows(c.T);
    const p = gp.predict(T, { variance: true }), q = back.predict(T, { variance: true });
    expect(Array.from(q.mean.data)).toEqual(Array.from(p.mean.data));
    expect(Array.from(q.variance!.data)).toEqual(Array.from(p.variance!.data));
    expect(back.logLikelihood).toBe(gp.logLikelihood);
    expect(back.kernel).toBe('squared-exponential');
    expect(back.trend).toBe('linear');
  });
  it('uqkit/browser fits and predicts the same, bit for bit', () => {
    const a = fitGP(X, y, { starts: 2 }), b = browser.fitGP(X, y, { starts: 2 });
    expect(b.logLikelihood).toBe(a.logLikelihood);
    expect(Array.from(b.predict(rows(c.T)).mean.data)).toEqual(Array.from(a.predict(rows(c.T)).mean.data));
  });
  it('duplicate points with a zero nugget: one clear error; a fitted nugget copes with them', () => {
    const Xd = matrix(Float64Array.from([...c.X[0]!, ...c.X[0]!, ...c.X.slice(1, 20).flat()]), 21, 3);
    const yd = Float64Array.from([y[0]!, y[0]! + 0.5, ...y.subarray(1, 20)]);
    const e = thrown(() => fitGP(Xd, yd, { lengthScales: [0.5, 0.5, 0.5], nugget: 0 }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).field).toBe('options');
    expect(e.message).toMatch(/positive definite/);
    const gp = fitGP(Xd, yd, { nugget: 'fit', starts: 2 });
    expect(gp.nugget).toBeGreaterThan(1e-6);
  });
  it('training sets whose n x n matrices exceed the memory budget are refused before any work', () => {
    const before = memoryBudget();
    try {
      setMemoryBudget(1 << 20);
      const n = 400;
      const big = matrix(Float64Array.from({ length: 3 * n }, (_, i) => Math.sin(i * 1.7)), n, 3);
      const e = thrown(() => fitGP(big, Float64Array.from({ length: n }, (_, i) => Math.cos(i))));
      expect(e).toBeInstanceOf(ResourceLimitError);
      expect((e as ResourceLimitError).field).toBe('X');
    } finally {
      setMemoryBudget(before);
    }
  });
  it('errors name the field, the value and what was expected', () => {
    const e1 = thrown(() => fitGP(X, y, { kernel: 'rbf' as GPKernel }));
    expect(e1).toBeInstanceOf(InvalidArgumentError);
    expect((e1 as InvalidArgumentError).field).toBe('options.kernel');
    const e2 = thrown(() => fitGP(X, y.subarray(1)));
    expect(e2).toBeInstanceOf(ShapeError);
    expect((e2 as ShapeError).field).toBe('Y');
    const e3 = thrown(() => fitGP(X, y, { lengthScales: [1, 2] }));
    expect((e3 as InvalidArgumentError).field).toBe('options.lengthScales');
    expect(e3.message).toMatch(/3 positive length-scales/);
    const e4 = thrown(() => fitGP(X, y, { nugget: -1 }));
    expect((e4 as InvalidArgumentError).field).toBe('options.nugget');
    const e5 = thrown(() => GaussianProcess.fromJSON({ format: 'uqkit.pce' } as never));
    expect((e5 as InvalidArgumentError).field).toBe('json.format');
    const e6 = thrown(() => fitGP(matrix(Float64Array.from([1, 1, 1]), 3, 1), Float64Array.from([1, 2, 3])));
    expect((e6 as InvalidArgumentError).field).toBe('X (column 0)');
    const e7 = thrown(() => fitGP(X, y).predict(matrix(new Float64Array(2), 1, 2)));
    expect(e7).toBeInstanceOf(ShapeError);
  });
});

describe('the kernels at the raw ABI', () => {
  const { exports: k, arena } = core();
  it('gpCorrelation: the three correlations at known distances; bad sizes, pointers and scales return a status and write nothing', () => {
    arena.scope((a) => {
      const x = a.copyIn(Float64Array.of(0, 0, 1, 2)), s = a.copyIn(Float64Array.of(1, 0.5)), out = a.alloc(8 * 4);
      const r = Math.SQRT2; // |(1, 2) * (1, 0.5)|
      const expected = [Math.exp(-1), (1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r), (1 + Math.sqrt(5) * r + 5 * r * r / 3) * Math.exp(-Math.sqrt(5) * r)];
      for (let kind = 0; kind < 3; kind++) {
        expect(k.gpCorrelation(2, 2, 2, x, x, s, kind, out)).toBe(Status.OK);
        const v = a.f64(out, 4);
        expect([v[0], v[3]]).toEqual([1, 1]);
        expect(Math.abs(v[1]! - expected[kind]!)).toBeLessThan(1e-15);
        expect(v[2]).toBe(v[1]);
      }
      a.f64(out, 4).fill(-7);
      expect(k.gpCorrelation(2, 2, 0, x, x, s, 0, out)).toBe(Status.SIZE);
      expect(k.gpCorrelation(-1, 2, 2, x, x, s, 0, out)).toBe(Status.SIZE);
      expect(k.gpCorrelation(2, 2, 2, x, x, s, 3, out)).toBe(Status.SIZE);
      expect(k.gpCorrelation(2, 2, 2, 0, x, s, 0, out)).toBe(Status.POINTER);
      expect(k.gpCorrelation(2, 2, 2, x, x + 4, s, 0, out)).toBe(Status.POINTER);
      expect(k.gpCorrelation(2, 2, 2, x, x, s, 0, k.memory.buffer.byteLength - 8)).toBe(Status.POINTER);
      a.f64(s, 2)[1] = -1;
      expect(k.gpCorrelation(2, 2, 2, x, x, s, 0, out)).toBe(Status.VALUE);
      a.f64(s, 2)[1] = NaN;
      expect(k.gpGradient(2, 2, x, s, 0, out, out)).toBe(Status.VALUE);
      expect(Array.from(a.f64(out, 4))).toEqual([-7, -7, -7, -7]);
    });
  });
  it('gpGradient: sum_ij w_ij dR_ij/dlog l_k against the closed form for two points', () => {
    arena.scope((a) => {
      const x = a.copyIn(Float64Array.of(0, 0, 1, 2)), s = a.copyIn(Float64Array.of(1, 0.5)), w = a.copyIn(Float64Array.of(0, 3, 3, 0)), out = a.alloc(16);
      // Squared exponential: dR/dlog l_k = R q_k with q = (1, 1); two off-diagonal entries of weight 3.
      expect(k.gpGradient(2, 2, x, s, 0, w, out)).toBe(Status.OK);
      expect(Array.from(a.f64(out, 2)).map((v) => Math.abs(v - 6 * Math.exp(-1)) < 1e-15)).toEqual([true, true]);
    });
  });
});
