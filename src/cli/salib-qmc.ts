// `uqkit sample halton` and `uqkit sample lattice`: low-discrepancy designs on a SALib problem
// (src/numerics/halton.ts, lattice.ts), each coordinate taken through its input's quantile
// function, written as SALib's samplers write theirs, with a header that records the design.
import { randomSeed } from '../core/validate.js';
import { toPhysical } from '../distributions/transform.js';
import { halton, HALTON_MAX_DIM, type HaltonScramble } from '../numerics/halton.js';
import { lattice, LATTICE_DEFAULT_VECTOR, LATTICE_MAX_POINTS } from '../numerics/lattice.js';
import { CliError } from './cli-error.js';
import { readProblem } from './problem-file.js';
import { sampleHeader } from './provenance.js';
import { boolArg, intArg, paramfileArg, parseSalib, SAMPLE_FORMAT_HELP, SAMPLE_OPTIONS, seedArg } from './salib-args.js';
import { writeSample } from './salib-files.js';

/** `uqkit sample halton --help`. */
export const HALTON_SAMPLE_HELP = `uqkit sample halton -p PROBLEM -n N -o X.txt [options]

N points of the Halton sequence (bases: the first primes, one per parameter; Halton 1960),
each coordinate through its parameter's distribution. For the analyzers that take any sample
(rbd_fast, delta, pawn). Unscrambled, the unit points are scipy.stats.qmc.Halton's
(scramble=False).

${SAMPLE_FORMAT_HELP}
  -n, --samples N        points (rows)
      --scramble S       owen (default: nested digit scrambling), random-start (each
                         coordinate from a random index) or none (the plain sequence, whose
                         first point is the origin: an unbounded input's quantile there is -inf)
      --skip K           points of the sequence skipped first (default 0)
  -s, --seed S           seed of the scramble (default: a fresh one, written in the header)
Up to ${HALTON_MAX_DIM} parameters.`;

/** `uqkit sample lattice --help`. */
export const LATTICE_SAMPLE_HELP = `uqkit sample lattice -p PROBLEM -n N -o X.txt [options]

N points of a rank-1 lattice rule, frac(k z / n) (Sloan & Joe 1994), with Cools, Kuo & Nuyens's
embedded generating vector z (2006: up to ${LATTICE_DEFAULT_VECTOR.length} parameters and 2^20 points), each coordinate
through its parameter's distribution. Best for smooth, periodic models; N a power of two.

${SAMPLE_FORMAT_HELP}
  -n, --samples N        points (rows; at most ${LATTICE_MAX_POINTS} with --skip)
      --order O          radical-inverse (default: an extensible sequence whose first 2^m points
                         are the 2^m-point rule) or natural (k = 0..N-1 of the N-point rule)
      --shift BOOL       True (default): a random shift modulo 1 (Cranley & Patterson 1976);
                         False: the plain rule, whose first point is the origin
      --skip K           radical-inverse order: points skipped first (default 0)
  -s, --seed S           seed of the shift (default: a fresh one, written in the header)`;

const HALTON_EXTRA = { scramble: { type: 'string' }, skip: { type: 'string' } } as const;
const LATTICE_EXTRA = { order: { type: 'string' }, shift: { type: 'string' }, skip: { type: 'string' } } as const;

/** `uqkit sample halton` (see HALTON_SAMPLE_HELP). */
export function sampleHalton(argv: string[]): void {
  const v = parseSalib(argv, { ...SAMPLE_OPTIONS, ...HALTON_EXTRA });
  if (v.help) return void process.stdout.write(HALTON_SAMPLE_HELP + '\n');
  const paramfile = paramfileArg(v);
  const n = intArg('samples', v.samples, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of points is required');
  const given = v.scramble ?? 'owen';
  if (!['owen', 'random-start', 'none'].includes(given)) throw new CliError(`--scramble: expected owen, random-start or none, got ${JSON.stringify(given)}`);
  const scramble: HaltonScramble = given === 'none' ? false : (given as HaltonScramble);
  const skip = intArg('skip', v.skip, 0) ?? 0;
  const problem = readProblem(paramfile);
  if (problem.names.length > HALTON_MAX_DIM) throw new CliError(`${paramfile}: ${problem.names.length} parameters; the Halton sequence here has at most ${HALTON_MAX_DIM}`);
  const seed = scramble === false ? undefined : seedArg(v.seed) ?? randomSeed();
  if (scramble === false && v.seed !== undefined) process.stderr.write('uqkit sample halton: warning: -s/--seed has no effect on the plain sequence (pass --scramble owen or random-start)\n');
  const X = toPhysical(problem.dists, halton(n, problem.names.length, { scramble, skip, ...(seed === undefined ? {} : { seed }) }));
  writeSample(v, X, sampleHeader('halton', [['n', n], ['d', problem.names.length], ['scramble', given], ['skip', skip], ['seed', seed]], problem));
}

/** `uqkit sample lattice` (see LATTICE_SAMPLE_HELP). */
export function sampleLattice(argv: string[]): void {
  const v = parseSalib(argv, { ...SAMPLE_OPTIONS, ...LATTICE_EXTRA });
  if (v.help) return void process.stdout.write(LATTICE_SAMPLE_HELP + '\n');
  const paramfile = paramfileArg(v);
  const order = v.order ?? 'radical-inverse';
  if (order !== 'radical-inverse' && order !== 'natural') throw new CliError(`--order: expected radical-inverse or natural, got ${JSON.stringify(order)}`);
  const skip = intArg('skip', v.skip, 0);
  if (skip !== undefined && order === 'natural') throw new CliError('--skip: no skip in natural order (the N points are one rule); use --order radical-inverse');
  const n = intArg('samples', v.samples, 1, order === 'natural' ? 2 ** 26 : LATTICE_MAX_POINTS - (skip ?? 0));
  if (n === undefined) throw new CliError('-n/--samples: the number of points is required');
  const shift = boolArg('shift', v.shift, true);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  if (d > LATTICE_DEFAULT_VECTOR.length) throw new CliError(`${paramfile}: ${d} parameters; the lattice's generating vector has ${LATTICE_DEFAULT_VECTOR.length} components`);
  const seed = shift ? seedArg(v.seed) ?? randomSeed() : undefined;
  if (!shift && v.seed !== undefined) process.stderr.write('uqkit sample lattice: warning: -s/--seed has no effect without a shift (--shift True)\n');
  const X = toPhysical(problem.dists, lattice(n, d, { order, shift, ...(skip === undefined ? {} : { skip }), ...(seed === undefined ? {} : { seed }) }));
  writeSample(v, X, sampleHeader('lattice', [['n', n], ['d', d], ['order', order], ['shift', shift ? 'True' : 'False'], ['skip', skip], ['seed', seed]], problem));
}
