// The HTML report (src/report/html.ts, charts from src/report/charts) rendered by real headless
// Chromium from analyses made up to reach every chart: the charts are there with the right
// number of marks, bar heights follow the values, lines leave out NaN, nothing is fetched, no
// script runs, names are escaped, and estimates outside [0, 1] are clamped at the axis (a
// whisker loses its cap there). Screenshots go to build/test-artifacts/report/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport, renderReportMarkdown, type AnalysisReport } from 'uqkit';
import { launchChromium } from './helpers.js';
import { inspectCharts, roundSteps, tickValues } from './report-dom.js';
import { MAIN } from './processes.js';

const ARTIFACTS = new URL('../build/test-artifacts/report/', import.meta.url).pathname;
const times = Array.from({ length: 50 }, (_, i) => i * 0.2);
const evil = '<script>alert(1)</script>';
const report: AnalysisReport = {
  campaign: 'cooling coffee <cup> & "friends"',
  method: 'PCE, degree 3, 16 runs',
  runs: { total: 20, done: 16, failed: 3, queued: 1 },
  analysis: {
    te_final: {
      mean: 45.2, std: 3.1, variance: 9.61,
      sobolFirst: { kappa: 0.5, t_env: 0.25, [evil]: 0.125 },
      sobolTotal: { kappa: 0.6, t_env: 0.3, [evil]: 0.15 },
      sobolFirstConf: { kappa: 0.05, t_env: 0.04, [evil]: 0.03 },
      sobolTotalConf: { kappa: 0.06, t_env: 0.05, [evil]: 0.02 },
      sobolSecond: { 'kappa,t_env': 0.08, [`kappa,${evil}`]: 0.01, [`t_env,${evil}`]: 0.0 },
      percentiles: { 10: 41, 50: 45, 90: 49.5 },
      histogram: { lo: 38, hi: 52, density: [0.01, 0.05, 0.12, 0.2, 0.12, 0.05, 0.01], n: 4096, source: 'surrogate' },
      convergence: [256, 512, 1024, 2048].map((runs, i) => ({ runs, sobolFirst: { kappa: 0.5 + 0.1 / (i + 1), t_env: 0.25 - 0.05 / (i + 1), [evil]: 0.125 }, sobolFirstConf: { kappa: 0.2 / (i + 1), t_env: 0.1 / (i + 1), [evil]: 0.05 } })),
      distances: { wasserstein1: 0.42, hellinger: 0.05 },
    },
    te: {
      index: times,
      mean: times.map((t) => 20 + 75 * Math.exp(-0.05 * t)),
      std: times.map((t) => 5 * (1 - Math.exp(-0.1 * t))),
      percentiles: { 10: times.map((t) => 18 + 70 * Math.exp(-0.05 * t)), 90: times.map((t) => 22 + 80 * Math.exp(-0.05 * t)) },
      // at t = 0 the output does not vary: its indices are NaN there (as the analysis gives them)
      sobolFirst: { kappa: times.map((t) => (t === 0 ? NaN : 1 - Math.exp(-t))), t_env: times.map((t) => (t === 0 ? NaN : Math.exp(-t))) },
      indexName: 'time',
    },
    y_morris: {
      mean: 1, std: 0.5,
      screening: { method: 'morris', indices: { mu: { a: 1, b: -2, c: 0.1 }, mu_star: { a: 1, b: 2, c: 0.1 }, sigma: { a: 0.5, b: 3, c: 0.05 }, mu_star_conf: { a: 0.2, b: 0.4, c: 0.01 } } },
    },
    // a method the report has no code for: bars of each index, whiskers from <index>_conf
    y_other: {
      mean: 2, std: 1,
      screening: { method: 'pawn', indices: { median: { a: 0.3, b: 0.1 }, median_conf: { a: 0.05, b: 0.02 }, maximum: { a: 0.5, b: 0.2 } } },
    },
  },
};

describe('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 1600 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(await renderReport(report), { waitUntil: 'load' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}made-up.png`, fullPage: true });
    console.log(`report screenshot: ${ARTIFACTS}made-up.png`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('is self-contained: no requests, no scripts; names are escaped', async () => {
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.title()).toBe('cooling coffee <cup> & "friends" — uqkit report');
    expect(await page.locator(`text=${evil}`).count()).toBeGreaterThan(0);
  });

  it('run status: a bar segment per state, the counts, and the banner of runs still to do', async () => {
    expect(await page.locator('svg.status-bar rect').count()).toBe(3); // done, failed, queued
    expect(await page.locator('p.counts').textContent()).toBe('20 runs: 16 done, 3 failed, 1 queued');
    expect(Number(await page.locator('svg.status-bar rect.done').getAttribute('width'))).toBeCloseTo(600 * 16 / 20, 6);
    expect(await page.locator('p.banner').textContent()).toBe('Campaign in progress: 16 of 20 runs done (1 to do); this report shows the runs done so far.');
  });

  it('scalar output: first and total bars per parameter, heights in proportion, whiskers with caps, table, histogram, interactions, heatmap, convergence with intervals', async () => {
    const sec = page.locator('section[data-qoi="te_final"]');
    const bars = sec.locator('figure[data-chart="sobol-bars"] g[aria-label="bar"] rect');
    expect(await bars.count()).toBe(6);
    const h = async (kind: string, p: string): Promise<number> => {
      const all = await bars.all();
      for (const b of all) if ((await b.locator('title').textContent()) === `${kind} order S(${p}) = ${kind === 'first' ? { kappa: '0.5000', t_env: '0.2500' }[p] : { kappa: '0.6000', t_env: '0.3000' }[p]} ± ${kind === 'first' ? { kappa: '0.0500', t_env: '0.0400' }[p] : { kappa: '0.0600', t_env: '0.0500' }[p]}`) return (await b.boundingBox())!.height;
      throw new Error(`no ${kind} bar of ${p}`);
    };
    expect((await h('first', 'kappa')) / (await h('first', 't_env'))).toBeCloseTo(2, 2);
    expect((await h('total', 'kappa')) / (await h('first', 'kappa'))).toBeCloseTo(1.2, 2);
    // a whisker (rule) and two caps (ticks) per bar: every interval lies inside [0, 1]
    expect(await sec.locator('figure[data-chart="sobol-bars"] g[aria-label="rule"] line').count()).toBe(6 + 3); // + the rule at 0 in each parameter's panel
    expect(await sec.locator('figure[data-chart="sobol-bars"] g[aria-label="tick"] line').count()).toBe(12);
    expect(await sec.locator('table.summary tr').count()).toBe(6 + 6); // mean, std, variance, 3 percentiles, 3 + 3 indices
    expect(await sec.locator('table.summary').textContent()).toContain('first-order S(kappa)0.5 ± 0.05');
    expect(await sec.locator('figure[data-chart="histogram"] g[aria-label="rect"] rect').count()).toBe(7);
    // interactions: 1 - (0.5 + 0.25 + 0.125) = 0.125
    const parts = await sec.locator('figure[data-chart="interactions"] g[aria-label="bar"] rect title').allTextContents();
    expect(parts).toEqual(['kappa: 0.500', 't_env: 0.250', `${evil}: 0.125`, 'interactions: 0.125']);
    expect(await sec.locator('figure[data-chart="second-order"] g[aria-label="cell"] rect').count()).toBe(3);
    expect(await sec.locator('figure[data-chart="second-order"] g[aria-label="text"] text').allTextContents()).toEqual(['0.080', '0.010', '0.000']);
    const conv = sec.locator('figure[data-chart="convergence"]');
    expect(await conv.locator('g[aria-label="line"] path').count()).toBe(3);
    expect(await conv.locator('g[aria-label="dot"] circle').count()).toBe(12);
    expect(await conv.locator('g[aria-label="rule"] line').count()).toBe(12); // an interval per estimate
    expect(await conv.locator('g[aria-label="x-axis tick label"] text').allTextContents()).toEqual(['256', '512', '1,024', '2,048']);
    // validation distances only where the analysis has them
    expect(await sec.locator('table.distances tr').count()).toBe(2);
    expect(await page.locator('table.distances').count()).toBe(1);
  });

  it('vector output: bands with a point per index, a table of every value, index lines per parameter without the NaN', async () => {
    const sec = page.locator('section[data-qoi="te"]');
    expect(await sec.locator('h2').textContent()).toBe('te (50 values)');
    const areas = sec.locator('figure[data-chart="bands"] g[aria-label="area"] path');
    expect(await areas.count()).toBe(2); // 10–90th percentile, mean ± std
    for (const a of await areas.all()) expect((await a.getAttribute('d'))!.match(/[ML]/g)!.length).toBe(100); // upper edge forth, lower edge back
    expect((await sec.locator('figure[data-chart="bands"] g[aria-label="line"] path').getAttribute('d'))!.match(/[ML]/g)!.length).toBe(50);
    expect(await sec.locator('details.summary table tr').count()).toBe(51);
    expect(await sec.locator('details.summary').getAttribute('open')).toBeNull();
    const lines = sec.locator('figure[data-chart="sobol-first-index"] g[aria-label="line"] path');
    expect(await lines.count()).toBe(2);
    // the NaN at the first index is left out, not drawn as a broken path: 49 points, one M
    for (const l of await lines.all()) {
      const d = (await l.getAttribute('d'))!;
      expect(d).not.toMatch(/NaN/);
      expect(d.match(/[ML]/g)!.length).toBe(49);
      expect(d.match(/M/g)!.length).toBe(1);
    }
    expect(await sec.locator('figure[data-chart="bands"] g[aria-label="x-axis label"]').textContent()).toBe('time');
    expect(await sec.locator('figcaption').filter({ hasText: "te: first-order Sobol' indices over time" }).count()).toBe(1);
  });

  it('screening: the Morris mu*-sigma plane and bars; an unknown method gets bars per index with whiskers from <index>_conf', async () => {
    const m = page.locator('section[data-qoi="y_morris"]');
    expect(await m.locator('figure[data-chart="morris"] g[aria-label="dot"] circle').count()).toBe(3);
    expect(await m.locator('figure[data-chart="screening-bars"]').evaluateAll((f) => f.map((e) => e.getAttribute('data-field')))).toEqual(['mu_star']);
    expect(await m.locator('table.screening tr').count()).toBe(4);
    const o = page.locator('section[data-qoi="y_other"]');
    expect(await o.locator('figure[data-chart="screening-bars"]').evaluateAll((f) => f.map((e) => e.getAttribute('data-field')))).toEqual(['median', 'maximum']);
    expect(await o.locator('figure[data-field="median"] g[aria-label="rule"] line').count()).toBe(2 + 1); // whiskers + the rule at 0
    expect(await o.locator('figure[data-field="maximum"] g[aria-label="rule"] line').count()).toBe(1);
  });

  it('every chart: a title, axis labels, round ticks, marks inside its plot area', async () => {
    const charts = await inspectCharts(page);
    expect(charts.length).toBe(5 + 3 + 2 + 2);
    for (const c of charts) {
      expect([c.title !== '', c.xLabel !== '', c.yLabel !== '', c.outside], c.title).toEqual([true, true, true, []]);
      if (c.series > 1) expect(c.legend, `${c.title}: ${c.series} series, no legend`).toBe(true);
      for (const { axis, labels } of c.ticks) {
        const v = tickValues(labels);
        if (v && !(c.kind === 'convergence' && axis === 'x')) expect(roundSteps(v), `${c.title} ${axis}: ${labels.join(' ')}`).toBe(true);
      }
    }
  });
});

it('the report file is plain HTML that starts with a doctype, with no section for what the analysis lacks', async () => {
  const html = await renderReport({ campaign: 'x', runs: { total: 0, done: 0, failed: 0 }, analysis: {} });
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/data-chart|class="banner"|class="stats distances"/);
});

it('Markdown: the same numbers in tables, names escaped, the banner as a quote', () => {
  const md = renderReportMarkdown(report);
  expect(md.split('\n').slice(0, 5)).toEqual(['# cooling coffee \\<cup\\> & "friends"', '', 'PCE, degree 3, 16 runs', '', '> Campaign in progress: 16 of 20 runs done (1 to do); this report shows the runs done so far.']);
  expect(md).toContain('| kappa | 0.5 ± 0.05 | 0.6 ± 0.06 |');
  expect(md).toContain('| kappa × t\\_env | 0.08 |');
  expect(md).toContain('| 2048 | 0.525 ± 0.05 | 0.2375 ± 0.025 | 0.125 ± 0.05 |');
  expect(md).toContain('First-order effects explain 0.875 of the variance; interactions (1 − ΣS1) 0.125.');
  expect(md).toContain('| wasserstein1 | 0.42 |');
  expect(md).toContain('| parameter | median | median\\_conf | maximum |');
  expect(md).not.toContain('<script>');
  // a vector output: one row per index point
  expect(md.split('\n').filter((l) => /^\| \d/.test(l) && l.split('|').length === 2 + 1 + 2 + 2 + 2 + 2).length).toBe(50);
});

describe('estimates beyond [0, 1] are clamped at the axes (headless Chromium)', () => {
  // Estimates and intervals beyond [0, 1], as noisy Saltelli estimates give them: an interval
  // of 0.30 ± 0.54 (reaching -0.24), an index of 1.1 and one of -0.4, vector indices from -0.5
  // to 1.4, a convergence line through NaN and 1.6.
  const ts = Array.from({ length: 30 }, (_, i) => i);
  const wild: AnalysisReport = {
    campaign: 'wild', runs: { total: 8, done: 8, failed: 0 },
    analysis: {
      s: {
        mean: 0.3, std: 0.54,
        sobolFirst: { a: 0.3, b: 1.1, c: -0.4 }, sobolTotal: { a: 0.5, b: 0.9, c: 0.05 },
        sobolFirstConf: { a: 0.54, b: 0.3, c: 0.1 }, sobolTotalConf: { a: 0.6, b: 0.05, c: 0.02 },
        convergence: [16, 32, 64, 128].map((runs, i) => ({ runs, sobolFirst: { a: [0.3, NaN, 1.6, 0.4][i]!, b: [-0.9, 0.2, 0.5, 0.6][i]!, c: 0.1 }, sobolFirstConf: { a: 0.9, b: 0.5, c: 0.05 } })),
      },
      // every estimate inside [0, 1]: the axis is [0, 1] and the interval of a is cut at 0
      s2: { mean: 1, std: 0.1, sobolFirst: { a: 0.3, b: 0.6 }, sobolTotal: { a: 0.35, b: 0.7 }, sobolFirstConf: { a: 0.54, b: 0.05 }, sobolTotalConf: { a: 0.5, b: 0.05 } },
      v: {
        mean: ts.map((t) => Math.sin(t / 5)), std: ts.map(() => 0.3),
        percentiles: { 10: ts.map((t) => Math.sin(t / 5) - 0.5), 90: ts.map((t) => Math.sin(t / 5) + 0.5) },
        sobolFirst: { a: ts.map((t) => -0.5 + t / 15), b: ts.map((t) => (t === 3 ? NaN : 1.4 - t / 20)) },
      },
    },
  };
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1000, height: 1600 } });
    await page.setContent(await renderReport(wild), { waitUntil: 'load' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}clamped.png`, fullPage: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('bars, whiskers, dots, lines and bands have every point inside the plot area', async () => {
    const charts = await inspectCharts(page);
    expect(charts.map((c) => c.kind)).toEqual(['sobol-bars', 'interactions', 'convergence', 'sobol-bars', 'interactions', 'bands', 'sobol-first-index', 'interactions-index']);
    for (const c of charts) {
      expect(c.marks, c.title).toBeGreaterThan(0);
      expect(c.outside, c.title).toEqual([]);
    }
  });

  it('the axis takes in the estimates up to [-0.25, 1.25]; an interval is clamped at the axis and loses its cap there', async () => {
    const fig = page.locator('section[data-qoi="s"] figure[data-chart="sobol-bars"]');
    // c = -0.4 widens the axis below 0 to -0.25 (not further), b = 1.1 above 1 to 1.1
    const ticks = (await fig.locator('g[aria-label="y-axis tick label"] text').allTextContents()).map((t) => Number(t.replace('\u2212', '-')));
    expect(Math.min(...ticks)).toBeCloseTo(-0.2, 9);
    expect(Math.max(...ticks)).toBeCloseTo(1, 9);
    const area = (await fig.locator('svg[data-plot-area]').getAttribute('data-plot-area'))!.split(' ').map(Number);
    const [top, bottom] = [area[1]!, area[3]!];
    const y = async (title: string): Promise<[number, number]> => {
      const rect = fig.locator('g[aria-label="bar"] rect').filter({ has: page.locator(`title:text-is("${title}")`) });
      const [yy, hh] = [Number(await rect.getAttribute('y')), Number(await rect.getAttribute('height'))];
      return [yy, yy + hh];
    };
    // c, first order: -0.4 lies below -0.25: the bar ends at the axis
    const [, cBottom] = await y('first order S(c) = -0.4000 ± 0.100');
    expect(cBottom).toBeCloseTo(bottom, 6);
    // b, first order: 1.1 is inside (the axis is widened to 1.1): its bar ends at the top
    const [bTop] = await y('first order S(b) = 1.100 ± 0.300');
    expect(bTop).toBeCloseTo(top, 6);
    // caps: a first (0.30 ± 0.54: -0.24..0.84) both; b first (0.8..1.4) only below; c first (-0.5..-0.3) none;
    // a total (-0.1..1.1) both; b total (0.85..0.95) both; c total (0.03..0.07) both
    expect(await fig.locator('g[aria-label="tick"] line').count()).toBe(2 + 1 + 0 + 2 + 2 + 2);
    // s2: 0.30 ± 0.54 on an axis from 0 to 1: the whisker runs from 0 (the axis) to 0.84, capped at the top only
    const s2 = page.locator('section[data-qoi="s2"] figure[data-chart="sobol-bars"]');
    const yt = (await s2.locator('g[aria-label="y-axis tick label"] text').allTextContents()).map(Number);
    expect([Math.min(...yt), Math.max(...yt)]).toEqual([0, 1]);
    expect(await s2.locator('g[aria-label="tick"] line').count()).toBe(1 + 2 + 1 + 2); // a first: top only; a total (-0.15..0.85): top only
  });
});

describe('the chart packages are loaded by the HTML report only', () => {
  // A module hook (node --import) logs every module the CLI resolves; @observablehq/plot, d3 and
  // linkedom must not be among them for --help, status and the Markdown and JSON reports, so
  // that those start as fast as before.
  const dir = mkdtempSync(join(tmpdir(), 'uqkit-report-load-'));
  const loaded = (...args: string[]): string[] => {
    const log = join(dir, 'loaded.txt');
    writeFileSync(log, '');
    const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), MAIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOADED_LOG: log } });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(log, 'utf8').split('\n').filter((u) => /@observablehq|linkedom|\/d3-?[a-z]*\//.test(u));
  };
  beforeAll(() => {
    writeFileSync(join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(process.env.LOADED_LOG, r.url + '\\n'); return r; }\n");
    writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    writeFileSync(join(dir, 'm.mjs'), 'export default ({ x }) => ({ y: x * x });\n');
    writeFileSync(join(dir, 'c.yaml'), "name: c\nparams:\n  x: { type: float, min: 0, max: 1, default: 0.5 }\nvary:\n  x: { dist: uniform, low: 0, high: 1 }\nsampler: { kind: random, n: 8, seed: 1 }\nrunner: { kind: in-process, module: ./m.mjs }\n");
    const r = spawnSync(process.execPath, [MAIN, 'run', 'c.yaml', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help, status, report --format md and json: none of them', () => {
    expect(loaded('--help')).toEqual([]);
    expect(loaded('status', 'c.uqkit')).toEqual([]);
    expect(loaded('report', 'c.uqkit', '--format', 'md', '-o', '-')).toEqual([]);
    expect(loaded('report', 'c.uqkit', '--format', 'json', '-o', '-')).toEqual([]);
  });

  it('report (HTML): Plot, d3 and linkedom', () => {
    const urls = loaded('report', 'c.uqkit', '-o', '-');
    for (const p of ['@observablehq/plot', 'linkedom', '/d3-scale/']) expect(urls.some((u) => u.includes(p)), p).toBe(true);
  });
});
