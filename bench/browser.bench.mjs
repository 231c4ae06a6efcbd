// The browser demo's heavy calls timed in Debian's headless Chromium (in the page's Web Worker,
// driven through the page's form) and in Node (the same analysis function, examples/browser/src/
// analysis.js, on uqkit's Node entry), in one run:
//   - Ishigami, Saltelli design N = 2^16 base rows (327,680 runs), 1,000 bootstrap resamples;
//   - PCE of total degree 10 by least squares: Ishigami (d = 3, P = 286, N = 2^10) and the
//     g-function with a = [0, 1, 4.5, 9] (d = 4, P = 1,001, N = 2^11).
// Times are the worker's own (performance.now() around the calls, no messaging), split into
// points (design + inverse cdfs), model and analysis (indices + bootstrap, or fit + indices).
//   node bench/browser.bench.mjs [--rounds 7]
// Node is run twice in child processes: with the default worker threads, and UQKIT_THREADS=1
// (a browser page runs everything on the worker's one thread).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const ROUNDS = Number(arg('--rounds', 7));
const CASES = [
  { name: 'Ishigami, Saltelli N=2^16, 1,000 resamples', spec: { model: 'ishigami', params: { a: 7, b: 0.1 }, method: 'saltelli', n: 2 ** 16, seed: 1, resamples: 1000, confidence: 0.95, convergence: false } },
  { name: 'Ishigami PCE degree 10 (d=3, P=286), N=2^10', spec: { model: 'ishigami', params: { a: 7, b: 0.1 }, method: 'pce', n: 2 ** 10, seed: 1, degree: 10, convergence: false } },
  { name: 'g-function PCE degree 10 (d=4, P=1001), N=2^11', spec: { model: 'gfunction', params: { a: [0, 1, 4.5, 9] }, method: 'pce', n: 2 ** 11, seed: 1, degree: 10, convergence: false } },
];
for (const c of CASES) {
  const d = c.spec.model === 'ishigami' ? 3 : c.spec.params.a.length;
  c.spec.dists = Array.from({ length: d }, () => (c.spec.model === 'ishigami' ? { dist: 'uniform', low: -Math.PI, high: Math.PI } : { dist: 'uniform', low: 0, high: 1 }));
}
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const summary = (runs) => ({ total: median(runs.map((r) => r.total)), min: Math.min(...runs.map((r) => r.total)), max: Math.max(...runs.map((r) => r.total)), analysis: median(runs.map((r) => r.analysis)), points: median(runs.map((r) => r.design)), model: median(runs.map((r) => r.model)) });

if (process.argv.includes('--node')) {
  // Child: time the cases in Node and print JSON.
  const uq = await import('uqkit');
  const { run } = await import('../examples/browser/src/analysis.js');
  const out = [];
  for (const c of CASES) {
    run(uq, c.spec); // warm-up
    const runs = [];
    for (let r = 0; r < ROUNDS; r++) runs.push(run(uq, c.spec).ms);
    out.push({ name: c.name, ...summary(runs), first: [...run(uq, c.spec).first] });
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

const { chromium } = await import('playwright-core');
const { build, preview } = await import('vite');
const configFile = new URL('../examples/browser/vite.config.js', import.meta.url).pathname;
const outDir = mkdtempSync(join(os.tmpdir(), 'uqkit-demo-bench-'));
await build({ configFile, build: { outDir }, logLevel: 'error' });
const server = await preview({ configFile, build: { outDir }, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'error' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.httpServer.address().port}/`);
await page.waitForSelector('body[data-ready="true"]');
const chromeVersion = browser.version();

async function runInPage(spec) {
  await page.check(`input[name="model"][value="${spec.model}"]`);
  if (spec.model === 'gfunction') { await page.fill('#g-a', spec.params.a.join(', ')); await page.dispatchEvent('#g-a', 'input'); }
  await page.check(`input[name="method"][value="${spec.method}"]`);
  await page.selectOption('#n', String(spec.n));
  await page.fill('#seed', String(spec.seed));
  if (spec.method === 'saltelli') await page.fill('#resamples', String(spec.resamples));
  else await page.fill('#degree', String(spec.degree));
  await page.setChecked('#convergence', spec.convergence);
  await page.click('#run');
  await page.waitForSelector('#result[data-state="done"], #result[data-state="error"]', { state: 'attached', timeout: 120_000 });
  if ((await page.getAttribute('#result', 'data-state')) !== 'done') throw new Error(await page.textContent('#error'));
  const text = await page.textContent('#timing');
  const m = /([\d.]+) ms at N = \d+ \(points ([\d.]+) ms, model ([\d.]+) ms, [a-z ]+ ([\d.]+) ms\)/.exec(text);
  const first = await page.$$eval('#indices td[data-key="S"]', (tds) => tds.map((t) => Number(t.dataset.value)));
  return { total: Number(await page.getAttribute('#timing', 'data-ms')), design: Number(m[2]), model: Number(m[3]), analysis: Number(m[4]), first };
}

const chrome = [];
for (const c of CASES) {
  process.stderr.write(`chromium: ${c.name} ...\n`);
  await runInPage(c.spec); // warm-up
  const runs = [];
  for (let r = 0; r < ROUNDS; r++) runs.push(await runInPage(c.spec));
  chrome.push({ name: c.name, ...summary(runs), first: runs[0].first });
}
await browser.close();
await new Promise((r) => server.httpServer.close(r));
rmSync(outDir, { recursive: true, force: true });

const node = (threads) => {
  process.stderr.write(`node (UQKIT_THREADS=${threads ?? 'default'}) ...\n`);
  const env = { ...process.env };
  if (threads) env.UQKIT_THREADS = String(threads); else delete env.UQKIT_THREADS;
  const p = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--node', '--rounds', String(ROUNDS)], { env, encoding: 'utf8' });
  if (p.status !== 0) throw new Error(p.stderr);
  return JSON.parse(p.stdout.trim().split('\n').pop());
};
const node1 = node(1), nodeN = node(undefined);

const f = (v) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}; Node ${process.version} (V8 ${process.versions.v8}); Chromium ${chromeVersion}; ${new Date().toISOString().slice(0, 10)}; ${ROUNDS} rounds after one warm-up.\n`);
console.log('| task | Chromium worker median ms (min–max) | of which analysis | Node 1 thread median ms (min–max) | of which analysis | Node default threads median ms | of which analysis | same S as Node |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
chrome.forEach((c, i) => {
  const a = node1[i], b = nodeN[i];
  const same = c.first.every((v, j) => Object.is(v, a.first[j]) && Object.is(v, b.first[j]));
  console.log(`| ${c.name} | ${f(c.total)} (${f(c.min)}–${f(c.max)}) | ${f(c.analysis)} | ${f(a.total)} (${f(a.min)}–${f(a.max)}) | ${f(a.analysis)} | ${f(b.total)} | ${f(b.analysis)} | ${same ? 'bit-identical' : 'DIFFERENT'} |`);
});
