// How a sample file was drawn, recorded in its header: `# ...` lines at its top, which SALib
// and numpy.loadtxt skip. `uqkit analyze` reads them back from the sample file (-X) and
// refuses outputs or options that do not fit the design (the method, second order, groups,
// levels, row count, the problem's names), instead of printing indices of the wrong blocks.
//
// The header of every method has the same form:
//   # uqkit sample METHOD: key=value key=value ...
//   # problem: "problem.txt"
//   # names: ["x1","x2"]
//   # groups: ["g1","g2"]        (only when the problem has groups)
// The first line's fields are whatever determines the method's design (N, levels, seed, ...).
import { CliError } from './cli-error.js';
import type { Problem } from './problem-file.js';

/** A sample file's header: the method that drew it, its `key=value` fields, the problem. */
export interface SampleHeader {
  /** The method of `uqkit sample METHOD`. */
  readonly method: string;
  /** The `key=value` fields of the first line, in order. */
  readonly fields: ReadonlyMap<string, string>;
  /** The problem file as named when sampling. */
  readonly problem: string | undefined;
  /** The parameter names. */
  readonly names: readonly string[] | undefined;
  /** The group of each parameter, when the problem has groups. */
  readonly groups: readonly string[] | undefined;
}

/** A field's value in a header; undefined fields are left out. Values must not contain spaces. */
export type HeaderValue = string | number | bigint | boolean | undefined;

/**
 * The header lines (without '# ') of a design drawn by `uqkit sample method` for `problem`:
 * the `key=value` fields that determine the design, then the problem file, its names and groups.
 */
export function sampleHeader(method: string, fields: readonly (readonly [string, HeaderValue])[], problem: Pick<Problem, 'file' | 'names' | 'groups'>): string[] {
  const kv = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`);
  return [
    `uqkit sample ${method}: ${kv.join(' ')}`,
    `problem: ${JSON.stringify(problem.file)}`,
    `names: ${JSON.stringify(problem.names)}`,
    ...(problem.groups ? [`groups: ${JSON.stringify(problem.groups)}`] : []),
  ];
}

/** The header of a sample file's text, or undefined for a file without one (a plain table, or --no-header). */
export function readSampleHeader(text: string, file: string): SampleHeader | undefined {
  const head: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('#')) break;
    head.push(t.replace(/^#\s?/, ''));
  }
  const first = head.find((h) => /^uqkit sample \w+:/.test(h));
  if (first === undefined) return undefined;
  const m = /^uqkit sample (\w+):(.*)$/.exec(first)!;
  const fields = new Map<string, string>();
  for (const f of m[2]!.trim().split(/\s+/)) {
    if (f === '') continue;
    const at = f.indexOf('=');
    if (at <= 0) throw new CliError(`the header "# uqkit sample ${m[1]}: ..." has ${JSON.stringify(f)}, not key=value; was it edited? (--no-header files are read as plain tables)`, { file });
    fields.set(f.slice(0, at), f.slice(at + 1));
  }
  const json = (key: string): string[] | undefined => {
    const line = head.find((h) => h.startsWith(`${key}: `));
    if (line === undefined) return undefined;
    try {
      const v = JSON.parse(line.slice(key.length + 2)) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // reported below
    }
    throw new CliError(`the header line "# ${key}: ..." is not a JSON array of names`, { file });
  };
  const problemLine = head.find((h) => h.startsWith('problem: '));
  return {
    method: m[1]!, fields, names: json('names'), groups: json('groups'),
    problem: problemLine === undefined ? undefined : problemLine.slice(9).replace(/^"(.*)"$/, '$1'),
  };
}

/** A whole-number field of a header (required unless `need` is false). */
export function headerInt(h: SampleHeader, key: string, file: string, need = true): number | undefined {
  const v = h.fields.get(key);
  if (v === undefined && !need) return undefined;
  if (v === undefined || !/^\d+$/.test(v)) throw new CliError(`the header "# uqkit sample ${h.method}: ..." has ${v === undefined ? `no ${key}=` : `${key}=${v}, not a whole number`}; was it edited? (--no-header files are read as plain tables)`, { file });
  return Number(v);
}

const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const list = (a: readonly string[]) => a.join(' ');

/**
 * Checks that the design a header describes is one `uqkit analyze analyze` can analyse (drawn
 * by one of `methods`) for `problem` (the same names, groups and d); throws a CliError of one
 * line saying what differs. `where` names the file of the header.
 */
export function checkDesign(h: SampleHeader, where: string, analyze: string, methods: readonly string[], problem: Pick<Problem, 'file' | 'names' | 'groups'>): void {
  checkMethod(h, where, analyze, methods);
  checkProblem(h, where, problem);
}

/**
 * Checks that the design a header describes was drawn for `problem` (the same names, groups
 * and d), whichever method drew it; throws a CliError of one line saying what differs.
 */
export function checkProblem(h: SampleHeader, where: string, problem: Pick<Problem, 'file' | 'names' | 'groups'>): void {
  if (h.names && !same(h.names, problem.names)) {
    throw new CliError(`the design in ${where} was drawn for the parameters ${list(h.names)}${h.problem ? ` (${h.problem})` : ''}, but ${problem.file} has ${list(problem.names)}`);
  }
  if (!same(h.groups, problem.groups)) {
    const g = (x: readonly string[] | undefined) => (x ? `the groups ${list(x)}` : 'no groups');
    throw new CliError(`the design in ${where} was drawn with ${g(h.groups)}, but ${problem.file} has ${g(problem.groups)}`);
  }
  const d = headerInt(h, 'd', where);
  if (d !== problem.names.length) throw new CliError(`the design in ${where} has d=${d} parameters, but ${problem.file} has ${problem.names.length}`);
}

/** Checks that the design was drawn by one of `methods`, the designs `uqkit analyze analyze` takes. */
export function checkMethod(h: SampleHeader, where: string, analyze: string, methods: readonly string[]): void {
  if (!methods.includes(h.method)) {
    throw new CliError(`the design in ${where} was drawn by uqkit sample ${h.method}, but uqkit analyze ${analyze} analyses designs of uqkit sample ${methods.join(' or ')}`);
  }
}

/**
 * An option that must agree with the design: the header's value of `key` when the option was
 * not given (undefined when the header has none), `given` when it agrees; a CliError of one
 * line when the option says otherwise (`flag` as the user may write it, e.g. `-l/--levels`).
 */
export function agreeWithDesign(h: SampleHeader, where: string, key: string, flag: string, given: string | undefined): string | undefined {
  const drawn = h.fields.get(key);
  if (given === undefined) return drawn;
  if (drawn !== undefined && drawn !== given) throw new CliError(`${flag} ${given}: the design in ${where} was drawn with ${key}=${drawn} (uqkit sample ${h.method}); pass ${flag} ${drawn}, or leave it out`);
  return given;
}

/** Checks that `rows` (of a file named `file`) match the design's rows=, one line per sample line. */
export function checkRows(h: SampleHeader, where: string, rows: number, file: string, what = 'rows of outputs'): void {
  const expected = headerInt(h, 'rows', where)!;
  if (rows !== expected) throw new CliError(`${rows} ${what}, but the design in ${where} has ${expected} rows: one line per sample line`, { file });
}

/** A design as its sample file's header describes it. */
export interface Provenance {
  /** The command's method: `saltelli` or `sobol`. */
  readonly method: string;
  /** Base rows N. */
  readonly n: number;
  /** Parameters (columns) d. */
  readonly d: number;
  /** Blocks per base row besides A and B: the number of groups (d without groups). */
  readonly groupCount: number;
  /** Rows of the design: N(G + 2), or N(2G + 2) with second order. */
  readonly rows: number;
  /** Whether the design has the BA blocks (SALib's calc_second_order). */
  readonly secondOrder: boolean;
  /** Row order: `salib` or `block`. */
  readonly layout: 'salib' | 'block';
  /** Where the points came from: `sobol` or `random`. */
  readonly sampler: string;
  /** The Sobol' scramble (`owen`, `lms` or `none`), when sampler is sobol. */
  readonly scramble: string | undefined;
  /** Sobol' points skipped. */
  readonly skip: number | undefined;
  /** The seed (decimal), when there is one. */
  readonly seed: string | undefined;
  /** The problem file as named when sampling. */
  readonly problem: string | undefined;
  /** The parameter names (the columns). */
  readonly names: readonly string[] | undefined;
  /** The group of each parameter, when the problem has groups. */
  readonly groups: readonly string[] | undefined;
  /** The header as read (absent in a Provenance made to be written). */
  readonly header?: SampleHeader;
}

/** The header lines (without '# ') describing a design. */
export function provenanceHeader(p: Provenance): string[] {
  const fields = [
    `n=${p.n}`, `d=${p.d}`, ...(p.groups ? [`groups=${p.groupCount}`] : []), `rows=${p.rows}`, `second-order=${p.secondOrder}`,
    `layout=${p.layout}`, `sampler=${p.sampler}`,
    ...(p.scramble !== undefined ? [`scramble=${p.scramble}`] : []), ...(p.skip !== undefined ? [`skip=${p.skip}`] : []),
    ...(p.seed !== undefined ? [`seed=${p.seed}`] : []),
  ];
  return [
    `uqkit sample ${p.method}: ${fields.join(' ')}`,
    ...(p.problem !== undefined ? [`problem: ${JSON.stringify(p.problem)}`] : []),
    ...(p.names ? [`names: ${JSON.stringify(p.names)}`] : []),
    ...(p.groups ? [`groups: ${JSON.stringify(p.groups)}`] : []),
  ];
}

/** The Saltelli design a file's header describes, or undefined for a file without one (a plain table). */
export function readProvenance(text: string, file: string): Provenance | undefined {
  const h = readSampleHeader(text, file);
  if (h === undefined) return undefined;
  checkMethod(h, file, 'sobol', ['saltelli', 'sobol']);
  const int = (k: string, need = true) => headerInt(h, k, file, need);
  const d = int('d')!;
  const kv = h.fields;
  return {
    method: h.method, n: int('n')!, d, groupCount: int('groups', false) ?? (h.groups ? new Set(h.groups).size : d), rows: int('rows')!,
    secondOrder: kv.get('second-order') === 'true', layout: kv.get('layout') === 'block' ? 'block' : 'salib',
    sampler: kv.get('sampler') ?? 'sobol', scramble: kv.get('scramble'), skip: int('skip', false), seed: kv.get('seed'),
    problem: h.problem, names: h.names, groups: h.groups, header: h,
  };
}
