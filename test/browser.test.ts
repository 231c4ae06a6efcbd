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

  it("fetches the full Sobol' direction table only when asked: before, a sequence beyond the embedded 2,000 dimensions throws SobolDirectionsNotLoadedError; after, 2001, 5000 and 21201 dimensions equal scipy", async () => {
    const ref = JSON.parse(readFileSync(new URL('./fixtures/sobol-scipy.json', import.meta.url), 'utf8')) as { cases: Array<{ dim: number; bits: number; skip: number; n: number; sha256: string }> };
    const want = [[2001, 4], [5000, 64], [21201, 8]].map(([dim, n]) => ref.cases.find((k) => k.dim === dim && k.n === n && k.skip === 0)!);
    const fetched: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/sobol-directions.bin')) fetched.push(r.url()); });
    const before = await page.evaluate(() => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      try {
        new uq.SobolSequence(5000);
        return 'no error';
      } catch (e) {
        const u = e as InstanceType<typeof uq.SobolDirectionsNotLoadedError>;
        return [u instanceof uq.SobolDirectionsNotLoadedError, u instanceof uq.UqkitError, u.name, u.field, u.value, u.message];
      }
    });
    expect(before).toEqual([true, true, 'SobolDirectionsNotLoadedError', 'dim', 5000,
      "uqkit: dim=5000 needs the full Sobol' direction table (uqkit.wasm embeds 2000 dimensions): call `await init({ sobolDimensions: 5000 })` or `await loadSobolDirections()` first"]);
    expect(fetched).toEqual([]);
    const got = await page.evaluate(async (cases) => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      await uq.init({ sobolDimensions: 21201 });
      await uq.init({ sobolDimensions: 5000 }); // already loaded: no second fetch
      const out: string[] = [];
      for (const c of cases) {
        const x = new uq.SobolSequence(c.dim, { bits: c.bits, balance: 'ignore' }).next(c.n).data as Float64Array<ArrayBuffer>;
        out.push(Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', x)), (b) => b.toString(16).padStart(2, '0')).join(''));
      }
      return out;
    }, want);
    expect(got).toEqual(want.map((c) => c.sha256));
    expect(fetched).toEqual([`${server.url}/build/sobol-directions.bin`]);
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
  // WebAssembly; what passes through JavaScript (the distributions' special functions, the
  // lognormal discretisation, Leja points) uses uqkit's detmath instead of Math's exp, log and
  // cos, which V8 versions round differently (Node 20 vs Debian's Chromium here): bit-identical too.
  it('gives bit-identical Gauss rules, grids and distribution transforms to Node', async () => {
    const rule = (d: Parameters<typeof gauss>[0], n: number): number[] => { const r = gauss(d, n); return [...r.nodes, ...r.weights]; };
    const node = [rule(new Normal(0, 1), 200), rule(new Gamma(2.5, 1), 100), rule(new Beta(0.5, 3), 50),
      Array.from(sparseGrid([new Uniform(-1, 1), new Uniform(0, 2), new Normal(0, 1)], { level: 4, rule: 'gauss' }).weights),
      rule(new LogNormal(0, 0.5), 10), rule(new TruncatedNormal(0, 1, -1, 2), 12), Array.from(sparseGrid([new Uniform(-1, 1), new Normal(0, 1)], { level: 4, rule: 'leja' }).points.data),
      Array.from(toPhysical([new Beta(2, 5), new TruncatedNormal(0, 1, 0, Infinity), new Gamma(0.5, 2), new Normal(3, 2), new LogNormal(1, 0.7)], sobol(4096, 5, { scramble: 'owen', seed: 3 })).data)];
    const got = await page.evaluate(() => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      const rule = (d: Parameters<typeof uq.gauss>[0], n: number): number[] => { const r = uq.gauss(d, n); return [...r.nodes, ...r.weights]; };
      return [rule(new uq.Normal(0, 1), 200), rule(new uq.Gamma(2.5, 1), 100), rule(new uq.Beta(0.5, 3), 50),
        Array.from(uq.sparseGrid([new uq.Uniform(-1, 1), new uq.Uniform(0, 2), new uq.Normal(0, 1)], { level: 4, rule: 'gauss' }).weights),
        rule(new uq.LogNormal(0, 0.5), 10), rule(new uq.TruncatedNormal(0, 1, -1, 2), 12), Array.from(uq.sparseGrid([new uq.Uniform(-1, 1), new uq.Normal(0, 1)], { level: 4, rule: 'leja' }).points.data),
        Array.from(uq.toPhysical([new uq.Beta(2, 5), new uq.TruncatedNormal(0, 1, 0, Infinity), new uq.Gamma(0.5, 2), new uq.Normal(3, 2), new uq.LogNormal(1, 0.7)], uq.sobol(4096, 5, { scramble: 'owen', seed: 3 })).data)];
    });
    got.forEach((a, i) => {
      expect(a.length, `case ${i}`).toBe(node[i]!.length);
      expect(firstDifference(a, node[i]!), `case ${i}`).toBe(-1);
    });
  });

  it("detmath's functions and every distribution's ppf, cdf and sf are bit-identical to Node's, where Math's are not", async () => {
    const n = 20000;
    const u = (i: number, a: number) => (i * a) % 1;
    const args = {
      exp: Array.from({ length: n }, (_, i) => -745 + 1455 * u(i, 0.6180339887498949)),
      expm1: Array.from({ length: n }, (_, i) => -3 + 6 * u(i, 0.7548776662466927)),
      log: Array.from({ length: n }, (_, i) => 2 ** (-1070 + 2090 * u(i, 0.5698402909980532))),
      log1p: Array.from({ length: n }, (_, i) => -0.9999 + 4 * u(i, 0.6180339887498949)),
      pow: Array.from({ length: n }, (_, i) => [0.01 + 50 * u(i, 0.7548776662466927), -40 + 80 * u(i, 0.5698402909980532)]),
      ps: Array.from({ length: 4000 }, (_, i) => (i < 2000 ? u(i, 0.6180339887498949) : 10 ** (-300 * u(i, 0.7548776662466927)))),
    };
    const specs = [{ dist: 'normal', mean: 1, std: 2 }, { dist: 'lognormal', mu: 0.5, sigma: 0.8 }, { dist: 'gamma', shape: 2.5, scale: 1.5 }, { dist: 'beta', alpha: 0.7, beta: 3 },
      { dist: 'truncnormal', mean: 0, std: 1, low: 1, high: 4 }, { dist: 'exponential', rate: 2 }, { dist: 'triangular', low: 0, mode: 1, high: 4 }] as const;
    const evalAll = (uq: typeof import('uqkit'), a: typeof args, sp: typeof specs, useMath: boolean) => {
      const m = useMath ? Math : uq.detmath;
      const out: Record<string, number[]> = {
        exp: a.exp.map((x) => m.exp(x)), expm1: a.expm1.map((x) => m.expm1(x)), log: a.log.map((x) => m.log(x)), log1p: a.log1p.map((x) => m.log1p(x)),
        pow: a.pow.map(([x, y]) => m.pow(x!, y!)),
      };
      if (!useMath) {
        for (const s of sp) {
          const d = uq.distribution(s as Parameters<typeof uq.distribution>[0]);
          const xs = a.ps.map((p) => d.ppf(p));
          out[`${s.dist} ppf`] = xs;
          out[`${s.dist} isf`] = a.ps.map((p) => d.isf(p));
          out[`${s.dist} cdf`] = xs.map((x) => d.cdf(x));
          out[`${s.dist} sf`] = xs.map((x) => d.sf(x));
          out[`${s.dist} logpdf`] = xs.map((x) => d.logpdf(x));
        }
      }
      return out;
    };
    const src = `return (${evalAll.toString()})(uq, a, sp, useMath);`;
    const inPage = (useMath: boolean) => page.evaluate(({ src, args, specs, useMath }) => {
      const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
      return new Function('uq', 'a', 'sp', 'useMath', src)(uq, args, specs, useMath) as Record<string, number[]>;
    }, { src, args, specs, useMath });
    const uqNode = await import('uqkit');
    const det = await inPage(false);
    const nodeDet = evalAll(uqNode, args, specs, false);
    expect(Object.keys(det).length).toBe(5 + 5 * specs.length);
    for (const [name, values] of Object.entries(nodeDet)) {
      expect(det[name]!.length, name).toBe(name.includes(' ') ? 4000 : n);
      expect(firstDifference(det[name]!, values), name).toBe(-1);
    }
    // The same arguments through Math in both engines: how often V8 in Node and in Chromium disagree.
    const math = await inPage(true);
    const nodeMath = evalAll(uqNode, args, specs, true);
    const differ = Object.entries(nodeMath).map(([name, values]) => `${name} ${values.filter((v, i) => !Object.is(v, math[name]![i])).length}`);
    console.log(`Math's functions differ between Node ${process.versions.v8} and Chromium in (of ${n} arguments each): ${differ.join(', ')}; detmath's in none`);
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
