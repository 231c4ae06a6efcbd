/**
 * The in-run helper, `uqkit/run`: what a JavaScript or TypeScript simulation calls inside a run
 * to read its parameters ({@link getRunParams}) and hand back its outputs
 * ({@link postRunResults}). It loads no WebAssembly and no SQLite, only `node:fs`.
 *
 * @example
 * ```ts
 * import { getRunParams, postRunResults } from 'uqkit/run';
 * const { x, z } = getRunParams();
 * postRunResults({ y: Number(x) + Number(z) });
 * ```
 *
 * @module uqkit/run
 */
// The in-run helper: what a JavaScript or TypeScript simulation calls inside a run, also
// importable on its own as `uqkit/run` (it loads no WebAssembly and no SQLite, only node:fs):
//
//   import { getRunParams, postRunResults } from 'uqkit/run';
//   const { x, z } = getRunParams();
//   postRunResults({ y: model(x, z) });
//
// The run directory is $UQKIT_RUN_DIR (which the local runner sets), else the working
// directory (where the runners start the command). Parameters come from params.json there,
// which the runners write by default (and the 'json' encoder writes when asked); when there is
// no such file, from the UQKIT_PARAM_<NAME> variables of the environment (see paramVariable):
// then names come back in lower case and values are parsed as JSON where they parse (`0.5` →
// 0.5, `true` → true) and kept as strings otherwise — so prefer params.json when a parameter's
// name has capitals or a string value looks like a number.
//
// Results go to results.json in the run directory, written to a temporary file and renamed into
// place, so a decoder (the decoder kind 'results') never reads half a file — a run killed while
// writing leaves no results.json rather than a truncated one. NaN and ±Infinity are kept as
// {"$float": "NaN"} etc., which the 'results' decoder reads back as the numbers. A model with one
// output may post that value alone (`postRunResults(42)`, `postRunResults([1, 2])`): it is
// written as the output named `y` (RESULT_NAME, or the `name` option), and the 'results'
// decoder reads a results.json that holds one value other than an object under that name too.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import { isPlainObject, toJsonValue } from '../core/json.js';

/** The file postRunResults writes and the 'results' decoder reads. */
export const RESULTS_FILE = 'results.json';
/** The parameter file the runners write and getRunParams reads. */
export const PARAMS_FILE = 'params.json';

/** A parameter value: what JSON holds. */
export type RunValue = null | boolean | number | string | readonly RunValue[] | { readonly [key: string]: RunValue };

/** Options of {@link getRunParams}: the run directory and the environment to read. */
export interface RunHelperOptions {
  /** The run directory. Default: $UQKIT_RUN_DIR, else the working directory. */
  readonly dir?: string;
  /** The environment read for the directory and UQKIT_PARAM_* variables. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The run directory: `opts.dir`, else $UQKIT_RUN_DIR, else the working directory. */
export function currentRunDir(opts: RunHelperOptions = {}): string {
  const env = opts.env ?? process.env;
  return resolve(opts.dir ?? (env.UQKIT_RUN_DIR || process.cwd()));
}

/**
 * The run's parameters: from params.json in the run directory, else from UQKIT_PARAM_*
 * variables (see the top of this file).
 *
 * @throws UqkitError when there is neither, or params.json is not a JSON object.
 */
export function getRunParams(opts: RunHelperOptions = {}): Record<string, RunValue> {
  const dir = currentRunDir(opts);
  const file = join(dir, PARAMS_FILE);
  if (existsSync(file)) {
    let params: unknown;
    try {
      params = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UqkitError(`${file}: not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new UqkitError(`${file}: expected a JSON object of parameters`);
    return params as Record<string, RunValue>;
  }
  const env = opts.env ?? process.env;
  const out: Record<string, RunValue> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('UQKIT_PARAM_') || value === undefined) continue;
    let v: RunValue = value;
    try {
      v = JSON.parse(value) as RunValue;
    } catch {
      // not JSON: a string parameter, as the runner passes strings
    }
    out[key.slice('UQKIT_PARAM_'.length).toLowerCase()] = v;
  }
  if (Object.keys(out).length === 0) {
    throw new UqkitError(`no ${PARAMS_FILE} in ${dir} and no UQKIT_PARAM_* variables in the environment: is this running inside a uqkit run? (set UQKIT_RUN_DIR or run it in the run directory)`);
  }
  return out;
}

/** The name of the output when postRunResults is given one value instead of an object of named outputs. */
export const RESULT_NAME = 'y';

/** Options of {@link postRunResults}: those of {@link RunHelperOptions} and a single output's name. */
export interface PostRunResultsOptions extends RunHelperOptions {
  /** The output's name when `outputs` is one value (not a plain object). Default `'y'` (RESULT_NAME). */
  readonly name?: string;
}

/**
 * Writes the run's outputs as results.json in the run directory, atomically (see the top of
 * this file). Returns the file's path.
 *
 * `outputs` is any JSON value: a plain object gives one output per key (`{ y: 1.5, curve: [1,
 * 2] }`); any other value (`42`, `[1, 2]`, `"ok"`) is one output named `opts.name`, default
 * `'y'`. NaN and ±Infinity are kept; typed arrays become arrays.
 *
 * @throws InvalidArgumentError naming where in `outputs` a value is not JSON (a Map, a Set, a
 *   class instance, a function, a BigInt, undefined, a cycle); nothing is written then.
 */
export function postRunResults(outputs: unknown, opts: PostRunResultsOptions = {}): string {
  const name = opts.name ?? RESULT_NAME;
  if (typeof name !== 'string' || name === '') throw new InvalidArgumentError({ field: 'options.name', value: name, expected: 'a non-empty string: the name of the output' });
  const json = toJsonValue(outputs, 'outputs');
  const text = JSON.stringify(isPlainObject(outputs) ? json : { [name]: json });
  const dir = currentRunDir(opts);
  const file = join(dir, RESULTS_FILE);
  const tmp = join(dir, `.${RESULTS_FILE}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(tmp, text + '\n');
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return file;
}
