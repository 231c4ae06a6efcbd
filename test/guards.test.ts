// Size guards: every request whose memory grows with a size argument is estimated first and
// refused with ResourceLimitError (the argument, the estimate, the limit) before anything is
// allocated, so a refusal costs neither time nor memory; long vector outputs are analysed in
// blocks of columns within the memory budget.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, ResourceLimitError, SobolSequence, Uniform, analyse, basisMatrix, coreMemory, fitPCE, matrix, memoryBudget, memoryLimit,
  interpolantPCE, multiIndices, sampler, saltelliDesign, setMemoryBudget, sobol, sobolIndices, sparseGrid, tensorGrid, type AnalysisRun, type QoIResult,
} from 'uqkit';
import { thrown } from './helpers.js';

const MiB = 2 ** 20;
const u01 = { dist: 'uniform', low: 0, high: 1 } as const;

/**
 * Runs `fn`, which must refuse with ResourceLimitError, and checks that the refusal left the
 * process's resident memory within 100 MB of where it was.
 */
function refusal(fn: () => unknown): ResourceLimitError {
  const before = process.memoryUsage().rss;
  const e = thrown(fn);
  const grown = process.memoryUsage().rss - before;
  expect(e, e.message).toBeInstanceOf(ResourceLimitError);
  expect(grown).toBeLessThan(100 * MiB);
  return e as ResourceLimitError;
}

/** C(n, k) exactly, as a number (below 2^53 for the sizes used here). */
function binomial(n: number, k: number): number {
  let c = 1n;
  for (let i = 1n; i <= BigInt(k); i++) c = (c * (BigInt(n - k) + i)) / i;
  return Number(c);
}

afterEach(() => {
  setMemoryBudget(undefined);
});

describe('the memory budget', () => {
  it('defaults to a quarter of the machine memory in Node; heap and WebAssembly limits below it', () => {
    expect(memoryBudget()).toBe(Math.floor(totalmem() / 4));
    expect(memoryLimit('js')).toBe(memoryBudget());
    expect(memoryLimit('wasm')).toBe(Math.min(memoryBudget(), 4 * 2 ** 30));
    expect(memoryLimit('heap')).toBe(Math.min(memoryBudget(), getHeapStatistics().heap_size_limit));
  });

  it('is set in bytes or with a unit, and restored by undefined', () => {
    expect(setMemoryBudget('512M')).toBe(512 * MiB);
    expect(memoryBudget()).toBe(512 * MiB);
    expect(setMemoryBudget(2e9)).toBe(2e9);
    expect(setMemoryBudget('1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(setMemoryBudget(undefined)).toBe(Math.floor(totalmem() / 4));
    for (const bad of ['lots', '-1', 0, NaN, '4 parsecs']) {
      const e = thrown(() => setMemoryBudget(bad as never));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).field).toBe('bytes');
    }
  });

  it('a request within the budget is not refused; one byte over it is', () => {
    setMemoryBudget(8 * 1024 * 3);
    expect(sobol(1024, 3, { balance: 'ignore' }).data).toHaveLength(3072);
    setMemoryBudget(8 * 1024 * 3 - 1);
    const e = refusal(() => sobol(1024, 3, { balance: 'ignore' }));
    expect([e.field, e.value, e.estimateBytes, e.limitBytes]).toEqual(['n', 1024, 8 * 1024 * 3, 8 * 1024 * 3 - 1]);
  });
});

describe('refusals before allocating', () => {
  it("sobol(1e9, 2): 16 GB of points", () => {
    setMemoryBudget('8G');
    const e = refusal(() => sobol(1e9, 2, { balance: 'ignore' }));
    expect(e).toMatchObject({ field: 'n', value: 1e9, estimateBytes: 16e9, limitBytes: 8 * 2 ** 30, code: 'ERR_RESOURCE_LIMIT' });
    expect(e.message).toBe("n: 1000000000 is too large: 1000000000 x 2 Sobol' points would need about 14.9 GiB, more than the memory budget of 8.00 GiB (setMemoryBudget() or UQKIT_MEMORY_BUDGET); ask for less, or work in parts");
    // With the default budget too (at most a quarter of a machine of 64 GB).
    setMemoryBudget(undefined);
    if (totalmem() < 64e9) expect(refusal(() => sobol(1e9, 2, { balance: 'ignore' })).limitBytes).toBe(Math.floor(totalmem() / 4));
  });

  it('a view of Sobol points in WebAssembly memory: at most 4 GiB', () => {
    setMemoryBudget('100G');
    const e = refusal(() => new SobolSequence(4, { balance: 'ignore' }).next(2 ** 28, { view: true }));
    expect(e).toMatchObject({ field: 'n', value: 2 ** 28, estimateBytes: 8 * 4 * 2 ** 28, limitBytes: 4 * 2 ** 30 });
    expect(e.message).toMatch(/more than the 4 GiB of WebAssembly memory/);
  });

  it('a Saltelli design of n = 2^23 base rows over 10 inputs (10^9 values)', () => {
    setMemoryBudget('8G');
    const n = 2 ** 23, d = 10;
    const e = refusal(() => saltelliDesign(Array(d).fill(u01), n, { seed: 1 }));
    // unit points n x 2d, A and B, and n (d + 2) rows of d values
    expect(e).toMatchObject({ field: 'n', value: n, estimateBytes: 8 * (2 * n * d + 2 * n * d + n * (d + 2) * d), limitBytes: 8 * 2 ** 30 });
  });

  it("the campaign's Saltelli sampler of the same size: its runs on the JavaScript heap", () => {
    const n = 2 ** 23, d = 10;
    const vary = Object.fromEntries(Array.from({ length: d }, (_, j) => [`x${j}`, u01]));
    const e = refusal(() => sampler({ kind: 'saltelli', n, seed: 1 }, vary));
    expect(e).toMatchObject({ field: 'sampler.n', value: n, estimateBytes: n * (d + 2) * (48 + 24 * d), limitBytes: memoryLimit('heap') });
  });

  it('draws of the random and QMC samplers', () => {
    setMemoryBudget('64M');
    const vary = { a: u01, b: u01 };
    // 64 MiB hold 64 MiB / (48 + 2 * 24) = 699050 runs of two parameters
    const e = refusal(() => sampler({ kind: 'qmc', seed: 1, n: 1e9 }, vary).rest());
    expect(e).toMatchObject({ field: 'sampler.n', value: 1e9, estimateBytes: 1e9 * 96, limitBytes: 64 * MiB });
    const s = sampler({ kind: 'random', seed: 1 }, vary);
    expect(refusal(() => s.draw(1e7))).toMatchObject({ field: 'count', value: 1e7, estimateBytes: 1e7 * 96 });
    expect(s.draw(1000)).toHaveLength(1000);
    expect(s.drawn).toBe(1000);
  });

  it('multiIndices(50, { degree: 20 }): C(70, 20) terms, counted without enumerating', () => {
    const e = refusal(() => multiIndices(50, { degree: 20 }));
    expect(e.field).toBe('options.degree');
    expect(e.value).toBe(20);
    expect(e.estimateBytes / (64 + 8 * 50)).toBeCloseTo(binomial(70, 20), -4);
    expect(e.limitBytes).toBe(memoryLimit('heap'));
  });

  it('hyperbolic and anisotropic sets are counted exactly: refused one byte below their size, made at it', () => {
    const cases = [
      { dim: 5, opts: { degree: 6, truncation: 'hyperbolic', q: 0.5 } },
      { dim: 4, opts: { degree: 7, anisotropy: [1, 2, 1.5, 3] } },
      { dim: 3, opts: { degree: 5, truncation: 'hyperbolic', q: 0.7, anisotropy: [1, 1.3, 2] } },
      { dim: 3, opts: { degree: [2, 4, 3], truncation: 'tensor' } },
      { dim: 6, opts: { degree: 4 } },
    ] as const;
    for (const { dim, opts } of cases) {
      setMemoryBudget(undefined);
      const size = multiIndices(dim, opts as never).length;
      const bytes = size * (64 + 8 * dim);
      setMemoryBudget(bytes - 1);
      expect(refusal(() => multiIndices(dim, opts as never))).toMatchObject({ field: 'options.degree', estimateBytes: bytes, limitBytes: bytes - 1 });
      setMemoryBudget(bytes);
      expect(multiIndices(dim, opts as never)).toHaveLength(size);
    }
  });

  it('the count agrees with the set made, over dimensions, degrees, q and weights', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let dim = 1; dim <= 6; dim++) {
      for (let degree = 0; degree <= 6; degree++) {
        for (const q of [0.3, 0.5, 0.75, 1]) {
          const opts = { degree, truncation: 'hyperbolic' as const, q, ...(rand() < 0.5 ? { anisotropy: Array.from({ length: dim }, () => 1 + Math.floor(rand() * 8) / 4) } : {}) };
          setMemoryBudget(undefined);
          const bytes = multiIndices(dim, opts).length * (64 + 8 * dim);
          setMemoryBudget(bytes - 1);
          expect(thrown(() => multiIndices(dim, opts)), JSON.stringify([dim, opts])).toMatchObject({ estimateBytes: bytes });
        }
      }
    }
  });

  it('a large hyperbolic set is refused after counting part of it', () => {
    setMemoryBudget('100M');
    const e = refusal(() => multiIndices(50, { degree: 20, truncation: 'hyperbolic', q: 0.75 }));
    expect(e.field).toBe('options.degree');
    expect(e.estimateBytes).toBeGreaterThan(5e6 * (64 + 8 * 50)); // at least the 5 million terms counted
    expect(e.limitBytes).toBe(100 * MiB);
  });

  it('sobolIndices with bootstrap.resamples = 1e9 (was a raw RangeError)', () => {
    const d = 3, n = 16;
    const Y = Float64Array.from({ length: n * (d + 2) }, (_, i) => Math.sin(i));
    setMemoryBudget('8G');
    const e = refusal(() => sobolIndices(Y, { dim: d, bootstrap: { resamples: 1e9, seed: 1 } }));
    expect(e).toMatchObject({ field: 'options.bootstrap.resamples', value: 1e9, estimateBytes: 8 * 1e9 * (2 * d + 1), limitBytes: 8 * 2 ** 30 });
    expect(sobolIndices(Y, { dim: d, bootstrap: { resamples: 100, seed: 1 } }).firstConf).toHaveLength(d);
  });

  it('tensor and sparse grids', () => {
    setMemoryBudget('100G');
    const dists = Array.from({ length: 10 }, () => new Uniform(0, 1));
    const e = refusal(() => tensorGrid(dists, 20));
    expect(e).toMatchObject({ field: 'orders', value: 20, estimateBytes: 21 ** 10 * (4 * 10 + 32), limitBytes: 4 * 2 ** 30 });
    setMemoryBudget('1M');
    const s = refusal(() => sparseGrid(dists.slice(0, 4), { level: 7 }));
    expect(s).toMatchObject({ field: 'options.level', value: 7, limitBytes: 2 ** 20 });
    // an upper bound: the points of its tensor grids before merging, 48 bytes each
    expect(s.estimateBytes).toBeGreaterThan(7537 * 48);
    setMemoryBudget(undefined);
    expect(sparseGrid(dists.slice(0, 4), { level: 7 }).points.rows).toBe(7537);
  });

  it('PCE basis matrices and least-squares fits', () => {
    const dists = [new Uniform(0, 1), new Uniform(0, 1), new Uniform(0, 1)];
    const n = 2 ** 20;
    const X = matrix(new Float64Array(n * 3).fill(0.5), n, 3);
    const indices = multiIndices(3, { degree: 16 }); // 969 terms: 7.6 GiB of basis values
    setMemoryBudget('100G');
    expect(refusal(() => basisMatrix(dists, indices, X))).toMatchObject({ field: 'indices', value: 969, estimateBytes: 8 * n * (969 + 3), limitBytes: 4 * 2 ** 30 });
    setMemoryBudget('1G');
    const e = refusal(() => fitPCE(dists, X, new Float64Array(n), { degree: 16 }));
    expect(e).toMatchObject({ field: 'options.degree', value: 16, limitBytes: 2 ** 30 });
    expect(e.estimateBytes).toBe(8 * (4 * n * 969 + 5 * 969 ** 2 + 4 * n + 4 * 969 + 3 * n));
  });
});

describe('stochastic collocation', () => {
  it('the interpolant of many outputs: the component grid and the terms per output, refused beyond the budget', () => {
    const dists = [new Uniform(0, 1), new Uniform(0, 1)];
    const grid = tensorGrid(dists, 3); // 16 Gauss points
    const q = 1000;
    const Y = matrix(new Float64Array(16 * q).fill(1), 16, q);
    const comp = { levels: [[3, 3]], coefficients: [1], rules: ['gauss', 'gauss'], growth: ['linear', 'linear'] } as const;
    setMemoryBudget(8 * q * 48 - 1);
    expect(refusal(() => interpolantPCE(dists, grid.points, Y, comp as never))).toMatchObject({ field: 'Y', value: q, estimateBytes: 8 * q * 48, limitBytes: 8 * q * 48 - 1 });
    setMemoryBudget(8 * q * 48);
    expect(interpolantPCE(dists, grid.points, Y, comp as never).means()[q - 1]).toBeCloseTo(1, 12);
  });
});

describe('long vector outputs in blocks', () => {
  // y_t(a, b) = (1 + t / Q) a + b^2 sin(t) + a b cos(t / 7), t = 0 .. Q-1: a different
  // quadratic at every point of the output.
  const Q = 20_000;
  const model = (a: number, b: number): number[] => Array.from({ length: Q }, (_, t) => (1 + t / Q) * a + b * b * Math.sin(t) + a * b * Math.cos(t / 7));
  const vary = { a: { dist: 'uniform', low: -1, high: 1 }, b: { dist: 'normal', mean: 0.5, std: 2 } } as const;
  const runsOf = (spec: object, width: number): AnalysisRun[] =>
    sampler(spec as never, vary).rest().map((p) => ({ params: p, outputs: { y: model(p.a as number, p.b as number).slice(0, width) } }));
  const close = (got: unknown, want: unknown): void => {
    const g = (got as number[]).slice(0, (want as number[]).length), w = want as number[];
    expect(g.length).toBe(w.length);
    for (let i = 0; i < w.length; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w[i]!)));
  };
  const same = (long: QoIResult, short: QoIResult, keys: readonly string[]): void => {
    for (const k of keys) {
      const a = (long as unknown as Record<string, unknown>)[k], b = (short as unknown as Record<string, unknown>)[k];
      if (Array.isArray(b)) close(a, b);
      else for (const name of Object.keys(b as object)) close((a as Record<string, unknown>)[name], (b as Record<string, unknown>)[name]);
    }
  };

  it.each([
    ['pce (projection)', { kind: 'pce', order: 2 }, ['mean', 'std', 'percentiles', 'sobolFirst', 'sobolTotal', 'sobolSecond']],
    ['sc', { kind: 'sc', order: 2 }, ['mean', 'std', 'percentiles', 'sobolFirst', 'sobolTotal']],
    ['pce (regression)', { kind: 'pce', order: 2, points: 'regression', seed: 3 }, ['mean', 'std', 'percentiles', 'sobolFirst', 'looError']],
    ['saltelli', { kind: 'saltelli', n: 64, seed: 5 }, ['mean', 'std', 'percentiles', 'sobolFirst', 'sobolTotal']],
    ['random', { kind: 'random', n: 40, seed: 5 }, ['mean', 'std', 'percentiles', 'meanInterval', 'stdInterval']],
  ] as const)('%s: 20,000 points within a 16 MiB budget, the numbers of an unblocked analysis of the first 300', (_, spec, keys) => {
    const opts = { surrogateSamples: 4096, bootstrap: { resamples: 200, seed: 1 } };
    setMemoryBudget(undefined);
    const short = analyse({ sampler: spec as never, vary, runs: runsOf(spec, 300) }, opts).analysis.y!;
    const wasm0 = coreMemory().memoryBytes;
    setMemoryBudget('16M');
    // One block of everything would hold 4096 surrogate values x 20,000 outputs (625 MiB) at once.
    const long = analyse({ sampler: spec as never, vary, runs: runsOf(spec, Q) }, opts).analysis.y!;
    expect((long.mean as number[]).length).toBe(Q);
    same(long, short, keys);
    // WebAssembly memory (which never shrinks) grew by no more than the budget.
    expect(coreMemory().memoryBytes - wasm0).toBeLessThanOrEqual(16 * MiB);
  });
});

describe('the uqkit command', () => {
  const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
  const root = mkdtempSync(join(tmpdir(), 'uqkit-guards-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const uqkit = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const params = (names: readonly string[]) => names.map((k) => `  ${k}: { type: float, default: 0 }\n`).join('');
  const vary = (names: readonly string[]) => names.map((k) => `  ${k}: { dist: uniform, low: 0, high: 1 }\n`).join('');

  it('a Saltelli campaign of 10^9 values is refused in one line, before any run or campaign directory', () => {
    const names = Array.from({ length: 10 }, (_, j) => `x${j}`);
    writeFileSync(join(root, 'model.mjs'), 'export default (p) => ({ y: p.x0 });\n');
    writeFileSync(join(root, 'big.yaml'), `name: big\nparams:\n${params(names)}vary:\n${vary(names)}sampler: { kind: saltelli, n: 8388608, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n`);
    const r = uqkit({}, 'run', 'big.yaml', '--quiet');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^uqkit run: big\.yaml:24: sampler\.n: 8388608 is too large: 100663296 runs of 10 parameters would need about 27\.0 GiB, more than the (JavaScript heap limit|memory budget) of [0-9.]+ GiB .*\n$/);
    expect(existsSync(join(root, 'big.uqkit'))).toBe(false);
    // UQKIT_MEMORY_BUDGET lowers the budget: a small design is refused too, naming the variable.
    writeFileSync(join(root, 'small.yaml'), `name: small\nparams:\n${params(['a'])}vary:\n${vary(['a'])}sampler: { kind: saltelli, n: 4096, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n`);
    const s = uqkit({ UQKIT_MEMORY_BUDGET: '64K' }, 'run', 'small.yaml', '--quiet');
    expect(s.status).toBe(1);
    expect(s.stderr).toBe('uqkit run: small.yaml:6: sampler.n: 4096 is too large: 12288 runs of 1 parameter would need about 864 KiB, more than the memory budget of 64.0 KiB (setMemoryBudget() or UQKIT_MEMORY_BUDGET); use a smaller sampler, or split the campaign\n');
  });

  it('UQKIT_MEMORY_BUDGET that is not a size: one line', () => {
    const r = uqkit({ UQKIT_MEMORY_BUDGET: 'lots' }, 'status', '.');
    expect(r).toMatchObject({ status: 1, stdout: '', stderr: 'uqkit status: UQKIT_MEMORY_BUDGET: expected a number of bytes >= 1, e.g. 2e9, \'512M\' or \'4G\', got "lots"\n' });
  });

  it('a PCE campaign with a vector output of 500 points ends with its analysis and report within a 64 MiB budget', () => {
    // One block of everything would hold 2^16 surrogate values x 500 outputs (250 MiB).
    const dir = join(root, 'vec');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'model.mjs'), 'export default ({ a, b }) => ({ y: Array.from({ length: 500 }, (_, t) => (1 + t / 500) * a + b * b * Math.sin(t)) });\n');
    writeFileSync(join(dir, 'c.yaml'), `name: vec\nparams:\n${params(['a', 'b'])}vary:\n${vary(['a', 'b'])}sampler: { kind: pce, order: 2 }\nrunner: { kind: in-process, module: ./model.mjs }\n`);
    const r = spawnSync(process.execPath, [MAIN, 'run', 'c.yaml', '--quiet', '--json'], { encoding: 'utf8', cwd: dir, env: { ...process.env, UQKIT_MEMORY_BUDGET: '64M' } });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const y = (JSON.parse(r.stdout) as { analysis: { y: { mean: number[]; percentiles: Record<string, number[]> } } }).analysis.y;
    expect(y.mean).toHaveLength(500);
    // y_t = (1 + t/500) a + b^2 sin t with a, b ~ U(0, 1): E = (1 + t/500) / 2 + sin(t) / 3
    for (const t of [0, 1, 250, 499]) expect(y.mean[t]).toBeCloseTo((1 + t / 500) / 2 + Math.sin(t) / 3, 10);
    expect(y.percentiles['50']).toHaveLength(500);
    expect(readFileSync(join(dir, 'vec.uqkit', 'report.html'), 'utf8')).toContain('<svg');
  });
});
