// What the analyzers that take any sample (rbd_fast, delta, pawn) share, and the warning of the
// methods for which SALib ignores groups: the problem, the
// sample file (-X) and the outputs (-Y), checked against each other and, when the sample file
// has uqkit's header, against the problem it was drawn for and its rows, whatever drew it.
import type { Matrix } from '../numerics/matrix.js';
import { CliError } from './cli-error.js';
import { oneStdin } from './input.js';
import { readProblem, type Problem } from './problem-file.js';
import { checkProblem, checkRows } from './provenance.js';
import { alias, delimiterArg, paramfileArg } from './salib-args.js';
import { readOutputs, readSampleFile } from './salib-files.js';

/** The problem, the sample and the outputs of an analyzer that takes any sample. */
export interface AnySample {
  /** The problem file. */
  readonly problem: Problem;
  /** The sample, one row per model run, one column per parameter. */
  readonly X: Matrix;
  /** The outputs of the column asked for, one per row. */
  readonly Y: Float64Array;
  /** The sample file's name (for messages). */
  readonly xFile: string;
  /** The outputs file's name (for messages). */
  readonly yFile: string;
}

/** The stderr line saying that groups are ignored, as SALib ignores them for this method. */
export function warnGroupsIgnored(label: string, problem: Problem, what: string): void {
  if (problem.groups) process.stderr.write(`uqkit ${label}: warning: the groups of ${problem.file} are ignored, as SALib's ${what} ignores them (one ${label.startsWith('sample') ? 'curve' : 'row'} per parameter)\n`);
}

/** Reads -p, -X and -Y (one of them may be -) and checks that they belong together. */
export function readAnySample(v: Record<string, unknown>): AnySample {
  const paramfile = paramfileArg(v);
  const outputs = alias(v, 'model-output-file', 'outputs');
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': v['model-input-file'] as string | undefined });
  const delimiter = delimiterArg(v.delimiter as string | undefined);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  const sample = readSampleFile(v, d, `the problem file ${problem.file} has ${d} parameter${d === 1 ? '' : 's'}`, delimiter);
  if (sample.header) {
    checkProblem(sample.header, sample.table.file, problem);
    checkRows(sample.header, sample.table.file, sample.X.rows, sample.table.file, 'rows of points');
  }
  const out = readOutputs(v, outputs, sample, delimiter);
  for (let i = 0; i < sample.X.data.length; i++) {
    if (!Number.isFinite(sample.X.data[i]!)) throw new CliError(`input ${i % d + 1} (${problem.names[i % d]}) is ${sample.X.data[i]}: every input must be a finite number`, { file: sample.table.file, line: sample.table.lines[Math.floor(i / d)]! });
  }
  return { problem, X: sample.X, Y: out.Y, xFile: sample.table.file, yFile: out.table.file };
}
