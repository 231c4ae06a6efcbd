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
  // pow2: data 2m + twiddles m; Bluestein: a 2m, b 2m, twiddles m, chirp 2n
  return isPow2(n) ? <f64>m * 24.0 : (5.0 * <f64>m + 2.0 * <f64>n) * 8.0;
}

/** twiddles tw[2k], tw[2k+1] = cos, -sin of 2 pi k / m, k < m/2. */
function twiddles(m: i32, tw: usize): void {
  const h = m >> 1;
  for (let k = 0; k < h; k++) {
    const t = (2.0 * Math.PI * <f64>k) / <f64>m;
    st(tw, 2 * k, Math.cos(t));
    st(tw, 2 * k + 1, -Math.sin(t));
  }
}

/** In-place forward FFT of m (a power of two) interleaved complex values. */
function fft(m: i32, x: usize, tw: usize): void {
  // bit reversal
  for (let i = 1, j = 0; i < m; i++) {
    let bit = m >> 1;
    for (; (j & bit) != 0; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const re = ld(x, 2 * i), im = ld(x, 2 * i + 1);
      st(x, 2 * i, ld(x, 2 * j)); st(x, 2 * i + 1, ld(x, 2 * j + 1));
      st(x, 2 * j, re); st(x, 2 * j + 1, im);
    }
  }
  for (let len = 2; len <= m; len <<= 1) {
    const half = len >> 1, step = m / len;
    for (let i = 0; i < m; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = ld(tw, 2 * k * step), wi = ld(tw, 2 * k * step + 1);
        const p = 2 * (i + k), q = 2 * (i + k + half);
        const qr = ld(x, q), qi = ld(x, q + 1);
        const tr = qr * wr - qi * wi, ti = qr * wi + qi * wr;
        const pr = ld(x, p), pi = ld(x, p + 1);
        st(x, p, pr + tr); st(x, p + 1, pi + ti);
        st(x, q, pr - tr); st(x, q + 1, pi - ti);
      }
    }
  }
}

/**
 * out (count rows of floor(n/2) + 1) = |sum_j y_j exp(-2 pi i j k / n)|^2 for each of the
 * `count` series y (count rows of n, row-major). work: powerSpectraWorkBytes(n).
 */
export function powerSpectra(n: i32, count: i32, y: usize, out: usize, work: usize): i32 {
  if (n < 2 || n > (1 << 26) || count < 0) return ERR_SIZE;
  const m = fftLength(n), K = (n >> 1) + 1;
  const x = work;
  if (isPow2(n)) {
    const tw = x + (<usize>m << 4);
    twiddles(m, tw);
    for (let r = 0; r < count; r++) {
      const yr = y + ((<usize>r * <usize>n) << 3);
      for (let j = 0; j < n; j++) { st(x, 2 * j, ld(yr, j)); st(x, 2 * j + 1, 0); }
      fft(m, x, tw);
      const o = out + ((<usize>r * <usize>K) << 3);
      for (let k = 0; k < K; k++) { const re = ld(x, 2 * k), im = ld(x, 2 * k + 1); st(o, k, re * re + im * im); }
    }
    return OK;
  }
  const b = x + (<usize>m << 4), tw = b + (<usize>m << 4), w = tw + (<usize>m << 3);
  twiddles(m, tw);
  // chirp w_j = exp(-i pi j^2 / n), angle from j^2 mod 2n (exact in integers)
  const n2 = <i64>2 * <i64>n;
  for (let j = 0; j < n; j++) {
    const t = (Math.PI * <f64>((<i64>j * <i64>j) % n2)) / <f64>n;
    st(w, 2 * j, Math.cos(t));
    st(w, 2 * j + 1, -Math.sin(t));
  }
  // b_l = conj(w_|l|), circular: l = 0..n-1 and m-l for l = 1..n-1; FFT once
  memory.fill(b, 0, <usize>m << 4);
  for (let l = 0; l < n; l++) {
    const re = ld(w, 2 * l), im = -ld(w, 2 * l + 1);
    st(b, 2 * l, re); st(b, 2 * l + 1, im);
    if (l > 0) { st(b, 2 * (m - l), re); st(b, 2 * (m - l) + 1, im); }
  }
  fft(m, b, tw);
  const scale = 1.0 / (<f64>m * <f64>m);
  for (let r = 0; r < count; r++) {
    const yr = y + ((<usize>r * <usize>n) << 3);
    memory.fill(x, 0, <usize>m << 4);
    for (let j = 0; j < n; j++) { const v = ld(yr, j); st(x, 2 * j, v * ld(w, 2 * j)); st(x, 2 * j + 1, v * ld(w, 2 * j + 1)); }
    fft(m, x, tw);
    // conj(A B), then a forward FFT: the inverse transform up to conjugation and 1/m
    for (let k = 0; k < m; k++) {
      const ar = ld(x, 2 * k), ai = ld(x, 2 * k + 1), br = ld(b, 2 * k), bi = ld(b, 2 * k + 1);
      st(x, 2 * k, ar * br - ai * bi); st(x, 2 * k + 1, -(ar * bi + ai * br));
    }
    fft(m, x, tw);
    const o = out + ((<usize>r * <usize>K) << 3);
    for (let k = 0; k < K; k++) { const re = ld(x, 2 * k), im = ld(x, 2 * k + 1); st(o, k, (re * re + im * im) * scale); }
  }
  return OK;
}

// ---------------------------------------------------------------------------------------
// Delta: kernel densities on a grid

/** Kernel values below this (of at most 1) are dropped: their sum is below 1e-18 per point. */
const KDE_TINY: f64 = 1e-22;
/** Grid steps between exact evaluations of the kernel (the recurrence in between). */
const KDE_RESTART: i32 = 32;

/**
 * f[0..G) = the Gaussian kernel density of y[0..n) at the grid g, bandwidth by Silverman's
 * rule on the sample variance (ddof 1): h = sqrt(var factor^2), factor = (3n/4)^(-1/5). Along the grid the
 * kernel exp(-(v_k - u)^2 / 2) (whitened: v = g/h, u = y/h) is carried by the exact
 * recurrence of a Gaussian on an even grid, t_{k+1} = t_k r_k, r_{k+1} = r_k exp(-D^2),
 * restarted from exact values every KDE_RESTART steps, outward from the grid point nearest u
 * until the kernel falls below KDE_TINY. Returns false when the variance is 0.
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
  const g0 = ld(g, 0) / h, D = (ld(g, G - 1) - ld(g, 0)) / (<f64>(G - 1) * h);
  const c = Math.exp(-D * D);
  for (let i = 0; i < n; i++) {
    const u = ld(y, i) / h;
    let k0 = <i32>Math.round((u - g0) / D);
    if (k0 < 0) k0 = 0;
    if (k0 > G - 1) k0 = G - 1;
    // upward from k0 (inclusive), then downward from k0 - 1
    for (let dir = 1; dir >= -1; dir -= 2) {
      let k = dir > 0 ? k0 : k0 - 1;
      let t: f64 = 0, r: f64 = 0;
      for (let s = 0; k >= 0 && k < G; s++, k += dir) {
        if (s % KDE_RESTART == 0) {
          const e = ld(g, k) / h - u;
          t = Math.exp(-0.5 * e * e);
          r = Math.exp(-<f64>dir * D * e - 0.5 * D * D);
        } else {
          t *= r;
          r *= c;
        }
        if (t < KDE_TINY && <f64>dir * (ld(g, k) / h - u) > 0) break;
        st(f, k, ld(f, k) + t);
      }
    }
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
 * factor for k points, k = 0..n (from the caller: it saves pow in the module). work: 2G f64.
 */
export function deltaEstimate(n: i32, ys: usize, nClasses: i32, bounds: usize, G: i32, g: usize, factors: usize, work: usize, out: usize): i32 {
  if (n < 2 || G < 2 || nClasses < 1) return ERR_SIZE;
  const fy = work, fc = work + (<usize>G << 3);
  if (!kde(n, ys, G, g, fy, ld(factors, n))) return ERR_VALUE;
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
