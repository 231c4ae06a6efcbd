// `uqkit surrogate`: a campaign's surrogate model written as a file (read-only on the
// campaign), and predictions of a campaign's or a model file's surrogate at points from CSV.
import { statSync } from 'node:fs';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import { writeUserFile } from '../io/safe-fs.js';
import { parseCsv, parseNumber } from '../io/csv.js';
import { loadSurrogate, type Surrogate } from '../numerics/surrogate.js';
import { SURROGATE_METHODS, type SurrogateOptions } from '../campaign/campaign-surrogate.js';
import { analyseNamingRuns, samplersOption } from './campaign-analysis.js';
import { args, EXIT } from './campaign-args.js';
import { campaignDir } from './campaign-open.js';
import { openCampaign } from './campaign-facade.js';
import { CliError, UsageError } from './cli-error.js';
import { inputName, readInput } from './input.js';

export const SURROGATE_HELP = `uqkit surrogate DIR -o MODEL.json [--method M] [--degree N] [--qoi NAME]... [--samplers IDS|all]
uqkit surrogate DIR|MODEL.json --predict POINTS.csv

Fits a surrogate model of every output of the campaign in DIR to its done runs, by the
analysis its sampler implies (a pce sampler: a polynomial chaos expansion by projection or
regression; sc: the collocation interpolant, as a PCE; or with --method gp, a Gaussian process
of any runs), and writes it as JSON: format "uqkit-surrogate", version 1, kind "pce" (or "gp"),
the inputs (uncertain parameters) with their
distributions, the fixed parameters, and one model per output (vector outputs too). It reads the
campaign only: it works while \`uqkit run\` is running, and writes nothing into DIR. The file
loads with loadSurrogate() from 'uqkit' or 'uqkit/browser'. Campaigns whose analysis gives no
model (basic statistics, Sobol' indices, screening) are refused: use a pce or sc sampler, or
--method pce-regression --degree N or --method gp on random or qmc runs.

  -o FILE            where to write the model (- for standard output)
  --method M         pce-projection, sc (samplers on grids), pce-regression or gp (any runs;
                     gp takes analysis.kernel, trend, nugget and starts when the campaign
                     file names method gp). Default: the campaign file's analysis.method,
                     else the sampler's.
  --degree N         total degree of the PCE. Default: analysis.degree, else the sampler's order
  --qoi NAME         model only this output (repeat for more). Default: analysis.qois, else
                     every numeric output less those named as analysis.index (e.g. the times
                     of a time series)
  --samplers IDS     the runs of these samplers (as \`uqkit analyse\`); default the current one
  --predict FILE     print the surrogate's predictions at the points of the CSV FILE (- for
                     standard input: a header naming every input, a row per point; other
                     columns are ignored) as CSV: the inputs, then every output (a vector
                     output NAME as NAME[0], NAME[1], ...), numbers as JavaScript prints them
                     (shortest round trip); a Gaussian process's predictive mean. With a
                     MODEL.json instead of DIR, that model's.`;

export function surrogateCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, {
    output: { type: 'string', short: 'o' }, method: { type: 'string' }, degree: { type: 'string' },
    qoi: { type: 'string', multiple: true }, samplers: { type: 'string' }, predict: { type: 'string' },
  }, 1);
  const target = positionals[0];
  if (target === undefined) throw new UsageError('which campaign? give its directory (the one holding campaign.db), or a model file with --predict');
  if (v.output === undefined && v.predict === undefined) throw new UsageError('where to? -o MODEL.json writes the model (-o - to standard output); --predict POINTS.csv prints predictions');
  if (v.output === '-' && v.predict !== undefined) throw new UsageError('-o - and --predict both write to standard output: give -o a file');
  let surrogate: Surrogate;
  const isFile = (() => { try { return statSync(target).isFile(); } catch { return false; } })();
  if (isFile) {
    if (v.output !== undefined || v.method !== undefined || v.degree !== undefined || v.qoi !== undefined || v.samplers !== undefined) {
      throw new UsageError(`${target} is a model file: only --predict applies to it (-o, --method, --degree, --qoi and --samplers are for a campaign directory)`);
    }
    surrogate = loadModel(target);
  } else {
    surrogate = fromCampaign(campaignDir(target), target, v);
  }
  if (v.output !== undefined) {
    const text = JSON.stringify(surrogate) + '\n';
    if (v.output === '-') process.stdout.write(text);
    else writeUserFile(v.output, text);
  }
  if (v.predict !== undefined) process.stdout.write(predictCsv(surrogate, v.predict));
  return EXIT.ok;
}

/** A model file, read and checked: a mistake in it is one line naming the file. */
function loadModel(path: string): Surrogate {
  const text = readInput(path, 'surrogate model');
  try {
    return loadSurrogate(text);
  } catch (e) {
    if (e instanceof UqkitError) throw new CliError(e.message.replace(/^uqkit: /, ''), { file: path });
    throw e;
  }
}

function fromCampaign(dir: string, shown: string, v: { method?: string | undefined; degree?: string | undefined; qoi?: string[] | undefined; samplers?: string | undefined }): Surrogate {
  if (v.method !== undefined && !(SURROGATE_METHODS as readonly string[]).includes(v.method)) {
    throw new UsageError(`--method ${JSON.stringify(v.method)}: expected one of ${SURROGATE_METHODS.join(', ')} (the methods that make a model)`);
  }
  if (v.method === 'gp' && v.degree !== undefined) throw new UsageError(`--degree ${v.degree}: a degree is the order of a PCE; --method gp takes none`);
  if (v.degree !== undefined && !/^(0|[1-9][0-9]*)$/.test(v.degree)) throw new UsageError(`--degree ${JSON.stringify(v.degree)}: expected a whole number, e.g. 3`);
  const samplers = v.samplers === undefined ? undefined : samplersOption(v.samplers);
  const { campaign } = openCampaign(dir, 'surrogate');
  try {
    const opts = {
      ...(v.method !== undefined ? { method: v.method as NonNullable<SurrogateOptions['method']> } : {}),
      ...(v.degree !== undefined ? { degree: Number(v.degree) } : {}),
      ...(v.qoi !== undefined ? { qois: v.qoi } : {}),
      ...(samplers !== undefined ? { samplers } : {}),
    };
    const ids = campaign.store.results(samplers === undefined || samplers === 'all' ? undefined : { samplers }).map((r) => r.id);
    return analyseNamingRuns(ids, () => {
      try {
        return campaign.surrogate(opts);
      } catch (e) {
        if (e instanceof InvalidArgumentError && e.field === 'options.method') {
          throw new CliError(`${shown}: its analysis (${String(e.value)}) gives no model to write: a surrogate needs a pce or sc sampler, or --method pce-regression --degree N or --method gp on random, qmc or other runs`);
        }
        if (e instanceof InvalidArgumentError && v.qoi !== undefined && e.field?.startsWith('input.qois')) throw new CliError(`--qoi ${e.message.slice(e.field.length + 2)}`);
        if (e instanceof InvalidArgumentError && e.field === 'runs') throw new CliError(`${shown}: no run is done yet; \`uqkit run\` executes them`);
        throw e;
      }
    });
  } finally {
    campaign.close();
  }
}

/** The predictions at the points of a CSV file, as CSV text. */
function predictCsv(s: Surrogate, path: string): string {
  const file = inputName(path);
  const rows = parseCsv(readInput(path, 'points'), ',', { file, path: file });
  if (rows.length === 0) throw new CliError(`no header: expected a first line naming the inputs (${s.inputNames.join(', ')})`, { file });
  const head = rows[0]!.cells.map((c) => c.trim());
  const cols = s.inputNames.map((name) => {
    const j = head.indexOf(name);
    if (j < 0) throw new CliError(`no column ${JSON.stringify(name)} in the header; the surrogate's inputs are ${s.inputNames.join(', ')}`, { file, line: rows[0]!.line });
    return j;
  });
  const d = cols.length;
  const X = new Float64Array((rows.length - 1) * d);
  rows.slice(1).forEach((r, i) => {
    cols.forEach((j, k) => {
      const cell = (r.cells[j] ?? '').trim();
      const x = parseNumber(cell);
      if (x === undefined || !Number.isFinite(x)) throw new CliError(`column ${s.inputNames[k]}: ${JSON.stringify(cell)} is not a finite number`, { file, line: r.line });
      X[i * d + k] = x;
    });
  });
  const n = rows.length - 1;
  const y = s.predict({ data: X, rows: n, cols: d });
  const names: string[] = [...s.inputNames];
  for (const [q, info] of Object.entries(s.qois)) {
    if (info.shape.length === 0) names.push(q);
    else for (let i = 0; i < info.model.outputs; i++) names.push(`${q}[${i}]`);
  }
  const lines = [names.map(csvCell).join(',')];
  for (let i = 0; i < n; i++) {
    const cells: string[] = [];
    for (let k = 0; k < d; k++) cells.push(String(X[i * d + k]));
    for (const m of Object.values(y)) for (let o = 0; o < m.cols; o++) cells.push(String(m.data[i * m.cols + o]));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
