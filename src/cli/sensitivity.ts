// `uqkit sample saltelli`, `uqkit sample sobol` and `uqkit analyze sobol`: SALib's command-line
// workflow (problem file -> sample file -> model outputs -> indices) with SALib's flags and
// defaults, on uqkit's designs and estimators. The sample file's header records how the design
// was drawn, and `analyze` refuses outputs or options that do not fit it.
import { saltelliDesign, type SaltelliLayout } from '../numerics/saltelli.js';
import { sobolIndices, type SobolIndicesResult } from '../numerics/sensitivity.js';
import { matrix } from '../numerics/matrix.js';
import type { SobolScramble } from '../numerics/sobol.js';
import { CliError, readProblem, readTable, writeTable, type Problem, type Table } from './files.js';
import { UsageError } from './cli-error.js';
import { inputName, oneStdin, readInput } from './input.js';
import { checkDesign, provenanceHeader, readProvenance, type Provenance } from './provenance.js';
import { alias, ANALYZE_OPTIONS, ANALYZE_OPTIONS_HELP, delimiterArg, intArg, maxOrderArg, parseSalib, precisionArg, SAMPLE_OPTIONS, SAMPLE_OPTIONS_HELP, seedArg } from './salib-args.js';
import { pandasTable } from './salib-console.js';

const SAMPLE_MORE = `      --max-order K      1 or 2 (default 2, as SALib): 2 adds the BA blocks for second-order
                         indices, N(2G+2) rows instead of N(G+2) (G: parameters, or groups).
                         --second-order is --max-order 2
  -s, --seed S           seed of the scramble or of --random (default: a fresh one, in the header)
      --scramble KIND    owen, lms (linear matrix scramble + digital shift, as scipy and SALib),
                         none; SALib's 1 is lms and 0 none
      --skip-values M    Sobol' points to skip (--skip: the same)
      --random           plain Monte Carlo points instead of Sobol' points
      --layout L         salib (per base row: A, AB_1..AB_G, [BA_1..BA_G], B) or block
                         (the blocks one after another: A, B, AB_1.., BA_1..)
Groups (the problem file's 4th column, or "groups" in JSON) get one AB (and BA) block each,
and \`uqkit analyze sobol\` gives one index per group.`;

/** `uqkit sample saltelli --help`. */
export const SAMPLE_HELP = `uqkit sample saltelli -p PROBLEM -n N [options]

Writes a Saltelli design for the parameters of a SALib problem file, one point per line, in
SALib's row order, as \`salib sample saltelli\` does: the plain (unscrambled) Sobol' sequence
with the first max(16, N rounded up to a power of two) points skipped, and second order
(--max-order 2) by default, numbers as %.8e. \`uqkit sample sobol\` is the scrambled one.

${SAMPLE_OPTIONS_HELP}
${SAMPLE_MORE}
Defaults here: --scramble none, --skip-values max(16, N rounded up to a power of two),
--max-order 2; -s is used only with --scramble owen|lms or --random.
SALib options left out: none (SALib's saltelli has no -s; uqkit takes it for the scrambles).`;

/** `uqkit sample sobol --help`. */
export const SAMPLE_SOBOL_HELP = `uqkit sample sobol -p PROBLEM -n N [options]

Writes a Saltelli design from a scrambled Sobol' sequence for the parameters of a SALib problem
file, one point per line, in SALib's row order, as \`salib sample sobol\` does (its defaults:
scrambled, nothing skipped, second order). The points are not SALib's (its scramble draws
from numpy's generator); the design and its use are.

${SAMPLE_OPTIONS_HELP}
${SAMPLE_MORE}
Defaults here: --scramble lms (SALib's), --skip-values 0, --max-order 2. Unlike \`salib sample
sobol\`, -s and --skip-values are used (SALib's command line takes them and drops them).`;

/** `uqkit analyze sobol --help`. */
export const ANALYZE_HELP = `uqkit analyze sobol -p PROBLEM -Y FILE [options]

Sobol' indices from model outputs at the rows of a Saltelli design (uqkit sample saltelli or
sobol, or SALib's), with SALib's estimators (first order Saltelli 2010, total Jansen 1999,
second order Saltelli 2002) and bootstrap confidence intervals, printed as SALib prints them:
ST and ST_conf, S1 and S1_conf, then S2 and S2_conf (with --max-order 2), one line per
parameter (or group, or pair).

${ANALYZE_OPTIONS_HELP}
      --max-order K      1 or 2 (default 2, as SALib): 2 needs the design's BA blocks and adds
                         second-order indices. A sample file (-X) or outputs file with uqkit's
                         header that was drawn without them is refused; without a header, the
                         row count is checked against d and the order
  -r, --resamples R      bootstrap resamples (default 100, as SALib; 0: no intervals)
      --confidence C     confidence level of the intervals (default 0.95)
      --layout L         salib (default) or block; from the header when there is one
      --drop-nonfinite   drop base rows with NaN/inf outputs (default: an error naming the rows)
      --parallel, --processors N
                         accepted for SALib's scripts; uqkit's bootstrap already runs in worker
                         threads, one per core (UQKIT_THREADS=1 turns them off)
SALib options left out: none.`;

const layoutArg = (v: string | undefined): SaltelliLayout | undefined => {
  if (v === undefined) return undefined;
  if (v !== 'salib' && v !== 'block') throw new CliError(`--layout: expected salib or block, got ${JSON.stringify(v)}`);
  return v;
};

/** --scramble: owen, lms, none, or SALib's integers 1 (lms) and 0 (none). */
function scrambleArg(v: string | undefined): SobolScramble | undefined {
  if (v === undefined) return undefined;
  const s = ({ owen: 'owen', lms: 'lms', none: false, '1': 'lms', '0': false, true: 'lms', false: false } as Record<string, SobolScramble>)[v.toLowerCase()];
  if (s === undefined) throw new CliError(`--scramble: expected owen, lms or none (or SALib's 1 or 0), got ${JSON.stringify(v)}`);
  return s;
}

/** --max-order, with --second-order as another way to say 2. */
function orderOf(v: Record<string, unknown>): { order: 1 | 2; given: boolean } {
  if (v['second-order'] && v['max-order'] === '1') throw new UsageError('--second-order and --max-order 1 contradict each other');
  return { order: v['second-order'] ? 2 : maxOrderArg(v['max-order'] as string | undefined), given: v['max-order'] !== undefined || v['second-order'] === true };
}

const SAMPLE_EXTRA = {
  'max-order': { type: 'string' }, 'second-order': { type: 'boolean' }, scramble: { type: 'string' },
  'skip-values': { type: 'string' }, skip: { type: 'string' }, random: { type: 'boolean' }, layout: { type: 'string' },
} as const;

function sample(method: 'saltelli' | 'sobol', argv: string[]): void {
  const v = parseSalib(argv, { ...SAMPLE_OPTIONS, ...SAMPLE_EXTRA });
  if (v.help) {
    process.stdout.write((method === 'saltelli' ? SAMPLE_HELP : SAMPLE_SOBOL_HELP) + '\n');
    return;
  }
  const paramfile = alias(v, 'paramfile', 'problem');
  if (paramfile === undefined) throw new CliError('-p/--paramfile: the problem file is required');
  const n = intArg('samples', v.samples, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of base rows is required');
  const { order } = orderOf(v);
  const given = scrambleArg(v.scramble);
  const skipText = alias(v, 'skip-values', 'skip');
  if (v.random && (given !== undefined || skipText !== undefined)) throw new CliError('--random: takes neither --scramble nor --skip-values');
  const scramble: SobolScramble = given ?? (method === 'saltelli' ? false : 'lms');
  const skip = intArg('skip-values', skipText, 0) ?? (method === 'saltelli' && scramble === false ? Math.max(16, 2 ** Math.ceil(Math.log2(n))) : 0);
  const seed = seedArg(v.seed);
  const format = precisionArg(v.precision);
  const delimiter = delimiterArg(v.delimiter) ?? ' ';
  const layout = layoutArg(v.layout) ?? 'salib';
  const problem = readProblem(paramfile);
  if (order === 2 && problem.groupNames.length < 2) throw new CliError(`--max-order 2 needs at least 2 parameters (or groups); ${problem.file} has 1: pass --max-order 1`);
  if (seed !== undefined && !v.random && scramble === false) process.stderr.write(`uqkit sample ${method}: warning: -s/--seed has no effect on the plain Sobol' sequence (pass --scramble owen or lms to scramble it)\n`);
  const design = saltelliDesign(problem.dists, n, {
    secondOrder: order === 2,
    layout,
    ...(problem.groupIndex ? { groups: problem.groupIndex } : {}),
    ...(v.random ? { sampler: 'random' as const } : { scramble, skip }),
    ...(seed === undefined ? {} : { seed }),
  });
  const header = provenanceHeader({
    method, n, d: design.dim, groupCount: design.groupCount, rows: design.X.rows, secondOrder: design.secondOrder, layout: design.layout,
    sampler: design.sampler, scramble: design.sampler === 'sobol' ? (design.scramble === false ? 'none' : design.scramble) : undefined,
    skip: design.sampler === 'sobol' ? design.skip : undefined, seed: design.seed === undefined ? undefined : String(design.seed),
    problem: problem.file, names: problem.names, groups: problem.groups,
  });
  writeTable(v.output, design.X.data, design.X.rows, design.X.cols, { delimiter, format, ...(v['no-header'] ? {} : { header }) });
}

/** `uqkit sample saltelli`: SALib's `salib sample saltelli` (see SAMPLE_HELP). */
export function sampleSaltelli(argv: string[]): void {
  sample('saltelli', argv);
}

/** `uqkit sample sobol`: SALib's `salib sample sobol` (see SAMPLE_SOBOL_HELP). */
export function sampleSobol(argv: string[]): void {
  sample('sobol', argv);
}

/**
 * The design the outputs belong to, from a header (the sample file's, or the outputs' own),
 * checked against the problem, the outputs and the options; one line on what differs.
 */
function fromHeader(prov: Provenance, where: string, problem: Problem, Y: Table, order: 1 | 2, layout: SaltelliLayout | undefined): { secondOrder: boolean; layout: SaltelliLayout } {
  if (prov.header) checkDesign(prov.header, where, 'sobol', ['saltelli', 'sobol'], problem);
  if (Y.rows !== prov.rows) {
    throw new CliError(`${Y.rows} rows of outputs, but the design in ${where} has ${prov.rows} rows (N=${prov.n}, ${prov.secondOrder ? 'second order' : 'no second order'}): one output line per sample line`, { file: Y.file });
  }
  if (order === 2 && !prov.secondOrder) {
    throw new CliError(`the design in ${where} was drawn without second order (--max-order 1: N(${prov.groupCount === prov.d ? 'd' : 'G'}+2) = ${prov.rows} rows), which has no BA blocks for --max-order 2: pass --max-order 1`);
  }
  if (layout !== undefined && layout !== prov.layout) throw new CliError(`--layout ${layout}: the design in ${where} is in the ${prov.layout} layout`);
  return { secondOrder: prov.secondOrder, layout: prov.layout };
}

/** Without a header: the row count against d (or G) and the order, saying which design it fits. */
function fromRows(problem: Problem, Y: Table, order: 1 | 2): boolean {
  const g = problem.groupNames.length, what = problem.groups ? `G=${g} groups` : `d=${g} parameters`;
  const fits1 = Y.rows % (g + 2) === 0 && Y.rows >= 2 * (g + 2), fits2 = g >= 2 && Y.rows % (2 * g + 2) === 0 && Y.rows >= 2 * (2 * g + 2);
  if (order === 2 && !fits2) {
    throw new CliError(`${Y.rows} rows of outputs do not fit --max-order 2 for ${what} (N(2${problem.groups ? 'G' : 'd'}+2): a multiple of ${2 * g + 2} rows, N >= 2)` +
      (fits1 ? `; they fit a design without second order (N=${Y.rows / (g + 2)}): pass --max-order 1` : ''), { file: Y.file });
  }
  if (order === 1 && !fits1) {
    throw new CliError(`${Y.rows} rows of outputs do not fit --max-order 1 for ${what} (N(${problem.groups ? 'G' : 'd'}+2): a multiple of ${g + 2} rows, N >= 2)` +
      (fits2 ? `; they fit a design with second order (N=${Y.rows / (2 * g + 2)}): pass --max-order 2` : ''), { file: Y.file });
  }
  return order === 2;
}

/** `uqkit analyze sobol`: SALib's `salib analyze sobol` (see ANALYZE_HELP). */
export function analyzeSobol(argv: string[]): void {
  const v = parseSalib(argv, {
    ...ANALYZE_OPTIONS, 'max-order': { type: 'string' }, 'second-order': { type: 'boolean' }, resamples: { type: 'string', short: 'r' },
    confidence: { type: 'string' }, layout: { type: 'string' }, 'drop-nonfinite': { type: 'boolean' },
    parallel: { type: 'boolean' }, processors: { type: 'string' },
  });
  if (v.help) {
    process.stdout.write(ANALYZE_HELP + '\n');
    return;
  }
  const paramfile = alias(v, 'paramfile', 'problem');
  const outputs = alias(v, 'model-output-file', 'outputs');
  const inputs = v['model-input-file'];
  if (paramfile === undefined) throw new CliError('-p/--paramfile: the problem file is required');
  if (outputs === undefined) throw new CliError('-Y/--model-output-file: the file of model outputs is required');
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': inputs });
  const { order } = orderOf(v);
  const resamples = intArg('resamples', v.resamples, 0) ?? 100;
  if (resamples === 1) throw new CliError('--resamples: expected 0 (no bootstrap) or at least 2');
  intArg('processors', v.processors, 1);
  const confidence = v.confidence === undefined ? 0.95 : Number(v.confidence);
  if (!(confidence > 0 && confidence < 1)) throw new CliError(`--confidence: expected a number strictly between 0 and 1, got ${JSON.stringify(v.confidence)}`);
  const seed = seedArg(v.seed);
  const layoutGiven = layoutArg(v.layout);
  const delimiter = delimiterArg(v.delimiter);
  const problem = readProblem(paramfile);
  const table = readTable(outputs, 'file of model outputs', delimiter);
  const all = v.column === 'all';
  if (v.column !== undefined && !all && !/^\d+$/.test(v.column)) throw new CliError(`--column: expected a column number from 0, or all, got ${JSON.stringify(v.column)}`);
  const column = all ? undefined : intArg('column', v.column, 0) ?? 0;
  if (column !== undefined && column >= table.cols) throw new CliError(`--column ${column}: the file has ${table.cols} column${table.cols === 1 ? '' : 's'} (0 to ${table.cols - 1})`, { file: table.file });

  // How the design was drawn: the sample file's header, else the outputs' own (a model that
  // copies it), else only the row count.
  let secondOrder: boolean, layout: SaltelliLayout;
  const xText = inputs === undefined ? undefined : readInput(inputs, 'sample file');
  const prov = xText !== undefined ? readProvenance(xText, inputName(inputs!)) : readProvenance(table.text, table.file);
  if (prov) ({ secondOrder, layout } = fromHeader(prov, xText !== undefined ? inputName(inputs!) : table.file, problem, table, order, layoutGiven));
  else {
    if (inputs !== undefined) {
      const X = readTable(inputs, 'sample file', delimiter);
      if (X.cols !== problem.names.length) throw new CliError(`the sample file has ${X.cols} columns, but ${problem.file} has ${problem.names.length} parameters`, { file: X.file });
      if (X.rows !== table.rows) throw new CliError(`${table.rows} rows of outputs, but the sample file ${X.file} has ${X.rows} rows: one output line per sample line`, { file: table.file });
    }
    secondOrder = fromRows(problem, table, order);
    layout = layoutGiven ?? 'salib';
  }

  const Y = column === undefined ? matrix(table.data, table.rows, table.cols) : matrix(Float64Array.from({ length: table.rows }, (_, i) => table.data[i * table.cols + column]!), table.rows, 1);
  let results: SobolIndicesResult[];
  try {
    results = sobolIndices(Y, {
      dim: problem.groupNames.length, secondOrder, layout,
      nonFinite: v['drop-nonfinite'] ? 'drop' : 'error',
      ...(resamples > 0 ? { bootstrap: { resamples, confidence, ...(seed === undefined ? {} : { seed }) } } : {}),
    });
  } catch (e) {
    const err = e as Error & { rows?: readonly number[]; column?: number };
    if (err.name === 'NonFiniteOutputError' && err.rows) {
      const col = column ?? err.column ?? 0;
      const lines = err.rows.slice(0, 8).map((r) => table.lines[r]!).join(', ');
      throw new CliError(`${err.rows.length} output${err.rows.length === 1 ? ' is' : 's are'} NaN or infinite${table.cols > 1 ? ` in column ${col}` : ''}, on line${err.rows.length === 1 ? '' : 's'} ${lines}${err.rows.length > 8 ? ', ...' : ''}; fix them or pass --drop-nonfinite`, { file: table.file, line: table.lines[err.rows[0]!]! });
    }
    throw e;
  }
  const columns = column === undefined ? results.map((_, c) => c) : [column];
  const names = problem.groupNames;
  if (seed === undefined && resamples > 0 && results[0]?.bootstrap) process.stderr.write(`uqkit analyze sobol: bootstrap seed ${results[0].bootstrap.seed} (-s ${results[0].bootstrap.seed} repeats these intervals)\n`);
  if (v.json) {
    const json = results.map((r, i) => toJSON(names, r, columns[i]!, order === 2));
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 1) + '\n');
    return;
  }
  process.stdout.write(results.map((r, i) => tables(names, r, results.length > 1 ? columns[i] : undefined, order === 2)).join('\n') + '\n');
}

const nums = (a: ArrayLike<number> | undefined) => (a ? Array.from(a, (x) => (Number.isFinite(x) ? x : null)) : undefined);

function toJSON(names: readonly string[], r: SobolIndicesResult, column: number, second: boolean) {
  const d = names.length;
  const pairs = (m: { data: Float64Array } | undefined) => {
    if (!m) return undefined;
    const out: Record<string, number | null> = {};
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) {
      const x = m.data[j * d + k]!;
      out[`${names[j]},${names[k]}`] = Number.isFinite(x) ? x : null;
    }
    return out;
  };
  return {
    column, names, n: r.n, dropped: r.dropped, mean: r.mean, variance: r.variance,
    S1: nums(r.first), S1_conf: nums(r.firstConf), S1_low: nums(r.firstInterval?.low), S1_high: nums(r.firstInterval?.high),
    ST: nums(r.total), ST_conf: nums(r.totalConf), ST_low: nums(r.totalInterval?.low), ST_high: nums(r.totalInterval?.high),
    ...(second && r.second ? { S2: pairs(r.second), S2_conf: pairs(r.secondConf) } : {}),
    ...(r.bootstrap ? { bootstrap: { resamples: r.bootstrap.resamples, confidence: r.bootstrap.confidence, seed: String(r.bootstrap.seed) } } : {}),
  };
}

/**
 * SALib's console layout (its print_to_console): the ST/ST_conf table, the S1/S1_conf table,
 * then the S2/S2_conf table of the pairs, each as pandas prints a DataFrame. Without
 * bootstrap the _conf columns are left out.
 */
function tables(names: readonly string[], r: SobolIndicesResult, column: number | undefined, second: boolean): string {
  const d = names.length;
  const conf = (name: string, a: ArrayLike<number> | undefined) => (r.bootstrap && a ? [{ name, values: Array.from(a) }] : []);
  const parts: string[] = [];
  if (column !== undefined) parts.push(`# output column ${column}`);
  if (r.dropped.length) parts.push(`# dropped base rows with non-finite outputs: ${r.dropped.join(', ')}`);
  parts.push(pandasTable(names, [{ name: 'ST', values: Array.from(r.total) }, ...conf('ST_conf', r.totalConf)]));
  parts.push(pandasTable(names, [{ name: 'S1', values: Array.from(r.first) }, ...conf('S1_conf', r.firstConf)]));
  if (second && r.second) {
    const labels: string[] = [], s2: number[] = [], s2c: number[] = [];
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) {
      labels.push(`(${names[j]}, ${names[k]})`);
      s2.push(r.second.data[j * d + k]!);
      s2c.push(r.secondConf?.data[j * d + k] ?? NaN);
    }
    parts.push(pandasTable(labels, [{ name: 'S2', values: s2 }, ...(r.bootstrap ? [{ name: 'S2_conf', values: s2c }] : [])]));
  }
  return parts.join('\n');
}
