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
