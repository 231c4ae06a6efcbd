// The report as Markdown: the same content as the HTML report in tables (no charts, no links
// to anything outside), for reading in a terminal, a pull request or a wiki.
import { formatNumber as fmt } from './charts/format.js';
import type { AnalysisReport, QoIAnalysis, Series } from './html.js';
import { gpRows, pendingRuns } from './tables.js';

/** Escapes the characters that Markdown tables and emphasis give meaning to. */
const md = (s: unknown): string => String(s).replace(/([\\|*_`[\]<>#])/g, '\\$1').replace(/\n/g, ' ');
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(row)].join('\n');
const at = (s: Series | undefined, i: number): number => (s === undefined ? NaN : typeof s === 'number' ? s : (s[i] ?? NaN));
const pm = (v: number, c: number | undefined): string => `${fmt(v)}${c !== undefined && Number.isFinite(c) ? ` ± ${fmt(c)}` : ''}`;

/** One output: its statistics, Sobol' indices (with intervals), second order, convergence, screening and distances, as tables. */
function qoi(name: string, q: QoIAnalysis): string {
  const out: string[] = [`## ${md(name)}`];
  const vector = Array.isArray(q.mean);
  const pk = Object.keys(q.percentiles ?? {});
  const params = [...new Set([...Object.keys(q.sobolFirst ?? {}), ...Object.keys(q.sobolTotal ?? {})])];
  if (vector) {
    const n = (q.mean as readonly number[]).length;
    const xs = q.index ?? Array.from({ length: n }, (_, i) => i);
    const cols: [string, Series | undefined][] = [['mean', q.mean], ['std', q.std], ...pk.map((p) => [`P${p}`, q.percentiles![p]] as [string, Series]),
      ...params.map((p) => [`S1 ${p}`, q.sobolFirst?.[p]] as [string, Series | undefined]), ...params.map((p) => [`ST ${p}`, q.sobolTotal?.[p]] as [string, Series | undefined])];
    out.push(`${n} values over ${md(q.indexName ?? 'the index')}.`, table([md(q.indexName ?? 'index'), ...cols.map(([k]) => md(k))], xs.map((x, i) => [fmt(x), ...cols.map(([, s]) => fmt(at(s, i)))])));
  } else {
    const rows: string[][] = [['mean', fmt(q.mean as number)], ['std', fmt(q.std as number)]];
    if (typeof q.variance === 'number') rows.push(['variance', fmt(q.variance)]);
    for (const p of pk) rows.push([`${p}th percentile`, fmt(at(q.percentiles![p], 0))]);
    out.push(table(['statistic', 'value'], rows));
    if (params.length) {
      out.push(`### Sobol' indices`, table(['parameter', 'first order', 'total order'], params.map((p) => [md(p), pm(at(q.sobolFirst?.[p], 0), q.sobolFirstConf?.[p]), pm(at(q.sobolTotal?.[p], 0), q.sobolTotalConf?.[p])])));
      const sum = params.reduce((s, p) => s + Math.max(0, at(q.sobolFirst?.[p], 0) || 0), 0);
      if (q.sobolFirst) out.push(`First-order effects explain ${fmt(Math.min(1, sum))} of the variance; interactions (1 − ΣS1) ${fmt(Math.max(0, 1 - sum))}.`);
    }
    const second = Object.entries(q.sobolSecond ?? {}).filter(([, v]) => typeof v === 'number');
    if (second.length) out.push(`### Second-order indices`, table(['pair', 'S_ij'], second.map(([k, v]) => [md(k.replace(',', ' × ')), fmt(v as number)])));
    const conv = q.convergence?.filter((e) => e.sobolFirst);
    if (conv && conv.length >= 2) {
      const ps = Object.keys(conv[0]!.sobolFirst!);
      out.push(`### Convergence of the first-order indices`, table(['runs', ...ps.map(md)], conv.map((e) => [String(e.runs), ...ps.map((p) => pm(e.sobolFirst![p] ?? NaN, e.sobolFirstConf?.[p]))])));
    }
    if (q.screening) {
      const s = q.screening, fields = Object.keys(s.indices);
      const ps = [...new Set(fields.flatMap((f) => Object.keys(s.indices[f] ?? {})))];
      out.push(`### Screening (${md(s.method)})`, table(['parameter', ...fields.map(md)], ps.map((p) => [md(p), ...fields.map((f) => fmt(s.indices[f]![p] ?? NaN))])));
    }
  }
  const gp = gpRows(q);
  if (gp.length) out.push(`### Gaussian process`, table(['fit', 'value'], gp.map(([k, v]) => [md(k), md(v)])));
  const d = Object.entries(q.distances ?? {});
  if (d.length) out.push(`### Validation distances`, table(['distance', 'value'], d.map(([k, v]) => [md(k), typeof v === 'number' ? fmt(v) : `${fmt(v[0] ?? NaN)} … ${fmt(v.at(-1) ?? NaN)}`])));
  return out.join('\n\n');
}

/** The report as one Markdown document: title, method, progress, runs by state, then each output's tables. */
export function renderReportMarkdown(r: AnalysisReport): string {
  const out: string[] = [`# ${md(r.campaign)}`];
  if (r.method) out.push(md(r.method));
  if (r.samplers) out.push(md(r.samplers));
  const pending = pendingRuns(r.runs);
  if (pending > 0) out.push(`> Campaign in progress: ${r.runs.done} of ${r.runs.total} runs done (${pending} to do); this report shows the runs done so far.`);
  out.push(table(['runs', 'count'], Object.entries(r.runs).filter(([k, v]) => k === 'total' || v > 0).map(([k, v]) => [md(k), String(v)])));
  for (const [name, q] of Object.entries(r.analysis)) out.push(qoi(name, q));
  const na = Object.entries(r.notAnalysed ?? {});
  if (na.length) out.push('## Not analysed', na.map(([k, why]) => `- **${md(k)}**: ${md(why)}`).join('\n'));
  return out.join('\n\n') + '\n';
}
