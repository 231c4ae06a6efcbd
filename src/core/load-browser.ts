// Browsers (and workers, Deno, Bun): fetch uqkit.wasm from beside the compiled entry and
// compile it while it downloads. Bundlers that understand `new URL(..., import.meta.url)`
// (Vite, webpack, esbuild with the right loader) copy the file along. Imported in Node (SSR,
// tests), the same entry reads the file from disk instead, through process.getBuiltinModule,
// so that this module's import graph keeps no Node-only specifier.
import { LoadError } from './errors.js';
import type { ResponseLike, UrlLike } from './init.js';
import { instantiateBytes, instantiateBytesSync, instantiateModuleAsync, loadFailed, type Core } from './wasm.js';

/** uqkit.wasm beside the compiled entry (build/uqkit.wasm). */
export function wasmUrl(): URL {
  return new URL('../uqkit.wasm', import.meta.url);
}

export interface NodeFs {
  readFileSync(path: URL): Uint8Array;
}

/** Node's fs where the runtime is Node (>= 20.16, which has process.getBuiltinModule); else undefined. */
export function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule('node:fs') as NodeFs | undefined) : undefined;
}

function readFile(fs: NodeFs, url: URL): Uint8Array<ArrayBuffer> {
  try {
    return fs.readFileSync(url) as Uint8Array<ArrayBuffer>;
  } catch (cause) {
    throw new LoadError(`uqkit: cannot read ${decodeURIComponent(url.pathname)}; build it with \`npm run build\``, { cause });
  }
}

/**
 * In Node, a function that loads uqkit.wasm from beside the entry synchronously, for core()
 * to load on first use. Elsewhere (or where the entry is not a file) undefined: init() must
 * come first.
 */
export function besideSyncLoader(): (() => Core) | undefined {
  const url = wasmUrl();
  const fs = url.protocol === 'file:' ? nodeFs() : undefined;
  return fs ? () => instantiateBytesSync(readFile(fs, url)) : undefined;
}

/** Compiles a fetch Response, while it downloads where the server sends `application/wasm`. */
export async function loadResponse(response: ResponseLike, what = 'uqkit.wasm'): Promise<Core> {
  if (!response.ok) throw new LoadError(`uqkit: fetching ${what} answered ${response.status} ${response.statusText}`);
  const type = (response as { headers?: { get?(name: string): string | null } }).headers?.get?.('Content-Type') ?? '';
  if (type.split(';')[0]?.trim() === 'application/wasm' && typeof Response === 'function' && response instanceof Response && typeof WebAssembly.compileStreaming === 'function') {
    let module: WebAssembly.Module;
    try {
      module = await WebAssembly.compileStreaming(response);
    } catch (cause) {
      throw loadFailed(cause);
    }
    return instantiateModuleAsync(module);
  }
  return instantiateBytes(await response.arrayBuffer());
}

/** Loads uqkit.wasm from `url`: read from disk for a `file:` URL in Node, fetched otherwise. */
export async function loadUrl(url: string | UrlLike, base?: string): Promise<Core> {
  let resolved: URL;
  try {
    resolved = new URL(typeof url === 'string' ? url : url.href, base ?? (typeof location === 'object' && location ? location.href : undefined));
  } catch (cause) {
    throw new LoadError(`uqkit: ${JSON.stringify(typeof url === 'string' ? url : url.href)} is not a URL uqkit.wasm can be loaded from`, { cause });
  }
  const fs = resolved.protocol === 'file:' ? nodeFs() : undefined;
  if (fs) return instantiateBytes(readFile(fs, resolved));
  let response: Response;
  try {
    response = await fetch(resolved);
  } catch (cause) {
    throw new LoadError(`uqkit: cannot fetch ${resolved.href}`, { cause });
  }
  return loadResponse(response, resolved.href);
}

/** Loads the uqkit.wasm that ships beside the entry (Node: read from disk; elsewhere: fetched). */
export function loadBeside(): Promise<Core> {
  return loadUrl(wasmUrl());
}
