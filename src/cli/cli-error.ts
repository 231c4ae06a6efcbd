// The CLI's error for a user's mistake, in its own module so that the entry can recognise it
// without loading what reads problem files and tables.
import { UqkitError } from '../core/errors.js';

/** A user mistake in a command or a file: printed as one line, exit status 1. */
export class CliError extends UqkitError {
  override readonly name: string = 'CliError';
  override readonly code: string = 'ERR_CLI';
  /** The file the mistake is in, when there is one. */
  readonly file: string | undefined;
  /** Its line (from 1), when known. */
  readonly line: number | undefined;
  /**
   * @param message what is wrong and what was expected
   * @param where the file and line it is in; the message is prefixed with `file:line: `
   */
  constructor(message: string, where: { file?: string; line?: number } = {}) {
    super(where.file === undefined ? message : `${where.file}${where.line === undefined ? '' : `:${where.line}`}: ${message}`);
    this.file = where.file;
    this.line = where.line;
  }
}

/**
 * Bad usage of a command (an unknown option, a missing option value, an extra argument):
 * printed as one line, exit status 2.
 */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError';
  override readonly code: string = 'ERR_CLI_USAGE';
}
