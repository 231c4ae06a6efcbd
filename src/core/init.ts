// The public init(): loads uqkit.wasm once, from what the caller hands over or, without an
// argument, from beside the entry that was imported (each entry sets how: see index.ts and
// browser.ts). Calls after the first return the same promise; once loaded, init() is a no-op.
import { InvalidArgumentError } from './errors.js';
import { FULL_TABLE_DIMS, loadSobolDirections, type SobolDirectionsSource } from './sobol-table.js';
import { integer } from './validate.js';
import { core, instantiateBytes, instantiateModuleAsync, isCoreLoaded, setCore, type Core } from './wasm.js';

/** A URL object (the global `URL` of browsers and Node). */
export interface UrlLike {
  /** The URL as text. */
  readonly href: string;
}

/** The parts of a fetch `Response` that init() reads. */
export interface ResponseLike {
  /** True for a successful (2xx) response. */
  readonly ok: boolean;
  /** The HTTP status code. */
  readonly status: number;
  /** The HTTP status text. */
  readonly statusText: string;
  /** The body as bytes (as `Response.arrayBuffer()`). */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Where init() gets uqkit.wasm: its bytes, its URL (string or URL; `file:` URLs are read from
 * disk in Node), a fetch Response or a promise of one, or a compiled `WebAssembly.Module`.
 */
export type InitSource = ArrayBuffer | ArrayBufferView | string | UrlLike | ResponseLike | PromiseLike<ResponseLike> | WebAssembly.Module;

/** init() with options: where uqkit.wasm comes from, and whether to load the full Sobol' direction table too. */
export interface InitOptions {
  /** uqkit.wasm (default: beside the entry). */
  readonly source?: InitSource;
  /**
   * The most Sobol' dimensions that will be asked for: beyond those uqkit.wasm embeds, init()
   * also loads the full direction table (see loadSobolDirections), which browsers and workers
   * need before such a sequence is made. Default: only the embedded ones.
   */
  readonly sobolDimensions?: number;
  /** Where to load the full direction table from (default: sobol-directions.bin beside the entry). */
  readonly sobolDirections?: SobolDirectionsSource;
}

export interface InitLoaders {
  /** Loads the uqkit.wasm that ships beside the entry. */
  readonly beside: () => Promise<Core>;
  /** Loads uqkit.wasm from a URL. */
  readonly url: (url: string | UrlLike) => Promise<Core>;
  /** Compiles a fetch Response (streaming where the runtime can). */
  readonly response: (response: ResponseLike) => Promise<Core>;
}

let loaders: InitLoaders | undefined;
let pending: Promise<void> | undefined;

/** Sets how init() loads; called once by each entry module on import. */
export function setInitLoaders(l: InitLoaders): void {
  loaders = l;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

async function load(source: InitSource | undefined): Promise<Core> {
  const l = loaders;
  if (!l) throw new InvalidArgumentError({ field: 'init', value: source, expected: 'uqkit imported through "uqkit" or "uqkit/browser"' });
  if (source === undefined) return l.beside();
  if (source instanceof WebAssembly.Module) return instantiateModuleAsync(source);
  if (source instanceof ArrayBuffer) return instantiateBytes(source);
  if (ArrayBuffer.isView(source)) return instantiateBytes(source as ArrayBufferView<ArrayBuffer>);
  if (typeof source === 'string' || (typeof URL === 'function' && source instanceof URL)) return l.url(source as string | UrlLike);
  if (isThenable(source)) return l.response(await source);
  if (typeof (source as ResponseLike).arrayBuffer === 'function') return l.response(source as ResponseLike);
  throw new InvalidArgumentError({
    field: 'init(source)',
    value: source,
    expected: "uqkit.wasm's bytes (ArrayBuffer or typed array), its URL, a fetch Response or a compiled WebAssembly.Module",
  });
}

function isInitOptions(v: unknown): v is InitOptions {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return 'source' in v || 'sobolDimensions' in v || 'sobolDirections' in v;
}

function initCore(source: InitSource | undefined): Promise<void> {
  if (isCoreLoaded()) return Promise.resolve();
  if (!pending) {
    pending = load(source).then(
      (c) => {
        if (!isCoreLoaded()) setCore(c);
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
  }
  return pending;
}

/**
 * Loads and instantiates the WebAssembly core. Call it once, and await it, before the first
 * numeric function in browsers and web workers; in Node the core also loads by itself on first
 * use, so init() is optional there. Idempotent: later calls (with any argument) return the first
 * call's promise, or resolve at once when the core is already loaded. A failed call can be retried.
 * With `{ sobolDimensions }` beyond those uqkit.wasm embeds, it also loads the full Sobol'
 * direction table (loadSobolDirections), which browsers need before such a sequence is made.
 *
 * @example
 * ```js
 * import { init, sobol } from 'uqkit/browser';
 *
 * await init(); // fetches uqkit.wasm from beside the module; or init(bytes | url | response)
 * console.log(sobol(2, 3).data); // Float64Array [0, 0, 0, 0.5, 0.5, 0.5]
 * ```
 *
 * @throws {@link LoadError} (the promise rejects) when uqkit.wasm cannot be fetched, read,
 *   compiled or instantiated (e.g. a browser without WebAssembly SIMD), or the full Sobol'
 *   direction table asked for cannot be loaded.
 * @throws {@link InvalidArgumentError} (the promise rejects) for a source that is not bytes, a
 *   URL, a Response or a WebAssembly.Module.
 */
export function init(arg?: InitSource | InitOptions): Promise<void> {
  if (!isInitOptions(arg)) return initCore(arg);
  let dims: number | undefined;
  try {
    dims = arg.sobolDimensions === undefined ? undefined : integer('init.sobolDimensions', arg.sobolDimensions, 1, FULL_TABLE_DIMS, `the Joe–Kuo direction numbers cover ${FULL_TABLE_DIMS} dimensions`);
  } catch (e) {
    return Promise.reject(e);
  }
  return initCore(arg.source).then(() => {
    if (dims === undefined ? arg.sobolDirections !== undefined : dims > core().exports.sobolMaxDim()) return loadSobolDirections(arg.sobolDirections);
    return undefined;
  });
}
