// The command-line flags of SALib's `salib sample METHOD` and `salib analyze METHOD`, shared by
// uqkit's SALib-style methods so that a shell script written for `salib` runs with `uqkit`
// put in its place: the option tables, their parsing into checked values, and numpy's number
// format for sample files.
import { parseOptions, type Options, type Parsed } from './suggest.js';
import { CliError, UsageError } from './cli-error.js';

/**
 * The options every `uqkit sample METHOD` takes (SALib's sample/common_args.py, with uqkit's
 * additions): -p/--paramfile (alias --problem), -n/--samples, -o/--output, -s/--seed,
 * --delimiter, --precision, --no-header, -h/--help.
 */
export const SAMPLE_OPTIONS = {
  paramfile: { type: 'string', short: 'p' },
  problem: { type: 'string' },
  samples: { type: 'string', short: 'n' },
  output: { type: 'string', short: 'o' },
  seed: { type: 'string', short: 's' },
  delimiter: { type: 'string' },
  precision: { type: 'string' },
  'no-header': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/**
 * The options every `uqkit analyze METHOD` takes (SALib's analyze/common_args.py, with uqkit's
 * additions): -p/--paramfile (alias --problem), -Y/--model-output-file (alias --outputs),
 * -X/--model-input-file (the sample file, whose header says how it was drawn), -c/--column,
 * --delimiter, -s/--seed, --json, -h/--help.
 */
export const ANALYZE_OPTIONS = {
  paramfile: { type: 'string', short: 'p' },
  problem: { type: 'string' },
  'model-output-file': { type: 'string', short: 'Y' },
  outputs: { type: 'string' },
  'model-input-file': { type: 'string', short: 'X' },
  column: { type: 'string', short: 'c' },
  delimiter: { type: 'string' },
  seed: { type: 'string', short: 's' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The help lines of SAMPLE_OPTIONS, for a method's --help. */
export const SAMPLE_OPTIONS_HELP = `  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line, or
                         JSON with names, bounds, groups, dists); - reads standard input.
                         --problem is the same option
  -n, --samples N        base rows N (a power of two keeps the Sobol' balance)
  -o, --output FILE      where to write (default, and -: standard output)
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, numpy's %.Pe as SALib writes (default 8:
                         1.23456789e-01); exact: the shortest decimal that reads back exactly
      --no-header        no "# ..." lines recording how the design was drawn (SALib and
                         numpy.loadtxt skip them)`;

/** The help lines of ANALYZE_OPTIONS, for a method's --help. */
export const ANALYZE_OPTIONS_HELP = `  -p, --paramfile FILE   the problem file the design was drawn for (--problem: the same)
  -Y, --model-output-file FILE
                         model outputs, one line per design row (--outputs: the same)
  -X, --model-input-file FILE
                         the sample file: its header (written by uqkit sample) says how the
                         design was drawn, and a mismatch with the options is refused
  -c, --column K         the output column to analyse, from 0 (default 0, as SALib); all: each
      --delimiter D      between numbers in the files (default: commas, tabs or spaces)
  -s, --seed S           seed of the bootstrap (default: a fresh one, reported)
      --json             JSON instead of SALib's tables
  Of -p, -Y and -X, one may be - (standard input).`;

/** Parses a SALib-style command line: no positional arguments; unknown options get a "did you mean". */
export function parseSalib<const O extends Options>(argv: string[], options: O): Parsed<O>['values'] {
  return parseOptions(argv, options, 0).values;
}

/** The value of an option given under either of two names (SALib's and uqkit's); both is a mistake. */
export function alias(values: Record<string, unknown>, name: string, other: string): string | undefined {
  const a = values[name] as string | undefined, b = values[other] as string | undefined;
  if (a !== undefined && b !== undefined) throw new UsageError(`--${name} and --${other} are the same option: give one`);
  return a ?? b;
}

/** An integer option >= min (undefined when not given). */
export function intArg(name: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) throw new CliError(`--${name}: expected an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got ${JSON.stringify(v)}`);
  return n;
}

/** A seed: an integer from 0 to 2^64 - 1 (undefined when not given). */
export function seedArg(v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || BigInt(v) >= 2n ** 64n) throw new CliError(`--seed: expected an integer from 0 to 2^64-1, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

/** SALib's --max-order: 1 or 2 (default 2). */
export function maxOrderArg(v: string | undefined): 1 | 2 {
  if (v === undefined) return 2;
  if (v !== '1' && v !== '2') throw new CliError(`--max-order: expected 1 or 2, got ${JSON.stringify(v)}`);
  return v === '1' ? 1 : 2;
}

/** --delimiter: the text between numbers; `\t` and `tab` stand for a tab. */
export function delimiterArg(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v === '') throw new CliError('--delimiter: expected a non-empty text, such as , or " "');
  return v === '\\t' || v === 'tab' ? '\t' : v;
}

/**
 * --precision P: numpy's `%.Pe` (SALib's format: `1.2345e-01`, an exponent of at least two
 * digits), default 8 as SALib; `exact`: the shortest decimal that reads back as the same
 * double. Returns the formatter.
 */
export function precisionArg(v: string | undefined): (x: number) => string {
  if (v === 'exact') return (x) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : Object.is(x, -0) ? '-0' : String(x));
  const p = intArg('precision', v, 0, 100) ?? 8;
  return (x) => formatE(x, p);
}

/** x as C's and numpy's `%.Pe`: d.ddde±XX with at least two exponent digits; nan, inf, -inf. */
export function formatE(x: number, p: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = (Object.is(x, -0) ? '-' : '') + x.toExponential(p);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s)!;
  return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
}
