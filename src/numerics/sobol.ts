// Sobol' low-discrepancy sequences: the API over assembly/sobol.ts.
//
// References:
// [1] I. M. Sobol', USSR Comput. Math. Math. Phys. 7(4), 86-112 (1967).
// [2] S. Joe and F. Y. Kuo, Constructing Sobol sequences with better two-dimensional
//     projections, SIAM J. Sci. Comput. 30(5), 2635-2654 (2008) — the direction numbers.
// [3] J. Matoušek, On the L2-discrepancy for anchored boxes, J. Complexity 14, 527-556 (1998)
//     — linear matrix scrambling with a digital shift ('lms').
// [4] A. B. Owen, Randomly permuted (t,m,s)-nets and (t,s)-sequences, in Monte Carlo and
//     Quasi-Monte Carlo Methods in Scientific Computing, 299-317 (1995) — nested uniform
//     scrambling ('owen'); B. Burley, Practical hash-based Owen scrambling, JCGT 9(4) (2020).
import { InvalidArgumentError, OutOfMemoryError, SequenceExhaustedError, ShapeError } from '../core/errors.js';
import { checkMemory } from '../core/budget.js';
import { check, Status } from '../core/status.js';
import { integer, knownKeys, oneOf, options, randomSeed, seed as seedOf, seedHalves } from '../core/validate.js';
import { ensureSobolDimensions } from '../core/sobol-table.js';
import { core } from '../core/wasm.js';
import { warn } from '../core/warnings.js';
import type { Matrix } from './matrix.js';

/** Number of dimensions of the Joe–Kuo table: the largest `dim` accepted. */
export const SOBOL_MAX_DIM = 21201;
/** Largest `bits`: points are exact doubles up to 52 bits. */
export const SOBOL_MAX_BITS = 52;
/** Default `bits`, as scipy: 2^30 points per sequence. */
export const SOBOL_DEFAULT_BITS = 30;

/**
 * The randomisation of a Sobol' sequence: `false` (plain, unscrambled), `'lms'` (linear matrix
 * scramble + digital shift) or `'owen'` (nested uniform scramble). See {@link SobolOptions.scramble}.
 */
export type SobolScramble = false | 'lms' | 'owen';

/** Options of {@link sobol} and of a Sobol' sequence: randomisation, seed, bits, skip. */
export interface SobolOptions {
  /**
   * Randomisation. Default `false`: the plain sequence, first point at the origin,
   * bit-identical to `scipy.stats.qmc.Sobol(d, scramble=False)`.
   * `'lms'`: linear matrix scramble + digital shift [3] — as fast as the plain sequence.
   * `'owen'`: nested uniform scramble [4] — the randomisation with the best error
   * properties for smooth integrands; slower to generate (~15 ns per value, ten times the
   * plain sequence; BENCHMARKS.md).
   * Scrambled sequences keep the net property of each coordinate.
   */
  readonly scramble?: SobolScramble;
  /**
   * Seed of the scramble: an integer 0..2^53-1 or a bigint 0n..2n**64n-1n. Default: a fresh
   * seed from `crypto.getRandomValues`, readable afterwards as `.seed` to repeat the run.
   * Validated but unused (and `.seed` left undefined) without scrambling.
   */
  readonly seed?: number | bigint;
  /** Bits per coordinate, 1..52; the sequence holds 2^bits points. Default 30 (as scipy). */
  readonly bits?: number;
  /**
   * What to do when the number of points drawn so far is not a power of two, which loses
   * the balance (net) properties that make Sobol' points better than random ones:
   * `'warn'` (default; a process warning in Node, console.warn elsewhere, as scipy does),
   * `'error'` (throw InvalidArgumentError), or `'ignore'`.
   */
  readonly balance?: 'warn' | 'error' | 'ignore';
}

/** Where the points of one draw go: a caller-supplied array, or a view of WebAssembly memory. */
export interface SobolDrawOptions {
  /**
   * Write the points into this array (length at least n * dim) instead of a new one; the
   * returned matrix's data is `out.subarray(0, n * dim)`.
   */
  readonly out?: Float64Array;
  /**
   * Return a view of WebAssembly memory instead of a copy: no copying, but the view is only
   * valid until the next uqkit call (which reuses or detaches that memory). Default false.
   */
  readonly view?: boolean;
}

const OPTION_KEYS = ['scramble', 'seed', 'bits', 'balance'] as const;
/** Points are generated in blocks of about this many bytes (fits in L2) and copied out. */
const BLOCK_BYTES = 128 * 1024;
const DRAW_KEYS = ['out', 'view'] as const;

/**
 * A Sobol' sequence of points in [0, 1)^dim, drawn in order.
 *
 * ```ts
 * const seq = new SobolSequence(3, { scramble: 'owen', seed: 42 });
 * const a = seq.next(1024);   // points 0..1023 as a 1024 x 3 Matrix
 * seq.skip(1024).next(1024);  // points 2048..3071
 * ```
 */
export class SobolSequence {
  /** Number of coordinates of each point. */
  readonly dim: number;
  /** Bits per coordinate; the sequence holds 2^bits points. */
  readonly bits: number;
  /** The randomisation (see {@link SobolOptions.scramble}). */
  readonly scramble: SobolScramble;
  /** The scramble's seed (undefined without scrambling). */
  readonly seed: bigint | undefined;
  /** What a draw that breaks the balance of the points does (see {@link SobolOptions.balance}). */
  readonly balance: 'warn' | 'error' | 'ignore';
  /** Number of points the sequence holds: 2^bits. */
  readonly capacity: number;

  #index = 0;
  /** Direction numbers, [bit][dim] words of 4 (bits <= 32) or 8 bytes; scrambled for 'lms'. */
  readonly #dirs: Uint8Array;
  /** Point 0 as integers: zeros, or the digital shift for 'lms'. */
  readonly #init: Uint8Array;
  /** The next point as integers (unscrambled by Owen). */
  #state: Uint8Array;
  /** Owen keys, one u64 per dimension. */
  readonly #keys: Uint8Array | undefined;

  constructor(dim: number, opts?: SobolOptions) {
    const o = options<SobolOptions>('options', opts);
    knownKeys('options', o, OPTION_KEYS);
    this.dim = integer('dim', dim, 1, SOBOL_MAX_DIM, `the Joe–Kuo direction numbers cover ${SOBOL_MAX_DIM} dimensions`);
    this.bits = o.bits === undefined ? SOBOL_DEFAULT_BITS : integer('options.bits', o.bits, 1, SOBOL_MAX_BITS, 'points are exact doubles up to 52 bits');
    this.scramble = o.scramble === undefined ? false : oneOf<SobolScramble>('options.scramble', o.scramble, [false, 'lms', 'owen']);
    this.balance = o.balance === undefined ? 'warn' : oneOf('options.balance', o.balance, ['warn', 'error', 'ignore'] as const);
    const given = o.seed === undefined ? undefined : seedOf('options.seed', o.seed);
    this.seed = this.scramble === false ? undefined : given ?? randomSeed();
    this.capacity = 2 ** this.bits;

    const { exports: k, arena } = core();
    ensureSobolDimensions(this.dim);
    const w = this.bits <= 32 ? 4 : 8;
    const tableBytes = this.dim * this.bits * w;
    const [lo, hi] = this.seed === undefined ? [0, 0] : seedHalves(this.seed);
    const shapeCtx = {
      [Status.DIM]: { field: 'dim', value: dim, expected: `an integer from 1 to ${SOBOL_MAX_DIM}` },
      [Status.BITS]: { field: 'options.bits', value: this.bits, expected: `an integer from 1 to ${SOBOL_MAX_BITS}` },
    };
    const built = arena.scope((a) => {
      const dirs = a.alloc(tableBytes, `Sobol' direction numbers for dim=${this.dim}`);
      check('sobolDirections', k.sobolDirections(this.dim, this.bits, dirs), shapeCtx);
      const init = a.alloc(this.dim * w);
      a.bytes(init, this.dim * w).fill(0);
      if (this.scramble === 'lms') check('sobolScrambleLMS', k.sobolScrambleLMS(this.dim, this.bits, dirs, init, lo, hi), shapeCtx);
      let keys: Uint8Array | undefined;
      if (this.scramble === 'owen') {
        const kp = a.alloc(this.dim * 8);
        check('sobolOwenKeys', k.sobolOwenKeys(this.dim, lo, hi, kp), shapeCtx);
        keys = a.copyOut(kp, new Uint8Array(this.dim * 8));
      }
      return {
        dirs: a.copyOut(dirs, new Uint8Array(tableBytes)),
        init: a.copyOut(init, new Uint8Array(this.dim * w)),
        keys,
      };
    });
    this.#dirs = built.dirs;
    this.#init = built.init;
    this.#state = built.init.slice();
    this.#keys = built.keys;
  }

  /** Position of the next point: the number of points drawn or skipped since the start. */
  get index(): number {
    return this.#index;
  }

  /**
   * The next `n` points as an n x dim Matrix (row-major, one point per row).
   * Throws SequenceExhaustedError past 2^bits points.
   */
  next(n: number, opts?: SobolDrawOptions): Matrix {
    const o = options<SobolDrawOptions>('options', opts);
    knownKeys('options', o, DRAW_KEYS);
    integer('n', n, 0, 2 ** 31 - 1);
    this.#checkCapacity('n', n);
    const len = n * this.dim;
    const { exports: k, arena } = core();
    if (o.view !== undefined && typeof o.view !== 'boolean') throw new InvalidArgumentError({ field: 'options.view', value: o.view, expected: 'true or false' });
    if (o.out !== undefined) {
      if (o.view) throw new InvalidArgumentError({ field: 'options.view', value: true, expected: 'false (or no view) when options.out is given: the points go to one place' });
      if (!(o.out instanceof Float64Array) || o.out.length < len) {
        throw new ShapeError({ field: 'options.out', value: o.out, expected: `a Float64Array of length at least n * dim = ${n} * ${this.dim} = ${len}` });
      }
      if (arena.holds(o.out)) {
        throw new InvalidArgumentError({ field: 'options.out', value: o.out, expected: "an array outside WebAssembly memory (not the data of a { view: true } result); copy the view first" });
      }
    }
    // The points themselves: in WebAssembly memory for a view, else a new array (unless `out`).
    if (o.view) checkMemory('n', n, 8 * len, `${n} x ${this.dim} Sobol' points`, 'wasm');
    else if (o.out === undefined) checkMemory('n', n, 8 * len, `${n} x ${this.dim} Sobol' points`);
    this.#checkBalance(n);

    const data = arena.scope((a) => {
      const dirs = a.copyIn(this.#dirs);
      const state = a.copyIn(this.#state);
      const keys = this.#keys ? a.copyIn(this.#keys) : 0;
      const fill = (index: number, rows: number, out: number) =>
        check('sobolFill', k.sobolFill(this.dim, this.bits, dirs, state, index, rows, out, keys), {
          [Status.SIZE]: { field: 'n', value: n, expected: 'a non-negative integer' },
        });
      let result: Float64Array;
      if (o.view) {
        const out = a.alloc(len * 8, `${n} x ${this.dim} Sobol' points`);
        fill(this.#index, n, out);
        result = a.f64(out, len);
      } else {
        // Generate in blocks that stay in cache and copy each into the destination, so that
        // WebAssembly memory stays small however large n is (it can never shrink).
        result = o.out ? o.out.subarray(0, len) : allocate(len, `${n} x ${this.dim} Sobol' points`);
        const block = Math.max(1, Math.min(n, Math.floor(BLOCK_BYTES / (8 * this.dim))));
        const out = a.alloc(block * this.dim * 8, `${block} x ${this.dim} Sobol' points`);
        for (let done = 0; done < n; done += block) {
          const rows = Math.min(block, n - done);
          fill(this.#index + done, rows, out);
          result.set(a.f64(out, rows * this.dim), done * this.dim);
        }
      }
      this.#state = a.copyOut(state, new Uint8Array(this.#state.length));
      return result;
    });
    this.#index += n;
    return { data, rows: n, cols: this.dim };
  }

  /**
   * Jumps over the next `k` points directly: O(dim * log2(index + k)) work, not O(k) (scipy's
   * fast_forward is O(k)). Returns this, so calls chain.
   */
  skip(k: number): this {
    integer('k', k, 0);
    this.#checkCapacity('k', k);
    this.#seek(this.#index + k);
    return this;
  }

  /** Back to the first point (same scramble). Returns this. */
  reset(): this {
    this.#index = 0;
    this.#state = this.#init.slice();
    return this;
  }

  #seek(index: number): void {
    const { exports: k, arena } = core();
    arena.scope((a) => {
      const dirs = a.copyIn(this.#dirs);
      const init = a.copyIn(this.#init);
      const state = a.alloc(this.#state.length);
      check('sobolStateAt', k.sobolStateAt(this.dim, this.bits, dirs, init, index, state), {
        [Status.INDEX]: { field: 'k', value: index - this.#index, expected: `an integer from 0 to ${this.capacity - this.#index}` },
      });
      this.#state = a.copyOut(state, new Uint8Array(this.#state.length));
    });
    this.#index = index;
  }

  #checkCapacity(field: string, count: number): void {
    if (this.#index + count > this.capacity) throw exhausted(field, this.bits, this.#index, count);
  }

  #checkBalance(n: number): void {
    if (this.balance === 'ignore' || n === 0) return;
    const total = this.#index + n;
    if (isPowerOfTwo(total)) return;
    const message =
      this.#index === 0
        ? `the balance properties of Sobol' points require n to be a power of 2; got n = ${n}` +
          ` (next powers: ${prevPow2(n)} or ${nextPow2(n)})`
        : `the balance properties of Sobol' points require the total drawn to be a power of 2; ` +
          `${this.#index} were drawn or skipped before, then n = ${n}, total ${total}`;
    if (this.balance === 'error') {
      throw new InvalidArgumentError({ field: 'n', value: n, expected: 'a count that brings the total drawn to a power of 2', hint: message + "; or pass balance: 'warn' or 'ignore'" });
    }
    warn('UQKIT_SOBOL_BALANCE', message + ". Pass { balance: 'ignore' } to silence this.");
  }
}

/** Options of `sobol()`: those of SobolSequence plus a number of leading points to skip. */
export interface SobolFunctionOptions extends SobolOptions {
  /** Points to skip before the first one returned (e.g. 1 to drop the origin). Default 0. */
  readonly skip?: number;
}

/**
 * `n` points of a `dim`-dimensional Sobol' sequence as an n x dim Matrix.
 *
 * ```ts
 * const { data, rows, cols } = sobol(1024, 5, { scramble: 'lms', seed: 1 });
 * ```
 *
 * @example
 * ```js
 * import { sobol } from 'uqkit';
 *
 * const { data, rows, cols } = sobol(4, 2); // as scipy.stats.qmc.Sobol(2, scramble=False)
 * console.log(rows, cols, data); // 4 2 Float64Array [0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]
 * const scrambled = sobol(1024, 5, { scramble: 'owen', seed: 7 });
 * ```
 *
 * @throws {@link InvalidArgumentError} for an `n`, `dim` (1..{@link SOBOL_MAX_DIM}) or option
 *   out of range.
 * @throws {@link SequenceExhaustedError} when skip + n points exceed the 2^bits the sequence has.
 * @throws {@link SobolDirectionsNotLoadedError} in a browser for a `dim` beyond the embedded
 *   direction numbers before {@link loadSobolDirections} (or `init({ sobolDimensions })`).
 * @throws {@link ResourceLimitError} when the n x dim result does not fit the memory budget.
 */
export function sobol(n: number, dim: number, opts?: SobolFunctionOptions): Matrix {
  const o = options<SobolFunctionOptions>('options', opts);
  knownKeys('options', o, [...OPTION_KEYS, 'skip']);
  const { skip, ...seqOpts } = o;
  const seq = new SobolSequence(dim, seqOpts);
  if (skip !== undefined) {
    integer('options.skip', skip, 0);
    if (skip > seq.capacity) throw exhausted('options.skip', seq.bits, 0, skip);
    seq.skip(skip);
  }
  return seq.next(n);
}

function exhausted(field: string, bits: number, drawn: number, count: number): SequenceExhaustedError {
  const capacity = 2 ** bits;
  return new SequenceExhaustedError(
    `${field}: a Sobol' sequence with bits=${bits} holds 2^${bits} = ${capacity} points; ` +
      `${drawn} are drawn or skipped, and ${count} more were asked for` +
      (bits < SOBOL_MAX_BITS ? ` (use a larger options.bits, up to ${SOBOL_MAX_BITS})` : ''),
    { drawn, requested: count, capacity, field },
  );
}

/** A new Float64Array, or OutOfMemoryError (instead of a bare RangeError) when it cannot be had. */
function allocate(length: number, what: string): Float64Array {
  try {
    return new Float64Array(length);
  } catch (cause) {
    throw new OutOfMemoryError(length * 8, what, cause, 'a JavaScript array');
  }
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
function prevPow2(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}
function nextPow2(n: number): number {
  return 2 ** Math.ceil(Math.log2(n));
}
