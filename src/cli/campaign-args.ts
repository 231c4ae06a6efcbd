// What the campaign commands share of their command lines: exit statuses and argument parsing
// into one-line usage errors.
import { parseOptions, type Options, type Parsed } from './suggest.js';

/** Exit statuses of the campaign commands (documented in --help and the README). */
export const EXIT = { ok: 0, error: 1, usage: 2, runsFailed: 3, interrupted: 130 } as const;

export type { Options, Parsed } from './suggest.js';

/**
 * Parses `argv` strictly: an unknown option (with the closest known one named), a missing
 * value or more than `positionals` positional arguments is a UsageError of one line (exit
 * status 2).
 */
export function args<const O extends Options>(argv: string[], options: O, positionals: number): Parsed<O> {
  return parseOptions(argv, options, positionals);
}
