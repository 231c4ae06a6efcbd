// Errors of encoders and decoders. Spec mistakes found when an encoder or decoder is built are
// InvalidArgumentErrors naming the spec path (`encoders[1].source`); a missing file gets its own
// class carrying the resolved path. Problems inside a file — a template's unknown placeholder, a
// CSV cell that is not a number, a JSON path that leads nowhere — are FileFormatErrors naming
// the file, the line and the column, because that is what a person needs to go and look.
import { InvalidArgumentError, UqkitError, describeValue } from '../core/errors.js';

/** A file or directory named in a spec does not exist. `path` is where it was looked for. */
export class MissingFileError extends InvalidArgumentError {
  override readonly name: string = 'MissingFileError';
  override readonly code: string = 'ERR_MISSING_FILE';
  /** The absolute path looked at. */
  readonly path: string;
  constructor(field: string, given: string, path: string, what = 'file') {
    super({ field, value: given, expected: `an existing ${what}` });
    this.message = `${field}: ${what} not found (got ${describeValue(given)}, resolved ${path})`;
    this.path = path;
  }
}

/** Where in a file a FileFormatError is. */
export interface FileLocation {
  /** The file as the spec names it (relative to the run directory or the campaign file). */
  readonly file: string;
  /** The absolute path of the file. */
  readonly path: string;
  /** 1-based line, when the problem is on one line. */
  readonly line?: number;
  /** The column: a CSV column's name, or a 1-based character position. */
  readonly column?: string | number;
}

/**
 * A file an encoder reads (a template) or a decoder reads (a model's output) does not hold what
 * was expected. The message starts with `file line N, column C:`.
 */
export class FileFormatError extends UqkitError {
  override readonly name: string = 'FileFormatError';
  override readonly code: string = 'ERR_FILE_FORMAT';
  /** The file as the spec names it (relative to the run directory or the campaign file). */
  readonly file: string;
  /** The absolute path of the file. */
  readonly path: string;
  /** 1-based line, when the problem is on one line. */
  readonly line: number | undefined;
  /** The column: a CSV column's name, or a 1-based character position. */
  readonly column: string | number | undefined;
  constructor(at: FileLocation, problem: string, cause?: unknown) {
    super(`${where(at)}: ${problem}`, cause === undefined ? {} : { cause });
    this.file = at.file;
    this.path = at.path;
    this.line = at.line;
    this.column = at.column;
  }
}

function where(at: FileLocation): string {
  let s = at.file;
  if (at.line !== undefined) s += ` line ${at.line}`;
  if (at.column !== undefined) s += `${at.line !== undefined ? ',' : ''} column ${typeof at.column === 'string' ? JSON.stringify(at.column) : at.column}`;
  return s;
}
