// The campaign commands of `uqkit` (src/cli/campaign.ts) run as a user runs them: the built
// CLI in a temp directory, real campaign files, real model processes (node cooling.mjs), a real
// SQLite file. Results are checked against the cooling model's analytic moments; mistakes in a
// campaign file against their exact one-line messages with file and line; kill and Ctrl-C
// against the processes that are left and the runs that were executed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Campaign, openStore, sampler, STORE_SCHEMA_VERSION } from 'uqkit';
import { downgradeSql } from './helpers.js';
import { sleep, started } from './processes.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-campaign-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Out { status: number | null; stdout: string; stderr: string }
function uqkit(cwd: string, ...args: string[]): Out {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The cooling cup: T(t) = t_env + (T0 - t_env) e^{-kappa t}, kappa ~ U(a, b), t_env ~ U(c, d)
// independent, T0 = 95. With E_k[e^{-m kappa t}] = (e^{-m a t} - e^{-m b t}) / (m (b - a) t):
// E[T] = E[te](1 - E[e]) + T0 E[e], E[T^2] = E[te^2] E[(1-e)^2] + 2 T0 E[te] E[e(1-e)] + T0^2 E[e^2].
const [a, b, c, d, T0] = [0.025, 0.075, 15, 25, 95];
const Ee = (m: number, t: number) => (t === 0 ? 1 : (Math.exp(-m * a * t) - Math.exp(-m * b * t)) / (m * (b - a) * t));
function cooling(t: number): { mean: number; variance: number } {
  const e1 = Ee(1, t), e2 = Ee(2, t);
  const te1 = (c + d) / 2, te2 = (d - c) ** 2 / 12 + te1 ** 2;
  const mean = te1 * (1 - e1) + T0 * e1;
  const m2 = te2 * (1 - 2 * e1 + e2) + 2 * T0 * te1 * (e1 - e2) + T0 * T0 * e2;
  return { mean, variance: m2 - mean * mean };
}
// First-order indices, by the law of total variance on the same closed forms:
// Var_kappa(E[T|kappa]) with E[T|kappa] = E[te] + (T0 - E[te]) e; Var_te(E[T|te]) = Var(te) (1 - E[e])^2.
function coolingFirst(t: number): { kappa: number; t_env: number } {
  const e1 = Ee(1, t), e2 = Ee(2, t);
  const v = cooling(t).variance;
  const te1 = (c + d) / 2;
  return { kappa: ((T0 - te1) ** 2 * (e2 - e1 * e1)) / v, t_env: (((d - c) ** 2 / 12) * (1 - e1) ** 2) / v };
}

// The error of the 4-point Gauss–Legendre rule for the mean (T is linear in t_env, so only
// kappa's rule errs): |E| <= (b-a)^8 (4!)^4 / (9 (8!)^3) max |d^8 T / d kappa^8|, where
// d^8 T / d kappa^8 = (T0 - t_env) t^8 e^{-kappa t} <= (T0 - c) t^8 e^{-a t}.
const gaussBound = (t: number) => ((b - a) ** 8 * 24 ** 4) / (9 * 40320 ** 3) * (T0 - c) * t ** 8 * Math.exp(-a * t);

describe('uqkit init + run: the cooling coffee cup end to end', () => {
  const work = join(root, 'init');
  let analysis: { campaign: string; runs: Record<string, number>; method: string; analysis: Record<string, Record<string, unknown>> };

  it('init writes the example; run executes 16 real processes, prints the indices and writes analysis.json and report.html', () => {
    const i = uqkit(root, 'init', 'init');
    expect([i.status, i.stderr]).toEqual([0, '']);
    expect(readdirSync(work).sort()).toEqual(['campaign-qmc.yaml', 'campaign-sc.yaml', 'campaign.yaml', 'cooling.mjs', 'model.template']);
    const r = uqkit(work, 'run', 'campaign.yaml');
    expect(r.stderr).toMatch(/coffee-pce: 16 runs: 0 done, 16 to run, 0 failed/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^coffee-pce: PCE/);
    expect(r.stdout).toMatch(/runs: 16 total, 16 done, 0 failed/);
    expect(r.stdout).toMatch(/\nte \(101 values over t; at 5 of them\):\n {2}t +mean +std +S kappa +S t_env +ST kappa +ST t_env\n {2}0 +95 /);
    expect(r.stdout).toMatch(/\n {2}50 +27\.88\d* +6\.01\d* +0\.81\d* +0\.18\d* /); // t = 50: S_kappa 0.8144, S_t_env 0.1844 (analytic)
    const dir = join(work, 'coffee-pce.uqkit');
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'uqkit.pid'))).toBe(false);
    analysis = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    // every run directory holds the rendered template and the model's output
    const store = openStore(join(dir, 'campaign.db'), { create: false });
    try {
      expect(store.counts().done).toBe(16);
    } finally {
      store.close();
    }
  });

  it('the analysis matches the analytic moments and first-order indices of the cooling model', () => {
    const te = analysis.analysis.te as { mean: number[]; variance: number[]; std: number[]; sobolFirst: Record<string, number[]>; sobolTotal: Record<string, number[]>; percentiles: Record<string, number[]> };
    expect(te.mean).toHaveLength(101);
    for (const k of [0, 10, 25, 50, 100]) {
      const t = 2 * k;
      const ref = cooling(t);
      // the mean within the Gauss rule's error bound (measured: 1e-10 at t = 10 ... 3.5e-4 at
      // t = 200); the order-3 expansion's variance and indices within 5e-3 (measured at worst
      // 2.5e-3 relative and 2e-3, at t = 100)
      expect(Math.abs(te.mean[k]! - ref.mean)).toBeLessThanOrEqual(gaussBound(t) + 1e-12 * ref.mean);
      if (t === 0) {
        expect(te.variance[k]).toBeLessThan(1e-20);
        continue;
      }
      expect(Math.abs(te.variance[k]! - ref.variance)).toBeLessThan(5e-3 * ref.variance);
      const first = coolingFirst(t);
      expect(Math.abs(te.sobolFirst.kappa![k]! - first.kappa)).toBeLessThan(5e-3);
      expect(Math.abs(te.sobolFirst.t_env![k]! - first.t_env)).toBeLessThan(5e-3);
      expect(te.sobolTotal.kappa![k]!).toBeGreaterThanOrEqual(te.sobolFirst.kappa![k]! - 1e-12);
      expect(te.percentiles['10']![k]!).toBeLessThan(te.percentiles['90']![k]!);
    }
    expect(analysis.runs).toMatchObject({ total: 16, done: 16, failed: 0 });
  });

  it('run again: nothing is executed twice; analyse --json prints the same analysis', () => {
    const r = uqkit(work, 'run', 'campaign.yaml', '--quiet');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    const j = uqkit(work, 'analyse', 'coffee-pce.uqkit', '--json');
    expect(j.status).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual(analysis);
    const dirs = JSON.parse(uqkit(work, 'runs', 'coffee-pce.uqkit', '--json').stdout) as { dir: string; attempts: number }[];
    expect(dirs).toHaveLength(16);
    expect(dirs.every((x) => x.attempts === 1)).toBe(true);
    expect(readFileSync(join(dirs[0]!.dir, 'input.json'), 'utf8')).toMatch(/"T0": 95,\n {2}"kappa": 0\.0\d+,/);
  });

  it('status, runs --where, export csv and json', () => {
    const s = uqkit(work, 'status', 'coffee-pce.uqkit');
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/^coffee-pce \(.*coffee-pce\.uqkit\)\nruns: 16 total, 16 done\nsampler 1: \{"kind":"pce","order":3\}/);
    const all = JSON.parse(uqkit(work, 'runs', 'coffee-pce.uqkit', '--json').stdout) as { params: { kappa: number } }[];
    const w = uqkit(work, 'runs', 'coffee-pce.uqkit', '--where', 'kappa>=0.05', '--json');
    const some = JSON.parse(w.stdout) as { params: { kappa: number } }[];
    expect(some.length).toBe(all.filter((r) => r.params.kappa >= 0.05).length);
    expect(some.length).toBe(8);
    expect(some.every((r) => r.params.kappa >= 0.05)).toBe(true);
    const table = uqkit(work, 'runs', 'coffee-pce.uqkit', '--where', 'kappa<0.05', '--where', 't_env>20');
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+status\s+kappa\s+t_env\s+reason$/);
    expect(table.stdout.trim().split('\n')).toHaveLength(1 + 4);
    const csv = uqkit(work, 'export', 'coffee-pce.uqkit', '--format', 'csv');
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(17);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['id', 'T0', 'kappa', 't_env', 't_end', 'steps']);
    expect(header).toContain('te[100]');
    const row = lines[1]!.split(',');
    const [kappa, tEnv] = [Number(row[2]), Number(row[3])];
    expect(Number(row[header.indexOf('te[100]')])).toBeCloseTo(tEnv + (95 - tEnv) * Math.exp(-kappa * 200), 10);
    const json = JSON.parse(uqkit(work, 'export', 'coffee-pce.uqkit', '--format', 'json').stdout) as unknown[];
    expect(json).toHaveLength(16);
    expect(uqkit(work, 'export', 'coffee-pce.uqkit', '--format', 'xml').stderr).toBe('uqkit export: --format: expected csv or json, got "xml"\n');
  });

  it('the SC and Saltelli variants run and agree with the analytic values', () => {
    const sc = uqkit(work, 'run', 'campaign-sc.yaml', '--json');
    expect(sc.status).toBe(0);
    const a = JSON.parse(sc.stdout).analysis.te;
    const ref = cooling(100);
    expect(Math.abs(a.mean[50] - ref.mean)).toBeLessThanOrEqual(gaussBound(100) + 1e-12 * ref.mean);
    expect(Math.abs(a.variance[50] - ref.variance)).toBeLessThan(5e-3 * ref.variance);
    expect(Math.abs(a.sobolFirst.kappa[50] - coolingFirst(100).kappa)).toBeLessThan(5e-3);
    const q = uqkit(work, 'run', 'campaign-qmc.yaml', '--json', '--quiet');
    expect(q.status).toBe(0);
    const s = JSON.parse(q.stdout).analysis.te;
    const first = coolingFirst(100);
    // 128 base rows: within a few hundredths
    expect(Math.abs(s.sobolFirst.kappa[50] - first.kappa)).toBeLessThan(0.05);
    expect(Math.abs(s.sobolFirst.t_env[50] - first.t_env)).toBeLessThan(0.05);
    expect(Math.abs(s.mean[50] - ref.mean) / ref.mean).toBeLessThan(1e-3);
  });

  it('report writes the HTML file with its charts', () => {
    const out = join(root, 'r.html');
    const r = uqkit(work, 'report', 'coffee-pce.uqkit', '-o', out);
    expect([r.status, r.stdout]).toEqual([0, `${out}\n`]);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/);
    expect(html).toMatch(/coffee-pce/);
  });
});

describe('campaign files: mistakes are one line with file, line and path', () => {
  const dir = join(root, 'errors');
  const base = `name: bad
params:
  kappa: { type: float, min: 0, max: 1, default: 0.025 }
  t_env: { type: float, default: 15 }
vary:
  kappa: { dist: uniform, low: 0.025, high: 0.075 }
  t_env: { dist: uniform, low: 15, high: 25 }
sampler: { kind: pce, order: 2 }
runner: { kind: local, command: [node, ./model.mjs] }
decoder: { kind: json, file: out.json }
`;
  const run = (text: string): Out => {
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'c.yaml'), text);
    return uqkit(dir, 'run', 'c.yaml');
  };
  it.each([
    [base.replace('high: 0.075 }\n  t_env', 'high: 0.01 }\n  t_env'), 'c.yaml:6: vary.kappa.high: expected a finite number > low (0.025), got 0.01'],
    [base.replace('order: 2', 'order: 2, colour: red'), 'c.yaml:8: sampler.colour: '],
    [base.replace('kind: local', 'kind: cloud'), 'c.yaml:9: runner.kind: expected one of "local", "in-process", "slurm", got "cloud"'],
    [base.replace('  t_env: { dist', '  t_env2: { dist'), 'c.yaml:7: vary.t_env2: expected a parameter declared under params (they are kappa, t_env), got "t_env2"'],
    [base.replace('high: 0.075', 'high: 2'), 'c.yaml:6: vary.kappa: expected a distribution inside params.kappa\'s range [0, 1], got "Uniform(low=0.025, high=2), support [0.025, 2]"'],
    [base + 'colour: red\n', 'c.yaml:11: colour: expected one of the keys name, params, vary, correlation, sampler, encoder, encoders, runner, decoder, analysis, dir, markInvalid (a misspelt key?), got "colour"'],
    [base.replace('runner:', 'encoder: { kind: template, template: model.tmpl, target: in.txt }\nrunner:'), `c.yaml:9: encoder.template: file not found (got "model.tmpl", resolved ${join(dir, 'model.tmpl')})`],
    [base.replace('vary:', 'vary: [1,\n'), 'c.yaml:8: Missing , between flow sequence items'],
    // found before any run executes, named as the file names it
    [base.replace('{ kind: local, command: [node, ./model.mjs] }', '{ kind: in-process, module: ./nomodel.mjs }'), `c.yaml:9: runner.module: expected an ES module file (there is none at ${join(dir, 'nomodel.mjs')}), got "./nomodel.mjs"`],
    [base + 'analysis: { method: sobol }\n', 'c.yaml:11: analysis.method: expected a method for the sampler \'pce\' (\'sobol\' needs a saltelli sampler), got "sobol"'],
  ])('%#', (text, message) => {
    const r = run(text);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.startsWith(`uqkit run: ${message}`)).toBe(true);
  });
  it('a missing file, a missing campaign directory, unknown options', () => {
    expect(uqkit(root, 'run', 'nope.yaml').stderr).toBe('uqkit run: nope.yaml: cannot read the campaign file: no such file\n');
    expect(uqkit(root, 'status', 'nowhere')).toMatchObject({ status: 1, stderr: 'uqkit status: nowhere: no such directory\n' });
    expect(uqkit(root, 'status', '.')).toMatchObject({ status: 1, stderr: `uqkit status: . is not a campaign directory (no campaign.db in it)\n` });
    expect(uqkit(root, 'runs', 'init/coffee-pce.uqkit', '--status', 'sleeping').stderr).toMatch(/^uqkit runs: --status "sleeping": expected one of new, encoded, running, done, failed, invalid, ignored\n$/);
    expect(uqkit(root, 'runs', 'init/coffee-pce.uqkit', '--where', 'kappa~1').stderr).toMatch(/^uqkit runs: --where "kappa~1": expected NAME OP VALUE/);
    expect(uqkit(root, 'runs', 'init/coffee-pce.uqkit', '--where', 'zeta>1').stderr).toBe('uqkit runs: --where: no parameter "zeta"; the parameters are T0, kappa, t_env, t_end, steps\n');
    expect(uqkit(root, 'run', '--frobnicate')).toMatchObject({ status: 2, stderr: 'uqkit run: unknown option --frobnicate\n' });
    expect(uqkit(root, 'run', '--help').stdout).toMatch(/^uqkit run FILE \[options\]/);
  });
});

describe('failures, kill and Ctrl-C with real processes', () => {
  const dir = join(root, 'slow');
  // y = 2x; fails for x > 0.8; each run appends to ../../attempts so executions can be counted.
  const setup = (sleepS: number) => {
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'model.sh'), `#!/bin/sh
echo "$UQKIT_RUN_ID" >> "${join(dir, 'attempts')}"
x=$(cat x.txt)
sleep ${sleepS}
if awk -v x="$x" 'BEGIN { exit !(x > 0.8) }'; then echo "x too large: $x" >&2; exit 4; fi
awk -v x="$x" 'BEGIN { printf "{\\"y\\": %.17g}\\n", 2 * x }' > out.json
`);
    writeFileSync(join(dir, 'x.template'), '$x\n');
    writeFileSync(join(dir, 'c.yaml'), `name: slow
params: { x: { type: float, min: 0, max: 1, default: 0.5 } }
vary: { x: { dist: uniform, low: 0, high: 1 } }
sampler: { kind: qmc, n: 16, seed: 3 }
encoder: { kind: template, template: x.template, target: x.txt }
runner: { kind: local, command: [sh, ./model.sh], concurrency: 2 }
decoder: { kind: json, file: out.json }
`);
  };
  const attempts = () => readFileSync(join(dir, 'attempts'), 'utf8').trim().split('\n').map(Number);

  it('failed runs: exit 3, the others analysed, runs --status failed says why', () => {
    setup(0);
    const r = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect(r.status).toBe(3);
    const failed = JSON.parse(uqkit(dir, 'runs', 'slow.uqkit', '--status', 'failed', '--json').stdout) as { params: { x: number }; reason: string }[];
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.params.x).toBeGreaterThan(0.8);
      expect(f.reason).toBe(`exit code 4; stderr: x too large: ${f.params.x}`);
    }
    expect(r.stderr).toBe(`uqkit run: ${failed.length} of 16 runs failed; \`uqkit runs slow.uqkit --status failed\` shows why; \`uqkit run c.yaml --retry-failed\` runs them again\n`);
    const done = JSON.parse(uqkit(dir, 'export', 'slow.uqkit', '--format', 'json').stdout) as { x: number; y: number }[];
    expect(done).toHaveLength(16 - failed.length);
    for (const row of done) expect(row.y).toBeCloseTo(2 * row.x, 12);
  });

  it.each(['kill', 'SIGINT'])('%s stops the run (exit 130, no process left), a second run resumes and executes each run once', async (how) => {
    setup(0.4);
    const first = started(dir, 'run', 'c.yaml');
    // wait for a few runs to finish
    for (let i = 0; i < 100 && (!existsSync(join(dir, 'attempts')) || attempts().length < 5); i++) await sleep(100);
    if (how === 'kill') {
      const k = uqkit(dir, 'kill', 'slow.uqkit');
      expect(k.status).toBe(0);
      expect(k.stdout).toMatch(/^stopped uqkit run \(pid \d+\)\n$/);
    } else {
      first.child.kill('SIGINT');
    }
    const out = await first.done;
    expect(out.status).toBe(130);
    expect(out.stderr).toMatch(/stopped: \d+ done, \d+ queued/);
    expect(spawnSync('pgrep', ['-f', join(dir, 'model.sh')]).status).toBe(1); // no model process left
    const before = attempts();
    const again = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect(again.status).toBe(3); // the runs with x > 0.8 fail
    const all = attempts();
    const store = openStore(join(dir, 'slow.uqkit', 'campaign.db'), { create: false });
    try {
      const c = store.counts();
      expect(c.done + c.failed).toBe(16);
      // every run executed once, except those killed in flight (executed again after the resume)
      const counts = new Map<number, number>();
      for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(counts.size).toBe(16);
      const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      expect(twice.length).toBeLessThanOrEqual(2); // at most the two in flight (concurrency 2)
      for (const id of twice) expect(before).toContain(id);
    } finally {
      store.close();
    }
  });

  it('clean deletes the campaign directory and refuses others', () => {
    expect(uqkit(dir, 'clean', '.')).toMatchObject({ status: 1, stderr: 'uqkit clean: . is not a campaign directory (no campaign.db in it)\n' });
    const r = uqkit(dir, 'clean', 'slow.uqkit');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'slow.uqkit'))).toBe(false);
  });
});

describe('in-process campaign: Ishigami', () => {
  it('examples/ishigami: Sobol\' indices near the analytic values', () => {
    const example = fileURLToPath(new URL('../examples/ishigami/campaign.yaml', import.meta.url));
    const out = join(root, 'ishigami.uqkit');
    const r = uqkit(root, 'run', example, '--dir', out, '--json', '--quiet');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const y = JSON.parse(r.stdout).analysis.y;
    const S = { x1: 0.3139051911, x2: 0.4424111448, x3: 0 };
    const ST = { x1: 0.5575888552, x2: 0.4424111448, x3: 0.2436836641 };
    for (const k of ['x1', 'x2', 'x3'] as const) {
      expect(Math.abs(y.sobolFirst[k] - S[k])).toBeLessThan(0.02);
      expect(Math.abs(y.sobolTotal[k] - ST[k])).toBeLessThan(0.02);
      expect(y.sobolFirstConf[k]).toBeGreaterThan(0);
    }
    expect(Math.abs(y.mean - 3.5)).toBeLessThan(0.05);
  });
});

describe('a sweep campaign (no uncertain parameters), in process', () => {
  it('runs every combination of the levels; basic statistics; runs --where on a string parameter', () => {
    const dir = join(root, 'sweep');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'model.mjs'), 'export default ({ solver, n, tol }) => ({ cost: n * (solver === "cg" ? -Math.log10(tol) : 100) });\n');
    writeFileSync(join(dir, 'c.yaml'), `name: sweep
params:
  solver: { type: string, default: cg }
  n: { type: integer, min: 1, default: 10 }
  tol: { type: float, min: 0, default: 1e-6 }
sampler: { kind: sweep, levels: { solver: { cg: { tol: [1e-6, 1e-8] }, direct: {} }, n: [10, 100] } }
runner: { kind: in-process, module: ./model.mjs }
`);
    const r = uqkit(dir, 'run', 'c.yaml', '--json', '--quiet');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout) as { runs: { done: number }; method: string; analysis: { cost: { mean: number } } };
    expect(out.runs.done).toBe(6);
    expect(out.method).toBe('basic statistics, 6 runs');
    // costs: cg 6 and 8 at n = 10 and 100, direct 100 at n = 10 and 100 (its tol is the default)
    expect(out.analysis.cost.mean).toBeCloseTo((60 + 600 + 80 + 800 + 1000 + 10000) / 6, 10);
    const cg = JSON.parse(uqkit(dir, 'runs', 'sweep.uqkit', '--where', 'solver=cg', '--json').stdout) as { params: { solver: string; tol: number } }[];
    expect(cg.map((x) => x.params.tol).sort((p, q) => p - q)).toEqual([1e-8, 1e-8, 1e-6, 1e-6]);
    // the table of a campaign without uncertain parameters shows every parameter (it showed none)
    const t = uqkit(dir, 'runs', 'sweep.uqkit', '--where', 'solver=direct').stdout.trim().split('\n').map((l) => l.split(/\s+/));
    expect(t).toEqual([['id', 'status', 'solver', 'n', 'tol', 'reason'], ['5', 'done', 'direct', '10', '1.0000e-6'], ['6', 'done', 'direct', '100', '1.0000e-6']]);
  });
});

describe('examples/api.mjs: a campaign from JavaScript', () => {
  it('runs both samplers in-process; the means agree with the analytic mean of F L^3 / (3 E I)', () => {
    const out = join(root, 'api');
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('../examples/api.mjs', import.meta.url)), out], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^saltelli: 5120 runs added, 0 reused\npce: 125 runs added, 0 reused\nruns: 5245 done, 0 failed\n/);
    // F ~ N(1000, 100) truncated at 0 (10 std away: mean 1000 to 1e-20), L ~ U(1.95, 2.05),
    // E ~ LogNormal(ln 200e9, 0.05): E[1/E] = exp(-mu + sigma^2 / 2); I = 8e-6.
    const mean = (1000 * ((2.05 ** 4 - 1.95 ** 4) / (4 * 0.1)) * Math.exp(-Math.log(200e9) + 0.05 ** 2 / 2)) / (3 * 8e-6);
    const means = [...r.stdout.matchAll(/mean (\S+) m/g)].map((m) => Number(m[1]));
    expect(means).toHaveLength(2);
    expect(Math.abs(means[0]! - mean) / mean).toBeLessThan(2e-3); // Saltelli's A and B rows, 2048 points
    expect(Math.abs(means[1]! - mean) / mean).toBeLessThan(1e-4); // order-4 Gauss projection (printed to 5 digits)
    expect(existsSync(join(out, 'report.html')) && existsSync(join(out, 'results.csv'))).toBe(true);
  });
});

describe('review regressions: the uqkit command as a user meets it', () => {
  const dir = join(root, 'review');
  // y = 3 kappa + t_env, as a real process; exits 5 for kappa > 0.05 while `broken` exists beside it.
  const campaign = (columns: string) => `name: lin
params:
  kappa: { type: float, min: 0, max: 1, default: 0.025 }
  t_env: { type: float, default: 15 }
  label: { type: string, default: a1 }
  on: { type: boolean, default: true }
vary:
  kappa: { dist: uniform, low: 0.025, high: 0.075 }
  t_env: { dist: uniform, low: 15, high: 25 }
sampler: { kind: pce, order: 1 }
runner: { kind: local, command: [node, ./model.mjs] }
decoder: { kind: csv, file: out.csv, columns: [${columns}] }
`;
  const setup = () => {
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'model.mjs'), `import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
const p = JSON.parse(readFileSync('params.json', 'utf8'));
appendFileSync(${JSON.stringify(join(dir, 'attempts'))}, process.env.UQKIT_RUN_ID + '\\n');
if (p.kappa > 0.05 && existsSync(${JSON.stringify(join(dir, 'broken'))})) { console.error('broken'); process.exit(5); }
writeFileSync('out.csv', 'y\\n' + (3 * p.kappa + p.t_env) + '\\n');
`);
  };
  const attempts = () => readFileSync(join(dir, 'attempts'), 'utf8').trim().split('\n').map(Number);
  const done = () => JSON.parse(uqkit(dir, 'export', 'lin.uqkit', '--format', 'json').stdout) as { id: number; kappa: number; t_env: number; y: number }[];

  it('runs the analysis needs failed: exit 3 (not 1) with the failures; --retry-failed runs them again', () => {
    setup();
    writeFileSync(join(dir, 'broken'), '');
    writeFileSync(join(dir, 'c.yaml'), campaign('y'));
    const r = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^uqkit run: 2 of 4 runs failed, and the analysis of the others failed: input\.runs: expected outputs of y at all 4 grid nodes/);
    expect(r.stderr.endsWith('\nuqkit run: `uqkit runs lin.uqkit --status failed` shows why; `uqkit run c.yaml --retry-failed` runs them again\n')).toBe(true);
    rmSync(join(dir, 'broken'));
    const again = uqkit(dir, 'run', 'c.yaml');
    expect(again.status).toBe(3); // without --retry-failed, failed runs stay failed
    const retry = uqkit(dir, 'run', 'c.yaml', '--retry-failed');
    expect(retry.stderr).toMatch(/^lin: 2 failed runs back in the queue\nlin: 4 runs: 2 done, 2 to run, 0 failed/);
    expect(retry.status).toBe(0);
    const rows = done();
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.y).toBeCloseTo(3 * row.kappa + row.t_env, 12);
    const n = new Map<number, number>();
    for (const id of attempts()) n.set(id, (n.get(id) ?? 0) + 1);
    // the two with kappa > 0.05 ran twice (failed, then retried), the others once
    expect([...n.values()].sort()).toEqual([1, 1, 2, 2]);
  });

  it('a fixed decoder decodes the runs that failed in decoding again, without executing them', () => {
    setup();
    writeFileSync(join(dir, 'c.yaml'), campaign('yy'));
    const r = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect(r.status).toBe(3);
    expect(JSON.parse(uqkit(dir, 'runs', 'lin.uqkit', '--status', 'failed', '--json').stdout)).toHaveLength(4);
    writeFileSync(join(dir, 'c.yaml'), campaign('y'));
    const fixed = uqkit(dir, 'run', 'c.yaml');
    expect(fixed.stderr).toMatch(/^lin: the decoder changed: decoded 4 runs again: 4 done, 0 failed\nlin: 4 runs: 4 done, 0 to run, 0 failed/);
    expect(fixed.status).toBe(0);
    expect(attempts()).toHaveLength(4); // each model process ran once
    for (const row of done()) expect(row.y).toBeCloseTo(3 * row.kappa + row.t_env, 12);
  });

  it('runs leased by a runner that died are run once their leases end, not left out with exit 0', () => {
    // (the campaign of the previous test: 4 done) two runs back in the queue, held by a dead owner for 2 s
    const store = openStore(join(dir, 'lin.uqkit', 'campaign.db'), { create: false });
    let held: number[];
    try {
      expect(store.rerun([1, 2])).toBe(2);
      held = store.claim('ghost:1', 2, 2000).map((x) => x.id);
    } finally {
      store.close();
    }
    expect(held).toEqual([1, 2]);
    const r = uqkit(dir, 'run', 'c.yaml');
    expect(r.stderr).toMatch(/\nlin: 2 runs are leased by ghost:1 \(a runner that stopped without giving them back, or one still working\); waiting [12] s for the lease to end\n/);
    expect(r.status).toBe(0);
    expect(done()).toHaveLength(4);
    expect(attempts().slice(4).sort()).toEqual([1, 2]);
  });

  it('--where reads the value as the parameter type says: a wrong type is an error, not an empty list', () => {
    const w = (cond: string) => uqkit(dir, 'runs', 'lin.uqkit', '--where', cond);
    expect(w('kappa>=')).toMatchObject({ status: 1, stdout: '', stderr: 'uqkit runs: --where "kappa>=": kappa is a float parameter: expected a number, got ""\n' });
    expect(w('kappa>0.05,t_env<20')).toMatchObject({ status: 1, stderr: 'uqkit runs: --where "kappa>0.05,t_env<20": kappa is a float parameter: expected a number, got "0.05,t_env<20"\n' });
    expect(w('on=yes')).toMatchObject({ status: 1, stderr: 'uqkit runs: --where "on=yes": on is a boolean parameter: expected true or false, got "yes"\n' });
    expect(w('label=a1').stdout.trim().split('\n')).toHaveLength(5); // a string parameter: compared as text
    expect(w('on=true').stdout.trim().split('\n')).toHaveLength(5);
    expect(w('kappa>0.05').stdout.trim().split('\n')).toHaveLength(3);
  });

  it('a pid file left by a killed uqkit run, its pid now another process: not taken for a uqkit run, not killed', async () => {
    const other = spawn('sleep', ['30']);
    try {
      await sleep(100);
      // a pid file as `uqkit run` writes it, but with another start time than the process now holding the pid
      writeFileSync(join(dir, 'lin.uqkit', 'uqkit.pid'), `${other.pid}\n1\n`);
      expect(uqkit(dir, 'status', 'lin.uqkit').stdout).toMatch(/\nno uqkit run is working on it\n$/);
      expect(uqkit(dir, 'kill', 'lin.uqkit')).toMatchObject({ status: 0, stdout: 'nothing to stop: no uqkit run and no Slurm job is working on this campaign\n' });
      expect(other.exitCode).toBe(null);
      expect(other.signalCode).toBe(null);
      expect(uqkit(dir, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
      expect(existsSync(join(dir, 'lin.uqkit', 'uqkit.pid'))).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('an output the analysis cannot use names the run by its id (as `uqkit runs` shows it), not by its index among the done runs', () => {
    const at = join(dir, 'garbage');
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'model.mjs'), 'export default ({ x }) => ({ y: x > 0.9 ? "abc" : 2 * x });\n');
    writeFileSync(join(at, 'c.yaml'), 'name: garbage\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 16, seed: 2 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    const r = uqkit(at, 'run', 'c.yaml', '--quiet');
    expect(r.status).toBe(1);
    const m = /^uqkit run: run (\d+): outputs\.y: expected a number or an array of numbers, got "abc"\n$/.exec(r.stderr);
    expect(m).not.toBe(null);
    const named = JSON.parse(uqkit(at, 'runs', 'garbage.uqkit', '--where', `x>0.9`, '--json').stdout) as { id: number }[];
    expect(named.map((x) => x.id)).toContain(Number(m![1]));
  });

  it('a mistake in the analysis options found only after the runs names the key of the campaign file', () => {
    writeFileSync(join(dir, 'c2.yaml'), campaign('y') + 'analysis: { qois: [yy] }\n');
    expect(uqkit(dir, 'run', 'c2.yaml', '--quiet')).toMatchObject({ status: 1, stderr: 'uqkit run: analysis.qois: expected a QoI with a numeric output in at least one run, got "yy"\n' });
    expect(uqkit(dir, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' }); // the campaign's analysis as before
  });

  it('a campaign directory that is the campaign file\'s folder (dir: .): --fresh and clean delete the campaign, not the user\'s files', () => {
    const at = join(dir, 'here');
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'model.mjs'), 'export default ({ x }) => ({ y: 2 * x });\n');
    writeFileSync(join(at, 'c.yaml'), 'name: here\ndir: .\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 8, seed: 2 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(at).sort()).toEqual(['analysis.json', 'c.yaml', 'campaign.db', 'model.mjs', 'report.html']);
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--fresh')).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(at).sort()).toEqual(['analysis.json', 'c.yaml', 'campaign.db', 'model.mjs', 'report.html']);
    expect(uqkit(at, 'clean', '.')).toMatchObject({ status: 0, stdout: `deleted the campaign in ${at}; kept c.yaml, model.mjs (not written by uqkit)\n` });
    expect(readdirSync(at).sort()).toEqual(['c.yaml', 'model.mjs']);
  });

  it('a command given as one shell line: its first word ./x is the campaign file\'s, its arguments are left to the shell', () => {
    const at = join(dir, 'sh line');
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'run.sh'), '#!/bin/sh\nprintf \'y\\n%s\\n\' "$(printf %s "$1" | wc -c)" > o.csv\n', { mode: 0o755 });
    writeFileSync(join(at, 'c.yaml'), 'name: line\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 2, seed: 1 }\nrunner: { kind: local, command: "./run.sh a/../bc && true" }\ndecoder: { kind: csv, file: o.csv, columns: [y] }\n');
    const r = uqkit(at, 'run', 'c.yaml', '--json', '--quiet');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { analysis: { y: { mean: number } } }).analysis.y.mean).toBe(7); // "a/../bc" reached run.sh as 7 characters
  });

  it('an edited params or vary is refused naming the file\'s line, with the way out', () => {
    writeFileSync(join(dir, 'c3.yaml'), campaign('y').replace('high: 25', 'high: 26'));
    expect(uqkit(dir, 'run', 'c3.yaml', '--quiet')).toMatchObject({
      status: 1,
      stderr: `uqkit run: c3.yaml:9: vary.t_env.high: expected 25, as in the campaign stored in ${join(dir, 'lin.uqkit', 'campaign.db')}: a campaign keeps its name and parameters, got 26; \`--fresh\` starts the campaign again, \`--dir\` puts the changed one elsewhere\n`,
    });
  });

  it('an option value that looks like an option is one line', () => {
    expect(uqkit(dir, 'runs', 'lin.uqkit', '--limit', '-1')).toMatchObject({ status: 2, stderr: 'uqkit runs: option --limit needs a value (to give one that starts with a dash, write --limit=VALUE)\n' });
    expect(uqkit(dir, 'runs', 'lin.uqkit', '--limit=-1')).toMatchObject({ status: 1, stderr: 'uqkit runs: --limit: expected an integer >= 0, got "-1"\n' });
  });

  it('a replica sampler without its index parameter is refused at once; a campaign left without runs by a mistake takes the edited params', () => {
    const at = join(dir, 'empty');
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'model.mjs'), 'export default ({ x }) => ({ y: 2 * x });\n');
    const file = (params: string, sampler: string) => `name: e\nparams: { ${params} }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: ${sampler}\nrunner: { kind: in-process, module: ./model.mjs }\n`;
    writeFileSync(join(at, 'c.yaml'), file('x: { type: float, default: 0 }', '{ kind: replica, of: { kind: pce, order: 2 }, replicas: 2 }'));
    const r = uqkit(at, 'run', 'c.yaml', '--quiet');
    expect(r).toMatchObject({ status: 1, stderr: 'uqkit run: c.yaml:4: sampler: expected a replica index declared under params: add replica: {type: integer, min: 0, default: 0}, got a value of type object\n' });
    expect(existsSync(join(at, 'e.uqkit'))).toBe(false);
    writeFileSync(join(at, 'c.yaml'), file('x: { type: float, default: 0 }, replica: { type: integer, min: 0, default: 0 }', '{ kind: replica, of: { kind: pce, order: 2 }, replicas: 2 }'));
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    // a table row outside the parameter's range: refused when the runs are added, after the campaign was created
    writeFileSync(join(at, 'rows.csv'), 'x\n0.5\n5\n');
    writeFileSync(join(at, 't.yaml'), 'name: t\nparams: { x: { type: float, min: 0, max: 1, default: 0 } }\nsampler: { kind: table, file: rows.csv }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    expect(uqkit(at, 'run', 't.yaml', '--quiet').status).toBe(1);
    expect(existsSync(join(at, 't.uqkit', 'campaign.db'))).toBe(true);
    writeFileSync(join(at, 't.yaml'), 'name: t\nparams: { x: { type: float, min: 0, max: 10, default: 0 } }\nsampler: { kind: table, file: rows.csv }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    const fixed = uqkit(at, 'run', 't.yaml', '--json', '--quiet');
    expect([fixed.status, fixed.stderr]).toEqual([0, '']);
    expect((JSON.parse(fixed.stdout) as { analysis: { y: { mean: number } } }).analysis.y.mean).toBe(5.5);
  });

  it('files that cannot be written and a closed pipe are one line (or nothing), never a stack trace', () => {
    const missing = join(dir, 'no', 'such', 'x.csv');
    expect(uqkit(dir, 'export', 'lin.uqkit', '-f', 'csv', '-o', missing)).toMatchObject({ status: 1, stderr: `uqkit export: cannot open ${missing}: no such file or directory\n` });
    expect(uqkit(dir, 'report', 'lin.uqkit', '-o', dir)).toMatchObject({ status: 1, stderr: `uqkit report: cannot open ${dir}: it is a directory\n` });
    // a reader that stops at once: a large export (3000 runs, ~200 kB) meets a closed pipe (EPIPE)
    const big = join(dir, 'big');
    spawnSync('mkdir', ['-p', big]);
    writeFileSync(join(big, 'model.mjs'), 'export default ({ x }) => ({ y: 2 * x });\n');
    writeFileSync(join(big, 'c.yaml'), 'name: big\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 3000, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    expect(uqkit(big, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${MAIN}" export big.uqkit --format json | head -c 10 >/dev/null`], { encoding: 'utf8', cwd: big });
    expect(r.stderr).toBe('');
  });
});

describe('the analysis gives what the runs allow', () => {
  const dir = join(root, 'allow');
  const setup = (name: string, model: string, yaml: string): string => {
    const at = join(dir, name);
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'model.mjs'), model);
    writeFileSync(join(at, 'c.yaml'), yaml);
    return at;
  };
  type Report = { method: string; samplers?: string; analysis: Record<string, { mean: unknown; std: unknown; percentiles?: Record<string, unknown> }>; notAnalysed?: Record<string, string> };

  it('outputs that are not numbers (text, an object, a matrix) are listed as not analysed; the numeric ones are analysed', () => {
    const at = setup('mixed', 'export default ({ x }) => ({ y: 2 * x, tag: "ok", meta: { a: x }, M: [[x, 1], [2, 3]], v: [x, 2 * x] });\n',
      'name: mixed\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 8, seed: 2 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    const r = uqkit(at, 'run', 'c.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('\nnot analysed: tag: text (e.g. "ok"), not numbers\nnot analysed: meta: objects (nested values), not numbers\nnot analysed: M: a matrix (arrays of arrays), not a number or an array of numbers\n');
    const a = JSON.parse(readFileSync(join(at, 'mixed.uqkit', 'analysis.json'), 'utf8')) as Report;
    expect(Object.keys(a.analysis)).toEqual(['y', 'v']);
    expect(Object.keys(a.notAnalysed!)).toEqual(['tag', 'meta', 'M']);
    expect((a.analysis.v!.mean as number[])[1]).toBeCloseTo(a.analysis.y!.mean as number, 12); // v = [x, 2x], y = 2x
    const html = readFileSync(join(at, 'mixed.uqkit', 'report.html'), 'utf8');
    expect(html.match(/<li data-qoi="(tag|meta|M)">/g)).toHaveLength(3);
    const j = uqkit(at, 'analyse', 'mixed.uqkit', '--json');
    expect(j.status).toBe(0);
    expect((JSON.parse(j.stdout) as Report).notAnalysed).toEqual(a.notAnalysed);
  });

  it('a campaign of one run: its value is the mean and every percentile; no std, said in a warning', () => {
    const at = setup('one', 'export default ({ x }) => ({ y: 2 * x });\n',
      'name: one\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 1, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    const x = sampler({ kind: 'qmc', n: 1, seed: 1 }, { x: { dist: 'uniform', low: 0, high: 1 } }).rest()[0]!.x as number;
    const r = uqkit(at, 'run', 'c.yaml', '--json', '--quiet');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const a = JSON.parse(r.stdout) as Report;
    expect(a.method).toBe('basic statistics, 1 run');
    expect(a.analysis.y).toMatchObject({ mean: 2 * x, std: null, percentiles: { 10: 2 * x, 50: 2 * x, 90: 2 * x } });
    expect(uqkit(at, 'analyse', 'one.uqkit').stdout).toContain('\nwarning: y: 1 run: its value is the mean and every percentile; the std and variance need 2 runs (NaN)\n');
  });

  it('a campaign made with addRuns (no sampler) is analysed and reported with basic statistics', async () => {
    const at = join(dir, 'adhoc');
    const c = Campaign.create(at, { name: 'adhoc', params: { x: { type: 'float', default: 0 } } });
    try {
      c.addRuns([{ x: 1 }, { x: 2 }, { x: 4 }]);
      await c.execute({ model: ({ x }) => ({ y: (x as number) ** 2 }) });
    } finally {
      c.close();
    }
    const r = uqkit(dir, 'analyse', 'adhoc', '--json');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const a = JSON.parse(r.stdout) as Report;
    expect(a.method).toBe('basic statistics, 3 runs');
    expect(a.analysis.y!.mean).toBe(7);
    expect(a.analysis.y!.std).toBeCloseTo(Math.sqrt(((1 - 7) ** 2 + (4 - 7) ** 2 + (16 - 7) ** 2) / 2), 12);
    expect(uqkit(dir, 'report', 'adhoc')).toMatchObject({ status: 0, stdout: `${join(at, 'report.html')}\n`, stderr: '' });
  });

  it("a changed sampler: the current sampler's runs are analysed (a run it shares with an earlier one included); --samplers and analysis.samplers choose others", () => {
    const vary = { x1: { dist: 'uniform', low: 0, high: 1 }, x2: { dist: 'uniform', low: 0, high: 1 } } as const;
    const yaml = (s: string, extra = '') => `name: switch\nparams: { x1: { type: float, default: 0 }, x2: { type: float, default: 0 } }\nvary: { x1: { dist: uniform, low: 0, high: 1 }, x2: { dist: uniform, low: 0, high: 1 } }\nsampler: ${s}\nrunner: { kind: in-process, module: ./model.mjs }\n${extra}`;
    const at = setup('switch', 'export default ({ x1, x2 }) => ({ y: Math.exp(x1) + 3 * x2 * x2 });\n', yaml('{ kind: pce, order: 2 }'));
    const f = (p: Record<string, unknown>) => Math.exp(p.x1 as number) + 3 * (p.x2 as number) ** 2;
    const meanOf = (n: number) => sampler({ kind: 'qmc', n, seed: 3 }, vary as never).rest().reduce((s, p) => s + f(p), 0) / n;
    const json = (r: Out) => JSON.parse(r.stdout) as Report;
    expect(json(uqkit(at, 'run', 'c.yaml', '--json', '--quiet')).method).toBe('PCE (projection), order 2, 9 runs');
    writeFileSync(join(at, 'c.yaml'), yaml('{ kind: qmc, n: 16, seed: 3 }'));
    const q = json(uqkit(at, 'run', 'c.yaml', '--json', '--quiet'));
    expect(q.method).toBe('basic statistics, 16 runs');
    expect(q.samplers).toBe('runs of sampler 2 (qmc) (of 2)');
    expect(q.analysis.y!.mean).toBeCloseTo(meanOf(16), 12);
    // 32 points of the same sequence: the first 16 are the runs of sampler 2, reused
    writeFileSync(join(at, 'c.yaml'), yaml('{ kind: qmc, n: 32, seed: 3 }'));
    const r32 = uqkit(at, 'run', 'c.yaml');
    expect(r32.stderr).toMatch(/^switch: sampler qmc: 16 new runs, 16 already in the campaign \(not run again\)\n/);
    expect(r32.stdout).toMatch(/^switch: basic statistics, 32 runs\nruns: 41 total, 41 done, 0 failed\nanalysed: runs of sampler 3 \(qmc\) \(of 3\)\n/);
    expect(json(uqkit(at, 'analyse', 'switch.uqkit', '--json')).analysis.y!.mean).toBeCloseTo(meanOf(32), 12);
    expect(json(uqkit(at, 'analyse', 'switch.uqkit', '--json', '--samplers', '1')).method).toBe('PCE (projection), order 2, 9 runs');
    const all = json(uqkit(at, 'analyse', 'switch.uqkit', '--json', '--samplers', 'all'));
    expect([all.method, all.samplers]).toEqual(['basic statistics, 41 runs', 'every done run (samplers 1 (pce), 2 (qmc), 3 (qmc))']);
    expect(json(uqkit(at, 'analyse', 'switch.uqkit', '--json', '--samplers', '2,3')).method).toBe('basic statistics, 32 runs');
    writeFileSync(join(at, 'c.yaml'), yaml('{ kind: qmc, n: 32, seed: 3 }', 'analysis: { samplers: [2] }\n'));
    expect(json(uqkit(at, 'run', 'c.yaml', '--json', '--quiet')).analysis.y!.mean).toBeCloseTo(meanOf(16), 12);
    expect(uqkit(at, 'analyse', 'switch.uqkit', '--samplers', '7')).toMatchObject({ status: 1, stdout: '', stderr: 'uqkit analyse: --samplers: no sampler 7 in switch; its samplers are 1 (pce), 2 (qmc), 3 (qmc)\n' });
    expect(uqkit(at, 'report', 'switch.uqkit', '--samplers', 'last')).toMatchObject({ status: 1, stderr: 'uqkit report: --samplers "last": expected sampler ids as `uqkit status` lists them, e.g. 2 or 1,2, or all\n' });
    writeFileSync(join(at, 'c.yaml'), yaml('{ kind: qmc, n: 32, seed: 3 }', 'analysis: { samplers: [0] }\n'));
    const bad = uqkit(at, 'run', 'c.yaml');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^uqkit run: c\.yaml:6: analysis\.samplers: expected a list of sampler ids \(as `uqkit status` lists them\), e\.g\. \[2\], or all, got [^\n]+\n$/);
  });

  it('runs --where compares floats as the table shows them: a stored 0.1 + 0.2 is 0.3; near misses are not', () => {
    const at = setup('where', 'export default ({ x }) => ({ y: x });\n',
      'name: where\nparams: { x: { type: float, default: 0 } }\nsampler: { kind: sweep, levels: { x: [0.30000000000000004, 0.3000004, 0.300001, 0.31, 0.29999, 1.0e-6, 1.0002e-6] } }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    const xs = (...conds: string[]) => (JSON.parse(uqkit(at, 'runs', 'where.uqkit', '--json', ...conds.flatMap((c) => ['--where', c])).stdout) as { params: { x: number } }[]).map((r) => r.params.x);
    expect(0.1 + 0.2).toBe(0.30000000000000004);
    expect(xs('x=0.3')).toEqual([0.30000000000000004, 0.3000004]);
    expect(uqkit(at, 'runs', 'where.uqkit', '--where', 'x=0.3').stdout).toBe('id  status  x    reason\n1   done    0.3\n2   done    0.3\n');
    expect(xs('x!=0.3')).toEqual([0.300001, 0.31, 0.29999, 1e-6, 1.0002e-6]);
    expect(xs('x<=0.3')).toEqual([0.30000000000000004, 0.3000004, 0.29999, 1e-6, 1.0002e-6]);
    expect(xs('x<0.3', 'x>1e-3')).toEqual([0.29999]);
    expect(xs('x>0.3')).toEqual([0.300001, 0.31]);
    expect(xs('x>=0.3', 'x<0.31')).toEqual([0.30000000000000004, 0.3000004, 0.300001]);
    expect(xs('x=0.300001')).toEqual([0.300001]);
    expect(xs('x=0.30000000000000004')).toEqual([0.30000000000000004]); // 17 digits asked for
    expect(xs('x=0.3000004')).toEqual([0.3000004]);
    expect(xs('x=1.0000e-6')).toEqual([1e-6]); // as the table shows it (5 digits in exponent form)
    expect(xs('x=1e-6')).toEqual([1e-6]);
    expect(uqkit(at, 'runs', '--help').stdout).toMatch(/kappa=0\.3\s+finds\s+a\s+kappa\s+stored\s+as\s+0\.1 \+ 0\.2 = 0\.30000000000000004/);
  });
});

describe('uqkit writes and deletes what it created, and never through a symbolic link', () => {
  const base = join(root, 'owned');
  // y = 2x + the shared data file's number; the model also leaves a file of its own in its run directory.
  const setup = (name: string, model: string, extra = '') => {
    const at = join(base, name);
    rmSync(at, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'x.template'), '$x\n');
    writeFileSync(join(at, 'data.txt'), '10\n');
    writeFileSync(join(at, 'model.sh'), `#!/bin/sh
x=$(cat x.txt 2>/dev/null || cat sub/x.txt)
${model}
echo scratch > scratch.txt
awk -v x="$x" -v d="$(cat data.txt)" 'BEGIN { printf "{\\"y\\": %.17g}\\n", 2 * x + d }' > out.json
`);
    writeFileSync(join(at, 'c.yaml'), `name: ${name}
dir: .
params: { x: { type: float, min: 0, max: 1, default: 0.5 } }
vary: { x: { dist: uniform, low: 0, high: 1 } }
sampler: { kind: qmc, n: 4, seed: 3 }
encoders:
  - { kind: template, template: x.template, target: ${extra.includes('sub/') ? 'sub/x.txt' : 'x.txt'} }
  - { kind: resource, source: data.txt, mode: shared-link }
runner: { kind: local, command: [sh, ./model.sh], concurrency: 2${extra.includes('retries') ? ', retries: 1' : ''} }
decoder: { kind: json, file: out.json${extra.includes('followLinks') ? ', followLinks: true' : ''} }
`);
    return at;
  };
  const failed = (at: string) => JSON.parse(uqkit(at, 'runs', '.', '--status', 'failed', '--json').stdout) as { id: number; reason: string }[];

  it('the user\'s runs/old.txt, shared/mydata.txt and report.html survive run, --fresh and clean (dir: .); a report uqkit did not write is replaced only with --overwrite', () => {
    const at = setup('mine', '');
    spawnSync('mkdir', ['-p', join(at, 'runs'), join(at, 'shared')]);
    writeFileSync(join(at, 'runs', 'old.txt'), 'my old run\n');
    writeFileSync(join(at, 'shared', 'mydata.txt'), 'my data\n');
    writeFileSync(join(at, 'report.html'), '<p>my report</p>\n');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toEqual({ status: 1, stdout: '', stderr: `uqkit run: ${join(at, 'report.html')} exists and was not written by uqkit; not overwriting it (--overwrite replaces it)\n` });
    expect(readFileSync(join(at, 'report.html'), 'utf8')).toBe('<p>my report</p>\n');
    expect(readdirSync(join(at, 'runs'))).toEqual(['old.txt']); // refused before any run executed
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--overwrite')).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(at, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readdirSync(join(at, 'runs')).sort()).toEqual(['000', 'old.txt']);
    expect(readdirSync(join(at, 'shared')).length).toBe(2);
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--fresh')).toMatchObject({ status: 0, stderr: '' }); // report.html is uqkit's now
    expect(uqkit(at, 'report', '.')).toMatchObject({ status: 0, stdout: `${join(at, 'report.html')}\n` });
    expect(uqkit(at, 'clean', '.')).toEqual({ status: 0, stderr: '', stdout: `deleted the campaign in ${at}; kept c.yaml, data.txt, model.sh, runs, shared, x.template (not written by uqkit)\n` });
    expect(readdirSync(at).sort()).toEqual(['c.yaml', 'data.txt', 'model.sh', 'runs', 'shared', 'x.template']);
    expect(readdirSync(join(at, 'runs'))).toEqual(['old.txt']);
    expect(readdirSync(join(at, 'shared'))).toEqual(['mydata.txt']);
    expect(readFileSync(join(at, 'runs', 'old.txt'), 'utf8')).toBe('my old run\n');
    expect(readFileSync(join(at, 'shared', 'mydata.txt'), 'utf8')).toBe('my data\n');
    // uqkit report into a directory with the user's report.html: refused, then --overwrite
    const other = setup('mine2', '');
    expect(uqkit(other, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    rmSync(join(other, 'report.html'));
    writeFileSync(join(other, 'report.html'), 'mine\n'); // the user's file in place of uqkit's
    expect(uqkit(other, 'report', '.')).toEqual({ status: 1, stdout: '', stderr: `uqkit report: ${join(other, 'report.html')} exists and was not written by uqkit; not overwriting it (--overwrite replaces it)\n` });
    expect(readFileSync(join(other, 'report.html'), 'utf8')).toBe('mine\n');
    expect(uqkit(other, 'report', '.', '--overwrite')).toMatchObject({ status: 0 });
    expect(readFileSync(join(other, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('a campaign made before uqkit recorded what it created: clean deletes its run directories, not the user\'s runs/old.txt', () => {
    const at = setup('legacy', '');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    // the store as the previous version left it: no record of created paths
    const store = openStore(join(at, 'campaign.db'), { create: false });
    store.close();
    const raw = spawnSync(process.execPath, ['-e', `const D = require(${JSON.stringify(fileURLToPath(new URL('../node_modules/better-sqlite3', import.meta.url)))}); const d = new D(${JSON.stringify(join(at, 'campaign.db'))}); d.exec(${JSON.stringify(downgradeSql(3, STORE_SCHEMA_VERSION))}); d.close();`], { encoding: 'utf8' });
    expect(raw.stderr).toBe('');
    writeFileSync(join(at, 'runs', 'old.txt'), 'mine\n');
    expect(uqkit(at, 'clean', '.')).toEqual({ status: 0, stderr: '', stdout: `deleted the campaign in ${at}; kept c.yaml, data.txt, model.sh, runs, shared, x.template (not written by uqkit)\n` });
    expect(readdirSync(join(at, 'runs'))).toEqual(['old.txt']);
    expect(readdirSync(join(at, 'shared')).length).toBe(1); // its shared copy: not known as uqkit's, kept
  });

  it('a directory the user made for the campaign is kept by clean (emptied); one uqkit made is removed', () => {
    const at = setup('dirs', '');
    spawnSync('mkdir', ['-p', join(at, 'made-by-me')]);
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--dir', 'made-by-me')).toMatchObject({ status: 0, stderr: '' });
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--dir', 'made-by-uqkit')).toMatchObject({ status: 0, stderr: '' });
    // --fresh keeps a folder that holds a file of the user's, and it stays uqkit's to remove
    writeFileSync(join(at, 'made-by-uqkit', 'note.txt'), 'mine\n');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--dir', 'made-by-uqkit', '--fresh')).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(at, 'made-by-uqkit', 'note.txt'), 'utf8')).toBe('mine\n');
    rmSync(join(at, 'made-by-uqkit', 'note.txt'));
    expect(uqkit(at, 'clean', 'made-by-me')).toMatchObject({ status: 0, stdout: `deleted the campaign in ${join(at, 'made-by-me')} (the folder is not uqkit's: kept)\n` });
    expect(uqkit(at, 'clean', 'made-by-uqkit')).toMatchObject({ status: 0, stdout: `deleted ${join(at, 'made-by-uqkit')}\n` });
    expect(readdirSync(join(at, 'made-by-me'))).toEqual([]);
    expect(existsSync(join(at, 'made-by-uqkit'))).toBe(false);
  });

  it('a stdout the model replaced by a link to a file outside: the retry refuses it instead of truncating that file', () => {
    const victim = join(base, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const at = setup('stdout-link', `rm -f stdout; ln -s ${victim} stdout; exit 1`, 'retries');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet').status).toBe(3);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    const f = failed(at);
    expect(f.length).toBe(4);
    for (const r of f) expect(r.reason).toMatch(/\/stdout: is a symbolic link \(to .*victim\.txt\) where uqkit's own file or folder belongs/);
    expect(uqkit(at, 'clean', '.')).toMatchObject({ status: 0 });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a folder of an encoder\'s target, or the run directory itself, replaced by a link: a retry or encoding the run again fails it, writing nothing outside', () => {
    const outside = join(base, 'outside-sub'), outsideRun = join(base, 'outside-run');
    for (const d of [outside, outsideRun]) {
      rmSync(d, { recursive: true, force: true });
      spawnSync('mkdir', ['-p', d]);
    }
    writeFileSync(join(outsideRun, 'keep.txt'), 'keep\n');
    const at = setup('dir-link', `if [ "$UQKIT_RUN_ID" = 1 ]; then d=$(pwd); cd ..; rm -rf "$d"; ln -s ${outsideRun} "$d"; else rm -rf sub; ln -s ${outside} sub; fi; exit 1`, 'sub/ retries');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet').status).toBe(3);
    expect(uqkit(at, 'run', 'c.yaml', '--quiet', '--retry-failed').status).toBe(3);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(outsideRun)).toEqual(['keep.txt']);
    const f = failed(at).sort((x, y) => x.id - y.id);
    expect(f.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(f[0]!.reason).toMatch(/^could not prepare the run: .*\/run_1: is a symbolic link \(to .*outside-run\)/);
    for (const r of f.slice(1)) expect(r.reason).toMatch(new RegExp(`^could not prepare the run: .*/run_${r.id}/sub: is a symbolic link \\(to .*outside-sub\\)`));
    expect(uqkit(at, 'clean', '.')).toMatchObject({ status: 0 });
    expect(readdirSync(outsideRun)).toEqual(['keep.txt']);
    expect(existsSync(outside)).toBe(true); // the links went with the runs, not what they named
    expect(readdirSync(at).sort()).toEqual(['c.yaml', 'data.txt', 'model.sh', 'x.template']);
  });

  it('an output file that is a link leading out of the campaign directory is not decoded unless the decoder says followLinks: true', () => {
    const secret = join(base, 'secret.json');
    writeFileSync(secret, '{"y": 1}\n');
    const at = setup('decoder-link', `ln -s ${secret} out2.json`);
    writeFileSync(join(at, 'model.sh'), readFileSync(join(at, 'model.sh'), 'utf8').replace('> out.json', '> inside.json; ln -s inside.json out.json'));
    // a link inside the run directory is read
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    writeFileSync(join(at, 'c.yaml'), readFileSync(join(at, 'c.yaml'), 'utf8').replace('file: out.json', 'file: out2.json'));
    const r = uqkit(at, 'run', 'c.yaml', '--quiet');
    expect(r.status).toBe(3);
    const f = failed(at);
    expect(f.length).toBe(4);
    for (const x of f) expect(x.reason).toBe(`decoding failed: out2.json: a symbolic link leads it out of the campaign directory (to ${secret}); the decoder reads it only with followLinks: true in its spec`);
    writeFileSync(join(at, 'c.yaml'), readFileSync(join(at, 'c.yaml'), 'utf8').replace('file: out2.json', 'file: out2.json, followLinks: true'));
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    expect((JSON.parse(uqkit(at, 'export', '.', '--format', 'json').stdout) as { y: number }[]).map((x) => x.y)).toEqual([1, 1, 1, 1]);
  });

  it('report.html, analysis.json and exports are written whole or not at all: a write cut off by a file size limit leaves the earlier file as it was', () => {
    // a vector output of 2000 values: a report of ~140 kB, an export of ~1 MB
    const at = join(base, 'atomic');
    rmSync(at, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', at]);
    writeFileSync(join(at, 'model.mjs'), 'export default ({ x, z }) => ({ y: Array.from({ length: 2000 }, (_, i) => x * Math.sin(i / 50) + z * i) });\n');
    writeFileSync(join(at, 'c.yaml'), 'name: atomic\ndir: .\nparams: { x: { type: float, default: 0 }, z: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 }, z: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 16, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    expect(uqkit(at, 'run', 'c.yaml', '--quiet')).toMatchObject({ status: 0, stderr: '' });
    expect(uqkit(at, 'export', '.', '--format', 'json', '-o', 'out.json')).toMatchObject({ status: 0 });
    const files = ['report.html', 'analysis.json', 'out.json'];
    const before = files.map((f) => readFileSync(join(at, f), 'utf8'));
    for (const text of before) expect(text.length).toBeGreaterThan(100_000);
    // Written again under a 64 KiB file size limit (bash's ulimit -f counts KiB; SQLite's files need less): EFBIG part way.
    const limited = (...args: string[]) => spawnSync('bash', ['-c', 'ulimit -f 64; exec "$0" "$@"', process.execPath, MAIN, ...args], { encoding: 'utf8', cwd: at });
    const r = limited('report', '.');
    expect(readFileSync(join(at, 'report.html'), 'utf8')).toBe(before[0]);
    expect(r).toMatchObject({ status: 1, stdout: '', stderr: `uqkit report: cannot write ${join(at, 'report.html')}: the file is too large (a file size limit?)\n` });
    const e = limited('export', '.', '--format', 'json', '-o', 'out.json');
    expect(readFileSync(join(at, 'out.json'), 'utf8')).toBe(before[2]);
    expect(e).toMatchObject({ status: 1, stderr: `uqkit export: cannot write out.json: the file is too large (a file size limit?)\n` });
    const u = limited('run', 'c.yaml', '--quiet');
    expect(readFileSync(join(at, 'analysis.json'), 'utf8')).toBe(before[1]);
    expect(u).toMatchObject({ status: 1, stderr: `uqkit run: cannot write ${join(at, 'analysis.json')}: the file is too large (a file size limit?)\n` });
    expect(files.map((f) => readFileSync(join(at, f), 'utf8'))).toEqual(before);
    expect(readdirSync(at).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
