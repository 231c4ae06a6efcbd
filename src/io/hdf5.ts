// HDF5 files (and NetCDF-4 files, which are HDF5 files) read with h5wasm, the HDF5 library
// compiled to WebAssembly: no native build. h5wasm is an optional peer dependency of uqkit
// (about 15 MB), loaded only when a decoder reads HDF5; without it the decoder says how to
// install it.
//
// A path names a dataset (`results/temperature`, leading `/` optional) or, after `@`, one of
// its attributes or a group's (`results/temperature@units`, `@title` for the file's own).
// Values: a scalar dataset or attribute gives a number (or a string); a one-dimensional one an
// array; more dimensions nested arrays, row by row. 64-bit integers beyond 2^53 are refused
// rather than rounded.
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { InvalidArgumentError } from '../core/errors.js';
import { FileFormatError } from './errors.js';

/** What uqkit uses of h5wasm's module (its own types stay out of uqkit's public declarations). */
interface H5Entity {
  readonly type: string;
  readonly shape?: readonly number[] | null;
  readonly value?: unknown;
  readonly attrs: Readonly<Record<string, { readonly value: unknown; readonly shape?: readonly number[] | null; to_array?(): unknown }>>;
  get?(path: string): H5Entity | null;
  keys?(): string[];
  to_array?(): unknown;
}
interface H5File extends H5Entity {
  close(): void;
}
interface H5Module {
  readonly File: new (path: string, mode: string) => H5File;
}

let loaded: H5Module | undefined;

/**
 * Loads h5wasm once (about 50 ms).
 *
 * @throws InvalidArgumentError naming `field` when h5wasm is not installed
 */
export async function loadHdf5(field: string): Promise<void> {
  if (loaded) return;
  let mod: { default?: { ready: Promise<unknown>; File: H5Module['File'] }; ready?: Promise<unknown>; File?: H5Module['File'] };
  try {
    mod = (await import('h5wasm/node' as string)) as typeof mod;
  } catch (e) {
    throw new InvalidArgumentError({
      field, value: 'hdf5', expected: 'a decoder whose library is installed: the hdf5 decoder needs the h5wasm package (npm install h5wasm)', cause: e,
    });
  }
  const h5 = mod.default ?? (mod as { ready: Promise<unknown>; File: H5Module['File'] });
  await h5.ready;
  loaded = { File: h5.File };
}

/** True once loadHdf5 has loaded h5wasm. */
export const hdf5Loaded = (): boolean => loaded !== undefined;

/**
 * True when the file has HDF5's 8-byte signature at offset 0, 512, 1024, 2048, ... (the
 * format allows a user block before it). Checked before the library opens the file, which on
 * other files only prints its diagnostics.
 */
function hasSignature(path: string): boolean {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(8);
    for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : at * 2) {
      readSync(fd, buf, 0, 8, at);
      if (sig.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** A dataset's or attribute's value as JSON-like data: numbers, strings, arrays of them. */
function plain(v: unknown, at: { file: string; path: string }, name: string): unknown {
  if (typeof v === 'bigint') {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new FileFormatError(at, `${name}: the integer ${v} is beyond 2^53 and would be rounded`);
    return n;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>, (x) => plain(x, at, name));
  if (Array.isArray(v)) return v.map((x) => plain(x, at, name));
  return v;
}

/** The value of an entity with a shape: a scalar for shape [], an array, or nested arrays. */
function valueOf(e: { value?: unknown; shape?: readonly number[] | null; to_array?(): unknown }, at: { file: string; path: string }, name: string): unknown {
  const shape = e.shape ?? [];
  if (shape.length >= 2 && e.to_array) return plain(e.to_array(), at, name);
  return plain(e.value, at, name);
}

/**
 * Reads the datasets and attributes that `paths` name (output name -> path) from the HDF5
 * file at `path`. Call loadHdf5 first.
 *
 * @throws FileFormatError (failing the run) for a file that is not HDF5, a path that names
 *   nothing (naming what is there), or a group where a dataset was expected
 */
export function readHdf5(path: string, file: string, paths: Readonly<Record<string, string>>): Record<string, unknown> {
  if (!loaded) throw new Error('readHdf5 before loadHdf5');
  const at = { file, path };
  if (!existsSync(path)) throw new FileFormatError(at, 'not found in the run directory');
  if (!hasSignature(path)) throw new FileFormatError(at, 'cannot be read as HDF5: no HDF5 signature at its start (nor after a user block)');
  let f: H5File;
  try {
    f = new loaded.File(path, 'r');
  } catch (e) {
    throw new FileFormatError(at, `cannot be read as HDF5: ${(e as Error).message}`, e);
  }
  try {
    if (f.type !== 'Group' && f.type !== 'File') throw new FileFormatError(at, 'cannot be read as HDF5');
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(paths)) {
      const [objPath, attr] = spec.includes('@') ? [spec.slice(0, spec.indexOf('@')), spec.slice(spec.indexOf('@') + 1)] : [spec, undefined];
      const clean = objPath.replace(/^\/+/, '').replace(/\/+$/, '');
      const obj = clean === '' ? f : f.get!(clean);
      if (obj === null || obj === undefined) {
        const parent = clean.includes('/') ? f.get!(clean.slice(0, clean.lastIndexOf('/'))) : f;
        const there = parent?.keys ? parent.keys() : [];
        throw new FileFormatError(at, `${name}: no ${JSON.stringify('/' + clean)} in the file${parent ? ` (${clean.includes('/') ? `/${clean.slice(0, clean.lastIndexOf('/'))}` : 'its root'} holds ${there.length ? there.join(', ') : 'nothing'})` : ''}`);
      }
      if (attr !== undefined) {
        const a = obj.attrs[attr];
        if (a === undefined) throw new FileFormatError(at, `${name}: ${JSON.stringify('/' + clean)} has no attribute ${JSON.stringify(attr)} (it has ${Object.keys(obj.attrs).join(', ') || 'none'})`);
        out[name] = valueOf(a, at, name);
      } else {
        if (obj.type !== 'Dataset') throw new FileFormatError(at, `${name}: ${JSON.stringify('/' + clean)} is a ${obj.type.toLowerCase()}, not a dataset (name a dataset, or an attribute with @)`);
        out[name] = valueOf(obj, at, name);
      }
    }
    return out;
  } finally {
    f.close();
  }
}
