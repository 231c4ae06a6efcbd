// Runs the benchmarks and their Python peers in one process run, side by side, and prints a
// Markdown report (paste into BENCHMARKS.md). Also writes bench/results/<name>.json.
//   npm run bench                 # all
//   node bench/run.mjs --time 3   # seconds per task (default 1.5)
//   node bench/run.mjs --heavy    # also the slow Python peers of the sensitivity benchmark (minutes, GiBs)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { runUqkit, DIM, M } from './sobol.bench.mjs';

const argTime = process.argv.indexOf('--time');
const seconds = argTime > 0 ? Number(process.argv[argTime + 1]) : 1.5;

const rate = (r) => r.values / (r.medianMs / 1e3);
const g = (v) => `${(v / 1e9).toFixed(3)} G/s`;

console.error(`uqkit: Sobol' d=${DIM}, n=2^${M} ...`);
const js = await runUqkit({ time: seconds * 1000 });
/** Runs bench/compare/<script> and returns its JSON, or null (saying why) when Python fails. */
function pythonPeers(script, ...extra) {
  console.error(`python peers (${script}) ...`);
  const py = spawnSync('python3', [new URL(`./compare/${script}`, import.meta.url).pathname, String(seconds), ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (py.status === 0) return JSON.parse(py.stdout);
  console.error(`python peers unavailable (exit ${py.status}): ${py.stderr.trim().split('\n').pop()}`);
  return null;
}
const peers = pythonPeers('sobol.py');

const find = (rows, prefix) => rows?.find((r) => r.name.startsWith(prefix));
const scipyPlain = find(peers?.rows, 'scipy plain: Sobol');
const scipyBatches = find(peers?.rows, 'scipy plain: 16');
const scipyScr = find(peers?.rows, 'scipy scrambled');
const fillSame = find(js, 'JS ceiling: fill the same');
const fillNew = find(js, 'JS ceiling: new Float64Array');

const lines = [];
lines.push(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}` +
  (peers ? `; Python ${peers.python}, numpy ${peers.numpy}, scipy ${peers.scipy}` : '') + `; ${new Date().toISOString().slice(0, 10)}.`);
lines.push('');
lines.push(`Sobol' d = ${DIM}, n = 2^${M} (${(DIM * 2 ** M / 1e6).toFixed(1)} M values). Median of repeated runs; values/s = d·n / median time.`);
lines.push('');
lines.push('| task | median ms | min ms | runs | values/s | vs scipy (same scramble) | vs JS fill (same array) | vs JS fill (new array) |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of [...js, ...(peers?.rows ?? [])]) {
  const peer = r.name.includes('16 ×') ? scipyBatches : r.name.includes('plain') ? scipyPlain : r.name.includes('lms') || r.name.includes('owen') ? scipyScr : undefined;
  const isUq = r.name.startsWith('uqkit');
  lines.push(`| ${r.name} | ${r.medianMs.toFixed(2)} | ${r.minMs.toFixed(2)} | ${r.samples} | ${g(rate(r))} | ` +
    `${isUq && peer ? (rate(r) / rate(peer)).toFixed(2) + '×' : ''} | ` +
    `${isUq && fillSame ? (100 * rate(r) / rate(fillSame)).toFixed(0) + '%' : ''} | ` +
    `${isUq && fillNew ? (100 * rate(r) / rate(fillNew)).toFixed(0) + '%' : ''} |`);
}
const report = lines.join('\n');
console.log(report);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sobol.json', import.meta.url), JSON.stringify({ js, peers, report }, null, 1));

// ------------------------------------------------------------------------------------------
// Quadrature: uqkit's Gauss rules (bench/quadrature.bench.mjs) against scipy.special, and the
// Smolyak sparse-grid row (numpy reference in bench/compare/quadrature.py; the uqkit side is
// sparseGridTask() in bench/quadrature.bench.mjs). Rows are matched to their peers by `key`.
const { runQuadrature } = await import('./quadrature.bench.mjs');
console.error('uqkit: Gauss rules ...');
const quadJs = await runQuadrature({ time: seconds * 1000 });
const quadPeers = pythonPeers('quadrature.py');

const ms = (v) => (v === undefined ? '—' : v < 1 ? v.toFixed(3) : v.toFixed(2));
const quadLines = [''];
quadLines.push(`Gauss rules: uqkit's uncached kernel path (gaussFromRecurrence: Golub–Welsch + Newton + weights, in WebAssembly) against ` +
  `scipy.special roots_legendre / roots_hermitenorm${quadPeers ? ` (scipy ${quadPeers.scipy})` : ''}. Median of repeated runs; speed-up = scipy median / uqkit median.`);
quadLines.push('');
quadLines.push('| task | uqkit median ms | scipy median ms | speed-up vs scipy |');
quadLines.push('|---|---:|---:|---:|');
const quadKeys = [...new Set([...quadJs.map((r) => r.key), ...(quadPeers?.rows ?? []).map((r) => r.key)])];
for (const key of quadKeys) {
  const u = quadJs.find((r) => r.key === key);
  const p = quadPeers?.rows.find((r) => r.key === key);
  const label = u ? u.name.replace(/^uqkit /, '') : key.startsWith('smolyak') && quadPeers?.smolyak
    ? `Smolyak Clenshaw–Curtis d=${quadPeers.smolyak.d} level ${quadPeers.smolyak.level}, ${quadPeers.smolyak.points.toLocaleString('en')} points (peer: numpy reference)`
    : p.name;
  quadLines.push(`| ${label} | ${ms(u?.medianMs)} | ${ms(p?.medianMs)} | ${u && p ? (p.medianMs / u.medianMs).toFixed(1) + '×' : '—'} |`);
}
if (quadPeers?.smolyak) {
  const s = quadPeers.smolyak;
  quadLines.push('');
  quadLines.push(`Smolyak reference (numpy): d=${s.d}, level ${s.level} (levels from 0, |l|₁ ≤ ${s.level}), nested Clenshaw–Curtis; ` +
    `${s.pointsBeforeMerging.toLocaleString('en')} tensor points merged to ${s.points.toLocaleString('en')} (expected ${s.expectedPoints.toLocaleString('en')}); ` +
    `weights sum to 1 ${s.weightSum >= 1 ? '+' : '−'} ${Math.abs(s.weightSum - 1).toExponential(1)}, ${s.negativeWeights.toLocaleString('en')} negative.`);
}
const quadReport = quadLines.join('\n');
console.log(quadReport);
writeFileSync(new URL('./results/quadrature.json', import.meta.url), JSON.stringify({ js: quadJs, peers: quadPeers, report: quadReport }, null, 1));

// ------------------------------------------------------------------------------------------
// Polynomial chaos regression (bench/pce.bench.mjs) against numpy.linalg.lstsq on the same
// basis matrix (bench/compare/pce.py). Rows are matched to their peers by `key`.
const { runPCE } = await import('./pce.bench.mjs');
console.error('uqkit: PCE regression ...');
const pceJs = await runPCE({ time: seconds * 1000 });
const pcePeers = pythonPeers('pce.py');
const pceLines = [''];
pceLines.push(`PCE regression: d = 8, total degree 5 (P = ${pceJs.P}), N = ${pceJs.n}; uqkit solver ${pceJs.solver} ` +
  `(estimated cond(Ψ) ${pceJs.condition.toFixed(0)}), ${os.availableParallelism()} threads` +
  (pcePeers ? `; numpy ${pcePeers.numpy} (${pcePeers.threads})` : '') + '. Median of repeated runs; ratio = peer median / uqkit median (> 1: uqkit faster).');
pceLines.push('');
pceLines.push('| task | uqkit median ms | peer | peer median ms | ratio |');
pceLines.push('|---|---:|---|---:|---:|');
for (const u of pceJs.rows) {
  const p = pcePeers?.rows.find((r) => r.key === u.key);
  pceLines.push(`| ${u.name.replace(/^uqkit /, '')} | ${ms(u.medianMs)} | ${p ? p.name : '—'} | ${ms(p?.medianMs)} | ${p ? (p.medianMs / u.medianMs).toFixed(2) + '×' : '—'} |`);
}
const normal = pcePeers?.rows.find((r) => r.key === 'normal-1');
if (normal) pceLines.push(`| | | ${normal.name} | ${ms(normal.medianMs)} | ${(normal.medianMs / pceJs.rows.find((r) => r.key === 'fit-1').medianMs).toFixed(2)}× (vs fitPCE with LOO) |`);
const pceReport = pceLines.join('\n');
console.log(pceReport);
writeFileSync(new URL('./results/pce.json', import.meta.url), JSON.stringify({ js: pceJs, peers: pcePeers, report: pceReport }, null, 1));

// ------------------------------------------------------------------------------------------
// Sensitivity: Sobol' indices with 1,000 bootstrap resamples (bench/sensitivity.bench.mjs)
// against SALib's analyze reproduced in numpy and scipy's sobol_indices(...).bootstrap()
// (bench/compare/sensitivity.py; the d = 20 and scipy rows only with --heavy).
const { runSensitivity } = await import('./sensitivity.bench.mjs');
console.error("uqkit: Sobol' indices with bootstrap ...");
const sensJs = await runSensitivity({ time: seconds * 1000 });
const sensPeers = pythonPeers('sensitivity.py', ...(process.argv.includes('--heavy') ? ['--heavy'] : []));
const sensLines = [''];
sensLines.push(`Sobol' indices, first and total order with 1,000 bootstrap resamples (half-widths and percentile intervals), from model outputs ` +
  `already computed; peers: SALib's sobol.analyze reproduced in numpy (SALib itself cannot be installed here)` +
  `${sensPeers ? ` and scipy ${sensPeers.scipy} sobol_indices(...).bootstrap()` : ''}. Speed-up = peer median / uqkit median.`);
sensLines.push('');
sensLines.push('| task | uqkit median ms | peer | peer ms | speed-up |');
sensLines.push('|---|---:|---|---:|---:|');
for (const u of sensJs) {
  const peers = (sensPeers?.rows ?? []).filter((p) => p.key === u.key || p.key === `scipy-${u.key}`);
  if (peers.length === 0) sensLines.push(`| ${u.name.replace(/^uqkit /, '')} | ${ms(u.medianMs)} | — | — | — |`);
  for (const p of peers) {
    sensLines.push(`| ${u.name.replace(/^uqkit /, '')} | ${ms(u.medianMs)} | ${p.name}${p.samples === 1 ? '' : ` (${p.samples} runs)`} | ${ms(p.medianMs)} | ${(p.medianMs / u.medianMs).toFixed(0)}× |`);
  }
}
const sensReport = sensLines.join('\n');
console.log(sensReport);
writeFileSync(new URL('./results/sensitivity.json', import.meta.url), JSON.stringify({ js: sensJs, peers: sensPeers, report: sensReport }, null, 1));

// ------------------------------------------------------------------------------------------
// Local processes (bench/process.bench.mjs): runPool against a bare spawn loop, same commands
// and concurrency.
const { runProcesses } = await import('./process.bench.mjs');
console.error('uqkit: local processes ...');
const proc = await runProcesses({ time: seconds * 1000 });
const procLines = ['', `Local processes: ${proc.rows[0].name.match(/\d+/)[0]} runs, concurrency ${proc.concurrency}. Median of repeated runs; share = runner rate / bare-loop rate.`, '', '| task | median ms | runs/s | share of the bare rate |', '|---|---:|---:|---:|'];
for (const r of proc.rows) {
  const bareRow = r.name.startsWith('runner') ? proc.rows.find((b) => b.name.startsWith('bare') && b.name.endsWith(r.name.split(' runs of ')[1])) : undefined;
  procLines.push(`| ${r.name} | ${r.medianMs.toFixed(0)} | ${r.rate.toFixed(0)} | ${bareRow ? (100 * r.rate / bareRow.rate).toFixed(0) + '%' : ''} |`);
}
const procReport = procLines.join('\n');
console.log(procReport);
writeFileSync(new URL('./results/process.json', import.meta.url), JSON.stringify({ proc, report: procReport }, null, 1));

// ------------------------------------------------------------------------------------------
// Analysis (bench/analysis.bench.mjs): analyse() per method at a 150- or 500-value output,
// and the 3125-run x 500-value case alone in a child process (wall time and peak RSS).
const { runAnalysis } = await import('./analysis.bench.mjs');
console.error('uqkit: analyse() per method ...');
const an = await runAnalysis();
const anLines = ['', 'analyse(): median of 9 calls (3 for the large case) after one warm-up; range min–max.', '', '| case | runs | median ms | range ms |', '|---|---:|---:|---:|'];
for (const r of an.rows) anLines.push(`| ${r.name} | ${r.runs} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)} |`);
if (an.large) anLines.push('', `The large case in a process of its own: analyse() ${an.large.ms.toFixed(0)} ms, peak RSS of the process ${an.large.maxRssMB.toFixed(0)} MB.`);
const anReport = anLines.join('\n');
console.log(anReport);
writeFileSync(new URL('./results/analysis.json', import.meta.url), JSON.stringify({ ...an, report: anReport }, null, 1));

// ------------------------------------------------------------------------------------------
// OpenTURNS side by side (bench/openturns.bench.mjs; its Python side is skipped with a note
// when OpenTURNS cannot be imported).
const { runComparison } = await import('./openturns.bench.mjs');
console.error('uqkit and OpenTURNS ...');
const otc = runComparison({ seconds });
console.log(['', otc.report].join('\n'));
writeFileSync(new URL('./results/openturns.json', import.meta.url), JSON.stringify(otc, null, 1));
