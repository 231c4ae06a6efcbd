// Dense matrix kernels for least squares by the normal equations (Cholesky QR): products
// A^T B of column-major matrices (every product the fit needs is one of these: the Gram
// matrix, Psi^T Y, triangular solves by an explicit inverse, fitted values), the Cholesky
// factor, and the inverse of a triangular factor. Hot loops run two rows at a time in f64x2
// lanes; products are blocked by rows so that a block of every column stays in cache.
import { OK, ERR_SIZE, ERR_POINTER, ERR_VALUE, ERR_CONVERGE, regionOk } from "./status";
import { ld, st } from "./mem";

/** gemmTN modes: which rows of A's column j can be non-zero. */
const FULL: i32 = 0;
/** A upper triangular: column j is zero below row j (rows 0..j). */
const UPPER: i32 = 1;
/** A lower triangular: column j is zero above row j (rows j..n-1). */
const LOWER: i32 = 2;

/**
 * Rows per block, and columns of A per block: 4096 x 16 values of A (512 KB) stay in a core's
 * L2 cache while every column of B passes. Long blocks of rows matter more than small ones:
 * each tile then streams its columns for thousands of rows, which the hardware prefetches,
 * instead of restarting every 96 rows (Psi^T Psi of 2574 x 1287: 9 against 7.5 G multiply-adds/s
 * on one thread).
 */
const ROWS: i32 = 4096;
const COLS: i32 = 16;

// @ts-ignore: decorator
@inline
function sum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** u . w over elements lo..hi-1 of two columns. */
// @ts-ignore: decorator
@inline
function dot(u: usize, w: usize, lo: i32, hi: i32): f64 {
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
  let i = lo;
  for (; i + 3 < hi; i += 4) {
    const o = <usize>i << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(u + o), v128.load(w + o)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(u + o, 16), v128.load(w + o, 16)));
  }
  let s = sum2(f64x2.add(s0, s1));
  for (; i < hi; i++) s += ld(u, i) * ld(w, i);
  return s;
}

/** The four results of dot4 (static scratch in the module's own data). */
const DOT4: usize = memory.data(32, 16);

/**
 * u . c_t over elements lo..hi-1 for four columns c0..c3 at once (u read once per four),
 * into DOT4[0..3]: four rows per pass, then pairs, then the odd row.
 */
// @ts-ignore: decorator
@inline
function dot4(u: usize, c0: usize, c1: usize, c2: usize, c3: usize, lo: i32, hi: i32): void {
  let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
  let i = lo;
  for (; i + 3 < hi; i += 4) { // two pairs per pass, the same additions in the same order
    const o = <usize>i << 3;
    const q = u + o, q0 = c0 + o, q1 = c1 + o, q2 = c2 + o, q3 = c3 + o;
    let x = v128.load(q);
    s0 = f64x2.add(s0, f64x2.mul(x, v128.load(q0)));
    s1 = f64x2.add(s1, f64x2.mul(x, v128.load(q1)));
    s2 = f64x2.add(s2, f64x2.mul(x, v128.load(q2)));
    s3 = f64x2.add(s3, f64x2.mul(x, v128.load(q3)));
    x = v128.load(q, 16);
    s0 = f64x2.add(s0, f64x2.mul(x, v128.load(q0, 16)));
    s1 = f64x2.add(s1, f64x2.mul(x, v128.load(q1, 16)));
    s2 = f64x2.add(s2, f64x2.mul(x, v128.load(q2, 16)));
    s3 = f64x2.add(s3, f64x2.mul(x, v128.load(q3, 16)));
  }
  for (; i + 1 < hi; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(u + o);
    s0 = f64x2.add(s0, f64x2.mul(x, v128.load(c0 + o)));
    s1 = f64x2.add(s1, f64x2.mul(x, v128.load(c1 + o)));
    s2 = f64x2.add(s2, f64x2.mul(x, v128.load(c2 + o)));
    s3 = f64x2.add(s3, f64x2.mul(x, v128.load(c3 + o)));
  }
  let t0 = sum2(s0), t1 = sum2(s1), t2 = sum2(s2), t3 = sum2(s3);
  if (i < hi) {
    const x = ld(u, i);
    t0 += x * ld(c0, i); t1 += x * ld(c1, i); t2 += x * ld(c2, i); t3 += x * ld(c3, i);
  }
  st(DOT4, 0, t0); st(DOT4, 1, t1); st(DOT4, 2, t2); st(DOT4, 3, t3);
}

/** The eight results of dot24 (static scratch in the module's own data). */
const DOT8: usize = memory.data(64, 16);

/**
 * u . c_t and v . c_t over elements lo..hi-1 for two columns u, v and four columns c0..c3 at
 * once, into DOT8[0..3] (u) and DOT8[4..7] (v): a 2 x 4 tile of f64x2 accumulators, so that
 * each pass loads six vectors for eight multiply-adds (dot4 loads five for four).
 */
// @ts-ignore: decorator
@inline
function dot24(u: usize, v: usize, c0: usize, c1: usize, c2: usize, c3: usize, lo: i32, hi: i32): void {
  let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
  let r0 = s0, r1 = s0, r2 = s0, r3 = s0;
  let i = lo;
  for (; i + 1 < hi; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(u + o), y = v128.load(v + o);
    let c = v128.load(c0 + o);
    s0 = f64x2.add(s0, f64x2.mul(x, c)); r0 = f64x2.add(r0, f64x2.mul(y, c));
    c = v128.load(c1 + o);
    s1 = f64x2.add(s1, f64x2.mul(x, c)); r1 = f64x2.add(r1, f64x2.mul(y, c));
    c = v128.load(c2 + o);
    s2 = f64x2.add(s2, f64x2.mul(x, c)); r2 = f64x2.add(r2, f64x2.mul(y, c));
    c = v128.load(c3 + o);
    s3 = f64x2.add(s3, f64x2.mul(x, c)); r3 = f64x2.add(r3, f64x2.mul(y, c));
  }
  let t0 = sum2(s0), t1 = sum2(s1), t2 = sum2(s2), t3 = sum2(s3);
  let q0 = sum2(r0), q1 = sum2(r1), q2 = sum2(r2), q3 = sum2(r3);
  if (i < hi) {
    const x = ld(u, i), y = ld(v, i);
    const e0 = ld(c0, i), e1 = ld(c1, i), e2 = ld(c2, i), e3 = ld(c3, i);
    t0 += x * e0; t1 += x * e1; t2 += x * e2; t3 += x * e3;
    q0 += y * e0; q1 += y * e1; q2 += y * e2; q3 += y * e3;
  }
  st(DOT8, 0, t0); st(DOT8, 1, t1); st(DOT8, 2, t2); st(DOT8, 3, t3);
  st(DOT8, 4, q0); st(DOT8, 5, q1); st(DOT8, 6, q2); st(DOT8, 7, q3);
}

/**
 * C (p x k, column-major with leading dimension ldc) = A^T B, where A is n x p (column j at
 * a + j lda) and B is n x k (column l at b + l ldb), both column-major: C[j][l] is the dot
 * product of column j of A with column l of B. `mode` (FULL 0, UPPER 1, LOWER 2) lets
 * triangular A skip its zero rows (the other triangle must hold zeros: rows are skipped only
 * per tile of four columns). Symmetric products are blocks of these (src/numerics/products.ts).
 */
export function gemmTN(n: i32, p: i32, a: usize, lda: i32, k: i32, b: usize, ldb: i32, c: usize, ldc: i32, mode: i32): i32 {
  if (n < 0 || p < 0 || k < 0 || lda < n || ldb < n || ldc < p || mode < 0 || mode > LOWER) return ERR_SIZE;
  if (p == 0 || k == 0) return OK;
  const spanA = (<u64>(p - 1) * <u64>lda + <u64>n) << 3, spanB = (<u64>(k - 1) * <u64>ldb + <u64>n) << 3;
  if (!regionOk(a, spanA, 8) || !regionOk(b, spanB, 8) || !regionOk(c, (<u64>(k - 1) * <u64>ldc + <u64>p) << 3, 8)) return ERR_POINTER;
  for (let l = 0; l < k; l++) memory.fill(c + (<usize>(l * ldc) << 3), 0, <usize>p << 3);
  const strideA = <usize>lda << 3, strideB = <usize>ldb << 3;
  for (let i0 = 0; i0 < n; i0 += ROWS) {
    const i1 = min(n, i0 + ROWS);
    for (let j0 = 0; j0 < p; j0 += COLS) {
    const j1 = min(p, j0 + COLS);
    for (let l = 0; l < k; l += 2) {
      for (let j = j0; j < j1; j += 4) {
        let lo = i0, hi = i1;
        if (mode == UPPER) hi = min(i1, j + 4);
        else if (mode == LOWER) lo = max(i0, j);
        if (lo >= hi) continue;
        const cj = c + (<usize>(l * ldc + j) << 3);
        if (j + 4 <= p && l + 2 <= k) {
          const a0 = a + <usize>j * strideA, a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
          const b0 = b + <usize>l * strideB, b1 = b0 + strideB;
          let s00 = f64x2.splat(0.0), s10 = s00, s20 = s00, s30 = s00;
          let s01 = s00, s11 = s00, s21 = s00, s31 = s00;
          let i = lo;
          for (; i + 1 < hi; i += 2) {
            const o = <usize>i << 3;
            const y0 = v128.load(b0 + o), y1 = v128.load(b1 + o);
            let x = v128.load(a0 + o);
            s00 = f64x2.add(s00, f64x2.mul(x, y0)); s01 = f64x2.add(s01, f64x2.mul(x, y1));
            x = v128.load(a1 + o);
            s10 = f64x2.add(s10, f64x2.mul(x, y0)); s11 = f64x2.add(s11, f64x2.mul(x, y1));
            x = v128.load(a2 + o);
            s20 = f64x2.add(s20, f64x2.mul(x, y0)); s21 = f64x2.add(s21, f64x2.mul(x, y1));
            x = v128.load(a3 + o);
            s30 = f64x2.add(s30, f64x2.mul(x, y0)); s31 = f64x2.add(s31, f64x2.mul(x, y1));
          }
          let t00 = sum2(s00), t10 = sum2(s10), t20 = sum2(s20), t30 = sum2(s30);
          let t01 = sum2(s01), t11 = sum2(s11), t21 = sum2(s21), t31 = sum2(s31);
          if (i < hi) {
            const o = <usize>i << 3;
            const y0 = load<f64>(b0 + o), y1 = load<f64>(b1 + o);
            const x0 = load<f64>(a0 + o), x1 = load<f64>(a1 + o), x2 = load<f64>(a2 + o), x3 = load<f64>(a3 + o);
            t00 += x0 * y0; t10 += x1 * y0; t20 += x2 * y0; t30 += x3 * y0;
            t01 += x0 * y1; t11 += x1 * y1; t21 += x2 * y1; t31 += x3 * y1;
          }
          const cl = cj + (<usize>ldc << 3);
          st(cj, 0, ld(cj, 0) + t00); st(cj, 1, ld(cj, 1) + t10); st(cj, 2, ld(cj, 2) + t20); st(cj, 3, ld(cj, 3) + t30);
          st(cl, 0, ld(cl, 0) + t01); st(cl, 1, ld(cl, 1) + t11); st(cl, 2, ld(cl, 2) + t21); st(cl, 3, ld(cl, 3) + t31);
        } else {
          for (let ll = l; ll < min(l + 2, k); ll++) {
            const bl = b + <usize>ll * strideB;
            for (let jj = j; jj < min(j + 4, p); jj++) {
              const q = c + (<usize>(ll * ldc + jj) << 3);
              store<f64>(q, load<f64>(q) + dot(a + <usize>jj * strideA, bl, lo, hi));
            }
          }
        }
      }
    }
    }
  }
  return OK;
}

/**
 * Cholesky factor of the symmetric positive definite p x p matrix g (column-major, leading
 * dimension ldg; its upper triangle is read): g = U^T U with U upper triangular, written over
 * the upper triangle; the strict lower triangle is set to zero. Four columns at a time, each
 * column of U read once per four, rows in pairs (dot24). ERR_CONVERGE when a pivot is not positive (g not positive
 * definite to working precision); `info` (one f64) receives the failing column, else -1.
 */
export function cholesky(p: i32, g: usize, ldg: i32, info: usize): i32 {
  if (p < 0 || ldg < p) return ERR_SIZE;
  if (!regionOk(info, 8, 8) || (p > 0 && !regionOk(g, (<u64>(p - 1) * <u64>ldg + <u64>p) << 3, 8))) return ERR_POINTER;
  store<f64>(info, -1.0);
  const stride = <usize>ldg << 3;
  for (let j0 = 0; j0 < p; j0 += 4) {
    const w = min(4, p - j0);
    const c0 = g + <usize>j0 * stride;
    const c1 = c0 + stride, c2 = c1 + stride, c3 = c2 + stride;
    // Rows m < j0 of the four columns: U[m][j] = (g[m][j] - U[0..m)[m] . U[0..m)[j]) / U[m][m].
    let m = 0;
    if (w == 4) {
      // Two rows at a time: row m+1's dot product takes U[m][j] last, once it is known.
      for (; m + 1 < j0; m += 2) {
        const cm = g + <usize>m * stride, cn = cm + stride;
        const r = 1.0 / ld(cm, m), rn = 1.0 / ld(cn, m + 1);
        dot24(cm, cn, c0, c1, c2, c3, 0, m);
        const u0 = (ld(c0, m) - ld(DOT8, 0)) * r, u1 = (ld(c1, m) - ld(DOT8, 1)) * r;
        const u2 = (ld(c2, m) - ld(DOT8, 2)) * r, u3 = (ld(c3, m) - ld(DOT8, 3)) * r;
        st(c0, m, u0); st(c1, m, u1); st(c2, m, u2); st(c3, m, u3);
        const e = ld(cn, m);
        st(c0, m + 1, (ld(c0, m + 1) - (ld(DOT8, 4) + e * u0)) * rn);
        st(c1, m + 1, (ld(c1, m + 1) - (ld(DOT8, 5) + e * u1)) * rn);
        st(c2, m + 1, (ld(c2, m + 1) - (ld(DOT8, 6) + e * u2)) * rn);
        st(c3, m + 1, (ld(c3, m + 1) - (ld(DOT8, 7) + e * u3)) * rn);
      }
    }
    for (; m < j0; m++) {
      const cm = g + <usize>m * stride;
      const r = 1.0 / ld(cm, m);
      if (w == 4) {
        dot4(cm, c0, c1, c2, c3, 0, m);
        const t0 = ld(DOT4, 0), t1 = ld(DOT4, 1), t2 = ld(DOT4, 2), t3 = ld(DOT4, 3);
        st(c0, m, (ld(c0, m) - t0) * r); st(c1, m, (ld(c1, m) - t1) * r);
        st(c2, m, (ld(c2, m) - t2) * r); st(c3, m, (ld(c3, m) - t3) * r);
      } else {
        for (let t = 0; t < w; t++) {
          const ct = c0 + <usize>t * stride;
          st(ct, m, (ld(ct, m) - dot(cm, ct, 0, m)) * r);
        }
      }
    }
    // The diagonal block, column by column.
    for (let t = 0; t < w; t++) {
      const j = j0 + t;
      const cj = c0 + <usize>t * stride;
      for (let m = j0; m < j; m++) {
        const cm = g + <usize>m * stride;
        st(cj, m, (ld(cj, m) - dot(cm, cj, 0, m)) / ld(cm, m));
      }
      const dd = ld(cj, j) - dot(cj, cj, 0, j);
      if (!(dd > 0.0)) {
        store<f64>(info, <f64>j);
        return ERR_CONVERGE;
      }
      st(cj, j, Math.sqrt(dd));
    }
  }
  for (let j = 0; j < p; j++) for (let i = j + 1; i < p; i++) st(g, j * ldg + i, 0.0);
  return OK;
}

/**
 * Columns m0..m1-1 of X = U^{-T} (lower triangular) from the upper triangular p x p factor u
 * (column-major, leading dimension ldu, non-zero diagonal): column m of X solves U^T x = e_m
 * by forward substitution, whose dot products run along columns of U (rows of U^T) and along
 * x, both contiguous; eight columns of X at a time share each column of U. Column m goes to
 * x + (m - first) p (p values, zeros above the diagonal). Columns are independent, so ranges
 * can be computed apart; ranges that start at multiples of 8 and end at one (or at p) give
 * bit for bit the values of one call for all columns.
 */
export function triangularInverse(p: i32, u: usize, ldu: i32, x: usize, first: i32, end: i32): i32 {
  if (p < 0 || ldu < p || first < 0 || end < first || end > p) return ERR_SIZE;
  if (end == first) return OK;
  if (!regionOk(u, (<u64>(p - 1) * <u64>ldu + <u64>p) << 3, 8) || !regionOk(x, <u64>(end - first) * <u64>p << 3, 8)) return ERR_POINTER;
  for (let j = 0; j < p; j++) if (!(ld(u, j * ldu + j) != 0.0) || !isFinite(ld(u, j * ldu + j))) return ERR_VALUE;
  memory.fill(x, 0, <usize>(end - first) * <usize>p << 3);
  const su = <usize>ldu << 3, sx = <usize>p << 3;
  // Blocks of eight columns (four where fewer than eight are left): the two groups of four
  // take their dot products with the same two columns of U back to back, so each column of U
  // is streamed from memory once per eight columns of X.
  for (let m0 = first; m0 < end;) {
    const w = end - m0 >= 8 ? 8 : min(4, end - m0);
    const x0 = x + <usize>(m0 - first) * sx;
    // Rows m0..m0+w-1: the triangle where some of the columns start.
    for (let t = 0; t < w; t++) {
      const xt = x0 + <usize>t * sx;
      const m = m0 + t;
      st(xt, m, 1.0 / ld(u, m * ldu + m));
      for (let r = m + 1; r < m0 + w; r++) {
        const ur = u + <usize>r * su;
        st(xt, r, -dot(ur, xt, m, r) / ld(ur, r));
      }
    }
    // Rows r >= m0 + w: x_t[r] = -(U[lo..r)[r] . x_t[lo..r)) / U[r][r], lo = where the
    // group of four starts. Two rows at a time: row r+1's dot product takes x_t[r] last.
    let r = m0 + w;
    if (w >= 4) {
      for (; r + 1 < p; r += 2) {
        const ur = u + <usize>r * su, us = ur + su;
        const inv = -1.0 / ld(ur, r), invs = -1.0 / ld(us, r + 1);
        const e = ld(us, r);
        for (let g = 0; g < w; g += 4) {
          const g0 = x0 + <usize>g * sx, g1 = g0 + sx, g2 = g1 + sx, g3 = g2 + sx;
          dot24(ur, us, g0, g1, g2, g3, m0 + g, r);
          const v0 = ld(DOT8, 0) * inv, v1 = ld(DOT8, 1) * inv, v2 = ld(DOT8, 2) * inv, v3 = ld(DOT8, 3) * inv;
          st(g0, r, v0); st(g1, r, v1); st(g2, r, v2); st(g3, r, v3);
          st(g0, r + 1, (ld(DOT8, 4) + e * v0) * invs); st(g1, r + 1, (ld(DOT8, 5) + e * v1) * invs);
          st(g2, r + 1, (ld(DOT8, 6) + e * v2) * invs); st(g3, r + 1, (ld(DOT8, 7) + e * v3) * invs);
        }
      }
    }
    for (; r < p; r++) {
      const ur = u + <usize>r * su;
      const inv = -1.0 / ld(ur, r);
      for (let g = 0; g < w; g += 4) {
        const g0 = x0 + <usize>g * sx;
        if (w - g >= 4) {
          dot4(ur, g0, g0 + sx, g0 + 2 * sx, g0 + 3 * sx, m0 + g, r);
          st(g0, r, ld(DOT4, 0) * inv); st(g0 + sx, r, ld(DOT4, 1) * inv);
          st(g0 + 2 * sx, r, ld(DOT4, 2) * inv); st(g0 + 3 * sx, r, ld(DOT4, 3) * inv);
        } else {
          for (let t = 0; t < w - g; t++) {
            const xt = g0 + <usize>t * sx;
            st(xt, r, dot(ur, xt, m0 + g, r) * inv);
          }
        }
      }
    }
    m0 += w;
  }
  return OK;
}

/** out (cols x rows, column-major) = the transpose of a (rows x cols, column-major), in 32 x 32 blocks. */
export function transpose(rows: i32, cols: i32, a: usize, out: usize): i32 {
  if (rows < 0 || cols < 0) return ERR_SIZE;
  const bytes = <u64>rows * <u64>cols << 3;
  if (bytes > 0 && (!regionOk(a, bytes, 8) || !regionOk(out, bytes, 8))) return ERR_POINTER;
  for (let j0 = 0; j0 < cols; j0 += 32) {
    for (let i0 = 0; i0 < rows; i0 += 32) {
      const j1 = min(cols, j0 + 32), i1 = min(rows, i0 + 32);
      for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) st(out, i * cols + j, ld(a, j * rows + i));
    }
  }
  return OK;
}
