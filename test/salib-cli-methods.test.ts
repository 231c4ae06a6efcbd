// eFAST, RBD-FAST, Latin hypercubes, delta and PAWN on the shared SALib command-line modules,
// as users run them (build/cli/main.js as a child process, real files in a temp folder):
// what SALib's own command line prints on the same files (test/fixtures/salib-cli-methods.json,
// from scripts/fixtures/salib_cli_methods.py), groups as SALib treats them, the sample files'
// headers and the mismatches they catch, and that a command loads only its method's module.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './helpers.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-salib-methods-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text?: string): string => {
  const p = join(dir, name);
  if (text !== undefined) writeFileSync(p, text);
  return p;
};
function uqkit(args: string[], node: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...node, MAIN, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const rowsOf = (text: string): number[][] => text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));
const ishigami = (x: number[]) => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);
const column = (text: string, k: number): string[] => text.trimEnd().split('\n').slice(1).map((l) => l.trim().split(/\s+/)[k]!);

interface Fixture {
  problem: string; grouped: string; X: number[]; Y: number[]; fastY: number[];
  pawn: string; pawnGrouped: string; rbdFast: string; rbdFastGrouped: string; fast: string; fastGrouped: string;
  latinGroupedShape: number[]; latinGroupedSameColumns: boolean;
  pandasTables: { labels: string[]; columns: { name: string; values: number[] }[]; text: string }[];
}
const f = fixture<Fixture>('salib-cli-methods.json');
const PROBLEM = file('problem.txt', f.problem);
const GROUPED = file('grouped.txt', f.grouped);
const X = file('X.txt', Array.from({ length: f.Y.length }, (_, i) => f.X.slice(3 * i, 3 * i + 3).map(String).join(' ')).join('\n') + '\n');
const Y = file('Y.txt', f.Y.map(String).join('\n') + '\n');
const FY = file('FY.txt', f.fastY.map(String).join('\n') + '\n');

describe("SALib's printed tables on the same files", () => {
  it('PAWN: the same table, also with groups (a group is the mean of its parameters)', () => {
    expect(uqkit(['analyze', 'pawn', '-p', PROBLEM, '-X', X, '-Y', Y, '-S', '10']).stdout).toBe(f.pawn);
    const g = uqkit(['analyze', 'pawn', '-p', GROUPED, '-X', X, '-Y', Y, '-S', '10']);
    expect([g.status, g.stderr, g.stdout]).toEqual([0, '', f.pawnGrouped]);
  });

  it('RBD-FAST and eFAST: the same S1 (and ST); groups ignored as SALib ignores them, with a warning line', () => {
    const r = uqkit(['analyze', 'rbd_fast', '-p', PROBLEM, '-X', X, '-Y', Y, '-s', '1']);
    expect(r.stdout.split('\n')[0]).toBe(f.rbdFast.split('\n')[0]);
    expect(column(r.stdout, 1)).toEqual(column(f.rbdFast, 1));
    const rg = uqkit(['analyze', 'rbd_fast', '-p', GROUPED, '-X', X, '-Y', Y, '-s', '1']);
    expect(column(rg.stdout, 1)).toEqual(column(f.rbdFastGrouped, 1));
    expect(rg.stderr).toBe(`uqkit analyze rbd_fast: warning: the groups of ${GROUPED} are ignored, as SALib's rbd_fast.analyze ignores them (one row per parameter)\n`);
    for (const [p, ref] of [[PROBLEM, f.fast], [GROUPED, f.fastGrouped]] as const) {
      const a = uqkit(['analyze', 'fast', '-p', p, '-Y', FY, '-s', '1']);
      expect(a.status).toBe(0);
      expect(a.stdout.split('\n')[0]).toBe(ref.split('\n')[0]);
      expect([column(a.stdout, 0), column(a.stdout, 1), column(a.stdout, 2)]).toEqual([column(ref, 0), column(ref, 1), column(ref, 2)]);
    }
  });

  it("pandas' layout where a column's name is wider than its numbers (a leading space before the name)", async () => {
    const { pandasTable } = (await import(pathToFileURL(join(MAIN, '../salib-console.js')).href)) as { pandasTable: (l: string[], c: { name: string; values: number[] }[]) => string };
    for (const t of f.pandasTables) expect(pandasTable(t.labels, t.columns)).toBe(t.text);
  });
});

describe('groups as SALib treats them', () => {
  it('latin: parameters of a group share their column; the header records the groups', () => {
    const s = uqkit(['sample', 'latin', '-p', GROUPED, '-n', '20', '-s', '3']);
    expect([s.status, s.stderr]).toEqual([0, '']);
    const rows = rowsOf(s.stdout);
    expect([rows.length, rows[0]!.length]).toEqual(f.latinGroupedShape);
    expect(rows.every((r) => r[1] === r[2])).toBe(f.latinGroupedSameColumns);
    expect(rows.some((r) => r[0] !== r[1])).toBe(true);
    expect(s.stdout.split('\n').slice(0, 4)).toEqual([`# uqkit sample latin: n=20 d=3 groups=2 rows=20 seed=3`, `# problem: ${JSON.stringify(GROUPED)}`, '# names: ["x1","x2","x3"]', '# groups: ["a","b","b"]']);
  });

  it('fast: one curve per parameter whatever the groups, with a warning line', () => {
    const a = uqkit(['sample', 'fast', '-p', GROUPED, '-n', '70', '-s', '4']);
    const b = uqkit(['sample', 'fast', '-p', PROBLEM, '-n', '70', '-s', '4']);
    expect(a.stderr).toBe(`uqkit sample fast: warning: the groups of ${GROUPED} are ignored, as SALib's fast_sampler ignores them (one curve per parameter)\n`);
    expect(rowsOf(a.stdout)).toEqual(rowsOf(b.stdout));
    expect(rowsOf(a.stdout)).toHaveLength(210);
  });
});

describe('sample headers and the mismatches they catch', () => {
  const fastX = file('fX.txt');
  const latinX = file('lX.txt');
  uqkit(['sample', 'fast', '-p', PROBLEM, '-n', '100', '-M', '3', '-s', '9', '-o', fastX]);
  uqkit(['sample', 'latin', '-p', PROBLEM, '-n', '300', '-s', '9', '-o', latinX]);
  const fastY = file('fY.txt', rowsOf(readFileSync(fastX, 'utf8')).map((x) => String(ishigami(x))).join('\n') + '\n');
  const latinY = file('lY.txt', rowsOf(readFileSync(latinX, 'utf8')).map((x) => String(ishigami(x))).join('\n') + '\n');

  it('analyze fast takes M from the sample file and refuses another -M, method, problem or row count, in one line', () => {
    expect(readFileSync(fastX, 'utf8').split('\n')[0]).toBe('# uqkit sample fast: n=100 M=3 d=3 rows=300 seed=9');
    const withX = uqkit(['analyze', 'fast', '-p', PROBLEM, '-X', fastX, '-Y', fastY, '-r', '0', '-s', '1', '--json']);
    const withM = uqkit(['analyze', 'fast', '-p', PROBLEM, '-Y', fastY, '-M', '3', '-r', '0', '-s', '1', '--json']);
    expect(withX.status).toBe(0);
    expect(JSON.parse(withX.stdout)).toEqual(JSON.parse(withM.stdout));
    expect((JSON.parse(withX.stdout) as { M: number }).M).toBe(3);
    // without -X and -M, SALib's default M = 4 gives other numbers
    expect(JSON.parse(uqkit(['analyze', 'fast', '-p', PROBLEM, '-Y', fastY, '-r', '0', '-s', '1', '--json']).stdout)).not.toEqual(JSON.parse(withX.stdout));
    const m = uqkit(['analyze', 'fast', '-p', PROBLEM, '-X', fastX, '-Y', fastY, '-M', '4']);
    expect([m.status, m.stderr]).toEqual([1, `uqkit analyze fast: -M/--M 4: the design in ${fastX} was drawn with M=3 (uqkit sample fast); pass -M/--M 3, or leave it out\n`]);
    const latin = uqkit(['analyze', 'fast', '-p', PROBLEM, '-X', latinX, '-Y', latinY]);
    expect([latin.status, latin.stderr]).toEqual([1, `uqkit analyze fast: the design in ${latinX} was drawn by uqkit sample latin, but uqkit analyze fast analyses designs of uqkit sample fast\n`]);
    const other = file('other.txt', f.problem.replace('x3', 'z3'));
    const names = uqkit(['analyze', 'fast', '-p', other, '-X', fastX, '-Y', fastY]);
    expect([names.status, names.stderr]).toEqual([1, `uqkit analyze fast: the design in ${fastX} was drawn for the parameters x1 x2 x3 (${PROBLEM}), but ${other} has x1 x2 z3\n`]);
    const cut = file('fXcut.txt', readFileSync(fastX, 'utf8').split('\n').slice(0, -4).join('\n') + '\n');
    const rows = uqkit(['analyze', 'fast', '-p', PROBLEM, '-X', cut, '-Y', fastY]);
    expect([rows.status, rows.stderr]).toEqual([1, `uqkit analyze fast: ${cut}: 297 rows of points, but the design in ${cut} has 300 rows: one line per sample line\n`]);
    // outputs that carry the sample's header (a model that copies it) are checked alike
    const carried = file('fYh.txt', readFileSync(fastX, 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n') + '\n' + readFileSync(fastY, 'utf8'));
    expect(JSON.parse(uqkit(['analyze', 'fast', '-p', PROBLEM, '-Y', carried, '-r', '0', '-s', '1', '--json']).stdout)).toEqual(JSON.parse(withX.stdout));
    for (const r of [m, latin, names, rows]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rbd_fast, delta and pawn take any design, but check its problem and rows', () => {
    for (const method of ['rbd_fast', 'delta', 'pawn']) {
      const ok = uqkit(['analyze', method, '-p', PROBLEM, '-X', fastX, '-Y', fastY, '-s', '1']);
      expect([method, ok.status, ok.stderr]).toEqual([method, 0, '']);
      const other = file('other2.txt', f.problem.replace('x1', 'a1'));
      const bad = uqkit(['analyze', method, '-p', other, '-X', latinX, '-Y', latinY]);
      expect([bad.status, bad.stderr]).toEqual([1, `uqkit analyze ${method}: the design in ${latinX} was drawn for the parameters x1 x2 x3 (${PROBLEM}), but ${other} has a1 x2 x3\n`]);
    }
  });

  it('--help names the SALib options left out', () => {
    for (const [cmd, m] of [['sample', 'fast'], ['sample', 'latin'], ['analyze', 'fast'], ['analyze', 'rbd_fast'], ['analyze', 'delta'], ['analyze', 'pawn']] as const) {
      expect(uqkit([cmd, m, '--help']).stdout).toMatch(/SALib options left out: /);
    }
    expect(uqkit(['analyze', 'delta', '--help']).stdout).toMatch(/left out: --bootstrap_savedf .*\n?.* --bins_specs/s);
  });
});

describe('a command loads only its method', () => {
  // A module hook that names every module resolved, on standard error.
  const hooks = file('hooks.mjs', "export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:')) process.stderr.write(`loaded ${r.url}\\n`); return r; }\n");
  const register = file('register.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const loaded = (args: string[]): string[] => {
    const r = uqkit(args, ['--import', pathToFileURL(register).href]);
    expect(r.status).toBe(0);
    return [...new Set([...r.stderr.matchAll(/^loaded .*\/build\/cli\/([\w-]+)\.js$/gm)].map((m) => m[1]!))];
  };

  it('sample morris loads salib-morris.js, not the modules of delta, PAWN, eFAST or Sobol', () => {
    const mods = loaded(['sample', 'morris', '-p', PROBLEM, '-n', '4', '-o', file('m.txt')]);
    expect(mods).toContain('salib-morris');
    for (const other of ['salib-delta', 'salib-pawn', 'salib-fast', 'salib-rbd-fast', 'salib-latin', 'sensitivity', 'salib-ff', 'salib-dgsm']) expect(mods).not.toContain(other);
  });

  it('analyze delta loads salib-delta.js and not the modules of Morris, eFAST or PAWN', () => {
    const mods = loaded(['analyze', 'delta', '-p', PROBLEM, '-X', X, '-Y', Y, '-s', '1']);
    expect(mods).toContain('salib-delta');
    for (const other of ['salib-morris', 'salib-pawn', 'salib-rbd-fast', 'salib-fast', 'salib-latin', 'sensitivity']) expect(mods).not.toContain(other);
  });
});
