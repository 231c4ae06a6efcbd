// The package as users get it: ESM entries with types, one wasm with SIMD, and a browser
// entry whose import graph holds nothing Node-only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
  it('is ESM with three entries (uqkit, uqkit/browser, uqkit/run), each with types, and the uqkit command, for Node >= 20', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.engines.node).toBe('>=20');
    for (const entry of ['.', './browser', './run']) {
      const e = pkg.exports[entry];
      expect(existsSync(join(root, e.default)), e.default).toBe(true);
      expect(existsSync(join(root, e.types)), e.types).toBe(true);
    }
    const dts = readFileSync(join(root, 'build/browser.d.ts'), 'utf8') + readFileSync(join(root, 'build/numerics/index.d.ts'), 'utf8');
    expect(dts).toMatch(/SobolSequence/);
    expect(readFileSync(join(root, pkg.exports['./run'].types), 'utf8')).toMatch(/getRunParams[\s\S]*postRunResults|postRunResults[\s\S]*getRunParams/);
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
    expect(exports).toEqual(['basisMatrix', 'cholesky', 'clenshawCurtis', 'combine', 'fejer2', 'gaussRule', 'gemmTN', 'heapBase', 'interpolatoryWeights', 'leastSquares', 'memory', 'orthonormalValues', 'randomUniform', 'sensitivityBootstrap', 'sensitivityPoint', 'sensitivityWorkBytes', 'sobolDirections', 'sobolFill', 'sobolMaxBits', 'sobolMaxDim', 'sobolOwenKeys', 'sobolScrambleLMS', 'sobolStateAt', 'stieltjes', 'transpose', 'triangularInverse']);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${i.module}.${i.name}`);
    expect(imports).toEqual([]); // no abort import: built with --noAssert, nothing can abort
  });

  it('the direction numbers keep their attribution', () => {
    const lic = readFileSync(join(root, 'assembly/data/LICENSE-new-joe-kuo-6.21201.txt'), 'utf8');
    expect(lic).toMatch(/Copyright \(c\) 2008, Frances Y\. Kuo and Stephen Joe/);
  });
});
