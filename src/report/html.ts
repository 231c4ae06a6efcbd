// The campaign report: one self-contained HTML file, charts as inline SVG rendered when the
// report is written (./charts, Observable Plot with the document given, in Node a linkedom
// document), CSS inline, no script and nothing fetched. Per output: a summary table, the
// distribution, Sobol' indices (bars with whiskers, over the index of vector outputs, first
// order against interactions, second order), convergence, screening indices, input-output
// scatter and validation distances, each where the analysis has them.
// Input: the analysis in the shape `uqkit analyse --json` prints (AnalysisReport), with the
// runs' inputs for the scatter plots when the report is made from a campaign.
import { InvalidArgumentError } from '../core/errors.js';
import { qoiSection } from './qoi-section.js';
import { esc, progressBanner, statusBar } from './tables.js';
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
  /**
   * Estimates as the number of runs grows (scalar outputs): first-order index per parameter,
   * with the half-widths of their intervals where the analysis bootstrapped them.
   */
  readonly convergence?: readonly { readonly runs: number; readonly sobolFirst?: Readonly<Record<string, number>>; readonly sobolFirstConf?: Readonly<Record<string, number>>; readonly mean?: number }[];
  /** Second-order Sobol' index by pair "a,b" of parameter names. */
  readonly sobolSecond?: Readonly<Record<string, Series>>;
  /**
   * The distribution of the output (of its last value, for a vector output): a histogram of
   * the runs' outputs or of the surrogate at its sample points.
   */
  readonly histogram?: OutputHistogram;
  /**
   * Distances between this output's distribution and another's (e.g. measurements, or
   * another campaign), by name (wasserstein1, hellinger, ...), for a validation section.
   */
  readonly distances?: Readonly<Record<string, Series>>;
  /** The x values of a vector output (default 0, 1, 2, ...). */
  readonly index?: readonly number[];
  /** What the x values are, for the axis (default "index"). */
  readonly indexName?: string;
  /** Leave-one-out error of a regression PCE or a Gaussian process, relative to the output variance (one per value of a vector output). */
  readonly looError?: Series;
  /** Method gp: the fitted Gaussian process, shown as a table of its hyperparameters. */
  readonly gp?: {
    /** The kernel ('squared-exponential', 'matern32', 'matern52'). */
    readonly kernel: string;
    /** The trend ('zero', 'constant', 'linear'). */
    readonly trend: string;
    /** Length-scales by parameter, in the parameter's own units. */
    readonly lengthScales: Readonly<Record<string, number>>;
    /** Nugget relative to the process variance. */
    readonly nugget: number;
    /** Log marginal likelihood at the estimate. */
    readonly logLikelihood: number;
  };
  /** Screening-style indices of a scalar output (Morris, fractional factorial, DGSM, HDMR, Shapley; eFAST, RBD-FAST, delta, PAWN), shown as a table and bars. */
  readonly screening?: ScreeningIndices;
}

/**
 * Screening indices under SALib's names: `indices[field][name]`, e.g. `indices.mu_star.x1`
 * (Morris: mu, mu_star, sigma, mu_star_conf; ff: ME; dgsm: vi, vi_std, dgsm, dgsm_conf; hdmr:
 * Sa, Sa_conf, Sb, Sb_conf, S, S_conf, select per term, inputs then pairs a/b, ST and ST_conf per input;
 * shapley: Sh, Sh_conf, S1, ST; fast: S1, ST, S1_conf, ST_conf; rbd_fast: S1, S1_conf; delta: delta,
 * delta_conf, S1, S1_conf; pawn: minimum, mean, median, maximum, CV, stdev).
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
  /** The runs' inputs and outputs for input-versus-output scatter plots (sample designs only). */
  readonly scatter?: ReportScatter;
}

/** A histogram of an output (densities in equal bins) and where in a vector output it was taken. */
export interface OutputHistogram {
  /** Left edge of the first bin. */
  readonly lo: number;
  /** Right edge of the last bin. */
  readonly hi: number;
  /** The density in each bin (count / (values x bin width); they integrate to 1). */
  readonly density: readonly number[];
  /** How many values it was made from. */
  readonly n?: number;
  /** What they were: 'runs' (the outputs of the runs) or 'surrogate' (the surrogate at its sample points). */
  readonly source?: string;
  /** For a vector output: the position in its index of the values the histogram is of. */
  readonly at?: number;
}

/**
 * The part of a DOM document the charts use to make their elements: `window.document` in a
 * browser, a server-side DOM's document in Node (typed structurally, so that the types of
 * uqkit need no DOM library).
 */
export interface ChartDocument {
  /** Makes an element in a namespace (SVG). */
  createElementNS(namespace: string, qualifiedName: string): unknown;
  /** Makes an HTML element. */
  createElement(tagName: string): unknown;
}

/**
 * The runs of a sample design (random, QMC, Latin hypercube, Saltelli) for scatter plots: each
 * uncertain parameter's value and each scalar output's (a vector output's last value) per run,
 * at most a few thousand runs (a seeded subsample of more).
 */
export interface ReportScatter {
  /** How many runs there were before subsampling. */
  readonly runs: number;
  /** Parameter name -> its value in each run shown. */
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  /** Output name -> its value in each run shown (null: no value). */
  readonly outputs: Readonly<Record<string, readonly (number | null)[]>>;
}

/** Options of {@link renderReport}. */
export interface RenderOptions {
  /**
   * The document the charts' elements are made in. Default: a fresh linkedom document (a
   * server-side DOM, loaded on first use); in a browser pass `window.document`.
   */
  readonly document?: ChartDocument;
}

/** The packages the HTML report loads on first use (optional dependencies of uqkit). */
const CHART_PACKAGES = ['@observablehq/plot', 'linkedom'] as const;

/**
 * Imports one of the report's modules; a missing optional package (an install with
 * `--omit=optional`) becomes an InvalidArgumentError that says what to install.
 */
export async function load<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const missing = CHART_PACKAGES.filter((p) => (err.message ?? '').includes(`'${p}`));
    if ((err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND') && missing.length > 0) {
      throw new InvalidArgumentError({ field: 'report', expected: `the packages ${CHART_PACKAGES.join(' and ')} for its charts, optional dependencies of uqkit that are not installed: npm install ${CHART_PACKAGES.join(' ')} (the md and json formats need neither)`, cause: e });
    }
    throw e;
  }
}

/** Loads linkedom and makes an empty HTML document in it (the default of {@link RenderOptions.document}). */
export async function serverDocument(): Promise<ChartDocument> {
  const { parseHTML } = await load(() => import('linkedom'));
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document;
}

/** The report page's style sheet (inline in the page). */
export const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:900px;padding:0 12px;color:#222}
h1{font-size:22px;margin:0}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:36px}h3{font-size:15px;margin:20px 0 6px}
small{color:#666;font-weight:normal}.method{color:#555;margin:4px 0 16px}
figure{margin:14px 0;max-width:100%}figcaption{font-weight:600;margin-bottom:4px}
svg{max-width:100%;height:auto}svg text{fill:#333}
.small-multiples{display:flex;flex-wrap:wrap;gap:0 16px}.small-multiples figure{flex:0 1 320px;min-width:0}
.banner{background:#fff4d6;border:1px solid #e6c35c;padding:8px 12px;border-radius:4px}
.scroll{overflow-x:auto;max-width:100%}
table.stats{border-collapse:collapse;margin:6px 0}table.stats th{text-align:left;padding:2px 12px 2px 0;font-weight:500;color:#555}
table.stats td{text-align:right;padding:2px 12px 2px 0;font-variant-numeric:tabular-nums}
details{margin:8px 0}summary{cursor:pointer;color:#1f4e79}
.status.done{fill:#59a14f}.status.failed{fill:#e15759}.status.running{fill:#4e79a7}.status.queued,.status.new{fill:#bbb}.status.invalid{fill:#b07aa1}.status.ignored{fill:#ddd}`;

/**
 * The report as one HTML document (a string): charts rendered to inline SVG with the
 * document of `options`, no script, nothing fetched. Loads the plotting library (and,
 * without a document, linkedom) on first use.
 *
 * @throws InvalidArgumentError (field `report`) when those optional packages are not installed
 */
export async function renderReport(r: AnalysisReport, options: RenderOptions = {}): Promise<string> {
  const charts = await load(() => import('./charts/index.js'));
  const document = (options.document ?? (await serverDocument())) as Document;
  const sections = Object.entries(r.analysis).map(([name, q]) => qoiSection(name, q, r.scatter, { document }, charts)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(r.campaign)} — uqkit report</title>
<style>
${CSS}
</style></head><body>
<h1>${esc(r.campaign)}</h1>${r.method ? `<p class="method">${esc(r.method)}</p>` : ''}${r.samplers ? `<p class="method samplers">${esc(r.samplers)}</p>` : ''}
${progressBanner(r.runs)}<section class="runs"><h2>Runs</h2>${statusBar(r.runs)}</section>
${sections}${mcmcSection(r)}${notAnalysed(r.notAnalysed)}
<footer><p><small>Written by uqkit; self-contained (inline SVG, no scripts, nothing fetched).</small></p></footer>
</body></html>
`;
}

/** Outputs the analysis left out, with what they are. */
function notAnalysed(list: AnalysisReport['notAnalysed']): string {
  const entries = Object.entries(list ?? {});
  if (entries.length === 0) return '';
  return `\n<section class="not-analysed"><h2>Not analysed</h2><ul>${entries.map(([q, why]) => `<li data-qoi="${esc(q)}"><b>${esc(q)}</b>: ${esc(why)}</li>`).join('')}</ul></section>`;
}


