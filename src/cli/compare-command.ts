// `uqkit compare`: two campaigns' quantities, or a campaign's against measurements, by the
// distances of their distributions (Wasserstein, Kolmogorov–Smirnov, Hellinger,
// Jensen–Shannon); vector quantities point by point.
import { readFileSync } from 'node:fs';
import { compareOutputs, type OutputColumns, type QuantityComparison } from '../analysis/compare.js';
import type { Campaign } from '../campaign/campaign.js';
import { parseCsv, parseNumber } from '../io/csv.js';
import { writeUserFile } from '../io/safe-fs.js';
import { CliError } from './files.js';
import { args, EXIT } from './campaign-args.js';
import { campaignDir } from './campaign-open.js';
import { openCampaign } from './campaign-facade.js';

export const COMPARE_HELP = `uqkit compare DIR_A DIR_B [--qoi NAME]... [--json] [-o FILE]
uqkit compare DIR --data FILE [--qoi NAME]... [--json] [-o FILE]

Compares the distributions of quantities of interest: of two campaigns (their done runs), or
of a campaign and measurements. For each quantity both sides have (or each --qoi), and for a
vector quantity at each index:
  W1, W2    Wasserstein distances of order 1 and 2 (in the quantity's units): how far the
            values of one side must move, on average, to match the other
  KS, p     Kolmogorov-Smirnov: the largest gap between the two cumulative distributions,
            and the chance of a gap that large if both came from one distribution
  H, JS     Hellinger and Jensen-Shannon distances (0 equal .. 1 disjoint) of kernel
            density estimates of the two sides

Campaigns must be samples of their inputs (random, qmc, saltelli or pce regression runs):
the runs of quadrature designs (pce quadrature or sparse, sc) are nodes, not samples.

  --data FILE    measurements: CSV with a header naming quantities (a vector quantity q as
                 columns q[0], q[1], ... as \`uqkit export\` writes them); one row per
                 measurement; an empty cell is a missing value; - reads standard input
  --qoi NAME     compare only NAME (repeatable)
  --json         JSON: one object per quantity with the distances per point
  -o FILE        write to FILE instead of standard output (- for standard output)`;

/** The sampler kinds whose runs are samples of the input distribution. */
const SAMPLE_KINDS = new Set(['random', 'qmc', 'saltelli']);

type Spec = { kind: string; points?: string; of?: Spec };
const isSampleDesign = (s: Spec): boolean =>
  SAMPLE_KINDS.has(s.kind) || (s.kind === 'pce' && s.points === 'regression') || (s.kind === 'replica' && s.of !== undefined && isSampleDesign(s.of));

/** The numeric outputs of a campaign's done runs, refusing a campaign whose runs are not samples. */
function campaignOutputs(campaign: Campaign, dir: string): OutputColumns {
  const samplers = campaign.samplers();
  const sampling = samplers.filter((s) => isSampleDesign(s.spec as Spec));
  if (sampling.length === 0) {
    const kinds = [...new Set(samplers.map((s) => ((s.spec as Spec).kind === 'pce' ? `pce ${(s.spec as Spec).points ?? 'quadrature'}` : (s.spec as Spec).kind)))].join(', ');
    throw new CliError(`${dir}: its runs come from ${kinds || 'no sampler'}, not samples of the inputs; compare needs random, qmc, saltelli or pce regression runs`);
  }
  const cols = campaign.results({ samplers: sampling.map((s) => s.id) });
  if (cols.ids.length === 0) throw new CliError(`${dir}: no done runs to compare`);
  return cols.outputs;
}

/** Measurements from a CSV file with a header: scalar columns, and vectors from columns `q[k]`. */
function readData(path: string): OutputColumns {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`--data ${path}: cannot read it: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const file = path === '-' ? 'standard input' : path;
  const first = text.split('\n', 1)[0]!;
  // Commas unless the header is separated by tabs or by spaces alone.
  const delimiter = first.includes(',') ? ',' : first.includes('\t') ? '\t' : /\S\s+\S/.test(first.trim()) ? ' ' : ',';
  const rows = parseCsv(text, delimiter, { file, path: path === '-' ? file : path });
  if (rows.length < 2) throw new CliError(`${file}: expected a header of quantity names and at least one row of values`);
  const header = rows[0]!.cells;
  const scalars: Record<string, number[]> = {};
  const vectors: Record<string, number[][]> = {};
  const slot = header.map((name, c) => {
    const m = /^(.+)\[(\d+)\]$/.exec(name);
    if (name === '') throw new CliError(`${file}, line ${rows[0]!.line}, column ${c + 1}: an empty quantity name`);
    if (m) return { name: m[1]!, index: Number(m[2]) };
    return { name, index: -1 };
  });
  for (const row of rows.slice(1)) {
    if (row.cells.length !== header.length) throw new CliError(`${file}, line ${row.line}: ${row.cells.length} cells, the header has ${header.length}`);
    const vec: Record<string, number[]> = {};
    row.cells.forEach((cell, c) => {
      const v = cell === '' ? NaN : parseNumber(cell);
      if (v === undefined) throw new CliError(`${file}, line ${row.line}, column ${JSON.stringify(header[c])}: expected a number or an empty cell, got ${JSON.stringify(cell)}`);
      const { name, index } = slot[c]!;
      if (index < 0) (scalars[name] ??= []).push(v);
      else (vec[name] ??= [])[index] = v;
    });
    for (const [name, v] of Object.entries(vec)) (vectors[name] ??= []).push(Array.from(v, (x) => x ?? NaN));
  }
  const out: Record<string, Float64Array | Float64Array[]> = {};
  for (const [name, v] of Object.entries(scalars)) out[name] = Float64Array.from(v);
  for (const [name, v] of Object.entries(vectors)) {
    if (name in out) throw new CliError(`${file}: ${JSON.stringify(name)} is both a column and a vector (${name}[k]) in the header`);
    out[name] = v.map((r) => Float64Array.from(r));
  }
  return out;
}

const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(4) : x.toExponential(3));

/** One table per quantity: a row per point with both sides' n, mean and std and the distances. */
function text(result: readonly QuantityComparison[], labels: readonly [string, string]): string {
  const out: string[] = [`A = ${labels[0]}`, `B = ${labels[1]}`];
  for (const q of result) {
    out.push('', `${q.qoi}${q.vector ? ` (vector of ${q.points.length})` : ''}`);
    const head = [...(q.vector ? ['index'] : []), 'n A', 'n B', 'mean A', 'mean B', 'std A', 'std B', 'W1', 'W2', 'KS', 'p', 'H', 'JS'];
    const rows = q.points.map((p, k) => [
      ...(q.vector ? [String(k)] : []),
      ...(p === null ? ['0', '0', '', '', '', '', '', '', '', '', '', ''] : [
        String(p.n[0]), String(p.n[1]), fmt(p.mean[0]), fmt(p.mean[1]), fmt(p.std[0]), fmt(p.std[1]),
        fmt(p.wasserstein1), fmt(p.wasserstein2), fmt(p.ks.statistic), fmt(p.ks.pValue), fmt(p.hellinger), fmt(p.jensenShannon),
      ]),
    ]);
    const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    out.push(head.map((h, c) => h.padStart(width[c]!)).join('  '));
    for (const r of rows) out.push(r.map((x, c) => x.padStart(width[c]!)).join('  '));
  }
  return out.join('\n') + '\n';
}

export function compareCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, {
    data: { type: 'string' }, qoi: { type: 'string', multiple: true }, json: { type: 'boolean' }, output: { type: 'string', short: 'o' },
  }, 2);
  if (positionals.length === 0) throw new CliError('which campaigns? uqkit compare DIR_A DIR_B, or uqkit compare DIR --data FILE');
  if (v.data !== undefined && positionals.length !== 1) throw new CliError('--data compares one campaign with measurements: give one campaign directory');
  if (v.data === undefined && positionals.length !== 2) throw new CliError('give two campaign directories, or one and --data FILE');
  const sides: OutputColumns[] = [];
  const labels: string[] = [];
  for (const p of positionals) {
    const dir = campaignDir(p);
    const { campaign } = openCampaign(dir, 'compare');
    try {
      sides.push(campaignOutputs(campaign, p));
      labels.push(p);
    } finally {
      campaign.close();
    }
  }
  if (v.data !== undefined) {
    sides.push(readData(v.data));
    labels.push(v.data === '-' ? 'measurements (standard input)' : `measurements ${v.data}`);
  }
  let result: QuantityComparison[];
  try {
    result = compareOutputs(sides[0]!, sides[1]!, v.qoi ? { qois: v.qoi } : {});
  } catch (e) {
    const err = e as { name?: string; expected?: string; value?: unknown };
    if (err.name === 'InvalidArgumentError') throw new CliError(`${err.value === undefined || Array.isArray(err.value) ? '' : `--qoi ${JSON.stringify(err.value)}: `}expected ${err.expected}`);
    throw e;
  }
  const body = v.json
    ? JSON.stringify({ a: labels[0], b: labels[1], qois: result }, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 1) + '\n'
    : text(result, labels as [string, string]);
  if (v.output !== undefined && v.output !== '-') writeUserFile(v.output, body);
  else process.stdout.write(body);
  return EXIT.ok;
}
