// The headers of sample files of Morris, ff and finite_diff (`# uqkit sample METHOD: ...`,
// `# problem: ...`, `# names: ...`, `# groups: ...`), written by `uqkit sample METHOD` and read
// back by `uqkit analyze METHOD`, which takes the design's settings from them and refuses a
// mismatch (another method, other parameters or groups, other levels, a cut file) in one line.
// The built CLI runs as a child process on real files in a temporary directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { matrix, morrisAnalyze } from 'uqkit';
import { fixture } from './helpers.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-provenance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const uqkit = (args: string[], input?: string) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir, ...(input === undefined ? {} : { input }) });
const dataLines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));
const headerLines = (text: string) => text.split('\n').filter((l) => l.startsWith('#'));
/** Outputs y = sum of the inputs, one per sample line. */
const sumOutputs = (sample: string, name: string) => file(name, dataLines(read(sample)).map((l) => l.split(' ').map(Number).reduce((a, b) => a + b, 0).toPrecision(17)).join('\n') + '\n');
/** A refusal: exit 1, one line on standard error, matching `re`, no stack trace. */
function refused(r: ReturnType<typeof uqkit>, re: RegExp): void {
  expect(r.stderr).toMatch(re);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.status).toBe(1);
}

const problem = file('problem.txt', 'x1 0 1\nx2 0 2\nx3 -1 1\n');
const renamed = file('renamed.txt', 'p 0 1\nq 0 2\nr -1 1\n');
const grouped = file('grouped.txt', 'a 0 1 g1\nb 0 1 g2\nc 0 1 g1\nd 0 1 NA\n');
const ungrouped = file('ungrouped.txt', 'a 0 1\nb 0 1\nc 0 1\nd 0 1\n');

describe('uqkit sample morris / analyze morris: the header', () => {
  it('records n, d, rows, levels and the seed, which repeats the design', () => {
    expect(uqkit(['sample', 'morris', '-p', problem, '-n', '6', '-l', '6', '-s', '3', '-o', 'm6.txt']).status).toBe(0);
    const text = read('m6.txt');
    expect(headerLines(text)).toEqual([
      '# uqkit sample morris: n=6 d=3 rows=24 trajectories=6 levels=6 seed=3',
      '# problem: "problem.txt"',
      '# names: ["x1","x2","x3"]',
    ]);
    expect(uqkit(['sample', 'morris', '-p', problem, '-n', '6', '-l', '6', '-s', '3', '-o', '-']).stdout).toBe(text);
  });

  it('analyze takes the levels from the header; -l that differs is refused', () => {
    sumOutputs('m6.txt', 'y6.txt');
    const rows = dataLines(read('m6.txt'));
    const X = matrix(Float64Array.from(rows.flatMap((l) => l.split(' ').map(Number))), rows.length, 3);
    const y = rows.map((l) => l.split(' ').map(Number).reduce((a, b) => a + b, 0));
    const lib = morrisAnalyze(X, y, { numLevels: 6, numResamples: 10, seed: 1 });
    for (const extra of [[], ['-l', '6']]) {
      const r = uqkit(['analyze', 'morris', '-p', problem, '-X', 'm6.txt', '-Y', 'y6.txt', '-r', '10', '-s', '1', '--json', ...extra]);
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout);
      expect(json.num_levels).toBe(6);
      expect(json.mu).toEqual(Array.from(lib.mu));
    }
    refused(uqkit(['analyze', 'morris', '-p', problem, '-X', 'm6.txt', '-Y', 'y6.txt', '-l', '4']),
      /^uqkit analyze morris: -l\/--levels 4: the design in m6\.txt was drawn with levels=6 \(uqkit sample morris\); pass -l\/--levels 6, or leave it out$/m);
  });

  it('refuses another problem: other names, other groups', () => {
    refused(uqkit(['analyze', 'morris', '-p', renamed, '-X', 'm6.txt', '-Y', 'y6.txt']),
      /the design in m6\.txt was drawn for the parameters x1 x2 x3 \(problem\.txt\), but renamed\.txt has p q r/);
    expect(uqkit(['sample', 'morris', '-p', grouped, '-n', '4', '-s', '1', '-o', 'mg.txt']).status).toBe(0);
    expect(headerLines(read('mg.txt'))).toContain('# groups: ["g1","g2","g1","d"]');
    expect(headerLines(read('mg.txt'))[0]).toMatch(/^# uqkit sample morris: n=4 d=4 groups=3 rows=16 /);
    sumOutputs('mg.txt', 'yg.txt');
    refused(uqkit(['analyze', 'morris', '-p', ungrouped, '-X', 'mg.txt', '-Y', 'yg.txt']),
      /the design in mg\.txt was drawn with the groups g1 g2 g1 d, but ungrouped\.txt has no groups/);
    expect(uqkit(['analyze', 'morris', '-p', grouped, '-X', 'mg.txt', '-Y', 'yg.txt', '-r', '10']).status).toBe(0);
  });

  it('refuses a design of another method, both ways', () => {
    expect(uqkit(['sample', 'saltelli', '-p', problem, '-n', '4', '-o', 'sal.txt']).status).toBe(0);
    sumOutputs('sal.txt', 'ysal.txt');
    refused(uqkit(['analyze', 'morris', '-p', problem, '-X', 'sal.txt', '-Y', 'ysal.txt']),
      /the design in sal\.txt was drawn by uqkit sample saltelli, but uqkit analyze morris analyses designs of uqkit sample morris/);
    refused(uqkit(['analyze', 'sobol', '-p', problem, '-X', 'm6.txt', '-Y', 'y6.txt']),
      /the design in m6\.txt was drawn by uqkit sample morris, but uqkit analyze sobol analyses designs of uqkit sample saltelli or sobol/);
  });

  it('refuses a sample file cut short (whole trajectories left, rows= says otherwise)', () => {
    const text = read('m6.txt').split('\n');
    file('m6-cut.txt', text.slice(0, text.length - 5).join('\n') + '\n'); // the last trajectory (4 lines) and the final newline
    sumOutputs('m6-cut.txt', 'y6-cut.txt');
    refused(uqkit(['analyze', 'morris', '-p', problem, '-X', 'm6-cut.txt', '-Y', 'y6-cut.txt']),
      /20 rows of points, but the design in m6-cut\.txt has 24 rows/);
  });

  it('shares the flags: did you mean, - for standard input and output', () => {
    const r = uqkit(['sample', 'morris', '-p', problem, '-n', '4', '--level', '4', '-o', '-']);
    expect(r.stderr).toMatch(/unknown option --level; did you mean --levels\?/);
    expect(r.status).toBe(2);
    const fromStdin = uqkit(['sample', 'morris', '-p', '-', '-n', '6', '-l', '6', '-s', '3', '-o', '-', '--no-header'], read(problem));
    expect(fromStdin.stderr).toBe('');
    expect(fromStdin.stdout).toBe(dataLines(read('m6.txt')).join('\n') + '\n');
    const a = uqkit(['analyze', 'morris', '-p', problem, '-X', '-', '-Y', 'y6.txt', '-r', '10', '-s', '1', '--json'], read('m6.txt'));
    expect(a.stderr).toBe('');
    expect(JSON.parse(a.stdout).num_levels).toBe(6);
    refused(uqkit(['analyze', 'morris', '-p', '-', '-X', '-', '-Y', 'y6.txt']), /-p and -X both read standard input/);
  });
});

describe('uqkit sample ff / analyze ff: the header', () => {
  it('records d, the columns, the dummies and the rows; refuses another method or problem', () => {
    expect(uqkit(['sample', 'ff', '-p', problem, '-o', 'ff.txt']).status).toBe(0);
    expect(headerLines(read('ff.txt'))).toEqual(['# uqkit sample ff: d=3 columns=4 dummies=1 rows=8', '# problem: "problem.txt"', '# names: ["x1","x2","x3"]']);
    sumOutputs('ff.txt', 'yff.txt');
    expect(uqkit(['analyze', 'ff', '-p', problem, '-X', 'ff.txt', '-Y', 'yff.txt']).status).toBe(0);
    refused(uqkit(['analyze', 'ff', '-p', renamed, '-X', 'ff.txt', '-Y', 'yff.txt']), /the design in ff\.txt was drawn for the parameters x1 x2 x3 \(problem\.txt\), but renamed\.txt has p q r/);
    refused(uqkit(['analyze', 'dgsm', '-p', file('four.txt', 'a 0 1\nb 0 1\nc 0 1\nd 0 1\n'), '-X', 'ff.txt', '-Y', 'yff.txt']),
      /the design in ff\.txt was drawn by uqkit sample ff, but uqkit analyze dgsm analyses designs of uqkit sample finite_diff/);
  });
});

describe('uqkit sample finite_diff / analyze dgsm: the header', () => {
  it('records n, d, rows, delta and skip; refuses another method, problem or a cut file', () => {
    expect(uqkit(['sample', 'finite_diff', '-p', problem, '-n', '4', '-d', '0.02', '--skip-values', '8', '-o', 'fd.txt']).status).toBe(0);
    expect(headerLines(read('fd.txt'))).toEqual(['# uqkit sample finite_diff: n=4 d=3 rows=16 delta=0.02 skip=8', '# problem: "problem.txt"', '# names: ["x1","x2","x3"]']);
    expect(uqkit(['sample', 'finite_diff', '-p', problem, '-n', '4', '-d', '0.02', '--skip', '8', '-o', '-']).stdout).toBe(read('fd.txt'));
    sumOutputs('fd.txt', 'yfd.txt');
    expect(uqkit(['analyze', 'dgsm', '-p', problem, '-X', 'fd.txt', '-Y', 'yfd.txt', '-r', '10']).status).toBe(0);
    refused(uqkit(['analyze', 'dgsm', '-p', renamed, '-X', 'fd.txt', '-Y', 'yfd.txt']), /the design in fd\.txt was drawn for the parameters x1 x2 x3 \(problem\.txt\), but renamed\.txt has p q r/);
    refused(uqkit(['analyze', 'dgsm', '-p', problem, '-X', 'm6.txt', '-Y', 'y6.txt']),
      /the design in m6\.txt was drawn by uqkit sample morris, but uqkit analyze dgsm analyses designs of uqkit sample finite_diff/);
    const text = read('fd.txt').split('\n');
    file('fd-cut.txt', text.slice(0, text.length - 5).join('\n') + '\n');
    sumOutputs('fd-cut.txt', 'yfd-cut.txt');
    refused(uqkit(['analyze', 'dgsm', '-p', problem, '-X', 'fd-cut.txt', '-Y', 'yfd-cut.txt']), /12 rows of points, but the design in fd-cut\.txt has 16 rows/);
  });
});

describe('the number format of every sample writer', () => {
  it("formatE equals C's printf %.Pe on ties, random doubles, integers and extremes (test/fixtures/printf-e.json)", async () => {
    const { formatE } = (await import('../build/cli/salib-args.js')) as { formatE: (x: number, p: number) => string };
    const F = fixture<{ values: string[]; precisions: number[]; formatted: string[][] }>('printf-e.json');
    const xs = F.values.map(Number);
    F.precisions.forEach((p, k) => {
      const got = xs.map((x) => formatE(x, p));
      const bad = got.flatMap((g, i) => (g === F.formatted[k]![i] ? [] : [`${F.values[i]} %.${p}e: ${g}, printf ${F.formatted[k]![i]}`]));
      expect(bad).toEqual([]);
    });
  });

  it("saltelli rounds exact ties to even as numpy's savetxt (printf) does, not up as toExponential", () => {
    // The unscrambled Sobol' points on [0, 1] are dyadic: 0.65625 with 3 digits is a tie.
    // numpy.savetxt(x, fmt='%.3e') writes these lines for the same points.
    const unit = file('unit.txt', 'a 0 1\nb 0 1\n');
    const r = uqkit(['sample', 'saltelli', '-p', unit, '-n', '16', '--max-order', '1', '--precision', '3', '--no-header']);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[2]).toBe('9.375e-02 6.562e-01'); // 0.09375 0.65625
    expect(lines[6]).toBe('5.938e-01 1.562e-01'); // 0.59375 0.15625: 5.9375 rounds up (7 is odd), 1.5625 down
    expect(lines[18]).toBe('4.688e-01 2.812e-01'); // 0.46875 0.28125
  });
});
