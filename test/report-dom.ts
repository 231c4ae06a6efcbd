// Reading the charts of a report in a real browser page (Chromium through playwright-core):
// per chart its title, axis labels, legend, the number of series, tick labels and the marks
// that lie outside its plot area (data-plot-area on the <svg>, in its user units).
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Opens a report file at a width, keeps a full-page screenshot at `png`, and checks that it
 * is self-contained: no request beyond file: URLs and no script.
 */
export async function openReport(browser: Browser, file: string, width: number, png: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.screenshot({ path: png, fullPage: true });
  console.log(`report screenshot: ${png}`);
  expect(requests, `${file}: fetched`).toEqual([]);
  expect(await page.locator('script').count()).toBe(0);
  return page;
}

/** One chart (figure[data-chart]) of a page as {@link inspectCharts} reads it. */
export interface ChartFinding {
  kind: string; title: string; xLabel: string; yLabel: string; legend: boolean; series: number;
  ticks: { axis: string; labels: string[] }[]; outside: string[]; marks: number;
}

/** Every chart of the page: its title, axis labels, legend, series, tick labels and the marks outside its plot area. */
export function inspectCharts(page: Page): Promise<ChartFinding[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('figure[data-chart]')).map((fig) => {
    const svg = fig.querySelector('svg[data-plot-area]') as SVGSVGElement;
    const [l, t, r, b] = svg.getAttribute('data-plot-area')!.split(' ').map(Number) as [number, number, number, number];
    const box = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
    const k = box.width / vb.width;
    const area = { left: box.left + l * k, top: box.top + t * k, right: box.left + r * k, bottom: box.top + b * k };
    const tol = 1.5; // a stroke's half-width and antialiasing
    const outside: string[] = [];
    let marks = 0;
    const colors = new Set<string>();
    for (const g of Array.from(svg.querySelectorAll('g[aria-label]'))) {
      const label = g.getAttribute('aria-label')!;
      if (/axis|grid|frame|text|tip/.test(label)) continue;
      for (const e of Array.from(g.querySelectorAll('rect, circle, line, path'))) {
        marks++;
        const rc = e.getBoundingClientRect();
        const c = e.tagName === 'circle' ? { x: rc.left + rc.width / 2, y: rc.top + rc.height / 2 } : undefined;
        const inside = c
          ? c.x >= area.left - tol && c.x <= area.right + tol && c.y >= area.top - tol && c.y <= area.bottom + tol
          : rc.left >= area.left - tol && rc.right <= area.right + tol && rc.top >= area.top - tol && rc.bottom <= area.bottom + tol;
        if (!inside) outside.push(`${label} ${e.tagName} [${rc.left.toFixed(1)}, ${rc.top.toFixed(1)}, ${rc.right.toFixed(1)}, ${rc.bottom.toFixed(1)}] not in [${area.left.toFixed(1)}, ${area.top.toFixed(1)}, ${area.right.toFixed(1)}, ${area.bottom.toFixed(1)}]`);
        if (label === 'cell') continue; // a heatmap's colours are values, not series
        const paint = e.tagName === 'path' && label === 'line' ? (e.getAttribute('stroke') ?? g.getAttribute('stroke')) : e.tagName === 'line' ? null : (e.getAttribute('fill') ?? g.getAttribute('fill'));
        if (paint && paint !== 'none') colors.add(paint);
      }
    }
    const text = (sel: string): string => Array.from(svg.querySelectorAll(sel)).map((e) => e.textContent ?? '').join(' ').trim();
    const ticks = ['x', 'y'].map((axis) => ({ axis, labels: Array.from(svg.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)).map((e) => e.textContent ?? '') }));
    return {
      kind: fig.getAttribute('data-chart')!, title: fig.querySelector('figcaption')?.textContent ?? '',
      xLabel: text('g[aria-label="x-axis label"], g[aria-label="fx-axis label"]'), yLabel: text('g[aria-label="y-axis label"]'),
      legend: fig.querySelector('[class*="swatches"]') !== null, series: colors.size, ticks, outside, marks,
    };
  }));
}

/** Tick labels as numbers (Plot writes a minus as U+2212 and thousands with commas); undefined when a label is not a number (categories). */
export function tickValues(labels: readonly string[]): number[] | undefined {
  const v = labels.map((s) => Number(s.replace(/\u2212/g, '-').replace(/,/g, '')));
  return labels.length > 0 && v.every(Number.isFinite) ? v : undefined;
}

/** Whether the steps between the ticks are equal and 1, 2 or 5 times a power of ten. */
export function roundSteps(v: readonly number[]): boolean {
  if (v.length < 2) return false;
  const step = v[1]! - v[0]!;
  if (!v.every((x, i) => i === 0 || Math.abs(x - v[i - 1]! - step) <= 1e-9 * Math.abs(step) * 10)) return false;
  const m = Math.abs(step) / 10 ** Math.floor(Math.log10(Math.abs(step)));
  return [1, 2, 5, 10].some((r) => Math.abs(m - r) < 1e-6);
}

