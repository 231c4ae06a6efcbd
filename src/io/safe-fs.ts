// Files under a directory uqkit owns (a campaign directory, a run directory), reached without
// following symbolic links. A model runs inside its run directory and may leave a link where
// uqkit's own file or folder belongs (`stdout -> /home/me/notes.txt`, `sub -> /elsewhere`);
// writing, truncating or deleting through that link would change files outside the campaign.
// So every component below the owned directory is checked with lstat, files are opened with
// O_NOFOLLOW, and a link found where uqkit's file belongs is an UnsafePathError naming it.
// Links above the owned directory (/home -> /data/home) are the system's and are followed.
//
// Artifacts (reports, analyses, exports) are written whole or not at all: into a temporary
// file beside the target, then renamed over it, so a process killed while writing never
// leaves a half-written file.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, rmdirSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { UnsafePathError } from '../core/errors.js';

const { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_EXCL } = constants;
/** 0 where the platform has no O_NOFOLLOW (Windows): the lstat checks still apply. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function linkError(root: string, path: string): UnsafePathError {
  let to = '';
  try {
    to = ` (to ${readlinkSync(path)})`;
  } catch {
    // gone meanwhile: the message without its target
  }
  return new UnsafePathError(path, `is a symbolic link${to} where uqkit's own file or folder belongs; uqkit does not write or delete through links inside ${root}`);
}

/** The components of `path` below `root` ([] for root itself). */
function below(root: string, path: string): string[] {
  const rel = relative(root, path);
  if (rel === '') return [];
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new UnsafePathError(path, `is not inside ${root}`);
  return rel.split(sep);
}

/**
 * Checks that no component of `path` below `root` is a symbolic link (`path` itself too,
 * unless `last` is false) and that the ones leading to it are directories. Components that do
 * not exist end the check.
 *
 * @throws UnsafePathError naming the first link
 */
export function checkNoLinks(root: string, path: string, last = true): void {
  const parts = below(root, path);
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    const st = lstatOrUndefined(at);
    if (st === undefined) return;
    const isLast = i === parts.length - 1;
    if (st.isSymbolicLink() && (last || !isLast)) throw linkError(root, at);
    if (!isLast && !st.isDirectory()) throw new UnsafePathError(at, 'is not a directory');
  }
}

/**
 * Creates the directory `path` and the missing ones between it and `root`, one at a time,
 * refusing a symbolic link at any of them. Returns the directories it created below `root`,
 * outermost first. A missing `root` is created as `mkdir -p` would.
 *
 * @throws UnsafePathError for a link or a file where a directory belongs
 */
export function mkdirsNoFollow(root: string, path: string): string[] {
  mkdirSync(root, { recursive: true });
  const made: string[] = [];
  let at = root;
  for (const part of below(root, path)) {
    at = join(at, part);
    let st = lstatOrUndefined(at);
    if (st === undefined) {
      try {
        mkdirSync(at);
        made.push(at);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // made meanwhile by another process
      }
      st = lstatSync(at);
    }
    if (st.isSymbolicLink()) throw linkError(root, at);
    if (!st.isDirectory()) throw new UnsafePathError(at, 'is not a directory');
  }
  return made;
}

/**
 * Opens `path` without following a symbolic link at its last component: 'r' to read, 'w' to
 * write (created or truncated), 'wx' to create a new file.
 *
 * @throws UnsafePathError when `path` is a symbolic link
 */
export function openNoFollow(path: string, flags: 'r' | 'w' | 'wx', mode = 0o666): number {
  const f = flags === 'r' ? O_RDONLY : O_WRONLY | O_CREAT | (flags === 'wx' ? O_EXCL : O_TRUNC);
  try {
    return openSync(path, f | O_NOFOLLOW, mode);
  } catch (e) {
    const st = (e as NodeJS.ErrnoException).code === 'ELOOP' ? lstatOrUndefined(path) : undefined;
    if (st?.isSymbolicLink()) throw linkError(dirname(path), path);
    throw e;
  }
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}

/** Writes `data` to `path` (created or truncated) without following a link at `path`; `mode`: its permission bits, exactly. */
export function writeFileNoFollow(path: string, data: string | Uint8Array, mode?: number): void {
  const fd = openNoFollow(path, 'w');
  try {
    writeAll(fd, data);
    if (mode !== undefined) fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `path` whole or not at all: into a new temporary file in the same
 * directory (`.<name>.tmp-<pid>-<random>`), flushed to disk, then renamed over `path`. A link
 * at `path` is replaced, not written through. The temporary file is removed when writing fails.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number;
  try {
    fd = openNoFollow(tmp, 'wx');
  } catch (e) {
    throw asTarget(e, tmp, path);
  }
  try {
    try {
      writeAll(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    // (a rename error names tmp as its path: told of `path` below)
  } catch (e) {
    rmSync(tmp, { force: true });
    throw asTarget(e, tmp, path);
  }
}

/**
 * An error about the temporary file `tmp` (a missing folder, no space left, a file size
 * limit) told of `path`, the file being written.
 */
function asTarget(e: unknown, tmp: string, path: string): unknown {
  const io = e as NodeJS.ErrnoException;
  if (typeof io?.code !== 'string') return e;
  if (io.path === tmp) {
    io.message = io.message.replace(tmp, path);
    io.syscall = 'open';
  } else if (io.path !== undefined) return e;
  io.path = path;
  return io;
}

/**
 * Writes a file the user named (`-o FILE`): atomically (see writeFileAtomic) where FILE is a
 * regular file or missing; into the file a symbolic link names, atomically there; and directly
 * into a device, pipe or socket (`-o /dev/stdout`), which cannot be replaced.
 */
export function writeUserFile(path: string, data: string | Uint8Array): void {
  let st = lstatOrUndefined(path);
  let at = path;
  if (st?.isSymbolicLink()) {
    try {
      at = realpathSync(path);
      st = lstatOrUndefined(at);
    } catch {
      // a dangling link: the error of writing through it says what is wrong
      writeFileSync(path, data);
      return;
    }
  }
  if (st?.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${at}'`), { code: 'EISDIR', errno: -21, syscall: 'open', path: at });
  if (st !== undefined && !st.isFile()) writeFileSync(at, data);
  else writeFileAtomic(at, data);
}

/**
 * The size and modification time (whole seconds) of the file at `path` (`size:mtime`), to
 * tell later whether it is still the file uqkit wrote; undefined when there is no regular
 * file. Not the inode: a campaign directory copied elsewhere (rsync -a, cp -p) keeps size and
 * time, so its files stay uqkit's.
 */
export function fileStamp(path: string): string | undefined {
  const st = lstatOrUndefined(path);
  return st?.isFile() ? `${st.size}:${Math.floor(st.mtimeMs / 1000)}` : undefined;
}

/** What uqkit made at a path: a file it wrote, a directory holding others' entries too, or a tree wholly its own (a run directory). */
export type OwnedKind = 'file' | 'dir' | 'tree';

/**
 * Removes what uqkit made at `path` under `root` without following symbolic links: a 'file'
 * only while it is still a regular file (and, given its `stamp`, still the file uqkit wrote);
 * a 'dir' only when empty; a 'tree' with everything in
 * it (links inside are removed, never their targets). Nothing is removed when a component
 * between `root` and `path` is a link. Returns false when `path` was kept, true when it is gone.
 */
export function removeOwned(root: string, path: string, kind: OwnedKind, stamp?: string | null): boolean {
  try {
    checkNoLinks(root, path, false);
  } catch (e) {
    if (e instanceof UnsafePathError) return false;
    throw e;
  }
  const st = lstatOrUndefined(path);
  if (st === undefined) return true;
  if (kind === 'file') {
    if (!st.isFile() || (stamp != null && stamp !== fileStamp(path))) return false;
    unlinkSync(path);
    return true;
  }
  if (kind === 'dir') {
    if (!st.isDirectory()) return false;
    try {
      rmdirSync(path);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EBUSY') return false;
      throw e;
    }
  }
  rmSync(path, { recursive: true, force: true });
  return true;
}

/**
 * Where `path` leads once symbolic links are resolved, when that is outside `root` (also
 * resolved); undefined when it stays inside or does not exist.
 */
export function leadsOutside(root: string, path: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return real;
  }
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep) ? undefined : real;
}
