// `uqkit sample morris` and `uqkit analyze morris`: SALib's command-line method of Morris
// (flags and defaults of SALib.sample.morris and SALib.analyze.morris) on uqkit's sampler and
// analysis (src/numerics/morris.ts).
import { morrisAnalyze, morrisSample, MORRIS_DEFAULT_LEVELS } from '../numerics/morris.js';
import { CliError } from './files.js';
import {
  ANALYZE_OPTIONS, SAMPLE_OPTIONS, boolArg, intArg, jsonList, numberArg, parse, problemPath, readGroupedProblem, readInputs, readOutputs,
  resultTable, seedArg, writeSample,
} from './salib-method-args.js';

/** `uqkit sample morris --help`. */
export const MORRIS_SAMPLE_HELP = `uqkit sample morris -p PROBLEM -n N -o X.txt [options]

Morris trajectories (Morris 1991): N random one-at-a-time paths on a grid of levels, each of
G + 1 points (G: parameters, or groups of the problem file), as SALib's morris.sample.

  -p, --paramfile FILE   SALib problem file ("name lower upper [group] [dist]" per line) or JSON
  -n, --samples N        trajectories to draw (at least 2)
  -o, --output FILE      where to write (- for standard output)
  -l, --levels P         grid levels (default ${MORRIS_DEFAULT_LEVELS}; even)
  -k, --k-optimal K      keep the K most spread-out of the N trajectories (Campolongo 2007)
  -lo, --local BOOL      with -k: True (default) Ruano et al.'s local search, False the exhaustive one
  -s, --seed S           seed (default: a fresh one, written in the header)
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, as %.Pe (default 8)
      --no-header        no "# ..." lines describing the design`;

/** `uqkit analyze morris --help`. */
export const MORRIS_ANALYZE_HELP = `uqkit analyze morris -p PROBLEM -X X.txt -Y Y.txt [options]

Elementary effects of the method of Morris from outputs at the points of a Morris design, as
SALib's morris.analyze: mu (mean effect), mu_star (mean absolute effect: how much the output
depends on the parameter), sigma (spread: interactions or non-linearity) and mu_star_conf
(bootstrap half-width of mu_star's confidence interval), per parameter or group.

  -p, --paramfile FILE   the problem file the design was made from (with its groups)
  -X, --model-input-file FILE   the design (one point per line)
  -Y, --model-output-file FILE  model outputs, one line per point
  -c, --column K         column of the outputs to analyse (from 0; default 0)
  -l, --levels P         grid levels the design was made with (default ${MORRIS_DEFAULT_LEVELS})
  -r, --resamples R      bootstrap resamples for mu_star_conf (default 1000)
      --confidence C     confidence level (default 0.95)
      --scaled BOOL      scale the effects by std(x)/std(y) per trajectory (default False)
  -s, --seed S           seed of the bootstrap (default: a fresh one)
      --delimiter D      ignored (numbers may be separated by spaces, tabs or commas)
      --json             JSON instead of the table`;

/** `uqkit sample morris`. */
export function sampleMorris(argv: string[]): void {
  const v = parse(argv, { ...SAMPLE_OPTIONS, levels: { type: 'string', short: 'l' }, 'k-optimal': { type: 'string', short: 'k' }, local: { type: 'string' } }, { '-lo': '--local' });
  if (v.help) {
    process.stdout.write(MORRIS_SAMPLE_HELP + '\n');
    return;
  }
  const problem = readGroupedProblem(problemPath(v));
  const n = intArg('-n/--samples', v.samples, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of trajectories is required');
  if (n < 2) throw new CliError(`-n/--samples: expected at least 2 trajectories (sigma needs two), got ${n}`);
  const levels = intArg('-l/--levels', v.levels, 2) ?? MORRIS_DEFAULT_LEVELS;
  const k = intArg('-k/--k-optimal', v['k-optimal'], 2);
  if (k !== undefined && k >= n) throw new CliError(`-k/--k-optimal: expected fewer optimal trajectories than -n/--samples (${n}), got ${k}`);
  const local = boolArg('-lo/--local', v.local, true);
  const seed = seedArg(v.seed);
  const s = morrisSample(problem.dists, n, {
    numLevels: levels, localOptimization: local,
    ...(k === undefined ? {} : { optimalTrajectories: k }),
    ...(problem.groups ? { groups: problem.groups } : {}),
    ...(seed === undefined ? {} : { seed }),
  });
  const G = s.groups.names.length;
  writeSample(v, s.X, [
    `uqkit sample morris: trajectories=${s.trajectories} points-per-trajectory=${G + 1} levels=${levels} seed=${s.seed}` +
      (k === undefined ? '' : ` drawn=${n} k-optimal=${k} local=${local ? 'True' : 'False'}`),
    `columns: ${problem.names.join(' ')}`,
  ]);
}

/** `uqkit analyze morris`. */
export function analyzeMorris(argv: string[]): void {
  const v = parse(argv, { ...ANALYZE_OPTIONS, levels: { type: 'string', short: 'l' }, resamples: { type: 'string', short: 'r' }, confidence: { type: 'string' }, scaled: { type: 'string' } });
  if (v.help) {
    process.stdout.write(MORRIS_ANALYZE_HELP + '\n');
    return;
  }
  const problem = readGroupedProblem(problemPath(v));
  const d = problem.names.length;
  const { X, path: xPath, lines: xLines } = readInputs(v, d);
  const groupCount = problem.groups ? new Set(problem.groups).size : d;
  const S = groupCount + 1;
  if (X.rows % S !== 0 || X.rows < 2 * S) {
    throw new CliError(`${X.rows} rows do not make whole Morris trajectories of ${S} points (${problem.groups ? `${groupCount} groups` : `${d} parameters`} + 1), at least 2 of them`, { file: xPath });
  }
  const { Y } = readOutputs(v, X.rows, xPath);
  const levels = intArg('-l/--levels', v.levels, 2) ?? MORRIS_DEFAULT_LEVELS;
  const resamples = intArg('-r/--resamples', v.resamples, 2) ?? 1000;
  const confidence = numberArg('--confidence', v.confidence, 0, 1) ?? 0.95;
  const seed = seedArg(v.seed);
  // Each step of a trajectory moves one group by the same amount: say which line breaks that.
  const T = X.rows / S;
  for (let t = 0; t < T; t++) for (let s = 1; s < S; s++) {
    let changed = 0;
    for (let j = 0; j < d; j++) if (X.data[(t * S + s) * d + j] !== X.data[(t * S + s - 1) * d + j]) changed++;
    if (changed === 0) throw new CliError(`point ${s + 1} of trajectory ${t + 1} equals the point before it: not a Morris design of ${S} points per trajectory (wrong problem file or --levels?)`, { file: xPath, line: xLines[t * S + s]! });
  }
  const r = morrisAnalyze(X, Y, {
    numLevels: levels, numResamples: resamples, confLevel: confidence, names: problem.names,
    scaled: boolArg('--scaled', v.scaled, false),
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
  process.stdout.write(resultTable(r.names, [['mu', r.mu], ['mu_star', r.mu_star], ['sigma', r.sigma], ['mu_star_conf', r.mu_star_conf]]) + '\n');
}
