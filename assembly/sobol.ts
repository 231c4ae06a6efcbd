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
//   see `flipsFrom`). Applied per output value; calls of OWEN_TABLE_MIN points or more
//   take the two leading chunks from tables built once per call (`fillOwen`).
import { OK, ERR_DIM, ERR_BITS, ERR_INDEX, ERR_SIZE, ERR_EXHAUSTED, ERR_POINTER, regionOk } from "./status";
import { MAX_BITS, tableDimensions } from "./directions";
import { mix64, streamKey, randomU64, GAMMA } from "./random";

// @ts-ignore: decorator
@inline
function scaleFor(bits: i32): f64 {
  return reinterpret<f64>(<u64>(1023 - bits) << 52); // 2^-bits, exact
}

/**
 * The flips of the top three levels of a six-digit chunk, shifted into place (digits 5..3 of
 * the chunk), for each value of the subtree's seven top node bits (hash bits 0..6) and of the
 * chunk's three leading digits: entry (bits7 << 3) | (D >> 3). Filled at start-up.
 */
const owenTop = memory.data(1024);
for (let e = 0; e < 1024; e++) {
  const h = <u64>(e >> 3);
  const P = <u64>(e & 7);
  const f = ((h & 1) << 2) | (((h >> (1 + (P >> 2))) & 1) << 1) | ((h >> (3 + (P >> 1))) & 1);
  store<u8>(owenTop + <usize>e, <u8>(f << 3));
}

/**
 * The flips of one full chunk of six digits: `h` is the hash of the chunk's subtree root and
 * `D` its digits (MSB first). The node at depth i below the root has local heap index
 * t = 2^i + (D >> (6 - i)) and takes hash bit t - 1: the top three levels come from the
 * `owenTop` table, the others are brought to the digit's place by one rotation each.
 */
// @ts-ignore: decorator
@inline
function flips6(h: u64, D: u64): u64 {
  return <u64>load<u8>(owenTop + <usize>(((h & 127) << 3) | (D >> 3))) |
    (rotr<u64>(h, (D >> 3) + 5) & 4) |
    (rotr<u64>(h, (D >> 2) + 14) & 2) |
    (rotr<u64>(h, (D >> 1) + 31) & 1);
}

/** Hash of the subtree root with heap index `root` (1 << depth | prefix) of a dimension. */
// @ts-ignore: decorator
@inline
function rootHash(key: u64, root: u64): u64 {
  return mix64(key + root * GAMMA);
}

/**
 * Nested uniform scramble of one coordinate x (bits digits): its flips from depth k0 on (a
 * multiple of 6; 0 for all of them). The digit tree is cut into subtrees of depth 6; one
 * 64-bit hash of a subtree's root (keyed by the dimension, the root's heap index
 * 1 << k | prefix) supplies a distinct bit for each of the subtree's 63 nodes (bit t-1 for
 * the node at local heap index t). Every node thus gets its own random flip, as Owen's
 * scramble requires, for one hash per six digits instead of one per digit. The last chunk
 * may be shorter than six digits.
 */
// @ts-ignore: decorator
@inline
function flipsFrom(x: u64, bits: i32, key: u64, k0: i32): u64 {
  let flips: u64 = 0;
  let k = k0;
  for (; k + 6 <= bits; k += 6) {
    const shift = <u64>(bits - k - 6);
    const h = rootHash(key, (<u64>1 << <u64>k) | (x >> <u64>(bits - k)));
    flips |= flips6(h, (x >> shift) & 63) << shift;
  }
  if (k < bits) {
    // A last chunk of width < 6 ends at the least significant digit.
    const width = bits - k;
    const h = rootHash(key, (<u64>1 << <u64>k) | (x >> <u64>width));
    const D = x & ((<u64>1 << <u64>width) - 1);
    for (let i = 0; i < width; i++) {
      flips |= ((h >> ((<u64>1 << <u64>i) - 1 + (D >> <u64>(width - i)))) & 1) << <u64>(width - 1 - i);
    }
  }
  return flips;
}

/**
 * Tables of the first two chunks for up to OWEN_GROUP dimensions: for each dimension 64
 * entries (one per value D0 of the six leading digits) of two words, the flips of the
 * leading six digits and the hash of the subtree root below them (the root of digits 6..11).
 * Built once per call for calls of at least OWEN_TABLE_MIN points, where they replace two
 * of the five hashes of a 30-bit coordinate.
 */
const OWEN_GROUP = 32;
const OWEN_TABLE_MIN = 128;
const owenTable = memory.data(OWEN_GROUP * 64 * 16, 16);

/** Writes the tables of the gd dimensions whose keys are at `keys` (bits >= 12). */
function buildOwenTables(gd: i32, keys: usize): void {
  for (let j = 0; j < gd; j++) {
    const key = load<u64>(keys + (<usize>j << 3));
    const h0 = rootHash(key, 1);
    const t = owenTable + (<usize>j << 10);
    for (let D0: u64 = 0; D0 < 64; D0++) {
      store<u64>(t + (<usize>D0 << 4), flips6(h0, D0));
      store<u64>(t + (<usize>D0 << 4), rootHash(key, 64 | D0), 8);
    }
  }
}

/** The flips of the full six-digit chunk at depth k (a multiple of 6, k + 6 <= bits) of x. */
// @ts-ignore: decorator
@inline
function chunkFlips(x: u64, bits: i32, key: u64, k: i32): u64 {
  const shift = <u64>(bits - k - 6);
  return flips6(rootHash(key, (<u64>1 << <u64>k) | (x >> <u64>(bits - k))), (x >> shift) & 63) << shift;
}

/**
 * Rows of one group of gd dimensions (see fillOwen). Inlined where `bits` and `tables` are
 * constants, so that the default 30 bits run with constant shifts and no loop over chunks.
 */
// @ts-ignore: decorator
@inline
function owenRows<T>(gd: i32, state: usize, dirs: usize, rowBytes: usize, start: u64, n: i32, o: usize, outRow: usize, keys: usize, scale: f64, bits: i32, tables: bool): void {
  const w = sizeof<T>();
  for (let i = 0; i < n; i++) {
    if (i > 0) xorRow<T>(gd, state, dirs + <usize>ctz<u64>(start + <u64>i) * rowBytes);
    for (let j = 0; j < gd; j++) {
      const x = <u64>load<T>(state + <usize>j * w);
      const key = load<u64>(keys + (<usize>j << 3));
      let f: u64;
      if (tables) {
        const e = owenTable + (<usize>j << 10) + (<usize>(x >> <u64>(bits - 6)) << 4);
        f = (load<u64>(e) << <u64>(bits - 6)) | (flips6(load<u64>(e, 8), (x >> <u64>(bits - 12)) & 63) << <u64>(bits - 12));
        if (bits == 30) {
          f |= chunkFlips(x, 30, key, 12) | chunkFlips(x, 30, key, 18) | chunkFlips(x, 30, key, 24);
        } else {
          f |= flipsFrom(x, bits, key, 12);
        }
      } else {
        f = flipsFrom(x, bits, key, 0);
      }
      // Below 2^52, so the signed conversion (one instruction) is exact.
      store<f64>(o + (<usize>j << 3), <f64><i64>(x ^ f) * scale);
    }
    o += outRow;
  }
}

/**
 * Owen-scrambled points index .. index+n-1 (see fillT), dimensions in groups of OWEN_GROUP so
 * that each group's tables stay in cache: every group runs the Gray-code steps over its own
 * dimensions. On return `state` holds point index+n-1.
 */
function fillOwen<T>(dim: i32, bits: i32, dirs: usize, state: usize, start: u64, n: i32, out: usize, keys: usize, scale: f64): void {
  const w = sizeof<T>();
  const rowBytes = <usize>dim * w;
  const outRow = <usize>dim << 3;
  const tables = bits >= 12 && n >= OWEN_TABLE_MIN;
  for (let g0 = 0; g0 < dim; g0 += OWEN_GROUP) {
    const gd = dim - g0 < OWEN_GROUP ? dim - g0 : OWEN_GROUP;
    const gState = state + <usize>g0 * w;
    const gDirs = dirs + <usize>g0 * w;
    const gKeys = keys + (<usize>g0 << 3);
    const o = out + (<usize>g0 << 3);
    if (tables) buildOwenTables(gd, gKeys);
    if (tables && bits == 30) owenRows<T>(gd, gState, gDirs, rowBytes, start, n, o, outRow, gKeys, scale, 30, true);
    else if (tables) owenRows<T>(gd, gState, gDirs, rowBytes, start, n, o, outRow, gKeys, scale, bits, true);
    else owenRows<T>(gd, gState, gDirs, rowBytes, start, n, o, outRow, gKeys, scale, bits, false);
  }
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
  } else if (keys != 0) {
    fillOwen<T>(dim, bits, dirs, state, start, n, out, keys, scale);
  } else {
    let o = out;
    for (let i = 0; i < n; i++) {
      if (i > 0) xorRow<T>(dim, state, dirs + <usize>ctz<u64>(start + <u64>i) * rowBytes);
      for (let j = 0; j < dim; j++) store<f64>(o + (<usize>j << 3), <f64><u64>load<T>(state + <usize>j * w) * scale);
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
