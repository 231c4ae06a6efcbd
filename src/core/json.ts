// Values that must be JSON (run outputs, results files): checked all the way down, with the
// place of the first value that is not JSON and how to convert it. NaN and ±Infinity, which
// JSON cannot write but numeric outputs do have, are kept as {"$float": "NaN"} and the like;
// typed arrays become arrays.
import { InvalidArgumentError } from './errors.js';

const JSON_VALUE = 'a JSON value (a number, string, boolean, null, array or plain object)';

/** `outputs.a.b[2]`, `outputs["two words"]`. */
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Why `v` is not JSON and what to do instead (the hint of the error), for the values people pass by mistake. */
function notJson(v: unknown): string {
  if (typeof v === 'bigint') return 'a BigInt is not one: Number(v) or String(v) converts it';
  if (typeof v === 'function') return 'a function is not one: call it, or leave it out';
  if (typeof v === 'symbol') return 'a symbol is not one';
  if (v === undefined) return 'undefined is not one: use null, or leave the key out';
  if (v instanceof Map) return 'a Map is not one: Object.fromEntries(map) converts it';
  if (v instanceof Set) return 'a Set is not one: [...set] converts it';
  if (v instanceof Date) return 'a Date is not one: date.toISOString() or date.getTime() converts it';
  if (v instanceof DataView || v instanceof ArrayBuffer) return 'binary data is not one: a typed array (e.g. new Float64Array(buffer)) converts to an array';
  const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `${name ? `an instance of ${name}` : 'this object'} is not one: give a plain object of its fields`;
}

function convert(v: unknown, path: string, open: Set<object>): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $float: String(v) };
  const refuse = (hint: string): never => {
    throw new InvalidArgumentError({ field: path, value: v, expected: JSON_VALUE, hint });
  };
  if (typeof v !== 'object') return refuse(notJson(v));
  if (open.has(v)) return refuse('a cycle: it contains itself');
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) return refuse(notJson(0n));
    return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : { $float: String(x) }));
  }
  open.add(v);
  try {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out.push(convert(v[i], childPath(path, i), open));
      return out;
    }
    if (!isPlainObject(v)) return refuse(notJson(v));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) out[key] = convert(v[key], childPath(path, key), open);
    return out;
  } finally {
    open.delete(v);
  }
}

/**
 * `v` as JSON.stringify may write it, checked to be JSON all the way down.
 *
 * @throws InvalidArgumentError naming where (`path`, then `.key` and `[i]` below it) the first
 *   value that is not JSON is: a Map, a Set, a Date, a class instance, a function, a BigInt,
 *   undefined, a symbol, or a cycle.
 */
export function toJsonValue(v: unknown, path: string): unknown {
  return convert(v, path, new Set());
}

/** An object whose prototype is Object.prototype or null: what JSON writes as an object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
