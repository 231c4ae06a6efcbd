// PAWN against SALib 1.5.2's pawn.analyze on the same X, Y (test/fixtures/salib_pawn.json, made
// by scripts/fixtures/salib_pawn.py; one case with tied inputs and outputs), the KS statistic
// against its definition, groups and errors.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError, latinSample, matrix, pawnAnalyze } from 'uqkit';
import { fixture, thrown } from './helpers.js';

interface Case { name: string; D: number; N: number; S: number; X: number[]; Y: number[]; minimum: number[]; mean: number[]; median: number[]; maximum: number[]; CV: number[]; stdev: number[] }
const FX = fixture<{ cases: Case[] }>('salib_pawn.json');
const KEYS = ['minimum', 'mean', 'median', 'maximum', 'CV', 'stdev'] as const;

describe('PAWN against SALib 1.5.2', () => {
  it.each(FX.cases.map((c) => [c.name, c] as const))('%s: every summary to 1e-12', (_, c) => {
    const r = pawnAnalyze(matrix(Float64Array.from(c.X), c.N, c.D), Float64Array.from(c.Y), { S: c.S });
    for (const k of KEYS) for (let j = 0; j < c.D; j++) expect(Math.abs(r[k][j]! - c[k][j]!), `${k}[${j}]`).toBeLessThan(1e-12);
    expect(r.ks.length).toBe(c.D * c.S);
  });
});

describe('pawnAnalyze', () => {
  const { X } = latinSample([[0, 1], [0, 1], [0, 1]], 500, { seed: 5 });
  const Y = Float64Array.from({ length: 500 }, (_, i) => 3 * X.data[3 * i]! + Math.sin(6 * X.data[3 * i + 1]!));
  it('each slide\'s statistic is max |F_slide - F_all| evaluated at every output (a direct restatement)', () => {
    const r = pawnAnalyze(X, Y, { S: 4 });
    const x = Float64Array.from({ length: 500 }, (_, i) => X.data[3 * i]!);
    const xs = Array.from(x).sort((p, q) => p - q);
    const q = [0, 1, 2, 3, 4].map((s) => { const v = (500 - 1) * (s * 0.25), lo = Math.floor(v); return lo >= 499 ? xs[499]! : xs[lo]! + (xs[lo + 1]! - xs[lo]!) * (v - lo); });
    for (let s = 0; s < 4; s++) {
      const sel = Array.from(Y).filter((_, i) => x[i]! >= q[s]! && x[i]! < q[s + 1]!);
      let m = 0;
      for (const y of Y) m = Math.max(m, Math.abs(sel.filter((v) => v <= y).length / sel.length - Array.from(Y).filter((v) => v <= y).length / 500));
      expect(r.ks[s]).toBeCloseTo(m, 14);
    }
    // the unused input is far less influential than the others
    expect(r.median[2]! < r.median[0]! / 3 && r.median[2]! < r.median[1]! / 3).toBe(true);
  });
  it('groups: the mean of the members\' summaries, one row per group in order of appearance', () => {
    const r = pawnAnalyze(X, Y), g = pawnAnalyze(X, Y, { groups: ['b', 'a', 'b'] });
    expect(g.groups).toEqual(['b', 'a']);
    expect(g.median[0]).toBeCloseTo((r.median[0]! + r.median[2]!) / 2, 15);
    expect(g.maximum[1]).toBe(r.maximum[1]);
  });
  it('errors', () => {
    expect(thrown(() => pawnAnalyze(X, new Float64Array(10)))).toBeInstanceOf(ShapeError);
    expect(thrown(() => pawnAnalyze(X, Y, { S: 0 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => pawnAnalyze(X, Y, { groups: ['a'] }))).toBeInstanceOf(ShapeError);
  });
});
