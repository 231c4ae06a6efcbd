// Adaptive stochastic collocation in a campaign: the sampler {kind: sc, grid: adaptive}
// refined batch by batch (Campaign.refine, `uqkit run`), checked against the exact moments
// and Sobol' indices of a product of exponentials; the refinement table and its schema step;
// kill -9 of `uqkit run` twice during refinement against an uninterrupted campaign, bit for bit.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse, Campaign, InvalidArgumentError, openStore, STORE_SCHEMA_VERSION, type AnalysisRun } from 'uqkit';
import { downgradeSql, thrown } from './helpers.js';
import { MAIN, started, until } from './processes.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
const root = mkdtempSync(join(tmpdir(), 'uqkit-adaptive-sc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// f = exp(c1 a + c2 b + c3 d), a, b, d ~ U(-1, 1): with m_j = sinh(c_j)/c_j = E[e^{c_j x}] and
// q_j = sinh(2 c_j)/(2 c_j) = E[e^{2 c_j x}], E f = prod m, V = prod q - prod m^2, the main
// effect of input j has variance (q_j - m_j^2) prod_{k != j} m_k^2, and its total effect
// (q_j - m_j^2) prod_{k != j} q_k.
const c = [1, 0.5, 0.1];
const m = c.map((x) => Math.sinh(x) / x), q = c.map((x) => Math.sinh(2 * x) / (2 * x));
const M = m.reduce((s, x) => s * x), Q = q.reduce((s, x) => s * x), V = Q - M * M;
const S = c.map((_, j) => ((q[j]! - m[j]! ** 2) * (M * M)) / m[j]! ** 2 / V);
const ST = c.map((_, j) => ((q[j]! - m[j]! ** 2) * Q) / q[j]! / V);
const vary = { a: { dist: 'uniform', low: -1, high: 1 }, b: { dist: 'uniform', low: -1, high: 1 }, d: { dist: 'uniform', low: -1, high: 1 } } as const;
const params = { a: { type: 'float', default: 0 }, b: { type: 'float', default: 0 }, d: { type: 'float', default: 0 } } as const;

describe('Campaign.refine (in process)', () => {
  it('refines to the tolerance; moments and Sobol\' indices from the final grid match the exact ones', async () => {
    const campaign = Campaign.create(join(root, 'api'), { name: 'api', params, vary } as never);
    try {
      const added = campaign.addSampler({ kind: 'sc', grid: 'adaptive', tolerance: 1e-9 });
      expect(added).toMatchObject({ added: 0, reused: 0 }); // runs come batch by batch
      let calls = 0;
      const r = await campaign.refine(undefined, { model: (p) => { calls++; return { y: Math.exp(c[0]! * (p.a as number) + c[1]! * (p.b as number) + c[2]! * (p.d as number)) }; } });
      expect(r.finished).toBe(true);
      expect(r.step!.stop).toBe('tolerance');
      expect(r.step!.error).toBeLessThanOrEqual(1e-9);
      expect(calls).toBe(r.step!.points); // every point executed once
      expect(campaign.counts()).toMatchObject({ done: r.step!.points, total: r.step!.points });
      // One refinement row per batch, the last the final state.
      const steps = campaign.store.refinement(added.sampler);
      expect(steps.map((s) => s.step)).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
      expect(steps.length).toBeGreaterThan(10);
      expect(steps.at(-1)).toMatchObject({ points: r.step!.points, stop: 'tolerance' });
      expect(steps.at(-1)!.old + steps.at(-1)!.active).toBe(steps.at(-1)!.indices.old.length + steps.at(-1)!.indices.active.length);
      // The grid is anisotropic as f is: input a refined furthest.
      const levels = [...steps.at(-1)!.indices.old, ...steps.at(-1)!.indices.active].map((x) => x[0]);
      const top = [0, 1, 2].map((j) => Math.max(...levels.map((l) => l[j]!)));
      expect(top[0]).toBeGreaterThan(Math.max(top[1]!, top[2]!));
      // Refining again does nothing.
      const again = await campaign.refine(added.sampler, { model: () => { throw new Error('no run expected'); } });
      expect(again).toMatchObject({ finished: true, step: { step: r.step!.step } });

      const runs: AnalysisRun[] = campaign.store.results({ samplers: [added.sampler] }).map((x) => ({ params: x.params as AnalysisRun['params'], outputs: x.outputs as Record<string, number> }));
      const res = analyse({ sampler: campaign.samplers()[0]!.spec, vary, runs });
      expect(res.method).toMatch(/^stochastic collocation \(adaptive sparse grid, \d+ indices\), \d+ runs$/);
      expect(res.warnings).toEqual([]);
      const y = res.analysis.y!;
      expect(Math.abs((y.mean as number) - M)).toBeLessThan(1e-10);
      expect(Math.abs((y.variance as number) - V)).toBeLessThan(1e-9);
      const first = y.sobolFirst as Record<string, number>, total = y.sobolTotal as Record<string, number>;
      ['a', 'b', 'd'].forEach((k, j) => {
        expect(Math.abs(first[k]! - S[j]!), k).toBeLessThan(1e-8);
        expect(Math.abs(total[k]! - ST[j]!), k).toBeLessThan(1e-8);
      });
      // A smaller tolerance goes through the same batches first: every run of the first grid
      // is reused, only the new points execute.
      const finer = campaign.addSampler({ kind: 'sc', grid: 'adaptive', tolerance: 1e-10 });
      calls = 0;
      const r2 = await campaign.refine(finer.sampler, { model: (p) => { calls++; return { y: Math.exp(c[0]! * (p.a as number) + c[1]! * (p.b as number) + c[2]! * (p.d as number)) }; } });
      expect(r2.step!.points).toBeGreaterThan(r.step!.points);
      expect(campaign.counts().total).toBe(r2.step!.points);
      expect(calls).toBe(r2.step!.points - r.step!.points);
      expect(campaign.store.refinement(finer.sampler).slice(0, steps.length - 1).map(({ samplerId: _s, createdAt: _c, ...x }) => x))
        .toEqual(steps.slice(0, -1).map(({ samplerId: _s, createdAt: _c, ...x }) => x));
    } finally {
      campaign.close();
    }
  });

  it('mistakes: a sampler that is not adaptive, a bad tolerance, several outputs without qoi, a batch with a failed run', async () => {
    const campaign = Campaign.create(join(root, 'bad'), { name: 'bad', params, vary } as never);
    try {
      campaign.addSampler({ kind: 'sc', order: 1 });
      const e1 = await campaign.refine(1, { model: () => ({ y: 1 }) }).catch((x: unknown) => x);
      expect(e1).toBeInstanceOf(InvalidArgumentError);
      expect((e1 as Error).message).toMatch(/^samplerId: expected the id of an adaptive sampler \(\{kind: sc, grid: adaptive\}\) of this campaign: it has none, got 1/);
      expect(thrown(() => campaign.addSampler({ kind: 'sc', grid: 'adaptive', tolerance: -1 })).message).toMatch(/^sampler\.tolerance: expected a number >= 0/);
      expect(thrown(() => campaign.addSampler({ kind: 'sc', grid: 'adaptive', order: 2 } as never)).message).toMatch(/^sampler\.order: expected no such option/);
      const two = campaign.addSampler({ kind: 'sc', grid: 'adaptive', maxRuns: 50 });
      const e2 = await campaign.refine(two.sampler, { model: () => ({ y: 1, z: 2 }) }).catch((x: unknown) => x);
      expect(e2).toBeInstanceOf(InvalidArgumentError);
      expect((e2 as Error).message).toMatch(/^sampler\.qoi: expected the name of the output to refine on \(the runs have y, z\)/);
      const three = campaign.addSampler({ kind: 'sc', grid: 'adaptive', qoi: 'z', maxRuns: 60 });
      const e3 = await campaign.refine(three.sampler, { model: (p) => { if ((p.a as number) > 0.5) throw new Error('boom'); return { y: 1, z: 2 }; } }).catch((x: unknown) => x);
      expect((e3 as Error).message).toMatch(/^sampler 3: adaptive stochastic collocation needs every run of a batch, and 1 of the \d+ runs of batch \d+ did not finish \(run \d+ failed\)/);
    } finally {
      campaign.close();
    }
  });

  it('stopped between batches (signal) and reopened: the same steps as without the stop, no run executed twice', async () => {
    const f = (p: Record<string, unknown>) => ({ y: Math.exp(c[0]! * (p.a as number) + c[1]! * (p.b as number) + c[2]! * (p.d as number)) });
    const whole = Campaign.create(join(root, 'whole'), { name: 'whole', params, vary } as never);
    const spec = { kind: 'sc', grid: 'adaptive', tolerance: 1e-6 } as const;
    let wholeSteps;
    try {
      const { sampler } = whole.addSampler(spec);
      await whole.refine(sampler, { model: f });
      wholeSteps = whole.store.refinement(sampler).map(({ createdAt: _c, ...x }) => x);
    } finally {
      whole.close();
    }
    const dir = join(root, 'stopped');
    const seen = new Set<string>();
    let twice = 0;
    const counted = (p: Record<string, unknown>) => {
      const key = JSON.stringify(p);
      if (seen.has(key)) twice++;
      seen.add(key);
      return f(p);
    };
    const first = Campaign.create(dir, { name: 'stopped', params, vary } as never);
    const { sampler } = first.addSampler(spec);
    for (const stopAfter of [5, 40, 90]) {
      const campaign = stopAfter === 5 ? first : Campaign.open(dir);
      try {
        const controller = new AbortController();
        let calls = 0;
        const r = await campaign.refine(sampler, { signal: controller.signal, model: (p) => { if (++calls >= stopAfter) controller.abort(); return counted(p); } });
        expect(r.finished).toBe(false);
        expect(campaign.counts()).toMatchObject({ new: 0, running: 0 }); // the batch in flight finished
      } finally {
        campaign.close();
      }
    }
    const last = Campaign.open(dir);
    try {
      const r = await last.refine(sampler, { model: counted });
      expect(r.finished).toBe(true);
      expect(last.store.refinement(sampler).map(({ createdAt: _c, ...x }) => x)).toEqual(wholeSteps);
      expect(twice).toBe(0);
      expect(seen.size).toBe(r.step!.points);
    } finally {
      last.close();
    }
  });

  it('a vector QoI: refined on every entry (and its square); the analysis gives each entry\'s moments', async () => {
    const campaign = Campaign.create(join(root, 'vector'), { name: 'vector', params, vary } as never);
    try {
      const { sampler } = campaign.addSampler({ kind: 'sc', grid: 'adaptive', tolerance: 1e-9, qoi: 'v' });
      // v = [e^{a}, e^{0.1 d}]: each entry refines its own input; a text output beside it is ignored.
      const r = await campaign.refine(sampler, { model: (p) => ({ v: [Math.exp(p.a as number), Math.exp(0.1 * (p.d as number))], w: 'text' }) });
      expect(r.step!.stop).toBe('tolerance');
      const runs: AnalysisRun[] = campaign.store.results({ samplers: [sampler] }).map((x) => ({ params: x.params as AnalysisRun['params'], outputs: x.outputs as AnalysisRun['outputs'] }));
      const res = analyse({ sampler: campaign.samplers()[0]!.spec, vary, runs, qois: ['v'] });
      const mean = res.analysis.v!.mean as number[], variance = res.analysis.v!.variance as number[];
      expect(Math.abs(mean[0]! - Math.sinh(1))).toBeLessThan(1e-10);
      expect(Math.abs(mean[1]! - Math.sinh(0.1) / 0.1)).toBeLessThan(1e-12);
      expect(Math.abs(variance[0]! - (Math.sinh(2) / 2 - Math.sinh(1) ** 2))).toBeLessThan(1e-9);
      expect(thrown(() => campaign.addSampler({ kind: 'replica', of: { kind: 'sc', grid: 'adaptive' }, replicas: 2 })).message).toMatch(/^sampler\.of: expected a sampler that is not adaptive/);
    } finally {
      campaign.close();
    }
  });
});

describe('the refinement table (schema step 6)', () => {
  it('a store of version 5 is upgraded in place and records refinement steps', () => {
    const dir = join(root, 'legacy');
    mkdirSync(dir);
    const path = join(dir, 'campaign.db');
    const s = openStore(path);
    s.add([{ params: { x: 1 } }]);
    s.close();
    const raw = new Sqlite(path);
    raw.exec(downgradeSql(5, STORE_SCHEMA_VERSION));
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'refinement'").get()).toEqual({ n: 0 });
    raw.close();
    const up = openStore(path, { create: false });
    try {
      expect(up.info().schemaVersion).toBe(STORE_SCHEMA_VERSION);
      expect(up.counts()).toMatchObject({ total: 1 });
      const id = up.addSampler('sc', {});
      up.recordRefinement(id, { step: 1, points: 7, error: 0.5, old: 1, active: 3, stop: null, indices: { old: [[[0, 0], 1]], active: [[[1, 0], 0.25, 0.25], [[0, 1], 0, null], [[0, 0, 1], null, null]] } });
      up.recordRefinement(id, { step: 1, points: 7, error: Infinity, old: 1, active: 3, stop: 'tolerance', indices: { old: [], active: [] } }); // replaces
      expect(up.refinement(id)).toMatchObject([{ samplerId: id, step: 1, points: 7, error: Infinity, stop: 'tolerance', indices: { old: [], active: [] } }]);
      expect(up.refinement(id + 1)).toEqual([]);
    } finally {
      up.close();
    }
  });
});

describe('uqkit run: kill -9 during refinement resumes without losing or repeating a finished run', () => {
  const setup = (name: string): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.sh'), `#!/bin/sh
echo "$UQKIT_RUN_ID" >> "${join(dir, 'attempts')}"
read a b d < in.txt
sleep 0.03
awk -v a="$a" -v b="$b" -v d="$d" 'BEGIN { printf "{\\"y\\": %.17g}\\n", exp(a + 0.5 * b + 0.1 * d) }' > out.json
`);
    writeFileSync(join(dir, 'in.template'), '$a $b $d\n');
    writeFileSync(join(dir, 'c.yaml'), `name: asc
params:
  a: { type: float, default: 0 }
  b: { type: float, default: 0 }
  d: { type: float, default: 0 }
vary:
  a: { dist: uniform, low: -1, high: 1 }
  b: { dist: uniform, low: -1, high: 1 }
  d: { dist: uniform, low: -1, high: 1 }
sampler: { kind: sc, grid: adaptive, tolerance: 1e-4, maxRuns: 400 }
encoder: { kind: template, template: in.template, target: in.txt }
runner: { kind: local, command: [sh, ./model.sh], concurrency: 2 }
decoder: { kind: json, file: out.json }
`);
    return dir;
  };
  const uqkit = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  const attempts = (dir: string): number[] => (existsSync(join(dir, 'attempts')) ? readFileSync(join(dir, 'attempts'), 'utf8').trim().split('\n').map(Number) : []);
  const steps = (dir: string) => {
    const s = openStore(join(dir, 'asc.uqkit', 'campaign.db'), { create: false, readonly: true });
    try {
      return s.refinement(1).map(({ createdAt: _c, ...rest }) => rest);
    } finally {
      s.close();
    }
  };

  it('two kill -9 at different points of refinement: the same runs, outputs, steps and analysis as an uninterrupted campaign', async () => {
    const plain = setup('plain');
    const r0 = uqkit(plain, 'run', 'c.yaml', '--quiet');
    expect(r0.stderr).toBe('');
    expect(r0.status).toBe(0);
    const total = attempts(plain).length;
    expect(new Set(attempts(plain)).size).toBe(total); // each run once
    const plainSteps = steps(plain);
    expect(plainSteps.at(-1)!.stop).toBe('tolerance');
    expect(plainSteps.length).toBeGreaterThan(8);

    const killed = setup('killed');
    const seen: number[] = [];
    for (const after of [12, 60]) {
      const run = started(killed, 'run', 'c.yaml', '--quiet');
      expect(await until(() => attempts(killed).length >= after, 60_000)).toBe(true);
      run.child.kill('SIGKILL');
      const out = await run.done;
      expect(out.status).toBe(null);
      seen.push(attempts(killed).length);
      // uqkit status shows where refinement stands
      const st = uqkit(killed, 'status', 'asc.uqkit');
      expect(st.status).toBe(0);
      expect(st.stdout).toMatch(/sampler 1: \{"grid":"adaptive","kind":"sc","maxRuns":400,"tolerance":0\.0001\}, refinement: (not started|step \d+, \d+ points, error [^,]+, \d+ old and \d+ active indices, going on)\n/);
    }
    expect(seen[1]!).toBeLessThan(total); // both kills during refinement
    const last = uqkit(killed, 'run', 'c.yaml', '--quiet');
    expect(last.stderr).toBe('');
    expect(last.status).toBe(0);
    // No finished run executed again: a run id appears twice only if it was in flight at a kill.
    const all = attempts(killed);
    const counts = new Map<number, number>();
    for (const id of all) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(total);
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(4); // at most 2 in flight per kill
    // The same grid, bit for bit: steps (index sets, surpluses, errors), outputs and analysis.
    expect(steps(killed)).toEqual(plainSteps);
    const exported = (dir: string) => uqkit(dir, 'export', 'asc.uqkit', '--format', 'json').stdout;
    expect(JSON.parse(exported(killed)).sort((x: { a: number; b: number; d: number }, y: { a: number; b: number; d: number }) => x.a - y.a || x.b - y.b || x.d - y.d))
      .toEqual(JSON.parse(exported(plain)).sort((x: { a: number; b: number; d: number }, y: { a: number; b: number; d: number }) => x.a - y.a || x.b - y.b || x.d - y.d));
    const analysis = (dir: string) => JSON.parse(readFileSync(join(dir, 'asc.uqkit', 'analysis.json'), 'utf8')) as { analysis: { y: { mean: number; variance: number; sobolFirst: Record<string, number>; sobolTotal: Record<string, number> } } };
    expect(analysis(killed).analysis).toEqual(analysis(plain).analysis);
    const y = analysis(plain).analysis.y;
    expect(Math.abs(y.mean - M)).toBeLessThan(1e-6);
    expect(Math.abs(y.variance - V)).toBeLessThan(1e-4); // tolerance 1e-4 on the surpluses of y and y^2
    ['a', 'b', 'd'].forEach((k, j) => {
      expect(Math.abs(y.sobolFirst[k]! - S[j]!), k).toBeLessThan(1e-4);
      expect(Math.abs(y.sobolTotal[k]! - ST[j]!), k).toBeLessThan(1e-4);
    });
  }, 180_000);
});
