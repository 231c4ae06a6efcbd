// Campaign files (YAML or JSON): what `uqkit run FILE` reads. One file describes a whole
// campaign — its parameters, the uncertain ones and their distributions, the sampler, how a
// run's inputs are written (encoders), how it is executed (runner), how its outputs are read
// (decoder) and how the results are analysed:
//
//   name: coffee
//   params:   { kappa: {type: float, min: 0, max: 1, default: 0.025}, ... }
//   vary:     { kappa: {dist: uniform, low: 0.025, high: 0.075}, ... }
//   sampler:  { kind: pce, order: 3 }
//   encoder:  { kind: template, template: model.template, target: input.json }   (or encoders: [...])
//   runner:   { kind: local, command: [node, ./cooling.mjs], concurrency: 4 }
//   decoder:  { kind: csv, file: output.csv, columns: [te] }
//   analysis: { percentiles: [10, 50, 90], resamples: 1000, seed: 1 }
//   dir:      coffee.uqkit            (the campaign directory; default <name>.uqkit beside the file)
//
// Every mistake is reported as one CliError naming the file, the line and the path inside the
// file (`coffee.yaml:9: vary.kappa.high: expected a number > low (0.075), got 0.01`): the
// validators of the library name the field, and the YAML document maps it back to its line.
// Relative paths (templates, resources, modules, `./` and `../` words of a command) are
// relative to the campaign file's folder, wherever uqkit is started from; a campaign file read
// from standard input (`-`) has them relative to the current directory.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readInput, STDIN_NAME } from './input.js';
import { LineCounter, parseDocument, isAlias, isMap, isSeq, visit, type Node } from 'yaml';
import { ANALYSIS_METHODS, analysisMethodFor, type AnalysisMethod } from '../analysis/analyse.js';
import { GP_KERNELS, GP_TRENDS } from '../numerics/gp.js';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import { distribution, type DistributionSpec } from '../distributions/index.js';
import { sampler as makeSampler, type SamplerSpec } from '../samplers/index.js';
import { correlationCopula, type CorrelationSpec } from '../samplers/correlation.js';
import { anParamType, checkParams, paramSpecs, type ParamType } from '../space/params.js';
import { checkDecoder } from '../io/decoder.js';
import { encoder as makeEncoder } from '../io/encoder.js';
import { checkParamVariables } from '../execution/local-runner.js';
import { checkSlurmOptions } from '../execution/slurm.js';
import { CliError } from './files.js';
import { shellQuote, shellWords } from './shell-words.js';

/** The keys a campaign file may have. */
export const CAMPAIGN_KEYS = ['name', 'params', 'vary', 'correlation', 'sampler', 'encoder', 'encoders', 'runner', 'decoder', 'analysis', 'dir', 'markInvalid'] as const;
export const RUNNER_KEYS = {
  local: ['kind', 'command', 'concurrency', 'timeoutMs', 'retries'],
  'in-process': ['kind', 'module', 'export', 'workers', 'concurrency', 'batch'],
  slurm: ['kind', 'command', 'runsPerTask', 'throttle', 'partition', 'time', 'memory', 'cpusPerTask', 'account', 'extraLines', 'pollMs', 'retries'],
} as const;
export const ANALYSIS_KEYS = ['method', 'degree', 'percentiles', 'resamples', 'confidence', 'seed', 'qois', 'index', 'samplers',
  'kernel', 'trend', 'nugget', 'starts', 'burnIn'] as const;

export type RunnerSpec =
  | { readonly kind: 'local'; readonly command: readonly string[]; readonly concurrency?: number; readonly timeoutMs?: number; readonly retries?: number }
  | { readonly kind: 'in-process'; readonly module: string; readonly export?: string; readonly workers?: number; readonly concurrency?: number; readonly batch?: number }
  | {
    readonly kind: 'slurm'; readonly command: readonly string[]; readonly runsPerTask?: number; readonly throttle?: number; readonly partition?: string; readonly time?: string;
    readonly memory?: string; readonly cpusPerTask?: number; readonly account?: string; readonly extraLines?: readonly string[]; readonly pollMs?: number; readonly retries?: number;
  };

export interface AnalysisSpec {
  /** Override the analysis that matches the sampler: stats, sobol, pce-projection, pce-regression, sc, morris, ff, dgsm, shapley, gp, hdmr, mcmc, fast, rbd_fast, delta or pawn (default auto). */
  readonly method?: string;
  /** Total degree of a PCE (default: the sampler's order). */
  readonly degree?: number;
  readonly percentiles?: readonly number[];
  readonly resamples?: number;
  readonly confidence?: number;
  readonly seed?: number;
  /** Only these outputs (default: every output the decoder returns, less those named in `index`). */
  readonly qois?: readonly string[];
  /**
   * The x values of vector outputs, for the report: per output, the name of another output
   * that holds them (e.g. `{te: t}`: the times written beside the temperatures), or the values.
   */
  readonly index?: Readonly<Record<string, string | readonly number[]>>;
  /**
   * Whose runs to analyse: sampler ids (as `uqkit status` lists them) or "all". Default: the
   * current sampler's (the file's), so that runs of earlier samplers do not mix in.
   */
  readonly samplers?: readonly number[] | 'all';
  /** Method gp: the kernel (squared-exponential, matern32, matern52; default matern52). */
  readonly kernel?: string;
  /** Method gp: the trend (zero, constant, linear; default constant). */
  readonly trend?: string;
  /** Method gp: the nugget relative to the process variance, or fit (default 1e-10). */
  readonly nugget?: number | 'fit';
  /** Method gp: starts of the likelihood optimiser (default 5). */
  readonly starts?: number;
  /** MCMC samplers: steps dropped at the start of each chain (default half the steps made). */
  readonly burnIn?: number;
}

/** A campaign file, checked, with every relative path made absolute. Plain JSON. */
export interface CampaignConfig {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly vary: Readonly<Record<string, DistributionSpec>>;
  /** Dependence of the varied parameters (a Gaussian copula), if any. */
  readonly correlation?: CorrelationSpec;
  readonly sampler: SamplerSpec;
  readonly encoders: readonly Readonly<Record<string, unknown>>[];
  readonly runner: RunnerSpec;
  readonly decoder?: Readonly<Record<string, unknown>>;
  readonly analysis: AnalysisSpec;
  readonly markInvalid?: boolean;
  /** The folder of the campaign file: relative paths in it were resolved against this. */
  readonly baseDir: string;
}

/** A campaign file read and checked. */
export interface CampaignFile {
  /** Its absolute path, or `<stdin>`. */
  readonly path: string;
  /** The checked configuration (paths in it absolute). */
  readonly config: CampaignConfig;
  /** The campaign directory (the file's `dir`, or <name>.uqkit beside the file; for standard input, in the current directory). */
  readonly campaignDir: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const bad = (field: string, value: unknown, expected: string): never => {
  throw new InvalidArgumentError({ field, value, expected });
};
const keysOf = (field: string, o: Record<string, unknown>, known: readonly string[]): void => {
  for (const k of Object.keys(o)) if (!known.includes(k)) bad(field ? `${field}.${k}` : k, k, `one of the keys ${known.join(', ')} (a misspelt key?)`);
};
const posInt = (field: string, v: unknown, min = 1): number | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) bad(field, v, `an integer >= ${min}`);
  return v as number;
};

/** `./x` and `../x` words of a command, relative to the campaign file. */
function commandOf(field: string, v: unknown, baseDir: string): string[] {
  if (typeof v === 'string' && v.trim() !== '') {
    // A shell command line, split into words as sh splits it (quotes, ; && | and redirections):
    // each ./x or ../x word that names a file or folder beside the campaign file is made
    // absolute and quoted; other words, and ./x words naming nothing there (files the
    // encoders write into the run directory), are left to the shell in the run directory.
    let line = v;
    for (const w of shellWords(v).reverse()) {
      if (w.expands || !(w.value.startsWith('./') || w.value.startsWith('../'))) continue;
      const abs = resolve(baseDir, w.value);
      if (existsSync(abs)) line = line.slice(0, w.start) + shellQuote(abs) + line.slice(w.end);
    }
    return ['/bin/sh', '-c', line];
  }
  const words = v;
  if (!Array.isArray(words) || words.length === 0 || words.some((w) => typeof w !== 'string' || w === '')) {
    return bad(field, v, 'a non-empty list of words, e.g. [node, ./model.mjs], or one shell command line');
  }
  return (words as string[]).map((w) => (w.startsWith('./') || w.startsWith('../') ? resolve(baseDir, w) : w));
}

function runnerOf(v: unknown, baseDir: string): RunnerSpec {
  if (!isRecord(v)) return bad('runner', v, 'a runner such as {kind: local, command: [node, ./model.mjs]}');
  const kind = v.kind;
  if (kind !== 'local' && kind !== 'in-process' && kind !== 'slurm') return bad('runner.kind', kind, 'one of "local", "in-process", "slurm"');
  keysOf('runner', v, RUNNER_KEYS[kind]);
  const n = (k: string, min = 1) => posInt(`runner.${k}`, v[k], min);
  if (kind === 'in-process') {
    if (typeof v.module !== 'string' || v.module === '') bad('runner.module', v.module, 'the path of an ES module whose export is the model (params => outputs)');
    if (!existsSync(resolve(baseDir, v.module as string))) bad('runner.module', v.module, `an ES module file (there is none at ${resolve(baseDir, v.module as string)})`);
    if (v.export !== undefined && (typeof v.export !== 'string' || v.export === '')) bad('runner.export', v.export, 'the name of the export (default "default")');
    return { kind, module: resolve(baseDir, v.module as string), ...(v.export ? { export: v.export as string } : {}), ...opt('workers', n('workers')), ...opt('concurrency', n('concurrency')), ...opt('batch', n('batch')) };
  }
  const command = commandOf('runner.command', v.command, baseDir);
  if (kind === 'local') {
    return { kind, command, ...opt('concurrency', n('concurrency')), ...opt('timeoutMs', n('timeoutMs')), ...opt('retries', n('retries', 0)) };
  }
  checkSlurmOptions(v, 'runner.');
  return {
    kind, command,
    ...opt('runsPerTask', n('runsPerTask')), ...opt('throttle', n('throttle')), ...opt('cpusPerTask', n('cpusPerTask')), ...opt('pollMs', n('pollMs', 10)), ...opt('retries', n('retries', 0)),
    ...(['partition', 'time', 'memory', 'account'] as const).reduce((o, k) => (v[k] === undefined ? o : { ...o, [k]: v[k] }), {}),
    ...(v.extraLines ? { extraLines: v.extraLines as string[] } : {}),
  };
}

const opt = <K extends string, T>(k: K, v: T | undefined): { [P in K]?: T } => (v === undefined ? {} : ({ [k]: v } as { [P in K]: T }));

function analysisOf(v: unknown, sampler: SamplerSpec): AnalysisSpec {
  if (v === undefined) return {};
  if (!isRecord(v)) return bad('analysis', v, 'an object such as {percentiles: [10, 50, 90], resamples: 1000}');
  keysOf('analysis', v, ANALYSIS_KEYS);
  if (v.method !== undefined && !(ANALYSIS_METHODS as readonly unknown[]).includes(v.method)) bad('analysis.method', v.method, `one of ${ANALYSIS_METHODS.join(', ')}`);
  // A method that does not fit the sampler is found now, not after every run has executed.
  try {
    if (v.method !== undefined) analysisMethodFor(sampler, v.method as AnalysisMethod);
  } catch (e) {
    if (e instanceof InvalidArgumentError && e.expected !== undefined) throw new InvalidArgumentError({ field: 'analysis.method', value: v.method, expected: e.expected, ...(e.hint ? { hint: e.hint } : {}) });
    throw e;
  }
  if (v.percentiles !== undefined && (!Array.isArray(v.percentiles) || v.percentiles.length === 0 || v.percentiles.some((p) => typeof p !== 'number' || !(p >= 0 && p <= 100)))) {
    bad('analysis.percentiles', v.percentiles, 'a list of numbers in [0, 100]');
  }
  if (v.confidence !== undefined && (typeof v.confidence !== 'number' || !(v.confidence > 0 && v.confidence < 1))) bad('analysis.confidence', v.confidence, 'a number in (0, 1), e.g. 0.95');
  if (v.qois !== undefined && (!Array.isArray(v.qois) || v.qois.some((q) => typeof q !== 'string'))) bad('analysis.qois', v.qois, 'a list of output names');
  if (v.index !== undefined) {
    if (!isRecord(v.index)) bad('analysis.index', v.index, 'an object such as {te: t}: per vector output, the output holding its x values (or the values)');
    for (const [q, x] of Object.entries(v.index as Record<string, unknown>)) {
      if (!(typeof x === 'string' && x !== '') && !(Array.isArray(x) && x.length > 0 && x.every((e) => typeof e === 'number' && Number.isFinite(e)))) {
        bad(`analysis.index.${q}`, x, 'the name of an output holding the x values, or a list of numbers');
      }
    }
  }
  if (v.samplers !== undefined && v.samplers !== 'all' && (!Array.isArray(v.samplers) || v.samplers.length === 0 || v.samplers.some((id) => typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1))) {
    bad('analysis.samplers', v.samplers, 'a list of sampler ids (as `uqkit status` lists them), e.g. [2], or all');
  }
  for (const k of ['kernel', 'trend', 'nugget', 'starts'] as const) {
    if (v[k] !== undefined && v.method !== 'gp') bad(`analysis.${k}`, v[k], 'method: gp beside it (kernel, trend, nugget and starts are options of the gp analysis)');
  }
  if (v.kernel !== undefined && !(GP_KERNELS as readonly unknown[]).includes(v.kernel)) bad('analysis.kernel', v.kernel, `one of ${GP_KERNELS.join(', ')}`);
  if (v.trend !== undefined && !(GP_TRENDS as readonly unknown[]).includes(v.trend)) bad('analysis.trend', v.trend, `one of ${GP_TRENDS.join(', ')}`);
  if (v.nugget !== undefined && v.nugget !== 'fit' && !(typeof v.nugget === 'number' && v.nugget >= 0 && Number.isFinite(v.nugget))) bad('analysis.nugget', v.nugget, 'a number >= 0 (relative to the process variance) or fit');
  if (v.starts !== undefined && !(typeof v.starts === 'number' && Number.isInteger(v.starts) && v.starts >= 1 && v.starts <= 1000)) bad('analysis.starts', v.starts, 'an integer from 1 to 1000');
  posInt('analysis.resamples', v.resamples, 0);
  posInt('analysis.degree', v.degree, 0);
  posInt('analysis.seed', v.seed, 0);
  posInt('analysis.burnIn', v.burnIn, 0);
  if (v.burnIn !== undefined && sampler.kind === 'mcmc' && (v.burnIn as number) >= sampler.steps) bad('analysis.burnIn', v.burnIn, `fewer than the sampler's ${sampler.steps} steps (the draws are the states after it)`);
  return v as AnalysisSpec;
}

/** The path in a sweep's levels of the first factor named `name` (depth first), if any. */
function levelPath(levels: unknown, name: string, path: string): string | undefined {
  if (!isRecord(levels)) return undefined;
  for (const [k, v] of Object.entries(levels)) {
    if (k === name) return `${path}.${k}`;
    if (isRecord(v)) {
      for (const [level, sub] of Object.entries(v)) {
        const found = levelPath(sub, name, `${path}.${k}.${level}`);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** Paths of specs that name files (encoder templates and sources, decoder modules): made absolute. */
function withAbsolutePaths(spec: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  for (const k of ['template', 'source', 'module']) {
    if (typeof out[k] === 'string' && !isAbsolute(out[k] as string)) out[k] = resolve(baseDir, out[k] as string);
  }
  return out;
}

/**
 * Checks a campaign (parsed from a file or given as an object) and returns it with defaults
 * made explicit and paths absolute. Throws InvalidArgumentError naming the path of the fault.
 */
export function checkCampaign(given: unknown, baseDir: string): CampaignConfig {
  if (!isRecord(given)) return bad('(top level)', given, 'a mapping with name, params, vary, sampler, runner, ...');
  let raw: Record<string, unknown> = given;
  keysOf('', raw, CAMPAIGN_KEYS);
  const name = raw.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) bad('name', name, 'a name of letters, digits, _ . - (it names the campaign directory)');
  const specs = paramSpecs(raw.params, 'params');
  checkParamVariables(Object.keys(specs), 'params');
  const params = raw.params as Record<string, Record<string, unknown>>;
  const deterministic = isRecord(raw.sampler) && (raw.sampler.kind === 'sweep' || raw.sampler.kind === 'table');
  if (raw.vary === undefined && deterministic) raw = { ...raw, vary: {} };
  if (!isRecord(raw.vary) || (Object.keys(raw.vary).length === 0 && !deterministic)) bad('vary', raw.vary, 'the uncertain parameters and their distributions, e.g. {kappa: {dist: uniform, low: 0.025, high: 0.075}}');
  const vary = (raw as Record<string, unknown>).vary as Record<string, DistributionSpec>;
  for (const [k, spec] of Object.entries(vary)) {
    const p = params[k];
    if (!p) bad(`vary.${k}`, k, `a parameter declared under params (they are ${Object.keys(params).join(', ')})`);
    if (p!.type !== 'float' && p!.type !== 'integer') bad(`vary.${k}`, spec, `${anParamType(p!.type as ParamType)} parameter cannot vary with a distribution; declare it as float or integer`);
    const d = distribution(spec, `vary.${k}`);
    const [lo, hi] = d.support;
    const min = p!.min as number | undefined, max = p!.max as number | undefined;
    if ((min !== undefined && lo < min) || (max !== undefined && hi > max)) {
      bad(`vary.${k}`, `${d.toString()}, support [${lo}, ${hi}]`, `a distribution inside params.${k}'s range [${min ?? '-inf'}, ${max ?? 'inf'}]`);
    }
  }
  if (!isRecord(raw.sampler)) bad('sampler', raw.sampler, 'a sampler such as {kind: pce, order: 3} or {kind: saltelli, n: 1024, seed: 1}');
  const samplerOut: Record<string, unknown> = { ...(raw.sampler as Record<string, unknown>) };
  if (samplerOut.kind === 'table' && typeof samplerOut.file === 'string') samplerOut.file = resolve(baseDir, samplerOut.file);
  const mcmcData = samplerOut.kind === 'mcmc' && isRecord(samplerOut.likelihood) && isRecord(samplerOut.likelihood.data) ? samplerOut.likelihood.data : undefined;
  if (mcmcData && typeof mcmcData.file === 'string') samplerOut.likelihood = { ...(samplerOut.likelihood as object), data: { ...mcmcData, file: resolve(baseDir, mcmcData.file) } };
  // A campaign file runs its sampler to the end: random and qmc samplers need their size.
  if ((samplerOut.kind === 'random' || samplerOut.kind === 'qmc') && samplerOut.n === undefined) {
    bad('sampler.n', undefined, `the number of runs (e.g. {kind: ${samplerOut.kind}, n: 1024, seed: ${samplerOut.seed ?? 1}}): a ${samplerOut.kind} sampler without n has no end`);
  }
  correlationCopula(raw.correlation, Object.keys(vary), Object.keys(vary).map((k) => distribution(vary[k]!, `vary.${k}`))); // errors name correlation.*
  const drawn = makeSampler(samplerOut as unknown as SamplerSpec, vary, undefined, specs, raw.correlation); // checks the spec (errors name sampler.*)
  // MCMC moves the uncertain parameters continuously: an integer one would make every proposal invalid.
  if (samplerOut.kind === 'mcmc') for (const k of Object.keys(vary)) if (params[k]!.type !== 'float') bad(`vary.${k}`, k, `a float parameter: an mcmc sampler moves the uncertain parameters continuously (params.${k} is ${params[k]!.type as string})`);
  if (samplerOut.kind === 'sweep' && raw.markInvalid !== true) {
    // A sweep's runs are known now: a level that does not fit its parameter is named with its line.
    for (const run of drawn.rest()) {
      const c = checkParams(specs, run);
      if (!c.valid) {
        const name = c.error.parameter;
        throw new InvalidArgumentError({ field: levelPath(samplerOut.levels, name, 'sampler.levels') ?? 'sampler.levels', value: (run as Record<string, unknown>)[name], expected: `${c.error.expected ?? 'a valid value'} (the levels of params.${name})` });
      }
    }
  }
  if (samplerOut.kind === 'replica') {
    // its runs carry the replica index as a parameter, which must be declared like any other
    const index = typeof samplerOut.indexName === 'string' ? samplerOut.indexName : 'replica';
    if (!(index in params)) bad('sampler', samplerOut, `a replica index declared under params: add ${index}: {type: integer, min: 0, default: 0}`);
  }
  if (raw.encoder !== undefined && raw.encoders !== undefined) bad('encoders', raw.encoders, 'either encoder or encoders, not both');
  const encs = raw.encoders ?? (raw.encoder === undefined ? [] : [raw.encoder]);
  if (!Array.isArray(encs) || encs.some((e) => !isRecord(e))) bad(raw.encoders !== undefined ? 'encoders' : 'encoder', encs, 'encoder specs such as {kind: template, template: model.template, target: input.json}');
  const encoders = (encs as Record<string, unknown>[]).map((e) => withAbsolutePaths(e, baseDir));
  if (encoders.length > 0) {
    // Built once here to check them (files exist, templates parse, placeholders name parameters);
    // a shared-link resource makes its shared copy when built, so it goes to a scratch folder.
    const scratch = encoders.some((e) => e.mode === 'shared-link') ? mkdtempSync(join(tmpdir(), 'uqkit-check-')) : undefined;
    try {
      const opts = { baseDir, parameters: Object.keys(params), ...(scratch ? { campaignDir: scratch } : {}) };
      // (the specs as written: an error names the path as the file gives it, and where it resolved)
      if (raw.encoder !== undefined) makeEncoder((encs as Record<string, unknown>[])[0] as never, { ...opts, field: 'encoder' });
      else makeEncoder(encs as never, { ...opts, field: 'encoders' });
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (raw.decoder !== undefined && !isRecord(raw.decoder)) bad('decoder', raw.decoder, 'a decoder such as {kind: csv, file: output.csv, columns: [te]}');
  if (isRecord(raw.decoder) && raw.decoder.kind !== 'function') checkDecoder(raw.decoder as never, { baseDir, field: 'decoder' });
  const runner = runnerOf(raw.runner, baseDir);
  if (raw.markInvalid !== undefined && typeof raw.markInvalid !== 'boolean') bad('markInvalid', raw.markInvalid, 'true or false');
  if (raw.dir !== undefined && (typeof raw.dir !== 'string' || raw.dir === '')) bad('dir', raw.dir, 'the campaign directory (relative to the file)');
  return {
    name: name as string,
    params,
    vary,
    ...(raw.correlation !== undefined ? { correlation: raw.correlation as CorrelationSpec } : {}),
    sampler: samplerOut as unknown as SamplerSpec,
    encoders,
    runner,
    ...(raw.decoder ? { decoder: withAbsolutePaths(raw.decoder as Record<string, unknown>, baseDir) } : {}),
    analysis: analysisOf(raw.analysis, samplerOut as unknown as SamplerSpec),
    ...(raw.markInvalid !== undefined ? { markInvalid: raw.markInvalid as boolean } : {}),
    baseDir,
  };
}

/** The parts of a field path: "encoders[1].source" -> ["encoders", 1, "source"]. */
function pathParts(field: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return parts;
}

/** The line of the deepest node of `doc` along `field`'s path (1-based), if any. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, field: string | undefined): number | undefined {
  if (!field) return undefined;
  let node: unknown = doc.contents;
  let at: number | undefined;
  for (const part of pathParts(field)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part || String((p.key as { value?: unknown } | null)?.value) === String(part));
      if (!pair) break;
      const key = pair.key as Node | null;
      if (key?.range) at = lines.linePos(key.range[0]).line;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part];
      const r = (node as Node).range;
      if (r) at = lines.linePos(r[0]).line;
    } else break;
  }
  return at;
}

/** The line (1-based) of `field` (e.g. "params.T0.default") in the campaign file at `path`, if found. */
export function lineInFile(path: string, field: string): number | undefined {
  try {
    const lines = new LineCounter();
    const doc = parseDocument(path === STDIN_NAME || path === '-' ? readInput('-', 'campaign file') : readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: false });
    return lineOf(doc, lines, field);
  } catch {
    return undefined;
  }
}

/** Reads and checks a campaign file; every problem is one CliError with file and line. */
export function readCampaignFile(path: string, options: { dir?: string } = {}): CampaignFile {
  // `-`: standard input, whose relative paths resolve against the current directory
  const file = path === '-' ? join(process.cwd(), STDIN_NAME) : resolve(path);
  const text = readInput(path, 'campaign file');
  if (path === '-') path = STDIN_NAME;
  const lines = new LineCounter();
  // JSON is YAML (1.2), so one parser reads both and gives lines for either.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new CliError(e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), { file: path, ...opt('line', e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line) });
  }
  const baseDir = dirname(file);
  let raw: unknown;
  try {
    // The yaml package counts the nodes each alias stands for before copying them, so an alias
    // bomb (each anchor repeating the one before) stops here after a few steps, not expanded.
    raw = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let at: number | undefined;
    visit(doc, { Alias: (_k, node) => {
      if (isAlias(node) && node.range) at = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    } });
    const why = /exhaustion/.test(e.message) ? 'YAML aliases here expand to more than 1000 values; write the values out instead of repeating aliases' : e.message;
    throw new CliError(why, { file: path, ...opt('line', at) });
  }
  try {
    const config = checkCampaign(raw, baseDir);
    const dir = options.dir !== undefined ? resolve(options.dir) : resolve(baseDir, typeof (raw as { dir?: unknown }).dir === 'string' ? (raw as { dir: string }).dir : `${config.name}.uqkit`);
    return { path: path === STDIN_NAME ? STDIN_NAME : file, config, campaignDir: dir };
  } catch (e) {
    if (e instanceof UqkitError && !(e instanceof CliError)) {
      const field = e.field ?? '';
      throw new CliError(e.message, { file: path, ...opt('line', lineOf(doc, lines, field)) });
    }
    throw e;
  }
}
