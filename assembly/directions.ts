// Sobol' direction numbers from the Joe–Kuo table new-joe-kuo-6.21201 (S. Joe and F. Y. Kuo,
// SIAM J. Sci. Comput. 30(5), 2635-2654, 2008), as the bit stream written by
// scripts/pack-directions.mjs (format described there; licence in assembly/data). The module
// embeds the records of the first dimensions only (scripts/build.mjs cuts the stream); the
// caller may copy the full stream into linear memory and switch to it with useTable().
import { JK_PTR, JK_BYTES } from "../build/generated/joe-kuo";
import { OK, ERR_DIM, ERR_BITS, ERR_POINTER, ERR_DATA, regionOk } from "./status";

export const MAX_BITS: i32 = 52;

/** Bit offset of each dimension's record (index d-2 for dimension d >= 2), built on first use. */
const offsets: usize = memory.data(21200 * 4, 16);
let maxDim: i32 = 0; // 0: not yet indexed
let tablePtr: usize = JK_PTR;
let tableBytes: i32 = JK_BYTES;

// @ts-ignore: decorator
@inline
function readBits(pos: u64, width: i32): u64 {
  const word = load<u64>(tablePtr + <usize>(pos >> 3));
  return (word >> (pos & 7)) & ((<u64>1 << <u64>width) - 1);
}

/** Indexes the table; returns the number of dimensions it holds, or 0 if the data is corrupt. */
export function tableDimensions(): i32 {
  if (maxDim > 0) return maxDim;
  if (load<u32>(tablePtr) != 0x01364b4a) return 0; // "JK6\x01"
  const dims = <i32>load<u32>(tablePtr + 4);
  if (dims < 1 || dims > 21201) return 0;
  let pos: u64 = 64;
  const limit = <u64>tableBytes << 3;
  for (let d = 2; d <= dims; d++) {
    store<u32>(offsets + ((d - 2) << 2), <u32>pos);
    const s = <i32>readBits(pos, 5);
    if (s < 1 || s > 31) return 0;
    pos += 5 + <u64>(s - 1) + <u64>(s * (s + 1) / 2);
    if (pos > limit) return 0;
  }
  maxDim = dims;
  return dims;
}

/**
 * Reads direction numbers from the stream of `bytes` bytes at `ptr` (which must stay there,
 * followed by 8 readable bytes) instead of the embedded one, if it is sound and holds more
 * dimensions. Returns the number of dimensions now available; 0 if the stream is corrupt or
 * the region is not the caller's (the embedded table stays in use).
 */
export function useTable(ptr: usize, bytes: i32): i32 {
  if (bytes < 8 || !regionOk(ptr, <u64>bytes + 8, 8)) return 0;
  const have = tableDimensions();
  const oldPtr = tablePtr, oldBytes = tableBytes;
  tablePtr = ptr;
  tableBytes = bytes;
  maxDim = 0;
  const dims = tableDimensions();
  if (dims > have) return dims;
  tablePtr = oldPtr;
  tableBytes = oldBytes;
  maxDim = 0;
  tableDimensions();
  return dims == 0 ? 0 : have;
}

/**
 * Direction numbers for dimensions 0..dim-1 and bit positions 0..bits-1, as bits-bit integers
 * V[c][j] = m_{j,c+1} << (bits - c - 1), written to `out` in the layout [bit][dim] so that the
 * generator reads one contiguous row per step. T is u32 for bits <= 32, u64 above.
 */
export function directionsT<T>(dim: i32, bits: i32, out: usize): i32 {
  const have = tableDimensions();
  if (have == 0) return ERR_DATA;
  if (dim < 1 || dim > have) return ERR_DIM;
  if (bits < 1 || bits > MAX_BITS) return ERR_BITS;
  if (!regionOk(out, <u64>dim * <u64>bits * sizeof<T>(), sizeof<T>())) return ERR_POINTER;
  const stride = <usize>dim * sizeof<T>();
  // Dimension 1: every m_k = 1.
  for (let c = 0; c < bits; c++) store<T>(out + <usize>c * stride, <T>(<u64>1 << <u64>(bits - 1 - c)));
  const m = memory.data(64 * 8, 8); // m_1..m_bits of the current dimension
  for (let j = 1; j < dim; j++) {
    let pos = <u64>load<u32>(offsets + (<usize>(j - 1) << 2));
    const s = <i32>readBits(pos, 5);
    pos += 5;
    const a = readBits(pos, s - 1);
    pos += <u64>(s - 1);
    const given = s < bits ? s : bits;
    for (let k = 1; k <= given; k++) {
      store<u64>(m + (<usize>k << 3), readBits(pos, k));
      pos += <u64>k;
    }
    // m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^(s-1) a_(s-1) m_(k-s+1) ^ 2^s m_(k-s) ^ m_(k-s)
    for (let k = s + 1; k <= bits; k++) {
      const back = load<u64>(m + (<usize>(k - s) << 3));
      let v = back ^ (back << <u64>s);
      for (let i = 1; i < s; i++) {
        if (((a >> <u64>(s - 1 - i)) & 1) != 0) v ^= load<u64>(m + (<usize>(k - i) << 3)) << <u64>i;
      }
      store<u64>(m + (<usize>k << 3), v);
    }
    for (let c = 0; c < bits; c++) {
      const mk = load<u64>(m + (<usize>(c + 1) << 3));
      store<T>(out + <usize>c * stride + (<usize>j * sizeof<T>()), <T>(mk << <u64>(bits - 1 - c)));
    }
  }
  return OK;
}
