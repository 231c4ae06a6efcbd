// What the SALib-style commands of eFAST, RBD-FAST, Latin hypercubes, delta and PAWN share:
// SALib's flags (-p/--paramfile, -o/--output, -n/--samples, -s/--seed, --delimiter,
// --precision, -X/--model-input-file, -Y/--model-output-file, -c/--column), reading X and Y
// with one-line errors naming the file and line, and SALib's printed table (a pandas
// DataFrame: one row per parameter, a column per field).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { CliError, readProblem, readTable, writeTable, type Problem } from './files.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every SALib-style sampler takes. */
export const SAMPLE_FLAGS: Options = {
  paramfile: { type: 'string', short: 'p' }, problem: { type: 'string' }, output: { type: 'string', short: 'o' },
  samples: { type: 'string', short: 'n' }, seed: { type: 'string', short: 's' }, delimiter: { type: 'string' },
  precision: { type: 'string' }, 'no-header': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
};

/** Flags every SALib-style analyzer takes. */
export const ANALYZE_FLAGS: Options = {
  paramfile: { type: 'string', short: 'p' }, problem: { type: 'string' },
  'model-output-file': { type: 'string', short: 'Y' }, outputs: { type: 'string' },
  column: { type: 'string', short: 'c' }, delimiter: { type: 'string' }, seed: { type: 'string', short: 's' },
  json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
};

/** The help lines of the common flags. */
export const SAMPLE_FLAGS_HELP = `  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line) or JSON
  -n, --samples N        number of samples (see above)
  -o, --output FILE      where to write (default: standard output)
  -s, --seed S           seed (default: a fresh one, written in the header)
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, as %.Pe (default: shortest exact decimal)
      --no-header        no "# ..." lines describing the sample`;

export const ANALYZE_FLAGS_HELP = `  -p, --paramfile FILE   the problem file the sample was made from
  -Y, --model-output-file FILE   model outputs, one line per sample row
  -c, --column K         the output column to analyse (from 0; default 0)
  -s, --seed S           seed of the resamples (default: a fresh one, reported)
      --delimiter D      accepted for SALib's command lines (spaces, tabs and commas are read alike)
      --json             JSON instead of SALib's table`;

/** Parsed flags; unknown flags are a one-line error. */
export function parseFlags(argv: string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]!.replace(/^Unknown option/, 'unknown option'));
  }
}

/** An integer flag >= min, or undefined when absent. */
export function intFlag(v: Record<string, unknown>, name: string, min: number, label = `--${name}`): number | undefined {
  const text = v[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (typeof text !== 'string' || !/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new CliError(`${label}: expected an integer >= ${min}, got ${JSON.stringify(text)}`);
  return n;
}

/** The seed flag as a bigint, or undefined. */
export function seedFlag(v: Record<string, unknown>): bigint | undefined {
  const s = v.seed;
  if (s === undefined) return undefined;
  if (typeof s !== 'string' || !/^\d+$/.test(s) || BigInt(s) >= 2n ** 64n) throw new CliError(`-s/--seed: expected an integer from 0 to 2^64-1, got ${JSON.stringify(s)}`);
  return BigInt(s);
}

/** The problem file (-p/--paramfile, or --problem). */
export function problemFlag(v: Record<string, unknown>): { problem: Problem; path: string } {
  const path = (v.paramfile ?? v.problem) as string | undefined;
  if (typeof path !== 'string') throw new CliError('-p/--paramfile: the problem file is required');
  return { problem: readProblem(path), path };
}

/** Writes a sample with uqkit's provenance header (unless --no-header) and SALib's number format options. */
export function writeSample(v: Record<string, unknown>, X: Matrix, header: readonly string[]): void {
  const precision = intFlag(v, 'precision', 0);
  const delimiter = (v.delimiter as string | undefined) ?? ' ';
  if (delimiter === '' || /[\d.eE+-]/.test(delimiter)) throw new CliError(`--delimiter: ${JSON.stringify(delimiter)} would mix with the numbers`);
  writeTable(v.output as string | undefined, X.data, X.rows, X.cols, {
    delimiter, ...(precision === undefined ? {} : { precision }), ...(v['no-header'] ? {} : { header }),
  });
}

/** The column of model outputs to analyse (-c, default 0), checked: finite values, one per line. */
export function readOutputs(v: Record<string, unknown>): { Y: Float64Array; path: string; lines: readonly number[] } {
  const path = (v['model-output-file'] ?? v.outputs) as string | undefined;
  if (typeof path !== 'string') throw new CliError('-Y/--model-output-file: the file of model outputs is required');
  const t = readTable(path, 'file of model outputs');
  const c = intFlag(v, 'column', 0, '-c/--column') ?? 0;
  if (c >= t.cols) throw new CliError(`-c/--column ${c}: the file has ${t.cols} column${t.cols === 1 ? '' : 's'} (0 to ${t.cols - 1})`, { file: path });
  const Y = Float64Array.from({ length: t.rows }, (_, i) => t.data[i * t.cols + c]!);
  for (let i = 0; i < Y.length; i++) {
    if (!Number.isFinite(Y[i]!)) throw new CliError(`the output${t.cols > 1 ? ` in column ${c}` : ''} is ${Y[i]}: every output must be a finite number`, { file: path, line: t.lines[i]! });
  }
  return { Y, path, lines: t.lines };
}

/** The model inputs (-X), checked against the problem (one column per parameter) and the outputs (one row each). */
export function readInputs(v: Record<string, unknown>, problem: Problem, problemPath: string, Y: { Y: Float64Array; path: string }): Matrix {
  const path = v['model-input-file'] as string | undefined;
  if (typeof path !== 'string') throw new CliError('-X/--model-input-file: the file of model inputs (the sample) is required');
  const t = readTable(path, 'file of model inputs');
  const d = problem.names.length;
  if (t.cols !== d) throw new CliError(`${t.cols} column${t.cols === 1 ? '' : 's'} of inputs, but the problem file ${problemPath} has ${d} parameter${d === 1 ? '' : 's'}`, { file: path, line: t.lines[0]! });
  if (t.rows !== Y.Y.length) throw new CliError(`${t.rows} rows of inputs, but ${Y.path} has ${Y.Y.length} outputs (one per row expected)`, { file: path });
  for (let i = 0; i < t.data.length; i++) {
    if (!Number.isFinite(t.data[i]!)) throw new CliError(`input ${i % d + 1} (${problem.names[i % d]}) is ${t.data[i]}: every input must be a finite number`, { file: path, line: t.lines[Math.floor(i / d)]! });
  }
  return matrix(t.data, t.rows, t.cols);
}

/**
 * SALib's printed results (pandas' DataFrame.to_string): a header row of field names, then one
 * row per parameter: its name left-aligned, then each value right-aligned in a column as wide
 * as its longest entry, labels and positive numbers with a leading space, six decimals with the trailing
 * zeros that every value of a column shares removed (at least one kept), NaN as NaN.
 */
export function salibTable(names: readonly string[], columns: ReadonlyArray<readonly [string, ArrayLike<number>]>): string {
  const w0 = Math.max(...names.map((n) => n.length));
  const cols = columns.map(([title, values]) => {
    let cells = Array.from(values, (x) => (Number.isNaN(x) ? 'NaN' : (x < 0 || Object.is(x, -0) ? '' : ' ') + x.toFixed(6)));
    const num = cells.filter((c) => c !== 'NaN');
    let trim = 0;
    while (num.length && num.every((c) => c.endsWith('0'.repeat(trim + 1)) && c.length - trim - 1 > c.indexOf('.') + 1)) trim++;
    cells = cells.map((c) => (c === 'NaN' ? c : c.slice(0, c.length - trim)));
    const head = ' ' + title; // pandas gives numeric columns' labels a leading space too
    const w = Math.max(head.length, ...cells.map((c) => c.length));
    return { title: head.padStart(w), cells: cells.map((c) => c.padStart(w)) };
  });
  const lines = [''.padEnd(w0) + cols.map((c) => ' ' + c.title).join('')];
  names.forEach((n, i) => lines.push(n.padEnd(w0) + cols.map((c) => ' ' + c.cells[i]).join('')));
  return lines.join('\n');
}

/** Numbers for JSON (NaN as null). */
export const jsonList = (a: ArrayLike<number>): (number | null)[] => Array.from(a, (x) => (Number.isFinite(x) ? x : null));
