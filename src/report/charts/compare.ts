// The charts of a comparison of two distributions (two campaigns, or a campaign and
// measurements): both empirical cumulative distributions on one axis with the
// Kolmogorov–Smirnov gap marked, and the distances of a vector quantity over its index.
import { type ChartContext, Plot, PALETTE, dataDomain, formatNumber, frame, ticksAt } from './plot.js';
import type { AxisTitles } from './series.js';

/** Where two empirical distribution functions are furthest apart: the Kolmogorov–Smirnov statistic D. */
export interface EcdfGap {
  /** The value where the gap is largest (the first such value). */
  readonly x: number;
  /** The first sample's ECDF there (the fraction of its values <= x). */
  readonly a: number;
  /** The second sample's ECDF there. */
  readonly b: number;
  /** |a - b|: the two-sample Kolmogorov–Smirnov statistic. */
  readonly statistic: number;
}

const sorted = (v: readonly number[]): number[] => v.filter(Number.isFinite).sort((p, q) => p - q);

/**
 * The largest gap between the empirical distribution functions of two samples (non-finite
 * values left out), taken at the values of either sample, where the step functions jump.
 * Undefined when a sample has no finite value.
 */
export function ecdfGap(a: readonly number[], b: readonly number[]): EcdfGap | undefined {
  const x = sorted(a), y = sorted(b);
  if (x.length === 0 || y.length === 0) return undefined;
  let i = 0, j = 0, best: EcdfGap | undefined;
  while (i < x.length || j < y.length) {
    const v = j >= y.length || (i < x.length && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    const fa = i / x.length, fb = j / y.length, d = Math.abs(fa - fb);
    if (best === undefined || d > best.statistic) best = { x: v, a: fa, b: fb, statistic: d };
  }
  return best;
}

/** The step points of an ECDF from `lo` to `hi`: 0 before the first value, 1 from the last. */
function steps(v: readonly number[], lo: number, hi: number, name: string): { x: number; y: number; name: string }[] {
  const s = sorted(v);
  const out = [{ x: lo, y: 0, name }];
  s.forEach((x, k) => {
    if (k + 1 < s.length && s[k + 1] === x) return; // ties: one step of their total height
    out.push({ x, y: (k + 1) / s.length, name });
  });
  out.push({ x: hi, y: 1, name });
  return out;
}

/**
 * Two samples' empirical cumulative distribution functions as step lines on one axis (a legend
 * naming both), the Kolmogorov–Smirnov gap D as a vertical segment between them where they
 * are furthest apart, with its value in the legend and the segment's tooltip.
 */
export function ecdfCompareChart(a: readonly number[], b: readonly number[], names: readonly [string, string], ctx: ChartContext, t: AxisTitles): string {
  const [x0, x1] = dataDomain([...a, ...b]);
  const pad = (x1 - x0) * 0.04;
  const lo = x0 - pad, hi = x1 + pad;
  const gap = ecdfGap(a, b);
  const gapName = gap ? `KS gap D = ${formatNumber(gap.statistic)}` : 'KS gap';
  const domain = [names[0], names[1], ...(gap ? [gapName] : [])];
  const gapRows = gap ? [{ x: gap.x, y1: gap.a, y2: gap.b, name: gapName, label: `D = ${gap.statistic} at ${formatNumber(gap.x)}: ${formatNumber(gap.a)} against ${formatNumber(gap.b)}` }] : [];
  return frame(ctx, { kind: 'ecdf-compare', title: t.title, attrs: gap ? { 'data-ks': String(gap.statistic), 'data-ks-at': String(gap.x) } : {} }, {
    height: 280,
    x: { domain: [lo, hi], label: t.xLabel, labelArrow: 'none' },
    y: { domain: [0, 1], grid: true, label: t.yLabel, labelArrow: 'none' },
    color: { domain, range: [PALETTE[0]!, PALETTE[1]!, '#222'], legend: true },
    marks: [
      Plot.line(steps(a, lo, hi, names[0]), { x: 'x', y: 'y', stroke: 'name', curve: 'step-after', strokeWidth: 1.8 }),
      Plot.line(steps(b, lo, hi, names[1]), { x: 'x', y: 'y', stroke: 'name', curve: 'step-after', strokeWidth: 1.8 }),
      Plot.ruleX(gapRows, { x: 'x', y1: 'y1', y2: 'y2', stroke: 'name', strokeWidth: 2.5, title: 'label' }),
      Plot.dot(gapRows.flatMap((g) => [{ x: g.x, y: g.y1, name: g.name }, { x: g.x, y: g.y2, name: g.name }]), { x: 'x', y: 'y', fill: 'name', r: 3 }),
    ],
  });
}

/** One point's distances for {@link distancesOverIndexCharts} (null: a side has no value there). */
export interface PointDistances {
  readonly wasserstein1: number;
  readonly wasserstein2: number;
  readonly ks: { readonly statistic: number; readonly pValue: number };
  readonly hellinger: number;
  readonly jensenShannon: number;
  readonly compatibility: number;
}

/** One line of {@link distancesOverIndexCharts}: a distance's values over the index, dashed where it may lie on another line. */
interface DistanceLine { readonly name: string; readonly values: readonly (number | null)[]; readonly dashed?: boolean }

/** Lines over the index, one per distance (dots on the points when they are few, dashes for lines drawn over others), a legend naming them. */
function distanceLines(xs: readonly number[], lines: readonly DistanceLine[], ctx: ChartContext, t: AxisTitles & { readonly kind: string; readonly unitInterval: boolean }): string {
  const rows = lines.flatMap((l) => xs.map((x, i) => ({ x, y: l.values[i] ?? NaN, name: l.name, dashed: l.dashed === true }))).filter((r) => Number.isFinite(r.y));
  const names = lines.map((l) => l.name);
  const [y0, y1] = t.unitInterval ? [0, 1] : dataDomain([0, ...rows.map((r) => r.y)]);
  const few = xs.length <= 20;
  return frame(ctx, { kind: t.kind, title: t.title }, {
    height: 260,
    x: { label: t.xLabel, labelArrow: 'none', ...(few ? { ticks: ticksAt(xs), tickFormat: (v: number) => String(v) } : {}) },
    y: { domain: [y0, y1], nice: !t.unitInterval, grid: true, label: t.yLabel, labelArrow: 'none' },
    color: { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]!), legend: true },
    marks: [
      Plot.lineY(rows.filter((r) => !r.dashed), { x: 'x', y: 'y', stroke: 'name', z: 'name', strokeWidth: 1.8 }),
      Plot.lineY(rows.filter((r) => r.dashed), { x: 'x', y: 'y', stroke: 'name', z: 'name', strokeWidth: 1.8, strokeDasharray: '5,4' }),
      ...(few ? [Plot.dot(rows, { x: 'x', y: 'y', fill: 'name', r: 2.5 })] : []),
    ],
  });
}

/**
 * The distances of a vector quantity over its index, in two charts by their units: the
 * Wasserstein distances (in the quantity's units; W2 dashed, as it equals W1 for shifted
 * samples), and the Kolmogorov–Smirnov statistic, the Hellinger and Jensen–Shannon distances
 * and the compatibility measure (all in [0, 1]). Null points (a side without values) are gaps.
 */
export function distancesOverIndexCharts(xs: readonly number[], points: readonly (PointDistances | null)[], ctx: ChartContext, t: { readonly qoi: string; readonly xLabel: string }): string {
  const col = (f: (p: PointDistances) => number): (number | null)[] => points.map((p) => (p === null ? null : f(p)));
  return distanceLines(xs, [{ name: 'W1', values: col((p) => p.wasserstein1) }, { name: 'W2', values: col((p) => p.wasserstein2), dashed: true }], ctx,
    { kind: 'wasserstein-index', unitInterval: false, title: `${t.qoi}: Wasserstein distances over ${t.xLabel}`, xLabel: t.xLabel, yLabel: `distance (units of ${t.qoi})` })
    + distanceLines(xs, [
      { name: 'KS D', values: col((p) => p.ks.statistic) }, { name: 'Hellinger', values: col((p) => p.hellinger) },
      { name: 'Jensen–Shannon', values: col((p) => p.jensenShannon) }, { name: 'compatibility', values: col((p) => p.compatibility) },
    ], ctx, { kind: 'distances-index', unitInterval: true, title: `${t.qoi}: KS, Hellinger, Jensen–Shannon, compatibility over ${t.xLabel}`, xLabel: t.xLabel, yLabel: 'distance (0 equal, 1 disjoint)' });
}
