// Reproducible counter-based random numbers.
//
// A stream is a 64-bit key; its i-th value is the SplitMix64 output function applied to
// key + (i + 1) * GAMMA (Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014). Counter-based: any value of any stream is computed directly,
// so work split by index range gives the same numbers as one pass. Keys for sub-streams
// (one per dimension, per bootstrap block, ...) come from `streamKey(seed, stream)`, which
// mixes both through the same finaliser so that neighbouring seeds and streams decorrelate.

/** 2^64 / golden ratio, odd. */
export const GAMMA: u64 = 0x9e3779b97f4a7c15;

/** SplitMix64 finaliser (variant 13 of Stafford's mixers): a bijection on u64. */
// @ts-ignore: decorator
@inline
export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** Key of sub-stream `stream` of generator `seed`. */
export function streamKey(seed: u64, stream: u64): u64 {
  return mix64(mix64(seed ^ 0x5851f42d4c957f2d) + (stream + 1) * GAMMA);
}

/** The `counter`-th 64-bit value of the stream with key `key`. */
// @ts-ignore: decorator
@inline
export function randomU64(key: u64, counter: u64): u64 {
  return mix64(key + (counter + 1) * GAMMA);
}

/** Uniform double in [0, 1) with 53 random bits. */
// @ts-ignore: decorator
@inline
export function randomF64(key: u64, counter: u64): f64 {
  return <f64>(randomU64(key, counter) >> 11) * 1.1102230246251565e-16; // 2^-53
}

/**
 * Fills out[0..count) with uniform doubles in the open interval (0, 1): value k is
 * ((randomU64(key, start + k) >> 11) + 0.5) * 2^-53, never 0 or 1 (so inverse cdfs of
 * unbounded distributions stay finite).
 */
export function uniformFill(key: u64, start: u64, count: i32, out: usize): void {
  for (let k = 0; k < count; k++) {
    store<f64>(out + (<usize>k << 3), (<f64>(randomU64(key, start + <u64>k) >> 11) + 0.5) * 1.1102230246251565e-16);
  }
}
