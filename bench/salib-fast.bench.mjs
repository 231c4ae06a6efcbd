// SALib's eFAST, RBD-FAST, delta and PAWN: uqkit against SALib itself on the same inputs, outputs
// and numbers of resamples, in one run (bench/compare/salib_fast_bench.py reads the float64 files
// written here; it is skipped with a note when SALib is not importable). Prints a Markdown table
// of medians and ratios (SALib median / uqkit median).
//   node bench/salib-fast.bench.mjs [--time seconds per task, default 1.5] [--no-delta]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { deltaAnalyze, fastAnalyze, fastSample, init, latinSample, pawnAnalyze, rbdFastAnalyze } from '../build/index.js';

await init();
const argTime = process.argv.indexOf('--time');
const seconds = argTime > 0 ? Number(process.argv[argTime + 1]) : 1.5;
const A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const D = 8;
const gfun = (X) => Float64Array.from({ length: X.rows }, (_, i) => {
  let p = 1;
  for (let j = 0; j < D; j++) p *= (Math.abs(4 * X.data[i * D + j] - 2) + A[j]) / (1 + A[j]);
  return p;
});
const unit = Array(D).fill([0, 1]);
const fastX = fastSample(unit, 4096, { seed: 1 }).X;
const lhs4 = latinSample(unit, 4096, { seed: 2 }).X;
const lhs10 = latinSample(unit, 10000, { seed: 3 }).X;
const noDelta = process.argv.includes('--no-delta');
/** Each case: what both sides run, and uqkit's call with a check that the work was done. */
const cases = [
  { key: 'fast-sample', method: 'fast-sample', label: 'eFAST sample N=4096 d=8', N: 4096, X: fastX, run: () => fastSample(unit, 4096, { seed: 1 }).X.rows === 4096 * D },
  { key: 'fast', method: 'fast', label: 'eFAST analyze N=4096 d=8, R=100', X: fastX, resamples: 100, run: (c) => fastAnalyze(c.Y, D, { resamples: 100, seed: 1 }).S1[0] > 0.5 },
  { key: 'rbd_fast', method: 'rbd_fast', label: 'RBD-FAST analyze N=4096 d=8, R=100', X: lhs4, resamples: 100, run: (c) => rbdFastAnalyze(c.X, c.Y, { resamples: 100, seed: 1 }).S1[0] > 0.5 },
  ...(noDelta ? [] : [{ key: 'delta', method: 'delta', label: 'delta analyze N=10^4 d=8, R=100 (delta and S1)', X: lhs10, resamples: 100, runs: 1, run: (c) => deltaAnalyze(c.X, c.Y, { resamples: 100, seed: 1 }).delta[0] > 0.2 }]),
  { key: 'pawn', method: 'pawn', label: 'PAWN analyze N=10^4 d=8, S=10', X: lhs10, run: (c) => pawnAnalyze(c.X, c.Y, { S: 10 }).median[0] > 0.2 },
];
const dir = mkdtempSync(join(os.tmpdir(), 'uqkit-salib-bench-'));
try {
  for (const c of cases) {
    c.Y = gfun(c.X);
    c.rows = c.X.rows;
    writeFileSync(join(dir, `${c.key}.X`), new Uint8Array(c.X.data.buffer));
    writeFileSync(join(dir, `${c.key}.Y`), new Uint8Array(c.Y.buffer));
  }
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ cases: cases.map(({ key, method, label, N, rows, resamples, runs }) => ({ key, method, label, N, rows, D, resamples, runs })) }));
  const bench = new Bench({ time: seconds * 1000, warmupTime: 100, iterations: 3 });
  for (const c of cases) bench.add(c.label, () => { if (!c.run(c)) throw new Error(`${c.label}: unexpected result`); });
  console.error('uqkit ...');
  await bench.run();
  console.error('SALib (bench/compare/salib_fast_bench.py) ...');
  const py = spawnSync('/usr/bin/python3', [new URL('./compare/salib_fast_bench.py', import.meta.url).pathname, dir, String(seconds)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const peers = py.status === 0 ? JSON.parse(py.stdout) : { skipped: `python failed (exit ${py.status}): ${py.stderr.trim().split('\n').pop()}` };
  const lines = [`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores; Node ${process.version}` +
    (peers.rows ? `; Python ${peers.python}, numpy ${peers.numpy}, scipy ${peers.scipy}, SALib ${peers.salib.split(' ')[0]}` : '') + `; ${new Date().toISOString().slice(0, 10)}.`, ''];
  if (peers.skipped) lines.push(`SALib: skipped (${peers.skipped}).`, '');
  lines.push('| task | uqkit median ms (min) | SALib median ms (min) | SALib / uqkit |', '|---|---:|---:|---:|');
  bench.tasks.forEach((t, i) => {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
    const u = t.result.latency;
    const p = peers.rows?.find((r) => r.key === cases[i].key);
    lines.push(`| ${t.name} | ${u.p50.toFixed(1)} (${u.min.toFixed(1)}) | ${p ? `${p.medianMs.toFixed(1)} (${p.minMs.toFixed(1)})` : '—'} | ${p ? (p.medianMs / u.p50).toFixed(1) + '×' : '—'} |`);
  });
  console.log(lines.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
