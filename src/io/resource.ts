// Resource encoders: a data file (or directory) staged into each run directory in one of three
// ways, which differ in what a later edit of the original does to the campaign:
//
//   'copy'         copied into the run directory when the run is encoded. Runs encoded after
//                  an edit see the edit; runs encoded before keep their copy.
//   'shared-link'  ONE copy is made under the campaign, `<campaignDir>/shared/<key>-<name>`,
//                  when the encoder is first built; every run directory gets a symbolic link to
//                  it. Editing (or deleting) the original afterwards changes nothing in the
//                  campaign: the campaign reads its own frozen copy, stored once however many
//                  runs there are. The link is relative, so moving the campaign directory as a
//                  whole keeps it working.
//   'link'         a symbolic link to the original (absolute path). Nothing is copied; every
//                  run, encoded or not, sees the original as it is when the model reads it.
//
// The shared copy's `<key>` is the first 12 hex digits of the SHA-256 of the original's
// absolute path, so two resources with the same file name in different folders do not collide,
// and an encoder built again later (a resumed campaign, another machine on the same file
// system) finds the copy made the first time instead of copying the — possibly edited —
// original again. The copy is written under a temporary name and renamed into place, so
// processes building the encoder at the same time never see half a copy.
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { copyTree } from './copy.js';
import { mkdirsNoFollow } from './safe-fs.js';
import { prepareTarget } from './spec.js';
import type { EncodeFn } from './types.js';

/**
 * How a resource encoder stages a file or directory into each run directory: `'copy'` (a copy
 * per run, made when the run is encoded), `'shared-link'` (one frozen copy under the campaign's
 * `shared/`, linked from every run) or `'link'` (a symbolic link to the original).
 */
export type ResourceMode = 'copy' | 'shared-link' | 'link';
/** Every {@link ResourceMode}. */
export const RESOURCE_MODES: readonly ResourceMode[] = ['copy', 'shared-link', 'link'];

/** Where the shared copy of the original at `path` lives in the campaign directory. */
export function sharedCopyPath(campaignDir: string, path: string): string {
  const key = createHash('sha256').update(path).digest('hex').slice(0, 12);
  return join(campaignDir, 'shared', `${key}-${basename(path)}`);
}

/** Makes the shared copy of `path` unless it exists; returns where it is. */
export function ensureSharedCopy(campaignDir: string, path: string): string {
  const shared = sharedCopyPath(campaignDir, path);
  mkdirsNoFollow(campaignDir, dirname(shared)); // shared/ itself, never through a link
  if (existsSync(shared)) return shared;
  const tmp = `${shared}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    copyTree(path, tmp);
    try {
      renameSync(tmp, shared);
    } catch (e) {
      // another process renamed its copy first (a directory cannot be renamed onto a non-empty one)
      if (!existsSync(shared)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return shared;
}

export interface ResourceEncoderOptions {
  /** The original's absolute path. */
  readonly path: string;
  readonly mode: ResourceMode;
  /** Where in the run directory (relative, checked). */
  readonly target: string;
  /** The campaign directory; needed by 'shared-link'. */
  readonly campaignDir?: string;
}

/** An encoder staging one resource (see the top of this file). */
export function resourceEncoder(o: ResourceEncoderOptions): EncodeFn {
  if (o.mode === 'copy') return (dir: string): void => copyTree(o.path, prepareTarget(dir, o.target));
  if (o.mode === 'link') return (dir: string): void => symlinkSync(o.path, prepareTarget(dir, o.target));
  if (o.campaignDir === undefined) throw new InvalidArgumentError({ field: 'campaignDir', value: undefined, expected: "the campaign directory, where mode 'shared-link' keeps its shared copy" });
  const shared = ensureSharedCopy(o.campaignDir, o.path);
  return (dir: string): void => {
    const at = prepareTarget(dir, o.target);
    symlinkSync(relative(dirname(at), shared), at);
  };
}
