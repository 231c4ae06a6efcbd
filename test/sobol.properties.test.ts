// Properties of Sobol' sequences, plain and scrambled: continuation, jump-ahead, reset, the
// (0,m,1)-net property of every coordinate, the (0,m,2)-net property of the first two,
// convergence of means, and independence of replicates from different seeds.
import { describe, expect, it } from 'vitest';
import { SobolSequence, sobol, type Matrix, type SobolScramble } from 'uqkit';
import { sha256 } from './helpers.js';

const SCRAMBLES: SobolScramble[] = [false, 'lms', 'owen'];
const q = { balance: 'ignore' } as const;

function columnCells(x: Matrix, j: number, m: number): number[] {
  const cells = new Array<number>(2 ** m).fill(0);
  for (let i = 0; i < x.rows; i++) cells[Math.floor(x.data[i * x.cols + j]! * 2 ** m)]!++;
  return cells;
}

describe.each(SCRAMBLES)('scramble=%s', (scramble) => {
  const opts = { scramble, seed: 12345, ...q };

  it('continues across calls and jumps ahead exactly (skip(k) = drawing k points)', () => {
    const whole = new SobolSequence(6, opts).next(5000);
    const a = new SobolSequence(6, opts);
    const parts = [a.next(1), a.next(999), a.next(4000)];
    const glued = new Float64Array(5000 * 6);
    let at = 0;
    for (const p of parts) { glued.set(p.data, at); at += p.data.length; }
    expect(sha256(glued)).toBe(sha256(whole.data));
    for (const k of [0, 1, 2, 3, 7, 8, 1023, 1024, 1025, 4095]) {
      const b = new SobolSequence(6, opts).skip(k).next(5000 - k);
      expect(sha256(b.data), `skip ${k}`).toBe(sha256(whole.data.subarray(k * 6)));
    }
  });

  it('jumps far in one step and chains skips (skip(2^40) then skip(12345) = skip(2^40 + 12345))', () => {
    const s1 = new SobolSequence(3, { ...opts, bits: 48 }).skip(2 ** 40).skip(12345);
    const s2 = new SobolSequence(3, { ...opts, bits: 48 }).skip(2 ** 40 + 12345);
    expect(s1.index).toBe(2 ** 40 + 12345);
    expect(Array.from(s1.next(16).data)).toEqual(Array.from(s2.next(16).data));
    // and stepping from there agrees with a direct jump a few points on
    expect(Array.from(s1.next(3).data)).toEqual(Array.from(new SobolSequence(3, { ...opts, bits: 48 }).skip(2 ** 40 + 12345 + 16).next(3).data));
  });

  it('reset() starts over with the same scramble', () => {
    const s = new SobolSequence(4, opts);
    const first = s.next(64);
    s.next(100);
    expect(s.reset().index).toBe(0);
    expect(Array.from(s.next(64).data)).toEqual(Array.from(first.data));
  });

  it('is the same for the same seed and differs for another', () => {
    const a = sobol(256, 5, opts);
    const b = sobol(256, 5, opts);
    expect(sha256(a.data)).toBe(sha256(b.data));
    if (scramble !== false) expect(sha256(sobol(256, 5, { ...opts, seed: 12346 }).data)).not.toBe(sha256(a.data));
  });

  for (const m of [1, 4, 10, 14]) {
    it(`each of 64 coordinates is a (0,${m},1)-net: every interval [k/2^${m}, (k+1)/2^${m}) holds one of 2^${m} points`, () => {
      const x = sobol(2 ** m, 64, opts);
      for (let j = 0; j < 64; j++) {
        const cells = columnCells(x, j, m);
        expect(cells.every((c) => c === 1), `column ${j}`).toBe(true);
      }
    });
  }

  for (const bits of [40, 52]) {
    it(`each of 16 coordinates is a (0,12,1)-net with bits=${bits} (64-bit words)`, () => {
      const x = sobol(2 ** 12, 16, { ...opts, bits });
      for (let j = 0; j < 16; j++) expect(columnCells(x, j, 12).every((c) => c === 1), `column ${j}`).toBe(true);
    });
  }

  it('coordinates 1 and 2 form a (0,m,2)-net: every 2^a x 2^(m-a) box holds one point (m = 12)', () => {
    const m = 12;
    const x = sobol(2 ** m, 2, opts);
    for (let a = 0; a <= m; a++) {
      const seen = new Uint8Array(2 ** m);
      for (let i = 0; i < x.rows; i++) {
        const u = Math.floor(x.data[2 * i]! * 2 ** a);
        const v = Math.floor(x.data[2 * i + 1]! * 2 ** (m - a));
        seen[u * 2 ** (m - a) + v]!++;
      }
      expect(seen.every((c) => c === 1), `boxes 2^${a} x 2^${m - a}`).toBe(true);
    }
  });

  it('never leaves [0, 1) and points are distinct in every coordinate (bits=52)', () => {
    const x = sobol(2 ** 12, 8, { ...opts, bits: 52 });
    expect(x.data.filter((v) => !(v >= 0 && v < 1)).length).toBe(0);
    for (let j = 0; j < 8; j++) {
      const col = new Set<number>();
      for (let i = 0; i < x.rows; i++) col.add(x.data[i * 8 + j]!);
      expect(col.size).toBe(x.rows);
    }
  });
});

describe('scrambled replicates', () => {
  // A smooth test integrand with a known integral: prod_j (1 + (x_j - 1/2)) over [0,1]^5 = 1.
  const dim = 5;
  const f = (x: Float64Array, i: number) => {
    let p = 1;
    for (let j = 0; j < dim; j++) p *= 0.5 + x[i * dim + j]!;
    return p;
  };
  function estimate(scramble: 'lms' | 'owen', seed: number, n: number): number {
    const x = sobol(n, dim, { scramble, seed });
    let s = 0;
    for (let i = 0; i < n; i++) s += f(x.data, i);
    return s / n;
  }

  for (const scramble of ['lms', 'owen'] as const) {
    it(`${scramble}: estimates from 64 seeds are unbiased, converge faster than MC, and are uncorrelated between neighbouring seeds`, () => {
      const R = 64;
      const est = Array.from({ length: R }, (_, r) => estimate(scramble, r, 2 ** 12));
      const mean = est.reduce((a, b) => a + b, 0) / R;
      const sd = Math.sqrt(est.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
      // Unbiased: the true value 1 lies within 4 standard errors of the replicate mean.
      expect(Math.abs(mean - 1)).toBeLessThan(4 * sd / Math.sqrt(R) + 1e-15);
      // Far better than plain Monte Carlo: MC's sd at n = 2^12 is sqrt(Var f / n) ≈ 0.0057.
      const varF = (13 / 12) ** dim - 1;
      expect(sd).toBeLessThan(Math.sqrt(varF / 2 ** 12) / 20);
      expect(sd).toBeGreaterThan(0);
      // Independence: the lag-1 correlation of estimates ordered by seed is within ±4/sqrt(R).
      let c = 0;
      for (let r = 1; r < R; r++) c += (est[r]! - mean) * (est[r - 1]! - mean);
      const lag1 = c / ((R - 1) * sd * sd);
      expect(Math.abs(lag1)).toBeLessThan(4 / Math.sqrt(R));
    });

    it(`${scramble}: the first point over 4096 seeds is uniform in each coordinate (chi-square, 16 bins)`, () => {
      const bins = Array.from({ length: 3 }, () => new Array<number>(16).fill(0));
      for (let s = 0; s < 4096; s++) {
        const p = new SobolSequence(3, { scramble, seed: s }).next(1).data;
        for (let j = 0; j < 3; j++) bins[j]![Math.floor(p[j]! * 16)]!++;
      }
      for (const b of bins) {
        const chi2 = b.reduce((a, o) => a + (o - 256) ** 2 / 256, 0);
        expect(chi2).toBeLessThan(45); // chi-square with 15 df: P(> 45) ≈ 7e-5
      }
    });
  }

  for (const scramble of ['lms', 'owen'] as const) {
    it(`${scramble} randomises every digit, not just a shift: points 0 and 1 differ in digit k (k >= 2) for about half of 512 seeds`, () => {
      // Points 0 and 1 of the plain sequence are 0 and 1/2 in every coordinate. A digital
      // shift alone keeps every digit after the first equal; LMS (a random column of L) and
      // Owen (different tree nodes) make each differ with probability 1/2.
      const bits = 30;
      const differ = new Array<number>(bits).fill(0);
      for (let s = 0; s < 512; s++) {
        const x = sobol(2, 1, { scramble, seed: s });
        const d = (x.data[0]! * 2 ** bits) ^ (x.data[1]! * 2 ** bits);
        for (let k = 0; k < bits; k++) differ[k]! += (d >>> (bits - 1 - k)) & 1;
      }
      expect(differ[0]).toBe(512); // the first digit always differs (0 vs 1/2): the net property
      for (let k = 1; k < bits; k++) expect(Math.abs(differ[k]! / 512 - 0.5), `digit ${k + 1}`).toBeLessThan(0.1);
    });
  }

  it('the mean of each coordinate converges (owen, n = 2^16, 32 coordinates)', () => {
    const x = sobol(2 ** 16, 32, { scramble: 'owen', seed: 7 });
    for (let j = 0; j < 32; j++) {
      let s = 0;
      for (let i = 0; i < x.rows; i++) s += x.data[i * 32 + j]!;
      // A (0,m,1)-net's coordinate mean is within 2^-m / 2 of 1/2.
      expect(Math.abs(s / x.rows - 0.5)).toBeLessThan(2 ** -16);
    }
  });

  it('the unscrambled first point is the origin; scrambled ones are not', () => {
    expect(Array.from(sobol(1, 4, q).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(sobol(1, 4, { scramble: 'owen', seed: 1, ...q }).data).some((v) => v > 0)).toBe(true);
    expect(Array.from(sobol(1, 4, { scramble: 'lms', seed: 1, ...q }).data).some((v) => v > 0)).toBe(true);
  });

  it('an unseeded scramble draws a seed and reports it, so the run can be repeated', () => {
    const a = new SobolSequence(3, { scramble: 'owen' });
    expect(typeof a.seed).toBe('bigint');
    const b = new SobolSequence(3, { scramble: 'owen', seed: a.seed! });
    expect(Array.from(a.next(8).data)).toEqual(Array.from(b.next(8).data));
    expect(new SobolSequence(3).seed).toBeUndefined();
  });

  it('takes 64-bit bigint seeds, and seeds 2^53-1 as number and bigint agree', () => {
    const big = sobol(4, 2, { scramble: 'lms', seed: 2n ** 64n - 1n });
    expect(big.data.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Array.from(sobol(4, 2, { scramble: 'owen', seed: 2 ** 53 - 1 }).data)).toEqual(Array.from(sobol(4, 2, { scramble: 'owen', seed: 2n ** 53n - 1n }).data));
  });
});
