// The files of SALib-style methods besides the problem file: the sample file `uqkit sample
// METHOD` writes (numpy.savetxt's layout, `%.Pe` numbers, a `# ...` header saying how the design
// was drawn) and the sample (-X) and output (-Y) files `uqkit analyze METHOD` reads back.
import { matrix, type Matrix } from '../numerics/matrix.js';
import { CliError } from './cli-error.js';
import { readTable, writeTable, type Table } from './files.js';
import { readSampleHeader, type SampleHeader } from './provenance.js';
import { delimiterArg, intArg, precisionArg } from './salib-args.js';

/**
 * Writes a design as `salib sample METHOD` does (numpy.savetxt: one point per line, `%.8e` by
 * default), after the `# ` lines of `header` unless --no-header. Reads -o/--output, --delimiter,
 * --precision and --no-header from the parsed `values`; `-` (or, when `outputRequired` is false,
 * no -o) writes to standard output. SALib's own sample commands require -o.
 */
export function writeSample(values: Record<string, unknown>, X: Pick<Matrix, 'data' | 'rows' | 'cols'>, header: readonly string[], outputRequired = true): void {
  const out = values.output as string | undefined;
  if (out === undefined && outputRequired) throw new CliError('-o/--output: the output file is required (- for standard output)');
  const format = precisionArg(values.precision as string | undefined);
  const delimiter = delimiterArg(values.delimiter as string | undefined) ?? ' ';
  writeTable(out, X.data, X.rows, X.cols, { delimiter, format, ...(values['no-header'] ? {} : { header }) });
}

/** A sample file (-X) with its header (undefined for a plain table). */
export interface SampleFile {
  /** The points, one row per line. */
  readonly X: Matrix;
  /** The table as read (file name, lines). */
  readonly table: Table;
  /** How the design was drawn, from the `# uqkit sample ...` lines. */
  readonly header: SampleHeader | undefined;
}

/**
 * Reads the sample file (-X/--model-input-file, required; `-`: standard input), whose rows must
 * have `cols` numbers when given (`what` says why, e.g. "the problem has 3 parameters").
 */
export function readSampleFile(values: Record<string, unknown>, cols: number | undefined, what: string, delimiter?: string): SampleFile {
  const path = values['model-input-file'] as string | undefined;
  if (path === undefined) throw new CliError('-X/--model-input-file: the sample file is required');
  const table = readTable(path, 'file of model inputs', delimiter);
  if (cols !== undefined && table.cols !== cols) throw new CliError(`${table.cols} column${table.cols === 1 ? '' : 's'} of inputs, but ${what}`, { file: table.file, line: table.lines[0]! });
  return { X: matrix(table.data, table.rows, table.cols), table, header: readSampleHeader(table.text, table.file) };
}

/**
 * The model outputs (-Y/--model-output-file or --outputs, required): column -c/--column (default
 * 0), one per row of the sample file; NaN or infinite outputs are an error naming the line.
 */
export function readOutputs(values: Record<string, unknown>, path: string | undefined, sample: SampleFile, delimiter?: string): { Y: Float64Array; table: Table } {
  return readOutputColumn(values, path, { rows: sample.X.rows, file: sample.table.file }, delimiter);
}

/**
 * The model outputs as readOutputs reads them, for a method that may go without a sample file:
 * one per row of `inputs` when given (rows of the sample file named `file`), any number else.
 */
export function readOutputColumn(values: Record<string, unknown>, path: string | undefined, inputs: { rows: number; file: string } | undefined, delimiter?: string): { Y: Float64Array; table: Table } {
  if (path === undefined) throw new CliError('-Y/--model-output-file: the file of model outputs is required');
  const t = readTable(path, 'file of model outputs', delimiter);
  const c = intArg('column', values.column as string | undefined, 0) ?? 0;
  if (c >= t.cols) throw new CliError(`--column ${c}: the file has ${t.cols} column${t.cols === 1 ? '' : 's'} (0 to ${t.cols - 1})`, { file: t.file });
  if (inputs !== undefined && t.rows !== inputs.rows) throw new CliError(`${t.rows} output${t.rows === 1 ? '' : 's'} but ${inputs.rows} rows of inputs in ${inputs.file}: expected one output per row`, { file: t.file });
  const Y = Float64Array.from({ length: t.rows }, (_, i) => t.data[i * t.cols + c]!);
  const bad = Y.findIndex((y) => !Number.isFinite(y));
  if (bad >= 0) {
    const count = Y.filter((y) => !Number.isFinite(y)).length;
    throw new CliError(`output ${Y[bad]} is not a finite number${t.cols > 1 ? ` (column ${c})` : ''}${count > 1 ? `; ${count} such outputs in all` : ''}`, { file: t.file, line: t.lines[bad]! });
  }
  return { Y, table: t };
}
