// Which analysis fits a sampler: what method 'auto' stands for, and whether an asked method fits.
import { InvalidArgumentError } from '../core/errors.js';
import { oneOf } from '../core/validate.js';
import type { SamplerSpec } from '../samplers/index.js';
import { ANALYSIS_METHODS, type AnalysisMethod } from './types.js';

export type Kind = SamplerSpec['kind'];

/** The method 'auto' stands for, and whether an override fits the sampler (undefined: runs of no one sampler). */
export function chooseMethod(inner: SamplerSpec | undefined, asked: AnalysisMethod): Exclude<AnalysisMethod, 'auto'> {
  const kind = inner?.kind;
  const points = inner?.kind === 'pce' ? (inner.points ?? 'quadrature') : undefined;
  const onGrid = kind === 'sc' || (kind === 'pce' && points !== 'regression');
  if (asked === 'auto') {
    if (kind === 'saltelli') return 'sobol';
    if (kind === 'morris') return 'morris';
    if (kind === 'ff') return 'ff';
    if (kind === 'finite_diff') return 'dgsm';
    if (kind === 'fast') return 'fast';
    if (kind === 'pce') return points === 'regression' ? 'pce-regression' : 'pce-projection';
    if (kind === 'sc') return 'sc';
    if (kind === 'shapley') return 'shapley';
    if (kind === 'mcmc') return 'mcmc';
    return 'stats';
  }
  if (asked === 'gp') return asked; // a Gaussian process fits the runs of any sampler
  const screening = { morris: 'morris', ff: 'ff', dgsm: 'finite_diff' } as const;
  if (asked === 'mcmc' && kind !== 'mcmc') throw new InvalidArgumentError({ field: 'options.method', value: asked, expected: `a method for ${kind === undefined ? 'runs without a sampler' : `the sampler '${kind}'`} ('mcmc' needs an mcmc sampler)` });
  if (asked === 'mcmc') return asked;
  // RBD-FAST, delta and PAWN take a sample of the inputs' distribution: not the weighted nodes of a grid.
  const anySample = asked === 'rbd_fast' || asked === 'delta' || asked === 'pawn';
  if (anySample && onGrid) {
    throw new InvalidArgumentError({
      field: 'options.method', value: asked,
      expected: `a method for the sampler '${kind}' ('${asked}' needs a sample drawn from the inputs' distributions; the nodes of a quadrature or collocation grid are not one: they carry unequal weights and repeat values)`,
      hint: "draw the runs with a random, qmc, latin or saltelli sampler, or use 'pce-regression'",
    });
  }
  const fits = asked === 'stats' || asked === 'pce-regression' || asked === 'hdmr' || (asked === 'sobol' && kind === 'saltelli') || anySample || (asked === 'fast' && kind === 'fast') ||
    ((asked === 'morris' || asked === 'ff' || asked === 'dgsm') && kind === screening[asked]) || ((asked === 'pce-projection' || asked === 'sc') && onGrid) ||
    (asked === 'shapley' && kind === 'shapley');
  if (!fits) {
    const which = asked === 'sobol' ? 'a saltelli sampler' : asked === 'shapley' ? 'a shapley sampler' : asked === 'fast' ? 'a fast sampler (an eFAST design)'
      : asked === 'morris' || asked === 'ff' || asked === 'dgsm' ? `a ${screening[asked]} sampler`
      : 'a sampler on a grid (pce with quadrature or sparse points, or sc)';
    const of = kind === undefined ? 'runs without a sampler' : `the sampler '${kind}'`;
    throw new InvalidArgumentError({ field: 'options.method', value: asked, expected: `a method for ${of} ('${asked}' needs ${which})`, hint: "'stats' and 'pce-regression' fit any sampler" });
  }
  return asked;
}

/**
 * The method that `asked` (default 'auto') stands for with `sampler` — a replica sampler's inner
 * sampler decides — checked without any runs, e.g. before a campaign executes.
 *
 * @throws InvalidArgumentError (field options.method) when the method does not fit the sampler
 */
export function analysisMethodFor(sampler: SamplerSpec, asked: AnalysisMethod = 'auto'): Exclude<AnalysisMethod, 'auto'> {
  const inner = sampler.kind === 'replica' ? (sampler as { of: SamplerSpec }).of : sampler;
  return chooseMethod(inner, oneOf('options.method', asked, ANALYSIS_METHODS));
}
export const gridKind = (inner: SamplerSpec): 'tensor' | 'sparse' =>
  inner.kind === 'sc' ? (inner.grid === 'adaptive' ? 'sparse' : inner.grid ?? 'tensor') : inner.kind === 'pce' && inner.points === 'sparse' ? 'sparse' : 'tensor';
