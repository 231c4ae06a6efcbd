// The Halton sequence: point i has coordinate j equal to the radical inverse of i in base p_j,
// the j-th prime: the base-p_j digits of i mirrored about the radix point,
// i = sum_k a_k p^k  ->  phi_p(i) = sum_k a_k p^-(k+1)  [1].
//
// Unscrambled, the points are those of scipy.stats.qmc.Halton(d, scramble=False): the first
// point is the origin, and the radical inverse is summed digit by digit from the least
// significant one with the same floating-point operations, so the values are bit-identical.
//
// Two randomisations, both seeded and both keeping the stratification of the sequence (any
// p^k consecutive points of coordinate j fall one in each interval [m/p^k, (m+1)/p^k)):
//   'random-start'  each coordinate starts at its own random index s_j (uniform below
//                   p_j^K, p_j^K <= 2^40): coordinate j of point i is phi_p(s_j + i), the
//                   random-start Halton sequence of Wang & Hickernell [2];
//   'owen'          nested digit scrambling [3]: digit k of the radical inverse is permuted by
//                   a permutation that depends on the coordinate, on k and on the digits before
//                   it. Each permutation is an affine map a -> (c a + s) mod p (c != 0, p prime:
//                   a bijection) with c and s drawn from a hash of the seed, the coordinate and
//                   those digits: Owen's nesting with Matousek's linear permutations [4]. The
//                   zero digits beyond the first D (b^D >= 2^32, or those of i), scrambled, are
//                   independent uniform digits: they are drawn at once as a uniform position
//                   inside the point's last interval (from the hash of all its digits), which
//                   spreads the points over their strata. Any point is computed without the
//                   points before it.
//
// [1] J. H. Halton, On the efficiency of certain quasi-random sequences of points in
//     evaluating multi-dimensional integrals, Numer. Math. 2, 84-90 (1960).
// [2] X. Wang and F. J. Hickernell, Randomized Halton sequences, Math. Comput. Modelling 32,
//     887-899 (2000).
// [3] A. B. Owen, A randomized Halton algorithm in R, arXiv:1706.02808 (2017).
// [4] J. Matousek, On the L2-discrepancy for anchored boxes, J. Complexity 14, 527-556 (1998).
import { InvalidArgumentError } from '../core/errors.js';
import { integer, knownKeys, oneOf, options as optionsOf, randomSeed, seed as seedOf, seedHalves } from '../core/validate.js';
import { matrix, type Matrix } from './matrix.js';

/** The randomisation of a Halton sequence (see {@link HaltonOptions.scramble}). */
export type HaltonScramble = false | 'random-start' | 'owen';

/** Options of {@link halton}. */
export interface HaltonOptions {
  /**
   * `false` (default): the plain sequence, equal to `scipy.stats.qmc.Halton(d, scramble=False)`;
   * `'random-start'`: each coordinate starts at a random index (Wang & Hickernell 2000);
   * `'owen'`: nested scrambling of the digits (Owen 2017), with affine digit permutations.
   */
  readonly scramble?: HaltonScramble;
  /** Seed of the scramble: an integer 0..2^53-1 or a bigint below 2^64. Default: a fresh one. */
  readonly seed?: number | bigint;
  /** Points skipped before the first one returned (e.g. 1 to drop the origin). Default 0. */
  readonly skip?: number;
}

/** Most dimensions a Halton sequence is made for (the 1000th prime is 7919). */
export const HALTON_MAX_DIM = 1000;

/** The first `d` primes. */
export function primes(d: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < d; c++) {
    let prime = true;
    for (const p of out) {
      if (p * p > c) break;
      if (c % p === 0) { prime = false; break; }
    }
    if (prime) out.push(c);
  }
  return out;
}

/** 32-bit mixing (the finaliser of MurmurHash3), for the digit permutations. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The radical inverse of i in base b, summed from the least significant digit (as scipy does). */
function radicalInverse(i: number, b: number): number {
  let q = i;
  let f = 1 / b;
  let x = 0;
  while (q > 0) {
    const a = q % b;
    x += a * f;
    f /= b;
    q = Math.floor(q / b);
  }
  return x;
}

/**
 * `n` points of the `dim`-dimensional Halton sequence (bases: the first `dim` primes) as an
 * n x dim Matrix, from point `skip` on.
 *
 * @example
 * ```js
 * import { halton } from 'uqkit';
 *
 * const { data } = halton(4, 2); // as scipy.stats.qmc.Halton(2, scramble=False).random(4)
 * console.log(data); // Float64Array [0, 0, 0.5, 0.3333333333333333, 0.25, 0.6666666666666666, 0.75, 0.1111111111111111]
 * ```
 *
 * @throws {@link InvalidArgumentError} for `n` < 0, `dim` outside 1..{@link HALTON_MAX_DIM},
 *   skip + n beyond 2^53, or an unknown option.
 */
export function halton(n: number, dim: number, opts?: HaltonOptions): Matrix {
  const o = optionsOf<HaltonOptions>('options', opts);
  knownKeys('options', o, ['scramble', 'seed', 'skip']);
  integer('n', n, 0);
  integer('dim', dim, 1, HALTON_MAX_DIM);
  const skip = integer('options.skip', o.skip ?? 0, 0);
  if (skip + n > Number.MAX_SAFE_INTEGER) throw new InvalidArgumentError({ field: 'options.skip', value: skip, expected: `skip + n at most 2^53 - 1` });
  const scramble = oneOf<HaltonScramble>('options.scramble', o.scramble ?? false, [false, 'random-start', 'owen']);
  const bases = primes(dim);
  const out = new Float64Array(n * dim);
  if (scramble === false) {
    if (o.seed !== undefined) seedOf('options.seed', o.seed);
    for (let j = 0; j < dim; j++) {
      const b = bases[j]!;
      for (let i = 0; i < n; i++) out[i * dim + j] = radicalInverse(skip + i, b);
    }
    return matrix(out, n, dim);
  }
  const [lo, hi] = seedHalves(o.seed === undefined ? randomSeed() : seedOf('options.seed', o.seed));
  const key = mix(mix(lo ^ 0x9e3779b9) ^ hi);
  for (let j = 0; j < dim; j++) {
    const b = bases[j]!;
    const kj = mix(key ^ Math.imul(j + 1, 0x27d4eb2f));
    if (scramble === 'random-start') {
      // A start below b^K <= 2^40, from two 20-bit halves of hashes (exact in a double).
      let span = 1;
      while (span * b <= 2 ** 40) span *= b;
      const u = ((mix(kj ^ 1) >>> 12) * 2 ** 20 + (mix(kj ^ 2) >>> 12)) / 2 ** 40;
      const start = Math.floor(u * span);
      for (let i = 0; i < n; i++) out[i * dim + j] = radicalInverse(start + skip + i, b);
      continue;
    }
    // Owen: the digits of the index permuted in turn, each by the permutation its prefix picks.
    // Every index below 2^32 is taken with the same number of digits D (leading zeros
    // included), so that indices whose digits agree up to a position share their scrambled
    // digits up to it, whatever their lengths: the scramble is one function of the digits.
    const D = Math.ceil(32 / Math.log2(b));
    for (let i = 0; i < n; i++) {
      let q = skip + i;
      let f = 1 / b;
      let x = 0;
      let h = kj;
      for (let k = 0; k < D || q > 0; k++) {
        const a = q % b;
        q = Math.floor(q / b);
        const r = mix((h + Math.imul(k + 1, 0x165667b1)) | 0);
        const s = r % b;
        const pa = b === 2 ? a ^ s : (Math.imul(1 + ((r >>> 8) % (b - 1)), a) + s) % b;
        x += pa * f;
        f /= b;
        // The next digit's permutation depends on this digit too (the nesting).
        h = r ^ Math.imul(a + 1, 0x9e3779b1);
      }
      // The digits beyond the index's are zeros, scrambled: independent uniform digits given
      // the prefix, i.e. a uniform point of the last interval, 53 bits from the prefix's hash.
      const u = (mix(h ^ 0x27d4eb2f) >>> 11) * 2 ** -21 + mix(h ^ 0x61c88647) * 2 ** -53;
      x += u * f * b;
      // Rounding could reach 1: keep the point inside [0, 1).
      out[i * dim + j] = Math.min(x, 1 - 2 ** -53);
    }
  }
  return matrix(out, n, dim);
}
