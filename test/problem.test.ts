// The fluent problem object: each method against the library function it calls on the same
// points and outputs (Ishigami and linear models; equal to 1e-15), Morris' mu* against the
// closed form |coefficient| x range on a linear model, the tables and JSON, the state errors,
// and a method added through the registry.
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, ProblemStateError, ShapeError, PROBLEM_METHODS, problem, registerProblemMethod,
  dgsmAnalyze, ffAnalyze, ffSample, finiteDiffSample, morrisAnalyze, morrisSample, saltelliDesign, sobolIndices, type Matrix,
  fastSample, fastAnalyze, latinSample, rbdFastAnalyze, deltaAnalyze, pawnAnalyze, Uniform,
} from 'uqkit';
import { thrown } from './helpers.js';

const PI = Math.PI;
const ishigami = (x: Float64Array): number => Math.sin(x[0]) + 7 * Math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * Math.sin(x[0]);
const ISHIGAMI = { names: ['x1', 'x2', 'x3'], bounds: [[-PI, PI], [-PI, PI], [-PI, PI]] as [number, number][] };
const COEF = [2, -3, 0.5, 0];
const LOW = [0, -1, 10, 0], HIGH = [1, 3, 12, 5];
const linear = (x: Float64Array): number => COEF.reduce((s, c, j) => s + c * x[j], 1);
const LINEAR = { names: ['a', 'b', 'c', 'd'], bounds: LOW.map((l, j) => [l, HIGH[j]] as [number, number]) };
const rowsOf = (X: Matrix, f: (x: Float64Array) => number): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => f(X.data.subarray(i * X.cols, (i + 1) * X.cols)));

const close = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(b[i])));
};

describe('problem(): the same results as the library functions', () => {
  it('saltelli + sobol on Ishigami, second order and bootstrap', () => {
    const p = problem(ISHIGAMI).sample('saltelli', { N: 256, seed: 11, secondOrder: true }).evaluate(ishigami);
    const r = p.analyze('sobol', { bootstrap: { resamples: 40, seed: 5 } });
    const design = saltelliDesign(ISHIGAMI.bounds.map(([l, h]) => ({ dist: 'uniform' as const, low: l, high: h })), 256, { seed: 11, secondOrder: true });
    expect(Array.from(p.samples!.data)).toEqual(Array.from(design.X.data));
    const ref = sobolIndices(rowsOf(design.X, ishigami), { design, bootstrap: { resamples: 40, seed: 5 } });
    close(r.get('S1'), ref.first);
    close(r.get('ST'), ref.total);
    close(r.get('S1_conf'), ref.firstConf!);
    close(r.get('ST_conf'), ref.totalConf!);
    close(r.get('S2'), [ref.second!.data[1], ref.second!.data[2], ref.second!.data[5]]);
    expect(r.pairs!.names).toEqual([['x1', 'x2'], ['x1', 'x3'], ['x2', 'x3']]);
    // Ishigami (a = 7, b = 0.1): S1 = 0.3139, 0.4424, 0; the estimate is near them.
    expect(r.fields.S1[0]).toBeCloseTo(0.3139, 1);
    expect(r.fields.S1[1]).toBeCloseTo(0.4424, 1);
    // 'sobol' is SALib's other name of the sampler; the same options give the same points.
    expect(Array.from(problem(ISHIGAMI).sample('sobol', { N: 256, seed: 11, secondOrder: true }).samples!.data)).toEqual(Array.from(design.X.data));
  });

  it('morris on a linear model: mu* = |coefficient| x range, and equal to morrisAnalyze', () => {
    const r = problem(LINEAR).sample('morris', { N: 12, seed: 3, numLevels: 4 }).evaluate(linear).analyze('morris', { seed: 9 });
    const s = morrisSample(LINEAR.bounds, 12, { seed: 3, numLevels: 4 });
    const ref = morrisAnalyze(s.X, rowsOf(s.X, linear), { seed: 9, names: LINEAR.names });
    for (const k of ['mu', 'mu_star', 'sigma', 'mu_star_conf'] as const) close(r.get(k), ref[k]);
    COEF.forEach((c, j) => expect(r.fields.mu_star[j]).toBeCloseTo(Math.abs(c) * (HIGH[j] - LOW[j]), 12));
    expect(r.names).toEqual(LINEAR.names);
  });

  it('morris with groups gives one row per group', () => {
    const r = problem({ ...LINEAR, groups: ['g1', 'g1', 'g2', 'g3'] }).sample('morris', { N: 10, seed: 4 }).evaluate(linear).analyze('morris', { seed: 1 });
    const s = morrisSample(LINEAR.bounds, 10, { seed: 4, groups: ['g1', 'g1', 'g2', 'g3'] });
    const ref = morrisAnalyze(s.X, rowsOf(s.X, linear), { seed: 1, groups: ['g1', 'g1', 'g2', 'g3'] });
    expect(r.names).toEqual(['g1', 'g2', 'g3']);
    close(r.get('mu_star'), ref.mu_star);
  });

  it('saltelli + sobol with groups: one index per group, as sobolIndices on the grouped design', () => {
    const r = problem({ ...ISHIGAMI, groups: ['g', 'h', 'g'] }).sample('saltelli', { N: 128, seed: 2 }).evaluate(ishigami).analyze('sobol', { bootstrap: false });
    const design = saltelliDesign(ISHIGAMI.bounds.map(([l, h]) => ({ dist: 'uniform' as const, low: l, high: h })), 128, { seed: 2, groups: [0, 1, 0] });
    const ref = sobolIndices(rowsOf(design.X, ishigami), { design });
    expect(r.names).toEqual(['g', 'h']);
    close(r.get('S1'), ref.first);
    close(r.get('ST'), ref.total);
  });

  it('ff and dgsm, with a vectorised and an async model', async () => {
    const p = problem(LINEAR).sample('ff').evaluate((X: Matrix) => rowsOf(X, linear), { vectorized: true });
    const ff = p.analyze('ff', { secondOrder: true });
    const fs = ffSample(LINEAR.bounds);
    const fref = ffAnalyze(rowsOf(fs.X, linear), { names: LINEAR.names, secondOrder: true });
    close(ff.get('ME'), fref.ME);
    close(ff.get('IE'), fref.IE!);
    // Main effect of a linear input: half the change over its range.
    COEF.forEach((c, j) => expect(ff.fields.ME[j]).toBeCloseTo(c * (HIGH[j] - LOW[j]) / 2, 12));

    const q = await problem(ISHIGAMI).sample('finite_diff', { N: 32 }).evaluate(async (x: Float64Array) => ishigami(x));
    const dg = q.analyze('dgsm', { seed: 2 });
    const ds = finiteDiffSample(ISHIGAMI.bounds, 32);
    const dref = dgsmAnalyze(ds.X, rowsOf(ds.X, ishigami), { dists: ISHIGAMI.bounds, names: ISHIGAMI.names, seed: 2 });
    for (const k of ['vi', 'vi_std', 'dgsm', 'dgsm_conf'] as const) close(dg.get(k), dref[k]);
  });
});

describe('problem(): SALib\'s Fourier and moment-independent methods', () => {
  const U = ISHIGAMI.bounds.map(([l, h]) => new Uniform(l, h));
  it('fast (its own curves), then rbd_fast, delta and pawn on a Latin hypercube: equal to the library functions', () => {
    const p = problem(ISHIGAMI).sample('fast', { N: 1025, seed: 3 }).evaluate(ishigami);
    const design = fastSample(U, 1025, { seed: 3 });
    expect(Array.from(p.samples!.data)).toEqual(Array.from(design.X.data));
    const r = p.analyze('fast', { resamples: 20, seed: 4 });
    const ref = fastAnalyze(rowsOf(design.X, ishigami), 3, { M: design.M, resamples: 20, seed: 4 });
    close(r.get('S1'), ref.S1);
    close(r.get('ST'), ref.ST);
    close(r.get('S1_conf'), ref.S1_conf);
    expect(r.toTable()).toMatch(/ST_conf/);

    const q = problem(ISHIGAMI).sample('latin', { N: 2000, seed: 5 }).evaluate(ishigami);
    const X = latinSample(U, 2000, { seed: 5 }).X;
    expect(Array.from(q.samples!.data)).toEqual(Array.from(X.data));
    const Y = rowsOf(X, ishigami);
    close(q.analyze('rbd_fast', { resamples: 20, seed: 6 }).get('S1'), rbdFastAnalyze(X, Y, { resamples: 20, seed: 6 }).S1);
    const d = q.analyze('delta', { resamples: 10, seed: 7 });
    const dRef = deltaAnalyze(X, Y, { resamples: 10, seed: 7 });
    close(d.get('delta'), dRef.delta);
    close(d.get('S1'), dRef.S1);
    close(q.analyze('pawn', { S: 10 }).get('median'), pawnAnalyze(X, Y, { S: 10 }).median);
    // eFAST analyses only its own curves.
    expect(thrown(() => q.analyze('fast'))).toMatchObject({ name: 'InvalidArgumentError', field: 'method' });
  });
});

describe('problem(): tables and JSON', () => {
  it('prints SALib-like tables and plain JSON', () => {
    const r = problem(LINEAR).sample('morris', { N: 6, seed: 1 }).evaluate(linear).analyze('morris', { seed: 1 });
    const lines = r.toTable().split('\n');
    expect(lines[0].trim().split(/\s+/)).toEqual(['mu', 'mu_star', 'sigma', 'mu_star_conf']);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(LINEAR.names);
    expect(Number(lines[2].trim().split(/\s+/)[2])).toBeCloseTo(12, 6); // b: |-3| x 4
    const j = JSON.parse(JSON.stringify(r));
    expect(j.method).toBe('morris');
    expect(j.names).toEqual(LINEAR.names);
    expect(j.mu_star).toEqual(Array.from(r.fields.mu_star));
    const s = problem(ISHIGAMI).sample('saltelli', { N: 64, seed: 1, secondOrder: true }).evaluate(ishigami).analyze('sobol', { bootstrap: false });
    const blocks = s.toTable().split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0].trim())).toEqual(['ST', 'S1', 'S2']);
    expect(s.toJSON()).toMatchObject({ method: 'sobol', pairs: [['x1', 'x2'], ['x1', 'x3'], ['x2', 'x3']] });
    expect(s.fields.S1_conf).toBeUndefined();
  });
});

describe('problem(): errors', () => {
  it('analysing before evaluating says what to call', () => {
    const p = problem(LINEAR);
    const e0 = thrown(() => p.analyze('morris'));
    expect(e0).toBeInstanceOf(ProblemStateError);
    expect(e0.message).toContain(".sample('morris'");
    p.sample('morris', { N: 4, seed: 1 });
    const e1 = thrown(() => p.analyze('morris'));
    expect(e1).toBeInstanceOf(ProblemStateError);
    expect((e1 as ProblemStateError).field).toBe('evaluate');
    expect(e1.message).toContain('.evaluate(fn)');
    expect(thrown(() => problem(LINEAR).evaluate(linear))).toBeInstanceOf(ProblemStateError);
  });

  it('sampling again discards the outputs', () => {
    const p = problem(LINEAR).sample('morris', { N: 4, seed: 1 }).evaluate(linear);
    p.analyze('morris', { seed: 1 });
    expect(p.analyses.has('morris')).toBe(true);
    p.sample('morris', { N: 5, seed: 2 });
    expect(p.results).toBeUndefined();
    expect(p.analyses.size).toBe(0);
    expect(thrown(() => p.analyze('morris'))).toBeInstanceOf(ProblemStateError);
  });

  it('names the field of a bad definition, method or output', () => {
    const e = thrown(() => problem({ names: ['a', 'b'], bounds: [[0, 1]] }));
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as ShapeError).field).toBe('problem.bounds');
    expect((thrown(() => problem({ names: ['a'], bounds: [[1, 0]] })) as InvalidArgumentError).field).toBe('problem.bounds[0]');
    expect((thrown(() => problem({ names: ['a', 'a'], bounds: [[0, 1], [0, 1]] })) as InvalidArgumentError).field).toBe('problem.names');
    expect(thrown(() => problem({ names: ['a'] }))).toBeInstanceOf(InvalidArgumentError);
    const u = thrown(() => problem(LINEAR).sample('hammersley'));
    expect(u).toBeInstanceOf(InvalidArgumentError);
    expect(u.message).toContain('morris');
    const p = problem(LINEAR).sample('morris', { N: 4, seed: 1 }).evaluate(linear);
    expect(thrown(() => p.analyze('sobol')).message).toContain("'sobol' needs samples of saltelli or sobol");
    expect(thrown(() => p.setResults([1, 2]))).toBeInstanceOf(ShapeError);
    expect((thrown(() => p.evaluate(() => 'x' as unknown as number)) as ShapeError).field).toBe('Y[0]');
  });
});

describe('problem(): the registry', () => {
  it('a new method is one entry', () => {
    expect([...PROBLEM_METHODS.keys()]).toEqual(expect.arrayContaining(['saltelli', 'sobol', 'morris', 'ff', 'finite_diff', 'dgsm']));
    registerProblemMethod('test_range', {
      analyze: { samplers: ['morris'], run: (inputs, sample, Y) => ({ fields: { range: Float64Array.of(Math.max(...Y) - Math.min(...Y)) }, names: ['y'], raw: sample.X.rows }) },
    });
    try {
      const r = problem(LINEAR).sample('morris', { N: 4, seed: 1 }).setResults([...Array(20).keys()]).analyze('test_range');
      expect(r.fields.range[0]).toBe(19);
      expect(r.raw).toBe(20);
    } finally {
      PROBLEM_METHODS.delete('test_range');
    }
  });
});
