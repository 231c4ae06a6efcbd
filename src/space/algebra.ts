// Parameter-space algebra: lists of runs (parameter records) built by full-factorial
// sweeps with nested sub-sweeps, products, zips, concatenation, differences, and geometric
// progressions for sweep levels. Runs are compared by their canonical identity (the run hash's
// canonical JSON, src/core/identity.ts), so key order and 1 vs 1.0 do not matter.
import * as dm from '../core/detmath.js';
import { InvalidArgumentError } from '../core/errors.js';
import { canonicalJson } from '../core/identity.js';
import type { ParamValue, Params } from './params.js';

/**
 * A sweep: each key is a factor whose value is its list of levels, or an object whose keys are
 * the levels and whose values are the sub-sweeps those levels open (execo's nested sweeps):
 * `{ solver: { cg: { tol: [1e-6, 1e-8] }, direct: {} }, n: [10, 100] }` gives 6 runs, the
 * `tol` factor only where solver is "cg". Object keys are strings: given the parameters' types
 * (`types`), the levels of an integer, float or boolean parameter are read back as numbers or
 * booleans (`{ n: { 10: {...}, 100: {...} } }` gives n = 10 and n = 100); without them, or for a
 * string parameter, they stay strings.
 */
export type SweepSpec = { readonly [factor: string]: readonly ParamValue[] | { readonly [level: string]: SweepSpec } };

function isValue(v: unknown): v is ParamValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** The type of each parameter, for the levels written as object keys (see SweepSpec). */
export type SweepTypes = Readonly<Record<string, { readonly type: string }>>;

/** An object key as a level of a parameter of the given type, or undefined if it is not one. */
function levelOf(key: string, type: string | undefined): ParamValue | undefined {
  if (type === 'integer' || type === 'float') {
    const v = Number(key);
    // (only keys that are numbers as written: "1", "2.5", "-3", "1e-6"; not "", " 1" or "0x10")
    if (key.trim() !== key || key === '' || !Number.isFinite(v) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(key)) return undefined;
    return type === 'integer' && !Number.isSafeInteger(v) ? undefined : v;
  }
  if (type === 'boolean') return key === 'true' ? true : key === 'false' ? false : undefined;
  return key;
}

/**
 * Every combination of the factors' levels, in key order, the last factor varying fastest.
 *
 * @param types the parameters' types: object keys naming levels of a number or boolean
 *   parameter become numbers or booleans (an error naming the factor if one is not)
 */
export function sweep(spec: SweepSpec, path = 'sweep', types?: SweepTypes): Params[] {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new InvalidArgumentError({ field: path, value: spec, expected: 'an object of factors' });
  let runs: Params[] = [{}];
  for (const [factor, levels] of Object.entries(spec)) {
    const at = `${path}.${factor}`;
    let options: Params[];
    if (Array.isArray(levels)) {
      if (levels.length === 0) throw new InvalidArgumentError({ field: at, value: levels, expected: 'at least one level' });
      levels.forEach((v, i) => { if (!isValue(v)) throw new InvalidArgumentError({ field: `${at}[${i}]`, value: v, expected: 'a finite number, a string or a boolean' }); });
      options = levels.map((v) => ({ [factor]: v }));
    } else if (levels && typeof levels === 'object') {
      const entries = Object.entries(levels as Record<string, SweepSpec>);
      if (entries.length === 0) throw new InvalidArgumentError({ field: at, value: levels, expected: 'at least one level' });
      const type = types !== undefined && Object.hasOwn(types, factor) ? types[factor]!.type : undefined;
      options = entries.flatMap(([level, sub]) => {
        const value = levelOf(level, type);
        if (value === undefined) throw new InvalidArgumentError({ field: at, value: level, expected: `levels of the ${type} parameter ${factor}${type === 'boolean' ? ' (true or false)' : type === 'integer' ? ' (integers)' : ' (numbers)'}` });
        return sweep(sub, `${at}.${level}`, types).map((r) => {
          if (factor in r) throw new InvalidArgumentError({ field: `${at}.${level}.${factor}`, value: r[factor], expected: `no factor named like its parent "${factor}"` });
          return { [factor]: value, ...r };
        });
      });
    } else {
      throw new InvalidArgumentError({ field: at, value: levels, expected: 'a list of levels, or an object of levels opening sub-sweeps' });
    }
    runs = product(runs, options);
  }
  return runs;
}

/** Every combination of one run of each space, merged; a parameter in two spaces is an error. */
export function product(...spaces: readonly (readonly Params[])[]): Params[] {
  return spaces.reduce<Params[]>((acc, space, s) => acc.flatMap((a) => space.map((b) => {
    for (const k of Object.keys(b)) if (k in a) throw new InvalidArgumentError({ field: `spaces[${s}]`, value: k, expected: `parameters not set by an earlier space ("${k}" is)` });
    return { ...a, ...b };
  })), [{}]);
}

/** The i-th runs of equally long spaces, merged. */
export function zip(...spaces: readonly (readonly Params[])[]): Params[] {
  if (spaces.length === 0) return [];
  const n = spaces[0]!.length;
  spaces.forEach((s, i) => { if (s.length !== n) throw new InvalidArgumentError({ field: `spaces[${i}]`, value: s.length, expected: `${n} runs, as spaces[0]` }); });
  return Array.from({ length: n }, (_, i) => product(...spaces.map((s) => [s[i]!]))[0]!);
}

/** The runs of each space in turn (duplicates kept: the campaign runs each identity once). */
export function concat(...spaces: readonly (readonly Params[])[]): Params[] {
  return spaces.flat();
}

/** The runs of `a` that are not in `b` (by identity), in a's order. */
export function difference(a: readonly Params[], b: readonly Params[]): Params[] {
  const drop = new Set(b.map((r) => canonicalJson(r)));
  return a.filter((r) => !drop.has(canonicalJson(r)));
}

/** The runs of `full` not yet `done` (e.g. the parameters of the done runs of a campaign). */
export function missing(full: readonly Params[], done: readonly Params[]): Params[] {
  return difference(full, done);
}

function checkRange(start: number, stop: number, n: number): void {
  if (!(start > 0 && stop > 0 && Number.isFinite(start) && Number.isFinite(stop))) throw new InvalidArgumentError({ field: 'start', value: [start, stop], expected: 'positive finite start and stop' });
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError({ field: 'n', value: n, expected: 'an integer >= 1' });
}

/** n values from start to stop (both included) in geometric progression. */
export function geom(start: number, stop: number, n: number): number[] {
  checkRange(start, stop, n);
  if (n === 1) return [start];
  const r = dm.log(stop / start) / (n - 1); // detmath: the same values (and run identities) in every engine
  return Array.from({ length: n }, (_, i) => (i === 0 ? start : i === n - 1 ? stop : start * dm.exp(r * i)));
}

/** Integers in (about) geometric progression from start to stop, rounded and without repeats: at most n. */
export function igeom(start: number, stop: number, n: number): number[] {
  if (!Number.isInteger(start) || !Number.isInteger(stop)) throw new InvalidArgumentError({ field: 'start', value: [start, stop], expected: 'integer start and stop' });
  return [...new Set(geom(start, stop, n).map((v) => Math.round(v)))];
}
