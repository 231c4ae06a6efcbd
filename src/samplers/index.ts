// Samplers for campaigns: each turns the uncertain parameters (`vary`: a
// distribution per name) into runs, records of parameter values, drawn whole or in batches.
// A sampler's progress is its `state` (plain JSON), which the campaign store keeps, so that a
// resumed campaign continues where it stopped: `sampler(spec, vary, state)` rebuilds it.
//
// Kinds:
//   random     plain Monte Carlo from uqkit's counter-based generator (seeded; infinite)
//   qmc        Owen-scrambled Sobol' points, Owen-scrambled Halton points or a randomly
//              shifted rank-1 lattice (`sequence`; seeded; finite or infinite)
//   latin      SALib's Latin hypercube (src/numerics/latin.ts; finite)
//   shapley    Song, Nelson & Staum's design for Shapley effects (src/numerics/shapley.ts)
//   saltelli   a Saltelli design for Sobol' indices (finite; its `design` goes to the analysis)
//   morris     Morris trajectories (screening: elementary effects, mu*, sigma)
//   ff         SALib's fractional factorial design (screening: main effects)
//   finite_diff  Sobol' base points and one-input steps (DGSM)
//   fast       an eFAST design: one search curve of n points per input (eFAST indices)
//   pce        points for a polynomial chaos fit: a tensor Gauss grid of order + 1 points per
//              input ("quadrature", EasyVVUQ's default), a sparse grid, or 2P Sobol' points
//              ("regression")
//   sc         stochastic collocation: a tensor or sparse grid, or a dimension-adaptive sparse
//              grid refined on the outputs between batches (./adaptive-sc.ts; its runs are
//              added by the campaign's refinement, none up front)
//   replica    k replicas of every run of another sampler, with a replica index
//   table      runs listed in a CSV or JSON file, or given inline
//   sweep      a full-factorial sweep with nested sub-sweeps (src/space/algebra.ts), over any
//              parameters (also not varied ones)
//
// Dependent inputs: with a `correlation` (./correlation.ts) the samplers that draw points of
// the unit cube (random, qmc, latin, pce regression, shapley) map them through its Gaussian
// copula instead of each input's quantile function. The designs whose analyses assume
// independent inputs (saltelli, morris, ff, finite_diff, and the grids of pce and sc) refuse
// a correlation, naming the reason and suggesting shapley.
import { readFileSync } from 'node:fs';
import { checkMemory } from '../core/budget.js';
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsObject } from '../core/validate.js';
import { distribution, toPhysical, type Distribution, type DistributionSpec } from '../distributions/index.js';
import { sparseGrid, tensorGrid, type Grid } from '../numerics/grids.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { multiIndices } from '../numerics/multi-index.js';
import { saltelliDesign, saltelliRows, type SaltelliDesign } from '../numerics/saltelli.js';
import { sobol } from '../numerics/sobol.js';
import { uniformRows } from '../numerics/random.js';
import { morrisSample } from '../numerics/morris.js';
import { halton } from '../numerics/halton.js';
import { lattice, LATTICE_DEFAULT_VECTOR, LATTICE_MAX_POINTS } from '../numerics/lattice.js';
import { latinSample } from '../numerics/latin.js';
import { shapleyDesign, type ShapleyDesign } from '../numerics/shapley.js';
import { Uniform } from '../distributions/uniform.js';
import { correlationCopula } from './correlation.js';
import { ffSample } from '../numerics/fractional-factorial.js';
import { finiteDiffSample } from '../numerics/dgsm.js';
import { fastSample } from '../numerics/fast.js';
import { sweep, type SweepSpec, type SweepTypes } from '../space/algebra.js';
import type { ParamValue, Params } from '../space/params.js';
import { isAdaptiveSc, resolveAdaptiveSc, type AdaptiveScSpec } from './adaptive-sc.js';
import { resolveMcmc, type McmcSpec } from './mcmc.js';

/** A run: parameter values by name (src/space/params.ts). */
export type Run = Params;
type Value = ParamValue;

/**
 * A sampler as a campaign records it (JSON), by `kind`: `random` (seeded Monte Carlo), `qmc`
 * (scrambled Sobol' points by default; `sequence: 'halton'` Owen-scrambled Halton points,
 * `'lattice'` a shifted rank-1 lattice), `latin` (SALib's Latin hypercube), `saltelli` (a
 * Saltelli design for Sobol' indices), `pce` (quadrature, sparse grid or regression points for
 * a PCE of the given order), `sc` (stochastic collocation grid), `shapley` (a design for
 * Shapley effects), `replica` (each run of another sampler repeated), `table` (runs read from a
 * file or given). See {@link sampler}.
 */
export type SamplerSpec =
  | { readonly kind: 'random'; readonly seed: number; readonly n?: number }
  | { readonly kind: 'qmc'; readonly seed: number; readonly n?: number; readonly sequence?: 'sobol' | 'halton' | 'lattice' }
  | { readonly kind: 'latin'; readonly n: number; readonly seed: number }
  | ShapleySamplerSpec
  | { readonly kind: 'saltelli'; readonly n: number; readonly seed: number; readonly secondOrder?: boolean }
  | { readonly kind: 'pce'; readonly order: number; readonly points?: 'quadrature' | 'sparse' | 'regression'; readonly seed?: number }
  | { readonly kind: 'sc'; readonly order: number; readonly grid?: 'tensor' | 'sparse' }
  | AdaptiveScSpec
  | { readonly kind: 'replica'; readonly of: SamplerSpec; readonly replicas: number; readonly indexName?: string }
  | { readonly kind: 'table'; readonly file?: string; readonly runs?: readonly Run[] }
  | { readonly kind: 'sweep'; readonly levels: SweepSpec }
  | MorrisSamplerSpec
  | { readonly kind: 'ff' }
  | FiniteDiffSamplerSpec
  | McmcSpec
  | FastSamplerSpec;

/**
 * An eFAST design (`fastSample`, SALib's fast_sampler): for each input a search curve of `n`
 * points on which that input oscillates at the highest frequency, n d runs in all; `M` the
 * interference factor (default 4; n must exceed 4 M^2), the curves' random phases from `seed`
 * (default 0). Analysed by method 'fast'.
 */
export interface FastSamplerSpec {
  /** The kind. */
  readonly kind: 'fast';
  /** Points per curve (N); the design has N d runs. More than 4 M^2. */
  readonly n: number;
  /** Interference factor: the harmonics analysed. Default 4. */
  readonly M?: number;
  /** Seed of the phases (an integer >= 0). Default 0. */
  readonly seed?: number;
}

/**
 * Morris trajectories (`morrisSample`): `n` trajectories of d + 1 points on a grid of `levels`
 * levels (default 4, SALib's), drawn from `seed`; with `optimalTrajectories` the k most
 * spread out of the n (`localOptimization`, default true, as morrisSample). Analysed by
 * method 'morris'.
 */
export interface MorrisSamplerSpec {
  /** The kind. */
  readonly kind: 'morris';
  /** Number of trajectories drawn (N). */
  readonly n: number;
  /** Seed of the trajectories (an integer >= 0). */
  readonly seed: number;
  /** Number of grid levels p (>= 2). Default 4. */
  readonly levels?: number;
  /** Keep the k most spread out of the n trajectories. Default: keep all. */
  readonly optimalTrajectories?: number;
  /** With optimalTrajectories: local search (true, default) or the exhaustive one. */
  readonly localOptimization?: boolean;
}

/**
 * SALib's finite-difference design (`finiteDiffSample`): `n` base points of the plain Sobol'
 * sequence (after `skip`, default 1024) and one step per input, relative step `delta`
 * (default 0.01). Analysed by method 'dgsm'.
 */
export interface FiniteDiffSamplerSpec {
  /** The kind. */
  readonly kind: 'finite_diff';
  /** Number of base points (N); the design has N (d + 1) runs. */
  readonly n: number;
  /** Relative step. Default 0.01. */
  readonly delta?: number;
  /** Sobol' points skipped. Default 1024. */
  readonly skip?: number;
}

/**
 * The design of Shapley effects (`shapleyDesign`, Song, Nelson & Staum 2016): `nV` draws for
 * the output variance, then for each estimated cost `nO` outer draws of the other inputs with
 * `nI` inner draws of the set given them. `permutations`: `'exact'` estimates the cost of every
 * subset of inputs (all d! orders: for up to about 10 inputs), `'random'` follows `m` random
 * orders. Analysed by method 'shapley'; dependent inputs through the campaign's correlation.
 */
export interface ShapleySamplerSpec {
  /** The kind. */
  readonly kind: 'shapley';
  /** Draws of X for Var(Y). Default 10,000. */
  readonly nV?: number;
  /** Outer draws per cost. Default 1,000 for 'exact', 1 for 'random'. */
  readonly nO?: number;
  /** Inner draws per outer draw (>= 2). Default 3. */
  readonly nI?: number;
  /** `'exact'` (default for up to 10 inputs) or `'random'` (default beyond). */
  readonly permutations?: 'exact' | 'random';
  /** Random permutations, for 'random'. Default 100. */
  readonly m?: number;
  /** Seed of the draws. */
  readonly seed: number;
}

/** Progress: how many runs have been drawn. */
export interface SamplerState {
  /** Runs drawn so far. */
  readonly drawn: number;
}

/** A sampler made by {@link sampler}: draws the runs of its design in order, resumably. */
export interface Sampler {
  /** The spec it was made from. */
  readonly spec: SamplerSpec;
  /** Runs in all (Infinity for random and qmc without n). */
  readonly size: number;
  /** Runs drawn so far. */
  readonly drawn: number;
  /** The next `count` runs (fewer at the end of a finite sampler). */
  draw(count: number): Run[];
  /** Every run not drawn yet (finite samplers only). */
  rest(): Run[];
  /** What to store to resume drawing later (pass it to {@link sampler}). */
  readonly state: SamplerState;
  /** For the analysis: the Saltelli design or the grid the runs came from. */
  readonly design?: SaltelliDesign;
  /** See `design`. */
  readonly grid?: Grid;
  /** For the analysis of screening samplers (morris, ff, finite_diff): the design's points, rows in design order. */
  readonly screening?: Matrix;
  /** For the analysis of a shapley sampler: its design (points and blocks). */
  readonly shapley?: ShapleyDesign;
}

/** Up to this many runs of an infinite sampler are generated at once. */
const CHUNK = 4096;

/**
 * Bytes of JavaScript heap a run of `params` numeric parameters takes (an object with its
 * numbers, and its slot in the list; measured in Node 22).
 */
export function runBytes(params: number): number {
  return 48 + 24 * params;
}

/** Refuses `runs` runs of `params` parameters beyond the memory limit of the JavaScript heap. */
function checkRuns(field: string, value: unknown, runs: number, params: number): void {
  checkMemory(field, value, runs * runBytes(params), `${runs} runs of ${params} parameter${params === 1 ? '' : 's'}`, 'heap', 'use a smaller sampler, or split the campaign');
}

/**
 * A sampler for the uncertain parameters `vary` (name -> distribution or its spec), resumed at
 * `state` when given. Parameter order is the order of `vary`'s keys. `params` (the campaign's
 * parameter specs) give a sweep's levels written as object keys their types (see SweepSpec).
 * `correlation` (a CorrelationSpec, the campaign's) makes the varied parameters dependent
 * through a Gaussian copula (random, qmc, latin, pce regression and shapley samplers; the
 * others refuse it; table and sweep runs are taken as given).
 *
 * @throws {@link InvalidArgumentError} for a bad spec (naming the field, e.g. `sampler.n`), a bad
 *   distribution in `vary`, or no uncertain parameter for a sampler that needs one.
 */
export function sampler(spec: SamplerSpec, vary: Readonly<Record<string, Distribution | DistributionSpec>>, state: SamplerState = { drawn: 0 }, params?: SweepTypes, correlation?: unknown): Sampler {
  const s = optionsObject<SamplerSpec>('sampler', spec);
  const kind = oneOf('sampler.kind', s.kind, ['random', 'qmc', 'saltelli', 'pce', 'sc', 'replica', 'table', 'sweep', 'morris', 'ff', 'finite_diff', 'latin', 'shapley', 'mcmc', 'fast'] as const);
  const names = Object.keys(vary ?? {});
  const dists = names.map((k) => distribution(vary[k]!, `vary.${k}`));
  if (kind !== 'table' && kind !== 'sweep' && names.length === 0) throw new InvalidArgumentError({ field: 'vary', value: vary, expected: 'at least one uncertain parameter' });
  const drawn0 = integer('state.drawn', state?.drawn ?? 0, 0);
  const records = (X: Matrix): Run[] => Array.from({ length: X.rows }, (_, i) => Object.fromEntries(names.map((k, j) => [k, X.data[i * X.cols + j]!])));
  const copula = kind === 'table' || kind === 'sweep' || kind === 'replica' ? undefined : correlationCopula(correlation, names, dists);
  /** Points of the unit cube to the parameters: through the copula, or each input's quantile function. */
  const physical = (unit: Matrix): Matrix => (copula ? copula.transform(unit) : toPhysical(dists, unit));
  if (copula && independentOnly(s)) {
    throw new InvalidArgumentError({
      field: 'correlation', value: correlation,
      expected: `no correlation with a ${describe(s)}: ${independentOnly(s)} assume independent inputs`,
      hint: 'use {kind: shapley, ...} for Shapley effects of dependent inputs, or a random, qmc or latin sampler (statistics) or pce with points: regression (moments)',
    });
  }
  switch (kind) {
    case 'random':
    case 'qmc': {
      const o = s as Extract<SamplerSpec, { kind: 'qmc' }>;
      knownKeys('sampler', o, kind === 'qmc' ? ['kind', 'seed', 'n', 'sequence'] : ['kind', 'seed', 'n']);
      const seed = integer('sampler.seed', o.seed, 0);
      const sequence = kind === 'qmc' ? oneOf('sampler.sequence', o.sequence ?? 'sobol', ['sobol', 'halton', 'lattice'] as const) : undefined;
      const size = o.n === undefined ? (sequence === 'lattice' ? LATTICE_MAX_POINTS : Infinity) : integer('sampler.n', o.n, 1, sequence === 'lattice' ? LATTICE_MAX_POINTS : Number.MAX_SAFE_INTEGER);
      if (sequence === 'lattice' && names.length > LATTICE_DEFAULT_VECTOR.length) {
        throw new InvalidArgumentError({ field: 'sampler.sequence', value: sequence, expected: `sobol or halton for ${names.length} parameters (the lattice's generating vector has ${LATTICE_DEFAULT_VECTOR.length} components)` });
      }
      // Rows first..first+count-1 of the unit sample: QMC from the scrambled sequence (skip),
      // MC from uqkit's counter-based generator (any row without the ones before it).
      const unit = (first: number, count: number): Matrix => sequence === 'sobol'
        ? sobol(count, names.length, { scramble: 'owen', seed, skip: first, balance: 'ignore' })
        : sequence === 'halton' ? halton(count, names.length, { scramble: 'owen', seed, skip: first })
        : sequence === 'lattice' ? lattice(count, names.length, { shift: true, seed, skip: first })
        : randomRows(names.length, seed, first, count);
      return lazy(spec, size, drawn0, names.length, (first, count) => records(physical(unit(first, count))));
    }
    case 'latin': {
      const o = s as Extract<SamplerSpec, { kind: 'latin' }>;
      knownKeys('sampler', o, ['kind', 'n', 'seed']);
      const n = integer('sampler.n', o.n, 1);
      const seed = integer('sampler.seed', o.seed, 0);
      checkRuns('sampler.n', n, n, names.length);
      // Independent: SALib's sample on the inputs themselves; dependent: the unit hypercube
      // through the copula (its first input keeps the strata; the others are mixed with it).
      const X = copula ? physical(latinSample(names.map(() => new Uniform(0, 1)), n, { seed }).X) : latinSample(dists, n, { seed }).X;
      return finite(spec, records(X), drawn0, {});
    }
    case 'shapley': {
      const o = s as ShapleySamplerSpec;
      knownKeys('sampler', o, ['kind', 'nV', 'nO', 'nI', 'permutations', 'm', 'seed']);
      const perms = o.permutations === undefined ? undefined : oneOf('sampler.permutations', o.permutations, ['exact', 'random'] as const);
      if (o.m !== undefined && perms !== 'random') throw new InvalidArgumentError({ field: 'sampler.m', value: o.m, expected: "no m without permutations: random (the number of random permutations)" });
      if (names.length < 2) throw new InvalidArgumentError({ field: 'vary', value: names, expected: 'at least 2 uncertain parameters for Shapley effects' });
      const design = shapleyDesign(copula ?? dists, {
        seed: integer('sampler.seed', o.seed, 0),
        ...(perms === undefined ? {} : { method: perms === 'exact' ? 'subsets' : 'random' }),
        ...(o.nV === undefined ? {} : { total: integer('sampler.nV', o.nV, 2) }),
        ...(o.nO === undefined ? {} : { outer: integer('sampler.nO', o.nO, 1) }),
        ...(o.nI === undefined ? {} : { inner: integer('sampler.nI', o.nI, 2) }),
        ...(o.m === undefined ? {} : { permutations: integer('sampler.m', o.m, 1) }),
      });
      checkRuns('sampler', o, design.X.rows, names.length);
      return finite(spec, records(design.X), drawn0, { shapley: design });
    }
    case 'saltelli': {
      const o = s as Extract<SamplerSpec, { kind: 'saltelli' }>;
      knownKeys('sampler', o, ['kind', 'n', 'seed', 'secondOrder']);
      const n = integer('sampler.n', o.n, 1);
      checkRuns('sampler.n', n, saltelliRows(n, names.length, o.secondOrder === true), names.length);
      const design = saltelliDesign(dists, n, { seed: integer('sampler.seed', o.seed, 0), secondOrder: o.secondOrder === true, layout: 'block' });
      return finite(spec, records(design.X), drawn0, { design });
    }
    case 'morris': {
      const o = s as MorrisSamplerSpec;
      knownKeys('sampler', o, ['kind', 'n', 'seed', 'levels', 'optimalTrajectories', 'localOptimization']);
      const n = integer('sampler.n', o.n, 2);
      checkRuns('sampler.n', n, n * (names.length + 1), names.length);
      const m = morrisSample(dists, n, {
        seed: integer('sampler.seed', o.seed, 0),
        ...(o.levels === undefined ? {} : { numLevels: integer('sampler.levels', o.levels, 2) }),
        ...(o.optimalTrajectories === undefined ? {} : { optimalTrajectories: integer('sampler.optimalTrajectories', o.optimalTrajectories, 2, n - 1) }),
        ...(o.localOptimization === undefined ? {} : { localOptimization: oneOf('sampler.localOptimization', o.localOptimization, [true, false]) }),
      });
      return finite(spec, records(m.X), drawn0, { screening: m.X });
    }
    case 'ff': {
      knownKeys('sampler', s, ['kind']);
      const f = ffSample(dists);
      // The design's dummy columns (beyond the d inputs) are not parameters of the runs.
      const d = names.length, k = f.columns;
      const X = new Float64Array(f.X.rows * d);
      for (let i = 0; i < f.X.rows; i++) X.set(f.X.data.subarray(i * k, i * k + d), i * d);
      const Xd = matrix(X, f.X.rows, d);
      return finite(spec, records(Xd), drawn0, { screening: Xd });
    }
    case 'finite_diff': {
      const o = s as FiniteDiffSamplerSpec;
      knownKeys('sampler', o, ['kind', 'n', 'delta', 'skip']);
      const n = integer('sampler.n', o.n, 2);
      checkRuns('sampler.n', n, n * (names.length + 1), names.length);
      const f = finiteDiffSample(dists, n, { ...(o.delta === undefined ? {} : { delta: o.delta }), ...(o.skip === undefined ? {} : { skip: o.skip }) });
      return finite(spec, records(f.X), drawn0, { screening: f.X });
    }
    case 'fast': {
      const o = s as FastSamplerSpec;
      knownKeys('sampler', o, ['kind', 'n', 'M', 'seed']);
      const M = o.M === undefined ? 4 : integer('sampler.M', o.M, 1, 1000);
      const n = integer('sampler.n', o.n, 1);
      if (n <= 4 * M * M) throw new InvalidArgumentError({ field: 'sampler.n', value: n, expected: `more than 4 M^2 = ${4 * M * M} points per curve (M = ${M})` });
      checkRuns('sampler.n', n, n * names.length, names.length);
      const f = fastSample(dists, n, { M, seed: integer('sampler.seed', o.seed ?? 0, 0) });
      return finite(spec, records(f.X), drawn0, { screening: f.X });
    }
    case 'pce':
    case 'sc': {
      if (isAdaptiveSc(s)) {
        resolveAdaptiveSc(s);
        return finite(spec, [], drawn0, {});
      }
      const o = s as { order: number; points?: string; grid?: string; seed?: number };
      knownKeys('sampler', o, kind === 'pce' ? ['kind', 'order', 'points', 'seed'] : ['kind', 'order', 'grid']);
      const order = integer('sampler.order', o.order, 0, 100);
      const how = kind === 'pce'
        ? (o.points === undefined ? 'quadrature' : oneOf('sampler.points', o.points, ['quadrature', 'sparse', 'regression'] as const))
        : (o.grid === undefined ? 'tensor' : oneOf('sampler.grid', o.grid, ['tensor', 'sparse'] as const));
      if (how === 'regression') {
        // 2P points for the total-degree basis of this order: the usual oversampling.
        const P = multiIndices(names.length, { degree: order }).length;
        checkRuns('sampler.order', order, 2 * P, names.length);
        const X = physical(sobol(2 * P, names.length, { scramble: 'owen', seed: integer('sampler.seed', o.seed ?? 0, 0), balance: 'ignore' }));
        return finite(spec, records(X), drawn0, {});
      }
      const grid = how === 'sparse' ? sparseGrid(dists, { level: order }) : tensorGrid(dists, order);
      checkRuns('sampler.order', order, grid.points.rows, names.length);
      return finite(spec, records(grid.points), drawn0, { grid });
    }
    case 'mcmc': {
      // The chains' runs are added step by step by the campaign (src/campaign/campaign-mcmc.ts), none up front.
      resolveMcmc(s as McmcSpec, vary as Record<string, DistributionSpec>);
      return finite(spec, [], drawn0, {});
    }
    case 'replica': {
      const o = s as Extract<SamplerSpec, { kind: 'replica' }>;
      knownKeys('sampler', o, ['kind', 'of', 'replicas', 'indexName']);
      const k = integer('sampler.replicas', o.replicas, 1);
      const indexName = o.indexName ?? 'replica';
      if (names.includes(indexName)) throw new InvalidArgumentError({ field: 'sampler.indexName', value: indexName, expected: 'a name that is not an uncertain parameter' });
      if (isAdaptiveSc(o.of)) throw new InvalidArgumentError({ field: 'sampler.of', value: o.of, expected: 'a sampler that is not adaptive (an adaptive grid is refined on the outputs of single runs)' });
      const inner = sampler(o.of, vary, undefined, undefined, correlation);
      if (!Number.isFinite(inner.size)) throw new InvalidArgumentError({ field: 'sampler.of', value: o.of, expected: 'a finite sampler (give random and qmc an n)' });
      checkRuns('sampler.replicas', k, inner.size * k, names.length + 1);
      const base = inner.rest();
      const runs = base.flatMap((r) => Array.from({ length: k }, (_, i) => ({ ...r, [indexName]: i })));
      return finite(spec, runs, drawn0, inner.design ? { design: inner.design } : inner.grid ? { grid: inner.grid } : inner.shapley ? { shapley: inner.shapley } : {});
    }
    case 'sweep': {
      const o = s as Extract<SamplerSpec, { kind: 'sweep' }>;
      knownKeys('sampler', o, ['kind', 'levels']);
      return finite(spec, sweep(o.levels, 'sampler.levels', params), drawn0, {});
    }
    case 'table': {
      const o = s as Extract<SamplerSpec, { kind: 'table' }>;
      knownKeys('sampler', o, ['kind', 'file', 'runs']);
      if ((o.file === undefined) === (o.runs === undefined)) throw new InvalidArgumentError({ field: 'sampler', value: o, expected: 'either file (CSV or JSON) or runs' });
      const runs = o.runs ? o.runs.map((r, i) => checkRun(r, `sampler.runs[${i}]`)) : readTable(o.file!);
      return finite(spec, runs, drawn0, {});
    }
  }
}

/** Rows first..first+count-1 of a d-column uniform sample: value j of row i is number d i + j of stream 1 of the seed. */
const randomRows = (d: number, seed: number, first: number, count: number): Matrix => uniformRows(d, seed, first, count);

function lazy(spec: SamplerSpec, size: number, drawn0: number, params: number, make: (first: number, count: number) => Run[]): Sampler {
  let drawn = Math.min(drawn0, size);
  const take = (count: number, field = 'count'): Run[] => {
    const n = Math.min(integer(field, count, 0), size - drawn);
    checkRuns(field === 'count' ? 'count' : 'sampler.n', field === 'count' ? count : size, n, params);
    const out: Run[] = [];
    for (let done = 0; done < n; done += CHUNK) out.push(...make(drawn + done, Math.min(CHUNK, n - done)));
    drawn += n;
    return out;
  };
  return {
    spec, size,
    get drawn() { return drawn; },
    get state() { return { drawn }; },
    draw: take,
    rest() {
      if (!Number.isFinite(size)) throw new InvalidArgumentError({ field: 'sampler', value: spec, expected: 'a finite sampler for rest() (give n)' });
      return take(size - drawn, 'rest');
    },
  };
}

/** Why a sampler's design cannot take dependent inputs (its analysis assumes independence), or undefined. */
function independentOnly(s: Partial<SamplerSpec>): string | undefined {
  switch (s.kind) {
    case 'saltelli': return "Sobol' indices";
    case 'morris': case 'ff': case 'finite_diff': return 'its one-at-a-time steps and screening indices';
    case 'sc': return 'the collocation grid (a product of the marginals\' rules) and its Sobol\' indices';
    case 'mcmc': return 'its priors (the vary distributions)';
    case 'fast': return 'its search curves (each input driven at its own frequency through its marginal) and eFAST indices';
    case 'pce': return (s as { points?: string }).points === 'regression' ? undefined : 'the quadrature grid (a product of the marginals\' rules) and the Sobol\' indices of the projection';
    default: return undefined;
  }
}

const describe = (s: Partial<SamplerSpec>): string => (s.kind === 'pce' ? `pce sampler with points: ${(s as { points?: string }).points ?? 'quadrature'}` : `${String(s.kind)} sampler`);

function finite(spec: SamplerSpec, runs: readonly Run[], drawn0: number, extra: { design?: SaltelliDesign; grid?: Grid; screening?: Matrix; shapley?: ShapleyDesign }): Sampler {
  let drawn = Math.min(drawn0, runs.length);
  return {
    spec, size: runs.length, ...extra,
    get drawn() { return drawn; },
    get state() { return { drawn }; },
    draw(count: number) {
      const n = Math.min(integer('count', count, 0), runs.length - drawn);
      const out = runs.slice(drawn, drawn + n);
      drawn += n;
      return out;
    },
    rest() {
      const out = runs.slice(drawn);
      drawn = runs.length;
      return out;
    },
  };
}

function checkRun(r: unknown, field: string): Run {
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new InvalidArgumentError({ field, value: r, expected: 'an object of parameter values' });
  for (const [k, v] of Object.entries(r)) {
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
      throw new InvalidArgumentError({ field: `${field}.${k}`, value: v, expected: 'a finite number, a string or a boolean' });
    }
  }
  return r as Run;
}

/**
 * Runs from a table: JSON (an array of objects) or CSV (a header line of names, then one run
 * per line; numbers are read as numbers, true/false as booleans, anything else as strings).
 */
export function readTable(file: string): Run[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError({ field: 'sampler.file', value: file, expected: `a readable file (${(e as Error).message})` });
  }
  if (/\.json$/i.test(file) || /^\s*\[/.test(text)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InvalidArgumentError({ field: 'sampler.file', value: file, expected: `JSON (${(e as Error).message})` });
    }
    if (!Array.isArray(data)) throw new InvalidArgumentError({ field: 'sampler.file', value: file, expected: 'a JSON array of runs' });
    return data.map((r, i) => checkRun(r, `${file}[${i}]`));
  }
  const lines = text.split(/\r?\n/).map((l, i) => ({ l, at: i + 1 })).filter(({ l }) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new InvalidArgumentError({ field: 'sampler.file', value: file, expected: 'a header line of parameter names' });
  const header = lines[0]!.l.split(',').map((h) => h.trim());
  if (header.some((h) => h === '') || new Set(header).size !== header.length) {
    throw new InvalidArgumentError({ field: `${file}:${lines[0]!.at}`, value: lines[0]!.l, expected: 'distinct, non-empty column names' });
  }
  return lines.slice(1).map(({ l, at }) => {
    const cells = l.split(',').map((c) => c.trim());
    if (cells.length !== header.length) throw new InvalidArgumentError({ field: `${file}:${at}`, value: l, expected: `${header.length} comma-separated values` });
    return Object.fromEntries(header.map((h, j) => {
      const c = cells[j]!;
      const v: Value = c === 'true' ? true : c === 'false' ? false : c !== '' && Number.isFinite(Number(c)) ? Number(c) : c;
      return [h, v];
    }));
  });
}
