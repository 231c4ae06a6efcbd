// Parameter-space algebra (src/space/algebra.ts): sweeps with nested sub-sweeps, product, zip,
// concat, difference/missing by run identity, geometric progressions.
import { describe, expect, it } from 'vitest';
import { concat, difference, geom, igeom, missing, product, sweep, zip } from 'uqkit';
import { thrown } from './helpers.js';

describe('parameter spaces', () => {
  it('sweep: full factorial in key order, the last factor fastest', () => {
    expect(sweep({ a: [1, 2], b: ['x', 'y', 'z'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ]);
    expect(sweep({})).toEqual([{}]);
  });
  it('sweep: a level opens its own sub-factors (nested sweeps)', () => {
    const runs = sweep({ solver: { cg: { tol: [1e-6, 1e-8], precond: ['jacobi', 'ilu'] }, direct: {} }, n: [10, 100] });
    expect(runs).toHaveLength((4 + 1) * 2);
    expect(runs.filter((r) => r.solver === 'cg')).toHaveLength(8);
    expect(runs.filter((r) => r.solver === 'direct')).toEqual([{ solver: 'direct', n: 10 }, { solver: 'direct', n: 100 }]);
    expect(runs[0]).toEqual({ solver: 'cg', tol: 1e-6, precond: 'jacobi', n: 10 });
    // two levels deep
    expect(sweep({ a: { p: { b: { q: { c: [1, 2] } } } } })).toEqual([{ a: 'p', b: 'q', c: 1 }, { a: 'p', b: 'q', c: 2 }]);
  });
  it('product, zip, concat', () => {
    const a = [{ x: 1 }, { x: 2 }], b = [{ y: 'u' }, { y: 'v' }];
    expect(product(a, b)).toEqual([{ x: 1, y: 'u' }, { x: 1, y: 'v' }, { x: 2, y: 'u' }, { x: 2, y: 'v' }]);
    expect(zip(a, b)).toEqual([{ x: 1, y: 'u' }, { x: 2, y: 'v' }]);
    expect(concat(a, a)).toHaveLength(4);
    expect(thrown(() => product(a, [{ x: 3 }])).message).toMatch(/^spaces\[1\]: expected parameters not set by an earlier space \("x" is\)/);
    expect(thrown(() => zip(a, [{ y: 1 }])).message).toMatch(/^spaces\[1\]: expected 2 runs, as spaces\[0\], got 1/);
  });
  it('difference and missing compare run identities (key order and 1 vs 1.0 do not matter)', () => {
    const full = sweep({ a: [1, 2, 3], b: [true, false] });
    const done = [{ b: true, a: 1.0 }, { a: 3, b: false }, { a: 9, b: true }];
    const left = missing(full, done);
    expect(left).toHaveLength(4);
    expect(left).not.toContainEqual({ a: 1, b: true });
    expect(left).not.toContainEqual({ a: 3, b: false });
    expect(difference(full, [])).toEqual(full);
  });
  it('geom and igeom', () => {
    const g = geom(1, 1000, 4);
    expect(g[0]).toBe(1);
    expect(g[3]).toBe(1000);
    expect(g[1]).toBeCloseTo(10, 12);
    expect(g[2]).toBeCloseTo(100, 10);
    expect(igeom(1, 10, 10)).toEqual([1, 2, 3, 4, 5, 6, 8, 10]);
    expect(geom(5, 5, 1)).toEqual([5]);
    expect(thrown(() => geom(0, 10, 3)).message).toMatch(/^start: expected positive finite start and stop/);
    expect(thrown(() => igeom(1.5, 10, 3)).message).toMatch(/^start: expected integer start and stop/);
  });
  it('errors name the factor', () => {
    expect(thrown(() => sweep({ a: [] })).message).toMatch(/^sweep\.a: expected at least one level/);
    expect(thrown(() => sweep({ a: [1, NaN] })).message).toMatch(/^sweep\.a\[1\]: expected a finite number, a string or a boolean/);
    expect(thrown(() => sweep({ a: { x: { a: [1] } } })).message).toMatch(/^sweep\.a\.x\.a: expected no factor named like its parent "a"/);
    expect(thrown(() => sweep({ a: 3 } as never)).message).toMatch(/^sweep\.a: expected a list of levels/);
  });
});
