// Samplers (src/samplers): runs from the uncertain parameters, whole or in batches, resumable
// from their state; each kind against what it is built from (sobol, saltelliDesign, grids).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Normal, Uniform, multiIndices, saltelliDesign, sampler, sobol, sparseGrid, tensorGrid, toPhysical, type Run, type SamplerSpec } from 'uqkit';
import { thrown } from './helpers.js';

const vary = { kappa: { dist: 'uniform', low: 0.025, high: 0.075 }, t_env: { dist: 'normal', mean: 15, std: 2 } } as const;
const dists = [new Uniform(0.025, 0.075), new Normal(15, 2)];
const values = (runs: Run[]): number[] => runs.flatMap((r) => [r.kappa as number, r.t_env as number]);
const dir = mkdtempSync(join(tmpdir(), 'uqkit-samplers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('samplers', () => {
  it('sweep: the full factorial of src/space with nested levels, over parameters that need not vary; batches and resume', () => {
    const levels = { solver: { cg: { tol: [1e-6, 1e-8] }, direct: {} }, n: [10, 100] };
    const s = sampler({ kind: 'sweep', levels }, {});
    expect(s.size).toBe(6);
    const whole = s.rest();
    expect(whole).toEqual([
      { solver: 'cg', tol: 1e-6, n: 10 }, { solver: 'cg', tol: 1e-6, n: 100 }, { solver: 'cg', tol: 1e-8, n: 10 }, { solver: 'cg', tol: 1e-8, n: 100 },
      { solver: 'direct', n: 10 }, { solver: 'direct', n: 100 },
    ]);
    const t = sampler({ kind: 'sweep', levels }, {});
    const first = t.draw(4);
    expect([...first, ...sampler({ kind: 'sweep', levels }, {}, t.state).rest()]).toEqual(whole);
    expect(thrown(() => sampler({ kind: 'sweep', levels: { n: [] } }, {})).message).toBe('sampler.levels.n: expected at least one level, got an array of length 0');
  });
  it('qmc: Owen-scrambled Sobol\' points mapped to the distributions; batches and resume give the same runs', () => {
    const whole = sampler({ kind: 'qmc', seed: 3, n: 64 }, vary).rest();
    expect(values(whole)).toEqual(Array.from(toPhysical(dists, sobol(64, 2, { scramble: 'owen', seed: 3, balance: 'ignore' })).data));
    const s = sampler({ kind: 'qmc', seed: 3, n: 64 }, vary);
    const a = s.draw(10), b = s.draw(20);
    expect(s.state).toEqual({ drawn: 30 });
    const resumed = sampler({ kind: 'qmc', seed: 3, n: 64 }, vary, s.state);
    expect([...a, ...b, ...resumed.rest()]).toEqual(whole);
    expect(resumed.draw(5)).toEqual([]);
    expect(Object.keys(whole[0]!)).toEqual(['kappa', 't_env']);
  });
  it('random: seeded, any batch split, inside the supports, different seeds differ', () => {
    const s = sampler({ kind: 'random', seed: 7 }, vary);
    expect(s.size).toBe(Infinity);
    const runs = [...s.draw(5000), ...s.draw(3)];
    const again = sampler({ kind: 'random', seed: 7 }, vary, { drawn: 5000 }).draw(3);
    expect(again).toEqual(runs.slice(5000));
    const k = runs.map((r) => r.kappa as number);
    expect(Math.min(...k)).toBeGreaterThan(0.025);
    expect(Math.max(...k)).toBeLessThan(0.075);
    const mean = runs.reduce((m, r) => m + (r.t_env as number), 0) / runs.length;
    expect(Math.abs(mean - 15)).toBeLessThan(4 * 2 / Math.sqrt(runs.length)); // within 4 standard errors
    expect(sampler({ kind: 'random', seed: 8 }, vary).draw(3)).not.toEqual(runs.slice(0, 3));
    expect(thrown(() => s.rest()).message).toMatch(/finite sampler/);
  });
  it('saltelli: the block-layout design, with the design for the analysis', () => {
    const s = sampler({ kind: 'saltelli', n: 32, seed: 1 }, vary);
    const d = saltelliDesign(dists, 32, { seed: 1, layout: 'block' });
    expect(s.size).toBe(32 * 4);
    expect(values(s.rest())).toEqual(Array.from(d.X.data));
    expect(s.design!.n).toBe(32);
  });
  it('pce: a tensor Gauss grid of order + 1 points per input (default), a sparse grid, or 2P regression points', () => {
    const q = sampler({ kind: 'pce', order: 3 }, vary);
    expect(q.size).toBe(16);
    expect(values(q.rest())).toEqual(Array.from(tensorGrid(dists, 3).points.data));
    expect(q.grid!.weights.length).toBe(16);
    const sp = sampler({ kind: 'pce', order: 3, points: 'sparse' }, vary);
    expect(sp.size).toBe(sparseGrid(dists, { level: 3 }).points.rows);
    const r = sampler({ kind: 'pce', order: 3, points: 'regression', seed: 2 }, vary);
    expect(r.size).toBe(2 * multiIndices(2, { degree: 3 }).length);
  });
  it('sc: tensor or sparse grid', () => {
    expect(sampler({ kind: 'sc', order: 2 }, vary).size).toBe(9);
    expect(values(sampler({ kind: 'sc', order: 4, grid: 'sparse' }, vary).rest())).toEqual(Array.from(sparseGrid(dists, { level: 4 }).points.data));
  });
  it('replica: k copies of each run with a replica index', () => {
    const runs = sampler({ kind: 'replica', of: { kind: 'qmc', seed: 1, n: 3 }, replicas: 2 }, vary).rest();
    expect(runs).toHaveLength(6);
    expect(runs.map((r) => r.replica)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(runs[0]!.kappa).toBe(runs[1]!.kappa);
    expect(runs[1]!.kappa).not.toBe(runs[2]!.kappa);
    expect(thrown(() => sampler({ kind: 'replica', of: { kind: 'random', seed: 1 }, replicas: 2 }, vary)).message).toMatch(/^sampler\.of: expected a finite sampler/);
  });
  it('table: CSV (numbers, booleans, strings; comments) and JSON; errors name the file and line', () => {
    const csv = join(dir, 'runs.csv');
    writeFileSync(csv, '# runs\nkappa, t_env, mode, fast\n0.03, 14, a, true\n\n0.05, 16.5, b, false\n');
    expect(sampler({ kind: 'table', file: csv }, {}).rest()).toEqual([
      { kappa: 0.03, t_env: 14, mode: 'a', fast: true }, { kappa: 0.05, t_env: 16.5, mode: 'b', fast: false },
    ]);
    const json = join(dir, 'runs.json');
    writeFileSync(json, JSON.stringify([{ kappa: 0.04 }]));
    expect(sampler({ kind: 'table', file: json }, {}).rest()).toEqual([{ kappa: 0.04 }]);
    writeFileSync(csv, 'kappa,t_env\n0.03,14\n0.05\n');
    expect(thrown(() => sampler({ kind: 'table', file: csv }, {})).message).toBe(`${csv}:3: expected 2 comma-separated values, got "0.05"`);
    expect(thrown(() => sampler({ kind: 'table', runs: [{ kappa: NaN }] }, {})).message).toMatch(/^sampler\.runs\[0\]\.kappa: expected a finite number, a string or a boolean/);
    expect(thrown(() => sampler({ kind: 'table', file: join(dir, 'none.csv') }, {})).message).toMatch(/^sampler\.file: expected a readable file/);
  });
  it('errors name the field', () => {
    expect(thrown(() => sampler({ kind: 'lhs' } as unknown as SamplerSpec, vary)).message).toMatch(/^sampler\.kind: expected one of "random", "qmc"/);
    expect(thrown(() => sampler({ kind: 'qmc', seed: 1 }, {})).message).toMatch(/^vary: expected at least one uncertain parameter/);
    expect(thrown(() => sampler({ kind: 'pce', order: 2 }, { k: { dist: 'uniform', low: 1, high: 0 } } as never)).message).toMatch(/^vary\.k\./);
    expect(thrown(() => sampler({ kind: 'qmc', seed: 1, nn: 3 } as unknown as SamplerSpec, vary)).message).toMatch(/^sampler\.nn: expected no such option/);
  });
});
