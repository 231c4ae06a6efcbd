// The browser demo (examples/browser) end to end in Debian's headless Chromium:
// Vite builds it into a temporary folder, Vite's preview server serves it on 127.0.0.1, and
// playwright-core drives the page as a user would (fill the form, press Run, read the page).
// The numbers read from the page must equal the analytic ones to the accuracy of the method,
// and Node's for the same calls to the last bit.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { detmath, fitPCE, Normal, saltelliDesign, sobol, sobolIndices, toPhysical, Uniform } from 'uqkit';
import { compileExpression, expressionMath, ishigami, ishigamiAnalytic } from '../examples/browser/src/models.js';
import { sin as detSin, cos as detCos } from '../examples/browser/src/detmath.js';
import { firstDifference, launchChromium } from './helpers.js';

const CONFIG = new URL('../examples/browser/vite.config.js', import.meta.url).pathname;
const ARTIFACTS = new URL('../test-artifacts/', import.meta.url).pathname;

/** The values shown in #indices / #moments, by data-key + data-i (full precision from data-value). */
async function shown(page: Page): Promise<Record<string, number>> {
  return page.$$eval('#result td[data-value]', (tds) => Object.fromEntries(tds.map((t) => {
    const e = t as HTMLElement;
    return [`${e.dataset.key}${e.dataset.i ?? ''}`, Number(e.dataset.value)];
  })));
}

async function run(page: Page): Promise<'done' | 'error'> {
  await page.click('#run');
  await page.waitForSelector('#result[data-state="done"], #result[data-state="error"]', { state: 'attached', timeout: 60_000 });
  return (await page.getAttribute('#result', 'data-state')) as 'done' | 'error';
}

describe('browser demo (examples/browser) in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: PreviewServer;
  let outDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'uqkit-demo-'));
    await build({ configFile: CONFIG, build: { outDir, emptyOutDir: true }, logLevel: 'error' });
    server = await preview({ configFile: CONFIG, build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false }, logLevel: 'error' });
    const addr = server.httpServer.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${addr.port}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("runs Ishigami at N = 2^14 (Saltelli, 1,000 resamples): analytic indices, and Node's numbers to the last bit", async () => {
    const seed = 2024, n = 2 ** 14, resamples = 1000;
    await page.check('input[name="model"][value="ishigami"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.selectOption('#n', String(n));
    await page.fill('#seed', String(seed));
    await page.fill('#resamples', String(resamples));
    await page.fill('#confidence', '0.95');
    expect(await run(page)).toBe('done');
    const got = await shown(page);

    // Against the analytic values (../shared/REFERENCE.md): RMSE ~6e-4 (first) and ~2e-4 (total)
    // at this N; the bootstrap percentile intervals (conservative for scrambled Sobol') hold them.
    const exact = ishigamiAnalytic(7, 0.1);
    expect(exact.first[0]).toBeCloseTo(0.3139051911, 9);
    expect(exact.total[2]).toBeCloseTo(0.2436836641, 9);
    expect(exact.variance).toBeCloseTo(13.844587940719254, 12);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(got[`S${j}`]! - exact.first[j]!), `S${j + 1}`).toBeLessThan(6e-3);
      expect(Math.abs(got[`ST${j}`]! - exact.total[j]!), `ST${j + 1}`).toBeLessThan(3e-3);
      expect(got[`S_low${j}`]!).toBeLessThan(exact.first[j]!);
      expect(got[`S_high${j}`]!).toBeGreaterThan(exact.first[j]!);
      expect(got[`ST_low${j}`]!).toBeLessThan(exact.total[j]!);
      expect(got[`ST_high${j}`]!).toBeGreaterThan(exact.total[j]!);
    }
    expect(Math.abs(got.mean! - 3.5)).toBeLessThan(0.02);
    expect(Math.abs(got.variance! / exact.variance - 1)).toBeLessThan(0.01);

    // Against Node: the same calls, bit for bit.
    const U = new Uniform(-Math.PI, Math.PI);
    const design = saltelliDesign([U, U, U], n, { seed, balance: 'ignore' });
    const r = sobolIndices(ishigami(design.X), { design, bootstrap: { resamples, seed, confidence: 0.95 } });
    const pick = (key: string) => [0, 1, 2].map((j) => got[`${key}${j}`]!);
    expect(firstDifference(pick('S'), [...r.first]), 'first').toBe(-1);
    expect(firstDifference(pick('ST'), [...r.total]), 'total').toBe(-1);
    expect(firstDifference(pick('S_low'), [...r.firstInterval!.low]), 'first low').toBe(-1);
    expect(firstDifference(pick('S_high'), [...r.firstInterval!.high]), 'first high').toBe(-1);
    expect(firstDifference(pick('ST_low'), [...r.totalInterval!.low]), 'total low').toBe(-1);
    expect(firstDifference(pick('ST_high'), [...r.totalInterval!.high]), 'total high').toBe(-1);
    expect(firstDifference([got.mean!, got.variance!], [r.mean, r.variance]), 'moments').toBe(-1);

    expect(await page.$$eval('#bars svg rect', (e) => e.length)).toBeGreaterThanOrEqual(8);
    expect(await page.$$eval('#convergence-plot svg polyline', (e) => e.length)).toBe(6);
    // The convergence plot's bootstrap bands: one per index (S and ST of 3 inputs), each with
    // the interval's two ends at every N (2^6 .. 2^14: 9 sizes), and containing the estimate's
    // line there (SVG y grows downwards: high end above, low end below).
    const bands = await page.$$eval('#convergence-plot svg', ([svg]) => {
      const pts = (e: Element) => (e.getAttribute('points') ?? '').trim().split(/\s+/).map((p) => p.split(',').map(Number) as [number, number]);
      return Array.from(svg!.querySelectorAll("polygon.ci"), (g) => {
        const line = svg!.querySelector(`polyline[data-key="${g.getAttribute('data-key')}"][data-j="${g.getAttribute('data-j')}"]`)!;
        return { key: `${g.getAttribute('data-key')}${g.getAttribute('data-j')}`, band: pts(g), line: pts(line), opacity: Number(g.getAttribute('fill-opacity')) };
      });
    });
    expect(bands.map((b) => b.key).sort()).toEqual(['first0', 'first1', 'first2', 'total0', 'total1', 'total2']);
    for (const { key, band, line, opacity } of bands) {
      expect(line.length, key).toBe(9);
      expect(band.length, key).toBe(18);
      expect(opacity).toBeGreaterThan(0);
      line.forEach(([x, y], i) => {
        const hi = band[i]!, lo = band[band.length - 1 - i]!;
        expect([hi[0], lo[0]], `${key} at N = 2^${6 + i}`).toEqual([x, x]);
        expect(hi[1] <= y && y <= lo[1], `${key} at N = 2^${6 + i}: band ${hi[1]}..${lo[1]} holds ${y}`).toBe(true);
        expect(lo[1] - hi[1], `${key} at N = 2^${6 + i}: the band has a width`).toBeGreaterThan(0);
      });
      // Intervals shrink as N grows: the band at 2^14 is narrower than at 2^6.
      expect(band[17 - 8]![1] - band[8]![1], key).toBeLessThan(band[17]![1] - band[0]![1]);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-ishigami.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'demo-ishigami.png'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("fits Ishigami's degree-8 PCE on the page with Node's numbers to the last bit", async () => {
    const seed = 7, n = 2 ** 10, degree = 8;
    await page.check('input[name="model"][value="ishigami"]');
    await page.check('input[name="method"][value="pce"]');
    await page.selectOption('#n', String(n));
    await page.fill('#seed', String(seed));
    await page.fill('#degree', String(degree));
    expect(await run(page)).toBe('done');
    const got = await shown(page);
    const U = new Uniform(-Math.PI, Math.PI), dists = [U, U, U];
    const X = toPhysical(dists, sobol(n, 3, { scramble: 'owen', seed, balance: 'ignore' }));
    const fit = fitPCE(dists, X, ishigami(X), { degree });
    const pick = (key: string) => [0, 1, 2].map((j) => got[`${key}${j}`]!);
    expect(firstDifference(pick('S'), [...fit.sobolFirst()]), 'first').toBe(-1);
    expect(firstDifference(pick('ST'), [...fit.sobolTotal()]), 'total').toBe(-1);
    expect(firstDifference([got.mean!, got.variance!, got.loo!], [fit.mean(), fit.variance(), fit.looError![0]!]), 'mean, variance, LOO').toBe(-1);
    const exact = ishigamiAnalytic();
    for (let j = 0; j < 3; j++) expect(Math.abs(got[`ST${j}`]! - exact.total[j]!)).toBeLessThan(1e-2); // REFERENCE.md: 2.2e-3 at p = 8
    expect(await page.textContent('#moments')).toContain('LOO error');
    // A PCE has no bootstrap: its convergence plot has lines and no interval bands.
    expect(await page.$$eval('#convergence-plot svg polyline', (e) => e.length)).toBe(6);
    expect(await page.$$eval('#convergence-plot svg polygon.ci', (e) => e.length)).toBe(0);
  });

  it('shows a readable error for a bad expression, naming the input and what went wrong', async () => {
    await page.check('input[name="model"][value="expression"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.selectOption('#n', String(2 ** 10));
    await page.fill('#expr-dim', '3');
    const cases: Array<[string, RegExp]> = [
      ['x1 + * x2', /^Expression: syntax error — .+/],
      ['x1 + x4', /Expression uses x4, but the model has 3 inputs \(x1\.\.x3\)/],
      ['log(x1 - 2)', /Expression gave NaN at x1 = [-\d.e]+, x2 = [-\d.e]+, x3 = [-\d.e]+ \(row \d+ of the design\)/],
      ['foo(x1)', /Expression failed at x1 = .*: ReferenceError: foo is not defined/],
    ];
    for (const [expr, message] of cases) {
      await page.fill('#expression', expr);
      expect(await run(page), expr).toBe('error');
      expect(await page.isVisible('#error')).toBe(true);
      expect(await page.textContent('#error'), expr).toMatch(message);
      expect(await page.getAttribute('#expression', 'class')).toContain('invalid');
    }
    await page.fill('#expression', 'x1 + x4');
    await run(page);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-error.png'), fullPage: true });
    // An input's distribution: the row is named.
    await page.fill('#expression', 'x1 + x2 * x3');
    await page.fill('#inputs tr[data-i="1"] .p2', '-5');
    expect(await run(page)).toBe('error');
    expect(await page.textContent('#error')).toMatch(/^Input x2: lower bound 0 must be below upper bound -5/);
    await page.fill('#inputs tr[data-i="1"] .p2', 'one');
    expect(await run(page)).toBe('error');
    expect(await page.textContent('#error')).toMatch(/^Input x2: high: "one" is not a number/);
    await page.fill('#inputs tr[data-i="1"] .p2', '1');
    expect(await run(page)).toBe('done');
    expect(await page.isVisible('#error')).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it("a typed expression with a normal input gives Node's numbers to the last bit (deterministic sin, exp and ndtri)", async () => {
    const seed = 11, n = 2 ** 12, expression = 'x1 + 2 * x2 * x3 + sin(x3) * exp(x1 / 4) + log1p(x2) * pow(x3, 1.5)';
    await page.check('input[name="model"][value="expression"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.fill('#expr-dim', '3');
    await page.dispatchEvent('#expr-dim', 'input');
    await page.fill('#expression', expression);
    await page.selectOption('#inputs tr[data-i="0"] .dist', 'normal');
    await page.fill('#inputs tr[data-i="0"] .p1', '1');
    await page.fill('#inputs tr[data-i="0"] .p2', '0.5');
    await page.selectOption('#n', String(n));
    await page.fill('#seed', String(seed));
    await page.fill('#resamples', '100');
    expect(await run(page)).toBe('done');
    const got = await shown(page);
    const dists = [new Normal(1, 0.5), new Uniform(0, 1), new Uniform(0, 1)];
    const design = saltelliDesign(dists, n, { seed, balance: 'ignore' });
    const r = sobolIndices(compileExpression(expression, 3, expressionMath(detmath))(design.X), { design, bootstrap: { resamples: 100, seed, confidence: 0.95 } });
    const pick = (key: string) => [0, 1, 2].map((j) => got[`${key}${j}`]!);
    expect(firstDifference(pick('S'), [...r.first]), 'first').toBe(-1);
    expect(firstDifference(pick('ST'), [...r.total]), 'total').toBe(-1);
    expect(firstDifference(pick('S_low'), [...r.firstInterval!.low]), 'first low').toBe(-1);
    expect(firstDifference(pick('ST_high'), [...r.totalInterval!.high]), 'total high').toBe(-1);
    expect(firstDifference([got.mean!, got.variance!], [r.mean, r.variance]), 'moments').toBe(-1);
    await page.selectOption('#inputs tr[data-i="0"] .dist', 'uniform');
  });

  it("Ishigami with normal inputs (Saltelli and PCE): Node's numbers to the last bit", async () => {
    const seed = 31, n = 2 ** 12, resamples = 200, degree = 6;
    const normals = [[0, 1], [0.5, 2], [-1, 0.25]] as const;
    await page.check('input[name="model"][value="ishigami"]');
    await page.check('input[name="method"][value="saltelli"]');
    for (const [j, [m, s]] of normals.entries()) {
      await page.selectOption(`#inputs tr[data-i="${j}"] .dist`, 'normal');
      await page.fill(`#inputs tr[data-i="${j}"] .p1`, String(m));
      await page.fill(`#inputs tr[data-i="${j}"] .p2`, String(s));
    }
    await page.selectOption('#n', String(n));
    await page.fill('#seed', String(seed));
    await page.fill('#resamples', String(resamples));
    expect(await run(page)).toBe('done');
    const got = await shown(page);
    const dists = normals.map(([m, s]) => new Normal(m, s));
    const design = saltelliDesign(dists, n, { seed, balance: 'ignore' });
    const r = sobolIndices(ishigami(design.X), { design, bootstrap: { resamples, seed, confidence: 0.95 } });
    const pick = (key: string) => [0, 1, 2].map((j) => got[`${key}${j}`]!);
    expect(firstDifference(pick('S'), [...r.first]), 'first').toBe(-1);
    expect(firstDifference(pick('ST'), [...r.total]), 'total').toBe(-1);
    expect(firstDifference(pick('S_low'), [...r.firstInterval!.low]), 'first low').toBe(-1);
    expect(firstDifference(pick('ST_high'), [...r.totalInterval!.high]), 'total high').toBe(-1);
    expect(firstDifference([got.mean!, got.variance!], [r.mean, r.variance]), 'moments').toBe(-1);
    // The normal inputs really are normal: no analytic column, and the indices differ from the uniform case.
    expect(got.S_exact0).toBeUndefined();
    expect(Math.abs(r.first[0]! - ishigamiAnalytic().first[0]!)).toBeGreaterThan(0.01);

    await page.check('input[name="method"][value="pce"]');
    await page.selectOption('#n', String(n)); // choosing the method resets N
    await page.fill('#degree', String(degree));
    expect(await run(page)).toBe('done');
    expect(await page.textContent('#result-title')).toContain(`PCE of degree ${degree} (84 terms), N = 2^12`);
    const gotPce = await shown(page);
    const X = toPhysical(dists, sobol(n, 3, { scramble: 'owen', seed, balance: 'ignore' }));
    const fit = fitPCE(dists, X, ishigami(X), { degree });
    expect(firstDifference([0, 1, 2].map((j) => gotPce[`S${j}`]!), [...fit.sobolFirst()]), 'PCE first').toBe(-1);
    expect(firstDifference([0, 1, 2].map((j) => gotPce[`ST${j}`]!), [...fit.sobolTotal()]), 'PCE total').toBe(-1);
    expect(firstDifference([gotPce.mean!, gotPce.variance!, gotPce.loo!], [fit.mean(), fit.variance(), fit.looError![0]!]), 'PCE mean, variance, LOO').toBe(-1);
    for (let j = 0; j < 3; j++) await page.selectOption(`#inputs tr[data-i="${j}"] .dist`, 'uniform');
    await page.check('input[name="method"][value="saltelli"]');
  });

  it('stays responsive while the worker computes, and Cancel stops the run', async () => {
    await page.check('input[name="model"][value="gfunction"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.selectOption('#n', String(2 ** 18)); // 2.6 M model runs and 1,000 resamples: seconds of work
    await page.fill('#resamples', '1000');
    await page.click('#run');
    expect(await page.getAttribute('#result', 'data-state')).toBe('running');
    // The main thread answers at once: a timer round trip and a DOM update while the worker is busy.
    const lag = await page.evaluate(() => new Promise<number>((resolve) => { const t = performance.now(); setTimeout(() => resolve(performance.now() - t), 0); }));
    expect(lag).toBeLessThan(100);
    await page.fill('#seed', '5');
    expect(await page.inputValue('#seed')).toBe('5');
    expect(await page.getAttribute('#result', 'data-state')).toBe('running');
    await page.click('#cancel');
    expect(await page.getAttribute('#result', 'data-state')).toBe('cancelled');
    await page.waitForSelector('#run:not([disabled])', { timeout: 20_000 }); // a new worker has loaded uqkit.wasm
    await page.selectOption('#n', String(2 ** 10));
    expect(await run(page)).toBe('done');
    expect(pageErrors).toEqual([]);
  });

  // Why the built-in models use detmath.js: V8 in Node 20 and in Debian's Chromium round
  // Math.sin differently in the last bit; detmath's sine is the same everywhere.
  it("detmath's sine and cosine are bit-identical to Node's in Chromium, where Math.sin is not", async () => {
    const xs = Array.from({ length: 20000 }, (_, i) => (i < 10000 ? Math.PI * (2 * ((i * 0.6180339887498949) % 1) - 1) : 200 * (((i * 0.7548776662466927) % 1) - 0.5)));
    const src = readFileSync(new URL('../examples/browser/src/detmath.js', import.meta.url), 'utf8').replace(/^export /gm, '');
    const got = await page.evaluate(({ src, xs }) => {
      const f = new Function(`${src}; return { sin, cos };`)() as { sin: (x: number) => number; cos: (x: number) => number };
      return { sin: xs.map(f.sin), cos: xs.map(f.cos), mathSin: xs.map(Math.sin) };
    }, { src, xs });
    expect(firstDifference(got.sin, xs.map(detSin))).toBe(-1);
    expect(firstDifference(got.cos, xs.map(detCos))).toBe(-1);
    const mathDiffers = got.mathSin.filter((v, i) => !Object.is(v, Math.sin(xs[i]!))).length;
    console.log(`Math.sin differs between Node ${process.versions.v8} and Chromium in ${mathDiffers} of ${xs.length} arguments`);
  });
});
