// The ABI of uqkit.wasm: the only exports. Thin wrappers over the kernels; every argument is
// a number (sizes as i32, pointers as usize, positions as f64, 64-bit seeds as two u32
// halves) and every kernel returns a status code from status.ts. The caller (src/core) owns
// all memory: the module never allocates after start-up.
import { directionsT, tableDimensions, useTable, MAX_BITS } from "./directions";
import { scrambleLMST, owenKeys, stateAtT, fillT } from "./sobol";

/** First byte of linear memory free for the caller's arena. */
export function heapBase(): usize {
  return __heap_base;
}

/** Number of dimensions of the direction table in use (0 if it is corrupt). */
export function sobolMaxDim(): i32 {
  return tableDimensions();
}

/**
 * Switches to the full direction table the caller copied to [ptr, ptr + bytes) (+ 8 bytes of
 * padding); returns the number of dimensions then available, 0 if that table is corrupt.
 */
export function sobolUseTable(ptr: usize, bytes: i32): i32 {
  return useTable(ptr, bytes);
}

export function sobolMaxBits(): i32 {
  return MAX_BITS;
}

// @ts-ignore: decorator
@inline
function seed64(lo: u32, hi: u32): u64 {
  return (<u64>hi << 32) | <u64>lo;
}

export function sobolDirections(dim: i32, bits: i32, out: usize): i32 {
  return bits <= 32 ? directionsT<u32>(dim, bits, out) : directionsT<u64>(dim, bits, out);
}

export function sobolScrambleLMS(dim: i32, bits: i32, dirs: usize, shift: usize, seedLo: u32, seedHi: u32): i32 {
  const seed = seed64(seedLo, seedHi);
  return bits <= 32 ? scrambleLMST<u32>(dim, bits, dirs, shift, seed) : scrambleLMST<u64>(dim, bits, dirs, shift, seed);
}

export function sobolOwenKeys(dim: i32, seedLo: u32, seedHi: u32, out: usize): i32 {
  return owenKeys(dim, seed64(seedLo, seedHi), out);
}

export function sobolStateAt(dim: i32, bits: i32, dirs: usize, init: usize, index: f64, state: usize): i32 {
  return bits <= 32 ? stateAtT<u32>(dim, bits, dirs, init, index, state) : stateAtT<u64>(dim, bits, dirs, init, index, state);
}

export function sobolFill(dim: i32, bits: i32, dirs: usize, state: usize, index: f64, n: i32, out: usize, keys: usize): i32 {
  return bits <= 32
    ? fillT<u32>(dim, bits, dirs, state, index, n, out, keys)
    : fillT<u64>(dim, bits, dirs, state, index, n, out, keys);
}

// Quadrature, grids and linear algebra: the kernels are exported as they are (their
// arguments are already plain numbers and pointers).
export { gaussRule, stieltjes, interpolatoryWeights, clenshawCurtis, fejer2, orthonormalValues } from "./quadrature";
export { hermiteRule } from "./hermite";
export { combine } from "./grids";
export { basisMatrix } from "./polynomials";
export { leastSquares } from "./regression";
export { gemmTN, cholesky, triangularInverse, transpose } from "./dense";
export { columnOrderStatistics } from "./select";
export { gpCorrelation, gpGradient } from "./gp";

// Sensitivity analysis (assembly/sensitivity.ts) and random fills.
export { sensitivityWorkBytes, sensitivityPoint } from "./sensitivity";
import { sensitivityBootstrapSeed } from "./sensitivity";
import { uniformFill, streamKey } from "./random";
import { OK, ERR_SIZE, ERR_POINTER, regionOk } from "./status";

export function sensitivityBootstrap(n: i32, d: i32, flags: i32, z: usize, seedLo: u32, seedHi: u32, first: i32, count: i32, out: usize, work: usize): i32 {
  return sensitivityBootstrapSeed(n, d, flags, z, seed64(seedLo, seedHi), first, count, out, work);
}

/** count uniform doubles in (0, 1) from stream `stream` of `seed`, values start .. start+count-1. */
export function randomUniform(count: i32, seedLo: u32, seedHi: u32, stream: f64, start: f64, out: usize): i32 {
  if (count < 0 || !(start >= 0) || start != Math.floor(start) || start > 9007199254740992 || !(stream >= 0) || stream != Math.floor(stream) || stream > 9007199254740992) return ERR_SIZE;
  if (count > 0 && !regionOk(out, <u64>count << 3, 8)) return ERR_POINTER;
  uniformFill(streamKey(seed64(seedLo, seedHi), <u64>stream), <u64>start, count, out);
  return OK;
}

// Screening methods (assembly/screening.ts): Morris elementary effects, DGSM derivatives, bootstrap of column means.
export { morrisEffects, finiteDiffSquares, bootstrapMeanStd, trajectoryDistances } from "./screening";
// SALib's Fourier and moment-independent methods (assembly/salib.ts).
export { argsortStable, powerSpectraWorkBytes, powerSpectra, orderedOutputs, deltaEstimate, pawnStatistics } from "./salib";
import { randomIndicesKey } from "./salib";

/** count row indices in 0..n-1 (uniform, with replacement) from stream `stream` of `seed`, indices start .. start+count-1 (assembly/salib.ts randomIndicesKey). */
export function randomIndices(n: i32, count: i32, seedLo: u32, seedHi: u32, stream: f64, start: f64, out: usize): i32 {
  if (n < 1 || count < 0 || !(start >= 0) || start != Math.floor(start) || start > 9007199254740992 || !(stream >= 0) || stream != Math.floor(stream) || stream > 9007199254740992) return ERR_SIZE;
  if (count > 0 && !regionOk(out, <u64>count << 2, 4)) return ERR_POINTER;
  randomIndicesKey(n, streamKey(seed64(seedLo, seedHi), <u64>stream), <u64>start, count, out);
  return OK;
}
// High-dimensional model representation (assembly/hdmr.ts): B-spline basis, component functions.
export { hdmrBasis, hdmrComponents } from "./hdmr";
