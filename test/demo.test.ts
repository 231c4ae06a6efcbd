// The browser demo (examples/browser) end to end in Debian's headless Chromium:
// Vite builds it into a temporary folder, Vite's preview server serves it on 127.0.0.1, and
// playwright-core drives the page as a user would (fill the form, press Run, read the page).
// The numbers read from the page must equal the analytic ones to the accuracy of the method,
// and Node's for the same calls to the last bit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { detmath, fitPCE, Normal, saltelliDesign, sobol, sobolIndices, toPhysical, Uniform } from 'uqkit';
import { compileExpression, expressionMath, ishigami, ishigamiAnalytic } from '../examples/browser/src/models.js';
import { firstDifference, launchChromium } from './helpers.js';
import { inspectCharts, roundSteps, tickValues } from './report-dom.js';
import { nodeSnippet } from '../examples/browser/src/export.js';

const CONFIG = new URL('../examples/browser/vite.config.js', import.meta.url).pathname;
const ARTIFACTS = new URL('../build/test-artifacts/demo/', import.meta.url).pathname;

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
    const r = sobolIndices(ishigami(design.X, 7, 0.1, detmath), { design, bootstrap: { resamples, seed, confidence: 0.95 } });
    const pick = (key: string) => [0, 1, 2].map((j) => got[`${key}${j}`]!);
    expect(firstDifference(pick('S'), [...r.first]), 'first').toBe(-1);
    expect(firstDifference(pick('ST'), [...r.total]), 'total').toBe(-1);
    expect(firstDifference(pick('S_low'), [...r.firstInterval!.low]), 'first low').toBe(-1);
    expect(firstDifference(pick('S_high'), [...r.firstInterval!.high]), 'first high').toBe(-1);
    expect(firstDifference(pick('ST_low'), [...r.totalInterval!.low]), 'total low').toBe(-1);
    expect(firstDifference(pick('ST_high'), [...r.totalInterval!.high]), 'total high').toBe(-1);
    expect(firstDifference([got.mean!, got.variance!], [r.mean, r.variance]), 'moments').toBe(-1);

    // The charts: Sobol' bars with whiskers (3 inputs × 2 indices), and the convergence of S and
    // ST with one line, one dot per N (2^6 .. 2^14: 9 sizes) and one interval band per input.
    const charts = await inspectCharts(page);
    expect(charts.map((c) => c.kind)).toEqual(['sobol-bars', 'convergence', 'convergence']);
    expect(await page.$$eval('#bars svg g[aria-label="bar"] rect', (e) => e.length)).toBe(6);
    // a whisker (± firstConf, totalConf) has a cap at each end inside the axis, [0, 1] here
    const ends = [...r.first].flatMap((v, j) => [v - r.firstConf![j]!, v + r.firstConf![j]!]).concat([...r.total].flatMap((v, j) => [v - r.totalConf![j]!, v + r.totalConf![j]!]));
    expect(await page.$$eval('#bars svg g[aria-label="tick"] line', (e) => e.length)).toBe(ends.filter((y) => y >= 0 && y <= 1).length);
    for (const sel of ['#convergence-plot > figure:nth-of-type(1)', '#convergence-plot > figure:nth-of-type(2)']) {
      expect(await page.$$eval(`${sel} svg g[aria-label="line"] path`, (e) => e.length), sel).toBe(3);
      expect(await page.$$eval(`${sel} svg g[aria-label="area"] path`, (e) => e.length), sel).toBe(3);
      expect(await page.$$eval(`${sel} svg g[aria-label="dot"] circle`, (e) => e.length), sel).toBe(27);
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
    const fit = fitPCE(dists, X, ishigami(X, 7, 0.1, detmath), { degree });
    const pick = (key: string) => [0, 1, 2].map((j) => got[`${key}${j}`]!);
    expect(firstDifference(pick('S'), [...fit.sobolFirst()]), 'first').toBe(-1);
    expect(firstDifference(pick('ST'), [...fit.sobolTotal()]), 'total').toBe(-1);
    expect(firstDifference([got.mean!, got.variance!, got.loo!], [fit.mean(), fit.variance(), fit.looError![0]!]), 'mean, variance, LOO').toBe(-1);
    const exact = ishigamiAnalytic();
    for (let j = 0; j < 3; j++) expect(Math.abs(got[`ST${j}`]! - exact.total[j]!)).toBeLessThan(1e-2); // REFERENCE.md: 2.2e-3 at p = 8
    expect(await page.textContent('#moments')).toContain('LOO error');
    // A PCE has no bootstrap: its convergence charts have lines and no interval bands.
    expect(await page.$$eval('#convergence-plot svg g[aria-label="line"] path', (e) => e.length)).toBe(6);
    expect(await page.$$eval('#convergence-plot svg g[aria-label="area"] path', (e) => e.length)).toBe(0);
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
    const r = sobolIndices(ishigami(design.X, 7, 0.1, detmath), { design, bootstrap: { resamples, seed, confidence: 0.95 } });
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
    const fit = fitPCE(dists, X, ishigami(X, 7, 0.1, detmath), { degree });
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

  it('says next to the results what S, ST and the method mean', async () => {
    await page.check('input[name="model"][value="ishigami"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.selectOption('#n', String(2 ** 10));
    expect(await run(page)).toBe('done');
    const visible = async () => page.$$eval('#explain dt, #explain dd', (es) => es.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.textContent!.trim()));
    let texts = await visible();
    expect(texts.filter((t, i) => i % 2 === 0)).toEqual(['S (first order)', 'ST (total order)', 'Saltelli design']);
    expect(texts[1]).toMatch(/share of the output's variance that input x\s*i causes on its own/);
    expect(texts[3]).toMatch(/alone or in interactions/);
    expect(texts[5]).toMatch(/N\(d \+ 2\) points/);
    await page.check('input[name="method"][value="pce"]');
    expect(await run(page)).toBe('done');
    texts = await visible();
    expect(texts.filter((t, i) => i % 2 === 0)).toEqual(['S (first order)', 'ST (total order)', 'Polynomial chaos']);
    expect(texts[5]).toMatch(/least squares/);
    // Beside the results, not in a tooltip: the explanation lies between the title and the tables.
    const [title, explain, table] = await Promise.all(['#result-title', '#explain', '#indices'].map((sel) => page.locator(sel).boundingBox()));
    expect(title!.y).toBeLessThan(explain!.y);
    expect(explain!.y).toBeLessThan(table!.y);
    await page.check('input[name="method"][value="saltelli"]');
  });

  it('marks the previous results stale while a new run goes, with the fraction done and the time left; Cancel unmarks them', async () => {
    await page.check('input[name="model"][value="ishigami"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.selectOption('#n', String(2 ** 10));
    await page.check('#convergence');
    expect(await run(page)).toBe('done');
    expect(await page.isVisible('#stale-label')).toBe(false);
    expect(await page.getAttribute('#result', 'class')).not.toContain('stale');
    const title = await page.textContent('#result-title');

    await page.check('input[name="model"][value="gfunction"]');
    await page.selectOption('#n', String(2 ** 18)); // 2.6 M model runs: seconds of work, in 13 steps
    await page.fill('#resamples', '1000');
    await page.click('#run');
    expect(await page.getAttribute('#result', 'data-state')).toBe('running');
    expect(await page.isVisible('#stale-label')).toBe(true);
    expect(await page.textContent('#stale-label')).toMatch(/^Previous run/);
    expect(await page.getAttribute('#result', 'class')).toContain('stale');
    expect(await page.textContent('#result-title')).toBe(title);
    const dim = await page.$eval('#bars', (e) => Number(getComputedStyle(e).opacity));
    expect(dim).toBeLessThan(0.5);
    expect(await page.$eval('#stale-label', (e) => Number(getComputedStyle(e).opacity))).toBe(1);

    // The worker reports the fraction done before each step; the page turns it into a time left.
    await page.waitForFunction(() => document.getElementById('status')!.dataset.remaining !== undefined, undefined, { timeout: 30_000 });
    const p = await page.evaluate(() => ({
      remaining: Number(document.getElementById('status')!.dataset.remaining), text: document.getElementById('status')!.textContent!,
      value: (document.getElementById('progress') as HTMLProgressElement).value, visible: !document.getElementById('progress')!.hidden,
    }));
    expect(p.visible).toBe(true);
    expect(p.value).toBeGreaterThan(0);
    expect(p.value).toBeLessThan(1);
    expect(Number.isFinite(p.remaining) && p.remaining >= 0).toBe(true);
    expect(p.text).toMatch(/^Saltelli at N = 2\^\d+ · \d+ % done · about [\d.]+ (s|min \d+ s) left \([\d.]+ s so far\)$/);
    expect(Number(/(\d+) % done/.exec(p.text)![1])).toBe(Math.round(p.value * 100));

    await page.click('#cancel');
    expect(await page.getAttribute('#result', 'data-state')).toBe('cancelled');
    expect(await page.isVisible('#stale-label')).toBe(false);
    expect(await page.getAttribute('#result', 'class')).not.toContain('stale');
    expect(await page.isVisible('#progress')).toBe(false);
    expect(await page.textContent('#result-title')).toBe(title);
    await page.waitForSelector('#run:not([disabled])', { timeout: 20_000 });
    await page.selectOption('#n', String(2 ** 10));
    expect(await run(page)).toBe('done');
    expect(await page.getAttribute('#result', 'class')).not.toContain('stale');
    expect(await page.textContent('#result-title')).toContain("Sobol' g-function");
    expect(pageErrors).toEqual([]);
  });

  /** Runs what the page shows, downloads its JSON and CSV, and runs its Node script. */
  async function reproduce(name: string): Promise<{ json: { settings: Record<string, unknown>; results: Record<string, number[] | number | string[]> }; csv: string; node: Record<string, number[] | number | string[]> }> {
    expect(await run(page)).toBe('done');
    const file = async (sel: string): Promise<string> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const json = JSON.parse(await file('#download-json'));
    // Copy puts the script on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.bringToFront(); // the clipboard needs the page focused
    await page.click('#copy-snippet');
    await page.waitForSelector('#copy-snippet:text("Copied")', { timeout: 5_000 });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.textContent('#snippet'));
    const csv = await file('#download-csv');
    mkdirSync(ARTIFACTS, { recursive: true });
    const script = join(ARTIFACTS, `reproduce-${name}.mjs`); // inside the package: 'uqkit' is the built package
    writeFileSync(script, (await page.textContent('#snippet'))!);
    const node = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
    return { json, csv, node };
  }
  const sameBits = (a: unknown, b: unknown, what: string) => {
    if (Array.isArray(a)) expect(firstDifference(a as number[], b as number[]), what).toBe(-1);
    else expect(Object.is(a, b), `${what}: ${a} vs ${b}`).toBe(true);
  };

  it("downloads the results as JSON and CSV, and its Node script prints the JSON's numbers to the last bit", async () => {
    // Saltelli with intervals on Ishigami.
    await page.check('input[name="model"][value="ishigami"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.selectOption('#n', String(2 ** 12));
    await page.fill('#seed', '17');
    await page.fill('#resamples', '300');
    await page.fill('#confidence', '0.9');
    const a = await reproduce('ishigami-saltelli');
    expect(a.json.settings).toEqual({ model: 'ishigami', params: { a: 7, b: 0.1 }, inputs: [0, 1, 2].map(() => ({ dist: 'uniform', low: -Math.PI, high: Math.PI })), method: 'saltelli', n: 4096, seed: 17, resamples: 300, confidence: 0.9 });
    expect(Object.keys(a.node)).toEqual(['inputs', 'S', 'S_low', 'S_high', 'ST', 'ST_low', 'ST_high', 'mean', 'variance']);
    for (const k of Object.keys(a.node)) sameBits(a.json.results[k], a.node[k], `Ishigami Saltelli ${k}`);
    // The JSON holds what the page shows.
    const got = await shown(page);
    sameBits(a.json.results.S_high, [0, 1, 2].map((j) => got[`S_high${j}`]), 'JSON vs page');
    // The CSV: settings in '#' lines, then index,input,estimate,low,high,exact with the same numbers.
    const lines = a.csv.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('#')).join('\n')).toMatch(/method: saltelli, N = 4096, seed = 17, bootstrap resamples = 300, confidence = 0.9/);
    const rows = lines.filter((l) => !l.startsWith('#'));
    expect(rows[0]).toBe('index,input,estimate,low,high,exact');
    const st2 = rows.find((l) => l.startsWith('ST,x2,'))!.split(',').map(Number);
    sameBits(st2.slice(2, 5), [(a.node.ST as number[])[1], (a.node.ST_low as number[])[1], (a.node.ST_high as number[])[1]], 'CSV ST x2');
    expect(st2[5]).toBe(ishigamiAnalytic().total[1]);

    // PCE on the g-function.
    await page.check('input[name="model"][value="gfunction"]');
    await page.fill('#g-a', '0, 1, 4.5, 9');
    await page.dispatchEvent('#g-a', 'input');
    await page.check('input[name="method"][value="pce"]');
    await page.selectOption('#n', String(2 ** 10));
    await page.fill('#degree', '5');
    const b = await reproduce('gfunction-pce');
    expect(b.json.settings).toMatchObject({ model: 'gfunction', params: { a: [0, 1, 4.5, 9] }, method: 'pce', n: 1024, seed: 17, degree: 5 });
    expect(Object.keys(b.node)).toEqual(['inputs', 'S', 'ST', 'mean', 'variance', 'loo', 'terms']);
    for (const k of Object.keys(b.node)) sameBits(b.json.results[k], b.node[k], `g-function PCE ${k}`);

    // A typed expression (sin, exp, log1p, pow, Math.cos) with a normal input, Saltelli.
    await page.check('input[name="model"][value="expression"]');
    await page.check('input[name="method"][value="saltelli"]');
    await page.fill('#expr-dim', '3');
    await page.dispatchEvent('#expr-dim', 'input');
    await page.fill('#expression', 'x1 + 2 * x2 * x3 + sin(x3) * exp(x1 / 4) + log1p(x2) * pow(x3, 1.5) + Math.cos(x1)');
    await page.selectOption('#inputs tr[data-i="0"] .dist', 'normal');
    await page.fill('#inputs tr[data-i="0"] .p1', '1');
    await page.fill('#inputs tr[data-i="0"] .p2', '0.5');
    await page.selectOption('#n', String(2 ** 11));
    await page.fill('#resamples', '100');
    const c = await reproduce('expression-saltelli');
    expect(c.json.settings).toMatchObject({ model: 'expression', inputs: [{ dist: 'normal', mean: 1, std: 0.5 }, { dist: 'uniform', low: 0, high: 1 }, { dist: 'uniform', low: 0, high: 1 }], n: 2048, resamples: 100 });
    for (const k of Object.keys(c.node)) sameBits(c.json.results[k], c.node[k], `expression ${k}`);
    await page.selectOption('#inputs tr[data-i="0"] .dist', 'uniform');
    await page.fill('#confidence', '0.95');
    expect(pageErrors).toEqual([]);
  });

  it("docs/browser.md shows the Node script the page writes for Ishigami at N = 2^12, seed 1, 100 resamples", () => {
    const spec = { model: 'ishigami', params: { a: 7, b: 0.1 }, dists: [0, 1, 2].map(() => ({ dist: 'uniform', low: -Math.PI, high: Math.PI }) as const), method: 'saltelli', n: 4096, seed: 1, resamples: 100, confidence: 0.95 } as const;
    const doc = readFileSync(new URL('../docs/browser.md', import.meta.url), 'utf8');
    expect(doc).toContain(`\n\`\`\`js\n${nodeSnippet({ ...spec, dists: [...spec.dists] })}\`\`\`\n`);
  });

  for (const width of [1280, 390]) {
    it(`at ${width} px: nothing leaves the viewport sideways; every chart titled, with axis labels, round ticks, legends and marks inside (screenshot)`, async () => {
      const p = await browser.newPage({ viewport: { width, height: 900 } });
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      await p.goto(page.url());
      await p.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      const overflow = () => p.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, inner: innerWidth,
        out: Array.from(document.querySelectorAll('body *')).flatMap((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.left < -0.5 || r.right > innerWidth + 0.5) ? [`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} [${r.left.toFixed(1)}, ${r.right.toFixed(1)}]`] : [];
        }),
      }));
      const check = async (what: string) => {
        const o = await overflow();
        expect(o.scroll, `${what}: scrollWidth`).toBeLessThanOrEqual(o.inner);
        expect(o.out, what).toEqual([]);
      };
      await check('before a run');
      for (const [model, methodName, n] of [['gfunction', 'saltelli', 2 ** 12], ['ishigami', 'pce', 2 ** 10], ['ishigami', 'saltelli', 2 ** 12]] as const) {
        await p.check(`input[name="model"][value="${model}"]`);
        await p.check(`input[name="method"][value="${methodName}"]`);
        await p.selectOption('#n', String(n));
        expect(await run(p)).toBe('done');
        await check(`${model} ${methodName}`);
        mkdirSync(ARTIFACTS, { recursive: true });
        await p.screenshot({ path: join(ARTIFACTS, `demo-${width}-${model}-${methodName}.png`), fullPage: true });
        const charts = await inspectCharts(p);
        expect(charts.length).toBe(3);
        for (const c of charts) {
          const what = `${model} ${methodName} ${c.kind} "${c.title}"`;
          expect(c.title, what).not.toBe('');
          expect(c.xLabel, what).not.toBe('');
          expect(c.yLabel, what).not.toBe('');
          expect(c.legend, what).toBe(c.series > 1);
          expect(c.outside, what).toEqual([]);
          expect(c.marks, what).toBeGreaterThan(0);
          const y = tickValues(c.ticks.find((t) => t.axis === 'y')!.labels)!;
          expect(roundSteps(y), `${what}: y ticks ${y}`).toBe(true);
          if (c.kind === 'convergence') {
            // a log axis of N: every tick labelled, each a size of the runs, 2^k
            const labels = c.ticks.find((t) => t.axis === 'x')!.labels;
            expect(labels.filter((l) => l === ''), `${what}: x ticks ${labels.join(' ')}`).toEqual([]);
            const x = tickValues(labels)!;
            expect(x.length, `${what}: x ticks`).toBeGreaterThan(1);
            for (const v of x) expect(Math.log2(v) % 1, `${what}: x tick ${v}`).toBe(0);
          }
        }
      }
      // the previous results dimmed while a run goes: no overflow from the label either
      await p.check('input[name="model"][value="gfunction"]');
      await p.selectOption('#n', String(2 ** 18));
      await p.click('#run');
      await p.waitForFunction(() => document.getElementById('status')!.dataset.remaining !== undefined, undefined, { timeout: 30_000 });
      await check('while running');
      mkdirSync(ARTIFACTS, { recursive: true });
      const running = join(ARTIFACTS, `demo-${width}-running.png`);
      await p.screenshot({ path: running, fullPage: true });
      await p.click('#cancel');
      const shot = join(ARTIFACTS, `demo-${width}.png`);
      await p.screenshot({ path: shot, fullPage: true });
      console.log(`screenshots: ${shot} ${running} ${join(ARTIFACTS, `demo-${width}-*-*.png`)}`);
      await p.close();
      expect(pageErrors).toEqual([]);
    });
  }
});
