// Charts of screening indices (Morris, fractional factorial, DGSM and any method whose
// indices come as a table `indices[field][parameter]`, SALib's layout): Morris' mu*-sigma
// plane, and one bar chart per index field, with whiskers from a `<field>_conf` field.
import { type ChartContext, Plot, PALETTE, frame, dataDomain } from './plot.js';

/** Screening indices: field -> parameter -> value (SALib's names, e.g. mu_star, sigma, ME, dgsm, S1). */
export type ScreeningTable = Readonly<Record<string, Readonly<Record<string, number | null>>>>;

const val = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/** The fields of a screening table that are indices, not intervals or spreads of another field (`x_conf`, `x_std`). */
export function indexFields(t: ScreeningTable): string[] {
  const fields = Object.keys(t);
  return fields.filter((f) => !/_(conf|std)$/.test(f) || !fields.includes(f.replace(/_(conf|std)$/, '')));
}

/** Morris' mu* (mean absolute elementary effect) against sigma (their spread), a dot per parameter labelled with its name, with whiskers of mu*'s interval. */
export function morrisChart(t: ScreeningTable, ctx: ChartContext, titles: { readonly title: string }): string {
  const params = Object.keys(t.mu_star ?? {});
  const pts = params.map((p) => ({ p, x: val(t.mu_star?.[p]), y: val(t.sigma?.[p]), c: val(t.mu_star_conf?.[p]) })).filter((d) => Number.isFinite(d.x) && Number.isFinite(d.y));
  const xMax = dataDomain([0, ...pts.map((d) => d.x + (Number.isFinite(d.c) ? d.c : 0))])[1];
  const yMax = dataDomain([0, ...pts.map((d) => d.y)])[1];
  const ci = pts.filter((d) => Number.isFinite(d.c)).map((d) => ({ ...d, lo: Math.max(0, d.x - d.c), hi: d.x + d.c }));
  return frame(ctx, { kind: 'morris', title: titles.title }, {
    height: 300,
    x: { domain: [0, xMax * 1.05], nice: true, grid: true, label: 'μ* (mean |elementary effect|)', labelArrow: 'none' },
    y: { domain: [0, yMax * 1.1], nice: true, grid: true, label: 'σ (spread of the effects)', labelArrow: 'none' },
    marks: [
      Plot.ruleY(ci, { y: 'y', x1: 'lo', x2: 'hi', stroke: PALETTE[0]!, strokeOpacity: 0.6 }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: PALETTE[0]!, r: 4 }),
      Plot.text(pts, { x: 'x', y: 'y', text: 'p', dy: -9, fill: '#222' }),
    ],
  });
}

/** One index field of a screening table as bars per parameter, with whiskers from `<field>_conf` when the table has it. */
export function screeningBarsChart(t: ScreeningTable, field: string, ctx: ChartContext, titles: { readonly title: string; readonly method: string }): string {
  const params = Object.keys(t[field] ?? {});
  const conf = t[`${field}_conf`];
  const bars = params.map((p) => ({ p, v: val(t[field]![p]), c: val(conf?.[p]) })).filter((b) => Number.isFinite(b.v));
  const [lo, hi] = dataDomain([0, ...bars.flatMap((b) => (Number.isFinite(b.c) ? [b.v - b.c, b.v + b.c] : [b.v]))]);
  const ci = bars.filter((b) => Number.isFinite(b.c)).map((b) => ({ ...b, lo: b.v - b.c, hi: b.v + b.c }));
  return frame(ctx, { kind: 'screening-bars', title: titles.title, attrs: { 'data-field': field, 'data-method': titles.method } }, {
    height: 260,
    x: { domain: params, label: 'parameter', labelArrow: 'none', padding: 0.3 },
    y: { domain: [lo, hi], nice: true, grid: true, label: field, labelArrow: 'none' },
    marks: [
      Plot.barY(bars, { x: 'p', y: 'v', fill: PALETTE[0]! }),
      Plot.ruleX(ci, { x: 'p', y1: 'lo', y2: 'hi', stroke: '#222', strokeWidth: 1.2 }),
      Plot.ruleY([0], { stroke: '#888' }),
    ],
  });
}
