// The commands that analyse a campaign: analyse (printed or JSON) and report (HTML, Markdown or JSON).
// They open the store read-only.
import { writeUserFile } from '../io/safe-fs.js';
import { renderReport } from '../report/html.js';
import { renderReportMarkdown } from '../report/markdown.js';
import { withScatter } from './report-data.js';
import { CliError } from './cli-error.js';
import { writeArtifact } from './owned.js';
import { analysisOf, printAnalysis, samplersOption } from './campaign-analysis.js';
import { burnInOption } from './mcmc-analysis.js';
import { args, EXIT } from './campaign-args.js';
import { campaignDir } from './campaign-open.js';
import { openCampaign } from './campaign-facade.js';

export const ANALYSE_HELP = `uqkit analyse DIR [--samplers IDS|all] [--json]

Analyses the done runs of the campaign in DIR as its campaign file says (the analysis that
matches the sampler by default) and prints the statistics and Sobol' indices (morris, ff,
finite_diff and fast samplers: Morris, main effects, DGSM or eFAST under SALib's names;
analysis.method rbd_fast, delta or pawn: those of SALib on the runs of other samplers); --json prints
{ campaign, runs: {total, done, failed, ...}, method, samplers?, analysis: { <output>: { mean,
std, variance, percentiles, sobolFirst, sobolTotal, histogram: { lo, hi, density, n, source },
screening: { method, indices: { mu_star: { <param>: ... }, ... } }, ... } }, notAnalysed? },
numbers for scalar outputs and arrays for vector outputs. Outputs that are not numbers or
arrays of numbers (text, nested objects, matrices) are listed under notAnalysed with what
they are.
With analysis method gp, each output also has looError (the Gaussian process' leave-one-out
error relative to the output variance) and gp: {kernel, trend, lengthScales, nugget,
logLikelihood}.

  --samplers IDS   analyse the runs of these samplers (ids as \`uqkit status\` lists them, e.g.
                   2 or 1,2; runs of several samplers get basic statistics) or of all of them
                   (all). Default: analysis.samplers of the campaign file, else the current
                   sampler (the file's: the one \`uqkit run\` drew last), so that the runs of
                   earlier samplers do not mix in.
  --burn-in N      an mcmc sampler: steps dropped at the start of each chain (default:
                   analysis.burnIn of the campaign file, else half the steps made)

An mcmc sampler is analysed from its chains: per parameter the posterior mean, std, 2.5 %,
50 % and 97.5 % quantiles, rank-normalised split-R-hat, bulk ESS and MCSE, and the chains'
acceptance rates; --json prints them under mcmc: { chains, steps, burnIn, draws, acceptance,
parameters: { <param>: { mean, std, q2_5, q50, q97_5, rhat, essBulk, mcse } }, trace }.`;

export function analyseCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' }, samplers: { type: 'string' }, 'burn-in': { type: 'string' } }, 1);
  const dir = campaignDir(positionals[0]);
  const samplers = v.samplers === undefined ? undefined : samplersOption(v.samplers);
  const burnIn = v['burn-in'] === undefined ? undefined : burnInOption(v['burn-in']);
  const { campaign, config } = openCampaign(dir, 'analyse');
  try {
    const { report, result } = analysisOf(campaign, burnIn === undefined ? config : { ...config, analysis: { ...config.analysis, burnIn } }, samplers);
    process.stdout.write(v.json ? JSON.stringify(report, null, 1) + '\n' : printAnalysis(report, result.warnings));
    for (const w of v.json ? result.warnings : []) process.stderr.write(`uqkit analyse: warning: ${w}\n`);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const REPORT_HELP = `uqkit report DIR [--format html|md|json] [-o FILE] [--samplers IDS|all] [--overwrite]

Writes the campaign's report. html (the default): one self-contained file, charts as inline
SVG, no scripts, nothing fetched: run status (and a banner while runs are still to do), per
output a summary table (every value of a vector output in a collapsible table), the
distribution (histogram of the runs, or of the surrogate for pce and sc), mean ± std and
percentile bands over vector outputs, first- and total-order Sobol' indices with their
intervals, first order against interactions (1 - sum S1), second order, convergence with
intervals, screening indices (Morris mu*-sigma, bars of the other methods' indices), inputs
against the output for sample designs (random, qmc, latin, saltelli; at most 2000 runs, a
seeded subsample of more) and validation distances. md: the same as Markdown tables, no
charts. json: the data the charts show (the analysis as \`uqkit analyse --json\` prints it,
with the runs' inputs and outputs for the scatter plots).

  --format F    html, md or json. Default html.
  -o FILE       where to write it (- for standard output). Default DIR/report.html (.md,
                .json), which is not overwritten when uqkit did not write it, unless
                --overwrite is given. The file is written whole or not at all (a temporary
                file renamed into place).
  --samplers    the runs analysed, as for \`uqkit analyse\`.`;

/** The report formats of \`uqkit report --format\`. */
const FORMATS = ['html', 'md', 'json'] as const;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = args(argv, { output: { type: 'string', short: 'o' }, format: { type: 'string', short: 'f' }, samplers: { type: 'string' }, overwrite: { type: 'boolean' } }, 1);
  const format = (v.format ?? 'html') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliError(`--format: expected html, md or json, got ${JSON.stringify(v.format)}`);
  const dir = campaignDir(positionals[0]);
  const samplers = v.samplers === undefined ? undefined : samplersOption(v.samplers);
  const { campaign, config } = openCampaign(dir, v.output !== undefined ? 'report' : undefined) // report.html in DIR is recorded as uqkit's: the store is written;
  try {
    const report = withScatter(analysisOf(campaign, config, samplers), config);
    const text = format === 'html' ? await renderReport(report) : format === 'md' ? renderReportMarkdown(report) : JSON.stringify(report, null, 1) + '\n';
    let out: string;
    if (v.output === '-') {
      process.stdout.write(text);
      return EXIT.ok;
    }
    if (v.output !== undefined) writeUserFile((out = v.output), text);
    else out = writeArtifact(campaign, `report.${format}`, text, v.overwrite === true);
    process.stdout.write(`${out}\n`);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}
