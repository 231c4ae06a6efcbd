// The campaign analysis (src/analysis): Ishigami by every sampler against its analytic
// moments and Sobol' indices (../shared/REFERENCE.md), a polynomial model that every
// expansion must reproduce to rounding, a vector QoI with analytic moments per time, missing
// runs, order independence, and basic statistics against numpy (scripts/fixtures/analysis.py).
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, analyse, distribution, projectPCE, renderReport, sampler, sobolIndices, type AnalysisRun, type AnalysisResult, type QoIResult, type Run, type SamplerSpec,
} from 'uqkit';
import { fixture, thrown } from './helpers.js';

const U = { dist: 'uniform', low: -Math.PI, high: Math.PI } as const;
const ishigamiVary = { x1: U, x2: U, x3: U };
const ishigami = (r: Run): number => {
  const [x1, x2, x3] = [r.x1 as number, r.x2 as number, r.x3 as number];
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
};
const TRUE = {
  mean: 3.5, variance: 13.844587940719254,
  first: { x1: 0.3139051911, x2: 0.4424111448, x3: 0 },
  total: { x1: 0.5575888552, x2: 0.4424111448, x3: 0.2436836641 },
  s13: 0.2436836641,
};
const P = ['x1', 'x2', 'x3'] as const;

/** Runs of a sampler with outputs of `f`, and a fixed parameter besides the varied ones. */
function runsOf(spec: SamplerSpec, vary: Record<string, unknown>, f: (r: Run) => Record<string, unknown>): AnalysisRun[] {
  return sampler(spec, vary as never).rest().map((p) => ({ params: { ...p, solver: 'fast' }, outputs: f(p) }));
}
const num = (v: unknown): number => v as number;

/** Max |estimate - truth| over the inputs, first and total order. */
function indexError(q: QoIResult): number {
  let e = 0;
  for (const k of P) {
    e = Math.max(e, Math.abs(num(q.sobolFirst![k]) - TRUE.first[k]), Math.abs(num(q.sobolTotal![k]) - TRUE.total[k]));
  }
  return e;
}

describe('Ishigami by each sampler', () => {
  it('saltelli n = 2^12: indices within 0.02 of the analytic ones, intervals cover them, convergence on prefixes', async () => {
    const spec: SamplerSpec = { kind: 'saltelli', n: 4096, seed: 1 };
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs: runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) })) });
    const q = r.analysis.y!;
    expect(r.method).toBe("Sobol' indices (Saltelli 2010 first order, Jansen total; 1000 bootstrap resamples), 4096 base rows, 20480 runs");
    expect(r.warnings).toEqual([]);
    expect(q.runs).toBe(20480);
    for (const k of P) {
      const f = num(q.sobolFirst![k]), t = num(q.sobolTotal![k]);
      expect(Math.abs(f - TRUE.first[k]), `S_${k} = ${f}`).toBeLessThan(0.02);
      expect(Math.abs(t - TRUE.total[k]), `ST_${k} = ${t}`).toBeLessThan(0.02);
      // 95% half-widths, SALib's convention: they cover the truth, and are not absurdly wide
      expect(Math.abs(f - TRUE.first[k])).toBeLessThanOrEqual(q.sobolFirstConf![k]!);
      expect(Math.abs(t - TRUE.total[k])).toBeLessThanOrEqual(q.sobolTotalConf![k]!);
      expect(q.sobolFirstConf![k]!).toBeLessThan(0.06);
    }
    // Basic statistics of the 2n rows of A and B, with bootstrap intervals covering the truth.
    expect(Math.abs(num(q.mean) - 3.5)).toBeLessThan(0.1);
    expect(Math.abs(num(q.variance) / TRUE.variance - 1)).toBeLessThan(0.02);
    expect(num(q.meanInterval!.low)).toBeLessThan(3.5);
    expect(num(q.meanInterval!.high)).toBeGreaterThan(3.5);
    expect(num(q.stdInterval!.low)).toBeLessThan(Math.sqrt(TRUE.variance));
    expect(num(q.stdInterval!.high)).toBeGreaterThan(Math.sqrt(TRUE.variance));
    // The first n/8, n/4, n/2, n base rows; the last entry is the full estimate.
    expect(q.convergence!.map((e) => e.runs)).toEqual([2560, 5120, 10240, 20480]);
    expect(q.convergence![3]!.sobolFirst).toEqual(q.sobolFirst);
    // The result is what the report draws (src/report/html.ts), as it is.
    const html = await renderReport({ campaign: 'ishigami', runs: { total: 20480, done: 20480, failed: 0 }, analysis: r.analysis, method: r.method });
    expect(html).toContain(`<title>first order S(x2) = ${num(q.sobolFirst!.x2).toPrecision(4)} ± ${q.sobolFirstConf!.x2!.toPrecision(3)}</title>`);
    expect(html).toContain('data-chart="convergence"');
    const err = (i: number): number => Math.abs(q.convergence![i]!.sobolFirst!.x3! - 0);
    expect(err(0)).toBeGreaterThan(err(3)); // the smallest prefix is the least accurate here
    // each prefix with its bootstrap intervals, which narrow about as 1/sqrt(runs); the last is the full estimate's
    expect(q.convergence![3]!.sobolFirstConf).toEqual(q.sobolFirstConf);
    for (const k of P) expect(q.convergence![0]!.sobolFirstConf![k]! / q.convergence![3]!.sobolFirstConf![k]!).toBeGreaterThan(2 * 0.8);
    // the histogram of the A and B rows' outputs: a density over [min, max] of Ishigami's range
    const h = q.histogram!;
    expect([h.n, h.source, h.density.length]).toEqual([8192, 'runs', 40]);
    const w = (h.hi - h.lo) / h.density.length;
    expect(h.density.reduce((a, d) => a + d * w, 0)).toBeCloseTo(1, 3);
    expect(h.lo).toBeGreaterThanOrEqual(-10.75); // Ishigami's bounds: 1 + 7 + 0.1 pi^4 = 17.74, -(1 + 0.1 pi^4) = -10.74
    expect(h.hi).toBeLessThanOrEqual(17.75);
    expect(h.hi - h.lo).toBeGreaterThan(20);
  });

  it('pce quadrature, order 10 (11^3 Gauss points): indices to 1e-4, mean to 1e-8, variance to 1e-4, S13 from the coefficients', () => {
    const spec: SamplerSpec = { kind: 'pce', order: 10 };
    const runs = runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) }));
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs });
    const q = r.analysis.y!;
    expect(r.method).toBe('PCE (projection), order 10, 1331 runs');
    expect(indexError(q)).toBeLessThan(1e-4); // measured 2.3e-5
    expect(Math.abs(num(q.mean) - 3.5)).toBeLessThan(1e-8);
    expect(Math.abs(num(q.variance) / TRUE.variance - 1)).toBeLessThan(1e-4);
    // The histogram of the surrogate at the 2^16 points of its percentiles: a density whose mass
    // below the median is 1/2 (to within the bin the median falls in) and whose mean is the PCE's.
    const h = q.histogram!;
    expect([h.n, h.source, h.density.length]).toEqual([2 ** 16, 'surrogate', 40]);
    const w = (h.hi - h.lo) / 40;
    expect(h.density.reduce((a, d) => a + d * w, 0)).toBeCloseTo(1, 3);
    const median = num(q.percentiles!['50']!), k = Math.floor((median - h.lo) / w);
    const below = h.density.slice(0, k).reduce((a, d) => a + d * w, 0);
    expect(below).toBeLessThanOrEqual(0.5 + 1e-3);
    expect(below + h.density[k]! * w).toBeGreaterThanOrEqual(0.5 - 1e-3);
    expect(Math.abs(h.density.reduce((a, d, i) => a + d * w * (h.lo + (i + 0.5) * w), 0) - 3.5)).toBeLessThan(w / 2);
    // The same expansion as projectPCE on the sampler's grid; percentiles those of PCE.percentiles.
    const dists = [U, U, U].map((d) => distribution(d));
    const grid = sampler(spec, ishigamiVary).grid!;
    const x = grid.points.data;
    const Y = Float64Array.from({ length: grid.points.rows }, (_, i) => ishigami({ x1: x[3 * i]!, x2: x[3 * i + 1]!, x3: x[3 * i + 2]! }));
    const pce = projectPCE(dists, grid, Y, { degree: 10 });
    expect(q.mean).toBe(pce.mean());
    expect(q.variance).toBe(pce.variance());
    expect(Object.values(q.percentiles!)).toEqual(Array.from(pce.percentiles([10, 50, 90])));
    expect(num(q.std)).toBe(Math.sqrt(num(q.variance)));
    expect(Math.abs(num(q.sobolSecond!['x1,x3']) - TRUE.s13)).toBeLessThan(2e-4);
    expect(Math.abs(num(q.sobolSecond!['x1,x2']))).toBeLessThan(1e-12);
    // Percentiles of the surrogate: the median of Ishigami is near 3.5, and 10 < 50 < 90.
    expect(num(q.percentiles!['10'])).toBeLessThan(num(q.percentiles!['50']));
    expect(num(q.percentiles!['50'])).toBeLessThan(num(q.percentiles!['90']));
  });

  it('saltelli with second order, n = 2^11: S13 and the other pairs within 0.03', () => {
    const spec: SamplerSpec = { kind: 'saltelli', n: 2048, seed: 3, secondOrder: true };
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs: runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) })) }, { bootstrap: { resamples: 0 } });
    const s2 = r.analysis.y!.sobolSecond!;
    expect(Object.keys(s2)).toEqual(['x1,x2', 'x1,x3', 'x2,x3']);
    expect(Math.abs(num(s2['x1,x3']) - TRUE.s13)).toBeLessThan(0.03);
    expect(Math.abs(num(s2['x1,x2']))).toBeLessThan(0.03);
    expect(Math.abs(num(s2['x2,x3']))).toBeLessThan(0.03);
    expect(r.analysis.y!.runs).toBe(2048 * 8);
  });

  it('pce regression, order 10 on 2P = 572 points: indices to 1e-3, with the leave-one-out error', () => {
    const spec: SamplerSpec = { kind: 'pce', order: 10, points: 'regression', seed: 1 };
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs: runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) })) });
    const q = r.analysis.y!;
    expect(r.method).toBe('PCE (regression), order 10, 572 runs');
    expect(indexError(q)).toBeLessThan(1e-3);
    expect(Math.abs(num(q.mean) - 3.5)).toBeLessThan(1e-2);
    expect(num(q.looError)).toBeGreaterThan(0);
    expect(num(q.looError)).toBeLessThan(1e-3);
  });

  it('sc tensor, order 12 (13^3 Gauss points): indices to 1e-5, moments by quadrature', () => {
    const spec: SamplerSpec = { kind: 'sc', order: 12 };
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs: runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) })) }, { surrogateSamples: 4096 });
    const q = r.analysis.y!;
    expect(r.method).toBe('stochastic collocation (tensor grid), order 12, 2197 runs');
    expect(indexError(q)).toBeLessThan(1e-5);
    expect(Math.abs(num(q.mean) - 3.5)).toBeLessThan(1e-12);
    expect(Math.abs(num(q.variance) / TRUE.variance - 1)).toBeLessThan(1e-5);
  });

  it('sc sparse, order 6 (Clenshaw–Curtis, 1073 points): indices from the interpolant to 1e-8, variance by quadrature to 2e-5', () => {
    const spec: SamplerSpec = { kind: 'sc', order: 6, grid: 'sparse' };
    const runs = runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) }));
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs }, { surrogateSamples: 4096 });
    const q = r.analysis.y!;
    expect(runs.length).toBe(1073);
    expect(r.method).toBe('stochastic collocation (sparse grid), order 6, 1073 runs');
    expect(indexError(q)).toBeLessThan(1e-8);
    expect(Math.abs(num(q.sobolSecond!['x1,x3']) - TRUE.s13)).toBeLessThan(1e-8);
    expect(Math.abs(num(q.mean) - 3.5)).toBeLessThan(1e-12);
    // The sparse quadrature of the variance is less accurate than the interpolant at this level.
    expect(Math.abs(num(q.variance) / TRUE.variance - 1)).toBeLessThan(2e-5);
  });
});

describe('a polynomial of degree 2 in U(-1,1), U(-1,1), N(0,1): every expansion of order 2 is exact', () => {
  // f = x1 + 2 x2^2 + 3 x1 x3: mean 2/3; V1 = 1/3, V2 = 4 Var(x2^2) = 16/45, V13 = 9/3 = 3,
  // V = 166/45; S = (15, 16, 0)/166, ST = (150, 16, 135)/166, S13 = 135/166.
  const vary = { x1: { dist: 'uniform', low: -1, high: 1 }, x2: { dist: 'uniform', low: -1, high: 1 }, x3: { dist: 'normal', mean: 0, std: 1 } } as const;
  const f = (r: Run) => ({ y: num(r.x1) + 2 * num(r.x2) ** 2 + 3 * num(r.x1) * num(r.x3) });
  const V = 166 / 45;
  const cases: [string, SamplerSpec][] = [
    ['pce quadrature', { kind: 'pce', order: 2 }],
    ['pce sparse', { kind: 'pce', order: 2, points: 'sparse' }],
    ['pce regression', { kind: 'pce', order: 2, points: 'regression', seed: 3 }],
    ['sc tensor', { kind: 'sc', order: 2 }],
    ['sc sparse (Clenshaw–Curtis and Leja)', { kind: 'sc', order: 2, grid: 'sparse' }],
  ];
  for (const [name, spec] of cases) {
    it(`${name}: moments and indices to 1e-12`, () => {
      const q = analyse({ sampler: spec, vary, runs: runsOf(spec, vary, f) }, { surrogateSamples: 1024 }).analysis.y!;
      const close = (got: unknown, want: number, what: string) => expect(Math.abs(num(got) - want), `${what}: ${num(got)} vs ${want}`).toBeLessThan(1e-12);
      close(q.mean, 2 / 3, 'mean');
      close(q.variance, V, 'variance');
      close(q.sobolFirst!.x1, 15 / 166, 'S1');
      close(q.sobolFirst!.x2, 16 / 166, 'S2');
      close(q.sobolFirst!.x3, 0, 'S3');
      close(q.sobolTotal!.x1, 150 / 166, 'ST1');
      close(q.sobolTotal!.x2, 16 / 166, 'ST2');
      close(q.sobolTotal!.x3, 135 / 166, 'ST3');
      close(q.sobolSecond!['x1,x3'], 135 / 166, 'S13');
      close(q.sobolSecond!['x1,x2'], 0, 'S12');
    });
  }
});

describe('constant outputs', () => {
  it('have NaN indices and a warning, for scalar and vector QoIs', () => {
    const spec: SamplerSpec = { kind: 'pce', order: 2 };
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs: runsOf(spec, ishigamiVary, (p) => ({ c: 4, v: [1, num(p.x1)] })) }, { surrogateSamples: 64 });
    expect(r.warnings).toEqual(["c: the output does not vary: its Sobol' indices are NaN", "v: 1 of its 2 values do not vary: their Sobol' indices are NaN"]);
    expect(r.analysis.c!.mean).toBeCloseTo(4, 14);
    expect(num(r.analysis.c!.variance)).toBeLessThan(1e-28);
    expect(r.analysis.c!.sobolFirst!.x1).toBeNaN();
    expect((r.analysis.v!.sobolFirst!.x1 as number[])[1]).toBeCloseTo(1, 14);
  });
});

describe('a vector QoI: y(t) = A exp(-k t), A ~ U(1, 2), k ~ U(0.5, 1.5), t = 0, 0.5, ..., 5', () => {
  const ts = Array.from({ length: 11 }, (_, i) => i / 2);
  const vary = { A: { dist: 'uniform', low: 1, high: 2 }, k: { dist: 'uniform', low: 0.5, high: 1.5 } } as const;
  const f = (r: Run) => ({ y: ts.map((t) => num(r.A) * Math.exp(-num(r.k) * t)), peak: num(r.A) });
  // E[e^{-ckt}] for k ~ U(a, b); E[A] = 1.5, E[A^2] = 7/3, Var A = 1/12.
  const ek = (c: number, t: number): number => (t === 0 ? 1 : (Math.exp(-c * 0.5 * t) - Math.exp(-c * 1.5 * t)) / (c * t));
  const mean = ts.map((t) => 1.5 * ek(1, t));
  const variance = ts.map((t) => (7 / 3) * ek(2, t) - (1.5 * ek(1, t)) ** 2);
  const sA = ts.map((t, i) => ((1 / 12) * ek(1, t) ** 2) / variance[i]!);
  const sk = ts.map((t, i) => (2.25 * (ek(2, t) - ek(1, t) ** 2)) / variance[i]!);

  it('pce quadrature order 10: arrays for every Series, analytic per t to 1e-9, the same as each column alone', () => {
    const spec: SamplerSpec = { kind: 'pce', order: 10 };
    const runs = runsOf(spec, vary, f);
    const r = analyse({ sampler: spec, vary, runs }, { surrogateSamples: 4096, index: { y: ts } });
    const q = r.analysis.y!;
    expect(q.index).toEqual(ts);
    for (const key of ['mean', 'std', 'variance'] as const) expect((q[key] as number[]).length).toBe(11);
    for (const p of ['10', '50', '90']) expect((q.percentiles![p] as number[]).length).toBe(11);
    ts.forEach((t, i) => {
      expect(Math.abs((q.mean as number[])[i]! - mean[i]!), `mean at t = ${t}`).toBeLessThan(1e-9);
      expect(Math.abs((q.variance as number[])[i]! - variance[i]!), `variance at t = ${t}`).toBeLessThan(1e-9);
      expect(Math.abs((q.sobolFirst!.A as number[])[i]! - sA[i]!), `S_A at t = ${t}`).toBeLessThan(1e-9);
      expect(Math.abs((q.sobolFirst!.k as number[])[i]! - sk[i]!), `S_k at t = ${t}`).toBeLessThan(1e-9);
    });
    expect((q.sobolFirst!.A as number[])[0]).toBeCloseTo(1, 12); // y(0) = A
    // One column analysed on its own gives the same numbers as the vector's column.
    const col = 6;
    const alone = analyse({ sampler: spec, vary, runs: runs.map((x) => ({ params: x.params, outputs: { y: (x.outputs as { y: number[] }).y[col] } })) }, { surrogateSamples: 4096 }).analysis.y!;
    expect(alone.mean).toBe((q.mean as number[])[col]);
    expect(alone.variance).toBe((q.variance as number[])[col]);
    expect(alone.sobolTotal!.k).toBe((q.sobolTotal!.k as number[])[col]);
    expect(Math.abs(num(alone.percentiles!['90']) - (q.percentiles!['90'] as number[])[col]!)).toBeLessThan(1e-12);
    // The scalar QoI of the same runs is analysed alongside.
    expect(Math.abs(num(r.analysis.peak!.mean) - 1.5)).toBeLessThan(1e-12);
  });

  it('saltelli: one set of estimates for all columns, each equal to its column alone; no intervals for vectors', () => {
    const spec: SamplerSpec = { kind: 'saltelli', n: 1024, seed: 2 };
    const runs = runsOf(spec, vary, f);
    const r = analyse({ sampler: spec, vary, runs }, { bootstrap: { resamples: 0 } });
    const q = r.analysis.y!;
    expect(r.warnings).toEqual([]);
    expect((q.sobolFirst!.k as number[]).length).toBe(11);
    expect(q.sobolFirstConf).toBeUndefined();
    expect(q.convergence).toBeUndefined();
    const col = 4;
    const alone = analyse({ sampler: spec, vary, runs: runs.map((x) => ({ params: x.params, outputs: { y: (x.outputs as { y: number[] }).y[col] } })) }, { bootstrap: { resamples: 0 } }).analysis.y!;
    expect(alone.sobolFirst!.k).toBe((q.sobolFirst!.k as number[])[col]);
    expect(alone.sobolTotal!.A).toBe((q.sobolTotal!.A as number[])[col]);
    expect(Math.abs((q.sobolFirst!.k as number[])[col]! - sk[col]!)).toBeLessThan(0.03);
  });
});

describe('surrogate percentiles of a long vector QoI (the coffee cup: 16 runs x 150 times)', () => {
  const vary = { kappa: { dist: 'uniform', low: 0.025, high: 0.075 }, t_env: { dist: 'uniform', low: 15, high: 25 } } as const;
  const spec: SamplerSpec = { kind: 'pce', order: 3 };
  const ts = Array.from({ length: 150 }, (_, i) => (i * 200) / 149);
  const runs = runsOf(spec, vary, (p) => ({ te: ts.map((t) => num(p.t_env) + (95 - num(p.t_env)) * Math.exp(-num(p.kappa) * t)), end: num(p.t_env) + (95 - num(p.t_env)) * Math.exp(-num(p.kappa) * 200) }));

  it('default: 2^12 points for 150 columns (within 1.5 % of the std of 2^16 points), 2^16 for a scalar', () => {
    const r = analyse({ sampler: spec, vary, runs }).analysis;
    const at = (n: number) => analyse({ sampler: spec, vary, runs }, { surrogateSamples: n }).analysis;
    const small = at(2 ** 12), big = at(2 ** 16), ref = big;
    expect(r.te!.percentiles).toEqual(small.te!.percentiles);
    expect(r.te!.percentiles).not.toEqual(big.te!.percentiles);
    expect(r.end!.percentiles).toEqual(big.end!.percentiles);
    let worst = 0;
    for (const p of ['10', '50', '90']) {
      (r.te!.percentiles![p] as number[]).forEach((v, c) => {
        const s = (ref.te!.std as number[])[c]!;
        if (s > 0) worst = Math.max(worst, Math.abs(v - (ref.te!.percentiles![p] as number[])[c]!) / s);
      });
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.015); // 2^12 points against 2^20: 9.7e-3 of the std; 2^16 against 2^20: 1.4e-3
  });
});

describe('missing runs', () => {
  const spec: SamplerSpec = { kind: 'saltelli', n: 128, seed: 4 };
  it('saltelli: base rows with a missing run are dropped with a warning; the indices are those of the rest', () => {
    const runs = runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) }));
    // Runs 5 (A, base row 5), 128 + 7 (B, row 7) and 3 * 128 + 5 (AB_2, row 5 again) fail.
    const failed = new Set([5, 135, 389]);
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs: runs.filter((_, i) => !failed.has(i)) }, { bootstrap: { resamples: 100, seed: 9 } });
    expect(r.warnings).toEqual(['y: 3 of the 640 design runs are missing; 2 of 128 base rows (every block of them) were dropped']);
    expect(r.analysis.y!.runs).toBe(126 * 5);
    // The same as sobolIndices dropping those base rows itself (NaN outputs, nonFinite: 'drop').
    const Y = Float64Array.from(runs, (x, i) => (failed.has(i) ? NaN : (x.outputs as { y: number }).y));
    const ref = sobolIndices(Y, { n: 128, dim: 3, nonFinite: 'drop', bootstrap: { resamples: 100, seed: 9 } });
    expect(ref.dropped).toEqual([5, 7]);
    P.forEach((k, j) => {
      expect(r.analysis.y!.sobolFirst![k]).toBe(ref.first[j]);
      expect(r.analysis.y!.sobolTotal![k]).toBe(ref.total[j]);
      expect(r.analysis.y!.sobolTotalConf![k]).toBe(ref.totalConf![j]);
    });
  });

  it('projection and collocation refuse a grid with missing nodes, naming the count; regression fits the rest', () => {
    const pspec: SamplerSpec = { kind: 'pce', order: 4 };
    const runs = runsOf(pspec, ishigamiVary, (p) => ({ y: ishigami(p) })).filter((_, i) => i !== 10 && i !== 77);
    for (const method of ['auto', 'sc'] as const) {
      const e = thrown(() => analyse({ sampler: pspec, vary: ishigamiVary, runs }, { method }));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toBe(`input.runs: expected outputs of y at all 125 grid nodes for ${method === 'sc' ? 'stochastic collocation' : 'spectral projection'}; 2 nodes are missing, got 123 ` +
        "(re-run the failed runs, or pass { method: 'pce-regression' } to fit the PCE by least squares on the 123 nodes that have outputs)");
    }
    const r = analyse({ sampler: pspec, vary: ishigamiVary, runs }, { method: 'pce-regression', surrogateSamples: 1024 });
    expect(r.method).toBe('PCE (regression), order 4, 123 runs');
    expect(r.analysis.y!.runs).toBe(123);
  });

  it('runs without an output, and runs that are not design points, are left out with warnings', () => {
    const pspec: SamplerSpec = { kind: 'pce', order: 2, points: 'regression', seed: 1 };
    const runs = runsOf(pspec, ishigamiVary, (p) => ({ y: ishigami(p) }));
    runs[0] = { params: runs[0]!.params, outputs: { y: null } };
    runs.push({ params: { x1: 0.5, x2: 0.5, x3: 0.5 }, outputs: { y: 1 } });
    const r = analyse({ sampler: pspec, vary: ishigamiVary, runs }, { surrogateSamples: 1024 });
    expect(r.warnings).toEqual([
      "1 of 21 runs are not points of the sampler's design (their uncertain parameters match no design row) and were left out",
      'y: 1 runs have no finite output and were left out',
    ]);
    expect(r.analysis.y!.runs).toBe(19);
  });
});

describe('order and extra parameters', () => {
  it('shuffled runs with extra non-varied parameters give the same result, bit for bit', () => {
    for (const spec of [{ kind: 'saltelli', n: 64, seed: 5 }, { kind: 'pce', order: 5, points: 'regression', seed: 2 }, { kind: 'sc', order: 3, grid: 'sparse' }, { kind: 'qmc', n: 100, seed: 1 }] as SamplerSpec[]) {
      const plain = sampler(spec, ishigamiVary).rest().map((p) => ({ params: p, outputs: { y: ishigami(p) } }));
      const a = analyse({ sampler: spec, vary: ishigamiVary, runs: plain }, { surrogateSamples: 1024 });
      // A deterministic shuffle (multiplicative permutation), and parameters the sampler did not vary.
      const n = plain.length;
      let step = 7919;
      while (gcd(step, n) !== 1) step++;
      const shuffled = plain.map((_, i) => plain[(i * step) % n]!).map((x, i) => ({ params: { mesh: 'fine', id: n - i, ...x.params }, outputs: x.outputs }));
      expect(shuffled[0]).not.toEqual(plain[0]);
      const b: AnalysisResult = analyse({ sampler: spec, vary: ishigamiVary, runs: shuffled }, { surrogateSamples: 1024 });
      expect(b, spec.kind).toEqual(a);
    }
  });
});
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

interface StatsRef { mean: number; variance: number; std: number; percentiles: Record<string, number> }
interface Fixture { percentiles: number[]; runs: AnalysisRun[]; y: StatsRef; z: StatsRef[] }

describe('basic statistics against numpy (scripts/fixtures/analysis.py)', () => {
  const fx = fixture<Fixture>('analysis.json');
  const vary = { a: { dist: 'uniform', low: 0, high: 1 }, b: { dist: 'normal', mean: 2, std: 0.5 } } as const;
  const rel = (got: number, want: number, what: string) => expect(Math.abs(got - want), `${what}: ${got} vs numpy ${want}`).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(want)) * 8);
  it('table sampler: mean, variance and std (ddof 1) and linear percentiles of a scalar and a vector QoI', () => {
    const r = analyse({ sampler: { kind: 'table', runs: [] }, vary, runs: fx.runs }, { percentiles: fx.percentiles });
    expect(r.method).toBe('basic statistics, 257 runs');
    const y = r.analysis.y!;
    rel(num(y.mean), fx.y.mean, 'mean y');
    rel(num(y.variance), fx.y.variance, 'variance y');
    rel(num(y.std), fx.y.std, 'std y');
    for (const p of fx.percentiles) rel(num(y.percentiles![String(p)]), fx.y.percentiles[String(p)]!, `percentile ${p} of y`);
    const z = r.analysis.z!;
    fx.z.forEach((ref, c) => {
      rel((z.mean as number[])[c]!, ref.mean, `mean z[${c}]`);
      rel((z.std as number[])[c]!, ref.std, `std z[${c}]`);
      for (const p of fx.percentiles) rel((z.percentiles![String(p)] as number[])[c]!, ref.percentiles[String(p)]!, `percentile ${p} of z[${c}]`);
    });
  });
  it('bootstrap intervals: seeded (same seed, same numbers; another seed, others), around the estimate, narrower at lower confidence, skipped when too costly', () => {
    const run = (o: object) => analyse({ sampler: { kind: 'table', runs: [] }, vary, runs: fx.runs }, o).analysis.y!;
    const a = run({}), b = run({ bootstrap: { seed: 0 } }), c = run({ bootstrap: { seed: 1 } });
    expect(b.meanInterval).toEqual(a.meanInterval);
    expect(c.meanInterval).not.toEqual(a.meanInterval);
    const lo = num(a.meanInterval!.low), hi = num(a.meanInterval!.high);
    expect(lo).toBeLessThan(num(a.mean));
    expect(hi).toBeGreaterThan(num(a.mean));
    // The half-width is near 1.96 standard errors of the mean.
    const se = num(a.std) / Math.sqrt(257);
    expect((hi - lo) / 2 / (1.96 * se)).toBeGreaterThan(0.85);
    expect((hi - lo) / 2 / (1.96 * se)).toBeLessThan(1.15);
    const narrow = run({ bootstrap: { confidence: 0.5 } });
    expect(num(narrow.meanInterval!.high) - num(narrow.meanInterval!.low)).toBeLessThan(hi - lo);
    expect(run({ bootstrap: { resamples: 0 } }).meanInterval).toBeUndefined();
    // Too much work (resamples x runs x values > 2^28): no intervals, and a warning saying so.
    const big = analyse({ sampler: { kind: 'table', runs: [] }, vary, runs: fx.runs, qois: ['z'] }, { bootstrap: { resamples: 300_000 } });
    expect(big.analysis.z!.meanInterval).toBeUndefined();
    expect(big.warnings).toEqual(['z: no bootstrap intervals for the mean and std: 300000 resamples of 257 runs x 4 values exceed 2^28 draws (pass bootstrap.resamples <= 261123)']);
  });
});

describe('replica and method overrides', () => {
  it('replica of a pce grid: the replica means are analysed; replicaStd is the noise', () => {
    const vary = { x1: { dist: 'uniform', low: -1, high: 1 }, x2: { dist: 'uniform', low: -1, high: 1 } } as const;
    const spec: SamplerSpec = { kind: 'replica', of: { kind: 'pce', order: 2 }, replicas: 2 };
    const delta = 0.25;
    const runs = sampler(spec, vary).rest().map((p) => ({ params: p, outputs: { y: num(p.x1) + num(p.x1) * num(p.x2) + (p.replica === 0 ? delta : -delta) } }));
    const r = analyse({ sampler: spec, vary, runs }, { surrogateSamples: 1024 });
    const q = r.analysis.y!;
    expect(r.method).toBe('means of 2 replicas: PCE (projection), order 2, 9 design points');
    // f = x1 + x1 x2: mean 0, V1 = 1/3, V12 = 1/9: S1 = 3/4, S2 = 0, ST2 = 1/4.
    expect(Math.abs(num(q.mean))).toBeLessThan(1e-12);
    expect(Math.abs(num(q.variance) - 4 / 9)).toBeLessThan(1e-12);
    expect(Math.abs(num(q.sobolFirst!.x1) - 0.75)).toBeLessThan(1e-12);
    expect(Math.abs(num(q.sobolTotal!.x2) - 0.25)).toBeLessThan(1e-12);
    expect(Math.abs(num(q.replicaStd) - delta * Math.SQRT2)).toBeLessThan(1e-12);
  });

  it("'pce-regression' on qmc samples needs a degree and fits it; 'stats' on any sampler", () => {
    const spec: SamplerSpec = { kind: 'qmc', n: 512, seed: 3 };
    const runs = runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) }));
    expect(thrown(() => analyse({ sampler: spec, vary: ishigamiVary, runs }, { method: 'pce-regression' })).message)
      .toBe("options.degree: expected the total degree of the PCE (the sampler 'qmc' has no order), got undefined");
    const r = analyse({ sampler: spec, vary: ishigamiVary, runs }, { method: 'pce-regression', degree: 9, surrogateSamples: 1024 });
    expect(r.method).toBe('PCE (regression), order 9, 512 runs');
    expect(indexError(r.analysis.y!)).toBeLessThan(0.01);
    const s = analyse({ sampler: { kind: 'pce', order: 3 }, vary: ishigamiVary, runs: runsOf({ kind: 'pce', order: 3 }, ishigamiVary, (p) => ({ y: ishigami(p) })) }, { method: 'stats' });
    expect(s.method).toBe('basic statistics, 64 runs');
    expect(s.analysis.y!.sobolFirst).toBeUndefined();
  });

  it('errors name the field, the value and what was expected', () => {
    const spec: SamplerSpec = { kind: 'qmc', n: 8, seed: 1 };
    const runs = runsOf(spec, ishigamiVary, (p) => ({ y: ishigami(p) }));
    const input = { sampler: spec, vary: ishigamiVary, runs };
    expect(thrown(() => analyse(input, { method: 'sobol' })).message)
      .toBe("options.method: expected a method for the sampler 'qmc' ('sobol' needs a saltelli sampler), got \"sobol\" ('stats' and 'pce-regression' fit any sampler)");
    expect(thrown(() => analyse(input, { method: 'sc' })).message).toMatch(/^options\.method: expected a method for the sampler 'qmc' \('sc' needs a sampler on a grid/);
    expect(thrown(() => analyse(input, { percentiles: [50, 101] })).message).toBe('options.percentiles[1]: expected a percentile from 0 to 100, got 101');
    expect(thrown(() => analyse(input, { bootstrp: {} } as never)).message).toMatch(/^options\.bootstrp: expected no such option/);
    const bad = runs.map((r, i) => (i === 3 ? { params: { ...r.params, x2: 'high' }, outputs: r.outputs } : r));
    expect(thrown(() => analyse({ ...input, runs: bad }, { method: 'pce-regression', degree: 1 })).message)
      .toMatch(/^input\.runs\[3\]\.params\.x2: expected a finite number \(an uncertain parameter\), got "high"/);
    // x1 = 9.9 puts this run last in the canonical order, after scalar outputs of y.
    const vec = runs.map((r, i) => (i === 2 ? { params: { ...r.params, x1: 9.9 }, outputs: { y: [1, 2] } } : r));
    expect(thrown(() => analyse({ ...input, runs: vec })).message).toMatch(/^input\.runs\[2\]\.outputs\.y: expected a number \(a scalar QoI, as in other runs\)/);
    expect(thrown(() => analyse(input, { index: { y: [0, 1] } })).message).toBe('options.index.y: expected no index: y is a scalar QoI, got an array of length 2');
    expect(thrown(() => analyse({ sampler: { kind: 'table', runs: [] }, vary: {}, runs }, { method: 'pce-regression', degree: 2 })).message)
      .toBe("input.vary: expected the uncertain parameters and their distributions (method 'pce-regression' needs them), got a value of type object");
    expect(thrown(() => analyse({ ...input, qois: ['nope'] })).message).toBe('input.qois: expected a QoI with a numeric output in at least one run, got "nope"');
  });
});

describe('what the runs allow', () => {
  const vary = { x: { dist: 'uniform', low: 0, high: 1 } } as const;
  it('outputs that are not numbers or arrays of numbers are listed as not analysed, the others analysed', () => {
    const spec: SamplerSpec = { kind: 'qmc', n: 8, seed: 1 };
    const runs = runsOf(spec, vary, (p) => ({ y: 2 * (p.x as number), tag: 'ok', meta: { a: 1 }, M: [[1, 2], [3, 4]], flag: true, mixed: ['a', 1], none: null }));
    const r = analyse({ sampler: spec, vary, runs });
    expect(Object.keys(r.analysis)).toEqual(['y']);
    expect(r.notAnalysed).toEqual({
      tag: 'text (e.g. "ok"), not numbers', meta: 'objects (nested values), not numbers', M: 'a matrix (arrays of arrays), not a number or an array of numbers',
      flag: 'true/false values, not numbers', mixed: 'arrays that are not all numbers', none: 'no run has a finite value',
    });
    expect(r.warnings).toEqual([]);
    // a QoI named but in no run is a mistake, as before
    expect(thrown(() => analyse({ sampler: spec, vary, runs, qois: ['y', 'nope'] })).message).toBe('input.qois: expected a QoI with a numeric output in at least one run, got "nope"');
  });

  it('one run: its value is the mean and every percentile; the std and variance are NaN, with a warning', () => {
    const r = analyse({ sampler: { kind: 'qmc', n: 1, seed: 1 }, vary, runs: [{ params: { x: 0.25 }, outputs: { y: 3, v: [1, 2] } }] });
    expect(r.method).toBe('basic statistics, 1 run');
    expect(r.analysis.y).toMatchObject({ runs: 1, mean: 3, percentiles: { 10: 3, 50: 3, 90: 3 } });
    expect([r.analysis.y!.std, r.analysis.y!.variance, r.analysis.y!.meanInterval]).toEqual([NaN, NaN, undefined]);
    expect(r.analysis.v).toMatchObject({ mean: [1, 2], percentiles: { 50: [1, 2] } });
    expect(r.warnings).toEqual([
      'y: 1 run: its value is the mean and every percentile; the std and variance need 2 runs (NaN)',
      'v: 1 run: its value is the mean and every percentile; the std and variance need 2 runs (NaN)',
    ]);
  });

  it('runs without a sampler: basic statistics, or a regression PCE when asked; design methods are refused', () => {
    const runs = [1, 2, 4].map((x) => ({ params: { x: x / 5 }, outputs: { y: x * x } }));
    const r = analyse({ vary: {}, runs });
    expect([r.method, r.analysis.y!.mean]).toEqual(['basic statistics, 3 runs', 7]);
    const fit = analyse({ vary, runs }, { method: 'pce-regression', degree: 1 });
    expect(fit.method).toBe('PCE (regression), order 1, 3 runs');
    expect(thrown(() => analyse({ vary, runs }, { method: 'sobol' })).message)
      .toBe("options.method: expected a method for runs without a sampler ('sobol' needs a saltelli sampler), got \"sobol\" ('stats' and 'pce-regression' fit any sampler)");
    expect(thrown(() => analyse({ vary, runs }, { method: 'pce-regression' })).message).toBe('options.degree: expected the total degree of the PCE (the runs have no sampler), got undefined');
  });
});
