// Shared checks for encoder and decoder specs. Specs are JSON (they live in the campaign's
// SQLite file), so every field is checked here with an error naming its path in the spec
// (`encoders[1].target`), the value and what was expected. Paths of the user's files are
// resolved against `baseDir` (the folder of the campaign file); paths inside a run directory
// must stay inside it.
import { existsSync, lstatSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { knownKeys } from '../core/validate.js';
import { MissingFileError } from './errors.js';
import { mkdirsNoFollow } from './safe-fs.js';

/** A spec: a plain object with a string `kind` among `kinds` and no keys but `keys[kind]`. */
export function specOf<K extends string>(field: string, value: unknown, keys: Readonly<Record<K, readonly string[]>>): Record<string, unknown> & { kind: K } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError({ field, value, expected: `a spec object with a kind (${Object.keys(keys).map((k) => JSON.stringify(k)).join(', ')})` });
  }
  const spec = value as Record<string, unknown>;
  const kind = spec.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(keys, kind)) {
    throw new InvalidArgumentError({ field: `${field}.kind`, value: kind, expected: `one of ${Object.keys(keys).map((k) => JSON.stringify(k)).join(', ')}` });
  }
  knownKeys(field, spec, ['kind', ...keys[kind as K]]);
  return spec as Record<string, unknown> & { kind: K };
}

/** A non-empty string. */
export function text(field: string, value: unknown, what = 'a non-empty string'): string {
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError({ field, value, expected: what });
  return value;
}

/** An absolute or relative directory that options give (e.g. `baseDir`), made absolute. */
export function directory(field: string, value: unknown): string {
  return resolve(text(field, value, 'a directory path (a non-empty string)'));
}

/**
 * A user's file (or directory) named in a spec, resolved against `baseDir`; it must exist.
 * Returns the absolute path.
 */
export function source(field: string, value: unknown, baseDir: string, allow: 'file' | 'file or directory' = 'file'): string {
  const given = text(field, value, 'a path (a non-empty string)');
  const path = resolve(baseDir, given);
  if (!existsSync(path)) throw new MissingFileError(field, given, path, allow);
  if (allow === 'file' && !statSync(path).isFile()) throw new InvalidArgumentError({ field, value: given, expected: `a file, not a directory (resolved ${path})` });
  return path;
}

/**
 * The files the runners themselves write in every run directory: the command's output
 * (stdout, stderr) and the Slurm runner's run script and status file. An encoder target at
 * one of them (or under it) would be overwritten, or make the runner's write fail.
 */
export const RUNNER_FILES: readonly string[] = ['stdout', 'stderr', '.uqkit-run.sh', '.uqkit-status', '.uqkit-status.tmp'];

/**
 * Refuses an encoder target (normalised by `inRun`) that the runners write themselves, and
 * params.json (the run's parameters, read by the in-run helper) unless a json encoder writes it.
 */
export function ownTarget(field: string, target: string, kind: string): string {
  const first = target.split(sep)[0]!;
  if (RUNNER_FILES.includes(first)) {
    throw new InvalidArgumentError({ field, value: target, expected: `a file the runner does not write itself (it writes ${RUNNER_FILES.join(', ')} in each run directory)` });
  }
  if (first === 'params.json' && (kind !== 'json' || target !== first)) {
    throw new InvalidArgumentError({ field, value: target, expected: 'another file: params.json holds the run\'s parameters (only a json encoder may write it)' });
  }
  return target;
}

/**
 * A path inside a run directory: relative, with no `..` leading out. Returns it normalised
 * (`a/./b` → `a/b`).
 */
export function inRun(field: string, value: unknown): string {
  const given = text(field, value, 'a path relative to the run directory (a non-empty string)');
  let norm = normalize(given);
  while (norm.length > 1 && norm.endsWith(sep)) norm = norm.slice(0, -1);
  if (isAbsolute(given) || norm === '.' || norm === '..' || norm.startsWith(`..${sep}`)) {
    throw new InvalidArgumentError({ field, value: given, expected: 'a path relative to the run directory that stays inside it (no leading / and no ..)' });
  }
  return norm;
}

/**
 * Makes room for `target` in the run directory `dir`: its parent folders are created and
 * whatever is there already is removed. Removing first matters: writing to a path that is a
 * symbolic link (left by an earlier encoding of the same run) would write through it into the
 * user's original file. Its parent folders are reached without following links: a folder the
 * model replaced by a link (to a folder outside the campaign) is an UnsafePathError.
 */
export function prepareTarget(dir: string, target: string): string {
  const path = join(dir, target);
  mkdirsNoFollow(dir, dirname(path));
  if (existsOrLink(path)) rmSync(path, { recursive: true, force: true });
  return path;
}

/** True when something is at `path`, a dangling symbolic link included. */
export function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A list of distinct non-empty strings. */
export function names(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidArgumentError({ field, value, expected: 'a non-empty array of names' });
  const seen = new Set<string>();
  value.forEach((v, i) => {
    text(`${field}[${i}]`, v);
    if (seen.has(v as string)) throw new InvalidArgumentError({ field: `${field}[${i}]`, value: v, expected: 'names that appear once' });
    seen.add(v as string);
  });
  return value as string[];
}
