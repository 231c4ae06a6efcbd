// Checking a campaign: is its store sound, and do the store and the run directories agree?
// Read-only throughout: the store is opened with `readonly`, run directories are only read.
//
// What it looks at:
// - the files: the -wal file's size against SQLite's frame layout (a -wal that ends inside a
//   frame was cut short: SQLite ignores everything after the last whole commit before the cut);
// - SQLite's own checks (PRAGMA integrity_check, foreign_key_check);
// - the store against itself: done runs without a stored result, runs still `running` whose
//   lease has ended, recorded scheduler jobs that carry no runs;
// - the store against the run directories (runners that use them): done runs whose directory
//   is gone, and runs the store holds as not yet done whose directories hold outputs that the
//   campaign's decoder reads — what a lost or cut -wal leaves behind.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UqkitError } from '../core/errors.js';
import { decoder as makeDecoder } from '../io/decoder.js';
import { runDirectory } from '../io/run-dir.js';
import type { DecodeFn } from '../io/types.js';
import { CAMPAIGN_DB } from './campaign.js';
import { walCut } from './wal.js';
import { openStore, type CampaignStore, type RunRecord, type StatusCounts } from './store.js';

export { walCut } from './wal.js';

/**
 * One thing `checkCampaign` found. A `problem` makes the campaign unhealthy (the store is
 * damaged, or it and the run directories disagree); a `note` is a state that the next run of
 * the campaign resolves by itself (leases of a runner that was killed).
 */
export interface CheckFinding {
  /** `'problem'`: the campaign is not healthy; `'note'`: worth knowing, nothing wrong. */
  readonly severity: 'problem' | 'note';
  /** A stable name for the kind of finding, e.g. `integrity`, `wal-cut`, `outputs-not-recorded`. */
  readonly kind: string;
  /** One plain line: what was found and what to do. */
  readonly message: string;
  /** The runs concerned, if any. */
  readonly runs?: readonly number[];
}

/** What `checkCampaign` reports. */
export interface CampaignCheck {
  /** The campaign directory and its store. */
  readonly dir: string;
  /** See `dir`. */
  readonly path: string;
  /** True when no finding is a problem. */
  readonly healthy: boolean;
  /** PRAGMA integrity_check and foreign_key_check found nothing (undefined: the check could not run). */
  readonly integrity: boolean | undefined;
  /** Runs by state, when the store could be read. */
  readonly counts: StatusCounts | undefined;
  /** What the check found: problems and notes. */
  readonly findings: readonly CheckFinding[];
}

/** Options of {@link checkCampaign}. */
export interface CheckOptions {
  /** Clock for leases, ms since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Run ids as short ranges: 1-4, 7, 9-10. */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

const runsWord = (n: number): string => (n === 1 ? '1 run' : `${n} runs`);

function walFindings(path: string): CheckFinding[] {
  const cut = walCut(path);
  return cut === undefined ? [] : [{ severity: 'problem', kind: 'wal-cut', message: cut }];
}

/**
 * Checks the campaign in `dir` without writing anything (see the top of this file). Never
 * throws for what it finds: a store that cannot be opened or read is a finding.
 *
 * @throws InvalidArgumentError for a bad `dir` or options
 */
export function checkCampaign(dir: string, options?: CheckOptions): CampaignCheck {
  const path = join(dir, CAMPAIGN_DB);
  const now = options?.now ?? Date.now;
  const findings: CheckFinding[] = walFindings(path);
  const result = (integrity: boolean | undefined, counts: StatusCounts | undefined): CampaignCheck => ({
    dir, path, healthy: !findings.some((f) => f.severity === 'problem'), integrity, counts, findings,
  });
  const failed = (kind: string, what: string, e: unknown): void => {
    const why = e instanceof UqkitError ? e.message.replace(`${path}: `, '') : (e as Error).message;
    findings.push({ severity: 'problem', kind, message: `${what}: ${why}` });
  };

  let store: CampaignStore;
  try {
    store = openStore(path, { readonly: true });
  } catch (e) {
    failed('open', `${CAMPAIGN_DB} cannot be opened`, e);
    return result(undefined, undefined);
  }
  try {
    let integrity: boolean | undefined;
    try {
      const lines = store.integrityCheck();
      integrity = lines.length === 0;
      for (const line of lines) findings.push({ severity: 'problem', kind: 'integrity', message: `SQLite integrity check: ${line}` });
    } catch (e) {
      failed('integrity', 'SQLite integrity check could not finish', e);
      integrity = false;
    }
    let runs: RunRecord[];
    let counts: StatusCounts;
    let config: Record<string, unknown>;
    try {
      runs = store.runs();
      counts = store.counts();
      config = store.info().app as Record<string, unknown>;
    } catch (e) {
      failed('unreadable', 'the runs cannot be read', e);
      return result(integrity, undefined);
    }
    checkRuns(store, dir, config, runs, now(), findings, failed);
    return result(integrity, counts);
  } finally {
    store.close();
  }
}

function checkRuns(store: CampaignStore, dir: string, config: Record<string, unknown>, runs: readonly RunRecord[], now: number, findings: CheckFinding[], failed: (kind: string, what: string, e: unknown) => void): void {
  const problem = (kind: string, ids: readonly number[], message: string): void => {
    if (ids.length > 0) findings.push({ severity: 'problem', kind, message, runs: ids });
  };
  const note = (kind: string, ids: readonly number[], message: string): void => {
    if (ids.length > 0) findings.push({ severity: 'note', kind, message, runs: ids });
  };
  const done = runs.filter((r) => r.status === 'done');

  // The store against itself.
  try {
    const withResult = new Set(store.results().map((r) => r.id));
    const bare = done.filter((r) => !withResult.has(r.id)).map((r) => r.id);
    problem('done-without-result', bare, `${runsWord(bare.length)} done without a stored result (runs ${idRanges(bare)}): Campaign.recollate decodes them again from their run directories`);
  } catch (e) {
    failed('unreadable', 'the results cannot be read', e);
  }
  const running = runs.filter((r) => r.status === 'running');
  const expired = running.filter((r) => r.leaseDeadline !== null && r.leaseDeadline <= now).map((r) => r.id);
  note('lease-ended', expired, `${runsWord(expired.length)} still marked running whose leases have ended (runs ${idRanges(expired)}): their runner stopped without giving them back; the next \`uqkit run\` takes them over`);
  try {
    const empty = store.jobs().filter((j) => j.runs.length === 0);
    for (const j of empty) findings.push({ severity: 'problem', kind: 'job-without-runs', message: `scheduler job ${j.jobId ?? j.name} (${j.state}) is recorded without any run: its runs' records were lost` });
  } catch (e) {
    failed('unreadable', 'the scheduler jobs cannot be read', e);
  }

  // The store against the run directories (only runners that run in them).
  const kind = (config.runner as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'local' && kind !== 'slurm') return;
  const gone = done.filter((r) => !existsSync(runDirectory(dir, r.id))).map((r) => r.id);
  problem('done-without-directory', gone, `${runsWord(gone.length)} done whose run directory is missing (runs ${idRanges(gone)}): their results are in the store and analysed, but cannot be decoded again (recollate skips them)`);
  let decode: DecodeFn | undefined;
  const spec = config.decoder as { kind?: unknown } | undefined;
  if (spec !== undefined && spec.kind !== 'function') {
    try {
      decode = makeDecoder(spec as never, { baseDir: typeof config.baseDir === 'string' ? config.baseDir : dir, field: 'decoder' });
    } catch {
      decode = undefined;
    }
  }
  // (Runs `running` are left out: a runner killed after a model wrote its outputs leaves those.)
  const notDone = runs.filter((r) => r.status === 'new' || r.status === 'encoded');
  if (decode === undefined) {
    if (notDone.length > 0) findings.push({ severity: 'note', kind: 'outputs-not-checked', message: 'the outputs in run directories of runs not yet done were not looked at: the campaign has no decoder uqkit can run here' });
    return;
  }
  const decoded = notDone.filter((r) => {
    const at = runDirectory(dir, r.id);
    if (!existsSync(at)) return false;
    try {
      decode!(at, { id: r.id, hash: r.hash, params: r.params });
      return true;
    } catch {
      return false;
    }
  }).map((r) => r.id);
  problem('outputs-not-recorded', decoded, `${runsWord(decoded.length)} not done in the store whose run directories hold outputs that decode (runs ${idRanges(decoded)}): ` +
    'unless they were put back in the queue on purpose (--retry-failed), the commits that recorded them were lost (a lost or cut -wal file, or a store copied back from earlier); ' +
    '`uqkit run` executes them again, rewriting those outputs');
}
