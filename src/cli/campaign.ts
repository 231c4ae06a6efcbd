// The campaign commands of `uqkit`: run, status, analyse, runs, export, report, kill, clean,
// init. A campaign directory holds campaign.db (the single source of truth), the run
// directories, and, while a `uqkit run` works on it, uqkit.pid (so that `uqkit kill` can find
// it). `uqkit run` is safe to start again after anything — Ctrl-C, `uqkit kill`, `kill -9`, a
// reboot: it resumes from the database, and never executes a run twice.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { canonicalJson } from '../campaign/identity.js';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import type { StatusCounts, RunStatus, ParamCondition } from '../campaign/store.js';
import { RUN_STATUSES } from '../campaign/store.js';
import { Campaign } from '../campaign/campaign.js';
import { analyse, type AnalysisMethod, type AnalysisResult } from '../analysis/index.js';
import { runDirectory } from '../io/index.js';
import { cancelCampaignJobs } from '../execution/slurm-runner.js';
import { killOrphanGroups } from '../execution/orphans.js';
import { renderReport, type AnalysisReport, type Series } from '../report/html.js';
import { lineInFile, readCampaignFile, type CampaignConfig } from './campaign-file.js';
import { CliError } from './files.js';

/** Exit statuses of the campaign commands (documented in --help and the README). */
export const EXIT = { ok: 0, error: 1, usage: 2, runsFailed: 3, interrupted: 130 } as const;

const DB = 'campaign.db';
const PID = 'uqkit.pid';

type Options = NonNullable<ParseArgsConfig['options']>;
function args<const O extends Options>(argv: string[], options: O, positionals: number) {
  try {
    const r = parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({ args: argv, options, allowPositionals: true, strict: true });
    if (r.positionals.length > positionals) throw new CliError(`unexpected argument ${JSON.stringify(r.positionals[positionals])}`);
    return r;
  } catch (e) {
    if (e instanceof CliError) throw e;
    // (one line: Node's messages can run over three)
    throw new CliError((e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' '));
  }
}

/** The campaign directory argument: must hold a campaign. */
function campaignDir(dir: string | undefined): string {
  if (dir === undefined) throw new CliError('which campaign? give its directory (the one holding campaign.db)');
  const abs = resolve(dir);
  if (!existsSync(join(abs, DB))) {
    throw new CliError(existsSync(abs) ? `${dir} is not a campaign directory (no ${DB} in it)` : `${dir}: no such directory`);
  }
  return abs;
}

/**
 * When process `pid` started (clock ticks since boot, from /proc/PID/stat), where /proc exists:
 * with the pid it names one process, so that a pid file left by a killed `uqkit run` does not
 * point at an unrelated process that got the same pid later.
 */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The contents of the pid file: the pid, and its start time where known. */
const pidFile = (): string => `${process.pid}\n${startTime(process.pid) ?? ''}\n`;

/** The pid of the `uqkit run` working on `dir`, if it is alive (and the process that wrote the pid file). */
function livePid(dir: string): number | undefined {
  let pid: number;
  let started: string | undefined;
  try {
    const [first, second] = readFileSync(join(dir, PID), 'utf8').split('\n');
    pid = Number(first!.trim());
    started = second?.trim() || undefined;
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const now = started === undefined ? undefined : startTime(pid);
  return now !== undefined && now !== started ? undefined : pid;
}

/** What uqkit writes into a campaign directory: all that `--fresh` and `uqkit clean` delete. */
const CAMPAIGN_ENTRIES = [DB, `${DB}-wal`, `${DB}-shm`, `${DB}-journal`, 'runs', 'shared', 'slurm', 'analysis.json', 'report.html', PID];

/**
 * Deletes the campaign in `dir` — the entries uqkit writes, then `dir` itself if nothing else is
 * in it — and returns the names of the other entries, which are kept: a campaign directory
 * that is also the user's folder (`dir: .`) must not take the user's files with it.
 */
function removeCampaign(dir: string): string[] {
  for (const e of CAMPAIGN_ENTRIES) rmSync(join(dir, e), { recursive: true, force: true });
  const left = readdirSync(dir);
  if (left.length === 0) rmSync(dir, { recursive: true, force: true });
  return left;
}

function openCampaign(dir: string): { campaign: Campaign; config: CampaignConfig } {
  const campaign = Campaign.open(dir);
  return { campaign, config: campaign.config as unknown as CampaignConfig };
}

/**
 * Runs `f` (an analysis of the done runs, in the order of `ids`); an error about one of its
 * inputs (`input.runs[45].outputs.y: ...`) names the run by its id instead (`run 50: outputs.y: ...`),
 * the id that \`uqkit runs\` shows, and one about its options the key of the campaign file.
 */
function analyseNamingRuns<T>(ids: readonly number[], f: () => T): T {
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

/** The campaign's analysis, in the shape of `uqkit analyse --json`. */
function analysisOf(campaign: Campaign, config: CampaignConfig): { report: AnalysisReport; result: AnalysisResult } {
  const c = campaign.counts();
  const stored = campaign.store.results();
  const runs = stored.map((r) => ({ params: r.params as Record<string, number | string | boolean>, outputs: r.outputs }));
  if (runs.length === 0) throw new CliError(`no run of ${config.name} is done yet (${c.total} runs: ${c.new + c.encoded} queued, ${c.failed} failed); \`uqkit run\` executes them`);
  const a = config.analysis ?? {};
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
    { sampler: config.sampler, vary: config.vary, runs, qois },
    {
      ...(a.method ? { method: a.method as AnalysisMethod } : {}), ...(a.degree !== undefined ? { degree: a.degree } : {}), ...(a.percentiles ? { percentiles: [...a.percentiles] } : {}),
      bootstrap: { ...(a.resamples !== undefined ? { resamples: a.resamples } : {}), ...(a.confidence !== undefined ? { confidence: a.confidence } : {}), ...(a.seed !== undefined ? { seed: a.seed } : {}) },
      ...(Object.keys(index).length ? { index } : {}),
    },
  ));
  const analysis = Object.fromEntries(Object.entries(result.analysis).map(([q, r]) => [q, indexName[q] ? { ...r, indexName: indexName[q] } : r]));
  const report: AnalysisReport = {
    campaign: config.name,
    runs: { total: c.total, done: c.done, failed: c.failed, invalid: c.invalid, ignored: c.ignored, queued: c.new + c.encoded, running: c.running },
    method: result.method,
    analysis,
  };
  return { report, result };
}

const num = (v: number): string => (!Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(4) : Number(v.toPrecision(6)).toString());

/** A table: right-aligned columns (the first left-aligned), two spaces apart. */
function table(rows: string[][], indent = '  '): string[] {
  const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => indent + r.map((c, j) => (j === 0 ? c.padEnd(w[j]!) : c.padStart(w[j]!))).join('  ').trimEnd());
}

/**
 * The analysis as text: per output, moments, percentiles and indices; a vector output as a
 * table at five of its points (the whole of it is in analysis.json and the report).
 */
function printAnalysis(report: AnalysisReport, warnings: readonly string[]): string {
  const out: string[] = [`${report.campaign}: ${report.method ?? ''}`.trimEnd()];
  out.push(`runs: ${report.runs.total} total, ${report.runs.done} done, ${report.runs.failed} failed`);
  for (const w of warnings) out.push(`warning: ${w}`);
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
    if (params.length) {
      const conf = (c: Readonly<Record<string, number>> | undefined, p: string) => (c?.[p] !== undefined ? `±${num(c[p]!)}` : '');
      const hasConf = q.sobolFirstConf !== undefined;
      const head = ['parameter', 'first', ...(hasConf ? [''] : []), ...(q.sobolTotal ? ['total', ...(hasConf ? [''] : [])] : [])];
      out.push(...table([head, ...params.map((p) => [p, num(q.sobolFirst![p] as number), ...(hasConf ? [conf(q.sobolFirstConf, p)] : []), ...(q.sobolTotal ? [num(q.sobolTotal[p] as number), ...(hasConf ? [conf(q.sobolTotalConf, p)] : [])] : [])])]));
    }
  }
  return out.join('\n') + '\n';
}

export const RUN_HELP = `uqkit run FILE [options]

Creates the campaign described by FILE (YAML or JSON) or resumes it, draws its sampler's runs,
executes every queued run (showing progress), collates the outputs, analyses them, prints the
statistics and Sobol' indices, and writes analysis.json and report.html into the campaign
directory. Safe to start again after Ctrl-C, \`uqkit kill\` or a crash: finished runs are never
executed again, and no run executes twice at the same time. Runs of a runner killed on this
host are taken over at once (what is left of their commands is killed first); runs leased by
a runner on another host are run once their leases end (at most 60 s). A changed decoder decodes the outputs on disk of the done runs and of the
runs that failed in decoding again.

  -d, --dir DIR        the campaign directory (default: the file's \`dir\`, or <name>.uqkit beside it)
      --fresh          delete the existing campaign first (what uqkit wrote into its directory)
      --retry-failed   put the failed runs back in the queue first (their reasons are dropped)
  -q, --quiet          no progress and no summary (the files are still written)
      --json           print the analysis as JSON (as \`uqkit analyse --json\`)

Exit status: 0 every run done; 1 a mistake (message on stderr); 2 bad usage; 3 some runs
failed (the analysis uses the others; \`uqkit runs DIR --status failed\` lists them);
130 interrupted (Ctrl-C or \`uqkit kill\`; the runs in flight return to the queue).`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = args(argv, { dir: { type: 'string', short: 'd' }, fresh: { type: 'boolean' }, 'retry-failed': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, json: { type: 'boolean' } }, 1);
  if (positionals[0] === undefined) throw new CliError('which campaign file? (uqkit run FILE)');
  const file = readCampaignFile(positionals[0], v.dir !== undefined ? { dir: v.dir } : {});
  const dir = file.campaignDir;
  const pid = existsSync(dir) ? livePid(dir) : undefined;
  if (pid !== undefined && pid !== process.pid) throw new CliError(`another uqkit (pid ${pid}) is working on ${dir}; wait for it or stop it with \`uqkit kill ${relative(process.cwd(), dir) || '.'}\``);
  if (v.fresh && existsSync(dir)) {
    if (existsSync(join(dir, DB))) removeCampaign(dir);
    else if (readdirSync(dir).length > 0) throw new CliError(`--fresh: ${dir} exists and is not a campaign directory; not deleting it`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, PID), pidFile());
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
      campaign = Campaign.open(dir);
      // A campaign without a sampler or a run (its first \`uqkit run\` stopped at a mistake)
      // holds nothing that its parameters define: it starts again from the file.
      if (campaign.counts().total === 0 && campaign.samplers().length === 0) {
        campaign.close();
        campaign = undefined;
        removeCampaign(dir);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, PID), pidFile());
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
    }
    if (v['retry-failed']) {
      const failed = campaign.runs({ status: 'failed' }).map((r) => r.id);
      if (failed.length > 0) say(`${config.name}: ${campaign.rerun(failed)} failed runs back in the queue`);
    }
    // The file's sampler: drawn once; a changed sampler is added beside the earlier ones, and
    // runs they share are reused.
    const known = campaign.samplers().find((s) => canonicalJson(s.spec as never) === canonicalJson(config.sampler as never));
    if (!known) {
      const added = campaign.addSampler(config.sampler);
      say(`${config.name}: sampler ${config.sampler.kind}: ${added.added} new runs${added.reused ? `, ${added.reused} reused from earlier samplers` : ''}${added.invalid ? `, ${added.invalid} invalid` : ''}`);
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
    writeFileSync(join(dir, 'analysis.json'), JSON.stringify(report, null, 1) + '\n');
    writeFileSync(join(dir, 'report.html'), renderReport(report));
    if (v.json) process.stdout.write(JSON.stringify(report, null, 1) + '\n');
    else if (!quiet) process.stdout.write(printAnalysis(report, result.warnings) + `\nreport: ${join(dir, 'report.html')}\n`);
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

export const STATUS_HELP = `uqkit status DIR [--json]

The campaign in DIR: its runs by state, its samplers, and whether a \`uqkit run\` is working on it.`;

export function statusCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const { campaign, config } = openCampaign(dir);
  try {
    const c = campaign.counts();
    const pid = livePid(dir);
    const samplers = campaign.samplers().map((s) => ({ id: s.id, spec: s.spec, drawn: (s.state as { drawn?: number } | null)?.drawn ?? null }));
    if (v.json) {
      process.stdout.write(JSON.stringify({ campaign: config.name, dir, counts: c, samplers, runner: pid ?? null }, null, 1) + '\n');
      return EXIT.ok;
    }
    const lines = [`${config.name} (${dir})`, `runs: ${c.total} total` + RUN_STATUSES.filter((s) => c[s] > 0).map((s) => `, ${c[s]} ${s}`).join('')];
    for (const s of samplers) lines.push(`sampler ${s.id}: ${JSON.stringify(s.spec)}${s.drawn !== null ? `, ${s.drawn} drawn` : ''}`);
    lines.push(pid !== undefined ? `a uqkit run (pid ${pid}) is working on it` : 'no uqkit run is working on it');
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const ANALYSE_HELP = `uqkit analyse DIR [--json]

Analyses the done runs of the campaign in DIR as its campaign file says (the analysis that
matches the sampler by default) and prints the statistics and Sobol' indices; --json prints
{ campaign, runs: {total, done, failed, ...}, method, analysis: { <output>: { mean, std,
variance, percentiles, sobolFirst, sobolTotal, ... } } }, numbers for scalar outputs and
arrays for vector outputs.`;

export function analyseCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const { campaign, config } = openCampaign(dir);
  try {
    const { report, result } = analysisOf(campaign, config);
    process.stdout.write(v.json ? JSON.stringify(report, null, 1) + '\n' : printAnalysis(report, result.warnings));
    for (const w of v.json ? result.warnings : []) process.stderr.write(`uqkit analyse: warning: ${w}\n`);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const RUNS_HELP = `uqkit runs DIR [--where COND]... [--status STATE]... [--json] [--limit N]

Lists runs: id, state, parameters, and why a run failed. COND compares a parameter with a
value: kappa>=0.05, name=foo, n!=3 (operators = != < <= > >=; several --where must all hold).
STATE is one of ${RUN_STATUSES.join(', ')}.`;

/**
 * "kappa>=0.05" -> ["kappa", {gte: 0.05}]: the value read as the parameter's type says (a
 * number for float and integer parameters, true/false for boolean ones, the text for string
 * ones), so that a value of the wrong type is an error rather than a filter matching nothing.
 */
function condition(text: string, params: Readonly<Record<string, unknown>>): [string, ParamCondition] {
  const m = /^\s*([^=!<>\s]+)\s*(>=|<=|!=|==|=|<|>)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new CliError(`--where ${JSON.stringify(text)}: expected NAME OP VALUE with OP one of = != < <= > >= (e.g. kappa>=0.05)`);
  const [, name, opText, raw] = m as unknown as [string, string, string, string];
  if (!(name in params)) throw new CliError(`--where: no parameter ${JSON.stringify(name)}; the parameters are ${Object.keys(params).join(', ')}`);
  const type = (params[name] as { type?: unknown }).type;
  let value: number | string | boolean;
  if (type === 'float' || type === 'integer') {
    value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) throw new CliError(`--where ${JSON.stringify(text)}: ${name} is a ${type} parameter: expected a number, got ${JSON.stringify(raw)}`);
  } else if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new CliError(`--where ${JSON.stringify(text)}: ${name} is a boolean parameter: expected true or false, got ${JSON.stringify(raw)}`);
    value = raw === 'true';
  } else value = raw.replace(/^"(.*)"$/, '$1');
  const op = { '=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' }[opText] as 'eq';
  if ((op as string) !== 'eq' && (op as string) !== 'ne' && typeof value === 'boolean') throw new CliError(`--where ${JSON.stringify(text)}: ${opText} compares numbers or strings, not booleans`);
  return [name, { [op]: value } as ParamCondition];
}

export function runsCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, {
    where: { type: 'string', multiple: true }, status: { type: 'string', multiple: true }, json: { type: 'boolean' }, limit: { type: 'string' },
  }, 1);
  const dir = campaignDir(positionals[0]);
  const status = (v.status ?? []).flatMap((s) => s.split(','));
  for (const s of status) if (!(RUN_STATUSES as readonly string[]).includes(s)) throw new CliError(`--status ${JSON.stringify(s)}: expected one of ${RUN_STATUSES.join(', ')}`);
  const limit = v.limit === undefined ? Infinity : Number(v.limit);
  if (!(limit >= 0) || !Number.isInteger(limit) && limit !== Infinity) throw new CliError(`--limit: expected an integer >= 0, got ${JSON.stringify(v.limit)}`);
  const { campaign, config } = openCampaign(dir);
  try {
    const where: Record<string, ParamCondition> = {};
    for (const w of v.where ?? []) {
      const [name, cond] = condition(w, config.params);
      where[name] = { ...(typeof where[name] === 'object' ? where[name] as object : {}), ...(cond as object) } as ParamCondition;
    }
    const runs = campaign.runs({ ...(status.length ? { status: status as RunStatus[] } : {}), ...(Object.keys(where).length ? { where } : {}) }).slice(0, limit);
    if (v.json) {
      process.stdout.write(JSON.stringify(runs.map((r) => ({ id: r.id, status: r.status, params: r.params, attempts: r.attempts, reason: r.reason, dir: runDirectory(dir, r.id) })), null, 1) + '\n');
      return EXIT.ok;
    }
    // the uncertain parameters; a campaign without them (a sweep, a table) shows every parameter
    const names = Object.keys(config.vary ?? {}).length > 0 ? Object.keys(config.vary) : Object.keys(config.params);
    const rows = [['id', 'status', ...names, 'reason'], ...runs.map((r) => [String(r.id), r.status, ...names.map((n) => (typeof r.params[n] === 'number' ? num(r.params[n] as number) : String(r.params[n]))), (r.reason ?? '').replace(/\s+/g, ' ').slice(0, 100)])];
    const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
    process.stdout.write(rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(w[j]!))).join('  ').trimEnd()).join('\n') + '\n');
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const EXPORT_HELP = `uqkit export DIR --format csv|json [-o FILE]

The done runs with their parameters and outputs: CSV (one column per parameter and per scalar
output; vector outputs as out[0], out[1], ...) or JSON; to FILE or standard output.`;

export function exportCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } }, 1);
  const dir = campaignDir(positionals[0]);
  if (v.format !== 'csv' && v.format !== 'json') throw new CliError(`--format: expected csv or json, got ${v.format === undefined ? 'nothing' : JSON.stringify(v.format)}`);
  const { campaign } = openCampaign(dir);
  try {
    const text = campaign.export(v.format);
    if (v.output) writeFileSync(v.output, text);
    else process.stdout.write(text);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const REPORT_HELP = `uqkit report DIR [-o FILE]

Writes the campaign's report: one self-contained HTML file (inline SVG, no scripts, nothing
fetched) with the run status, Sobol' indices with confidence intervals, mean ± std and
percentile bands over vector outputs, and convergence. Default FILE: DIR/report.html.`;

export function reportCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { output: { type: 'string', short: 'o' } }, 1);
  const dir = campaignDir(positionals[0]);
  const { campaign, config } = openCampaign(dir);
  try {
    const { report } = analysisOf(campaign, config);
    const out = v.output ?? join(dir, 'report.html');
    writeFileSync(out, renderReport(report));
    process.stdout.write(`${out}\n`);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const KILL_HELP = `uqkit kill DIR

Stops the \`uqkit run\` working on the campaign in DIR (its running commands are killed with
their whole process groups, its Slurm arrays cancelled, its runs returned to the queue) and
cancels the campaign's Slurm arrays even when no \`uqkit run\` is alive, and kills the model
processes left by a \`uqkit run\` of this host that died. \`uqkit run\` resumes.`;

export async function killCommand(argv: string[]): Promise<number> {
  const { positionals } = args(argv, {}, 1);
  const dir = campaignDir(positionals[0]);
  const pid = livePid(dir);
  const said: string[] = [];
  // Another user's process (EPERM) cannot be signalled: say so on one line.
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(pid!, sig);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return; // it ended meanwhile
      throw new CliError(`cannot signal uqkit run (pid ${pid}): ${code === 'EPERM' ? 'it belongs to another user; run uqkit kill as that user' : (e as Error).message}`);
    }
  };
  if (pid !== undefined) {
    signal('SIGTERM');
    const deadline = Date.now() + 30_000;
    while (livePid(dir) !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (livePid(dir) !== undefined) {
      signal('SIGKILL');
      said.push(`uqkit run (pid ${pid}) did not stop within 30 s: killed it (its model processes were killed with it; the next uqkit run takes its runs over)`);
    } else said.push(`stopped uqkit run (pid ${pid})`);
  }
  const { campaign } = openCampaign(dir);
  try {
    // Model processes of a runner that died (its watchdog should have killed them): none is left running.
    await killOrphanGroups(campaign.store);
    const cancelled = cancelCampaignJobs(campaign.store);
    if (cancelled.length) said.push(`cancelled Slurm job${cancelled.length > 1 ? 's' : ''} ${cancelled.join(', ')}`);
  } finally {
    campaign.close();
  }
  process.stdout.write((said.length ? said.join('\n') : 'nothing to stop: no uqkit run and no Slurm job is working on this campaign') + '\n');
  return EXIT.ok;
}

export const CLEAN_HELP = `uqkit clean DIR

Deletes the campaign directory DIR: its database, run directories and report. Files in DIR
that uqkit did not write are kept (and DIR with them). Refuses while a \`uqkit run\` works on
it, and refuses a directory that holds no campaign.db.`;

export function cleanCommand(argv: string[]): number {
  const { positionals } = args(argv, {}, 1);
  const dir = campaignDir(positionals[0]);
  const pid = livePid(dir);
  if (pid !== undefined) throw new CliError(`a uqkit run (pid ${pid}) is working on ${dir}; \`uqkit kill\` it first`);
  const kept = removeCampaign(dir);
  process.stdout.write(kept.length === 0 ? `deleted ${dir}\n` : `deleted the campaign in ${dir}; kept ${kept.join(', ')} (not written by uqkit)\n`);
  return EXIT.ok;
}

export const INIT_HELP = `uqkit init [DIR]

Writes an example campaign into DIR (default ./coffee): the cooling-coffee-cup model (a small
Node script run as its own process), its input template, and campaign files for polynomial
chaos, stochastic collocation and Saltelli sampling. Then: uqkit run DIR/campaign.yaml`;

export function initCommand(argv: string[]): number {
  const { positionals } = args(argv, {}, 1);
  const target = resolve(positionals[0] ?? 'coffee');
  const source = fileURLToPath(new URL('../../examples/coffee/', import.meta.url));
  if (!existsSync(source)) throw new CliError(`the example is missing from this installation (${source})`);
  const files = readdirSync(source).filter((f) => !f.endsWith('.uqkit') && f !== 'campaign-slurm.yaml');
  const clash = files.filter((f) => existsSync(join(target, f)));
  if (clash.length) throw new CliError(`${target} already has ${clash.join(', ')}; not overwriting (choose another directory)`);
  mkdirSync(target, { recursive: true });
  for (const f of files) cpSync(join(source, f), join(target, f));
  const rel = relative(process.cwd(), target) || '.';
  process.stdout.write(`wrote ${files.join(', ')} to ${rel}\nnext: uqkit run ${join(rel, 'campaign.yaml')}\n`);
  return EXIT.ok;
}

