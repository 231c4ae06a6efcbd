// MCMC campaigns: the sampler {kind: mcmc} run by Campaign.mcmc and `uqkit run`. The
// linear-Gaussian model y = a x + b with Gaussian priors and known noise against its
// closed-form posterior; an inferred noise against the posterior computed by quadrature; the
// adaptive proposal's moments against the covariance of the chain's states; kill -9 of
// `uqkit run` twice against an uninterrupted campaign, bit for bit; failed, ignored and
// out-of-range proposals; campaign-file mistakes; the chain table's schema step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Campaign, momentsCovariance, openStore, STORE_SCHEMA_VERSION, UqkitError, type RunningMoments } from 'uqkit';
import { downgradeSql, thrown } from './helpers.js';
import { MAIN, started, until } from './processes.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
const root = mkdtempSync(join(tmpdir(), 'uqkit-mcmc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const xs = [0, 0.25, 0.5, 0.75, 1];
const ys = [0.93, 1.61, 2.08, 2.47, 3.12];
const params = { a: { type: 'float', default: 0 }, b: { type: 'float', default: 0 } } as const;
const line = ({ a, b }: Record<string, unknown>) => ({ y: xs.map((x) => (a as number) * x + (b as number)) });

/** The posterior of (a, b) for y_i = a x_i + b + N(0, s^2), priors N(0, p^2) each: mean and covariance. */
function linearPosterior(s: number, p: number): { mean: [number, number]; cov: [number, number, number] } {
  // precision = X^T X / s^2 + I / p^2, X = [x, 1]
  const sxx = xs.reduce((t, x) => t + x * x, 0), sx = xs.reduce((t, x) => t + x, 0), n = xs.length;
  const A = sxx / s ** 2 + 1 / p ** 2, B = sx / s ** 2, D = n / s ** 2 + 1 / p ** 2;
  const det = A * D - B * B;
  const caa = D / det, cab = -B / det, cbb = A / det;
  const ra = xs.reduce((t, x, i) => t + x * ys[i]!, 0) / s ** 2, rb = ys.reduce((t, y) => t + y, 0) / s ** 2;
  return { mean: [caa * ra + cab * rb, cab * ra + cbb * rb], cov: [caa, cab, cbb] };
}

describe('Campaign.mcmc (in process)', () => {
  it('linear-Gaussian model: posterior means within 4 MCSE of the closed form, variances within tolerance', async () => {
    const campaign = Campaign.create(join(root, 'linear'), { name: 'linear', params, vary: { a: { dist: 'normal', mean: 0, std: 2 }, b: { dist: 'normal', mean: 0, std: 2 } } } as never);
    try {
      campaign.addSampler({ kind: 'mcmc', chains: 4, steps: 1200, seed: 3, proposal: { kind: 'adaptive', adaptAfter: 100 }, likelihood: { qoi: 'y', data: ys, noise: { sigma: 0.2 } } } as never);
      const r = await campaign.mcmc(undefined, { model: line });
      expect(r.finished).toBe(true);
      expect(r.step).toBe(1200);
      const m = campaign.mcmcAnalysis();
      expect(m).toMatchObject({ chains: 4, steps: 1200, burnIn: 600, draws: 600 });
      const post = linearPosterior(0.2, 2);
      (['a', 'b'] as const).forEach((k, i) => {
        const p = m.parameters[k]!;
        expect(p.rhat!).toBeLessThan(1.05); // 600 draws per chain: R-hat's own noise is of order 1/ESS
        expect(p.essBulk!).toBeGreaterThan(100); // a and b are correlated (-0.8): about 150 of the 2400 draws
        expect(Math.abs(p.mean - post.mean[i]!), k).toBeLessThan(4 * p.mcse!);
        const v = i === 0 ? post.cov[0] : post.cov[2];
        // the variance estimate's relative standard error is about sqrt(2 / ESS)
        expect(Math.abs(p.std ** 2 / v - 1), k).toBeLessThan(4 * Math.sqrt(2 / p.essBulk!));
        expect(p.q2_5).toBeLessThan(p.q50);
        expect(p.q50).toBeLessThan(p.q97_5);
      });
      m.acceptance.forEach((a) => expect(a).toBeGreaterThan(0.1));
      // The adaptive proposal's moments after step t are numpy's cov of the states 0..t.
      const rows = campaign.store.chainSteps(1).filter((s) => s.chain === 2);
      for (const t of [150, 1200]) {
        const states = rows.filter((s) => s.step <= t).map((s) => s.state);
        const mean = [0, 1].map((j) => states.reduce((u, x) => u + x[j]!, 0) / states.length);
        const cov = [0, 1].flatMap((i) => [0, 1].map((j) => states.reduce((u, x) => u + (x[i]! - mean[i]!) * (x[j]! - mean[j]!), 0) / (states.length - 1)));
        const C = momentsCovariance(rows[t]!.moments as unknown as RunningMoments);
        C.forEach((c, k) => expect(Math.abs(c - cov[k]!)).toBeLessThan(1e-12 * Math.abs(cov[0]!)));
      }
      // Every proposal with a run evaluated the model once: runs are the distinct proposals.
      expect(campaign.counts().done).toBe(new Set(campaign.store.chainSteps(1).filter((s) => s.runId !== null).map((s) => s.runId)).size);
    } finally {
      campaign.close();
    }
  }, 120_000);

  it('inferred noise: the posterior of (b, sigma) matches quadrature of the exact density', async () => {
    // y_i = b + noise, b ~ N(0, 3^2), sigma ~ lognormal(log 0.3, 0.5): the posterior's means by a 2-D grid.
    const data = [1.1, 0.7, 1.4, 0.9, 1.2, 0.6];
    const campaign = Campaign.create(join(root, 'noise'), { name: 'noise', params: { b: { type: 'float', default: 0 } }, vary: { b: { dist: 'normal', mean: 0, std: 3 } } } as never);
    try {
      campaign.addSampler({ kind: 'mcmc', chains: 4, steps: 1000, seed: 5, proposal: { kind: 'random-walk', scale: { b: 0.2, sigma: 0.4 } }, likelihood: { data, noise: { infer: { dist: 'lognormal', mu: Math.log(0.3), sigma: 0.5 } } } } as never);
      await campaign.mcmc(undefined, { model: ({ b }) => ({ y: data.map(() => b as number) }) });
      const m = campaign.mcmcAnalysis();
      expect(Object.keys(m.parameters)).toEqual(['b', 'sigma']);
      // exact posterior moments on a grid
      let Z = 0, Eb = 0, Es = 0;
      for (let i = 0; i < 600; i++) {
        const b = -1 + (3 * (i + 0.5)) / 600;
        for (let j = 0; j < 600; j++) {
          const s = 0.02 + (2 * (j + 0.5)) / 600;
          const lp = -0.5 * (b / 3) ** 2 - Math.log(s) - 0.5 * ((Math.log(s) - Math.log(0.3)) / 0.5) ** 2
            - data.length * Math.log(s) - data.reduce((t, y) => t + (y - b) ** 2, 0) / (2 * s * s);
          const w = Math.exp(lp);
          Z += w; Eb += w * b; Es += w * s;
        }
      }
      expect(Math.abs(m.parameters.b!.mean - Eb / Z)).toBeLessThan(4 * m.parameters.b!.mcse!);
      expect(Math.abs(m.parameters.sigma!.mean - Es / Z)).toBeLessThan(4 * m.parameters.sigma!.mcse!);
      expect(m.parameters.sigma!.rhat!).toBeLessThan(1.02);
    } finally {
      campaign.close();
    }
  }, 120_000);

  it('rejects proposals outside the parameters\' range without a run; a failed run stops with its reason; an ignored one is rejected', async () => {
    const campaign = Campaign.create(join(root, 'edges'), {
      name: 'edges', params: { a: { type: 'float', default: 0.5, min: 0, max: 1 }, b: { type: 'float', default: 0 } },
      vary: { a: { dist: 'uniform', low: 0, high: 1 }, b: { dist: 'normal', mean: 0, std: 1 } },
    } as never);
    try {
      campaign.addSampler({ kind: 'mcmc', chains: 2, steps: 30, seed: 1, start: { a: 0.95, b: 0 }, proposal: { kind: 'random-walk', scale: { a: 0.3, b: 0.3 } }, likelihood: { data: ys, noise: { sigma: 0.5 } } } as never);
      let calls = 0;
      const failAt = new Set<number>();
      const model = (p: Record<string, unknown>) => {
        calls++;
        if (failAt.has(calls)) throw new Error('the solver diverged');
        return line(p);
      };
      await campaign.mcmc(undefined, { model, signal: AbortSignal.abort() });
      const r = await campaign.mcmc(undefined, { model });
      expect(r.finished).toBe(true);
      const rows = campaign.store.chainSteps(1);
      const outside = rows.filter((s) => s.runId === null);
      expect(outside.length).toBeGreaterThan(0); // steps of 0.3 from near 1 leave U(0, 1)
      outside.forEach((s) => {
        expect(s.reason).toBe('outside the support of the prior');
        expect(s.accepted).toBe(false);
        expect(s.state).toEqual(rows.find((q) => q.chain === s.chain && q.step === s.step - 1)!.state);
      });
      // a failed run: the next campaign stops with the run and its reason
      const more = Campaign.create(join(root, 'edges-fail'), { name: 'edges-fail', params, vary: { a: { dist: 'normal', mean: 0, std: 1 }, b: { dist: 'normal', mean: 0, std: 1 } } } as never);
      try {
        more.addSampler({ kind: 'mcmc', chains: 2, steps: 10, seed: 1, likelihood: { data: ys, noise: { sigma: 0.5 } } } as never);
        calls = 0;
        failAt.add(7);
        const e = await more.mcmc(undefined, { model }).then(() => null, (x: unknown) => x as UqkitError);
        expect(e).toBeInstanceOf(UqkitError);
        expect(e!.message).toMatch(/step \d+ of the chains needs its runs, and 1 did not finish \(run \d+ failed: .*the solver diverged/);
        const failed = more.runs({ status: 'failed' });
        expect(failed).toHaveLength(1);
        const stepBefore = Math.max(...more.store.chainSteps(1).map((s) => s.step));
        // onFailedRun: reject: the same chains as ignoring the failed run (below), the reason recorded
        const rejecting = Campaign.create(join(root, 'edges-reject'), { name: 'edges-reject', params, vary: { a: { dist: 'normal', mean: 0, std: 1 }, b: { dist: 'normal', mean: 0, std: 1 } } } as never);
        let rejected: ReturnType<typeof rejecting.store.chainSteps>;
        try {
          rejecting.addSampler({ kind: 'mcmc', chains: 2, steps: 10, seed: 1, onFailedRun: 'reject', likelihood: { data: ys, noise: { sigma: 0.5 } } } as never);
          calls = 0;
          const ok = await rejecting.mcmc(undefined, { model });
          expect(ok.finished).toBe(true);
          expect(rejecting.runs({ status: 'failed' })).toHaveLength(1);
          rejected = rejecting.store.chainSteps(1);
          expect(rejected.filter((s) => s.reason !== null).map((s) => s.reason)).toEqual([expect.stringMatching(/^run \d+ failed: .*the solver diverged/)]);
        } finally {
          rejecting.close();
        }
        // ignored on purpose: the proposal is rejected with the reason, and the chains go on
        more.ignore([failed[0]!.id], 'diverges there');
        const done = await more.mcmc(undefined, { model });
        expect(done.finished).toBe(true);
        const row = more.store.chainSteps(1).find((s) => s.runId === failed[0]!.id && s.step === stepBefore + 1)!;
        expect(row).toMatchObject({ accepted: false });
        expect(row.reason).toMatch(new RegExp(`^run ${failed[0]!.id} ignored: diverges there`));
        const strip = (rows: typeof rejected) => rows.map(({ runId: _r, reason: _w, ...rest }) => rest);
        expect(strip(more.store.chainSteps(1))).toEqual(strip(rejected));
      } finally {
        more.close();
      }
    } finally {
      campaign.close();
    }
  }, 120_000);
});

describe('the chain table', () => {
  it('a store of version 6 is upgraded in place (the chain table added)', () => {
    const dir = join(root, 'upgrade');
    const c = Campaign.create(dir, { name: 'upgrade', params, vary: { a: { dist: 'normal' }, b: { dist: 'normal' } } } as never);
    c.close();
    const raw = new Sqlite(join(dir, 'campaign.db'));
    raw.exec(downgradeSql(STORE_SCHEMA_VERSION - 1, STORE_SCHEMA_VERSION));
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'chain'").get()).toEqual({ n: 0 });
    raw.close();
    const up = openStore(join(dir, 'campaign.db'), { create: false });
    try {
      expect(up.info().schemaVersion).toBe(STORE_SCHEMA_VERSION);
      expect(up.chainSteps(1)).toEqual([]);
    } finally {
      up.close();
    }
  });
});

describe('uqkit run with an mcmc sampler (local processes)', () => {
  const setup = (name: string, extra = ''): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.sh'), `#!/bin/sh
echo "$UQKIT_RUN_ID" >> "${join(dir, 'attempts')}"
read a b < in.txt
sleep 0.02
awk -v a="$a" -v b="$b" 'BEGIN { printf "{\\"y\\": [%.17g, %.17g, %.17g, %.17g, %.17g]}\\n", b, 0.25 * a + b, 0.5 * a + b, 0.75 * a + b, a + b }' > out.json
`);
    writeFileSync(join(dir, 'in.template'), '$a $b\n');
    writeFileSync(join(dir, 'data.csv'), `x,y\n${xs.map((x, i) => `${x},${ys[i]}`).join('\n')}\n`);
    writeFileSync(join(dir, 'c.yaml'), `name: mc
params:
  a: { type: float, default: 0 }
  b: { type: float, default: 0 }
vary:
  a: { dist: normal, mean: 0, std: 2 }
  b: { dist: normal, mean: 0, std: 2 }
sampler:
  kind: mcmc
  chains: 3
  steps: 40
  seed: 7
  proposal: { kind: adaptive, adaptAfter: 10, scale: { a: 0.3, b: 0.3 } }
  likelihood:
    qoi: y
    data: { file: data.csv, column: y }
    noise: { sigma: 0.2 }
encoder: { kind: template, template: in.template, target: in.txt }
runner: { kind: local, command: [sh, ./model.sh], concurrency: 3 }
decoder: { kind: json, file: out.json }
${extra}`);
    return dir;
  };
  const uqkit = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  const attempts = (dir: string): number[] => (existsSync(join(dir, 'attempts')) ? readFileSync(join(dir, 'attempts'), 'utf8').trim().split('\n').map(Number) : []);
  const chain = (dir: string) => {
    const s = openStore(join(dir, 'mc.uqkit', 'campaign.db'), { create: false, readonly: true });
    try {
      return s.chainSteps(1);
    } finally {
      s.close();
    }
  };

  it('two kill -9 during the chains: the same chains, bit for bit, and no finished run executed again', async () => {
    const plain = setup('plain');
    const r0 = uqkit(plain, 'run', 'c.yaml', '--quiet');
    expect(r0.stderr).toBe('');
    expect(r0.status).toBe(0);
    const plainChain = chain(plain);
    expect(plainChain).toHaveLength(3 * 41);
    const total = attempts(plain).length;
    expect(new Set(attempts(plain)).size).toBe(total);

    const killed = setup('killed');
    for (const after of [15, 60]) {
      const run = started(killed, 'run', 'c.yaml', '--quiet');
      expect(await until(() => attempts(killed).length >= after, 60_000)).toBe(true);
      run.child.kill('SIGKILL');
      expect((await run.done).status).toBe(null);
      const st = uqkit(killed, 'status', 'mc.uqkit');
      expect(st.status).toBe(0);
      expect(st.stdout).toMatch(/sampler 1: \{.*"kind":"mcmc".*\}, (chains: not started|3 chains at step \d+ of 40, acceptance \d\.\d\d \d\.\d\d \d\.\d\d)\n/);
    }
    expect(chain(killed).length).toBeLessThan(3 * 41); // both kills before the end
    const last = uqkit(killed, 'run', 'c.yaml', '--quiet');
    expect(last.stderr).toBe('');
    expect(last.status).toBe(0);
    // The same chains: proposals, runs' parameters, log posteriors, decisions, states, moments.
    const strip = (rows: ReturnType<typeof chain>) => rows.map(({ runId: _r, ...rest }) => rest);
    expect(strip(chain(killed))).toEqual(strip(plainChain));
    // No finished run executed again: a run id appears twice only if it was in flight at a kill.
    const counts = new Map<number, number>();
    for (const id of attempts(killed)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(total);
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(6); // at most 3 in flight per kill
    // The analysis, printed and as JSON, is the same.
    const json = (dir: string) => JSON.parse(uqkit(dir, 'analyse', 'mc.uqkit', '--json').stdout) as { method: string; mcmc: { parameters: Record<string, { mean: number }>; acceptance: number[] } };
    expect(json(killed).mcmc).toEqual(json(plain).mcmc);
    expect(json(plain).method).toMatch(/^MCMC \(adaptive\), 3 chains, 40 steps, burn-in 20/);
    expect(Object.keys(json(plain).mcmc.parameters)).toEqual(['a', 'b']);
    const text = uqkit(plain, 'analyse', 'mc.uqkit');
    expect(text.stdout).toMatch(/chains: 3, steps 40 of 40, burn-in 20, 20 draws per chain\nacceptance: [\d. ]+\n\s+mean\s+std\s+2\.5%\s+50%\s+97\.5%\s+R-hat\s+ESS\s+MCSE\n\s+a\s/);
    const st = uqkit(plain, 'status', 'mc.uqkit');
    expect(st.stdout).toMatch(/3 chains at step 40 of 40, acceptance/);
    // The report has the MCMC section: a trace and a histogram per parameter.
    const html = readFileSync(join(plain, 'mc.uqkit', 'report.html'), 'utf8');
    expect(html).toContain('<h2>MCMC chains</h2>');
    expect(html.match(/<polyline class="mcmc-trace"/g)).toHaveLength(6);
    expect(html.match(/class="mcmc-param"/g)).toHaveLength(2);
  }, 240_000);

  it('analysis.burnIn changes the burn-in; one that leaves no draw is named with its line', () => {
    const dir = setup('burnin', 'analysis: { burnIn: 30 }\n');
    const r = uqkit(dir, 'run', 'c.yaml', '--quiet', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).mcmc).toMatchObject({ burnIn: 30, draws: 10 });
    // More steps: a new sampler whose chains replay the first 40 steps on the runs already done.
    const before = attempts(dir).length;
    writeFileSync(join(dir, 'c.yaml'), readFileSync(join(dir, 'c.yaml'), 'utf8').replace('steps: 40', 'steps: 45'));
    expect(uqkit(dir, 'run', 'c.yaml', '--quiet').status).toBe(0);
    expect(attempts(dir).length - before).toBeLessThanOrEqual(3 * 5);
    const s = openStore(join(dir, 'mc.uqkit', 'campaign.db'), { create: false, readonly: true });
    try {
      const strip = (rows: ReturnType<typeof s.chainSteps>) => rows.filter((x) => x.step <= 40).map(({ runId: _r, ...rest }) => rest);
      expect(strip(s.chainSteps(2))).toEqual(strip(s.chainSteps(1)));
      expect(Math.max(...s.chainSteps(2).map((x) => x.step))).toBe(45);
    } finally {
      s.close();
    }
    // uqkit analyse --burn-in overrides the file's
    expect(JSON.parse(uqkit(dir, 'analyse', 'mc.uqkit', '--json', '--burn-in', '44').stdout).mcmc).toMatchObject({ burnIn: 44, draws: 1, steps: 45 });
    const over = uqkit(dir, 'analyse', 'mc.uqkit', '--burn-in', '45');
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('uqkit analyse: burn-in (analysis.burnIn, --burn-in): expected an integer from 0 to 44, got 45 (fewer than the 45 steps recorded)\n');
    expect(uqkit(dir, 'analyse', 'mc.uqkit', '--burn-in', 'half').stderr).toBe('uqkit analyse: --burn-in "half": expected a number of steps (an integer >= 0)\n');
    const text = readFileSync(join(dir, 'c.yaml'), 'utf8').replace('burnIn: 30', 'burnIn: 45');
    writeFileSync(join(dir, 'c.yaml'), text);
    const bad = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`uqkit run: c.yaml:${text.split('\n').findIndex((l) => l.includes('burnIn')) + 1}: analysis.burnIn: expected fewer than the sampler's 45 steps (the draws are the states after it), got 45\n`);
  }, 120_000);

  it('campaign-file mistakes name the file, line and field', () => {
    const dir = setup('mistakes');
    const cases: [string, string, RegExp, string?][] = [
      ['noise: { sigma: 0.2 }', 'noise: { sigma: -1 }', /sampler\.likelihood\.noise\.sigma: expected a number > 0/],
      ['column: y }', 'column: z }', /sampler\.likelihood\.data\.column: expected a column of .*data\.csv \(it has x, y\)/],
      ['steps: 40', 'steps: 0', /sampler\.steps: /],
      ['kind: adaptive,', 'kind: hmc,', /sampler\.proposal\.kind: expected 'random-walk' or 'adaptive'/],
      ['seed: 7', 'seed: 7\n  start: { a: 0 }', /sampler\.start\.b: expected a number/],
      ['b: { type: float, default: 0 }', 'b: { type: integer, default: 0 }', /vary\.b: expected a float parameter: an mcmc sampler moves the uncertain parameters continuously \(params\.b is integer\)/, 'b: { dist: normal'],
    ];
    const text = readFileSync(join(dir, 'c.yaml'), 'utf8');
    for (const [from, to, want, lineOf] of cases) {
      const changed = text.replace(from, to);
      writeFileSync(join(dir, 'c.yaml'), changed);
      const r = uqkit(dir, 'run', 'c.yaml', '--quiet');
      expect(r.status, to).toBe(1);
      expect(r.stderr, to).toMatch(want);
      const at = changed.split('\n').findIndex((l) => l.includes(lineOf ?? to.split('\n').at(-1)!.trim())) + 1;
      expect(r.stderr, to).toMatch(new RegExp(`^uqkit run: c\\.yaml:${at}: `));
      expect(r.stderr.trim().split('\n'), to).toHaveLength(1);
    }
  }, 60_000);
});

describe('Campaign.mcmc errors', () => {
  it('names the MCMC samplers when the id is not one', async () => {
    const c = Campaign.create(join(root, 'not-mcmc'), { name: 'not', params, vary: { a: { dist: 'normal' }, b: { dist: 'normal' } } } as never);
    try {
      c.addSampler({ kind: 'random', seed: 1, n: 2 });
      const e = await c.mcmc().then(() => null, (x: Error) => x);
      expect(e).toMatchObject({ field: 'samplerId' });
      expect(e!.message).toMatch(/an MCMC sampler .* it has none/);
      expect(thrown(() => c.mcmcAnalysis())).toMatchObject({ field: 'samplerId' });
    } finally {
      c.close();
    }
  });
});
