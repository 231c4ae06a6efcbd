// `uqkit sample ff` and `uqkit analyze ff`: SALib's command-line fractional factorial method
// (flags and defaults of SALib.sample.ff and SALib.analyze.ff) on src/numerics/fractional-factorial.ts.
// The sample file's header records d, the columns and the dummies; `analyze ff` refuses a
// problem or outputs that do not fit the design.
import { ffAnalyze, ffColumns, ffSample } from '../numerics/fractional-factorial.js';
import { CliError } from './cli-error.js';
import { oneStdin } from './input.js';
import { readProblem } from './problem-file.js';
import { checkDesign, checkRows, sampleHeader } from './provenance.js';
import { alias, ANALYZE_FILES_HELP, ANALYZE_OPTIONS, delimiterArg, intArg, maxOrderArg, paramfileArg, parseSalib, SAMPLE_FORMAT_HELP, SAMPLE_OPTIONS, seedArg } from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';
import { readOutputs, readSampleFile, writeSample } from './salib-files.js';

/** `uqkit sample ff --help`. */
export const FF_SAMPLE_HELP = `uqkit sample ff -p PROBLEM -o X.txt [options]

A two-level fractional factorial design (Saltelli et al. 2008), as SALib's ff.sample: the
Sylvester-Hadamard matrix of order k (the smallest power of two >= the number of parameters)
and its fold-over, 2k rows, each parameter at its lower or upper bound. The k - d extra
columns are dummy parameters on [0, 1] (their effects should be zero).

${SAMPLE_FORMAT_HELP}
  -n, --samples N        ignored (the design's size follows from the parameters), as SALib's
  -s, --seed S           ignored (the design is not random), as SALib's
The header records d, columns (k), dummies and rows.`;

/** `uqkit analyze ff --help`. */
export const FF_ANALYZE_HELP = `uqkit analyze ff -p PROBLEM -X X.txt -Y Y.txt [options]

Main effects ME (half the difference between the mean outputs with the parameter high and
low) and, with --max-order 2, two-way interaction effects IE, from outputs at the rows of a
fractional factorial design, as SALib's ff.analyze. Non-zero effects of dummy_* columns hint
at a problem with the model runs.

${ANALYZE_FILES_HELP}
      --max-order M      1: main effects only; 2 (default, as SALib): also interactions
  -s, --seed S           ignored (no randomness), as SALib's
  Of -p, -X and -Y, one may be - (standard input).`;

/** `uqkit sample ff`: SALib's `salib sample ff` (see FF_SAMPLE_HELP). */
export function sampleFF(argv: string[]): void {
  const v = parseSalib(argv, SAMPLE_OPTIONS);
  if (v.help) {
    process.stdout.write(FF_SAMPLE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  intArg('samples', v.samples, 0);
  seedArg(v.seed);
  const problem = readProblem(paramfile);
  const s = ffSample(problem.dists);
  writeSample(v, s.X, sampleHeader('ff', [['d', problem.names.length], ['columns', s.columns], ['dummies', s.dummies], ['rows', s.X.rows]], problem));
}

/** `uqkit analyze ff`: SALib's `salib analyze ff` (see FF_ANALYZE_HELP). */
export function analyzeFF(argv: string[]): void {
  const v = parseSalib(argv, { ...ANALYZE_OPTIONS, 'max-order': { type: 'string' } });
  if (v.help) {
    process.stdout.write(FF_ANALYZE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const outputs = alias(v, 'model-output-file', 'outputs');
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': v['model-input-file'] });
  const order = maxOrderArg(v['max-order']);
  seedArg(v.seed);
  const delimiter = delimiterArg(v.delimiter);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  const k = ffColumns(d);
  const sample = readSampleFile(v, undefined, '', delimiter);
  const { X, table } = sample;
  if (X.cols !== k || X.rows !== 2 * k) {
    throw new CliError(`${X.rows} rows of ${X.cols} numbers, but a fractional factorial design for ${d} parameter${d === 1 ? '' : 's'} has 2k = ${2 * k} rows of k = ${k} numbers`, { file: table.file });
  }
  if (sample.header) {
    checkDesign(sample.header, table.file, 'ff', ['ff'], problem);
    checkRows(sample.header, table.file, X.rows, table.file, 'rows of points');
  }
  const { Y } = readOutputs(v, outputs, sample, delimiter);
  const r = ffAnalyze(Y, { names: problem.names, secondOrder: order === 2 });
  if (v.json) {
    process.stdout.write(JSON.stringify({
      names: r.names, ME: jsonList(r.ME),
      ...(r.IE ? { interaction_names: r.interaction_names, IE: jsonList(r.IE) } : {}),
    }, null, 1) + '\n');
    return;
  }
  const parts = [pandasTable(r.names, [{ name: 'ME', values: Array.from(r.ME) }])];
  if (r.IE) parts.push(pandasTable(r.interaction_names!.map(([a, b]) => `(${a}, ${b})`), [{ name: 'IE', values: Array.from(r.IE) }]));
  process.stdout.write(parts.join('\n') + '\n');
}
