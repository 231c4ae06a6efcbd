// Runs the benchmarks and their Python peers in one process run, side by side, and prints a
// Markdown report (paste into BENCHMARKS.md). Also writes bench/results/<name>.json.
//   npm run bench                 # all
//   node bench/run.mjs --time 3   # seconds per task (default 1.5)
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
console.error('python peers ...');
const py = spawnSync('python3', [new URL('./compare/sobol.py', import.meta.url).pathname, String(seconds)], { encoding: 'utf8' });
let peers = null;
if (py.status === 0) peers = JSON.parse(py.stdout);
else console.error(`python peers unavailable (exit ${py.status}): ${py.stderr.trim().split('\n').pop()}`);

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
