// The campaign reports of the examples, written by the built CLI from real campaigns (the
// coffee cup with PCE, SC and a Saltelli design; Ishigami) and a campaign still running, then
// opened in headless Chromium: full-page screenshots are kept in
// build/test-artifacts/report/*.png for a person to look at, and the DOM is checked chart by
// chart: a title, both axis labels, a legend where several series are drawn, tick labels at
// round steps (1, 2 or 5 x 10^k), every mark inside the plot area, no sideways overflow at
// 390 px.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers.js';
import { type ChartFinding, inspectCharts as inspect, openReport, roundSteps, tickValues } from './report-dom.js';
import { MAIN, started, until } from './processes.js';

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
const ARTIFACTS = new URL('../build/test-artifacts/report/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'uqkit-report-visual-'));
const uqkit = (...args: string[]): string => execFileSync(process.execPath, [MAIN, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The coffee cup in-process with another sampler, and a scalar output (the last temperature) beside the series. */
function coffeeInProcess(name: string, sampler: string, analysis: string): string {
  writeFileSync(join(root, 'cooling-final.mjs'), `import cooling from ${JSON.stringify(join(EXAMPLES, 'coffee-inprocess/cooling.mjs'))};\nexport default (p) => { const r = cooling(p); return { ...r, te_final: r.te.at(-1) }; };\n`);
  const text = readFileSync(join(EXAMPLES, 'coffee-inprocess/campaign.yaml'), 'utf8')
    .replace(/^name: .*$/m, `name: ${name}`).replace(/^sampler: .*$/m, `sampler: ${sampler}`)
    .replace(/^runner: .*$/m, `runner:  { kind: in-process, module: ./cooling-final.mjs }`).replace(/^analysis: .*$/m, `analysis: ${analysis}`);
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const reports: Record<string, string> = {};
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const campaigns: [string, string][] = [
    ['coffee-pce', join(EXAMPLES, 'coffee/campaign.yaml')],
    ['coffee-sc', join(EXAMPLES, 'coffee/campaign-sc.yaml')],
    ['coffee-saltelli', coffeeInProcess('coffee-saltelli', '{ kind: saltelli, n: 256, seed: 1, secondOrder: true }', '{ index: { te: t }, percentiles: [10, 50, 90], resamples: 300, seed: 1 }')],
    ['coffee-inprocess', join(EXAMPLES, 'coffee-inprocess/campaign.yaml')],
    ['ishigami', join(EXAMPLES, 'ishigami/campaign.yaml')],
  ];
  for (const [name, file] of campaigns) {
    uqkit('run', file, '--dir', join(root, name), '--quiet');
    uqkit('report', join(root, name), '-o', join(root, `${name}.html`));
    reports[name] = join(root, `${name}.html`);
  }
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Opens a report at a width, keeps a full-page screenshot, returns the page. */
function open(name: string, width: number): Promise<Page> {
  return openReport(browser, reports[name]!, width, join(ARTIFACTS, `${name}-${width}.png`));
}

describe.each(['coffee-pce', 'coffee-sc', 'coffee-saltelli', 'coffee-inprocess', 'ishigami'])('the report of %s in Chromium', (name) => {
  let charts: ChartFinding[];
  let page: Page;
  beforeAll(async () => {
    page = await open(name, 1000);
    charts = await inspect(page);
  }, 120_000);
  afterAll(async () => { await page?.close(); });

  it('every chart has a title, both axis labels, and a legend where it draws several series', () => {
    expect(charts.length).toBeGreaterThan(3);
    for (const c of charts) {
      expect(c.title, `${name} ${c.kind}`).not.toBe('');
      expect(c.xLabel, `${name} ${c.title}: x label`).not.toBe('');
      expect(c.yLabel, `${name} ${c.title}: y label`).not.toBe('');
      expect(c.marks, `${name} ${c.title}: marks`).toBeGreaterThan(0);
      if (c.series > 1) expect(c.legend, `${name} ${c.title}: ${c.series} series, no legend`).toBe(true);
    }
  });

  it('every mark lies inside its plot area', () => {
    for (const c of charts) expect(c.outside, `${name} ${c.title}`).toEqual([]);
  });

  it('numeric tick labels step by 1, 2 or 5 x 10^k; the convergence chart has its ticks at its runs', () => {
    let numeric = 0;
    for (const c of charts) {
      for (const { axis, labels } of c.ticks) {
        const v = tickValues(labels);
        if (!v) continue;
        numeric++;
        if (c.kind === 'convergence' && axis === 'x') continue;
        expect(roundSteps(v), `${name} ${c.title}: ${axis} ticks ${labels.join(' ')}`).toBe(true);
      }
    }
    expect(numeric).toBeGreaterThanOrEqual(charts.length); // every chart has a numeric axis
  });

  it('no sideways overflow at 390 px', async () => {
    const narrow = await open(name, 390);
    try {
      const w = await narrow.evaluate(() => document.documentElement.scrollWidth);
      expect(w).toBeLessThanOrEqual(390);
      // the charts still have their marks in their plot areas when scaled down
      for (const c of await inspect(narrow)) expect(c.outside, `${name} at 390 px: ${c.title}`).toEqual([]);
    } finally {
      await narrow.close();
    }
  });
});

describe('what each report shows', () => {
  const html = (name: string): string => readFileSync(reports[name]!, 'utf8');
  const kinds = (name: string): string[] => [...html(name).matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]!);

  it('Ishigami (Saltelli): bars with whiskers, interactions, convergence with intervals and ticks at its runs, histogram of the runs, scatter per input', async () => {
    expect(kinds('ishigami')).toEqual(['histogram', 'sobol-bars', 'interactions', 'convergence', 'scatter', 'scatter', 'scatter']);
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    try {
      await page.goto(`file://${reports.ishigami}`);
      const analysis = JSON.parse(uqkit('report', join(root, 'ishigami'), '--format', 'json', '-o', '-'));
      const conv = analysis.analysis.y.convergence as { runs: number; sobolFirstConf: Record<string, number> }[];
      expect(conv.map((e) => e.runs)).toEqual([2560, 5120, 10240, 20480]);
      // intervals narrow as the runs grow (about 1/sqrt(runs))
      for (const p of ['x1', 'x2', 'x3']) expect(conv[0]!.sobolFirstConf[p]! / conv[3]!.sobolFirstConf[p]!).toBeGreaterThan(1.8);
      const ticks = await page.locator('figure[data-chart="convergence"] g[aria-label="x-axis tick label"] text').allTextContents();
      expect(ticks).toEqual(['2,560', '5,120', '10,240', '20,480']);
      // a band and a rule per estimate and parameter
      expect(await page.locator('figure[data-chart="convergence"] g[aria-label="rule"] line').count()).toBe(12);
      // whiskers: one rule per bar, on 6 bars
      expect(await page.locator('figure[data-chart="sobol-bars"] g[aria-label="rule"] line').count()).toBeGreaterThanOrEqual(6);
      expect(await page.locator('figure[data-chart="sobol-bars"] g[aria-label="bar"] rect').count()).toBe(6);
      // the interactions bar: the first-order shares and 1 - sum, which is S13 = 0.244 here
      const titles = await page.locator('figure[data-chart="interactions"] g[aria-label="bar"] rect title').allTextContents();
      expect(titles.map((t) => t.split(':')[0])).toEqual(['x1', 'x2', 'x3', 'interactions']);
      expect(Number(titles[3]!.split(': ')[1])).toBeCloseTo(0.2436836641, 1);
      // 2000 of the 20480 runs in each scatter plot
      expect(await page.locator('figure[data-chart="scatter"][data-param="x1"] g[aria-label="dot"] circle').count()).toBe(2000);
      expect(analysis.scatter.runs).toBe(20480);
      expect(analysis.scatter.inputs.x1).toHaveLength(2000);
      // the subsample is seeded (the same runs each time) and is made of real runs: y = f(x) at each point
      expect(JSON.parse(uqkit('report', join(root, 'ishigami'), '--format', 'json', '-o', '-')).scatter).toEqual(analysis.scatter);
      const { x1, x2, x3 } = analysis.scatter.inputs as Record<string, number[]>;
      const f = (a: number, b: number, c: number): number => Math.sin(a) + 7 * Math.sin(b) ** 2 + 0.1 * c ** 4 * Math.sin(a);
      (analysis.scatter.outputs.y as number[]).forEach((y, i) => expect(y).toBeCloseTo(f(x1![i]!, x2![i]!, x3![i]!), 12));
    } finally {
      await page.close();
    }
  });

  it('coffee PCE and SC: bands, a table of every value, histogram of the surrogate, indices over time, second order over time; no scatter for a grid design', () => {
    for (const name of ['coffee-pce', 'coffee-sc']) {
      expect(kinds(name), name).toEqual(['bands', 'histogram', 'sobol-first-index', 'sobol-total-index', 'interactions-index', 'sobol-second-index']);
      expect(html(name)).toMatch(/<details class="summary"><summary>Table of all 101 values/);
      expect(html(name)).toMatch(/distribution \(surrogate at \d+ points\)/);
    }
  });

  it('coffee Saltelli with second order: a heatmap of S_ij for the scalar output, scatter plots for both outputs', () => {
    const k = kinds('coffee-saltelli');
    expect(k.filter((c) => c === 'second-order')).toHaveLength(1);
    expect(k.filter((c) => c === 'scatter')).toHaveLength(4);
    expect(k).toContain('convergence');
  });
});

describe('a campaign still running', () => {
  it('the report says so (done of total) and shows the runs done', async () => {
    // runs with x < 0.8 write their result at once; the others never end, so the campaign stays running
    writeFileSync(join(root, 'stall.mjs'), "import { readFileSync, writeFileSync } from 'node:fs';\nconst { x } = JSON.parse(readFileSync('params.json', 'utf8'));\nif (x < 0.8) writeFileSync('results.json', JSON.stringify({ y: 3 * x }));\nelse setTimeout(() => {}, 600000);\n");
    writeFileSync(join(root, 'stall.yaml'), [
      'name: stall', 'params:', '  x: { type: float, min: 0, max: 1, default: 0.5 }', 'vary:', '  x: { dist: uniform, low: 0, high: 1 }',
      'sampler: { kind: random, n: 40, seed: 3 }', 'runner: { kind: local, command: [node, ./stall.mjs] }', 'decoder: { kind: results }', '',
    ].join('\n'));
    const run = started(root, 'run', 'stall.yaml', '--dir', 'stall', '--quiet');
    try {
      const status = (): { done: number; total: number } | undefined => {
        try {
          const s = JSON.parse(uqkit('status', 'stall', '--json'));
          return { done: s.counts.done, total: s.counts.total };
        } catch { return undefined; }
      };
      let last = -1, same = 0;
      await until(() => {
        const s = status();
        if (s && s.done > 0 && s.done === last) same++; else same = 0;
        last = s?.done ?? -1;
        return same >= 5;
      }, 60_000);
      const s = status()!;
      expect(s.done).toBeGreaterThan(0);
      expect(s.done).toBeLessThan(40);
      const md = uqkit('report', 'stall', '--format', 'md', '-o', '-');
      expect(md).toContain(`> Campaign in progress: ${s.done} of 40 runs done (${40 - s.done} to do); this report shows the runs done so far.`);
      uqkit('report', 'stall', '-o', join(root, 'stall.html'));
      const html = readFileSync(join(root, 'stall.html'), 'utf8');
      expect(html).toContain(`<p class="banner" role="status">Campaign in progress: ${s.done} of 40 runs done`);
      // the runs done are analysed: their histogram counts them
      const json = JSON.parse(uqkit('report', 'stall', '--format', 'json', '-o', '-'));
      expect(json.analysis.y.histogram.n).toBe(s.done);
      expect(json.scatter.inputs.x).toHaveLength(s.done);
      reports.stall = join(root, 'stall.html');
      await (await open('stall', 1000)).close();
    } finally {
      run.child.kill('SIGINT');
      await run.done;
    }
  });
});

describe('the chart functions in a browser page', () => {
  // Vite bundles a page that imports the built chart module and draws with window.document:
  // the same function gives the same marks as in Node (linkedom), with no Node module.
  it('sobolBarsChart and convergenceChart with window.document draw the marks Node draws', async () => {
    const dir = join(root, 'browser-charts');
    mkdirSync(dir, { recursive: true });
    const charts = new URL('../build/report/charts/index.js', import.meta.url).pathname;
    const rows = [{ param: 'x1', first: 0.31, total: 0.56, firstConf: 0.03, totalConf: 0.04 }, { param: 'x2', first: 0.44, total: 0.44, firstConf: 0.5, totalConf: 0.02 }, { param: 'x3', first: -0.4, total: 0.24 }];
    const conv = [2560, 5120, 10240, 20480].map((runs, i) => ({ runs, values: { x1: 0.3 + 0.1 / (i + 1), x2: 0.44 }, conf: { x1: 0.1 / (i + 1), x2: 0.05 } }));
    const draw = `(C, document) => C.sobolBarsChart(${JSON.stringify(rows)}, { document }, { title: 'bars' }) + C.convergenceChart(${JSON.stringify(conv)}, { document }, { title: 'convergence', xLabel: 'runs', yLabel: 'S', sobol: true })`;
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><body><div id="out"></div><script type="module" src="./main.js"></script></body>');
    writeFileSync(join(dir, 'main.js'), `import * as C from ${JSON.stringify(charts)};\ndocument.getElementById('out').innerHTML = (${draw})(C, document);\ndocument.body.dataset.done = 'true';\n`);
    const { build } = await import('vite');
    await build({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
    const bundle = readdirSync(join(dir, 'dist/assets')).map((f) => readFileSync(join(dir, 'dist/assets', f), 'utf8')).join('');
    expect(bundle).not.toMatch(/linkedom|["'`]node:[a-z]/);
    const { serve } = await import('./serve.js');
    const server = await serve(join(dir, 'dist'));
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
      expect(errors).toEqual([]);
      const png = join(ARTIFACTS, 'browser-charts.png');
      await page.screenshot({ path: png, fullPage: true });
      console.log(`report screenshot: ${png}`);
      const marks = (): string[] => Array.from(document.querySelectorAll('g[aria-label="bar"] rect, g[aria-label="rule"] line, g[aria-label="tick"] line, g[aria-label="dot"] circle'))
        .map((e) => ['x', 'y', 'width', 'height', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy'].map((k) => e.getAttribute(k) ?? '').join(','));
      const inBrowser = await page.evaluate(marks);
      // the same in Node: linkedom's document, the same data
      const { parseHTML } = await import('linkedom');
      const C = await import(charts);
      const node = parseHTML('<!doctype html><html><body><div id="out"></div></body></html>');
      node.document.getElementById('out')!.innerHTML = (new Function(`return ${draw}`)() as (c: unknown, d: unknown) => string)(C, node.document);
      const inNode = Array.from(node.document.querySelectorAll('g[aria-label="bar"] rect, g[aria-label="rule"] line, g[aria-label="tick"] line, g[aria-label="dot"] circle'))
        .map((e) => ['x', 'y', 'width', 'height', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy'].map((k) => (e as Element).getAttribute(k) ?? '').join(','));
      expect(inBrowser.length).toBeGreaterThan(20);
      expect(inBrowser).toEqual(inNode);
      for (const c of await inspect(page)) expect(c.outside, c.title).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
