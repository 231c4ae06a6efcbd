// `uqkit run FILE`: creates or resumes the campaign a campaign file describes, executes its
// runs and prints its analysis.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { canonicalJson } from '../core/identity.js';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import type { StatusCounts } from '../campaign/store.js';
import { Campaign } from '../campaign/campaign.js';
import { writeFileNoFollow } from '../io/safe-fs.js';
import { renderReport } from '../report/html.js';
import { withScatter } from './report-data.js';
import { lineInFile, readCampaignFile } from './campaign-file.js';
import { CliError } from './files.js';
import { checkArtifact, removeCampaign, writeArtifact } from './owned.js';
import { analysisOf, printAnalysis } from './campaign-analysis.js';
import { isAdaptiveSc } from '../samplers/adaptive-sc.js';
import { isMcmc } from '../samplers/mcmc.js';
import { args, EXIT } from './campaign-args.js';
import { DB, warnCutWal, workingOn } from './campaign-open.js';
import { livePid, PID, pidFile } from './pid-file.js';

export const RUN_HELP = `uqkit run FILE [options]

Creates the campaign described by FILE (YAML or JSON; \`-\` reads it from standard input, and
then its relative paths and the default campaign directory are in the current directory) or resumes it, draws its sampler's runs,
executes every queued run (showing progress), collates the outputs, analyses them (the runs of
the file's sampler; analysis.samplers in FILE chooses others), prints the statistics and
Sobol' indices, and writes analysis.json and report.html into the campaign directory. Safe
to start again after Ctrl-C, \`uqkit kill\` or a crash: finished runs are never executed
again, and no run executes twice at the same time. Runs of a runner killed on this host are
taken over at once (what is left of their commands is killed first); runs leased by a runner
on another host are run once their leases end (at most 60 s). A changed decoder decodes the
outputs on disk of the done runs and of the runs that failed in decoding again. Output into
a reader that stops early (\`| head\`) is dropped: the campaign still runs to its end.

An adaptive sampler (\`sampler: {kind: sc, grid: adaptive, tolerance: 1e-6, maxRuns: 1000,
qoi: y}\`) is refined batch by batch: each batch of grid points is executed with the runner,
its QoI read, and the grid refined, until the tolerance or maxRuns is reached. A killed run
resumes the refinement where it stopped (docs/adaptive-sc.md).

An MCMC sampler (\`sampler: {kind: mcmc, chains: 4, steps: 1000, likelihood: {qoi: y, data:
[...], noise: {sigma: 0.1}}}\`) runs its Metropolis-Hastings chains step by step: each step's
proposals (one per chain) are executed with the runner and accepted or rejected on the QoI's
likelihood. A killed run continues the chains exactly where they stopped (docs/mcmc.md).

  -d, --dir DIR        the campaign directory (default: the file's \`dir\`, or <name>.uqkit beside it;
                       for \`-\`, <name>.uqkit in the current directory)
      --fresh          delete the existing campaign first (what uqkit wrote into its directory)
      --overwrite      replace an analysis.json or report.html in the campaign directory that
                       uqkit did not write (refused otherwise)
      --retry-failed   put the failed runs back in the queue first (their reasons are dropped)
  -q, --quiet          no progress and no summary (the files are still written)
      --json           print the analysis as JSON (as \`uqkit analyse --json\`)

Exit status: 0 every run done; 1 a mistake (message on stderr); 2 bad usage; 3 some runs
failed (the analysis uses the others; \`uqkit runs DIR --status failed\` lists them);
130 interrupted (Ctrl-C or \`uqkit kill\`; the runs in flight return to the queue).`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = args(argv, { dir: { type: 'string', short: 'd' }, fresh: { type: 'boolean' }, overwrite: { type: 'boolean' }, 'retry-failed': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, json: { type: 'boolean' } }, 1);
  if (positionals[0] === undefined) throw new CliError('which campaign file? (uqkit run FILE)');
  const file = readCampaignFile(positionals[0], v.dir !== undefined ? { dir: v.dir } : {});
  const dir = file.campaignDir;
  workingOn(dir, relative(process.cwd(), dir) || '.');
  const pid = existsSync(dir) ? livePid(dir) : undefined;
  if (pid !== undefined && pid !== process.pid) throw new CliError(`another uqkit (pid ${pid}) is working on ${dir}; wait for it or stop it with \`uqkit kill ${relative(process.cwd(), dir) || '.'}\``);
  let madeBefore = false; // a directory uqkit made for the campaign that --fresh replaces stays uqkit's
  if (v.fresh && existsSync(dir)) {
    if (existsSync(join(dir, DB))) madeBefore = removeCampaign(dir).madeDir;
    else if (readdirSync(dir).length > 0) throw new CliError(`--fresh: ${dir} exists and is not a campaign directory; not deleting it`);
  }
  let madeDir = madeBefore || !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  writeFileNoFollow(join(dir, PID), pidFile());
  const quiet = v.quiet === true;
  const say = (s: string) => {
    if (!quiet) process.stderr.write(s + '\n');
  };
  const controller = new AbortController();
  let interrupted = false;
  const stop = (sig: string) => {
    if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl-C: leave now (the database is consistent)
    interrupted = true;
    say(`\n${sig}: stopping; the runs in flight go back to the queue (Ctrl-C again to leave at once)`);
    controller.abort();
  };
  const onInt = () => stop('interrupted'), onTerm = () => stop('terminated');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let campaign: Campaign | undefined;
  try {
    const config = file.config;
    if (existsSync(join(dir, DB))) {
      warnCutWal(dir, 'run');
      campaign = Campaign.open(dir);
      // A campaign without a sampler or a run (its first \`uqkit run\` stopped at a mistake)
      // holds nothing that its parameters define: it starts again from the file.
      if (campaign.counts().total === 0 && campaign.samplers().length === 0) {
        campaign.close();
        campaign = undefined;
        madeDir ||= removeCampaign(dir).madeDir;
        mkdirSync(dir, { recursive: true });
        writeFileNoFollow(join(dir, PID), pidFile());
      }
    }
    if (campaign !== undefined) {
      const decoderWas = canonicalJson((campaign.config.decoder ?? null) as never);
      // A campaign keeps its name and parameters; its runner, encoders, decoder and analysis follow the file.
      try {
        campaign.setConfig(config as never);
      } catch (e) {
        if (!(e instanceof InvalidArgumentError)) throw e;
        const line = e.field === undefined ? undefined : lineInFile(file.path, e.field);
        throw new CliError(`${e.message}; \`--fresh\` starts the campaign again, \`--dir\` puts the changed one elsewhere`, { file: positionals[0], ...(line !== undefined ? { line } : {}) });
      }
      // A changed decoder reads the outputs already on disk again: done runs and runs that
      // failed in decoding (not a function decoder, which loads a module: `Campaign.recollate` in the API).
      if (config.decoder !== undefined && config.decoder.kind !== 'function' && canonicalJson(config.decoder as never) !== decoderWas) {
        const r = campaign.recollate();
        if (r.done.length + r.failed.length > 0) say(`${config.name}: the decoder changed: decoded ${r.done.length + r.failed.length} runs again: ${r.done.length} done, ${r.failed.length} failed`);
      }
    } else {
      campaign = Campaign.create(dir, config as never);
      if (madeDir) campaign.store.recordCreated([{ path: '.', kind: 'dir' }]);
    }
    // The user's own analysis.json or report.html in the campaign directory: refused before any run executes.
    checkArtifact(campaign, ['analysis.json', 'report.html'], v.overwrite === true);
    if (v['retry-failed']) {
      const failed = campaign.runs({ status: 'failed' }).map((r) => r.id);
      if (failed.length > 0) say(`${config.name}: ${campaign.rerun(failed)} failed runs back in the queue`);
    }
    // The file's sampler: drawn once; a changed sampler is added beside the earlier ones, and
    // runs they share are reused.
    const known = campaign.samplers().find((s) => canonicalJson(s.spec as never) === canonicalJson(config.sampler as never));
    if (!known) {
      const added = campaign.addSampler(config.sampler);
      say(`${config.name}: sampler ${config.sampler.kind}: ${added.added} new runs${added.reused ? `, ${added.reused} already in the campaign (not run again)` : ''}${added.invalid ? `, ${added.invalid} invalid` : ''}`);
    }
    const before = campaign.counts();
    say(`${config.name}: ${before.total} runs: ${before.done} done, ${before.new + before.encoded + before.running} to run, ${before.failed} failed (${dir})`);
    let counts: StatusCounts = await campaign.execute({ signal: controller.signal, progress: quiet ? false : {} });
    // Runs still leased by a live runner, or by one on another host that stopped without
    // giving them back, are claimable once their leases end: wait for that rather than finish
    // without them. (A dead runner of this host has its runs taken over at once by execute.)
    while (!interrupted) {
      const now = Date.now();
      const held = campaign.runs({ status: 'running' }).filter((r) => r.leaseDeadline !== null && r.leaseDeadline > now);
      if (held.length === 0) break;
      const until = Math.min(...held.map((r) => r.leaseDeadline!));
      const owners = [...new Set(held.map((r) => r.owner))].join(', ');
      say(`${config.name}: ${held.length} run${held.length > 1 ? 's are' : ' is'} leased by ${owners} (a runner that stopped without giving them back, or one still working); waiting ${Math.ceil((until - now) / 1000)} s for the lease to end`);
      await delay(until - now + 50, undefined, { signal: controller.signal }).catch(() => undefined);
      if (!interrupted) counts = await campaign.execute({ signal: controller.signal, progress: quiet ? false : {} });
    }
    // An adaptive sampler: the grid is refined batch by batch, each executed as above.
    if (!interrupted && isAdaptiveSc(config.sampler)) {
      const id = campaign.samplers().find((s) => canonicalJson(s.spec as never) === canonicalJson(config.sampler as never))!.id;
      const r = await campaign.refine(id, { signal: controller.signal, progress: quiet ? false : {} });
      counts = campaign.counts();
      if (r.step) say(`${config.name}: adaptive grid: step ${r.step.step}, ${r.step.points} runs, error ${r.step.error.toPrecision(3)}${r.step.stop ? `, stopped: ${r.step.stop}` : ''}`);
    }
    // An MCMC sampler: each step's proposals are a batch of runs, executed as above.
    if (!interrupted && isMcmc(config.sampler)) {
      const id = campaign.samplers().find((s) => canonicalJson(s.spec as never) === canonicalJson(config.sampler as never))!.id;
      const r = await campaign.mcmc(id, { signal: controller.signal, progress: quiet ? false : {} });
      counts = campaign.counts();
      say(`${config.name}: mcmc: ${r.acceptance.length} chains at step ${r.step} of ${config.sampler.steps}, acceptance ${r.acceptance.map((a) => a.toFixed(2)).join(' ')}`);
    }
    if (interrupted) {
      say(`${config.name}: stopped: ${counts.done} done, ${counts.new + counts.encoded + counts.running} queued, ${counts.failed} failed; \`uqkit run ${positionals[0]}\` resumes`);
      return EXIT.interrupted;
    }
    if (counts.done === 0) {
      process.stderr.write(`uqkit run: no run succeeded (${counts.failed} failed); \`uqkit runs ${relative(process.cwd(), dir) || '.'} --status failed\` shows why; \`uqkit run ${positionals[0]} --retry-failed\` runs them again\n`);
      return EXIT.runsFailed;
    }
    const failedHint = `\`uqkit runs ${relative(process.cwd(), dir) || '.'} --status failed\` shows why; \`uqkit run ${positionals[0]} --retry-failed\` runs them again`;
    let analysed: ReturnType<typeof analysisOf>;
    try {
      analysed = analysisOf(campaign, config);
    } catch (e) {
      // Most often an analysis that needs the failed runs (a quadrature rule missing nodes): the failures are the news.
      if (counts.failed > 0 && (e instanceof UqkitError || e instanceof CliError)) {
        process.stderr.write(`uqkit run: ${counts.failed} of ${counts.total} runs failed, and the analysis of the others failed: ${e.message}\nuqkit run: ${failedHint}\n`);
        return EXIT.runsFailed;
      }
      throw e;
    }
    const { report, result } = analysed;
    writeArtifact(campaign, 'analysis.json', JSON.stringify(report, null, 1) + '\n', v.overwrite === true);
    // Without the report's optional chart packages the run still succeeds: analysis.json is there, and a line says what is missing.
    const html = await renderReport(withScatter(analysed, config)).catch((e: unknown) => {
      if (e instanceof InvalidArgumentError && e.field === 'report') return process.stderr.write(`uqkit run: report.html not written: ${e.message}\n`), undefined;
      throw e;
    });
    if (html !== undefined) writeArtifact(campaign, 'report.html', html, v.overwrite === true);
    if (v.json) process.stdout.write(JSON.stringify(report, null, 1) + '\n');
    else if (!quiet) process.stdout.write(printAnalysis(report, result.warnings) + (html !== undefined ? `\nreport: ${join(dir, 'report.html')}\n` : '\n'));
    if (counts.failed > 0) {
      process.stderr.write(`uqkit run: ${counts.failed} of ${counts.total} runs failed; ${failedHint}\n`);
      return EXIT.runsFailed;
    }
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    campaign?.close();
    if (livePid(dir) === process.pid) rmSync(join(dir, PID), { force: true });
  }
}
