// The `uqkit` command (build/cli/main.js) as users run it: SALib problem files in, sample and
// output files through, indices out; against sobolIndices on the same numbers and against
// SALib's formulas (test/fixtures/sensitivity.json); every mistake one line, no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Campaign, sobolIndices } from 'uqkit';
import { fixture } from './helpers.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-cli-'));
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

/** The same, without waiting: for running many at once. */
function uqkitAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: dir });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Rows of a numeric file (comments skipped). */
const rowsOf = (text: string): number[][] => text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));

const PI = '3.141592653589793';
const ISHIGAMI = file('ishigami.txt', `# name lower upper\nx1 -${PI} ${PI}\nx2 -${PI} ${PI}\nx3 -${PI} ${PI}\n`);
const ishigami = (x: number[]) => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);

describe('uqkit sample saltelli / analyze sobol', () => {
  it('round trip: the sample file in SALib order, outputs back, the same indices as sobolIndices on those numbers', () => {
    const s = uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '256', '--seed', '7', '--max-order', '1', '--scramble', 'owen', '--precision', 'exact', '-o', file('X.txt'));
    expect([s.status, s.stderr]).toEqual([0, '']);
    const text = readFileSync(file('X.txt'), 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# uqkit sample sobol: n=256 d=3 rows=1280 second-order=false layout=salib sampler=sobol scramble=owen skip=0 seed=7',
      `# problem: "${ISHIGAMI}"`,
      '# names: ["x1","x2","x3"]',
    ]);
    const X = rowsOf(text);
    expect(X).toHaveLength(256 * 5);
    expect(X.every((r) => r.length === 3 && r.every((v) => Math.abs(v) < Math.PI))).toBe(true);
    // the same seed, the same file
    expect(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '256', '--seed', '7', '--max-order', '1', '--scramble', 'owen', '--precision', 'exact').stdout).toBe(text);
    const Y = X.map(ishigami);
    writeFileSync(file('Y.txt'), Y.map((y) => `${y} ${y * y}`).join('\n') + '\n');
    const a = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('Y.txt'), '-X', file('X.txt'), '-c', 'all', '--max-order', '1', '--json', '--seed', '3', '-r', '200');
    expect([a.status, a.stderr]).toEqual([0, '']);
    const out = JSON.parse(a.stdout) as Array<{ column: number; S1: number[]; ST: number[]; S1_conf: number[]; names: string[]; bootstrap: { seed: string } }>;
    expect(out.map((o) => o.column)).toEqual([0, 1]);
    const ref = sobolIndices(Float64Array.from(Y), { dim: 3, layout: 'salib', bootstrap: { resamples: 200, seed: 3 } });
    expect(out[0]!.S1).toEqual(Array.from(ref.first));
    expect(out[0]!.ST).toEqual(Array.from(ref.total));
    expect(out[0]!.S1_conf).toEqual(Array.from(ref.firstConf!));
    expect(out[0]!.names).toEqual(['x1', 'x2', 'x3']);
    expect(out[0]!.bootstrap.seed).toBe('3');
    // the tables: ST, S1, one row per parameter
    const t = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('Y.txt'), '-c', '0', '--seed', '3', '-r', '200', '--max-order', '1');
    expect(t.status).toBe(0);
    expect(t.stdout).toContain(`x1  ${ref.total[0]!.toFixed(6)}  ${ref.totalConf![0]!.toFixed(6)}`);
    expect(t.stdout).toMatch(/^ +ST +ST_conf$/m);
    expect(t.stdout).toMatch(/^ +S1 +S1_conf$/m);
  });

  it("SALib's own sample (fixture) is reproduced, and its outputs give SALib's indices to 1e-12", () => {
    const c = fixture<{ cases: Array<{ name: string; D: number; N: number; X?: number[]; Y: number[]; S1: number[]; ST: number[]; S2?: (number | null)[][]; skip?: number; secondOrder: boolean }> }>('sensitivity.json')
      .cases.find((k) => k.X && k.secondOrder)!;
    const s = uqkit('sample', 'saltelli', '-p', ISHIGAMI, '-n', String(c.N), '--scramble', 'none', '--skip', String(c.skip), '--second-order', '--no-header', '--precision', 'exact');
    expect(s.status).toBe(0);
    const X = rowsOf(s.stdout).flat();
    expect(X).toHaveLength(c.X!.length);
    X.forEach((v, i) => expect(Math.abs(v - c.X![i]!)).toBeLessThanOrEqual(4.5e-16));
    writeFileSync(file('Ysalib.txt'), c.Y.map((y) => y.toExponential(17)).join('\n'));
    const a = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('Ysalib.txt'), '-r', '0', '--json');
    expect([a.status, a.stderr]).toEqual([0, '']);
    const r = JSON.parse(a.stdout) as { S1: number[]; ST: number[]; S2: Record<string, number> };
    r.S1.forEach((v, j) => expect(Math.abs(v - c.S1[j]!)).toBeLessThan(1e-12));
    r.ST.forEach((v, j) => expect(Math.abs(v - c.ST[j]!)).toBeLessThan(1e-12));
    expect(Math.abs(r.S2['x1,x3']! - c.S2![0]![2]!)).toBeLessThan(1e-12);
  });

  it("problem files: SALib's distributions (text columns or JSON), comma-separated files", () => {
    const txt = file('dists.txt', 'a,0,1\nb,10,2,NA,norm\nc,0,0.5,NA,lognorm\nd,4,0.25,NA,triang\n');
    const r = uqkit('sample', 'sobol', '-p', txt, '-n', '1024', '--seed', '1', '--delimiter', ',', '--max-order', '1');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const X = r.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').map(Number));
    const mean = (j: number) => X.reduce((s, x) => s + x[j]!, 0) / X.length;
    expect(Math.abs(mean(0) - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(mean(1) - 10)).toBeLessThan(0.05);
    expect(Math.abs(mean(2) - Math.exp(0.125))).toBeLessThan(0.02);
    expect(Math.abs(mean(3) - (0 + 1 + 4) / 3)).toBeLessThan(0.02); // triangular 0..4, peak at 1
    expect(X.every((x) => x[3]! >= 0 && x[3]! <= 4 && x[2]! > 0)).toBe(true);
    const json = file('p.json', JSON.stringify({ num_vars: 2, names: ['u', 't'], bounds: [[0, 2], [-1, 1, 0, 1]], dists: ['unif', 'truncnorm'] }));
    const j = uqkit('sample', 'sobol', '-p', json, '-n', '64', '--seed', '2', '--no-header');
    expect(j.status).toBe(0);
    expect(rowsOf(j.stdout).every((x) => x[0]! >= 0 && x[0]! <= 2 && x[1]! >= -1 && x[1]! <= 1)).toBe(true);
  });

  it('non-finite outputs: an error naming the file line, or dropped on request', () => {
    const X = rowsOf(uqkit('sample', 'sobol', '-p', ISHIGAMI, '-n', '64', '--seed', '4', '--max-order', '1').stdout);
    const lines = ['# outputs', ...X.map((x) => String(ishigami(x)))];
    lines[11] = 'nan'; // data row 10, file line 12
    writeFileSync(file('Ynan.txt'), lines.join('\n') + '\n');
    const e = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('Ynan.txt'), '--max-order', '1');
    expect(e.status).toBe(1);
    expect(e.stderr).toBe(`uqkit analyze sobol: ${file('Ynan.txt')}:12: 1 output is NaN or infinite, on line 12; fix them or pass --drop-nonfinite\n`);
    const d = uqkit('analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('Ynan.txt'), '--drop-nonfinite', '--json', '-r', '0', '--max-order', '1');
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout).dropped).toEqual([2]); // row 10 is in base row 2 (5 rows each)
  });

  it('every mistake is one line on stderr with a non-zero status, naming file and line where there is one', async () => {
    const cases: Array<[string[], number, string]> = [
      [['sample', 'saltelli', '-p', file('bad.txt', 'x1 0 1\nx2 0 abc\n'), '-n', '8'], 1, `${file('bad.txt')}:2: parameter "x2": the 3rd field: expected a number, got "abc"`],
      [['sample', 'saltelli', '-p', file('short.txt', '# c\nx1 0\n'), '-n', '8'], 1, `${file('short.txt')}:2: expected "name lower upper [group] [dist]", got 2 fields`],
      [['sample', 'saltelli', '-p', file('grp.txt', 'x1 0 1 G\nx2 0 1 G\n'), '-n', '8'], 1, `${file('grp.txt')}: every parameter is in group "G": one group alone has no sensitivity to measure`],
      [['sample', 'saltelli', '-p', file('dist.txt', 'x1 0 1 NA normal\n'), '-n', '8'], 1, `${file('dist.txt')}:1: parameter "x1": the 2nd and 3rd fields: unknown distribution "normal"; did you mean "norm"?; SALib's are unif, triang, norm, truncnorm, lognorm, logunif, weibull`],
      [['sample', 'saltelli', '-p', file('tn.txt', 'x1 0 1 NA truncnorm\n'), '-n', '8'], 1, `${file('tn.txt')}:1: parameter "x1": the 2nd and 3rd fields: truncnorm takes 4 numbers (lower, upper, mean, std), got 2; a problem file of lines gives 2 numbers: write it as JSON`],
      [['sample', 'saltelli', '-p', file('sd.txt', 'x1 0 1\nx2 1 -2 NA norm\n'), '-n', '8'], 1, `${file('sd.txt')}:2: parameter "x2": the 2nd and 3rd fields: norm needs a std > 0, got 1, -2`],
      [['sample', 'saltelli', '-p', file('missing.txt'), '-n', '8'], 1, `${file('missing.txt')}: cannot read the problem file: no such file`],
      [['sample', 'saltelli', '-p', ISHIGAMI], 1, '-n/--samples: the number of base rows is required'],
      [['sample', 'saltelli', '-p', ISHIGAMI, '-n', 'ten'], 1, '--samples: expected an integer >= 1, got "ten"'],
      [['sample', 'saltelli', '-p', ISHIGAMI, '-n', '8', '--scramble', 'sobol'], 1, "--scramble: expected owen, lms or none (or SALib's 1 or 0), got \"sobol\""],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('rag.txt', '1 2\n3\n')], 1, `${file('rag.txt')}:2: expected 2 numbers per line as on the first line, got 1`],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('word.txt', '1\n2\nthree\n')], 1, `${file('word.txt')}:3: field 1: expected a number, got "three"`],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('seven.txt', '1\n2\n3\n4\n5\n6\n7\n')], 1, `${file('seven.txt')}: 7 rows of outputs do not fit --max-order 2 for d=3 parameters (N(2d+2): a multiple of 8 rows, N >= 2)`],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('ten.txt', '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n')], 1, `${file('ten.txt')}: 10 rows of outputs do not fit --max-order 2 for d=3 parameters (N(2d+2): a multiple of 8 rows, N >= 2); they fit a design without second order (N=2): pass --max-order 1`],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('sixteen.txt', '1\n'.repeat(16)), '--max-order', '1'], 1, `${file('sixteen.txt')}: 16 rows of outputs do not fit --max-order 1 for d=3 parameters (N(d+2): a multiple of 5 rows, N >= 2); they fit a design with second order (N=2): pass --max-order 2`],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('seven.txt'), '--max-order', '3'], 1, '--max-order: expected 1 or 2, got "3"'],
      [['analyze', 'sobol', '-p', ISHIGAMI, '-Y', file('seven.txt'), '--bogus'], 2, 'uqkit analyze sobol: unknown option --bogus\n'],
      [['frobnicate'], 2, 'unknown command "frobnicate"; the commands are run, status'],
      [['analyze', 'fastest'], 2, 'unknown method "fastest"; the methods are sobol, morris, ff, dgsm, fast, rbd_fast, delta, pawn, hdmr'],
    ];
    const results = await Promise.all(cases.map(([args]) => uqkitAsync(...args)));
    for (const [i, [args, status, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--help for the command and each method', () => {
    expect(uqkit('--help').stdout).toMatch(/uqkit sample saltelli\|sobol -p PROBLEM -n N/);
    const h = uqkit('analyze', 'sobol', '--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/-r, --resamples R/);
    expect(uqkit('sample', 'saltelli', '-h').stdout).toMatch(/--second-order/);
  });

  it('--help without a method lists the methods\' help and exits 0', () => {
    for (const [command, usage] of [['sample', /uqkit sample saltelli -p PROBLEM -n N/], ['analyze', /uqkit analyze sobol -p PROBLEM -Y FILE/]] as const) {
      for (const flag of ['--help', '-h']) {
        const r = uqkit(command, flag);
        expect(r.status, `${command} ${flag}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(usage);
        expect(r.stderr).toBe('');
      }
    }
  });

  it('--help on every command exits 0 with that command\'s usage', () => {
    for (const command of ['run', 'status', 'analyse', 'runs', 'export', 'report', 'kill', 'clean', 'init']) {
      const r = uqkit(command, '--help');
      expect(r.status, `${command}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^uqkit ${command}\\b`));
    }
  });

  it('--version and -V print the package version and exit 0', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const r = uqkit(flag);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });
});

describe('what each command loads', () => {
  // A module hook (node --import) that appends every module URL Node loads to a file.
  const hook = file('list-modules.mjs', `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.UQKIT_TEST_MODULES, url + '\\n'); return next(url, context); }\n`);
  const register = file('register.mjs', `import { register } from 'node:module'; register(${JSON.stringify('file://' + hook)});\n`);
  function loaded(...args: string[]): string[] {
    const list = join(dir, `modules-${args[0]}.txt`);
    writeFileSync(list, '');
    spawnSync(process.execPath, ['--import', register, MAIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, UQKIT_TEST_MODULES: list } });
    return readFileSync(list, 'utf8').split('\n').filter((u) => u.includes('/build/')).map((u) => u.slice(u.lastIndexOf('/build/') + 7));
  }

  it('--help loads only the CLI entry and its error classes; status and runs load neither the analysis, the runners, the report nor the whole Node entry', () => {
    expect(loaded('--help').sort()).toEqual(['cli/main.js', 'core/errors.js', 'cli/cli-error.js', 'cli/closed-pipe.js'].sort());
    for (const command of ['status', 'runs']) {
      const mods = loaded(command, join(dir, 'no-such.uqkit'));
      expect(mods, command).toContain('cli/read-commands.js');
      expect(mods, command).toContain('campaign/store.js');
      const heavy = mods.filter((m) => m === 'index.js' || m.startsWith('analysis/') || m.startsWith('report/') || m === 'execution/in-process.js' || m === 'execution/slurm-runner.js' || m === 'cli/run-command.js');
      expect(heavy, command).toEqual([]);
    }
  });

  it('status and runs of a real campaign load its store and nothing that computes: no samplers, numerics, distributions, runners, WebAssembly or worker pool', async () => {
    const camp = join(dir, 'loads.uqkit');
    const c = Campaign.create(camp, {
      name: 'loads', params: { a: { type: 'float', default: 0.5, min: 0, max: 1 }, b: { type: 'float', default: 1, min: 0, max: 2 } },
      vary: { a: { dist: 'uniform', low: 0, high: 1 }, b: { dist: 'uniform', low: 0, high: 2 } },
    });
    try {
      c.addSampler({ kind: 'pce', order: 2 });
      await c.execute({ model: (p: Record<string, unknown>) => ({ y: (p.a as number) + (p.b as number) }) });
    } finally {
      c.close();
    }
    for (const command of ['status', 'runs']) {
      const mods = loaded(command, camp);
      const computing = mods.filter((m) => /^(numerics|samplers|distributions|execution|analysis|report)\//.test(m) || ['node-setup.js', 'index.js', 'campaign/campaign.js', 'core/wasm.js', 'core/arena.js', 'core/worker-pool.js'].includes(m));
      expect(computing, command).toEqual([]);
      expect(mods, command).toContain('campaign/campaign-view.js');
    }
    // And they show the campaign.
    const status = uqkit('status', camp);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain('runs: 9 total, 9 done');
    expect(status.stdout).toContain('sampler 1: {"kind":"pce","order":2}, 9 drawn');
    const runs = uqkit('runs', camp, '--where', 'a>0.5', '--json');
    expect(runs.status, runs.stderr).toBe(0);
    const listed = JSON.parse(runs.stdout) as { params: { a: number } }[];
    expect(listed.length).toBe(3);
    for (const r of listed) expect(r.params.a).toBeGreaterThan(0.5);
  });
});
