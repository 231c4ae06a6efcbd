// The words of a POSIX shell command line, as `sh` splits them: quotes ('...' and "..."),
// backslash escapes, and the operators that end a word (; & && | || ( ) and redirections
// < > >> << <& >& >| <>). Each word keeps where it lies in the line, so that a caller can
// replace one word and leave the rest of the line as the user wrote it.

export interface ShellWord {
  /** The word with its quotes and escapes removed. */
  readonly value: string;
  /** Offsets of the word in the line: [start, end). */
  readonly start: number;
  readonly end: number;
  /**
   * The word holds an unquoted or double-quoted expansion ($, `): its value is only known
   * when the shell runs it.
   */
  readonly expands: boolean;
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>']);
const BLANK = new Set([' ', '\t', '\n', '\r']);

/** Splits `line` into shell words (operators and comments are not words). */
export function shellWords(line: string): ShellWord[] {
  const words: ShellWord[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (BLANK.has(c) || OPERATOR_CHARS.has(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      // a comment runs to the end of the line
      while (i < n && line[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let value = '';
    let expands = false;
    while (i < n && !BLANK.has(line[i]!) && !OPERATOR_CHARS.has(line[i]!)) {
      const ch = line[i]!;
      if (ch === '\\') {
        if (i + 1 < n && line[i + 1] !== '\n') value += line[i + 1];
        i += 2;
      } else if (ch === "'") {
        const close = line.indexOf("'", i + 1);
        const stop = close === -1 ? n : close;
        value += line.slice(i + 1, stop);
        i = stop + 1;
      } else if (ch === '"') {
        i++;
        while (i < n && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(line[i + 1]!)) {
            if (line[i + 1] !== '\n') value += line[i + 1];
            i += 2;
            continue;
          }
          if (line[i] === '$' || line[i] === '`') expands = true;
          value += line[i];
          i++;
        }
        i++;
      } else {
        if (ch === '$' || ch === '`') expands = true;
        value += ch;
        i++;
      }
    }
    words.push({ value, start, end: Math.min(i, n), expands });
  }
  return words;
}

/** `s` quoted for sh: in single quotes, each ' written as '\''. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
