// Borgonovo's delta and the first-order index of SALib 1.5.2's delta.analyze: equal to SALib on
// the same X, Y and the same drawn rows (test/fixtures/salib_delta.json, made by
// scripts/fixtures/salib_delta.py, which records SALib's draws), against the delta of a linear
// model with Gaussian inputs computed by quadrature, invariants and errors.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteOutputError, Normal, ShapeError, deltaAnalyze, deltaClasses, latinSample, matrix } from 'uqkit';
import { fixture, thrown } from './helpers.js';

interface Case { name: string; D: number; N: number; R: number; yResamples: number | null; X: number[]; Y: number[]; draws: number[][]; delta: number[]; delta_conf: number[]; S1: number[]; S1_conf: number[] }
const FX = fixture<{ confidence: number; cases: Case[]; linearNormal: { a: number[]; s: number[]; delta: number[] } }>('salib_delta.json');
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('delta against SALib 1.5.2 on the same rows', () => {
  it.each(FX.cases.map((c) => [c.name, c] as const))('%s: delta, delta_conf, S1, S1_conf to 1e-12', (_, c) => {
    const X = matrix(Float64Array.from(c.X), c.N, c.D);
    // SALib's draws per parameter: the delta subset, its resamples, the S1 subset, its resamples
    const draws = Array.from({ length: c.D }, (_, i) => ({
      delta: Int32Array.from([...c.draws[4 * i]!, ...c.draws[4 * i + 1]!]),
      S1: Int32Array.from([...c.draws[4 * i + 2]!, ...c.draws[4 * i + 3]!]),
    }));
    const r = deltaAnalyze(X, Float64Array.from(c.Y), { resamples: c.R, draws, ...(c.yResamples ? { yResamples: c.yResamples } : {}) });
    expect(maxAbs(r.delta, c.delta)).toBeLessThan(1e-12);
    expect(maxAbs(r.delta_conf, c.delta_conf)).toBeLessThan(1e-12);
    expect(maxAbs(r.S1, c.S1)).toBeLessThan(1e-12);
    expect(maxAbs(r.S1_conf, c.S1_conf)).toBeLessThan(1e-12);
    expect(r.seed).toBeUndefined();
  });

  it('classes: SALib\'s count M = min(ceil(n^(2/(7+tanh((1500-n)/500)))), 48)', () => {
    expect([deltaClasses(100), deltaClasses(400), deltaClasses(1000), deltaClasses(4000), deltaClasses(10000), deltaClasses(1e6)]).toEqual([4, 5, 6, 16, 22, 48]);
  });
});

describe('delta of a linear model with Gaussian inputs', () => {
  // The estimator is biased upward for weak inputs at this size: SALib's own delta of the
  // input without effect is 0.071 on 4000 Gaussian rows (0.16, 0.41, 0.16 for the others).
  // Over seeds the influential inputs' errors stay within 0.04 (half-widths ~0.012); S1 is
  // estimated on a subset drawn with replacement (SALib's definition), which spreads it by ~0.02.
  it('N = 4000: influential inputs within 0.05 of the quadrature reference, the null input below 0.1; S1 within 0.06 of a_i^2 s_i^2 / var Y', () => {
    const { a, s, delta } = FX.linearNormal;
    const { X } = latinSample(s.map((si) => new Normal(0, si)), 4000, { seed: 21 });
    const Y = Float64Array.from({ length: X.rows }, (_, i) => a.reduce((t, ai, j) => t + ai * X.data[i * 4 + j]!, 0));
    const r = deltaAnalyze(X, Y, { resamples: 20, seed: 22 });
    expect(maxAbs(r.delta.subarray(0, 3), delta.slice(0, 3))).toBeLessThan(0.05);
    expect(r.delta[3]! < 0.1 && r.delta[3]! < r.delta[0]! / 1.5).toBe(true);
    const v = a.reduce((t, ai, j) => t + (ai * s[j]!) ** 2, 0);
    expect(maxAbs(r.S1, a.map((ai, j) => (ai * s[j]!) ** 2 / v))).toBeLessThan(0.06);
    // the half-widths are positive and cover the reference within a few widths
    for (let j = 0; j < 3; j++) {
      expect(r.delta_conf[j]! > 0).toBe(true);
      expect(Math.abs(r.delta[j]! - delta[j]!)).toBeLessThan(4 * r.delta_conf[j]! + 0.01);
    }
  });
});

describe('deltaAnalyze', () => {
  const { X } = latinSample([[0, 1], [0, 1]], 300, { seed: 1 });
  const Y = Float64Array.from({ length: 300 }, (_, i) => X.data[2 * i]! ** 2 + 0.1 * X.data[2 * i + 1]!);
  it('reproducible by seed; method delta leaves S1 NaN and sobol leaves delta NaN, with the same values', () => {
    const a = deltaAnalyze(X, Y, { resamples: 10, seed: 4 }), b = deltaAnalyze(X, Y, { resamples: 10, seed: 4 });
    expect(a.delta).toEqual(b.delta);
    expect(a.seed).toBe(4n);
    const d = deltaAnalyze(X, Y, { resamples: 10, seed: 4, method: 'delta' }), s = deltaAnalyze(X, Y, { resamples: 10, seed: 4, method: 'sobol' });
    expect(d.delta).toEqual(a.delta);
    expect(s.S1).toEqual(a.S1);
    expect(Number.isNaN(d.S1[0]!) && Number.isNaN(s.delta[0]!)).toBe(true);
    expect(a.delta[0]! > a.delta[1]!).toBe(true);
  });
  it('errors', () => {
    expect(thrown(() => deltaAnalyze(X, new Float64Array(299)))).toBeInstanceOf(ShapeError);
    const bad = Y.slice();
    bad[5] = Infinity;
    expect(thrown(() => deltaAnalyze(X, bad))).toBeInstanceOf(NonFiniteOutputError);
    expect(thrown(() => deltaAnalyze(X, Y, { yResamples: 301 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => deltaAnalyze(X, Y, { resamples: 1 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => deltaAnalyze(X, new Float64Array(300).fill(2))).message).toMatch(/not all equal/);
    expect(thrown(() => deltaAnalyze(X, Y, { resamples: 2, draws: [{ delta: new Int32Array(3 * 300).fill(300) }, {}] })).message).toMatch(/row index from 0 to 299/);
  });
});
