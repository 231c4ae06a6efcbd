// "Did you mean": the known word closest to a mistyped command, method or option, and option
// parsing (node:util parseArgs) whose errors are one line that names the closest option.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error.js';

/**
 * Edit distance between `a` and `b` with insertions, deletions, substitutions and swaps of two
 * neighbouring characters (optimal string alignment), so that "stauts" is 1 from "status".
 */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const row = new Array<number>(n + 1);
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
    }
    prev2 = prev;
    prev = row;
  }
  return prev[n]!;
}

/**
 * The known word closest to `word`, when it is close: at most one edit for words of up to five
 * characters, two for longer ones, and fewer edits than the word has characters; or the only
 * known word that `word` begins (a prefix of at least three characters). Undefined otherwise,
 * and for an exact match. Ties go to the word listed first.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  if (known.includes(word)) return undefined;
  const bare = (w: string) => w.replace(/^-+/, '');
  const core = bare(word);
  let best: string | undefined, bestD = Infinity;
  for (const k of known) {
    const d = editDistance(core.toLowerCase(), bare(k).toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  const limit = Math.min(core.length <= 5 ? 1 : 2, core.length - 1);
  if (best !== undefined && bestD <= limit) return best;
  const starts = core.length >= 3 ? known.filter((k) => bare(k).startsWith(core) && k.startsWith('-') === word.startsWith('-')) : [];
  return starts.length === 1 ? starts[0] : undefined;
}

/** `; did you mean "x"?` for the closest known word, or '' when none is close. */
export function didYouMean(word: string, known: readonly string[], quote = true): string {
  const c = closest(word, known);
  return c === undefined ? '' : `; did you mean ${quote ? JSON.stringify(c) : c}?`;
}

/** The options of a command, as node:util parseArgs takes them. */
export type Options = NonNullable<ParseArgsConfig['options']>;

/** The command line of a command with `options`. */
export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses `argv` strictly with `options` and at most `positionals` positional arguments. An
 * unknown option is a UsageError (exit status 2) naming the closest known option ("unknown
 * option --fersh; did you mean --fresh?"); a missing value or an extra argument is a
 * UsageError of one line too.
 */
export function parseOptions<const O extends Options>(argv: string[], options: O, positionals: number): Parsed<O> {
  let r: Parsed<O>;
  try {
    r = parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const unknown = /^Unknown option '([^']+)'/.exec(err.message);
    if (unknown) {
      const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      const word = unknown[1]!;
      // a short option's neighbours are not close: only long ones get a suggestion
      throw new UsageError(`unknown option ${word}${word.startsWith('--') ? didYouMean(word, known.filter((k) => k.startsWith('--')), false) : ''}`);
    }
    const missing = /^Option '([^']+)' argument missing/.exec(err.message);
    if (missing) throw new UsageError(`option ${missing[1]!.replace(/ <value>$/, '')} needs a value`);
    const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(err.message);
    if (ambiguous) throw new UsageError(`option ${ambiguous[1]} needs a value (to give one that starts with a dash, write ${ambiguous[1]}=VALUE)`);
    throw new UsageError(err.message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' '));
  }
  if (r.positionals.length > positionals) throw new UsageError(`unexpected argument ${JSON.stringify(r.positionals[positionals])}`);
  return r;
}
