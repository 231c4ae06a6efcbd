// The Campaign facade (src/campaign/campaign.ts) on real SQLite files and real run directories
// in a temp dir: config checks, defaults filled before hashing, reuse across samplers, invalid
// runs, sampler continuation across reopening (bit for bit), execution (in process, local
// processes, a module), recollation after a decoding failure, results as columns, CSV/JSON
// export read back.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyse,
  Campaign,
  InvalidArgumentError,
  InvalidParameterError,
  Normal,
  runHash,
  RunStateError,
  sampler,
  StoreError,
  runDirectory,
  UqkitError,
  type CampaignConfig,
} from 'uqkit';
import { thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-campaign-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirNo = 0;
const newDir = (): string => join(root, `c${++dirNo}`);

const config: CampaignConfig = {
  name: 'beam',
  params: {
    x: { type: 'float', min: 0, max: 1, default: 0.5 },
    n: { type: 'integer', min: 1, max: 10, default: 3 },
    label: { type: 'string', default: 'a' },
    flag: { type: 'boolean', default: false },
  },
  vary: { x: { dist: 'uniform', low: 0, high: 1 }, n: { dist: 'discreteuniform', low: 1, high: 10 } },
};

/** Minimal RFC 4180 reader for the export test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else cell += c;
  }
  return rows;
}

describe('Campaign config', () => {
  it('refuses uncertain parameters that are not declared, not numeric, or whose support leaves the range', () => {
    const bad = (vary: unknown): InvalidArgumentError => thrown(() => Campaign.create(newDir(), { ...config, vary } as CampaignConfig)) as InvalidArgumentError;
    let e = bad({ y: { dist: 'uniform' } });
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.field).toBe('vary.y');
    expect(e.message).toContain('the parameters are x, n, label, flag');
    e = bad({ label: { dist: 'uniform' } });
    expect(e.field).toBe('vary.label');
    expect(e.message).toContain('label is a string parameter');
    e = bad({ x: { dist: 'normal', mean: 0.5, std: 0.1 } });
    expect(e.field).toBe('vary.x');
    expect(e.message).toContain('within the range of x, [0, 1]');
    expect(e.message).toContain('support [-Infinity, Infinity]');
    e = bad({ n: { dist: 'uniform', low: 1, high: 10 } });
    expect(e.field).toBe('vary.n');
    expect(e.message).toContain('a discrete distribution');
    e = bad({ n: { dist: 'discreteuniform', low: 0, high: 10 } });
    expect(e.field).toBe('vary.n');
    e = thrown(() => Campaign.create(newDir(), { ...config, params: { x: { type: 'float', default: 2, max: 1 } } } as CampaignConfig)) as InvalidArgumentError;
    expect(e.field).toBe('params.x.default');
    e = thrown(() => Campaign.create(newDir(), { ...config, runner: { kind: 'local', command: [] } })) as InvalidArgumentError;
    expect(e.field).toBe('runner.command');
  });

  it('create, open and openOrCreate: the stored config must match, naming the first differing key', () => {
    const dir = newDir();
    const c = Campaign.create(dir, { ...config, decoder: { kind: 'csv', file: 'out.csv' } });
    expect(c.config.decoder).toEqual({ kind: 'csv', file: 'out.csv' }); // kept verbatim
    c.close();
    expect(thrown(() => Campaign.create(dir, config))).toBeInstanceOf(StoreError);
    const o = Campaign.open(dir);
    expect(o.config).toEqual({ ...config, decoder: { kind: 'csv', file: 'out.csv' } });
    o.close();
    const same = Campaign.openOrCreate(dir, { ...config, decoder: { kind: 'csv', file: 'out.csv' } });
    same.close();
    const e = thrown(() => Campaign.openOrCreate(dir, { ...config, params: { ...config.params, x: { type: 'float', min: 0, max: 2, default: 0.5 } }, decoder: { kind: 'csv', file: 'out.csv' } })) as InvalidArgumentError;
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.field).toBe('params.x.max');
    expect(e.value).toBe(2);
    expect(e.message).toContain('expected 1, as in the campaign stored in');
    const e2 = thrown(() => Campaign.openOrCreate(dir, config)) as InvalidArgumentError;
    expect(e2.field).toBe('decoder');
    expect(e2.value).toBe(undefined);
    expect(thrown(() => Campaign.open(newDir()))).toBeInstanceOf(StoreError);
  });

  it('stores a Distribution as its spec, and keeps the order of parameters and uncertain inputs', () => {
    const dir = newDir();
    const c = Campaign.create(dir, { name: 'order', params: { z: { type: 'float', default: 0 }, a: { type: 'float', default: 0 } }, vary: { z: new Normal(1, 2), a: { dist: 'uniform' } } });
    c.close();
    const o = Campaign.open(dir);
    expect(Object.keys(o.config.params)).toEqual(['z', 'a']);
    expect(o.config.vary).toEqual({ z: { dist: 'normal', mean: 1, std: 2 }, a: { dist: 'uniform' } });
    expect(Object.keys(o.config.vary!)).toEqual(['z', 'a']);
    o.addRuns([{ z: 1, a: 2 }]);
    expect(Object.keys(o.results({ status: 'new' }).params)).toEqual(['z', 'a']);
    // setResult and markFailed (recollate's store methods) refuse runs that are not done or failed.
    const e = thrown(() => o.store.setResult(1, { y: 1 })) as RunStateError;
    expect(e).toBeInstanceOf(RunStateError);
    expect(e.message).toBe('run 1: setResult needs a done or failed run, but it is new');
    expect(thrown(() => o.store.markFailed(2, 'x')).message).toBe('run 2: no such run');
    o.close();
  });
});

describe('Campaign runs', () => {
  it('fills defaults before hashing: a run giving the default explicitly is the run that leaves it out', () => {
    const c = Campaign.create(newDir(), config);
    const r = c.addSampler({ kind: 'table', runs: [{ x: 0.1 }, { x: 0.1, n: 3 }, { x: 0.1, n: 3, label: 'a', flag: false }, { x: 0.1, n: 4 }] });
    expect(r).toEqual({ sampler: 1, added: 2, reused: 2, invalid: 0 });
    const runs = c.runs();
    expect(runs.map((x) => x.params)).toEqual([{ x: 0.1, n: 3, label: 'a', flag: false }, { x: 0.1, n: 4, label: 'a', flag: false }]);
    expect(runs[0]!.hash).toBe(runHash({ flag: false, label: 'a', n: 3, x: 0.1 }));
    // Explicit runs: the same identities, no sampler.
    expect(c.addRuns([{ n: 4, x: 0.1, flag: false }, { x: 0.1, n: 5 }])).toEqual({ sampler: 0, added: 1, reused: 1, invalid: 0 });
    expect(c.runs({ ids: [3] })[0]).toMatchObject({ sampler: null, params: { x: 0.1, n: 5, label: 'a', flag: false } });
    expect((thrown(() => c.addRuns([{ x: 0.2 }, { x: 0.1, n: 11 }])) as InvalidParameterError).field).toBe('runs[1].n');
    expect(c.counts().total).toBe(3);
    c.close();
  });

  it('reuses runs across samplers: the same parameters from another sampler are not added again', () => {
    const c = Campaign.create(newDir(), config);
    const first = c.addSampler({ kind: 'qmc', seed: 3, n: 8 });
    expect(first).toEqual({ sampler: 1, added: 8, reused: 0, invalid: 0 });
    const some = c.runs().slice(2, 5).map((r) => ({ x: r.params.x as number, n: r.params.n as number }));
    const second = c.addSampler({ kind: 'table', runs: [...some, { x: 0.25, n: 2 }] });
    expect(second).toEqual({ sampler: 2, added: 1, reused: 3, invalid: 0 });
    expect(c.counts()).toMatchObject({ new: 9, total: 9 });
    expect(c.stats().bySampler.map((s) => [s.sampler, s.counts.total])).toEqual([[1, 8], [2, 1]]);
    expect(c.samplers().map((s) => [s.id, s.kind, s.state.drawn])).toEqual([[1, 'qmc', 8], [2, 'table', 4]]);
    c.close();
  });

  it('refuses a batch with an invalid run (nothing added), or records such runs as invalid with markInvalid', () => {
    const runs = [{ x: 2 }, { x: 0.5, n: 2 }, { y: 1 }];
    const strict = Campaign.create(newDir(), config);
    const e = thrown(() => strict.addSampler({ kind: 'table', runs })) as InvalidParameterError;
    expect(e).toBeInstanceOf(InvalidParameterError);
    expect(e.field).toBe('runs[0].x');
    expect(e.message).toBe('runs[0].x: expected a number from 0 to 1 (a float parameter), got 2');
    expect(strict.counts().total).toBe(0);
    expect(strict.samplers()).toEqual([]);
    strict.close();

    const lax = Campaign.create(newDir(), { ...config, markInvalid: true });
    expect(lax.addSampler({ kind: 'table', runs })).toEqual({ sampler: 1, added: 1, reused: 0, invalid: 2 });
    const invalid = lax.runs({ status: 'invalid' });
    expect(invalid.map((r) => r.reason)).toEqual([
      'runs[0].x: expected a number from 0 to 1 (a float parameter), got 2',
      'runs[2].y: expected no such parameter; the parameters are x, n, label, flag, got 1',
    ]);
    expect(invalid[0]!.params).toEqual({ x: 2, n: 3, label: 'a', flag: false });
    lax.close();
  });

  it('continues a sampler after reopening the campaign, bit for bit', () => {
    const dir = newDir();
    const vary = config.vary!;
    for (const spec of [{ kind: 'random', seed: 11 }, { kind: 'qmc', seed: 12 }] as const) {
      const d = `${dir}-${spec.kind}`;
      let c = Campaign.create(d, config);
      const e = thrown(() => c.addSampler(spec)) as InvalidArgumentError;
      expect(e.field).toBe('options.count');
      const { sampler: id } = c.addSampler(spec, { count: 10 });
      c.draw(id, 7);
      c.close();
      c = Campaign.open(d);
      expect(c.samplers()[0]!.state).toEqual({ drawn: 17 });
      c.draw(id, 13);
      const expected = sampler(spec, vary).draw(30);
      const got = c.runs().map((r) => r.params);
      expect(got.length).toBe(30);
      for (let i = 0; i < 30; i++) {
        expect(Object.is(got[i]!.x, expected[i]!.x), `${spec.kind} run ${i}`).toBe(true);
        expect(got[i]!.n).toBe(expected[i]!.n);
      }
      expect(c.runs().every((r) => r.sampler === id)).toBe(true);
      c.close();
    }
  });
});

describe('Campaign execution and results', () => {
  const model = (p: Record<string, unknown>): unknown => {
    const x = p.x as number;
    const n = p.n as number;
    if (n === 7) throw new Error('n = 7 is unlucky');
    return { y: 2 * x + n, curve: Array.from({ length: n }, (_, k) => k * x), tag: `t${n}`, ...(n === 2 ? {} : { z: x * x }) };
  };

  it("results of one sampler's runs: those it added and those it reused from an earlier sampler", async () => {
    const c = Campaign.create(newDir(), { name: 'two', params: { x: { type: 'float', min: 0, max: 1, default: 0 } }, vary: { x: { dist: 'uniform', low: 0, high: 1 } } });
    try {
      const first = c.addSampler({ kind: 'qmc', n: 4, seed: 5 });
      const second = c.addSampler({ kind: 'qmc', n: 8, seed: 5 }); // the same sequence: its first 4 points are the first sampler's runs
      const third = c.addSampler({ kind: 'table', runs: [{ x: 0.5 }] });
      expect([first.added, second.added, second.reused, third.added]).toEqual([4, 4, 4, 1]);
      await c.execute({ model: ({ x }) => ({ y: 10 * (x as number) }) });
      const xs = (ids: number[]) => Array.from(c.results({ samplers: ids }).params.x as Float64Array);
      const design = sampler({ kind: 'qmc', n: 8, seed: 5 }, { x: { dist: 'uniform', low: 0, high: 1 } }).rest().map((r) => r.x as number);
      expect(xs([second.sampler]).sort()).toEqual([...design].sort());
      expect(xs([first.sampler]).sort()).toEqual(design.slice(0, 4).sort());
      expect(xs([third.sampler])).toEqual([0.5]);
      expect(c.results().ids.length).toBe(9);
      const runs = c.store.results({ samplers: [second.sampler] }).map((r) => ({ params: r.params as Record<string, number>, outputs: r.outputs }));
      const a = analyse({ sampler: { kind: 'qmc', n: 8, seed: 5 }, vary: c.config.vary!, runs });
      expect(a.method).toBe('basic statistics, 8 runs');
      expect(a.analysis.y!.mean).toBeCloseTo((10 * design.reduce((p, q) => p + q, 0)) / 8, 12);
      expect(thrown(() => c.results({ samplers: 2 as never })).message).toBe('options.samplers: expected an array of sampler ids, got 2');
    } finally {
      c.close();
    }
  });

  it('runs in process; results as typed columns in run-id order, matching the model', async () => {
    const c = Campaign.create(newDir(), config);
    c.addSampler({ kind: 'table', runs: [{ x: 0.1, n: 1 }, { x: 0.2, n: 2, label: 'b,"c"' }, { x: 0.3, n: 7 }, { x: 0.4, n: 4, flag: true }] });
    const counts = await c.execute({ model });
    expect(counts).toMatchObject({ done: 3, failed: 1, total: 4 });
    expect(c.runs({ status: 'failed' })[0]!.reason).toBe('the model threw: n = 7 is unlucky');
    const r = c.results();
    expect(Array.from(r.ids)).toEqual([1, 2, 4]);
    expect(r.params.x).toBeInstanceOf(Float64Array);
    expect(Array.from(r.params.x as Float64Array)).toEqual([0.1, 0.2, 0.4]);
    expect(Array.from(r.params.n as Float64Array)).toEqual([1, 2, 4]);
    expect(r.params.label).toEqual(['a', 'b,"c"', 'a']);
    expect(r.params.flag).toEqual([false, false, true]);
    expect(r.outputs.y).toBeInstanceOf(Float64Array);
    expect(Array.from(r.outputs.y as Float64Array)).toEqual([2 * 0.1 + 1, 2 * 0.2 + 2, 2 * 0.4 + 4]);
    const z = r.outputs.z as Float64Array;
    expect([z[0], z[1], z[2]]).toEqual([0.1 * 0.1, NaN, 0.4 * 0.4]); // run 2 has no z
    const curve = r.outputs.curve as Float64Array[];
    expect(curve.map((v) => v.constructor.name)).toEqual(['Float64Array', 'Float64Array', 'Float64Array']);
    expect(curve.map((v) => Array.from(v))).toEqual([[0], [0, 0.2], [0, 0.4, 0.8, 1.2000000000000002]]);
    expect(r.other).toEqual({ tag: ['t1', 't2', 't4'] });
    const failed = c.results({ status: 'failed' });
    expect(Array.from(failed.ids)).toEqual([3]);
    expect(failed.outputs).toEqual({});
    expect(Array.from(failed.params.x as Float64Array)).toEqual([0.3]);
    const s = c.stats();
    expect(s.runMs?.count).toBe(3);
    expect(s.counts).toMatchObject({ done: 3, failed: 1 });

    // CSV, read back
    const file = join(root, 'export.csv');
    const csv = c.export('csv', file);
    expect(readFileSync(file, 'utf8')).toBe(csv);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['id', 'x', 'n', 'label', 'flag', 'y', 'curve[0]', 'curve[1]', 'curve[2]', 'curve[3]', 'z', 'tag']);
    expect(rows.slice(1)).toEqual([
      ['1', '0.1', '1', 'a', 'false', String(2 * 0.1 + 1), '0', '', '', '', String(0.1 * 0.1), 't1'],
      ['2', '0.2', '2', 'b,"c"', 'false', String(2 * 0.2 + 2), '0', '0.2', '', '', 'NaN', 't2'],
      ['4', '0.4', '4', 'a', 'true', String(2 * 0.4 + 4), '0', '0.4', '0.8', '1.2000000000000002', String(0.4 * 0.4), 't4'],
    ]);
    for (const row of rows.slice(1)) expect(Number(row[5])).toBe(2 * Number(row[1]) + Number(row[2])); // round trip exact
    // JSON, read back
    const json = JSON.parse(c.export('json')) as Record<string, unknown>[];
    expect(json).toEqual([
      { id: 1, x: 0.1, n: 1, label: 'a', flag: false, y: 2 * 0.1 + 1, curve: [0], z: 0.1 * 0.1, tag: 't1' },
      { id: 2, x: 0.2, n: 2, label: 'b,"c"', flag: false, y: 2 * 0.2 + 2, curve: [0, 0.2], z: null, tag: 't2' },
      { id: 4, x: 0.4, n: 4, label: 'a', flag: true, y: 2 * 0.4 + 4, curve: [0, 0.4, 0.8, 1.2000000000000002], z: 0.4 * 0.4, tag: 't4' },
    ]);
    // ignore and rerun
    expect(c.ignore([1], 'outlier')).toBe(1);
    expect(Array.from(c.results().ids)).toEqual([2, 4]);
    expect(c.rerun([3])).toBe(1);
    expect(c.counts()).toMatchObject({ new: 1, ignored: 1, done: 2 });
    c.close();
  });

  it('runs an in-process module named in the config (relative to the campaign directory); slurm is not wired yet', async () => {
    const dir = newDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.mjs'), 'export function beam(p) { return { y: 3 * p.x }; }\n');
    const c = Campaign.create(dir, { ...config, runner: { kind: 'in-process', module: 'model.mjs', export: 'beam' } });
    c.addSampler({ kind: 'qmc', seed: 1, n: 16 });
    expect((await c.execute()).done).toBe(16);
    const r = c.results();
    expect(Array.from(r.outputs.y as Float64Array)).toEqual(Array.from(r.params.x as Float64Array, (x) => 3 * x));
    c.close();
    // The same module on two worker threads.
    const w = Campaign.create(`${dir}-workers`, { ...config, runner: { kind: 'in-process', module: join(dir, 'model.mjs'), export: 'beam', workers: 2, batch: 3 } });
    w.addSampler({ kind: 'qmc', seed: 1, n: 16 });
    expect(await w.execute()).toMatchObject({ done: 16, total: 16 });
    const rw = w.results();
    expect(Array.from(rw.outputs.y as Float64Array)).toEqual(Array.from(r.params.x as Float64Array, (x) => 3 * x));
    w.close();
    const e1 = thrown(() => Campaign.create(newDir(), { ...config, runner: { kind: 'in-process', workers: 2 } })) as InvalidArgumentError;
    expect(e1.field).toBe('runner.workers');
    const s = Campaign.create(newDir(), { ...config, runner: { kind: 'slurm', partition: 'debug' } });
    // the Slurm runner reads outputs with a decoder: none is refused before anything is submitted
    const e = await s.execute().catch((x: unknown) => x as UqkitError);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).field).toBe('decoder');
    s.close();
  });

  it('recollate: a run that failed in decoding is done once its output is fixed; one that no longer decodes fails', async () => {
    const dir = newDir();
    // A real process per run: writes out.json with y = 10 x, except that for n = 5 it writes
    // something that is not JSON.
    const script = join(root, 'sim.mjs');
    writeFileSync(script, `import { readFileSync, writeFileSync } from 'node:fs';
const p = JSON.parse(readFileSync('params.json', 'utf8'));
writeFileSync('out.json', p.n === 5 ? 'oops' : JSON.stringify({ y: 10 * p.x }));
`);
    const decode = (d: string, run: { id: number }): unknown => {
      expect(d).toBe(runDirectory(dir, run.id));
      return JSON.parse(readFileSync(join(d, 'out.json'), 'utf8')) as unknown;
    };
    const cfg: CampaignConfig = { ...config, runner: { kind: 'local', command: [process.execPath, script], concurrency: 2 } };
    let c = Campaign.create(dir, cfg);
    expect(thrown(() => c.recollate())).toBeInstanceOf(InvalidArgumentError); // no decoder
    const missing = await c.execute().catch((x: unknown) => x as InvalidArgumentError);
    expect((missing as InvalidArgumentError).field).toBe('decoder');
    c.close();
    c = Campaign.open(dir, { decode });
    c.addSampler({ kind: 'table', runs: [{ x: 0.1, n: 1 }, { x: 0.2, n: 5 }, { x: 0.3, n: 2 }] });
    expect(await c.execute({ progress: false })).toMatchObject({ done: 2, failed: 1 });
    const bad = c.runs({ status: 'failed' })[0]!;
    expect(bad.id).toBe(2);
    expect(bad.reason).toMatch(/^decoding failed: Unexpected token/);
    // Recollating without a fix changes nothing but the reason's text.
    expect(c.recollate()).toEqual({ done: [1, 3], failed: [2], skipped: [] });
    // Fix the output, recollate only that run.
    writeFileSync(join(c.runDir(2), 'out.json'), JSON.stringify({ y: 2 }));
    expect(c.recollate([2])).toEqual({ done: [2], failed: [], skipped: [] });
    expect(c.counts()).toMatchObject({ done: 3, failed: 0 });
    expect(Array.from(c.results().outputs.y as Float64Array)).toEqual([1, 2, 3]);
    // Break a done run's output: it fails, and its result is gone.
    writeFileSync(join(c.runDir(3), 'out.json'), '{');
    expect(c.recollate()).toEqual({ done: [1, 2], failed: [3], skipped: [] });
    expect(Array.from(c.results().ids)).toEqual([1, 2]);
    expect(c.runs({ ids: [3] })[0]!.reason).toMatch(/^decoding failed: /);
    // Only done or decode-failed runs can be named.
    c.addSampler({ kind: 'table', runs: [{ x: 0.9, n: 9 }] });
    const e = thrown(() => c.recollate([4])) as InvalidArgumentError;
    expect(e.field).toBe('ids[0]');
    expect(e.message).toContain('run 4 is new');
    c.close();
    // A new decoder (outputs in another unit): recollate replaces every result.
    c = Campaign.open(dir, { decode: (d) => ({ y: 100 * (JSON.parse(readFileSync(join(d, 'out.json'), 'utf8')) as { y: number }).y }) });
    writeFileSync(join(c.runDir(3), 'out.json'), JSON.stringify({ y: 3 }));
    expect(c.recollate()).toEqual({ done: [1, 2, 3], failed: [], skipped: [] });
    expect(Array.from(c.results().outputs.y as Float64Array)).toEqual([100, 200, 300]);
    c.close();
  });

  it('records what it creates in its directory: itself, run directories (and the folders above them), shared/ and the shared copies', async () => {
    const dir = newDir();
    const script = join(root, 'sim-created.mjs');
    writeFileSync(script, `import { readFileSync, writeFileSync } from 'node:fs';
const p = JSON.parse(readFileSync('params.json', 'utf8'));
writeFileSync('out.json', JSON.stringify({ y: 10 * p.x + Number(readFileSync('data.txt', 'utf8')) }));
`);
    writeFileSync(join(root, 'data.txt'), '1');
    const cfg: CampaignConfig = {
      ...config, runner: { kind: 'local', command: [process.execPath, script], concurrency: 2 },
      encoders: [{ kind: 'resource', source: join(root, 'data.txt'), mode: 'shared-link' }], decoder: { kind: 'json', file: 'out.json' },
    };
    const c = Campaign.create(dir, cfg);
    c.addSampler({ kind: 'table', runs: [{ x: 0.1, n: 1 }, { x: 0.2, n: 5 }] });
    expect(await c.execute({ progress: false })).toMatchObject({ done: 2 });
    const shared = readdirSync(join(dir, 'shared'));
    expect(shared.length).toBe(1);
    expect(c.store.createdPaths().map(({ path, kind }) => [path, kind])).toEqual([
      ['.', 'dir'], ['runs', 'dir'], ['runs/000', 'dir'], ['runs/000/000', 'dir'], ['runs/000/000/run_1', 'tree'], ['runs/000/000/run_2', 'tree'],
      ['shared', 'dir'], [`shared/${shared[0]}`, 'tree'],
    ]);
    c.close();
  });

  it('recollate leaves runs without a run directory alone', async () => {
    const c = Campaign.create(newDir(), config, { decode: () => ({ y: -1 }) });
    c.addSampler({ kind: 'table', runs: [{ x: 0.5 }] });
    await c.execute({ model: (p) => ({ y: p.x }) });
    expect(c.recollate()).toEqual({ done: [], failed: [], skipped: [1] });
    expect(Array.from(c.results().outputs.y as Float64Array)).toEqual([0.5]);
    c.close();
  });
});
