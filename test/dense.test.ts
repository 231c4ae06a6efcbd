// The dense kernels of the least-squares path (assembly/dense.ts) at the raw ABI, against
// plain JavaScript loops: every mode of gemmTN on sizes that hit every edge of its 4 x 2 tiles
// and 96-row blocks, the Cholesky factor and the triangular inverse by their defining
// identities, the transpose, and status codes for bad input.
import { describe, expect, it } from 'vitest';
import { Uniform, fitPCE, matrix, sobol, toPhysical } from 'uqkit';
import { core } from '../build/core/wasm.js';
import { Status } from '../build/core/status.js';
import { gram, inverse, setParallelProducts } from '../build/numerics/products.js';
import { productPool } from '../build/numerics/product-pool.js';
import { NUMERICS_JOBS } from '../build/numerics/pools.js';
import { threadCount, workerPool } from '../build/core/worker-pool.js';
import { firstDifference } from './helpers.js';

const { exports: k, arena } = core();

/** Deterministic pseudo-random values in [-1, 1) (a 32-bit LCG: full rank, unlike smooth formulas). */
function fill(m: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: m }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** C[j][l] = sum_i A[i][j] B[i][l] over rows lo(j)..hi(j) (column-major). */
function reference(n: number, p: number, A: Float64Array, lda: number, kk: number, B: Float64Array, ldb: number): Float64Array {
  const C = new Float64Array(p * kk);
  for (let l = 0; l < kk; l++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[j * lda + i]! * B[l * ldb + i]!;
    C[l * p + j] = s;
  }
  return C;
}

describe('gemmTN: C = A^T B', () => {
  // Blocks of rows (4096) and of columns of A (16): shapes across both boundaries too.
  const shapes = [[1, 1, 1], [7, 5, 3], [96, 8, 2], [97, 9, 5], [250, 13, 1], [301, 4, 7], [2, 11, 2], [4097, 18, 3], [8300, 33, 2]] as const;
  for (const [n, p, kk] of shapes) {
    it(`full, n=${n} p=${p} k=${kk}, with padded leading dimensions`, () => {
      arena.scope((a) => {
        const lda = n + 3, ldb = n + 1, ldc = p + 2;
        const A = fill(lda * p, 1), B = fill(ldb * kk, 2);
        const pa = a.copyIn(A), pb = a.copyIn(B), pc = a.alloc(8 * ldc * kk);
        expect(k.gemmTN(n, p, pa, lda, kk, pb, ldb, pc, ldc, 0)).toBe(Status.OK);
        const want = reference(n, p, A, lda, kk, B, ldb);
        const got = a.f64(pc, ldc * kk);
        for (let l = 0; l < kk; l++) for (let j = 0; j < p; j++) {
          expect(Math.abs(got[l * ldc + j]! - want[l * p + j]!)).toBeLessThan(1e-13 * n);
        }
      });
    });
  }
  it('gram (products.ts): A^T A from column blocks, both triangles, bit for bit the one-call product', () => {
    for (const [n, p] of [[201, 130], [96, 4], [5, 1], [33, 70]] as const) {
      arena.scope((a) => {
        const A = fill(n * p, 3);
        const pa = a.copyIn(A), pc = a.alloc(8 * p * p), pd = a.alloc(8 * p * p);
        gram(a, n, p, pa, n, pc);
        expect(k.gemmTN(n, p, pa, n, p, pa, n, pd, p, 0)).toBe(Status.OK);
        const want = reference(n, p, A, n, p, A, n);
        const got = a.f64(pc, p * p), one = a.f64(pd, p * p);
        for (let i = 0; i < p * p; i++) expect(Math.abs(got[i]! - want[i]!), `${n}x${p} entry ${i}`).toBeLessThan(1e-13 * n);
        for (let j = 0; j < p; j++) for (let l = j; l < p; l++) {
          expect(got[l * p + j]).toBe(got[j * p + l]);
          expect(got[j * p + l], `(${l}, ${j})`).toBe(one[j * p + l]); // the lower triangle, as one call computes it
        }
      });
    }
  });
  it('triangular A: upper and lower skip only zero rows', () => {
    const p = 23, kk = 5;
    const T = fill(p * p, 4);
    const upper = T.map((v, idx) => (idx % p <= Math.floor(idx / p) ? v : 0)); // row <= column
    const lower = T.map((v, idx) => (idx % p >= Math.floor(idx / p) ? v : 0));
    const B = fill(p * kk, 5);
    for (const [mode, A] of [[1, upper], [2, lower]] as const) {
      arena.scope((a) => {
        const pa = a.copyIn(A), pb = a.copyIn(B), pc = a.alloc(8 * p * kk);
        expect(k.gemmTN(p, p, pa, p, kk, pb, p, pc, p, mode)).toBe(Status.OK);
        const want = reference(p, p, A, p, kk, B, p);
        a.f64(pc, p * kk).forEach((v, i) => expect(Math.abs(v - want[i]!), `mode ${mode} entry ${i}`).toBeLessThan(1e-13));
      });
    }
  });
  it('bad input gives a status, not a trap', () => {
    arena.scope((a) => {
      const pa = a.alloc(8 * 16), pb = a.alloc(8 * 16), pc = a.alloc(8 * 16);
      expect(k.gemmTN(4, 4, pa, 3, 4, pb, 4, pc, 4, 0)).toBe(Status.SIZE); // lda < n
      expect(k.gemmTN(4, 4, pa, 4, 4, pb, 4, pc, 4, 3)).toBe(Status.SIZE); // no such mode
      expect(k.gemmTN(4, 4, pa, 4, 4, pb, 4, k.memory.buffer.byteLength - 64, 4, 0)).toBe(Status.POINTER);
      expect(k.gemmTN(4, 4, pa + 4, 4, 4, pb, 4, pc, 4, 0)).toBe(Status.POINTER); // misaligned
      expect(k.gemmTN(0, 4, pa, 0, 4, pb, 0, pc, 4, 0)).toBe(Status.OK); // empty sum: zeros
      expect(Array.from(a.f64(pc, 16))).toEqual(new Array(16).fill(0));
    });
  });
});

describe('cholesky and triangularInverse', () => {
  // Blocks of eight columns, then four, then the rest; rows in pairs, then the odd one.
  for (const p of [1, 3, 4, 5, 9, 13, 14, 15, 22, 31, 40]) {
    it(`p = ${p}: U^T U = G and U X^T = I`, () => {
      arena.scope((a) => {
        const n = 2 * p + 3;
        const A = fill(n * p, 6);
        const pa = a.copyIn(A), g = a.alloc(8 * p * p), x = a.alloc(8 * p * p), info = a.alloc(8);
        gram(a, n, p, pa, n, g);
        const G = a.f64(g, p * p).slice();
        expect(k.cholesky(p, g, p, info)).toBe(Status.OK);
        expect(a.f64(info, 1)[0]).toBe(-1);
        const U = a.f64(g, p * p).slice();
        for (let j = 0; j < p; j++) for (let i = j + 1; i < p; i++) expect(U[j * p + i]).toBe(0);
        for (let j = 0; j < p; j++) expect(U[j * p + j]).toBeGreaterThan(0);
        for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
          let s = 0;
          for (let m = 0; m < p; m++) s += U[i * p + m]! * U[j * p + m]!;
          expect(Math.abs(s - G[j * p + i]!)).toBeLessThan(1e-13 * n);
        }
        expect(k.triangularInverse(p, g, p, x, 0, p)).toBe(Status.OK);
        const X = a.f64(x, p * p).slice(); // X = U^{-T}, lower
        for (let j = 0; j < p; j++) for (let i = 0; i < j; i++) expect(X[j * p + i]).toBe(0);
        for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
          let s = 0; // (U X^T)[i][j] = sum_m U[i][m] X[j][m]
          for (let m = 0; m < p; m++) s += U[m * p + i]! * X[m * p + j]!;
          expect(Math.abs(s - (i === j ? 1 : 0)), `(${i}, ${j})`).toBeLessThan(1e-12);
        }
      });
    });
  }
  it('a matrix that is not positive definite: CONVERGE and the failing column', () => {
    arena.scope((a) => {
      const g = a.copyIn(Float64Array.from([4, 2, 0, 2, 1, 0, 0, 0, 1])), info = a.alloc(8); // rank 2 in the leading 2 x 2
      expect(k.cholesky(3, g, 3, info)).toBe(Status.CONVERGE);
      expect(a.f64(info, 1)[0]).toBe(1);
      const n = a.copyIn(Float64Array.from([1, 0, 0, NaN])), x = a.alloc(32);
      expect(k.cholesky(2, n, 2, info)).toBe(Status.CONVERGE);
      expect(k.triangularInverse(2, a.copyIn(Float64Array.from([1, 0, 5, 0])), 2, x, 0, 2)).toBe(Status.VALUE); // zero pivot
      expect(k.triangularInverse(2, g, 3, x, 1, 3)).toBe(Status.SIZE); // columns past p
      expect(k.cholesky(3, g, 2, info)).toBe(Status.SIZE);
    });
  });
});

describe('transpose', () => {
  it('blocked transpose of odd shapes', () => {
    for (const [r, c] of [[1, 1], [33, 65], [100, 3], [3, 100]] as const) {
      arena.scope((a) => {
        const A = fill(r * c, 7);
        const pa = a.copyIn(A), po = a.alloc(8 * r * c);
        expect(k.transpose(r, c, pa, po)).toBe(Status.OK);
        const T = a.f64(po, r * c);
        for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) expect(T[i * c + j]).toBe(A[j * r + i]);
      });
    }
  });
});

describe('worker threads (src/numerics/product-pool.ts)', () => {
  it('a least-squares fit large enough to be shared out gives bit for bit the single-thread result', () => {
    const d = 8, degree = 4, n = 2000; // P = 495: the Gram matrix alone is 2.4e8 multiply-adds
    const dists = Array.from({ length: d }, () => new Uniform(-1, 1));
    const X = toPhysical(dists, sobol(n, d, { scramble: 'owen', seed: 2, balance: 'ignore' }));
    const y = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) for (let o = 0; o < 3; o++) y[i * 3 + o] = Math.exp(X.data[i * d]! * (o + 1) / 3) * Math.cos(X.data[i * d + 1 + o]!);
    const Y = matrix(y, n, 3);
    setParallelProducts(undefined);
    const serial = fitPCE(dists, X, Y, { degree });
    const pool = productPool(workerPool(core().module!, 1, [NUMERICS_JOBS]));
    setParallelProducts(pool);
    try {
      const shared = fitPCE(dists, X, Y, { degree });
      expect(pool.jobs).toBeGreaterThan(0);
      expect(firstDifference(shared.coefficients.data, serial.coefficients.data)).toBe(-1);
      expect(shared.looError).toEqual(serial.looError);
      expect(serial.looError![0]).toBeLessThan(1e-3); // a real fit, not zeros
    } finally {
      setParallelProducts(threadCount() > 1 ? productPool(workerPool(core().module!, threadCount() - 1, [NUMERICS_JOBS])) : undefined);
    }
  });
  it('the triangular inverse shared out by columns is bit for bit the one-thread inverse', () => {
    const p = 1100; // p^3 / 6 = 2.2e8 multiply-adds: above the threshold for sharing
    arena.scope((a) => {
      const U = fill(p * p, 9).map((v, i) => (i % p < Math.floor(i / p) ? 0.01 * v : i % p === Math.floor(i / p) ? 1 + 0.5 * Math.abs(v) : 0));
      const pu = a.copyIn(U), x1 = a.alloc(8 * p * p), x2 = a.alloc(8 * p * p);
      setParallelProducts(undefined);
      expect(inverse(a, p, pu, x1)).toBe(true);
      const pool = productPool(workerPool(core().module!, 2, [NUMERICS_JOBS])); // three threads: two cuts
      setParallelProducts(pool);
      try {
        expect(inverse(a, p, pu, x2)).toBe(true);
        expect(pool.jobs).toBe(2);
        expect(firstDifference(a.f64(x2, p * p), a.f64(x1, p * p))).toBe(-1);
        // and it is the inverse: (U X^T)[i][j] = delta_ij on a few entries
        const X = a.f64(x1, p * p);
        for (const [i, j] of [[0, 0], [5, 900], [700, 700], [1099, 3], [400, 1099]] as const) {
          let s = 0;
          for (let m = 0; m < p; m++) s += U[m * p + i]! * X[m * p + j]!;
          expect(Math.abs(s - (i === j ? 1 : 0)), `(${i}, ${j})`).toBeLessThan(1e-12);
        }
      } finally {
        setParallelProducts(threadCount() > 1 ? productPool(workerPool(core().module!, threadCount() - 1, [NUMERICS_JOBS])) : undefined);
      }
    });
  });
});
