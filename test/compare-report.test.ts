// The comparison report of `uqkit compare --report`, written by the built CLI from two real
// campaigns run in-process: y = x and y = x + 0.5 with x ~ U(0, 1) drawn with one seed, so the
// second side's values are the first's shifted by 0.5 (W1 = W2 = 0.5 exactly), and a vector
// output differing at two of its three points. The figures' numbers are checked against
// `uqkit compare --json`; the page in headless Chromium (screenshots kept in
// build/test-artifacts/compare/*.png): titles, axis labels, legends, round ticks, every mark
// inside its plot area, no sideways overflow at 390 px; the md and json formats; a campaign
// still running.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers.js';
import { type ChartFinding, inspectCharts, openReport, roundSteps, tickValues } from './report-dom.js';
import { MAIN, started, until } from './processes.js';

const ARTIFACTS = new URL('../build/test-artifacts/compare/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'uqkit-compare-report-'));
const uqkit = (...args: string[]): string => execFileSync(process.execPath, [MAIN, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const N = 200;

function campaign(name: string, model: string): void {
  writeFileSync(join(root, `${name}.mjs`), `export default (p) => (${model});\n`);
  writeFileSync(join(root, `${name}.yaml`), [
    `name: shift-${name}`, 'params:', '  x: { type: float, min: 0, max: 1, default: 0.5 }', 'vary:', '  x: { dist: uniform, low: 0, high: 1 }',
    `sampler: { kind: random, n: ${N}, seed: 7 }`, `runner: { kind: in-process, module: ./${name}.mjs }`, '',
  ].join('\n'));
  uqkit('run', `${name}.yaml`, '--dir', name, '--quiet');
}

interface Point { n: [number, number]; wasserstein1: number; wasserstein2: number; ks: { statistic: number; pValue: number }; hellinger: number; jensenShannon: number; compatibility: number; mean: [number, number]; std: [number, number] }
let table: { a: string; b: string; qois: { qoi: string; vector: boolean; points: Point[] }[] };
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  campaign('a', '{ y: p.x, v: [p.x, 2 * p.x, p.x * p.x] }');
  campaign('b', '{ y: p.x + 0.5, v: [p.x + 0.5, 2 * p.x, p.x * p.x + 0.1] }');
  // measurements: 50 values of y spread evenly over [0.25, 1.25]
  writeFileSync(join(root, 'measured.csv'), ['y', ...Array.from({ length: 50 }, (_, i) => String(0.25 + (i + 0.5) / 50))].join('\n') + '\n');
  table = JSON.parse(uqkit('compare', 'a', 'b', '--json'));
  expect(uqkit('compare', 'a', 'b', '--report', 'ab.html')).toBe('ab.html\n');
  expect(uqkit('compare', 'a', '--data', 'measured.csv', '--report', 'data.html')).toBe('data.html\n');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the numbers of the comparison report', () => {
  it('shifted copies: W1 = W2 = 0.5 exactly, equal standard deviations, compatibility from the means alone', () => {
    const y = table.qois.find((q) => q.qoi === 'y')!.points[0]!;
    expect(y.wasserstein1).toBeCloseTo(0.5, 12);
    expect(y.wasserstein2).toBeCloseTo(0.5, 12);
    expect(y.std[0]).toBeCloseTo(y.std[1], 12);
    // equal variances and skewnesses: (1 - 0.5) dm^2 / (2 (v1 + v2) + dm^2)
    const v = y.std[0] ** 2;
    expect(y.compatibility).toBeCloseTo(0.5 * 0.25 / (4 * v + 0.25), 12);
    // the middle point of v is the same on both sides
    const mid = table.qois.find((q) => q.qoi === 'v')!.points[1]!;
    expect([mid.wasserstein1, mid.ks.statistic, mid.hellinger, mid.compatibility]).toEqual([0, 0, 0, 0]);
  });

  it('--format json: the --json comparison with both sides and the values the ECDFs draw', () => {
    const r = JSON.parse(uqkit('compare', 'a', 'b', '--report', '-', '--format', 'json'));
    expect(r.a).toEqual({ label: 'a', kind: 'campaign', name: 'shift-a', runs: expect.objectContaining({ done: N, total: N }) });
    expect(r.b.name).toBe('shift-b');
    expect(r.qois.map((q: { qoi: string; vector: boolean; points: Point[] }) => ({ qoi: q.qoi, vector: q.vector, points: q.points }))).toEqual(table.qois);
    const [y, v] = r.qois;
    expect(y.values.at).toBeNull();
    expect(y.values.a).toHaveLength(N);
    // the second side's values are the first's shifted by 0.5
    expect([...y.values.b].sort((p: number, q: number) => p - q).map((x: number) => x - 0.5)).toEqual([...y.values.a].sort((p: number, q: number) => p - q).map((x: number) => expect.closeTo(x, 12)));
    // a vector at the index of its largest KS statistic: index 0 (shift 0.5) over index 2 (shift 0.1 of x^2)
    expect(v.values.at).toBe(0);
    // the file's extension picks the format
    uqkit('compare', 'a', 'b', '--report', 'ab.json');
    expect(JSON.parse(readFileSync(join(root, 'ab.json'), 'utf8'))).toEqual(r);
  });

  it('the HTML figures: the KS gap drawn is the --json KS statistic, the table cells are its numbers', () => {
    const html = readFileSync(join(root, 'ab.html'), 'utf8');
    expect(html).toMatch(/<h1>shift-a \(a\) against shift-b \(b\)<\/h1>/);
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(['ecdf-compare', 'ecdf-compare', 'wasserstein-index', 'distances-index']);
    const ks = [...html.matchAll(/data-ks="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(ks).toEqual([table.qois[0]!.points[0]!.ks.statistic, table.qois[1]!.points[0]!.ks.statistic]);
    expect(html).toContain(`KS gap D = ${Number(ks[0]!.toPrecision(4))}`);
    const cells = [...html.matchAll(/<table class="stats distances" data-qoi="y">.*?<tbody><tr>(.*?)<\/tr>/g)][0]![1]!.match(/<td>([^<]*)<\/td>/g)!.map((c) => c.slice(4, -5));
    const p = table.qois[0]!.points[0]!;
    const f = (x: number): string => String(Number(x.toPrecision(4)));
    expect(cells).toEqual([String(N), String(N), f(p.mean[0]), f(p.mean[1]), f(p.std[0]), f(p.std[1]), '0.5', '0.5', f(p.ks.statistic), p.ks.pValue.toExponential(2), f(p.hellinger), f(p.jensenShannon), f(p.compatibility)]);
    expect(html).not.toMatch(/still running/);
  });

  it('--format md: the sides and a table per quantity, no charts', () => {
    const md = uqkit('compare', 'a', 'b', '--report', '-', '--format', 'md');
    const p = table.qois[0]!.points[0]!;
    expect(md.split('\n')[0]).toBe('# shift-a (a) against shift-b (b)');
    expect(md).toContain(`A = shift-a (a) (${N} runs done of ${N}); B = shift-b (b) (${N} runs done of ${N}).`);
    expect(md).toContain(`| ${N} | ${N} | ${Number(p.mean[0].toPrecision(4))} | ${Number(p.mean[1].toPrecision(4))} |`);
    expect(md.match(/^\| 1 \| .*$/m)![0]).toContain('| 0 | 0 | 0 | 1 | 0 | 0 | 0 |'); // the point of v where both sides agree
    expect(md).not.toMatch(/<svg/);
  });

  it('a campaign against measurements: the title names the file', () => {
    const html = readFileSync(join(root, 'data.html'), 'utf8');
    expect(html).toContain('<h1>shift-a (a) against measurements measured.csv</h1>');
    expect([...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(['ecdf-compare']);
    const d = JSON.parse(uqkit('compare', 'a', '--data', 'measured.csv', '--json')).qois[0].points[0];
    expect(Number(/data-ks="([^"]+)"/.exec(html)![1])).toBe(d.ks.statistic);
    // the compatibility measure from both sides' moments: variance (n - 1), skewness g1 = m3 / m2^1.5
    const r = JSON.parse(uqkit('compare', 'a', '--data', 'measured.csv', '--report', '-', '--format', 'json')).qois[0];
    const moments = (x: number[]): { m: number; v: number; g: number } => {
      const m = x.reduce((s, t) => s + t, 0) / x.length;
      const c = (k: number): number => x.reduce((s, t) => s + (t - m) ** k, 0) / x.length;
      return { m, v: (c(2) * x.length) / (x.length - 1), g: c(3) / c(2) ** 1.5 };
    };
    const [p, q] = [moments(r.values.a), moments(r.values.b)];
    expect(Math.abs(p.g)).toBeGreaterThan(1e-3); // the sample of A is skewed, the evenly spread measurements are not
    expect(Math.abs(q.g)).toBeLessThan(1e-9);
    const dm2 = (p.m - q.m) ** 2, s = 2 * (p.v + q.v);
    expect(d.compatibility).toBeCloseTo(0.5 * (dm2 / (s + dm2)) + 0.5 * ((p.g - q.g) ** 2 / (s + dm2 + (Math.abs(p.g) + Math.abs(q.g)) ** 2)), 12);
    expect(r.values.b).toHaveLength(50);
  });

  it('mistakes give one line and exit 1', () => {
    for (const [args, message] of [
      [['a', 'b', '--format', 'md'], '--format is the format of the report: give --report FILE too'],
      [['a', 'b', '--report', 'x.html', '--format', 'pdf'], '--format: expected html, md or json, got "pdf"'],
      [['a', 'b', '--report', 'x.html', '--json'], '--report writes the report; --json is for the table: give one of them'],
    ] as const) {
      const r = spawnSync(process.execPath, [MAIN, 'compare', ...args], { cwd: root, encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toEqual([`uqkit compare: ${message}`]);
    }
  });
});

/** Opens a report at a width, keeps a full-page screenshot, returns the page. */
function open(file: string, width: number): Promise<Page> {
  return openReport(browser, join(root, file), width, join(ARTIFACTS, `${file.replace(/\.html$/, '')}-${width}.png`));
}

describe.each(['ab.html', 'data.html'])('the comparison report %s in Chromium', (file) => {
  let charts: ChartFinding[];
  let page: Page;
  beforeAll(async () => {
    page = await open(file, 1000);
    charts = await inspectCharts(page);
  }, 60_000);
  afterAll(async () => { await page?.close(); });

  it('every chart has a title, both axis labels, marks, and a legend for its several series', () => {
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) {
      expect(c.title, c.kind).not.toBe('');
      expect(c.xLabel, `${c.title}: x label`).not.toBe('');
      expect(c.yLabel, `${c.title}: y label`).not.toBe('');
      expect(c.marks, `${c.title}: marks`).toBeGreaterThan(0);
      expect(c.series, `${c.title}: series`).toBeGreaterThan(1);
      expect(c.legend, `${c.title}: legend`).toBe(true);
    }
  });

  it('the ECDF legend names both sides and the KS gap', async () => {
    const legend = await page.locator('figure[data-chart="ecdf-compare"]').first().locator('[class*="swatches"]').first().textContent();
    if (file === 'ab.html') expect(legend).toMatch(/A: shift-a \(a\).*B: shift-b \(b\).*KS gap D = /);
    else expect(legend).toMatch(/A: shift-a \(a\).*B: measurements measured\.csv.*KS gap D = /);
  });

  it('every mark lies inside its plot area; numeric ticks step by 1, 2 or 5 x 10^k', () => {
    for (const c of charts) {
      expect(c.outside, c.title).toEqual([]);
      for (const { axis, labels } of c.ticks) {
        const v = tickValues(labels);
        expect(v, `${c.title}: ${axis} ticks ${labels.join(' ')}`).toBeDefined();
        expect(roundSteps(v!), `${c.title}: ${axis} ticks ${labels.join(' ')}`).toBe(true);
      }
    }
  });

  it('no sideways overflow at 390 px', async () => {
    const narrow = await open(file, 390);
    try {
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const c of await inspectCharts(narrow)) expect(c.outside, `at 390 px: ${c.title}`).toEqual([]);
    } finally {
      await narrow.close();
    }
  });
});

describe('a campaign still running', () => {
  it('the report notes it (done of total) and compares the runs done', async () => {
    // runs with x < 0.8 write their result at once; the others never end, so the campaign stays running
    writeFileSync(join(root, 'stall.mjs'), "import { readFileSync, writeFileSync } from 'node:fs';\nconst { x } = JSON.parse(readFileSync('params.json', 'utf8'));\nif (x < 0.8) writeFileSync('results.json', JSON.stringify({ y: x }));\nelse setTimeout(() => {}, 600000);\n");
    writeFileSync(join(root, 'stall.yaml'), [
      'name: stall', 'params:', '  x: { type: float, min: 0, max: 1, default: 0.5 }', 'vary:', '  x: { dist: uniform, low: 0, high: 1 }',
      'sampler: { kind: random, n: 40, seed: 3 }', 'runner: { kind: local, command: [node, ./stall.mjs] }', 'decoder: { kind: results }', '',
    ].join('\n'));
    const run = started(root, 'run', 'stall.yaml', '--dir', 'stall', '--quiet');
    try {
      const done = (): number => { try { return JSON.parse(uqkit('status', 'stall', '--json')).counts.done; } catch { return -1; } };
      let last = -1, same = 0;
      await until(() => { const d = done(); same = d > 0 && d === last ? same + 1 : 0; last = d; return same >= 5; }, 60_000);
      const d = done();
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThan(40);
      const md = uqkit('compare', 'a', 'stall', '--report', '-', '--format', 'md');
      expect(md).toContain(`> B (stall) is still running: ${d} of 40 runs done; the comparison uses the runs done so far.`);
      expect(md).not.toContain('> A ');
      uqkit('compare', 'a', 'stall', '--report', 'stall.html');
      expect(readFileSync(join(root, 'stall.html'), 'utf8')).toContain(`<p class="banner" role="status">B (stall) is still running: ${d} of 40 runs done`);
      const r = JSON.parse(uqkit('compare', 'a', 'stall', '--report', '-', '--format', 'json'));
      expect(r.qois[0].points[0].n).toEqual([N, d]);
      await (await open('stall.html', 1000)).close();
    } finally {
      run.child.kill('SIGINT');
      await run.done;
    }
  }, 120_000);
});
