// Files of the command line: SALib's problem files and numeric tables (whitespace- or
// comma-separated, as numpy.savetxt / loadtxt write and read them). Every problem is reported
// as one CliError naming the file, the line and what is wrong.
import { readFileSync } from 'node:fs';
import { LogNormal, Normal, Triangular, TruncatedNormal, Uniform, type Distribution } from '../distributions/index.js';
import { writeUserFile } from '../io/safe-fs.js';

export { CliError } from './cli-error.js';
import { CliError } from './cli-error.js';

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the ${what}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : `: ${(e as Error).message}`}`, { file: path });
  }
}

/** Fields of a line: split at commas, tabs or runs of spaces (SALib sniffs one of them). */
function fields(line: string): string[] {
  const t = line.trim();
  return (t.includes(',') ? t.split(',') : t.split(/[\s]+/)).map((f) => f.trim());
}

/** A problem: parameter names and their distributions. */
export interface Problem {
  readonly names: readonly string[];
  readonly dists: readonly Distribution[];
}

const SALIB_DISTS = ['unif', 'norm', 'lognorm', 'triang', 'truncnorm'] as const;

/**
 * The distribution of SALib's `dist` with its `bounds` (SALib.util.scale_samples):
 * unif [low, high]; norm [mean, std]; lognorm [mean, std] of ln x; triang [start, end, peak
 * as a fraction of the width] or the older [end, peak fraction] from 0; truncnorm [low, high,
 * mean, std].
 */
function salibDistribution(dist: string, b: readonly number[], where: { file: string; line?: number }, name: string): Distribution {
  const need = (k: number | number[]) => {
    const ks = Array.isArray(k) ? k : [k];
    if (!ks.includes(b.length)) throw new CliError(`parameter ${JSON.stringify(name)}: ${dist} takes ${ks.join(' or ')} numbers, got ${b.length}`, where);
  };
  try {
    switch (dist) {
      case 'unif':
        need(2);
        if (!(b[0]! < b[1]!)) throw new CliError(`parameter ${JSON.stringify(name)}: the lower bound ${b[0]} must be below the upper bound ${b[1]}`, where);
        return new Uniform(b[0]!, b[1]!);
      case 'norm':
        need(2);
        return new Normal(b[0]!, b[1]!);
      case 'lognorm':
        need(2);
        return new LogNormal(b[0]!, b[1]!);
      case 'triang': {
        need([2, 3]);
        const [start, end, c] = b.length === 3 ? [b[0]!, b[1]!, b[2]!] : [0, b[0]!, b[1]!];
        if (!(end > start) || !(c >= 0 && c < 1)) throw new CliError(`parameter ${JSON.stringify(name)}: triang needs start < end and a peak fraction in [0, 1), got ${b.join(', ')}`, where);
        return new Triangular(start, start + c * (end - start), end);
      }
      case 'truncnorm':
        need(4);
        return new TruncatedNormal(b[2]!, b[3]!, b[0]!, b[1]!);
      default:
        throw new CliError(`parameter ${JSON.stringify(name)}: unknown distribution ${JSON.stringify(dist)}; SALib's are ${SALIB_DISTS.join(', ')}`, where);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`parameter ${JSON.stringify(name)}: ${(e as Error).message}`, where);
  }
}

function number(text: string | undefined, what: string, where: { file: string; line: number }): number {
  const v = text === undefined || text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new CliError(`${what}: expected a number, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`, where);
  return v;
}

/**
 * A SALib problem file: one parameter per line, `name lower upper [group] [dist]`, separated
 * by spaces, tabs or commas; lines starting with # are comments. Or a JSON file with SALib's
 * problem dictionary ({ "names": [...], "bounds": [[...], ...], "dists": [...] }).
 * Groups are not supported (uqkit analyses each parameter on its own).
 */
export function readProblem(path: string): Problem {
  const text = read(path, 'problem file');
  if (path.endsWith('.json') || text.trimStart().startsWith('{')) return jsonProblem(path, text);
  const names: string[] = [], dists: Distribution[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const where = { file: path, line };
    const f = fields(raw);
    if (f.length < 3) throw new CliError(`expected "name lower upper [group] [dist]", got ${f.length} field${f.length === 1 ? '' : 's'}`, where);
    if (f.length > 5) throw new CliError(`expected at most 5 fields (name lower upper group dist), got ${f.length}`, where);
    const name = f[0]!;
    if (names.includes(name)) throw new CliError(`parameter ${JSON.stringify(name)} is defined twice`, where);
    const b = [number(f[1], `parameter ${JSON.stringify(name)}: the lower bound (2nd field)`, where), number(f[2], `parameter ${JSON.stringify(name)}: the upper bound (3rd field)`, where)];
    const group = f[3];
    if (group !== undefined && group !== '' && group !== 'NA' && group !== name) {
      throw new CliError(`parameter ${JSON.stringify(name)}: groups (4th field ${JSON.stringify(group)}) are not supported; use NA or the parameter's name`, where);
    }
    names.push(name);
    dists.push(salibDistribution(f[4] === undefined || f[4] === '' ? 'unif' : f[4], b, where, name));
  });
  if (names.length === 0) throw new CliError('no parameters (expected lines "name lower upper [group] [dist]")', { file: path });
  return { names, dists };
}

function jsonProblem(path: string, text: string): Problem {
  let p: { names?: unknown; bounds?: unknown; dists?: unknown; num_vars?: unknown; groups?: unknown };
  try {
    p = JSON.parse(text);
  } catch (e) {
    throw new CliError(`not valid JSON: ${(e as Error).message}`, { file: path });
  }
  const where = { file: path };
  if (!Array.isArray(p.names) || !p.names.every((n) => typeof n === 'string') || p.names.length === 0) throw new CliError('"names": expected a non-empty array of strings', where);
  if (!Array.isArray(p.bounds) || p.bounds.length !== p.names.length) throw new CliError(`"bounds": expected one array of numbers per name (${p.names.length})`, where);
  if (p.dists !== undefined && p.dists !== null && (!Array.isArray(p.dists) || p.dists.length !== p.names.length)) throw new CliError(`"dists": expected one distribution name per name (${p.names.length})`, where);
  if (p.num_vars !== undefined && p.num_vars !== p.names.length) throw new CliError(`"num_vars" is ${JSON.stringify(p.num_vars)} but there are ${p.names.length} names`, where);
  if (Array.isArray(p.groups) && p.groups.some((g, j) => g !== (p.names as string[])[j])) throw new CliError('"groups" are not supported', where);
  const names = p.names as string[];
  const dists = names.map((name, j) => {
    const b = (p.bounds as unknown[])[j];
    if (!Array.isArray(b) || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) throw new CliError(`"bounds"[${j}] (${name}): expected an array of numbers`, where);
    const dist = Array.isArray(p.dists) ? p.dists[j] : 'unif';
    if (typeof dist !== 'string') throw new CliError(`"dists"[${j}] (${name}): expected a distribution name`, where);
    return salibDistribution(dist, b as number[], where, name);
  });
  return { names, dists };
}

/**
 * A numeric table (with the file line of each row): one row per line, numbers separated by spaces, tabs or commas (all lines
 * alike); # starts a comment line. `nan`, `inf` and `-inf` are read as numpy writes them.
 */
export function readTable(path: string, what = 'table'): { data: Float64Array; rows: number; cols: number; lines: readonly number[] } {
  const text = read(path, what);
  const values: number[] = [];
  const lines: number[] = [];
  let cols = -1, rows = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const f = fields(t);
    if (cols < 0) cols = f.length;
    else if (f.length !== cols) throw new CliError(`expected ${cols} number${cols === 1 ? '' : 's'} per line as on the first line, got ${f.length}`, { file: path, line: i + 1 });
    f.forEach((s, j) => {
      const low = s.toLowerCase();
      const v = low === 'nan' ? NaN : low === 'inf' || low === '+inf' || low === 'infinity' ? Infinity : low === '-inf' || low === '-infinity' ? -Infinity : s === '' ? NaN : Number(s);
      if (Number.isNaN(v) && low !== 'nan') throw new CliError(`field ${j + 1}: expected a number, got ${JSON.stringify(s)}`, { file: path, line: i + 1 });
      values.push(v);
    });
    lines.push(i + 1);
    rows++;
  });
  if (rows === 0) throw new CliError(`no numbers in the ${what}`, { file: path });
  return { data: Float64Array.from(values), rows, cols, lines };
}

/** Writes rows x cols numbers, one row per line, separated by `delimiter`; `header` lines get '# '. The file is written whole or not at all. */
export function writeTable(path: string | undefined, data: Float64Array, rows: number, cols: number, opts: { delimiter: string; precision?: number; header?: readonly string[] }): void {
  const fmt = opts.precision === undefined ? (v: number) => String(v) : (v: number) => v.toExponential(opts.precision);
  const lines: string[] = (opts.header ?? []).map((h) => `# ${h}`);
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < cols; j++) row.push(fmt(data[i * cols + j]!));
    lines.push(row.join(opts.delimiter));
  }
  const text = lines.join('\n') + '\n';
  if (path === undefined || path === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    writeUserFile(path, text); // whole or not at all
  } catch (e) {
    throw new CliError(`cannot write: ${(e as Error).message}`, { file: path });
  }
}
