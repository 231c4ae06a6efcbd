// Unscrambled Sobol' points against scipy.stats.qmc.Sobol(scramble=False), bit for bit.
// Fixtures: test/fixtures/sobol-scipy.json, made by scripts/fixtures/sobol.py.
import { describe, expect, it } from 'vitest';
import { SobolSequence } from 'uqkit';
import { firstDifference, fixture, sha256 } from './helpers.js';

interface Case { dim: number; bits: number; skip: number; n: number; sha256: string; sum: number; values?: number[] }
const ref = fixture<{ scipy: string; cases: Case[] }>('sobol-scipy.json');

describe(`Sobol' points equal scipy ${ref.scipy} (scramble=False) bit for bit`, () => {
  for (const c of ref.cases) {
    it(`dim=${c.dim} bits=${c.bits} skip=${c.skip} n=${c.n}`, () => {
      const seq = new SobolSequence(c.dim, { bits: c.bits, balance: 'ignore' });
      const x = seq.skip(c.skip).next(c.n);
      expect(x.rows).toBe(c.n);
      expect(x.cols).toBe(c.dim);
      if (c.values) {
        const at = firstDifference(x.data, c.values);
        expect(at, at < 0 ? '' : `first difference at row ${Math.floor(at / c.dim)}, column ${at % c.dim}: got ${x.data[at]}, scipy ${c.values[at]}`).toBe(-1);
      }
      expect(sha256(x.data)).toBe(c.sha256);
      expect(seq.index).toBe(c.skip + c.n);
    });
  }

  it('draws in batches exactly as in one call (dim=10, 2^16 points in uneven batches)', () => {
    const c = ref.cases.find((k) => k.dim === 10 && k.n === 2 ** 16 && k.skip === 0)!;
    const seq = new SobolSequence(10, { balance: 'ignore' });
    const all = new Float64Array(c.n * 10);
    let at = 0;
    for (const n of [1, 2, 5, 1000, 7, 30000, 34521]) {
      all.set(seq.next(n).data, at * 10);
      at += n;
    }
    expect(at).toBe(c.n);
    expect(sha256(all)).toBe(c.sha256);
  });
});
