// The CLI's error for a user's mistake, in its own module so that the entry can recognise it
// without loading what reads problem files and tables.
import { UqkitError } from '../core/errors.js';

/** A user mistake in a command or a file: printed as one line, exit status 1. */
export class CliError extends UqkitError {
  override readonly name: string = 'CliError';
  override readonly code: string = 'ERR_CLI';
  readonly file: string | undefined;
  readonly line: number | undefined;
  constructor(message: string, where: { file?: string; line?: number } = {}) {
    super(where.file === undefined ? message : `${where.file}${where.line === undefined ? '' : `:${where.line}`}: ${message}`);
    this.file = where.file;
    this.line = where.line;
  }
}
