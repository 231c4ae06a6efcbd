// Tensor, Smolyak and dimension-adaptive sparse grids: point counts from the literature,
// polynomial exactness against analytic moments, nesting, anisotropy, the batch interface
// and errors.
import { describe, expect, it } from 'vitest';
import {
  AdaptiveSparseGrid, adaptiveSparseGrid, Beta, Gamma, InvalidArgumentError, Normal, ShapeError, Uniform,
  ruleExactness, ruleSize, sparseGrid, tensorGrid, type Distribution, type Grid, type Matrix, type RuleName, type Growth,
} from 'uqkit';
import { thrown } from './helpers.js';

// Analytic raw moments E[X^k].
function moment(d: Distribution, k: number): number {
  const q = d as unknown as Record<string, number>;
  switch (d.kind) {
    case 'uniform': return (q.high! ** (k + 1) - q.low! ** (k + 1)) / ((k + 1) * (q.high! - q.low!));
    case 'normal': { // sum_j C(k, 2j) mu^(k-2j) sigma^(2j) (2j-1)!!
      let s = 0;
      for (let j = 0; 2 * j <= k; j++) {
        let c = 1; for (let i = 0; i < 2 * j; i++) c = (c * (k - i)) / (i + 1);
        let df = 1; for (let i = 2 * j - 1; i > 0; i -= 2) df *= i;
        s += c * q.mean! ** (k - 2 * j) * q.std! ** (2 * j) * df;
      }
      return s;
    }
    case 'gamma': { let m = 1; for (let i = 0; i < k; i++) m *= (q.shape! + i) * q.scale!; return m; }
    case 'beta': { let m = 1; for (let i = 0; i < k; i++) m *= (q.alpha! + i) / (q.alpha! + q.beta! + i); return m; }
    default: throw new Error(`no moments for ${d.kind}`);
  }
}

function integrate(g: Grid, f: (x: Float64Array) => number): number {
  let s = 0;
  const d = g.points.cols;
  for (let i = 0; i < g.points.rows; i++) s += g.weights[i]! * f(g.points.data.subarray(i * d, (i + 1) * d));
  return s;
}

/** Every multi-index alpha with alpha_j <= e_j for some box e in `boxes`. */
function monomialsUnder(boxes: number[][]): number[][] {
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const box of boxes) {
    const a = box.map(() => 0);
    for (;;) {
      const key = a.join(',');
      if (!seen.has(key)) { seen.add(key); out.push(a.slice()); }
      let j = a.length - 1;
      while (j >= 0 && ++a[j]! > box[j]!) a[j--] = 0;
      if (j < 0) break;
    }
  }
  return out;
}

function checkExact(g: Grid, dists: readonly Distribution[], alphas: number[][], tol: number): void {
  let worst = 0, at = '';
  for (const a of alphas) {
    const exact = a.reduce((p, k, j) => p * moment(dists[j]!, k), 1);
    const got = integrate(g, (x) => a.reduce((p, k, j) => p * x[j]! ** k, 1));
    // Relative to sum |w_i| |monomial(x_i)| (a bound on the terms: Leja and other combined
    // rules have negative weights, so the grid's integral of |monomial| is not) and 1.
    let terms = 0;
    for (let i = 0; i < g.points.rows; i++) terms += Math.abs(g.weights[i]! * a.reduce((p, k, j) => p * g.points.data[i * g.points.cols + j]! ** k, 1));
    const scale = Math.max(1, Math.abs(exact), terms);
    const err = Math.abs(got - exact) / scale;
    if (err > worst) { worst = err; at = `x^(${a.join(',')}): got ${got}, exact ${exact}`; }
  }
  expect(worst, `worst at ${at}`).toBeLessThanOrEqual(tol);
}

const U = new Uniform(-1, 1);

describe('Smolyak point counts (Gerstner & Griebel 1998; Novak & Ritter)', () => {
  const counts = (d: number, rule: RuleName, levels: number, growth?: Growth): number[] =>
    Array.from({ length: levels + 1 }, (_, L) => sparseGrid(Array(d).fill(U), { level: L, rule, ...(growth ? { growth } : {}) }).points.rows);
  it('Clenshaw–Curtis d=2: 1, 5, 13, 29, 65, 145', () => expect(counts(2, 'clenshaw-curtis', 5)).toEqual([1, 5, 13, 29, 65, 145]));
  it('Clenshaw–Curtis d=5: 1, 11, 61, 241, 801', () => expect(counts(5, 'clenshaw-curtis', 4)).toEqual([1, 11, 61, 241, 801]));
  it('Clenshaw–Curtis d=10 level 5: 41265 points, weights summing to 1', () => {
    const g = sparseGrid(Array(10).fill(U), { level: 5 });
    expect(g.points.rows).toBe(41265);
    expect(Math.abs(g.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-10);
  });
  it('Fejér-2 and Gauss–Patterson d=2: 1, 5, 17, 49, 129', () => {
    expect(counts(2, 'fejer2', 4)).toEqual([1, 5, 17, 49, 129]);
    expect(counts(2, 'patterson', 4)).toEqual([1, 5, 17, 49, 129]);
  });
  it('Fejér-2 d=5: 1, 11, 71, 351', () => expect(counts(5, 'fejer2', 3)).toEqual([1, 11, 71, 351]));
  it('Leja (linear growth) d=2 and d=5: the total-degree counts C(L+d, d)', () => {
    expect(counts(2, 'leja', 5, 'linear')).toEqual([1, 3, 6, 10, 15, 21]);
    expect(counts(5, 'leja', 3, 'linear')).toEqual([1, 6, 21, 56]);
  });
});

describe('Smolyak exactness: every monomial in the span of the combined tensor rules', () => {
  const cases: { name: string; dists: Distribution[]; rule: RuleName; growth?: Growth; level: number; tol: number }[] = [
    { name: 'Clenshaw–Curtis d=2 level 5', dists: [U, U], rule: 'clenshaw-curtis', level: 5, tol: 1e-13 },
    { name: 'Clenshaw–Curtis d=5 level 3 on [0,2]x[-1,3]x...', dists: [new Uniform(0, 2), new Uniform(-1, 3), U, new Uniform(1, 2), U], rule: 'clenshaw-curtis', level: 3, tol: 1e-12 },
    { name: 'Clenshaw–Curtis slow growth d=2 level 6', dists: [U, U], rule: 'clenshaw-curtis', growth: 'slow', level: 6, tol: 1e-13 },
    { name: 'Fejér-2 d=2 level 4', dists: [U, new Uniform(2, 5)], rule: 'fejer2', level: 4, tol: 1e-13 },
    { name: 'Gauss (linear) d=2, uniform x normal, level 6', dists: [new Uniform(0, 2), new Normal(1, 0.5)], rule: 'gauss', level: 6, tol: 1e-12 },
    { name: 'Gauss d=5 mixed (uniform, normal, gamma, beta), level 3', dists: [U, new Normal(0, 1), new Gamma(2, 1.5), new Beta(2, 3), new Uniform(0, 1)], rule: 'gauss', level: 3, tol: 1e-12 },
    { name: 'Leja d=2 uniform x normal level 6', dists: [U, new Normal(0, 1)], rule: 'leja', level: 6, tol: 1e-11 },
    { name: 'Gauss–Patterson d=2 level 4', dists: [U, U], rule: 'patterson', level: 4, tol: 1e-13 },
    { name: 'Gauss–Patterson d=5 level 2', dists: Array(5).fill(U), rule: 'patterson', level: 2, tol: 1e-12 },
    { name: 'Genz–Keister d=2 level 3 (normal)', dists: [new Normal(0, 1), new Normal(1, 2)], rule: 'genz-keister', level: 3, tol: 1e-12 },
    { name: 'Genz–Keister d=5 level 2', dists: Array(5).fill(new Normal(0, 1)), rule: 'genz-keister', level: 2, tol: 1e-12 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const g = sparseGrid(c.dists, { level: c.level, rule: c.rule, ...(c.growth ? { growth: c.growth } : {}) });
      const boxes = g.indices.map((l) => l.map((lj) => ruleExactness(c.rule, ruleSize(c.rule, lj, c.growth))));
      const alphas = monomialsUnder(boxes);
      expect(alphas.length).toBeGreaterThanOrEqual(g.indices.length);
      checkExact(g, c.dists, alphas, c.tol);
      if (c.rule !== 'gauss') return;
      // Gauss rules are sharp: not exact one even degree beyond along an axis.
      const d = c.dists.length;
      const top = Array(d).fill(0);
      top[0] = Math.max(...boxes.map((b) => b[0]!)) + 1;
      if (top[0] % 2 === 1) top[0]++; // odd degrees vanish by symmetry for symmetric rules
      const exact = moment(c.dists[0]!, top[0]);
      const got = integrate(g, (x) => x[0]! ** top[0]);
      expect(Math.abs(got - exact) / Math.max(1, Math.abs(exact))).toBeGreaterThan(1e-8);
    });
  }
  it('with slow growth (clenshaw-curtis) a level-L grid is exact to total degree 2L+1', () => {
    const L = 4;
    const g = sparseGrid([U, U, U], { level: L, growth: 'slow' });
    const alphas: number[][] = [];
    for (let a = 0; a <= 2 * L + 1; a++) for (let b = 0; a + b <= 2 * L + 1; b++) for (let c = 0; a + b + c <= 2 * L + 1; c++) alphas.push([a, b, c]);
    checkExact(g, [U, U, U], alphas, 1e-13);
  });
});

describe('grid structure', () => {
  it('nested rules: the level-L grid is a subset of the level-(L+1) grid, bit for bit', () => {
    for (const rule of ['clenshaw-curtis', 'fejer2', 'leja', 'patterson'] as RuleName[]) {
      const a = sparseGrid([U, new Uniform(0, 3), U], { level: 3, rule });
      const b = sparseGrid([U, new Uniform(0, 3), U], { level: 4, rule });
      const keys = new Set<string>();
      for (let i = 0; i < b.points.rows; i++) keys.add(Array.from(b.points.data.subarray(3 * i, 3 * i + 3)).join(','));
      for (let i = 0; i < a.points.rows; i++) expect(keys.has(Array.from(a.points.data.subarray(3 * i, 3 * i + 3)).join(',')), `${rule} point ${i}`).toBe(true);
    }
  });
  it('no duplicate points', () => {
    const g = sparseGrid([U, U, U, U], { level: 4, rule: 'gauss' });
    const keys = new Set<string>();
    for (let i = 0; i < g.points.rows; i++) keys.add(Array.from(g.points.data.subarray(4 * i, 4 * i + 4)).join(','));
    expect(keys.size).toBe(g.points.rows);
  });
  it('anisotropy [1, 2] keeps l1 + 2 l2 <= L and refines input 1 further than input 2', () => {
    const g = sparseGrid([U, U], { level: 6, anisotropy: [1, 2] });
    for (const l of g.indices) expect(l[0]! + 2 * l[1]!).toBeLessThanOrEqual(6);
    expect(Math.max(...g.indices.map((l) => l[0]!))).toBe(6);
    expect(Math.max(...g.indices.map((l) => l[1]!))).toBe(3);
    const boxes = g.indices.map((l) => l.map((lj) => ruleExactness('clenshaw-curtis', ruleSize('clenshaw-curtis', lj))));
    checkExact(g, [U, U], monomialsUnder(boxes), 1e-13);
  });
  it('combination coefficients of the standard Smolyak grid: (-1)^(L-|l|) C(d-1, L-|l|)', () => {
    const d = 4, L = 3;
    const g = sparseGrid(Array(d).fill(U), { level: L });
    const binom = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (binom(n - 1, k - 1) * n) / k);
    g.indices.forEach((l, i) => {
      const s = l.reduce((a, b) => a + b, 0);
      const want = L - s <= d - 1 ? (-1) ** (L - s) * binom(d - 1, L - s) : 0;
      expect(g.coefficients[i]).toBe(want);
    });
  });
  it('tensorGrid: Gauss order p uses p + 1 points, the last input runs fastest, exact to 2p + 1 per input', () => {
    const dists = [new Uniform(0, 1), new Normal(2, 3)];
    const g = tensorGrid(dists, [2, 3]);
    expect(g.points.rows).toBe(12);
    expect(g.points.data[0]).toBe(g.points.data[2]); // first input constant over the first 4 rows
    expect(g.points.data[1]).not.toBe(g.points.data[3]);
    checkExact(g, dists, monomialsUnder([[5, 7]]), 1e-13);
    const one = tensorGrid([U, U, U], 4, 'clenshaw-curtis');
    expect(one.points.rows).toBe(17 ** 3);
  });
});

describe('dimension-adaptive sparse grid (Gerstner & Griebel 2003)', () => {
  const model = (X: Matrix): Float64Array => {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = Math.exp(X.data[3 * i]! + 0.1 * X.data[3 * i + 1]! + 0.01 * X.data[3 * i + 2]!);
    return out;
  };
  const exact = Math.sinh(1) * (Math.sinh(0.1) / 0.1) * (Math.sinh(0.01) / 0.01); // E over U(-1,1)^3

  it('integrates an anisotropic function to the tolerance, refining the important input most', async () => {
    const r = await adaptiveSparseGrid([U, U, U], model, { tolerance: 1e-10 });
    expect(r.stop).toBe('tolerance');
    expect(Math.abs(r.integral[0]! - exact)).toBeLessThan(1e-9);
    const top = [0, 1, 2].map((j) => Math.max(...r.indices.map((l) => l[j]!)));
    expect(top[0]).toBeGreaterThan(top[1]!);
    expect(top[1]).toBeGreaterThanOrEqual(top[2]!);
    // The combined grid reproduces the integral from its weights and values.
    let s = 0;
    for (let i = 0; i < r.points.rows; i++) s += r.weights[i]! * r.values.data[i]!;
    expect(s).toBeCloseTo(r.integral[0]!, 14);
    // Far fewer points than the isotropic grid of the same accuracy.
    const iso = sparseGrid([U, U, U], { level: 5 });
    expect(r.points.rows).toBeLessThan(iso.points.rows);
  });

  it('batch interface: next() repeats until tell(); tell checks the shape; vector outputs', () => {
    const ad = new AdaptiveSparseGrid([U, U], { tolerance: 1e-12, maxPoints: 200 });
    const x = ad.next();
    expect(ad.next().data).toEqual(x.data);
    expect(thrown(() => ad.tell(new Float64Array(x.rows + 1)))).toBeInstanceOf(ShapeError);
    let batches = 0;
    for (let b = x; b.rows > 0; b = ad.next()) {
      const v = new Float64Array(b.rows * 2);
      for (let i = 0; i < b.rows; i++) {
        v[2 * i] = Math.cos(b.data[2 * i]!) * Math.exp(b.data[2 * i + 1]!);
        v[2 * i + 1] = b.data[2 * i]! ** 2;
      }
      ad.tell({ data: v, rows: b.rows, cols: 2 });
      batches++;
    }
    expect(ad.done).toBe(true);
    const r = ad.result();
    expect(batches).toBeGreaterThan(3);
    expect(r.points.rows).toBeLessThanOrEqual(200);
    expect(Math.abs(r.integral[0]! - Math.sin(1) * Math.sinh(1))).toBeLessThan(1e-8);
    expect(Math.abs(r.integral[1]! - 1 / 3)).toBeLessThan(1e-14);
  });

  it('stops at maxPoints', async () => {
    const r = await adaptiveSparseGrid([U, U, U], model, { tolerance: 0, maxPoints: 50 });
    expect(r.stop).toBe('maxPoints');
    expect(r.points.rows).toBeLessThanOrEqual(50);
  });

  it('Leja (default slow growth: 1, 4, 6, ... points) does not stall on the zero-weight 2-point rule', async () => {
    for (const [d, exact] of [[U, Math.sinh(1)], [new Normal(0, 1), Math.exp(0.5)]] as const) {
      const r = await adaptiveSparseGrid([d], (x) => Float64Array.from(x.data, Math.exp), { rule: 'leja', tolerance: 1e-12 });
      expect(Math.abs(r.integral[0]! - exact), `${d}`).toBeLessThan(1e-10);
    }
  });

  it('maxLevel caps refinement and the capped surpluses stay in the error', async () => {
    const r = await adaptiveSparseGrid([U], (x) => Float64Array.from(x.data, (v) => Math.exp(3 * v)), { tolerance: 1e-12, maxLevel: 2 });
    expect(r.stop).toBe('maxLevel');
    const err = Math.abs(r.integral[0]! - Math.sinh(3) / 3);
    expect(err).toBeGreaterThan(1e-4);
    expect(r.error).toBeGreaterThan(err / 10);
  });

  it('result() returns copies and says when it was taken mid-run', () => {
    const ad = new AdaptiveSparseGrid([U, U]);
    const x = ad.next();
    ad.tell(new Float64Array(x.rows).fill(1));
    const r = ad.result();
    expect(r.stop).toBe('running');
    (r.indices[0] as number[])[0] = 7;
    expect(ad.result().indices[0]![0]).toBe(0);
    const y = ad.next();
    expect(thrown(() => ad.tell({ data: new Float64Array(0), rows: y.rows, cols: 0 }))).toBeInstanceOf(ShapeError);
  });

  // Zero surpluses by symmetry must not end refinement while the next level is unmeasured.
  const x1sq = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => X.data[X.cols * i]! ** 2);
  for (const rule of ['clenshaw-curtis', 'leja', 'patterson'] as const) {
    it(`${rule}: x1^2 on [-1, 1]^2 (zero at the centre point) integrates to 1/3, refining only x1`, async () => {
      const r = await adaptiveSparseGrid([U, U], x1sq, { rule, tolerance: 1e-6 });
      expect(r.stop).toBe('tolerance');
      expect(Math.abs(r.integral[0]! - 1 / 3)).toBeLessThan(1e-12);
      expect(r.points.rows).toBeGreaterThan(1);
      // x2 is measured at its first two levels (to learn it does not matter) and no further.
      expect(Math.max(...r.indices.map((l) => l[1]!))).toBeLessThanOrEqual(2);
    });
  }

  const PI = Math.PI;
  const UP = new Uniform(-PI, PI);
  const ishigami = (x: ArrayLike<number>): number => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);
  const ishigamiVariance = 49 / 8 + (0.1 * PI ** 4) / 5 + (0.01 * PI ** 8) / 18 + 0.5;

  it('1 + Ishigami: the mean 4.5, although the surpluses vanish at the ends of [-pi, pi]', async () => {
    const model = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => 1 + ishigami(X.data.subarray(3 * i, 3 * i + 3)));
    for (const rule of ['clenshaw-curtis', 'leja'] as const) {
      const r = await adaptiveSparseGrid([UP, UP, UP], model, { rule, tolerance: 1e-6 });
      expect(r.stop, rule).toBe('tolerance');
      expect(Math.abs(r.integral[0]! - 4.5), rule).toBeLessThan(1e-6);
      expect(r.points.rows, rule).toBeGreaterThan(7);
    }
  });

  // Gauss–Patterson: Clenshaw–Curtis's first levels put x1 at 0 and +-pi, where sin x1 and
  // with it the x1-x3 interaction vanish, so no surplus on those points shows the interaction.
  it('Ishigami (Gauss–Patterson): mean 3.5 and variance from the outputs f and f^2, refined in x3 too', async () => {
    const model = (X: Matrix): Matrix => {
      const v = new Float64Array(2 * X.rows);
      for (let i = 0; i < X.rows; i++) {
        const f = ishigami(X.data.subarray(3 * i, 3 * i + 3));
        v[2 * i] = f;
        v[2 * i + 1] = f * f;
      }
      return { data: v, rows: X.rows, cols: 2 };
    };
    const r = await adaptiveSparseGrid([UP, UP, UP], model, { rule: 'patterson', tolerance: 1e-7 });
    expect(r.stop).toBe('tolerance');
    const mean = r.integral[0]!;
    expect(Math.abs(mean - 3.5)).toBeLessThan(1e-12);
    expect(Math.abs(r.integral[1]! - mean * mean - ishigamiVariance)).toBeLessThan(1e-9);
    // x3 enters only as a polynomial times sin x1: it needs fewer levels than x1 and x2, and
    // only together with x1.
    const top = [0, 1, 2].map((j) => Math.max(...r.indices.map((l) => l[j]!)));
    expect(top[2]).toBeGreaterThan(1);
    expect(top[2]).toBeLessThan(top[0]!);
    expect(top[2]).toBeLessThan(top[1]!);
    expect(r.points.rows).toBeLessThan(2000);
  });

  it('symmetric functions: cos(x1) cos(x2) x3^2 and a radial one', async () => {
    const f1 = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => Math.cos(X.data[3 * i]!) * Math.cos(X.data[3 * i + 1]!) * X.data[3 * i + 2]! ** 2);
    const r1 = await adaptiveSparseGrid([U, U, U], f1, { tolerance: 1e-10 });
    expect(Math.abs(r1.integral[0]! - Math.sin(1) ** 2 / 3)).toBeLessThan(1e-10);
    // E[x1^2 + x2^2 + x1^2 x2^2] over U(-1,1)^2 = 1/3 + 1/3 + 1/9; zero at the root.
    const f2 = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
      const a = X.data[2 * i]! ** 2, b = X.data[2 * i + 1]! ** 2;
      return a + b + a * b;
    });
    const r2 = await adaptiveSparseGrid([U, U], f2, { tolerance: 1e-10 });
    expect(Math.abs(r2.integral[0]! - 7 / 9)).toBeLessThan(1e-14);
    expect(r2.indices.some((l) => l[0]! > 0 && l[1]! > 0)).toBe(true);
  });

  it('anisotropic products of 1-D functions: the grid follows the importance of the inputs', async () => {
    // prod_j exp(c_j cos 3 x_j) with decaying c_j.
    const c = [1, 0.1, 0.001];
    const f = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
      let p = 1;
      for (let j = 0; j < 3; j++) p *= Math.exp(c[j]! * Math.cos(3 * X.data[3 * i + j]!));
      return p;
    });
    // E over U(-1, 1) of exp(c cos 3x) by a fine 1-D Gauss rule on the same function.
    const one = (cj: number): number => {
      const g = tensorGrid([U], 40);
      return integrate(g, (x) => Math.exp(cj * Math.cos(3 * x[0]!)));
    };
    const exactProduct = one(1) * one(0.1) * one(0.001);
    const r = await adaptiveSparseGrid([U, U, U], f, { tolerance: 1e-9 });
    expect(Math.abs(r.integral[0]! - exactProduct)).toBeLessThan(1e-8);
    const top = [0, 1, 2].map((j) => Math.max(...r.indices.map((l) => l[j]!)));
    expect(top[0]).toBeGreaterThan(top[1]!);
    expect(top[0]).toBeGreaterThan(top[2]!);
    expect(r.points.rows).toBeLessThan(sparseGrid([U, U, U], { level: top[0]! }).points.rows);
  });

  it('Genz oscillatory, product peak and continuous functions on [0, 1]^4 against their integrals', async () => {
    const U01 = new Uniform(0, 1);
    const d = 4;
    const c = [1.5, 0.9, 0.4, 0.1];
    const w = [0.3, 0.6, 0.45, 0.7];
    const row = (X: Matrix, i: number): Float64Array => X.data.subarray(i * d, (i + 1) * d);
    const of = (g: (x: Float64Array) => number) => (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => g(row(X, i)));
    // Oscillatory cos(2 pi w1 + sum c_j x_j): Re(e^{i 2 pi w1} prod_j (e^{i c_j} - 1) / (i c_j)).
    let re = Math.cos(2 * PI * w[0]!), im = Math.sin(2 * PI * w[0]!);
    for (const cj of c) {
      const fr = Math.sin(cj) / cj, fi = (1 - Math.cos(cj)) / cj; // (e^{ic} - 1) / (ic)
      [re, im] = [re * fr - im * fi, re * fi + im * fr];
    }
    const osc = await adaptiveSparseGrid(Array(d).fill(U01), of((x) => Math.cos(2 * PI * w[0]! + x.reduce((s, v, j) => s + c[j]! * v, 0))), { tolerance: 1e-10 });
    expect(Math.abs(osc.integral[0]! - re)).toBeLessThan(1e-9);
    // Product peak prod_j 1 / (c_j^-2 + (x_j - w_j)^2): prod_j c_j (atan(c_j (1 - w_j)) + atan(c_j w_j)).
    const peakExact = c.reduce((p, cj, j) => p * cj * (Math.atan(cj * (1 - w[j]!)) + Math.atan(cj * w[j]!)), 1);
    const peak = await adaptiveSparseGrid(Array(d).fill(U01), of((x) => x.reduce((p, v, j) => p / (c[j]! ** -2 + (v - w[j]!) ** 2), 1)), { tolerance: 1e-9 });
    expect(Math.abs(peak.integral[0]! - peakExact) / peakExact).toBeLessThan(1e-8);
    // Continuous exp(-sum c_j |x_j - w_j|) (kinks at w_j): prod_j (2 - e^{-c_j w_j} - e^{-c_j (1 - w_j)}) / c_j.
    const contExact = c.reduce((p, cj, j) => p * (2 - Math.exp(-cj * w[j]!) - Math.exp(-cj * (1 - w[j]!))) / cj, 1);
    const cont = await adaptiveSparseGrid(Array(d).fill(U01), of((x) => Math.exp(-x.reduce((s, v, j) => s + c[j]! * Math.abs(v - w[j]!), 0))), { tolerance: 1e-5, maxPoints: 20_000 });
    expect(Math.abs(cont.integral[0]! - contExact) / contExact).toBeLessThan(1e-4);
  });

  it('rejects non-finite model outputs naming the point', () => {
    const ad = new AdaptiveSparseGrid([U]);
    const x = ad.next();
    const e = thrown(() => ad.tell(new Float64Array(x.rows).fill(NaN)));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/^values\[0\]: expected a finite model output, got NaN/);
  });
});

describe('errors', () => {
  it('names the option and what was expected', () => {
    const e1 = thrown(() => sparseGrid([U], { level: -1 }));
    expect(e1).toBeInstanceOf(InvalidArgumentError);
    expect(e1.message).toMatch(/^options\.level: expected an integer from 0 to 60, got -1/);
    expect(thrown(() => sparseGrid([U], { level: 2, rule: 'simpson' as RuleName })).message).toMatch(/^options\.rule: expected one of "gauss"/);
    expect(thrown(() => sparseGrid([U], { level: 2, growth: 'linear' })).message).toMatch(/'exponential' or 'slow' for the nested rule 'clenshaw-curtis'/);
    expect(thrown(() => sparseGrid([new Normal(0, 1)], { level: 5, rule: 'genz-keister' })).message).toMatch(/^options\.level: expected a level from 0 to 4/);
    // The default rule is Clenshaw–Curtis for bounded inputs and Leja for unbounded ones.
    expect(sparseGrid([new Normal(0, 1)], { level: 2 }).points.rows).toBe(6);
    expect(sparseGrid([U], { level: 2 }).points.rows).toBe(5);
    expect(thrown(() => sparseGrid([U, U], { level: 2, anisotropy: [1, 0] })).message).toMatch(/^options\.anisotropy\[1\]: expected a finite number > 0, got 0/);
    expect(thrown(() => sparseGrid([U, U], { level: 2, anisotropy: [1] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => sparseGrid([U], { level: 2, levle: 3 } as never)).message).toMatch(/^options\.levle: expected no such option/);
    expect(thrown(() => sparseGrid([], { level: 2 })).message).toMatch(/^dists: expected a non-empty array of distributions/);
    expect(thrown(() => tensorGrid([U, U], [1])).message).toMatch(/^orders: expected one order per input \(2\)/);
    // Refused up front, before any enumeration (C(42, 12) index sets; a 1001-point Leja rule).
    expect(thrown(() => sparseGrid(Array(30).fill(U), { level: 12 })).message).toMatch(/^options\.level: expected a smaller level for 30 inputs/);
    expect(thrown(() => tensorGrid([U], 1000, 'leja')).message).toMatch(/^orders\[0\]: expected a level whose 'leja' rule has at most 500 points/);
    expect(thrown(() => sparseGrid([new Normal(0, 1)], { level: 2, rule: 'clenshaw-curtis' })).message).toMatch(/^options\.rule: .*unbounded/);
  });
});
