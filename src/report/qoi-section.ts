// One output's section of the report: its summary table and every chart its analysis has
// data for (nothing is drawn for what is missing), in reading order: distribution, Sobol'
// indices, interactions, second order, convergence, screening, scatter, validation.
import type * as Charts from './charts/index.js';
import type { ChartContext } from './charts/plot.js';
import type { QoIAnalysis, ReportScatter, Series } from './html.js';
import { distancesTable, esc, gpTable, scalarTable, screeningTable, vectorTable } from './tables.js';

type ChartModule = typeof Charts;
const nums = (s: Series | undefined): readonly number[] => (s === undefined ? [] : typeof s === 'number' ? [s] : s.map((v) => (v === null ? NaN : v)));
const scalarOf = (m: Readonly<Record<string, Series>> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(m ?? {}).filter(([, v]) => typeof v === 'number') as [string, number][]);

/** The section of output `name`: heading, tables and charts. */
export function qoiSection(name: string, q: QoIAnalysis, scatter: ReportScatter | undefined, ctx: ChartContext, C: ChartModule): string {
  const vector = Array.isArray(q.mean);
  const parts: string[] = [];
  const sub = (title: string, body: string): void => { if (body) parts.push(`<h3>${esc(title)}</h3>${body}`); };
  if (vector) {
    const mean = nums(q.mean), std = nums(q.std);
    const xs = q.index ?? mean.map((_, i) => i);
    const xLabel = q.indexName ?? 'index';
    const pk = Object.keys(q.percentiles ?? {}).map(Number).sort((a, b) => a - b);
    const bands = [];
    if (pk.length >= 2) bands.push({ name: `${pk[0]}–${pk.at(-1)}th percentile`, lo: nums(q.percentiles![String(pk[0])]), hi: nums(q.percentiles![String(pk.at(-1))]) });
    bands.push({ name: 'mean ± std', lo: mean.map((m, i) => m - std[i]!), hi: mean.map((m, i) => m + std[i]!) });
    sub('Summary', C.bandsChart(xs, { name: 'mean', values: mean }, bands, ctx, { title: `${name}: mean ± std${pk.length >= 2 ? ` and ${pk[0]}–${pk.at(-1)}th percentiles` : ''} over ${xLabel}`, xLabel, yLabel: name }) + vectorTable(q));
    sub('Gaussian process', gpTable(q));
    const h = q.histogram;
    if (h) sub('Distribution', C.histogramChart(h, { mean: mean[h.at ?? mean.length - 1]!, percentiles: Object.fromEntries(pk.map((p) => [String(p), nums(q.percentiles![String(p)])[h.at ?? mean.length - 1]!])) }, ctx, { title: `${name} at ${xLabel} = ${C.formatNumber(xs[h.at ?? xs.length - 1]!)}: distribution (${h.source === 'surrogate' ? `surrogate at ${h.n} points` : `${h.n} runs`})`, xLabel: name, yLabel: 'density' }));
    const sobol: string[] = [];
    for (const [key, label] of [['sobolFirst', 'first-order'], ['sobolTotal', 'total-order']] as const) {
      const m = q[key];
      if (!m) continue;
      const series = Object.entries(m).filter(([, v]) => Array.isArray(v)).map(([p, v]) => ({ name: p, values: nums(v) }));
      if (series.length) sobol.push(C.linesChart(xs, series, ctx, { title: `${name}: ${label} Sobol' indices over ${xLabel}`, xLabel, yLabel: `${label} index`, sobol: true, kind: `sobol-${key === 'sobolFirst' ? 'first' : 'total'}-index` }));
    }
    if (q.sobolFirst) {
      const first = Object.fromEntries(Object.entries(q.sobolFirst).filter(([, v]) => Array.isArray(v)).map(([p, v]) => [p, nums(v)]));
      if (Object.keys(first).length) sobol.push(C.interactionsOverIndexChart(xs, first, ctx, { title: `${name}: first-order shares and interactions (1 − ΣS1) over ${xLabel}`, xLabel }));
    }
    const second = Object.entries(q.sobolSecond ?? {}).filter(([, v]) => Array.isArray(v)).map(([p, v]) => ({ name: p.replace(',', ' × '), values: nums(v) }));
    if (second.length) sobol.push(C.linesChart(xs, second, ctx, { title: `${name}: second-order Sobol' indices over ${xLabel}`, xLabel, yLabel: 'second-order index', sobol: true, kind: 'sobol-second-index' }));
    sub("Sobol' indices", sobol.join(''));
  } else {
    const h = q.histogram;
    sub('Summary', scalarTable(q) + (h ? C.histogramChart(h, { mean: q.mean as number, percentiles: scalarOf(q.percentiles) }, ctx, { title: `${name}: distribution (${h.source === 'surrogate' ? `surrogate at ${h.n} points` : `${h.n} runs`})`, xLabel: name, yLabel: 'density' }) : ''));
    sub('Gaussian process', gpTable(q));
    const sobol: string[] = [];
    const params = [...new Set([...Object.keys(q.sobolFirst ?? {}), ...Object.keys(q.sobolTotal ?? {})])];
    if (params.length) {
      const conf = q.sobolFirstConf || q.sobolTotalConf;
      sobol.push(C.sobolBarsChart(params.map((p) => ({
        param: p,
        ...(typeof q.sobolFirst?.[p] === 'number' ? { first: q.sobolFirst[p] as number } : {}),
        ...(typeof q.sobolTotal?.[p] === 'number' ? { total: q.sobolTotal[p] as number } : {}),
        ...(q.sobolFirstConf?.[p] !== undefined ? { firstConf: q.sobolFirstConf[p] } : {}),
        ...(q.sobolTotalConf?.[p] !== undefined ? { totalConf: q.sobolTotalConf[p] } : {}),
      })), ctx, { title: `${name}: first- and total-order Sobol' indices${conf ? ' with their intervals' : ''}` }));
    }
    if (q.sobolFirst && Object.keys(scalarOf(q.sobolFirst)).length) sobol.push(C.interactionsChart(scalarOf(q.sobolFirst), ctx, { title: `${name}: variance explained by first-order effects and by interactions (1 − ΣS1)`, output: name }));
    const second = scalarOf(q.sobolSecond);
    if (Object.keys(second).length) sobol.push(C.secondOrderChart(second, params, ctx, { title: `${name}: second-order Sobol' indices` }));
    const conv = q.convergence?.filter((e) => e.sobolFirst);
    if (conv && conv.length >= 2) {
      sobol.push(C.convergenceChart(conv.map((e) => ({ runs: e.runs, values: e.sobolFirst!, ...(e.sobolFirstConf ? { conf: e.sobolFirstConf } : {}) })), ctx, {
        title: `${name}: first-order indices as the runs grow${conv.some((e) => e.sobolFirstConf) ? ' (with their intervals)' : ''}`, xLabel: 'runs', yLabel: 'first-order index', sobol: true,
      }));
    }
    sub("Sobol' indices", sobol.join(''));
    if (q.screening) {
      const s = q.screening;
      const title = ({ morris: 'Morris screening', ff: 'fractional factorial main effects', dgsm: 'DGSM', shapley: 'Shapley effects', hdmr: 'HDMR', fast: 'eFAST', rbd_fast: 'RBD-FAST', delta: "Borgonovo's delta", pawn: 'PAWN' } as Record<string, string>)[s.method] ?? `${s.method} indices`;
      const charts = [
        ...(s.method === 'morris' && s.indices.mu_star && s.indices.sigma ? [C.morrisChart(s.indices, ctx, { title: `${name}: μ* against σ (Morris)` })] : []),
        ...C.indexFields(s.indices).filter((f) => !(s.method === 'morris' && (f === 'sigma' || f === 'mu'))).map((f) => C.screeningBarsChart(s.indices, f, ctx, { title: `${name}: ${f}${s.indices[`${f}_conf`] ? ' with its interval' : ''} (${s.method})`, method: s.method })),
      ];
      sub(title, screeningTable(q) + charts.join(''));
    }
  }
  const col = scatter?.outputs[name];
  if (scatter && col && col.some((v) => v !== null && Number.isFinite(v))) {
    const shown = col.length;
    const note = `<p class="note">${esc(name)}${vector ? ' (its last value)' : ''} in ${shown < scatter.runs ? `${shown} of the ${scatter.runs} runs (a seeded subsample)` : `each of the ${shown} runs`}, against each input.</p>`;
    sub('Inputs against the output', note + C.scatterCharts({ inputs: scatter.inputs, output: col.map((v) => (v === null ? NaN : v)) }, ctx, { output: vector ? `${name} (last value)` : name }));
  }
  sub('Validation distances', distancesTable(q));
  const heading = `<h2>${esc(name)}${vector ? ` <small>(${nums(q.mean).length} values)</small>` : ''}</h2>`;
  return `<section class="qoi" data-qoi="${esc(name)}">${heading}${parts.join('\n')}</section>`;
}
