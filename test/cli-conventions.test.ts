// What every command of the built `uqkit` (build/cli/main.js, run as a child process with real
// pipes) has in common: --help and -h on every command and method, one line naming the closest
// known command, method or option for a mistyped one, and `-` for standard input and output
// wherever a file is read or written.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-cli-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Result = { status: number | null; stdout: string; stderr: string };

/** The CLI with `input` written into its standard input (a pipe) and its output read from pipes. */
function uqkit(args: string[], input?: string, cwd = dir): Result {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd, input: input ?? '' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function uqkitAsync(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const PI = '3.141592653589793';
const ISHIGAMI = `x1 -${PI} ${PI}\nx2 -${PI} ${PI}\nx3 -${PI} ${PI}\n`;
const ishigami = (x: number[]) => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);
const rowsOf = (text: string): number[][] => text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));

describe('--help', () => {
  // every command and method, from the CLI's own table
  const list = uqkit(['help', '--list']);
  const entries = list.stdout.trim().split('\n');

  it('`uqkit help --list` lists the campaign commands and the SALib-style methods', () => {
    expect(list.status).toBe(0);
    for (const e of ['run', 'status', 'analyse', 'runs', 'export', 'report', 'check', 'kill', 'clean', 'init', 'sample saltelli', 'sample sobol', 'analyze sobol']) expect(entries).toContain(e);
  });

  it('--help, -h and `uqkit help ...` on every command and method: exit 0, that command\'s usage on stdout, nothing on stderr', async () => {
    const calls = entries.flatMap((e) => {
      const words = e.split(' ');
      return [[...words, '--help'], [...words, '-h'], ['help', ...words], [...words, 'x', '--help']];
    });
    const results = await Promise.all(calls.map((args) => uqkitAsync(args)));
    calls.forEach((args, i) => {
      const r = results[i]!;
      const name = args.filter((a) => a !== 'help' && a !== 'x' && !a.startsWith('-')).join(' ');
      expect([r.status, r.stderr], args.join(' ')).toEqual([0, '']);
      // (an alias's help is its method's, which names the alias: "(also: uqkit sample fast_sampler)")
      const first = r.stdout.split('\n')[0]!;
      expect(first.startsWith(`uqkit ${name} `) || first.includes(`(also: uqkit ${name})`), `${args.join(' ')}: ${r.stdout.slice(0, 60)}`).toBe(true);
    });
  });

  it('SALib-style commands without a method: --help lists each method\'s help', () => {
    for (const command of [...new Set(entries.filter((e) => e.includes(' ')).map((e) => e.split(' ')[0]!))]) {
      const r = uqkit([command, '--help']);
      expect(r.status).toBe(0);
      for (const e of entries.filter((x) => x.startsWith(`${command} `))) expect(r.stdout.includes(`uqkit ${e} -p PROBLEM`) || r.stdout.includes(`(also: uqkit ${e})`), e).toBe(true);
    }
  });

  it('the SALib-style methods show SALib\'s defaults and say what uqkit does with --parallel', () => {
    expect(uqkit(['sample', 'saltelli', '-h']).stdout).toMatch(/--max-order K +1 or 2 \(default 2, as SALib\)/);
    expect(uqkit(['sample', 'sobol', '-h']).stdout).toMatch(/Defaults here: --scramble lms \(SALib's\), --skip-values 0, --max-order 2/);
    // a seed for the plain sequence changes nothing: said once, on stderr
    const seeded = uqkit(['sample', 'saltelli', '-p', '-', '-n', '4', '-s', '3'], ISHIGAMI);
    expect([seeded.status, seeded.stderr]).toEqual([0, "uqkit sample saltelli: warning: -s/--seed has no effect on the plain Sobol' sequence (pass --scramble owen or lms to scramble it)\n"]);
    const a = uqkit(['analyze', 'sobol', '-h']).stdout;
    expect(a).toMatch(/-r, --resamples R +bootstrap resamples \(default 100, as SALib/);
    expect(a).toMatch(/--parallel, --processors N\n +accepted for SALib's scripts/);
  });
});

describe('did you mean', () => {
  it('an unknown command, method or option: one line naming the closest known one, exit 2; none when nothing is close', async () => {
    const cases: Array<[string[], string]> = [
      [['stauts', 'x'], 'uqkit: unknown command "stauts"; did you mean "status"? (uqkit --help)'],
      [['analyes', 'x'], 'uqkit: unknown command "analyes"; did you mean "analyse"? (uqkit --help)'],
      [['repot'], 'uqkit: unknown command "repot"; did you mean "report"? (uqkit --help)'],
      [['frobnicate'], 'uqkit: unknown command "frobnicate"; the commands are run, status, analyse, runs, export, report, check, kill, clean, init, compare, surrogate, sample, analyze (uqkit --help)'],
      [['--verison'], 'uqkit: unknown option "--verison"; did you mean "--version"? (uqkit --help)'],
      [['--frobnicate'], 'uqkit: unknown option "--frobnicate"; the commands are'],
      [['sample', 'saltelly'], 'uqkit sample: unknown method "saltelly"; did you mean "saltelli"?'],
      [['analyze', 'sobl'], 'uqkit analyze: unknown method "sobl"; did you mean "sobol"?'],
      [['analyze', 'pawnshop'], 'uqkit analyze: unknown method "pawnshop"; the methods are sobol, morris, ff, dgsm, fast, rbd_fast, delta, pawn, hdmr'],
      [['run', 'c.yaml', '--fersh'], 'uqkit run: unknown option --fersh; did you mean --fresh?'],
      [['run', 'c.yaml', '--retry-faild'], 'uqkit run: unknown option --retry-faild; did you mean --retry-failed?'],
      [['export', 'd', '--formt', 'csv'], 'uqkit export: unknown option --formt; did you mean --format?'],
      [['status', 'd', '--jsno'], 'uqkit status: unknown option --jsno; did you mean --json?'],
      [['runs', 'd', '--wher', 'x>1'], 'uqkit runs: unknown option --wher; did you mean --where?'],
      [['report', 'd', '--everything'], 'uqkit report: unknown option --everything'],
      [['run', 'c.yaml', '-z'], 'uqkit run: unknown option -z'],
      [['sample', 'sobol', '-p', 'p.txt', '--max-ordr', '1'], 'uqkit sample sobol: unknown option --max-ordr; did you mean --max-order?'],
      [['sample', 'saltelli', '-p', 'p.txt', '--paramfiel', 'p.txt'], 'uqkit sample saltelli: unknown option --paramfiel; did you mean --paramfile?'],
      [['analyze', 'sobol', '-p', 'p.txt', '--resample', '10'], 'uqkit analyze sobol: unknown option --resample; did you mean --resamples?'],
      [['analyze', 'sobol', '-p', 'p.txt', '-Y'], 'uqkit analyze sobol: option -Y, --model-output-file needs a value'],
      [['run', 'a.yaml', 'b.yaml'], 'uqkit run: unexpected argument "b.yaml"'],
    ];
    const results = await Promise.all(cases.map(([args]) => uqkitAsync(args)));
    cases.forEach(([args, message], i) => {
      const r = results[i]!;
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.endsWith('\n') && r.stderr.trimEnd().split('\n').length === 1, `${args.join(' ')}: ${r.stderr}`).toBe(true);
      if (message.endsWith('(uqkit --help)') || !message.includes('the commands are')) expect(r.stderr, args.join(' ')).toBe(message + '\n');
      else expect(r.stderr.startsWith(message), args.join(' ')).toBe(true);
    });
  });
});

describe('- for standard input and output', () => {
  it('sample -p - -o -: the problem from stdin, the sample to stdout, the same as from and to files', () => {
    writeFileSync(join(dir, 'p.txt'), ISHIGAMI);
    const piped = uqkit(['sample', 'sobol', '-p', '-', '-n', '16', '-s', '3', '-o', '-', '--max-order', '1'], ISHIGAMI);
    expect([piped.status, piped.stderr]).toEqual([0, '']);
    const filed = uqkit(['sample', 'sobol', '-p', 'p.txt', '-n', '16', '-s', '3', '-o', 'X.txt', '--max-order', '1']);
    expect([filed.status, filed.stdout]).toEqual([0, '']);
    // the same rows; the header names where the problem came from
    expect(piped.stdout.split('\n').filter((l) => !l.startsWith('# problem:'))).toEqual(readFileSync(join(dir, 'X.txt'), 'utf8').split('\n').filter((l) => !l.startsWith('# problem:')));
    expect(piped.stdout).toContain('# problem: "<stdin>"');
  });

  it('analyze -Y - and -X -: outputs or the sample file from stdin; a mistake in stdin is named <stdin>', () => {
    const Xtext = uqkit(['sample', 'sobol', '-p', 'p.txt', '-n', '64', '-s', '5', '--max-order', '1', '--precision', 'exact']).stdout;
    writeFileSync(join(dir, 'X64.txt'), Xtext);
    const Y = rowsOf(Xtext).map(ishigami).map(String).join('\n') + '\n';
    writeFileSync(join(dir, 'Y64.txt'), Y);
    const args = ['analyze', 'sobol', '-p', 'p.txt', '--max-order', '1', '-s', '2', '--json'];
    const fromFiles = uqkit([...args, '-Y', 'Y64.txt', '-X', 'X64.txt']);
    expect([fromFiles.status, fromFiles.stderr]).toEqual([0, '']);
    const yIn = uqkit([...args, '-Y', '-', '-X', 'X64.txt'], Y);
    const xIn = uqkit([...args, '-Y', 'Y64.txt', '-X', '-'], Xtext);
    expect([yIn.status, yIn.stderr, yIn.stdout]).toEqual([0, '', fromFiles.stdout]);
    expect([xIn.status, xIn.stderr, xIn.stdout]).toEqual([0, '', fromFiles.stdout]);
    const pIn = uqkit([...args, '-p', '-', '-Y', 'Y64.txt'], ISHIGAMI);
    expect([pIn.status, pIn.stdout]).toEqual([0, fromFiles.stdout]);
    // the design on stdin was drawn with second order: refused, naming <stdin>
    const second = uqkit(['sample', 'sobol', '-p', 'p.txt', '-n', '64', '-s', '5']).stdout;
    const bad = uqkit([...args, '-Y', 'Y64.txt', '-X', '-'], second);
    expect([bad.status, bad.stderr]).toEqual([1, 'uqkit analyze sobol: Y64.txt: 320 rows of outputs, but the design in <stdin> has 512 rows (N=64, second order): one output line per sample line\n']);
    const word = uqkit([...args, '-Y', '-'], '1\n2\nthree\n');
    expect([word.status, word.stderr]).toEqual([1, 'uqkit analyze sobol: <stdin>:3: field 1: expected a number, got "three"\n']);
  });

  it('a shell pipeline: sample to stdout, a model reading stdin, analyze reading the outputs from stdin', () => {
    // y = x1 + x2 on U(-pi, pi)^3: first-order indices 1/2, 1/2, 0
    const script = `node ${JSON.stringify(MAIN)} sample sobol -p p.txt -n 1024 -s 1 --max-order 1 -o - | awk '!/^#/ { print $1 + $2 }' | node ${JSON.stringify(MAIN)} analyze sobol -p p.txt -Y - --max-order 1 -r 0 --json`;
    const r = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const { S1, ST } = JSON.parse(r.stdout) as { S1: number[]; ST: number[] };
    [0.5, 0.5, 0].forEach((want, j) => {
      expect(Math.abs(S1[j]! - want), `S1[${j}]`).toBeLessThan(0.01);
      expect(Math.abs(ST[j]! - want), `ST[${j}]`).toBeLessThan(0.01);
    });
  });

  it('only one of -p, -Y and -X may be -: one line saying so', () => {
    const r = uqkit(['analyze', 'sobol', '-p', '-', '-Y', '-', '-X', 'X64.txt'], ISHIGAMI);
    expect([r.status, r.stderr]).toEqual([1, 'uqkit analyze sobol: -p and -Y both read standard input (-); only one of them can: give the other as a file\n']);
    const three = uqkit(['analyze', 'sobol', '-p', '-', '-Y', '-', '-X', '-'], ISHIGAMI);
    expect(three.stderr).toBe('uqkit analyze sobol: -p, -Y and -X all read standard input (-); only one of them can: give the others as files\n');
  });

  it('uqkit run - reads the campaign from stdin, with relative paths and the campaign directory in the current directory; export -o - and report -o - write to stdout', () => {
    const work = join(dir, 'stdin-run');
    mkdirSync(work);
    writeFileSync(join(work, 'model.mjs'), 'export default ({ x }) => ({ y: 3 * x });\n');
    const yaml = 'name: piped\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 8, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n';
    const r = uqkit(['run', '-', '--quiet'], yaml, work);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(existsSync(join(work, 'piped.uqkit', 'campaign.db'))).toBe(true);
    const csv = uqkit(['export', 'piped.uqkit', '-f', 'csv', '-o', '-'], undefined, work);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(9);
    const header = lines[0]!.split(',');
    for (const l of lines.slice(1)) {
      const row = l.split(',');
      expect(Number(row[header.indexOf('y')])).toBeCloseTo(3 * Number(row[header.indexOf('x')]), 12);
    }
    expect(existsSync(join(work, '-'))).toBe(false);
    const html = uqkit(['report', 'piped.uqkit', '-o', '-'], undefined, work);
    expect(html.status).toBe(0);
    expect(html.stdout.startsWith('<!DOCTYPE html>') || html.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(existsSync(join(work, '-'))).toBe(false);
    // a mistake in the piped file is named <stdin> with its line
    const bad = uqkit(['run', '-'], yaml.replace('high: 1', 'high: -1'), work);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^uqkit run: <stdin>:3: vary\.x\.high: /);
  });
});
