/**
 * Errors thrown by uqkit. Every error is a `UqkitError` with a stable `code`; errors about
 * an argument also carry `field` (which argument), `value` (what was received) and
 * `expected` (what would have been accepted), so that programs can react and people can fix
 * their input from the message alone.
 */

export interface UqkitErrorDetails {
  /** The argument or option at fault, e.g. `dim` or `options.bits`. */
  readonly field?: string;
  /** The value received. */
  readonly value?: unknown;
  /** What would have been accepted, in words. */
  readonly expected?: string;
  /** A suggestion for how to fix it. */
  readonly hint?: string;
  /** The underlying error, kept as the error's `cause`. */
  readonly cause?: unknown;
}

/** Formats a received value for a message: short, unambiguous (strings quoted, NaN named). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  return `a value of type ${typeof value}`;
}

/**
 * The base class of every error uqkit throws. `code` is stable (e.g. `'ERR_UQKIT'`,
 * `'ERR_INVALID_ARGUMENT'`) for programs to test; errors about an argument also carry `field`
 * (which argument or option), `value` (what was received), `expected` (what would have been
 * accepted, in words) and `hint` (how to fix it). `cause` holds the underlying error, if any.
 * Catch this class to catch them all: `err instanceof UqkitError`.
 */
export class UqkitError extends Error {
  /** The class's name, e.g. `'InvalidArgumentError'` (stable: programs may test it). */
  override readonly name: string = 'UqkitError';
  /** A stable code for programs, e.g. `'ERR_INVALID_ARGUMENT'`; `'ERR_UQKIT'` for this base class. */
  readonly code: string = 'ERR_UQKIT';
  /**
   * The argument, option or file field at fault (e.g. `options.bits`, `vary.x.std`), when the error is about one.
   */
  readonly field: string | undefined;
  /** The value received for `field`. */
  readonly value: unknown;
  /** What would have been accepted, in words. */
  readonly expected: string | undefined;
  /** How to fix it, when there is more to say than `expected`. */
  readonly hint: string | undefined;

  constructor(message: string, details: UqkitErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.field = details.field;
    this.value = details.value;
    this.expected = details.expected;
    this.hint = details.hint;
  }
}

function argumentMessage(d: UqkitErrorDetails & { field: string; expected: string }): string {
  const got = 'value' in d ? `, got ${describeValue(d.value)}` : '';
  return `${d.field}: expected ${d.expected}${got}${d.hint ? ` (${d.hint})` : ''}`;
}

/** An argument or option has the wrong type, is out of range, or is not one of the choices. */
export class InvalidArgumentError extends UqkitError {
  override readonly name: string = 'InvalidArgumentError';
  override readonly code: string = 'ERR_INVALID_ARGUMENT';
  constructor(details: UqkitErrorDetails & { field: string; expected: string }) {
    super(argumentMessage(details), details);
  }
}

/** An array or matrix has the wrong length or shape. */
export class ShapeError extends InvalidArgumentError {
  override readonly name: string = 'ShapeError';
  override readonly code: string = 'ERR_SHAPE';
}

/**
 * Model outputs contain NaN or ±Infinity where finite values are needed. `rows` lists every
 * offending row of the outputs (0-based), `column` the output column (for a matrix of outputs).
 */
export class NonFiniteOutputError extends InvalidArgumentError {
  override readonly name: string = 'NonFiniteOutputError';
  override readonly code: string = 'ERR_NON_FINITE';
  /** Rows of the outputs holding NaN or ±Infinity, in increasing order. */
  readonly rows: readonly number[];
  /** The output column, for a matrix of outputs. */
  readonly column: number | undefined;
  constructor(details: UqkitErrorDetails & { field: string; expected: string }, rows: readonly number[], column?: number) {
    super(details);
    this.rows = rows;
    this.column = column;
  }
}

/** A finite sequence (e.g. Sobol' points with a given bit count) has no more points. */
export class SequenceExhaustedError extends UqkitError {
  override readonly name: string = 'SequenceExhaustedError';
  override readonly code: string = 'ERR_EXHAUSTED';
  /** Points drawn (or skipped) so far. */
  readonly drawn: number;
  /** Points asked for. */
  readonly requested: number;
  /** Points the sequence holds. */
  readonly capacity: number;
  constructor(message: string, info: { drawn: number; requested: number; capacity: number; field: string; hint?: string }) {
    super(message, { field: info.field, value: info.requested, expected: `at most ${info.capacity - info.drawn}`, ...(info.hint ? { hint: info.hint } : {}) });
    this.drawn = info.drawn;
    this.requested = info.requested;
    this.capacity = info.capacity;
  }
}

/** The WebAssembly memory cannot hold what was asked for. */
export class OutOfMemoryError extends UqkitError {
  override readonly name: string = 'OutOfMemoryError';
  override readonly code: string = 'ERR_OUT_OF_MEMORY';
  /** The bytes that were asked for. */
  readonly bytes: number;
  constructor(bytes: number, what: string, cause?: unknown, where: 'WebAssembly memory' | 'a JavaScript array' = 'WebAssembly memory') {
    super(
      `${what} needs ${(bytes / 2 ** 20).toFixed(1)} MiB of ${where}, more than can be had` +
        (where === 'WebAssembly memory' ? ' (the limit is 4 GiB in all, often less in browsers)' : '') +
        '; work in smaller batches',
      { value: bytes, cause },
    );
    this.bytes = bytes;
  }
}

/** A kernel reported a status its wrapper did not expect: a bug in uqkit. */
export class KernelError extends UqkitError {
  override readonly name: string = 'KernelError';
  override readonly code: string = 'ERR_KERNEL';
  /** The kernel that reported it. */
  readonly kernel: string;
  /** The status code it returned. */
  readonly status: number | undefined;
  constructor(kernel: string, message: string, status?: number, cause?: unknown) {
    super(`${kernel}: ${message} (this is a bug in uqkit; please report it with the call that caused it)`, cause === undefined ? {} : { cause });
    this.kernel = kernel;
    this.status = status;
  }
}

/** uqkit's WebAssembly core could not be loaded. */
export class LoadError extends UqkitError {
  override readonly name: string = 'LoadError';
  override readonly code: string = 'ERR_LOAD';
}

/**
 * A run's parameters do not fit the campaign's parameter specs: an unknown name, a value of
 * the wrong type, or a value out of range. `parameter` names the parameter (also in `field`).
 */
export class InvalidParameterError extends InvalidArgumentError {
  override readonly name: string = 'InvalidParameterError';
  override readonly code: string = 'ERR_INVALID_PARAMETER';
  /** The parameter at fault. */
  readonly parameter: string;
  constructor(parameter: string, details: UqkitErrorDetails & { field: string; expected: string }) {
    super(details);
    this.parameter = parameter;
  }
}

/**
 * A campaign store (SQLite file) cannot be opened or used: not a uqkit store, a schema version
 * this uqkit does not read, a different campaign than asked for, or a SQLite failure (`cause`).
 * `path` is the database file.
 */
export class StoreError extends UqkitError {
  override readonly name: string = 'StoreError';
  override readonly code: string = 'ERR_STORE';
  /** The database file. */
  readonly path: string;
  constructor(path: string, message: string, details: UqkitErrorDetails = {}) {
    super(`${path}: ${message}`, details);
    this.path = path;
  }
}

/** The store was written with a schema version this uqkit does not read. */
export class StoreVersionError extends StoreError {
  override readonly name: string = 'StoreVersionError';
  override readonly code: string = 'ERR_STORE_VERSION';
  /** The version found in the file. */
  readonly found: number;
  /** The version this uqkit reads and writes. */
  readonly supported: number;
  constructor(path: string, found: number, supported: number) {
    super(
      path,
      `campaign store schema version ${found}, but this uqkit reads version ${supported}` +
        (found > supported ? '; open it with a newer uqkit' : '; it was made by an older uqkit and needs migrating'),
      { field: 'schema version', value: found, expected: String(supported) },
    );
    this.found = found;
    this.supported = supported;
  }
}

/**
 * The store file is damaged: SQLite finds it malformed, it is not a database, or its tables are
 * gone (a database whose -wal file, holding the commits not yet checkpointed, was lost). `reason`
 * says which, in a few words.
 */
export class StoreDamagedError extends StoreError {
  override readonly name: string = 'StoreDamagedError';
  override readonly code: string = 'ERR_STORE_DAMAGED';
  /** What is damaged, in a few words. */
  readonly reason: string;
  constructor(path: string, reason: string, details: UqkitErrorDetails = {}) {
    super(path, `the campaign store is damaged (${reason})`, { field: 'path', value: path, ...details });
    this.reason = reason;
  }
}

/**
 * A run cannot make the transition asked for: `complete`/`fail` by an owner that no longer
 * holds the run's lease (it expired and another worker claimed the run, or the run was
 * ignored or rerun meanwhile), or a run id that does not exist.
 */
export class RunStateError extends UqkitError {
  override readonly name: string = 'RunStateError';
  override readonly code: string = 'ERR_RUN_STATE';
  /** The run asked about. */
  readonly runId: number;
  /** The run's status now (undefined: no such run). */
  readonly status: string | undefined;
  /** Who holds the run now (undefined: nobody). */
  readonly owner: string | undefined;
  constructor(message: string, info: { runId: number; status?: string | undefined; owner?: string | undefined }) {
    super(message, { field: 'id', value: info.runId });
    this.runId = info.runId;
    this.status = info.status;
    this.owner = info.owner;
  }
}

/**
 * A file uqkit writes, reads or deletes under a directory it owns (the campaign directory, a
 * run directory) would be reached through a symbolic link, or is not of the kind uqkit made:
 * uqkit does not follow links out of what it owns. `path` is the path refused.
 */
export class UnsafePathError extends UqkitError {
  override readonly name: string = 'UnsafePathError';
  override readonly code: string = 'ERR_UNSAFE_PATH';
  /** The path refused. */
  readonly path: string;
  constructor(path: string, message: string, details: UqkitErrorDetails = {}) {
    super(`${path}: ${message}`, { field: 'path', value: path, ...details });
    this.path = path;
  }
}

/** A byte count for messages: B, KiB, MiB, GiB or TiB with three significant digits. */
export function describeBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more bytes than can be counted';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? String(Math.round(v)) : v.toPrecision(3)} ${units[u]}`;
}

/**
 * A call would need more memory than uqkit may use: refused before allocating anything.
 * `field` and `value` name the size argument at fault; `estimateBytes` is the memory the call
 * would hold at its peak, `limitBytes` the limit it exceeds (the memory budget, see
 * setMemoryBudget and UQKIT_MEMORY_BUDGET; for WebAssembly memory at most 4 GiB).
 */
export class ResourceLimitError extends UqkitError {
  override readonly name: string = 'ResourceLimitError';
  override readonly code: string = 'ERR_RESOURCE_LIMIT';
  /** Estimated bytes the call needs. */
  readonly estimateBytes: number;
  /** The limit in bytes. */
  readonly limitBytes: number;
  constructor(info: { field: string; value: unknown; estimateBytes: number; limitBytes: number; what: string; kind?: 'budget' | 'wasm32' | 'heap'; hint?: string }) {
    const limit = info.kind === 'wasm32' ? 'the 4 GiB of WebAssembly memory'
      : info.kind === 'heap' ? `the JavaScript heap limit of ${describeBytes(info.limitBytes)} (node --max-old-space-size)`
        : `the memory budget of ${describeBytes(info.limitBytes)} (setMemoryBudget() or UQKIT_MEMORY_BUDGET)`;
    super(
      `${info.field}: ${describeValue(info.value)} is too large: ${info.what} would need about ${describeBytes(info.estimateBytes)}, more than ${limit}` +
        `; ${info.hint ?? 'ask for less, or work in parts'}`,
      { field: info.field, value: info.value, expected: `a size that needs at most ${describeBytes(info.limitBytes)}`, ...(info.hint ? { hint: info.hint } : {}) },
    );
    this.estimateBytes = info.estimateBytes;
    this.limitBytes = info.limitBytes;
  }
}

/**
 * A numeric function was called before the WebAssembly core was loaded, in a runtime where
 * it cannot load by itself (browsers, workers, Deno, Bun): `await init()` first. `field` is
 * `init`, the function to call.
 */
export class NotInitializedError extends UqkitError {
  override readonly name: string = 'NotInitializedError';
  override readonly code: string = 'ERR_NOT_INITIALIZED';
  constructor() {
    super('uqkit: the WebAssembly core is not initialised: call `await init()` (exported by "uqkit/browser" and "uqkit") once before the first numeric function', {
      field: 'init',
      expected: '`await init()` before the first numeric call',
      hint: 'init() is idempotent; it also takes the bytes of uqkit.wasm, its URL, a fetch Response or a compiled WebAssembly.Module',
    });
  }
}

/**
 * A Sobol' sequence needs more dimensions than uqkit.wasm embeds, and the full direction table
 * (sobol-directions.bin) is not loaded yet in a runtime where it cannot be read synchronously
 * (browsers, workers): `await init({ sobolDimensions })` or `await loadSobolDirections()` first.
 * `field` is `dim`, `value` the dimension asked for.
 */
export class SobolDirectionsNotLoadedError extends UqkitError {
  override readonly name: string = 'SobolDirectionsNotLoadedError';
  override readonly code: string = 'ERR_SOBOL_DIRECTIONS_NOT_LOADED';
  /** Dimensions available without the full table. */
  readonly embedded: number;
  constructor(dim: number, embedded: number) {
    super(
      `uqkit: dim=${dim} needs the full Sobol' direction table (uqkit.wasm embeds ${embedded} dimensions): call \`await init({ sobolDimensions: ${dim} })\` or \`await loadSobolDirections()\` first`,
      {
        field: 'dim',
        value: dim,
        expected: `at most ${embedded} before the full direction table is loaded`,
        hint: 'loadSobolDirections() fetches sobol-directions.bin from beside the entry, or takes its bytes, URL or a fetch Response',
      },
    );
    this.embedded = embedded;
  }
}

/**
 * The SQLite driver that campaign stores need, better-sqlite3, is not installed: it is an
 * optional dependency, left out by `npm install --omit=optional` or by an install whose native
 * build failed. The numerics and the browser entry never need it. `path` is the store that was
 * being opened.
 */
export class StoreDriverMissingError extends StoreError {
  override readonly name: string = 'StoreDriverMissingError';
  override readonly code: string = 'ERR_STORE_DRIVER_MISSING';
  constructor(path: string, details: UqkitErrorDetails = {}) {
    super(path, 'campaign stores need the SQLite driver better-sqlite3, which is not installed: run `npm install better-sqlite3`', { field: 'better-sqlite3', value: undefined, expected: 'the package better-sqlite3 installed', ...details });
  }
}

/**
 * A step of a fluent sensitivity problem (`problem(...)`) was called out of order: analysing
 * before the outputs exist, or evaluating before sampling. `field` names the step that is
 * missing (e.g. `evaluate`), `expected` says what to call first.
 */
export class ProblemStateError extends UqkitError {
  override readonly name: string = 'ProblemStateError';
  override readonly code: string = 'ERR_PROBLEM_STATE';
  constructor(details: UqkitErrorDetails & { field: string; expected: string }) {
    super(`${details.field}: ${details.expected}`, details);
  }
}

/**
 * A model evaluated by `Problem.evaluate({ module })` threw (or rejected) at one point: `row`
 * is the row of the samples (from 0), `point` its inputs, `field` is `'row'` and `value` the
 * row; the message names both and says what the model threw.
 */
export class ModelEvaluationError extends UqkitError {
  override readonly name: string = 'ModelEvaluationError';
  override readonly code: string = 'ERR_MODEL_EVALUATION';
  /** The row of the samples at which the model threw (from 0). */
  readonly row: number;
  /** The inputs of that row. */
  readonly point: readonly number[];
  constructor(row: number, point: readonly number[], message: string) {
    super(`row ${row} (x = [${point.join(', ')}]): the model threw: ${message}`, { field: 'row', value: row });
    this.row = row;
    this.point = point;
  }
}
