// `uqkit sample ff` and `uqkit analyze ff`: SALib's command-line fractional factorial method
// (flags and defaults of SALib.sample.ff and SALib.analyze.ff) on src/numerics/fractional-factorial.ts.
import { ffAnalyze, ffColumns, ffNames, ffSample } from '../numerics/fractional-factorial.js';
import { CliError } from './files.js';
import { ANALYZE_OPTIONS, SAMPLE_OPTIONS, intArg, jsonList, parse, problemPath, readOutputs, resultTable, writeSample } from './salib-method-args.js';
import { readProblem, readTable } from './files.js';

/** `uqkit sample ff --help`. */
export const FF_SAMPLE_HELP = `uqkit sample ff -p PROBLEM -o X.txt [options]

A two-level fractional factorial design (Saltelli et al. 2008), as SALib's ff.sample: the
Sylvester-Hadamard matrix of order k (the smallest power of two >= the number of parameters)
and its fold-over, 2k rows, each parameter at its lower or upper bound. The k - d extra
columns are dummy parameters on [0, 1] (their effects should be zero).

  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line) or JSON
  -o, --output FILE      where to write (- for standard output)
  -n, --samples N        ignored (the design's size follows from the parameters), as SALib's
  -s, --seed S           ignored (the design is not random), as SALib's
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, as %.Pe (default 8)
      --no-header        no "# ..." lines describing the design`;

/** `uqkit analyze ff --help`. */
export const FF_ANALYZE_HELP = `uqkit analyze ff -p PROBLEM -X X.txt -Y Y.txt [options]

Main effects ME (half the difference between the mean outputs with the parameter high and
low) and, with --max-order 2, two-way interaction effects IE, from outputs at the rows of a
fractional factorial design, as SALib's ff.analyze. Non-zero effects of dummy_* columns hint
at a problem with the model runs.

  -p, --paramfile FILE   the problem file the design was made from
  -X, --model-input-file FILE   the design (2k lines of k numbers)
  -Y, --model-output-file FILE  model outputs, one line per row of the design
  -c, --column K         column of the outputs to analyse (from 0; default 0)
      --max-order M      1: main effects only; 2 (default): also interactions
  -s, --seed S           ignored (no randomness), as SALib's
      --delimiter D      ignored (numbers may be separated by spaces, tabs or commas)
      --json             JSON instead of the tables`;

/** `uqkit sample ff`. */
export function sampleFF(argv: string[]): void {
  const v = parse(argv, SAMPLE_OPTIONS);
  if (v.help) {
    process.stdout.write(FF_SAMPLE_HELP + '\n');
    return;
  }
  const problem = readProblem(problemPath(v));
  intArg('-n/--samples', v.samples, 0);
  const s = ffSample(problem.dists);
  writeSample(v, s.X, [
    `uqkit sample ff: rows=${s.X.rows} columns=${s.columns} dummies=${s.dummies}`,
    `columns: ${ffNames(problem.names).join(' ')}`,
  ]);
}

/** `uqkit analyze ff`. */
export function analyzeFF(argv: string[]): void {
  const v = parse(argv, { ...ANALYZE_OPTIONS, 'max-order': { type: 'string' } });
  if (v.help) {
    process.stdout.write(FF_ANALYZE_HELP + '\n');
    return;
  }
  const problem = readProblem(problemPath(v));
  const d = problem.names.length;
  const k = ffColumns(d);
  const xPath = v['model-input-file'];
  if (typeof xPath !== 'string') throw new CliError('-X/--model-input-file: the file of model inputs is required');
  const X = readTable(xPath, 'file of model inputs');
  if (X.cols !== k || X.rows !== 2 * k) {
    throw new CliError(`${X.rows} rows of ${X.cols} numbers, but a fractional factorial design for ${d} parameter${d === 1 ? '' : 's'} has 2k = ${2 * k} rows of k = ${k} numbers`, { file: xPath });
  }
  const order = v['max-order'] === undefined ? 2 : Number(v['max-order']);
  if (order !== 1 && order !== 2) throw new CliError(`--max-order: expected 1 or 2, got ${JSON.stringify(v['max-order'])}`);
  const { Y } = readOutputs(v, X.rows, xPath);
  const r = ffAnalyze(Y, { names: problem.names, secondOrder: order === 2 });
  if (v.json) {
    process.stdout.write(JSON.stringify({
      names: r.names, ME: jsonList(r.ME),
      ...(r.IE ? { interaction_names: r.interaction_names, IE: jsonList(r.IE) } : {}),
    }, null, 1) + '\n');
    return;
  }
  const parts = [resultTable(r.names, [['ME', r.ME]])];
  if (r.IE) parts.push(resultTable(r.interaction_names!.map(([a, b]) => `(${a}, ${b})`), [['IE', r.IE]]));
  process.stdout.write(parts.join('\n') + '\n');
}
