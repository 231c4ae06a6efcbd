// Distances between distributions against scipy (fixtures from scripts/fixtures/distances.py),
// closed forms for two normals, and invariants.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compatibility, distribution, distributionDistances, hellingerDistance, jensenShannonDistance, kolmogorovSf, ksTwoSample,
  Normal, sampleDistances, sobol, wassersteinDistance, type DistributionSpec,
} from 'uqkit';
import { thrown } from './helpers.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/distances.json', import.meta.url), 'utf8'));

/** |a - b| <= tol * max(1, |b|), with a message that shows both. */
const close = (a: number, b: number, tol: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('wassersteinDistance', () => {
  it('order 1 equals scipy.stats.wasserstein_distance, with and without weights', () => {
    for (const c of fx.wasserstein) {
      close(wassersteinDistance(c.u, c.v), c.w1, 1e-13, 'W1');
      close(wassersteinDistance(c.u, c.v, { uWeights: c.uWeights, vWeights: c.vWeights }), c.w1Weighted, 1e-13, 'W1 weighted');
    }
  });
  it('order 2 of equal-size samples is the root mean square of the sorted differences', () => {
    for (const c of fx.w2) close(wassersteinDistance(c.u, c.v, { order: 2 }), c.w2, 1e-13, 'W2');
  });
  it('is symmetric, zero for a sample and itself shuffled, a shift for a shifted sample, and grows with the order', () => {
    const u = [0.3, -1.2, 2.5, 0.7, 0.1];
    expect(wassersteinDistance(u, [...u].reverse())).toBe(0);
    close(wassersteinDistance(u, u.map((x) => x + 0.75), { order: 2 }), 0.75, 1e-15, 'shift');
    const v = [1, 4, -2];
    expect(wassersteinDistance(u, v)).toBe(wassersteinDistance(v, u));
    expect(wassersteinDistance(u, v, { order: 2 })).toBeGreaterThanOrEqual(wassersteinDistance(u, v));
  });
  it('refuses empty samples, non-finite values, bad weights and orders, naming the field', () => {
    expect(thrown(() => wassersteinDistance([], [1]))).toMatchObject({ name: 'InvalidArgumentError', field: 'u' });
    expect(thrown(() => wassersteinDistance([1, NaN], [1]))).toMatchObject({ field: 'u[1]' });
    expect(thrown(() => wassersteinDistance([1, 2], [1], { uWeights: [1] }))).toMatchObject({ field: 'options.uWeights' });
    expect(thrown(() => wassersteinDistance([1, 2], [1], { vWeights: [-1] }))).toMatchObject({ field: 'options.vWeights[0]' });
    expect(thrown(() => wassersteinDistance([1], [1], { order: 0.5 }))).toMatchObject({ field: 'options.order' });
  });
});

describe('ksTwoSample', () => {
  it("statistic and exact p-value equal scipy's ks_2samp(method='exact'), ties included", () => {
    for (const c of fx.ks) {
      const r = ksTwoSample(c.a, c.b);
      expect(r.method).toBe('exact');
      close(r.statistic, c.statistic, 1e-15, `D n=${c.a.length} m=${c.b.length}`);
      // Relative: the p-values reach 1e-30; counting the paths that leave the band keeps their digits.
      expect(Math.abs(r.pValue - c.pValue) / c.pValue, `p n=${c.a.length} m=${c.b.length}: ${r.pValue} vs ${c.pValue}`).toBeLessThan(1e-9);
    }
  });
  it("the limiting distribution equals scipy's kstwobign.sf", () => {
    for (const c of fx.kolmogorov) close(kolmogorovSf(c.x), c.sf, 1e-14, `x=${c.x}`);
  });
  it('two samples from one distribution: p-values near uniform; from shifted ones: small', () => {
    const draws = sobol(2 ** 12, 2, { scramble: 'owen', seed: 7n });
    const std = new Normal(0, 1);
    const a = Array.from({ length: 2000 }, (_, i) => std.ppf(draws.data[2 * i]!));
    const b = Array.from({ length: 2000 }, (_, i) => std.ppf(draws.data[2 * (2000 + i) + 1]!));
    expect(ksTwoSample(a, b).pValue).toBeGreaterThan(0.05);
    expect(ksTwoSample(a, b.map((x) => x + 0.3)).pValue).toBeLessThan(1e-10);
    const big = ksTwoSample(Array.from({ length: 12_000 }, (_, i) => i), Array.from({ length: 12_000 }, (_, i) => i + 100));
    expect(big.method).toBe('asymptotic');
    close(big.statistic, 100 / 12_000, 1e-15, 'D');
    close(big.pValue, kolmogorovSf((100 / 12_000) * Math.sqrt(6000)), 1e-15, 'asymptotic p');
  });
});

describe('Hellinger and Jensen–Shannon distances of discrete distributions', () => {
  it('equal scipy (jensenshannon, base 2 and e) and the Hellinger formula on normalised vectors', () => {
    for (const c of fx.discrete) {
      close(jensenShannonDistance(c.p, c.q), c.js2, 1e-14, 'JS base 2');
      close(jensenShannonDistance(c.p, c.q, Math.E), c.jsE, 1e-14, 'JS base e');
      close(hellingerDistance(c.p, c.q), c.hellinger, 1e-14, 'Hellinger');
    }
  });
  it('0 for equal, 1 for disjoint distributions; refuse vectors of different lengths', () => {
    expect(hellingerDistance([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(hellingerDistance([1, 0], [0, 1])).toBe(1);
    close(jensenShannonDistance([1, 0], [0, 1]), 1, 1e-15, 'JS disjoint');
    expect(thrown(() => hellingerDistance([1, 2], [1]))).toMatchObject({ field: 'q' });
    expect(thrown(() => jensenShannonDistance([1], [1], 1))).toMatchObject({ field: 'base' });
  });
});

describe('distributionDistances', () => {
  it('two normals: Hellinger and Wasserstein-2 in closed form', () => {
    const cases: [number, number, number, number][] = [[0, 1, 1, 2], [0, 0.01, 0.01, 0.01], [3, 2, -1, 0.5]];
    for (const [m1, s1, m2, s2] of cases) {
      const d = distributionDistances(new Normal(m1, s1), new Normal(m2, s2));
      const h = Math.sqrt(1 - Math.sqrt((2 * s1 * s2) / (s1 * s1 + s2 * s2)) * Math.exp(-((m1 - m2) ** 2) / (4 * (s1 * s1 + s2 * s2))));
      close(d.hellinger, h, 1e-12, 'Hellinger');
      close(d.wasserstein2, Math.hypot(m1 - m2, s1 - s2), 1e-12, 'W2');
    }
    // Equal spreads: W1 is the shift, KS is 2 Phi(shift / 2s) - 1.
    const d = distributionDistances(new Normal(0, 0.5), new Normal(0.3, 0.5));
    close(d.wasserstein1, 0.3, 1e-12, 'W1');
    close(d.ks, 2 * new Normal(0, 1).cdf(0.3 / 1) - 1, 1e-12, 'KS');
  });
  it('normal against gamma, uniform against triangular: equal to scipy quadrature', () => {
    for (const c of fx.continuous) {
      const d = distributionDistances(distribution(c.a as DistributionSpec), distribution(c.b as DistributionSpec));
      for (const k of ['hellinger', 'jensenShannon', 'wasserstein1', 'wasserstein2', 'ks'] as const) close(d[k], c[k], 1e-9, `${c.name} ${k}`);
    }
  });
});

describe('sampleDistances', () => {
  it('large samples of two normals come near the distributions\' distances', () => {
    const draws = sobol(2 ** 14, 2, { scramble: 'owen', seed: 11n });
    const a = new Normal(0, 1);
    const b = new Normal(0.5, 1.5);
    const xa = Array.from({ length: 2 ** 14 }, (_, i) => a.ppf(draws.data[2 * i]!));
    const xb = Array.from({ length: 2 ** 14 }, (_, i) => b.ppf(draws.data[2 * i + 1]!));
    const s = sampleDistances(xa, xb);
    const d = distributionDistances(a, b);
    expect(s.n).toEqual([2 ** 14, 2 ** 14]);
    close(s.wasserstein1, d.wasserstein1, 0.01, 'W1');
    close(s.wasserstein2, d.wasserstein2, 0.01, 'W2');
    close(s.ks.statistic, d.ks, 0.01, 'KS');
    close(s.hellinger, d.hellinger, 0.01, 'Hellinger (KDE)');
    close(s.jensenShannon, d.jensenShannon, 0.01, 'JS (KDE)');
    const same = sampleDistances(xa, xa);
    expect([same.wasserstein1, same.hellinger, same.jensenShannon, same.ks.statistic]).toEqual([0, 0, 0, 0]);
  });
});

describe('compatibility', () => {
  it('the moment-based measure: 0 for equal moments, the mean term alone with weight 0, bounded by 1', () => {
    const a = { mean: 1, variance: 0.5, skewness: 0.2 };
    expect(compatibility(a, a)).toBe(0);
    close(compatibility(a, { mean: 2, variance: 1.5, skewness: -0.3 }, 0), 1 / (2 * 2 + 1), 1e-15, 'mean term');
    close(compatibility(a, { mean: 1, variance: 0.5, skewness: -0.3 }, 1), 0.25 / (2 + 0.25), 1e-15, 'skewness term');
    expect(compatibility(a, { mean: 1e6, variance: 0, skewness: 50 })).toBeLessThanOrEqual(1);
    expect(thrown(() => compatibility(a, a, 1.5))).toMatchObject({ field: 'weight' });
    expect(thrown(() => compatibility(a, { ...a, variance: -1 }))).toMatchObject({ field: 'b.variance' });
  });
});
