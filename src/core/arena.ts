// The arena: the TypeScript side owns all WebAssembly memory above the module's static data.
// A call opens a scope, allocates its inputs and outputs by bumping a pointer, calls the
// kernel and copies results out; closing the scope releases everything at once. Memory grows
// only when one call needs more than any call before it, so a loop of calls does not grow it.
// Typed-array views are made afresh on every access: growing the memory detaches old views.
import { OutOfMemoryError, UqkitError } from './errors.js';

const PAGE = 65536;
const ALIGN = 16; // v128 loads and stores
const MAX_BYTES = 4 * 1024 ** 3; // wasm32

type View = Float64Array | Uint32Array | Int32Array | Uint8Array | BigUint64Array;

export interface ArenaExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
}

export class Arena {
  private readonly memory: WebAssembly.Memory;
  private base: number;
  private depth = 0;
  private top: number;
  private high: number;

  constructor(exports: ArenaExports) {
    this.memory = exports.memory;
    this.base = align(exports.heapBase());
    this.top = this.base;
    this.high = this.base;
  }

  /** Bytes of arena used at most so far (above the static data). */
  get highWater(): number {
    return this.high - this.base;
  }

  /**
   * Runs `fn` with this arena and releases whatever it allocated when it returns or throws.
   * Scopes nest.
   */
  scope<T>(fn: (arena: Arena) => T): T {
    const mark = this.top;
    this.depth++;
    try {
      return fn(this);
    } finally {
      this.depth--;
      this.top = mark;
    }
  }

  /** Reserves `bytes` (16-byte aligned, contents undefined) and returns the pointer. */
  alloc(bytes: number, what = 'this call'): number {
    const ptr = this.top;
    const end = align(ptr + bytes);
    if (end > MAX_BYTES) throw new OutOfMemoryError(end - this.base, what);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (cause) {
        throw new OutOfMemoryError(end - this.base, what, cause);
      }
    }
    this.top = end;
    if (end > this.high) this.high = end;
    return ptr;
  }

  /**
   * Reserves `bytes` for the lifetime of the instance (tables loaded after start-up): the
   * arena's base moves above them. Only outside every scope, so that no scope releases them.
   */
  pin(bytes: number, what: string): number {
    if (this.depth > 0) throw new UqkitError(`uqkit: cannot reserve ${what} for good inside an arena scope (a bug in uqkit)`);
    const ptr = this.alloc(bytes, what);
    this.base = this.top;
    this.high = Math.max(this.high, this.top);
    return ptr;
  }

  /** Copies `src` into fresh arena memory and returns its pointer. */
  copyIn(src: View): number {
    const ptr = this.alloc(src.byteLength);
    new Uint8Array(this.memory.buffer, ptr, src.byteLength).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
    return ptr;
  }

  /** Copies `bytes` bytes at `ptr` into `dest` (a view of the same byte length). */
  copyOut<T extends View>(ptr: number, dest: T): T {
    new Uint8Array(dest.buffer, dest.byteOffset, dest.byteLength).set(new Uint8Array(this.memory.buffer, ptr, dest.byteLength));
    return dest;
  }

  /** Whether `view` is a view of WebAssembly memory (e.g. the data of a zero-copy result). */
  holds(view: ArrayBufferView): boolean {
    return view.buffer === this.memory.buffer;
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, length);
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
