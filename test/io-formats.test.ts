// The formats simulation codes write and read: YAML outputs, HDF5 outputs (a real file written
// by h5py, the HDF5 C library, a NetCDF-4 file written by the netCDF-C library, and files
// written here with h5wasm), Jinja-style input
// templates (nunjucks) and directory trees, on real files; and a campaign that uses them,
// run by the built CLI with real processes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { decoder, encoder, loadDecoder, type DecoderSpec, type EncoderSpec, type JsonValue, type RunRef } from 'uqkit';
import { thrown } from './helpers.js';
import { MAIN } from './processes.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-io-formats-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const run = (params: Record<string, JsonValue>, id = 1): RunRef => ({ id, hash: 'h', params });
let n = 0;
const runWith = (files: Record<string, string | Buffer> = {}): string => {
  const d = join(root, `run-${++n}`);
  mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
};
const H5_FIXTURE = fileURLToPath(new URL('./fixtures/model-output.h5', import.meta.url));
const NC_FIXTURE = fileURLToPath(new URL('./fixtures/model-output.nc', import.meta.url));

describe('yaml decoder', () => {
  const yaml = (extra: Record<string, unknown> = {}) => decoder({ kind: 'yaml', file: 'out.yaml', ...extra } as never, { baseDir: root });
  it('reads the whole mapping, or values by paths; .nan and .inf are numbers', () => {
    const d = runWith({ 'out.yaml': 'energy: 1.5e-3\nsteps: 12\nfield:\n  - [1, 2.5]\n  - [.nan, -.inf]\nlabel: ok\n' });
    expect(yaml()(d, run({}))).toEqual({ energy: 0.0015, steps: 12, field: [[1, 2.5], [NaN, -Infinity]], label: 'ok' });
    expect(yaml({ paths: { e: 'energy', f: 'field[1][0]' } })(d, run({}))).toEqual({ e: 0.0015, f: NaN });
  });
  it('a file that does not parse, a duplicate key, a missing path: the run fails naming file, line and column', () => {
    const bad = runWith({ 'out.yaml': 'a: 1\nb: [1, 2\nc: 3\n' });
    const e = thrown(() => yaml()(bad, run({})));
    expect(e).toMatchObject({ name: 'FileFormatError', file: 'out.yaml', line: 3 });
    expect(e.message).toMatch(/^out\.yaml line 3, column \d+: not valid YAML: /);
    expect(thrown(() => yaml()(runWith({ 'out.yaml': 'a: 1\na: 2\n' }), run({})))).toMatchObject({ name: 'FileFormatError', line: 2 });
    expect(thrown(() => yaml({ paths: { q: 'nope' } })(runWith({ 'out.yaml': 'a: 1\n' }), run({}))).message).toMatch(/^out\.yaml/);
    expect(thrown(() => yaml()(runWith(), run({}))).message).toBe('out.yaml: not found in the run directory');
  });
});

describe('hdf5 decoder (h5wasm)', () => {
  beforeAll(async () => {
    await h5wasm.ready;
  });
  const h5 = (paths: Record<string, string>, file = 'out.h5') => loadDecoder({ kind: 'hdf5', file, paths } as never, { baseDir: root });
  /** A call of the decoder that `built` resolves to, on `dir`, for thrown(). */
  const h5call = async (built: ReturnType<typeof h5>, dir: string) => { const dec = await built; return () => dec(dir, run({})); };

  it('reads datasets and attributes of a file h5py wrote: scalars, vectors, 2-D arrays, strings', async () => {
    const d = runWith({ 'out.h5': readFileSync(H5_FIXTURE) });
    const dec = await h5({ t: 'results/time', te: '/results/temperature', units: 'results/temperature@units', field: 'results/field', steps: 'results/steps', title: '@title', version: '@version' });
    const out = dec(d, run({})) as Record<string, unknown>;
    expect(out.t).toEqual([0, 50, 100, 150, 200]);
    expect(out.te).toEqual([0, 50, 100, 150, 200].map((t) => 20 + 75 * Math.exp(-0.05 * t)));
    expect(out).toMatchObject({ units: 'degC', field: [[0, 0.25, 0.5], [0.75, 1, 1.25]], steps: 149, title: 'cooling coffee cup', version: 3 });
  });

  it('reads a NetCDF-4 file the netCDF-C library wrote: variables, their attributes, groups, global attributes', async () => {
    const d = runWith({ 'out.nc': readFileSync(NC_FIXTURE) });
    const dec = await h5({ t: 'time', te: 'temperature', units: 'temperature@units', title: '@title', steps: 'diagnostics/steps' }, 'out.nc');
    expect(dec(d, run({}))).toEqual({
      t: [0, 50, 100, 150, 200], te: [0, 50, 100, 150, 200].map((t) => 20 + 75 * Math.exp(-0.05 * t)), units: 'degC', title: 'cooling coffee cup', steps: 149,
    });
  });

  it('names what is missing, refuses a group as a dataset, a file that is not HDF5, and integers beyond 2^53', async () => {
    const d = runWith({ 'out.h5': readFileSync(H5_FIXTURE), 'not.h5': 'plain text\n' });
    await expect(loadDecoder({ kind: 'hdf5', file: 'out.h5', paths: {} } as never, { baseDir: root })).rejects.toMatchObject({ field: 'decoder.paths' });
    expect(thrown(await h5call(h5({ q: 'results/pressure' }), d)).message).toBe('out.h5: q: no "/results/pressure" in the file (/results holds big, field, steps, temperature, time)');
    expect(thrown(await h5call(h5({ q: 'results' }), d)).message).toBe('out.h5: q: "/results" is a group, not a dataset (name a dataset, or an attribute with @)');
    expect(thrown(await h5call(h5({ q: 'results/time@units' }), d)).message).toBe('out.h5: q: "/results/time" has no attribute "units" (it has none)');
    expect(thrown(await h5call(h5({ q: 'results/big' }), d)).message).toBe('out.h5: q: the integer 1152921504606846976 is beyond 2^53 and would be rounded');
    expect(thrown(await h5call(h5({ q: 'x' }, 'not.h5'), d)).message).toMatch(/^not\.h5: cannot be read as HDF5/);
    expect(thrown(await h5call(h5({ q: 'x' }, 'gone.h5'), d)).message).toBe('gone.h5: not found in the run directory');
  });

  it('checks its spec when built; decoder() builds it once h5wasm is loaded', async () => {
    expect(thrown(() => decoder({ kind: 'hdf5', file: 'o.h5', paths: { a: 'x@y@z' } } as never, { baseDir: root }))).toMatchObject({ field: 'decoder.paths.a' });
    await h5({ a: 'results/time' });
    const d = runWith({ 'out.h5': readFileSync(H5_FIXTURE) });
    expect(decoder({ kind: 'hdf5', file: 'out.h5', paths: { s: 'results/steps' } } as never, { baseDir: root })(d, run({}))).toEqual({ s: 149 });
  });
});

describe('jinja encoder (nunjucks)', () => {
  const template = (text: string, name = 'in.j2'): string => {
    writeFileSync(join(root, name), text);
    return name;
  };
  const jinja = (name: string, target = 'input.nml') => encoder({ kind: 'jinja', template: name, target } as EncoderSpec, { baseDir: root });

  it('renders variables, filters, conditionals, loops and includes with the run\'s parameters', () => {
    template('! {{ comment }}\n', 'header.j2');
    const t = template('{% include "header.j2" %}&params\n  kappa = {{ kappa }}\n  rounded = {{ kappa | round(3) }}\n{% if n > 2 %}  big = true\n{% else %}  big = false\n{% endif %}{% for x in layers %}  layer({{ loop.index }}) = {{ x }}\n{% endfor %}/\n');
    const d = runWith();
    jinja(t)(d, run({ comment: 'made by uqkit', kappa: 0.1 + 0.2, n: 3, layers: [1.5, 2, 1e21] }));
    expect(readFileSync(join(d, 'input.nml'), 'utf8')).toBe('! made by uqkit\n&params\n  kappa = 0.30000000000000004\n  rounded = 0.3\n  big = true\n  layer(1) = 1.5\n  layer(2) = 2\n  layer(3) = 1e+21\n/\n');
  });

  it('a template that does not parse stops the build naming template, line and column; an undefined variable fails the run', () => {
    const bad = template('a = {{ kappa }}\n{% for x in xs %}\n  {{ x }\n{% endfor %}\n', 'bad.j2');
    const e = thrown(() => jinja(bad));
    expect(e).toMatchObject({ name: 'FileFormatError', file: 'bad.j2', line: 3 });
    expect(e.message).toMatch(/^bad\.j2 line 3, column \d+: the template does not parse: /);
    const t = template('k = {{ kappa }}\nt = {{ t_env }}\n', 'undef.j2');
    const u = thrown(() => jinja(t)(runWith(), run({ kappa: 1 })));
    expect(u).toMatchObject({ name: 'FileFormatError', file: 'undef.j2', line: 2 });
    expect(u.message).toMatch(/^undef\.j2 line 2, column \d+: rendering failed: attempted to output null or undefined value/);
  });
});

describe('directories encoder', () => {
  it('makes the tree in each run directory; refuses bad names and a tree overlapping another target', () => {
    const d = runWith();
    encoder({ kind: 'directories', tree: { output: { fields: {}, logs: {} }, mesh: {} } } as EncoderSpec, { baseDir: root })(d, run({}));
    for (const p of ['output', 'output/fields', 'output/logs', 'mesh']) expect(statSync(join(d, p)).isDirectory()).toBe(true);
    expect(thrown(() => encoder({ kind: 'directories', tree: { 'a/b': {} } } as EncoderSpec, { baseDir: root }))).toMatchObject({ field: 'encoder.tree.a/b' });
    expect(thrown(() => encoder({ kind: 'directories', tree: { a: 3 } } as never, { baseDir: root }))).toMatchObject({ field: 'encoder.tree.a' });
    expect(thrown(() => encoder({ kind: 'directories', tree: { stdout: {} } } as EncoderSpec, { baseDir: root }))).toMatchObject({ field: 'encoder.tree' });
    writeFileSync(join(root, 'mesh'), 'data');
    expect(thrown(() => encoder([{ kind: 'copy', source: 'mesh' }, { kind: 'directories', tree: { x: {}, mesh: {} } }] as EncoderSpec[], { baseDir: root }))).toMatchObject({ field: 'encoders[1].tree', value: 'mesh' });
  });
});

describe('a campaign with a Jinja input and an HDF5 output (the built CLI, real processes)', () => {
  it('runs, and its analysis reads the HDF5 outputs', () => {
    const work = join(root, 'campaign');
    mkdirSync(work);
    writeFileSync(join(work, 'input.j2'), '{"kappa": {{ kappa }}, "t_env": {{ t_env }}, "times": [{% for i in range(5) %}{{ i * 50 }}{% if not loop.last %}, {% endif %}{% endfor %}]}\n');
    // A model that reads its input and writes HDF5 with h5wasm, as a code would with the HDF5 library.
    writeFileSync(join(work, 'model.mjs'), `import { readFileSync } from 'node:fs';
import h5wasm from ${JSON.stringify(fileURLToPath(new URL('../node_modules/h5wasm/dist/node/hdf5_hl.js', import.meta.url)))};
await h5wasm.ready;
const p = JSON.parse(readFileSync('input.json', 'utf8'));
const te = p.times.map((t) => p.t_env + (95 - p.t_env) * Math.exp(-p.kappa * t));
const f = new h5wasm.File('out.h5', 'w');
f.create_group('results');
f.get('results').create_dataset({ name: 'te', data: new Float64Array(te) });
f.get('results').create_dataset({ name: 'final', data: new Float64Array([te.at(-1)]), shape: [] });
f.close();
`);
    writeFileSync(join(work, 'campaign.yaml'), `name: formats
params:
  kappa: { type: float, default: 0.025 }
  t_env: { type: float, default: 15 }
vary:
  kappa: { dist: uniform, low: 0.025, high: 0.075 }
  t_env: { dist: uniform, low: 15, high: 25 }
sampler: { kind: pce, order: 2 }
encoders:
  - { kind: jinja, template: input.j2, target: input.json }
  - { kind: directories, tree: { logs: {} } }
runner: { kind: local, command: [node, ./model.mjs] }
decoder: { kind: hdf5, file: out.h5, paths: { te: results/te, final: results/final } }
`);
    const r = spawnSync(process.execPath, [MAIN, 'run', 'campaign.yaml', '--json', '--quiet'], { cwd: work, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs.done).toBe(9);
    // The mean final temperature: t_env + (95 - t_env) E[exp(-200 kappa)], exact for the uniform inputs.
    const ek = (Math.exp(-200 * 0.025) - Math.exp(-200 * 0.075)) / (200 * 0.05);
    const exact = 20 + (95 - 20) * ek;
    expect(Math.abs(out.analysis.final.mean - exact)).toBeLessThan(0.01);
    expect(out.analysis.te.mean).toHaveLength(5);
    expect(out.analysis.te.mean[0]).toBeCloseTo(95, 10);
    // The directories encoder made logs/ in every run directory.
    expect(existsSync(join(work, 'formats.uqkit', 'runs', '000', '000', 'run_1', 'logs'))).toBe(true);
  }, 120_000);
});
