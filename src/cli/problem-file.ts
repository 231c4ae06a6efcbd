// SALib's problem files: one parameter per line, `name lower upper [group] [dist]` (separated
// by spaces, tabs or commas, as SALib's read_param_file sniffs them), or SALib's problem
// dictionary as JSON. Every mistake is one CliError naming the file, the line and the field.
import { LogNormal, LogUniform, Normal, Triangular, TruncatedNormal, Uniform, Weibull, type Distribution } from '../distributions/index.js';
import { CliError } from './cli-error.js';
import { inputName, readInput } from './input.js';

/** A problem: its parameters, their distributions and their groups. */
export interface Problem {
  /** The parameter names, in the file's order (the columns of a sample file). */
  readonly names: readonly string[];
  /** The distribution of each parameter, in SALib's parameterisation (see salibDistribution). */
  readonly dists: readonly Distribution[];
  /**
   * The group of each parameter by name (SALib's `groups`: the 4th column, NA or the name
   * itself for none), or undefined when every parameter is its own group.
   */
  readonly groups: readonly string[] | undefined;
  /** The distinct group names in order of first appearance (the names without groups). */
  readonly groupNames: readonly string[];
  /** The group number (index into groupNames) of each parameter, or undefined without groups. */
  readonly groupIndex: readonly number[] | undefined;
  /** SALib's name of each parameter's distribution (`unif` when the file gives none). */
  readonly distNames: readonly string[];
  /** The file as named on the command line (`<stdin>` for `-`). */
  readonly file: string;
}

/** SALib's distributions (SALib.util._nonuniform_scale_samples). */
export const SALIB_DISTS = ['unif', 'triang', 'norm', 'truncnorm', 'lognorm', 'logunif', 'weibull'] as const;

/** What each of SALib's distributions takes as its numbers. */
const PARAMS: Record<string, string> = {
  unif: 'lower, upper',
  triang: 'start, end, peak as a fraction of the width (or end, peak with start 0)',
  norm: 'mean, std',
  truncnorm: 'lower, upper, mean, std',
  lognorm: 'mean, std of ln x',
  logunif: 'lower, upper (both > 0)',
  weibull: 'shape, scale (and location)',
};

/**
 * The distribution of SALib's `dist` with its `bounds` as SALib.util reads them:
 * unif [lower, upper]; triang [start, end, peak fraction] or [end, peak fraction] from 0;
 * norm [mean, std]; truncnorm [lower, upper, mean, std]; lognorm [mean, std] of ln x;
 * logunif [lower, upper]: log x uniform; weibull [shape, scale, location = 0].
 */
function salibDistribution(dist: string, b: readonly number[], where: { file: string; line?: number }, name: string, field: string): Distribution {
  const at = `parameter ${JSON.stringify(name)}: ${field}`;
  const need = (k: number | number[]) => {
    const ks = Array.isArray(k) ? k : [k];
    if (!ks.includes(b.length)) {
      const text = where.line !== undefined && Math.max(...ks) > 2 ? '; a problem file of lines gives 2 numbers: write it as JSON ({"names", "bounds", "dists"})' : '';
      throw new CliError(`${at}: ${dist} takes ${ks.join(' or ')} numbers (${PARAMS[dist]}), got ${b.length}${text}`, where);
    }
  };
  const fail = (what: string): never => {
    throw new CliError(`${at}: ${dist} needs ${what}, got ${b.join(', ')}`, where);
  };
  try {
    switch (dist) {
      case 'unif':
        need(2);
        if (!(b[0]! < b[1]!)) fail('lower < upper');
        return new Uniform(b[0]!, b[1]!);
      case 'norm':
        need(2);
        if (!(b[1]! > 0)) fail('a std > 0');
        return new Normal(b[0]!, b[1]!);
      case 'lognorm':
        need(2);
        if (!(b[1]! > 0)) fail('a std > 0');
        return new LogNormal(b[0]!, b[1]!);
      case 'triang': {
        need([2, 3]);
        const [start, end, c] = b.length === 3 ? [b[0]!, b[1]!, b[2]!] : [0, b[0]!, b[1]!];
        if (!(end > start) || !(c >= 0 && c < 1)) fail('start < end and a peak fraction in [0, 1)');
        return new Triangular(start, start + c * (end - start), end);
      }
      case 'truncnorm':
        need(4);
        if (!(b[0]! < b[1]!) || !(b[3]! > 0)) fail('lower < upper and a std > 0');
        return new TruncatedNormal(b[2]!, b[3]!, b[0]!, b[1]!);
      case 'logunif':
        need(2);
        if (!(b[0]! > 0 && b[0]! < b[1]!)) fail('0 < lower < upper');
        return new LogUniform(b[0]!, b[1]!);
      case 'weibull':
        need([2, 3]);
        if (!(b[0]! > 0 && b[1]! > 0)) fail('a shape > 0 and a scale > 0');
        return new Weibull(b[0]!, b[1]!, b[2] ?? 0);
      default: {
        const close = SALIB_DISTS.filter((k) => k.startsWith(dist.slice(0, 3)));
        throw new CliError(`${at}: unknown distribution ${JSON.stringify(dist)}${close.length === 1 ? `; did you mean "${close[0]}"?` : ''}; SALib's are ${SALIB_DISTS.join(', ')}`, where);
      }
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${at}: ${(e as Error).message}`, where);
  }
}

/** Fields of a line: split at commas, else at tabs or runs of spaces (SALib sniffs one of them). */
export function fields(line: string): string[] {
  const t = line.trim();
  return (t.includes(',') ? t.split(',') : t.split(/\s+/)).map((f) => f.trim());
}

function number(text: string | undefined, what: string, where: { file: string; line: number }): number {
  const v = text === undefined || text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new CliError(`${what}: expected a number, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`, where);
  return v;
}

/** Groups as SALib has them: none when every parameter is its own group; one group alone is an error. */
function withGroups(file: string, names: string[], dists: Distribution[], distNames: string[], groupOf: string[]): Problem {
  const ungrouped = groupOf.every((g, j) => g === names[j]);
  const groupNames = ungrouped ? names : [...new Set(groupOf)];
  if (!ungrouped && groupNames.length === 1) throw new CliError(`every parameter is in group ${JSON.stringify(groupNames[0])}: one group alone has no sensitivity to measure (SALib refuses it too); give at least two groups, or none`, { file });
  return {
    names, dists, distNames, file,
    groups: ungrouped ? undefined : groupOf,
    groupNames,
    groupIndex: ungrouped ? undefined : groupOf.map((g) => groupNames.indexOf(g)),
  };
}

/**
 * Reads a SALib problem file (`-`: standard input): one parameter per line,
 * `name lower upper [group] [dist]`, separated by commas, tabs or spaces; lines whose name
 * starts with # are comments; the group NA (or the name itself) means no group. Or SALib's
 * problem dictionary as JSON: `{ "names": [...], "bounds": [[...], ...], "groups"?: [...],
 * "dists"?: [...] }` (needed for distributions with more than two numbers).
 */
export function readProblem(path: string): Problem {
  const text = readInput(path, 'problem file');
  const file = inputName(path);
  if (path.endsWith('.json') || text.trimStart().startsWith('{')) return jsonProblem(file, text);
  const names: string[] = [], dists: Distribution[] = [], distNames: string[] = [], groupOf: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const where = { file, line };
    const f = fields(raw);
    if (f.length < 3) throw new CliError(`expected "name lower upper [group] [dist]", got ${f.length} field${f.length === 1 ? '' : 's'}`, where);
    if (f.length > 5) throw new CliError(`expected at most 5 fields (name lower upper group dist), got ${f.length}`, where);
    const name = f[0]!;
    if (names.includes(name)) throw new CliError(`parameter ${JSON.stringify(name)} is defined twice`, where);
    const b = [number(f[1], `parameter ${JSON.stringify(name)}: the 2nd field`, where), number(f[2], `parameter ${JSON.stringify(name)}: the 3rd field`, where)];
    const group = f[3];
    const dist = f[4] === undefined || f[4] === '' ? 'unif' : f[4];
    names.push(name);
    groupOf.push(group === undefined || group === '' || group === 'NA' ? name : group);
    distNames.push(dist);
    dists.push(salibDistribution(dist, b, where, name, 'the 2nd and 3rd fields'));
  });
  if (names.length === 0) throw new CliError('no parameters (expected lines "name lower upper [group] [dist]")', { file });
  return withGroups(file, names, dists, distNames, groupOf);
}

function jsonProblem(file: string, text: string): Problem {
  let p: { names?: unknown; bounds?: unknown; dists?: unknown; num_vars?: unknown; groups?: unknown };
  try {
    p = JSON.parse(text);
  } catch (e) {
    throw new CliError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  const where = { file };
  if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new CliError('expected a JSON object with "names" and "bounds"', where);
  if (!Array.isArray(p.names) || !p.names.every((n) => typeof n === 'string') || p.names.length === 0) throw new CliError('"names": expected a non-empty array of strings', where);
  const names = p.names as string[];
  const dup = names.find((n, j) => names.indexOf(n) !== j);
  if (dup !== undefined) throw new CliError(`"names": ${JSON.stringify(dup)} is there twice`, where);
  if (!Array.isArray(p.bounds) || p.bounds.length !== names.length) throw new CliError(`"bounds": expected one array of numbers per name (${names.length})`, where);
  if (p.dists !== undefined && p.dists !== null && (!Array.isArray(p.dists) || p.dists.length !== names.length)) throw new CliError(`"dists": expected one distribution name per name (${names.length})`, where);
  if (p.groups !== undefined && p.groups !== null && (!Array.isArray(p.groups) || p.groups.length !== names.length || !p.groups.every((g) => typeof g === 'string'))) throw new CliError(`"groups": expected one group name (a string) per name (${names.length})`, where);
  if (p.num_vars !== undefined && p.num_vars !== names.length) throw new CliError(`"num_vars" is ${JSON.stringify(p.num_vars)} but there are ${names.length} names`, where);
  const distNames: string[] = [];
  const dists = names.map((name, j) => {
    const b = (p.bounds as unknown[])[j];
    if (!Array.isArray(b) || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new CliError(`"bounds"[${j}] (${name}): expected an array of numbers`, where);
    const dist = Array.isArray(p.dists) ? p.dists[j] : 'unif';
    if (typeof dist !== 'string') throw new CliError(`"dists"[${j}] (${name}): expected a distribution name`, where);
    distNames.push(dist);
    return salibDistribution(dist, b as number[], where, name, `"bounds"[${j}]`);
  });
  const groupOf = Array.isArray(p.groups) ? (p.groups as string[]).map((g, j) => (g === 'NA' ? names[j]! : g)) : names.slice();
  return withGroups(file, names.slice(), dists, distNames, groupOf);
}
