// Parameter-file encoders: the run's parameters as a JSON or YAML file, for models that read
// their inputs from one. JSON is written with JSON.stringify, whose numbers are the shortest
// decimal that reads back to the same double; YAML with the `yaml` package, which writes
// numbers the same way (so `yaml.parse` and PyYAML give the same doubles back). `select`
// writes only the named parameters, in that order; naming one the run does not have is an
// error when the run is encoded.
import { stringify as yamlStringify } from 'yaml';
import type { JsonValue } from '../core/identity.js';
import { InvalidArgumentError } from '../core/errors.js';
import { writeFileNoFollow } from './safe-fs.js';
import { prepareTarget } from './spec.js';
import type { EncodeFn, RunRef } from './types.js';

export interface ParamsFileOptions {
  readonly format: 'json' | 'yaml';
  /** Where in the run directory to write (relative, checked). */
  readonly target: string;
  /** Only these parameters, in this order. Default: all, in the run's order. */
  readonly select?: readonly string[];
  /** The spec's path in errors, e.g. `encoders[0]`. */
  readonly field: string;
}

/** The parameters of `run` that `select` names (all when undefined). */
export function selectParams(run: RunRef, select: readonly string[] | undefined, field: string): Record<string, JsonValue> {
  if (!select) return { ...run.params };
  const out: Record<string, JsonValue> = {};
  select.forEach((name, i) => {
    if (!Object.hasOwn(run.params, name)) {
      throw new InvalidArgumentError({ field: `${field}.select[${i}]`, value: name, expected: `a parameter of the run (run ${run.id} has ${Object.keys(run.params).join(', ') || 'no parameters'})` });
    }
    out[name] = run.params[name] as JsonValue;
  });
  return out;
}

/** An encoder writing the run's parameters as a JSON or YAML file. */
export function paramsFileEncoder(o: ParamsFileOptions): EncodeFn {
  return (dir: string, run: RunRef): void => {
    const params = selectParams(run, o.select, o.field);
    const content = o.format === 'json' ? JSON.stringify(params, null, 2) + '\n' : yamlStringify(params);
    writeFileNoFollow(prepareTarget(dir, o.target), content);
  };
}
