// The distribution of an output: a histogram (as a density) with the mean and percentiles
// marked, and input-versus-output scatter plots of the runs.
import { type ChartContext, Plot, PALETTE, frame, formatNumber } from './plot.js';
import type { AxisTitles } from './series.js';

/** A histogram: equal-width bins from `lo` to `hi`, a density per bin (integrating to 1). */
export interface Histogram {
  /** Left edge of the first bin. */
  readonly lo: number;
  /** Right edge of the last bin. */
  readonly hi: number;
  /** The density in each bin. */
  readonly density: readonly number[];
  /** How many values it was made from (shown in the title). */
  readonly n?: number;
  /** What they were: 'runs' (the outputs of the runs) or 'surrogate' (the surrogate at sample points). */
  readonly source?: string;
}

/**
 * The histogram of an output as bars of density, a rule at the mean and dashed rules at the
 * percentiles (each in the legend).
 */
export function histogramChart(h: Histogram, marks: { readonly mean?: number; readonly percentiles?: Readonly<Record<string, number>> }, ctx: ChartContext, t: AxisTitles): string {
  const k = h.density.length, w = (h.hi - h.lo) / Math.max(1, k);
  const bins = h.density.map((d, i) => ({ x1: h.lo + i * w, x2: h.lo + (i + 1) * w, d, name: 'density' }));
  const rules = [
    ...(marks.mean !== undefined && Number.isFinite(marks.mean) ? [{ x: marks.mean, name: 'mean', label: `mean ${formatNumber(marks.mean)}` }] : []),
    ...Object.entries(marks.percentiles ?? {}).filter(([, v]) => Number.isFinite(v) && v >= h.lo && v <= h.hi).map(([p, v]) => ({ x: v, name: 'percentiles', label: `${p}th percentile ${formatNumber(v)}` })),
  ];
  const names = ['density', ...new Set(rules.map((r) => r.name))];
  return frame(ctx, { kind: 'histogram', title: t.title }, {
    height: 260,
    x: { domain: [h.lo, h.hi], label: t.xLabel, labelArrow: 'none' },
    y: { domain: [0, Math.max(...h.density, 0) * 1.05 || 1], grid: true, label: t.yLabel, labelArrow: 'none' },
    color: { domain: names, range: names.map((n) => (n === 'density' ? '#a0cbe8' : n === 'mean' ? '#e15759' : '#1f4e79')), legend: true },
    marks: [
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: 'd', fill: 'name', inset: 0.5 }),
      Plot.ruleX(rules.filter((r) => r.name === 'mean'), { x: 'x', stroke: 'name', strokeWidth: 1.8, title: 'label' }),
      Plot.ruleX(rules.filter((r) => r.name !== 'mean'), { x: 'x', stroke: 'name', strokeWidth: 1.4, strokeDasharray: '4,3', title: 'label' }),
    ],
  });
}

/** The runs for {@link scatterCharts}: each parameter's values and the output's, one per run. */
export interface ScatterData {
  /** Parameter name -> its value in each run. */
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  /** The output in each run (NaN: none). */
  readonly output: readonly number[];
  /** The runs there were before subsampling (shown in the title when larger). */
  readonly total?: number;
}

/** One small scatter plot per parameter: its value in each run against the output's. */
export function scatterCharts(data: ScatterData, ctx: ChartContext, t: { readonly output: string }): string {
  const width = Math.min(320, ctx.width ?? 320);
  return `<div class="small-multiples">${Object.entries(data.inputs).map(([p, xs], i) => {
    const pts = xs.map((x, k) => ({ x, y: data.output[k]! })).filter((d) => Number.isFinite(d.x) && Number.isFinite(d.y));
    return frame({ ...ctx, width }, { kind: 'scatter', title: `${t.output} against ${p}`, attrs: { 'data-param': p } }, {
      width, height: 240, marginLeft: 56,
      x: { label: p, labelArrow: 'none', nice: true },
      y: { label: t.output, labelArrow: 'none', nice: true, grid: true },
      // few runs: larger, solid dots; thousands: small translucent ones that show density
      marks: [Plot.dot(pts, { x: 'x', y: 'y', r: pts.length < 200 ? 3 : 1.6, fill: PALETTE[i % PALETTE.length]!, fillOpacity: pts.length < 200 ? 0.85 : 0.5 })],
    });
  }).join('')}</div>`;
}
