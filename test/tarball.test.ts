// What `npm pack` puts in the tarball: everything the README, the docs and `uqkit init` point
// users to (the ES modules and their types, the CommonJS copy, uqkit.wasm, the Sobol' direction
// table and its licence, the uqkit command, the coffee-cup example), the TypeScript sources the
// source maps point into, and nothing else (no tests, benchmarks, scripts, build stamps,
// generated sources, .wat, or campaigns left in the example folder by `npm start`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; exports: Record<string, unknown>; main: string; types: string };
const work = mkdtempSync(join(tmpdir(), 'uqkit-tarball-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Packed { size: number; unpackedSize: number; files: Array<{ path: string; size: number }> }
/** `npm pack --dry-run --json` in `cwd`, without the prepare script (the tree is built already). */
function dryPack(cwd: string): Packed {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Packed[])[0]!;
}

/** The files under `dir` (relative to root), recursively. */
function walk(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
}

/** Every path string in the package.json `exports`, `bin`, `main` and `types`. */
function targets(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(targets);
  return [];
}

describe('the tarball', () => {
  const packed = dryPack(root);
  const files = new Set(packed.files.map((f) => f.path));

  it('holds only the package: build/ (ESM, types, source maps, CJS copy, wasm, direction table), src/, the example, the licences, README, package.json', () => {
    const allowed = [
      /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^assembly\/data\/LICENSE-new-joe-kuo-6\.21201\.txt$/,
      /^build\/uqkit\.wasm$/, /^build\/sobol-directions\.bin$/,
      /^build\/(?!cjs\/|generated\/|\.stamps\/)[\w/.-]+\.(js|d\.ts|js\.map|d\.ts\.map)$/,
      /^build\/cjs\/[\w/.-]+\.(js|d\.ts)$/, /^build\/cjs\/package\.json$/,
      /^src\/[\w/.-]+\.ts$/,
      /^examples\/coffee\/[\w.-]+$/,
    ];
    const stray = [...files].filter((f) => !allowed.some((re) => re.test(f)));
    expect(stray).toEqual([]);
    for (const bad of [/^test\//, /^bench\//, /^scripts\//, /^docs\//, /^build\/generated\//, /^build\/\.stamps\//, /\.wat$/, /\.uqkit\//, /^examples\/(?!coffee\/)/]) {
      expect([...files].filter((f) => bad.test(f)), String(bad)).toEqual([]);
    }
  });

  it('holds every file package.json points to, the uqkit command with its shebang, and the example `uqkit init` copies', () => {
    const wanted = [...targets(pkg.exports), ...targets(pkg.bin), pkg.main, pkg.types].map((t) => normalize(t).replace(/^\.\//, ''));
    for (const t of wanted) expect(files.has(t), t).toBe(true);
    expect(readFileSync(join(root, pkg.bin.uqkit!), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    for (const f of ['build/cli/main.js', 'build/cjs/index.js', 'build/cjs/browser.js', 'build/cjs/io/run-helper.js', 'build/uqkit.wasm', 'build/sobol-directions.bin', 'assembly/data/LICENSE-new-joe-kuo-6.21201.txt', 'LICENSE', 'README.md']) expect(files.has(f), f).toBe(true);
    // uqkit init copies examples/coffee/ (its tracked files)
    const tracked = spawnSync('git', ['ls-files', 'examples/coffee'], { cwd: root, encoding: 'utf8' }).stdout.trim().split('\n');
    expect(tracked.length).toBeGreaterThanOrEqual(4);
    for (const f of tracked) expect(files.has(f), f).toBe(true);
  });

  // (build/docs/ is the API site that `npm run docs` makes: not shipped)
  it('every module of build/ and build/cjs/ is there, and every source map points into a file the tarball holds', () => {
    for (const f of walk('build').filter((f) => /\.(js|d\.ts)$/.test(f) && !f.startsWith('build/generated/') && !f.startsWith('build/docs/'))) expect(files.has(f), f).toBe(true);
    const maps = [...files].filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(100);
    for (const m of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, m), 'utf8')) as { sources: string[] };
      for (const s of sources) {
        const target = normalize(join(dirname(m), s));
        expect(files.has(target), `${m} -> ${target}`).toBe(true);
      }
    }
  });

  it('packed size and unpacked size (reported, and kept below 2 MB / 8 MB)', () => {
    expect(packed.size).toBeLessThan(2 * 1024 * 1024);
    expect(packed.unpackedSize).toBeLessThan(8 * 1024 * 1024);
    console.log(`tarball: ${packed.files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
  });

  it("leaves out what a developer's tree may hold besides: campaigns `npm start` leaves in the example, stamps, generated sources, .wat, tests", () => {
    // the package's own package.json over a tree with such leftovers
    const tree = join(work, 'tree');
    const put = (rel: string, text = 'x') => {
      mkdirSync(dirname(join(tree, rel)), { recursive: true });
      writeFileSync(join(tree, rel), text);
    };
    cpSync(join(root, 'package.json'), join(tree, 'package.json'));
    for (const f of ['README.md', 'LICENSE', 'build/index.js', 'build/cjs/index.js', 'src/index.ts', 'examples/coffee/campaign.yaml', 'assembly/data/LICENSE-new-joe-kuo-6.21201.txt']) put(f);
    const junk = ['examples/coffee/coffee-pce.uqkit/campaign.db', 'examples/coffee/coffee-pce.uqkit/runs/0/input.json', 'examples/coffee/coffee-pce.uqkit/report.html', 'build/generated/sobol-table.ts', 'build/.stamps/asc', 'build/uqkit.wat', 'test/cli.test.ts', 'bench/run.mjs', 'scripts/build.mjs', 'assembly/data/new-joe-kuo-6.21201.bin'];
    for (const f of junk) put(f);
    const got = dryPack(tree).files.map((f) => f.path);
    expect(got.filter((f) => junk.includes(f))).toEqual([]);
    expect(got).toContain('examples/coffee/campaign.yaml');
    expect(got).toContain('build/index.js');
  });
});
