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

/** The help lines of -p, -o, --delimiter, --precision and --no-header, for the --help of a method that requires -o as SALib does. */
export const SAMPLE_FORMAT_HELP = `  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line, or
                         JSON with names, bounds, groups, dists); - reads standard input.
                         --problem is the same option
  -o, --output FILE      where to write (required, as SALib's; -: standard output)
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, numpy's %.Pe as SALib writes (default 8:
                         1.23456789e-01); exact: the shortest decimal that reads back exactly
      --no-header        no "# ..." lines recording how the design was drawn (SALib and
                         numpy.loadtxt skip them; \`uqkit analyze\` checks against them)`;

/** The help lines of -p, -X, -Y, -c, --delimiter and --json, for the --help of a method that reads a sample file (of -p, -X and -Y, one may be -). */
export const ANALYZE_FILES_HELP = `  -p, --paramfile FILE   the problem file the design was drawn for (--problem: the same)
  -X, --model-input-file FILE
                         the sample file (required): its header (written by uqkit sample)
                         says how the design was drawn, and a mismatch is refused
  -Y, --model-output-file FILE
                         model outputs, one line per sample line (--outputs: the same)
  -c, --column K         the output column to analyse, from 0 (default 0, as SALib)
      --delimiter D      between numbers in the files (default: commas, tabs or spaces)
      --json             JSON instead of SALib's table`;

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

/**
 * Parses a SALib-style command line: no positional arguments; unknown options get a "did you
 * mean". `aliases` maps SALib's multi-letter short flags (argparse takes `-lo`, which
 * node's parser would read as `-l o`) to the long option they stand for, e.g. `{ '-lo': '--local' }`.
 */
export function parseSalib<const O extends Options>(argv: string[], options: O, aliases: Readonly<Record<string, string>> = {}): Parsed<O>['values'] {
  return parseOptions(argv.map((a) => aliases[a] ?? a), options, 0).values;
}

/** The problem file of -p/--paramfile (or --problem), which is required. */
export function paramfileArg(values: Record<string, unknown>): string {
  const p = alias(values, 'paramfile', 'problem');
  if (p === undefined) throw new CliError('-p/--paramfile: the problem file is required');
  return p;
}

/** A number option strictly between lo and hi (undefined when not given). */
export function numberArg(name: string, v: string | undefined, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !(n > lo && n < hi)) throw new CliError(`--${name}: expected a number strictly between ${lo} and ${hi}, got ${JSON.stringify(v)}`);
  return n;
}

/** A boolean option as SALib's argparse takes it: True/False, true/false, 1/0, yes/no (`fallback` when not given). */
export function boolArg(name: string, v: string | undefined, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  const t = v.toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  throw new CliError(`--${name}: expected True or False, got ${JSON.stringify(v)}`);
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

/**
 * x as C's printf and numpy's `%.Pe`: d.ddde±XX with at least two exponent digits; nan, inf,
 * -inf; -0 keeps its sign. The exact value is rounded to P digits after the point with ties to
 * the even digit, as glibc's printf does (JavaScript's toExponential rounds ties up:
 * 0.9736328125 with 8 digits is 9.73632812e-01 from printf, 9.73632813e-01 from toExponential).
 */
export function formatE(x: number, p: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  let s = (Object.is(x, -0) ? '-' : '') + x.toExponential(p);
  let m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s)!;
  if (x !== 0 && maybeTie(x, p, (m[2] === '-' ? -1 : 1) * Number(m[3]))) {
    s = exactE(x, p);
    m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s)!;
  }
  return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * Whether x may lie exactly halfway between two P-digit decimals (those values are rounded
 * exactly by exactE). x = m 2^e with m odd has, for e < 0, exactly -e digits after the point,
 * the last a 5: a tie needs its significant digits to end right after the P + 1 kept, which
 * the decimal exponent `exp10` (from toExponential, off by one at most after rounding) tells.
 * Typical sample values (some 50 significant digits) are ruled out without any string work.
 */
function maybeTie(x: number, p: number, exp10: number): boolean {
  bits[0] = x;
  const lo = words[0]!, hi = words[1]!;
  const biased = (hi >>> 20) & 0x7ff;
  const hiMantissa = (hi & 0xfffff) | (biased === 0 ? 0 : 0x100000);
  const tz = lo !== 0 ? 31 - Math.clz32(lo & -lo) : 32 + 31 - Math.clz32(hiMantissa & -hiMantissa);
  const e = (biased === 0 ? 1 : biased) - 1075 + tz;
  if (e >= 0) return true; // an integer: rare in samples; exactE decides
  const significant = -e + exp10 + 1; // digits from the first non-zero one to the last 5
  return Math.abs(significant - (p + 2)) <= 1;
}

/** x (finite, non-zero) as `%.Pe` from its exact decimal expansion (BigInt), rounded half to even. */
function exactE(x: number, p: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? frac : frac | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075; // |x| = m 2^e
  // |x| = N 10^shift with N an integer
  const [N, shift] = e >= 0 ? [m << BigInt(e), 0] : [m * 5n ** BigInt(-e), e];
  let digits = N.toString();
  let exp10 = digits.length - 1 + shift;
  let keep = digits.slice(0, p + 1).padEnd(p + 1, '0');
  const rest = digits.slice(p + 1);
  const up = rest !== '' && (rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(keep.at(-1)) % 2 === 1)));
  if (up) {
    keep = (BigInt(keep) + 1n).toString();
    if (keep.length > p + 1) {
      keep = keep.slice(0, p + 1);
      exp10++;
    }
  }
  digits = keep;
  return `${x < 0 ? '-' : ''}${digits[0]}${p > 0 ? '.' + digits.slice(1) : ''}e${exp10 < 0 ? '-' : '+'}${Math.abs(exp10)}`;
}
