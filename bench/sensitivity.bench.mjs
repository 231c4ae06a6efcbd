// Sobol' indices with 1,000 bootstrap resamples: Ishigami at n = 2^14 and a 20-input g-function
// at n = 2^16, first and total order, on one thread and shared with a worker thread (the
// bootstrap pool of src/numerics/bootstrap-pool.ts, as the Node entry registers it). Run through
// bench/run.mjs, which also runs the Python peers (bench/compare/sensitivity.py) and prints the
// comparison.
//
// The designs and model outputs are made once; the timed work is the analysis: reading the
// outputs, standardising, point estimates and the bootstrap, as SALib's analyze does.
import { Bench } from 'tinybench';
import { saltelliDesign, sobolIndices, Uniform } from '../build/index.js';
import { core } from '../build/core/wasm.js';
import { bootstrapPool } from '../build/numerics/bootstrap-pool.js';
import { NUMERICS_JOBS } from '../build/numerics/pools.js';
import { workerPool } from '../build/core/worker-pool.js';
import { setParallelBootstrap } from '../build/numerics/sensitivity.js';

let pool2;
const oneThread = () => setParallelBootstrap(undefined);
const twoThreads = () => setParallelBootstrap((pool2 ??= bootstrapPool(workerPool(core().module, 1, [NUMERICS_JOBS]))));

const ISHIGAMI = { S: [0.3139051911, 0.4424111448, 0], ST: [0.5575888552, 0.4424111448, 0.2436836641] };
const G_A20 = [0, 1, 4.5, 9, ...Array(16).fill(99)];

function ishigamiCase() {
  const U = new Uniform(-Math.PI, Math.PI);
  const design = saltelliDesign([U, U, U], 2 ** 14, { seed: 1 });
  const X = design.X.data;
  const Y = Float64Array.from({ length: design.X.rows }, (_, i) =>
    Math.sin(X[3 * i]) + 7 * Math.sin(X[3 * i + 1]) ** 2 + 0.1 * X[3 * i + 2] ** 4 * Math.sin(X[3 * i]));
  return { key: 'ishigami-14', label: 'Ishigami n=2^14, first+total, R=1000', design, Y, S: ISHIGAMI.S, ST: ISHIGAMI.ST };
}

function g20Case() {
  const d = 20;
  const design = saltelliDesign(Array(d).fill(new Uniform(0, 1)), 2 ** 16, { seed: 2 });
  const X = design.X.data;
  const Y = new Float64Array(design.X.rows);
  for (let i = 0; i < Y.length; i++) {
    let p = 1;
    for (let j = 0; j < d; j++) p *= (Math.abs(4 * X[d * i + j] - 2) + G_A20[j]) / (1 + G_A20[j]);
    Y[i] = p;
  }
  const Vi = G_A20.map((a) => 1 / (3 * (1 + a) ** 2));
  const V = Vi.reduce((p, v) => p * (1 + v), 1) - 1;
  const S = Vi.map((v) => v / V);
  const ST = Vi.map((v, i) => (v * Vi.reduce((p, w, j) => (j === i ? p : p * (1 + w)), 1)) / V);
  return { key: 'g20-16', label: 'g-function d=20 n=2^16, first+total, R=1000', design, Y, S, ST };
}

/** Checks a result so the work cannot be skipped: indices near the analytic ones, finite intervals. */
function check(c, r) {
  for (let j = 0; j < c.S.length; j++) {
    if (!(Math.abs(r.first[j] - c.S[j]) < 0.02 && Math.abs(r.total[j] - c.ST[j]) < 0.02)) throw new Error(`${c.label}: S${j} = ${r.first[j]}, ST${j} = ${r.total[j]}`);
    if (!(r.firstConf[j] > 0) || !(r.totalInterval.high[j] >= r.totalInterval.low[j])) throw new Error(`${c.label}: bad interval for input ${j}`);
  }
}

export async function runSensitivity({ time = 1500 } = {}) {
  const cases = [ishigamiCase(), g20Case()];
  const bench = new Bench({ time, warmupTime: 200, iterations: 5 });
  const tasks = [];
  for (const c of cases) {
    const opts = { design: c.design, bootstrap: { resamples: 1000, seed: 3 } };
    tasks.push({ key: c.key, name: `${c.label}, 1 thread` });
    bench.add(tasks.at(-1).name, () => check(c, sobolIndices(c.Y, opts)), { beforeAll: oneThread });
    tasks.push({ key: c.key, name: `${c.label}, 2 threads` });
    bench.add(tasks.at(-1).name, () => check(c, sobolIndices(c.Y, opts)), { beforeAll: twoThreads });
  }
  const second = ishigamiCase();
  const design2 = saltelliDesign(second.design.dists, 2 ** 14, { seed: 1, secondOrder: true });
  const X2 = design2.X.data;
  const Y2 = Float64Array.from({ length: design2.X.rows }, (_, i) =>
    Math.sin(X2[3 * i]) + 7 * Math.sin(X2[3 * i + 1]) ** 2 + 0.1 * X2[3 * i + 2] ** 4 * Math.sin(X2[3 * i]));
  tasks.push({ key: 'ishigami-14-second', name: 'Ishigami n=2^14, first+total+second, R=1000, 1 thread' });
  bench.add(tasks.at(-1).name, () => check(second, sobolIndices(Y2, { design: design2, bootstrap: { resamples: 1000, seed: 3 } })), { beforeAll: oneThread });
  try {
    await bench.run();
  } finally {
    setParallelBootstrap(undefined);
  }
  if (pool2 && pool2.jobs === 0) throw new Error('the two-thread tasks did not use the worker thread');
  return bench.tasks.map((t, i) => {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
    const l = t.result.latency;
    return { key: tasks[i].key, name: `uqkit ${t.name}`, medianMs: l.p50, minMs: l.min, samples: l.samplesCount };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runSensitivity()) console.log(`${r.name}: median ${r.medianMs.toFixed(1)} ms, min ${r.minMs.toFixed(1)} ms (${r.samples} runs)`);
}
