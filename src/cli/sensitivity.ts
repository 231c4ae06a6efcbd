// `uqkit sample saltelli` and `uqkit analyze sobol`: SALib's command-line workflow
// (problem file -> sample file -> model outputs -> indices) on uqkit's designs and estimators.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { saltelliDesign, type SaltelliLayout } from '../numerics/saltelli.js';
import { sobolIndices, type SobolIndicesResult } from '../numerics/sensitivity.js';
import { matrix } from '../numerics/matrix.js';
import type { SobolScramble } from '../numerics/sobol.js';
import { CliError, readProblem, readTable, writeTable } from './files.js';

export const SAMPLE_HELP = `uqkit sample saltelli -p PROBLEM -n N [options]

Writes a Saltelli design (A, B, AB_j and with --second-order BA_j) for the parameters of a SALib
problem file, one point per line, in SALib's row order unless --layout block.

  -p, --problem FILE     SALib problem file ("name lower upper [group] [dist]" per line) or JSON
  -n, --samples N        base rows (a power of two keeps the Sobol' balance)
  -o, --output FILE      where to write (default: standard output)
      --second-order     also the BA_j rows, for second-order indices (n(2d+2) rows)
      --seed S           seed of the scramble or of --random (default: a fresh one, in the header)
      --scramble KIND    owen (default), lms or none
      --skip M           Sobol' points to skip (default 0; none: n rounded up to a power of two)
      --random           plain Monte Carlo instead of Sobol' points
      --layout L         salib (default) or block
      --delimiter D      between numbers (default: a space)
      --precision P      digits after the point, as %.Pe (default: shortest exact decimal)
      --no-header        no "# ..." line describing the design`;

export const ANALYZE_HELP = `uqkit analyze sobol -p PROBLEM -Y FILE [options]

Sobol' indices (first order Saltelli 2010, total Jansen 1999, second order Saltelli 2002, the
formulas of SALib's sobol.analyze) from model outputs at the rows of a Saltelli design, with
bootstrap confidence intervals.

  -p, --problem FILE     the problem file the design was made from
  -Y, --outputs FILE     model outputs, one line per design row (several columns: several outputs)
  -c, --column K         analyse only column K (from 0; default: every column)
      --second-order     the design has BA_j rows: also second-order indices
  -r, --resamples R      bootstrap resamples (default 1000; 0: none)
      --confidence C     confidence level of the intervals (default 0.95)
      --seed S           seed of the bootstrap (default: a fresh one, reported)
      --layout L         salib (default) or block
      --drop-nonfinite   drop base rows with NaN/inf outputs (default: an error naming the rows)
      --json             JSON instead of tables`;

const intArg = (name: string, v: string | undefined, min: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new CliError(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
};

const layoutArg = (v: string | undefined): SaltelliLayout => {
  if (v === undefined) return 'salib';
  if (v !== 'salib' && v !== 'block') throw new CliError(`--layout: expected salib or block, got ${JSON.stringify(v)}`);
  return v;
};

function seedArg(v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || BigInt(v) >= 2n ** 64n) throw new CliError(`--seed: expected an integer from 0 to 2^64-1, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]!.replace(/^Unknown option/, 'unknown option'));
  }
}

export function sampleSaltelli(argv: string[]): void {
  const { values: v } = parse(argv, {
    problem: { type: 'string', short: 'p' }, samples: { type: 'string', short: 'n' }, output: { type: 'string', short: 'o' },
    'second-order': { type: 'boolean' }, seed: { type: 'string' }, scramble: { type: 'string' }, skip: { type: 'string' },
    random: { type: 'boolean' }, layout: { type: 'string' }, delimiter: { type: 'string' }, precision: { type: 'string' },
    'no-header': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    process.stdout.write(SAMPLE_HELP + '\n');
    return;
  }
  if (typeof v.problem !== 'string') throw new CliError('-p/--problem: the problem file is required');
  const n = intArg('samples', v.samples as string | undefined, 1);
  if (n === undefined) throw new CliError('-n/--samples: the number of base rows is required');
  const scrambleText = (v.scramble as string | undefined) ?? 'owen';
  if (!['owen', 'lms', 'none'].includes(scrambleText)) throw new CliError(`--scramble: expected owen, lms or none, got ${JSON.stringify(scrambleText)}`);
  if (v.random && (v.scramble !== undefined || v.skip !== undefined)) throw new CliError('--random: takes neither --scramble nor --skip');
  const problem = readProblem(v.problem);
  const seed = seedArg(v.seed as string | undefined);
  const skip = intArg('skip', v.skip as string | undefined, 0);
  const design = saltelliDesign(problem.dists, n, {
    secondOrder: Boolean(v['second-order']),
    layout: layoutArg(v.layout as string | undefined),
    ...(v.random ? { sampler: 'random' as const } : { scramble: (scrambleText === 'none' ? false : scrambleText) as SobolScramble }),
    ...(seed === undefined ? {} : { seed }),
    ...(skip === undefined ? {} : { skip }),
  });
  const precision = intArg('precision', v.precision as string | undefined, 0);
  const header = [
    `uqkit sample saltelli: n=${n} d=${design.dim} rows=${design.X.rows} layout=${design.layout} second-order=${design.secondOrder} ` +
      `sampler=${design.sampler}${design.sampler === 'sobol' ? ` scramble=${design.scramble === false ? 'none' : design.scramble} skip=${design.skip}` : ''}` +
      `${design.seed === undefined ? '' : ` seed=${design.seed}`}`,
    `columns: ${problem.names.join(' ')}`,
  ];
  writeTable(v.output as string | undefined, design.X.data, design.X.rows, design.X.cols, {
    delimiter: (v.delimiter as string | undefined) ?? ' ',
    ...(precision === undefined ? {} : { precision }),
    ...(v['no-header'] ? {} : { header }),
  });
}

export function analyzeSobol(argv: string[]): void {
  const { values: v } = parse(argv, {
    problem: { type: 'string', short: 'p' }, outputs: { type: 'string', short: 'Y' }, column: { type: 'string', short: 'c' },
    'second-order': { type: 'boolean' }, resamples: { type: 'string', short: 'r' }, confidence: { type: 'string' },
    seed: { type: 'string' }, layout: { type: 'string' }, 'drop-nonfinite': { type: 'boolean' }, json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    process.stdout.write(ANALYZE_HELP + '\n');
    return;
  }
  if (typeof v.problem !== 'string') throw new CliError('-p/--problem: the problem file is required');
  if (typeof v.outputs !== 'string') throw new CliError('-Y/--outputs: the file of model outputs is required');
  const problem = readProblem(v.problem);
  const d = problem.names.length;
  const table = readTable(v.outputs, 'file of model outputs');
  const second = Boolean(v['second-order']);
  const per = second ? 2 * d + 2 : d + 2;
  if (table.rows % per !== 0) {
    throw new CliError(`${table.rows} rows of outputs do not make whole groups of ${per} rows (d = ${d} parameters: n (${second ? '2d + 2' : 'd + 2'}) rows)` +
      (second ? '' : table.rows % (2 * d + 2) === 0 ? '; with BA_j rows, pass --second-order' : ''), { file: v.outputs });
  }
  const column = intArg('column', v.column as string | undefined, 0);
  if (column !== undefined && column >= table.cols) throw new CliError(`--column ${column}: the file has ${table.cols} column${table.cols === 1 ? '' : 's'} (0 to ${table.cols - 1})`, { file: v.outputs });
  const resamples = intArg('resamples', v.resamples as string | undefined, 0) ?? 1000;
  if (resamples === 1) throw new CliError('--resamples: expected 0 (no bootstrap) or at least 2');
  const confidence = v.confidence === undefined ? 0.95 : Number(v.confidence);
  if (!(confidence > 0 && confidence < 1)) throw new CliError(`--confidence: expected a number strictly between 0 and 1, got ${JSON.stringify(v.confidence)}`);
  const seed = seedArg(v.seed as string | undefined);
  let Y = matrix(table.data, table.rows, table.cols);
  if (column !== undefined) Y = matrix(Float64Array.from({ length: table.rows }, (_, i) => table.data[i * table.cols + column]!), table.rows, 1);
  let results: SobolIndicesResult[];
  try {
    results = sobolIndices(Y, {
      dim: d, secondOrder: second, layout: layoutArg(v.layout as string | undefined),
      nonFinite: v['drop-nonfinite'] ? 'drop' : 'error',
      ...(resamples > 0 ? { bootstrap: { resamples, confidence, ...(seed === undefined ? {} : { seed }) } } : {}),
    });
  } catch (e) {
    const err = e as Error & { rows?: readonly number[]; column?: number };
    if (err.name === 'NonFiniteOutputError' && err.rows) {
      const col = column ?? err.column ?? 0;
      const lines = err.rows.slice(0, 8).map((r) => table.lines[r]!).join(', ');
      throw new CliError(`${err.rows.length} output${err.rows.length === 1 ? ' is' : 's are'} NaN or infinite${table.cols > 1 ? ` in column ${col}` : ''}, on line${err.rows.length === 1 ? '' : 's'} ${lines}${err.rows.length > 8 ? ', ...' : ''}; fix them or pass --drop-nonfinite`, { file: v.outputs as string, line: table.lines[err.rows[0]!]! });
    }
    throw e;
  }
  const columns = column === undefined ? results.map((_, c) => c) : [column];
  if (v.json) {
    const json = results.map((r, i) => toJSON(problem.names, r, columns[i]!));
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 1) + '\n');
    return;
  }
  process.stdout.write(results.map((r, i) => table2(problem.names, r, results.length > 1 ? columns[i] : undefined)).join('\n') + '\n');
}

const list = (a: ArrayLike<number> | undefined) => (a ? Array.from(a, (x) => (Number.isFinite(x) ? x : null)) : undefined);

function toJSON(names: readonly string[], r: SobolIndicesResult, column: number) {
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
    S1: list(r.first), S1_conf: list(r.firstConf), S1_low: list(r.firstInterval?.low), S1_high: list(r.firstInterval?.high),
    ST: list(r.total), ST_conf: list(r.totalConf), ST_low: list(r.totalInterval?.low), ST_high: list(r.totalInterval?.high),
    ...(r.second ? { S2: pairs(r.second), S2_conf: pairs(r.secondConf) } : {}),
    ...(r.bootstrap ? { bootstrap: { resamples: r.bootstrap.resamples, confidence: r.bootstrap.confidence, seed: String(r.bootstrap.seed) } } : {}),
  };
}

/** SALib's console layout: ST and ST_conf, then S1 and S1_conf, then S2 and S2_conf, one row per parameter (or pair). */
function table2(names: readonly string[], r: SobolIndicesResult, column: number | undefined): string {
  const d = names.length;
  const num = (x: number | undefined) => (x === undefined ? '' : Number.isFinite(x) ? x.toFixed(6) : 'nan');
  const block = (title: [string, string], rows: [string, number, number | undefined][]) => {
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const lines = [`${''.padEnd(w0)}  ${title[0].padStart(10)}  ${r.bootstrap ? title[1].padStart(10) : ''}`.trimEnd()];
    for (const [label, a, b] of rows) lines.push(`${label.padEnd(w0)}  ${num(a).padStart(10)}  ${r.bootstrap ? num(b).padStart(10) : ''}`.trimEnd());
    return lines.join('\n');
  };
  const parts: string[] = [];
  if (column !== undefined) parts.push(`# output column ${column}`);
  if (r.dropped.length) parts.push(`# dropped base rows with non-finite outputs: ${r.dropped.join(', ')}`);
  parts.push(block(['ST', 'ST_conf'], names.map((nm, j) => [nm, r.total[j]!, r.totalConf?.[j]])));
  parts.push(block(['S1', 'S1_conf'], names.map((nm, j) => [nm, r.first[j]!, r.firstConf?.[j]])));
  if (r.second) {
    const rows: [string, number, number | undefined][] = [];
    for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) rows.push([`(${names[j]}, ${names[k]})`, r.second.data[j * d + k]!, r.secondConf?.data[j * d + k]]);
    parts.push(block(['S2', 'S2_conf'], rows));
  }
  if (r.bootstrap) parts.push(`# n = ${r.n} base rows; ${r.bootstrap.resamples} bootstrap resamples, confidence ${r.bootstrap.confidence}, seed ${r.bootstrap.seed}`);
  return parts.join('\n\n');
}
