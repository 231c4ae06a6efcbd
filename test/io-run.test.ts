// The in-run helper through real child processes (a model importing `uqkit/run`, run in a
// directory with params.json, and with only UQKIT_PARAM_* variables), and end to end: a real
// campaign store on a temp file, runLocal with a template encoder and a csv decoder on a small
// shell model, then with the node model and the 'results' decoder — stored results checked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decoder, encoder, getRunParams, loadDecoder, openStore, paramVariable, runDirectory, runLocal } from 'uqkit';
import { getRunParams as getRunParamsEntry, postRunResults as postEntry, RESULTS_FILE } from 'uqkit/run';
import { thrown } from './helpers.js';

const MODEL = fileURLToPath(new URL('./io-run-child.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-io-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The environment without any UQKIT_ variables of the test process. */
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('UQKIT_')));

describe('in-run helper', () => {
  it('a child process reads params.json in its working directory and posts results.json atomically', () => {
    const dir = join(root, 'child-a');
    mkdirSync(dir);
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ x: 0.1, z: 3, label: 'A' }));
    const r = spawnSync(process.execPath, [MODEL], { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['params.json', 'results.json']); // no temporary file left
    const out = decoder({ kind: 'results' }, { baseDir: root })(dir, { id: 1, hash: '', params: {} });
    expect(out).toEqual({ y: 2 * 0.1 + 3, curve: [0, 0.1, 0.2], ratio: 0.1 / 3, echo: { x: 0.1, z: 3, label: 'A' } });
  });
  it('finds the run directory from UQKIT_RUN_DIR, and falls back to UQKIT_PARAM_* variables', () => {
    const dir = join(root, 'child-b');
    mkdirSync(dir);
    const env = { ...cleanEnv(), UQKIT_RUN_DIR: dir, [paramVariable('x')]: '0.5', [paramVariable('z')]: '0', [paramVariable('Mode')]: 'fast' };
    const r = spawnSync(process.execPath, [MODEL], { cwd: root, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = decoder({ kind: 'results' }, { baseDir: root })(dir, { id: 1, hash: '', params: {} });
    expect(out).toEqual({ y: 1, curve: [0, 0.5, 1], ratio: NaN, echo: { x: 0.5, z: 0, mode: 'fast' } });
    expect(existsSync(join(root, RESULTS_FILE))).toBe(false); // written in UQKIT_RUN_DIR, not the cwd
  });
  it('outside a run: a clear error; bad outputs: a typed error', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(thrown(() => getRunParams({ dir: empty, env: {} })).message)
      .toBe(`no params.json in ${empty} and no UQKIT_PARAM_* variables in the environment: is this running inside a uqkit run? (set UQKIT_RUN_DIR or run it in the run directory)`);
    writeFileSync(join(empty, 'params.json'), '[1]');
    expect(thrown(() => getRunParamsEntry({ dir: empty })).message).toBe(`${join(empty, 'params.json')}: expected a JSON object of parameters`);
    expect(thrown(() => postEntry([1, 2] as never, { dir: empty })).message).toBe('outputs: expected an object of named outputs, e.g. { y: 1.5, curve: [1, 2] }, got an array of length 2');
    expect(thrown(() => postEntry({ a: 1, b: 2n } as never, { dir: empty })).message).toBe('outputs.b: expected a JSON value (number, string, boolean, null, array or plain object), got 2n');
    expect(existsSync(join(empty, RESULTS_FILE))).toBe(false);
  });
});

describe('the uqkit/run entry', () => {
  it('imports nothing but node builtins and the error classes (no WebAssembly, no SQLite)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { import: { default: string } }> };
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').matchAll(/\b(?:from|import)\s*\(?'([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:')) continue;
        expect(spec.startsWith('.')).toBe(true);
        visit(fileURLToPath(new URL(spec, pathToFileURL(file))));
      }
    };
    visit(fileURLToPath(new URL(`../${pkg.exports['./run']!.import.default}`, import.meta.url)));
    expect([...seen].map((f) => f.split('/build/')[1]).sort()).toEqual(['core/errors.js', 'io/run-helper.js']);
  });
});

describe('end to end: store + runLocal + spec-built encoders and decoders', () => {
  it('template encoder and csv decoder on a shell model; a bad output fails only its run, with file, line and column', async () => {
    const base = join(root, 'e2e-shell');
    const campaignDir = join(base, 'campaign');
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'model.template'), 'x=$x\nz=${z}\n');
    // the model: reads input.txt, writes output.csv with y = 2x + z and a column of 3 steps
    writeFileSync(join(base, 'model.sh'), `#!/bin/sh
. ./input.txt
if [ "$z" = "3" ]; then printf 'y,step\\noops,1\\n' > output.csv; exit 0; fi
awk -v x="$x" -v z="$z" 'BEGIN { printf "y,step\\n%.17g,1\\n%.17g,2\\n%.17g,3\\n", 2*x+z, 2*x+z+1, 2*x+z+2 }' > output.csv
`);
    const store = openStore(join(base, 'campaign.sqlite'));
    const params = Array.from({ length: 8 }, (_, i) => ({ x: (i + 1) / 10, z: i }));
    store.add(params.map((p) => ({ params: p })));
    const encode = encoder([{ kind: 'template', template: 'model.template', target: 'input.txt' }, { kind: 'json' }], { baseDir: base, parameters: ['x', 'z'] });
    const decode = decoder({ kind: 'csv', file: 'output.csv', columns: ['y', 'step'] }, { baseDir: base });
    const counts = await runLocal(store, { command: ['sh', join(base, 'model.sh')], runDir: (r) => runDirectory(campaignDir, r.id), encode, decode, concurrency: 2, progress: false });
    expect(counts.done).toBe(7);
    expect(counts.failed).toBe(1);
    for (const r of store.results()) {
      const y = 2 * (r.params.x as number) + (r.params.z as number);
      expect(r.outputs).toEqual({ y: [y, y + 1, y + 2], step: [1, 2, 3] }); // exact: %.17g round-trips
    }
    const failed = store.runs({ status: 'failed' });
    expect(failed.map((r) => [r.params.z, r.reason])).toEqual([[3, 'decoding failed: output.csv line 2, column "y": expected a number, got "oops"']]);
    const one = store.runs({ status: 'done' })[0]!;
    const dir = runDirectory(campaignDir, one.id);
    expect(dir).toBe(join(campaignDir, 'runs', '000', '000', `run_${one.id}`));
    expect(readFileSync(join(dir, 'input.txt'), 'utf8')).toBe(`x=${one.params.x}\nz=${one.params.z}\n`);
    expect(JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8'))).toEqual(one.params);
    store.close();
  });
  it("a node model using uqkit/run and the 'results' decoder (built by loadDecoder from JSON specs)", async () => {
    const base = join(root, 'e2e-node');
    mkdirSync(base, { recursive: true });
    const app = { encoders: [{ kind: 'json' }], decoders: [{ kind: 'results' }] };
    const store = openStore(join(base, 'c.sqlite'), { app });
    store.add([{ params: { x: 0.25, z: 1 } }, { params: { x: 0.75, z: 2 } }, { params: { x: 1, z: 0 } }]);
    const config = store.info().app as typeof app;
    const encode = encoder(config.encoders as never, { baseDir: base });
    const decode = await loadDecoder(config.decoders as never, { baseDir: base });
    await runLocal(store, { command: [process.execPath, MODEL], runDir: (r) => runDirectory(join(base, 'c'), r.id), encode, decode, progress: false });
    const results = store.results();
    expect(results.length).toBe(3);
    for (const r of results) {
      const x = r.params.x as number;
      const z = r.params.z as number;
      expect(r.outputs).toEqual({ y: 2 * x + z, curve: [0, x, 2 * x], ratio: z === 0 ? NaN : x / z, echo: r.params });
    }
    store.close();
  });
});
