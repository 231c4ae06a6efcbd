// The method of Morris: SALib's morris.analyze on the same designs (test/fixtures/salib_morris.json,
// made by scripts/fixtures/salib_morris.py with SALib 1.5.2), its choice of optimal
// trajectories from the same candidates, the sampler's defining properties, analytic values on
// linear models and the g-function, and the CLI run as a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, NonFiniteOutputError, ShapeError, Uniform, matrix, morrisAnalyze, morrisSample, morrisSelectTrajectories, type Matrix,
} from 'uqkit';
import { fixture, thrown } from './helpers.js';

interface Case {
  name: string; source: string; names: string[]; groups: string[] | null; bounds: number[][]; num_levels: number; trajectories: number;
  X: number[]; Y: number[]; group_names: string[]; mu: number[]; mu_star: number[]; sigma: (number | null)[]; mu_star_conf_salib: number[];
  elementary_effects: number[]; resample_index: number[]; mu_star_conf_fixed: number[];
}
interface Optimal { name: string; N: number; k: number; num_levels: number; groups: string[] | null; d: number; unit: number[]; brute: number[]; local: number[] }
const FX = fixture<{ cases: Case[]; optimal: Optimal[]; resamples_fixed: number }>('salib_morris.json');

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-morris-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const uqkit = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir });

/** Largest |a - b| relative to max(1, |b|). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number | null>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = b[i];
    if (e === null) {
      expect(Number.isNaN(a[i]!)).toBe(true);
      continue;
    }
    m = Math.max(m, Math.abs(a[i]! - e) / Math.max(1, Math.abs(e)));
  }
  return m;
}

const linear = (X: Matrix, c: number[], c0 = 1) => Float64Array.from({ length: X.rows }, (_, i) => c.reduce((s, cj, j) => s + cj * X.data[i * X.cols + j]!, c0));
const gfun = (a: number[]) => (X: Matrix) => Float64Array.from({ length: X.rows }, (_, i) => a.reduce((p, aj, j) => p * (Math.abs(4 * X.data[i * X.cols + j]! - 2) + aj) / (1 + aj), 1));

describe('morrisAnalyze against SALib on the same X, Y', () => {
  for (const c of FX.cases) {
    it(`${c.name} (${c.source}-drawn X): mu, mu_star, sigma to 1e-12; mu_star_conf for fixed resamples to 1e-12`, () => {
      const d = c.names.length;
      const X = matrix(Float64Array.from(c.X), c.X.length / d, d);
      const opts = { numLevels: c.num_levels, names: c.names, ...(c.groups ? { groups: c.groups } : {}) };
      const r = morrisAnalyze(X, c.Y, { ...opts, seed: 1 });
      expect(r.names).toEqual(c.group_names);
      expect(r.trajectories).toBe(c.trajectories);
      expect(relErr(r.elementaryEffects.data, c.elementary_effects)).toBeLessThan(1e-12);
      expect(relErr(r.mu, c.mu)).toBeLessThan(1e-12);
      expect(relErr(r.mu_star, c.mu_star)).toBeLessThan(1e-12);
      expect(relErr(r.sigma, c.sigma)).toBeLessThan(1e-12);
      const fixed = morrisAnalyze(X, c.Y, { ...opts, numResamples: FX.resamples_fixed, resampleIndex: Int32Array.from(c.resample_index) });
      expect(relErr(fixed.mu_star_conf, c.mu_star_conf_fixed)).toBeLessThan(1e-12);
      expect(fixed.bootstrap.seed).toBeUndefined();
      // uqkit's own resamples: the same quantity from another random stream, so close to SALib's.
      r.mu_star_conf.forEach((v, j) => {
        const s = c.mu_star_conf_salib[j]!;
        if (s < 1e-12 * Math.max(1, c.mu_star[j]!)) expect(v).toBeLessThan(1e-10 * Math.max(1, c.mu_star[j]!));
        else expect(v / s).toBeGreaterThan(0.5), expect(v / s).toBeLessThan(2);
      });
    });
  }
});

describe('optimal trajectories: the same choice as SALib from the same candidates', () => {
  for (const o of FX.optimal) {
    it(`${o.name}: N = ${o.N}, k = ${o.k}, exhaustive and local search`, () => {
      const S = (o.groups ? new Set(o.groups).size : o.d) + 1;
      const unit = matrix(Float64Array.from(o.unit), o.unit.length / o.d, o.d);
      expect(morrisSelectTrajectories(unit, S, o.k, false)).toEqual(o.brute);
      expect(morrisSelectTrajectories(unit, S, o.k, true)).toEqual(o.local);
    });
  }

  it('the exhaustive choice has the highest score of all sets (checked against every set of 3 of 8)', () => {
    const s = morrisSample([new Uniform(0, 1), new Uniform(0, 1), new Uniform(0, 1)], 8, { seed: 5 });
    const u = s.unit.data, S = 4, d = 3;
    const dist = (a: number, b: number) => {
      let t = 0;
      for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) {
        let e = 0;
        for (let k = 0; k < d; k++) e += (u[(a * S + i) * d + k]! - u[(b * S + j) * d + k]!) ** 2;
        t += Math.sqrt(e);
      }
      return t;
    };
    const score = (set: number[]) => Math.sqrt(set.flatMap((a, i) => set.slice(i + 1).map((b) => dist(a, b) ** 2)).reduce((x, y) => x + y, 0));
    const chosen = morrisSelectTrajectories(s.unit, S, 3, false);
    let best = 0;
    for (let a = 0; a < 8; a++) for (let b = a + 1; b < 8; b++) for (let c = b + 1; c < 8; c++) best = Math.max(best, score([a, b, c]));
    expect(score(chosen)).toBeCloseTo(best, 4);
  });
});

describe('morrisSample: the defining properties of trajectories', () => {
  const dists = [new Uniform(0, 1), new Uniform(-2, 3), new Uniform(10, 11), new Uniform(0, 1), new Uniform(5, 7)];
  for (const [levels, groups] of [[4, undefined], [6, undefined], [8, ['a', 'b', 'a', 'c', 'b']], [2, undefined]] as const) {
    it(`p = ${levels}${groups ? ', groups a b a c b' : ''}: G + 1 points, one input (group) moves by ±Δ per step, on the grid`, () => {
      const N = 200;
      const s = morrisSample(dists, N, { numLevels: levels, seed: 42, ...(groups ? { groups: [...groups] } : {}) });
      const d = 5, G = groups ? 3 : 5, S = G + 1, delta = levels / (2 * (levels - 1));
      expect(s.delta).toBe(delta);
      expect(s.X.rows).toBe(N * S);
      expect(s.trajectories).toBe(N);
      const u = s.unit.data;
      const levelsSeen = new Set<number>();
      let ups = 0, downs = 0;
      for (let t = 0; t < N; t++) {
        const movedGroups = new Set<string>();
        for (let st = 1; st < S; st++) {
          const moved: number[] = [];
          for (let j = 0; j < d; j++) {
            const a = u[(t * S + st - 1) * d + j]!, b = u[(t * S + st) * d + j]!;
            if (a !== b) {
              moved.push(j);
              expect(Math.abs(Math.abs(b - a) - delta)).toBeLessThan(1e-15);
              if (b > a) ups++; else downs++;
            }
          }
          const g = groups ? [...new Set(moved.map((j) => groups[j]!))] : moved.map(String);
          expect(g.length).toBe(1); // exactly one input or group
          if (groups) expect(moved.length).toBe(groups.filter((x) => x === g[0]).length); // the whole group
          expect(movedGroups.has(g[0]!)).toBe(false); // each group once
          movedGroups.add(g[0]!);
        }
        for (let st = 0; st < S; st++) for (let j = 0; j < d; j++) {
          const v = u[(t * S + st) * d + j]! * (levels - 1);
          expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-12); // on the grid k/(p-1)
          levelsSeen.add(Math.round(v));
        }
      }
      expect([...levelsSeen].sort((a, b) => a - b)).toEqual(Array.from({ length: levels }, (_, i) => i));
      expect(ups / (ups + downs)).toBeGreaterThan(0.4); // random directions
      expect(ups / (ups + downs)).toBeLessThan(0.6);
      // Physical space: the uniform map of the unit grid.
      for (let i = 0; i < s.X.rows; i++) for (let j = 0; j < d; j++) {
        const [lo, hi] = dists[j]!.support;
        expect(s.X.data[i * d + j]).toBeCloseTo(lo + u[i * d + j]! * (hi - lo), 12);
      }
    });
  }

  it('takes SALib-style bounds [low, high] for uniform inputs', () => {
    const a = morrisSample([[0, 1], [-2, 3]], 10, { seed: 1 }), b = morrisSample([new Uniform(0, 1), new Uniform(-2, 3)], 10, { seed: 1 });
    expect(a.X.data).toEqual(b.X.data);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    const a = morrisSample(dists, 20, { seed: 7 }), b = morrisSample(dists, 20, { seed: 7 }), c = morrisSample(dists, 20, { seed: 8 });
    expect(a.X.data).toEqual(b.X.data);
    expect(a.X.data).not.toEqual(c.X.data);
    expect(a.seed).toBe(7n);
  });

  it('optimalTrajectories keeps k of the N drawn, the ones the selection names', () => {
    const all = morrisSample(dists, 30, { seed: 9 });
    const some = morrisSample(dists, 30, { seed: 9, optimalTrajectories: 4 });
    expect(some.trajectories).toBe(4);
    expect(some.chosen).toEqual(morrisSelectTrajectories(all.unit, 6, 4, true));
    some.chosen!.forEach((c, i) => expect(some.X.data.subarray(i * 30, (i + 1) * 30)).toEqual(all.X.data.subarray(c * 30, (c + 1) * 30)));
  });
});

describe('analytic values', () => {
  it('mu* = |c_j| x range_j and sigma = 0 on a linear model; mu = c_j x range_j', () => {
    const bounds = [[0, 1], [-1, 2], [0, 4], [0, 1], [1, 3]];
    const c = [2, -3, 0.5, 0, 1.5];
    const s = morrisSample(bounds.map(([a, b]) => new Uniform(a!, b!)), 50, { seed: 3 });
    const r = morrisAnalyze(s.X, linear(s.X, c), { seed: 1 });
    r.mu_star.forEach((m, j) => expect(m).toBeCloseTo(Math.abs(c[j]!) * (bounds[j]![1]! - bounds[j]![0]!), 12));
    r.mu.forEach((m, j) => expect(m).toBeCloseTo(c[j]! * (bounds[j]![1]! - bounds[j]![0]!), 12));
    r.sigma.forEach((v) => expect(v).toBeLessThan(1e-12));
    r.mu_star_conf.forEach((v) => expect(v).toBeLessThan(1e-12));
  });

  it('with groups: a group moves its inputs together, each with its own direction; a group of one keeps its sigma, larger groups have NaN', () => {
    const s = morrisSample([0, 1, 2, 3].map(() => new Uniform(0, 1)), 40, { seed: 4, groups: ['g', 'h', 'g', 'k'] });
    const r = morrisAnalyze(s.X, linear(s.X, [1, 2, 3, 4]), { groups: ['g', 'h', 'g', 'k'], seed: 1 });
    expect(r.names).toEqual(['g', 'h', 'k']);
    // Group g moves x1 and x3 at once by ±Δ each: the output moves by (±1 ± 3)Δ, so the effects are ±4 or ±2.
    const ee = r.elementaryEffects.data;
    let expected = 0;
    for (let t = 0; t < 40; t++) {
      expect([2, 4]).toContain(Math.round(Math.abs(ee[t * 4]!)));
      expect(Math.abs(ee[t * 4]!)).toBeCloseTo(Math.abs(ee[t * 4 + 2]!), 12);
      expected += (Math.abs(ee[t * 4]!) + Math.abs(ee[t * 4 + 2]!)) / 2 / 40;
    }
    expect(r.mu_star[0]).toBeCloseTo(expected, 12);
    expect(r.mu_star[1]).toBeCloseTo(2, 12);
    expect(r.mu_star[2]).toBeCloseTo(4, 12);
    expect(Number.isNaN(r.sigma[0]!)).toBe(true);
    expect(r.sigma[1]).toBeLessThan(1e-12);
  });

  it('ranks the inputs of the Sobol\' g-function by their a_i', () => {
    const a = [0, 1, 4.5, 9, 99, 99, 99, 99];
    const s = morrisSample(a.map(() => new Uniform(0, 1)), 400, { seed: 11 });
    const r = morrisAnalyze(s.X, gfun(a)(s.X), { seed: 2 });
    for (let j = 0; j < 3; j++) expect(r.mu_star[j]!).toBeGreaterThan(r.mu_star[j + 1]!);
    for (let j = 4; j < 8; j++) expect(r.mu_star[j]!).toBeLessThan(0.5 * r.mu_star[3]!);
  });

  it('mu_star_conf: the bootstrap interval covers the true mu* about as often as its level says', () => {
    // y = x1 * x2 on U(0,1)^2 with p = 4: the effect of x1 is Δ-independent: x2, so mu*_1 = E|x2| over x2's levels {0, 1/3, 2/3, 1} = 1/2.
    let covered = 0;
    const runs = 200;
    for (let k = 0; k < runs; k++) {
      const s = morrisSample([new Uniform(0, 1), new Uniform(0, 1)], 30, { seed: 1000 + k });
      const y = Float64Array.from({ length: s.X.rows }, (_, i) => s.X.data[2 * i]! * s.X.data[2 * i + 1]!);
      const r = morrisAnalyze(s.X, y, { seed: k, numResamples: 200 });
      if (Math.abs(r.mu_star[0]! - 0.5) <= r.mu_star_conf[0]!) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.88);
    expect(covered / runs).toBeLessThan(0.99);
  });
});

it('warns that an odd number of levels is unbalanced (as SALib)', async () => {
  const warned: string[] = [];
  const on = (w: Error) => warned.push(w.message);
  process.on('warning', on);
  try {
    morrisSample([new Uniform(0, 1)], 4, { numLevels: 5, seed: 1 });
    await new Promise((r) => setTimeout(r, 10));
  } finally {
    process.off('warning', on);
  }
  expect(warned.some((m) => /numLevels = 5 is odd/.test(m))).toBe(true);
});

describe('errors', () => {
  const U = new Uniform(0, 1);
  it('names the option or argument at fault', () => {
    expect(thrown(() => morrisSample([U, U], 1))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => morrisSample([U, U], 10, { optimalTrajectories: 10 })).message).toMatch(/optimalTrajectories/);
    expect(thrown(() => morrisSample([U, U], 10, { groups: ['a'] }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => morrisSample([U, U], 10, { numLevels: 1 })).message).toMatch(/numLevels/);
    expect(thrown(() => morrisSample([U, U], 100, { optimalTrajectories: 10, localOptimization: false })).message).toMatch(/C\(100, 10\) = 1\.73e\+13.*localOptimization: true/);
    expect(morrisSample([U, U], 12, { optimalTrajectories: 3, localOptimization: false, seed: 1 }).chosen).toHaveLength(3);
    const s = morrisSample([U, U], 5, { seed: 1 });
    expect(thrown(() => morrisAnalyze(s.X, new Float64Array(14)))).toBeInstanceOf(ShapeError);
    expect(thrown(() => morrisAnalyze(matrix(s.X.data.subarray(0, 28), 14, 2), new Float64Array(14)))).toBeInstanceOf(ShapeError);
    const y = new Float64Array(15);
    y[7] = NaN;
    const e = thrown(() => morrisAnalyze(s.X, y)) as NonFiniteOutputError;
    expect(e).toBeInstanceOf(NonFiniteOutputError);
    expect(e.rows).toEqual([7]);
    expect(thrown(() => morrisAnalyze(s.X, new Float64Array(15), { confLevel: 1 })).message).toMatch(/confLevel/);
    expect(thrown(() => morrisAnalyze(s.X, new Float64Array(15), { numResamples: 2, resampleIndex: new Int32Array(10).fill(5) })).message).toMatch(/resampleIndex/);
  });
});

describe('uqkit sample morris / analyze morris (the built CLI)', () => {
  const problem = file('problem.txt', 'x1 -3.14159265359 3.14159265359\nx2 -3.14159265359 3.14159265359\nx3 -3.14159265359 3.14159265359\n');
  const grouped = file('grouped.txt', 'a 0 1 g1\nb 0 1 g2\nc 0 1 g1\nd 0 1 NA\n');

  it('writes SALib\'s sample format and analyses it like the library', () => {
    const r = uqkit('sample', 'morris', '-p', problem, '-n', '10', '-s', '5', '-o', 'x.txt');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = readFileSync(join(dir, 'x.txt'), 'utf8');
    const rows = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rows).toHaveLength(40);
    expect(rows[0]).toMatch(/^-?\d\.\d{8}e[+-]\d\d -?\d\.\d{8}e[+-]\d\d -?\d\.\d{8}e[+-]\d\d$/);
    const X = matrix(Float64Array.from(rows.flatMap((l) => l.split(' ').map(Number))), 40, 3);
    const y = Array.from({ length: 40 }, (_, i) => Math.sin(X.data[3 * i]!) + 7 * Math.sin(X.data[3 * i + 1]!) ** 2 + 0.1 * X.data[3 * i + 2]! ** 4 * Math.sin(X.data[3 * i]!));
    file('y.txt', y.map((v) => v.toPrecision(17)).join('\n') + '\n');
    const a = uqkit('analyze', 'morris', '-p', problem, '-X', 'x.txt', '-Y', 'y.txt', '-s', '1', '--json');
    expect(a.stderr).toBe('');
    const json = JSON.parse(a.stdout);
    const lib = morrisAnalyze(X, y, { seed: 1, numResamples: 1000, names: ['x1', 'x2', 'x3'] });
    expect(json.names).toEqual(['x1', 'x2', 'x3']);
    expect(relErr(json.mu_star, lib.mu_star)).toBeLessThan(1e-12);
    expect(relErr(json.mu_star_conf, lib.mu_star_conf)).toBeLessThan(1e-12);
    const table = uqkit('analyze', 'morris', '-p', problem, '-X', 'x.txt', '-Y', 'y.txt', '-s', '1');
    expect(table.stdout.split('\n')[0]).toMatch(/^\s+mu\s+mu_star\s+sigma\s+mu_star_conf$/);
    expect(table.stdout.split('\n')[1]).toMatch(/^x1 /);
  });

  it('reads groups from the problem file: G + 1 points per trajectory, one row per group', () => {
    expect(uqkit('sample', 'morris', '-p', grouped, '-n', '6', '-s', '1', '-o', 'xg.txt', '-k', '3', '-lo', 'False').status).toBe(0);
    const rows = readFileSync(join(dir, 'xg.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rows).toHaveLength(3 * 4);
    file('yg.txt', rows.map((l) => l.split(' ')[0]).join('\n') + '\n'); // y = a: group g1 (a, c) has effects ±1 for both
    const a = uqkit('analyze', 'morris', '-p', grouped, '-X', 'xg.txt', '-Y', 'yg.txt', '--json', '-r', '10');
    expect(a.stderr).toBe('');
    const json = JSON.parse(a.stdout);
    expect(json.names).toEqual(['g1', 'g2', 'd']);
    expect(json.mu_star[0]).toBeCloseTo(1, 7);
    expect(json.mu_star[1]).toBe(0);
    expect(json.sigma[0]).toBeNull();
    expect(json.sigma[2]).toBe(0);
  });

  it('bad input: one line naming the file (and line), exit 1', () => {
    uqkit('sample', 'morris', '-p', problem, '-n', '4', '-s', '5', '-o', 'x4.txt');
    file('y-short.txt', '1\n'.repeat(15));
    let r = uqkit('analyze', 'morris', '-p', problem, '-X', 'x4.txt', '-Y', 'y-short.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^uqkit analyze morris: .*y-short\.txt: 15 outputs but 16 rows of inputs in x4\.txt/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    file('y-nan.txt', '1\n'.repeat(5) + 'nan\n' + '1\n'.repeat(10));
    r = uqkit('analyze', 'morris', '-p', problem, '-X', 'x4.txt', '-Y', 'y-nan.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/y-nan\.txt:6: output NaN is not a finite number/);
    file('x-odd.txt', '0 0 0\n'.repeat(10));
    r = uqkit('analyze', 'morris', '-p', problem, '-X', 'x-odd.txt', '-Y', 'y-short.txt');
    expect(r.stderr).toMatch(/x-odd\.txt: 10 rows do not make whole Morris trajectories of 4 points/);
    file('two-params.txt', 'a 0 1\nb 0 1\n');
    r = uqkit('analyze', 'morris', '-p', 'two-params.txt', '-X', 'x4.txt', '-Y', 'y-short.txt');
    expect(r.stderr).toMatch(/x4\.txt:4: 3 columns of inputs, but the problem has 2 parameters/);
    r = uqkit('sample', 'morris', '-p', problem, '-n', '1', '-o', 'x1.txt');
    expect(r.stderr).toMatch(/-n\/--samples: expected at least 2 trajectories/);
    r = uqkit('sample', 'morris', '-p', problem, '-n', '5', '-k', '5', '-o', 'x1.txt');
    expect(r.stderr).toMatch(/-k\/--k-optimal: expected fewer/);
    r = uqkit('sample', 'morris', '-p', 'grouped.txt', '-n', '5');
    expect(r.stderr).toMatch(/-o\/--output: the output file is required/);
    for (const x of [r]) expect(x.stderr).not.toMatch(/at .*\.js/);
  });

  it('--help', () => {
    expect(uqkit('sample', 'morris', '--help').stdout).toMatch(/-k, --k-optimal K/);
    expect(uqkit('analyze', 'morris', '--help').stdout).toMatch(/-r, --resamples R .*default 1000/);
  });
});

describe('the screening kernels (assembly/screening.ts) refuse bad sizes and pointers with a status', () => {
  it('morrisEffects, finiteDiffSquares, bootstrapMeanStd, trajectoryDistances', async () => {
    const { core } = await import('../build/core/wasm.js');
    const { Status } = await import('../build/core/status.js');
    const { exports: k, arena } = core();
    arena.scope((a) => {
      const p = a.alloc(8 * 64);
      const end = k.memory.buffer.byteLength - 16;
      expect(k.morrisEffects(0, 3, 2, p, p, 0.5, p, p)).toBe(Status.SIZE);
      expect(k.morrisEffects(2, 1, 2, p, p, 0.5, p, p)).toBe(Status.SIZE);
      expect(k.morrisEffects(2, 3, 2, end, p, 0.5, p, p)).toBe(Status.POINTER);
      expect(k.finiteDiffSquares(0, 2, p, p, p)).toBe(Status.SIZE);
      expect(k.finiteDiffSquares(2, 2, p, end, p)).toBe(Status.POINTER);
      expect(k.bootstrapMeanStd(4, 2, p, 1, 0, 0, 0, p, p)).toBe(Status.SIZE);
      expect(k.bootstrapMeanStd(4, 2, p, 2, 0, 0, 0, end, p)).toBe(Status.POINTER);
      const idx = a.alloc(4 * 8);
      a.i32(idx, 8).set([0, 1, 2, 3, 0, 1, 2, 4]); // 4 is not a row of n = 4
      expect(k.bootstrapMeanStd(4, 2, p, 2, 0, 0, idx, p + 256, p + 448)).toBe(Status.SIZE);
      expect(k.trajectoryDistances(0, 3, 2, p, p, p)).toBe(Status.SIZE);
      expect(k.trajectoryDistances(2, 3, 2, p, end, p)).toBe(Status.POINTER);
    });
  });
});
