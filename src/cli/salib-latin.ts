// `uqkit sample latin`: SALib's Latin hypercube command line (flags and defaults of
// SALib.sample.latin) on src/numerics/latin.ts. The sample file's header records N and the
// seed; the analyzers that take any sample (rbd_fast, delta, pawn) check their problem against it.
import { latinSample } from '../numerics/latin.js';
import { CliError } from './cli-error.js';
import { readProblem } from './problem-file.js';
import { sampleHeader } from './provenance.js';
import { intArg, paramfileArg, parseSalib, SAMPLE_OPTIONS, seedArg } from './salib-args.js';
import { writeSample } from './salib-files.js';

/** `uqkit sample latin --help`. */
export const LATIN_HELP = `uqkit sample latin -p PROBLEM -n N [options]

A Latin hypercube of N rows (McKay, Beckman & Conover 1979), as SALib's latin.sample: each
parameter's range cut into N strata of equal probability, one point in each. For the
analyzers that take any sample: rbd_fast, delta, pawn. Parameters of one group (the problem
file's 4th column) share their strata, as SALib's.

  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line, or
                         JSON); - reads standard input. --problem is the same option
  -n, --samples N        rows
  -s, --seed S           seed (default: a fresh one, in the header)
  -o, --output FILE      where to write (default, and -: standard output)
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, numpy's %.Pe as SALib writes (default 8);
                         exact: the shortest decimal that reads back exactly
      --no-header        no "# ..." lines recording how the design was drawn
The header records n, d, rows and seed.
SALib options left out: none.`;

/** `uqkit sample latin`: SALib's `salib sample latin` (see LATIN_HELP). */
export function sampleLatin(argv: string[]): void {
  const v = parseSalib(argv, SAMPLE_OPTIONS);
  if (v.help) {
    process.stdout.write(LATIN_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const N = intArg('samples', v.samples, 1);
  if (N === undefined) throw new CliError('-n/--samples: the number of rows is required');
  const seed = seedArg(v.seed);
  const problem = readProblem(paramfile);
  const design = latinSample(problem.dists, N, { ...(seed === undefined ? {} : { seed }), ...(problem.groups ? { groups: problem.groups } : {}) });
  writeSample(v, design.X, sampleHeader('latin', [
    ['n', N], ['d', problem.names.length], ['groups', problem.groups ? problem.groupNames.length : undefined], ['rows', design.X.rows], ['seed', design.seed],
  ], problem), false);
}
