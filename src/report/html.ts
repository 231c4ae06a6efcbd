// The campaign report: one self-contained HTML file with inline SVG charts and CSS,
// no scripts and nothing fetched: run status, Sobol' indices with confidence intervals, mean ±
// std bands and percentiles over the index of vector outputs, and the convergence of estimates.
// Input: the analysis in the shape `uqkit analyse --json` prints (AnalysisReport).
//
// Every mark lies inside its plot area. Charts of Sobol' indices span [0, 1], widened to take in
// estimates outside it (which sampling noise gives) but not beyond [-0.25, 1.25]; what reaches
// past the axes (an interval of 0.30 ± 0.54, a noisy estimate) is clipped at them: a whisker
// loses its cap at the clipped end, lines and bands are cut where they cross the edge.

import { mcmcSection } from './mcmc-section.js';

/** A number for scalar outputs, an array over the output's index for vector outputs. */
export type Series = number | readonly number[];

/**
 * The analysis of one output for {@link renderReport}: mean, standard deviation, Sobol' indices and their intervals, percentiles.
 */
export interface QoIAnalysis {
  /** The mean (a number, or one per value of a vector output). */
  readonly mean: Series;
  /** The standard deviation. */
  readonly std: Series;
  /** The variance. */
  readonly variance?: Series;
  /** First-order Sobol' index by parameter name. */
  readonly sobolFirst?: Readonly<Record<string, Series>>;
  /** Total-order Sobol' index by parameter name. */
  readonly sobolTotal?: Readonly<Record<string, Series>>;
  /** Half-widths of the confidence intervals of the indices (scalar outputs). */
  readonly sobolFirstConf?: Readonly<Record<string, number>>;
  /** As `sobolFirstConf`, for the total-order indices. */
  readonly sobolTotalConf?: Readonly<Record<string, number>>;
  /** e.g. { "10": ..., "50": ..., "90": ... }. */
  readonly percentiles?: Readonly<Record<string, Series>>;
  /** Estimates as the number of runs grows (scalar outputs): first-order index per parameter. */
  readonly convergence?: readonly { readonly runs: number; readonly sobolFirst?: Readonly<Record<string, number>>; readonly mean?: number }[];
  /** The x values of a vector output (default 0, 1, 2, ...). */
  readonly index?: readonly number[];
  /** What the x values are, for the axis (default "index"). */
  readonly indexName?: string;
  /** Screening indices of a scalar output (Morris, fractional factorial, DGSM, HDMR, Shapley; eFAST, RBD-FAST, delta, PAWN), shown as a table. */
  readonly screening?: ScreeningIndices;
}

/**
 * Screening indices under SALib's names: `indices[field][name]`, e.g. `indices.mu_star.x1`
 * (Morris: mu, mu_star, sigma, mu_star_conf; ff: ME; dgsm: vi, vi_std, dgsm, dgsm_conf; hdmr:
 * Sa, Sa_conf, Sb, Sb_conf, S, S_conf, select per term, inputs then pairs a/b, ST and ST_conf per input;
 * fast: S1, ST, S1_conf, ST_conf; rbd_fast: S1, S1_conf; delta: delta, delta_conf, S1, S1_conf;
 * pawn: minimum, mean, median, maximum, CV, stdev).
 * NaN values (e.g. the conf of an unbootstrapped index) are written as null in JSON.
 */
export interface ScreeningIndices {
  /** The analysis: `'morris'`, `'ff'`, `'dgsm'`, `'shapley'`, `'hdmr'`, `'fast'`, `'rbd_fast'`, `'delta'` or `'pawn'`. */
  readonly method: string;
  /** Index name -> parameter (or ff dummy) name -> value. */
  readonly indices: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** What {@link renderReport} shows: the campaign, run counts, and the analysis of each output. */
export interface AnalysisReport {
  /** The campaign's name (the report's title). */
  readonly campaign: string;
  /** Runs by state: total, done, failed (and any other state). */
  readonly runs: { readonly total: number; readonly done: number; readonly failed: number; readonly [state: string]: number };
  /** The analysis of each output, by name. */
  readonly analysis: Readonly<Record<string, QoIAnalysis>>;
  /** How the analysis was made, shown under the title (e.g. "PCE, degree 3, 64 runs"). */
  readonly method?: string;
  /** Whose runs were analysed, in words (e.g. "runs of sampler 2 (qmc) (of 2)"), shown under the method. */
  readonly samplers?: string;
  /** Outputs left out of the analysis (text, nested objects, matrices), by name, with what they are. */
  readonly notAnalysed?: Readonly<Record<string, string>>;
}

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number): string => (!Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toPrecision(4)).toString());
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** "Nice" ticks covering [lo, hi]. */
function ticks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

interface Frame { readonly w: number; readonly h: number; readonly x0: number; readonly x1: number; readonly y0: number; readonly y1: number }
const M = { left: 56, right: 16, top: 12, bottom: 36 };
const sx = (f: Frame, x: number): number => M.left + ((x - f.x0) / (f.x1 - f.x0 || 1)) * (f.w - M.left - M.right);
const sy = (f: Frame, y: number): number => f.h - M.bottom - ((y - f.y0) / (f.y1 - f.y0 || 1)) * (f.h - M.top - M.bottom);
/** y clamped to the frame's range. */
const clampY = (f: Frame, y: number): number => Math.min(f.y1, Math.max(f.y0, y));

/** Widest range of an axis of Sobol' indices (estimates beyond it are clipped). */
const SOBOL_RANGE = [-0.25, 1.25] as const;
/** The y range of a chart of Sobol' indices: [0, 1] widened to the finite `values`, within SOBOL_RANGE. */
function sobolRange(values: readonly number[]): [number, number] {
  const v = values.filter(Number.isFinite);
  return [Math.max(SOBOL_RANGE[0], Math.min(0, ...v)), Math.min(SOBOL_RANGE[1], Math.max(1, ...v))];
}

/** The y range of the finite `values`, padded when they are all equal (or none): never empty, never infinite. */
function dataRange(values: readonly number[]): [number, number] {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return [0, 1];
  const lo = Math.min(...v), hi = Math.max(...v);
  if (hi > lo) return [lo, hi];
  const pad = Math.abs(lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

function axes(f: Frame, xLabel: string, yLabel: string, xTicks = true): string {
  const ys = ticks(f.y0, f.y1).map((t) => `<line x1="${M.left}" x2="${f.w - M.right}" y1="${sy(f, t)}" y2="${sy(f, t)}" class="grid"/><text x="${M.left - 6}" y="${sy(f, t) + 4}" text-anchor="end">${fmt(t)}</text>`).join('');
  const xs = xTicks ? ticks(f.x0, f.x1).map((t) => `<text x="${sx(f, t)}" y="${f.h - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`).join('') : '';
  return `${ys}${xs}<line x1="${M.left}" x2="${f.w - M.right}" y1="${f.h - M.bottom}" y2="${f.h - M.bottom}" class="axis"/>` +
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${f.h - M.bottom}" class="axis"/>` +
    `<text x="${(M.left + f.w - M.right) / 2}" y="${f.h - 4}" text-anchor="middle" class="label">${esc(xLabel)}</text>` +
    `<text transform="translate(12 ${(M.top + f.h - M.bottom) / 2}) rotate(-90)" text-anchor="middle" class="label">${esc(yLabel)}</text>`;
}

/** Grouped bars of first and total indices per parameter, with confidence whiskers. */
function sobolBars(q: QoIAnalysis, title: string): string {
  const params = Object.keys(q.sobolTotal ?? q.sobolFirst ?? {});
  if (params.length === 0) return '';
  const val = (m: Readonly<Record<string, Series>> | undefined, p: string): number | undefined => (m && typeof m[p] === 'number' && Number.isFinite(m[p]) ? (m[p] as number) : undefined);
  const [y0, y1] = sobolRange(params.flatMap((p) => [val(q.sobolFirst, p) ?? 0, val(q.sobolTotal, p) ?? 0]));
  const f: Frame = { w: Math.max(360, 90 * params.length + 80), h: 260, x0: 0, x1: params.length, y0, y1 };
  const bw = (sx(f, 1) - sx(f, 0)) * 0.32;
  const bars = params.map((p, i) => [['first', q.sobolFirst, q.sobolFirstConf, 0], ['total', q.sobolTotal, q.sobolTotalConf, 1]].map(([kind, m, conf, k]) => {
    const v = val(m as Readonly<Record<string, Series>> | undefined, p);
    if (v === undefined) return '';
    const x = sx(f, i + 0.5) - bw + (k as number) * bw;
    const y = sy(f, clampY(f, Math.max(v, 0))), yBase = sy(f, clampY(f, Math.min(v, 0)));
    const c = (conf as Readonly<Record<string, number>> | undefined)?.[p];
    let whisker = '';
    if (c !== undefined && Number.isFinite(c)) {
      // The interval within the axes; a cap only at an end that is not clipped.
      const lo = clampY(f, v - c), hi = clampY(f, v + c);
      const of = `data-param="${esc(p)}" data-kind="${kind}"`;
      const cap = (at: number) => `<line class="ci cap" ${of} x1="${x + bw * 0.3}" x2="${x + bw * 0.7}" y1="${sy(f, at)}" y2="${sy(f, at)}"/>`;
      whisker = `<line class="ci" ${of} x1="${x + bw / 2}" x2="${x + bw / 2}" y1="${sy(f, lo)}" y2="${sy(f, hi)}"/>` + (hi === v + c ? cap(hi) : '') + (lo === v - c ? cap(lo) : '');
    }
    return `<rect class="bar ${kind}" data-param="${esc(p)}" data-value="${v}" x="${x}" y="${y}" width="${bw}" height="${Math.max(0.5, yBase - y)}"><title>${esc(`${kind}-order S(${p}) = ${fmt(v)}${c === undefined ? '' : ` ± ${fmt(c)}`}`)}</title></rect>${whisker}`;
  }).join('') + `<text x="${sx(f, i + 0.5)}" y="${f.h - M.bottom + 16}" text-anchor="middle">${esc(p)}</text>`).join('');
  const legend = `<rect x="${f.w - 150}" y="${M.top}" width="10" height="10" class="legend bar first"/><text x="${f.w - 136}" y="${M.top + 9}">first order</text><rect x="${f.w - 76}" y="${M.top}" width="10" height="10" class="legend bar total"/><text x="${f.w - 62}" y="${M.top + 9}">total</text>`;
  return figure(title, `<svg class="chart sobol" viewBox="0 0 ${f.w} ${f.h}" width="${f.w}" height="${f.h}">${axes(f, 'parameter', "Sobol' index", false)}${bars}${legend}</svg>`);
}

const pt = (f: Frame, x: number, y: number): string => `${sx(f, x).toFixed(2)},${sy(f, y).toFixed(2)}`;

/**
 * A line through the points, cut where it leaves the frame's y range (each segment clipped to
 * it); a non-finite value (e.g. the NaN index of an output that does not vary there) breaks it.
 */
function path(f: Frame, xs: readonly number[], ys: readonly number[]): string {
  let d = '';
  let pen = false; // the last point written ends the previous segment
  const ok = (i: number) => Number.isFinite(xs[i]!) && Number.isFinite(ys[i]!);
  for (let i = 0; i < xs.length; i++) {
    if (!ok(i)) { pen = false; continue; }
    const x = xs[i]!, y = ys[i]!;
    if (i === 0 || !ok(i - 1)) {
      // a segment starts here; a lone point inside is a move, as before
      if (y >= f.y0 && y <= f.y1 && (i + 1 >= xs.length || !ok(i + 1))) d += `M${pt(f, x, y)}`;
      continue;
    }
    const xa = xs[i - 1]!, ya = ys[i - 1]!;
    // the part of the segment with y in [y0, y1]: parameters t0..t1 of a + t (b - a)
    let t0 = 0, t1 = 1;
    const dy = y - ya;
    if (dy === 0) {
      if (ya < f.y0 || ya > f.y1) { pen = false; continue; }
    } else {
      const ta = (f.y0 - ya) / dy, tb = (f.y1 - ya) / dy;
      t0 = Math.max(0, Math.min(ta, tb));
      t1 = Math.min(1, Math.max(ta, tb));
      if (t0 > t1) { pen = false; continue; }
    }
    const at = (t: number): [number, number] => [xa + t * (x - xa), t === 0 ? ya : t === 1 ? y : clampY(f, ya + t * dy)];
    if (!pen || t0 > 0) d += `M${pt(f, ...at(t0))}`;
    d += `L${pt(f, ...at(t1))}`;
    pen = t1 === 1;
  }
  return d;
}

/** The polygon `pts` cut to y0 <= y <= y1 (Sutherland–Hodgman against the two horizontal edges). */
function clipPolygon(pts: readonly (readonly [number, number])[], y0: number, y1: number): [number, number][] {
  const cut = (list: readonly (readonly [number, number])[], inside: (y: number) => boolean, edge: number): [number, number][] => {
    const out: [number, number][] = [];
    list.forEach((b, i) => {
      const a = list[(i + list.length - 1) % list.length]!;
      const cross = (): [number, number] => [a[0] + ((b[0] - a[0]) * (edge - a[1])) / (b[1] - a[1]), edge];
      if (inside(b[1])) {
        if (!inside(a[1])) out.push(cross());
        out.push([b[0], b[1]]);
      } else if (inside(a[1])) out.push(cross());
    });
    return out;
  };
  return cut(cut(pts, (y) => y >= y0, y0), (y) => y <= y1, y1);
}

/** The area between lo and hi, over the points where both are finite, cut to the frame's y range. */
function band(f: Frame, xs: readonly number[], lo: readonly number[], hi: readonly number[]): string {
  const keep = xs.map((_, i) => i).filter((i) => Number.isFinite(xs[i]!) && Number.isFinite(lo[i]!) && Number.isFinite(hi[i]!));
  if (keep.length === 0) return '';
  const ring = [...keep.map((i) => [xs[i]!, hi[i]!] as const), ...[...keep].reverse().map((i) => [xs[i]!, lo[i]!] as const)];
  const cut = clipPolygon(ring, f.y0, f.y1);
  if (cut.length === 0) return '';
  return cut.map(([x, y], k) => `${k ? 'L' : 'M'}${pt(f, x, y)}`).join('') + 'Z';
}

/** Mean ± std band and percentile band over the index of a vector output. */
function vectorStats(name: string, q: QoIAnalysis): string {
  const mean = q.mean as readonly number[], std = q.std as readonly number[];
  const xs = q.index ?? mean.map((_, i) => i);
  const lo = mean.map((m, i) => m - std[i]!), hi = mean.map((m, i) => m + std[i]!);
  const pk = Object.keys(q.percentiles ?? {}).map(Number).sort((a, b) => a - b);
  const pLo = pk.length >= 2 ? (q.percentiles![String(pk[0])] as readonly number[]) : undefined;
  const pHi = pk.length >= 2 ? (q.percentiles![String(pk.at(-1))] as readonly number[]) : undefined;
  const [y0, y1] = dataRange([...lo, ...hi, ...(pLo ?? []), ...(pHi ?? []), ...mean]);
  const f: Frame = { w: 640, h: 280, x0: Math.min(...xs), x1: Math.max(...xs), y0, y1 };
  const pct = pLo && pHi ? `<path class="band pct" d="${band(f, xs, pLo, pHi)}"><title>${esc(`${pk[0]}th to ${pk.at(-1)}th percentile`)}</title></path>` : '';
  const svg = `<svg class="chart band-chart" viewBox="0 0 ${f.w} ${f.h}" width="${f.w}" height="${f.h}">${axes(f, q.indexName ?? 'index', name)}${pct}` +
    `<path class="band std" d="${band(f, xs, lo, hi)}"><title>mean ± std</title></path><path class="line mean" d="${path(f, xs, mean)}"/></svg>`;
  return figure(`${name}: mean ± std${pct ? `, ${pk[0]}–${pk.at(-1)}th percentiles` : ''}`, svg);
}

/** First-order indices over the index of a vector output, one line per parameter. */
function vectorSobol(name: string, q: QoIAnalysis): string {
  const s = q.sobolFirst;
  if (!s) return '';
  const params = Object.keys(s).filter((p) => Array.isArray(s[p]));
  if (params.length === 0) return '';
  const n = (s[params[0]!] as readonly number[]).length;
  const xs = q.index ?? Array.from({ length: n }, (_, i) => i);
  const [y0, y1] = sobolRange(params.flatMap((p) => s[p] as readonly number[]));
  const f: Frame = { w: 640, h: 260, x0: Math.min(...xs), x1: Math.max(...xs), y0, y1 };
  const lines = params.map((p, k) => `<path class="line sobol-line" data-param="${esc(p)}" stroke="${PALETTE[k % PALETTE.length]}" d="${path(f, xs, s[p] as readonly number[])}"/>` +
    `<text x="${f.w - M.right - 4}" y="${M.top + 14 * (k + 1)}" text-anchor="end" fill="${PALETTE[k % PALETTE.length]}">${esc(p)}</text>`).join('');
  return figure(`${name}: first-order Sobol' indices over ${q.indexName ?? 'the index'}`, `<svg class="chart sobol-vector" viewBox="0 0 ${f.w} ${f.h}" width="${f.w}" height="${f.h}">${axes(f, q.indexName ?? 'index', "Sobol' index")}${lines}</svg>`);
}

/** Estimates against the number of runs (log scale in runs). */
function convergence(name: string, q: QoIAnalysis): string {
  const c = q.convergence;
  if (!c || c.length < 2 || !c[0]!.sobolFirst) return '';
  const params = Object.keys(c[0]!.sobolFirst);
  const xs = c.map((e) => Math.log2(e.runs));
  const [y0, y1] = sobolRange(c.flatMap((e) => params.map((p) => e.sobolFirst?.[p] ?? NaN)));
  const f: Frame = { w: 640, h: 260, x0: Math.min(...xs), x1: Math.max(...xs), y0, y1 };
  // (a point outside the axes or not finite gets no dot; its line is cut at the edge)
  const dot = (x: number, v: number | undefined, color: string): string =>
    v === undefined || !Number.isFinite(v) || v < f.y0 || v > f.y1 ? '' : `<circle cx="${sx(f, x)}" cy="${sy(f, v)}" r="2.5" fill="${color}"/>`;
  const lines = params.map((p, k) => `<path class="line conv-line" data-param="${esc(p)}" stroke="${PALETTE[k % PALETTE.length]}" d="${path(f, xs, c.map((e) => e.sobolFirst?.[p] ?? NaN))}"/>` +
    c.map((e, i) => dot(xs[i]!, e.sobolFirst?.[p], PALETTE[k % PALETTE.length]!)).join('') +
    `<text x="${f.w - M.right - 4}" y="${M.top + 14 * (k + 1)}" text-anchor="end" fill="${PALETTE[k % PALETTE.length]}">${esc(p)}</text>`).join('');
  return figure(`${name}: first-order indices as the runs grow`, `<svg class="chart convergence" viewBox="0 0 ${f.w} ${f.h}" width="${f.w}" height="${f.h}">${axes(f, 'log2(runs)', "Sobol' index")}${lines}</svg>`);
}

function figure(title: string, svg: string): string {
  return `<figure><figcaption>${esc(title)}</figcaption>${svg}</figure>`;
}

function statusBar(runs: AnalysisReport['runs']): string {
  const states = Object.entries(runs).filter(([k]) => k !== 'total') as [string, number][];
  const total = Math.max(1, runs.total);
  let x = 0;
  const segs = states.map(([k, v]) => {
    const w = (600 * v) / total;
    const r = `<rect class="status ${esc(k)}" x="${x}" y="0" width="${w}" height="18"><title>${esc(`${k}: ${v}`)}</title></rect>`;
    x += w;
    return r;
  }).join('');
  return `<svg class="chart status-bar" viewBox="0 0 600 18" width="600" height="18">${segs}</svg>` +
    `<p class="counts">${esc(runs.total)} runs: ${states.map(([k, v]) => `${esc(v)} ${esc(k)}`).join(', ')}</p>`;
}

function scalarTable(q: QoIAnalysis): string {
  const rows: [string, string][] = [['mean', fmt(q.mean as number)], ['std', fmt(q.std as number)]];
  if (typeof q.variance === 'number') rows.push(['variance', fmt(q.variance)]);
  for (const [p, v] of Object.entries(q.percentiles ?? {})) if (typeof v === 'number') rows.push([`${p}th percentile`, fmt(v)]);
  return `<table class="stats">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

/** A table of screening indices: one row per parameter, one column per index (SALib's names). */
function screeningTable(name: string, q: QoIAnalysis): string {
  const s = q.screening;
  if (!s) return '';
  const fields = Object.keys(s.indices);
  const params = Object.keys(s.indices[fields[0]!] ?? {});
  const title = { morris: 'Morris screening', ff: 'fractional factorial main effects', dgsm: 'DGSM', shapley: 'Shapley effects', hdmr: 'HDMR', fast: 'eFAST', rbd_fast: 'RBD-FAST', delta: "Borgonovo's delta", pawn: 'PAWN' }[s.method] ?? s.method;
  const head = `<tr><th>parameter</th>${fields.map((f) => `<th>${esc(f)}</th>`).join('')}</tr>`;
  const body = params.map((p) => `<tr data-param="${esc(p)}"><th>${esc(p)}</th>${fields.map((f) => `<td>${esc(fmt(s.indices[f]![p] ?? NaN))}</td>`).join('')}</tr>`).join('');
  return figure(`${name}: ${title}`, `<table class="stats screening" data-method="${esc(s.method)}">${head}${body}</table>`);
}

/** Outputs the analysis left out, with what they are. */
function notAnalysed(list: AnalysisReport['notAnalysed']): string {
  const entries = Object.entries(list ?? {});
  if (entries.length === 0) return '';
  return `\n<section class="not-analysed"><h2>Not analysed</h2><ul>${entries.map(([q, why]) => `<li data-qoi="${esc(q)}"><b>${esc(q)}</b>: ${esc(why)}</li>`).join('')}</ul></section>`;
}

/** The report as one HTML document. */
export function renderReport(r: AnalysisReport): string {
  const sections = Object.entries(r.analysis).map(([name, q]) => {
    const vector = Array.isArray(q.mean);
    const body = vector
      ? vectorStats(name, q) + vectorSobol(name, q)
      : scalarTable(q) + sobolBars(q, `${name}: Sobol' indices${q.sobolFirstConf || q.sobolTotalConf ? ' (95% intervals)' : ''}`) + convergence(name, q) + screeningTable(name, q);
    return `<section class="qoi" data-qoi="${esc(name)}"><h2>${esc(name)}${vector ? ` <small>(${(q.mean as readonly number[]).length} values)</small>` : ''}</h2>${body}</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.campaign)} — uqkit report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:900px;color:#222}
h1{font-size:22px;margin:0}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
small{color:#666;font-weight:normal}.method{color:#555;margin:4px 0 16px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:11px;fill:#333}.label{font-size:12px}
.grid{stroke:#eee}.axis{stroke:#888}.bar.first{fill:#1f77b4}.bar.total{fill:#ff7f0e}.ci{stroke:#222;stroke-width:1.2}
.band.std{fill:#1f77b4;opacity:.25}.band.pct{fill:#1f77b4;opacity:.12}.line{fill:none;stroke-width:1.8}.line.mean{stroke:#1f77b4}
.status.done{fill:#2ca02c}.status.failed{fill:#d62728}.status.running{fill:#1f77b4}.status.pending,.status.new{fill:#bbb}
table.stats{border-collapse:collapse}table.stats th{text-align:left;padding:2px 12px 2px 0;font-weight:500;color:#555}
</style></head><body>
<h1>${esc(r.campaign)}</h1>${r.method ? `<p class="method">${esc(r.method)}</p>` : ''}${r.samplers ? `<p class="method samplers">${esc(r.samplers)}</p>` : ''}
<section class="runs"><h2>Runs</h2>${statusBar(r.runs)}</section>
${sections}${mcmcSection(r)}${notAnalysed(r.notAnalysed)}
<footer><p><small>Written by uqkit; self-contained (inline SVG, no scripts, nothing fetched).</small></p></footer>
</body></html>
`;
}
