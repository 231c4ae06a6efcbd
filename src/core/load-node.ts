// Node: read uqkit.wasm from beside the compiled entry (build/uqkit.wasm) and compile it
// synchronously, which Node allows for a module of any size. This lets the Node entries load
// the core on first use, with no await anywhere (so CommonJS require() works too).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LoadError } from './errors.js';
import type { UrlLike } from './init.js';
import { loadUrl } from './load-browser.js';
import { instantiateBytes, instantiateBytesSync, type Core } from './wasm.js';

function besideUrl(): URL {
  return new URL('../uqkit.wasm', import.meta.url);
}

function cannotRead(url: URL, cause: unknown): LoadError {
  return new LoadError(`uqkit: cannot read ${fileURLToPath(url)}; build it with \`npm run build\``, { cause });
}

/** Reads and instantiates uqkit.wasm synchronously. */
export function loadNodeSync(url: URL = besideUrl()): Core {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = readFileSync(url) as Uint8Array<ArrayBuffer>;
  } catch (cause) {
    throw cannotRead(url, cause);
  }
  return instantiateBytesSync(bytes);
}

/** Loads uqkit.wasm from a URL: a `file:` URL (or a path) is read from disk, others are fetched. */
export async function loadNodeUrl(url: string | UrlLike): Promise<Core> {
  const href = typeof url === 'string' ? url : url.href;
  let file: URL | undefined;
  if (/^file:/i.test(href)) file = new URL(href);
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) file = new URL(href, pathToFileURL(process.cwd() + '/'));
  if (!file) return loadUrl(href);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = (await readFile(file)) as Uint8Array<ArrayBuffer>;
  } catch (cause) {
    throw cannotRead(file, cause);
  }
  return instantiateBytes(bytes);
}
