// The comparison report: two campaigns' quantities, or a campaign's against measurements, as
// one self-contained HTML page (or Markdown): per quantity both empirical distribution
// functions on one axis with the Kolmogorov–Smirnov gap marked, the distance table (W1, W2,
// KS D and p, Hellinger, Jensen–Shannon, compatibility), and for a vector quantity each
// distance over its index. The page shell (style, lazy loading of the charts) is the
// campaign report's (./html.ts).
import { formatNumber as fmt } from './charts/format.js';
import type { PointDistances } from './charts/compare.js';
import { CSS, load, serverDocument, type RenderOptions } from './html.js';
import { esc, pendingRuns } from './tables.js';

/** One side of a comparison: a campaign (with its run counts) or a file of measurements. */
export interface ComparedSide {
  /** How the side was named on the command line (a directory or a file). */
  readonly label: string;
  /** `'campaign'` or `'data'` (measurements). */
  readonly kind: 'campaign' | 'data';
  /** The campaign's name. */
  readonly name?: string;
  /** The campaign's runs by state (total, done, ...): a note says when some are still to do. */
  readonly runs?: { readonly total: number; readonly done: number; readonly [state: string]: number };
}

/** The distances of one point with both sides' sizes, means and standard deviations. */
export interface ComparedPoint extends PointDistances {
  readonly n: readonly [number, number];
  readonly mean: readonly [number, number];
  readonly std: readonly [number, number];
}

/** One quantity of a comparison: its distances (one point, or one per index) and the values the ECDF chart shows. */
export interface ComparedQuantity {
  readonly qoi: string;
  readonly vector: boolean;
  /** The distances per point (null: a side has no value there). */
  readonly points: readonly (ComparedPoint | null)[];
  /** The finite values of each side that the ECDF chart draws: of the quantity, or of a vector quantity at index `at`. */
  readonly values?: { readonly at: number | null; readonly a: readonly number[]; readonly b: readonly number[] };
}

/** What a comparison report shows: both sides and each quantity compared. */
export interface ComparisonReport {
  readonly a: ComparedSide;
  readonly b: ComparedSide;
  readonly qois: readonly ComparedQuantity[];
}

/** A side in words: the campaign's name and directory, or the measurements' file. */
export const sideName = (s: ComparedSide): string => (s.kind === 'campaign' ? (s.name && s.name !== s.label ? `${s.name} (${s.label})` : s.label) : s.label);

/** Notes on campaigns with runs still to do (new, queued or running): done of total, the comparison uses the runs done. */
function runningNotes(r: ComparisonReport): string[] {
  return (['a', 'b'] as const).flatMap((k) => {
    const s = r[k];
    if (!s.runs || pendingRuns({ failed: 0, ...s.runs }) === 0) return [];
    return [`${k.toUpperCase()} (${sideName(s)}) is still running: ${s.runs.done} of ${s.runs.total} runs done; the comparison uses the runs done so far.`];
  });
}

const HEAD = ['W1', 'W2', 'KS D', 'KS p', 'Hellinger', 'Jensen–Shannon', 'compatibility'] as const;
const cells = (p: ComparedPoint): string[] => [p.wasserstein1, p.wasserstein2, p.ks.statistic, p.ks.pValue, p.hellinger, p.jensenShannon, p.compatibility].map(fmt);
const sides = (p: ComparedPoint): string[] => [String(p.n[0]), String(p.n[1]), fmt(p.mean[0]), fmt(p.mean[1]), fmt(p.std[0]), fmt(p.std[1])];
const SIDES = ['n A', 'n B', 'mean A', 'mean B', 'std A', 'std B'] as const;

/** The distance table of a quantity: one row, or one per index of a vector. */
function tableHtml(q: ComparedQuantity): string {
  const head = [...(q.vector ? ['index'] : []), ...SIDES, ...HEAD];
  const rows = q.points.map((p, k) => [...(q.vector ? [String(k)] : []), ...(p === null ? head.slice(q.vector ? 1 : 0).map(() => '') : [...sides(p), ...cells(p)])]);
  const t = `<div class="scroll"><table class="stats distances" data-qoi="${esc(q.qoi)}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
  return q.vector && q.points.length > 12 ? `<details class="summary"><summary>Table of the distances at all ${q.points.length} points</summary>${t}</details>` : t;
}

/**
 * The comparison report as one HTML document: charts as inline SVG made with the document of
 * `options` (default a linkedom document), no script, nothing fetched.
 *
 * @throws InvalidArgumentError (field `report`) when the optional chart packages are not installed
 */
export async function renderComparisonReport(r: ComparisonReport, options: RenderOptions = {}): Promise<string> {
  const charts = await load(() => import('./charts/index.js'));
  const document = (options.document ?? (await serverDocument())) as Document;
  const ctx = { document };
  const names: [string, string] = [`A: ${sideName(r.a)}`, `B: ${sideName(r.b)}`];
  const sections = r.qois.map((q) => {
    const parts = [`<section class="qoi" data-qoi="${esc(q.qoi)}"><h2>${esc(q.qoi)}${q.vector ? ` <small>vector of ${q.points.length}</small>` : ''}</h2>`];
    if (q.values && q.values.a.length > 0 && q.values.b.length > 0) {
      const where = q.values.at === null ? '' : ` at index ${q.values.at} (where KS D is largest)`;
      parts.push(charts.ecdfCompareChart(q.values.a, q.values.b, names, ctx, { title: `${q.qoi}${where}: cumulative distributions of A and B`, xLabel: q.values.at === null ? q.qoi : `${q.qoi}[${q.values.at}]`, yLabel: 'fraction of values ≤ x' }));
    }
    parts.push(`<h3>Distances</h3>`, tableHtml(q));
    if (q.vector && q.points.length > 1) parts.push(charts.distancesOverIndexCharts(q.points.map((_, k) => k), q.points, ctx, { qoi: q.qoi, xLabel: 'index' }));
    return parts.join('\n') + '</section>';
  }).join('\n');
  const title = `${sideName(r.a)} against ${sideName(r.b)}`;
  const notes = runningNotes(r).map((n) => `<p class="banner" role="status">${esc(n)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} — uqkit comparison</title>
<style>
${CSS}
table.distances th{text-align:right;padding-left:8px}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="method">A = ${esc(sideName(r.a))}${r.a.runs ? ` (${esc(r.a.runs.done)} runs done of ${esc(r.a.runs.total)})` : ''}; B = ${esc(sideName(r.b))}${r.b.runs ? ` (${esc(r.b.runs.done)} runs done of ${esc(r.b.runs.total)})` : ''}.
W1, W2: Wasserstein distances (units of the quantity); KS D, p: Kolmogorov–Smirnov statistic and p-value; Hellinger, Jensen–Shannon: distances of kernel density estimates (0 equal, 1 disjoint); compatibility: EasyVVUQ's measure of means, variances and skewnesses (0 equal).</p>
${notes}
${sections}
<footer><p><small>Written by uqkit; self-contained (inline SVG, no scripts, nothing fetched).</small></p></footer>
</body></html>
`;
}

/** Escapes the characters that Markdown tables and emphasis give meaning to. */
const md = (s: unknown): string => String(s).replace(/([\\|*_`[\]<>#])/g, '\\$1').replace(/\n/g, ' ');
const row = (c: readonly string[]): string => `| ${c.join(' | ')} |`;

/** The comparison report as Markdown: the sides, notes on running campaigns, a distance table per quantity (no charts). */
export function renderComparisonMarkdown(r: ComparisonReport): string {
  const out = [`# ${md(sideName(r.a))} against ${md(sideName(r.b))}`, '', `A = ${md(sideName(r.a))}${r.a.runs ? ` (${r.a.runs.done} runs done of ${r.a.runs.total})` : ''}; B = ${md(sideName(r.b))}${r.b.runs ? ` (${r.b.runs.done} runs done of ${r.b.runs.total})` : ''}.`];
  for (const n of runningNotes(r)) out.push('', `> ${md(n)}`);
  for (const q of r.qois) {
    const head = [...(q.vector ? ['index'] : []), ...SIDES, ...HEAD];
    out.push('', `## ${md(q.qoi)}`, '', row(head), row(head.map((_, i) => (i === 0 && q.vector ? '---' : '---:'))));
    q.points.forEach((p, k) => out.push(row([...(q.vector ? [String(k)] : []), ...(p === null ? head.slice(q.vector ? 1 : 0).map(() => '') : [...sides(p), ...cells(p)])])));
  }
  return out.join('\n') + '\n';
}
