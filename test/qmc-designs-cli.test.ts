// `uqkit sample halton` and `uqkit sample lattice` through the built CLI (a child process, real
// files in a temporary directory): the points are the library's on the problem's scales, the
// header records the design, and mistakes are refused in one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { halton, lattice } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-qmc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'problem.txt'), 'x1 0 1\nx2 -2 2\nx3 10 20\n');
const uqkit = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir });
const rows = (text: string): number[][] => text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ').map(Number));
const scale = (u: Float64Array, d: number): number[][] => Array.from({ length: u.length / d }, (_, i) => [u[i * d]!, -2 + 4 * u[i * d + 1]!, 10 + 10 * u[i * d + 2]!]);

describe('uqkit sample halton|lattice', () => {
  it('halton: the library\'s points (exact with --precision exact), scrambled by default, with a header', () => {
    const r = uqkit(['sample', 'halton', '-p', 'problem.txt', '-n', '20', '-s', '7', '--precision', 'exact', '-o', 'h.txt']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const text = readFileSync(join(dir, 'h.txt'), 'utf8');
    expect(text.split('\n')[0]).toBe('# uqkit sample halton: n=20 d=3 scramble=owen skip=0 seed=7');
    expect(rows(text)).toEqual(scale(halton(20, 3, { scramble: 'owen', seed: 7 }).data, 3));
    const plain = uqkit(['sample', 'halton', '-p', 'problem.txt', '-n', '5', '--scramble', 'none', '--skip', '3', '--precision', 'exact', '-o', '-']);
    expect(rows(plain.stdout)).toEqual(scale(halton(5, 3, { skip: 3 }).data, 3));
  });

  it('lattice: the library\'s points, shifted by default; natural order and --shift False', () => {
    const r = uqkit(['sample', 'lattice', '-p', 'problem.txt', '-n', '16', '-s', '3', '--precision', 'exact', '-o', '-']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# uqkit sample lattice: n=16 d=3 order=radical-inverse shift=True seed=3');
    expect(rows(r.stdout)).toEqual(scale(lattice(16, 3, { shift: true, seed: 3 }).data, 3));
    const nat = uqkit(['sample', 'lattice', '-p', 'problem.txt', '-n', '8', '--order', 'natural', '--shift', 'False', '--precision', 'exact', '-o', '-']);
    expect(rows(nat.stdout)).toEqual(scale(lattice(8, 3, { order: 'natural' }).data, 3));
  });

  it('mistakes: one line, exit 1', () => {
    for (const [args, re] of [
      [['sample', 'halton', '-p', 'problem.txt', '-n', '4', '--scramble', 'lms', '-o', '-'], /^uqkit sample halton: --scramble: expected owen, random-start or none, got "lms"$/],
      [['sample', 'lattice', '-p', 'problem.txt', '-n', '4', '--order', 'natural', '--skip', '2', '-o', '-'], /^uqkit sample lattice: --skip: no skip in natural order/],
      [['sample', 'lattice', '-p', 'problem.txt', '-n', String(2 ** 20 + 1), '-o', '-'], /^uqkit sample lattice: --samples: expected an integer from 1 to 1048576, got "1048577"$/],
      [['sample', 'lattice', '-p', 'problem.txt', '-o', '-'], /^uqkit sample lattice: -n\/--samples: the number of points is required$/],
    ] as const) {
      const r = uqkit([...args]);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(re);
      expect(r.status).toBe(1);
    }
  });
});
