// The analysis of a campaign as the commands run, report and print it: which runs, the
// config's analysis method, errors naming runs by id, and the printed tables.
import { canonicalJson } from '../core/identity.js';
import { UqkitError } from '../core/errors.js';
import { Campaign } from '../campaign/campaign.js';
import { analyse, type AnalysisMethod, type AnalysisResult } from '../analysis/index.js';
import type { AnalysisReport, Series } from '../report/html.js';
import type { GPKernel, GPTrend } from '../numerics/gp.js';
import type { GPSummary } from '../analysis/gp.js';
import type { CampaignConfig } from './campaign-file.js';
import { CliError } from './files.js';
import { num } from './number-text.js';
import { mcmcReportOf, printMcmc, type McmcReport } from './mcmc-analysis.js';

/**
 * Runs `f` (an analysis of the done runs, in the order of `ids`); an error about one of its
 * inputs (`input.runs[45].outputs.y: ...`) names the run by its id instead (`run 50: outputs.y: ...`),
 * the id that \`uqkit runs\` shows, and one about its options the key of the campaign file.
 */
export function analyseNamingRuns<T>(ids: readonly number[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    const m = e instanceof UqkitError && e.field !== undefined ? /^input\.runs\[(\d+)\]\.?/.exec(e.field) : null;
    const id = m ? ids[Number(m[1])] : undefined;
    if (m && id !== undefined && e instanceof Error && e.message.startsWith(m[0])) throw new CliError(`run ${id}: ${e.message.slice(m[0].length).replace(/^: /, '')}`);
    // The analysis' options as the campaign file names them: options.method -> analysis.method, input.qois -> analysis.qois.
    const field = e instanceof UqkitError ? e.field : undefined;
    const named = field === undefined ? undefined : field.startsWith('options.bootstrap.') ? `analysis.${field.slice(18)}` : field.startsWith('options.') ? `analysis.${field.slice(8)}` : field.startsWith('input.qois') ? `analysis.${field.slice(6)}` : undefined;
    if (named !== undefined && (e as Error).message.startsWith(`${field}: `)) throw new CliError(`${named}: ${(e as Error).message.slice(field!.length + 2)}`);
    throw e;
  }
}

/**
 * "2,3" / "all" (the --samplers option; `analysis.samplers` in the campaign file holds the same
 * as a list or "all").
 */
export function samplersOption(text: string): number[] | 'all' {
  if (text.trim() === 'all') return 'all';
  const ids = text.split(',').map((w) => w.trim());
  if (ids.some((w) => !/^[1-9][0-9]*$/.test(w))) throw new CliError(`--samplers ${JSON.stringify(text)}: expected sampler ids as \`uqkit status\` lists them, e.g. 2 or 1,2, or all`);
  return ids.map(Number);
}

/**
 * The runs to analyse and the sampler they come from. By default the runs of the current
 * sampler (the campaign file's: the one `uqkit run` drew last; for a campaign made in
 * JavaScript, the sampler added last), so that the runs of earlier samplers do not mix in;
 * `chosen` (--samplers, else analysis.samplers) names others, or "all" of them. Runs of several
 * samplers with different specs (or all runs) are no one design: basic statistics.
 */
export function runsToAnalyse(campaign: Campaign, config: CampaignConfig, chosen: readonly number[] | 'all' | undefined, field: string): {
  stored: ReturnType<Campaign['store']['results']>; sampler: CampaignConfig['sampler'] | undefined; samplers: string | undefined;
} {
  const records = campaign.samplers();
  const describe = (s: (typeof records)[number]): string => `${s.id} (${s.kind})`;
  if (chosen === 'all' || records.length === 0) {
    const stored = campaign.store.results();
    if (chosen === 'all' && records.length > 0) return { stored, sampler: undefined, samplers: `every done run (samplers ${records.map(describe).join(', ')})` };
    return { stored, sampler: config.sampler, samplers: undefined };
  }
  let use: typeof records;
  if (chosen !== undefined) {
    use = chosen.map((id) => {
      const s = records.find((r) => r.id === id);
      if (!s) throw new CliError(`${field}: no sampler ${id} in ${config.name}; its samplers are ${records.map(describe).join(', ')}`);
      return s;
    });
  } else {
    const current = config.sampler === undefined ? [] : records.filter((s) => canonicalJson(s.spec as never) === canonicalJson(config.sampler as never));
    use = current.length > 0 ? current : [records.at(-1)!];
  }
  const specs = new Set(use.map((s) => canonicalJson(s.spec as never)));
  return {
    stored: campaign.store.results({ samplers: use.map((s) => s.id) }),
    sampler: specs.size === 1 ? use[0]!.spec : undefined,
    samplers: records.length > 1 || chosen !== undefined ? `runs of sampler${use.length > 1 ? 's' : ''} ${use.map(describe).join(', ')} (of ${records.length})` : undefined,
  };
}

/** A run the analysis used: its parameters and outputs. */
export interface AnalysedRun { readonly params: Record<string, number | string | boolean>; readonly outputs: unknown }

/** The campaign's analysis, in the shape of `uqkit analyse --json`, with the runs and the sampler it used. */
export function analysisOf(campaign: Campaign, config: CampaignConfig, samplersOpt?: readonly number[] | 'all'): { report: AnalysisReport; result: AnalysisResult; runs: readonly AnalysedRun[]; sampler: CampaignConfig['sampler'] | undefined } {
  const c = campaign.counts();
  const a = config.analysis ?? {};
  const chosen = samplersOpt ?? a.samplers;
  const { stored, sampler, samplers } = runsToAnalyse(campaign, config, chosen, samplersOpt !== undefined ? '--samplers' : 'analysis.samplers');
  // An MCMC sampler: the analysis of its chains (the store's chain table), not of its runs' outputs.
  if (sampler?.kind === 'mcmc' && (a.method === undefined || a.method === 'auto' || a.method === 'mcmc')) return { ...mcmcReportOf(campaign, config.name, sampler, a.burnIn), runs: [], sampler };
  const runs = stored.map((r) => ({ params: r.params as Record<string, number | string | boolean>, outputs: r.outputs }));
  if (runs.length === 0) {
    if (c.done > 0) throw new CliError(`no run of ${samplers ?? 'the current sampler'} is done yet (${c.done} runs of other samplers are); \`uqkit run\` executes them, \`--samplers all\` analyses every done run`);
    throw new CliError(`no run of ${config.name} is done yet (${c.total} runs: ${c.new + c.encoded} queued, ${c.failed} failed); \`uqkit run\` executes them`);
  }
  // x values of vector outputs: another output of the runs (e.g. the times beside the temperatures), or given
  const index: Record<string, number[]> = {};
  const indexName: Record<string, string> = {};
  for (const [q, x] of Object.entries(a.index ?? {})) {
    if (Array.isArray(x)) {
      index[q] = [...x];
      continue;
    }
    const from = runs.map((r) => (r.outputs as Record<string, unknown> | null)?.[x as string]).find((v) => Array.isArray(v) && v.every((e) => typeof e === 'number'));
    if (!from) throw new CliError(`analysis.index.${q}: no done run has an output ${JSON.stringify(x)} that is a list of numbers`);
    index[q] = from as number[];
    indexName[q] = x as string;
  }
  const names = [...new Set(runs.flatMap((r) => (r.outputs !== null && typeof r.outputs === 'object' && !Array.isArray(r.outputs) ? Object.keys(r.outputs) : [])))];
  const qois = a.qois ? [...a.qois] : names.filter((n) => !Object.values(indexName).includes(n));
  const result = analyseNamingRuns(stored.map((r) => r.id), () => analyse(
    { ...(sampler !== undefined ? { sampler } : {}), vary: config.vary ?? {}, runs, qois, ...(config.correlation !== undefined ? { correlation: config.correlation } : {}) },
    {
      ...(a.method ? { method: a.method as AnalysisMethod } : {}), ...(a.degree !== undefined ? { degree: a.degree } : {}), ...(a.percentiles ? { percentiles: [...a.percentiles] } : {}),
      bootstrap: { ...(a.resamples !== undefined ? { resamples: a.resamples } : {}), ...(a.confidence !== undefined ? { confidence: a.confidence } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}) },
      ...(Object.keys(index).length ? { index } : {}),
      ...(a.method === 'gp' ? { gp: { ...(a.kernel ? { kernel: a.kernel as GPKernel } : {}), ...(a.trend ? { trend: a.trend as GPTrend } : {}), ...(a.nugget !== undefined ? { nugget: a.nugget } : {}), ...(a.starts !== undefined ? { starts: a.starts } : {}) } } : {}),
    },
  ));
  const analysis = Object.fromEntries(Object.entries(result.analysis).map(([q, r]) => [q, indexName[q] ? { ...r, indexName: indexName[q] } : r]));
  const report: AnalysisReport = {
    campaign: config.name,
    runs: { total: c.total, done: c.done, failed: c.failed, invalid: c.invalid, ignored: c.ignored, queued: c.new + c.encoded, running: c.running },
    method: result.method,
    ...(samplers !== undefined ? { samplers } : {}),
    analysis,
    ...(Object.keys(result.notAnalysed).length > 0 ? { notAnalysed: result.notAnalysed } : {}),
  };
  return { report, result, runs, sampler };
}

export { num } from './number-text.js';

/** A table: right-aligned columns (the first left-aligned), two spaces apart. */
export function table(rows: string[][], indent = '  '): string[] {
  const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => indent + r.map((c, j) => (j === 0 ? c.padEnd(w[j]!) : c.padStart(w[j]!))).join('  ').trimEnd());
}

/**
 * The analysis as text: per output, moments, percentiles and indices; a vector output as a
 * table at five of its points (the whole of it is in analysis.json and the report).
 */
export function printAnalysis(report: AnalysisReport, warnings: readonly string[]): string {
  const out: string[] = [`${report.campaign}: ${report.method ?? ''}`.trimEnd()];
  out.push(`runs: ${report.runs.total} total, ${report.runs.done} done, ${report.runs.failed} failed`);
  if (report.samplers !== undefined) out.push(`analysed: ${report.samplers}`);
  for (const w of warnings) out.push(`warning: ${w}`);
  for (const [qoi, why] of Object.entries(report.notAnalysed ?? {})) out.push(`not analysed: ${qoi}: ${why}`);
  if ('mcmc' in report) out.push(...printMcmc((report as McmcReport).mcmc));
  for (const [qoi, q] of Object.entries(report.analysis)) {
    const params = Object.keys(q.sobolFirst ?? {});
    if (typeof q.mean !== 'number') {
      const mean = q.mean as readonly number[];
      const n = mean.length;
      const at = [...new Set([0, Math.floor((n - 1) / 8), Math.floor((n - 1) / 4), Math.floor((n - 1) / 2), n - 1])];
      const xs = q.index ?? mean.map((_, i) => i);
      const col = (s: Series | undefined, i: number) => (s === undefined ? '' : num((s as readonly number[])[i]!));
      out.push('', `${qoi} (${n} values${q.indexName ? ` over ${q.indexName}` : ''}; at ${at.length} of them):`);
      const head = [q.indexName ?? 'index', 'mean', 'std', ...params.map((p) => `S ${p}`), ...(q.sobolTotal ? params.map((p) => `ST ${p}`) : [])];
      out.push(...table([head, ...at.map((i) => [num(xs[i]!), col(q.mean, i), col(q.std, i), ...params.map((p) => col(q.sobolFirst![p], i)), ...(q.sobolTotal ? params.map((p) => col(q.sobolTotal![p], i)) : [])])]));
      continue;
    }
    out.push('', `${qoi}:`);
    out.push(`  mean ${num(q.mean)}   std ${num(q.std as number)}${q.variance !== undefined ? `   variance ${num(q.variance as number)}` : ''}`);
    if (q.percentiles) out.push(`  percentiles  ${Object.entries(q.percentiles).map(([p, v]) => `${p}%: ${num(v as number)}`).join('   ')}`);
    const gp = (q as { gp?: GPSummary; looError?: number }).gp;
    if (gp) out.push(`  Gaussian process  length-scales ${Object.entries(gp.lengthScales).map(([p, l]) => `${p} ${num(l)}`).join(', ')}; nugget ${num(gp.nugget)}; leave-one-out error ${num((q as { looError?: number }).looError ?? NaN)}`);
    if (params.length) {
      const conf = (c: Readonly<Record<string, number>> | undefined, p: string) => (c?.[p] !== undefined ? `±${num(c[p]!)}` : '');
      const hasConf = q.sobolFirstConf !== undefined;
      const head = ['parameter', 'first', ...(hasConf ? [''] : []), ...(q.sobolTotal ? ['total', ...(hasConf ? [''] : [])] : [])];
      out.push(...table([head, ...params.map((p) => [p, num(q.sobolFirst![p] as number), ...(hasConf ? [conf(q.sobolFirstConf, p)] : []), ...(q.sobolTotal ? [num(q.sobolTotal[p] as number), ...(hasConf ? [conf(q.sobolTotalConf, p)] : [])] : [])])]));
    }
    if (q.screening) {
      const fields = Object.keys(q.screening.indices);
      const ps = Object.keys(q.screening.indices[fields[0]!] ?? {});
      out.push(...table([['parameter', ...fields], ...ps.map((p) => [p, ...fields.map((f) => num(q.screening!.indices[f]![p] ?? NaN))])]));
    }
  }
  return out.join('\n') + '\n';
}
