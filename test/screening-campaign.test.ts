// Screening campaigns: morris, ff and finite_diff samplers in campaign files, run by the built
// CLI with an in-process model; `uqkit analyse --json` gives the indices of the default method
// (Morris, fractional factorial, DGSM), equal to the closed forms on a linear model and to the
// library functions on the same design; the report shows them as a table; a campaign screened
// with Morris is then studied with Sobol'; analyse() with missing runs drops whole trajectories.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Campaign, analyse, ffAnalyze, ffSample, finiteDiffSample, dgsmAnalyze, morrisSample, sampler } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-screening-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const uqkit = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

// y = 1 + 2a - 3b + 0.5c on a ~ U(0, 1), b ~ U(-1, 3), c ~ U(10, 12).
const COEF = { a: 2, b: -3, c: 0.5 };
const RANGE = { a: [0, 1], b: [-1, 3], c: [10, 12] } as const;
const NAMES = ['a', 'b', 'c'] as const;
const VARY = Object.fromEntries(NAMES.map((k) => [k, { dist: 'uniform' as const, low: RANGE[k][0], high: RANGE[k][1] }]));
const linear = (x: ArrayLike<number>): number => 1 + COEF.a * x[0]! + COEF.b * x[1]! + COEF.c * x[2]!;

function campaign(dir: string, samplerLine: string, extra = ''): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.mjs'), 'export default ({ a, b, c }) => ({ y: 1 + 2 * a - 3 * b + 0.5 * c });\n');
  writeFileSync(join(dir, 'c.yaml'), `name: lin
params:
  a: { type: float, default: 0 }
  b: { type: float, default: 0 }
  c: { type: float, default: 0 }
vary:
${NAMES.map((k) => `  ${k}: { dist: uniform, low: ${RANGE[k][0]}, high: ${RANGE[k][1]} }`).join('\n')}
sampler: ${samplerLine}
runner: { kind: in-process, module: ./model.mjs }
${extra}`);
}

describe('a Morris campaign run by the CLI', () => {
  const dir = join(root, 'morris');
  it('the points a Morris design repeats run once, and the CLI says so without blaming other samplers', () => {
    const own = join(root, 'morris-repeats');
    campaign(own, '{ kind: morris, n: 12, levels: 4, seed: 7 }');
    const run = uqkit(own, 'run', 'c.yaml', '--json');
    expect(run.status, run.stderr).toBe(0);
    const line = run.stderr.split('\n').find((l) => l.includes('sampler morris'))!;
    expect(line).toMatch(/^lin: sampler morris: \d+ new runs, \d+ already in the campaign \(not run again\)$/);
    const [fresh, repeated] = line.match(/\d+/g)!.map(Number);
    expect(fresh! + repeated!).toBe(12 * (NAMES.length + 1)); // n trajectories of d + 1 points
  });

  it('uqkit analyse --json: mu_star = |coefficient| x range, as morrisAnalyze on the design', () => {
    campaign(dir, '{ kind: morris, n: 12, levels: 4, seed: 7 }');
    const run = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const r = uqkit(dir, 'analyse', 'lin.uqkit', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    expect(out.method).toMatch(/^Morris screening \(4 levels/);
    const s = out.analysis.y.screening;
    expect(s.method).toBe('morris');
    for (const k of NAMES) {
      expect(s.indices.mu_star[k]).toBeCloseTo(Math.abs(COEF[k]) * (RANGE[k][1] - RANGE[k][0]), 12);
      expect(s.indices.mu[k]).toBeCloseTo(COEF[k] * (RANGE[k][1] - RANGE[k][0]), 12);
      expect(Math.abs(s.indices.sigma[k])).toBeLessThan(1e-12);
    }
    // The runs are the design's points (duplicates run once).
    const m = morrisSample(NAMES.map((k) => RANGE[k] as unknown as [number, number]), 12, { seed: 7, numLevels: 4 });
    expect(out.analysis.y.runs).toBe(m.X.rows);
  });

  it('uqkit analyse prints the table; the report shows it', () => {
    const t = uqkit(dir, 'analyse', 'lin.uqkit');
    expect(t.status).toBe(0);
    const lines = t.stdout.split('\n');
    const head = lines.findIndex((l) => /^\s+parameter\s+mu\s+mu_star\s+sigma\s+mu_star_conf$/.test(l));
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 2]!.trim().split(/\s+/).slice(0, 3)).toEqual(['b', '-12', '12']);
    const rep = uqkit(dir, 'report', 'lin.uqkit');
    expect(rep.status).toBe(0);
    const html = readFileSync(join(dir, 'lin.uqkit', 'report.html'), 'utf8');
    expect(html).toContain('<table class="stats screening" data-method="morris">');
    expect(html).toMatch(/<tr data-param="b"><th>b<\/th><td>-12<\/td><td>12<\/td>/);
  });

  it('screened with Morris, then studied with Sobol\' in the same campaign', () => {
    writeFileSync(join(dir, 's.yaml'), readFileSync(join(dir, 'c.yaml'), 'utf8').replace('{ kind: morris, n: 12, levels: 4, seed: 7 }', '{ kind: saltelli, n: 256, seed: 1 }'));
    const run = uqkit(dir, 'run', 's.yaml', '--quiet');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const out = JSON.parse(uqkit(dir, 'analyse', 'lin.uqkit', '--json').stdout);
    expect(out.method).toMatch(/^Sobol' indices/);
    // Linear model: S_j = c_j^2 var_j / V.
    const v = NAMES.map((k) => COEF[k] ** 2 * (RANGE[k][1] - RANGE[k][0]) ** 2 / 12);
    const V = v.reduce((x, y) => x + y);
    NAMES.forEach((k, j) => expect(Math.abs(out.analysis.y.sobolFirst[k] - v[j]! / V)).toBeLessThan(0.05));
  });

  it('a method that does not fit the sampler is one line naming the file and field', () => {
    const bad = join(root, 'bad');
    campaign(bad, '{ kind: morris, n: 4, seed: 1 }', 'analysis: { method: sobol }\n');
    const r = uqkit(bad, 'run', 'c.yaml');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`uqkit run: c.yaml:12: analysis.method: expected a method for the sampler 'morris' ('sobol' needs a saltelli sampler), got "sobol" ('stats' and 'pce-regression' fit any sampler)\n`);
    campaign(join(root, 'bad2'), '{ kind: morris, n: 4, seed: 1, level: 4 }');
    const r2 = uqkit(join(root, 'bad2'), 'run', 'c.yaml');
    expect(r2.status).toBe(1);
    expect(r2.stderr.split('\n')).toHaveLength(2);
    expect(r2.stderr).toContain('level');
  });
});

describe('ff and finite_diff campaigns', () => {
  it('ff: main effects c_j x range / 2, as ffAnalyze', () => {
    const dir = join(root, 'ff');
    campaign(dir, '{ kind: ff }');
    expect(uqkit(dir, 'run', 'c.yaml', '--quiet').status).toBe(0);
    const out = JSON.parse(uqkit(dir, 'analyse', 'lin.uqkit', '--json').stdout);
    expect(out.method).toMatch(/^fractional factorial main effects/);
    const f = ffSample(NAMES.map((k) => RANGE[k] as unknown as [number, number]));
    const Y = Array.from({ length: f.X.rows }, (_, i) => linear(f.X.data.subarray(i * f.X.cols)));
    const ref = ffAnalyze(Y, { names: [...NAMES] });
    expect(Object.keys(out.analysis.y.screening.indices.ME)).toEqual([...ref.names]);
    ref.names.forEach((k, j) => expect(out.analysis.y.screening.indices.ME[k]).toBeCloseTo(ref.ME[j]!, 13));
    for (const k of NAMES) expect(out.analysis.y.screening.indices.ME[k]).toBeCloseTo(COEF[k] * (RANGE[k][1] - RANGE[k][0]) / 2, 12);
  });

  it('finite_diff: DGSM vi = c_j^2, as dgsmAnalyze', () => {
    const dir = join(root, 'fd');
    campaign(dir, '{ kind: finite_diff, n: 16 }', 'analysis: { seed: 3 }\n');
    expect(uqkit(dir, 'run', 'c.yaml', '--quiet').status).toBe(0);
    const out = JSON.parse(uqkit(dir, 'analyse', 'lin.uqkit', '--json').stdout);
    const s = out.analysis.y.screening;
    expect(s.method).toBe('dgsm');
    const bounds = NAMES.map((k) => RANGE[k] as unknown as [number, number]);
    const f = finiteDiffSample(bounds, 16);
    const Y = Array.from({ length: f.X.rows }, (_, i) => linear(f.X.data.subarray(i * f.X.cols)));
    const ref = dgsmAnalyze(f.X, Y, { dists: bounds, names: [...NAMES], numResamples: 1000, seed: 3 });
    NAMES.forEach((k, j) => {
      expect(s.indices.vi[k]).toBeCloseTo(COEF[k] ** 2, 8);
      expect(s.indices.dgsm[k]).toBeCloseTo(ref.dgsm[j]!, 12);
      expect(s.indices.dgsm_conf[k]).toBeCloseTo(ref.dgsm_conf[j]!, 12);
    });
  });
});

describe('analyse() on screening designs', () => {
  it("method 'stats' on a morris sampler: basic statistics, no screening indices", () => {
    const spec = { kind: 'morris' as const, n: 4, seed: 1 };
    const runs = sampler(spec, VARY).rest().map((p) => ({ params: p, outputs: { y: linear(NAMES.map((k) => p[k] as number)) } }));
    const r = analyse({ sampler: spec, vary: VARY, runs }, { method: 'stats' });
    expect(r.method).toMatch(/^basic statistics/);
    expect(r.analysis.y!.screening).toBeUndefined();
    expect(analyse({ sampler: spec, vary: VARY, runs }).analysis.y!.screening!.method).toBe('morris');
  });

  it('drops trajectories with a missing run and says so', () => {
    const spec = { kind: 'morris' as const, n: 6, seed: 2 };
    const all = sampler(spec, VARY).rest();
    const runs = all.map((p) => ({ params: p, outputs: { y: linear(NAMES.map((k) => p[k] as number)) } }));
    // Trajectory 1 (rows 4..7) loses a run whose point is in no other trajectory.
    const key = (p: Record<string, unknown>) => NAMES.map((k) => p[k]).join(',');
    const counts = new Map<string, number>();
    for (const p of all) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
    const lost = [4, 5, 6, 7].find((i) => counts.get(key(all[i]!)) === 1)!;
    const r = analyse({ sampler: spec, vary: VARY, runs: runs.filter((_, i) => i !== lost) }, { bootstrap: { resamples: 0 } });
    expect(r.warnings).toContain('y: 1 of 6 trajectories have missing runs and were dropped');
    expect(r.analysis.y!.runs).toBe(20);
    expect(r.analysis.y!.screening!.indices.mu_star!.b).toBeCloseTo(12, 12);
    expect(Number.isNaN(r.analysis.y!.screening!.indices.mu_star_conf!.b)).toBe(true);
  });
});

describe('Campaign API', () => {
  it('a morris sampler in a Campaign: executed in process, analysed by Morris from the stored runs', async () => {
    const x = { type: 'float' as const, default: 0 };
    const config = { name: 'lin', params: { a: x, b: x, c: x }, vary: VARY };
    const camp = Campaign.create(join(root, 'api'), config);
    try {
      camp.addSampler({ kind: 'morris', n: 8, seed: 5, levels: 6 });
      const counts = await camp.execute({ model: (p) => ({ y: linear([p.a as number, p.b as number, p.c as number]) }) });
      expect(counts.failed).toBe(0);
      const runs = camp.store.results().map((r) => ({ params: r.params as Record<string, number>, outputs: r.outputs }));
      const r = analyse({ sampler: camp.samplers()[0]!.spec, vary: VARY, runs });
      expect(r.method).toMatch(/^Morris screening \(6 levels/);
      for (const k of NAMES) expect(r.analysis.y!.screening!.indices.mu_star![k]).toBeCloseTo(Math.abs(COEF[k]) * (RANGE[k][1] - RANGE[k][0]), 12);
    } finally {
      camp.close();
    }
  });
});
