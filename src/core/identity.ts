// Run identity: a run is known by the SHA-256 of the canonical JSON of its parameters, so the
// same parameters added twice (by one process or several) are one run, executed once.
//
// The canonical form is the JSON Canonicalization Scheme, RFC 8785 (JCS):
// - object keys sorted by their UTF-16 code units, at every depth; no whitespace;
// - numbers written as ECMAScript's Number.prototype.toString writes them (the shortest
//   decimal that reads back to the same double): 1, 1.0 and 1e0 are all `1`, 0.1 is `0.1`,
//   1e21 is `1e+21`. Two numbers agree exactly when they are the same double;
// - -0 is written `0`, so -0 and 0 are the same run. Decided on purpose: JSON (and so the
//   stored parameters, the files encoders write and what a model reads back) cannot tell them
//   apart, so keeping two runs that no one downstream can distinguish would only duplicate work;
// - NaN and ±Infinity have no JSON form and are refused (InvalidArgumentError);
// - strings escaped as JSON.stringify escapes them.
// Parameter *names* are part of what is hashed, so {a: 1, b: 2} and {a: 2, b: 1} differ (the
// collision of batchpy's value-only keys cannot happen).
import crypto, { createHash } from 'node:crypto';
import { InvalidArgumentError } from './errors.js';

/** A JSON value as runs and results hold them. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A run's parameters as the store holds them: names to JSON values. */
export type RunParams = Readonly<Record<string, JsonValue>>;

/**
 * The canonical JSON text of a value (RFC 8785): sorted keys, shortest round-trip numbers,
 * -0 as 0.
 *
 * @param path the field named in errors (default `'value'`)
 * @throws InvalidArgumentError for NaN, ±Infinity, undefined, functions, symbols, bigints and
 *   objects that are not plain objects or arrays, naming where in the value it sits.
 */
export function canonicalJson(value: unknown, path = 'value'): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidArgumentError({ field: path, value, expected: 'a finite number (JSON has no NaN or Infinity)' });
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return '[' + value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(',') + ']';
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new InvalidArgumentError({ field: path, value, expected: 'a plain object, an array, a string, a finite number, a boolean or null' });
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort(); // default sort: by UTF-16 code units, as RFC 8785 asks
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(record[k], `${path}.${k}`)).join(',') + '}';
    }
    default:
      throw new InvalidArgumentError({ field: path, value, expected: 'a plain object, an array, a string, a finite number, a boolean or null' });
  }
}

/** SHA-256 (hex) of the canonical JSON of a run's parameters: the run's identity. */
export function runHash(params: unknown, path = 'params'): string {
  return hashCanonical(canonicalJson(params, path));
}

/** SHA-256 (hex) of text already in canonical form. */
export function hashCanonical(canonical: string): string {
  return oneShot ? oneShot('sha256', canonical, 'hex') : createHash('sha256').update(canonical, 'utf8').digest('hex');
}

// crypto.hash (Node >= 20.12) hashes a string in one call, twice as fast as a Hash object for
// the short texts of run parameters; older Nodes use createHash.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
