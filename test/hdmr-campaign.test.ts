// HDMR as a campaign analysis: a qmc campaign run by the built CLI with an in-process model,
// `analysis.method: hdmr`; `uqkit analyse --json` gives the indices of hdmr() on the runs'
// inputs (in the analysis' order of runs: by their parameters), the printed table and the
// report show them, and too few runs are refused in one line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hdmr, matrix } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-hdmr-campaign-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const uqkit = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });

// y = a + 2 b + a c on independent uniform inputs.
function campaign(dir: string, n: number, analysis: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.mjs'), 'export default ({ a, b, c }) => ({ y: a + 2 * b + a * c, v: [a, b] });\n');
  writeFileSync(join(dir, 'c.yaml'), `name: h
params:
  a: { type: float, default: 0 }
  b: { type: float, default: 0 }
  c: { type: float, default: 0 }
vary:
  a: { dist: uniform, low: 0, high: 1 }
  b: { dist: uniform, low: 0, high: 1 }
  c: { dist: uniform, low: -1, high: 1 }
sampler: { kind: qmc, n: ${n}, seed: 4 }
runner: { kind: in-process, module: ./model.mjs }
analysis: ${analysis}
`);
}

describe('analysis method hdmr on a qmc campaign', () => {
  const dir = join(root, 'qmc');
  it('uqkit analyse --json: the indices of hdmr() on the runs, in the runs\' order', () => {
    campaign(dir, 512, '{ method: hdmr, seed: 5, qois: [y, v] }');
    const run = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const r = uqkit(dir, 'analyse', 'h.uqkit', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/v: hdmr indices are computed for scalar outputs only/);
    const out = JSON.parse(r.stdout);
    expect(out.method).toBe('HDMR (20 subsamples of half the runs), 512 runs');
    const s = out.analysis.y.screening;
    expect(s.method).toBe('hdmr');
    expect(Object.keys(s.indices)).toEqual(['Sa', 'Sa_conf', 'Sb', 'Sb_conf', 'S', 'S_conf', 'ST', 'ST_conf', 'select']);
    // The same runs through the library: the analysis orders runs by their parameters (a first).
    const rows = exported(dir).sort((p, q) => p.a - q.a);
    const X = matrix(Float64Array.from(rows.flatMap((x) => [x.a, x.b, x.c])), rows.length, 3);
    const ref = hdmr(X, rows.map((x) => x.y), { names: ['a', 'b', 'c'], seed: 5 });
    expect(ref.Term).toEqual(['a', 'b', 'c', 'a/b', 'a/c', 'b/c']);
    ref.Term.forEach((t, i) => {
      expect(s.indices.S[t]).toBe(ref.S[i]);
      expect(s.indices.Sa_conf[t]).toBe(ref.Sa_conf[i]);
      expect(s.indices.select[t]).toBe(ref.select[i]);
    });
    expect(s.indices.ST).toEqual({ a: ref.ST[0], b: ref.ST[1], c: ref.ST[2] });
    // y = a + 2b + ac = (a + 1) + 2b + c/2 + (a - 1/2) c with independent terms of variances
    // 1/12, 1/3, 1/12 and 1/36: S = 3/19, 12/19, 3/19 and S_ac = 1/19.
    expect(Math.abs(s.indices.S.a - 3 / 19)).toBeLessThan(0.02);
    expect(Math.abs(s.indices.S.b - 12 / 19)).toBeLessThan(0.02);
    expect(Math.abs(s.indices.S.c - 3 / 19)).toBeLessThan(0.02);
    expect(Math.abs(s.indices.S['a/c'] - 1 / 19)).toBeLessThan(0.02);
  });

  it('uqkit analyse prints the table and the report shows it', () => {
    const t = uqkit(dir, 'analyse', 'h.uqkit');
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/parameter\s+Sa\s+Sa_conf\s+Sb\s+Sb_conf\s+S\s+S_conf\s+ST\s+ST_conf\s+select/);
    expect(t.stdout).toMatch(/\n\s+a\/c\s/);
    const rep = uqkit(dir, 'report', 'h.uqkit', '-o', 'r.html');
    expect(rep.status, rep.stderr).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<h3>HDMR</h3>');
    expect(html).toContain('data-method="hdmr"');
    expect(html).toContain('data-param="a/c"');
  });

  it('without the bootstrap (resamples 0): one fit to all runs, no intervals', () => {
    const d2 = join(root, 'one');
    campaign(d2, 512, '{ method: hdmr, resamples: 0, qois: [y] }');
    expect(uqkit(d2, 'run', 'c.yaml', '--quiet').status).toBe(0);
    const out = JSON.parse(uqkit(d2, 'analyse', 'h.uqkit', '--json').stdout);
    expect(out.method).toBe('HDMR (one fit to all runs), 512 runs');
    const s = out.analysis.y.screening.indices;
    expect(s.S_conf.a).toBeNull();
    expect(s.select.a).toBe(1);
  });

  it('fewer than 300 runs: one line naming the field, exit 1', () => {
    const d3 = join(root, 'few');
    campaign(d3, 256, '{ method: hdmr }');
    // The runs are done and kept; the analysis that `run` ends with is refused, as is `analyse`'s.
    for (const r of [uqkit(d3, 'run', 'c.yaml', '--quiet'), uqkit(d3, 'analyse', 'h.uqkit')]) {
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/: input\.runs: expected at least 300 runs with outputs of y for hdmr \(SALib's minimum\), got 256$/m);
    }
    expect(JSON.parse(uqkit(d3, 'status', 'h.uqkit', '--json').stdout).counts.done).toBe(256);
  });
});

/** The campaign's done runs (parameters and outputs), from the CLI's JSON export. */
function exported(dir: string): { a: number; b: number; c: number; y: number }[] {
  const r = uqkit(dir, 'export', 'h.uqkit', '--format', 'json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
