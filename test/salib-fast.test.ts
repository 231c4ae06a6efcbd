// eFAST and RBD-FAST against SALib 1.5.2 on the same samples and outputs
// (test/fixtures/salib_fast.json, salib_rbd_fast.json, made by scripts/fixtures/salib_fast.py and
// salib_rbd_fast.py), against Ishigami's analytic indices (../shared/REFERENCE.md), the power
// spectra against a direct DFT, the Latin hypercube's stratification, and the errors.
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, NonFiniteOutputError, Normal, ShapeError, Uniform, fastAnalyze, fastSample, latinSample, matrix, rbdFastAnalyze, type Matrix,
} from 'uqkit';
import { powerSpectra } from '../build/numerics/salib-support.js';
import { fixture, thrown } from './helpers.js';

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
const PI = Math.PI;
const ISHIGAMI: [number, number][] = [[-PI, PI], [-PI, PI], [-PI, PI]];
const ishigami = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
  const [a, b, c] = [X.data[3 * i]!, X.data[3 * i + 1]!, X.data[3 * i + 2]!];
  return Math.sin(a) + 7 * Math.sin(b) ** 2 + 0.1 * c ** 4 * Math.sin(a);
});
const S1_ISHIGAMI = [0.3139051911, 0.4424111448, 0];
const ST_ISHIGAMI = [0.5575888552, 0.4424111448, 0.2436836641];

interface FastCase { name: string; D: number; N: number; M: number; bounds: [number, number][]; phases: number[]; X: number[]; Y: number[]; S1: number[]; ST: number[]; resamples: number[]; R: number; S1_conf: number[]; ST_conf: number[] }
const FAST = fixture<{ confidence: number; cases: FastCase[] }>('salib_fast.json');
interface RbdCase { name: string; D: number; N: number; M: number; X: number[]; Y: number[]; S1: number[]; resamples: number[]; R: number; S1_conf: number[] }
const RBD = fixture<{ confidence: number; cases: RbdCase[] }>('salib_rbd_fast.json');

describe('power spectra (radix-2 and Bluestein FFT)', () => {
  it.each([2, 3, 5, 8, 12, 17, 64, 100, 257])('n = %i: |DFT_k|^2 equal to a direct sum', (n) => {
    const y = Float64Array.from({ length: 2 * n }, (_, j) => Math.sin(0.7 * j) + ((j * 7919) % 13) / 13 - 0.3);
    const P = powerSpectra(y, n, 2);
    const K = (n >> 1) + 1;
    for (let r = 0; r < 2; r++) {
      let scale = 0;
      for (let j = 0; j < n; j++) scale += y[r * n + j]! ** 2;
      for (let k = 0; k < K; k++) {
        let re = 0, im = 0;
        for (let j = 0; j < n; j++) {
          const t = (-2 * Math.PI * ((j * k) % n)) / n;
          re += y[r * n + j]! * Math.cos(t);
          im += y[r * n + j]! * Math.sin(t);
        }
        expect(Math.abs(P[r * K + k]! - (re * re + im * im))).toBeLessThan(1e-12 * n * scale);
      }
    }
  });
});

describe('eFAST against SALib 1.5.2', () => {
  it.each(FAST.cases.map((c) => [c.name, c] as const))('%s: the sample with SALib phases, S1 and ST to 1e-12, intervals on the same resamples', (_, c) => {
    const design = fastSample(c.bounds, c.N, { M: c.M, phases: c.phases });
    expect([design.X.rows, design.X.cols]).toEqual([c.N * c.D, c.D]);
    // sin near +-1 makes asin ill-conditioned: one ulp of sin moves x by ~1e-12 there
    expect(maxAbs(design.X.data, c.X)).toBeLessThan(1e-11);
    const r = fastAnalyze(Float64Array.from(c.Y), c.D, { M: c.M, resampleIndices: Array(c.D).fill(Int32Array.from(c.resamples)) });
    expect(maxAbs(r.S1, c.S1)).toBeLessThan(1e-12);
    expect(maxAbs(r.ST, c.ST)).toBeLessThan(1e-12);
    expect(maxAbs(r.S1_conf, c.S1_conf)).toBeLessThan(1e-12);
    expect(maxAbs(r.ST_conf, c.ST_conf)).toBeLessThan(1e-12);
    expect(r.resamples).toBe(c.R);
    expect(r.omega).toBe(Math.floor((c.N - 1) / (2 * c.M)));
  });

  // eFAST's total index of x2 is biased up by ~0.021 at N = 4096 with M = 4 (SALib's own
  // estimate on its own samples is 0.4629 for 0.4424 too): ST is held to 0.025.
  it('Ishigami at N = 4096: S1 within 0.02 of the analytic values, ST within 0.025', () => {
    const design = fastSample(ISHIGAMI, 4096, { seed: 5 });
    const r = fastAnalyze(ishigami(design.X), 3, { seed: 6 });
    expect(maxAbs(r.S1, S1_ISHIGAMI)).toBeLessThan(0.02);
    expect(maxAbs(r.ST, ST_ISHIGAMI)).toBeLessThan(0.025);
    expect(r.resamples).toBe(100);
    for (let j = 0; j < 3; j++) expect(r.S1_conf[j]! > 0 && r.S1_conf[j]! < 0.1).toBe(true);
  });

  it('SALib frequencies: omega_0 = floor((N-1)/2M), the others from 1 to floor(omega_0/2M)', () => {
    expect(fastSample(ISHIGAMI, 1000, { seed: 1 }).omega).toEqual([124, 1, 15]);
    const eight = fastSample(Array(8).fill([0, 1]), 300, { seed: 1 }).omega;
    expect(eight).toEqual([37, 1, 2, 3, 4, 1, 2, 3]);
  });

  it('seeded phases are reproducible, differ by seed, lie in [0, 2 pi); distributions map by their quantiles', () => {
    const a = fastSample(ISHIGAMI, 100, { seed: 9 }), b = fastSample(ISHIGAMI, 100, { seed: 9 }), c = fastSample(ISHIGAMI, 100, { seed: 10 });
    expect(a.X.data).toEqual(b.X.data);
    expect(a.phases).not.toEqual(c.phases);
    expect(a.seed).toBe(9n);
    for (const p of a.phases) expect(p >= 0 && p < 2 * PI).toBe(true);
    const n = fastSample([new Normal(1, 2), new Uniform(0, 1)], 101, { phases: [0.5, 1] });
    const u = fastSample([[0, 1], [0, 1]], 101, { phases: [0.5, 1] });
    for (let i = 0; i < 10; i++) expect(n.X.data[2 * i]).toBeCloseTo(new Normal(1, 2).ppf(u.X.data[2 * i]!), 12);
  });

  it('errors: N <= 4 M^2, Y not a multiple of d, non-finite outputs, bad options', () => {
    expect(thrown(() => fastSample(ISHIGAMI, 64))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => fastSample(ISHIGAMI, 64)).message).toMatch(/N.*> 4 M\^2 = 64/);
    expect(thrown(() => fastSample(ISHIGAMI, 100, { phases: [1, 2] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => fastAnalyze(new Float64Array(301), 3))).toBeInstanceOf(ShapeError);
    expect(thrown(() => fastAnalyze(new Float64Array(3 * 60), 3))).toBeInstanceOf(InvalidArgumentError);
    const Y = new Float64Array(300).map((_, i) => Math.sin(i));
    Y[17] = NaN;
    const e = thrown(() => fastAnalyze(Y, 3));
    expect(e).toBeInstanceOf(NonFiniteOutputError);
    expect((e as NonFiniteOutputError).rows).toEqual([17]);
    expect(thrown(() => fastAnalyze(Y.fill(1), 3, { confLevel: 1 }))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('RBD-FAST against SALib 1.5.2', () => {
  it.each(RBD.cases.map((c) => [c.name, c] as const))('%s: S1 to 1e-12, S1_conf on the same resamples', (_, c) => {
    const X = matrix(Float64Array.from(c.X), c.N, c.D);
    const r = rbdFastAnalyze(X, Float64Array.from(c.Y), { M: c.M, resampleIndices: Array(c.D).fill(Int32Array.from(c.resamples)) });
    expect(maxAbs(r.S1, c.S1)).toBeLessThan(1e-12);
    expect(maxAbs(r.S1_conf, c.S1_conf)).toBeLessThan(1e-12);
  });

  it('Ishigami on a Latin hypercube of N = 4096: S1 within 0.02 of the analytic values', () => {
    const { X } = latinSample(ISHIGAMI, 4096, { seed: 3 });
    const r = rbdFastAnalyze(X, ishigami(X), { seed: 4 });
    expect(maxAbs(r.S1, S1_ISHIGAMI)).toBeLessThan(0.02);
    for (let j = 0; j < 3; j++) expect(r.S1_conf[j]! > 0 && r.S1_conf[j]! < 0.1).toBe(true);
  });

  it('bootstrap: reproducible by seed; the half-width shrinks like 1/sqrt(n)', () => {
    const small = latinSample(ISHIGAMI, 1000, { seed: 1 }).X, big = latinSample(ISHIGAMI, 16000, { seed: 2 }).X;
    const a = rbdFastAnalyze(small, ishigami(small), { seed: 8 }), b = rbdFastAnalyze(small, ishigami(small), { seed: 8 });
    expect(a.S1_conf).toEqual(b.S1_conf);
    const c = rbdFastAnalyze(big, ishigami(big), { seed: 8 });
    const ratio = a.S1_conf[1]! / c.S1_conf[1]!;
    expect(ratio > 2 && ratio < 8).toBe(true); // sqrt(16) = 4
  });

  it('errors: X and Y of different lengths, too few rows for M', () => {
    const X = matrix(new Float64Array(60), 20, 3);
    expect(thrown(() => rbdFastAnalyze(X, new Float64Array(19)))).toBeInstanceOf(ShapeError);
    expect(thrown(() => rbdFastAnalyze(X, new Float64Array(20)))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => rbdFastAnalyze(X, new Float64Array(20))).message).toMatch(/at least 22 rows/);
  });
});

describe('Latin hypercube', () => {
  it('every column has exactly one point in each of the N strata; reproducible; groups share columns', () => {
    const N = 257;
    const { X, seed } = latinSample([[0, 1], [-2, 2], new Normal(0, 1)], N, { seed: 11 });
    expect(seed).toBe(11n);
    for (let j = 0; j < 3; j++) {
      const hits = new Array<number>(N).fill(0);
      for (let i = 0; i < N; i++) {
        const v = X.data[3 * i + j]!;
        const u = j === 0 ? v : j === 1 ? (v + 2) / 4 : new Normal(0, 1).cdf(v);
        hits[Math.min(N - 1, Math.floor(u * N + 1e-9))]!++;
      }
      expect(hits.every((h) => h === 1)).toBe(true);
    }
    expect(latinSample([[0, 1]], N, { seed: 11 }).X.data).toEqual(latinSample([[0, 1]], N, { seed: 11 }).X.data);
    const g = latinSample([[0, 1], [0, 2], [0, 1]], 50, { seed: 3, groups: ['a', 'b', 'a'] }).X;
    for (let i = 0; i < 50; i++) expect(g.data[3 * i]).toBe(g.data[3 * i + 2]);
    // the strata are matched at random: the columns are not ordered alike
    let same = 0;
    for (let i = 1; i < N; i++) same += Math.sign(X.data[3 * i]! - X.data[3 * i - 3]!) === Math.sign(X.data[3 * i + 1]! - X.data[3 * i - 2]!) ? 1 : 0;
    expect(same > N * 0.3 && same < N * 0.7).toBe(true);
  });
});
