// What the campaign commands share of their command lines: exit statuses and argument parsing
// into one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

/** Exit statuses of the campaign commands (documented in --help and the README). */
export const EXIT = { ok: 0, error: 1, usage: 2, runsFailed: 3, interrupted: 130 } as const;

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The command line of a command with `options` and at most `positionals` positional arguments. */
export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses `argv` strictly: an unknown option, a missing value or more than `positionals`
 * positional arguments is a CliError of one line.
 */
export function args<const O extends Options>(argv: string[], options: O, positionals: number): Parsed<O> {
  try {
    const r = parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({ args: argv, options, allowPositionals: true, strict: true });
    if (r.positionals.length > positionals) throw new CliError(`unexpected argument ${JSON.stringify(r.positionals[positionals])}`);
    return r;
  } catch (e) {
    if (e instanceof CliError) throw e;
    // (one line: Node's messages can run over three)
    throw new CliError((e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' '));
  }
}
