// Matrix products A^T B (gemmTN, assembly/dense.ts) in blocks, on the main thread and, where a
// parallel runner is registered (Node: worker threads, ./product-pool.ts), on worker
// threads too. Blocks and their arithmetic are the same however they are shared out, so the
// results are bit for bit the same with any number of threads.
import type { Arena } from '../core/arena.js';
import { check, Status } from '../core/status.js';
import { core } from '../core/wasm.js';

/** C[cRow + j][cCol + l] = sum_i A[i][aCol + j] B[i][bCol + l], j < p, l < k (gemmTN `mode` on A's columns). */
export interface Block {
  readonly aCol: number;
  readonly p: number;
  readonly bCol: number;
  readonly k: number;
  readonly cRow: number;
  readonly cCol: number;
  readonly mode: 0 | 1 | 2;
}

/** What a worker computes: blocks of A^T B on copies of column ranges of A and B, or columns of a triangular inverse. */
export type ParallelJob = ProductJob | InverseJob;

export interface ProductJob {
  readonly kind: 'product';
  readonly n: number;
  /** Columns of A (lda values each) from the first any block uses. */
  readonly A: Float64Array;
  readonly lda: number;
  /** Columns of B, or undefined when B is A (the same columns). */
  readonly B: Float64Array | undefined;
  readonly ldb: number;
  /** Blocks with aCol / bCol relative to the copied ranges. */
  readonly blocks: readonly Block[];
}

/** Columns first..end-1 of U^{-T} (triangularInverse) for the p x p upper triangular U. */
export interface InverseJob {
  readonly kind: 'inverse';
  readonly p: number;
  readonly U: Float64Array;
  readonly first: number;
  readonly end: number;
}

export interface ParallelProducts {
  /** Worker threads available (besides the calling thread). */
  readonly workers: number;
  /** Jobs started so far. */
  readonly jobs: number;
  /**
   * Starts `job` on worker `w` and returns a function that waits for it: one p x k
   * column-major result per block (products), or the columns (inverse).
   */
  start(w: number, job: ParallelJob): () => Float64Array[];
}

let parallel: ParallelProducts | undefined;

/** Registers the worker-thread runner (done by the Node entry point). */
export function setParallelProducts(p: ParallelProducts | undefined): void {
  parallel = p;
}

/** Below this many multiply-adds, a product runs on the calling thread only. */
const PARALLEL_MIN = 2e8;
/** Columns per block of the Gram matrix (even, a multiple of the kernel's 4-column tiles). */
const GRAM_BLOCK = 64;

/** gemmTN's leading column offset in bytes. */
const at = (ptr: number, col: number, ld: number): number => ptr + 8 * col * ld;

/**
 * Runs `blocks` of C = A^T B (A: n rows at `a`, leading dimension lda; B likewise; C with
 * leading dimension ldc), sharing them between this thread and the workers by their cost.
 */
export function runBlocks(arena: Arena, n: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, blocks: readonly Block[]): void {
  const { exports: w } = core();
  const run = (blk: Block): void => {
    check('gemmTN', w.gemmTN(n, blk.p, at(a, blk.aCol, lda), lda, blk.k, at(b, blk.bCol, ldb), ldb, c + 8 * (blk.cCol * ldc + blk.cRow), ldc, blk.mode));
  };
  const cost = (blk: Block): number => n * blk.p * blk.k;
  const total = blocks.reduce((s, blk) => s + cost(blk), 0);
  const workers = parallel?.workers ?? 0;
  if (!parallel || workers === 0 || total < PARALLEL_MIN || blocks.length < 2) {
    blocks.forEach(run);
    return;
  }
  // Longest first onto the least loaded thread (thread 0: this one).
  const groups: Block[][] = Array.from({ length: workers + 1 }, () => []);
  const load = new Array<number>(workers + 1).fill(0);
  for (const blk of [...blocks].sort((x, y) => cost(y) - cost(x))) {
    let t = 0;
    for (let g = 1; g <= workers; g++) if (load[g]! < load[t]!) t = g;
    groups[t]!.push(blk);
    load[t]! += cost(blk);
  }
  const same = a === b && lda === ldb;
  const pending = groups.slice(1).map((group, g) => {
    if (group.length === 0) return undefined;
    const a0 = Math.min(...group.map((blk) => blk.aCol)), a1 = Math.max(...group.map((blk) => blk.aCol + blk.p));
    const b0 = Math.min(...group.map((blk) => blk.bCol)), b1 = Math.max(...group.map((blk) => blk.bCol + blk.k));
    const lo = same ? Math.min(a0, b0) : a0, hi = same ? Math.max(a1, b1) : a1;
    const job: ProductJob = {
      kind: 'product', n, lda, ldb,
      A: arena.f64(at(a, lo, lda), (hi - lo) * lda),
      B: same ? undefined : arena.f64(at(b, b0, ldb), (b1 - b0) * ldb),
      blocks: group.map((blk) => ({ ...blk, aCol: blk.aCol - lo, bCol: blk.bCol - (same ? lo : b0) })),
    };
    return { group, wait: parallel!.start(g, job) };
  });
  groups[0]!.forEach(run);
  for (const p of pending) {
    if (!p) continue;
    const results = p.wait();
    p.group.forEach((blk, i) => {
      const r = results[i]!;
      const out = arena.f64(c + 8 * (blk.cCol * ldc + blk.cRow), (blk.k - 1) * ldc + blk.p);
      for (let l = 0; l < blk.k; l++) out.set(r.subarray(l * blk.p, (l + 1) * blk.p), l * ldc);
    });
  }
}

/**
 * X = U^{-T} (p x p, column-major) for the upper triangular p x p factor at `u` (leading
 * dimension p): columns split between the threads at multiples of 8 (the kernel's blocks) so that each has about
 * the same work (column m costs ~ (p - m)^2 / 2). False when U has a zero or non-finite pivot.
 */
export function inverse(arena: Arena, p: number, u: number, x: number): boolean {
  const { exports: w } = core();
  const threads = p * p * p / 6 < PARALLEL_MIN ? 1 : (parallel?.workers ?? 0) + 1;
  // Split points s_t with (p - s_t)^3 = p^3 (1 - t / threads), rounded to multiples of 8.
  const cuts = [0];
  for (let t = 1; t < threads; t++) cuts.push(Math.min(p, 8 * Math.round((p - p * Math.cbrt(1 - t / threads)) / 8)));
  cuts.push(p);
  const pending = threads === 1 ? [] : cuts.slice(1, -1).map((first, t) => ({
    first, end: cuts[t + 2]!,
    wait: parallel!.start(t, { kind: 'inverse', p, U: arena.f64(u, p * p), first, end: cuts[t + 2]! }),
  }));
  const status = w.triangularInverse(p, u, p, x, 0, cuts[1]!);
  for (const job of pending) {
    const [cols] = job.wait();
    if (status === Status.OK) arena.f64(x + 8 * p * job.first, p * (job.end - job.first)).set(cols!);
  }
  if (status === Status.VALUE) return false;
  check('triangularInverse', status);
  return true;
}

/** C (p x p, leading dimension p) = A^T A for A n x p (leading dimension lda): the lower triangle in column blocks, mirrored. */
export function gram(arena: Arena, n: number, p: number, a: number, lda: number, c: number): void {
  const blocks: Block[] = [];
  for (let l0 = 0; l0 < p; l0 += GRAM_BLOCK) {
    blocks.push({ aCol: l0, p: p - l0, bCol: l0, k: Math.min(GRAM_BLOCK, p - l0), cRow: l0, cCol: l0, mode: 0 });
  }
  runBlocks(arena, n, a, lda, a, lda, c, p, blocks);
  const g = arena.f64(c, p * p);
  for (let l = 1; l < p; l++) for (let j = 0; j < l; j++) g[l * p + j] = g[j * p + l]!;
}

/**
 * C (p x k, leading dimension ldc) = A^T B, split along B's columns (at even offsets, so
 * every column meets the kernel's tiles as in one call).
 */
export function product(arena: Arena, n: number, p: number, a: number, lda: number, k: number, b: number, ldb: number, c: number, ldc: number, mode: 0 | 1 | 2): void {
  const parts = Math.min(Math.max(1, (parallel?.workers ?? 0) + 1) * 4, Math.ceil(k / 2));
  const step = 2 * Math.ceil(k / 2 / parts);
  const blocks: Block[] = [];
  for (let l0 = 0; l0 < k; l0 += step) blocks.push({ aCol: 0, p, bCol: l0, k: Math.min(step, k - l0), cRow: 0, cCol: l0, mode });
  runBlocks(arena, n, a, lda, b, ldb, c, ldc, blocks);
}
