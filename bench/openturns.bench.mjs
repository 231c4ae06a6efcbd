// uqkit beside OpenTURNS (bench/compare/openturns.py) in the same run, on the same machine:
// Gauss rules (standard normal and U(-1, 1), n = 100 and 1000), polynomial chaos by LARS of the
// Ishigami function (total degree 10, 1,000 Kronecker points both sides build identically),
// and Sobol' indices of the Ishigami function with 1,000 bootstrap resamples (N = 2^14). The
// Python side runs when OpenTURNS can be imported (Debian's python3-openturns, for
// /usr/bin/python3; UQKIT_OPENTURNS_PYTHON names another interpreter) and is skipped with a
// note otherwise; CI does not run it.
//   node bench/openturns.bench.mjs [seconds per task, default 1.5]
//
// The uqkit rows time what gauss(), fitPCE and sobolIndices do: gauss() caches its rules, so
// its uncached kernel paths are timed (hermiteRule for the normal, as gauss(Normal) uses at
// every n; Golub–Welsch on the Legendre recurrence for the uniform). OpenTURNS 1.20 has no
// Smolyak experiment and no Clenshaw–Curtis rule, so the sparse grid has no peer here (see
// bench/quadrature.bench.mjs for it beside a numpy reference). OpenTURNS has kriging; uqkit
// has none yet, so there is no row for it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fitPCE, matrix, saltelliDesign, sobolIndices, Uniform } from '../build/index.js';
import { gaussFromRecurrence, legendreRecurrence } from '../build/numerics/recurrence.js';
import { hermiteRule } from '../build/numerics/hermite.js';

const ISHIGAMI_S = [0.3139051911, 0.4424111448, 0];
const ISHIGAMI_ST = [0.5575888552, 0.4424111448, 0.2436836641];
const ishigami = (x) => Float64Array.from({ length: x.length / 3 }, (_, i) => Math.sin(x[3 * i]) + 7 * Math.sin(x[3 * i + 1]) ** 2 + 0.1 * x[3 * i + 2] ** 4 * Math.sin(x[3 * i]));

/** The Kronecker points of bench/compare/openturns.py: pi (-1 + 2 ((i + 1) sqrt(p_j) + 0.5 mod 1)). */
function kronecker(n, d) {
  const alpha = [2, 3, 5, 7, 11].slice(0, d).map((p) => Math.sqrt(p) % 1);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = Math.PI * (-1 + 2 * (((i + 1) * alpha[j] + 0.5) % 1));
  return matrix(x, n, d);
}

/** Median and minimum ms of `fn` over at least `minRuns` calls and about `ms` ms, after one warm-up; `check` sees every result. */
function measure(key, name, fn, check, ms, minRuns = 5) {
  check(fn());
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < ms && times.length < 10000)) {
    const t0 = performance.now();
    const out = fn();
    times.push(performance.now() - t0);
    check(out);
  }
  times.sort((a, b) => a - b);
  return { key, name, medianMs: times[times.length >> 1], minMs: times[0], samples: times.length };
}

/** uqkit's side of every case: rows as bench/compare/openturns.py gives them, and accuracy checks. */
export function runUqkit({ time = 1500 } = {}) {
  const rows = [], checks = {};
  const same = (key, first) => (r) => {
    if (r.nodes.length !== first.nodes.length || r.nodes.at(-1) !== first.nodes.at(-1)) throw new Error(`${key}: a different rule`);
  };
  for (const [dist, make] of [['normal', (n) => hermiteRule(n)], ['uniform', (n) => gaussFromRecurrence(legendreRecurrence(n), n, true)]]) {
    for (const n of [100, 1000]) {
      const key = `gauss-${dist}-${n}`, first = make(n);
      checks[key] = { weightSum: first.weights.reduce((s, w) => s + w, 0), largestNode: first.nodes.at(-1) };
      rows.push(measure(key, `uqkit ${dist === 'normal' ? 'hermiteRule' : 'Golub–Welsch (Legendre)'} ${dist} n=${n}`, () => make(n), same(key, first), time));
    }
  }
  const U = new Uniform(-Math.PI, Math.PI);
  const X = kronecker(1000, 3), y = ishigami(X.data);
  const chaos = () => fitPCE([U, U, U], X, y, { degree: 10, method: 'lars' }).sobolFirst();
  const s = chaos();
  checks['chaos-lars-ishigami'] = { first: Array.from(s), maxError: Math.max(...ISHIGAMI_S.map((v, j) => Math.abs(s[j] - v))) };
  rows.push(measure('chaos-lars-ishigami', 'uqkit fitPCE LARS (LOO), Ishigami degree 10, N=1000', chaos, (r) => { if (!(Math.abs(r[1] - s[1]) < 1e-12)) throw new Error('chaos: another result'); }, time, 3));
  const design = saltelliDesign([U, U, U], 2 ** 14, { seed: 1 });
  const Y = ishigami(design.X.data);
  const indices = () => sobolIndices(Y, { design, bootstrap: { resamples: 1000, seed: 3 } });
  const r = indices();
  checks['sobol-ishigami-14'] = { first: Array.from(r.first), total: Array.from(r.total), maxError: Math.max(...ISHIGAMI_S.map((v, j) => Math.abs(r.first[j] - v)), ...ISHIGAMI_ST.map((v, j) => Math.abs(r.total[j] - v))) };
  rows.push(measure('sobol-ishigami-14', 'uqkit sobolIndices, Ishigami N=2^14, first+total, 1000 bootstrap resamples', indices, (x) => { if (x.first[0] !== r.first[0] || !(x.firstConf[0] > 0)) throw new Error('sobol: another result'); }, time));
  return { rows, checks };
}

/** OpenTURNS's side: the JSON of bench/compare/openturns.py, or { skipped: why }. */
export function runOpenTURNS({ seconds = 1.5 } = {}) {
  const python = process.env.UQKIT_OPENTURNS_PYTHON || '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import openturns; print(openturns.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: `OpenTURNS cannot be imported by ${python} (apt-get install python3-openturns, or set UQKIT_OPENTURNS_PYTHON): skipped` };
  const py = spawnSync(python, [fileURLToPath(new URL('./compare/openturns.py', import.meta.url)), String(seconds)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (py.status !== 0) return { skipped: `bench/compare/openturns.py failed (exit ${py.status}): ${py.stderr.trim().split('\n').pop()}` };
  return JSON.parse(py.stdout);
}

/** Both sides and a Markdown table with the ratio OpenTURNS / uqkit (> 1: uqkit is faster). */
export function runComparison({ seconds = 1.5 } = {}) {
  const uq = runUqkit({ time: seconds * 1000 });
  const ot = runOpenTURNS({ seconds });
  const lines = ['| task | uqkit median ms (min) | OpenTURNS median ms (min) | OpenTURNS / uqkit | max index error uqkit / OpenTURNS |', '|---|---:|---:|---:|---|'];
  for (const r of uq.rows) {
    const peer = ot.rows?.find((p) => p.key === r.key);
    const e = uq.checks[r.key]?.maxError, pe = ot.checks?.[r.key]?.maxError;
    lines.push(`| ${r.name} | ${r.medianMs.toFixed(2)} (${r.minMs.toFixed(2)}) | ${peer ? `${peer.medianMs.toFixed(2)} (${peer.minMs.toFixed(2)})` : '—'} | ${peer ? (peer.medianMs / r.medianMs).toFixed(1) + '×' : '—'} | ${e !== undefined ? `${e.toExponential(1)} / ${pe !== undefined ? pe.toExponential(1) : '—'}` : ''} |`);
  }
  if (ot.skipped) lines.push('', ot.skipped);
  else lines.push('', `OpenTURNS ${ot.openturns}, Python ${ot.python}, numpy ${ot.numpy}; Node ${process.version}.`);
  return { uqkit: uq, openturns: ot, report: lines.join('\n') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? 1.5);
  const { report, uqkit, openturns } = runComparison({ seconds });
  console.log(report);
  console.error(JSON.stringify({ uqkit: uqkit.checks, openturns: openturns.checks ?? null }));
}
