// An encoder that makes a tree of empty directories in each run directory, for models that
// expect their output folders to exist (EasyVVUQ's DirectoryBuilder). Folders are made one at a
// time without following symbolic links, so a link in a run directory cannot send them
// elsewhere.
import { join } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { mkdirsNoFollow } from './safe-fs.js';
import { inRun } from './spec.js';
import type { EncodeFn } from './types.js';

/**
 * The directories of a tree spec (`{ a: { b: {}, c: {} } }` -> `a`, `a/b`, `a/c`), each checked
 * to be a plain name inside the run directory.
 *
 * @throws InvalidArgumentError naming the path in the tree of a bad name or sub-tree
 */
export function treePaths(field: string, tree: unknown): string[] {
  const out: string[] = [];
  const walk = (at: string, node: unknown, prefix: string): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new InvalidArgumentError({ field: at, value: node, expected: 'a mapping of directory names to their own trees ({} for an empty directory)' });
    }
    for (const [name, sub] of Object.entries(node)) {
      if (name === '' || name === '.' || name === '..' || /[/\\\x00]/.test(name)) {
        throw new InvalidArgumentError({ field: `${at}.${name}`, value: name, expected: 'a directory name without / or \\ (a sub-directory is a nested mapping)' });
      }
      const path = inRun(`${at}.${name}`, prefix === '' ? name : join(prefix, name));
      out.push(path);
      walk(`${at}.${name}`, sub, path);
    }
  };
  walk(field, tree, '');
  if (out.length === 0) throw new InvalidArgumentError({ field, value: tree, expected: 'at least one directory, e.g. { output: { logs: {} } }' });
  return out;
}

/** An encoder that makes the directories `paths` (from treePaths) in each run directory. */
export function directoriesEncoder(paths: readonly string[]): EncodeFn {
  return (dir: string): void => {
    for (const p of paths) mkdirsNoFollow(dir, join(dir, p));
  };
}
