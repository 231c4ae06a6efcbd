// The campaign commands of `uqkit`: run, status, analyse, runs, export, report, check, kill,
// clean, init. status, analyse, runs, export, report and check open the store read-only: they
// never create, upgrade or write campaign.db. A campaign directory holds campaign.db (the single source of truth), the run
// directories, and, while a `uqkit run` works on it, uqkit.pid (so that `uqkit kill` can find
// it). `uqkit run` is safe to start again after anything — Ctrl-C, `uqkit kill`, `kill -9`, a
// reboot: it resumes from the database, and never executes a run twice. The database records
// what uqkit created in the directory (which may be the user's own folder, `dir: .`): clean
// and --fresh delete only that, and analysis.json and report.html are not written over a file
// uqkit did not write unless --overwrite is given.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { canonicalJson } from '../core/identity.js';
import { InvalidArgumentError, StoreDamagedError, StoreError, StoreVersionError, UqkitError } from '../core/errors.js';
import { checkCampaign, walCut } from '../campaign/check.js';
import type { StatusCounts, RunStatus, ParamCondition } from '../campaign/store.js';
import { RUN_STATUSES } from '../campaign/store.js';
import { Campaign } from '../campaign/campaign.js';
import { analyse, type AnalysisMethod, type AnalysisResult } from '../analysis/index.js';
import { runDirectory } from '../io/index.js';
import { writeFileNoFollow, writeUserFile } from '../io/safe-fs.js';
import { cancelCampaignJobs } from '../execution/slurm-runner.js';
import { killOrphanGroups } from '../execution/orphans.js';
import { renderReport, type AnalysisReport, type Series } from '../report/html.js';
import { lineInFile, readCampaignFile, type CampaignConfig } from './campaign-file.js';
import { CliError } from './files.js';
import { checkArtifact, PID_FILE, removeCampaign, writeArtifact } from './owned.js';
import { floatCondition, type Comparison } from './where.js';

/** Exit statuses of the campaign commands (documented in --help and the README). */
export const EXIT = { ok: 0, error: 1, usage: 2, runsFailed: 3, interrupted: 130 } as const;

const DB = 'campaign.db';
const PID = PID_FILE;

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

/** The campaign directory the command works on, as the user named it (for storeFailure). */
let current: { abs: string; shown: string } | undefined;

/** The campaign directory argument: must hold a campaign. */
function campaignDir(dir: string | undefined): string {
  if (dir === undefined) throw new CliError('which campaign? give its directory (the one holding campaign.db)');
  const abs = resolve(dir);
  if (!existsSync(join(abs, DB))) {
    throw new CliError(existsSync(abs) ? `${dir} is not a campaign directory (no ${DB} in it)` : `${dir}: no such directory`);
  }
  current = { abs, shown: dir };
  return abs;
}

/** The SQLite error behind `e` (itself, or the cause of a StoreError), if any. */
function sqliteError(e: unknown): { code: string; message: string } | undefined {
  const isSqlite = (x: unknown): x is { code: string; message: string } => x instanceof Error && x.name === 'SqliteError' && typeof (x as { code?: unknown }).code === 'string';
  if (isSqlite(e)) return e;
  if (e instanceof StoreError && isSqlite(e.cause)) return e.cause;
  return undefined;
}

/**
 * One line for an error of the campaign's store — SQLite's errors anywhere in a command, the
 * store's damage and version errors — naming the file and what to do; undefined for others.
 */
export function storeFailure(e: unknown): string | undefined {
  const sqlite = sqliteError(e);
  if (!sqlite && !(e instanceof StoreDamagedError) && !(e instanceof StoreVersionError)) return undefined;
  const path = e instanceof StoreError ? e.path : current ? join(current.abs, DB) : undefined;
  if (path === undefined) return undefined;
  const file = relative(process.cwd(), path) || path;
  const dir = current?.shown ?? (relative(process.cwd(), dirname(path)) || '.');
  const check = `\`uqkit check ${dir}\` says what can still be read`;
  const damaged = (why: string) =>
    `${file} is damaged (${why}): ${check}; restore it from a backup, salvage its rows with \`sqlite3 ${file} .recover\`, or start again with \`uqkit run FILE --fresh\``;
  if (e instanceof StoreVersionError) {
    return e.found < e.supported
      ? `${file}: schema version ${e.found}, written by an older uqkit; \`uqkit run\` with the campaign file upgrades it in place (this command only reads the store)`
      : `${file}: schema version ${e.found}, written by a newer uqkit (this one reads version ${e.supported}): use that uqkit`;
  }
  if (e instanceof StoreDamagedError && e.reason.includes('-wal')) {
    return `${file} is damaged (${e.reason}): if you have that ${DB}-wal, put it back beside ${DB} and delete ${DB}-shm while no uqkit command runs on ${dir}; else start again with \`uqkit run FILE --fresh\``;
  }
  if (e instanceof StoreDamagedError) return damaged(e.reason);
  const { code, message } = sqlite!;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged(message);
  if (code.startsWith('SQLITE_IOERR')) return `${file}: disk I/O error (${message}): check the disk and the file system, then ${check.replace(' says what can still be read', '')}`;
  if (code === 'SQLITE_FULL') return `${file}: no space left on the device (${message}): free some space and run the command again (what was reported done is kept)`;
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') return `cannot write ${file} (${message}): this command needs write permission on ${dir} and on ${DB}, ${DB}-wal and ${DB}-shm in it`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `cannot open ${file} (${message}): check that ${dir} and the files ${DB}, ${DB}-wal and ${DB}-shm in it can be read (and, for uqkit run, written)`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `${file} stayed locked by another process (${message}): wait for it to finish, or stop it with \`uqkit kill ${dir}\``;
  return `${file}: SQLite error ${code} (${message}); ${check}`;
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

/**
 * A warning on stderr when the store's -wal file was cut short (runs recorded after the cut read
 * as not done), unless a uqkit run is writing it (its appends are whole frames only at rest).
 */
function warnCutWal(dir: string, label: string): void {
  const cut = walCut(join(dir, DB));
  const pid = cut === undefined ? undefined : livePid(dir);
  if (cut !== undefined && (pid === undefined || pid === process.pid)) process.stderr.write(`uqkit ${label}: warning: ${cut}; \`uqkit check ${current?.shown ?? dir}\` lists the runs concerned\n`);
}

/**
 * Opens the campaign in `dir`: read-only for `readingFor`, the command that only reads it (which
 * warns of a cut -wal file first).
 */
function openCampaign(dir: string, readingFor?: string): { campaign: Campaign; config: CampaignConfig } {
  if (readingFor !== undefined) warnCutWal(dir, readingFor);
  const campaign = Campaign.open(dir, { readonly: readingFor !== undefined });
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

/**
 * "2,3" / "all" (the --samplers option; `analysis.samplers` in the campaign file holds the same
 * as a list or "all").
 */
function samplersOption(text: string): number[] | 'all' {
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
function runsToAnalyse(campaign: Campaign, config: CampaignConfig, chosen: readonly number[] | 'all' | undefined, field: string): {
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

/** The campaign's analysis, in the shape of `uqkit analyse --json`. */
function analysisOf(campaign: Campaign, config: CampaignConfig, samplersOpt?: readonly number[] | 'all'): { report: AnalysisReport; result: AnalysisResult } {
  const c = campaign.counts();
  const a = config.analysis ?? {};
  const chosen = samplersOpt ?? a.samplers;
  const { stored, sampler, samplers } = runsToAnalyse(campaign, config, chosen, samplersOpt !== undefined ? '--samplers' : 'analysis.samplers');
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
    { ...(sampler !== undefined ? { sampler } : {}), vary: config.vary ?? {}, runs, qois },
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
    ...(samplers !== undefined ? { samplers } : {}),
    analysis,
    ...(Object.keys(result.notAnalysed).length > 0 ? { notAnalysed: result.notAnalysed } : {}),
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
  if (report.samplers !== undefined) out.push(`analysed: ${report.samplers}`);
  for (const w of warnings) out.push(`warning: ${w}`);
  for (const [qoi, why] of Object.entries(report.notAnalysed ?? {})) out.push(`not analysed: ${qoi}: ${why}`);
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
executes every queued run (showing progress), collates the outputs, analyses them (the runs of
the file's sampler; analysis.samplers in FILE chooses others), prints the statistics and
Sobol' indices, and writes analysis.json and report.html into the campaign directory. Safe
to start again after Ctrl-C, \`uqkit kill\` or a crash: finished runs are never executed
again, and no run executes twice at the same time. Runs of a runner killed on this host are
taken over at once (what is left of their commands is killed first); runs leased by a runner
on another host are run once their leases end (at most 60 s). A changed decoder decodes the
outputs on disk of the done runs and of the runs that failed in decoding again. Output into
a reader that stops early (\`| head\`) is dropped: the campaign still runs to its end.

  -d, --dir DIR        the campaign directory (default: the file's \`dir\`, or <name>.uqkit beside it)
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
  current = { abs: dir, shown: relative(process.cwd(), dir) || '.' };
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
    writeArtifact(campaign, 'analysis.json', JSON.stringify(report, null, 1) + '\n', v.overwrite === true);
    writeArtifact(campaign, 'report.html', renderReport(report), v.overwrite === true);
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
  const { campaign, config } = openCampaign(dir, 'status');
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

export const ANALYSE_HELP = `uqkit analyse DIR [--samplers IDS|all] [--json]

Analyses the done runs of the campaign in DIR as its campaign file says (the analysis that
matches the sampler by default) and prints the statistics and Sobol' indices; --json prints
{ campaign, runs: {total, done, failed, ...}, method, samplers?, analysis: { <output>: { mean,
std, variance, percentiles, sobolFirst, sobolTotal, ... } }, notAnalysed? }, numbers for
scalar outputs and arrays for vector outputs. Outputs that are not numbers or arrays of
numbers (text, nested objects, matrices) are listed under notAnalysed with what they are.

  --samplers IDS   analyse the runs of these samplers (ids as \`uqkit status\` lists them, e.g.
                   2 or 1,2; runs of several samplers get basic statistics) or of all of them
                   (all). Default: analysis.samplers of the campaign file, else the current
                   sampler (the file's: the one \`uqkit run\` drew last), so that the runs of
                   earlier samplers do not mix in.`;

export function analyseCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' }, samplers: { type: 'string' } }, 1);
  const dir = campaignDir(positionals[0]);
  const samplers = v.samplers === undefined ? undefined : samplersOption(v.samplers);
  const { campaign, config } = openCampaign(dir, 'analyse');
  try {
    const { report, result } = analysisOf(campaign, config, samplers);
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
STATE is one of ${RUN_STATUSES.join(', ')}.

Float parameters are compared as the table shows them (6 significant digits; 5 in the
exponent form of values below 1e-3 or from 1e5): two floats are equal when they agree to the
digits shown, or to the significant digits of the value given if it has more. kappa=0.3 finds
a kappa stored as 0.1 + 0.2 = 0.30000000000000004 (shown as 0.3), and not 0.300001;
kappa=0.30000001 asks for 8 digits. <= and >= include the equal values, < and > leave them
out. Integer, string and boolean parameters are compared exactly.`;

/**
 * "kappa>=0.05" -> ["kappa", {gte: 0.05}]: the value read as the parameter's type says (a
 * number for float and integer parameters, true/false for boolean ones, the text for string
 * ones), so that a value of the wrong type is an error rather than a filter matching nothing.
 */
function condition(text: string, params: Readonly<Record<string, unknown>>): [string, ParamCondition | ((x: unknown) => boolean)] {
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
  const op = { '=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' }[opText] as Comparison;
  if (op !== 'eq' && op !== 'ne' && typeof value === 'boolean') throw new CliError(`--where ${JSON.stringify(text)}: ${opText} compares numbers or strings, not booleans`);
  if (type === 'float') return [name, floatCondition(op, raw)];
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
  const { campaign, config } = openCampaign(dir, 'runs');
  try {
    const where: Record<string, ParamCondition> = {};
    const floats: [string, (x: unknown) => boolean][] = [];
    for (const w of v.where ?? []) {
      const [name, cond] = condition(w, config.params);
      if (typeof cond === 'function') floats.push([name, cond]);
      else where[name] = { ...(typeof where[name] === 'object' ? where[name] as object : {}), ...(cond as object) } as ParamCondition;
    }
    const runs = campaign.runs({ ...(status.length ? { status: status as RunStatus[] } : {}), ...(Object.keys(where).length ? { where } : {}) })
      .filter((r) => floats.every(([name, test]) => test(r.params[name])))
      .slice(0, limit);
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
output; vector outputs as out[0], out[1], ...) or JSON; to FILE (written whole or not at all:
a temporary file renamed into place) or standard output.`;

export function exportCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } }, 1);
  const dir = campaignDir(positionals[0]);
  if (v.format !== 'csv' && v.format !== 'json') throw new CliError(`--format: expected csv or json, got ${v.format === undefined ? 'nothing' : JSON.stringify(v.format)}`);
  const { campaign } = openCampaign(dir, 'export');
  try {
    const text = campaign.export(v.format);
    if (v.output) writeUserFile(v.output, text); // whole or not at all
    else process.stdout.write(text);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const REPORT_HELP = `uqkit report DIR [-o FILE] [--samplers IDS|all] [--overwrite]

Writes the campaign's report: one self-contained HTML file (inline SVG, no scripts, nothing
fetched) with the run status, Sobol' indices with confidence intervals, mean ± std and
percentile bands over vector outputs, and convergence. Default FILE: DIR/report.html, which
is not overwritten when uqkit did not write it, unless --overwrite is given. The file is
written whole or not at all (a temporary file renamed into place). --samplers chooses the
runs analysed, as for \`uqkit analyse\`.`;

export function reportCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { output: { type: 'string', short: 'o' }, samplers: { type: 'string' }, overwrite: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const samplers = v.samplers === undefined ? undefined : samplersOption(v.samplers);
  const { campaign, config } = openCampaign(dir, v.output !== undefined ? 'report' : undefined) // report.html in DIR is recorded as uqkit's: the store is written;
  try {
    const { report } = analysisOf(campaign, config, samplers);
    let out: string;
    if (v.output !== undefined) writeUserFile((out = v.output), renderReport(report));
    else out = writeArtifact(campaign, 'report.html', renderReport(report), v.overwrite === true);
    process.stdout.write(`${out}\n`);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

export const CHECK_HELP = `uqkit check DIR [--json]

Checks the campaign in DIR without writing anything: SQLite's integrity check of campaign.db
and the layout of its -wal file; the store against itself (done runs without a result, runs
left running by a runner that stopped, scheduler jobs without runs); and the store against the
run directories (done runs whose directory is gone; runs not done whose directories hold
outputs that decode, which is what a lost or cut -wal file leaves behind). Each finding is one
line with what to do. --json prints { dir, healthy, integrity, counts, runner, findings:
[{ severity, kind, message, runs }] }.
Exit status: 0 healthy (notes only); 1 problems found, or a mistake; 2 bad usage.`;

export function checkCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const r = checkCampaign(dir);
  const pid = livePid(dir);
  if (v.json) {
    process.stdout.write(JSON.stringify({ dir, healthy: r.healthy, integrity: r.integrity ?? null, counts: r.counts ?? null, runner: pid ?? null, findings: r.findings }, null, 1) + '\n');
    return r.healthy ? EXIT.ok : EXIT.error;
  }
  const c = r.counts;
  const problems = r.findings.filter((f) => f.severity === 'problem').length;
  const lines = [
    `${DB}: SQLite integrity check: ${r.integrity === undefined ? 'not run' : r.integrity ? 'ok' : 'found damage'}`,
    ...(c ? [`runs: ${c.total} total` + RUN_STATUSES.filter((s) => c[s] > 0).map((s) => `, ${c[s]} ${s}`).join('')] : []),
    pid !== undefined ? `a uqkit run (pid ${pid}) is working on it` : 'no uqkit run is working on it',
    ...r.findings.map((f) => `${f.severity}: ${f.message}`),
    r.healthy ? 'healthy' : `not healthy: ${problems} problem${problems > 1 ? 's' : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return r.healthy ? EXIT.ok : EXIT.error;
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

Deletes the campaign in DIR: its database and what its database records uqkit created — run
directories (with what the model wrote in them), shared copies, analysis.json, report.html —
never following a symbolic link. Files and folders in DIR that uqkit did not create are kept
(and the folders holding them, DIR too). Refuses while a \`uqkit run\` works on it, and
refuses a directory that holds no campaign.db.`;

export function cleanCommand(argv: string[]): number {
  const { positionals } = args(argv, {}, 1);
  const dir = campaignDir(positionals[0]);
  const pid = livePid(dir);
  if (pid !== undefined) throw new CliError(`a uqkit run (pid ${pid}) is working on ${dir}; \`uqkit kill\` it first`);
  const kept = removeCampaign(dir).left;
  process.stdout.write(!existsSync(dir) ? `deleted ${dir}\n` : `deleted the campaign in ${dir}${kept.length > 0 ? `; kept ${kept.join(', ')} (not written by uqkit)` : ' (the folder is not uqkit\'s: kept)'}\n`);
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

