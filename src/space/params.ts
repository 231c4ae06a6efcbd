// Parameter specs of a campaign and the validation of each run's parameters against them.
//
// A spec names a parameter's type, its default and (for numbers) its range:
//   { type: 'float', min: 0, max: 1, default: 0.5 }
//   { type: 'integer', min: 1, default: 10 }
//   { type: 'string', default: 'euler' }
//   { type: 'boolean', default: false }
// A run gives values for some of the parameters; the others take their defaults. Values are
// checked strictly: no conversion from strings to numbers, no truthy booleans.
import { InvalidArgumentError, InvalidParameterError } from '../core/errors.js';

/** A campaign parameter's type. */
export type ParamType = 'float' | 'integer' | 'string' | 'boolean';
/** Every {@link ParamType}. */
export const PARAM_TYPES: readonly ParamType[] = ['float', 'integer', 'string', 'boolean'];

/** The type with its article, for messages: "an integer", "a float". */
export function anParamType(type: ParamType): string {
  return `${type === 'integer' ? 'an' : 'a'} ${type}`;
}

/** A parameter value as stored with a run. */
export type ParamValue = number | string | boolean;
/** A run's parameters, by name. */
export type Params = Readonly<Record<string, ParamValue>>;

/** A real-valued parameter: its default and optional bounds. */
export interface FloatParamSpec {
  /** The type. */
  readonly type: 'float';
  /** Smallest value allowed (inclusive). Default: none. */
  readonly min?: number;
  /** Largest value allowed (inclusive). Default: none. */
  readonly max?: number;
  /** The value a run takes when it does not give one. */
  readonly default: number;
}
/** An integer parameter: its default and optional inclusive bounds. */
export interface IntegerParamSpec {
  /** The type. */
  readonly type: 'integer';
  /** Smallest value allowed (inclusive). Default: none. */
  readonly min?: number;
  /** Largest value allowed (inclusive). Default: none. */
  readonly max?: number;
  /** The value a run takes when it does not give one. */
  readonly default: number;
}
/** A string parameter and its default. */
export interface StringParamSpec {
  /** The type. */
  readonly type: 'string';
  /** The value a run takes when it does not give one. */
  readonly default: string;
}
/** A boolean parameter and its default. */
export interface BooleanParamSpec {
  /** The type. */
  readonly type: 'boolean';
  /** The value a run takes when it does not give one. */
  readonly default: boolean;
}
/** A campaign parameter's spec, by `type`: what values a run may give it and its default. */
export type ParamSpec = FloatParamSpec | IntegerParamSpec | StringParamSpec | BooleanParamSpec;
/** The parameters of a campaign, by name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

const KEYS: Readonly<Record<ParamType, readonly string[]>> = {
  float: ['type', 'min', 'max', 'default'],
  integer: ['type', 'min', 'max', 'default'],
  string: ['type', 'default'],
  boolean: ['type', 'default'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Why `value` is not a value of the type, or undefined when it is (range not checked). */
function typeProblem(type: ParamType, value: unknown): string | undefined {
  switch (type) {
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a finite number';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? undefined : 'an integer (a safe one, |n| <= 2^53 - 1)';
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
  }
}

function rangeText(spec: { min?: number; max?: number }, type: ParamType): string {
  const what = type === 'integer' ? 'an integer' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${what} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${what} >= ${spec.min}`;
  return `${what} <= ${spec.max}`;
}

/**
 * Checks parameter specs and returns them frozen (a copy). Names may be any non-empty string
 * but `__proto__`.
 *
 * @param path prefix of the field named in errors (default `'params'`)
 * @throws InvalidArgumentError naming the field: not an object, unknown `type`, unknown keys,
 *   `min`/`max` on a string or boolean, `min > max`, a missing default, or a default of the
 *   wrong type or out of range.
 */
export function paramSpecs(specs: unknown, path = 'params'): ParamSpecs {
  if (!isRecord(specs)) throw new InvalidArgumentError({ field: path, value: specs, expected: 'an object of parameter specs such as {x: {type: "float", default: 0}}' });
  const out: Record<string, ParamSpec> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const at = `${path}.${name}`;
    if (name === '') throw new InvalidArgumentError({ field: path, value: name, expected: 'non-empty parameter names' });
    // (a run's parameters are plain objects: assigning "__proto__" sets the prototype instead of a value)
    if (name === '__proto__') throw new InvalidArgumentError({ field: at, value: name, expected: 'another parameter name ("__proto__" is reserved by JavaScript objects)' });
    if (!isRecord(spec)) throw new InvalidArgumentError({ field: at, value: spec, expected: 'a parameter spec such as {type: "float", default: 0}' });
    const type = spec.type;
    if (typeof type !== 'string' || !(PARAM_TYPES as readonly string[]).includes(type)) {
      throw new InvalidArgumentError({ field: `${at}.type`, value: type, expected: `one of ${PARAM_TYPES.map((t) => JSON.stringify(t)).join(', ')}` });
    }
    const t = type as ParamType;
    for (const key of Object.keys(spec)) {
      if (!KEYS[t].includes(key)) {
        throw new InvalidArgumentError({ field: `${at}.${key}`, value: spec[key], expected: `no such key for ${anParamType(t)} parameter; its keys are ${KEYS[t].join(', ')}` });
      }
    }
    if (t === 'float' || t === 'integer') {
      for (const key of ['min', 'max'] as const) {
        const v = spec[key];
        if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) throw new InvalidArgumentError({ field: `${at}.${key}`, value: v, expected: 'a number' });
      }
      if (spec.min !== undefined && spec.max !== undefined && (spec.min as number) > (spec.max as number)) {
        throw new InvalidArgumentError({ field: `${at}.max`, value: spec.max, expected: `a number >= min (${spec.min as number})` });
      }
    }
    if (!('default' in spec) || spec.default === undefined) throw new InvalidArgumentError({ field: `${at}.default`, value: undefined, expected: `a default ${t} value` });
    const problem = typeProblem(t, spec.default) ?? outOfRange(t, spec as { min?: number; max?: number }, spec.default);
    if (problem) throw new InvalidArgumentError({ field: `${at}.default`, value: spec.default, expected: problem });
    out[name] = Object.freeze({ ...spec }) as unknown as ParamSpec;
  }
  const frozen = Object.freeze(out);
  checked.add(frozen);
  return frozen;
}

/** Specs returned by paramSpecs, so that checking each run does not check the specs again. */
const checked = new WeakSet<object>();

function outOfRange(type: ParamType, spec: { min?: number; max?: number }, value: unknown): string | undefined {
  if (type !== 'float' && type !== 'integer') return undefined;
  const v = value as number;
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) return rangeText(spec, type);
  return undefined;
}

/** The outcome of checking one run's parameters; see `checkParams`. */
export type ParamCheck =
  | { readonly valid: true; readonly params: Params }
  | {
      readonly valid: false;
      /** The parameters as given (those that are values), defaults filled in. */
      readonly params: Params;
      /** One line saying what is wrong, e.g. `params.x: expected a number from 0 to 1, got 2`. */
      readonly reason: string;
      readonly error: InvalidParameterError;
    };

/**
 * Checks one run's parameters against the specs without throwing: the hook for campaigns that
 * record such runs as `invalid` (with `reason`) instead of refusing them (`markInvalid`).
 * The first problem found is reported, parameters taken in the order of the run's keys, then
 * missing ones.
 *
 * @param specs the campaign's specs (checked by `paramSpecs` first)
 * @param run the run's parameters; missing ones take their defaults
 * @param path prefix of the field named in errors (default `'params'`)
 */
export function checkParams(specs: ParamSpecs, run: unknown, path = 'params'): ParamCheck {
  const specsChecked = checked.has(specs) ? specs : paramSpecs(specs, 'specs');
  if (!isRecord(run)) {
    // Nothing to record but the defaults; still a typed error naming the whole run.
    const error = new InvalidParameterError('', { field: path, value: run, expected: 'an object of parameter values' });
    return { valid: false, params: defaults(specsChecked), reason: error.message, error };
  }
  const params: Record<string, ParamValue> = {};
  let error: InvalidParameterError | undefined;
  for (const [name, value] of Object.entries(run)) {
    const spec = specsChecked[name];
    if (isScalar(value)) params[name] = value;
    if (error) continue;
    const field = `${path}.${name}`;
    if (!Object.hasOwn(specsChecked, name) || spec === undefined) {
      const names = Object.keys(specsChecked);
      error = new InvalidParameterError(name, {
        field,
        value,
        expected: names.length ? `no such parameter; the parameters are ${names.join(', ')}` : 'no such parameter; the campaign has no parameters',
      });
      continue;
    }
    const problem = typeProblem(spec.type, value) ?? outOfRange(spec.type, spec as { min?: number; max?: number }, value);
    if (problem) error = new InvalidParameterError(name, { field, value, expected: `${problem} (${anParamType(spec.type)} parameter)` });
  }
  for (const [name, spec] of Object.entries(specsChecked)) if (!Object.hasOwn(params, name) && !Object.hasOwn(run, name)) params[name] = spec.default;
  const frozen = Object.freeze(params);
  if (error) return { valid: false, params: frozen, reason: error.message, error };
  return { valid: true, params: frozen };
}

/**
 * A run's parameters with the defaults filled in, or a typed error.
 *
 * @throws InvalidParameterError naming the parameter, its value and what was expected: an
 *   unknown name, a value of the wrong type, or out of range.
 */
export function validateParams(specs: ParamSpecs, run: unknown, path = 'params'): Params {
  const check = checkParams(specs, run, path);
  if (!check.valid) throw check.error;
  return check.params;
}

/** The defaults of all parameters. */
export function defaults(specs: ParamSpecs): Params {
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = spec.default;
  return Object.freeze(out);
}

function isScalar(value: unknown): value is ParamValue {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || typeof value === 'boolean';
}
