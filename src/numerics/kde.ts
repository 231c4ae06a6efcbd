// Gaussian kernel density estimates in one dimension with Scott's bandwidth, as scipy's
// gaussian_kde: the densities of surrogate outputs and the distances between two samples.
// exp and pow come from detmath, so a density has the same bits in every engine.
import { InvalidArgumentError } from '../core/errors.js';
import { exp, pow } from '../core/detmath.js';

/** Scott's bandwidth of a Gaussian kernel density estimate of `x`: its std (ddof 1) times n^(-1/5), as scipy's gaussian_kde. */
export function scottBandwidth(x: Float64Array): number {
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  // detmath's pow: the same bits in every engine (V8's ** rounds differently in Node and Chromium).
  return Math.sqrt(ss / (n - 1)) * pow(n, -0.2);
}

/**
 * A Gaussian kernel density estimate of the samples `x` at the points `at`: the mean of normal
 * densities of standard deviation `bandwidth` (default Scott's rule, {@link scottBandwidth})
 * centred at the samples, as scipy's `gaussian_kde(x)(at)` in one dimension.
 *
 * @throws {@link InvalidArgumentError} for fewer than 2 samples, a sample that is not finite,
 *   or a bandwidth that is not positive (a sample that does not vary has none by Scott's rule).
 */
export function kernelDensity(x: Float64Array, at: Float64Array, bandwidth?: number): Float64Array {
  if (!(x instanceof Float64Array) || x.length < 2 || x.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError({ field: 'x', value: x, expected: 'a Float64Array of at least 2 finite samples' });
  const h = bandwidth ?? scottBandwidth(x);
  if (!(h > 0) || !Number.isFinite(h)) throw new InvalidArgumentError({ field: 'bandwidth', value: h, expected: 'a positive bandwidth (the samples do not vary)' });
  const n = x.length;
  const norm = 1 / (n * h * Math.sqrt(2 * Math.PI));
  const out = new Float64Array(at.length);
  for (let g = 0; g < at.length; g++) {
    const t = at[g]!;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = (t - x[i]!) / h;
      s += exp(-0.5 * z * z);
    }
    out[g] = s * norm;
  }
  return out;
}
