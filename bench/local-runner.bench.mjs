// Local runner throughput: runLocal over a campaign store of 1,000 runs of `true` (claim,
// encode params.json, spawn in its own process group, record the group in the store, watch it
// with the runner's watchdog, kill what is left, record done), against a bare loop that
// spawns the same command with the same concurrency and only waits for the exit. Alternating
// repeats; the median of each. UQKIT_BUILD=<dir> measures another build (e.g. an older commit's).
//   node bench/local-runner.bench.mjs [repeats] [full|normal]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const build = process.env.UQKIT_BUILD ? pathToFileURL(resolve(process.env.UQKIT_BUILD, 'index.js')).href : new URL('../build/index.js', import.meta.url).href;
const { openStore, runLocal } = await import(build);
const RUNS = 1000;
const concurrency = os.availableParallelism();
const repeats = Number(process.argv[2] ?? 5);
/** The store's synchronous setting (argv[3]): 'full' (default) fsyncs every claim and result, 'normal' leaves the processes as the cost. */
const SYNC = process.argv[3] ?? 'full';

function bare(cwd) {
  let next = 0;
  const one = () => new Promise((res, rej) => {
    next++;
    const c = spawn('true', [], { cwd, stdio: 'ignore', detached: true });
    c.on('error', rej);
    c.on('exit', (code) => (code === 0 ? res() : rej(new Error(`exit ${code}`))));
  });
  const worker = async () => { while (next < RUNS) await one(); };
  return Promise.all(Array.from({ length: concurrency }, worker));
}

async function runner(root, k) {
  const store = openStore(join(root, `c${k}.db`), { synchronous: SYNC });
  store.add(Array.from({ length: RUNS }, (_, i) => ({ params: { i } })));
  const t = performance.now();
  const counts = await runLocal(store, { command: ['true'], runDir: (r) => join(root, `runs${k}`, String(r.id)), decode: () => null, concurrency, progress: false });
  const ms = performance.now() - t;
  store.close();
  if (counts.done !== RUNS) throw new Error(`${counts.done} done`);
  return ms;
}

const root = mkdtempSync(join(os.tmpdir(), 'uqkit-bench-local-'));
const r = [], b = [];
for (let k = 0; k < repeats; k++) {
  r.push(await runner(root, k));
  const t = performance.now();
  await bare(root);
  b.push(performance.now() - t);
}
rmSync(root, { recursive: true, force: true });
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const rate = (ms) => RUNS / (ms / 1e3);
console.log(`build ${build}, synchronous=${SYNC}, concurrency ${concurrency}, ${RUNS} runs of \`true\`, ${repeats} alternating repeats`);
console.log(`runLocal runs/s: ${r.map((x) => rate(x).toFixed(0)).join(', ')} (median ${rate(median(r)).toFixed(0)})`);
console.log(`bare loop runs/s: ${b.map((x) => rate(x).toFixed(0)).join(', ')} (median ${rate(median(b)).toFixed(0)})`);
console.log(`runLocal / bare: ${(median(b) / median(r) * 100).toFixed(0)}%`);
process.exit(0);
