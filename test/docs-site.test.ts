// The API documentation site: TypeDoc over the package's three entries (uqkit, uqkit/browser,
// uqkit/run) built the way `npm run docs` builds it, with its validation (an undocumented
// export, a {@link} that resolves to nothing, a type referenced but not exported) as errors.
// Also: every export of the built package has its place on the site, the examples in doc
// comments run against the built package, and the site stays out of the npm tarball.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'build/docs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
const typedocBin = join(root, 'node_modules/typedoc/bin/typedoc');

/** The entries as the site names them, with the built module each one is. */
const ENTRIES = [
  { name: 'uqkit', page: 'uqkit', source: 'src/index.ts', built: 'build/index.js' },
  { name: 'uqkit/browser', page: 'uqkit_browser', source: 'src/browser.ts', built: 'build/browser.js' },
  { name: 'uqkit/run', page: 'uqkit_run', source: 'src/io/run-helper.ts', built: 'build/io/run-helper.js' },
] as const;

/** The guides in docs/ that the site carries as documents when they are there. */
const GUIDES = ['getting-started', 'campaigns', 'cli', 'salib', 'easyvvuq', 'browser', 'slurm'];

/** TypeDoc's warnings and errors in its output, without colours. */
function problems(r: SpawnSyncReturns<string>): string[] {
  // eslint-disable-next-line no-control-regex
  const text = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  return text.split('\n').filter((l) => /\[(warning|error)\]/.test(l));
}

interface Reflection {
  readonly id: number;
  readonly name: string;
  readonly kind: number;
  readonly children?: Reflection[];
  readonly target?: number;
}

const work = mkdtempSync(join(tmpdir(), 'uqkit-docs-'));
let built: SpawnSyncReturns<string>;
let project: { children: Reflection[] };

beforeAll(() => {
  // `npm run docs` exactly, plus the same project as JSON for the checks below.
  built = spawnSync('npm', ['run', 'docs', '--', '--json', join(work, 'api.json')], { cwd: root, encoding: 'utf8' });
  if (built.status === 0) project = JSON.parse(readFileSync(join(work, 'api.json'), 'utf8'));
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the API site (npm run docs)', () => {
  it('is TypeDoc over the three entries of package.json, validation on and every warning an error', () => {
    expect(pkg.scripts.docs).toBe('typedoc');
    expect(pkg.devDependencies.typedoc).toMatch(/^\^0\.28\./);
    expect(config.out).toBe('build/docs');
    expect(config.entryPoints).toEqual(ENTRIES.map((e) => e.source));
    // the entries are the package's exports: '.', './browser' and './run'
    for (const [key, entry] of [['.', ENTRIES[0]], ['./browser', ENTRIES[1]], ['./run', ENTRIES[2]]] as const) {
      expect(pkg.exports[key].import.default, key).toBe(`./${entry.built}`);
    }
    expect(config.treatWarningsAsErrors).toBe(true);
    expect(config.validation).toMatchObject({ notDocumented: true, invalidLink: true, notExported: true, invalidPath: true });
  });

  it('builds without a warning: every export documented, every link resolved', () => {
    expect(problems(built), built.stdout + built.stderr).toEqual([]);
    expect(built.status, built.stdout + built.stderr).toBe(0);
  });

  it('has a module page per entry, and a page for named exports with their doc comments', () => {
    for (const e of ENTRIES) expect(existsSync(join(site, `modules/${e.page}.html`)), e.page).toBe(true);
    const page = (p: string): string => readFileSync(join(site, p), 'utf8');
    expect(page('functions/uqkit.sobolIndices.html')).toMatch(/Saltelli 2010/);
    expect(page('functions/uqkit.sobolIndices.html')).toMatch(/>Example</);
    expect(page('classes/uqkit.Campaign.html')).toMatch(/a directory with its store and run directories/);
    expect(page('classes/uqkit.Campaign.html')).toMatch(/execute/);
    expect(page('classes/uqkit.NotInitializedError.html')).toMatch(/UqkitError/);
    expect(page('classes/uqkit.Normal.html')).toMatch(/13\.9199/);
    expect(page('functions/uqkit_run.getRunParams.html')).toMatch(/params\.json/);
    // the browser entry re-exports the numerics documented once, under uqkit
    expect(page('modules/uqkit_browser.html')).toMatch(/sobolIndices/);
  });

  it('files the exports of the Node entry under the layers they come from', () => {
    const html = readFileSync(join(site, 'modules/uqkit.html'), 'utf8');
    const headings = [...html.matchAll(/<h2 class="tsd-anchor-link" id="[^"]*">([^<]+)</g)].map((m) => m[1]);
    expect(headings).toEqual(['Setup and memory', 'Numerics', 'Distributions', 'Samplers and spaces', 'Campaigns', 'Runners', 'IO', 'Analysis', 'Report', 'Errors']);
    const section = (title: string): string => html.slice(html.indexOf(`>${title}<`), html.indexOf('</section>', html.indexOf(`>${title}<`)));
    expect(section('Numerics')).toMatch(/sobolIndices/);
    expect(section('Distributions')).toMatch(/TruncatedNormal/);
    expect(section('Campaigns')).toMatch(/>Campaign</);
    expect(section('Errors')).toMatch(/NotInitializedError/);
  });

  it('documents every export of each built entry (values from the built modules, types from the declarations)', async () => {
    const modules = new Map(project.children.map((m) => [m.name, m]));
    const counts: string[] = [];
    for (const e of ENTRIES) {
      const module = modules.get(e.name);
      expect(module, e.name).toBeDefined();
      const names = new Set((module!.children ?? []).map((c) => c.name));
      const values = Object.keys(await import(pathToFileURL(join(root, e.built)).href));
      const missing = values.filter((v) => !names.has(v));
      expect(missing, `${e.name}: exports without a place on the site`).toEqual([]);
      // types too: the names in the entry's own `export type { A, B }` lists
      const dts = readFileSync(join(root, e.built.replace(/\.js$/, '.d.ts')), 'utf8');
      const typeNames = [...dts.matchAll(/export type \{([^}]*)\}/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!)).filter(Boolean);
      expect(typeNames.filter((t) => !names.has(t)), `${e.name}: types without a place on the site`).toEqual([]);
      counts.push(`${e.name}: ${names.size} exports (${values.length} values)`);
    }
    console.log(`API site: ${counts.join('; ')}`);
  });

  it('carries the guides in docs/ that are there as pages of the site', () => {
    const present = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
    expect(present.length).toBeGreaterThan(0);
    for (const g of present) expect(existsSync(join(site, `documents/${g}.html`)), g).toBe(true);
    for (const g of GUIDES.filter((g) => present.includes(g))) expect(readdirSync(join(site, 'documents'))).toContain(`${g}.html`);
  });

  it('stays out of the npm package (build/ is shipped, build/docs/ is not)', () => {
    expect(existsSync(join(site, 'index.html'))).toBe(true);
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('build/index.js');
    expect(files.filter((f) => f.startsWith('build/docs/'))).toEqual([]);
  });
});

describe("the site's validation", () => {
  it('fails on an undocumented export, a broken {@link} and a referenced type that is not exported', () => {
    const dir = join(work, 'fixture');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '0.0.0', private: true }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: [] }, include: ['index.ts'] }));
    writeFileSync(
      join(dir, 'index.ts'),
      [
        '/** A documented constant. */',
        'export const documented = 1;',
        'export const undocumentedExport = 2;',
        '/** Points to {@link nowhereAtAll}. */',
        'export const brokenLink = 3;',
        'interface Hidden { readonly a: number }',
        '/** Returns a type that is not exported. */',
        'export function hiddenType(): Hidden { return { a: 1 }; }',
        '',
      ].join('\n'),
    );
    // the project's own settings, with the fixture as the only entry
    writeFileSync(
      join(dir, 'typedoc.json'),
      JSON.stringify({ extends: [join(root, 'typedoc.json')], entryPoints: ['./index.ts'], tsconfig: './tsconfig.json', out: './site', readme: 'none', projectDocuments: [], intentionallyNotExported: [] }),
    );
    const r = spawnSync(process.execPath, [typedocBin, '--options', join(dir, 'typedoc.json')], { cwd: dir, encoding: 'utf8' });
    const found = problems(r).join('\n');
    expect(r.status, found).not.toBe(0);
    expect(found).toMatch(/undocumentedExport \(Variable\).*does not have any documentation/);
    expect(found).toMatch(/Failed to resolve link to "nowhereAtAll"/);
    expect(found).toMatch(/Hidden, defined in .*index\.ts, is referenced by .*hiddenType.* but not included in the documentation/);
    expect(found).not.toMatch(/\bdocumented \(Variable\)/);
  }, 300_000);
});

/** The ```js blocks of the `@example` tags in the doc comments of src/. */
function examples(): { where: string; code: string }[] {
  const found: { where: string; code: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/^([ \t]*)\* @example\n\1\* ```js\n([\s\S]*?)\n\1\* ```/gm)) {
          const line = text.slice(0, m.index).split('\n').length;
          found.push({ where: `${relative(root, path)}:${line}`, code: m[2]!.split('\n').map((l) => l.replace(/^[ \t]*\*( |$)/, '')).join('\n') });
        }
      }
    }
  };
  walk(join(root, 'src'));
  return found;
}

describe('the examples in doc comments', () => {
  const all = examples();

  it('are there for the main entry points', () => {
    const where = all.map((e) => e.where).join('\n');
    for (const file of ['core/init.ts', 'numerics/sobol.ts', 'numerics/saltelli.ts', 'numerics/sensitivity.ts', 'numerics/pce.ts', 'numerics/grids.ts', 'distributions/factory.ts', 'distributions/normal.ts', 'campaign/campaign.ts', 'analysis/analyse.ts']) {
      expect(where).toContain(`src/${file}:`);
    }
    expect(all.length).toBeGreaterThanOrEqual(18);
  });

  it.each(all.map((e) => [e.where, e.code]))('%s runs against the built package', (_where, code) => {
    // run from the package root so that 'uqkit' resolves to this package; temporary files in a test folder
    const tmp = mkdtempSync(join(work, 'example-'));
    const r = spawnSync(process.execPath, ['--input-type=module'], { cwd: root, input: code, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});
