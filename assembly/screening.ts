// Kernels of the screening methods: Morris elementary effects along trajectories, squared
// finite-difference derivatives (DGSM), and the bootstrap of column means that gives both
// methods their confidence intervals.
import { streamKey, randomU64 } from "./random";
import { OK, ERR_SIZE, ERR_POINTER, regionOk } from "./status";

/**
 * Elementary effects of T trajectories of S points each (x: T*S rows of d inputs, y: T*S
 * outputs). For input j of trajectory t, over the steps s -> s+1 in which x_j moved, the
 * effect is (sum of the outputs after a rise and before a fall - sum of the outputs before a
 * rise and after a fall) / delta: (y_{s+1} - y_s) / delta for a rise, (y_s - y_{s+1}) / delta
 * for a fall, 0 if x_j never moved. out: T x d.
 */
export function morrisEffects(T: i32, S: i32, d: i32, x: usize, y: usize, delta: f64, out: usize): i32 {
  if (T < 1 || S < 2 || d < 1 || <u64>T * <u64>S > 0x7fffffff) return ERR_SIZE;
  const rows = <u64>T * <u64>S;
  if (!regionOk(x, rows * <u64>d << 3, 8) || !regionOk(y, rows << 3, 8) || !regionOk(out, <u64>T * <u64>d << 3, 8)) return ERR_POINTER;
  for (let t = 0; t < T; t++) {
    const xt = x + (<usize>(t * S * d) << 3);
    const yt = y + (<usize>(t * S) << 3);
    const ot = out + (<usize>(t * d) << 3);
    for (let j = 0; j < d; j++) {
      let up = 0.0, lo = 0.0;
      let prev = load<f64>(xt + (<usize>j << 3));
      for (let s = 1; s < S; s++) {
        const cur = load<f64>(xt + (<usize>(s * d + j) << 3));
        if (cur != prev) {
          const a = load<f64>(yt + (<usize>(s - 1) << 3)), b = load<f64>(yt + (<usize>s << 3));
          if (cur > prev) { up += b; lo += a; } else { up += a; lo += b; }
        }
        prev = cur;
      }
      store<f64>(ot + (<usize>j << 3), (up - lo) / delta);
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

/**
 * Bootstrap of the column means of v (n rows, m columns): R resamples of n rows drawn with
 * replacement, the same rows for every column. Row i of resample r is idx[r*n + i] when idx
 * is not 0, else a uniform integer in [0, n) from stream r of `seedLo/seedHi` (Lemire's
 * multiply-shift with rejection, so unbiased). out[j]: the sample standard deviation
 * (divisor R - 1) of the R means of column j (Welford's update). work: 3m doubles.
 */
export function bootstrapMeanStd(n: i32, m: i32, v: usize, R: i32, seedLo: u32, seedHi: u32, idx: usize, work: usize, out: usize): i32 {
  if (n < 1 || m < 1 || R < 2 || <u64>n * <u64>m > 0x7fffffff) return ERR_SIZE;
  if (!regionOk(v, <u64>n * <u64>m << 3, 8) || !regionOk(work, <u64>m * 24, 8) || !regionOk(out, <u64>m << 3, 8)) return ERR_POINTER;
  if (idx != 0) {
    if (!regionOk(idx, <u64>R * <u64>n << 2, 4)) return ERR_POINTER;
    for (let k = 0; k < R * n; k++) {
      const i = load<i32>(idx + (<usize>k << 2));
      if (i < 0 || i >= n) return ERR_SIZE;
    }
  }
  const seed = (<u64>seedHi << 32) | <u64>seedLo;
  const sums = work, mean = work + (<usize>m << 3), m2 = work + (<usize>m << 4);
  memory.fill(mean, 0, <usize>m << 4);
  const un = <u32>n;
  const threshold: u32 = (<u32>0 - un) % un;
  const inv = 1.0 / <f64>n;
  for (let r = 0; r < R; r++) {
    memory.fill(sums, 0, <usize>m << 3);
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
      const src = v + (<usize>(row * <u32>m) << 3);
      let j = 0;
      for (; j + 1 < m; j += 2) {
        const o = <usize>j << 3;
        v128.store(sums + o, f64x2.add(v128.load(sums + o), v128.load(src + o)));
      }
      if (j < m) store<f64>(sums + (<usize>j << 3), load<f64>(sums + (<usize>j << 3)) + load<f64>(src + (<usize>j << 3)));
    }
    const c = <f64>(r + 1);
    for (let j = 0; j < m; j++) {
      const o = <usize>j << 3;
      const x = load<f64>(sums + o) * inv;
      const mu = load<f64>(mean + o);
      const dx = x - mu;
      const mu2 = mu + dx / c;
      store<f64>(mean + o, mu2);
      store<f64>(m2 + o, load<f64>(m2 + o) + dx * (x - mu2));
    }
  }
  for (let j = 0; j < m; j++) store<f64>(out + (<usize>j << 3), Math.sqrt(load<f64>(m2 + (<usize>j << 3)) / <f64>(R - 1)));
  return OK;
}

/**
 * Distances between Morris trajectories: for each pair a < b of the N trajectories of S
 * points of d inputs in `unit`, the sum over all pairs of points of their Euclidean distance,
 * written to out[a * N + b] and out[b * N + a] (out: N x N, diagonal 0).
 */
export function trajectoryDistances(N: i32, S: i32, d: i32, unit: usize, out: usize): i32 {
  if (N < 1 || S < 1 || d < 1 || <u64>N * <u64>S * <u64>d > 0x7fffffff || <u64>N * <u64>N > 0x7fffffff) return ERR_SIZE;
  if (!regionOk(unit, <u64>N * <u64>S * <u64>d << 3, 8) || !regionOk(out, <u64>N * <u64>N << 3, 8)) return ERR_POINTER;
  const len = <usize>(S * d) << 3;
  const rowBytes = <usize>d << 3;
  const pairs = d >> 1;
  for (let a = 0; a < N; a++) {
    store<f64>(out + (<usize>(a * N + a) << 3), 0.0);
    const pa = unit + <usize>a * len;
    for (let b = a + 1; b < N; b++) {
      const pb = unit + <usize>b * len;
      let sum = 0.0;
      for (let s = 0; s < S; s++) {
        const xs = pa + <usize>s * rowBytes;
        for (let q = 0; q < S; q++) {
          const xq = pb + <usize>q * rowBytes;
          let acc = f64x2.splat(0.0);
          for (let j = 0; j < pairs; j++) {
            const o = <usize>j << 4;
            const v = f64x2.sub(v128.load(xs + o), v128.load(xq + o));
            acc = f64x2.add(acc, f64x2.mul(v, v));
          }
          let e = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
          if (d & 1) {
            const v = load<f64>(xs + (<usize>(d - 1) << 3)) - load<f64>(xq + (<usize>(d - 1) << 3));
            e += v * v;
          }
          sum += Math.sqrt(e);
        }
      }
      store<f64>(out + (<usize>(a * N + b) << 3), sum);
      store<f64>(out + (<usize>(b * N + a) << 3), sum);
    }
  }
  return OK;
}
