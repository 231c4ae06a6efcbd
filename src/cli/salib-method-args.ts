// What SALib's command-line methods share (SALib.sample.common_args, SALib.analyze.common_args):
// their flags (-p/--paramfile, -o/--output, -n/--samples, -s/--seed, --delimiter, --precision;
// -X, -Y, -c/--column), problem files with groups, sample files written as numpy.savetxt
// writes them (%.{precision}e), and results printed as a table like SALib's pandas output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { writeUserFile } from '../io/safe-fs.js';
import { CliError, readProblem, readTable, type Problem } from './files.js';

/** A problem with each parameter's group name (its own name when it has none), or no groups at all. */
export interface GroupedProblem extends Problem {
  readonly groups: readonly string[] | undefined;
}

/** SALib's sample flags, shared by every `uqkit sample <method>`. */
export const SAMPLE_OPTIONS = {
  paramfile: { type: 'string', short: 'p' }, problem: { type: 'string' }, output: { type: 'string', short: 'o' },
  samples: { type: 'string', short: 'n' }, seed: { type: 'string', short: 's' }, delimiter: { type: 'string' },
  precision: { type: 'string' }, 'no-header': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** SALib's analyze flags, shared by every `uqkit analyze <method>` that reads X and Y. */
export const ANALYZE_OPTIONS = {
  paramfile: { type: 'string', short: 'p' }, problem: { type: 'string' }, 'model-input-file': { type: 'string', short: 'X' },
  'model-output-file': { type: 'string', short: 'Y' }, column: { type: 'string', short: 'c' }, delimiter: { type: 'string' },
  seed: { type: 'string', short: 's' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Parses argv strictly; SALib's two-letter short flags (e.g. `-lo`) are given as `aliases` and read as their long names. */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, aliases: Record<string, string> = {}) {
  const args = argv.map((a) => aliases[a] ?? a);
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]!.replace(/^Unknown option/, 'unknown option'));
  }
}

/** An integer option >= min (undefined when absent). */
export function intArg(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new CliError(`${name}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** A number option strictly between lo and hi (undefined when absent). */
export function numberArg(name: string, v: unknown, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !(n > lo && n < hi)) throw new CliError(`${name}: expected a number strictly between ${lo} and ${hi}, got ${JSON.stringify(v)}`);
  return n;
}

/** A boolean option written as SALib's argparse takes it (True/False, true/false, 1/0). */
export function boolArg(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  const t = String(v).toLowerCase();
  if (['true', '1', 'yes'].includes(t)) return true;
  if (['false', '0', 'no'].includes(t)) return false;
  throw new CliError(`${name}: expected True or False, got ${JSON.stringify(v)}`);
}

/** A seed (-s/--seed): an integer from 0 to 2^64-1 (undefined when absent). */
export function seedArg(v: unknown): bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || BigInt(v) >= 2n ** 64n) throw new CliError(`-s/--seed: expected an integer from 0 to 2^64-1, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

/** The problem file named by -p/--paramfile (or --problem). */
export function problemPath(v: Record<string, unknown>): string {
  const p = v.paramfile ?? v.problem;
  if (typeof p !== 'string') throw new CliError('-p/--paramfile: the problem file is required');
  return p;
}

/**
 * A SALib problem file with its groups (4th field of a text line, NA or empty for none;
 * "groups" in JSON). Names and distributions are read by files.ts's readProblem, which takes
 * no groups: it is handed a copy whose group fields are the parameters' own names (which it
 * accepts), line for line, and its messages name the user's file.
 */
export function readGroupedProblem(path: string): GroupedProblem {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { ...readProblem(path), groups: undefined }; // readProblem says why it cannot be read
  }
  const isJson = path.endsWith('.json') || text.trimStart().startsWith('{');
  let groups: string[] | undefined;
  let stripped = text;
  if (isJson) {
    let p: { names?: unknown; groups?: unknown };
    try {
      p = JSON.parse(text);
    } catch {
      return { ...readProblem(path), groups: undefined };
    }
    if (Array.isArray(p.groups) && Array.isArray(p.names)) {
      if (p.groups.length !== p.names.length || !p.groups.every((g) => typeof g === 'string')) throw new CliError(`"groups": expected one group name (a string) per name (${p.names.length})`, { file: path });
      groups = p.groups as string[];
      stripped = JSON.stringify({ ...p, groups: undefined });
    }
  } else {
    const found: string[] = [];
    let any = false;
    stripped = text.split(/\r?\n/).map((raw) => {
      const t = raw.trim();
      if (t === '' || t.startsWith('#')) return raw;
      const sep = t.includes(',') ? ',' : ' ';
      const f = (t.includes(',') ? t.split(',') : t.split(/\s+/)).map((x) => x.trim());
      if (f.length < 4) { found.push(f[0]!); return raw; }
      const g = f[3]!;
      const own = g === '' || g === 'NA';
      if (!own) any = true;
      found.push(own ? f[0]! : g);
      f[3] = f[0]!;
      return f.join(sep);
    }).join('\n');
    if (any) groups = found;
  }
  if (groups === undefined) return { ...readProblem(path), groups: undefined };
  const dir = mkdtempSync(join(tmpdir(), 'uqkit-problem-'));
  const copy = join(dir, isJson ? 'problem.json' : 'problem.txt');
  try {
    writeFileSync(copy, stripped);
    const problem = readProblem(copy);
    return { ...problem, groups };
  } catch (e) {
    if (e instanceof CliError) throw new CliError(e.message.split(copy).join(path));
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A number as C's printf %.{precision}e (numpy.savetxt's fmt): two exponent digits at least,
 * and a value exactly halfway between two outputs rounded to the even last digit, as printf
 * does (JavaScript's toExponential rounds such ties up: 0.9736328125 with 8 digits is
 * 9.73632812e-01 from printf, 9.73632813e-01 from toExponential).
 */
export function formatE(v: number, precision: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let s = v.toExponential(precision);
  if (precision + 25 <= 100) {
    // 25 more digits show whether the value is a tie: a double has at most 17 significant
    // digits before its exact expansion ends, so a 5 followed by 24 zeros is an exact 5.
    const long = v.toExponential(precision + 25);
    const at = long.indexOf('e');
    const digits = long.slice(0, at).replace('-', '').replace('.', '');
    if (digits[precision + 1] === '5' && /^0*$/.test(digits.slice(precision + 2)) && Number(digits[precision]) % 2 === 0) {
      const kept = digits.slice(0, precision + 1);
      s = `${v < 0 ? '-' : ''}${kept[0]}${precision > 0 ? '.' + kept.slice(1) : ''}${long.slice(at)}`;
    }
  }
  const at = s.indexOf('e');
  const exp = s.slice(at + 1);
  const sign = exp[0] === '-' ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '');
  return `${s.slice(0, at)}e${sign}${digits.padStart(2, '0')}`;
}

/**
 * Writes a sample (rows x cols) as SALib's CLI does: numpy.savetxt with fmt %.{precision}e
 * (default precision 8) and the delimiter (default a space), after `# ` header lines unless
 * --no-header. -o/--output is required (as SALib's); `-` writes to standard output.
 */
export function writeSample(v: Record<string, unknown>, X: Matrix, header: readonly string[]): void {
  const out = v.output;
  if (typeof out !== 'string') throw new CliError('-o/--output: the output file is required (- for standard output)');
  const precision = intArg('--precision', v.precision, 0) ?? 8;
  if (precision > 100) throw new CliError(`--precision: expected an integer from 0 to 100, got ${precision}`);
  const delimiter = typeof v.delimiter === 'string' ? v.delimiter : ' ';
  const lines: string[] = v['no-header'] ? [] : header.map((h) => `# ${h}`);
  for (let i = 0; i < X.rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < X.cols; j++) row.push(formatE(X.data[i * X.cols + j]!, precision));
    lines.push(row.join(delimiter));
  }
  const text = lines.join('\n') + '\n';
  if (out === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    writeUserFile(out, text);
  } catch (e) {
    throw new CliError(`cannot write: ${(e as Error).message}`, { file: out });
  }
}

/** The model inputs (-X): a table with one column per parameter of the problem. */
export function readInputs(v: Record<string, unknown>, d: number): { X: Matrix; path: string; lines: readonly number[] } {
  const path = v['model-input-file'];
  if (typeof path !== 'string') throw new CliError('-X/--model-input-file: the file of model inputs is required');
  const t = readTable(path, 'file of model inputs');
  if (t.cols !== d) throw new CliError(`${t.cols} column${t.cols === 1 ? '' : 's'} of inputs, but the problem has ${d} parameter${d === 1 ? '' : 's'}`, { file: path, line: t.lines[0]! });
  return { X: matrix(t.data, t.rows, t.cols), path, lines: t.lines };
}

/** The model outputs (-Y), column -c/--column (default 0), one per row of X; NaN or infinite outputs are an error naming the line. */
export function readOutputs(v: Record<string, unknown>, rows: number, inputsPath: string): { Y: Float64Array; path: string; lines: readonly number[] } {
  const path = v['model-output-file'];
  if (typeof path !== 'string') throw new CliError('-Y/--model-output-file: the file of model outputs is required');
  const t = readTable(path, 'file of model outputs');
  const c = intArg('-c/--column', v.column, 0) ?? 0;
  if (c >= t.cols) throw new CliError(`-c/--column ${c}: the file has ${t.cols} column${t.cols === 1 ? '' : 's'} (0 to ${t.cols - 1})`, { file: path });
  if (t.rows !== rows) throw new CliError(`${t.rows} output${t.rows === 1 ? '' : 's'} but ${rows} rows of inputs in ${inputsPath}: expected one output per row`, { file: path });
  const Y = Float64Array.from({ length: t.rows }, (_, i) => t.data[i * t.cols + c]!);
  const bad = Y.findIndex((y) => !Number.isFinite(y));
  if (bad >= 0) {
    const count = Y.filter((y) => !Number.isFinite(y)).length;
    throw new CliError(`output ${Y[bad]} is not a finite number${t.cols > 1 ? ` (column ${c})` : ''}${count > 1 ? `; ${count} such outputs in all` : ''}`, { file: path, line: t.lines[bad]! });
  }
  return { Y, path, lines: t.lines };
}

/**
 * Rows of results as SALib prints its pandas DataFrames: the row names, then one right-aligned
 * column per field; a column is printed with 6 significant decimals in %e when any of its
 * non-zero values is below 1e-4 or from 1e6 in magnitude, else with 6 decimals.
 */
export function resultTable(rowNames: readonly string[], columns: readonly [string, ArrayLike<number>][]): string {
  const cols = columns.map(([title, values]) => {
    const vs = Array.from(values);
    const sci = vs.some((x) => Number.isFinite(x) && x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6));
    const text = vs.map((x) => (Number.isNaN(x) ? 'NaN' : !Number.isFinite(x) ? (x > 0 ? 'inf' : '-inf') : sci ? formatE(x, 6) : x.toFixed(6)));
    const w = Math.max(title.length, ...text.map((s) => s.length));
    return { title: title.padStart(w), text: text.map((s) => s.padStart(w)) };
  });
  const w0 = Math.max(0, ...rowNames.map((n) => n.length));
  const lines = [`${''.padEnd(w0)}  ${cols.map((c) => c.title).join('  ')}`];
  rowNames.forEach((n, i) => lines.push(`${n.padEnd(w0)}  ${cols.map((c) => c.text[i]).join('  ')}`));
  return lines.join('\n');
}

/** Numbers for JSON: NaN and infinities as null. */
export const jsonList = (a: ArrayLike<number>): (number | null)[] => Array.from(a, (x) => (Number.isFinite(x) ? x : null));
