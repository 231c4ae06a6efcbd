// The commands that analyse a campaign: analyse (printed or JSON) and report (an HTML file).
// They open the store read-only.
import { writeUserFile } from '../io/safe-fs.js';
import { renderReport } from '../report/html.js';
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
std, variance, percentiles, sobolFirst, sobolTotal, screening: { method, indices: { mu_star:
{ <param>: ... }, ... } }, ... } }, notAnalysed? }, numbers for scalar outputs and arrays for
vector outputs. Outputs that are not numbers or arrays of
numbers (text, nested objects, matrices) are listed under notAnalysed with what they are.
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

export const REPORT_HELP = `uqkit report DIR [-o FILE] [--samplers IDS|all] [--overwrite]

Writes the campaign's report: one self-contained HTML file (inline SVG, no scripts, nothing
fetched) with the run status, Sobol' indices with confidence intervals, mean ± std and
percentile bands over vector outputs, and convergence. Default FILE: DIR/report.html, which
is not overwritten when uqkit did not write it, unless --overwrite is given; \`-o -\` writes
the HTML to standard output. The file is written whole or not at all (a temporary file renamed
into place). --samplers chooses the
runs analysed, as for \`uqkit analyse\`.`;

export function reportCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { output: { type: 'string', short: 'o' }, samplers: { type: 'string' }, overwrite: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const samplers = v.samplers === undefined ? undefined : samplersOption(v.samplers);
  const { campaign, config } = openCampaign(dir, v.output !== undefined ? 'report' : undefined) // report.html in DIR is recorded as uqkit's: the store is written;
  try {
    const { report } = analysisOf(campaign, config, samplers);
    let out: string;
    if (v.output === '-') {
      process.stdout.write(renderReport(report));
      return EXIT.ok;
    }
    if (v.output !== undefined) writeUserFile((out = v.output), renderReport(report));
    else out = writeArtifact(campaign, 'report.html', renderReport(report), v.overwrite === true);
    process.stdout.write(`${out}\n`);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}
