// Sobol' sequences in base 2, Gray-code order (Antonov & Saleev 1979; Bratley & Fox,
// ACM TOMS 14, 1988): point k is the XOR of the direction numbers selected by the bits of
// gray(k) = k ^ (k >> 1), so point k follows from point k-1 by one XOR per dimension with
// direction number ctz(k), and any point is reached directly in O(bits) per dimension.
//
// Points are bits-bit integers X scaled by 2^-bits, exactly as scipy.stats.qmc.Sobol does,
// so unscrambled output is bit-identical to it. Kernels keep no state: the caller owns the
// direction table, the current point and the output buffer.
//
// Scrambling:
// - Linear matrix scrambling with a digital shift (Matoušek, J. Complexity 14, 1998):
//   every direction number is multiplied by a random lower-triangular binary matrix with unit
//   diagonal, and the sequence starts from a random shift. This is a transformation of the
//   table only (`scrambleLMS`), so generation runs at full speed.
// - Nested uniform scrambling (Owen 1995): every node of the binary digit tree of each
//   coordinate gets an independent random flip. Flips come from a counter-based hash keyed
//   by the dimension's seed and the node's position in the tree (hash-based Owen scrambling
//   in the spirit of Burley, JCGT 9(4), 2020, but exact: each node has its own hash bit,
//   see `owen`). Applied per output value.
import { OK, ERR_DIM, ERR_BITS, ERR_INDEX, ERR_SIZE, ERR_EXHAUSTED, ERR_POINTER, regionOk } from "./status";
import { MAX_BITS, tableDimensions } from "./directions";
import { mix64, streamKey, randomU64, GAMMA } from "./random";

// @ts-ignore: decorator
@inline
function scaleFor(bits: i32): f64 {
  return reinterpret<f64>(<u64>(1023 - bits) << 52); // 2^-bits, exact
}

/**
 * Nested uniform scramble of one coordinate. The digit tree is cut into subtrees of depth 6;
 * one 64-bit hash of a subtree's root (keyed by the dimension, the root's heap index
 * 1 << k | prefix) supplies a distinct bit for each of the subtree's 63 nodes (bit t-1 for
 * the node at local heap index t). Every node thus gets its own random flip, as Owen's
 * scramble requires, for one hash per six digits instead of one per digit.
 */
// @ts-ignore: decorator
@inline
function owen(x: u64, bits: i32, key: u64): u64 {
  let flips: u64 = 0;
  for (let k0 = 0; k0 < bits; k0 += 6) {
    const root = (<u64>1 << <u64>k0) | (x >> <u64>(bits - k0));
    const h = mix64(key + root * GAMMA);
    // The chunk's digits D (MSB first). The node at depth i below the root has local heap
    // index t = 2^i + (D >> (width - i)) and takes hash bit t - 1.
    const width = bits - k0 < 6 ? bits - k0 : 6;
    const shift = <u64>(bits - k0 - width);
    const D = (x >> shift) & ((<u64>1 << <u64>width) - 1);
    let f: u64;
    if (width == 6) {
      f = ((h & 1) << 5) |
        (((h >> (1 + (D >> 5))) & 1) << 4) |
        (((h >> (3 + (D >> 4))) & 1) << 3) |
        (((h >> (7 + (D >> 3))) & 1) << 2) |
        (((h >> (15 + (D >> 2))) & 1) << 1) |
        ((h >> (31 + (D >> 1))) & 1);
    } else {
      f = 0;
      for (let i = 0; i < width; i++) {
        f |= ((h >> ((<u64>1 << <u64>i) - 1 + (D >> <u64>(width - i)))) & 1) << <u64>(width - 1 - i);
      }
    }
    flips |= f << shift;
  }
  return x ^ flips;
}

/** state[j] ^= row[j] for j < dim: one Gray-code step (or one term of a direct jump). */
// @ts-ignore: decorator
@inline
function xorRow<T>(dim: i32, state: usize, row: usize): void {
  for (let j = 0; j < dim; j++) {
    const p = state + <usize>j * sizeof<T>();
    store<T>(p, load<T>(p) ^ load<T>(row + <usize>j * sizeof<T>()));
  }
}

/** Checks dim/bits against the table and returns 0 or a status. */
function checkShape(dim: i32, bits: i32): i32 {
  const have = tableDimensions();
  if (dim < 1 || dim > have) return ERR_DIM;
  if (bits < 1 || bits > MAX_BITS) return ERR_BITS;
  return OK;
}

/** Validates a sequence position given as f64 (exact integer in [0, 2^bits]). */
// @ts-ignore: decorator
@inline
function indexOk(index: f64, bits: i32): bool {
  return index >= 0 && index == Math.floor(index) && index <= <f64>(<u64>1 << <u64>bits);
}

/**
 * Linear matrix scramble + digital shift of a direction table in place (layout [bit][dim]),
 * writing the shift (the scrambled image of point 0) to `shift` (dim words).
 */
export function scrambleLMST<T>(dim: i32, bits: i32, dirs: usize, shift: usize, seed: u64): i32 {
  const st = checkShape(dim, bits);
  if (st != OK) return st;
  const w = sizeof<T>();
  if (!regionOk(dirs, <u64>dim * <u64>bits * w, w) || !regionOk(shift, <u64>dim * w, w)) return ERR_POINTER;
  const full: u64 = bits == 64 ? <u64>-1 : (<u64>1 << <u64>bits) - 1;
  const rows = memory.data(64 * 8, 8); // row masks of L for the current dimension
  for (let j = 0; j < dim; j++) {
    const key = streamKey(seed, <u64>j);
    // Row r of L acts on digit r (bit bits-1-r): unit diagonal, random entries left of it
    // (digits 0..r-1, i.e. the higher bits).
    for (let r = 0; r < bits; r++) {
      const diag = <u64>1 << <u64>(bits - 1 - r);
      const above = full & ~((diag << 1) - 1);
      store<u64>(rows + (<usize>r << 3), diag | (randomU64(key, <u64>r) & above));
    }
    for (let c = 0; c < bits; c++) {
      const p = dirs + (<usize>c * <usize>dim + <usize>j) * w;
      const v = <u64>load<T>(p);
      let y: u64 = 0;
      for (let r = 0; r < bits; r++) {
        y |= (popcnt<u64>(load<u64>(rows + (<usize>r << 3)) & v) & 1) << <u64>(bits - 1 - r);
      }
      store<T>(p, <T>y);
    }
    store<T>(shift + <usize>j * w, <T>(randomU64(key, <u64>bits) & full));
  }
  return OK;
}

/** Per-dimension 64-bit keys for Owen scrambling, derived from one seed. */
export function owenKeys(dim: i32, seed: u64, out: usize): i32 {
  if (dim < 1 || dim > tableDimensions()) return ERR_DIM;
  if (!regionOk(out, <u64>dim * 8, 8)) return ERR_POINTER;
  for (let j = 0; j < dim; j++) store<u64>(out + (<usize>j << 3), streamKey(seed ^ 0x6f77656e, <u64>j));
  return OK;
}

/**
 * The integer point at position `index`: init XOR the direction numbers selected by the bits
 * of gray(index). O(bits * dim), independent of index. `init` is the shift (or null: zeros).
 */
export function stateAtT<T>(dim: i32, bits: i32, dirs: usize, init: usize, index: f64, state: usize): i32 {
  const st = checkShape(dim, bits);
  if (st != OK) return st;
  if (!indexOk(index, bits)) return ERR_INDEX;
  const w = sizeof<T>();
  if (!regionOk(dirs, <u64>dim * <u64>bits * w, w) || !regionOk(state, <u64>dim * w, w)) return ERR_POINTER;
  if (init != 0 && !regionOk(init, <u64>dim * w, w)) return ERR_POINTER;
  for (let j = 0; j < dim; j++) store<T>(state + <usize>j * w, init == 0 ? <T>0 : load<T>(init + <usize>j * w));
  const k = <u64>index;
  const gray = k ^ (k >> 1);
  for (let c = 0; c < bits; c++) {
    if (((gray >> <u64>c) & 1) != 0) xorRow<T>(dim, state, dirs + <usize>c * <usize>dim * w);
  }
  return OK;
}

/**
 * Writes points index .. index+n-1 as rows of `out` (n x dim f64, row-major). On entry
 * `state` holds point `index`; on return it holds point index+n (unless that is 2^bits, the
 * end of the sequence). `keys` (dim u64) selects Owen scrambling, or 0 for none.
 */
export function fillT<T>(dim: i32, bits: i32, dirs: usize, state: usize, index: f64, n: i32, out: usize, keys: usize): i32 {
  const st = checkShape(dim, bits);
  if (st != OK) return st;
  if (!indexOk(index, bits)) return ERR_INDEX;
  if (n < 0) return ERR_SIZE;
  const total = <u64>1 << <u64>bits;
  const start = <u64>index;
  if (start + <u64>n > total) return ERR_EXHAUSTED;
  const w = sizeof<T>();
  if (!regionOk(dirs, <u64>dim * <u64>bits * w, w) || !regionOk(state, <u64>dim * w, w)) return ERR_POINTER;
  if (n > 0 && !regionOk(out, <u64>n * <u64>dim * 8, 8)) return ERR_POINTER;
  if (keys != 0 && !regionOk(keys, <u64>dim * 8, 8)) return ERR_POINTER;
  if (n == 0) return OK;
  const scale = scaleFor(bits);
  const rowBytes = <usize>dim * w;
  const outRow = <usize>dim << 3;
  if (keys == 0 && bits <= 31) {
    fillPlain32(dim, dirs, state, start, n, out, scale);
  } else {
    let o = out;
    for (let i = 0; i < n; i++) {
      if (i > 0) xorRow<T>(dim, state, dirs + <usize>ctz<u64>(start + <u64>i) * rowBytes);
      if (keys == 0) {
        for (let j = 0; j < dim; j++) store<f64>(o + (<usize>j << 3), <f64><u64>load<T>(state + <usize>j * w) * scale);
      } else {
        for (let j = 0; j < dim; j++) {
          const x = owen(<u64>load<T>(state + <usize>j * w), bits, load<u64>(keys + (<usize>j << 3)));
          store<f64>(o + (<usize>j << 3), <f64>x * scale);
        }
      }
      o += outRow;
    }
  }
  const next = start + <u64>n;
  if (next < total) xorRow<T>(dim, state, dirs + <usize>ctz<u64>(next) * rowBytes);
  return OK;
}

/**
 * u32 lanes 0 and 1 to f64. The signed conversion is one instruction on x86 (the unsigned
 * one is several), and exact here: with bits <= 31 every lane is below 2^31.
 */
// @ts-ignore: decorator
@inline
function cvt(v: v128): v128 {
  return f64x2.convert_low_i32x4_s(v);
}

/** The hot loop for bits <= 31 without Owen scrambling: 4 dimensions per SIMD step. */
function fillPlain32(dim: i32, dirs: usize, state: usize, start: u64, n: i32, out: usize, scale: f64): void {
  const vscale = f64x2.splat(scale);
  const rowBytes = <usize>dim << 2;
  const d4 = dim & ~3;
  let o = out;
  for (let i = 0; i < n; i++) {
    if (i == 0) {
      let j = 0;
      for (; j < d4; j += 4) {
        const s = v128.load(state + (<usize>j << 2));
        v128.store(o + (<usize>j << 3), f64x2.mul(cvt(s), vscale));
        v128.store(o + (<usize>j << 3), f64x2.mul(cvt(i32x4.shuffle(s, s, 2, 3, 0, 1)), vscale), 16);
      }
      for (; j < dim; j++) store<f64>(o + (<usize>j << 3), <f64>load<u32>(state + (<usize>j << 2)) * scale);
    } else {
      const row = dirs + <usize>ctz<u64>(start + <u64>i) * rowBytes;
      let j = 0;
      for (; j < d4; j += 4) {
        const p = state + (<usize>j << 2);
        const s = v128.xor(v128.load(p), v128.load(row + (<usize>j << 2)));
        v128.store(p, s);
        v128.store(o + (<usize>j << 3), f64x2.mul(cvt(s), vscale));
        v128.store(o + (<usize>j << 3), f64x2.mul(cvt(i32x4.shuffle(s, s, 2, 3, 0, 1)), vscale), 16);
      }
      for (; j < dim; j++) {
        const p = state + (<usize>j << 2);
        const s = load<u32>(p) ^ load<u32>(row + (<usize>j << 2));
        store<u32>(p, s);
        store<f64>(o + (<usize>j << 3), <f64>s * scale);
      }
    }
    o += <usize>dim << 3;
  }
}
