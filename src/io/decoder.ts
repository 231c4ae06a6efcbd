// Decoders built from JSON specs (a campaign's configuration is JSON, no code):
//
//   { "kind": "csv", "file": "output.csv", "columns": ["te", "t"] }
//   { "kind": "json", "file": "out.json", "paths": { "qoi": "a.b[2].c" } }
//   { "kind": "results" }                                   (what postRunResults wrote)
//   { "kind": "yaml", "file": "out.yaml", "paths": { "qoi": "a.b[2].c" } }
//   { "kind": "hdf5", "file": "out.h5", "paths": { "te": "results/temperature", "units": "results/temperature@units" } }
//   { "kind": "function", "module": "./decode.mjs", "export": "default" }
//
// or an array of them, whose outputs are merged into one object (a name given by two is an
// error). A decoder reads one finished run and returns its outputs; when the outputs are not
// there or not right it throws, and the runner records that run as failed with the message as
// the reason — one bad run never stops the others.
//
// A csv, json or results decoder reads its file only where it is: a symbolic link (the model
// left out.csv -> /elsewhere/out.csv) that leads it out of the campaign directory (the run
// directory when no campaignDir is given) fails the run, unless the spec says
// `followLinks: true`.
//
// A 'function' decoder loads the user's ES module, and an 'hdf5' decoder the h5wasm library,
// which is asynchronous, so they are built by `await loadDecoder(spec, opts)` (which builds
// every kind); `decoder(spec, opts)` builds the others synchronously and refuses 'function'
// with a hint (and 'hdf5' until a loadDecoder has loaded h5wasm). The module is loaded once, when the
// decoder is built; its function is then called per run and must be synchronous (a decoder
// returning a Promise fails the run saying so).
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import { knownKeys, options as optionsOf } from '../core/validate.js';
import { readCsvColumns } from './csv.js';
import { hdf5Loaded, loadHdf5, readHdf5 } from './hdf5.js';
import { FileFormatError } from './errors.js';
import { followJsonPath, parseJsonPath, type JsonPath } from './json-path.js';
import { readJsonFile, readRunFile } from './json-read.js';
import { parseYaml } from './yaml-read.js';
import { RESULT_NAME, RESULTS_FILE } from './run-helper.js';
import { leadsOutside } from './safe-fs.js';
import { directory, inRun, names, source, specOf, text } from './spec.js';
import type { DecodeFn, RunRef } from './types.js';

/** Columns of a CSV file with a header row. */
export interface CsvDecoderSpec {
  /** The kind of decoder. */
  readonly kind: 'csv';
  /** The file, relative to the run directory. */
  readonly file: string;
  /** The columns to read, by their header names. Each becomes an output of the same name. */
  readonly columns: readonly string[];
  /** One character. Default `','`; `' '` or `'\t'` split on any run of spaces and tabs. */
  readonly delimiter?: string;
  /** Arrays even when there is one data row. Default false (one row gives numbers). */
  readonly vector?: boolean;
  /** Read the file even where a symbolic link leads it out of the campaign directory. Default false. */
  readonly followLinks?: boolean;
}

/** Values of a JSON file (NaN and Infinity as Python writes them are read). */
export interface JsonDecoderSpec {
  /** The kind of decoder. */
  readonly kind: 'json';
  /** The file, relative to the run directory. */
  readonly file: string;
  /** Outputs by name, each a path into the file (`a.b[2].c`). Default: the whole file, which must then be an object. */
  readonly paths?: Readonly<Record<string, string>>;
  /** Read the file even where a symbolic link leads it out of the campaign directory. Default false. */
  readonly followLinks?: boolean;
}

/** Values of a YAML file (as JSON values: YAML 1.2's core schema, with .nan and .inf). */
export interface YamlDecoderSpec {
  /** The kind of decoder. */
  readonly kind: 'yaml';
  /** The file, relative to the run directory. */
  readonly file: string;
  /** Outputs by name, each a path into the file (`a.b[2].c`). Default: the whole file, which must then be a mapping. */
  readonly paths?: Readonly<Record<string, string>>;
  /** Read the file even where a symbolic link leads it out of the campaign directory. Default false. */
  readonly followLinks?: boolean;
}

/** Datasets and attributes of an HDF5 (or NetCDF-4) file, read with the optional h5wasm package (see ./hdf5.ts). */
export interface Hdf5DecoderSpec {
  /** The kind of decoder. */
  readonly kind: 'hdf5';
  /** The file, relative to the run directory. */
  readonly file: string;
  /**
   * Outputs by name: a dataset's path in the file (`results/temperature`) or an attribute's
   * (`results/temperature@units`; `@title` for the file's own).
   */
  readonly paths: Readonly<Record<string, string>>;
  /** Read the file even where a symbolic link leads it out of the campaign directory. Default false. */
  readonly followLinks?: boolean;
}

/** The results.json that postRunResults wrote (see ./run-helper.ts). */
export interface ResultsDecoderSpec {
  /** The kind of decoder. */
  readonly kind: 'results';
  /** The file, relative to the run directory. Default `results.json`. */
  readonly file?: string;
  /** Read the file even where a symbolic link leads it out of the campaign directory. Default false. */
  readonly followLinks?: boolean;
}

/** A function `(dir, run) => outputs` exported by an ES module of the user's. */
export interface FunctionDecoderSpec {
  /** The kind of decoder. */
  readonly kind: 'function';
  /** The module's path, relative to baseDir. */
  readonly module: string;
  /** The export's name. Default `'default'`. */
  readonly export?: string;
}

/** The decoders `decoder()` builds synchronously. */
export type SyncDecoderSpec = CsvDecoderSpec | JsonDecoderSpec | YamlDecoderSpec | ResultsDecoderSpec;
/** One decoder as a campaign file names it: csv, json, yaml, hdf5, results or a function in a module. */
export type DecoderSpec = SyncDecoderSpec | Hdf5DecoderSpec | FunctionDecoderSpec;

/**
 * Options of {@link decoder} and {@link loadDecoder}: the folder relative paths are resolved against, and the directory files must stay inside.
 */
export interface DecoderOptions {
  /** Folder that relative paths in specs (a function decoder's module) are resolved against. Required. */
  readonly baseDir: string;
  /** How specs are named in errors. Default `'decoders'` for an array (`decoders[1].file`), `'decoder'` for one spec. */
  readonly field?: string;
  /**
   * The directory a csv, json or results decoder's file must stay inside once symbolic links
   * are resolved (the campaign directory): a file leading out of it fails the run, unless the
   * spec has `followLinks: true`. Default: the run directory.
   */
  readonly campaignDir?: string;
}

const SPEC_KEYS = {
  csv: ['file', 'columns', 'delimiter', 'vector', 'followLinks'],
  json: ['file', 'paths', 'followLinks'],
  yaml: ['file', 'paths', 'followLinks'],
  hdf5: ['file', 'paths', 'followLinks'],
  results: ['file', 'followLinks'],
  function: ['module', 'export'],
} as const;

/** The kinds of decoder spec. */
export const DECODER_KINDS = Object.keys(SPEC_KEYS) as readonly DecoderSpec['kind'][];

interface Prepared {
  readonly field: string;
  /** Builds the DecodeFn; `load` imports a function decoder's module. */
  readonly make: (load: (path: string, name: string) => Promise<DecodeFn>) => DecodeFn | Promise<DecodeFn>;
  readonly isFunction: boolean;
  /** A library to load first (h5wasm for 'hdf5'), by loadDecoder. */
  readonly preload?: () => Promise<void>;
}

/**
 * Builds a DecodeFn from a csv, json or results spec (or an array of them, outputs merged).
 * For 'function' specs use `loadDecoder`.
 *
 * @throws InvalidArgumentError naming the spec path for a malformed spec.
 */
export function decoder(specs: SyncDecoderSpec | readonly SyncDecoderSpec[], opts: DecoderOptions): DecodeFn {
  const { prepared, many } = prepare(specs, opts);
  const fn = prepared.find((p) => p.isFunction);
  const lib = prepared.find((p) => p.preload !== undefined && !hdf5Loaded());
  if (lib) {
    throw new InvalidArgumentError({
      field: `${lib.field}.kind`, value: 'hdf5', expected: "'csv', 'json', 'yaml' or 'results' for decoder()",
      hint: 'an hdf5 decoder loads the h5wasm library, which is asynchronous: build it with `await loadDecoder(spec, opts)`',
    });
  }
  if (fn) {
    throw new InvalidArgumentError({
      field: `${fn.field}.kind`, value: 'function', expected: "'csv', 'json' or 'results' for decoder()",
      hint: 'a function decoder loads an ES module, which is asynchronous: build it with `await loadDecoder(spec, opts)`',
    });
  }
  const fns = prepared.map((p) => p.make(() => Promise.reject(new Error('unreachable'))) as DecodeFn);
  return many ? merged(fns, prepared) : fns[0]!;
}

/**
 * Checks decoder specs (of every kind) without building them: no module or library is loaded.
 *
 * @throws InvalidArgumentError naming the spec path for a malformed spec (or a function
 *   decoder's module that does not exist)
 */
export function checkDecoder(specs: DecoderSpec | readonly DecoderSpec[], opts: DecoderOptions): void {
  prepare(specs, opts);
}

/**
 * Builds a DecodeFn from any decoder spec (or an array, outputs merged), loading a function
 * decoder's module once, now.
 *
 * @throws InvalidArgumentError naming the spec path for a malformed spec, a module that does not
 *   exist or fails to load, or an export that is not a function.
 */
export async function loadDecoder(specs: DecoderSpec | readonly DecoderSpec[], opts: DecoderOptions): Promise<DecodeFn> {
  const { prepared, many } = prepare(specs, opts);
  const fns: DecodeFn[] = [];
  for (const p of prepared) {
    await p.preload?.();
    fns.push(await p.make((path, name) => importFunction(p.field, path, name)));
  }
  return many ? merged(fns, prepared) : fns[0]!;
}

function prepare(specs: unknown, opts: unknown): { prepared: Prepared[]; many: boolean } {
  const o = optionsOf<DecoderOptions>('options', opts);
  knownKeys('options', o, ['baseDir', 'field', 'campaignDir']);
  const baseDir = directory('options.baseDir', o.baseDir);
  const campaignDir = o.campaignDir === undefined ? undefined : directory('options.campaignDir', o.campaignDir);
  const many = Array.isArray(specs);
  const root = o.field === undefined ? (many ? 'decoders' : 'decoder') : text('options.field', o.field);
  const list: readonly unknown[] = many ? specs : [specs];
  if (many && list.length === 0) throw new InvalidArgumentError({ field: root, value: specs, expected: 'at least one decoder spec' });
  return { prepared: list.map((spec, i) => prepareOne(many ? `${root}[${i}]` : root, spec, baseDir, campaignDir)), many };
}

/**
 * The path of `file` in the run directory `dir`, refused (a FileFormatError failing the run)
 * where symbolic links lead it out of `root` (default: `dir`) and the spec does not allow it.
 */
function inside(dir: string, file: string, root: string | undefined, followLinks: boolean): string {
  const path = join(dir, file);
  if (followLinks) return path;
  const to = leadsOutside(root ?? dir, path);
  if (to !== undefined) {
    throw new FileFormatError({ file, path }, `a symbolic link leads it out of the ${root === undefined ? 'run' : 'campaign'} directory (to ${to}); the decoder reads it only with followLinks: true in its spec`);
  }
  return path;
}

function prepareOne(field: string, value: unknown, baseDir: string, root: string | undefined): Prepared {
  const spec = specOf(field, value, SPEC_KEYS);
  const followLinks = spec.followLinks ?? false;
  if (typeof followLinks !== 'boolean') throw new InvalidArgumentError({ field: `${field}.followLinks`, value: followLinks, expected: 'true or false' });
  switch (spec.kind) {
    case 'csv': {
      const file = inRun(`${field}.file`, spec.file);
      const columns = names(`${field}.columns`, spec.columns);
      const delimiter = spec.delimiter ?? ',';
      if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
        throw new InvalidArgumentError({ field: `${field}.delimiter`, value: delimiter, expected: "one character other than a quote or a line break, such as ',', ';', '\\t' or ' '" });
      }
      const vector = spec.vector ?? false;
      if (typeof vector !== 'boolean') throw new InvalidArgumentError({ field: `${field}.vector`, value: vector, expected: 'true or false' });
      const o = { file, columns, delimiter, vector };
      return { field, isFunction: false, make: () => (dir: string) => readCsvColumns(inside(dir, file, root, followLinks), o) };
    }
    case 'json':
    case 'yaml': {
      const file = inRun(`${field}.file`, spec.file);
      const read = spec.kind === 'json' ? readJsonFile : (path: string, f: string) => parseYaml(readRunFile({ file: f, path }), { file: f, path });
      if (spec.paths === undefined) return { field, isFunction: false, make: () => (dir: string) => wholeObject(inside(dir, file, root, followLinks), file, read) };
      const p = spec.paths;
      if (p === null || typeof p !== 'object' || Array.isArray(p) || Object.keys(p).length === 0) {
        throw new InvalidArgumentError({ field: `${field}.paths`, value: p, expected: 'an object of output names to paths, e.g. { "qoi": "a.b[2].c" }' });
      }
      const paths: [string, JsonPath][] = Object.entries(p).map(([name, path]) => [name, parseJsonPath(`${field}.paths.${name}`, path)]);
      return {
        field, isFunction: false,
        make: () => (dir: string) => {
          const path = inside(dir, file, root, followLinks);
          const doc = read(path, file);
          return Object.fromEntries(paths.map(([name, jp]) => [name, followJsonPath(doc, jp, { file, path })]));
        },
      };
    }
    case 'hdf5': {
      const file = inRun(`${field}.file`, spec.file);
      const p = spec.paths;
      if (p === null || typeof p !== 'object' || Array.isArray(p) || Object.keys(p).length === 0) {
        throw new InvalidArgumentError({ field: `${field}.paths`, value: p, expected: 'an object of output names to dataset paths, e.g. { "te": "results/temperature", "units": "results/temperature@units" }' });
      }
      for (const [name, path] of Object.entries(p)) {
        if (typeof path !== 'string' || path.replace(/^\/+/, '') === '' || path.split('@').length > 2) {
          throw new InvalidArgumentError({ field: `${field}.paths.${name}`, value: path, expected: 'a dataset path such as "results/temperature", or an attribute "results/temperature@units"' });
        }
      }
      const paths = p as Readonly<Record<string, string>>;
      return {
        field, isFunction: false, preload: () => loadHdf5(`${field}.kind`),
        make: () => (dir: string) => readHdf5(inside(dir, file, root, followLinks), file, paths),
      };
    }
    case 'results': {
      const file = spec.file === undefined ? RESULTS_FILE : inRun(`${field}.file`, spec.file);
      return {
        field, isFunction: false,
        make: () => (dir: string) => {
          const path = inside(dir, file, root, followLinks);
          try {
            // One value other than an object (written by hand or by another tool): the output named RESULT_NAME, as postRunResults names it.
            const doc = readJsonFile(path, file);
            return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : { [RESULT_NAME]: doc };
          } catch (e) {
            if (e instanceof FileFormatError && (e.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
              throw new FileFormatError({ file, path }, 'not found in the run directory: the run did not call postRunResults (or did not finish)', e.cause);
            }
            throw e;
          }
        },
      };
    }
    case 'function': {
      const path = source(`${field}.module`, spec.module, baseDir, 'file');
      const name = spec.export === undefined ? 'default' : text(`${field}.export`, spec.export, 'the name of an export (a non-empty string)');
      return { field, isFunction: true, make: (load) => load(path, name) };
    }
  }
}

function wholeObject(path: string, file: string, read: (path: string, file: string) => unknown): Record<string, unknown> {
  const doc = read(path, file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FileFormatError({ file, path }, `holds ${Array.isArray(doc) ? 'an array' : JSON.stringify(doc)}, expected an object of named outputs (or give "paths")`);
  }
  return doc as Record<string, unknown>;
}

async function importFunction(field: string, path: string, name: string): Promise<DecodeFn> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new InvalidArgumentError({ field: `${field}.module`, value: path, expected: `an ES module that loads; loading it threw: ${(e as Error).message}`, cause: e });
  }
  const fn = mod[name];
  if (typeof fn !== 'function') {
    const exported = Object.keys(mod);
    throw new InvalidArgumentError({
      field: `${field}.export`, value: name,
      expected: `the name of a function the module exports (${path} exports ${exported.length ? exported.join(', ') : 'nothing'}${fn !== undefined ? `; ${name} is a ${typeof fn}` : ''})`,
    });
  }
  return (dir: string, run: RunRef): unknown => {
    const out = (fn as DecodeFn)(dir, run);
    if (out !== null && typeof out === 'object' && typeof (out as { then?: unknown }).then === 'function') {
      (out as Promise<unknown>).then(undefined, () => undefined); // its rejection, if any, must not go unhandled
      throw new UqkitError(`the decoder function ${name} of ${path} returned a Promise; decoders must be synchronous (use readFileSync, not readFile)`);
    }
    return out;
  };
}

function merged(fns: readonly DecodeFn[], prepared: readonly Prepared[]): DecodeFn {
  return (dir: string, run: RunRef): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const from = new Map<string, string>();
    fns.forEach((fn, i) => {
      const part = fn(dir, run);
      const field = prepared[i]!.field;
      if (part === null || typeof part !== 'object' || Array.isArray(part)) {
        throw new UqkitError(`${field} returned ${Array.isArray(part) ? 'an array' : String(part)}; to merge several decoders each must return an object of named outputs`);
      }
      for (const [k, v] of Object.entries(part)) {
        const other = from.get(k);
        if (other !== undefined) throw new UqkitError(`${field} and ${other} both give an output named ${JSON.stringify(k)}`);
        from.set(k, field);
        out[k] = v;
      }
    });
    return out;
  };
}
