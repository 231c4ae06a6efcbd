// `uqkit analyze pawn`: SALib's PAWN command line (flags and defaults of SALib.analyze.pawn) on
// src/numerics/pawn.ts, from any sample and its outputs; groups as SALib's (a group's row is
// the mean of its parameters' rows).
import { pawnAnalyze } from '../numerics/pawn.js';
import { CliError } from './cli-error.js';
import { readAnySample } from './salib-any-sample.js';
import { ANALYZE_FILES_HELP, ANALYZE_OPTIONS, intArg, parseSalib, seedArg } from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';

/** `uqkit analyze pawn --help`. */
export const PAWN_HELP = `uqkit analyze pawn -p PROBLEM -X X.txt -Y Y.txt [-S 10] [options]

PAWN indices (Pianosi & Wagener 2015, 2018), as SALib's pawn.analyze, from any sample: each
input's range cut into S slides at its quantiles; in each, the Kolmogorov-Smirnov distance
between the outputs of the slide and all outputs; summarised by minimum, mean, median (the
usual index), maximum, CV and stdev over the slides. With groups in the problem file, a
group's row is the mean of its parameters' rows, as SALib's.

${ANALYZE_FILES_HELP.replace('the sample file (required): its header (written by uqkit sample)\n                         says how the design was drawn, and a mismatch is refused', 'the sample file (required), any design: when it has uqkit\'s header,\n                         its problem and rows are checked')}
  -S, --slices S         number of slides (default 10, as SALib)
  -s, --seed S           accepted and unused (PAWN draws nothing), as SALib's
  Of -p, -X and -Y, one may be - (standard input).
SALib options left out: none.`;

/** `uqkit analyze pawn`: SALib's `salib analyze pawn` (see PAWN_HELP). */
export function analyzePawn(argv: string[]): void {
  const v = parseSalib(argv, { ...ANALYZE_OPTIONS, slices: { type: 'string', short: 'S' } });
  if (v.help) {
    process.stdout.write(PAWN_HELP + '\n');
    return;
  }
  const S = intArg('slices', v.slices, 1) ?? 10;
  seedArg(v.seed);
  const { problem, X, Y } = readAnySample(v);
  if (S > X.rows) throw new CliError(`--slices ${S}: more slides than the ${X.rows} rows of the sample`);
  const r = pawnAnalyze(X, Y, { S, ...(problem.groups ? { groups: problem.groups } : {}) });
  const names = problem.groupNames;
  const fields = [['minimum', r.minimum], ['mean', r.mean], ['median', r.median], ['maximum', r.maximum], ['CV', r.CV], ['stdev', r.stdev]] as const;
  if (v.json) {
    process.stdout.write(JSON.stringify({ names, ...Object.fromEntries(fields.map(([k, a]) => [k, jsonList(a)])), S }, null, 1) + '\n');
    return;
  }
  process.stdout.write(pandasTable(names, fields.map(([name, a]) => ({ name, values: Array.from(a) }))) + '\n');
}
