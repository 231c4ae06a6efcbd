// The full Sobol' direction table. uqkit.wasm embeds the direction numbers of the first
// dimensions only (scripts/build.mjs says how many); the whole Joe–Kuo table (21,201
// dimensions, 451 KB) ships beside it as sobol-directions.bin and is copied into an instance's
// memory the first time a sequence needs more dimensions. Node reads the file synchronously
// at that moment; browsers and workers fetch it first with loadSobolDirections() (or
// init({ sobolDimensions })), since they cannot load a file synchronously. The bytes, once
// read, are kept and copied into every instance that later needs them.
import { InvalidArgumentError, LoadError, SobolDirectionsNotLoadedError } from './errors.js';
import type { ResponseLike, UrlLike } from './init.js';
import { nodeFs } from './load-browser.js';
import { core, type Core } from './wasm.js';

/** Dimensions of the full table. */
export const FULL_TABLE_DIMS = 21201;
const MAGIC = 0x01364b4a; // "JK6\x01", the stream's header (scripts/pack-directions.mjs)

/** Where loadSobolDirections() gets sobol-directions.bin: its bytes, its URL, or a fetch Response (or a promise of one). */
export type SobolDirectionsSource = ArrayBuffer | ArrayBufferView | string | UrlLike | ResponseLike | PromiseLike<ResponseLike>;

let table: Uint8Array | undefined;
let pending: Promise<void> | undefined;

/** sobol-directions.bin beside the compiled entry (build/sobol-directions.bin). */
function directionsUrl(): URL {
  return new URL('../sobol-directions.bin', import.meta.url);
}

/** The bytes if they are the full table; else a LoadError naming where they came from. */
function checked(bytes: Uint8Array, from: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== FULL_TABLE_DIMS) {
    throw new LoadError(`uqkit: ${from} is not the Sobol' direction table sobol-directions.bin (expected its "JK6" header and ${FULL_TABLE_DIMS} dimensions)`);
  }
  return bytes;
}

function cannotRead(url: URL, cause: unknown): LoadError {
  return new LoadError(`uqkit: cannot read ${decodeURIComponent(url.pathname)} (the full Sobol' direction table); build it with \`npm run build\``, { cause });
}

/** In Node, with the entry on disk: the table read synchronously; elsewhere undefined. */
function readBeside(): Uint8Array | undefined {
  const url = directionsUrl();
  const fs = url.protocol === 'file:' ? nodeFs() : undefined;
  if (!fs) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(url);
  } catch (cause) {
    throw cannotRead(url, cause);
  }
  return checked(bytes, url.href);
}

async function fromResponse(response: ResponseLike, what: string): Promise<Uint8Array> {
  if (!response.ok) throw new LoadError(`uqkit: fetching ${what} answered ${response.status} ${response.statusText}`);
  return checked(new Uint8Array(await response.arrayBuffer()), what);
}

async function fetchTable(source: SobolDirectionsSource | undefined): Promise<Uint8Array> {
  if (source instanceof ArrayBuffer) return checked(new Uint8Array(source), 'the bytes given');
  if (ArrayBuffer.isView(source)) return checked(new Uint8Array(source.buffer, source.byteOffset, source.byteLength), 'the bytes given');
  if (source === undefined || typeof source === 'string' || (typeof URL === 'function' && source instanceof URL)) {
    const href = source === undefined ? directionsUrl().href : typeof source === 'string' ? source : source.href;
    let url: URL;
    try {
      url = new URL(href, typeof location === 'object' && location ? location.href : undefined);
    } catch (cause) {
      throw new LoadError(`uqkit: ${JSON.stringify(href)} is not a URL sobol-directions.bin can be loaded from`, { cause });
    }
    const fs = url.protocol === 'file:' ? nodeFs() : undefined;
    if (fs) {
      try {
        return checked(fs.readFileSync(url), url.href);
      } catch (cause) {
        if (cause instanceof LoadError) throw cause;
        throw cannotRead(url, cause);
      }
    }
    let response: Response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw new LoadError(`uqkit: cannot fetch ${url.href}`, { cause });
    }
    return fromResponse(response, url.href);
  }
  const s = source as ResponseLike | PromiseLike<ResponseLike>;
  if (typeof (s as PromiseLike<ResponseLike>).then === 'function') return fromResponse(await s, 'the Response given');
  if (typeof (s as ResponseLike).arrayBuffer === 'function') return fromResponse(s as ResponseLike, 'the Response given');
  throw new InvalidArgumentError({
    field: 'loadSobolDirections(source)',
    value: source,
    expected: "sobol-directions.bin's bytes (ArrayBuffer or typed array), its URL, or a fetch Response",
  });
}

/**
 * Loads the full Sobol' direction table (21,201 dimensions), by default sobol-directions.bin
 * from beside the entry (fetched in browsers, read from disk in Node), so that Sobol'
 * sequences of more dimensions than uqkit.wasm embeds work where the table cannot be read
 * synchronously. Idempotent; a failed call can be retried. Not needed in Node.
 */
export function loadSobolDirections(source?: SobolDirectionsSource): Promise<void> {
  if (table) return Promise.resolve();
  if (!pending) {
    pending = fetchTable(source).then(
      (bytes) => {
        table ??= bytes;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
  }
  return pending;
}

/** Copies the table into `c`'s memory, for good, and switches its Sobol' kernels to it. */
function install(c: Core, bytes: Uint8Array): void {
  const ptr = c.arena.pin(bytes.byteLength + 8, "the Sobol' direction table"); // + 8: the bit reader loads u64 words
  const dest = c.arena.bytes(ptr, bytes.byteLength + 8);
  dest.fill(0);
  dest.set(bytes);
  if (c.exports.sobolUseTable(ptr, bytes.byteLength) !== FULL_TABLE_DIMS) throw new LoadError("uqkit: the Sobol' direction table failed its self-check (corrupt sobol-directions.bin?)");
}

/**
 * Makes the direction numbers of `dim` dimensions available in instance `c` (the current
 * core by default): nothing to do within the embedded ones; beyond, the full table is copied
 * in, read from disk first in Node. Call it outside any arena scope. Throws
 * SobolDirectionsNotLoadedError where the table cannot be read synchronously and was not loaded.
 */
export function ensureSobolDimensions(dim: number, c: Core = core()): void {
  const have = c.exports.sobolMaxDim();
  if (dim <= have) return;
  table ??= readBeside();
  if (!table) throw new SobolDirectionsNotLoadedError(dim, have);
  install(c, table);
}
