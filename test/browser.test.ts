// uqkit/browser in real headless Chromium (Debian's, through playwright-core): the same
// uqkit.wasm loads by fetch, and the same seeds give bit-identical points to Node's.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SobolSequence, Beta, Gamma, LogNormal, Normal, TruncatedNormal, Uniform, gauss, sparseGrid, toPhysical, sobol, saltelliDesign, sobolIndices, type SobolOptions } from 'uqkit';
import { serve } from './serve.js';
import { firstDifference, launchChromium, sha256 } from './helpers.js';


const CASES: Array<{ dim: number; n: number; skip: number; opts: SobolOptions }> = [
  { dim: 10, n: 4096, skip: 0, opts: {} },
  { dim: 10, n: 4096, skip: 0, opts: { scramble: 'lms', seed: 42 } },
  { dim: 10, n: 4096, skip: 0, opts: { scramble: 'owen', seed: 42 } },
  { dim: 7, n: 1024, skip: 123457, opts: { scramble: 'owen', seed: 2n ** 63n + 5n, bits: 40 } },
  { dim: 3, n: 512, skip: 2 ** 40, opts: { scramble: 'lms', seed: 9, bits: 52 } },
  { dim: 21201, n: 2, skip: 0, opts: { scramble: 'owen', seed: 1 } },
];

describe('uqkit/browser in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof serve>>;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serve();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/test/browser/page.html`);
    await page.waitForFunction(() => (window as unknown as { uqkitReady?: string }).uqkitReady !== undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads uqkit.wasm by fetch with no error', async () => {
    expect(await page.evaluate(() => (window as unknown as { uqkitReady: string }).uqkitReady)).toBe('ok');
    expect(errors).toEqual([]);
  });

  it('gives bit-identical Sobol\' points to Node for the same seeds (plain, lms, owen; 30, 40, 52 bits)', async () => {
    const node = CASES.map((c) => sha256(new SobolSequence(c.dim, { ...c.opts, balance: 'ignore' }).skip(c.skip).next(c.n).data));
    type Wire = { dim: number; n: number; skip: number; opts: Omit<SobolOptions, 'seed'> & { seed?: number | string } };
    const wire: Wire[] = CASES.map((c) => ({ ...c, opts: { ...c.opts, ...(typeof c.opts.seed === 'bigint' ? { seed: String(c.opts.seed) } : {}) } as Wire['opts'] }));
    const browserSide = await page.evaluate(async (cases: Wire[]) => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const out: string[] = [];
      for (const c of cases) {
        const { seed: wireSeed, ...rest } = c.opts;
        const seed = typeof wireSeed === 'string' ? BigInt(wireSeed) : wireSeed;
        const opts = { ...rest, ...(seed === undefined ? {} : { seed }), balance: 'ignore' as const };
        const x = new uq.SobolSequence(c.dim, opts).skip(c.skip).next(c.n).data as Float64Array<ArrayBuffer>;
        out.push(hex(await crypto.subtle.digest('SHA-256', x)));
      }
      return out;
    }, wire);
    expect(browserSide).toEqual(node);
  });

  it('unscrambled points in the browser equal scipy\'s (fixture hash)', async () => {
    const ref = JSON.parse(readFileSync(new URL('./fixtures/sobol-scipy.json', import.meta.url), 'utf8')) as { cases: Array<{ dim: number; bits: number; skip: number; n: number; sha256: string }> };
    const c = ref.cases.find((k) => k.dim === 10 && k.skip === 12345)!;
    const got = await page.evaluate(async (c) => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      const x = new uq.SobolSequence(c.dim, { bits: c.bits, balance: 'ignore' }).skip(c.skip).next(c.n).data as Float64Array<ArrayBuffer>;
      return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', x)), (b) => b.toString(16).padStart(2, '0')).join('');
    }, c);
    expect(got).toBe(c.sha256);
  });

  // Gauss rules of the classical families and the grids built from them are computed in
  // WebAssembly: bit-identical. Results that pass through JavaScript's Math.exp/log/cos (the
  // distributions' special functions, the lognormal discretisation, Leja points) are not:
  // V8 versions differ in the last bit of those functions (Node 20 vs Debian's Chromium here),
  // so they agree to ~1e-15 until uqkit has its own deterministic elementary functions.
  it('gives bit-identical Gauss rules and grids to Node; JS-math results to 1e-14', async () => {
    const rule = (d: Parameters<typeof gauss>[0], n: number): number[] => { const r = gauss(d, n); return [...r.nodes, ...r.weights]; };
    const node = {
      exact: [rule(new Normal(0, 1), 200), rule(new Gamma(2.5, 1), 100), rule(new Beta(0.5, 3), 50),
        Array.from(sparseGrid([new Uniform(-1, 1), new Uniform(0, 2), new Normal(0, 1)], { level: 4, rule: 'gauss' }).weights)],
      close: [rule(new LogNormal(0, 0.5), 10), Array.from(sparseGrid([new Uniform(-1, 1), new Normal(0, 1)], { level: 4, rule: 'leja' }).points.data),
        Array.from(toPhysical([new Beta(2, 5), new TruncatedNormal(0, 1, 0, Infinity), new Gamma(0.5, 2)], sobol(256, 3, { scramble: 'owen', seed: 3 })).data)],
    };
    const got = await page.evaluate(() => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      const rule = (d: Parameters<typeof uq.gauss>[0], n: number): number[] => { const r = uq.gauss(d, n); return [...r.nodes, ...r.weights]; };
      return {
        exact: [rule(new uq.Normal(0, 1), 200), rule(new uq.Gamma(2.5, 1), 100), rule(new uq.Beta(0.5, 3), 50),
          Array.from(uq.sparseGrid([new uq.Uniform(-1, 1), new uq.Uniform(0, 2), new uq.Normal(0, 1)], { level: 4, rule: 'gauss' }).weights)],
        close: [rule(new uq.LogNormal(0, 0.5), 10), Array.from(uq.sparseGrid([new uq.Uniform(-1, 1), new uq.Normal(0, 1)], { level: 4, rule: 'leja' }).points.data),
          Array.from(uq.toPhysical([new uq.Beta(2, 5), new uq.TruncatedNormal(0, 1, 0, Infinity), new uq.Gamma(0.5, 2)], uq.sobol(256, 3, { scramble: 'owen', seed: 3 })).data)],
      };
    });
    got.exact.forEach((a, i) => expect(firstDifference(a, node.exact[i]!), `exact case ${i}`).toBe(-1));
    got.close.forEach((a, i) => {
      expect(a.length).toBe(node.close[i]!.length);
      let worst = 0;
      a.forEach((v, j) => { const r = node.close[i]![j]!; worst = Math.max(worst, Math.abs(v - r) / Math.max(Math.abs(r), 1e-300)); });
      expect(worst, `close case ${i}`).toBeLessThan(1e-14);
    });
  });

  it("gives bit-identical Saltelli designs and Sobol' indices with bootstrap to Node", async () => {
    // Uniform inputs (an exact affine map) and outputs made here: only WebAssembly and IEEE
    // arithmetic between them, so every bit must agree.
    const dists = [new Uniform(-1, 1), new Uniform(0, 2), new Uniform(5, 6)];
    const des = saltelliDesign(dists, 256, { seed: 9, secondOrder: true, layout: 'salib' });
    const Y = Array.from({ length: des.X.rows }, (_, i) => des.X.data[3 * i]! * des.X.data[3 * i + 1]! + des.X.data[3 * i + 2]! ** 2);
    const r = sobolIndices(Float64Array.from(Y), { design: des, bootstrap: { resamples: 64, seed: 5, keep: true } });
    const node = [sha256(des.X.data), [...r.first, ...r.total, ...r.second!.data], Array.from(r.bootstrapEstimates!.data)];
    const got = await page.evaluate(async (Y: number[]) => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const d = uq.saltelliDesign([new uq.Uniform(-1, 1), new uq.Uniform(0, 2), new uq.Uniform(5, 6)], 256, { seed: 9, secondOrder: true, layout: 'salib' });
      const res = uq.sobolIndices(Float64Array.from(Y), { design: d, bootstrap: { resamples: 64, seed: 5, keep: true } });
      return [hex(await crypto.subtle.digest('SHA-256', d.X.data as Float64Array<ArrayBuffer>)), [...res.first, ...res.total, ...res.second!.data], Array.from(res.bootstrapEstimates!.data)];
    }, Y);
    expect(got[0]).toBe(node[0]);
    expect(firstDifference(got[1] as number[], node[1] as number[])).toBe(-1);
    expect(firstDifference(got[2] as number[], node[2] as number[])).toBe(-1);
  });

  it('throws the same typed errors, with the same messages', async () => {
    const got = await page.evaluate(() => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      try {
        new uq.SobolSequence(0);
        return 'no error';
      } catch (e) {
        const u = e as InstanceType<typeof uq.InvalidArgumentError>;
        return [u instanceof uq.InvalidArgumentError, u instanceof uq.UqkitError, u.name, u.field, u.message];
      }
    });
    expect(got).toEqual([true, true, 'InvalidArgumentError', 'dim', 'dim: expected an integer from 1 to 21201, got 0 (the Joe–Kuo direction numbers cover 21201 dimensions)']);
  });
});
