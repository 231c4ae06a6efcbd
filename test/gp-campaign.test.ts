// Campaign analysis 'gp': an Ishigami campaign on a random sampler, run by the built CLI with
// an in-process model; `uqkit analyse --json` gives the Gaussian process' Sobol' indices (near
// the analytic values), moments, percentiles, leave-one-out error and hyperparameters, equal
// to analyse() and to fitGP + a Saltelli design on the same runs; a vector QoI shares the
// hyperparameters; the report shows it; bad options are one line naming file, line and key.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, analyse, fitGP, matrix, saltelliDesign, sobolIndices } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-gp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const uqkit = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

// Ishigami (a = 7, b = 0.1): ../shared/REFERENCE.md.
const S = [0.3139051911, 0.4424111448, 0], ST = [0.5575888552, 0.4424111448, 0.2436836641];
const NAMES = ['x1', 'x2', 'x3'] as const;

function campaign(dir: string, analysis: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.mjs'), `export default ({ x1, x2, x3 }) => {
  const y = Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
  return { y, v: [y, 2 * y + 1] };
};
`);
  writeFileSync(join(dir, 'c.yaml'), `name: ishigami
params:
${NAMES.map((k) => `  ${k}: { type: float, default: 0 }`).join('\n')}
vary:
${NAMES.map((k) => `  ${k}: { dist: uniform, low: -3.141592653589793, high: 3.141592653589793 }`).join('\n')}
sampler: { kind: random, n: 160, seed: 4 }
runner: { kind: in-process, module: ./model.mjs }
${analysis}
`);
}

describe('a campaign analysed with a Gaussian process by the CLI', () => {
  const dir = join(root, 'ishigami');
  let out: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(() => {
    campaign(dir, 'analysis: { method: gp, kernel: matern52, trend: constant, starts: 3, percentiles: [5, 50, 95] }');
    const run = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const r = uqkit(dir, 'analyse', 'ishigami.uqkit', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    out = JSON.parse(r.stdout);
  }, 120_000);

  it('uqkit analyse --json: Sobol\' indices of the GP mean near the analytic values, moments, percentiles, LOO error, hyperparameters', () => {
    expect(out.method).toBe("Gaussian process (matern52 kernel, constant trend; Sobol' indices of its mean from 4096 base rows), 160 runs");
    const y = out.analysis.y;
    expect(y.runs).toBe(160);
    NAMES.forEach((k, j) => {
      expect(Math.abs(y.sobolFirst[k] - S[j]!), `S ${k} = ${y.sobolFirst[k]}`).toBeLessThan(0.05);
      expect(Math.abs(y.sobolTotal[k] - ST[j]!), `ST ${k} = ${y.sobolTotal[k]}`).toBeLessThan(0.05);
    });
    expect(Math.abs(y.mean - 3.5)).toBeLessThan(0.2);
    expect(Math.abs(y.variance / 13.844587940719254 - 1)).toBeLessThan(0.15);
    expect(Object.keys(y.percentiles)).toEqual(['5', '50', '95']);
    expect(y.percentiles['5']).toBeLessThan(y.percentiles['50']);
    expect(y.looError).toBeGreaterThan(0);
    expect(y.looError).toBeLessThan(0.2);
    expect(y.gp.kernel).toBe('matern52');
    expect(y.gp.trend).toBe('constant');
    expect(Object.keys(y.gp.lengthScales)).toEqual([...NAMES]);
  });

  it('equals analyse() and fitGP + saltelliDesign + sobolIndices on the same runs', () => {
    const c = Campaign.open(join(dir, 'ishigami.uqkit'));
    try {
      const runs = c.store.results().map((r) => ({ params: r.params as Record<string, number>, outputs: r.outputs }));
      const vary = Object.fromEntries(NAMES.map((k) => [k, { dist: 'uniform' as const, low: -Math.PI, high: Math.PI }]));
      const lib = analyse({ sampler: { kind: 'random', n: 160, seed: 4 }, vary, runs, qois: ['y'] }, { method: 'gp', percentiles: [5, 50, 95], gp: { kernel: 'matern52', trend: 'constant', starts: 3 } });
      expect(lib.analysis.y!.sobolFirst).toEqual(out.analysis.y.sobolFirst);
      expect(lib.analysis.y!.mean).toBe(out.analysis.y.mean);
      // By hand: the runs in analyse()'s order (by parameters), the GP, its mean on the design.
      const sorted = runs.map((r) => NAMES.map((k) => r.params[k] as number).concat((r.outputs as { y: number }).y))
        .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
      const X = matrix(Float64Array.from(sorted.flatMap((r) => r.slice(0, 3))), sorted.length, 3);
      const gp = fitGP(X, Float64Array.from(sorted.map((r) => r[3]!)), { kernel: 'matern52', trend: 'constant', starts: 3 });
      expect(gp.logLikelihood).toBe(out.analysis.y.gp.logLikelihood);
      const design = saltelliDesign(Object.values(vary), 4096, { seed: 0, scramble: 'owen', balance: 'ignore' });
      const s = sobolIndices(gp.predict(design.X).mean.data, { n: 4096, dim: 3, layout: 'block' });
      NAMES.forEach((k, j) => expect(out.analysis.y.sobolFirst[k]).toBe(s.first[j]));
      expect(gp.loo().error[0]).toBe(out.analysis.y.looError);
    } finally {
      c.close();
    }
  });

  it('a vector QoI: one process for all its values (shared hyperparameters); 2y + 1 has the indices of y', () => {
    const v = out.analysis.v;
    expect(v.mean).toHaveLength(2);
    NAMES.forEach((k) => {
      expect(Math.abs(v.sobolFirst[k][1] - v.sobolFirst[k][0])).toBeLessThan(1e-9);
      expect(Math.abs(v.sobolTotal[k][1] - v.sobolTotal[k][0])).toBeLessThan(1e-9);
      // The same objective up to a factor and a constant: the same optimum as y's, to the optimiser's tolerance.
      expect(Math.abs(v.sobolFirst[k][0] - out.analysis.y.sobolFirst[k])).toBeLessThan(1e-3);
    });
    expect(Math.abs(v.mean[1] - (2 * v.mean[0] + 1))).toBeLessThan(1e-9);
  });

  it('the report names the method and shows the indices', () => {
    const rep = uqkit(dir, 'report', 'ishigami.uqkit');
    expect([rep.status, rep.stderr]).toEqual([0, '']);
    const html = readFileSync(join(dir, 'ishigami.uqkit', 'report.html'), 'utf8');
    expect(html).toContain('Gaussian process (matern52 kernel');
    expect(html).toContain('data-qoi="y"');
  });
});

describe('campaign-file errors of the gp options', () => {
  const cases: [string, string][] = [
    ['analysis: { method: gp, kernel: rbf }', `analysis.kernel: expected one of squared-exponential, matern32, matern52, got "rbf"`],
    ['analysis: { method: gp, trend: quadratic }', `analysis.trend: expected one of zero, constant, linear, got "quadratic"`],
    ['analysis: { method: gp, nugget: -1 }', `analysis.nugget: expected a number >= 0 (relative to the process variance) or fit, got -1`],
    ['analysis: { method: gp, starts: 0 }', `analysis.starts: expected an integer from 1 to 1000, got 0`],
    ['analysis: { kernel: matern32 }', `analysis.kernel: expected method: gp beside it (kernel, trend, nugget and starts are options of the gp analysis), got "matern32"`],
  ];
  cases.forEach(([line, message], i) => {
    it(`${line}: one line with file, line and key`, () => {
      const d = join(root, `bad${i}`);
      campaign(d, line);
      const r = uqkit(d, 'run', 'c.yaml');
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`uqkit run: c.yaml:12: ${message}\n`);
    });
  });
});
