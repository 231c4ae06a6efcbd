// Charts of Sobol' indices: first and total order per parameter with interval whiskers
// (scalar outputs), the share of the variance that first-order effects explain against
// interactions (1 - sum of first order, as EasyVVUQ's treemap), and second-order heatmaps.
import { type ChartContext, Plot, PALETTE, frame, sobolDomain } from './plot.js';

/** The indices of one parameter for {@link sobolBarsChart}; a missing or non-finite value draws no bar. */
export interface SobolBar {
  /** Parameter name. */
  readonly param: string;
  /** First-order index. */
  readonly first?: number;
  /** Total-order index. */
  readonly total?: number;
  /** Half-width of the interval of the first-order index. */
  readonly firstConf?: number;
  /** Half-width of the interval of the total-order index. */
  readonly totalConf?: number;
}

/** Titles of a chart: the title above it; axis labels where the chart has them. */
export interface ChartTitles {
  /** The title above the chart. */
  readonly title: string;
}

const KINDS = ['first order', 'total order'] as const;

/**
 * First- and total-order indices per parameter, side by side, with whiskers for their
 * intervals. The axis spans [0, 1], widened to take in estimates outside it down to -0.25 and
 * up to 1.25; what reaches further is clamped at the edge, and a whisker loses its cap at an
 * end that was clamped.
 */
export function sobolBarsChart(rows: readonly SobolBar[], ctx: ChartContext, t: ChartTitles): string {
  const bars: { param: string; kind: string; value: number; conf: number }[] = [];
  for (const r of rows) {
    for (const [kind, v, c] of [[KINDS[0], r.first, r.firstConf], [KINDS[1], r.total, r.totalConf]] as const) {
      if (v !== undefined && Number.isFinite(v)) bars.push({ param: r.param, kind, value: v, conf: c !== undefined && Number.isFinite(c) ? c : NaN });
    }
  }
  const [y0, y1] = sobolDomain(bars.map((b) => b.value));
  const clamp = (y: number): number => Math.min(y1, Math.max(y0, y));
  const outside = (y: number): boolean => y < y0 || y > y1;
  const whiskers = bars.filter((b) => Number.isFinite(b.conf)).map((b) => ({ ...b, lo: clamp(b.value - b.conf), hi: clamp(b.value + b.conf), loCut: outside(b.value - b.conf), hiCut: outside(b.value + b.conf) }));
  const caps = whiskers.flatMap((w) => [...(w.loCut ? [] : [{ ...w, at: w.lo }]), ...(w.hiCut ? [] : [{ ...w, at: w.hi }])]);
  const params = rows.map((r) => r.param);
  return frame(ctx, { kind: 'sobol-bars', title: t.title }, {
    width: Math.max(ctx.width ?? 640, 0),
    height: 280,
    fx: { domain: params, label: 'parameter', axis: 'bottom', padding: 0.2 },
    x: { domain: [...KINDS], axis: null, padding: 0.1 },
    y: { domain: [y0, y1], clamp: true, grid: true, label: "Sobol' index", labelArrow: 'none' },
    color: { domain: [...KINDS], range: [PALETTE[0]!, PALETTE[1]!], legend: true },
    marks: [
      Plot.barY(bars, { fx: 'param', x: 'kind', y1: () => Math.min(Math.max(0, y0), y1), y2: 'value', fill: 'kind', title: (d: { kind: string; param: string; value: number; conf: number }) => `${d.kind} S(${d.param}) = ${d.value.toPrecision(4)}${Number.isFinite(d.conf) ? ` ± ${d.conf.toPrecision(3)}` : ''}` }),
      Plot.ruleX(whiskers, { fx: 'param', x: 'kind', y1: 'lo', y2: 'hi', stroke: '#222', strokeWidth: 1.2 }),
      Plot.tickY(caps, { fx: 'param', x: 'kind', y: 'at', stroke: '#222', strokeWidth: 1.2, inset: 8 }),
      Plot.ruleY([Math.min(Math.max(0, y0), y1)], { stroke: '#888' }),
    ],
  });
}

/**
 * The variance of an output split into each parameter's first-order share and the rest,
 * 1 - sum of first-order indices (interactions), as one stacked bar (negative estimates count
 * as 0; a sum above 1 leaves no interaction share).
 */
export function interactionsChart(first: Readonly<Record<string, number>>, ctx: ChartContext, t: ChartTitles & { readonly output: string }): string {
  const parts = Object.entries(first).map(([part, v]) => ({ part, value: Number.isFinite(v) ? Math.max(0, v) : 0 }));
  const sum = parts.reduce((s, p) => s + p.value, 0);
  parts.push({ part: 'interactions', value: Math.max(0, 1 - sum) });
  const domain = parts.map((p) => p.part);
  return frame(ctx, { kind: 'interactions', title: t.title }, {
    height: 150,
    marginLeft: 80,
    x: { domain: [0, Math.max(1, sum)], label: 'share of the variance', labelArrow: 'none', grid: true },
    y: { domain: [t.output], label: 'output', labelArrow: 'none' },
    color: { domain, range: [...domain.slice(0, -1).map((_, i) => PALETTE[i % PALETTE.length]!), '#bab0ac'], legend: true },
    marks: [
      Plot.barX(parts, { x: 'value', y: () => t.output, fill: 'part', stroke: 'white', title: (d: { part: string; value: number }) => `${d.part}: ${d.value.toPrecision(3)}` }),
      Plot.text(parts.filter((p) => p.value >= 0.06), Plot.stackX({ x: 'value', y: () => t.output, text: (d: { part: string; value: number }) => `${d.part} ${d.value.toFixed(2)}`, fill: 'white' })),
    ],
  });
}

/**
 * The first-order shares and interactions over the index of a vector output, stacked: at each
 * x the areas add up to 1 (or to the sum of first-order indices where it exceeds 1). Points
 * where the indices are not finite (an output that does not vary there) are left out.
 */
export function interactionsOverIndexChart(xs: readonly number[], first: Readonly<Record<string, readonly number[]>>, ctx: ChartContext, t: ChartTitles & { readonly xLabel: string }): string {
  const names = Object.keys(first);
  const rows: { x: number; part: string; value: number }[] = [];
  let top = 1;
  xs.forEach((x, i) => {
    const v = names.map((p) => first[p]![i]!);
    if (!Number.isFinite(x) || !v.every(Number.isFinite)) return;
    const shares = v.map((s) => Math.max(0, s));
    const sum = shares.reduce((a, b) => a + b, 0);
    top = Math.max(top, sum);
    names.forEach((p, k) => rows.push({ x, part: p, value: shares[k]! }));
    rows.push({ x, part: 'interactions', value: Math.max(0, 1 - sum) });
  });
  const domain = [...names, 'interactions'];
  return frame(ctx, { kind: 'interactions-index', title: t.title }, {
    height: 260,
    x: { label: t.xLabel, labelArrow: 'none' },
    y: { domain: [0, top], label: 'share of the variance', labelArrow: 'none', grid: true },
    color: { domain, range: [...names.map((_, i) => PALETTE[i % PALETTE.length]!), '#bab0ac'], legend: true },
    marks: [Plot.areaY(rows, { x: 'x', y: 'value', fill: 'part', order: domain, fillOpacity: 0.85 })],
  });
}

/**
 * Second-order indices S_ij as a heatmap over pairs of parameters (upper triangle), each cell
 * labelled with its value. `pairs` is keyed "a,b" as the analysis writes them.
 */
export function secondOrderChart(pairs: Readonly<Record<string, number>>, params: readonly string[], ctx: ChartContext, t: ChartTitles): string {
  const cells = Object.entries(pairs).map(([k, v]) => { const [a, b] = k.split(','); return { a: a!, b: b!, value: v }; }).filter((c) => Number.isFinite(c.value));
  const side = Math.min(ctx.width ?? 640, 120 + 70 * params.length);
  return frame(ctx, { kind: 'second-order', title: t.title }, {
    width: side, height: Math.max(160, 60 + 50 * params.length),
    marginLeft: 80,
    x: { domain: params.slice(1), label: 'parameter j', labelArrow: 'none' },
    y: { domain: params.slice(0, -1), label: 'parameter i', labelArrow: 'none' },
    color: { type: 'linear', scheme: 'blues', domain: [Math.min(0, ...cells.map((c) => c.value)), Math.max(0.05, ...cells.map((c) => c.value))], label: 'S_ij' },
    marks: [
      Plot.cell(cells, { x: 'b', y: 'a', fill: 'value', inset: 1 }),
      Plot.text(cells, { x: 'b', y: 'a', text: (d: { value: number }) => d.value.toFixed(3), fill: (d: { value: number }) => (d.value > 0.6 * Math.max(...cells.map((c) => c.value)) ? 'white' : 'black') }),
    ],
  });
}
