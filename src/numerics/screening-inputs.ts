// The inputs of the screening methods (Morris, fractional factorial, DGSM): distributions,
// distribution specs, or SALib-style bounds [low, high] for a uniform input.
import { InvalidArgumentError } from '../core/errors.js';
import { distribution, Uniform, type Distribution, type DistributionSpec } from '../distributions/index.js';

/** One input of a screening method: a distribution, a distribution spec, or bounds [low, high] of a uniform distribution (as SALib's problem `bounds`). */
export type ScreeningInput = Distribution | DistributionSpec | readonly [number, number];

/**
 * The distributions of `inputs` (a non-empty array), bounds [low, high] read as uniform.
 *
 * @throws InvalidArgumentError naming `${field}[j]` for a bad input, or `field` for an empty array
 */
export function screeningInputs(inputs: readonly ScreeningInput[], field = 'dists'): Distribution[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InvalidArgumentError({ field, value: inputs, expected: 'a non-empty array of distributions, distribution specs or bounds [low, high], one per input' });
  }
  return inputs.map((spec, j) => {
    if (Array.isArray(spec)) {
      const [lo, hi] = spec as readonly unknown[];
      if (spec.length !== 2 || typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
        throw new InvalidArgumentError({ field: `${field}[${j}]`, value: spec, expected: 'bounds [low, high] with finite low < high' });
      }
      return new Uniform(lo, hi);
    }
    return distribution(spec as Distribution | DistributionSpec, `${field}[${j}]`);
  });
}
