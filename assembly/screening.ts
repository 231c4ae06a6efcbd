// Kernels of the screening methods: Morris elementary effects along trajectories, squared
// finite-difference derivatives (DGSM), and the bootstrap of column means that gives both
// methods their confidence intervals.
import { streamKey, randomU64 } from "./random";
import { OK, ERR_SIZE, ERR_POINTER, regionOk } from "./status";

/** Adds the outputs a (before) and b (after) of one step to input o/8's sums, by the direction it moved (none if it did not). */
// @ts-ignore: decorator
@inline
function step(before: usize, now: usize, o: usize, a: f64, b: f64, up: usize, lo: usize): void {
  const prev = load<f64>(before + o), cur = load<f64>(now + o);
  if (cur > prev) {
    store<f64>(up + o, load<f64>(up + o) + b);
    store<f64>(lo + o, load<f64>(lo + o) + a);
  } else if (cur < prev) {
    store<f64>(up + o, load<f64>(up + o) + a);
    store<f64>(lo + o, load<f64>(lo + o) + b);
  }
}

/**
 * Elementary effects of T trajectories of S points each (x: T*S rows of d inputs, y: T*S
 * outputs). For input j of trajectory t, over the steps s -> s+1 in which x_j moved, the
 * effect is (sum of the outputs after a rise and before a fall - sum of the outputs before a
 * rise and after a fall) / delta: (y_{s+1} - y_s) / delta for a rise, (y_s - y_{s+1}) / delta
 * for a fall, 0 if x_j never moved. out: T x d; work: 2d doubles.
 */
export function morrisEffects(T: i32, S: i32, d: i32, x: usize, y: usize, delta: f64, out: usize, work: usize): i32 {
  if (T < 1 || S < 2 || d < 1 || <u64>T * <u64>S > 0x7fffffff) return ERR_SIZE;
  const rows = <u64>T * <u64>S;
  if (!regionOk(x, rows * <u64>d << 3, 8) || !regionOk(y, rows << 3, 8) || !regionOk(out, <u64>T * <u64>d << 3, 8) ||
    !regionOk(work, <u64>d << 4, 8)) return ERR_POINTER;
  const up = work, lo = work + (<usize>d << 3);
  const rowBytes = <usize>d << 3;
  for (let t = 0; t < T; t++) {
    memory.fill(work, 0, <usize>d << 4);
    const xt = x + <usize>(t * S) * rowBytes;
    const yt = y + (<usize>(t * S) << 3);
    for (let s = 1; s < S; s++) {
      const before = xt + <usize>(s - 1) * rowBytes, now = before + rowBytes;
      const a = load<f64>(yt + (<usize>(s - 1) << 3)), b = load<f64>(yt + (<usize>s << 3));
      // Two inputs at a time: most do not move, and a vector comparison skips them.
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        const o = <usize>j << 3;
        if (v128.any_true(f64x2.ne(v128.load(before + o), v128.load(now + o)))) {
          step(before, now, o, a, b, up, lo);
          step(before, now, o + 8, a, b, up, lo);
        }
      }
      if (j < d) step(before, now, <usize>j << 3, a, b, up, lo);
    }
    const ot = out + <usize>t * rowBytes;
    for (let j = 0; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(ot + o, (load<f64>(up + o) - load<f64>(lo + o)) / delta);
    }
  }
  return OK;
}

/**
 * Squared finite-difference derivatives of N base points with one step per input each
 * (x: N(d+1) rows of d inputs, base point first; y: N(d+1) outputs):
 * out[i, j] = ((y_{i,1+j} - y_{i,0}) / (x_{i,1+j,j} - x_{i,0,j}))^2. out: N x d.
 */
export function finiteDiffSquares(N: i32, d: i32, x: usize, y: usize, out: usize): i32 {
  if (N < 1 || d < 1 || <u64>N * <u64>(d + 1) > 0x7fffffff) return ERR_SIZE;
  const rows = <u64>N * <u64>(d + 1);
  if (!regionOk(x, rows * <u64>d << 3, 8) || !regionOk(y, rows << 3, 8) || !regionOk(out, <u64>N * <u64>d << 3, 8)) return ERR_POINTER;
  for (let i = 0; i < N; i++) {
    const r0 = i * (d + 1);
    const y0 = load<f64>(y + (<usize>r0 << 3));
    const x0 = x + (<usize>(r0 * d) << 3);
    for (let j = 0; j < d; j++) {
      const r = r0 + 1 + j;
      const g = (load<f64>(y + (<usize>r << 3)) - y0) / (load<f64>(x + (<usize>(r * d + j) << 3)) - load<f64>(x0 + (<usize>j << 3)));
      store<f64>(out + (<usize>(i * d + j) << 3), g * g);
    }
  }
  return OK;
}

const REDRAW: u64 = 0x6d65616e73000003; // key offset of the rejection stream

/** Welford's update of column j's running mean and sum of squared deviations with its c-th value x. */
// @ts-ignore: decorator
@inline
function welford(mean: usize, m2: usize, j: i32, x: f64, c: f64): void {
  const o = <usize>j << 3;
  const mu = load<f64>(mean + o);
  const dx = x - mu;
  const mu2 = mu + dx / c;
  store<f64>(mean + o, mu2);
  store<f64>(m2 + o, load<f64>(m2 + o) + dx * (x - mu2));
}

/** Welford's update of columns j and j + 1 with the sums in the lanes of s times inv. */
// @ts-ignore: decorator
@inline
function welford2(mean: usize, m2: usize, j: i32, s: v128, inv: f64, c: f64): void {
  welford(mean, m2, j, f64x2.extract_lane(s, 0) * inv, c);
  welford(mean, m2, j + 1, f64x2.extract_lane(s, 1) * inv, c);
}

/**
 * The byte offsets (row * rowBytes) of the n rows of resample r into rows: idx[r*n + i] when
 * idx is not 0, else uniform integers in [0, n) from stream r of `seed` (Lemire's
 * multiply-shift with rejection).
 */
function resampleRows(seed: u64, r: i32, n: i32, un: u32, threshold: u32, idx: usize, rows: usize, rowBytes: usize): void {
  const key = streamKey(seed, <u64>r);
  const key2 = streamKey(seed ^ REDRAW, <u64>r);
  for (let i = 0; i < n; i++) {
    let row: u32;
    if (idx != 0) row = load<u32>(idx + (<usize>(r * n + i) << 2));
    else {
      let p = <u64>(<u32>randomU64(key, <u64>i)) * <u64>un;
      if (<u32>p < threshold) {
        let attempt: u64 = 0;
        while (<u32>p < threshold) {
          p = <u64>(<u32>randomU64(key2, (<u64>i << 6) + attempt)) * <u64>un;
          attempt++;
        }
      }
      row = <u32>(p >> 32);
    }
    store<u32>(rows + (<usize>i << 2), row * <u32>rowBytes);
  }
}

/**
 * Bootstrap of the column means of v (n rows, m columns): R resamples of n rows drawn with
 * replacement, the same rows for every column. Row i of resample r is idx[r*n + i] when idx
 * is not 0, else a uniform integer in [0, n) from stream r of `seedLo/seedHi` (Lemire's
 * multiply-shift with rejection, so unbiased). out[j]: the sample standard deviation
 * (divisor R - 1) of the R means of column j (Welford's update). work: 2m doubles + 2n u32.
 */
export function bootstrapMeanStd(n: i32, m: i32, v: usize, R: i32, seedLo: u32, seedHi: u32, idx: usize, work: usize, out: usize): i32 {
  if (n < 1 || m < 1 || R < 2 || <u64>n * <u64>m > 0x7fffffff) return ERR_SIZE;
  if (!regionOk(v, <u64>n * <u64>m << 3, 8) || !regionOk(work, (<u64>m << 4) + (<u64>n << 3), 8) || !regionOk(out, <u64>m << 3, 8)) return ERR_POINTER;
  if (idx != 0) {
    if (!regionOk(idx, <u64>R * <u64>n << 2, 4)) return ERR_POINTER;
    for (let k = 0; k < R * n; k++) {
      const i = load<i32>(idx + (<usize>k << 2));
      if (i < 0 || i >= n) return ERR_SIZE;
    }
  }
  const seed = (<u64>seedHi << 32) | <u64>seedLo;
  const mean = work, m2 = work + (<usize>m << 3), rowsOf = work + (<usize>m << 4);
  memory.fill(mean, 0, <usize>m << 4);
  const un = <u32>n;
  const threshold: u32 = (<u32>0 - un) % un;
  const inv = 1.0 / <f64>n;
  const rowBytes = <usize>m << 3;
  // Resamples two at a time (twice the independent sums in flight; each column's sum still runs
  // over the rows in order, and Welford's updates still take the resamples in order); an odd
  // last one is summed twice over the same rows and counted once.
  for (let r = 0; r < R; r += 2) {
    const two = r + 1 < R;
    const rowsOf2 = two ? rowsOf + (<usize>n << 2) : rowsOf;
    resampleRows(seed, r, n, un, threshold, idx, rowsOf, rowBytes);
    if (two) resampleRows(seed, r + 1, n, un, threshold, idx, rowsOf2, rowBytes);
    const c = <f64>(r + 1), c2 = <f64>(r + 2);
    let j = 0;
    for (; j + 8 <= m; j += 8) {
      const base = v + (<usize>j << 3);
      let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
      for (let i = 0; i < n; i++) {
        const src = base + <usize>load<u32>(rowsOf + (<usize>i << 2)), src2 = base + <usize>load<u32>(rowsOf2 + (<usize>i << 2));
        s0 = f64x2.add(s0, v128.load(src));
        s1 = f64x2.add(s1, v128.load(src, 16));
        s2 = f64x2.add(s2, v128.load(src, 32));
        s3 = f64x2.add(s3, v128.load(src, 48));
        t0 = f64x2.add(t0, v128.load(src2));
        t1 = f64x2.add(t1, v128.load(src2, 16));
        t2 = f64x2.add(t2, v128.load(src2, 32));
        t3 = f64x2.add(t3, v128.load(src2, 48));
      }
      welford2(mean, m2, j, s0, inv, c);
      welford2(mean, m2, j + 2, s1, inv, c);
      welford2(mean, m2, j + 4, s2, inv, c);
      welford2(mean, m2, j + 6, s3, inv, c);
      if (two) {
        welford2(mean, m2, j, t0, inv, c2);
        welford2(mean, m2, j + 2, t1, inv, c2);
        welford2(mean, m2, j + 4, t2, inv, c2);
        welford2(mean, m2, j + 6, t3, inv, c2);
      }
    }
    for (; j + 4 <= m; j += 4) {
      const base = v + (<usize>j << 3);
      let s0 = f64x2.splat(0.0), s1 = s0, t0 = s0, t1 = s0;
      for (let i = 0; i < n; i++) {
        const src = base + <usize>load<u32>(rowsOf + (<usize>i << 2)), src2 = base + <usize>load<u32>(rowsOf2 + (<usize>i << 2));
        s0 = f64x2.add(s0, v128.load(src));
        s1 = f64x2.add(s1, v128.load(src, 16));
        t0 = f64x2.add(t0, v128.load(src2));
        t1 = f64x2.add(t1, v128.load(src2, 16));
      }
      welford2(mean, m2, j, s0, inv, c);
      welford2(mean, m2, j + 2, s1, inv, c);
      if (two) {
        welford2(mean, m2, j, t0, inv, c2);
        welford2(mean, m2, j + 2, t1, inv, c2);
      }
    }
    for (; j < m; j++) {
      const base = v + (<usize>j << 3);
      let s0 = 0.0, t0 = 0.0;
      for (let i = 0; i < n; i++) {
        s0 += load<f64>(base + <usize>load<u32>(rowsOf + (<usize>i << 2)));
        t0 += load<f64>(base + <usize>load<u32>(rowsOf2 + (<usize>i << 2)));
      }
      welford(mean, m2, j, s0 * inv, c);
      if (two) welford(mean, m2, j, t0 * inv, c2);
    }
  }
  for (let j = 0; j < m; j++) store<f64>(out + (<usize>j << 3), Math.sqrt(load<f64>(m2 + (<usize>j << 3)) / <f64>(R - 1)));
  return OK;
}

/**
 * Distances between Morris trajectories: for each pair a < b of the N trajectories of S
 * points of d inputs in `unit`, the sum over all pairs of points of their Euclidean distance,
 * written to out[a * N + b] and out[b * N + a] (out: N x N, diagonal 0). Along trajectory b
 * only the inputs moved at each step change, so the squared distance from a point of a to
 * point q of b is updated from point q - 1 over those inputs alone (O(S (d + moved)) per pair
 * of trajectories instead of O(S^2 d)). work: N S (d + 1) i32 (the inputs moved at each step).
 */
export function trajectoryDistances(N: i32, S: i32, d: i32, unit: usize, out: usize, work: usize): i32 {
  if (N < 1 || S < 1 || d < 1 || <u64>N * <u64>S * <u64>(d + 1) > 0x7fffffff || <u64>N * <u64>N > 0x7fffffff) return ERR_SIZE;
  if (!regionOk(unit, <u64>N * <u64>S * <u64>d << 3, 8) || !regionOk(out, <u64>N * <u64>N << 3, 8) ||
    !regionOk(work, <u64>N * <u64>S * <u64>(d + 1) << 2, 4)) return ERR_POINTER;
  const len = <usize>(S * d) << 3;
  const rowBytes = <usize>d << 3;
  const stepBytes = <usize>(d + 1) << 2;
  // The inputs moved at each step q >= 1 of each trajectory: count, then their numbers.
  for (let b = 0; b < N; b++) {
    const pb = unit + <usize>b * len;
    for (let q = 1; q < S; q++) {
      const w = work + <usize>(b * S + q) * stepBytes;
      let c = 0;
      for (let j = 0; j < d; j++) {
        if (load<f64>(pb + <usize>q * rowBytes + (<usize>j << 3)) != load<f64>(pb + <usize>(q - 1) * rowBytes + (<usize>j << 3))) {
          store<i32>(w + (<usize>(1 + c) << 2), j);
          c++;
        }
      }
      store<i32>(w, c);
    }
  }
  const pairs = d >> 1;
  for (let a = 0; a < N; a++) {
    store<f64>(out + (<usize>(a * N + a) << 3), 0.0);
    const pa = unit + <usize>a * len;
    for (let b = a + 1; b < N; b++) {
      const pb = unit + <usize>b * len;
      let sum = 0.0;
      for (let s = 0; s < S; s++) {
        const xs = pa + <usize>s * rowBytes;
        let acc = f64x2.splat(0.0);
        for (let j = 0; j < pairs; j++) {
          const o = <usize>j << 4;
          const v = f64x2.sub(v128.load(xs + o), v128.load(pb + o));
          acc = f64x2.add(acc, f64x2.mul(v, v));
        }
        let e = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
        if (d & 1) {
          const v = load<f64>(xs + (<usize>(d - 1) << 3)) - load<f64>(pb + (<usize>(d - 1) << 3));
          e += v * v;
        }
        sum += Math.sqrt(e);
        for (let q = 1; q < S; q++) {
          const w = work + <usize>(b * S + q) * stepBytes;
          const c = load<i32>(w);
          const now = pb + <usize>q * rowBytes, before = now - rowBytes;
          for (let i = 0; i < c; i++) {
            const o = <usize>load<i32>(w + (<usize>(1 + i) << 2)) << 3;
            const x = load<f64>(xs + o);
            const u = x - load<f64>(now + o), v = x - load<f64>(before + o);
            e += u * u - v * v;
          }
          sum += Math.sqrt(max(e, 0.0));
        }
      }
      store<f64>(out + (<usize>(a * N + b) << 3), sum);
      store<f64>(out + (<usize>(b * N + a) << 3), sum);
    }
  }
  return OK;
}
