// `uqkit surrogate` run as a user runs it: the built CLI as a child process on the coffee cup
// of `uqkit init` (real model processes, real SQLite stores), its model file loaded back, its
// predictions at the collocation nodes, a campaign read while `uqkit run` is still running,
// and the one-line refusals.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSurrogate, type PCE } from 'uqkit';
import { MAIN, started, until, type Out } from './processes.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-surrogate-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const work = join(root, 'coffee');

function uqkit(...args: string[]): Out {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: work });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of a campaign directory (not the run directories) with the SHA-256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(join(work, dir)).filter((f) => f !== 'runs').sort().map((f) => [f, createHash('sha256').update(readFileSync(join(work, dir, f))).digest('hex')]));
}

/** A campaign file like the example's, with another name, sampler and command. */
function campaignFile(name: string, sampler: string, command = '[node, ./cooling.mjs, input.json]'): string {
  const text = readFileSync(join(work, 'campaign.yaml'), 'utf8')
    .replace('name: coffee-pce', `name: ${name}`).replace(/^sampler: .*$/m, `sampler: ${sampler}`).replace(/^runner: .*$/m, `runner:  { kind: local, command: ${command} }`);
  writeFileSync(join(work, `${name}.yaml`), text);
  return `${name}.yaml`;
}

describe('uqkit surrogate on the coffee cup', () => {
  beforeAll(() => {
    expect(spawnSync(process.execPath, [MAIN, 'init', work]).status).toBe(0);
    for (const f of ['campaign.yaml', 'campaign-sc.yaml', campaignFile('coffee-random', '{ kind: random, n: 8, seed: 1 }')]) expect(uqkit('run', f, '--quiet').status).toBe(0);
  }, 120_000);

  it("writes the PCE campaign's model without writing into the campaign; its mean and variance are `uqkit analyse`'s", () => {
    const before = snapshot('coffee-pce.uqkit');
    const r = uqkit('surrogate', 'coffee-pce.uqkit', '-o', 'model.json');
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    // campaign.db and every other file unchanged; SQLite's reader made its shared-memory index
    // and an empty write-ahead log beside the database (as for any reader of a WAL database)
    const after = snapshot('coffee-pce.uqkit');
    expect(after['campaign.db-wal'] ?? createHash('sha256').digest('hex')).toBe(createHash('sha256').digest('hex'));
    delete after['campaign.db-wal'];
    delete after['campaign.db-shm'];
    expect(after).toEqual(before);
    const text = readFileSync(join(work, 'model.json'), 'utf8');
    const s = loadSurrogate(text);
    expect(s.inputNames).toEqual(['kappa', 't_env']);
    expect(s.fixed).toEqual({ T0: 95, steps: 100, t_end: 200 });
    expect(Object.keys(s.qois)).toEqual(['te']); // t is te's index, not a QoI
    expect(s.qois.te!.shape).toEqual([101]);
    const a = JSON.parse(uqkit('analyse', 'coffee-pce.uqkit', '--json').stdout) as { analysis: { te: { mean: number[]; variance: number[] } } };
    const pce = s.qois.te!.model as PCE;
    expect(Array.from(pce.means())).toEqual(a.analysis.te.mean);
    expect(Array.from(pce.variances())).toEqual(a.analysis.te.variance);
    // -o - writes the same file to standard output
    expect(uqkit('surrogate', 'coffee-pce.uqkit', '-o', '-')).toEqual({ status: 0, stdout: text, stderr: '' });
  });

  it("SC: --predict at the runs' own points (the export's CSV) reproduces every run output (interpolation), from DIR and from the model file alike", () => {
    const csv = uqkit('export', 'coffee-sc.uqkit', '--format', 'csv').stdout;
    writeFileSync(join(work, 'runs.csv'), csv);
    const p = uqkit('surrogate', 'coffee-sc.uqkit', '--predict', 'runs.csv');
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const rows = (t: string) => t.trim().split('\n').map((l) => l.split(','));
    const [head, ...pred] = rows(p.stdout);
    expect(head!.slice(0, 4)).toEqual(['kappa', 't_env', 'te[0]', 'te[1]']);
    expect(head).toHaveLength(2 + 101);
    const [eh, ...runs] = rows(csv);
    expect(pred).toHaveLength(16);
    pred.forEach((row, i) => {
      expect(row.slice(0, 2)).toEqual([runs[i]![eh!.indexOf('kappa')], runs[i]![eh!.indexOf('t_env')]]);
      for (let k = 0; k < 101; k++) expect(Math.abs(Number(row[2 + k]) - Number(runs[i]![eh!.indexOf(`te[${k}]`)]))).toBeLessThan(1e-12 * 95);
    });
    expect(uqkit('surrogate', 'coffee-sc.uqkit', '-o', 'sc.json').status).toBe(0);
    expect(uqkit('surrogate', 'sc.json', '--predict', 'runs.csv')).toEqual(p);
    // standard input
    const viaStdin = spawnSync(process.execPath, [MAIN, 'surrogate', 'sc.json', '--predict', '-'], { encoding: 'utf8', cwd: work, input: csv });
    expect(viaStdin.stdout).toBe(p.stdout);
  });

  it('refuses a campaign whose analysis makes no model, naming what would; --method pce-regression --degree fits one', () => {
    expect(uqkit('surrogate', 'coffee-random.uqkit', '-o', 'm.json')).toEqual({
      status: 1, stdout: '',
      stderr: 'uqkit surrogate: coffee-random.uqkit: its analysis (stats) gives no model to write: a surrogate needs a pce or sc sampler, or --method pce-regression --degree N or --method gp on random, qmc or other runs\n',
    });
    const r = uqkit('surrogate', 'coffee-random.uqkit', '--method', 'pce-regression', '--degree', '1', '-o', '-');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).source.method).toBe('PCE (regression), order 1, 8 runs');
  });

  it('GP: --method gp on random runs writes a Gaussian process; --predict at the runs reproduces their outputs, from DIR and the model file alike', () => {
    expect(uqkit('surrogate', 'coffee-random.uqkit', '--method', 'gp', '-o', 'gp-model.json')).toEqual({ status: 0, stdout: '', stderr: '' });
    const text = readFileSync(join(work, 'gp-model.json'), 'utf8');
    const s = loadSurrogate(text);
    expect(s.kind).toBe('gp');
    expect(JSON.parse(text).qois.te.model.format).toBe('uqkit.gp');
    expect(s.source?.method).toMatch(/^Gaussian process \(matern52 kernel, constant trend.*8 runs$/);
    const csv = uqkit('export', 'coffee-random.uqkit', '--format', 'csv').stdout;
    writeFileSync(join(work, 'random-runs.csv'), csv);
    const p = uqkit('surrogate', 'coffee-random.uqkit', '--method', 'gp', '--predict', 'random-runs.csv');
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const rows = (t: string) => t.trim().split('\n').map((l) => l.split(','));
    const [head, ...pred] = rows(p.stdout);
    expect(head).toHaveLength(2 + 101);
    const [eh, ...runs] = rows(csv);
    expect(pred).toHaveLength(8);
    const at = pred.map((row) => [Number(row[0]), Number(row[1])]);
    const lib = s.predict(at).te!;
    pred.forEach((row, i) => {
      expect(row.slice(0, 2)).toEqual([runs[i]![eh!.indexOf('kappa')], runs[i]![eh!.indexOf('t_env')]]);
      for (let k = 0; k < 101; k++) {
        // the printed numbers are the library's; the nugget 1e-10 leaves the runs within 1e-6 of interpolation
        expect(Number(row[2 + k])).toBe(lib.data[i * 101 + k]);
        expect(Math.abs(Number(row[2 + k]) - Number(runs[i]![eh!.indexOf(`te[${k}]`)]))).toBeLessThan(1e-6 * 95);
      }
    });
    expect(uqkit('surrogate', 'gp-model.json', '--predict', 'random-runs.csv')).toEqual(p);
  });

  it('gives one line for a bad model file, a CSV without an input column or with a bad value, and bad usage', () => {
    writeFileSync(join(work, 'v2.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(work, 'model.json'), 'utf8')), version: 2 }));
    writeFileSync(join(work, 'gp.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(work, 'model.json'), 'utf8')), kind: 'kriging' }));
    writeFileSync(join(work, 'no-t_env.csv'), 'kappa,T0\n0.05,95\n');
    writeFileSync(join(work, 'bad.csv'), 'kappa,t_env\n0.05,20\n0.05,warm\n');
    const cases: [string[], number, unknown][] = [
      [['surrogate', 'v2.json', '--predict', 'runs.csv'], 1, 'uqkit surrogate: v2.json: version: expected 1 (this uqkit reads surrogate files of version 1; a newer uqkit wrote this one?), got 2\n'],
      [['surrogate', 'gp.json', '--predict', 'runs.csv'], 1, 'uqkit surrogate: gp.json: kind: expected one of "pce", "gp", got "kriging"\n'],
      [['surrogate', 'campaign.yaml', '--predict', 'runs.csv'], 1, expect.stringMatching(/^uqkit surrogate: campaign\.yaml: surrogate: expected JSON text of a surrogate model \([^\n]*\)\n$/)],
      [['surrogate', 'model.json', '--predict', 'no-t_env.csv'], 1, 'uqkit surrogate: no-t_env.csv:1: no column "t_env" in the header; the surrogate\'s inputs are kappa, t_env\n'],
      [['surrogate', 'model.json', '--predict', 'bad.csv'], 1, 'uqkit surrogate: bad.csv:3: column t_env: "warm" is not a finite number\n'],
      [['surrogate', 'coffee-pce.uqkit', '--qoi', 'T', '-o', '-'], 1, 'uqkit surrogate: --qoi expected a QoI with a numeric output in at least one run, got "T"\n'],
      [['surrogate', 'coffee-pce.uqkit', '--method', 'sobol', '-o', '-'], 2, 'uqkit surrogate: --method "sobol": expected one of pce-projection, pce-regression, sc, gp (the methods that make a model)\n'],
      [['surrogate', 'coffee-random.uqkit', '--method', 'gp', '--degree', '2', '-o', '-'], 2, 'uqkit surrogate: --degree 2: a degree is the order of a PCE; --method gp takes none\n'],
      [['surrogate', 'coffee-pce.uqkit'], 2, 'uqkit surrogate: where to? -o MODEL.json writes the model (-o - to standard output); --predict POINTS.csv prints predictions\n'],
      [['surrogate', 'model.json', '-o', 'x.json', '--predict', 'runs.csv'], 2, 'uqkit surrogate: model.json is a model file: only --predict applies to it (-o, --method, --degree, --qoi and --samplers are for a campaign directory)\n'],
      [['surrogate', 'nowhere', '-o', '-'], 1, 'uqkit surrogate: nowhere: no such directory\n'],
    ];
    for (const [args, status, stderr] of cases) expect([args.join(' '), uqkit(...args)]).toEqual([args.join(' '), { status, stdout: '', stderr }]);
  });

  it('reads a campaign while `uqkit run` is running it', async () => {
    // the runs with kappa > 0.065 (4 of the 16 nodes) wait until killed
    writeFileSync(join(work, 'slow.mjs'), "import { readFileSync } from 'node:fs';\nconst k = JSON.parse(readFileSync(process.argv[2], 'utf8')).kappa;\nif (k > 0.065) setInterval(() => {}, 1000);\nelse await import('./cooling.mjs');\n");
    const file = campaignFile('coffee-slow', '{ kind: pce, order: 3 }', '[node, ./slow.mjs, input.json]');
    const run = started(work, 'run', file);
    try {
      expect(await until(() => /12 done/.test(uqkit('status', 'coffee-slow.uqkit').stdout), 60_000)).toBe(true);
      expect(uqkit('surrogate', 'coffee-slow.uqkit', '-o', '-')).toMatchObject({
        status: 1, stdout: '',
        stderr: expect.stringMatching(/^uqkit surrogate: [^\n]*4 nodes are missing[^\n]*pce-regression[^\n]*\n$/),
      });
      const r = uqkit('surrogate', 'coffee-slow.uqkit', '--method', 'pce-regression', '--degree', '2', '-o', '-');
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).source.method).toBe('PCE (regression), order 2, 12 runs');
    } finally {
      run.child.kill('SIGINT');
      expect((await run.done).status).toBe(130);
    }
  }, 120_000);

  it('is listed in the help', () => {
    expect(uqkit('--help').stdout).toContain('uqkit surrogate DIR -o MODEL.json');
    expect(uqkit('surrogate', '--help').stdout).toMatch(/^uqkit surrogate DIR -o MODEL.json/);
  });
});
