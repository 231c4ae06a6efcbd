// Charts of values over an index or a number of runs: lines with shaded bands (mean ± std and
// percentile bands of a vector output, Sobol' indices over the index with their intervals),
// and the convergence of estimates as the runs grow, with intervals and ticks at its points.
import { type ChartContext, Plot, PALETTE, dataDomain, frame, sobolDomain, ticksAt } from './plot.js';

/** One line of {@link linesChart}: its values over the x values, and optionally a band (lo, hi) around it. */
export interface LineSeries {
  /** The name shown in the legend. */
  readonly name: string;
  /** One value per x (NaN or null: a gap). */
  readonly values: readonly (number | null)[];
  /** Lower edge of the band, one per x. */
  readonly lo?: readonly (number | null)[];
  /** Upper edge of the band, one per x. */
  readonly hi?: readonly (number | null)[];
}

/** One band of {@link bandsChart}: lower and upper edge over the x values. */
export interface Band {
  /** The name shown in the legend, e.g. "10–90th percentile". */
  readonly name: string;
  /** Lower edge, one per x. */
  readonly lo: readonly number[];
  /** Upper edge, one per x. */
  readonly hi: readonly number[];
}

/** Axis labels and the title of a chart with two continuous axes. */
export interface AxisTitles {
  /** The title above the chart. */
  readonly title: string;
  /** Label of the x axis. */
  readonly xLabel: string;
  /** Label of the y axis. */
  readonly yLabel: string;
}

const num = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/**
 * Lines over x, one per series, each with its band where given (an interval), coloured by
 * series with a legend. `sobol: true` puts the y axis on [0, 1] (widened to [-0.25, 1.25] at
 * most, values beyond clamped at the edge); otherwise it spans the values and bands.
 */
export function linesChart(xs: readonly number[], series: readonly LineSeries[], ctx: ChartContext, t: AxisTitles & { readonly sobol?: boolean; readonly kind?: string }): string {
  const rows = series.flatMap((s) => xs.map((x, i) => ({ x, name: s.name, y: num(s.values[i]), lo: num(s.lo?.[i]), hi: num(s.hi?.[i]) })));
  const all = rows.flatMap((r) => [r.y, r.lo, r.hi]);
  const [y0, y1] = t.sobol ? sobolDomain(rows.map((r) => r.y)) : dataDomain(all);
  const names = series.map((s) => s.name);
  const bands = rows.filter((r) => Number.isFinite(r.lo) && Number.isFinite(r.hi));
  return frame(ctx, { kind: t.kind ?? 'lines', title: t.title }, {
    height: 280,
    x: { label: t.xLabel, labelArrow: 'none' },
    y: { domain: [y0, y1], clamp: true, grid: true, nice: !t.sobol, label: t.yLabel, labelArrow: 'none' },
    color: { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]!), legend: names.length > 1 },
    marks: [
      ...(bands.length ? [Plot.areaY(rows, { x: 'x', y1: 'lo', y2: 'hi', fill: 'name', fillOpacity: 0.18, z: 'name' })] : []),
      Plot.lineY(rows, { x: 'x', y: 'y', stroke: 'name', z: 'name', strokeWidth: 1.8 }),
    ],
  });
}

/**
 * A centre line (e.g. the mean) with nested bands around it (e.g. the 10–90th percentiles and
 * mean ± std), lightest first; legend entries for the line and each band.
 */
export function bandsChart(xs: readonly number[], line: { readonly name: string; readonly values: readonly number[] }, bands: readonly Band[], ctx: ChartContext, t: AxisTitles): string {
  const names = [line.name, ...bands.map((b) => b.name)];
  const colors = ['#1f4e79', '#c6dbef', '#6baed6', '#9ecae1'];
  const rows = bands.flatMap((b) => xs.map((x, i) => ({ x, name: b.name, lo: b.lo[i]!, hi: b.hi[i]! })));
  const [y0, y1] = dataDomain([...line.values, ...rows.flatMap((r) => [r.lo, r.hi])]);
  return frame(ctx, { kind: 'bands', title: t.title }, {
    height: 280,
    x: { label: t.xLabel, labelArrow: 'none' },
    y: { domain: [y0, y1], nice: true, clamp: true, grid: true, label: t.yLabel, labelArrow: 'none' },
    color: { domain: names, range: names.map((_, i) => colors[i % colors.length]!), legend: true },
    marks: [
      ...bands.map((b) => Plot.areaY(rows.filter((r) => r.name === b.name && Number.isFinite(r.lo) && Number.isFinite(r.hi)), { x: 'x', y1: 'lo', y2: 'hi', fill: 'name', fillOpacity: 0.75 })),
      Plot.lineY(xs.map((x, i) => ({ x, y: line.values[i]!, name: line.name })), { x: 'x', y: 'y', stroke: 'name', strokeWidth: 2 }),
    ],
  });
}

/** One estimate of {@link convergenceChart}: the runs it used and the value per series, with interval half-widths where known. */
export interface ConvergencePoint {
  /** Runs the estimate used. */
  readonly runs: number;
  /** Estimate per series (parameter). */
  readonly values: Readonly<Record<string, number>>;
  /** Interval half-width per series. */
  readonly conf?: Readonly<Record<string, number>>;
}

/**
 * Estimates against the number of runs (log scale), one line per series with its interval
 * band and a dot per estimate; the x ticks are the runs of the estimates themselves.
 */
export function convergenceChart(points: readonly ConvergencePoint[], ctx: ChartContext, t: AxisTitles & { readonly sobol?: boolean }): string {
  const names = [...new Set(points.flatMap((p) => Object.keys(p.values)))];
  const rows = points.flatMap((p) => names.map((name) => {
    const y = num(p.values[name]), c = num(p.conf?.[name]);
    return { runs: p.runs, name, y, lo: y - c, hi: y + c };
  }));
  const [y0, y1] = t.sobol ? sobolDomain(rows.map((r) => r.y)) : dataDomain(rows.flatMap((r) => [r.y, r.lo, r.hi]));
  const inside = (y: number): boolean => Number.isFinite(y) && y >= y0 && y <= y1;
  const runs = ticksAt(points.map((p) => p.runs));
  return frame(ctx, { kind: 'convergence', title: t.title }, {
    height: 280,
    // (base 2: a log scale of base 10 leaves the labels of ticks such as 64 or 512 blank)
    x: { type: 'log', base: 2, domain: [runs[0]! / 1.15, runs.at(-1)! * 1.15], ticks: runs, tickFormat: (d: number) => d.toLocaleString('en-US'), label: t.xLabel, labelArrow: 'none' },
    y: { domain: [y0, y1], clamp: true, grid: true, nice: !t.sobol, label: t.yLabel, labelArrow: 'none' },
    color: { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]!), legend: names.length > 1 },
    marks: [
      Plot.areaY(rows.filter((r) => Number.isFinite(r.lo) && Number.isFinite(r.hi)), { x: 'runs', y1: 'lo', y2: 'hi', fill: 'name', z: 'name', fillOpacity: 0.15 }),
      Plot.ruleX(rows.filter((r) => Number.isFinite(r.lo) && Number.isFinite(r.hi)), { x: 'runs', y1: 'lo', y2: 'hi', stroke: 'name', strokeOpacity: 0.6 }),
      Plot.lineY(rows, { x: 'runs', y: 'y', stroke: 'name', z: 'name', strokeWidth: 1.6 }),
      Plot.dot(rows.filter((r) => inside(r.y)), { x: 'runs', y: 'y', fill: 'name', r: 3 }),
    ],
  });
}
