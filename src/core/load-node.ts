// Node: read uqkit.wasm from beside the compiled entry (build/uqkit.wasm).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LoadError } from './errors.js';
import { instantiateBytes, type Core } from './wasm.js';

export async function loadNode(url: URL = new URL('../uqkit.wasm', import.meta.url)): Promise<Core> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = (await readFile(url)) as Uint8Array<ArrayBuffer>;
  } catch (cause) {
    throw new LoadError(`uqkit: cannot read ${fileURLToPath(url)}; build it with \`npm run build\``, { cause });
  }
  return instantiateBytes(bytes);
}
