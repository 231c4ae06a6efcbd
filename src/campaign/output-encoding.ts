// Run outputs as the store keeps them: JSON text in which NaN and ±Infinity survive.
import type { JsonValue } from '../core/identity.js';
import { toJsonValue } from '../core/json.js';

/**
 * Outputs as JSON text. NaN and ±Infinity (which a model may well produce) are kept as
 * `{"$float": "NaN"}` etc.; typed arrays become arrays.
 *
 * @throws InvalidArgumentError naming where in the outputs (`field`, then `.key` and `[i]`) a
 *   value is not JSON: a Map, a Set, a Date, a class instance, a function, a BigInt, undefined
 *   or a cycle (JSON.stringify would drop or mangle it without a word).
 */
export function encodeOutputs(outputs: unknown, field = 'result'): string {
  // Most outputs are plain JSON already: stringify them as they are (twice as fast as a checked copy).
  if (plainJson(outputs, 0)) return JSON.stringify(outputs);
  return JSON.stringify(toJsonValue(outputs, field));
}

/**
 * True when JSON.stringify writes `v` as it is, with nothing to convert: finite numbers,
 * strings, booleans, null, and arrays and plain objects of those (a few levels deep; deeper or
 * anything else takes the replacer path).
 */
function plainJson(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v);
    case 'string':
    case 'boolean':
      return true;
    case 'object': {
      if (v === null) return true;
      if (depth > 4) return false;
      if (Array.isArray(v)) {
        for (const x of v) if (!plainJson(x, depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k in v) if (!plainJson((v as Record<string, unknown>)[k], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Reads what encodeOutputs wrote. */
export function decodeOutputs(text: string): JsonValue {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const f = (v as { $float?: unknown }).$float;
      if (keys.length === 1 && (f === 'NaN' || f === 'Infinity' || f === '-Infinity')) return Number(f);
    }
    return v;
  }) as JsonValue;
}
