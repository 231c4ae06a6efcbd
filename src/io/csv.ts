// The CSV decoder's reader: a header row of names, then rows of numbers. Models write CSV in
// many dialects, so the reader takes what they write and is strict only where a mistake would
// otherwise become a wrong number:
// - cells are trimmed of spaces and tabs; double-quoted cells (RFC 4180, "" for a quote) are
//   taken as they are, delimiters and line breaks inside them included; blank lines are
//   skipped; a leading byte-order mark is dropped; \r\n and \n both end a row;
// - with delimiter ' ' or '\t', any run of spaces and tabs separates cells (whitespace-aligned
//   tables, as Fortran writes them) and quotes have no special meaning;
// - numbers: an optional sign, digits with an optional point, an optional exponent marked e, E,
//   d or D (Fortran's 1.0D+00); also nan, inf, infinity in any case with an optional sign —
//   models do produce them, and hiding them would bias an analysis. Anything else, an empty cell
//   included, is an error naming the file, the line and the column. Hex, digit separators and
//   surrounding text (`1.5 m`) are refused. A number beyond the double range reads as ±Infinity
//   (as strtod does).
import { FileFormatError, type FileLocation } from './errors.js';
import { readRunFile } from './json-read.js';

/** One row of a CSV file and the line it starts on. */
export interface CsvRow {
  /** 1-based line of the row in the file. */
  readonly line: number;
  /** The cells, as text. */
  readonly cells: readonly string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/** A CSV cell as a number (see the top of this file), or undefined when it is not one. */
export function parseNumber(cell: string): number | undefined {
  if (NUMBER.test(cell)) return Number(cell.replace(/[dD]/, 'e'));
  switch (cell.toLowerCase()) {
    case 'nan': case '+nan': case '-nan':
      return NaN;
    case 'inf': case '+inf': case 'infinity': case '+infinity':
      return Infinity;
    case '-inf': case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

/** Splits CSV text into rows of cells (see the top of this file). */
export function parseCsv(text: string, delimiter: string, at: Pick<FileLocation, 'file' | 'path'>): CsvRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (delimiter === ' ' || delimiter === '\t') {
    const rows: CsvRow[] = [];
    body.split('\n').forEach((raw, k) => {
      const trimmed = raw.trim();
      if (trimmed !== '') rows.push({ line: k + 1, cells: trimmed.split(/[ \t]+/) });
    });
    return rows;
  }
  const rows: CsvRow[] = [];
  const n = body.length;
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let quoted = false;
    for (;;) {
      while (isSpace(body[i])) i++;
      if (body[i] === '"') {
        quoted = true;
        const open = line;
        let cell = '';
        for (i++; ; ) {
          if (i >= n) throw new FileFormatError({ ...at, line: open }, 'a quoted cell is not closed');
          const c = body[i]!;
          if (c === '"' && body[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            if (c === '\n') line++;
            cell += c;
            i++;
          }
        }
        while (isSpace(body[i])) i++;
        const next = body[i];
        if (i < n && next !== delimiter && next !== '\r' && next !== '\n') throw new FileFormatError({ ...at, line }, `unexpected ${JSON.stringify(next)} after a quoted cell`);
        cells.push(cell);
      } else {
        let j = i;
        while (j < n && body[j] !== delimiter && body[j] !== '\n' && body[j] !== '\r') j++;
        cells.push(body.slice(i, j).replace(/[ \t]+$/, ''));
        i = j;
      }
      if (i < n && body[i] === delimiter) {
        i++;
        continue;
      }
      if (body[i] === '\r') i++;
      if (body[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (quoted || cells.length > 1 || cells[0] !== '') rows.push({ line: start, cells });
  }
  return rows;
}

export interface CsvDecodeOptions {
  /** The file as the spec names it, relative to the run directory. */
  readonly file: string;
  readonly columns: readonly string[];
  readonly delimiter: string;
  /** Arrays even for one data row. */
  readonly vector: boolean;
}

/**
 * Reads the named columns of the CSV file `path`: a number per column when there is one data
 * row (and `vector` is false), an array of numbers otherwise.
 *
 * @throws FileFormatError for a missing file, a missing column, no data rows, a short row or a
 *   cell that is not a number — naming the file, the line and the column.
 */
export function readCsvColumns(path: string, o: CsvDecodeOptions): Record<string, number | number[]> {
  const at = { file: o.file, path };
  const rows = parseCsv(readRunFile(at), o.delimiter, at);
  const header = rows[0];
  if (!header) throw new FileFormatError(at, 'is empty (expected a header row of column names)');
  const index = o.columns.map((name) => {
    const k = header.cells.indexOf(name);
    if (k === -1) throw new FileFormatError({ ...at, line: header.line, column: name }, `no such column in the header (the columns are ${header.cells.map((c) => JSON.stringify(c)).join(', ')})`);
    if (header.cells.indexOf(name, k + 1) !== -1) throw new FileFormatError({ ...at, line: header.line, column: name }, 'the header names this column twice');
    return k;
  });
  const data = rows.slice(1);
  if (data.length === 0) throw new FileFormatError({ ...at, line: header.line }, 'has a header but no data rows');
  const out: Record<string, number | number[]> = {};
  o.columns.forEach((name, c) => {
    const k = index[c]!;
    const values = data.map((row) => {
      const cell = row.cells[k];
      if (cell === undefined) throw new FileFormatError({ ...at, line: row.line, column: name }, `the row has ${row.cells.length} cells, the column is number ${k + 1}`);
      const v = parseNumber(cell);
      if (v === undefined) throw new FileFormatError({ ...at, line: row.line, column: name }, cell === '' ? 'empty cell (expected a number)' : `expected a number, got ${JSON.stringify(cell.length > 40 ? cell.slice(0, 37) + '...' : cell)}`);
      return v;
    });
    out[name] = values.length === 1 && !o.vector ? values[0]! : values;
  });
  return out;
}
