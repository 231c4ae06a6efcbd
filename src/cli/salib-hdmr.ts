// `uqkit analyze hdmr`: SALib's command-line HDMR (flags and defaults of SALib.analyze.hdmr)
// on src/numerics/hdmr.ts, printing SALib's table (its `_print` layout). HDMR takes any
// design: the sample file's header, if any, is checked only for its number of rows (rows=).
import { HDMR_MIN_ROWS, hdmr } from '../numerics/hdmr.js';
import { CliError } from './cli-error.js';
import { oneStdin } from './input.js';
import { readProblem } from './problem-file.js';
import { checkRows } from './provenance.js';
import { alias, ANALYZE_FILES_HELP, ANALYZE_OPTIONS, delimiterArg, intArg, paramfileArg, parseSalib, seedArg } from './salib-args.js';
import { jsonList } from './salib-console.js';
import { readOutputs, readSampleFile } from './salib-files.js';

/** `uqkit analyze hdmr --help`. */
export const HDMR_ANALYZE_HELP = `uqkit analyze hdmr -p PROBLEM -X X.txt -Y Y.txt [options]

High-dimensional model representation (Li et al. 2010), as SALib's hdmr.analyze: the output
is fitted by component functions of one, two (and three) parameters, cubic B-splines fitted
by regularised least squares, on K subsamples of R rows of any design (the parameters may be
correlated). Per term: Sa, its structural (uncorrelated) share of the variance; Sb, its
correlative share; S = Sa + Sb; per parameter ST, the sum of S over its terms; each with the
half-width of its confidence interval over the subsamples, and #select, in how many
subsamples the F-test found the term significant. At least ${HDMR_MIN_ROWS} rows.

${ANALYZE_FILES_HELP}
      --maxorder N       highest order of the terms, 1 to 3 (default 2; -mor: the same)
      --maxiter N        most backfitting sweeps, 1 to 1000 (default 100; -mit: the same)
  -m, --m-int M          B-spline intervals per parameter, 1 to 10 (default 2)
  -K, --K-bootstrap K    subsamples, 1 to 100 (default 20; K = 1: all rows, nothing random)
  -R, --R-subsample R    rows per subsample, ${HDMR_MIN_ROWS} to N (default N/2, as SALib)
  -a, --alpha A          confidence level of the F-test and the intervals, 0.5 to 1
                         (default 0.95)
      --lambdax L        regularisation, 0 to 10 (default 0.01; -lambda: the same)
  -s, --seed S           seed of the subsamples (default: a fresh one)
  Of -p, -X and -Y, one may be - (standard input).
Every flag of SALib's hdmr command is taken. Any design: of a sample file's header only its
rows= is checked.
#select counts the subsamples (0 to K); SALib prints a flattened array there, which is the
same for K = 1. The Sum row's half-widths are over the subsamples (SALib's are always 0).
--json adds the seed; the emulator's coefficients are in the library's result (hdmr()).`;

/** x as Python's '%.Pf' (ties to even on the exact value, -0 keeps its sign). */
function pyFixed(x: number, p: number): string {
  if (Number.isNaN(x)) return 'nan';
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x), s = a * 10 ** p, f = Math.floor(s);
  let text = a.toFixed(p);
  if (s - f === 0.5 && (f + 0.5) / 10 ** p === a && f % 2 === 0) text = (f / 10 ** p).toFixed(p);
  return (neg ? '-' : '') + text;
}

/** Python's '%W.Pf' (right-aligned in W characters). */
const fw = (x: number, w: number, p: number) => pyFixed(x, p).padStart(w);

/** `uqkit analyze hdmr`: SALib's `salib analyze hdmr` (see HDMR_ANALYZE_HELP). */
export function analyzeHDMR(argv: string[]): void {
  const v = parseSalib(argv, {
    ...ANALYZE_OPTIONS, maxorder: { type: 'string' }, maxiter: { type: 'string' }, 'm-int': { type: 'string', short: 'm' },
    'K-bootstrap': { type: 'string', short: 'K' }, 'R-subsample': { type: 'string', short: 'R' }, alpha: { type: 'string', short: 'a' }, lambdax: { type: 'string' },
  }, { '-mor': '--maxorder', '-mit': '--maxiter', '-lambda': '--lambdax' });
  if (v.help) {
    process.stdout.write(HDMR_ANALYZE_HELP + '\n');
    return;
  }
  const paramfile = paramfileArg(v);
  const outputs = alias(v, 'model-output-file', 'outputs');
  oneStdin({ '-p': paramfile, '-Y': outputs, '-X': v['model-input-file'] });
  const maxorder = intArg('maxorder', v.maxorder, 1, 3) ?? 2;
  const maxiter = intArg('maxiter', v.maxiter, 1, 1000) ?? 100;
  const m = intArg('m-int', v['m-int'], 1, 10) ?? 2;
  const K = intArg('K-bootstrap', v['K-bootstrap'], 1, 100) ?? 20;
  const Rgiven = intArg('R-subsample', v['R-subsample'], HDMR_MIN_ROWS);
  const num = (name: string, s: string | undefined, lo: number, hi: number, fallback: number) => {
    if (s === undefined) return fallback;
    const x = Number(s);
    if (s.trim() === '' || !(x >= lo && x <= hi)) throw new CliError(`--${name}: expected a number from ${lo} to ${hi}, got ${JSON.stringify(s)}`);
    return x;
  };
  const alpha = num('alpha', v.alpha, 0.5, 1, 0.95);
  const lambdax = num('lambdax', v.lambdax, 0, 10, 0.01);
  const seed = seedArg(v.seed);
  const delimiter = delimiterArg(v.delimiter);
  const problem = readProblem(paramfile);
  const d = problem.names.length;
  const sample = readSampleFile(v, d, `the problem has ${d} parameter${d === 1 ? '' : 's'}`, delimiter);
  const { X, table } = sample;
  if (sample.header?.fields.has('rows')) checkRows(sample.header, table.file, X.rows, table.file, 'rows of points');
  if (d < 2) throw new CliError(`one parameter: HDMR needs at least 2`, { file: problem.file });
  if (maxorder === 3 && d < 3) throw new CliError(`--maxorder 3: the problem has ${d} parameters (at most order ${d})`);
  if (X.rows < HDMR_MIN_ROWS) throw new CliError(`${X.rows} rows of inputs: HDMR needs at least ${HDMR_MIN_ROWS} (as SALib)`, { file: table.file });
  if (Rgiven !== undefined && Rgiven > X.rows) throw new CliError(`--R-subsample ${Rgiven}: more than the ${X.rows} rows of ${table.file}`);
  const R = K === 1 ? X.rows : Rgiven ?? Math.floor(X.rows / 2);
  const p = (m + 3) ** maxorder;
  if (R <= p) {
    throw new CliError(`${R} rows per subsample (${K === 1 ? 'all rows' : Rgiven === undefined ? 'half the rows' : '--R-subsample'}) are too few for the ${p} coefficients of a term of order ${maxorder} with -m ${m}: more samples, a lower --maxorder or a smaller -m`, { file: table.file });
  }
  for (let j = 0; j < d; j++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < X.rows; i++) { const x = X.data[i * d + j]!; lo = Math.min(lo, x); hi = Math.max(hi, x); }
    if (!(hi > lo)) throw new CliError(`parameter ${problem.names[j]} (column ${j + 1}) is ${lo} on every line: HDMR needs every parameter to vary`, { file: table.file, line: table.lines[0]! });
  }
  const { Y } = readOutputs(v, outputs, sample, delimiter);
  const r = hdmr(X, Y, { names: problem.names, maxorder, maxiter, m, K, ...(Rgiven === undefined ? {} : { R: Rgiven }), alpha, lambdax, ...(seed === undefined ? {} : { seed }) });
  if (v.json) {
    process.stdout.write(JSON.stringify({
      Term: r.Term, Sa: jsonList(r.Sa), Sa_conf: jsonList(r.Sa_conf), Sb: jsonList(r.Sb), Sb_conf: jsonList(r.Sb_conf), S: jsonList(r.S), S_conf: jsonList(r.S_conf),
      ST: jsonList(r.ST), ST_conf: jsonList(r.ST_conf), select: Array.from(r.select),
      Sa_sum: r.Sa_sum, Sa_sum_conf: r.Sa_sum_conf, Sb_sum: r.Sb_sum, Sb_sum_conf: r.Sb_sum_conf, S_sum: r.S_sum, S_sum_conf: r.S_sum_conf, n: r.n,
      bootstrap: { K: r.bootstrap.K, R: r.bootstrap.R, alpha: r.bootstrap.alpha, seed: r.bootstrap.seed === undefined ? null : String(r.bootstrap.seed) },
    }, null, 1) + '\n');
    return;
  }
  // SALib's layout: print("\n"), a header, and one '%-11s   \t %5.2f (±%.2f) ...' line per term.
  const pm = (x: number, c: number) => `${fw(x, 5, 2)} (\u00b1${pyFixed(c, 2)})`;
  const lines = ['', '', 'Term    \t      Sa            Sb             S             ST         #select ', '-'.repeat(84)];
  r.Term.forEach((t, i) => {
    const head = `${t.padEnd(11)}   \t ${pm(r.Sa[i]!, r.Sa_conf[i]!)} ${pm(r.Sb[i]!, r.Sb_conf[i]!)} ${pm(r.S[i]!, r.S_conf[i]!)}`;
    const sel = String(r.select[i]).padEnd(3);
    lines.push(i < d ? `${head} ${pm(r.ST[i]!, r.ST_conf[i]!)}    ${sel}` : `${head}                  ${sel}`);
  });
  lines.push('-'.repeat(84));
  lines.push(`${'Sum'.padEnd(11)}   \t ${pm(r.Sa_sum, r.Sa_sum_conf)} ${pm(r.Sb_sum, r.Sb_sum_conf)} ${pm(r.S_sum, r.S_sum_conf)}`);
  process.stdout.write(lines.join('\n') + '\n');
}
