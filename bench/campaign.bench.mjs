// Campaign store throughput: 100,000 runs of a trivial in-process function through
// the full lifecycle with persistence — added (hashed, deduplicated), claimed with a lease,
// run, results committed — on a real SQLite file (WAL, synchronous=FULL), with the in-process
// runner's batches of 1,000. Reports runs/s and the peak resident memory.
// `--campaign` goes through the Campaign facade instead: the runs are added with addRuns
// (defaults filled and every run validated against the parameter specs before hashing) and
// `execute` runs them in process.
//   node bench/campaign.bench.mjs [runs] [--campaign]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Campaign, openStore, runInProcess } from '../build/index.js';

export async function runCampaignBench({ runs = 100_000, repeats = 3, facade = false } = {}) {
  const rows = [];
  for (let rep = 0; rep < repeats; rep++) {
    const dir = mkdtempSync(join(os.tmpdir(), 'uqkit-bench-campaign-'));
    let peak = process.memoryUsage().rss;
    const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const t0 = performance.now();
    let store;
    let counts;
    let tAdded;
    if (facade) {
      const campaign = Campaign.create(dir, { name: 'bench', params: { x: { type: 'float', min: 0, max: 1, default: 0 }, label: { type: 'string', default: '' } } });
      store = campaign.store;
      for (let i = 0; i < runs; i += 10_000) campaign.addRuns(Array.from({ length: Math.min(10_000, runs - i) }, (_, k) => ({ x: (i + k) / runs, label: `r${i + k}` })));
      tAdded = performance.now();
      counts = await campaign.execute({ model: (p) => ({ y: 2 * p.x + 1 }) });
    } else {
      store = openStore(join(dir, 'campaign.sqlite'));
      for (let i = 0; i < runs; i += 10_000) store.add(Array.from({ length: Math.min(10_000, runs - i) }, (_, k) => ({ params: { x: (i + k) / runs, label: `r${i + k}` } })));
      tAdded = performance.now();
      counts = await runInProcess(store, (p) => ({ y: 2 * p.x + 1 }), { batch: 1000 });
    }
    const t1 = performance.now();
    clearInterval(sample);
    peak = Math.max(peak, process.memoryUsage().rss);
    const results = store.results();
    if (counts.done !== runs || results.length !== runs) throw new Error(`expected ${runs} done, got ${counts.done}`);
    for (const r of results) if (r.outputs.y !== 2 * r.params.x + 1) throw new Error(`run ${r.id}: y = ${r.outputs.y}, expected ${2 * r.params.x + 1}`);
    store.close();
    rmSync(dir, { recursive: true, force: true });
    rows.push({ totalMs: t1 - t0, addMs: tAdded - t0, runMs: t1 - tAdded, rate: runs / ((t1 - t0) / 1e3), peakRssMiB: peak / 2 ** 20 });
  }
  return { runs, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const facade = args.includes('--campaign');
  const n = args.find((a) => !a.startsWith('--'));
  const r = await runCampaignBench({ runs: Number(n ?? 100_000), facade });
  for (const row of r.rows) console.log(`${facade ? 'Campaign: ' : ''}${r.runs} runs: ${row.totalMs.toFixed(0)} ms (add ${row.addMs.toFixed(0)}, claim+run+commit ${row.runMs.toFixed(0)}) = ${row.rate.toFixed(0)} runs/s; peak RSS ${row.peakRssMiB.toFixed(0)} MiB`);
  process.exit(0);
}
