// Browsers (and workers, Deno, Bun): fetch uqkit.wasm from beside the compiled entry and
// compile it while it downloads. Bundlers that understand `new URL(..., import.meta.url)`
// (Vite, webpack, esbuild with the right loader) copy the file along.
import { LoadError } from './errors.js';
import { instantiateBytes, instantiateStreaming, type Core } from './wasm.js';

export async function loadBrowser(url: URL | string = new URL('../uqkit.wasm', import.meta.url)): Promise<Core> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new LoadError(`uqkit: cannot fetch ${String(url)}`, { cause });
  }
  if (!response.ok) throw new LoadError(`uqkit: fetching ${String(url)} answered ${response.status} ${response.statusText}`);
  const type = response.headers.get('Content-Type') ?? '';
  // Streaming compilation needs the right MIME type; fall back to bytes for servers without it.
  if (type.split(';')[0]?.trim() === 'application/wasm') return instantiateStreaming(response);
  return instantiateBytes(await response.arrayBuffer());
}
