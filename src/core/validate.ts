// One validator per kind of argument; each throws InvalidArgumentError naming the field,
// the value received and what was expected.
import { InvalidArgumentError, ShapeError } from './errors.js';

/** An integer (a safe one, not NaN or ±Infinity) in [min, max]. */
export function integer(field: string, value: unknown, min: number, max: number = Number.MAX_SAFE_INTEGER, hint?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new InvalidArgumentError({ field, value, expected: range, ...(hint ? { hint } : {}) });
  }
  return value;
}

/** One of the listed choices (compared with ===). */
export function oneOf<T>(field: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new InvalidArgumentError({ field, value, expected: `one of ${choices.map((c) => (typeof c === 'string' ? JSON.stringify(c) : String(c))).join(', ')}` });
  }
  return value as T;
}

/** A plain options object (or undefined, meaning {}). */
export function options<T extends object>(field: string, value: unknown): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError({ field, value, expected: 'an options object' });
  }
  return value as Partial<T>;
}

/** Rejects option names that do not exist (catches typos such as `scrambel`). */
export function knownKeys(field: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError({ field: `${field}.${key}`, value: (value as Record<string, unknown>)[key], expected: `no such option; the options are ${known.join(', ')}` });
    }
  }
}

const U64_MAX = (1n << 64n) - 1n;

/** A 64-bit seed from a non-negative safe integer or bigint, returned as a bigint. */
export function seed(field: string, value: unknown): bigint {
  if (typeof value === 'bigint' && value >= 0n && value <= U64_MAX) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new InvalidArgumentError({ field, value, expected: 'an integer from 0 to 2^53-1, or a bigint from 0n to 2n**64n-1n' });
}

/** A fresh random 64-bit seed from the platform's cryptographic generator. */
export function randomSeed(): bigint {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (BigInt(words[1] ?? 0) << 32n) | BigInt(words[0] ?? 0);
}

/** Splits a 64-bit seed into the (lo, hi) u32 halves the kernels take. */
export function seedHalves(s: bigint): [number, number] {
  return [Number(s & 0xffffffffn), Number((s >> 32n) & 0xffffffffn)];
}

/**
 * Importance weights: `length` finite numbers > 0, returned scaled so that the smallest is 1;
 * all ones when `value` is undefined.
 */
export function relativeWeights(field: string, value: unknown, length: number): number[] {
  if (value === undefined) return Array<number>(length).fill(1);
  if (!Array.isArray(value) || value.length !== length) throw new ShapeError({ field, value, expected: `one weight per input (${length})` });
  value.forEach((v, j) => {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new InvalidArgumentError({ field: `${field}[${j}]`, value: v, expected: 'a finite number > 0' });
  });
  let min = Infinity;
  for (const v of value as number[]) min = Math.min(min, v);
  return (value as number[]).map((v) => v / min);
}
