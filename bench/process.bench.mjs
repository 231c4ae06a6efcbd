// Local process runner throughput: 2,000 runs of a trivial command through runPool
// (own process group, stdout/stderr to files in a per-run directory, exit status collected)
// against a bare loop that spawns the same commands with the same concurrency and only waits
// for their exit (stdio ignored). Target: the runner at >= 90% of the bare rate.
// Run through bench/run.mjs, or alone: node bench/process.bench.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { runPool } from '../build/index.js';

export const RUNS = 2000;

function bare(commands, cwd, concurrency) {
  let next = 0;
  const one = () => new Promise((resolve, reject) => {
    const [cmd, ...args] = commands[next++];
    const c = spawn(cmd, args, { cwd, stdio: 'ignore' });
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
  const worker = async () => { while (next < commands.length) await one(); };
  return Promise.all(Array.from({ length: concurrency }, worker));
}

export async function runProcesses({ time = 1500 } = {}) {
  const concurrency = os.availableParallelism();
  const root = mkdtempSync(join(os.tmpdir(), 'uqkit-bench-process-'));
  const dirs = Array.from({ length: RUNS }, (_, i) => {
    const d = join(root, String(Math.floor(i / 200)), String(i)); // nested: at most 200 entries per folder
    mkdirSync(d, { recursive: true });
    return d;
  });
  writeFileSync(join(root, 'model.sh'), '#!/bin/sh\n# writes a small CSV, as a model would\necho "t,y" > output.csv\necho "0,$X" >> output.csv\necho "1,$((X * 2))" >> output.csv\n');
  const script = join(root, 'model.sh');
  const cases = [
    { key: 'true', label: '`true`', command: () => ['true'] },
    { key: 'csv', label: 'a shell script writing a CSV', command: () => ['sh', script] },
  ];
  const bench = new Bench({ time, warmupTime: 0, warmupIterations: 1, iterations: 3 });
  for (const c of cases) {
    bench.add(`runner: ${RUNS} runs of ${c.label}`, async () => {
      const results = await runPool(dirs.map((d, i) => ({ command: c.command(), cwd: d, env: { X: String(i) }, stdout: join(d, 'stdout'), stderr: join(d, 'stderr') })), { concurrency });
      if (!results.every((r) => r?.ok)) throw new Error('a run failed');
    });
    bench.add(`bare loop: ${RUNS} spawns of ${c.label}`, async () => {
      await bare(dirs.map(() => c.command()), root, concurrency);
    });
  }
  await bench.run();
  rmSync(root, { recursive: true, force: true });
  return {
    concurrency,
    rows: bench.tasks.map((t) => {
      if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
      const l = t.result.latency;
      return { name: t.name, medianMs: l.p50, minMs: l.min, samples: l.samplesCount, rate: RUNS / (l.p50 / 1e3) };
    }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runProcesses();
  for (const row of r.rows) console.log(`${row.name}: median ${row.medianMs.toFixed(0)} ms, ${row.rate.toFixed(0)} runs/s (${row.samples} samples)`);
  process.exit(0);
}
