// Reading JSON that models write. Python's json.dump writes NaN, Infinity and -Infinity as bare
// words (not JSON, but what a great many models produce), and uqkit's own writers keep them as
// {"$float": "NaN"} (as the campaign store does): both read back as the numbers. Bare words
// are recognised only outside strings. A file that still does not parse is a FileFormatError
// naming the file and, when JSON.parse reports a position, its line and column.
import { readFileSync } from 'node:fs';
import { FileFormatError, type FileLocation } from './errors.js';

const FLOAT_WORDS = ['-Infinity', 'Infinity', 'NaN'];

function revive(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const f = (v as { $float?: unknown }).$float;
    if ((f === 'NaN' || f === 'Infinity' || f === '-Infinity') && Object.keys(v).length === 1) return Number(f);
  }
  return v;
}

/** Replaces bare NaN / Infinity / -Infinity outside strings by {"$float": ...}; undefined if there are none. */
function quoteFloatWords(text: string): string | undefined {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === 'N' || c === 'I' || c === '-') {
      const word = FLOAT_WORDS.find((w) => text.startsWith(w, i));
      if (word) {
        out += text.slice(last, i) + `{"$float":"${word}"}`;
        i += word.length - 1;
        last = i + 1;
      }
    }
  }
  return last === 0 ? undefined : out + text.slice(last);
}

/** Parses JSON text with NaN/Infinity allowed (see the top of this file). */
export function parseJson(text: string, at: Pick<FileLocation, 'file' | 'path'>): unknown {
  try {
    return JSON.parse(text, revive);
  } catch (first) {
    const quoted = quoteFloatWords(text);
    if (quoted !== undefined) {
      try {
        return JSON.parse(quoted, revive);
      } catch {
        // report the first error: its position is in the file as written
      }
    }
    const message = (first as Error).message;
    const m = /at position (\d+)/.exec(message);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      throw new FileFormatError({ ...at, line, column: pos - before.lastIndexOf('\n') }, `not valid JSON: ${message}`, first);
    }
    throw new FileFormatError(at, `not valid JSON: ${message}`, first);
  }
}

/** The text of an output file in a run directory; a missing or unreadable one is a FileFormatError naming it. */
export function readRunFile(at: FileLocation): string {
  try {
    return readFileSync(at.path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileFormatError(at, code === 'ENOENT' ? 'not found in the run directory' : `cannot be read: ${(e as Error).message}`, e);
  }
}

/** Reads and parses a JSON file in a run directory. */
export function readJsonFile(path: string, file: string): unknown {
  const at = { file, path };
  return parseJson(readRunFile(at), at);
}
