// `uqkit sample saltelli|sobol` and `uqkit analyze sobol` against SALib's own command line
// (test/fixtures/salib-cli.json, written by scripts/fixtures/salib_cli.py running
// `python3 -m SALib.scripts.salib` on the same problem files): the same sample files, the same
// indices, the same console tables; and the sample file's header guarding the analysis.
import { spawn, spawnSync } from 'node:child_process';
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

type Result = { status: number | null; stdout: string; stderr: string };
function uqkit(...args: string[]): Result {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function uqkitAsync(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface Case { name: string; problem: string; n: number; maxOrder: 1 | 2; sampleText: string; Y: number[]; printed: string; S1: number[]; ST: number[]; S2?: (number | null)[][] }
const F = fixture<{ salib: string; cases: Case[]; json: { problem: object; n: number; X: number[][] } }>('salib-cli.json');
const dataLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-');
const PI = '3.141592653589793';
const ISHIGAMI = file('ishigami.txt', `x1 -${PI} ${PI}\nx2 -${PI} ${PI}\nx3 -${PI} ${PI}\n`);
const ishigami = (x: number[]) => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);

describe(`SALib ${F.salib}'s command line, same files`, () => {
  it('fixture: SALib 1.5.x, with the uniform, grouped and distribution cases', () => {
    expect(F.salib).toMatch(/^1\.5\./);
    expect(F.cases.map((c) => c.name)).toEqual(['ishigami, second order', 'ishigami, first order', 'ishigami + dummy, two groups', 'ishigami + dummy, three groups', 'distributions']);
  });

  for (const c of F.cases) {
    it(`${c.name}: \`uqkit sample saltelli\` writes SALib's sample file (${c.n} base rows, --max-order ${c.maxOrder})`, () => {
      const p = file(`${slug(c.name)}.txt`, c.problem);
      const r = uqkit('sample', 'saltelli', '-p', p, '-n', String(c.n), '--max-order', String(c.maxOrder));
      expect([r.status, r.stderr]).toEqual([0, '']);
      const ours = dataLines(r.stdout), theirs = dataLines(c.sampleText);
      expect(ours).toHaveLength(theirs.length);
      if (c.name === 'distributions') {
        // uqkit's own quantile functions against scipy's: equal to a few ulps, so the text may
        // differ in the 9th digit; the numbers agree to 1e-8 relative (%.8e's own rounding)
        ours.forEach((l, i) => l.split(' ').forEach((v, j) => {
          const ref = Number(theirs[i]!.split(' ')[j]);
          expect(Math.abs(Number(v) - ref), `row ${i} column ${j}`).toBeLessThanOrEqual(1e-8 * Math.abs(ref));
        }));
      } else expect(ours).toEqual(theirs); // byte for byte
    });

    it(`${c.name}: \`uqkit analyze sobol\` gives SALib's indices to 1e-12 and prints SALib's tables`, () => {
      const p = file(`${slug(c.name)}.txt`, c.problem);
      const y = file(`${slug(c.name)}-Y.txt`, c.Y.map((v) => v.toExponential(17)).join('\n') + '\n');
      const j = uqkit('analyze', 'sobol', '-p', p, '-Y', y, '--max-order', String(c.maxOrder), '-r', '0', '--json');
      expect([j.status, j.stderr]).toEqual([0, '']);
      const r = JSON.parse(j.stdout) as { names: string[]; S1: number[]; ST: number[]; S2?: Record<string, number | null> };
      expect(r.S1).toHaveLength(c.S1.length);
      r.S1.forEach((v, k) => expect(Math.abs(v - c.S1[k]!), `S1[${k}]`).toBeLessThan(1e-12));
      r.ST.forEach((v, k) => expect(Math.abs(v - c.ST[k]!), `ST[${k}]`).toBeLessThan(1e-12));
      if (c.S2) {
        for (let a = 0; a < r.names.length; a++) for (let b = a + 1; b < r.names.length; b++) {
          expect(Math.abs(r.S2![`${r.names[a]},${r.names[b]}`]! - c.S2[a]![b]!), `S2[${a}][${b}]`).toBeLessThan(1e-12);
        }
      } else expect(r.S2).toBeUndefined();
      // the printed tables: SALib's lines, labels, headers and index values; the bootstrap
      // intervals come from another generator, so only their column is checked for form
      const t = uqkit('analyze', 'sobol', '-p', p, '-Y', y, '--max-order', String(c.maxOrder), '-r', '10', '-s', '1');
      expect(t.status).toBe(0);
      const ours = t.stdout.trimEnd().split('\n'), theirs = c.printed.trimEnd().split('\n');
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((line, i) => {
        const m = /^(.*?\S)?(\s+\S+)(\s+\S+)$/.exec(line)!, n = /^(.*?\S)?(\s+\S+)(\s+\S+)$/.exec(theirs[i]!)!;
        expect(m[1] ?? '', `line ${i + 1}: ${line}`).toBe(n[1] ?? '');
        expect((m[1] ?? '') + m[2], `line ${i + 1}: ${line} | ${theirs[i]}`).toBe((n[1] ?? '') + n[2]);
        expect(m[3]!.trim(), `line ${i + 1}`).toMatch(i === 0 || /^\s+S/.test(line) ? /^(S[T12]_conf|\d+\.\d+)$/ : /^\d+\.\d+$/);
      });
    });
  }

  it("a JSON problem with SALib's four-number truncnorm and three-number triang: SALib's points to 1e-12", () => {
    const p = file('dists.json', JSON.stringify(F.json.problem));
    const r = uqkit('sample', 'saltelli', '-p', p, '-n', String(F.json.n), '--max-order', '1', '--precision', 'exact');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const X = dataLines(r.stdout).map((l) => l.split(' ').map(Number));
    expect(X).toHaveLength(F.json.X.length);
    X.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - F.json.X[i]![j]!), `row ${i} column ${j}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)))));
  });

  it("numbers as numpy's %.Pe: two-digit exponents, --precision digits; SALib's default 8", () => {
    const four = dataLines(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '8', '-s', '1', '--precision', '4').stdout).flatMap((l) => l.split(' '));
    expect(four).toHaveLength(8 * 8 * 3);
    for (const v of four) expect(v).toMatch(/^-?\d\.\d{4}e[+-]\d\d$/);
    const eight = dataLines(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '8', '-s', '1').stdout).flatMap((l) => l.split(' '));
    for (const v of eight) expect(v).toMatch(/^-?\d\.\d{8}e[+-]\d\d$/);
    // the same points, rounded
    eight.forEach((v, i) => expect(Math.abs(Number(v) - Number(four[i]))).toBeLessThanOrEqual(5e-4 * Math.abs(Number(v)) + 1e-300));
    const comma = dataLines(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '8', '-s', '1', '--delimiter', ',').stdout);
    expect(comma.map((l) => l.split(',')).flat()).toEqual(eight);
  });

  it("SALib's defaults: saltelli is the plain sequence after max(16, N rounded up) points, sobol is scrambled; second order; 100 resamples; column 0", () => {
    expect(uqkit('sample', 'saltelli', '-p', ISHIGAMI, '-n', '8').stdout.split('\n')[0]).toBe('# uqkit sample saltelli: n=8 d=3 rows=64 second-order=true layout=salib sampler=sobol scramble=none skip=16');
    expect(uqkit('sample', 'saltelli', '-p', ISHIGAMI, '-n', '100').stdout.split('\n')[0]).toMatch(/ skip=128$/);
    expect(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '8', '-s', '9').stdout.split('\n')[0]).toBe('# uqkit sample sobol: n=8 d=3 rows=64 second-order=true layout=salib sampler=sobol scramble=lms skip=0 seed=9');
    expect(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '8', '-s', '9', '--scramble', '0').stdout.split('\n')[0]).toMatch(/ scramble=none skip=0$/);
    expect(uqkit('sample', 'saltelli', '-p', ISHIGAMI, '-n', '8', '-s', '9', '--scramble', '1').stdout.split('\n')[0]).toMatch(/ scramble=lms skip=0 seed=9$/);
    const X = dataLines(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '64', '-s', '3').stdout).map((l) => l.split(' ').map(Number));
    const Y = X.map(ishigami);
    const y = file('two-columns.txt', Y.map((v) => `${v} ${-2 * v}`).join('\n') + '\n');
    const one = JSON.parse(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', y, '-s', '1', '--json').stdout) as { column: number; S2: object; bootstrap: { resamples: number } };
    expect([one.column, one.bootstrap.resamples, Object.keys(one.S2)]).toEqual([0, 100, ['x1,x2', 'x1,x3', 'x2,x3']]);
    const both = JSON.parse(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', y, '-s', '1', '-c', 'all', '--json').stdout) as { column: number; S1: number[] }[];
    expect(both.map((b) => b.column)).toEqual([0, 1]);
    both[1]!.S1.forEach((v, k) => expect(v).toBeCloseTo(both[0]!.S1[k]!, 12)); // -2Y standardises to -Y: same indices
    expect(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', y, '-c', 'first').stderr).toBe('uqkit analyze sobol: --column: expected a column number from 0, or all, got "first"\n');
    expect(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', y, '-c', '2').stderr).toBe(`uqkit analyze sobol: ${y}: --column 2: the file has 2 columns (0 to 1)\n`);
    // --parallel and --processors are accepted
    expect(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', y, '-s', '1', '--parallel', '--processors', '2').status).toBe(0);
  });
});

describe('the sample file records its design, and analyze holds the outputs to it', () => {
  // N = 64 and d = 3: 320 rows without second order, also a whole number of 8-row groups
  const X1 = file('X1.txt');
  const Y1 = file('Y1.txt');
  const made = uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '64', '-s', '4', '--max-order', '1', '-o', X1);
  writeFileSync(Y1, dataLines(readFileSync(X1, 'utf8')).map((l) => String(ishigami(l.split(' ').map(Number)))).join('\n') + '\n');

  it('the header: method, N, d, rows, second order, layout, scramble, skip, seed, the problem file and its names', () => {
    expect(made.status).toBe(0);
    expect(readFileSync(X1, 'utf8').split('\n').slice(0, 3)).toEqual([
      '# uqkit sample sobol: n=64 d=3 rows=320 second-order=false layout=salib sampler=sobol scramble=lms skip=0 seed=4',
      `# problem: "${ISHIGAMI}"`,
      '# names: ["x1","x2","x3"]',
    ]);
    const grouped = uqkit('sample', 'saltelli', '-p', file('g.txt', 'a 0 1 G1\nb 0 1 G2\nc 0 1 G1\n'), '-n', '4').stdout.split('\n');
    expect(grouped[0]).toBe('# uqkit sample saltelli: n=4 d=3 groups=2 rows=24 second-order=true layout=salib sampler=sobol scramble=none skip=16');
    expect(grouped[3]).toBe('# groups: ["G1","G2","G1"]');
  });

  it('a design without second order analysed with --max-order 2 (the default) is refused with one line, although its rows would fit', async () => {
    const cases: Array<[string[], string]> = [
      [['-X', X1], `the design in ${X1} was drawn without second order (--max-order 1: N(d+2) = 320 rows), which has no BA blocks for --max-order 2: pass --max-order 1`],
      [['-X', X1, '--max-order', '2'], 'which has no BA blocks for --max-order 2: pass --max-order 1'],
      [['-X', X1, '--max-order', '1', '--layout', 'block'], `--layout block: the design in ${X1} is in the salib layout`],
    ];
    const rs = await Promise.all(cases.map(([a]) => uqkitAsync('analyze', 'sobol', '-p', ISHIGAMI, '-Y', Y1, ...a)));
    cases.forEach(([a, msg], i) => {
      expect(rs[i]!.status, a.join(' ')).toBe(1);
      expect(rs[i]!.stderr.startsWith('uqkit analyze sobol: ') && rs[i]!.stderr.includes(msg) && rs[i]!.stderr.trimEnd().split('\n').length === 1, rs[i]!.stderr).toBe(true);
    });
    const ok = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', Y1, '-X', X1, '--max-order', '1', '-r', '0', '--json');
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    const S1 = (JSON.parse(ok.stdout) as { S1: number[] }).S1;
    expect(S1[1]).toBeGreaterThan(0.2); // x2's first-order index (0.44), not the garbage of misread blocks
  });

  it('outputs that carry the header themselves are checked the same way', () => {
    const header = readFileSync(X1, 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
    const y = file('Y1-headed.txt', header + '\n' + readFileSync(Y1, 'utf8'));
    const r = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', y);
    expect([r.status, r.stderr]).toEqual([1, `uqkit analyze sobol: the design in ${y} was drawn without second order (--max-order 1: N(d+2) = 320 rows), which has no BA blocks for --max-order 2: pass --max-order 1\n`]);
  });

  it('a design of a second-order file analysed with --max-order 1: first and total indices from its blocks', () => {
    const X2 = file('X2.txt');
    uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '256', '-s', '4', '-o', X2, '--precision', 'exact');
    const Y2 = file('Y2.txt', dataLines(readFileSync(X2, 'utf8')).map((l) => String(ishigami(l.split(' ').map(Number)))).join('\n') + '\n');
    const one = JSON.parse(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', Y2, '-X', X2, '--max-order', '1', '-r', '0', '--json').stdout) as { S1: number[]; S2?: object };
    const two = JSON.parse(uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', Y2, '-X', X2, '-r', '0', '--json').stdout) as { S1: number[]; S2?: object };
    expect(one.S1).toEqual(two.S1);
    expect(one.S2).toBeUndefined();
    expect(two.S2).toBeDefined();
  });

  it('other mismatches: the parameters, the groups, the row count; a plain sample file (no header) by its rows and columns', async () => {
    const other = file('other.txt', `x1 -${PI} ${PI}\nx2 -${PI} ${PI}\nx4 -${PI} ${PI}\n`);
    const groups = file('groups.txt', `x1 -${PI} ${PI} A\nx2 -${PI} ${PI} B\nx3 -${PI} ${PI} A\n`);
    const short = file('Y-short.txt', readFileSync(Y1, 'utf8').split('\n').slice(0, 300).join('\n') + '\n');
    const plain = file('X-plain.txt', dataLines(readFileSync(X1, 'utf8')).join('\n') + '\n');
    const plainShort = file('X-plain-short.txt', dataLines(readFileSync(X1, 'utf8')).slice(0, 315).join('\n') + '\n');
    const cases: Array<[string[], string]> = [
      [['-p', other, '-Y', Y1, '-X', X1, '--max-order', '1'], `the design in ${X1} was drawn for the parameters x1 x2 x3 (${ISHIGAMI}), but ${other} has x1 x2 x4`],
      [['-p', groups, '-Y', Y1, '-X', X1, '--max-order', '1'], `the design in ${X1} was drawn with no groups, but ${groups} has the groups A B A`],
      [['-p', ISHIGAMI, '-Y', short, '-X', X1, '--max-order', '1'], `${short}: 300 rows of outputs, but the design in ${X1} has 320 rows (N=64, no second order): one output line per sample line`],
      [['-p', ISHIGAMI, '-Y', Y1, '-X', plainShort, '--max-order', '1'], `${Y1}: 320 rows of outputs, but the sample file ${plainShort} has 315 rows: one output line per sample line`],
      [['-p', other.replace('other', 'two'), '-Y', Y1, '-X', plain], 'cannot read the problem file'],
    ];
    const rs = await Promise.all(cases.map(([a]) => uqkitAsync('analyze', 'sobol', ...a)));
    cases.forEach(([a, msg], i) => {
      expect(rs[i]!.status, a.join(' ')).toBe(1);
      expect(rs[i]!.stderr, a.join(' ')).toContain(msg);
      expect(rs[i]!.stderr.trimEnd().split('\n'), a.join(' ')).toHaveLength(1);
    });
    // a plain sample file of the right size: the rows decide, as SALib does
    const r = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', Y1, '-X', plain, '--max-order', '1', '-r', '0', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('groups', () => {
  it("one AB block per group: the grouped design's rows are SALib's (fixture), and x4 in group B beside x2", () => {
    const c = F.cases.find((k) => k.name === 'ishigami + dummy, two groups')!;
    const r = uqkit('sample', 'saltelli', '-p', file('two-groups.txt', c.problem), '-n', '4', '--max-order', '1', '--precision', 'exact', '--no-header');
    const X = dataLines(r.stdout).map((l) => l.split(' ').map(Number));
    expect(X).toHaveLength(4 * (2 + 2));
    // per base row: A, AB_A (x1 and x3 from B), AB_B (x2 and x4 from B), B
    for (let i = 0; i < 4; i++) {
      const [A, ABa, ABb, B] = X.slice(4 * i, 4 * i + 4) as [number[], number[], number[], number[]];
      expect(ABa).toEqual([B[0], A[1], B[2], A[3]]);
      expect(ABb).toEqual([A[0], B[1], A[2], B[3]]);
    }
  });

  it('groups in JSON ("groups") are the same as the 4th column', () => {
    const text = uqkit('sample', 'saltelli', '-p', file('g4.txt', `x1 -${PI} ${PI} A\nx2 -${PI} ${PI} B\nx3 -${PI} ${PI} A\n`), '-n', '8', '--no-header').stdout;
    const json = uqkit('sample', 'saltelli', '-p', file('g4.json', JSON.stringify({ names: ['x1', 'x2', 'x3'], bounds: [[-Math.PI, Math.PI], [-Math.PI, Math.PI], [-Math.PI, Math.PI]], groups: ['A', 'B', 'A'] })), '-n', '8', '--no-header').stdout;
    expect(json).toBe(text);
    expect(dataLines(text)).toHaveLength(8 * (2 * 2 + 2));
  });
});
