// Kernels of SALib's Fourier and moment-independent methods (eFAST, RBD-FAST, delta, PAWN).
//
// - argsortStable: a stable merge sort of row indices by key (SALib ranks with numpy's
//   stable orderings; the order of equal keys is the order of the rows).
// - powerSpectra: |DFT_k|^2, k = 0..floor(n/2), of `count` real series of length n: radix-2
//   FFT for n a power of two, Bluestein's chirp-z convolution (Bluestein 1970) through a
//   radix-2 FFT of length m >= 2n - 1 otherwise. Twiddles are computed directly (no
//   recurrence), chirp angles from j^2 mod 2n in integers, so the error stays a few eps.
// - deltaEstimate: Plischke, Borgonovo & Smith's (2013) estimator of Borgonovo's delta on one
//   (re)sample whose outputs are ordered by the input's rank: Gaussian kernel densities
//   (Silverman's bandwidth, as scipy.stats.gaussian_kde(bw_method="silverman")) of all
//   outputs and of each class of ranks on a grid, and the trapezoidal integral of their
//   absolute difference.
// - pawnStatistics: Kolmogorov-Smirnov distances between the outputs of each slide and all
//   outputs (Pianosi & Wagener 2015), in one pass over the outputs in sorted order.
import { OK, ERR_SIZE, ERR_VALUE } from "./status";
import { ld, st, ldi, sti } from "./mem";
import { randomU64 } from "./random";

// ---------------------------------------------------------------------------------------
// Sorting

/** idx[0..n) = the rows 0..n-1 ordered by keys[row], stably. work: n i32. */
export function argsortStable(n: i32, keys: usize, idx: usize, work: usize): i32 {
  if (n < 0) return ERR_SIZE;
  for (let i = 0; i < n; i++) sti(idx, i, i);
  // bottom-up merge sort, runs of 1, 2, 4, ... alternating between idx and work
  let src = idx, dst = work;
  for (let w = 1; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      const mid = min(lo + w, n), hi = min(lo + (w << 1), n);
      let a = lo, b = mid, o = lo;
      while (a < mid && b < hi) {
        const ia = ldi(src, a), ib = ldi(src, b);
        if (ld(keys, ib) < ld(keys, ia)) { sti(dst, o++, ib); b++; } else { sti(dst, o++, ia); a++; }
      }
      while (a < mid) sti(dst, o++, ldi(src, a++));
      while (b < hi) sti(dst, o++, ldi(src, b++));
    }
    const t = src; src = dst; dst = t;
  }
  if (src != idx) memory.copy(idx, src, <usize>n << 2);
  return OK;
}

// ---------------------------------------------------------------------------------------
// Power spectra

function isPow2(n: i32): bool {
  return n > 0 && (n & (n - 1)) == 0;
}

/** Length of the radix-2 transform used for series of length n. */
function fftLength(n: i32): i32 {
  if (isPow2(n)) return n;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  return m;
}

/** Bytes of work powerSpectra needs for series of length n (0 if n is out of range). */
export function powerSpectraWorkBytes(n: i32): f64 {
  if (n < 2 || n > (1 << 26)) return 0;
  const m = fftLength(n);
  // Bluestein: a m, b m, twiddles 2m, chirp n, spectrum n complex
  // pow2: data m + twiddles 2m complex + bit reversals m i32
  return isPow2(n) ? <f64>m * 52.0 : (4.0 * <f64>m + 2.0 * <f64>n) * 16.0;
}

/**
 * Twiddles of every stage of a radix-2 FFT of length m: for half-length h = 1, 2, .., m/2 and
 * k < h, entry h + k holds w = exp(-2 pi i k / (2h)) as (w.re, w.im, -w.im, w.re), 32 bytes.
 * Only the last stage's are computed; stage h's entry k is the last stage's entry k m / (2h)
 * (the same angle: -pi k / h and -pi (k s) / (h s) round alike for s a power of two).
 */
function twiddles(m: i32, tw: usize): void {
  const h = m >> 1;
  if (h < 1) return;
  for (let k = 0; k < h; k++) {
    const t = (-Math.PI * <f64>k) / <f64>h;
    const c = Math.cos(t), s = Math.sin(t);
    const p = tw + (<usize>(h + k) << 5);
    store<f64>(p, c); store<f64>(p, s, 8); store<f64>(p, -s, 16); store<f64>(p, c, 24);
  }
  for (let g = h >> 1, step = 2; g >= 1; g >>= 1, step <<= 1) {
    for (let k = 0; k < g; k++) {
      const src = tw + (<usize>(h + k * step) << 5), dst = tw + (<usize>(g + k) << 5);
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
    }
  }
}

/** The butterfly's product b w of a complex b and a twiddle at tw (laid out as in `twiddles`). */
// @ts-ignore: decorator
@inline
function twiddled(b: v128, w: usize): v128 {
  return f64x2.add(
    f64x2.mul(f64x2.splat(f64x2.extract_lane(b, 0)), v128.load(w)),
    f64x2.mul(f64x2.splat(f64x2.extract_lane(b, 1)), v128.load(w, 16)),
  );
}

/**
 * In-place forward FFT of m (a power of two) complex values x (16 bytes each), f64x2
 * butterflies; with `permuted` the values are already in bit-reversed order. Two radix-2
 * stages at a time (h and 2h: the four values i + k + {0, h, 2h, 3h} of a block of 4h depend
 * only on each other), with the same operations as one stage after the other.
 */
function fft(m: i32, x: usize, tw: usize, permuted: bool): void {
  if (!permuted) {
    for (let i = 1, j = 0; i < m; i++) {
      let bit = m >> 1;
      for (; (j & bit) != 0; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) {
        const pi = x + (<usize>i << 4), pj = x + (<usize>j << 4);
        const t = v128.load(pi);
        v128.store(pi, v128.load(pj));
        v128.store(pj, t);
      }
    }
  }
  let h = 1;
  for (; 4 * h <= m; h <<= 2) {
    const hb = <usize>h << 4;
    for (let i = 0; i < m; i += 4 * h) {
      let p = x + (<usize>i << 4);
      let w1 = tw + (<usize>h << 5), w2 = tw + (<usize>(2 * h) << 5), w3 = w2 + (<usize>h << 5);
      for (let k = 0; k < h; k++, p += 16, w1 += 32, w2 += 32, w3 += 32) {
        const a0 = v128.load(p), a1 = v128.load(p + hb), a2 = v128.load(p + 2 * hb), a3 = v128.load(p + 3 * hb);
        const t1 = twiddled(a1, w1), t3 = twiddled(a3, w1);
        const b0 = f64x2.add(a0, t1), b1 = f64x2.sub(a0, t1), b2 = f64x2.add(a2, t3), b3 = f64x2.sub(a2, t3);
        const u2 = twiddled(b2, w2), u3 = twiddled(b3, w3);
        v128.store(p, f64x2.add(b0, u2));
        v128.store(p + 2 * hb, f64x2.sub(b0, u2));
        v128.store(p + hb, f64x2.add(b1, u3));
        v128.store(p + 3 * hb, f64x2.sub(b1, u3));
      }
    }
  }
  if (h < m) {
    const hb = <usize>h << 4;
    for (let i = 0; i < m; i += 2 * h) {
      let p = x + (<usize>i << 4);
      let w = tw + (<usize>h << 5);
      for (let k = 0; k < h; k++, p += 16, w += 32) {
        const a = v128.load(p), t = twiddled(v128.load(p + hb), w);
        v128.store(p, f64x2.add(a, t));
        v128.store(p + hb, f64x2.sub(a, t));
      }
    }
  }
}

/**
 * out (count rows of floor(n/2) + 1) = |sum_j y_j exp(-2 pi i j k / n)|^2 for each of the
 * `count` series y (count rows of n, row-major). Two real series go through one complex
 * transform (z = y1 + i y2; Y1_k = (Z_k + conj Z_{n-k}) / 2, Y2_k = (Z_k - conj Z_{n-k}) / 2i).
 * work: powerSpectraWorkBytes(n).
 */
export function powerSpectra(n: i32, count: i32, y: usize, out: usize, work: usize): i32 {
  if (n < 2 || n > (1 << 26) || count < 0) return ERR_SIZE;
  const m = fftLength(n), K = (n >> 1) + 1, pow2 = isPow2(n);
  const x = work;
  const b = x + (<usize>m << 4), tw = pow2 ? b : b + (<usize>m << 4);
  const w = tw + (<usize>m << 5), Z = w + (<usize>n << 4);
  twiddles(m, tw);
  const rev = tw + (<usize>m << 5);
  if (pow2) {
    // bit-reversed positions, counted in reverse
    for (let j = 0, rj = 0; j < n; j++) {
      sti(rev, j, rj);
      let bit = m >> 1;
      for (; (rj & bit) != 0; bit >>= 1) rj ^= bit;
      rj ^= bit;
    }
  }
  if (!pow2) {
    // chirp w_j = exp(-i pi j^2 / n), angle from j^2 mod 2n (exact in integers)
    const n2 = <i64>2 * <i64>n;
    for (let j = 0; j < n; j++) {
      const t = (Math.PI * <f64>((<i64>j * <i64>j) % n2)) / <f64>n;
      st(w, 2 * j, Math.cos(t));
      st(w, 2 * j + 1, -Math.sin(t));
    }
    // b_l = conj(w_|l|), circular: l = 0..n-1 and m-l for l = 1..n-1; transformed once
    memory.fill(b, 0, <usize>m << 4);
    for (let l = 0; l < n; l++) {
      const re = ld(w, 2 * l), im = -ld(w, 2 * l + 1);
      st(b, 2 * l, re); st(b, 2 * l + 1, im);
      if (l > 0) { st(b, 2 * (m - l), re); st(b, 2 * (m - l) + 1, im); }
    }
    fft(m, b, tw, false);
  }
  const inv = 1.0 / <f64>m;
  for (let r = 0; r < count; r += 2) {
    const y1 = y + ((<usize>r * <usize>n) << 3);
    const two = r + 1 < count;
    const y2 = y1 + (<usize>n << 3);
    if (pow2) {
      // packed straight into bit-reversed order
      if (two) {
        for (let j = 0; j < n; j++) v128.store(x + (<usize>ldi(rev, j) << 4), f64x2(ld(y1, j), ld(y2, j)));
      } else {
        for (let j = 0; j < n; j++) v128.store(x + (<usize>ldi(rev, j) << 4), f64x2(ld(y1, j), 0));
      }
      fft(m, x, tw, true);
    } else {
      memory.fill(x, 0, <usize>m << 4);
      for (let j = 0; j < n; j++) {
        const a = ld(y1, j), c = two ? ld(y2, j) : 0, wr = ld(w, 2 * j), wi = ld(w, 2 * j + 1);
        st(x, 2 * j, a * wr - c * wi); st(x, 2 * j + 1, a * wi + c * wr);
      }
      fft(m, x, tw, false);
      // conj(A B), forward transform, conj and 1/m: the convolution c; then Z_k = w_k c_k
      for (let k = 0; k < m; k++) {
        const ar = ld(x, 2 * k), ai = ld(x, 2 * k + 1), br = ld(b, 2 * k), bi = ld(b, 2 * k + 1);
        st(x, 2 * k, ar * br - ai * bi); st(x, 2 * k + 1, -(ar * bi + ai * br));
      }
      fft(m, x, tw, false);
      for (let k = 0; k < n; k++) {
        const cr = ld(x, 2 * k) * inv, ci = -ld(x, 2 * k + 1) * inv, wr = ld(w, 2 * k), wi = ld(w, 2 * k + 1);
        st(Z, 2 * k, cr * wr - ci * wi); st(Z, 2 * k + 1, cr * wi + ci * wr);
      }
    }
    const src = pow2 ? x : Z;
    const o1 = out + ((<usize>r * <usize>K) << 3), o2 = o1 + (<usize>K << 3);
    for (let k = 0; k < K; k++) {
      const q = k == 0 ? 0 : n - k;
      const zr = ld(src, 2 * k), zi = ld(src, 2 * k + 1), cr = ld(src, 2 * q), ci = -ld(src, 2 * q + 1);
      const sr = zr + cr, si = zi + ci;
      st(o1, k, (sr * sr + si * si) * 0.25);
      if (two) { const dr = zr - cr, di = zi - ci; st(o2, k, (dr * dr + di * di) * 0.25); }
    }
  }
  return OK;
}

// ---------------------------------------------------------------------------------------
// Resamples

/**
 * out[k] = row index k (k = start .. start + count - 1) in 0..n-1 of stream `key`: the 32-bit
 * half k & 1 (high first) of the stream's value k >> 1, times n, >> 32 (Lemire's multiply-shift
 * without rejection: each index has probability within n / 2^32 of 1/n, relatively).
 */
export function randomIndicesKey(n: i32, key: u64, start: u64, count: i32, out: usize): void {
  const nn = <u64>n;
  let k = 0;
  if (count > 0 && (start & 1) != 0) {
    sti(out, 0, <i32>(((randomU64(key, start >> 1) & 0xffffffff) * nn) >> 32));
    k = 1;
  }
  // whole values: both halves of one draw
  for (; k + 2 <= count; k += 2) {
    const v = randomU64(key, (start + <u64>k) >> 1);
    sti(out, k, <i32>(((v >> 32) * nn) >> 32));
    sti(out, k + 1, <i32>(((v & 0xffffffff) * nn) >> 32));
  }
  if (k < count) sti(out, k, <i32>(((randomU64(key, (start + <u64>k) >> 1) >> 32) * nn) >> 32));
}

/**
 * For each of `count` sets of `size` row indices (sets, count x size) the rows put in increasing
 * order of an input without ties (order: the n rows sorted by the input), by counting: O(n + size)
 * per set; then the outputs y of those rows into out (count x size): in that order (mode 0), or
 * in Plischke's order (mode 1: even positions up, odd positions back down) with their mean
 * removed; mode 2: the outputs of the rows as drawn (no ordering; order unused). counts: n i32;
 * ranks: 12 n + 8 bytes (each row's rank and the outputs by rank).
 */
export function orderedOutputs(n: i32, size: i32, count: i32, sets: usize, order: usize, y: usize, mode: i32, counts: usize, ranks: usize, out: usize): i32 {
  if (n < 1 || size < 1 || count < 0) return ERR_SIZE;
  const byRank = (ranks + (<usize>n << 2) + 7) & ~(<usize>7);
  if (mode != 2) {
    for (let t = 0; t < n; t++) { const row = ldi(order, t); sti(ranks, row, t); st(byRank, t, ld(y, row)); }
  }
  // position p of the sorted set goes to slot p / 2 (p even) or E + (last odd - p) / 2 (p odd)
  const E = (size + 1) >> 1, lastOdd = (size & 1) == 0 ? size - 1 : size - 2;
  for (let r = 0; r < count; r++) {
    const set = sets + ((<usize>r * <usize>size) << 2);
    const o = out + ((<usize>r * <usize>size) << 3);
    if (mode == 2) {
      for (let t = 0; t < size; t++) st(o, t, ld(y, ldi(set, t)));
      continue;
    }
    // counting sort of the ranks: counts, their exclusive prefix sums, then each draw to its place
    memory.fill(counts, 0, <usize>n << 2);
    for (let t = 0; t < size; t++) { const q = ldi(ranks, ldi(set, t)); sti(counts, q, ldi(counts, q) + 1); }
    let acc = 0;
    for (let q = 0; q < n; q++) { const c = ldi(counts, q); sti(counts, q, acc); acc += c; }
    if (mode == 0) {
      for (let t = 0; t < size; t++) {
        const q = ldi(ranks, ldi(set, t)), p = ldi(counts, q);
        sti(counts, q, p + 1);
        st(o, p, ld(byRank, q));
      }
    } else {
      for (let t = 0; t < size; t++) {
        const q = ldi(ranks, ldi(set, t)), p = ldi(counts, q);
        sti(counts, q, p + 1);
        st(o, select<i32>(E + ((lastOdd - p) >> 1), p >> 1, (p & 1) != 0), ld(byRank, q));
      }
      let mean: f64 = 0;
      for (let t = 0; t < size; t++) mean += ld(o, t);
      mean /= <f64>size;
      for (let t = 0; t < size; t++) st(o, t, ld(o, t) - mean);
    }
  }
  return OK;
}

// ---------------------------------------------------------------------------------------
// Delta: kernel densities on a grid

/** Kernel values below this (of at most 1) are dropped: below 1e-17 of a density's scale. */
const KDE_TINY: f64 = 1e-17;
/** Grid steps between exact evaluations of the kernel (the recurrence in between; a power of two). */
const KDE_RESTART: i32 = 32;

/**
 * Adds exp(-(v_k - u)^2 / 2), v_k = g_k / h, to f[k] for k = k, k + dir, .. while in the grid
 * and until the kernel falls below KDE_TINY (past the first step it only decreases). Two grid
 * points at a time (f64x2 lanes k and k + dir): T_{k+2} = T_k R_k with R_k = r_k r_{k+1},
 * R_{k+2} = R_k c^4 (r_k the ratio from k to k + dir, r_{k+1} = r_k c, c = exp(-D^2)); exact
 * values every KDE_RESTART points.
 */
function walk(f: usize, g: usize, G: i32, k: i32, dir: i32, u: f64, invH: f64, D: f64, c: f64, c4: f64): void {
  let s = 0;
  const fd = <f64>dir;
  while (k >= 0 && k < G) {
    const e = ld(g, k) * invH - u;
    const t = Math.exp(-0.5 * e * e);
    const r = Math.exp(-fd * D * e - 0.5 * D * D);
    const left = dir > 0 ? G - k : k + 1;
    const steps = left < KDE_RESTART ? left : KDE_RESTART;
    let T = f64x2(t, t * r);
    const R0 = r * r * c;
    let R = f64x2(R0, R0 * c * c);
    const C4 = f64x2.splat(c4);
    for (let j = 0; j + 1 < steps; j += 2) {
      if (f64x2.extract_lane(T, 0) < KDE_TINY && (s > 0 || dir < 0)) return;
      if (dir > 0) {
        const p = f + (<usize>k << 3);
        v128.store(p, f64x2.add(v128.load(p), T));
      } else {
        const p = f + (<usize>(k - 1) << 3);
        v128.store(p, f64x2.add(v128.load(p), v128.shuffle<f64>(T, T, 1, 0)));
      }
      T = f64x2.mul(T, R);
      R = f64x2.mul(R, C4);
      k += 2 * dir;
      s += 2;
    }
    if ((steps & 1) != 0) {
      const tl = f64x2.extract_lane(T, 0);
      if (tl < KDE_TINY && (s > 0 || dir < 0)) return;
      st(f, k, ld(f, k) + tl);
      k += dir;
      s += 1;
    }
  }
}

/**
 * f[0..G) = the Gaussian kernel density of y[0..n) at the grid g, bandwidth by Silverman's
 * rule on the sample variance (ddof 1): h = sqrt(var factor^2), factor = (3n/4)^(-1/5). Along the grid the
 * kernel exp(-(v_k - u)^2 / 2) (whitened: v = g/h, u = y/h) is carried by the exact
 * recurrence of a Gaussian on an even grid, t_{k+1} = t_k r_k, r_{k+1} = r_k exp(-D^2)
 * (`walk`), outward from the grid point nearest u until the kernel falls below KDE_TINY.
 * Returns false when the variance is 0.
 */
function kde(n: i32, y: usize, G: i32, g: usize, f: usize, factor: f64): bool {
  let mean: f64 = 0;
  for (let i = 0; i < n; i++) mean += ld(y, i);
  mean /= <f64>n;
  let ss: f64 = 0;
  for (let i = 0; i < n; i++) { const e = ld(y, i) - mean; ss += e * e; }
  const variance = ss / <f64>(n - 1);
  const h = Math.sqrt(variance * factor * factor);
  if (!(h > 0)) return false;
  memory.fill(f, 0, <usize>G << 3);
  const g0 = ld(g, 0) / h, D = (ld(g, G - 1) - ld(g, 0)) / (<f64>(G - 1) * h), invD = 1.0 / D, invH = 1.0 / h;
  const c = Math.exp(-D * D), c4 = c * c * c * c;
  for (let i = 0; i < n; i++) {
    const u = ld(y, i) / h;
    let k0 = <i32>Math.round((u - g0) * invD);
    if (k0 < 0) k0 = 0;
    if (k0 > G - 1) k0 = G - 1;
    // upward from k0 (inclusive), then downward from k0 - 1
    walk(f, g, G, k0, 1, u, invH, D, c, c4);
    walk(f, g, G, k0 - 1, -1, u, invH, D, c, c4);
  }
  const norm = 1.0 / (<f64>n * h * Math.sqrt(2.0 * Math.PI));
  for (let k = 0; k < G; k++) st(f, k, ld(f, k) * norm);
  return true;
}

/**
 * out[0] = Plischke et al.'s delta estimate on n outputs `ys` ordered by the input's rank:
 * sum over classes j (positions bounds[j] .. bounds[j+1]-1, nClasses of them) of
 * n_j / (2 n) * integral |f_Y - f_{Y|class j}| over the grid g (G points, trapezoidal rule),
 * f by the kernel density above; a class whose outputs are all equal contributes its share
 * of integral f_Y (its density is not defined). factors[k] = (3k/4)^(-1/5), Silverman's
 * factor for k points, k = 0..n (from the caller: it saves pow in the module). work: 2G f64;
 * f_Y is left in work[0..G); with `given` != 0 it is taken from there instead (the same outputs
 * in another order: the density of all of them does not depend on the input).
 */
export function deltaEstimate(n: i32, ys: usize, nClasses: i32, bounds: usize, G: i32, g: usize, factors: usize, work: usize, out: usize, given: i32): i32 {
  if (n < 2 || G < 2 || nClasses < 1) return ERR_SIZE;
  const fy = work, fc = work + (<usize>G << 3);
  if (given == 0 && !kde(n, ys, G, g, fy, ld(factors, n))) return ERR_VALUE;
  let d: f64 = 0;
  for (let j = 0; j < nClasses; j++) {
    const lo = ldi(bounds, j), hi = ldi(bounds, j + 1), nm = hi - lo;
    if (nm <= 0) continue;
    const yc = ys + (<usize>lo << 3);
    let ymin = ld(yc, 0), ymax = ymin;
    for (let i = 1; i < nm; i++) { const v = ld(yc, i); if (v < ymin) ymin = v; if (v > ymax) ymax = v; }
    const own = ymax - ymin != 0 && kde(nm, yc, G, g, fc, ld(factors, nm));
    let area: f64 = 0;
    let prev = Math.abs(own ? ld(fy, 0) - ld(fc, 0) : ld(fy, 0));
    for (let k = 1; k < G; k++) {
      const cur = Math.abs(own ? ld(fy, k) - ld(fc, k) : ld(fy, k));
      area += (ld(g, k) - ld(g, k - 1)) * (prev + cur) / 2.0;
      prev = cur;
    }
    d += (<f64>nm / (2.0 * <f64>n)) * area;
  }
  st(out, 0, d);
  return OK;
}

// ---------------------------------------------------------------------------------------
// PAWN

/**
 * out[s] = max_y |F_s(y) - F(y)|, the two-sample Kolmogorov-Smirnov statistic between the
 * outputs in slide s and all n outputs (as scipy.stats.ks_2samp: both empirical cdfs compared
 * after each distinct value); NaN for an empty slide. order: the rows sorted by output;
 * y: the outputs; slide[i] in 0..S-1, or -1 for a row in no slide. work: 2S f64.
 */
export function pawnStatistics(n: i32, S: i32, y: usize, order: usize, slide: usize, out: usize, work: usize): i32 {
  if (n < 1 || S < 1) return ERR_SIZE;
  const size = work, cnt = work + (<usize>S << 3);
  memory.fill(work, 0, <usize>S << 4);
  for (let i = 0; i < n; i++) { const s = ldi(slide, i); if (s >= 0) st(size, s, ld(size, s) + 1); }
  for (let s = 0; s < S; s++) st(out, s, 0);
  for (let p = 0; p < n; p++) {
    const i = ldi(order, p), s = ldi(slide, i);
    if (s >= 0) st(cnt, s, ld(cnt, s) + 1);
    if (p + 1 < n && ld(y, ldi(order, p + 1)) == ld(y, i)) continue; // within a run of ties
    const F = <f64>(p + 1) / <f64>n;
    for (let t = 0; t < S; t++) {
      const e = Math.abs(ld(cnt, t) / ld(size, t) - F);
      if (e > ld(out, t)) st(out, t, e);
    }
  }
  for (let s = 0; s < S; s++) if (ld(size, s) == 0) st(out, s, NaN);
  return OK;
}
