// uqkit from JavaScript: a campaign without a campaign file. A model function runs in-process
// over a Saltelli design and a polynomial-chaos design; the results come back as columns, are
// analysed, exported and written as a report. Run: node examples/api.mjs [campaign-dir]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Campaign, analyse, renderReport } from 'uqkit';

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'uqkit-api-'));

// A beam's tip deflection, w = F L^3 / (3 E I), with uncertain load, stiffness and length.
const config = {
  name: 'beam',
  params: {
    F: { type: 'float', min: 0, default: 1000 },         // N
    E: { type: 'float', min: 0, default: 200e9 },        // Pa
    L: { type: 'float', min: 0, default: 2 },            // m
    I: { type: 'float', min: 0, default: 8e-6 },         // m^4, not varied
  },
  vary: {
    F: { dist: 'truncnormal', mean: 1000, std: 100, low: 0, high: 'Infinity' },
    E: { dist: 'lognormal', mu: Math.log(200e9), sigma: 0.05 },
    L: { dist: 'uniform', low: 1.95, high: 2.05 },
  },
  runner: { kind: 'in-process' },
};
const model = ({ F, E, L, I }) => ({ w: (F * L ** 3) / (3 * E * I) });

const campaign = Campaign.openOrCreate(dir, config);
try {
  for (const spec of [{ kind: 'saltelli', n: 1024, seed: 7 }, { kind: 'pce', order: 4 }]) {
    const known = campaign.samplers().some((s) => JSON.stringify(s.spec) === JSON.stringify(spec));
    if (!known) {
      const r = campaign.addSampler(spec);
      console.log(`${spec.kind}: ${r.added} runs added, ${r.reused} reused`);
    }
  }
  const counts = await campaign.execute({ model });
  console.log(`runs: ${counts.done} done, ${counts.failed} failed`);

  // Results as columns (typed arrays), e.g. for your own plots.
  const cols = campaign.results();
  console.log(`w over ${cols.ids.length} runs: max ${Math.max(...cols.outputs.w).toExponential(3)} m`);

  // One analysis per sampler: the runs are matched to each sampler's design.
  const runs = campaign.store.results().map((r) => ({ params: r.params, outputs: r.outputs }));
  for (const s of campaign.samplers()) {
    const a = analyse({ sampler: s.spec, vary: config.vary, runs });
    const w = a.analysis.w;
    console.log(`\n${a.method}\n  mean ${w.mean.toExponential(4)} m, std ${w.std.toExponential(4)} m`);
    for (const p of Object.keys(config.vary)) console.log(`  ${p}: first ${w.sobolFirst[p].toFixed(4)}, total ${w.sobolTotal[p].toFixed(4)}`);
    if (s.spec.kind === 'saltelli') {
      const c = campaign.counts();
      writeFileSync(join(dir, 'report.html'), await renderReport({ campaign: config.name, method: a.method, runs: { total: c.total, done: c.done, failed: c.failed }, analysis: a.analysis }));
    }
  }
  campaign.export('csv', join(dir, 'results.csv'));
  console.log(`\n${dir}: campaign.db, results.csv, report.html`);
} finally {
  campaign.close();
}
