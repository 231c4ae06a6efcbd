// Copy encoders: a file or a whole directory tree (meshes, a model's fixed inputs) copied into
// every run directory, optionally under another name. The copy is made from the original each
// time a run is encoded, so an edit to the original shows in runs encoded after it; for files
// that must not change during a campaign, or are too big to copy per run, see ./resource.ts.
// Symbolic links inside a copied tree are copied as links, their targets as written.
import { cpSync } from 'node:fs';
import { prepareTarget } from './spec.js';
import type { EncodeFn } from './types.js';

/** Copies the file or directory `path` to `to` (which must not exist), links inside kept as written. */
export function copyTree(path: string, to: string): void {
  cpSync(path, to, { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });
}

/** An encoder copying the file or directory at `path` to `target` in the run directory. */
export function copyEncoder(path: string, target: string): EncodeFn {
  return (dir: string): void => copyTree(path, prepareTarget(dir, target));
}
