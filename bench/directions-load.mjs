// The cost of the full Sobol' direction table's load in Node: a fresh process imports uqkit
// from a build folder (default build/), makes one small call, then a sequence of 2,001
// dimensions (beyond the embedded ones: reads and installs sobol-directions.bin) and the same
// again. Prints one JSON line; run it several times and take medians:
//   for i in $(seq 10); do node bench/directions-load.mjs; done
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? new URL('../build', import.meta.url).pathname);
let t = performance.now();
const u = await import(pathToFileURL(`${dir}/index.js`).href);
u.sobol(1, 10);
const start = performance.now() - t;
t = performance.now();
const first = new u.SobolSequence(2001).next(1).data[2000];
const firstMs = performance.now() - t;
t = performance.now();
const again = new u.SobolSequence(2001).next(1).data[2000];
const againMs = performance.now() - t;
if (first !== 0 || again !== 0) throw new Error('the first point of an unscrambled sequence is the origin');
console.log(JSON.stringify({ importAndFirstCallMs: +start.toFixed(1), first2001ms: +firstMs.toFixed(2), again2001ms: +againMs.toFixed(2) }));
