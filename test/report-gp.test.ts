// The report of a gp analysis: `uqkit report --format html|md` (the built CLI as a child process)
// on a real campaign store gives each output a table of its Gaussian process (leave-one-out
// error, kernel, trend, length-scales in the inputs' units, nugget, log likelihood) whose numbers
// are those of fitGP on the same runs; other methods' reports have no such table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Campaign, fitGP, matrix, renderReportMarkdown, type GaussianProcess } from 'uqkit';
import { MAIN } from './processes.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-report-gp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, 'coffee-gp');

const coffee = {
  params: {
    T0: { type: 'float', min: 0, max: 200, default: 95 }, kappa: { type: 'float', min: 0, max: 0.1, default: 0.025 },
    t_env: { type: 'float', min: 0, max: 40, default: 15 }, t_end: { type: 'float', min: 0, default: 200 }, steps: { type: 'integer', min: 1, default: 10 },
  },
  vary: { kappa: { dist: 'uniform', low: 0.025, high: 0.075 }, t_env: { dist: 'uniform', low: 15, high: 25 } },
} as const;
const cooling = ({ T0, kappa, t_env, t_end, steps }: Record<string, number>) => {
  const t = Array.from({ length: steps! + 1 }, (_, i) => (t_end! * i) / steps!);
  return { t, te: t.map((x) => t_env! + (T0! - t_env!) * Math.exp(-kappa! * x)), final: t_env! + (T0! - t_env!) * Math.exp(-kappa! * t_end!) };
};

/** The report's numbers: 4 significant digits, exponent form below 1e-3 and from 1e4. */
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toPrecision(4)).toString());

/** The rows a Gaussian process fitted by fitGP gives the table. */
function expectedRows(gp: GaussianProcess): [string, string][] {
  const loo = Array.from(gp.loo().error);
  // te at t = 0 does not vary (T0): its error is not finite, and the range leaves it out
  const fin = loo.filter(Number.isFinite);
  const range = (k: number) => gp.bounds[k]![1] - gp.bounds[k]![0];
  return [
    loo.length === 1 ? ['leave-one-out error', fmt(loo[0]!)] : [`leave-one-out error (${loo.length} values)`, `${fmt(Math.min(...fin))} … ${fmt(Math.max(...fin))}`],
    ['kernel', 'squared-exponential'], ['trend', 'linear'],
    ['length-scale kappa', fmt(gp.lengthScales[0]! * range(0))], ['length-scale t_env', fmt(gp.lengthScales[1]! * range(1))],
    ['nugget', '0'], ['log likelihood', fmt(gp.logLikelihood)],
  ];
}

describe('the report of a gp analysis', () => {
  const expected: Record<string, [string, string][]> = {};
  beforeAll(async () => {
    const c = Campaign.create(dir, { name: 'coffee-gp', ...coffee, analysis: { method: 'gp', kernel: 'squared-exponential', trend: 'linear', nugget: 0, index: { te: 't' } } } as never);
    c.addSampler({ kind: 'qmc', n: 16, seed: 3 } as never);
    await c.execute({ model: cooling as never });
    // the rows as analyse() orders them: by the varied parameters (kappa, then t_env)
    const p = (r: { params: unknown }) => r.params as Record<string, number>;
    const runs = c.store.results().sort((a, b) => p(a).kappa! - p(b).kappa! || p(a).t_env! - p(b).t_env!);
    c.close();
    const X = matrix(Float64Array.from(runs.flatMap((r) => [p(r).kappa!, p(r).t_env!])), 16, 2);
    const opts = { kernel: 'squared-exponential', trend: 'linear', nugget: 0 } as const;
    expected.te = expectedRows(fitGP(X, matrix(Float64Array.from(runs.flatMap((r) => (r.outputs as { te: number[] }).te)), 16, 11), opts));
    expected.final = expectedRows(fitGP(X, Float64Array.from(runs.map((r) => (r.outputs as { final: number }).final)), opts));
  });
  const uqkit = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: root });

  it("md: a 'Gaussian process' table per output with fitGP's leave-one-out error and hyperparameters", () => {
    const r = uqkit('report', dir, '--format', 'md', '-o', '-');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const q of ['te', 'final']) {
      const section = r.stdout.split(/^## /m).find((s) => s.startsWith(`${q}\n`))!;
      const table = section.split('### Gaussian process\n\n')[1]!.split('\n\n')[0]!.trim().split('\n');
      expect(table.slice(0, 2)).toEqual(['| fit | value |', '| --- | ---: |']);
      expect(table.slice(2).map((l) => l.slice(2, -2).split(' | ').map((c) => c.replaceAll('\\', '')))).toEqual(expected[q]);
    }
  });

  it('html: the same rows in a table after the summary', () => {
    const r = uqkit('report', dir, '--format', 'html', '-o', join(root, 'report.html'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = readFileSync(join(root, 'report.html'), 'utf8');
    for (const q of ['te', 'final']) {
      const section = html.split(`<section class="qoi" data-qoi="${q}">`)[1]!.split('</section>')[0]!;
      expect(section.indexOf('<h3>Gaussian process</h3>')).toBeGreaterThan(section.indexOf('<h3>Summary</h3>'));
      const table = /<table class="stats gp">(.*?)<\/table>/.exec(section)![1]!;
      const rows = [...table.matchAll(/<tr><th>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
      expect(rows).toEqual(expected[q]);
    }
  });

  it('other methods have no Gaussian process table', () => {
    const md = renderReportMarkdown({ campaign: 'c', method: 'PCE', runs: { total: 4, done: 4, failed: 0 }, analysis: { y: { mean: 1, std: 2, looError: 0.01 } } });
    expect(md).not.toContain('Gaussian process');
  });
});
