// The HTML report (src/report/html.ts) rendered by real headless Chromium: the charts are
// there with the right number of marks, bar heights follow the values, bands and lines have
// their points, nothing is fetched, no script runs, names are escaped. A screenshot is kept in
// test-artifacts/report.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport, type AnalysisReport } from 'uqkit';
import { launchChromium } from './helpers.js';


const times = Array.from({ length: 50 }, (_, i) => i * 0.2);
const report: AnalysisReport = {
  campaign: 'cooling coffee <cup> & "friends"',
  method: 'PCE, degree 3, 16 runs',
  runs: { total: 20, done: 16, failed: 3, pending: 1 },
  analysis: {
    te_final: {
      mean: 45.2, std: 3.1, variance: 9.61,
      sobolFirst: { kappa: 0.5, t_env: 0.25, '<script>alert(1)</script>': 0.125 },
      sobolTotal: { kappa: 0.6, t_env: 0.3, '<script>alert(1)</script>': 0.15 },
      sobolFirstConf: { kappa: 0.05, t_env: 0.04, '<script>alert(1)</script>': 0.03 },
      sobolTotalConf: { kappa: 0.06, t_env: 0.05, '<script>alert(1)</script>': 0.02 },
      percentiles: { 10: 41, 50: 45, 90: 49.5 },
      convergence: [256, 512, 1024, 2048].map((runs, i) => ({ runs, sobolFirst: { kappa: 0.5 + 0.1 / (i + 1), t_env: 0.25 - 0.05 / (i + 1), '<script>alert(1)</script>': 0.125 } })),
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
    await page.setContent(renderReport(report), { waitUntil: 'load' });
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/report.png', fullPage: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('is self-contained: no requests, no scripts; names are escaped', async () => {
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.title()).toBe('cooling coffee <cup> & "friends" — uqkit report');
    expect(await page.locator('text=<script>alert(1)</script>').count()).toBeGreaterThan(0);
  });

  it('run status: a bar segment per state and the counts', async () => {
    expect(await page.locator('svg.status-bar rect').count()).toBe(3); // done, failed, pending
    expect(await page.locator('p.counts').textContent()).toBe('20 runs: 16 done, 3 failed, 1 pending');
    const w = await page.locator('svg.status-bar rect.done').getAttribute('width');
    expect(Number(w)).toBeCloseTo(600 * 16 / 20, 6);
  });

  it("scalar output: first and total bars per parameter, heights in proportion, whiskers, table, convergence", async () => {
    const sec = page.locator('section[data-qoi="te_final"]');
    expect(await sec.locator('svg.sobol rect.bar.first[data-param]').count()).toBe(3);
    expect(await sec.locator('svg.sobol rect.bar.total[data-param]').count()).toBe(3);
    const h = async (kind: string, p: string): Promise<number> => (await sec.locator(`svg.sobol rect.bar.${kind}[data-param="${p}"]`).boundingBox())!.height;
    expect((await h('first', 'kappa')) / (await h('first', 't_env'))).toBeCloseTo(2, 2);
    expect((await h('total', 'kappa')) / (await h('first', 'kappa'))).toBeCloseTo(1.2, 2);
    expect(await sec.locator('svg.sobol line.ci').count()).toBe(6 * 3);
    expect(await sec.locator('table.stats tr').count()).toBe(6); // mean, std, variance, 3 percentiles
    expect(await sec.locator('svg.convergence path.conv-line').count()).toBe(3);
    expect(await sec.locator('svg.convergence circle').count()).toBe(12);
  });

  it('vector output: mean ± std and percentile bands with a point per index, index lines per parameter', async () => {
    const sec = page.locator('section[data-qoi="te"]');
    expect(await sec.locator('h2').textContent()).toBe('te (50 values)');
    for (const cls of ['band.std', 'band.pct']) {
      const d = (await sec.locator(`svg.band-chart path.${cls}`).getAttribute('d'))!;
      expect(d.match(/[ML]/g)!.length, cls).toBe(100); // upper edge forth, lower edge back
    }
    expect((await sec.locator('svg.band-chart path.line.mean').getAttribute('d'))!.match(/[ML]/g)!.length).toBe(50);
    expect(await sec.locator('svg.sobol-vector path.sobol-line').count()).toBe(2);
    // the NaN at the first index is left out, not drawn as a broken path: 49 points, one M
    for (const p of ['kappa', 't_env']) {
      const d = (await sec.locator(`svg.sobol-vector path.sobol-line[data-param="${p}"]`).getAttribute('d'))!;
      expect(d).not.toMatch(/NaN/);
      expect(d.match(/[ML]/g)!.length).toBe(49);
      expect(d.match(/M/g)!.length).toBe(1);
      expect((await sec.locator(`svg.sobol-vector path.sobol-line[data-param="${p}"]`).boundingBox())!.width).toBeGreaterThan(100);
    }
    expect(await sec.locator('svg.band-chart text.label').first().textContent()).toBe('time');
    expect(await sec.locator('figcaption, h3').filter({ hasText: "first-order Sobol' indices over time" }).count()).toBe(1);
    // the band is drawn inside the plot area
    const box = (await sec.locator('svg.band-chart path.band.std').boundingBox())!;
    const svg = (await sec.locator('svg.band-chart').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(svg.x);
    expect(box.x + box.width).toBeLessThanOrEqual(svg.x + svg.width);
  });
});

it('the report file is plain HTML that starts with a doctype', () => {
  const html = renderReport({ campaign: 'x', runs: { total: 0, done: 0, failed: 0 }, analysis: {} });
  expect(html.startsWith('<!doctype html>')).toBe(true);
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/empty-report.html', html);
});

describe('every mark inside its plot area (headless Chromium)', () => {
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
        convergence: [16, 32, 64, 128].map((runs, i) => ({ runs, sobolFirst: { a: [0.3, NaN, 1.6, 0.4][i]!, b: [-0.9, 0.2, 0.5, 0.6][i]!, c: 0.1 } })),
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
    await page.setContent(renderReport(wild), { waitUntil: 'load' });
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/report-clipped.png', fullPage: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('bars, whiskers, dots, lines and bands have every coordinate inside the axes', async () => {
    // Per chart: the plot area from its two axis lines, then every coordinate of every mark.
    const found = await page.evaluate(() => Array.from(document.querySelectorAll('svg.chart:not(.status-bar)')).map((svg) => {
      const axes = Array.from(svg.querySelectorAll('line.axis')).map((l) => ['x1', 'x2', 'y1', 'y2'].map((k) => Number(l.getAttribute(k))));
      const xs = axes.flatMap((a) => [a[0]!, a[1]!]), ys = axes.flatMap((a) => [a[2]!, a[3]!]);
      const area = { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
      const points: [string, number, number][] = [];
      const num = (e: Element, k: string) => Number(e.getAttribute(k));
      for (const e of Array.from(svg.querySelectorAll('rect.bar:not(.legend)'))) {
        points.push(['rect', num(e, 'x'), num(e, 'y')], ['rect', num(e, 'x') + num(e, 'width'), num(e, 'y') + num(e, 'height')]);
      }
      for (const e of Array.from(svg.querySelectorAll('line.ci'))) points.push(['ci', num(e, 'x1'), num(e, 'y1')], ['ci', num(e, 'x2'), num(e, 'y2')]);
      for (const e of Array.from(svg.querySelectorAll('circle'))) points.push(['circle', num(e, 'cx'), num(e, 'cy')]);
      for (const e of Array.from(svg.querySelectorAll('path'))) {
        const d = e.getAttribute('d') ?? '';
        for (const m of d.matchAll(/[ML]([^,A-Z]+),([^A-Z]+)/g)) points.push([`path.${e.getAttribute('class')}`, Number(m[1]), Number(m[2])]);
      }
      return { chart: svg.getAttribute('class')!, area, points };
    }));
    expect(found.map((c) => c.chart)).toEqual(['chart sobol', 'chart convergence', 'chart sobol', 'chart band-chart', 'chart sobol-vector']);
    for (const { chart, area, points } of found) {
      expect(area.right - area.left, chart).toBeGreaterThan(100);
      expect(points.length, chart).toBeGreaterThan(8);
      const outside = points.filter(([, x, y]) => !(x >= area.left - 0.01 && x <= area.right + 0.01 && y >= area.top - 0.01 && y <= area.bottom + 0.01));
      expect(outside, `${chart}: marks outside ${JSON.stringify(area)}`).toEqual([]);
    }
  });

  it('the axis takes in the estimates up to [-0.25, 1.25]; an interval is clipped at the axis and loses its cap there', async () => {
    const svg = page.locator('section[data-qoi="s"] svg.sobol');
    const bottom = Number(await svg.locator('line.axis').first().getAttribute('y1'));
    const top = Number(await svg.locator('line.axis').nth(1).getAttribute('y1'));
    // the grid lines of the ticks 0 and 1: c = -0.4 widens the axis below 0 to -0.25 (not
    // further), b = 1.1 above 1 to 1.1
    const labels = (await svg.locator('text[text-anchor="end"]').allTextContents()).map(Number);
    const grid = await Promise.all((await svg.locator('line.grid').all()).map(async (l) => Number(await l.getAttribute('y1'))));
    const at = (t: number) => grid[labels.indexOf(t)]!;
    expect((bottom - at(0)) / (bottom - top)).toBeCloseTo(0.25 / 1.35, 6);
    expect((bottom - at(1)) / (bottom - top)).toBeCloseTo(1.25 / 1.35, 6);
    // a, first order: 0.30 ± 0.54 reaches -0.24, inside the widened axis: both caps
    expect(await svg.locator('line.ci.cap[data-param="a"][data-kind="first"]').count()).toBe(2);
    // c, first order: -0.4 ± 0.1 lies below -0.25: the bar and whisker end at the axis, no cap there
    const c = svg.locator('line.ci[data-param="c"][data-kind="first"]:not(.cap)');
    expect(Math.max(Number(await c.getAttribute('y1')), Number(await c.getAttribute('y2')))).toBeCloseTo(bottom, 6);
    expect(await svg.locator('line.ci.cap[data-param="c"][data-kind="first"]').count()).toBe(0);
    const bar = svg.locator('rect.bar.first[data-param="c"]');
    expect(Number(await bar.getAttribute('y')) + Number(await bar.getAttribute('height'))).toBeCloseTo(bottom, 6);
    // s2: 0.30 ± 0.54 on an axis from 0 to 1: the whisker runs from 0 (the axis) to 0.84, capped at the top only
    const s2 = page.locator('section[data-qoi="s2"] svg.sobol');
    const ys = (await s2.locator('text[text-anchor="end"]').allTextContents()).map(Number);
    expect([Math.min(...ys), Math.max(...ys)]).toEqual([0, 1]);
    const axis = Number(await s2.locator('line.axis').first().getAttribute('y1'));
    const top2 = Number(await s2.locator('line.axis').nth(1).getAttribute('y1'));
    const w = s2.locator('line.ci[data-param="a"][data-kind="first"]:not(.cap)');
    const [y1, y2] = [Number(await w.getAttribute('y1')), Number(await w.getAttribute('y2'))];
    expect(Math.max(y1, y2)).toBeCloseTo(axis, 6);
    expect(Math.min(y1, y2)).toBeCloseTo(axis - 0.84 * (axis - top2), 6);
    expect(await s2.locator('line.ci.cap[data-param="a"][data-kind="first"]').count()).toBe(1);
  });
});
