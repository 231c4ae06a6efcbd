// The analysis of a campaign whose sampler is MCMC, as `uqkit run`, `analyse` and `report`
// print and write it: the chains' posterior summaries under the report's `mcmc` key
// (no per-output statistics: the runs are the chains' proposals, not a sample of the outputs).
import { canonicalJson } from '../core/identity.js';
import type { Campaign } from '../campaign/campaign.js';
import type { McmcAnalysis } from '../analysis/mcmc.js';
import type { AnalysisResult } from '../analysis/index.js';
import type { AnalysisReport } from '../report/html.js';
import type { SamplerSpec } from '../samplers/index.js';
import { CliError } from './cli-error.js';
import { num } from './number-text.js';

/** The analysis report of an MCMC sampler: the usual keys, and `mcmc`. */
export type McmcReport = AnalysisReport & { readonly mcmc: McmcAnalysis };

/** The analysis of the chains of the campaign's MCMC sampler `spec` (burn-in: `burnIn`, default half). */
export function mcmcReportOf(campaign: Campaign, name: string, spec: SamplerSpec, burnIn: number | undefined): { report: McmcReport; result: AnalysisResult } {
  const rec = campaign.samplers().filter((s) => canonicalJson(s.spec as never) === canonicalJson(spec as never)).at(-1);
  if (!rec) throw new CliError(`${name}: its MCMC sampler has not been added yet; \`uqkit run\` adds it`);
  let m: McmcAnalysis;
  try {
    m = campaign.mcmcAnalysis(rec.id, burnIn === undefined ? {} : { burnIn });
  } catch (e) {
    const field = (e as { field?: string }).field;
    if (field === 'chains') throw new CliError(`${name}: no MCMC step after the chains' starts is recorded yet; \`uqkit run\` makes them`);
    if (field === 'options.burnIn') throw new CliError(`burn-in (analysis.burnIn, --burn-in): ${(e as Error).message.replace(/^options\.burnIn: /, '')}`);
    throw e;
  }
  const c = campaign.counts();
  const warnings: string[] = [];
  if (m.steps < m.stepsTotal) warnings.push(`the chains are at step ${m.steps} of ${m.stepsTotal}: \`uqkit run\` continues them`);
  for (const [k, p] of Object.entries(m.parameters)) {
    if (p.rhat !== null && p.rhat > 1.01) warnings.push(`${k}: R-hat ${p.rhat.toFixed(3)} > 1.01: the chains have not mixed; run more steps`);
    if (p.essBulk !== null && p.essBulk < 100 * m.chains) warnings.push(`${k}: bulk ESS ${Math.round(p.essBulk)} < ${100 * m.chains} (100 per chain): estimates of the posterior are rough`);
  }
  const method = `MCMC (${m.proposalName}), ${m.chains} chains, ${m.steps} steps, burn-in ${m.burnIn}; rank-normalised split-R-hat, bulk ESS`;
  const report: McmcReport = {
    campaign: name,
    runs: { total: c.total, done: c.done, failed: c.failed, invalid: c.invalid, ignored: c.ignored, queued: c.new + c.encoded, running: c.running },
    method,
    analysis: {},
    mcmc: m,
  };
  return { report, result: { method, analysis: {}, warnings, notAnalysed: {} } };
}

/** The chains' summaries as text: one line per parameter. */
export function printMcmc(m: McmcAnalysis): string[] {
  const head = ['', 'mean', 'std', '2.5%', '50%', '97.5%', 'R-hat', 'ESS', 'MCSE'];
  const rows = Object.entries(m.parameters).map(([k, p]) => [k, ...[p.mean, p.std, p.q2_5, p.q50, p.q97_5, p.rhat].map((v) => (v === null ? '-' : num(v))), p.essBulk === null ? '-' : String(Math.round(p.essBulk)), p.mcse === null ? '-' : num(p.mcse)]);
  const w = head.map((_, j) => Math.max(head[j]!.length, ...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) => '  ' + r.map((c, j) => (j === 0 ? c.padEnd(w[j]!) : c.padStart(w[j]!))).join('  ').trimEnd();
  return [`chains: ${m.chains}, steps ${m.steps} of ${m.stepsTotal}, burn-in ${m.burnIn}, ${m.draws} draws per chain`,
    `acceptance: ${m.acceptance.map((a) => a.toFixed(2)).join(' ')}${m.rejectedWithoutRun > 0 ? ` (${m.rejectedWithoutRun} proposals rejected without a run)` : ''}`,
    line(head), ...rows.map(line)];
}

/** The --burn-in option: an integer >= 0. */
export function burnInOption(text: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text.trim())) throw new CliError(`--burn-in ${JSON.stringify(text)}: expected a number of steps (an integer >= 0)`);
  return Number(text);
}
