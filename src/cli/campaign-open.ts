// Opening the campaign a command names, and one line for a failure of its store (SQLite errors,
// damaged files, other schema versions) naming the file and what to do.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { StoreDamagedError, StoreError, StoreVersionError } from '../core/errors.js';
import { walCut } from '../campaign/wal.js';
import { CampaignView } from '../campaign/campaign-view.js';
import type { CampaignConfig } from './campaign-file.js';
import { CliError } from './cli-error.js';
import { livePid } from './pid-file.js';

export const DB = 'campaign.db';

/** The campaign directory the command works on, as the user named it (for storeFailure). */
let current: { abs: string; shown: string } | undefined;

/** Sets the campaign directory the command works on (`abs`), shown in messages as `shown`. */
export function workingOn(abs: string, shown: string): void {
  current = { abs, shown };
}

/** The campaign directory argument: must hold a campaign. */
export function campaignDir(dir: string | undefined): string {
  if (dir === undefined) throw new CliError('which campaign? give its directory (the one holding campaign.db)');
  const abs = resolve(dir);
  if (!existsSync(join(abs, DB))) {
    throw new CliError(existsSync(abs) ? `${dir} is not a campaign directory (no ${DB} in it)` : `${dir}: no such directory`);
  }
  current = { abs, shown: dir };
  return abs;
}

/** The SQLite error behind `e` (itself, or the cause of a StoreError), if any. */
export function sqliteError(e: unknown): { code: string; message: string } | undefined {
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
 * A warning on stderr when the store's -wal file was cut short (runs recorded after the cut read
 * as not done), unless a uqkit run is writing it (its appends are whole frames only at rest).
 */
export function warnCutWal(dir: string, label: string): void {
  const cut = walCut(join(dir, DB));
  const pid = cut === undefined ? undefined : livePid(dir);
  if (cut !== undefined && (pid === undefined || pid === process.pid)) process.stderr.write(`uqkit ${label}: warning: ${cut}; \`uqkit check ${current?.shown ?? dir}\` lists the runs concerned\n`);
}

/**
 * Opens the campaign in `dir` for reading (without samplers, numerics or runners), for the
 * command `readingFor`, which warns of a cut -wal file first.
 */
export function openView(dir: string, readingFor: string): { view: CampaignView; config: CampaignConfig } {
  warnCutWal(dir, readingFor);
  const view = CampaignView.open(dir);
  return { view, config: view.config as unknown as CampaignConfig };
}
