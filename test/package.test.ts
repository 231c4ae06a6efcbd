// The package as users get it: ESM entries with types, one wasm with SIMD, and a browser
// entry whose import graph holds nothing Node-only.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers.js';
import { serve } from './serve.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every module specifier imported statically or dynamically by `file`, transitively. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (graph.has(file)) continue;
    const src = readFileSync(file, 'utf8');
    const specs = [...src.matchAll(/^(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)]
      .map((m) => m[1] ?? m[2] ?? m[3]!);
    graph.set(file, specs);
    for (const s of specs) if (s.startsWith('.')) todo.push(resolve(dirname(file), s));
  }
  return graph;
}

describe('package', () => {
  it('is ESM and CommonJS with three entries (uqkit, uqkit/browser, uqkit/run), each with types, and the uqkit command, for Node >= 20', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.engines.node).toBe('>=20');
    for (const entry of ['.', './browser', './run']) {
      const e = pkg.exports[entry];
      // ES modules for import, CommonJS for require, each with its types first
      for (const [cond, dir] of [['import', 'build/'], ['require', 'build/cjs/'], ['default', 'build/']] as const) {
        expect(Object.keys(e[cond]), `${entry} ${cond}`).toEqual(['types', 'default']);
        expect(e[cond].default.startsWith(`./${dir}`) && !e[cond].default.slice(dir.length + 2).startsWith('cjs/'), e[cond].default).toBe(true);
        expect(existsSync(join(root, e[cond].default)), e[cond].default).toBe(true);
        expect(existsSync(join(root, e[cond].types)), e[cond].types).toBe(true);
      }
      expect(e.node, entry).toEqual({ import: e.import, require: e.require });
    }
    // bundlers building for browsers and workers get the numerics-only entry under the bare name
    for (const cond of ['browser', 'worker']) expect(pkg.exports['.'][cond]).toEqual(pkg.exports['./browser'].import);
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs --if-stale');
    const dts = readFileSync(join(root, 'build/browser.d.ts'), 'utf8') + readFileSync(join(root, 'build/numerics/index.d.ts'), 'utf8');
    expect(dts).toMatch(/SobolSequence/);
    expect(readFileSync(join(root, pkg.exports['./run'].import.types), 'utf8')).toMatch(/getRunParams[\s\S]*postRunResults|postRunResults[\s\S]*getRunParams/);
    expect(existsSync(join(root, pkg.bin.uqkit))).toBe(true);
    // the example `uqkit init` copies ships with the package
    expect(pkg.files).toContain('examples/coffee/');
  });

  it('the browser entry imports nothing Node-only (no node: or bare specifiers anywhere in its graph)', () => {
    const graph = importGraph(join(root, 'build/browser.js'));
    expect(graph.size).toBeGreaterThan(5);
    const bad = [...graph].flatMap(([file, specs]) => specs.filter((s) => !s.startsWith('.')).map((s) => `${file}: ${s}`));
    expect(bad).toEqual([]);
    const files = [...graph.keys()].map((f) => f.slice(root.length));
    expect(files.some((f) => f.includes('load-node'))).toBe(false);
  });

  it('the Node entry is where Node built-ins are used', () => {
    const graph = importGraph(join(root, 'build/index.js'));
    const nodeSpecs = [...graph.values()].flat().filter((s) => s.startsWith('node:'));
    expect(nodeSpecs).toContain('node:fs/promises');
  });

  it('uqkit.wasm is one valid module built with SIMD', () => {
    const bytes = readFileSync(join(root, 'build/uqkit.wasm'));
    expect(WebAssembly.validate(bytes)).toBe(true);
    const wat = readFileSync(join(root, 'build/uqkit.wat'), 'utf8');
    expect(wat).toMatch(/v128\.xor/);
    expect(wat).toMatch(/f64x2\.convert_low_i32x4_s/);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name).sort();
    expect(exports).toEqual(['argsortStable', 'basisMatrix', 'bootstrapMeanStd', 'cholesky', 'clenshawCurtis', 'columnOrderStatistics', 'combine', 'deltaEstimate', 'fejer2', 'finiteDiffSquares', 'gaussRule', 'gemmTN', 'gpCorrelation', 'gpGradient', 'hdmrBasis', 'hdmrComponents', 'heapBase', 'hermiteRule', 'interpolatoryWeights', 'leastSquares', 'memory', 'morrisEffects', 'orderedOutputs', 'orthonormalValues', 'pawnStatistics', 'powerSpectra', 'powerSpectraWorkBytes', 'randomIndices', 'randomUniform', 'sensitivityBootstrap', 'sensitivityPoint', 'sensitivityWorkBytes', 'sobolDirections', 'sobolFill', 'sobolMaxBits', 'sobolMaxDim', 'sobolOwenKeys', 'sobolScrambleLMS', 'sobolStateAt', 'sobolUseTable', 'stieltjes', 'trajectoryDistances', 'transpose', 'triangularInverse']);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${i.module}.${i.name}`);
    expect(imports).toEqual([]); // no abort import: built with --noAssert, nothing can abort
  });

  it('the direction numbers keep their attribution', () => {
    const lic = readFileSync(join(root, 'assembly/data/LICENSE-new-joe-kuo-6.21201.txt'), 'utf8');
    expect(lic).toMatch(/Copyright \(c\) 2008, Frances Y\. Kuo and Stephen Joe/);
  });
});

// The package as `npm pack` makes it, installed into a fresh project and used the ways users
// do: ESM and CommonJS in Node, uqkit/browser in Node, TypeScript (node16 and bundler, strict,
// skipLibCheck off), Vite builds (app and a default-format worker), and headless Chromium (a
// plain module page, a module worker, the Vite app and its worker). One install serves every
// case. It installs with --omit=optional, so better-sqlite3 (an optional dependency whose
// native addon takes minutes to compile) is not installed at all, as for users who want only
// the numerics or the browser build: all of the above works without it, and opening a
// campaign says in one line how to install it.
describe('the packed package, installed into a fresh project', () => {
  const work = mkdtempSync(join(tmpdir(), 'uqkit-pack-'));
  const app = join(work, 'app');
  let packed: { filename: string; files: Array<{ path: string }> };
  let packStdout = '';
  const run = (cmd: string, args: string[], cwd: string, extra: { env?: NodeJS.ProcessEnv; timeout?: number } = {}) => {
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...extra.env }, timeout: extra.timeout ?? 180_000 });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
  };
  const node = (args: string[], cwd = app) => run(process.execPath, args, cwd);
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(app, rel)), { recursive: true });
    writeFileSync(join(app, rel), text);
  };
  const FIRST4 = [0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]; // unscrambled Sobol', d = 2, as scipy
  // scipy's first 8 points in 21201 and 64 in 5000 dimensions: beyond those uqkit.wasm embeds,
  // so they come from the package's sobol-directions.bin
  const sobolRef = (dim: number, n: number) => (JSON.parse(readFileSync(join(root, 'test/fixtures/sobol-scipy.json'), 'utf8')) as { cases: Array<{ dim: number; n: number; skip: number; sha256: string }> }).cases.find((c) => c.dim === dim && c.n === n && c.skip === 0)!.sha256;
  const HIGH = sobolRef(21201, 8), HIGH5000 = sobolRef(5000, 64);
  const HASH = `async (x) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', x)), (b) => b.toString(16).padStart(2, '0')).join('')`;

  beforeAll(() => {
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], root);
    expect(pack.status, pack.stderr).toBe(0);
    packStdout = pack.stdout;
    packed = JSON.parse(pack.stdout)[0];
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = run('npm', ['install', '--omit=optional', '--no-audit', '--no-fund', '--loglevel=error', join(work, packed.filename)], app);
    expect(install.status, install.stderr).toBe(0);
    // The type checks use the repository's TypeScript and Node types (linked, not installed).
    mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(root, 'node_modules/typescript'), join(app, 'node_modules/typescript'));
    symlinkSync(join(root, 'node_modules/@types/node'), join(app, 'node_modules/@types/node'));
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('`npm pack --json` prints only JSON (the build reports on stderr), listing the ESM, CommonJS and wasm files', () => {
    expect(() => JSON.parse(packStdout)).not.toThrow();
    const files = packed.files.map((f) => f.path);
    for (const f of ['build/index.js', 'build/index.d.ts', 'build/browser.js', 'build/cjs/index.js', 'build/cjs/index.d.ts', 'build/cjs/package.json', 'build/cjs/browser.js', 'build/uqkit.wasm', 'build/sobol-directions.bin', 'assembly/data/LICENSE-new-joe-kuo-6.21201.txt', 'build/cli/main.js']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('build/.stamps') || f.startsWith('build/generated'))).toEqual([]);
  });

  it('prepare, with nothing stale, does nothing and prints nothing', () => {
    const r = run('npm', ['run', '--silent', 'prepare'], root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('--if-stale goes by content, not time: a touched file rebuilds nothing; an added or deleted source rebuilds, leaving no module behind', () => {
    // a copy of the sources and of the fresh build, so that the repository's build is not disturbed
    const copy = join(work, 'repo');
    for (const f of ['src', 'assembly', 'scripts', 'build', 'tsconfig.json', 'package.json']) cpSync(join(root, f), join(copy, f), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    const build = () => run(process.execPath, ['scripts/build.mjs', '--if-stale'], copy);
    const now = new Date();
    utimesSync(join(copy, 'src/numerics/sobol.ts'), now, now);
    utimesSync(join(copy, 'assembly/index.ts'), now, now);
    let r = build();
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);

    writeFileSync(join(copy, 'src/probe.ts'), 'export const PROBE = 42;\n');
    r = build();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^build: tsc .*\nbuild: commonjs .*\n$/); // asc and the data module were fresh
    expect(readFileSync(join(copy, 'build/probe.js'), 'utf8')).toMatch(/PROBE = 42/);
    expect(readFileSync(join(copy, 'build/cjs/probe.js'), 'utf8')).toMatch(/exports\.PROBE = 42/);

    rmSync(join(copy, 'src/probe.ts'));
    r = build();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/build: tsc/);
    expect(existsSync(join(copy, 'build/probe.js'))).toBe(false);
    expect(existsSync(join(copy, 'build/cjs/probe.js'))).toBe(false);
    expect(existsSync(join(copy, 'build/index.js')) && existsSync(join(copy, 'build/uqkit.wasm'))).toBe(true);
  }, 180_000);

  it('has no top-level await in any ES module it ships', () => {
    const pkgDir = join(app, 'node_modules/uqkit/build');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, f.name);
        if (f.isDirectory()) walk(path);
        else if (f.name.endsWith('.js')) {
          // tsc writes top-level statements at column 0: an `await` on such a line is top level.
          readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
            if (/^[^\s/*].*\bawait\b/.test(line)) offenders.push(`${path.slice(pkgDir.length)}:${i + 1}: ${line}`);
          });
        }
      }
    };
    walk(pkgDir);
    expect(offenders).toEqual([]);
  });

  it('import in Node: numerics work without an await; init() is idempotent', () => {
    write('esm.mjs', `
      import { SobolSequence, init, coreMemory } from 'uqkit';
      const first = Array.from(new SobolSequence(2).next(4).data);
      const p1 = init(), p2 = init();
      await Promise.all([p1, p2, init(new Uint8Array(0))]); // already loaded: the argument is not even read
      const high = await (${HASH})(new SobolSequence(21201).next(8).data);
      console.log(JSON.stringify({ first, memory: coreMemory().memoryBytes > 0, high }));
    `);
    const r = node(['esm.mjs']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ first: FIRST4, memory: true, high: HIGH });
  });

  it('the installed uqkit command prints its version and help', () => {
    const bin = join(app, 'node_modules/.bin/uqkit');
    const v = run(bin, ['--version'], app);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${pkg.version}\n`);
    const h = run(bin, ['analyze', '--help'], app);
    expect(h.status, h.stderr).toBe(0);
    expect(h.stdout).toMatch(/uqkit analyze sobol -p PROBLEM -Y FILE/);
  });

  it('require() in Node, without require(esm): uqkit, uqkit/browser and uqkit/run are CommonJS', () => {
    write('cjs.cjs', `
      const u = require('uqkit'), b = require('uqkit/browser'), run = require('uqkit/run');
      console.log(JSON.stringify({
        main: require.resolve('uqkit').replace(/\\\\/g, '/').split('node_modules/uqkit/')[1],
        first: Array.from(u.SobolSequence ? new u.SobolSequence(2).next(4).data : []),
        browser: Array.from(new b.SobolSequence(2).next(4).data),
        init: typeof u.init, error: new u.NotInitializedError().field,
        run: typeof run.getRunParams,
        gauss: u.gauss(new u.Uniform(0, 1), 3).nodes.length,
        high: require('node:crypto').createHash('sha256').update(new Uint8Array(new u.SobolSequence(21201).next(8).data.buffer)).digest('hex'),
      }));
    `);
    const r = node(['--no-experimental-require-module', 'cjs.cjs']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ main: 'build/cjs/index.js', first: FIRST4, browser: FIRST4, init: 'function', error: 'init', run: 'function', gauss: 3, high: HIGH });
  });

  it('--omit=optional installs no better-sqlite3 and nothing of its own dependencies', () => {
    const installed = readdirSync(join(app, 'node_modules')).filter((f) => !f.startsWith('.') && f !== '@types' && f !== 'typescript').sort();
    expect(installed).toEqual(['uqkit', 'yaml']);
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(false);
  });

  it('without the chart packages (optional), renderReport rejects with an InvalidArgumentError that says what to install; Markdown needs none', () => {
    write('report.mjs', `
      import * as u from 'uqkit';
      const r = { campaign: 'c', runs: { total: 1, done: 1, failed: 0 }, analysis: { y: { mean: 1, std: 0.5 } } };
      const md = u.renderReportMarkdown(r);
      u.renderReport(r).then(() => console.log('rendered'), (e) => console.log(JSON.stringify({ name: e.name, isArg: e instanceof u.InvalidArgumentError, field: e.field, message: e.message, md: md.split('\\n')[0] })));
    `);
    const r = node(['report.mjs']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      name: 'InvalidArgumentError', isArg: true, field: 'report', md: '# c',
      message: 'report: expected the packages @observablehq/plot and linkedom for its charts, optional dependencies of uqkit that are not installed: npm install @observablehq/plot linkedom (the md and json formats need neither)',
    });
  });

  const MISSING = (path: string) => `${path}: campaign stores need the SQLite driver better-sqlite3, which is not installed: run \`npm install better-sqlite3\``;

  it('without better-sqlite3, Campaign.create (import and require) throws a StoreDriverMissingError that says how to install it', () => {
    const config = `{ name: 'c', params: { x: { type: 'float', default: 0 } } }`;
    const report = `(e) => console.log(JSON.stringify({ name: e.name, code: e.code, isStore: e instanceof u.StoreError, isMissing: e instanceof u.StoreDriverMissingError, message: e.message }))`;
    write('campaign.mjs', `
      import * as u from 'uqkit';
      try { u.Campaign.create('esm-campaign', ${config}); console.log('opened'); } catch (e) { (${report})(e); }
    `);
    write('campaign.cjs', `
      const u = require('uqkit');
      try { u.Campaign.create('cjs-campaign', ${config}); console.log('opened'); } catch (e) { (${report})(e); }
    `);
    for (const [file, dir] of [['campaign.mjs', 'esm-campaign'], ['campaign.cjs', 'cjs-campaign']] as const) {
      const r = node([file]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout), file).toEqual({ name: 'StoreDriverMissingError', code: 'ERR_STORE_DRIVER_MISSING', isStore: true, isMissing: true, message: MISSING(join(dir, 'campaign.db')) });
      expect(existsSync(join(app, dir)), `${file}: the directory made for the campaign is removed again`).toBe(false);
    }
  });

  it('without better-sqlite3, `uqkit status DIR` (the installed bin) prints one line saying how to install it and exits 1', () => {
    // a real campaign, made with the repository's build (which has the driver)
    const dir = join(app, 'made-elsewhere');
    const made = run(process.execPath, ['--input-type=module', '-e', `
      import { Campaign } from ${JSON.stringify(join(root, 'build/index.js'))};
      Campaign.create(${JSON.stringify(dir)}, { name: 'c', params: { x: { type: 'float', default: 0 } } }).close();
    `], root);
    expect(made.status, made.stderr).toBe(0);
    expect(existsSync(join(dir, 'campaign.db'))).toBe(true);
    const r = run(join(app, 'node_modules/.bin/uqkit'), ['status', 'made-elsewhere'], app);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^[^\n]*\n$/);
    expect(r.stderr).toContain('npm install better-sqlite3');
    expect(r.stderr).toContain('campaign.db');
    expect(r.stderr).not.toMatch(/\bat |Error:|rebuild/);
    expect(r.status).toBe(1);
  });

  it('without the optional peers nunjucks and h5wasm, a jinja encoder and an hdf5 decoder say how to install them', () => {
    write('peers.mjs', `
      import { writeFileSync } from 'node:fs';
      import * as u from 'uqkit';
      writeFileSync('t.j2', '{{ x }}');
      const show = (e) => ({ name: e.name, field: e.field, message: e.message });
      const out = {};
      try { u.encoder({ kind: 'jinja', template: 't.j2', target: 'in.txt' }, { baseDir: '.' }); out.jinja = 'built'; } catch (e) { out.jinja = show(e); }
      try { await u.loadDecoder({ kind: 'hdf5', file: 'o.h5', paths: { y: 'y' } }, { baseDir: '.' }); out.hdf5 = 'built'; } catch (e) { out.hdf5 = show(e); }
      console.log(JSON.stringify(out));
    `);
    const r = node(['peers.mjs']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      jinja: { name: 'InvalidArgumentError', field: 'encoder.kind', message: 'encoder.kind: expected an encoder whose library is installed: the jinja encoder needs the nunjucks package (npm install nunjucks), got "jinja"' },
      hdf5: { name: 'InvalidArgumentError', field: 'decoder.kind', message: 'decoder.kind: expected a decoder whose library is installed: the hdf5 decoder needs the h5wasm package (npm install h5wasm), got "hdf5"' },
    });
  });

  it('with better-sqlite3 installed but its addon not built (--ignore-scripts), opening a store says to rebuild it, not to install it', () => {
    const other = join(work, 'unbuilt');
    mkdirSync(other);
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'unbuilt', private: true, type: 'module' }));
    const install = run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', join(work, packed.filename)], other);
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(join(other, 'node_modules/better-sqlite3/package.json'))).toBe(true);
    writeFileSync(join(other, 'open.mjs'), `
      import * as u from 'uqkit';
      try { u.Campaign.create('c', { name: 'c', params: { x: { type: 'float', default: 0 } } }); console.log('opened'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, isMissing: e instanceof u.StoreDriverMissingError, message: e.message })); }
    `);
    const r = run(process.execPath, ['open.mjs'], other);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'StoreError', isMissing: false, message: `${join('c', 'campaign.db')}: cannot load better-sqlite3 (its native addon may not have been built: run \`npm rebuild better-sqlite3\`)` });
  }, 180_000);

  it('uqkit/browser imported in Node reads uqkit.wasm from disk; init() takes bytes or a compiled Module', () => {
    write('browser-auto.mjs', `
      import { SobolSequence } from 'uqkit/browser';
      console.log(JSON.stringify(Array.from(new SobolSequence(2).next(4).data)));
    `);
    write('browser-bytes.mjs', `
      import { readFileSync } from 'node:fs';
      import { init, SobolSequence } from 'uqkit/browser';
      await init(readFileSync(new URL(import.meta.resolve('uqkit/uqkit.wasm'))));
      console.log(JSON.stringify(Array.from(new SobolSequence(2).next(4).data)));
    `);
    write('browser-module.mjs', `
      import { readFileSync } from 'node:fs';
      import { init, SobolSequence } from 'uqkit/browser';
      await init(new WebAssembly.Module(readFileSync(new URL(import.meta.resolve('uqkit/uqkit.wasm')))));
      console.log(JSON.stringify(Array.from(new SobolSequence(2).next(4).data)));
    `);
    write('browser-bad.mjs', `
      import { init } from 'uqkit/browser';
      try { await init({ nothing: 1 }); } catch (e) { console.log(JSON.stringify({ name: e.name, field: e.field })); }
    `);
    for (const f of ['browser-auto.mjs', 'browser-bytes.mjs', 'browser-module.mjs']) {
      const r = node([f]);
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout), f).toEqual(FIRST4);
    }
    const bad = node(['browser-bad.mjs']);
    expect(JSON.parse(bad.stdout)).toEqual({ name: 'InvalidArgumentError', field: 'init(source)' });
  });

  it('its .d.ts compile alone in strict projects (skipLibCheck off): node16 ESM and CJS, bundler with DOM, bundler without DOM or Node types', () => {
    const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
    write('types/node16/use.mts', `
      import { SobolSequence, init, openStore, NotInitializedError, type InitSource } from 'uqkit';
      import * as browser from 'uqkit/browser';
      import { getRunParams } from 'uqkit/run';
      const src: InitSource = new Uint8Array(8);
      await init(src);
      const x: Float64Array = new SobolSequence(2).next(4).data;
      const e: string | undefined = new NotInitializedError().field;
      export const used = [x, e, openStore, browser.sobol, getRunParams];
    `);
    write('types/node16/use.cts', `
      import uq = require('uqkit');
      export const n: number = new uq.SobolSequence(2).next(1).rows;
    `);
    write('types/node16/tsconfig.json', JSON.stringify({ compilerOptions: { ...strict, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'] }, include: ['*.mts', '*.cts'] }));
    write('types/bundler/use.ts', `
      import { SobolSequence, init } from 'uqkit/browser';
      import { openStore } from 'uqkit';
      await init(new URL('/uqkit.wasm', location.href));
      await init(fetch('/uqkit.wasm'));
      export const used = [new SobolSequence(3).next(2).data, openStore];
    `);
    write('types/bundler/tsconfig.json', JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: ['node'] }, include: ['*.ts'] }));
    write('types/bare/use.ts', `
      import { SobolSequence, init, gauss, Normal } from 'uqkit/browser';
      await init(new Uint8Array(8).buffer);
      export const used = [new SobolSequence(3).next(2).data, gauss(new Normal(0, 1), 3).weights];
    `);
    write('types/bare/tsconfig.json', JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022'], types: [] }, include: ['*.ts'] }));
    const tsc = join(app, 'node_modules/typescript/bin/tsc');
    for (const project of ['node16', 'bundler', 'bare']) {
      const r = node([tsc, '-p', `types/${project}/tsconfig.json`]);
      expect(r.stdout + r.stderr, project).toBe('');
      expect(r.status, project).toBe(0);
    }
  });

  it('passes publint and @arethetypeswrong/cli (node16 and bundler resolution of every entry)', () => {
    const publint = run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), '--strict', '--pack', 'npm'], root);
    expect(publint.status, publint.stdout + publint.stderr).toBe(0);
    const attw = run(process.execPath, [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), join(work, packed.filename), '--profile', 'node16', '--exclude-entrypoints', './uqkit.wasm', './sobol-directions.bin', '--format', 'json'], root);
    expect(attw.status, attw.stdout.slice(0, 2000) + attw.stderr).toBe(0);
    const report = JSON.parse(attw.stdout) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
    // node10 (no `exports` support) is outside the node16 profile: Node >= 20 and bundlers read `exports`.
    expect(report.analysis.problems.filter((p) => (p as { resolutionKind?: string }).resolutionKind !== 'node10')).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './browser', './package.json', './run']);
  });

  describe('in Vite builds and headless Chromium', () => {
    let browser: Browser;
    let server: Awaited<ReturnType<typeof serve>>;
    const vite = (dir: string) => node([join(root, 'node_modules/vite/bin/vite.js'), 'build', dir, '--logLevel', 'warn'], app);

    beforeAll(async () => {
      server = await serve(app);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Opens `path` on the server (or on `at`) and waits for the page's `window.result`. */
    async function resultOf(path: string, at = server): Promise<unknown> {
      const page: Page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      try {
        await page.goto(`${at.url}${path}`);
        await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 60_000 });
        const result = await page.evaluate(() => (window as unknown as { result: unknown }).result);
        expect(errors).toEqual([]);
        return result;
      } finally {
        await page.close();
      }
    }

    it('a plain <script type="module"> page and a module Web Worker: NotInitializedError before init(), then the same points as Node', async () => {
      const entry = '/node_modules/uqkit/build/browser.js';
      write('plain/worker.js', `
        import { init, SobolSequence } from '${entry}';
        init().then(() => postMessage(Array.from(new SobolSequence(2).next(4).data)));
      `);
      write('plain/index.html', `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
        import * as uq from '${entry}';
        let before;
        try { new uq.SobolSequence(2).next(4); before = 'no error'; }
        catch (e) { before = { name: e.name, field: e.field, isClass: e instanceof uq.NotInitializedError, init: /await init\\(\\)/.test(e.message) }; }
        await uq.init();
        await uq.init(); // idempotent
        const page = Array.from(new uq.SobolSequence(2).next(4).data);
        let beyond;
        try { new uq.SobolSequence(21201); beyond = 'no error'; } catch (e) { beyond = e.name; }
        await uq.loadSobolDirections();
        const high = await (${HASH})(new uq.SobolSequence(21201).next(8).data);
        const worker = new Worker('./worker.js', { type: 'module' });
        worker.onmessage = (m) => { window.result = { before, page, worker: m.data, beyond, high }; };
        worker.onerror = (e) => { window.result = { workerError: e.message }; };
      </script>`);
      expect(await resultOf('/plain/index.html')).toEqual({
        before: { name: 'NotInitializedError', field: 'init', isClass: true, init: true },
        page: FIRST4,
        worker: FIRST4,
        beyond: 'SobolDirectionsNotLoadedError',
        high: HIGH,
      });
    });

    it('a Vite app with a worker, default settings (worker format iife): builds, copies uqkit.wasm, runs', async () => {
      write('web/worker.js', `
        import { init, SobolSequence } from 'uqkit';
        init({ sobolDimensions: 5000 }).then(async () => postMessage([...new SobolSequence(2).next(4).data, await (${HASH})(new SobolSequence(5000).next(64).data)]));
      `);
      write('web/main.js', `
        import { init, SobolSequence, NotInitializedError } from 'uqkit';
        const worker = new Worker(new URL('./worker.js', import.meta.url));
        const fromWorker = new Promise((resolve) => { worker.onmessage = (m) => resolve(m.data); });
        const page = init().then(() => Array.from(new SobolSequence(2).next(4).data));
        Promise.all([page, fromWorker]).then(([page, worker]) => { window.result = { page, worker, error: typeof NotInitializedError }; });
      `);
      write('web/index.html', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>');
      const r = vite('web');
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/top-level await|error/i);
      const assets = readdirSync(join(app, 'web/dist/assets'));
      expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
      expect(assets.filter((f) => /^sobol-directions.*\.bin$/.test(f))).toHaveLength(1);
      expect(assets.some((f) => /^worker-.*\.js$/.test(f))).toBe(true);
      // the bare name resolved to the numerics-only browser entry: nothing Node-only got in
      const bundled = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(app, 'web/dist/assets', f), 'utf8')).join('\n');
      expect(bundled).not.toMatch(/better-sqlite3|node:child_process/);
      // served from its root, as Vite's default base ('/') expects
      const dist = await serve(join(app, 'web/dist'));
      try {
        expect(await resultOf('/index.html', dist)).toEqual({ page: FIRST4, worker: [...FIRST4, HIGH5000], error: 'function' });
      } finally {
        await dist.close();
      }
    });
  });
});
