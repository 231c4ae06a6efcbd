// The quadrature and grid kernels at the raw ABI: every bad argument returns a status code
// (no trap, no write outside the caller's regions), and repeated calls do not grow memory.
import { describe, expect, it } from 'vitest';
import { gauss, sparseGrid, Uniform, Normal, coreMemory } from 'uqkit';
import { core } from '../build/core/wasm.js';
import { Status } from '../build/core/status.js';

describe('quadrature and grid kernels reject bad input with a status', () => {
  const { exports: k, arena } = core();
  it('gaussRule', () => {
    arena.scope((a) => {
      const n = 4;
      const pa = a.alloc(8 * n), pb = a.alloc(8 * n), x = a.alloc(8 * n), w = a.alloc(8 * n), wk = a.alloc(8 * n);
      a.f64(pa, n).fill(0);
      a.f64(pb, n).set([1, 1 / 3, 4 / 15, 9 / 35]);
      expect(k.gaussRule(n, pa, pb, x, w, wk, 1)).toBe(Status.OK);
      expect(k.gaussRule(0, pa, pb, x, w, wk, 1)).toBe(Status.SIZE);
      expect(k.gaussRule(n, 0, pb, x, w, wk, 1)).toBe(Status.POINTER); // below the heap base
      expect(k.gaussRule(n, pa + 4, pb, x, w, wk, 1)).toBe(Status.POINTER); // misaligned
      expect(k.gaussRule(n, pa, pb, x, w, k.memory.buffer.byteLength - 8, 1)).toBe(Status.POINTER); // past the end
      a.f64(pb, n)[2] = -1;
      expect(k.gaussRule(n, pa, pb, x, w, wk, 1)).toBe(Status.VALUE);
      a.f64(pb, n)[2] = NaN;
      expect(k.gaussRule(n, pa, pb, x, w, wk, 1)).toBe(Status.VALUE);
    });
  });
  it('hermiteRule', () => {
    arena.scope((a) => {
      const n = 5;
      const x = a.alloc(8 * n), w = a.alloc(8 * n), wk = a.alloc(16 * n);
      expect(k.hermiteRule(n, x, w, wk)).toBe(Status.OK);
      expect(Array.from(a.f64(x, n))[2]).toBe(0);
      expect(k.hermiteRule(0, x, w, wk)).toBe(Status.SIZE);
      expect(k.hermiteRule(-1, x, w, wk)).toBe(Status.SIZE);
      expect(k.hermiteRule(n, 0, w, wk)).toBe(Status.POINTER); // below the heap base
      expect(k.hermiteRule(n, x + 4, w, wk)).toBe(Status.POINTER); // misaligned
      expect(k.hermiteRule(n, x, w, k.memory.buffer.byteLength - 8 * n)).toBe(Status.POINTER); // work needs 2n values
    });
  });
  it('stieltjes, interpolatoryWeights, clenshawCurtis, fejer2, orthonormalValues', () => {
    arena.scope((a) => {
      const m = 3;
      const x = a.alloc(8 * m), w = a.alloc(8 * m), pa = a.alloc(8 * 4), pb = a.alloc(8 * 4), wk = a.alloc(8 * 32);
      a.f64(x, m).set([0, 1, 2]);
      a.f64(w, m).set([1, 1, 1]);
      expect(k.stieltjes(m, x, w, 3, pa, pb, wk)).toBe(Status.OK);
      expect(k.stieltjes(m, x, w, 4, pa, pb, wk)).toBe(Status.VALUE); // more coefficients than support points
      a.f64(w, m)[1] = -1;
      expect(k.stieltjes(m, x, w, 2, pa, pb, wk)).toBe(Status.VALUE);
      a.f64(x, m).set([0, 0, 1]);
      a.f64(pa, 3).fill(0);
      a.f64(pb, 3).set([1, 1 / 3, 4 / 15]);
      expect(k.interpolatoryWeights(3, x, pa, pb, w, wk)).toBe(Status.CONVERGE); // repeated node: singular
      expect(k.clenshawCurtis(0, x, w, wk)).toBe(Status.SIZE);
      expect(k.fejer2(3, x, w, 8)).toBe(Status.POINTER);
      expect(k.orthonormalValues(-1, pa, pb, 1, x, wk)).toBe(Status.SIZE);
    });
  });
  it('combine', () => {
    arena.scope((a) => {
      const d = 1;
      const levels = a.alloc(4), coefs = a.alloc(8), start = a.alloc(8), ids = a.alloc(4), wts = a.alloc(8);
      const table = a.alloc(16), outIds = a.alloc(8), outW = a.alloc(32), count = a.alloc(4), scratch = a.alloc(12);
      a.i32(levels, 1)[0] = 0;
      a.f64(coefs, 1)[0] = 1;
      a.i32(start, 2).set([0, 1]);
      a.i32(ids, 1)[0] = 0;
      a.f64(wts, 1)[0] = 1;
      expect(k.combine(d, 1, levels, coefs, 2, start, 1, ids, wts, 4, table, 2, outIds, outW, count, scratch)).toBe(Status.OK);
      expect(a.i32(count, 1)[0]).toBe(1);
      expect(k.combine(d, 1, levels, coefs, 2, start, 1, ids, wts, 3, table, 2, outIds, outW, count, scratch)).toBe(Status.SIZE); // cap not a power of two
      expect(k.combine(d, 1, levels, coefs, 2, start, 1, ids, wts, 4, table, 0, outIds, outW, count, scratch)).toBe(Status.SIZE); // no room for the point
      a.i32(levels, 1)[0] = 5;
      expect(k.combine(d, 1, levels, coefs, 2, start, 1, ids, wts, 4, table, 2, outIds, outW, count, scratch)).toBe(Status.VALUE); // level outside the rules
      a.i32(levels, 1)[0] = 0;
      a.i32(start, 2).set([0, 7]);
      expect(k.combine(d, 1, levels, coefs, 2, start, 1, ids, wts, 4, table, 2, outIds, outW, count, scratch)).toBe(Status.VALUE); // rule range past the ids
    });
  });
  it('1,000 calls in a loop do not grow WebAssembly memory after the first', () => {
    const U = [new Uniform(0, 1), new Normal(0, 1)];
    sparseGrid([U[0]!, U[0]!, U[0]!], { level: 4 });
    gauss(new Normal(0, 1), 200);
    const before = coreMemory().memoryBytes;
    for (let i = 0; i < 1000; i++) {
      sparseGrid([U[0]!, U[0]!, U[0]!], { level: 4 });
      gauss(new Normal(i, 1), 50); // a new distribution: not cached
    }
    expect(coreMemory().memoryBytes).toBe(before);
  });
});

describe('columnOrderStatistics: ranks of columns by selection', () => {
  const { exports: k, arena } = core();
  // Columns with ties, -0/+0, infinities and NaN; the reference is Float64Array.prototype.sort (NaN last).
  const cols = [
    Float64Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 10),
    Float64Array.from({ length: 1000 }, (_, i) => Math.floor(((i * 104729) % 1000) / 100)),
    Float64Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? NaN : i % 5 === 0 ? -Infinity : Math.sin(i))),
    Float64Array.from({ length: 1000 }, () => NaN),
    Float64Array.from({ length: 1000 }, (_, i) => (i === 500 ? Infinity : 1000 - i)),
  ];
  const n = 1000, ranks = [0, 1, 99, 100, 333, 499, 500, 665, 666, 900, 998, 999];
  it('equals the sorted values at each rank, for every column, NaN counted last', () => {
    arena.scope((a) => {
      const ld = n + 3; // a leading dimension longer than a column
      const data = a.alloc(8 * ld * cols.length), pr = a.copyIn(Int32Array.from(ranks)), out = a.alloc(8 * cols.length * ranks.length);
      cols.forEach((c, j) => a.f64(data + 8 * j * ld, n).set(c));
      expect(k.columnOrderStatistics(n, cols.length, data, ld, ranks.length, pr, out)).toBe(Status.OK);
      const got = Array.from(a.f64(out, cols.length * ranks.length));
      const want = cols.flatMap((c) => { const s = c.slice().sort(); return ranks.map((r) => s[r]!); });
      expect(got).toEqual(want);
      // The columns hold the same values as before, reordered.
      cols.forEach((c, j) => expect(Array.from(a.f64(data + 8 * j * ld, n).slice().sort())).toEqual(Array.from(c.slice().sort())));
    });
  });
  it('one value, and short columns sorted by insertion', () => {
    arena.scope((a) => {
      const one = a.copyIn(Float64Array.of(3)), r0 = a.copyIn(Int32Array.of(0)), out = a.alloc(16);
      expect(k.columnOrderStatistics(1, 1, one, 1, 1, r0, out)).toBe(Status.OK);
      expect(a.f64(out, 1)[0]).toBe(3);
      const short = a.copyIn(Float64Array.of(5, -1, 4, 4, 2, NaN, 0)), rs = a.copyIn(Int32Array.of(0, 3, 5, 6)), o4 = a.alloc(32);
      expect(k.columnOrderStatistics(7, 1, short, 7, 4, rs, o4)).toBe(Status.OK);
      expect(Array.from(a.f64(o4, 4))).toEqual([-1, 4, 5, NaN]);
    });
  });
  it('bad sizes, pointers and ranks return a status and write nothing', () => {
    arena.scope((a) => {
      const data = a.copyIn(Float64Array.from({ length: 20 }, (_, i) => i)), out = a.alloc(8 * 4);
      a.f64(out, 4).fill(-7);
      const ok = a.copyIn(Int32Array.of(0, 9)), down = a.copyIn(Int32Array.of(9, 0)), past = a.copyIn(Int32Array.of(0, 10)), neg = a.copyIn(Int32Array.of(-1, 2));
      expect(k.columnOrderStatistics(0, 2, data, 10, 2, ok, out)).toBe(Status.SIZE);
      expect(k.columnOrderStatistics(10, -1, data, 10, 2, ok, out)).toBe(Status.SIZE);
      expect(k.columnOrderStatistics(10, 2, data, 9, 2, ok, out)).toBe(Status.SIZE); // leading dimension below n
      expect(k.columnOrderStatistics(10, 2, data, 10, 0, ok, out)).toBe(Status.SIZE);
      expect(k.columnOrderStatistics(10, 2, data, 10, 2, down, out)).toBe(Status.VALUE);
      expect(k.columnOrderStatistics(10, 2, data, 10, 2, past, out)).toBe(Status.VALUE);
      expect(k.columnOrderStatistics(10, 2, data, 10, 2, neg, out)).toBe(Status.VALUE);
      expect(k.columnOrderStatistics(10, 2, 0, 10, 2, ok, out)).toBe(Status.POINTER);
      expect(k.columnOrderStatistics(10, 2, data + 4, 10, 2, ok, out)).toBe(Status.POINTER);
      expect(k.columnOrderStatistics(10, 2, data, 10, 2, ok, k.memory.buffer.byteLength - 8)).toBe(Status.POINTER);
      expect(Array.from(a.f64(out, 4))).toEqual([-7, -7, -7, -7]);
      expect(k.columnOrderStatistics(10, 2, data, 10, 2, ok, out)).toBe(Status.OK);
      expect(Array.from(a.f64(out, 4))).toEqual([0, 9, 10, 19]);
    });
  });
});
