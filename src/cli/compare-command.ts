// `uqkit compare`: two campaigns' quantities, or a campaign's against measurements, by the
// distances of their distributions (Wasserstein, Kolmogorov–Smirnov, Hellinger,
// Jensen–Shannon); vector quantities point by point.
import { readFileSync } from 'node:fs';
import { compareOutputs, valuesAt, type OutputColumns, type QuantityComparison } from '../analysis/compare.js';
import type { ComparedSide, ComparisonReport } from '../report/compare-report.js';
import type { Campaign } from '../campaign/campaign.js';
import { parseCsv, parseNumber } from '../io/csv.js';
import { writeUserFile } from '../io/safe-fs.js';
import { CliError } from './files.js';
import { args, EXIT } from './campaign-args.js';
import { campaignDir } from './campaign-open.js';
import { openCampaign } from './campaign-facade.js';

export const COMPARE_HELP = `uqkit compare DIR_A DIR_B [--qoi NAME]... [--json] [-o FILE]
uqkit compare DIR --data FILE [--qoi NAME]... [--json] [-o FILE]
uqkit compare DIR_A DIR_B|--data FILE --report FILE [--format html|md|json]

Compares the distributions of quantities of interest: of two campaigns (their done runs), or
of a campaign and measurements. For each quantity both sides have (or each --qoi), and for a
vector quantity at each index:
  W1, W2    Wasserstein distances of order 1 and 2 (in the quantity's units): how far the
            values of one side must move, on average, to match the other
  KS, p     Kolmogorov-Smirnov: the largest gap between the two cumulative distributions,
            and the chance of a gap that large if both came from one distribution
  H, JS     Hellinger and Jensen-Shannon distances (0 equal .. 1 disjoint) of kernel
            density estimates of the two sides
  C         EasyVVUQ's compatibility measure of the two sides' means, variances and
            skewnesses (0 equal moments .. 1)

Campaigns must be samples of their inputs (random, qmc, saltelli or pce regression runs):
the runs of quadrature designs (pce quadrature or sparse, sc) are nodes, not samples.

  --data FILE    measurements: CSV with a header naming quantities (a vector quantity q as
                 columns q[0], q[1], ... as \`uqkit export\` writes them); one row per
                 measurement; an empty cell is a missing value; - reads standard input
  --qoi NAME     compare only NAME (repeatable)
  --json         JSON: one object per quantity with the distances per point
  -o FILE        write to FILE instead of standard output (- for standard output)
  --report FILE  write the comparison report to FILE instead (- for standard output) and
                 print its path: html, one self-contained page (inline SVG, no scripts),
                 a title naming both sides, a note for a campaign still running (runs done
                 of total), per quantity both cumulative distributions on one axis with the
                 KS gap marked (a vector quantity at the index of its largest KS statistic),
                 the table of distances (and the compatibility measure of the moments), and
                 for a vector quantity each distance over the index; md, the tables; json,
                 the data: the --json output with both sides' run counts and the values drawn
  --format F     the report's format: html, md or json. Default: from the FILE's extension
                 (.md, .json), else html`;

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

/** JSON with non-finite numbers as null. */
const json = (x: unknown): string => JSON.stringify(x, (_, y) => (typeof y === 'number' && !Number.isFinite(y) ? null : y), 1) + '\n';

const fmt = (x: number): string => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(4) : x.toExponential(3));

/** One table per quantity: a row per point with both sides' n, mean and std and the distances. */
/** The report's data: the sides, the comparison, and per quantity the values its ECDF chart draws. */
function reportData(result: readonly QuantityComparison[], columns: readonly OutputColumns[], sides: readonly [ComparedSide, ComparedSide]): ComparisonReport {
  return {
    a: sides[0], b: sides[1],
    qois: result.map((q) => {
      // a vector quantity: at the index where the two sides differ most (largest KS statistic)
      let at = -1;
      if (q.vector) q.points.forEach((p, k) => { if (p && (at < 0 || p.ks.statistic > q.points[at]!.ks.statistic)) at = k; });
      if (q.vector && at < 0) return q;
      return { ...q, values: { at: q.vector ? at : null, a: Array.from(valuesAt(columns[0]![q.qoi]!, at)), b: Array.from(valuesAt(columns[1]![q.qoi]!, at)) } };
    }),
  };
}

function text(result: readonly QuantityComparison[], labels: readonly [string, string]): string {
  const out: string[] = [`A = ${labels[0]}`, `B = ${labels[1]}`];
  for (const q of result) {
    out.push('', `${q.qoi}${q.vector ? ` (vector of ${q.points.length})` : ''}`);
    const head = [...(q.vector ? ['index'] : []), 'n A', 'n B', 'mean A', 'mean B', 'std A', 'std B', 'W1', 'W2', 'KS', 'p', 'H', 'JS', 'C'];
    const rows = q.points.map((p, k) => [
      ...(q.vector ? [String(k)] : []),
      ...(p === null ? ['0', '0', '', '', '', '', '', '', '', '', '', '', ''] : [
        String(p.n[0]), String(p.n[1]), fmt(p.mean[0]), fmt(p.mean[1]), fmt(p.std[0]), fmt(p.std[1]),
        fmt(p.wasserstein1), fmt(p.wasserstein2), fmt(p.ks.statistic), fmt(p.ks.pValue), fmt(p.hellinger), fmt(p.jensenShannon), fmt(p.compatibility),
      ]),
    ]);
    const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    out.push(head.map((h, c) => h.padStart(width[c]!)).join('  '));
    for (const r of rows) out.push(r.map((x, c) => x.padStart(width[c]!)).join('  '));
  }
  return out.join('\n') + '\n';
}

const FORMATS = ['html', 'md', 'json'] as const;

export async function compareCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = args(argv, {
    data: { type: 'string' }, qoi: { type: 'string', multiple: true }, json: { type: 'boolean' }, output: { type: 'string', short: 'o' },
    report: { type: 'string' }, format: { type: 'string', short: 'f' },
  }, 2);
  if (v.format !== undefined && v.report === undefined) throw new CliError('--format is the format of the report: give --report FILE too');
  if (v.report !== undefined && (v.json || v.output !== undefined)) throw new CliError(`--report writes the report${v.json ? '; --json' : '; -o'} is for the table: give one of them`);
  const format = (v.format ?? (v.report?.endsWith('.md') ? 'md' : v.report?.endsWith('.json') ? 'json' : 'html')) as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliError(`--format: expected html, md or json, got ${JSON.stringify(v.format)}`);
  if (positionals.length === 0) throw new CliError('which campaigns? uqkit compare DIR_A DIR_B, or uqkit compare DIR --data FILE');
  if (v.data !== undefined && positionals.length !== 1) throw new CliError('--data compares one campaign with measurements: give one campaign directory');
  if (v.data === undefined && positionals.length !== 2) throw new CliError('give two campaign directories, or one and --data FILE');
  const sides: OutputColumns[] = [];
  const labels: string[] = [];
  const described: ComparedSide[] = [];
  for (const p of positionals) {
    const dir = campaignDir(p);
    const { campaign } = openCampaign(dir, 'compare');
    try {
      sides.push(campaignOutputs(campaign, p));
      labels.push(p);
      described.push({ label: p, kind: 'campaign', name: String((campaign.config as { name?: unknown }).name ?? p), runs: { ...campaign.counts() } });
    } finally {
      campaign.close();
    }
  }
  if (v.data !== undefined) {
    sides.push(readData(v.data));
    labels.push(v.data === '-' ? 'measurements (standard input)' : `measurements ${v.data}`);
    described.push({ label: labels[1]!, kind: 'data' });
  }
  let result: QuantityComparison[];
  try {
    result = compareOutputs(sides[0]!, sides[1]!, v.qoi ? { qois: v.qoi } : {});
  } catch (e) {
    const err = e as { name?: string; expected?: string; value?: unknown };
    if (err.name === 'InvalidArgumentError') throw new CliError(`${err.value === undefined || Array.isArray(err.value) ? '' : `--qoi ${JSON.stringify(err.value)}: `}expected ${err.expected}`);
    throw e;
  }
  if (v.report !== undefined) {
    const report = reportData(result, sides, described as [ComparedSide, ComparedSide]);
    const { renderComparisonReport, renderComparisonMarkdown } = await import('../report/compare-report.js');
    const out = format === 'html' ? await renderComparisonReport(report) : format === 'md' ? renderComparisonMarkdown(report) : json(report);
    if (v.report === '-') process.stdout.write(out);
    else {
      writeUserFile(v.report, out);
      process.stdout.write(`${v.report}\n`);
    }
    return EXIT.ok;
  }
  const body = v.json
    ? json({ a: labels[0], b: labels[1], qois: result })
    : text(result, labels as [string, string]);
  if (v.output !== undefined && v.output !== '-') writeUserFile(v.output, body);
  else process.stdout.write(body);
  return EXIT.ok;
}
