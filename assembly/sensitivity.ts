// Sobol' sensitivity indices from Saltelli designs, and their bootstrap.
//
// Input: the model outputs z of one quantity of interest, in uqkit's block layout
// [A; B; AB_1..AB_d; (BA_1..BA_d)] (n rows per block, standardised by the caller as SALib
// does: (y - mean) / std over every row). AB_j is A with column j taken from B; BA_j is B with
// column j taken from A.
//
// Every estimator is a ratio of means over the n base rows of a few per-row statistics, so
// point estimates and bootstrap resamples share one path: per row i a vector g_i of
// statistics (below), their sums over the rows of a (re)sample, then the indices from the
// sums (`finish`). The estimators (Saltelli et al., Comput. Phys. Commun. 181, 2010, Table 2;
// the same formulas as SALib's sobol.analyze), with V the population variance (ddof 0) of the
// 2n outputs of A and B together and m their mean:
//   first order, Saltelli 2010:  S_j  = mean(f_B (f_ABj - f_A)) / V
//   first order, Janon et al. (ESAIM P&S 18, 2014; Monod et al. 2006), pairs (f_B, f_ABj):
//                S_j  = (mean(f_B f_ABj) - m_j^2) / (mean((f_B^2 + f_ABj^2) / 2) - m_j^2),
//                m_j = mean((f_B + f_ABj) / 2)
//   total, Jansen 1999:          ST_j = mean((f_A - f_ABj)^2) / (2 V)
//   total, Homma & Saltelli 1996: ST_j = 1 - (mean(f_A f_ABj) - m^2) / V
//   second order, Saltelli 2002: S_jk = mean(f_BAj f_ABk - f_A f_B) / V - S_j - S_k  (j < k)
//
// Bootstrap: resample the n base rows with replacement (n draws), as SALib does. Resample r
// draws its randomness from its own stream (streamKey(seed, r)) and nothing else, so a
// resample's estimates do not depend on which other resamples are computed with it: work
// split over threads by resample ranges gives bit-identical results. The draws are made in
// two stages that keep the memory access local and need no sorting:
//   1. n uniform row indices, of which only the tile (block of TILE consecutive rows) is kept:
//      the number of draws falling in each tile (a multinomial count, exactly as by drawing);
//   2. for each tile in order, that many uniform rows within the tile (stream randomU64 of the
//      tile's own key), whose statistics are summed.
// Given the tile counts, draws within a tile are independent and uniform on the tile, so the
// multiset of rows has exactly the distribution of n independent uniform draws. Uniform
// integers come from 32-bit halves by Lemire's multiply-shift with rejection (exact).
//
// Resamples are processed in blocks of up to BLOCK; for each tile the statistics g of its
// rows are computed once per block (into an L1-sized buffer) and summed for every resample of
// the block: one pass over z per block of resamples, O(n (d + statistics)) per resample,
// nothing O(n^2). The sums are f64x2 SIMD.
import { OK, ERR_SIZE, ERR_DIM, ERR_POINTER, regionOk } from "./status";
import { ld, st } from "./mem";
import { mix64, randomU64, streamKey } from "./random";

/** Flags: second-order indices too; Janon first order; Homma–Saltelli total order. */
export const SA_SECOND: i32 = 1;
export const SA_JANON: i32 = 2;
export const SA_HOMMA: i32 = 4;

/** Largest d accepted (first and total order); second order: SA_MAX_DIM2. */
const SA_MAX_DIM: i32 = 1 << 16;
const SA_MAX_DIM2: i32 = 2048;
/** Draws generated at a time within a tile (index buffer length). */
const CHUNK: i32 = 256;
/** Bytes of statistics per tile: fits the L1 data cache. */
const TILE_BYTES: i32 = 32768;
/** Bytes of sums per block of resamples (and at most MAX_BLOCK resamples per block). */
const SUMS_BYTES: i32 = 1 << 20;
const MAX_BLOCK: i32 = 256;
const COUNTS_BYTES: i32 = 1 << 24;
/** Statistics per row are padded with zeros to a multiple of this. */
const PAD: i32 = 4;

/** Number of per-row statistics. */
function statCount(d: i32, flags: i32): i32 {
  let s = 4 + ((flags & SA_JANON) != 0 ? 3 * d : d) + d;
  if ((flags & SA_SECOND) != 0) s += (d * (d - 1)) >> 1;
  return s;
}

/** Number of indices per estimate: d first, d total, then d(d-1)/2 second order (j < k, row by row). */
function indexCount(d: i32, flags: i32): i32 {
  return 2 * d + ((flags & SA_SECOND) != 0 ? (d * (d - 1)) >> 1 : 0);
}

/** Row stride of the statistics: a multiple of PAD (rows stay 16-byte aligned; whole f64x2 groups). */
// @ts-ignore: decorator
@inline
function strideOf(d: i32, flags: i32): i32 {
  return (statCount(d, flags) + PAD - 1) & ~(PAD - 1);
}

/**
 * Rows per tile: the largest power of two (1..256) whose statistics fit TILE_BYTES. Depends on
 * d and flags only, never on the number of threads or resamples (the random streams follow it).
 */
function tileRows(stride: i32): i32 {
  let t = 256;
  while (t > 1 && <i64>t * <i64>stride * 8 > TILE_BYTES) t >>= 1;
  return t;
}

/** Resamples per block: their sums within SUMS_BYTES, their tile counts within COUNTS_BYTES. */
function blockSize(stride: i32, tiles: i32): i32 {
  let k = <i64>SUMS_BYTES / (<i64>stride * 8);
  const c = <i64>COUNTS_BYTES / (<i64>tiles * 4);
  if (c < k) k = c;
  if (k > MAX_BLOCK) k = MAX_BLOCK;
  return k < 1 ? 1 : <i32>k;
}

function shapeStatus(n: i32, d: i32, flags: i32): i32 {
  if (d < 1 || d > ((flags & SA_SECOND) != 0 ? SA_MAX_DIM2 : SA_MAX_DIM)) return ERR_DIM;
  if (n < 2 || flags < 0 || flags > 7) return ERR_SIZE;
  const rows = <u64>n * <u64>((flags & SA_SECOND) != 0 ? 2 * d + 2 : d + 2);
  if (rows > 0x7fffffff) return ERR_SIZE;
  return OK;
}

/** Bytes of `work` that sensitivityBootstrap needs (0 for invalid arguments). */
export function sensitivityWorkBytes(n: i32, d: i32, flags: i32): f64 {
  if (shapeStatus(n, d, flags) != OK) return 0;
  const stride = strideOf(d, flags);
  const T = tileRows(stride);
  const tiles = <u64>((n + T - 1) / T);
  const K = <u64>blockSize(stride, <i32>tiles);
  // statistics tile + sums + tile counts + draw offsets + index buffer, each 16-aligned
  return <f64>(<u64>T * <u64>stride * 8 + K * <u64>stride * 8 + align16(K * tiles * 4) + CHUNK * 4);
}

// @ts-ignore: decorator
@inline
function align16(b: u64): u64 {
  return (b + 15) & ~(<u64>15);
}

/**
 * Statistics of rows r0 .. r0+rows-1 into g (rows x stride, row-major). z is in block layout
 * with n rows per block.
 */
function tileStats(n: i32, d: i32, flags: i32, z: usize, r0: i32, rows: i32, g: usize, stride: i32): void {
  const rowBytes = <usize>stride << 3;
  const zA = z + (<usize>r0 << 3);
  const zB = zA + (<usize>n << 3);
  const blockBytes = <usize>n << 3;
  for (let i = 0; i < rows; i++) {
    const a = ld(zA, i), b = ld(zB, i);
    const gi = g + <usize>i * rowBytes;
    st(gi, 0, a);
    st(gi, 1, b);
    st(gi, 2, a * a);
    st(gi, 3, b * b);
  }
  let o = 4;
  const janon = (flags & SA_JANON) != 0;
  for (let j = 0; j < d; j++) {
    const zAB = zB + <usize>(j + 1) * blockBytes;
    if (janon) {
      for (let i = 0; i < rows; i++) {
        const b = ld(zB, i), ab = ld(zAB, i);
        const gi = g + <usize>i * rowBytes + (<usize>(o + 3 * j) << 3);
        st(gi, 0, b * ab);
        st(gi, 1, ab);
        st(gi, 2, ab * ab);
      }
    } else {
      for (let i = 0; i < rows; i++) {
        const a = ld(zA, i), b = ld(zB, i), ab = ld(zAB, i);
        st(g + <usize>i * rowBytes, o + j, b * (ab - a));
      }
    }
  }
  o += janon ? 3 * d : d;
  const homma = (flags & SA_HOMMA) != 0;
  for (let j = 0; j < d; j++) {
    const zAB = zB + <usize>(j + 1) * blockBytes;
    for (let i = 0; i < rows; i++) {
      const a = ld(zA, i), ab = ld(zAB, i);
      const diff = a - ab;
      st(g + <usize>i * rowBytes, o + j, homma ? a * ab : diff * diff);
    }
  }
  o += d;
  if ((flags & SA_SECOND) != 0) {
    for (let j = 0; j < d; j++) {
      const zBA = zB + <usize>(d + j + 1) * blockBytes;
      for (let k = j + 1; k < d; k++) {
        const zAB = zB + <usize>(k + 1) * blockBytes;
        for (let i = 0; i < rows; i++) {
          st(g + <usize>i * rowBytes, o, ld(zBA, i) * ld(zAB, i) - ld(zA, i) * ld(zB, i));
        }
        o++;
      }
    }
  }
  for (; o < stride; o++) for (let i = 0; i < rows; i++) st(g + <usize>i * rowBytes, o, 0.0);
}

/** Indices from the sums of the statistics over `count` rows, written to out (indexCount f64). */
function finish(d: i32, flags: i32, sums: usize, count: f64, out: usize): void {
  const inv = 1.0 / count;
  const half = 0.5 * inv;
  const sA = ld(sums, 0), sB = ld(sums, 1);
  const m = (sA + sB) * half;
  const V = (ld(sums, 2) + ld(sums, 3)) * half - m * m;
  let o = 4;
  if ((flags & SA_JANON) != 0) {
    const sB2 = ld(sums, 3);
    for (let j = 0; j < d; j++) {
      const mj = (sB + ld(sums, o + 3 * j + 1)) * half;
      const mj2 = mj * mj;
      st(out, j, (ld(sums, o + 3 * j) * inv - mj2) / ((sB2 + ld(sums, o + 3 * j + 2)) * half - mj2));
    }
    o += 3 * d;
  } else {
    for (let j = 0; j < d; j++) st(out, j, ld(sums, o + j) * inv / V);
    o += d;
  }
  if ((flags & SA_HOMMA) != 0) {
    for (let j = 0; j < d; j++) st(out, d + j, 1.0 - (ld(sums, o + j) * inv - m * m) / V);
  } else {
    for (let j = 0; j < d; j++) st(out, d + j, ld(sums, o + j) * half / V);
  }
  o += d;
  if ((flags & SA_SECOND) != 0) {
    let p = 2 * d;
    for (let j = 0; j < d; j++) {
      for (let k = j + 1; k < d; k++) {
        st(out, p, ld(sums, o) * inv / V - ld(out, j) - ld(out, k));
        p++;
        o++;
      }
    }
  }
}

/**
 * Point estimates from all n base rows: out receives indexCount(d, flags) values
 * (first[d], total[d], then second order S_jk for j < k). work: sensitivityWorkBytes bytes.
 */
export function sensitivityPoint(n: i32, d: i32, flags: i32, z: usize, out: usize, work: usize): i32 {
  const s = shapeStatus(n, d, flags);
  if (s != OK) return s;
  const stride = strideOf(d, flags);
  const rows = <u64>n * <u64>((flags & SA_SECOND) != 0 ? 2 * d + 2 : d + 2);
  if (!regionOk(z, rows << 3, 8) || !regionOk(out, <u64>indexCount(d, flags) << 3, 8) ||
    !regionOk(work, <u64>sensitivityWorkBytes(n, d, flags), 16)) return ERR_POINTER;
  const T = tileRows(stride);
  const g = work;
  const sums = g + (<usize>(T * stride) << 3);
  const nv = stride >> 1;
  for (let v = 0; v < nv; v++) v128.store(sums + (<usize>v << 4), f64x2.splat(0.0));
  for (let r0 = 0; r0 < n; r0 += T) {
    const rows = min(T, n - r0);
    tileStats(n, d, flags, z, r0, rows, g, stride);
    for (let v = 0; v < nv; v++) {
      const p = sums + (<usize>v << 4);
      let acc = v128.load(p);
      for (let i = 0; i < rows; i++) acc = f64x2.add(acc, v128.load(g + (<usize>(i * stride) << 3) + (<usize>v << 4)));
      v128.store(p, acc);
    }
  }
  finish(d, flags, sums, <f64>n, out);
  return OK;
}

/** A uniform integer in [0, m) from 32 random bits x (Lemire 2019), redrawing from `key2` in the rare rejected case. */
// @ts-ignore: decorator
@inline
function below(x: u32, m: u32, key2: u64, counter: u64): u32 {
  let p = <u64>x * <u64>m;
  if (<u32>p < m) {
    const threshold: u32 = (<u32>0 - m) % m;
    let attempt: u64 = 0;
    while (<u32>p < threshold) {
      p = <u64>(<u32>randomU64(key2, (counter << 6) + attempt)) * <u64>m;
      attempt++;
    }
  }
  return <u32>(p >> 32);
}

/** As `below` for 16 random bits and m <= 2^16. */
// @ts-ignore: decorator
@inline
function below16(x: u32, m: u32, key2: u64, counter: u64): u32 {
  let p = x * m;
  if ((p & 0xffff) < m) {
    const threshold: u32 = (<u32>0x10000 - m) % m;
    let attempt: u64 = 0;
    while ((p & 0xffff) < threshold) {
      p = (<u32>randomU64(key2, (counter << 6) + attempt) & 0xffff) * m;
      attempt++;
    }
  }
  return p >> 16;
}

const REDRAW: u64 = 0x7265647261770001; // key offsets of the rejection streams
const TILES: u64 = 0x74696c6573000002;

/**
 * Bootstrap estimates for resamples first .. first+count-1 of the stream `seed`: out receives
 * count x indexCount(d, flags) values (one resample per row). work: sensitivityWorkBytes bytes.
 */
export function sensitivityBootstrapSeed(n: i32, d: i32, flags: i32, z: usize, seed: u64, first: i32, count: i32, out: usize, work: usize): i32 {
  const s = shapeStatus(n, d, flags);
  if (s != OK) return s;
  if (first < 0 || count < 0 || <i64>first + <i64>count > 0x7fffffff) return ERR_SIZE;
  const stride = strideOf(d, flags);
  const nIdx = indexCount(d, flags);
  const rows = <u64>n * <u64>((flags & SA_SECOND) != 0 ? 2 * d + 2 : d + 2);
  if (!regionOk(z, rows << 3, 8) || !regionOk(out, <u64>count * <u64>nIdx << 3, 8) ||
    !regionOk(work, <u64>sensitivityWorkBytes(n, d, flags), 16)) return ERR_POINTER;
  const T = tileRows(stride);
  const tiles = (n + T - 1) / T;
  let shiftT = 0;
  while ((1 << shiftT) < T) shiftT++;
  const K = blockSize(stride, tiles);
  const g = work;
  const sums = g + (<usize>(T * stride) << 3);
  const counts = sums + (<usize>(K * stride) << 3);
  const idx = counts + <usize>align16(<u64>K * <u64>tiles * 4);
  const rowBytes = <usize>stride << 3;
  const nv = stride >> 1;

  for (let b0 = 0; b0 < count; b0 += K) {
    const kb = min(K, count - b0);
    // Stage 1: the number of draws per tile, for each resample of the block.
    for (let r = 0; r < kb; r++) {
      const cnt = counts + (<usize>(r * tiles) << 2);
      tileCounts(n, T, shiftT, tiles, streamKey(seed, <u64>(first + b0 + r)), cnt);
      const sr = sums + <usize>r * rowBytes;
      for (let v = 0; v < nv; v++) v128.store(sr + (<usize>v << 4), f64x2.splat(0.0));
    }
    // Stage 2: tile by tile, the statistics once, then each resample's draws within the tile.
    for (let t = 0; t < tiles; t++) {
      const r0 = t << shiftT;
      const tr = min(T, n - r0);
      tileStats(n, d, flags, z, r0, tr, g, stride);
      for (let r = 0; r < kb; r++) {
        let c = <i32>load<u32>(counts + (<usize>(r * tiles + t) << 2));
        if (c == 0) continue;
        const tkey = randomU64(streamKey(seed, <u64>(first + b0 + r)) ^ TILES, <u64>t);
        const sr = sums + <usize>r * rowBytes;
        let k0 = 0;
        while (c > 0) {
          const m = min(c, CHUNK);
          drawRows(tkey, k0, m, tr, T, shiftT, <u32>rowBytes, idx);
          accumulate(g, idx, m, sr, nv);
          c -= m;
          k0 += m;
        }
      }
    }
    for (let r = 0; r < kb; r++) {
      finish(d, flags, sums + <usize>r * rowBytes, <f64>n, out + (<usize>(b0 + r) * <usize>nIdx << 3));
    }
  }
  return OK;
}

/**
 * Stage 1 of a resample: cnt[t] = the number of n uniform draws from 0..n-1 that fall in tile
 * t (rows t*T .. t*T+T-1), a multinomial count. When n is a power of two (so are the tiles)
 * by halving (below: O(n log(tiles) / 64) random words); otherwise by drawing: with every
 * tile full and at most 2^16 tiles, the tile directly (16 random bits per draw, four per
 * 64-bit value), else the row (32 bits).
 */
function tileCounts(n: i32, T: i32, shiftT: i32, tiles: i32, key: u64, cnt: usize): void {
  memory.fill(cnt, 0, <usize>tiles << 2);
  if (tiles == 1) {
    store<u32>(cnt, <u32>n);
    return;
  }
  const key2 = mix64(key ^ REDRAW);
  if (n % T == 0 && (tiles & (tiles - 1)) == 0) {
    // Every tile full and a power of two of them: split the n draws in halves level by level;
    // a node's left count is Binomial(m, 1/2), the number of ones in m random bits. Node j of
    // level l (heap number 2^l + j) takes its bits from counters (2^l + j) << 32 onwards.
    store<u32>(cnt, <u32>n);
    for (let nodes = 1; nodes < tiles; nodes <<= 1) {
      for (let j = nodes - 1; j >= 0; j--) {
        const m = load<u32>(cnt + (<usize>j << 2));
        const c0 = <u64>(nodes + j) << 32;
        let left: u32 = 0;
        const words = m >> 6;
        for (let w: u32 = 0; w < words; w++) left += <u32>popcnt<u64>(randomU64(key, c0 + <u64>w));
        const rest = m & 63;
        if (rest != 0) left += <u32>popcnt<u64>(randomU64(key, c0 + <u64>words) & ((<u64>1 << <u64>rest) - 1));
        store<u32>(cnt + (<usize>(2 * j) << 2), left);
        store<u32>(cnt + (<usize>(2 * j + 1) << 2), m - left);
      }
    }
    return;
  }
  if (n % T == 0 && tiles <= 65536) {
    const m = <u32>tiles;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const w = randomU64(key, <u64>(k >> 2));
      bump(cnt, below16(<u32>w & 0xffff, m, key2, <u64>k));
      bump(cnt, below16(<u32>(w >> 16) & 0xffff, m, key2, <u64>(k + 1)));
      bump(cnt, below16(<u32>(w >> 32) & 0xffff, m, key2, <u64>(k + 2)));
      bump(cnt, below16(<u32>(w >> 48), m, key2, <u64>(k + 3)));
    }
    if (k < n) {
      const w = randomU64(key, <u64>(k >> 2));
      for (let h = 0; k < n; k++, h++) bump(cnt, below16(<u32>(w >> (<u64>h << 4)) & 0xffff, m, key2, <u64>k));
    }
  } else {
    for (let k = 0; k < n; k += 2) {
      const w = randomU64(key, <u64>(k >> 1));
      bump(cnt, below(<u32>w, <u32>n, key2, <u64>k) >> shiftT);
      if (k + 1 < n) bump(cnt, below(<u32>(w >> 32), <u32>n, key2, <u64>(k + 1)) >> shiftT);
    }
  }
}

// @ts-ignore: decorator
@inline
function bump(cnt: usize, t: u32): void {
  const p = cnt + (<usize>t << 2);
  store<u32>(p, load<u32>(p) + 1);
}

/**
 * Stage 2: draws k0 .. k0+m-1 of a tile with tr rows (key tkey), written to idx as byte offsets
 * of rows. A full tile (tr == T, a power of two <= 256) takes log2(T) bits of a byte per draw,
 * eight draws per 64-bit value; the partial last tile draws by 32-bit multiply-shift.
 */
function drawRows(tkey: u64, k0: i32, m: i32, tr: i32, T: i32, shiftT: i32, rowBytes: u32, idx: usize): void {
  if (tr == T) {
    if (T == 1) {
      for (let k = 0; k < m; k++) store<u32>(idx + (<usize>k << 2), 0);
      return;
    }
    const drop = <u64>(8 - shiftT);
    // k0 is a multiple of CHUNK (a multiple of 8): draw k takes byte (k0 + k) & 7 of value (k0 + k) >> 3.
    for (let k = 0; k < m; k += 8) {
      const w = randomU64(tkey, <u64>((k0 + k) >> 3));
      const lo = <u32>w, hi = <u32>(w >> 32);
      const p = idx + (<usize>k << 2);
      const sh = <u32>drop;
      store<u32>(p, ((lo & 0xff) >> sh) * rowBytes);
      store<u32>(p, (((lo >> 8) & 0xff) >> sh) * rowBytes, 4);
      store<u32>(p, (((lo >> 16) & 0xff) >> sh) * rowBytes, 8);
      store<u32>(p, ((lo >> 24) >> sh) * rowBytes, 12);
      store<u32>(p, ((hi & 0xff) >> sh) * rowBytes, 16);
      store<u32>(p, (((hi >> 8) & 0xff) >> sh) * rowBytes, 20);
      store<u32>(p, (((hi >> 16) & 0xff) >> sh) * rowBytes, 24);
      store<u32>(p, ((hi >> 24) >> sh) * rowBytes, 28);
    }
  } else {
    const tkey2 = mix64(tkey ^ REDRAW);
    for (let k = 0; k < m; k += 2) {
      const w = randomU64(tkey, <u64>((k0 + k) >> 1));
      store<u32>(idx + (<usize>k << 2), below(<u32>w, <u32>tr, tkey2, <u64>(k0 + k)) * rowBytes);
      store<u32>(idx + (<usize>(k + 1) << 2), below(<u32>(w >> 32), <u32>tr, tkey2, <u64>(k0 + k + 1)) * rowBytes);
    }
  }
}

/**
 * sums[v] += sum over the m rows whose byte offsets are in idx of g[row][v], for the nv
 * f64x2 groups of a row: seven groups per pass over the draws while at least seven remain
 * (seven accumulators and seven loads fit V8's fifteen SIMD registers on x64; eight spill),
 * then four, two (two draws at a time) and one (four draws at a time).
 */
function accumulate(g: usize, idx: usize, m: i32, sums: usize, nv: i32): void {
  let v = 0;
  for (; v + 7 <= nv; v += 7) {
    const base = g + (<usize>v << 4);
    let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0), a4 = f64x2.splat(0.0), a5 = f64x2.splat(0.0), a6 = f64x2.splat(0.0);
    for (let k = 0; k < m; k++) {
      const p = base + <usize>load<u32>(idx + (<usize>k << 2));
      a0 = f64x2.add(a0, v128.load(p, 0));
      a1 = f64x2.add(a1, v128.load(p, 16));
      a2 = f64x2.add(a2, v128.load(p, 32));
      a3 = f64x2.add(a3, v128.load(p, 48));
      a4 = f64x2.add(a4, v128.load(p, 64));
      a5 = f64x2.add(a5, v128.load(p, 80));
      a6 = f64x2.add(a6, v128.load(p, 96));
    }
    const s = sums + (<usize>v << 4);
    v128.store(s, f64x2.add(v128.load(s, 0), a0), 0);
    v128.store(s, f64x2.add(v128.load(s, 16), a1), 16);
    v128.store(s, f64x2.add(v128.load(s, 32), a2), 32);
    v128.store(s, f64x2.add(v128.load(s, 48), a3), 48);
    v128.store(s, f64x2.add(v128.load(s, 64), a4), 64);
    v128.store(s, f64x2.add(v128.load(s, 80), a5), 80);
    v128.store(s, f64x2.add(v128.load(s, 96), a6), 96);
  }
  if (v + 4 <= nv) {
    const base = g + (<usize>v << 4);
    let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
    for (let k = 0; k < m; k++) {
      const p = base + <usize>load<u32>(idx + (<usize>k << 2));
      a0 = f64x2.add(a0, v128.load(p, 0));
      a1 = f64x2.add(a1, v128.load(p, 16));
      a2 = f64x2.add(a2, v128.load(p, 32));
      a3 = f64x2.add(a3, v128.load(p, 48));
    }
    const s = sums + (<usize>v << 4);
    v128.store(s, f64x2.add(v128.load(s, 0), a0), 0);
    v128.store(s, f64x2.add(v128.load(s, 16), a1), 16);
    v128.store(s, f64x2.add(v128.load(s, 32), a2), 32);
    v128.store(s, f64x2.add(v128.load(s, 48), a3), 48);
    v += 4;
  }
  if (v + 2 <= nv) {
    const base = g + (<usize>v << 4);
    let a0 = f64x2.splat(0.0), a1 = a0, b0 = a0, b1 = a0;
    let k = 0;
    for (; k + 2 <= m; k += 2) {
      const p = base + <usize>load<u32>(idx + (<usize>k << 2));
      const q = base + <usize>load<u32>(idx + (<usize>k << 2), 4);
      a0 = f64x2.add(a0, v128.load(p));
      a1 = f64x2.add(a1, v128.load(p, 16));
      b0 = f64x2.add(b0, v128.load(q));
      b1 = f64x2.add(b1, v128.load(q, 16));
    }
    if (k < m) {
      const p = base + <usize>load<u32>(idx + (<usize>k << 2));
      a0 = f64x2.add(a0, v128.load(p));
      a1 = f64x2.add(a1, v128.load(p, 16));
    }
    const s = sums + (<usize>v << 4);
    v128.store(s, f64x2.add(v128.load(s), f64x2.add(a0, b0)));
    v128.store(s, f64x2.add(v128.load(s, 16), f64x2.add(a1, b1)), 16);
    v += 2;
  }
  if (v < nv) {
    const base = g + (<usize>v << 4);
    let a0 = f64x2.splat(0.0), b0 = a0, c0 = a0, e0 = a0;
    let k = 0;
    for (; k + 4 <= m; k += 4) {
      a0 = f64x2.add(a0, v128.load(base + <usize>load<u32>(idx + (<usize>k << 2))));
      b0 = f64x2.add(b0, v128.load(base + <usize>load<u32>(idx + (<usize>k << 2), 4)));
      c0 = f64x2.add(c0, v128.load(base + <usize>load<u32>(idx + (<usize>k << 2), 8)));
      e0 = f64x2.add(e0, v128.load(base + <usize>load<u32>(idx + (<usize>k << 2), 12)));
    }
    for (; k < m; k++) a0 = f64x2.add(a0, v128.load(base + <usize>load<u32>(idx + (<usize>k << 2))));
    const s = sums + (<usize>v << 4);
    v128.store(s, f64x2.add(v128.load(s), f64x2.add(f64x2.add(a0, b0), f64x2.add(c0, e0))));
  }
}
