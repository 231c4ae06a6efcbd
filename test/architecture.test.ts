// The import rules of docs/ARCHITECTURE.md, checked on the sources: every src/**/*.ts is parsed
// (TypeScript's parser) for its imports — static `import ... from`, `import '...'`,
// `export ... from` and dynamic `import('...')` with a literal specifier — and each rule names
// the file, line and import that break it:
//
//   layers   imports only downward or within a layer:
//            cli > entries (index.ts, browser.ts, errors.ts, and node-setup.ts, the Node entry's
//            settings that the CLI loads too) > campaign, execution, analysis,
//            report > samplers, space, io > numerics, distributions > core
//   wasm     outside src/core: no value import of the Arena class (core/arena.ts; types are
//            fine), nothing from core/wasm.ts but core(), coreMemory, onCoreLoaded, setAutoLoad
//            and types, no import of core/worker.ts, and no code that reaches WebAssembly
//            memory or instances itself (`.memory.buffer`, `exports.memory`,
//            `new WebAssembly.Memory/Instance/Module(...)`, `WebAssembly.instantiate(...)`).
//            core/load-node.ts, core/load-browser.ts and core/init.ts's loaders belong to the
//            entries: only src/core and the entries import them.
//   browser  nothing that src/browser.ts reaches at run time (type-only imports are erased)
//            imports a Node built-in (node:*, or a bare built-in name) or better-sqlite3.
//
// The checker runs on the real tree and, to show that it catches each kind of break, on small
// trees in a temporary directory with one break each.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

interface Import {
  readonly file: string; // relative to the src root, with '/'
  readonly line: number;
  readonly spec: string;
  readonly target: string | undefined; // resolved src-relative path for relative imports
  readonly typeOnly: boolean; // erased at run time
  readonly names: readonly { readonly name: string; readonly typeOnly: boolean }[] | 'all';
  readonly dynamic: boolean;
}

interface Source {
  readonly file: string;
  readonly text: string;
  readonly imports: Import[];
}

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function parse(root: string): Map<string, Source> {
  const out = new Map<string, Source>();
  for (const path of files(root)) {
    const file = relative(root, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const imports: Import[] = [];
    const add = (node: ts.Node, specNode: ts.Expression, typeOnly: boolean, names: Import['names'], dynamic: boolean): void => {
      if (!ts.isStringLiteralLike(specNode)) return;
      const spec = specNode.text;
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(path), spec.replace(/\.js$/, '.ts'))).split(sep).join('/') : undefined;
      imports.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, spec, target, typeOnly, names, dynamic });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const bindings = clause?.namedBindings;
        const names = bindings && ts.isNamedImports(bindings)
          ? bindings.elements.map((e) => ({ name: (e.propertyName ?? e.name).text, typeOnly: e.isTypeOnly }))
          : clause?.name && !bindings ? [{ name: 'default', typeOnly: false }] : 'all';
        add(node, node.moduleSpecifier, clause?.isTypeOnly ?? false, clause ? names : [], false);
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        const names = node.exportClause && ts.isNamedExports(node.exportClause)
          ? node.exportClause.elements.map((e) => ({ name: (e.propertyName ?? e.name).text, typeOnly: e.isTypeOnly }))
          : 'all';
        add(node, node.moduleSpecifier, node.isTypeOnly, names, false);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length === 1) {
        add(node, node.arguments[0]!, false, 'all', true);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    out.set(file, { file, text, imports });
  }
  return out;
}

const ENTRIES = new Set(['index.ts', 'browser.ts', 'errors.ts', 'node-setup.ts']);
/** Layer rank by top-level directory (entries: the files at the top of src). */
const RANK: Record<string, number> = {
  core: 0,
  numerics: 1, distributions: 1,
  samplers: 2, space: 2, io: 2,
  campaign: 3, execution: 3, analysis: 3, report: 3,
  '': 4,
  cli: 5,
};
const LAYER_NAMES = ['core', 'numerics/distributions', 'samplers/space/io', 'campaign/execution/analysis/report', 'entries', 'cli'];

function layerOf(file: string): number | undefined {
  const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
  return RANK[top];
}

const where = (i: Import): string => `src/${i.file}:${i.line}: ${i.dynamic ? `import('${i.spec}')` : `'${i.spec}'`}`;

function layerViolations(sources: Map<string, Source>): string[] {
  const out: string[] = [];
  for (const s of sources.values()) {
    const from = layerOf(s.file);
    for (const i of s.imports) {
      if (!i.target) continue;
      const to = layerOf(i.target);
      if (from === undefined) out.push(`${where(i)}: src/${s.file} is in no layer of docs/ARCHITECTURE.md`);
      else if (to === undefined) out.push(`${where(i)}: src/${i.target} is in no layer of docs/ARCHITECTURE.md`);
      else if (to > from) out.push(`${where(i)}: upward import: ${LAYER_NAMES[from]} must not import ${LAYER_NAMES[to]} (src/${i.target})`);
    }
  }
  return out;
}

/** What core/wasm.ts offers outside src/core. */
const WASM_PUBLIC = new Set(['core', 'coreMemory', 'onCoreLoaded', 'setAutoLoad']);
/** Loaders only the entries wire up. */
const ENTRY_ONLY = new Set(['core/load-node.ts', 'core/load-browser.ts', 'core/init.ts']);
const MEMORY_CODE = /\.memory\.buffer\b|\bexports\.memory\b|\bnew\s+WebAssembly\.(Memory|Instance|Module)\s*\(|\bWebAssembly\.instantiate(Streaming)?\s*\(/;

/** Source text with comments blanked (line breaks kept), so that prose about memory is not code. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
}

function wasmViolations(sources: Map<string, Source>): string[] {
  const out: string[] = [];
  for (const s of sources.values()) {
    if (s.file.startsWith('core/')) continue;
    for (const i of s.imports) {
      if (!i.target || i.typeOnly) continue;
      const values = i.names === 'all' ? ['*'] : i.names.filter((n) => !n.typeOnly).map((n) => n.name);
      if (i.target === 'core/arena.ts' && values.length > 0) out.push(`${where(i)}: imports ${values.join(', ')} of core/arena.ts: the arena is made and owned by src/core (import type { Arena } to name it)`);
      if (i.target === 'core/wasm.ts') {
        const bad = values.filter((n) => !WASM_PUBLIC.has(n));
        if (bad.length > 0) out.push(`${where(i)}: imports ${bad.join(', ')} of core/wasm.ts: outside src/core only ${[...WASM_PUBLIC].join(', ')} and types`);
      }
      if (i.target === 'core/worker.ts') out.push(`${where(i)}: imports core/worker.ts, the worker thread's script (src/core/worker-pool.ts starts it)`);
      if (ENTRY_ONLY.has(i.target) && !ENTRIES.has(s.file) && !(i.target === 'core/init.ts' && values.every((n) => n === 'init'))) {
        out.push(`${where(i)}: imports ${i.target}: the core's loaders are wired up by the entries only`);
      }
    }
    code(s.text).split('\n').forEach((line, k) => {
      const m = MEMORY_CODE.exec(line);
      if (m) out.push(`src/${s.file}:${k + 1}: \`${m[0].trim()}\`: WebAssembly memory and instances are reached through src/core only (e.g. Arena.holds)`);
    });
  }
  return out;
}

const NODE_ONLY = (spec: string): boolean => spec.startsWith('node:') || spec === 'better-sqlite3' || spec.startsWith('better-sqlite3/') || builtinModules.includes(spec.split('/')[0]!);

function browserViolations(sources: Map<string, Source>): string[] {
  const out: string[] = [];
  const via = new Map<string, string>([['browser.ts', '']]);
  const queue = ['browser.ts'];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const s = sources.get(file);
    if (!s) continue;
    for (const i of s.imports) {
      if (i.typeOnly) continue;
      const chain = [...via.get(file)!.split(' <- ').filter(Boolean)];
      if (!i.target) {
        if (NODE_ONLY(i.spec)) out.push(`${where(i)}: Node-only import reachable from src/browser.ts (${['src/' + file, ...chain].join(' <- ')})`);
        continue;
      }
      if (!via.has(i.target)) {
        via.set(i.target, ['src/' + file, ...chain].join(' <- '));
        queue.push(i.target);
      }
    }
  }
  return out;
}

const SRC = new URL('../src', import.meta.url).pathname;

describe('docs/ARCHITECTURE.md rules on src/', () => {
  const sources = parse(SRC);

  it('reads every source file and finds their imports', () => {
    expect(sources.size).toBe(files(SRC).length);
    expect(sources.has('browser.ts') && sources.has('index.ts') && sources.has('cli/main.ts')).toBe(true);
    // static, re-export and dynamic forms are all seen
    const main = sources.get('cli/main.ts')!.imports;
    expect(main.some((i) => i.dynamic && i.spec === '../node-setup.js')).toBe(true);
    expect(sources.get('index.ts')!.imports.some((i) => i.spec === './numerics/index.js' && i.names === 'all')).toBe(true);
  });

  it('imports go only downward or within a layer', () => {
    expect(layerViolations(sources)).toEqual([]);
  });

  it('outside src/core nothing touches WebAssembly memory or the core internals', () => {
    expect(wasmViolations(sources)).toEqual([]);
  });

  it('src/browser.ts reaches no Node built-in and no better-sqlite3', () => {
    expect(browserViolations(sources)).toEqual([]);
  });
});

describe('the checker catches each kind of break', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'uqkit-arch-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const tree = (name: string, fs: Record<string, string>): Map<string, Source> => {
    const root = join(tmp, name);
    for (const [f, text] of Object.entries(fs)) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), text);
    }
    return parse(root);
  };

  it('an upward import, static, re-exported or dynamic', () => {
    const s = tree('up', {
      'core/errors.ts': 'export class E {}\n',
      'numerics/a.ts': "import { E } from '../core/errors.js';\nimport { run } from '../campaign/c.js';\nexport { E, run };\n",
      'numerics/b.ts': "export { run } from '../campaign/c.js';\n",
      'distributions/d.ts': "export async function f() {\n  return import('../analysis/x.js');\n}\n",
      'campaign/c.ts': "import { E } from '../core/errors.js';\nexport const run = E;\n",
      'analysis/x.ts': "import { run } from '../campaign/c.js';\nexport { run };\n",
    });
    expect(layerViolations(s)).toEqual([
      "src/distributions/d.ts:2: import('../analysis/x.js'): upward import: numerics/distributions must not import campaign/execution/analysis/report (src/analysis/x.ts)",
      "src/numerics/a.ts:2: '../campaign/c.js': upward import: numerics/distributions must not import campaign/execution/analysis/report (src/campaign/c.ts)",
      "src/numerics/b.ts:1: '../campaign/c.js': upward import: numerics/distributions must not import campaign/execution/analysis/report (src/campaign/c.ts)",
    ]);
  });

  it('the arena, core internals and WebAssembly memory outside src/core', () => {
    const s = tree('wasm', {
      'core/arena.ts': 'export class Arena {}\n',
      'core/wasm.ts': 'export function core() {}\nexport function setCore() {}\nexport interface Core {}\n',
      'numerics/ok.ts': "import type { Arena } from '../core/arena.js';\nimport { core, type Core } from '../core/wasm.js';\n// k.memory.buffer in a comment is prose\nexport type X = [Arena, Core, typeof core];\n",
      'numerics/bad.ts': "import { Arena } from '../core/arena.js';\nimport { core, setCore } from '../core/wasm.js';\nexport const same = (k: { memory: { buffer: unknown } }, b: unknown) => k.memory.buffer === b;\nexport { Arena, core, setCore };\n",
    });
    expect(wasmViolations(s)).toEqual([
      "src/numerics/bad.ts:1: '../core/arena.js': imports Arena of core/arena.ts: the arena is made and owned by src/core (import type { Arena } to name it)",
      "src/numerics/bad.ts:2: '../core/wasm.js': imports setCore of core/wasm.ts: outside src/core only core, coreMemory, onCoreLoaded, setAutoLoad and types",
      'src/numerics/bad.ts:3: `.memory.buffer`: WebAssembly memory and instances are reached through src/core only (e.g. Arena.holds)',
    ]);
  });

  it('a Node-only import reachable from the browser entry, through other modules', () => {
    const s = tree('browser', {
      'browser.ts': "export * from './numerics/a.js';\nimport type { T } from './numerics/typed.js';\nexport type { T };\n",
      'numerics/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'numerics/b.ts': "import { readFileSync } from 'node:fs';\nimport os from 'os';\nexport const b = [readFileSync, os];\n",
      'numerics/typed.ts': "import Database from 'better-sqlite3';\nexport type T = typeof Database;\n",
    });
    expect(browserViolations(s)).toEqual([
      "src/numerics/b.ts:1: 'node:fs': Node-only import reachable from src/browser.ts (src/numerics/b.ts <- src/numerics/a.ts <- src/browser.ts)",
      "src/numerics/b.ts:2: 'os': Node-only import reachable from src/browser.ts (src/numerics/b.ts <- src/numerics/a.ts <- src/browser.ts)",
    ]);
  });
});
