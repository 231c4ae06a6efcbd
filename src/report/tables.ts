// The report's tables and run status: the progress banner of a campaign still running, the
// bar of runs by state, summary tables of an output (every value of a vector output in a
// collapsible), screening indices and validation distances. HTML strings, no charts.
import { formatNumber as fmt } from './charts/format.js';
import type { AnalysisReport, QoIAnalysis, Series } from './html.js';

/** Escapes text for HTML. */
export const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Runs still to do: queued and running (a campaign with some is still running, or was stopped). */
export function pendingRuns(runs: AnalysisReport['runs']): number {
  return (runs.queued ?? 0) + (runs.running ?? 0) + (runs.new ?? 0) + (runs.encoded ?? 0);
}

/** The banner of a campaign with runs still to do: done of total, what is shown. */
export function progressBanner(runs: AnalysisReport['runs']): string {
  const pending = pendingRuns(runs);
  if (pending === 0) return '';
  return `<p class="banner" role="status">Campaign in progress: ${esc(runs.done)} of ${esc(runs.total)} runs done (${esc(pending)} to do); this report shows the runs done so far.</p>\n`;
}

/** A bar of the runs by state, and their counts in words. */
export function statusBar(runs: AnalysisReport['runs']): string {
  const states = Object.entries(runs).filter(([k, v]) => k !== 'total' && v > 0) as [string, number][];
  const total = Math.max(1, runs.total);
  let x = 0;
  const segs = states.map(([k, v]) => {
    const w = (600 * v) / total;
    const r = `<rect class="status ${esc(k)}" x="${x}" y="0" width="${w}" height="18"><title>${esc(`${k}: ${v}`)}</title></rect>`;
    x += w;
    return r;
  }).join('');
  return `<svg class="status-bar" viewBox="0 0 600 18" width="600" height="18" role="img" aria-label="runs by state">${segs}</svg>` +
    `<p class="counts">${esc(runs.total)} runs: ${states.map(([k, v]) => `${esc(v)} ${esc(k)}`).join(', ')}</p>`;
}

const at = (s: Series | undefined, i: number): number => (s === undefined ? NaN : typeof s === 'number' ? s : (s[i] ?? NaN));

/** The columns of a summary table: mean, std, percentiles, first- and total-order index per parameter. */
function columns(q: QoIAnalysis): [string, Series | undefined][] {
  const cols: [string, Series | undefined][] = [['mean', q.mean], ['std', q.std]];
  if (q.variance !== undefined && !Array.isArray(q.mean)) cols.push(['variance', q.variance]);
  for (const [p, v] of Object.entries(q.percentiles ?? {})) cols.push([`P${p}`, v]);
  for (const [p, v] of Object.entries(q.sobolFirst ?? {})) cols.push([`S1 ${p}`, v]);
  for (const [p, v] of Object.entries(q.sobolTotal ?? {})) cols.push([`ST ${p}`, v]);
  return cols;
}

/** Summary of a scalar output: one row per statistic (mean, std, variance, percentiles, indices with their intervals). */
export function scalarTable(q: QoIAnalysis): string {
  const conf = (k: string): number | undefined => (k.startsWith('S1 ') ? q.sobolFirstConf?.[k.slice(3)] : k.startsWith('ST ') ? q.sobolTotalConf?.[k.slice(3)] : undefined);
  const label = (k: string): string => (/^P\d/.test(k) ? `${k.slice(1)}th percentile` : k.startsWith('S1 ') ? `first-order S(${k.slice(3)})` : k.startsWith('ST ') ? `total-order S(${k.slice(3)})` : k);
  const rows = columns(q).map(([k, v]) => {
    const c = conf(k);
    return `<tr><th>${esc(label(k))}</th><td>${esc(fmt(at(v, 0)))}${c !== undefined && Number.isFinite(c) ? ` ± ${esc(fmt(c))}` : ''}</td></tr>`;
  });
  return `<table class="stats summary">${rows.join('')}</table>`;
}

/** Summary of a vector output: every index point as a row, in a collapsible (closed by default). */
export function vectorTable(q: QoIAnalysis): string {
  const n = (q.mean as readonly number[]).length;
  const xs = q.index ?? Array.from({ length: n }, (_, i) => i);
  const cols = columns(q);
  const head = `<tr><th>${esc(q.indexName ?? 'index')}</th>${cols.map(([k]) => `<th>${esc(k)}</th>`).join('')}</tr>`;
  const body = xs.map((x, i) => `<tr><th>${esc(fmt(x))}</th>${cols.map(([, s]) => `<td>${esc(fmt(at(s, i)))}</td>`).join('')}</tr>`).join('');
  return `<details class="summary"><summary>Table of all ${n} values (mean, std, percentiles${q.sobolFirst ? ", Sobol' indices" : ''})</summary><div class="scroll"><table class="stats summary">${head}${body}</table></div></details>`;
}

/** Screening indices as a table: a row per parameter, a column per index (SALib's names). */
export function screeningTable(q: QoIAnalysis): string {
  const s = q.screening;
  if (!s) return '';
  const fields = Object.keys(s.indices);
  const params = [...new Set(fields.flatMap((f) => Object.keys(s.indices[f] ?? {})))];
  const head = `<tr><th>parameter</th>${fields.map((f) => `<th>${esc(f)}</th>`).join('')}</tr>`;
  const body = params.map((p) => `<tr data-param="${esc(p)}"><th>${esc(p)}</th>${fields.map((f) => `<td>${esc(fmt(s.indices[f]![p] ?? NaN))}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table class="stats screening" data-method="${esc(s.method)}">${head}${body}</table></div>`;
}

/** The rows of a Gaussian process's table: leave-one-out error (of a vector output: its range over the values where it is finite), kernel, trend, length-scales, nugget, log likelihood (none without `gp`). */
export function gpRows(q: QoIAnalysis): [string, string][] {
  const g = q.gp;
  if (!g) return [];
  const loo = q.looError;
  const rows: [string, string][] = [];
  if (typeof loo === 'number') rows.push(['leave-one-out error', fmt(loo)]);
  else if (Array.isArray(loo) && loo.length) {
    const v = loo.map((x) => (x === null ? NaN : x)).filter(Number.isFinite);
    rows.push([`leave-one-out error (${loo.length} values)`, v.length ? `${fmt(Math.min(...v))} … ${fmt(Math.max(...v))}` : fmt(NaN)]);
  }
  rows.push(['kernel', g.kernel], ['trend', g.trend]);
  for (const [p, l] of Object.entries(g.lengthScales)) rows.push([`length-scale ${p}`, fmt(l)]);
  rows.push(['nugget', fmt(g.nugget)], ['log likelihood', fmt(g.logLikelihood)]);
  return rows;
}

/** A Gaussian process's fit as a table (method gp): the rows of {@link gpRows}. */
export function gpTable(q: QoIAnalysis): string {
  const rows = gpRows(q);
  if (rows.length === 0) return '';
  return `<table class="stats gp">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

/** Distances between the output's distribution and another's: one row per distance (a vector output: at each end of its index). */
export function distancesTable(q: QoIAnalysis): string {
  const d = Object.entries(q.distances ?? {});
  if (d.length === 0) return '';
  const rows = d.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${typeof v === 'number' ? esc(fmt(v)) : `${esc(fmt(v[0] ?? NaN))} … ${esc(fmt(v.at(-1) ?? NaN))}`}</td></tr>`).join('');
  return `<table class="stats distances">${rows}</table>`;
}
