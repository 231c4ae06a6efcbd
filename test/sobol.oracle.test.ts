// Scrambled Sobol' points against a slow, independent BigInt implementation of the
// definitions: LMS point k = L·X(k) ⊕ shift (L lower-triangular with unit diagonal, acting on
// the digits of the plain point X(k), which the scipy fixtures pin down), and Owen point
// k = X(k) ⊕ flips, where the flip of digit k of a coordinate is the random bit of the tree
// node reached by its leading digits. The random bits come from the documented generator
// (assembly/random.ts): SplitMix64's output function on key + (i + 1)·GAMMA.
import { describe, expect, it } from 'vitest';
import { SobolSequence } from 'uqkit';

const M64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}
const streamKey = (seed: bigint, stream: bigint) => mix64((mix64(seed ^ 0x5851f42d4c957f2dn) + (stream + 1n) * GAMMA) & M64);
const randomU64 = (key: bigint, counter: bigint) => mix64((key + (counter + 1n) * GAMMA) & M64);
const parity = (v: bigint) => { let p = 0n; while (v) { p ^= v & 1n; v >>= 1n; } return p; };

function plainIntegers(dim: number, bits: number, skip: number, n: number): bigint[][] {
  const x = new SobolSequence(dim, { bits, balance: 'ignore' }).skip(skip).next(n);
  return Array.from({ length: n }, (_, i) => Array.from({ length: dim }, (_, j) => BigInt(x.data[i * dim + j]! * 2 ** bits)));
}

function lmsOracle(xs: bigint[][], bits: number, seed: bigint): number[] {
  const B = BigInt(bits);
  const full = (1n << B) - 1n;
  const dim = xs[0]!.length;
  const L = Array.from({ length: dim }, (_, j) => {
    const key = streamKey(seed, BigInt(j));
    const rows = Array.from({ length: bits }, (_, r) => {
      const diag = 1n << (B - 1n - BigInt(r));
      return diag | (randomU64(key, BigInt(r)) & full & ~((diag << 1n) - 1n));
    });
    return { rows, shift: randomU64(key, B) & full };
  });
  return xs.flatMap((x) => x.map((v, j) => {
    let y = 0n;
    L[j]!.rows.forEach((row, r) => { y |= parity(row & v) << (B - 1n - BigInt(r)); });
    return Number(y ^ L[j]!.shift) / 2 ** bits;
  }));
}

function owenOracle(xs: bigint[][], bits: number, seed: bigint): number[] {
  const B = BigInt(bits);
  return xs.flatMap((x) => x.map((v, j) => {
    const key = streamKey(seed ^ 0x6f77656en, BigInt(j));
    let flips = 0n;
    for (let k = 0; k < bits; k++) {
      const K = BigInt(k);
      const prefix = v >> (B - K); // the leading k digits: which node of depth k
      const c = BigInt(Math.floor(k / 6) * 6); // depth of the hashed subtree root above it
      const root = (1n << c) | (v >> (B - c));
      const local = (1n << (K - c)) | (prefix & ((1n << (K - c)) - 1n));
      const bit = (randomU64(key, root - 1n) >> (local - 1n)) & 1n;
      flips |= bit << (B - 1n - K);
    }
    return Number(v ^ flips) / 2 ** bits;
  }));
}

describe("scrambled Sobol' points equal a BigInt implementation of the definitions", () => {
  for (const [dim, bits, skip, n, seed] of [
    [5, 30, 0, 64, 42n], [3, 40, 1000, 32, 2n ** 64n - 7n], [4, 52, 12345, 16, 0n], [2, 7, 0, 128, 99n], [6, 31, 5, 40, 3n], [2, 32, 0, 16, 8n], [2, 33, 7, 16, 8n],
    // Long enough for the kernel's tables of the leading digits (30 bits: the default; 40, 52;
    // more than one group of dimensions).
    [3, 30, 77, 300, 11n], [2, 40, 3, 256, 12n], [37, 30, 1, 130, 13n], [33, 12, 0, 128, 14n], [2, 13, 5, 200, 15n], [2, 52, 99, 130, 16n],
  ] as const) {
    it(`lms: dim=${dim} bits=${bits} skip=${skip} n=${n} seed=${seed}`, () => {
      const got = new SobolSequence(dim, { scramble: 'lms', seed, bits, balance: 'ignore' }).skip(skip).next(n);
      expect(Array.from(got.data)).toEqual(lmsOracle(plainIntegers(dim, bits, skip, n), bits, seed));
    });
    it(`owen: dim=${dim} bits=${bits} skip=${skip} n=${n} seed=${seed}`, () => {
      const got = new SobolSequence(dim, { scramble: 'owen', seed, bits, balance: 'ignore' }).skip(skip).next(n);
      expect(Array.from(got.data)).toEqual(owenOracle(plainIntegers(dim, bits, skip, n), bits, seed));
    });
  }
});
