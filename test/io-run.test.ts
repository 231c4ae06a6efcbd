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
    expect(thrown(() => postEntry({ a: 1, b: 2n } as never, { dir: empty })).message).toBe('outputs.b: expected a JSON value (a number, string, boolean, null, array or plain object), got 2n (a BigInt is not one: Number(v) or String(v) converts it)');
    expect(existsSync(join(empty, RESULTS_FILE))).toBe(false);
  });
});

describe('postRunResults takes any JSON value and refuses the others', () => {
  const HELPER = pathToFileURL(fileURLToPath(new URL('../build/io/run-helper.js', import.meta.url))).href;
  const RUN = { id: 1, hash: '', params: {} };
  /** Runs `code` (with postRunResults imported) in a child process whose run directory is a new `dir`. */
  const child = (name: string, code: string): { dir: string; status: number | null; stderr: string } => {
    const dir = join(root, name);
    mkdirSync(dir);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { postRunResults } from '${HELPER}';\n${code}`], { cwd: root, env: { ...cleanEnv(), UQKIT_RUN_DIR: dir }, encoding: 'utf8' });
    return { dir, status: r.status, stderr: r.stderr };
  };

  it.each([
    ['42', 42],
    ['[1, 2]', [1, 2]],
    ['"converged"', 'converged'],
    ['null', null],
    ['false', false],
    ['new Float64Array([0.5, NaN])', [0.5, NaN]],
    ['[[1, 2], [3, Infinity]]', [[1, 2], [3, Infinity]]],
  ])('postRunResults(%s) in a child process: one output named y, read back by the results decoder', (code, value) => {
    const r = child(`bare-${code.replace(/\W+/g, '_')}`, `postRunResults(${code});`);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(decoder({ kind: 'results' }, { baseDir: root })(r.dir, RUN)).toEqual({ y: value });
  });

  it('a name for the one output; a plain object (also without prototype) is named outputs as before', () => {
    const r = child('named', `postRunResults(7.5, { name: 'peak' });`);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(r.dir, RESULTS_FILE), 'utf8'))).toEqual({ peak: 7.5 });
    const o = child('plain', `const o = Object.create(null); o.a = 1; o.b = { c: [2] }; postRunResults(o);`);
    expect(o.status).toBe(0);
    expect(decoder({ kind: 'results' }, { baseDir: root })(o.dir, RUN)).toEqual({ a: 1, b: { c: [2] } });
  });

  it('a results.json holding one value other than an object (written by another tool) is read as the output y', () => {
    const dir = join(root, 'by-hand');
    mkdirSync(dir);
    for (const [text, value] of [['3.5\n', 3.5], ['[1, NaN]', [1, NaN]], ['"ok"', 'ok']] as const) {
      writeFileSync(join(dir, RESULTS_FILE), text);
      expect(decoder({ kind: 'results' }, { baseDir: root })(dir, RUN)).toEqual({ y: value });
    }
  });

  it('a Map, a Set, a function, a BigInt, a Date, a class instance, undefined or a cycle: one line naming where, nothing written', () => {
    const dir = join(root, 'refused');
    mkdirSync(dir);
    const cycle: Record<string, unknown> = { a: { b: 1 } };
    (cycle.a as Record<string, unknown>).self = cycle.a;
    class Point { constructor(public x = 1) {} }
    const json = 'a JSON value (a number, string, boolean, null, array or plain object)';
    const cases: [unknown, string][] = [
      [new Map([['y', 1]]), `outputs: expected ${json}, got a value of type object (a Map is not one: Object.fromEntries(map) converts it)`],
      [{ s: new Set([1]) }, `outputs.s: expected ${json}, got a value of type object (a Set is not one: [...set] converts it)`],
      [{ f: () => 1 }, `outputs.f: expected ${json}, got a value of type function (a function is not one: call it, or leave it out)`],
      [10n, `outputs: expected ${json}, got 10n (a BigInt is not one: Number(v) or String(v) converts it)`],
      [{ when: [new Date(0)] }, `outputs.when[0]: expected ${json}, got a value of type object (a Date is not one: date.toISOString() or date.getTime() converts it)`],
      [{ 'two words': new Point() }, `outputs["two words"]: expected ${json}, got a value of type object (an instance of Point is not one: give a plain object of its fields)`],
      [[1, undefined], `outputs[1]: expected ${json}, got undefined (undefined is not one: use null, or leave the key out)`],
      [cycle, `outputs.a.self: expected ${json}, got a value of type object (a cycle: it contains itself)`],
    ];
    for (const [value, message] of cases) {
      const e = thrown(() => postEntry(value, { dir }));
      expect(e.name).toBe('InvalidArgumentError');
      expect(e.message).toBe(message);
      const field = (e as { field?: string }).field!;
      expect(message.startsWith(`${field}: `)).toBe(true);
    }
    expect(readdirSync(dir)).toEqual([]);
    // In a model process: the process fails with that line, and no results.json is left.
    const r = child('refused-child', `postRunResults(new Map([['y', 1]]));`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`InvalidArgumentError: outputs: expected ${json}, got a value of type object (a Map is not one: Object.fromEntries(map) converts it)`);
    expect(existsSync(join(r.dir, RESULTS_FILE))).toBe(false);
  });

  it('a local campaign whose model posts a bare number: the stored output is y', async () => {
    const base = join(root, 'e2e-bare');
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'model.mjs'), `import { postRunResults } from '${HELPER}';\nimport { readFileSync } from 'node:fs';\nconst { x } = JSON.parse(readFileSync('params.json', 'utf8'));\npostRunResults(3 * x);\n`);
    const store = openStore(join(base, 'c.sqlite'));
    store.add([{ params: { x: 1 } }, { params: { x: 2 } }]);
    await runLocal(store, { command: [process.execPath, join(base, 'model.mjs')], runDir: (r) => runDirectory(join(base, 'c'), r.id), encode: encoder({ kind: 'json' }, { baseDir: base }), decode: decoder({ kind: 'results' }, { baseDir: base }), progress: false });
    expect(store.results().map((r) => [r.params.x, r.outputs])).toEqual([[1, { y: 3 }], [2, { y: 6 }]]);
    store.close();
  });
});

describe('the uqkit/run entry', () => {
  it('imports nothing but node builtins, the error classes and the JSON check (no WebAssembly, no SQLite)', () => {
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
    expect([...seen].map((f) => f.split('/build/')[1]).sort()).toEqual(['core/errors.js', 'core/json.js', 'io/run-helper.js']);
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
