// The SALib-style commands of eFAST, RBD-FAST, Latin hypercubes, delta and PAWN as users run
// them (build/cli/main.js as a child process, real files in a temp folder): round trips,
// SALib's printed table, results equal to SALib's on SALib's own files (test/fixtures/salib_*.json),
// and every mistake one line naming the file and line, exit 1, no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './helpers.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-salib-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text?: string): string => {
  const p = join(dir, name);
  if (text !== undefined) writeFileSync(p, text);
  return p;
};
function uqkit(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const rowsOf = (text: string): number[][] => text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));
const table = (rows: number[][]): string => rows.map((r) => r.join(' ')).join('\n') + '\n';
const PI = '3.141592653589793';
const ISHIGAMI = file('ishigami.txt', `x1 -${PI} ${PI}\nx2 -${PI} ${PI}\nx3 -${PI} ${PI}\n`);
const ishigami = (x: number[]) => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);

describe('uqkit sample fast / analyze fast', () => {
  it('round trip: N * d rows with a provenance header, reproducible by seed; SALib\'s table of S1, ST and half-widths', () => {
    const s = uqkit('sample', 'fast', '-p', ISHIGAMI, '-n', '1000', '-s', '7', '-o', file('fX.txt'));
    expect([s.status, s.stderr]).toEqual([0, '']);
    const text = readFileSync(file('fX.txt'), 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual(['# uqkit sample fast: n=1000 M=4 d=3 rows=3000 seed=7', `# problem: ${JSON.stringify(ISHIGAMI)}`, '# names: ["x1","x2","x3"]']);
    expect(uqkit('sample', 'fast_sampler', '-p', ISHIGAMI, '-n', '1000', '-s', '7').stdout).toBe(text);
    const X = rowsOf(text);
    expect(X).toHaveLength(3000);
    file('fY.txt', X.map((x) => String(ishigami(x))).join('\n') + '\n');
    const a = uqkit('analyze', 'fast', '-p', ISHIGAMI, '-Y', file('fY.txt'), '-s', '3');
    expect([a.status, a.stderr]).toEqual([0, '']);
    const lines = a.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ +S1 +ST +S1_conf +ST_conf$/); // S1 of x3 is near 0: pandas (and SALib) print that column in e-notation
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['', 'x1', 'x2', 'x3']);
    const S1 = lines.slice(1).map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(Math.abs(S1[0]! - 0.3139)).toBeLessThan(0.03); // N = 1000
    expect(Math.abs(S1[1]! - 0.4424)).toBeLessThan(0.03);
    const j = JSON.parse(uqkit('analyze', 'fast', '-p', ISHIGAMI, '-Y', file('fY.txt'), '-s', '3', '--json').stdout) as { S1: number[]; ST: number[]; seed: string };
    expect(j.S1[0]!.toFixed(6)).toBe(S1[0]!.toFixed(6));
    expect(j.seed).toBe('3');
  });

  it('SALib\'s eFAST outputs (fixture): the same S1 and ST', () => {
    const c = fixture<{ cases: Array<{ D: number; N: number; M: number; Y: number[]; S1: number[]; ST: number[]; bounds: number[][] }> }>('salib_fast.json').cases[1]!;
    const p = file('g.txt', c.bounds.map((b, i) => `x${i + 1} ${b[0]} ${b[1]}`).join('\n') + '\n');
    file('gY.txt', c.Y.join('\n') + '\n');
    const j = JSON.parse(uqkit('analyze', 'fast', '-p', p, '-Y', file('gY.txt'), '-M', String(c.M), '-r', '0', '--json').stdout) as { S1: number[]; ST: number[] };
    for (let i = 0; i < c.D; i++) {
      expect(Math.abs(j.S1[i]! - c.S1[i]!)).toBeLessThan(1e-12);
      expect(Math.abs(j.ST[i]! - c.ST[i]!)).toBeLessThan(1e-12);
    }
  });

  it('mistakes: one line naming the file, exit 1', () => {
    const few = uqkit('sample', 'fast', '-p', ISHIGAMI, '-n', '64');
    expect([few.status, few.stderr]).toEqual([1, 'uqkit sample fast: -n/--samples 64: eFAST needs more than 4 M^2 = 64 points per curve (M = 4)\n']);
    file('y301.txt', Array.from({ length: 301 }, (_, i) => String(i % 7)).join('\n') + '\n');
    const odd = uqkit('analyze', 'fast', '-p', ISHIGAMI, '-Y', file('y301.txt'));
    expect(odd.status).toBe(1);
    expect(odd.stderr).toBe(`uqkit analyze fast: ${file('y301.txt')}: 301 outputs are not N per parameter for the 3 parameters of ${ISHIGAMI} (an eFAST sample has N * d rows)\n`);
    file('y150.txt', Array.from({ length: 150 }, (_, i) => String(i % 7)).join('\n') + '\n');
    expect(uqkit('analyze', 'fast', '-p', ISHIGAMI, '-Y', file('y150.txt')).stderr).toMatch(/y150\.txt: 50 outputs per parameter are too few for eFAST with M = 4: more than 4 M\^2 = 64 needed\n$/);
    file('ynan.txt', Array.from({ length: 300 }, (_, i) => (i === 41 ? 'nan' : String(i % 7))).join('\n') + '\n');
    const nan = uqkit('analyze', 'fast', '-p', ISHIGAMI, '-Y', file('ynan.txt'));
    expect([nan.status, nan.stderr]).toEqual([1, `uqkit analyze fast: ${file('ynan.txt')}:42: output NaN is not a finite number\n`]);
  });
});

describe('uqkit sample latin / analyze rbd_fast, delta, pawn', () => {
  const X = () => rowsOf(readFileSync(file('lX.txt'), 'utf8'));
  it('a Latin hypercube, then RBD-FAST, delta and PAWN on it', () => {
    const s = uqkit('sample', 'latin', '-p', ISHIGAMI, '-n', '2000', '-s', '5', '-o', file('lX.txt'), '--precision', '12');
    expect([s.status, s.stderr]).toEqual([0, '']);
    expect(readFileSync(file('lX.txt'), 'utf8').split('\n')[3]).toMatch(/^-?\d\.\d{12}e[+-]\d+ /);
    file('lY.txt', X().map((x) => String(ishigami(x))).join('\n') + '\n');
    const io = ['-p', ISHIGAMI, '-X', file('lX.txt'), '-Y', file('lY.txt')];
    const r = JSON.parse(uqkit('analyze', 'rbd_fast', ...io, '-s', '1', '--json').stdout) as { S1: number[]; S1_conf: number[] };
    expect(Math.abs(r.S1[1]! - 0.4424)).toBeLessThan(0.03);
    const d = uqkit('analyze', 'delta', ...io, '-s', '1');
    expect([d.status, d.stderr]).toEqual([0, '']);
    expect(d.stdout.split('\n')[0]).toBe('       delta  delta_conf        S1   S1_conf');
    const ds = uqkit('analyze', 'delta', ...io, '-s', '1', '-m', 'sobol');
    expect(ds.stdout.split('\n')[0]).toBe('          S1   S1_conf');
    const p = uqkit('analyze', 'pawn', ...io, '-S', '5');
    expect(p.stdout.split('\n')[0]).toBe('    minimum      mean    median   maximum        CV     stdev');
  });

  it('PAWN and RBD-FAST on SALib\'s files (fixtures): SALib\'s numbers; PAWN\'s table as SALib prints it', () => {
    const c = fixture<{ cases: Array<{ D: number; N: number; X: number[]; Y: number[]; median: number[]; minimum: number[] }> }>('salib_pawn.json').cases[0]!;
    const rows = Array.from({ length: c.N }, (_, i) => c.X.slice(i * c.D, (i + 1) * c.D));
    file('pX.txt', table(rows));
    file('pY.txt', c.Y.join('\n') + '\n');
    const io = ['-p', ISHIGAMI, '-X', file('pX.txt'), '-Y', file('pY.txt')];
    const j = JSON.parse(uqkit('analyze', 'pawn', ...io, '--json').stdout) as { median: number[]; minimum: number[] };
    for (let i = 0; i < c.D; i++) expect(Math.abs(j.median[i]! - c.median[i]!)).toBeLessThan(1e-12);
    // SALib's printed DataFrame for these files (pandas trims the zeros a column shares)
    const t = uqkit('analyze', 'pawn', ...io).stdout.split('\n');
    expect(t[1]).toMatch(new RegExp(`^x1 +${c.minimum[0]!.toFixed(6).replace(/0+$/, '').replace('.', '\\.')}`));
    const rc = fixture<{ cases: Array<{ D: number; N: number; M: number; X: number[]; Y: number[]; S1: number[] }> }>('salib_rbd_fast.json').cases[0]!;
    file('rX.txt', table(Array.from({ length: rc.N }, (_, i) => rc.X.slice(i * rc.D, (i + 1) * rc.D))));
    file('rY.txt', rc.Y.join('\n') + '\n');
    const rj = JSON.parse(uqkit('analyze', 'rbd_fast', '-p', ISHIGAMI, '-X', file('rX.txt'), '-Y', file('rY.txt'), '-r', '0', '--json').stdout) as { S1: number[] };
    for (let i = 0; i < rc.D; i++) expect(Math.abs(rj.S1[i]! - rc.S1[i]!)).toBeLessThan(1e-12);
  });

  it('mistakes: problem / X / Y that do not match, too few rows, constant or NaN outputs, bad flags', () => {
    const rows = X().slice(0, 100);
    file('x100.txt', table(rows));
    file('x100c2.txt', table(rows.map((r) => r.slice(0, 2))));
    file('y100.txt', rows.map((x) => String(ishigami(x))).join('\n') + '\n');
    file('y99.txt', rows.slice(1).map((x) => String(ishigami(x))).join('\n') + '\n');
    const cols = uqkit('analyze', 'pawn', '-p', ISHIGAMI, '-X', file('x100c2.txt'), '-Y', file('y100.txt'));
    expect([cols.status, cols.stderr]).toEqual([1, `uqkit analyze pawn: ${file('x100c2.txt')}:1: 2 columns of inputs, but the problem file ${ISHIGAMI} has 3 parameters\n`]);
    const n = uqkit('analyze', 'delta', '-p', ISHIGAMI, '-X', file('x100.txt'), '-Y', file('y99.txt'));
    expect([n.status, n.stderr]).toEqual([1, `uqkit analyze delta: ${file('y99.txt')}: 99 outputs but 100 rows of inputs in ${file('x100.txt')}: expected one output per row\n`]);
    const few = uqkit('analyze', 'rbd_fast', '-p', ISHIGAMI, '-X', file('x100.txt'), '-Y', file('y100.txt'), '-M', '50');
    expect([few.status, few.stderr]).toEqual([1, `uqkit analyze rbd_fast: ${file('x100.txt')}: 100 rows are too few for RBD-FAST with M = 50: at least 102 needed\n`]);
    file('yconst.txt', '2\n'.repeat(100));
    expect(uqkit('analyze', 'delta', '-p', ISHIGAMI, '-X', file('x100.txt'), '-Y', file('yconst.txt')).stderr).toBe(`uqkit analyze delta: ${file('yconst.txt')}: every output is 2: delta needs outputs that vary\n`);
    file('yinf.txt', rows.map((x, i) => (i === 9 ? '-inf' : String(ishigami(x)))).join('\n') + '\n');
    expect(uqkit('analyze', 'rbd_fast', '-p', ISHIGAMI, '-X', file('x100.txt'), '-Y', file('yinf.txt')).stderr).toBe(`uqkit analyze rbd_fast: ${file('yinf.txt')}:10: output -Infinity is not a finite number\n`);
    const flag = uqkit('analyze', 'pawn', '-p', ISHIGAMI, '-X', file('x100.txt'), '-Y', file('y100.txt'), '-S', 'ten');
    expect([flag.status, flag.stderr]).toEqual([1, 'uqkit analyze pawn: --slices: expected an integer >= 1, got "ten"\n']);
    const unknown = uqkit('analyze', 'delta', '-p', ISHIGAMI, '--bogus');
    expect(unknown.status).toBe(2); // bad usage, as every SALib-style command
    expect(unknown.stderr.split('\n')).toHaveLength(2);
    for (const r of [cols, n, few, flag, unknown]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help for each method; `uqkit analyze --help` lists them', () => {
    for (const [cmd, m] of [['sample', 'fast'], ['sample', 'latin'], ['analyze', 'fast'], ['analyze', 'rbd_fast'], ['analyze', 'delta'], ['analyze', 'pawn']] as const) {
      const h = uqkit(cmd, m, '--help');
      expect([h.status, h.stdout.startsWith(`uqkit ${cmd} ${m} `)]).toEqual([0, true]);
    }
    expect(uqkit('analyze', '--help').stdout).toMatch(/uqkit analyze pawn/);
    expect(uqkit('analyze', 'nosuch').stderr).toMatch(/the methods are sobol, morris, ff, dgsm, fast, rbd_fast, delta, pawn, hdmr/);
  });
});
