// What `uqkit report` draws beyond the analysis: the runs' inputs and outputs for scatter
// plots, for designs whose runs are samples of the inputs (random, QMC, Latin hypercube,
// Saltelli), a seeded subsample when there are more than a few thousand.
import { uniformRows } from '../numerics/random.js';
import type { AnalysisReport, ReportScatter } from '../report/html.js';
import type { AnalysedRun, analysisOf } from './campaign-analysis.js';
import type { CampaignConfig } from './campaign-file.js';

/** Most runs a scatter plot shows. */
export const SCATTER_RUNS = 2000;
/** Seed of the subsample of runs beyond SCATTER_RUNS. */
const SCATTER_SEED = 20240917;
/** Sampler kinds whose runs are samples of the inputs. */
const SAMPLE_DESIGNS = new Set(['random', 'qmc', 'latin', 'saltelli']);

/**
 * The scatter data of the runs: each varied parameter's value and each analysed output's
 * (a vector output's last value) per run; undefined for grid and screening designs.
 */
export function scatterOf(report: AnalysisReport, runs: readonly AnalysedRun[], sampler: CampaignConfig['sampler'] | undefined, config: CampaignConfig): ReportScatter | undefined {
  if (sampler === undefined || !SAMPLE_DESIGNS.has((sampler as { kind: string }).kind)) return undefined;
  const params = Object.keys(config.vary ?? {}).filter((p) => runs.every((r) => typeof r.params[p] === 'number'));
  if (params.length === 0 || runs.length === 0) return undefined;
  let shown = runs.map((_, i) => i);
  if (runs.length > SCATTER_RUNS) {
    // the runs with the SCATTER_RUNS smallest seeded uniform keys, in their own order
    const keys = uniformRows(1, SCATTER_SEED, 0, runs.length).data;
    const cut = Float64Array.from(keys).sort()[SCATTER_RUNS - 1]!;
    shown = shown.filter((i) => keys[i]! <= cut).slice(0, SCATTER_RUNS);
  }
  const value = (r: AnalysedRun, q: string): number | null => {
    const v = (r.outputs as Record<string, unknown> | null)?.[q];
    const x = Array.isArray(v) ? v.at(-1) : v;
    return typeof x === 'number' && Number.isFinite(x) ? x : null;
  };
  return {
    runs: runs.length,
    inputs: Object.fromEntries(params.map((p) => [p, shown.map((i) => runs[i]!.params[p] as number)])),
    outputs: Object.fromEntries(Object.keys(report.analysis).map((q) => [q, shown.map((i) => value(runs[i]!, q))])),
  };
}

/** The report of an analysis with the scatter data of its runs, where its design has them. */
export function withScatter(a: ReturnType<typeof analysisOf>, config: CampaignConfig): AnalysisReport {
  const scatter = scatterOf(a.report, a.runs, a.sampler, config);
  return scatter ? { ...a.report, scatter } : a.report;
}
