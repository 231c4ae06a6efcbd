// The memory budget: how many bytes one call may ask for. Every public function whose memory
// grows with a size argument estimates its need first and refuses with ResourceLimitError
// (naming the argument, the estimate and the limit) instead of starting to allocate. The
// estimates are of the arrays a call holds at its peak, so a refusal costs no memory.
//
// Three limits apply, by where the memory lives:
//   'js'    typed arrays outside the JavaScript heap: the budget
//   'heap'  JavaScript objects and arrays (records, multi-indices): the budget and, in Node,
//           the heap limit of V8 (--max-old-space-size)
//   'wasm'  WebAssembly memory: the budget and the 4 GiB address space of wasm32
// The default budget is a quarter of the machine's memory in Node (set by the Node entry from
// os.totalmem()) and 1 GiB elsewhere (browsers give a tab a few GiB at most); a program
// changes it with setMemoryBudget, the Node entry reads UQKIT_MEMORY_BUDGET.
import { InvalidArgumentError, ResourceLimitError } from './errors.js';

/** Default budget where the machine's memory is unknown (browsers, web workers). */
export const DEFAULT_MEMORY_BUDGET = 2 ** 30;
/** The address space of wasm32. */
export const WASM_MAX_BYTES = 4 * 2 ** 30;

/**
 * Which memory a limit applies to ({@link memoryLimit}): `'js'` JavaScript typed arrays (the
 * memory budget), `'heap'` the JavaScript heap (Node's heap limit, where it applies) and
 * `'wasm'` WebAssembly linear memory (at most 4 GiB).
 */
export type MemoryKind = 'js' | 'heap' | 'wasm';

let platformDefault = DEFAULT_MEMORY_BUDGET;
let heapLimit = Infinity;
let chosen: number | undefined;

/** The current memory budget in bytes. */
export function memoryBudget(): number {
  return chosen ?? platformDefault;
}

/**
 * Sets the memory budget in bytes (a number > 0, or a string such as '512M', '4G', '2e9');
 * undefined restores the default. Returns the budget now in force.
 */
export function setMemoryBudget(bytes: number | string | undefined): number {
  chosen = bytes === undefined ? undefined : parseBytes('bytes', bytes);
  return memoryBudget();
}

/** The Node entry's defaults: the platform's budget and V8's heap limit. */
export function setMemoryDefaults(defaults: { readonly budget: number; readonly heapLimit?: number }): void {
  platformDefault = defaults.budget;
  if (defaults.heapLimit !== undefined) heapLimit = defaults.heapLimit;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 };

/** A byte count from a number or a string with an optional binary unit (K, M, G, T; KiB, ...). */
export function parseBytes(field: string, value: unknown): number {
  let bytes = NaN;
  if (typeof value === 'number') bytes = value;
  else if (typeof value === 'string') {
    const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
    if (m && unit !== undefined) bytes = Number(m[1]) * unit;
  }
  if (!(bytes >= 1) || !Number.isFinite(bytes)) {
    throw new InvalidArgumentError({ field, value, expected: "a number of bytes >= 1, e.g. 2e9, '512M' or '4G'" });
  }
  return Math.floor(bytes);
}

/** The limit for memory of `kind`. */
export function memoryLimit(kind: MemoryKind): number {
  const budget = memoryBudget();
  return kind === 'wasm' ? Math.min(budget, WASM_MAX_BYTES) : kind === 'heap' ? Math.min(budget, heapLimit) : budget;
}

/**
 * Refuses a request of `bytes` (an estimate; NaN or Infinity count as too much) of memory of
 * `kind` beyond its limit: ResourceLimitError naming `field` and `value`, saying `what` needs it.
 */
export function checkMemory(field: string, value: unknown, bytes: number, what: string, kind: MemoryKind = 'js', hint?: string): void {
  const limit = memoryLimit(kind);
  if (bytes <= limit) return;
  throw new ResourceLimitError({ field, value, estimateBytes: bytes, limitBytes: limit, what, kind: kind === 'wasm' && limit === WASM_MAX_BYTES ? 'wasm32' : kind === 'heap' && limit === heapLimit ? 'heap' : 'budget', ...(hint ? { hint } : {}) });
}
