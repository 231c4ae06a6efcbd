// `uqkit sample morris` and `uqkit analyze morris`: SALib's command-line method of Morris
// (flags and defaults of SALib.sample.morris and SALib.analyze.morris) on uqkit's sampler and
// analysis (src/numerics/morris.ts). The sample file's header records N, the levels, the
// optimal trajectories and the seed; `analyze morris` takes the levels from it and refuses
// options, problems or outputs that do not fit the design.
import { morrisAnalyze, morrisSample, MORRIS_DEFAULT_LEVELS } from '../numerics/morris.js';
import { CliError } from './cli-error.js';
import { oneStdin } from './input.js';
import { readProblem } from './problem-file.js';
import { agreeWithDesign, checkDesign, checkRows, sampleHeader } from './provenance.js';
import {
  alias, ANALYZE_FILES_HELP, ANALYZE_OPTIONS, boolArg, delimiterArg, intArg, numberArg, paramfileArg, parseSalib, SAMPLE_FORMAT_HELP, SAMPLE_OPTIONS, seedArg,
} from './salib-args.js';
import { jsonList, pandasTable } from './salib-console.js';
import { readOutputs, readSampleFile, writeSample } from './salib-files.js';

/** `uqkit sample morris --help`. */
export const MORRIS_SAMPLE_HELP = `uqkit sample morris -p PROBLEM -n N -o X.txt [options]

Morris trajectories (Morris 1991): N random one-at-a-time paths on a grid of levels, each of
G + 1 points (G: parameters, or groups of the problem file), as SALib's morris.sample.

${SAMPLE_FORMAT_HELP}
  -n, --samples N        trajectories to draw (at least 2)
  -l, --levels P         grid levels (default ${MORRIS_DEFAULT_LEVELS}; even)
  -k, --k-optimal K      keep the K most spread-out of the N trajectories (Campolongo 2007)
  -lo, --local BOOL      with -k: True (default) Ruano et al.'s local search, False the exhaustive one
  -s, --seed S           seed (default: a fresh one, written in the header)
The header records n, d, groups, rows, levels, k-optimal, local and seed; \`uqkit analyze
morris\` takes the levels from it.`;

/** `uqkit analyze morris --help`. */
export const MORRIS_ANALYZE_HELP = `uqkit analyze morris -p PROBLEM -X X.txt -Y Y.txt [options]

Elementary effects of the method of Morris from outputs at the points of a Morris design, as
SALib's morris.analyze: mu (mean effect), mu_star (mean absolute effect: how much the output
depends on the parameter), sigma (spread: interactions or non-linearity) and mu_star_conf
(bootstrap half-width of mu_star's confidence interval), per parameter or group.

${ANALYZE_FILES_HELP}
  -l, --levels P         grid levels the design was drawn with (default: the sample file's
                         header, else ${MORRIS_DEFAULT_LEVELS}); a value that differs from the header is refused
  -r, --resamples R      bootstrap resamples for mu_star_conf (default 1000, as SALib)
      --confidence C     confidence level (default 0.95)
      --scaled BOOL      scale the effects by std(x)/std(y) per trajectory (default False)
  -s, --seed S           seed of the bootstrap (default: a fresh one)
  Of -p, -X and -Y, one may be - (standard input).`;

const SAMPLE_EXTRA = { levels: { type: 'string', short: 'l' }, 'k-optimal': { type: 'string', short: 'k' }, local: { type: 'string' } } as const;
const ANALYZE_EXTRA = { levels: { type: 'string', short: 'l' }, resamples: { type: 'string', short: 'r' }, confidence: { type: 'string' }, scaled: { type: 'string' } } as const;

/** `uqkit sample morris`: SALib's `salib sample morris` (see MORRIS_SAMPLE_HELP). */
export function sampleMorris(argv: string[]): void {
  const v = parseSalib(argv, { ...SAMPLE_OPTIONS, ...SAMPLE_EXTRA }, { '-lo': '--local' });
  if (v.help) {
    process.stdout.write(MORRIS_SAMPLE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const n = intArg('samples', v.samples, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of trajectories is required');
  if (n < 2) throw new CliError(`-n/--samples: expected at least 2 trajectories (sigma needs two), got ${n}`);
  const levels = intArg('levels', v.levels, 2) ?? MORRIS_DEFAULT_LEVELS;
  const k = intArg('k-optimal', v['k-optimal'], 2);
  if (k !== undefined && k >= n) throw new CliError(`-k/--k-optimal: expected fewer optimal trajectories than -n/--samples (${n}), got ${k}`);
  const local = boolArg('local', v.local, true);
  const seed = seedArg(v.seed);
  const problem = readProblem(paramfile);
  const s = morrisSample(problem.dists, n, {
    numLevels: levels, localOptimization: local,
    ...(k === undefined ? {} : { optimalTrajectories: k }),
    ...(problem.groups ? { groups: problem.groups } : {}),
    ...(seed === undefined ? {} : { seed }),
  });
  writeSample(v, s.X, sampleHeader('morris', [
    ['n', n], ['d', problem.names.length], ['groups', problem.groups ? problem.groupNames.length : undefined], ['rows', s.X.rows],
    ['trajectories', s.trajectories], ['levels', levels], ['k-optimal', k], ['local', k === undefined ? undefined : local ? 'True' : 'False'], ['seed', s.seed],
  ], problem));
}

/** `uqkit analyze morris`: SALib's `salib analyze morris` (see MORRIS_ANALYZE_HELP). */
export function analyzeMorris(argv: string[]): void {
  const v = parseSalib(argv, { ...ANALYZE_OPTIONS, ...ANALYZE_EXTRA });
  if (v.help) {
    process.stdout.write(MORRIS_ANALYZE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const outputs = alias(v, 'model-output-file', 'outputs');
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': v['model-input-file'] });
  const resamples = intArg('resamples', v.resamples, 2) ?? 1000;
  const confidence = numberArg('confidence', v.confidence, 0, 1) ?? 0.95;
  const scaled = boolArg('scaled', v.scaled, false);
  const seed = seedArg(v.seed);
  intArg('levels', v.levels, 2);
  const delimiter = delimiterArg(v.delimiter);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  const sample = readSampleFile(v, d, `the problem has ${d} parameter${d === 1 ? '' : 's'}`, delimiter);
  const { X, table } = sample;
  let levelsText = v.levels;
  if (sample.header) {
    checkDesign(sample.header, table.file, 'morris', ['morris'], problem);
    checkRows(sample.header, table.file, X.rows, table.file, 'rows of points');
    levelsText = agreeWithDesign(sample.header, table.file, 'levels', '-l/--levels', v.levels === undefined ? undefined : String(Number(v.levels)));
  }
  const levels = intArg('levels', levelsText, 2) ?? MORRIS_DEFAULT_LEVELS;
  const G = problem.groupNames.length;
  const S = G + 1;
  if (X.rows % S !== 0 || X.rows < 2 * S) {
    throw new CliError(`${X.rows} rows do not make whole Morris trajectories of ${S} points (${problem.groups ? `${G} groups` : `${d} parameters`} + 1), at least 2 of them`, { file: table.file });
  }
  const { Y } = readOutputs(v, outputs, sample, delimiter);
  // Each step of a trajectory moves one group by the same amount: say which line breaks that.
  const T = X.rows / S;
  for (let t = 0; t < T; t++) for (let s = 1; s < S; s++) {
    let changed = 0;
    for (let j = 0; j < d; j++) if (X.data[(t * S + s) * d + j] !== X.data[(t * S + s - 1) * d + j]) changed++;
    if (changed === 0) throw new CliError(`point ${s + 1} of trajectory ${t + 1} equals the point before it: not a Morris design of ${S} points per trajectory (wrong problem file or --levels?)`, { file: table.file, line: table.lines[t * S + s]! });
  }
  const r = morrisAnalyze(X, Y, {
    numLevels: levels, numResamples: resamples, confLevel: confidence, names: problem.names, scaled,
    ...(problem.groups ? { groups: problem.groups } : {}),
    ...(seed === undefined ? {} : { seed }),
  });
  if (v.json) {
    process.stdout.write(JSON.stringify({
      names: r.names, mu: jsonList(r.mu), mu_star: jsonList(r.mu_star), sigma: jsonList(r.sigma), mu_star_conf: jsonList(r.mu_star_conf),
      trajectories: r.trajectories, num_levels: r.numLevels,
      bootstrap: { resamples: r.bootstrap.resamples, confidence: r.bootstrap.confidence, seed: String(r.bootstrap.seed) },
    }, null, 1) + '\n');
    return;
  }
  const col = (name: string, values: ArrayLike<number>) => ({ name, values: Array.from(values) });
  process.stdout.write(pandasTable(r.names, [col('mu', r.mu), col('mu_star', r.mu_star), col('sigma', r.sigma), col('mu_star_conf', r.mu_star_conf)]) + '\n');
}
