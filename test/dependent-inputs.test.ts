// Dependent inputs: the Gaussian copula (Nataf transform) against its defining properties, and
// Shapley effects against the closed form for a linear model of correlated Gaussian inputs
// (Iooss & Prieur 2019, section 3.1; Owen & Prieur 2017) and the exact permutation average of
// the exact costs.
import { describe, expect, it } from 'vitest';
import { Exponential, GaussianCopula, Normal, shapleyDesign, shapleyEffects, sobol, Uniform, type Matrix } from 'uqkit';
import { thrown } from './helpers.js';

/** Pearson correlation of columns a and b of X. */
function pearson(X: Matrix, a: number, b: number): number {
  const n = X.rows;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) (ma += X.data[i * X.cols + a]!, mb += X.data[i * X.cols + b]!);
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = X.data[i * X.cols + a]! - ma, y = X.data[i * X.cols + b]! - mb;
    sab += x * y; saa += x * x; sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Column j of X replaced by its ranks. */
function ranks(X: Matrix): Matrix {
  const out = new Float64Array(X.data.length);
  for (let j = 0; j < X.cols; j++) {
    const idx = Array.from({ length: X.rows }, (_, i) => i).sort((p, q) => X.data[p * X.cols + j]! - X.data[q * X.cols + j]!);
    idx.forEach((i, r) => (out[i * X.cols + j] = r));
  }
  return { data: out, rows: X.rows, cols: X.cols } as Matrix;
}

describe('GaussianCopula', () => {
  const U = sobol(2 ** 14, 3, { scramble: 'owen', seed: 5 });
  it('keeps each marginal, and gives the normal scores the correlation asked for', () => {
    const marg = [new Uniform(2, 4), new Exponential(0.5), new Normal(1, 3)];
    const R = [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]];
    const c = new GaussianCopula(marg, R);
    const X = c.transform(U);
    // Marginals: the empirical cdf of each column at the marginal's quartiles.
    for (let j = 0; j < 3; j++) {
      for (const q of [0.25, 0.5, 0.75]) {
        const x = marg[j]!.ppf(q);
        let below = 0;
        for (let i = 0; i < X.rows; i++) if (X.data[i * 3 + j]! <= x) below++;
        expect(Math.abs(below / X.rows - q), `column ${j} at ${q}`).toBeLessThan(0.005);
      }
    }
    const Z = c.toStandardNormal(X);
    // toStandardNormal undoes the correlation: independent standard normals, and back again.
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) expect(Math.abs(pearson(Z, a, b))).toBeLessThan(0.01);
    const scores = { data: Float64Array.from(X.data, (x, k) => new Normal(0, 1).ppf(marg[k % 3]!.cdf(x))), rows: X.rows, cols: 3 } as Matrix;
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) expect(Math.abs(pearson(scores, a, b) - R[a]![b]!), `R[${a}][${b}]`).toBeLessThan(0.01);
    const back = c.transform({ data: Float64Array.from(Z.data, (z) => new Normal(0, 1).cdf(z)), rows: Z.rows, cols: 3 } as Matrix);
    let worst = 0;
    for (let k = 0; k < X.data.length; k++) worst = Math.max(worst, Math.abs(back.data[k]! - X.data[k]!) / Math.max(1, Math.abs(X.data[k]!)));
    expect(worst).toBeLessThan(1e-9);
  });
  it("takes Spearman's rho of the inputs: the sample's rank correlation matches", () => {
    const c = new GaussianCopula([new Exponential(1), new Uniform(0, 1)], [[1, 0.5], [0.5, 1]], { kind: 'spearman' });
    expect(c.correlation.data[1]).toBeCloseTo(2 * Math.sin(Math.PI * 0.5 / 6), 15);
    const X = c.transform(sobol(2 ** 14, 2, { scramble: 'owen', seed: 9 }));
    expect(Math.abs(pearson(ranks(X), 0, 1) - 0.5)).toBeLessThan(0.01);
  });
  it('refuses a matrix that is not a correlation matrix, saying which part is wrong', () => {
    const m = [new Normal(0, 1), new Normal(0, 1), new Normal(0, 1)];
    const e = thrown(() => new GaussianCopula(m, [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]));
    expect(e).toMatchObject({ name: 'InvalidArgumentError', field: 'correlation' });
    expect(e.message).toMatch(/its leading 3x3 block \(inputs 1 to 3\) is not; correlations this strong together cannot occur/);
    expect(thrown(() => new GaussianCopula(m, [[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]]))).toMatchObject({ field: 'correlation[0][1]' });
    expect(thrown(() => new GaussianCopula(m, [[1, 0, 0], [0, 2, 0], [0, 0, 1]]))).toMatchObject({ field: 'correlation[1][1]' });
    expect(thrown(() => new GaussianCopula(m, [[1, 0], [0, 1]]))).toMatchObject({ name: 'ShapeError', field: 'correlation' });
  });
});

/** Exact costs c(J) = E[Var(Y | X_-J)] / Var(Y) of Y = sum beta_i X_i, X ~ N(0, S). */
function exactShapley(beta: number[], S: number[][]): number[] {
  const d = beta.length;
  const idx = (mask: number) => Array.from({ length: d }, (_, i) => i).filter((i) => (mask >> i) & 1);
  const quad = (v: number[], M: number[][], I: number[]) => I.reduce((s, i, a) => s + I.reduce((t, j, b) => t + v[a]! * M[i]![j]! * v[b]!, 0), 0);
  const total = quad(beta, S, idx((1 << d) - 1));
  // Var(Y | X_K) = beta_J^T (S_JJ - S_JK S_KK^-1 S_KJ) beta_J with J the complement of K; d <= 3 here, so invert S_KK by Gauss-Jordan.
  const inv = (M: number[][]): number[][] => {
    const n = M.length; const A = M.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
    for (let c = 0; c < n; c++) { const p = A[c]![c]!; for (let j = 0; j < 2 * n; j++) A[c]![j]! /= p; for (let r = 0; r < n; r++) if (r !== c) { const f = A[r]![c]!; for (let j = 0; j < 2 * n; j++) A[r]![j]! -= f * A[c]![j]!; } }
    return A.map((r) => r.slice(n));
  };
  const cost = (mask: number): number => {
    const J = idx(mask), K = idx(((1 << d) - 1) & ~mask);
    if (J.length === 0) return 0;
    if (K.length === 0) return 1;
    const SKKi = inv(K.map((a) => K.map((b) => S[a]![b]!)));
    const C = J.map((a) => J.map((b) => S[a]![b]! - K.reduce((s, k1, p) => s + K.reduce((t, k2, q) => t + S[a]![k1]! * SKKi[p]![q]! * S[k2]![b]!, 0), 0)));
    const bJ = J.map((j) => beta[j]!);
    return bJ.reduce((s, x, a) => s + bJ.reduce((t, y, b) => t + x * C[a]![b]! * y, 0), 0) / total;
  };
  // Shapley as the average over all d! orders of the marginal costs (not the subset weights the library uses).
  const perms = (a: number[]): number[][] => (a.length <= 1 ? [a] : a.flatMap((x, i) => perms([...a.slice(0, i), ...a.slice(i + 1)]).map((p) => [x, ...p])));
  const sh = new Array(d).fill(0);
  const all = perms(Array.from({ length: d }, (_, i) => i));
  for (const p of all) {
    let mask = 0;
    for (const i of p) { sh[i] += cost(mask | (1 << i)) - cost(mask); mask |= 1 << i; }
  }
  return sh.map((x) => x / all.length);
}

describe('Shapley effects', () => {
  // Y = X1 + X2 + X3, X1 ~ N(0, 1) independent of (X2, X3), sd 1 and 2, correlation rho.
  const s2 = 1, s3 = 2, rho = 0.6;
  const v = 1 + s2 * s2 + s3 * s3 + 2 * rho * s2 * s3;
  const closed = [1 / v, (s2 * s2 + rho * s2 * s3 + (rho * rho * (s3 * s3 - s2 * s2)) / 2) / v, (s3 * s3 + rho * s2 * s3 + (rho * rho * (s2 * s2 - s3 * s3)) / 2) / v];
  const S = [[1, 0, 0], [0, s2 * s2, rho * s2 * s3], [0, rho * s2 * s3, s3 * s3]];
  const copula = new GaussianCopula([new Normal(0, 1), new Normal(0, s2), new Normal(0, s3)], [[1, 0, 0], [0, 1, rho], [0, rho, 1]]);
  const model = (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => X.data[3 * i]! + X.data[3 * i + 1]! + X.data[3 * i + 2]!);

  it('the closed form equals the exact permutation average of the exact costs', () => {
    exactShapley([1, 1, 1], S).forEach((x, i) => expect(x).toBeCloseTo(closed[i]!, 14));
  });
  it("'subsets': within 0.005 of the closed form, summing to 1", () => {
    const design = shapleyDesign(copula, { method: 'subsets', seed: 1, total: 20_000, outer: 2000, inner: 3 });
    expect(design.X.rows).toBe(20_000 + 6 * 2000 * 3);
    const r = shapleyEffects(model(design.X), design);
    r.shapley.forEach((x, i) => expect(Math.abs(x - closed[i]!), `Sh${i + 1} = ${x}, exact ${closed[i]}`).toBeLessThan(0.005));
    expect(r.shapley.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(Math.abs(r.variance / v - 1)).toBeLessThan(0.03);
  });
  it("'random' permutations: within 3 standard errors of the closed form, the errors shrinking with more permutations", () => {
    const few = shapleyEffects(model(shapleyDesign(copula, { method: 'random', permutations: 200, seed: 2 }).X), shapleyDesign(copula, { method: 'random', permutations: 200, seed: 2 }));
    const design = shapleyDesign(copula, { method: 'random', permutations: 3000, seed: 2, total: 20_000 });
    const r = shapleyEffects(model(design.X), design);
    r.shapley.forEach((x, i) => expect(Math.abs(x - closed[i]!), `Sh${i + 1} = ${x} ± ${r.stdErr![i]}, exact ${closed[i]}`).toBeLessThan(3 * r.stdErr![i]!));
    for (let i = 0; i < 3; i++) expect(r.stdErr![i]!).toBeLessThan(few.stdErr![i]! / 2);
  });
  it('independent inputs, additive model: Shapley effects are the first-order indices a_i^2 s_i^2 / V', () => {
    const design = shapleyDesign([new Uniform(-1, 1), new Normal(0, 2)], { seed: 3, total: 50_000, outer: 10_000 });
    const r = shapleyEffects(Float64Array.from({ length: design.X.rows }, (_, i) => 3 * design.X.data[2 * i]! + design.X.data[2 * i + 1]!), design);
    const V = 9 / 3 + 4;
    expect(Math.abs(r.shapley[0]! - 3 / V)).toBeLessThan(0.01);
    expect(Math.abs(r.shapley[1]! - 4 / V)).toBeLessThan(0.01);
  });
  it('refuses outputs of the wrong length, non-finite outputs and bad options', () => {
    const design = shapleyDesign([new Normal(0, 1), new Normal(0, 1)], { total: 10, outer: 2 });
    expect(thrown(() => shapleyEffects(new Float64Array(3), design))).toMatchObject({ name: 'ShapeError', field: 'Y' });
    const Y = new Float64Array(design.X.rows).fill(1);
    Y[4] = NaN;
    expect(thrown(() => shapleyEffects(Y, design))).toMatchObject({ field: 'Y[4]' });
    expect(thrown(() => shapleyDesign([new Normal(0, 1)]))).toMatchObject({ field: 'inputs' });
    expect(thrown(() => shapleyDesign([new Normal(0, 1), new Normal(0, 1)], { inner: 1 }))).toMatchObject({ field: 'options.inner' });
  });
});
