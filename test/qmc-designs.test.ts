// Halton sequences and rank-1 lattice rules: Halton points equal to scipy's
// (test/fixtures/qmc-designs.json, scripts/fixtures/qmc_designs.py), the lattice's defining
// properties, stratification kept by the randomisations, integration errors against exact
// values, and centred L2 discrepancies (scipy's values) against random points.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { halton, InvalidArgumentError, lattice, LATTICE_DEFAULT_VECTOR, problem, type Matrix } from 'uqkit';
import { thrown } from './helpers.js';

interface Fixture {
  halton: { d: number; skip: number; n: number; X: number[][] }[];
  cd2: { d: number; n: number; halton: number; lattice: number; randomMean: number; randomMin: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/qmc-designs.json', import.meta.url), 'utf8')) as Fixture;

/** The centred L2 discrepancy (Hickernell 1998), squared, as scipy's qmc.discrepancy(method='CD'). */
function cd2(X: Matrix): number {
  const { rows: n, cols: d, data } = X;
  let a = 0;
  for (let i = 0; i < n; i++) {
    let p = 1;
    for (let k = 0; k < d; k++) {
      const t = Math.abs(data[i * d + k]! - 0.5);
      p *= 1 + 0.5 * t - 0.5 * t * t;
    }
    a += p;
  }
  let b = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let p = 1;
      for (let k = 0; k < d; k++) {
        const xi = data[i * d + k]!, xj = data[j * d + k]!;
        p *= 1 + 0.5 * Math.abs(xi - 0.5) + 0.5 * Math.abs(xj - 0.5) - 0.5 * Math.abs(xi - xj);
      }
      b += p;
    }
  }
  return (13 / 12) ** d - (2 / n) * a + b / (n * n);
}

/** The number of points of column j in each of m equal intervals. */
function strata(X: Matrix, j: number, m: number): number[] {
  const c = new Array<number>(m).fill(0);
  for (let i = 0; i < X.rows; i++) c[Math.floor(X.data[i * X.cols + j]! * m)]!++;
  return c;
}

/** The mean of f over the rows of X. */
function mean(X: Matrix, f: (x: Float64Array) => number): number {
  let s = 0;
  for (let i = 0; i < X.rows; i++) s += f(X.data.subarray(i * X.cols, (i + 1) * X.cols));
  return s / X.rows;
}

describe('halton', () => {
  it.each(fixture.halton.map((c) => [c.d, c.skip, c.n, c.X] as const))('d=%i skip=%i n=%i equals scipy Halton(scramble=False) exactly', (d, skip, n, X) => {
    const h = halton(n, d, { skip });
    expect([h.rows, h.cols]).toEqual([n, d]);
    let worst = '';
    for (let i = 0; i < n && !worst; i++) for (let j = 0; j < d; j++) if (h.data[i * d + j] !== X[i]![j]) worst = `row ${i} col ${j}: ${h.data[i * d + j]} != ${X[i]![j]}`;
    expect(worst).toBe('');
  });

  it.each(['owen', 'random-start'] as const)("'%s': seeded, in [0, 1), and any b^k consecutive points are stratified in every coordinate", (scramble) => {
    const a = halton(243, 5, { scramble, seed: 3 });
    expect(Array.from(halton(243, 5, { scramble, seed: 3 }).data)).toEqual(Array.from(a.data));
    expect(Array.from(halton(243, 5, { scramble, seed: 4 }).data)).not.toEqual(Array.from(a.data));
    expect(a.data.every((x) => x >= 0 && x < 1)).toBe(true);
    // 2^5 points in base 2, 3^5 in base 3, 5^3 in base 5 (from a point that is not the first).
    expect(strata(halton(32, 1, { scramble, seed: 3, skip: 64 }), 0, 32)).toEqual(new Array(32).fill(1));
    expect(strata(a, 1, 243)).toEqual(new Array(243).fill(1));
    expect(strata(halton(125, 3, { scramble, seed: 3, skip: 250 }), 2, 125)).toEqual(new Array(125).fill(1));
    // Points continue: skip k gives rows k.. of the same sequence.
    expect(Array.from(halton(10, 5, { scramble, seed: 3, skip: 100 }).data)).toEqual(Array.from(a.data.subarray(500, 550)));
  });

  it("'owen': an unbiased estimate (the mean of x^2 over 20 seeds of 64 points is within 4 standard errors of 1/3), with no point at 0", () => {
    const est = Array.from({ length: 20 }, (_, s) => mean(halton(64, 3, { scramble: 'owen', seed: s }), (x) => x[2]! * x[2]!));
    const m = est.reduce((a, b) => a + b) / est.length;
    const se = Math.sqrt(est.reduce((a, b) => a + (b - m) ** 2, 0) / (est.length - 1) / est.length);
    expect(Math.abs(m - 1 / 3)).toBeLessThan(4 * se + 1e-12);
    expect(halton(1, 3, { scramble: 'owen', seed: 1 }).data.every((x) => x > 0)).toBe(true);
  });

  it('integration error of a product function falls faster than n^-1/2 (against the exact value 1)', () => {
    const f = (x: Float64Array): number => x.reduce((p, t) => p * (1 + 0.5 * (t - 0.5)), 1);
    const err = (n: number): number => Math.abs(mean(halton(n, 4, { skip: 1 }), f) - 1);
    expect(err(4096)).toBeLessThan(2e-3);
    expect(err(65536)).toBeLessThan(err(4096) / 8);
  });

  it('refuses bad arguments with the field', () => {
    for (const [fn, field] of [
      [() => halton(4, 0), 'dim'], [() => halton(-1, 2), 'n'], [() => halton(4, 2, { scramble: 'lms' as never }), 'options.scramble'],
      [() => halton(4, 2, { skip: -1 }), 'options.skip'], [() => halton(4, 2, { seeds: 1 } as never), 'options.seeds'],
    ] as const) {
      const e = thrown(fn);
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).field).toBe(field);
    }
  });
});

describe('lattice', () => {
  it("'natural' order: the points are frac(k z / n), and coordinates with z_j coprime to n take every value m/n once", () => {
    const n = 1021, z = [1, 76, 306, 437]; // n prime
    const X = lattice(n, 4, { order: 'natural', generatingVector: z });
    for (let k = 0; k < n; k++) for (let j = 0; j < 4; j++) expect(X.data[k * 4 + j]).toBe(((k * z[j]!) % n) / n);
    for (let j = 0; j < 4; j++) expect(Array.from(X.data.filter((_, i) => i % 4 === j)).map((x) => x * n).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, m) => m));
  });

  it('the default vector in radical-inverse order: the first 2^m points are the 2^m-point rule of the same vector, for every m', () => {
    const d = 12;
    const seq = lattice(4096, d);
    for (const m of [0, 1, 5, 10, 12]) {
      const n = 2 ** m;
      const rule = lattice(n, d, { order: 'natural', generatingVector: LATTICE_DEFAULT_VECTOR.slice(0, d) });
      const key = (X: Matrix, upto: number): string[] => Array.from({ length: upto }, (_, i) => Array.from(X.data.subarray(i * d, (i + 1) * d)).join(',')).sort();
      expect(key(seq, n)).toEqual(key(rule, n));
    }
    // Every coordinate of the 2^m points is equispaced (the z_j are odd).
    for (let j = 0; j < d; j++) expect(strata(lattice(1024, d), j, 1024)).toEqual(new Array(1024).fill(1));
    expect(Array.from(lattice(16, d, { skip: 100 }).data)).toEqual(Array.from(lattice(116, d).data.subarray(100 * d)));
  });

  it('integration error of a smooth periodic product function falls faster than n^-1 against the exact value 1', () => {
    // f(x) = prod (1 + B2(x_j) / j^2), B2(t) = t^2 - t + 1/6 (integral 0): the error of the rule
    // is the worst-case error in the weighted Korobov space of smoothness 2 (weights j^-2).
    const f = (x: Float64Array): number => x.reduce((p, t, j) => p * (1 + (t * t - t + 1 / 6) / (j + 1) ** 2), 1);
    const ms = [6, 8, 10, 12, 14, 16, 18];
    const logErr = ms.map((m) => Math.log(Math.abs(mean(lattice(2 ** m, 6), f) - 1)));
    const logN = ms.map((m) => m * Math.LN2);
    const mx = logN.reduce((a, b) => a + b) / ms.length, my = logErr.reduce((a, b) => a + b) / ms.length;
    const slope = logN.reduce((a, x, i) => a + (x - mx) * (logErr[i]! - my), 0) / logN.reduce((a, x) => a + (x - mx) ** 2, 0);
    // Measured: about n^-1.45 from 2^6 to 2^18 points (with a plateau from 2^14 to 2^16).
    expect(slope).toBeLessThan(-1.2);
    expect(Math.exp(logErr[6]!)).toBeLessThan(1e-8);
  });

  it('a random shift: seeded, in [0, 1), the same lattice moved (differences between points unchanged modulo 1)', () => {
    const a = lattice(64, 3, { shift: true, seed: 9 });
    expect(Array.from(lattice(64, 3, { shift: true, seed: 9 }).data)).toEqual(Array.from(a.data));
    expect(a.data.every((x) => x >= 0 && x < 1)).toBe(true);
    const plain = lattice(64, 3);
    for (let j = 0; j < 3; j++) {
      const delta = a.data[j]!;
      for (let i = 0; i < 64; i++) {
        const moved = (plain.data[i * 3 + j]! + delta) % 1;
        expect(Math.abs(moved - a.data[i * 3 + j]!)).toBeLessThan(1e-15);
      }
    }
  });

  it('refuses bad arguments with the field', () => {
    for (const [fn, field] of [
      [() => lattice(4, 251), 'dim'], [() => lattice(2 ** 20 + 1, 2), 'n'], [() => lattice(4, 2, { skip: 2 ** 20 - 2 }), 'n'],
      [() => lattice(4, 2, { generatingVector: [1, 0] }), 'options.generatingVector[1]'], [() => lattice(4, 2, { order: 'natural', skip: 1 }), 'options.skip'],
      [() => lattice(4, 2, { shift: 'yes' as never }), 'options.shift'],
    ] as const) {
      const e = thrown(fn);
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).field).toBe(field);
    }
  });
});

describe('centred L2 discrepancy (scipy qmc.discrepancy, method CD)', () => {
  it.each(fixture.cd2.map((c) => [c.d, c.n, c] as const))('d=%i n=%i: Halton and the lattice have the discrepancy scipy gives, far below random points', (d, n, c) => {
    const h = cd2(halton(n, d));
    expect(Math.abs(h - c.halton) / c.halton).toBeLessThan(1e-7);
    const lat = cd2(lattice(n, d));
    expect(Math.abs(lat - c.lattice) / c.lattice).toBeLessThan(1e-7);
    expect(h).toBeLessThan(c.randomMin / 5);
    expect(lat).toBeLessThan(c.randomMin / 5);
  });
});

describe('the fluent problem', () => {
  it("'halton' and 'lattice' samples are the designs on the inputs' distributions, analysable by sample-based methods", () => {
    const p = problem({ names: ['a', 'b'], bounds: [[0, 2], [-1, 1]] });
    const h = p.sample('halton', { N: 64, seed: 5 });
    const unit = halton(64, 2, { scramble: 'owen', seed: 5 });
    expect(Array.from(h.samples!.data)).toEqual(Array.from(unit.data, (u, i) => (i % 2 === 0 ? 2 * u : -1 + 2 * u)));
    const l = problem({ names: ['a', 'b'], bounds: [[0, 1], [0, 1]] }).sample('lattice', { N: 256, seed: 2 });
    expect(Array.from(l.samples!.data)).toEqual(Array.from(lattice(256, 2, { shift: true, seed: 2 }).data));
    const r = l.evaluate((x) => x[0]! + 0.1 * x[1]!).analyze('rbd_fast', { seed: 1 });
    expect(r.fields.S1![0]!).toBeGreaterThan(0.9);
  });
});
