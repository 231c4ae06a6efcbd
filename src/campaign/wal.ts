// The -wal file of a campaign's store against SQLite's frame layout: a file that ends inside a
// frame was cut short (a truncation, an interrupted copy), and SQLite then ignores what follows
// the last whole commit before the cut. Read by `uqkit check` and, as a warning, by the commands
// that only read a campaign; nothing here opens the database through SQLite.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The page size from the database header (bytes 16-17, big-endian; 1 means 65536), or undefined
 * when the header cannot be read.
 */
function pageSize(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(100);
    if (readSync(fd, b, 0, 100, 0) < 100 || b.toString('latin1', 0, 16) !== 'SQLite format 3\0') return undefined;
    const p = b.readUInt16BE(16);
    return p === 1 ? 65536 : p;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The -wal file of the database `path` against SQLite's layout: a 32-byte header, then frames
 * of 24 + page size bytes. SQLite appends whole frames; a file that ends inside one was cut
 * short. Returns what is wrong, in one line, or undefined. (A writer caught in the middle of an
 * append looks the same for a moment: look when no process writes the file.)
 */
export function walCut(path: string): string | undefined {
  const wal = `${path}-wal`;
  let size: number;
  try {
    size = statSync(wal).size;
  } catch {
    return undefined;
  }
  if (size === 0) return undefined;
  const page = pageSize(path);
  if (page === undefined) return undefined;
  if (size >= 32 && (size - 32) % (page + 24) === 0) return undefined;
  return `${basename(path)}-wal ends inside a frame (${size} bytes is not 32 + a whole number of ${page + 24}-byte frames): it was cut short, by a truncation, ` +
    'an interrupted copy or a crash while it was written; SQLite ignores what follows the last whole commit before the cut, so runs recorded after it read as not done';
}

