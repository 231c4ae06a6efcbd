// What every chart shares: Observable Plot, the frame of a chart (a titled <figure>), the plot
// area written on the <svg>, round ticks and the palette.
//
// Why Observable Plot with linkedom. Measured on this 2-core machine (Node 20, cold imports,
// three runs each; first chart = a two-bar chart rendered to an SVG string):
//   @observablehq/plot 0.6.17 + linkedom 0.18.15: import 114-213 ms + 99-127 ms, first chart
//     15-20 ms, installed 16 MB (Plot 1.9 MB, d3 3.8 MB, linkedom 3 MB), SVG 3.1 kB;
//   Plot + happy-dom 21: import of the DOM 273-327 ms, first chart 22-54 ms, happy-dom 20 MB;
//   vega 6 + vega-lite 6 (renderer 'none', View.toSVG): import 139-191 ms, first chart 40-46 ms,
//     installed 25 MB, SVG 5.8 kB for the same bars.
// Plot takes a `document` option, so one chart function serves Node (a linkedom document) and
// the browser (window.document); its marks (bars, rules, areas, cells, dots) and scales (round
// ticks, clamping, legends from the scale) are what the report draws, and its output is plain
// SVG with no script. Both are loaded only when a report is rendered (dynamic import), so
// `uqkit status` and `uqkit --help` do not pay for them.
//
// A chart function is pure: data and a document in, the markup of one <figure> out (title,
// legend, <svg>). It imports nothing from Node.
import * as Plot from '@observablehq/plot';
import { escapeHtml } from './format.js';

export { escapeHtml, formatNumber, finite, sobolDomain, dataDomain } from './format.js';

/** Where a chart is drawn: the document that creates its elements, and its width in pixels (default 640). */
export interface ChartContext {
  /** The document (`window.document` in a browser, a server-side DOM such as linkedom's in Node). */
  readonly document: Document;
  /** Width of the chart in CSS pixels. Default 640; the SVG scales down with its container. */
  readonly width?: number;
}

/** Ten distinguishable colours (Tableau 10), assigned to parameters in order. */
export const PALETTE: readonly string[] = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Margins of every chart, in pixels (room for tick labels and axis labels). */
export const MARGIN = { top: 24, right: 20, bottom: 44, left: 60 } as const;

const esc = escapeHtml;

/** Options of {@link frame}: the chart's kind (a class on the figure) and its title. */
export interface FrameOptions {
  /** Short name of the chart kind, e.g. 'sobol-bars' (class `chart-sobol-bars` and data-chart on the figure). */
  readonly kind: string;
  /** The title shown above the chart. */
  readonly title: string;
  /** Extra attributes of the figure (already escaped values are escaped again: pass plain text). */
  readonly attrs?: Readonly<Record<string, string>>;
}

/**
 * Renders Plot options into a titled figure: the plot area (inside the margins, in SVG user
 * units) is written on the <svg> as data-plot-area="left top right bottom", so that tests and
 * readers of the markup can check that every mark lies inside it.
 */
export function frame(ctx: ChartContext, opts: FrameOptions, plot: Plot.PlotOptions): string {
  const width = plot.width ?? ctx.width ?? 640;
  const height = plot.height ?? 260;
  const m = { top: plot.marginTop ?? MARGIN.top, right: plot.marginRight ?? MARGIN.right, bottom: plot.marginBottom ?? MARGIN.bottom, left: plot.marginLeft ?? MARGIN.left };
  const el = Plot.plot({
    marginTop: m.top, marginRight: m.right, marginBottom: m.bottom, marginLeft: m.left,
    style: { fontSize: '11px', overflow: 'visible' },
    ...plot,
    width, height, document: ctx.document,
  });
  // the chart's own <svg> (a figure from Plot also holds the legend's swatches, small svgs of their own)
  const svg = el.tagName.toLowerCase() === 'svg' ? el : Array.from(el.children).find((c) => c.tagName.toLowerCase() === 'svg');
  if (svg) {
    svg.setAttribute('data-plot-area', `${m.left} ${m.top} ${width - m.right} ${height - m.bottom}`);
    svg.setAttribute('class', `${svg.getAttribute('class') ?? ''} chart`.trim());
    // scale with the page: never wider than the container, height from the aspect ratio
    svg.setAttribute('style', `${svg.getAttribute('style') ?? ''};max-width:100%;height:auto`.replace(/^;/, ''));
  }
  const attrs = Object.entries(opts.attrs ?? {}).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  return `<figure class="chart-figure chart-${esc(opts.kind)}" data-chart="${esc(opts.kind)}"${attrs}><figcaption>${esc(opts.title)}</figcaption>${el.outerHTML}</figure>`;
}

/** Tick values at the given points (each labelled with its value), for axes whose points are few and meaningful (runs of a convergence study). */
export const ticksAt = (points: readonly number[]): number[] => [...new Set(points.filter(Number.isFinite))].sort((a, b) => a - b);

export { Plot };
