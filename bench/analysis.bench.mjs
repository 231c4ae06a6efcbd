// Time of analyse() (src/analysis) for each method at a realistic vector output size, the
// coffee cup (PCE order 3, 16 runs x 150 times), and a 3125-run campaign with a 500-value
// output (5 inputs, PCE order 4 by projection), whose peak memory is measured in a child
// process of its own (the peak RSS, VmHWM, of `node bench/analysis.bench.mjs --large`).
//   node bench/analysis.bench.mjs            # the table
//   node bench/analysis.bench.mjs --large    # the large case alone, prints { ms, cpuMs, maxRssMB }
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyse, sampler } from '../build/index.js';

const U = (low, high) => ({ dist: 'uniform', low, high });
const times = (n, end) => Array.from({ length: n }, (_, i) => (end * i) / (n - 1));

/** A campaign's analysis input: the sampler's runs with outputs of `f`. */
function input(spec, vary, f) {
  return { sampler: spec, vary, runs: sampler(spec, vary).rest().map((p) => ({ params: p, outputs: f(p) })) };
}

const coffeeVary = { kappa: U(0.025, 0.075), t_env: U(15, 25) };
const coffee = (ts) => (p) => ({ te: ts.map((t) => p.t_env + (95 - p.t_env) * Math.exp(-p.kappa * t)) });
const fiveVary = { a: U(0, 1), b: U(0, 1), c: U(0.5, 1.5), d: U(0, 1), e: U(0, 1) };
const five = (ts) => (p) => ({ y: ts.map((t) => p.a + p.b * Math.exp(-p.c * t) + p.d * p.e * t) });
const threeVary = { x1: U(-Math.PI, Math.PI), x2: U(-Math.PI, Math.PI), x3: U(-Math.PI, Math.PI) };
const three = (ts) => (p) => ({ y: ts.map((t) => Math.sin(p.x1 + t) + 7 * Math.sin(p.x2) ** 2 + 0.1 * p.x3 ** 4 * Math.sin(p.x1) * t) });

/** The large case: 5 inputs, PCE order 4 (5^5 = 3125 runs), 500 values per run. */
function largeInput() {
  return input({ kind: 'pce', order: 4 }, fiveVary, five(times(500, 10)));
}

/**
 * Peak resident memory of this process, MB: VmHWM from /proc/self/status where it exists. Not
 * process.resourceUsage().maxRSS: a child inherits its parent's peak at fork (Linux keeps the
 * larger of the two across exec), so a child spawned by a benchmark process that had grown to
 * 300 MB reported 300 MB whatever it used itself.
 */
function peakRssMB() {
  try {
    const kB = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kB) return Number(kB[1]) / 1024;
  } catch {
    // no /proc: fall back to getrusage's figure
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Median ms of `reps` calls of analyse(inp, opts) after one warm-up, and a value to check. */
function time(inp, opts, reps) {
  let r = analyse(inp, opts);
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    r = analyse(inp, opts);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = Object.values(r.analysis)[0];
  if (!Number.isFinite(q.mean[q.mean.length - 1])) throw new Error('analysis: no result');
  return { medianMs: ms[ms.length >> 1], minMs: ms[0], maxMs: ms[ms.length - 1] };
}

export async function runAnalysis({ reps = 9 } = {}) {
  const ts150 = times(150, 200), ts500 = times(500, 10);
  const cases = [
    { name: 'coffee cup: PCE projection order 3, 16 runs x 150 values', inp: input({ kind: 'pce', order: 3 }, coffeeVary, coffee(ts150)) },
    { name: 'basic statistics: QMC 1,024 runs x 500 values, 1,000 bootstrap resamples', inp: input({ kind: 'qmc', n: 1024, seed: 1 }, threeVary, three(ts500)) },
    { name: "Saltelli/Sobol' with 1,000 bootstrap resamples: 3 inputs, 2^9 base rows (2,560 runs) x 500 values", inp: input({ kind: 'saltelli', n: 512, seed: 1 }, threeVary, three(ts500)) },
    { name: 'PCE projection: 3 inputs, order 6 (343 runs) x 500 values', inp: input({ kind: 'pce', order: 6 }, threeVary, three(ts500)) },
    { name: 'PCE regression: 3 inputs, degree 6 on 343 runs x 500 values', inp: input({ kind: 'pce', order: 6 }, threeVary, three(ts500)), opts: { method: 'pce-regression' } },
    { name: 'SC: 3 inputs, order 6 (343 runs) x 500 values', inp: input({ kind: 'sc', order: 6 }, threeVary, three(ts500)) },
    { name: 'large: PCE projection, 5 inputs order 4 (3,125 runs) x 500 values', inp: largeInput(), reps: 3 },
  ];
  const rows = cases.map((c) => ({ name: c.name, runs: c.inp.runs.length, ...time(c.inp, c.opts, c.reps ?? reps) }));
  // The large case from the start in a process of its own: wall time including collection, and peak RSS.
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--large'], { encoding: 'utf8' });
  const large = child.status === 0 ? JSON.parse(child.stdout) : null;
  return { rows, large };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--large')) {
    const inp = largeInput();
    const t0 = performance.now(), c0 = process.cpuUsage();
    const r = analyse(inp);
    const ms = performance.now() - t0, cpu = process.cpuUsage(c0);
    if (!Number.isFinite(r.analysis.y.mean[499])) throw new Error('analysis: no result');
    // cpuMs: the CPU time of this thread and any worker (user + system), steadier than wall time on a loaded machine.
    process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: peakRssMB() }) + '\n');
  } else {
    const { rows, large } = await runAnalysis();
    for (const r of rows) console.log(`| ${r.name} | ${r.runs} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)}–${r.maxMs.toFixed(1)} |`);
    console.log(large ? `large case alone: analyse ${large.ms.toFixed(0)} ms, peak RSS ${large.maxRssMB.toFixed(0)} MB (process)` : 'large case: child failed');
  }
}
