// Files of the command line: SALib's problem files (./problem-file.ts) and numeric tables
// (whitespace- or comma-separated, as numpy.savetxt / loadtxt write and read them). Every
// problem is reported as one CliError naming the file, the line and what is wrong. `-` is
// standard input or output.
import { writeUserFile } from '../io/safe-fs.js';
import { CliError } from './cli-error.js';
import { inputName, readInput } from './input.js';
import { fields } from './problem-file.js';

export { CliError } from './cli-error.js';
export { readProblem, type Problem } from './problem-file.js';

/** A numeric table read from a file. */
export interface Table {
  /** The numbers, row-major. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** The file line (from 1) of each row. */
  readonly lines: readonly number[];
  /** The file's text (its `# ...` header lines included). */
  readonly text: string;
  /** The file as named in messages (`<stdin>` for `-`). */
  readonly file: string;
}

/**
 * A numeric table (`-`: standard input): one row per line, numbers separated by `delimiter`
 * (default: commas, else tabs or runs of spaces), all lines alike; # starts a comment line.
 * `nan`, `inf` and `-inf` are read as numpy writes them.
 */
export function readTable(path: string, what = 'table', delimiter?: string): Table {
  const text = readInput(path, what);
  const file = inputName(path);
  const values: number[] = [];
  const lines: number[] = [];
  let cols = -1, rows = 0;
  const split = delimiter === undefined || delimiter.trim() === '' ? fields : (t: string) => t.split(delimiter).map((f) => f.trim());
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const f = split(t);
    if (cols < 0) cols = f.length;
    else if (f.length !== cols) throw new CliError(`expected ${cols} number${cols === 1 ? '' : 's'} per line as on the first line, got ${f.length}`, { file, line: i + 1 });
    f.forEach((s, j) => {
      const low = s.toLowerCase();
      const v = low === 'nan' ? NaN : low === 'inf' || low === '+inf' || low === 'infinity' ? Infinity : low === '-inf' || low === '-infinity' ? -Infinity : s === '' ? NaN : Number(s);
      if (Number.isNaN(v) && low !== 'nan') throw new CliError(`field ${j + 1}: expected a number, got ${JSON.stringify(s)}`, { file, line: i + 1 });
      values.push(v);
    });
    lines.push(i + 1);
    rows++;
  });
  if (rows === 0) throw new CliError(`no numbers in the ${what}`, { file });
  return { data: Float64Array.from(values), rows, cols, lines, text, file };
}

/**
 * Writes rows x cols numbers, one row per line, separated by `delimiter` and formatted by
 * `format` (default: the shortest exact decimal); `header` lines get '# '. To standard output
 * for `-` or no path; a file is written whole or not at all.
 */
export function writeTable(path: string | undefined, data: Float64Array, rows: number, cols: number, opts: { delimiter: string; precision?: number; format?: (v: number) => string; header?: readonly string[] }): void {
  const fmt = opts.format ?? (opts.precision === undefined ? (v: number) => String(v) : (v: number) => v.toExponential(opts.precision));
  const lines: string[] = (opts.header ?? []).map((h) => `# ${h}`);
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < cols; j++) row.push(fmt(data[i * cols + j]!));
    lines.push(row.join(opts.delimiter));
  }
  const text = lines.join('\n') + '\n';
  if (path === undefined || path === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    writeUserFile(path, text); // whole or not at all
  } catch (e) {
    throw new CliError(`cannot write: ${(e as Error).message}`, { file: path });
  }
}
