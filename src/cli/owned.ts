// What uqkit owns in a campaign directory, for the campaign commands. The directory may be the
// user's own folder (`dir: .`), so the store records what uqkit created there
// (CampaignStore.recordCreated): `uqkit clean` and `--fresh` delete that and nothing else,
// never through a symbolic link, and analysis.json and report.html are written (whole, through
// a temporary file) only over a file uqkit wrote, unless the user says --overwrite.
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Campaign } from '../campaign/campaign.js';
import { CAMPAIGN_DB } from '../campaign/campaign-view.js';
import { openStore, type CreatedPath } from '../campaign/store.js';
import { fileStamp, removeOwned, writeFileAtomic } from '../io/safe-fs.js';
import { CliError } from './cli-error.js';
import { PID_FILE } from './pid-file.js';

export { PID_FILE };

const DB = CAMPAIGN_DB;

/** The database's files and the pid file: uqkit's wherever they are. */
const STORE_FILES = [DB, `${DB}-wal`, `${DB}-shm`, `${DB}-journal`, PID_FILE];

/** What the store of the campaign in `dir` records uqkit created there. */
function createdPaths(dir: string): CreatedPath[] {
  if (!existsSync(join(dir, DB))) return [];
  const store = openStore(join(dir, DB), { create: false });
  try {
    return store.createdPaths();
  } finally {
    store.close();
  }
}

/**
 * Deletes the campaign in `dir`: what its store records uqkit created (run directories with
 * what the models wrote in them, shared copies, reports; folders uqkit made only once nothing
 * else is in them, `dir` itself last), never through a symbolic link, then the database.
 * Returns the names of the entries left in `dir` (a campaign directory that is also the
 * user's folder, `dir: .`, must not take the user's files with it), and whether uqkit made `dir`.
 */
export function removeCampaign(dir: string): { left: string[]; madeDir: boolean } {
  const created = createdPaths(dir);
  const depth = (p: string) => (p === '.' ? -1 : p.split('/').length);
  // deepest first, so that a folder is emptied of uqkit's entries before it is tried
  for (const c of [...created].filter((c) => c.path !== '.').sort((x, y) => depth(y.path) - depth(x.path))) removeOwned(dir, join(dir, c.path), c.kind, c.stamp);
  for (const f of STORE_FILES) removeOwned(dir, join(dir, f), 'file');
  const left = readdirSync(dir);
  const madeDir = created.some((c) => c.path === '.');
  if (left.length === 0 && madeDir) rmSync(dir, { recursive: true, force: true });
  return { left, madeDir };
}

/**
 * Writes `name` (analysis.json, report.html) into the campaign directory, whole or not at all,
 * and records it as uqkit's. A file there that uqkit did not write is not overwritten unless
 * `overwrite` (--overwrite) is given.
 */
export function writeArtifact(campaign: Campaign, name: string, text: string, overwrite: boolean): string {
  const path = join(campaign.dir, name);
  checkArtifact(campaign, [name], overwrite);
  campaign.store.recordCreated([{ path: name, kind: 'file', stamp: null }]); // being written: uqkit's even if this process is killed now
  writeFileAtomic(path, text);
  campaign.store.recordCreated([{ path: name, kind: 'file', stamp: fileStamp(path) ?? null }]);
  return path;
}

/**
 * Refuses (one line) when one of `names` is in the campaign directory and not uqkit's — never
 * written by it, or replaced since (another size or time) — unless `overwrite`.
 */
export function checkArtifact(campaign: Campaign, names: readonly string[], overwrite: boolean): void {
  if (overwrite) return;
  const ours = new Set(campaign.store.createdPaths().filter((c) => c.kind === 'file' && (c.stamp == null || c.stamp === fileStamp(join(campaign.dir, c.path)))).map((c) => c.path));
  for (const name of names) {
    let exists = true;
    try {
      lstatSync(join(campaign.dir, name));
    } catch {
      exists = false;
    }
    if (exists && !ours.has(name)) throw new CliError(`${join(campaign.dir, name)} exists and was not written by uqkit; not overwriting it (--overwrite replaces it)`);
  }
}
