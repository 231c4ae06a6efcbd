// `uqkit sample latin`: SALib's Latin hypercube command line (SALib.sample.latin) on uqkit's sampler.
import { latinSample } from '../numerics/latin.js';
import { CliError } from './files.js';
import { SAMPLE_FLAGS, SAMPLE_FLAGS_HELP, intFlag, parseFlags, problemFlag, seedFlag, writeSample } from './salib-common.js';

/** `uqkit sample latin --help`. */
export const LATIN_HELP = `uqkit sample latin -p PROBLEM -n N [options]

Writes a Latin hypercube sample of N rows (McKay, Beckman & Conover 1979; SALib's latin.sample):
each parameter's range cut into N strata of equal probability, one point in each. For the
analyzers that take any sample: rbd_fast, delta, pawn.

${SAMPLE_FLAGS_HELP.replace('number of samples (see above)', 'rows')}`;

/** uqkit sample latin. */
export function sampleLatin(argv: string[]): void {
  const v = parseFlags(argv, SAMPLE_FLAGS);
  if (v.help) return void process.stdout.write(LATIN_HELP + '\n');
  const { problem } = problemFlag(v);
  const N = intFlag(v, 'samples', 1, '-n/--samples');
  if (N === undefined) throw new CliError('-n/--samples: the number of rows is required');
  const seed = seedFlag(v);
  const design = latinSample(problem.dists, N, seed === undefined ? {} : { seed });
  writeSample(v, design.X, [`uqkit sample latin: N=${N} d=${problem.names.length} seed=${design.seed}`, `columns: ${problem.names.join(' ')}`]);
}
