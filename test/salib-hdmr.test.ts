// HDMR: SALib's hdmr.analyze on the same X and Y (test/fixtures/salib_hdmr.json, made by
// scripts/fixtures/salib_hdmr.py with SALib 1.5.2, which also records the rows of SALib's
// subsamples so that uqkit can be given the same ones), the analytic indices of a linear
// model, Ishigami's ranking, the emulator, and the CLI run as a child process against what
// SALib's command line printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteOutputError, ShapeError, hdmr, hdmrEmulate, latinSample, matrix, problem, uniformRows, Uniform, type HDMRResult, type Matrix } from 'uqkit';
import { fixture, thrown } from './helpers.js';

interface Data { names: string[]; X: number[]; rows: number; cols: number; Y: number[] }
interface Case {
  name: string; data: string; options: Record<string, number>; idx: number[]; R: number; K: number; Term: string[];
  Sa: number[]; Sa_conf: number[]; Sb: number[]; Sb_conf: number[]; S: number[]; S_conf: number[]; ST: (number | null)[]; ST_conf: (number | null)[];
  Sa_sum: number; Sb_sum: number; S_sum: number; select: number[]; f0: number[]; RMSE: number[]; C1: number[];
}
const FX = fixture<{ data: Record<string, Data>; cases: Case[]; cli: { data: string; problem: string; args: string[]; stdout: string } }>('salib_hdmr.json');
const X_OF = (d: Data): Matrix => matrix(Float64Array.from(d.X), d.rows, d.cols);

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-hdmr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const uqkit = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir });
const rowsText = (data: ArrayLike<number>, cols: number) => {
  const lines: string[] = [];
  for (let i = 0; i < data.length / cols; i++) lines.push(Array.from({ length: cols }, (_, j) => String(data[i * cols + j])).join(' '));
  return lines.join('\n') + '\n';
};

/** Largest |a - b| (null in b stands for NaN, which a must have there too). */
function err(a: ArrayLike<number>, b: ArrayLike<number | null>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const y = b[i];
    if (y === null) expect(a[i]).toBeNaN();
    else m = Math.max(m, Math.abs(a[i]! - y!));
  }
  return m;
}

describe('HDMR against SALib', () => {
  for (const c of FX.cases) {
    it(`${c.name} (K = ${c.K}, R = ${c.R}): equal indices, intervals, F-test selections and first-order coefficients`, () => {
      const D = FX.data[c.data]!;
      const r = hdmr(X_OF(D), D.Y, { names: D.names, ...c.options, ...(c.K > 1 ? { resampleIndex: Int32Array.from(c.idx) } : {}) });
      expect(r.Term).toEqual(c.Term);
      expect(r.bootstrap.R).toBe(c.R);
      for (const k of ['Sa', 'Sa_conf', 'Sb', 'Sb_conf', 'S', 'S_conf', 'ST', 'ST_conf'] as const) expect(err(r[k], c[k]), k).toBeLessThan(1e-10);
      expect(Math.abs(r.Sa_sum - c.Sa_sum) + Math.abs(r.Sb_sum - c.Sb_sum) + Math.abs(r.S_sum - c.S_sum)).toBeLessThan(1e-10);
      expect(Array.from(r.Em.select)).toEqual(c.select);
      const counts = r.Term.map((_, t) => c.select.filter((_, i) => i % r.Term.length === t).reduce((s, v) => s + v, 0));
      expect(Array.from(r.select)).toEqual(counts);
      expect(err(r.Em.f0, c.f0)).toBeLessThan(1e-10);
      expect(err(r.Em.RMSE, c.RMSE)).toBeLessThan(1e-10);
      // Coefficients are further from the data than the fitted values (the normal equations'
      // conditioning): relative to their size.
      const scale = Math.max(...c.C1.map(Math.abs));
      expect(err(r.Em.C1, c.C1) / scale).toBeLessThan(1e-10);
    });
  }

  it('K = 1 takes every row in order: nothing random, no seed, no intervals', () => {
    const c = FX.cases.find((x) => x.name === 'ishigami-K1')!;
    const D = FX.data[c.data]!;
    const r = hdmr(X_OF(D), D.Y, { K: 1, R: 500 });
    expect(r.bootstrap).toEqual({ K: 1, R: D.rows, alpha: 0.95, seed: undefined });
    expect(err(r.S, c.S)).toBeLessThan(1e-10);
    expect(Array.from(r.S_conf).every((v) => v === 0)).toBe(true);
  });
});

describe('HDMR: analytic values and invariants', () => {
  const lin = FX.data.linear!;
  const a = [1, 2, 3, 0.5];
  it('linear model on independent uniform inputs: S_i = a_i^2 var_i / var(Y), Sb ~ 0, selected by the F-test', () => {
    const r = hdmr(X_OF(lin), lin.Y, { maxorder: 1, seed: 11 });
    const total = a.reduce((s, v) => s + v * v, 0);
    a.forEach((ai, i) => {
      expect(Math.abs(r.S[i]! - (ai * ai) / total)).toBeLessThan(0.03);
      expect(Math.abs(r.Sb[i]!)).toBeLessThan(0.03);
    });
    expect(r.S_sum).toBeCloseTo(1, 2);
    // The F-test finds the three large terms in every subsample; d's 1.8% share in most.
    expect(Array.from(r.select.subarray(0, 3))).toEqual([20, 20, 20]);
    expect(r.select[3]!).toBeGreaterThanOrEqual(15);
  });

  it('Ishigami: x2 > x1 > x3 first order, x1 > x2 > x3 in total, x1/x3 the interaction', () => {
    const D = FX.data.ishigami!;
    const r = hdmr(X_OF(D), D.Y, { seed: 3 });
    const [s1, s2, s3] = r.S;
    expect(s2!).toBeGreaterThan(s1!);
    expect(s1!).toBeGreaterThan(10 * Math.abs(s3!));
    expect(r.ST[0]!).toBeGreaterThan(r.ST[1]!);
    expect(r.ST[1]!).toBeGreaterThan(r.ST[2]!);
    expect(r.Term[4]).toBe('x1/x3');
    expect(Math.abs(r.S[4]! - 0.2436836641)).toBeLessThan(0.03);
    expect(Math.abs(s2! - 0.4424111448)).toBeLessThan(0.08);
    expect(Math.abs(s1! - 0.3139051911)).toBeLessThan(0.06);
    for (const t of [3, 5]) expect(r.S[t]!).toBeLessThan(0.03);
  });

  it('the subsamples are reproducible from the seed and differ between seeds', () => {
    const D = FX.data.ishigami!;
    const a1 = hdmr(X_OF(D), D.Y, { seed: 5, K: 4, R: 600 });
    const a2 = hdmr(X_OF(D), D.Y, { seed: 5n, K: 4, R: 600 });
    const b = hdmr(X_OF(D), D.Y, { seed: 6, K: 4, R: 600 });
    expect(Array.from(a1.S)).toEqual(Array.from(a2.S));
    expect(a1.bootstrap.seed).toBe(5n);
    expect(Array.from(a1.S)).not.toEqual(Array.from(b.S));
    expect(typeof hdmr(X_OF(D), D.Y, { K: 2 }).bootstrap.seed).toBe('bigint');
  });

  it('the emulator reproduces the fitted outputs: its RMSE on the training rows is Em.RMSE', () => {
    const D = FX.data.ishigami!;
    const X = X_OF(D);
    for (const maxorder of [1, 2, 3]) {
      const r: HDMRResult = hdmr(X, D.Y, { K: 1, maxorder });
      const y = hdmrEmulate(r, X);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += (D.Y[i]! - y[i]!) ** 2;
      expect(Math.abs(Math.sqrt(s / y.length) - r.Em.RMSE[0]!)).toBeLessThan(1e-10);
    }
    expect(thrown(() => hdmrEmulate(hdmr(X, D.Y, { K: 1 }), matrix(new Float64Array(4), 2, 2)))).toBeInstanceOf(ShapeError);
  });

  it('an input with two values and m = 4 (splines that vanish on every row): its first-order term is still fitted', () => {
    // y = 2 b + u + u v, b in {0, 1}: b carries about 80% of the variance whatever m is.
    const N = 600;
    const u = uniformRows(3, 9, 0, N).data;
    const X = matrix(Float64Array.from({ length: 3 * N }, (_, i) => (i % 3 === 0 ? (u[i]! < 0.5 ? 0 : 1) : u[i]!)), N, 3);
    const Y = Array.from({ length: N }, (_, i) => 2 * X.data[3 * i]! + X.data[3 * i + 1]! + X.data[3 * i + 1]! * X.data[3 * i + 2]!);
    const r2 = hdmr(X, Y, { K: 1, m: 2 }), r4 = hdmr(X, Y, { K: 1, m: 4 });
    expect(r2.S[0]!).toBeGreaterThan(0.7);
    expect(Math.abs(r4.S[0]! - r2.S[0]!)).toBeLessThan(0.02);
    expect(r4.S_sum).toBeLessThan(1.01);
    // with lambdax = 0 the singular system is not solved: the term is left zero
    expect(hdmr(X, Y, { K: 1, m: 4, lambdax: 0 }).S[0]).toBe(0);
  });

  it('refuses what cannot be fitted, naming the field', () => {
    const D = FX.data.ishigami!;
    const X = X_OF(D);
    const few = matrix(X.data.slice(0, 299 * 3), 299, 3);
    expect(thrown(() => hdmr(few, D.Y.slice(0, 299)))).toMatchObject({ name: 'ShapeError', field: 'X', value: 299 });
    expect(thrown(() => hdmr(X, D.Y.slice(1)))).toMatchObject({ name: 'ShapeError', field: 'Y' });
    const y = Float64Array.from(D.Y);
    y[7] = NaN;
    const e = thrown(() => hdmr(X, y));
    expect(e).toBeInstanceOf(NonFiniteOutputError);
    expect(e).toMatchObject({ field: 'Y[7]' });
    // 13^3 = 2197 coefficients per triple with m = 10: more than the 1000 rows of a subsample.
    expect(thrown(() => hdmr(X, D.Y, { maxorder: 3, m: 10 }))).toMatchObject({ name: 'InvalidArgumentError', field: 'options.R' });
    const flat = Float64Array.from(X.data);
    for (let i = 0; i < X.rows; i++) flat[i * 3 + 1] = 2;
    expect(thrown(() => hdmr(matrix(flat, X.rows, 3), D.Y))).toMatchObject({ field: 'X[:, 1]' });
    expect(thrown(() => hdmr(matrix(X.data.filter((_, i) => i % 3 !== 2), X.rows, 2), D.Y, { maxorder: 3 }))).toMatchObject({ field: 'options.maxorder' });
    expect(thrown(() => hdmr(X, D.Y, { K: 0 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => hdmr(X, D.Y, { R: 2001 }))).toMatchObject({ field: 'options.R' });
    expect(thrown(() => hdmr(X, D.Y, { alpha: 0.4 }))).toMatchObject({ field: 'options.alpha' });
    expect(thrown(() => hdmr(X, D.Y, { K: 2, R: 300, resampleIndex: new Int32Array(600).fill(2000) }))).toMatchObject({ field: 'options.resampleIndex[0]' });
  });

  it('the problem object: analyze("hdmr") on a Latin hypercube equals the library function', () => {
    const f = (x: Float64Array) => x[0]! + 2 * x[1]! * x[2]!;
    const U = [new Uniform(0, 1), new Uniform(0, 1), new Uniform(0, 1)];
    const p = problem({ names: ['a', 'b', 'c'], bounds: [[0, 1], [0, 1], [0, 1]] }).sample('latin', { N: 400, seed: 2 }).evaluate(f);
    const r = p.analyze('hdmr', { K: 3, seed: 9 });
    const X = latinSample(U, 400, { seed: 2 }).X;
    const Y = Float64Array.from({ length: X.rows }, (_, i) => f(X.data.subarray(i * 3, i * 3 + 3)));
    const ref = hdmr(X, Y, { names: ['a', 'b', 'c'], K: 3, seed: 9 });
    expect(r.names).toEqual(['a', 'b', 'c', 'a/b', 'a/c', 'b/c']);
    expect(Array.from(r.get('S'))).toEqual(Array.from(ref.S));
    expect(Array.from(r.get('select'))).toEqual(Array.from(ref.select));
  });
});

describe('uqkit analyze hdmr (built CLI)', () => {
  const D = FX.data[FX.cli.data]!;
  file('problem.txt', FX.cli.problem);
  file('X.txt', rowsText(D.X, D.cols));
  file('Y.txt', D.Y.map(String).join('\n') + '\n');

  it("prints SALib's table, character for character, on the same files", () => {
    const r = uqkit('analyze', 'hdmr', ...FX.cli.args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(FX.cli.stdout);
  });

  it("takes SALib's flags (-mor, -mit, -lambda, -K, -R, -a, -m) and --json equals the library", () => {
    const r = uqkit('analyze', 'hdmr', '-p', 'problem.txt', '-X', 'X.txt', '-Y', 'Y.txt', '-mor', '3', '-mit', '50', '-lambda', '0.1', '-m', '3', '-K', '3', '-R', '1500', '-a', '0.9', '-s', '4', '--json');
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    const ref = hdmr(X_OF(D), D.Y, { names: D.names, maxorder: 3, maxiter: 50, lambdax: 0.1, m: 3, K: 3, R: 1500, alpha: 0.9, seed: 4 });
    expect(j.Term).toEqual(ref.Term);
    expect(j.S).toEqual(Array.from(ref.S));
    expect(j.ST.slice(3)).toEqual([null, null, null, null]);
    expect(j.bootstrap).toEqual({ K: 3, R: 1500, alpha: 0.9, seed: '4' });
  });

  it("reads the sample files of uqkit's samplers, whose headers may have no rows= (latin)", () => {
    const s = uqkit('sample', 'latin', '-p', 'problem.txt', '-n', '400', '-o', 'lhs.txt', '-s', '1');
    expect([s.status, s.stderr]).toEqual([0, '']);
    const lines = readFileSync(join(dir, 'lhs.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    file('lhs-y.txt', lines.map((l) => l.trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0)).join('\n') + '\n');
    const r = uqkit('analyze', 'hdmr', '-p', 'problem.txt', '-X', 'lhs.txt', '-Y', 'lhs-y.txt', '-K', '1', '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).S_sum).toBeCloseTo(1, 2);
  });

  it('--help lists the flags', () => {
    const r = uqkit('analyze', 'hdmr', '--help');
    expect(r.status).toBe(0);
    for (const flag of ['--maxorder', '--maxiter', '--m-int', '--K-bootstrap', '--R-subsample', '--alpha', '--lambdax', '--seed', '--delimiter', '--column']) expect(r.stdout).toContain(flag);
  });

  it('bad input: one line naming the file (and line), exit 1', () => {
    file('Y-short.txt', D.Y.slice(1).map(String).join('\n') + '\n');
    const y = D.Y.map(String);
    y[9] = 'nan';
    file('Y-nan.txt', y.join('\n') + '\n');
    file('X-few.txt', rowsText(D.X.slice(0, 299 * 3), 3));
    file('Y-few.txt', D.Y.slice(0, 299).join('\n') + '\n');
    const cases: [string[], RegExp][] = [
      [['-Y', 'Y-short.txt'], /^Y-short\.txt: 1999 outputs but 2000 rows of inputs in X\.txt: expected one output per row\n$/],
      [['-Y', 'Y-nan.txt'], /^Y-nan\.txt:10: output NaN is not a finite number\n$/],
      [['-X', 'X-few.txt', '-Y', 'Y-few.txt'], /^X-few\.txt: 299 rows of inputs: HDMR needs at least 300 \(as SALib\)\n$/],
      [['--maxorder', '3', '-m', '10'], /^X\.txt: 1000 rows per subsample \(half the rows\) are too few for the 2197 coefficients of a term of order 3 with -m 10: .*\n$/],
      [['--maxorder', '4'], /^--maxorder: expected an integer from 1 to 3, got "4"\n$/],
    ];
    for (const [args, message] of cases) {
      const base = ['-p', 'problem.txt', '-X', 'X.txt', '-Y', 'Y.txt'];
      for (const a of args) if (a.startsWith('-') && base.includes(a)) base.splice(base.indexOf(a), 2);
      const r = uqkit('analyze', 'hdmr', ...base, ...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.replace(/^uqkit analyze hdmr: /, '')).toMatch(message);
    }
  });
});

describe('the HDMR kernels (assembly/hdmr.ts)', () => {
  it('hdmrBasis: the m + 3 splines of an input sum to m^3 on [0, 1] (a partition of unity scaled as SALib), each in [0, 2/3 m^3]', async () => {
    const { core } = await import('../build/core/wasm.js');
    const { exports: k, arena } = core();
    for (const m of [1, 2, 5]) {
      const x = Float64Array.from({ length: 101 }, (_, i) => i / 100);
      const B = arena.scope((a) => {
        const px = a.copyIn(x), po = a.alloc(8 * 101 * (m + 3));
        expect(k.hdmrBasis(101, 1, m, px, po)).toBe(0);
        return a.copyOut(po, new Float64Array(101 * (m + 3)));
      });
      for (let r = 0; r < 101; r++) {
        let s = 0;
        for (let i = 0; i < m + 3; i++) {
          const v = B[i * 101 + r]!;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual((2 / 3) * m ** 3 + 1e-12);
          s += v;
        }
        expect(Math.abs(s - m ** 3)).toBeLessThan(1e-12 * m ** 3);
      }
    }
  });

  it('refuse bad sizes and pointers with a status', async () => {
    const { core } = await import('../build/core/wasm.js');
    const { Status } = await import('../build/core/status.js');
    const { exports: k, arena } = core();
    arena.scope((a) => {
      const p = a.alloc(8 * 4096);
      const end = k.memory.buffer.byteLength - 16;
      expect(k.hdmrBasis(0, 2, 2, p, p)).toBe(Status.SIZE);
      expect(k.hdmrBasis(4, 2, 2, end, p)).toBe(Status.POINTER);
      const terms = a.alloc(8);
      a.i32(terms, 2).set([1, 0]); // first-order terms must be 0 .. d-1 in order
      expect(k.hdmrComponents(8, 5, 2, 1, 2, terms, p, 0.01, p, 10, p, p, p)).toBe(Status.SIZE);
      expect(k.hdmrComponents(8, 5, 2, 4, 2, terms, p, 0.01, p, 10, p, p, p)).toBe(Status.SIZE);
      expect(k.hdmrComponents(8, 5, 2, 2, 1, terms, p, -1, p, 10, p, p, p)).toBe(Status.SIZE);
      expect(k.hdmrComponents(8, 5, 2, 2, 1, terms, p, 0.01, end, 10, p, p, p)).toBe(Status.POINTER);
    });
  });
});
