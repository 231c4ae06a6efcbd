// SALib's screening methods in uqkit against SALib itself, in one run: Morris (sample 1,000
// trajectories for d = 20; analyze them with 100 and 1,000 bootstrap resamples; choose 10
// optimal trajectories of 100 candidates), fractional factorial (d = 20 and d = 100, with
// interactions) and DGSM (finite-difference sample of 1,000 base points for d = 20; analyze
// with 100 resamples) and HDMR (d = 8, N = 2,000 Latin hypercube points of the g-function,
// maxorder 2, SALib's K = 20 subsamples of R = 1,000 rows; and K = 1 on all rows). The analyzers get the same X and Y on both sides (written to a temp
// folder for bench/compare/salib_bench.py); the samplers the same sizes. SALib is run with
// Debian's /usr/bin/python3 and SALib's sources on PYTHONPATH (SALIB_SRC, default
// /work/peers/SALib/src); without them only uqkit's times are printed.
//   node bench/salib.bench.mjs [--time SECONDS]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { Uniform, dgsmAnalyze, ffAnalyze, ffSample, finiteDiffSample, hdmr, latinSample, morrisAnalyze, morrisSample, morrisSelectTrajectories } from '../build/index.js';

const argTime = process.argv.indexOf('--time');
const seconds = argTime > 0 ? Number(process.argv[argTime + 1]) : 1.5;
const D = 20;
const A = [0, 1, 4.5, 9, ...Array(D - 4).fill(99)];
const gfun = (X) => {
  const Y = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let p = 1;
    for (let j = 0; j < X.cols; j++) p *= (Math.abs(4 * X.data[i * X.cols + j] - 2) + A[j % A.length]) / (1 + A[j % A.length]);
    Y[i] = p;
  }
  return Y;
};
const U = Array.from({ length: D }, () => new Uniform(0, 1));
const dir = mkdtempSync(join(tmpdir(), 'uqkit-salib-bench-'));
const save = (name, a) => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

// The shared inputs.
const morris = morrisSample(U, 1000, { seed: 1 });
const morrisY = gfun(morris.X);
save('morris_X.bin', morris.X.data);
save('morris_Y.bin', morrisY);
const cand = morrisSample(U, 100, { seed: 2 });
save('cand_unit.bin', cand.unit.data);
const fd = finiteDiffSample(U, 1000);
const fdY = gfun(fd.X);
save('fd_X.bin', fd.X.data);
save('fd_Y.bin', fdY);
const ff20 = ffSample(U), ff100 = ffSample(Array.from({ length: 100 }, () => new Uniform(0, 1)));
const ff20Y = gfun(ff20.X), ff100Y = gfun(ff100.X);
save('ff20_Y.bin', ff20Y);
save('ff100_Y.bin', ff100Y);
const hd = latinSample(U.slice(0, 8), 2000, { seed: 6 }).X;
const hdY = gfun(hd);
save('hdmr_X.bin', hd.data);
save('hdmr_Y.bin', hdY);

const must = (ok, what) => { if (!ok) throw new Error(what); };
const tasks = [
  ['morris-sample', 'Morris sample, d=20, N=1000 trajectories (21,000 rows)', () => must(morrisSample(U, 1000, { seed: 3 }).X.rows === 21000, 'rows')],
  ['morris-analyze-100', 'Morris analyze, d=20, 1000 trajectories, 100 resamples', () => must(morrisAnalyze(morris.X, morrisY, { seed: 4 }).mu_star[0] > 1, 'mu*')],
  ['morris-analyze-1000', 'Morris analyze, d=20, 1000 trajectories, 1000 resamples', () => must(morrisAnalyze(morris.X, morrisY, { seed: 4, numResamples: 1000 }).mu_star[0] > 1, 'mu*')],
  ['morris-optimal', 'Morris optimal trajectories, 10 of 100 candidates, d=20, local search', () => must(morrisSelectTrajectories(cand.unit, 21, 10, true).length === 10, 'k')],
  ['ff-20', 'ff sample + analyze with interactions, d=20 (k=32)', () => must(ffAnalyze(gfun(ffSample(U).X), { dim: 20, secondOrder: true }).IE.length === 496, 'IE')],
  ['ff-100-analyze', 'ff analyze with interactions, d=100 (k=128, 8,128 pairs)', () => must(ffAnalyze(ff100Y, { dim: 100, secondOrder: true }).IE.length === 8128, 'IE')],
  ['fd-sample', 'finite_diff sample, d=20, N=1000 (21,000 rows)', () => must(finiteDiffSample(U, 1000).X.rows === 21000, 'rows')],
  ['dgsm-analyze', 'DGSM analyze, d=20, N=1000, 100 resamples', () => must(dgsmAnalyze(fd.X, fdY, { dists: U, seed: 5 }).vi[0] > 0, 'vi')],
  ['hdmr-k20', 'HDMR analyze, d=8, N=2000, maxorder 2, K=20 subsamples of R=1000', () => must(hdmr(hd, hdY, { seed: 7 }).S[0] > 0.5, 'S')],
  ['hdmr-k1', 'HDMR analyze, d=8, N=2000, maxorder 2, K=1 (all rows)', () => must(hdmr(hd, hdY, { K: 1 }).S[0] > 0.5, 'S')],
];
const bench = new Bench({ time: seconds * 1000, warmupTime: 200, iterations: 5 });
for (const [, name, fn] of tasks) bench.add(name, fn);
await bench.run();
const js = bench.tasks.map((t, i) => {
  if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
  return { key: tasks[i][0], name: t.name, medianMs: t.result.latency.p50, minMs: t.result.latency.min, samples: t.result.latency.samplesCount };
});

const src = process.env.SALIB_SRC ?? '/work/peers/SALib/src';
const py = spawnSync('/usr/bin/python3', [new URL('./compare/salib_bench.py', import.meta.url).pathname, dir, String(seconds)], {
  encoding: 'utf8', env: { ...process.env, PYTHONPATH: src }, maxBuffer: 1 << 26,
});
rmSync(dir, { recursive: true, force: true });
const peers = py.status === 0 ? JSON.parse(py.stdout) : null;
if (!peers) console.error(`SALib not run (exit ${py.status}): ${py.stderr.trim().split('\n').pop()}`);

const ms = (v) => (v === undefined ? '—' : v < 1 ? v.toFixed(3) : v.toFixed(1));
const lines = [peers ? `SALib ${peers.salib}, Python ${peers.python}, numpy ${peers.numpy}; Node ${process.version}. Median of repeated runs; ratio = SALib / uqkit.` : 'SALib unavailable: uqkit only.', ''];
lines.push('| task | uqkit median ms (min) | SALib median ms (min) | ratio |');
lines.push('|---|---:|---:|---:|');
for (const r of js) {
  const p = peers?.rows.find((x) => x.key === r.key);
  lines.push(`| ${r.name} | ${ms(r.medianMs)} (${ms(r.minMs)}) | ${p ? `${ms(p.medianMs)} (${ms(p.minMs)})` : '—'} | ${p ? (p.medianMs / r.medianMs).toFixed(1) + '×' : '—'} |`);
}
console.log(lines.join('\n'));
