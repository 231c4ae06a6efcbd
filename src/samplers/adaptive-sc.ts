// Adaptive stochastic collocation: a dimension-adaptive sparse grid (src/numerics/grids.ts)
// whose batches of points are a campaign's runs. The grid is a function of the outputs, so it
// is rebuilt ("replayed") from them: feed the batches in order, with the outputs of the runs
// already done, until a batch has a point without an output — the runs to execute next — or
// refinement stops. The same outputs give the same grid, bit for bit, however often the
// campaign was interrupted.
//
// What is refined on: the sampler's QoI y (a number, or a vector of numbers) and its square;
// an index's surplus is the largest |surplus| over the entries of y and y^2 (the mean and
// second moment of every entry), so that refinement follows the variance as well as the mean.
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys } from '../core/validate.js';
import type { Distribution } from '../distributions/index.js';
import { AdaptiveSparseGrid, type AdaptiveSparseGridResult } from '../numerics/grids.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import type { ParamValue, Params } from '../space/params.js';

/** The spec of an adaptive stochastic-collocation sampler. */
export interface AdaptiveScSpec {
  readonly kind: 'sc';
  readonly grid: 'adaptive';
  /**
   * Stop when the grid's error indicator (the sum of the active indices' indicators, in the
   * units of the QoI and its square) is at most this. Default 1e-6.
   */
  readonly tolerance?: number;
  /** Stop before a refinement would take the grid beyond this many runs. Default 1000. */
  readonly maxRuns?: number;
  /** The output refined on (a number or a vector of numbers per run). Default: the run's only output. */
  readonly qoi?: string;
}

/** True for the spec of an adaptive stochastic-collocation sampler. */
export function isAdaptiveSc(spec: unknown): spec is AdaptiveScSpec {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'sc' && (spec as { grid?: unknown }).grid === 'adaptive';
}

/** A checked spec with its defaults. */
export interface ResolvedAdaptiveSc {
  /** See AdaptiveScSpec.tolerance. */
  readonly tolerance: number;
  /** See AdaptiveScSpec.maxRuns. */
  readonly maxRuns: number;
  /** The QoI, or undefined for the runs' only output. */
  readonly qoi: string | undefined;
}

/**
 * Checks an adaptive SC spec and fills in its defaults.
 * @throws InvalidArgumentError naming `sampler.<key>` for an unknown key or a bad value
 */
export function resolveAdaptiveSc(spec: AdaptiveScSpec): ResolvedAdaptiveSc {
  knownKeys('sampler', spec, ['kind', 'grid', 'tolerance', 'maxRuns', 'qoi']);
  const tolerance = spec.tolerance ?? 1e-6;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new InvalidArgumentError({ field: 'sampler.tolerance', value: spec.tolerance, expected: 'a number >= 0 (the error indicator at which refinement stops)' });
  }
  const maxRuns = integer('sampler.maxRuns', spec.maxRuns ?? 1000, 1, 1_000_000);
  if (spec.qoi !== undefined && (typeof spec.qoi !== 'string' || spec.qoi === '')) {
    throw new InvalidArgumentError({ field: 'sampler.qoi', value: spec.qoi, expected: 'the name of an output' });
  }
  return { tolerance, maxRuns, qoi: spec.qoi };
}

/** One batch told to the grid: where refinement stood after it. */
export interface AdaptiveStep {
  /** 1 for the first batch, then one more per batch. */
  readonly step: number;
  /** Grid points (runs) so far, the next batch's included once it is known. */
  readonly points: number;
  /** The grid's error indicator after the step (Infinity while a batch is pending). */
  readonly error: number;
  /** Why refinement stopped (on the last step of a finished refinement), else null. */
  readonly stop: 'tolerance' | 'maxPoints' | 'maxLevel' | null;
  /** The old and active indices with their surpluses (AdaptiveSparseGrid.indexSets). */
  readonly indices: ReturnType<AdaptiveSparseGrid['indexSets']>;
}

/** What a replay found. */
export interface AdaptiveReplay {
  /** The runs of the first batch with a point not done yet (every run of that batch), or null once refinement has stopped. */
  readonly pending: Params[] | null;
  /** The steps told so far. */
  readonly steps: readonly AdaptiveStep[];
  /** The final grid with its values once pending is null; before, the grid of the steps so far when asked for (`partial`), else null. */
  readonly result: AdaptiveSparseGridResult | null;
}

/** A run's key for matching: its uncertain parameters' values, as the analysis matches runs to design rows. */
export function pointKey(names: readonly string[], params: Readonly<Record<string, unknown>>): string {
  return names.map((k) => String(params[k])).join(',');
}

/**
 * Rebuilds the grid from the outputs known so far. `output(key)` gives the QoI of the run at
 * a point (by pointKey), or undefined when no run there is done. With `partial`, an
 * unfinished refinement also gives the grid of the batches done (at the cost of combining
 * the grid after every batch).
 *
 * @throws InvalidArgumentError (field `outputs.<qoi>`) for a QoI that is not a finite number
 *   or vector of finite numbers, or whose length changes between runs
 */
export function replayAdaptiveSc(spec: AdaptiveScSpec, names: readonly string[], dists: readonly Distribution[], output: (key: string) => unknown, partial = false): AdaptiveReplay {
  const r = resolveAdaptiveSc(spec);
  const ad = new AdaptiveSparseGrid(dists, { tolerance: r.tolerance, maxPoints: r.maxRuns });
  const steps: AdaptiveStep[] = [];
  const field = `outputs.${r.qoi ?? '(the output)'}`;
  let width = -1;
  let sofar: AdaptiveSparseGridResult | null = null;
  for (let x = ad.next(); x.rows > 0; x = ad.next()) {
    const runs = records(names, x);
    const values: number[][] = [];
    for (const run of runs) {
      const y = output(pointKey(names, run));
      if (y === undefined) return { pending: runs, steps, result: sofar };
      const v = typeof y === 'number' ? [y] : Array.isArray(y) ? y : null;
      if (!v || v.length === 0 || v.some((e) => typeof e !== 'number' || !Number.isFinite(e))) {
        throw new InvalidArgumentError({ field, value: y, expected: 'a finite number or a vector of finite numbers to refine on' });
      }
      if (width >= 0 && v.length !== width) throw new InvalidArgumentError({ field, value: v.length, expected: `a vector of ${width} numbers, as at the earlier points` });
      width = v.length;
      values.push(v as number[]);
    }
    // The QoI and its square: mean and second moment of each entry.
    const data = new Float64Array(runs.length * 2 * width);
    values.forEach((v, i) => v.forEach((e, k) => {
      data[i * 2 * width + k] = e;
      data[i * 2 * width + width + k] = e * e;
    }));
    ad.tell(matrix(data, runs.length, 2 * width));
    if (partial) sofar = ad.result();
    steps.push({ step: steps.length + 1, points: ad.size, error: ad.error, stop: null, indices: ad.indexSets() });
  }
  const result = ad.result();
  if (steps.length > 0) {
    const last = steps[steps.length - 1]!;
    steps[steps.length - 1] = { ...last, error: result.error, stop: result.stop === 'running' ? null : result.stop, indices: ad.indexSets() };
  }
  return { pending: null, steps, result };
}

function records(names: readonly string[], X: Matrix): Params[] {
  return Array.from({ length: X.rows }, (_, i) => Object.fromEntries(names.map((k, j) => [k, X.data[i * X.cols + j]! as ParamValue])));
}
