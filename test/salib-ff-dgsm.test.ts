// Fractional factorial screening and DGSM: SALib's ff.sample / ff.analyze and
// finite_diff.sample / dgsm.analyze on the same designs and outputs
// (test/fixtures/salib_ff.json and salib_dgsm.json, made by scripts/fixtures/salib_ff.py and
// salib_dgsm.py with SALib 1.5.2), closed forms on polynomial models, and the CLI run as a
// child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, NonFiniteOutputError, Normal, ShapeError, Uniform, dgsmAnalyze, ffAnalyze, ffSample, finiteDiffSample, matrix, type Matrix,
} from 'uqkit';
import { fixture, thrown } from './helpers.js';

interface FFCase { name: string; d: number; names: string[]; bounds: number[][]; X: number[]; k: number; Y: number[]; ff_names: string[]; ME: number[]; IE: number[]; interaction_names: [string, string][] }
interface DGSMCase {
  name: string; names: string[]; bounds: number[][]; N: number; delta: number; X: number[]; Y: number[];
  vi: number[]; vi_std: number[]; dgsm: number[]; dgsm_conf_salib: number[]; resample_index: number[]; dgsm_conf_fixed: number[];
}
const FF = fixture<{ cases: FFCase[]; cli_problem: string; cli_samples: Record<string, string> }>('salib_ff.json');
const DG = fixture<{ cases: DGSMCase[]; resamples_fixed: number }>('salib_dgsm.json');

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-ff-dgsm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const uqkit = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir });

/** Largest |a - b| / scale. */
function err(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / scale);
  return m;
}
const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1e-300, Math.abs(b[i]!)));
  return m;
};
const maxAbs = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));

describe('fractional factorial against SALib', () => {
  for (const c of FF.cases) {
    it(`${c.name} (d = ${c.d}, k = ${c.k}): the same design, ME and IE`, () => {
      const s = ffSample(c.bounds.map(([a, b]) => new Uniform(a!, b!)));
      expect(s.columns).toBe(c.k);
      expect(s.dummies).toBe(c.k - c.d);
      expect(s.X.rows).toBe(2 * c.k);
      // Bounds mapped the uniform way (x = lo at -1, hi at +1): equal to SALib's u (hi - lo) + lo to within an ulp.
      expect(err(s.X.data, c.X, Math.max(1, maxAbs(c.X)))).toBeLessThanOrEqual(2 ** -52);
      const r = ffAnalyze(c.Y, { names: c.names, secondOrder: true });
      expect(r.names).toEqual(c.ff_names);
      const scale = Math.max(1, maxAbs(c.Y));
      expect(err(r.ME, c.ME, scale)).toBeLessThan(1e-12);
      expect(err(r.IE!, c.IE, scale)).toBeLessThan(1e-12);
      expect(r.interaction_names).toEqual(c.interaction_names);
      expect(ffAnalyze(c.Y, { names: c.names }).IE).toBeUndefined();
    });
  }

  it('the design is a fold-over of an orthogonal two-level design: columns balanced and orthogonal', () => {
    const s = ffSample(Array.from({ length: 11 }, () => new Uniform(0, 1)));
    const k = 16, C = s.contrast.data;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      let dot = 0;
      for (let i = 0; i < 2 * k; i++) dot += C[i * k + a]! * C[i * k + b]!;
      expect(dot).toBe(a === b ? 2 * k : 0);
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(C[(k + i) * k + j]).toBe(-C[i * k + j]!);
  });

  it('on a linear model, ME_j is half the change of y from the lower to the upper bound; interactions are zero; dummies are zero', () => {
    const bounds = [[0, 1], [-1, 2], [3, 5], [0, 10], [1, 2]];
    const cf = [2, -1, 0.5, 0.1, -3];
    const s = ffSample(bounds.map(([a, b]) => new Uniform(a!, b!)));
    const y = Array.from({ length: s.X.rows }, (_, i) => cf.reduce((t, c, j) => t + c * s.X.data[i * s.X.cols + j]!, 7));
    const r = ffAnalyze(y, { dim: 5, secondOrder: true });
    cf.forEach((c, j) => expect(r.ME[j]).toBeCloseTo((c * (bounds[j]![1]! - bounds[j]![0]!)) / 2, 12));
    for (let j = 5; j < 8; j++) expect(Math.abs(r.ME[j]!)).toBeLessThan(1e-12);
    expect(maxAbs(r.IE!)).toBeLessThan(1e-12);
    expect(r.names).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'dummy_0', 'dummy_1', 'dummy_2']);
  });

  it('takes SALib-style bounds [low, high] for uniform inputs', () => {
    expect(ffSample([[0, 1], [-2, 3]]).X.data).toEqual(ffSample([new Uniform(0, 1), new Uniform(-2, 3)]).X.data);
    expect(finiteDiffSample([[0, 1], [-2, 3]], 8).X.data).toEqual(finiteDiffSample([new Uniform(0, 1), new Uniform(-2, 3)], 8).X.data);
    expect(thrown(() => ffSample([[1, 0]])).message).toMatch(/dists\[0\]: expected bounds \[low, high\] with finite low < high/);
  });

  it('errors: unbounded inputs, wrong number of outputs, NaN outputs', () => {
    expect(thrown(() => ffSample([new Normal(0, 1)]))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => ffAnalyze(new Float64Array(10), { dim: 3 }))).toBeInstanceOf(ShapeError);
    const y = new Float64Array(8);
    y[3] = Infinity;
    expect((thrown(() => ffAnalyze(y, { dim: 3 })) as NonFiniteOutputError).rows).toEqual([3]);
  });
});

describe('DGSM and the finite-difference sampler against SALib', () => {
  for (const c of DG.cases) {
    it(`${c.name}: the same design; vi, vi_std, dgsm to 1e-12; dgsm_conf for fixed resamples to 1e-12`, () => {
      const d = c.names.length;
      const dists = c.bounds.map(([a, b]) => new Uniform(a!, b!));
      const s = finiteDiffSample(dists, c.N, { delta: c.delta });
      expect(s.X.rows).toBe(c.N * (d + 1));
      expect(err(s.X.data, c.X, Math.max(1, maxAbs(c.X)))).toBeLessThanOrEqual(2 ** -52);
      const X = matrix(Float64Array.from(c.X), c.N * (d + 1), d);
      const r = dgsmAnalyze(X, c.Y, { dists, names: c.names, seed: 1 });
      expect(r.names).toEqual(c.names);
      expect(rel(r.vi, c.vi)).toBeLessThan(1e-12);
      expect(rel(r.vi_std, c.vi_std)).toBeLessThan(1e-12);
      expect(rel(r.dgsm, c.dgsm)).toBeLessThan(1e-12);
      const fixed = dgsmAnalyze(X, c.Y, { dists, numResamples: DG.resamples_fixed, resampleIndex: Int32Array.from(c.resample_index) });
      expect(rel(fixed.dgsm_conf, c.dgsm_conf_fixed)).toBeLessThan(1e-12);
      // uqkit's own resamples: the same quantity from another random stream.
      r.dgsm_conf.forEach((v, j) => {
        expect(v / c.dgsm_conf_salib[j]!).toBeGreaterThan(0.6);
        expect(v / c.dgsm_conf_salib[j]!).toBeLessThan(1.6);
      });
    });
  }

  it('f = sum c_i x_i^2 on uniform inputs: vi = E[(df/dx_i)^2] = 4 c_i^2 E[x_i^2] as the step shrinks; dgsm >= ST', () => {
    const bounds = [[0.5, 2], [1, 3], [2, 4]];
    const cf = [1, -2, 0.5];
    const dists = bounds.map(([a, b]) => new Uniform(a!, b!));
    const s = finiteDiffSample(dists, 4096, { delta: 1e-7 });
    const y = Array.from({ length: s.X.rows }, (_, i) => cf.reduce((t, c, j) => t + c * s.X.data[i * 3 + j]! ** 2, 0));
    const r = dgsmAnalyze(s.X, y, { dists, seed: 3 });
    const Ex2 = bounds.map(([a, b]) => (a! * a! + a! * b! + b! * b!) / 3);
    r.vi.forEach((v, j) => expect(Math.abs(v / (4 * cf[j]! ** 2 * Ex2[j]!) - 1)).toBeLessThan(2e-3));
    // The total indices of an additive model: V_j / V with V_j = c_j^2 Var(x_j^2).
    const varx2 = bounds.map(([a, b]) => (b! ** 5 - a! ** 5) / (5 * (b! - a!)) - ((b! ** 3 - a! ** 3) / (3 * (b! - a!))) ** 2);
    const Vj = cf.map((c, j) => c * c * varx2[j]!);
    const V = Vj.reduce((a, b) => a + b, 0);
    r.dgsm.forEach((g, j) => expect(g).toBeGreaterThanOrEqual((Vj[j]! / V) * 0.99));
  });

  it('the relative step: x_j -> x_j (1 + delta), clipped to the bounds', () => {
    const s = finiteDiffSample([new Uniform(-1, 1), new Uniform(0, 1)], 64, { delta: 0.5, skip: 0 });
    for (let i = 1; i < 64; i++) for (let j = 0; j < 2; j++) {
      const b = s.X.data[i * 3 * 2 + j]!, st = s.X.data[(i * 3 + 1 + j) * 2 + j]!;
      expect(st).toBe(Math.max(Math.min(b * 1.5, [1, 1][j]!), [-1, 0][j]!));
      expect(s.X.data[(i * 3 + 1 + j) * 2 + (1 - j)]).toBe(s.X.data[i * 3 * 2 + (1 - j)]); // the other input stays
    }
  });

  it('errors: a zero step, mismatched shapes, NaN outputs', () => {
    const dists = [new Uniform(-1, 1), new Uniform(0, 1)];
    const s = finiteDiffSample(dists, 4, { skip: 0 }); // point 0 of the plain sequence maps to x = 0 for U(-1, 1)
    expect(thrown(() => dgsmAnalyze(s.X, new Float64Array(12), { dists })).message).toMatch(/X\[1\]\[0\].*equals the base value/);
    const t = finiteDiffSample(dists, 4);
    expect(thrown(() => dgsmAnalyze(t.X, new Float64Array(11), { dists }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => dgsmAnalyze(t.X, new Float64Array(12), { dists: [dists[0]!] }))).toBeInstanceOf(ShapeError);
    const y = new Float64Array(12);
    y[5] = NaN;
    expect((thrown(() => dgsmAnalyze(t.X, y, { dists })) as NonFiniteOutputError).rows).toEqual([5]);
  });
});

describe('the CLI: uqkit sample ff|finite_diff, uqkit analyze ff|dgsm', () => {
  const problem = file('problem.txt', 'x1 -3.14159265359 3.14159265359\nx2 -3.14159265359 3.14159265359\nx3 -3.14159265359 3.14159265359\n');
  const ishigami = (X: Matrix) => Array.from({ length: X.rows }, (_, i) => Math.sin(X.data[3 * i]!) + 7 * Math.sin(X.data[3 * i + 1]!) ** 2 + 0.1 * X.data[3 * i + 2]! ** 4 * Math.sin(X.data[3 * i]!));
  const readX = (name: string) => {
    const rows = readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const cols = rows[0]!.split(' ').length;
    return matrix(Float64Array.from(rows.flatMap((l) => l.split(' ').map(Number))), rows.length, cols);
  };

  it('ff: sample, then analyze with interactions by default (as SALib\'s --max-order 2)', () => {
    let r = uqkit('sample', 'ff', '-p', problem, '-n', '10', '-o', 'ff.txt');
    expect(r.stderr).toBe('');
    const X = readX('ff.txt');
    expect([X.rows, X.cols]).toEqual([8, 4]);
    const y = X.rows ? Array.from({ length: 8 }, (_, i) => X.data[4 * i]! + 2 * X.data[4 * i + 1]! * X.data[4 * i + 2]!) : [];
    file('ffy.txt', y.map((v) => v.toPrecision(17)).join('\n') + '\n');
    r = uqkit('analyze', 'ff', '-p', problem, '-X', 'ff.txt', '-Y', 'ffy.txt', '--json');
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    const lib = ffAnalyze(y, { names: ['x1', 'x2', 'x3'], secondOrder: true });
    expect(json.names).toEqual(['x1', 'x2', 'x3', 'dummy_0']);
    expect(json.ME).toEqual(Array.from(lib.ME));
    expect(json.IE).toEqual(Array.from(lib.IE!));
    r = uqkit('analyze', 'ff', '-p', problem, '-X', 'ff.txt', '-Y', 'ffy.txt', '--max-order', '1');
    expect(r.stdout).toMatch(/^\s+ME\nx1 /);
    expect(r.stdout).not.toMatch(/IE/);
    r = uqkit('analyze', 'ff', '-p', problem, '-X', 'ffy.txt', '-Y', 'ffy.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ffy\.txt: 8 rows of 1 numbers, but a fractional factorial design for 3 parameters has 2k = 8 rows of k = 4 numbers/);
  });

  it('finite_diff + dgsm: the library\'s numbers; bad lines named', () => {
    let r = uqkit('sample', 'finite_diff', '-p', problem, '-n', '32', '-o', 'fd.txt', '-d', '0.02', '--precision', '17');
    expect(r.stderr).toBe('');
    const X = readX('fd.txt');
    expect(X.rows).toBe(128);
    const dists = [0, 1, 2].map(() => new Uniform(-3.14159265359, 3.14159265359));
    expect(err(X.data, finiteDiffSample(dists, 32, { delta: 0.02 }).X.data)).toBeLessThan(1e-15);
    const y = ishigami(X);
    file('fdy.txt', y.map((v) => v.toPrecision(17)).join('\n') + '\n');
    r = uqkit('analyze', 'dgsm', '-p', problem, '-X', 'fd.txt', '-Y', 'fdy.txt', '-s', '4', '--json');
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    const lib = dgsmAnalyze(X, y, { dists, seed: 4, numResamples: 1000 });
    expect(rel(json.vi, lib.vi)).toBeLessThan(1e-12);
    expect(rel(json.dgsm_conf, lib.dgsm_conf)).toBeLessThan(1e-12);
    r = uqkit('analyze', 'dgsm', '-p', problem, '-X', 'fd.txt', '-Y', 'fdy.txt', '-s', '4');
    expect(r.stdout.split('\n')[0]).toMatch(/^\s+vi\s+vi_std\s+dgsm\s+dgsm_conf$/);
    file('fdy-nan.txt', y.map((v, i) => (i === 9 ? 'nan' : v.toPrecision(17))).join('\n') + '\n');
    r = uqkit('analyze', 'dgsm', '-p', problem, '-X', 'fd.txt', '-Y', 'fdy-nan.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fdy-nan\.txt:10: output NaN is not a finite number/);
    r = uqkit('sample', 'finite_diff', '-p', problem, '-n', '4', '-o', 'fd0.txt', '--skip', '0');
    expect(r.status).toBe(0);
    file('fd0y.txt', '1\n'.repeat(16));
    r = uqkit('analyze', 'dgsm', '-p', problem, '-X', 'fd0.txt', '-Y', 'fd0y.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fd0\.txt:5: parameter x1 does not move from its base point on line 4/);
    r = uqkit('analyze', 'dgsm', '-p', problem, '-X', 'fd.txt', '-Y', 'ffy.txt');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('formats numbers as printf %.Pe: ties to the even digit, two exponent digits', async () => {
    const { formatE } = await import('../build/cli/salib-args.js');
    expect(formatE(0.9736328125, 8)).toBe('9.73632812e-01'); // a tie: even
    expect(formatE(0.2236328125, 8)).toBe('2.23632812e-01');
    expect(formatE(0.125, 1)).toBe('1.2e-01');
    expect(formatE(0.375, 1)).toBe('3.8e-01'); // a tie: odd digit rounds up
    expect(formatE(-2.5, 0)).toBe('-2e+00');
    expect(formatE(0.1, 8)).toBe('1.00000000e-01');
    expect(formatE(1e-300, 3)).toBe('1.000e-300');
    expect(formatE(123456, 2)).toBe('1.23e+05');
    expect(formatE(0.99999999999, 2)).toBe('1.00e+00');
    expect(formatE(NaN, 2)).toBe('nan');
    expect(formatE(-0, 2)).toBe('-0.00e+00');
    expect(formatE(-0.15625, 3)).toBe('-1.562e-01'); // a tie below zero: even too
    expect(formatE(0.15625, 90)).toBe(`1.5625${'0'.repeat(86)}e-01`); // more digits than a double has
    expect(formatE(5e-324, 2)).toBe('4.94e-324'); // the smallest subnormal
  });

  it('writes the same sample files as SALib\'s command line (ff, finite_diff -n 8; default precision and delimiter)', () => {
    const p = file('cli-problem.txt', FF.cli_problem);
    for (const method of ['ff', 'finite_diff']) {
      const r = uqkit('sample', method, '-p', p, '-n', '8', '-o', '-', '--no-header');
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(FF.cli_samples[method]);
    }
  });

  it('--help of each', () => {
    expect(uqkit('sample', 'ff', '--help').stdout).toMatch(/fold-over/);
    expect(uqkit('analyze', 'ff', '--help').stdout).toMatch(/--max-order M/);
    expect(uqkit('sample', 'finite_diff', '--help').stdout).toMatch(/-d, --delta D .*default 0\.01/);
    expect(uqkit('analyze', 'dgsm', '--help').stdout).toMatch(/-r, --resamples R .*default 1000/);
  });
});
