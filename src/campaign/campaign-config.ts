// Checking a campaign's configuration and options, and finding where two configurations differ
// (a campaign reopened with another config, or a config replaced, is refused naming that key).
import { InvalidArgumentError } from '../core/errors.js';
import { canonicalJson, type JsonValue } from '../core/identity.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { distribution, isDistribution, type DistributionSpec } from '../distributions/index.js';
import { checkParamVariables } from '../execution/local-runner.js';
import { checkSlurmOptions } from '../execution/slurm.js';
import { inRun, ownTarget } from '../io/spec.js';
import { anParamType, paramSpecs } from '../space/params.js';
import { correlationCopula } from '../samplers/correlation.js';
import type { CampaignConfig, CampaignOptions } from './campaign-types.js';

const OPTION_KEYS = ['runDir', 'encode', 'decode', 'synchronous', 'busyTimeoutMs', 'readonly'];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks a config and returns it as plain JSON (distributions as their specs). */
export function checkConfig(config: unknown): CampaignConfig {
  if (!isRecord(config)) throw new InvalidArgumentError({ field: 'config', value: config, expected: 'a campaign configuration {name, params, vary?, ...}' });
  if (typeof config.name !== 'string' || config.name === '') throw new InvalidArgumentError({ field: 'name', value: config.name, expected: 'a non-empty string naming the campaign' });
  const specs = paramSpecs(config.params, 'params');
  checkParamVariables(Object.keys(specs), 'params');
  if (Array.isArray(config.encoders)) {
    config.encoders.forEach((e: unknown, i) => {
      const spec = e as { kind?: unknown; target?: unknown } | null;
      if (spec !== null && typeof spec === 'object' && typeof spec.target === 'string') ownTarget(`encoders[${i}].target`, inRun(`encoders[${i}].target`, spec.target), String(spec.kind));
    });
  }
  const out: Record<string, unknown> = { ...config };
  if (config.vary !== undefined) {
    if (!isRecord(config.vary)) throw new InvalidArgumentError({ field: 'vary', value: config.vary, expected: 'an object of distributions by parameter name' });
    const vary: Record<string, JsonValue> = {};
    for (const [name, d] of Object.entries(config.vary)) {
      const field = `vary.${name}`;
      const spec = specs[name];
      if (!spec) throw new InvalidArgumentError({ field, value: d, expected: `a declared parameter; the parameters are ${Object.keys(specs).join(', ') || 'none'}` });
      if (spec.type !== 'float' && spec.type !== 'integer') throw new InvalidArgumentError({ field, value: d, expected: `a float or integer parameter (${name} is ${anParamType(spec.type)} parameter)` });
      const dist = distribution(d as DistributionSpec, field);
      if (spec.type === 'integer' && !dist.discrete) throw new InvalidArgumentError({ field, value: d, expected: `a discrete distribution (${name} is an integer parameter; ${dist.toString()} is continuous)` });
      const [lo, hi] = dist.support;
      if ((spec.min !== undefined && lo < spec.min) || (spec.max !== undefined && hi > spec.max)) {
        throw new InvalidArgumentError({
          field, value: d,
          expected: `a distribution whose support lies within the range of ${name}, [${spec.min ?? '-Infinity'}, ${spec.max ?? 'Infinity'}]; ${dist.toString()} has support [${lo}, ${hi}]`,
        });
      }
      vary[name] = (isDistribution(d) ? d.toJSON() : d) as JsonValue;
    }
    out.vary = vary;
  }
  if (config.correlation !== undefined) {
    const names = Object.keys((out.vary ?? {}) as object);
    correlationCopula(config.correlation, names, names.map((k) => distribution((out.vary as Record<string, DistributionSpec>)[k]!, `vary.${k}`)));
  }
  if (config.markInvalid !== undefined && typeof config.markInvalid !== 'boolean') throw new InvalidArgumentError({ field: 'markInvalid', value: config.markInvalid, expected: 'true or false' });
  if (config.runner !== undefined) {
    if (!isRecord(config.runner)) throw new InvalidArgumentError({ field: 'runner', value: config.runner, expected: 'a runner spec {kind: "local" | "in-process" | "slurm", ...}' });
    const kind = oneOf('runner.kind', config.runner.kind, ['local', 'in-process', 'slurm']);
    const r = config.runner;
    if (kind === 'local') {
      knownKeys('runner', r, ['kind', 'command', 'concurrency', 'timeoutMs', 'retries']);
      if (!Array.isArray(r.command) || r.command.length === 0 || !r.command.every((c) => typeof c === 'string')) {
        throw new InvalidArgumentError({ field: 'runner.command', value: r.command, expected: 'a non-empty array of strings: the program and its arguments' });
      }
      if (r.concurrency !== undefined) integer('runner.concurrency', r.concurrency, 1);
      if (r.timeoutMs !== undefined) integer('runner.timeoutMs', r.timeoutMs, 1);
      if (r.retries !== undefined) integer('runner.retries', r.retries, 0);
    } else if (kind === 'in-process') {
      knownKeys('runner', r, ['kind', 'module', 'export', 'workers', 'concurrency', 'batch']);
      if (r.module !== undefined && (typeof r.module !== 'string' || r.module === '')) throw new InvalidArgumentError({ field: 'runner.module', value: r.module, expected: 'the path of a JavaScript module' });
      if (r.export !== undefined && (typeof r.export !== 'string' || r.export === '')) throw new InvalidArgumentError({ field: 'runner.export', value: r.export, expected: 'the name of an export' });
      if (r.workers !== undefined) {
        integer('runner.workers', r.workers, 1, 1024);
        if (r.module === undefined) throw new InvalidArgumentError({ field: 'runner.workers', value: r.workers, expected: 'no workers without runner.module (worker threads import the model from a module)' });
      }
      if (r.concurrency !== undefined) integer('runner.concurrency', r.concurrency, 1);
      if (r.batch !== undefined) integer('runner.batch', r.batch, 1);
    } else {
      checkSlurmOptions(r, 'runner.');
    }
  }
  // Must be JSON to be stored (and compared).
  canonicalJson(out, 'config');
  return out as CampaignConfig;
}

/** The path of the first difference between two JSON values (`''`: the whole value), or undefined. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const same = a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b);
  return same ? undefined : path;
}

/** The value at a path firstDifference returned. */
export function valueAt(v: unknown, path: string): unknown {
  for (const part of path.split(/\.|(?=\[)/)) {
    if (part === '') continue;
    const m = /^\[(\d+)\]$/.exec(part);
    v = m ? (v as unknown[] | undefined)?.[Number(m[1])] : (v as Record<string, unknown> | undefined)?.[part];
  }
  return v;
}

/** Checks the options of Campaign.create, open and openOrCreate. */
export function checkOptions(options: unknown): CampaignOptions {
  const o = optionsOf<CampaignOptions>('options', options);
  knownKeys('options', o, OPTION_KEYS);
  for (const k of ['runDir', 'encode', 'decode'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw new InvalidArgumentError({ field: `options.${k}`, value: o[k], expected: 'a function' });
  }
  return o;
}
