// `uqkit analyze pawn`: SALib's PAWN command line (SALib.analyze.pawn) on uqkit's analyzer.
import { pawnAnalyze } from '../numerics/pawn.js';
import { CliError } from './files.js';
import { ANALYZE_FLAGS, ANALYZE_FLAGS_HELP, intFlag, jsonList, parseFlags, problemFlag, readInputs, readOutputs, salibTable } from './salib-common.js';

/** `uqkit analyze pawn --help`. */
export const PAWN_HELP = `uqkit analyze pawn -p PROBLEM -X X.txt -Y Y.txt [-S 10] [options]

PAWN indices (Pianosi & Wagener 2015, 2018; SALib's pawn.analyze) from any sample: each input's
range cut into S slides at its quantiles; in each, the Kolmogorov-Smirnov distance between the
outputs of the slide and all outputs; summarised by minimum, mean, median (the usual index),
maximum, CV and stdev over the slides.

  -X, --model-input-file FILE    the sample, one row per model run
${ANALYZE_FLAGS_HELP.replace(/\n.*--seed.*/, '')}
  -S, --slices S         number of slides (default 10)`;

/** uqkit analyze pawn. */
export function analyzePawn(argv: string[]): void {
  const v = parseFlags(argv, { ...ANALYZE_FLAGS, 'model-input-file': { type: 'string', short: 'X' }, slices: { type: 'string', short: 'S' } });
  if (v.help) return void process.stdout.write(PAWN_HELP + '\n');
  const { problem, path } = problemFlag(v);
  const out = readOutputs(v);
  const X = readInputs(v, problem, path, out);
  const S = intFlag(v, 'slices', 1, '-S/--slices') ?? 10;
  if (S > X.rows) throw new CliError(`-S/--slices ${S}: more slides than the ${X.rows} rows of the sample`);
  const r = pawnAnalyze(X, out.Y, { S });
  const fields = [['minimum', r.minimum], ['mean', r.mean], ['median', r.median], ['maximum', r.maximum], ['CV', r.CV], ['stdev', r.stdev]] as const;
  if (v.json) {
    process.stdout.write(JSON.stringify({ names: problem.names, ...Object.fromEntries(fields.map(([k, a]) => [k, jsonList(a)])), S }, null, 1) + '\n');
    return;
  }
  process.stdout.write(salibTable(problem.names, fields) + '\n');
}
