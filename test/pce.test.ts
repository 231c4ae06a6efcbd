// Polynomial chaos: multi-index sets, exact recovery of polynomial models, Ishigami Sobol'
// indices against the analytic values (../shared/REFERENCE.md), the g-function and a
// vector-output model against analytic moments, leave-one-out, JSON round trip, errors.
import { describe, expect, it } from 'vitest';
import {
  Beta, Gamma, InvalidArgumentError, coreMemory, Normal, PCE, ShapeError, Uniform, basisMatrix, fitPCE, gauss, matrix, multiIndices,
  projectPCE, sobol, tensorGrid, toPhysical, type Distribution, type Matrix, memoryBudget, setMemoryBudget,
} from 'uqkit';
import { fixture, thrown } from './helpers.js';

const binom = (n: number, k: number): number => (k === 0 ? 1 : (binom(n - 1, k - 1) * n) / k);

describe('multi-index sets', () => {
  it('total degree: C(p+d, d) terms, graded then decreasing lexicographic', () => {
    expect(multiIndices(3, { degree: 4 }).length).toBe(binom(7, 3));
    expect(multiIndices(8, { degree: 5 }).length).toBe(1287);
    expect(multiIndices(2, { degree: 2 })).toEqual([[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]);
  });
  it('hyperbolic, anisotropic and tensor truncations', () => {
    const h = multiIndices(3, { degree: 6, truncation: 'hyperbolic', q: 0.5 });
    for (const a of h) expect(a.reduce((s, v) => s + Math.sqrt(v), 0)).toBeLessThanOrEqual(Math.sqrt(6) + 1e-12);
    expect(h.length).toBeLessThan(binom(9, 3));
    expect(h).toContainEqual([6, 0, 0]);
    expect(h).not.toContainEqual([3, 3, 0]);
    const an = multiIndices(2, { degree: 4, anisotropy: [1, 2] });
    for (const a of an) expect(a[0]! + 2 * a[1]!).toBeLessThanOrEqual(4);
    expect(multiIndices(2, { degree: [2, 3], truncation: 'tensor' }).length).toBe(12);
  });
});

/** A model that is exactly sum_k c_k Psi_k with known coefficients. */
function polynomialModel(dists: Distribution[], indices: number[][], c: number[]) {
  return (X: Matrix): Float64Array => {
    const psi = basisMatrix(dists, indices, X);
    return Float64Array.from({ length: X.rows }, (_, i) => c.reduce((s, ck, k) => s + ck * psi[i * indices.length + k]!, 0));
  };
}

describe('exact recovery of polynomial models (coefficients to 1e-12)', () => {
  const dists = [new Uniform(-1, 2), new Normal(1, 2), new Gamma(2.5, 1), new Beta(2, 3)];
  const indices = multiIndices(4, { degree: 3 });
  const c = indices.map((_, k) => Math.cos(1 + 3 * k) * (k + 1) ** -0.5);
  const f = polynomialModel(dists, indices, c);
  it('by projection on a tensor Gauss grid', () => {
    const g = tensorGrid(dists, 3);
    const p = projectPCE(dists, g, f(g.points), { degree: 3 });
    p.coefficients.data.forEach((v, k) => expect(Math.abs(v - c[k]!), `c_${k}`).toBeLessThan(1e-12));
  });
  it('by least squares on 2P scrambled Sobol\' points, with zero leave-one-out error', () => {
    const X = toPhysical(dists, sobol(2 * indices.length, 4, { scramble: 'owen', seed: 5, balance: 'ignore' }));
    const p = fitPCE(dists, X, f(X), { degree: 3 });
    p.coefficients.data.forEach((v, k) => expect(Math.abs(v - c[k]!), `c_${k}`).toBeLessThan(1e-12));
    expect(p.looError![0]).toBeLessThan(1e-20);
    // mean and variance from the coefficients
    expect(p.mean()).toBeCloseTo(c[0]!, 12);
    expect(p.variance()).toBeCloseTo(c.slice(1).reduce((s, v) => s + v * v, 0), 12);
  });
  it('a degree-30 expansion in 2 inputs stays accurate (recurrences, not monomials)', () => {
    const ds = [new Uniform(-1, 1), new Normal(0, 1)];
    const idx = multiIndices(2, { degree: 30 });
    const cc = idx.map((_, k) => 1 / (1 + k));
    const g = tensorGrid(ds, 30);
    const p = projectPCE(ds, g, polynomialModel(ds, idx, cc)(g.points), { degree: 30 });
    let worst = 0;
    p.coefficients.data.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - cc[k]!)); });
    expect(worst).toBeLessThan(1e-11);
  });
});

const A = 7, B = 0.1;
const ishigami = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
  const x1 = X.data[3 * i]!, x2 = X.data[3 * i + 1]!, x3 = X.data[3 * i + 2]!;
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
});
const S = [0.3139051911, 0.4424111448, 0];
const ST = [0.5575888552, 0.4424111448, 0.2436836641];
const U = new Uniform(-Math.PI, Math.PI);

describe('least squares against numpy.linalg.lstsq (scripts/fixtures/pce.py)', () => {
  interface Case { name: string; n: number; degree: number; x: number[]; y: number[]; indices: number[][]; coef: number[]; cond: number; loo: number[] }
  const U = new Uniform(-1, 1);
  const expected = { 'well-spread': 'cholesky', crowded: 'cholesky', 'ill-conditioned': 'qr' } as Record<string, string>;
  for (const c of fixture<{ cases: Case[] }>('pce.json').cases) {
    it(`${c.name} (cond ${c.cond.toExponential(1)}): ${expected[c.name]} path, coefficients and LOO as numpy's`, () => {
      expect(multiIndices(2, { degree: c.degree })).toEqual(c.indices);
      const p = fitPCE([U, U], matrix(Float64Array.from(c.x), c.n, 2), matrix(Float64Array.from(c.y), c.n, 2), { degree: c.degree });
      expect(p.info.solver).toBe(expected[c.name]);
      const scale = Math.max(...c.coef.map(Math.abs));
      // Two backward-stable solvers agree to about cond * eps relative to the coefficients.
      const tol = Math.max(1e-13, 50 * c.cond * 2.2e-16) * scale;
      p.coefficients.data.forEach((v, k) => expect(Math.abs(v - c.coef[k]!), `coefficient ${k}`).toBeLessThan(tol));
      c.loo.forEach((l, o) => expect(Math.abs(p.looError![o]! - l) / l, `LOO ${o}`).toBeLessThan(Math.max(1e-10, 100 * c.cond * 2.2e-16)));
      if (p.info.solver === 'cholesky') {
        // The power-iteration estimate is from below and close.
        expect(p.info.condition!).toBeLessThanOrEqual(c.cond * 1.000001);
        expect(p.info.condition!).toBeGreaterThan(c.cond / 2);
      } else {
        // max |R_jj| / min |R_jj|: a lower bound
        expect(p.info.condition!).toBeLessThanOrEqual(c.cond);
        expect(p.info.condition!).toBeGreaterThan(1e4);
      }
    });
  }
});

describe('Ishigami (analytic indices from ../shared/REFERENCE.md)', () => {
  it('tensor Gauss–Legendre projection, 16 points per input: indices within 1e-9', () => {
    const g = tensorGrid([U, U, U], 15);
    const p = projectPCE([U, U, U], g, ishigami(g.points), { degree: 14 });
    expect(Math.abs(p.mean() - 3.5)).toBeLessThan(1e-12);
    expect(Math.abs(p.variance() - 13.844587940719254)).toBeLessThan(1e-8);
    p.sobolFirst().forEach((v, j) => expect(Math.abs(v - S[j]!), `S_${j + 1}`).toBeLessThan(1e-9));
    p.sobolTotal().forEach((v, j) => expect(Math.abs(v - ST[j]!), `ST_${j + 1}`).toBeLessThan(1e-9));
    expect(Math.abs(p.sobolIndex([0, 2]) - 0.2436836641)).toBeLessThan(1e-9);
    expect(Math.abs(p.sobolIndex([0, 1]))).toBeLessThan(1e-9);
  });
  it('degree-12 least squares on 2P scrambled Sobol\' points: indices within 1e-4, small LOO', () => {
    const P = multiIndices(3, { degree: 12 }).length;
    const X = toPhysical([U, U, U], sobol(2 * P, 3, { scramble: 'owen', seed: 1, balance: 'ignore' }));
    const p = fitPCE([U, U, U], X, ishigami(X), { degree: 12 });
    p.sobolFirst().forEach((v, j) => expect(Math.abs(v - S[j]!), `S_${j + 1}`).toBeLessThan(1e-4));
    p.sobolTotal().forEach((v, j) => expect(Math.abs(v - ST[j]!), `ST_${j + 1}`).toBeLessThan(1e-4));
    expect(p.looError![0]).toBeLessThan(1e-5);
    // the LOO error tracks the true generalisation error: degree 8 is far worse
    const P8 = multiIndices(3, { degree: 8 }).length;
    const X8 = toPhysical([U, U, U], sobol(2 * P8, 3, { scramble: 'owen', seed: 1, balance: 'ignore' }));
    expect(fitPCE([U, U, U], X8, ishigami(X8), { degree: 8 }).looError![0]).toBeGreaterThan(100 * p.looError![0]!);
  });
});

describe('analytic moments', () => {
  it('Sobol\' g-function (a = 0, 1, 4.5, 9): mean 1, variance and first-order indices', () => {
    const a = [0, 1, 4.5, 9];
    const Vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
    const V = Vi.reduce((p, v) => p * (1 + v), 1) - 1;
    const ds = a.map(() => new Uniform(0, 1));
    // |4x - 2| has a kink at 1/2, so polynomials converge slowly: degree 6 by least squares
    // on 2048 scrambled Sobol' points (measured: mean 1e-4, variance 0.7 %, S_i 1.1e-3 off).
    const X = toPhysical(ds, sobol(2048, 4, { scramble: 'owen', seed: 1 }));
    const y = Float64Array.from({ length: X.rows }, (_, i) => a.reduce((p, ai, j) => p * (Math.abs(4 * X.data[4 * i + j]! - 2) + ai) / (1 + ai), 1));
    const p = fitPCE(ds, X, y, { degree: 6 });
    expect(Math.abs(p.mean() - 1)).toBeLessThan(1e-3);
    expect(Math.abs(p.variance() - V) / V).toBeLessThan(0.02);
    p.sobolFirst().forEach((s, j) => expect(Math.abs(s - Vi[j]! / V), `S_${j + 1}`).toBeLessThan(3e-3));
    p.sobolTotal().forEach((s, j) => expect(s).toBeGreaterThanOrEqual(p.sobolFirst()[j]! - 1e-15));
  });
  it('vector output: exp(-k t) at 200 times, k ~ U(0.5, 1.5), one fit for all 200 outputs', () => {
    const k = new Uniform(0.5, 1.5);
    const t = Float64Array.from({ length: 200 }, (_, i) => 0.05 * (i + 1));
    const g = tensorGrid([k], 19);
    const Y = new Float64Array(g.points.rows * 200);
    for (let i = 0; i < g.points.rows; i++) for (let o = 0; o < 200; o++) Y[i * 200 + o] = Math.exp(-g.points.data[i]! * t[o]!);
    const p = projectPCE([k], g, matrix(Y, g.points.rows, 200), { degree: 12 });
    const X = toPhysical([k], sobol(64, 1, { scramble: 'owen', seed: 3 }));
    const Yx = new Float64Array(64 * 200);
    for (let i = 0; i < 64; i++) for (let o = 0; o < 200; o++) Yx[i * 200 + o] = Math.exp(-X.data[i]! * t[o]!);
    const f = fitPCE([k], X, matrix(Yx, 64, 200), { degree: 10 });
    expect(p.outputs).toBe(200);
    for (let o = 0; o < 200; o++) {
      const tt = t[o]!;
      const m = (Math.exp(-0.5 * tt) - Math.exp(-1.5 * tt)) / tt;
      const m2 = (Math.exp(-tt) - Math.exp(-3 * tt)) / (2 * tt);
      expect(Math.abs(p.mean(o) - m), `mean at t=${tt}`).toBeLessThan(1e-12);
      expect(Math.abs(p.variance(o) - (m2 - m * m)), `variance at t=${tt}`).toBeLessThan(1e-12);
      expect(Math.abs(f.mean(o) - m), `fit mean at t=${tt}`).toBeLessThan(1e-8); // degree 10 on 64 points: 1.03e-9 at worst
    }
    expect(Math.max(...f.looError!)).toBeLessThan(1e-7); // measured 1.6e-8 (t = 10: exp(-10 k) is the hardest)
  });
});

for (const method of ['omp', 'lars'] as const) describe(`sparse regression (${method}) with leave-one-out selection`, () => {
  it('recovers a 4-term model among P = 462 terms from N = 128 < P samples', () => {
    const ds = [0, 1, 2, 3, 4].map((j) => (j % 2 ? new Normal(0, 1) : new Uniform(-1, 1)));
    const idx = multiIndices(5, { degree: 6 });
    const truth = new Map([[0, 1], [5, 2], [40, 0.5], [200, -0.25]]);
    const X = toPhysical(ds, sobol(128, 5, { scramble: 'owen', seed: 3 }));
    const y = polynomialModel(ds, idx, idx.map((_, k) => truth.get(k) ?? 0))(X);
    const p = fitPCE(ds, X, y, { degree: 6, method });
    p.coefficients.data.forEach((v, k) => expect(Math.abs(v - (truth.get(k) ?? 0)), `c_${k}`).toBeLessThan(1e-10));
    expect(p.looError![0]).toBeLessThan(1e-20);
  });
  it('Ishigami from N = 300 points for a degree-14 basis of P = 680 terms: indices within 1e-5', () => {
    const X = toPhysical([U, U, U], sobol(300, 3, { scramble: 'owen', seed: 1, balance: 'ignore' }));
    const p = fitPCE([U, U, U], X, ishigami(X), { degree: 14, method });
    p.sobolFirst().forEach((v, j) => expect(Math.abs(v - S[j]!), `S_${j + 1}`).toBeLessThan(1e-5));
    p.sobolTotal().forEach((v, j) => expect(Math.abs(v - ST[j]!), `ST_${j + 1}`).toBeLessThan(1e-5));
    const terms = p.coefficients.data.filter((v) => v !== 0).length;
    expect(terms).toBeLessThanOrEqual(150); // at most N/2 by default
    if (method === 'lars') {
      // The corrected LOO of Chapelle et al. is larger than the plain one (factor > 1).
      const m = fitPCE([U, U, U], X, ishigami(X), { degree: 14, method, modifiedLOO: true });
      expect(m.looError![0]).toBeGreaterThan(p.looError![0]!);
    }
    expect(thrown(() => fitPCE([U, U, U], X, ishigami(X), { degree: 14, method, maxTerms: 300 })).message).toMatch(/^options\.maxTerms: expected an integer from 1 to 299/);
  });
});

describe('memory', () => {
  it('repeated fits and predictions do not grow WebAssembly memory after the first', () => {
    const X = toPhysical([U, U, U], sobol(400, 3, { scramble: 'owen', seed: 2, balance: 'ignore' }));
    const y = ishigami(X);
    const fit = (): PCE => fitPCE([U, U, U], X, y, { degree: 8 });
    fit().predict(X);
    const before = coreMemory().memoryBytes;
    for (let i = 0; i < 30; i++) fit().predict(X);
    expect(coreMemory().memoryBytes).toBe(before);
  });
});

describe('the PCE object', () => {
  const g = tensorGrid([U, U, U], 9);
  const p = projectPCE([U, U, U], g, ishigami(g.points), { degree: 8 });
  it('predict reproduces the model where the expansion is exact, and JSON round-trips bit for bit', () => {
    const X = toPhysical([U, U, U], sobol(16, 3, { scramble: 'owen', seed: 9 }));
    const q = PCE.fromJSON(JSON.parse(JSON.stringify(p)));
    expect(Array.from(q.predict(X).data)).toEqual(Array.from(p.predict(X).data));
    expect(q.sobolTotal()).toEqual(p.sobolTotal());
  });
  it('percentiles by sampling the surrogate are ordered and bracket the mean', () => {
    const [lo, mid, hi] = p.percentiles([5, 50, 95]);
    expect(lo!).toBeLessThan(mid!);
    expect(mid!).toBeLessThan(hi!);
    expect(lo!).toBeLessThan(p.mean());
    expect(hi!).toBeGreaterThan(p.mean());
  });
  it('orderStatistics: the values of every output at the ranks, as sorting predict(X) gives them, also in blocks', () => {
    // Three outputs: Ishigami, its negative and a NaN column (a NaN coefficient).
    const y = ishigami(g.points);
    const Y = new Float64Array(3 * y.length);
    y.forEach((v, i) => { Y[3 * i] = v; Y[3 * i + 1] = -v; Y[3 * i + 2] = v; });
    const q3 = projectPCE([U, U, U], g, matrix(Y, y.length, 3), { degree: 8 });
    q3.coefficients.data[3 * 4 + 2] = NaN;
    const X = toPhysical([U, U, U], sobol(3000, 3, { scramble: 'owen', seed: 4, balance: 'ignore' }));
    const ranks = [0, 299, 300, 1499, 1500, 2699, 2700, 2999];
    const F = q3.predict(X).data;
    const want = [0, 1, 2].flatMap((o) => { const s = Float64Array.from({ length: 3000 }, (_, i) => F[3 * i + o]!).sort(); return ranks.map((r) => s[r]!); });
    expect(Array.from(q3.orderStatistics(X, ranks))).toEqual(want);
    expect(want.slice(16)).toEqual(ranks.map(() => NaN));
    // Under a small memory budget the outputs and points are taken a block at a time: the same numbers.
    const budget = memoryBudget();
    try {
      setMemoryBudget(448_000); // two outputs and 83 points of the basis per block
      expect(Array.from(q3.orderStatistics(X, ranks))).toEqual(want);
    } finally {
      setMemoryBudget(budget);
    }
    expect(thrown(() => q3.orderStatistics(X, [5, 4])).message).toMatch(/^ranks\[1\]: expected an integer from 5 to 2999/);
    expect(thrown(() => q3.orderStatistics(X, [3000])).message).toMatch(/^ranks\[0\]: expected an integer from 0 to 2999/);
    expect(thrown(() => q3.orderStatistics(X, []))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => q3.orderStatistics(matrix(new Float64Array(4), 2, 2), [0]))).toBeInstanceOf(ShapeError);
  });
  it('errors name the field', () => {
    const X = toPhysical([U, U, U], sobol(16, 3, { scramble: 'owen', seed: 9 }));
    const e = thrown(() => fitPCE([U, U, U], X, ishigami(X), { degree: 4 }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/^X: expected at least P = 35 samples for 35 basis terms/);
    const same = matrix(new Float64Array(40 * 3).fill(0.5), 40, 3);
    expect(thrown(() => fitPCE([U, U, U], same, new Float64Array(40), { degree: 2 })).message).toMatch(/linearly independent/);
    expect(thrown(() => fitPCE([U, U, U], X, new Float64Array(3), { degree: 1 }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => fitPCE([U, U, U], X, ishigami(X), { degree: 1, method: 'lasso' as never })).message).toMatch(/^options\.method: expected one of "ols", "omp", "lars"/);
    expect(thrown(() => fitPCE([U, U, U], X, ishigami(X), { degree: 1, modifiedLOO: true })).message).toMatch(/^options\.modifiedLOO: .*to be used with method: 'lars'/);
    expect(thrown(() => multiIndices(2, { degree: 2, truncation: 'hyperbolic', q: 1.5 })).message).toMatch(/^options\.q: expected a number in \(0, 1\]/);
    expect(thrown(() => p.mean(3)).message).toMatch(/^output: expected an integer from 0 to 0/);
    void gauss;
  });
});
