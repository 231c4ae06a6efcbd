// Child processes for test/campaign-store.test.ts: a real process on a real SQLite file,
// importing the built store (build/campaign/store.js) as users get it.
//
//   node test/campaign-child.mjs campaign DB N
//     An in-process campaign of N runs of y = a + b + c: adds the runs (in chunks of 100, each
//     chunk one transaction; adding again after a crash adds nothing twice), gives back the runs
//     an earlier life of this process held, then claims and completes until none remain.
//     Prints `added K` after each chunk and `done K` (K = runs done in the file) after each
//     complete() returned, so the parent knows what was reported done when it kills us.
//   node test/campaign-child.mjs worker DB OWNER OUTFILE BATCH
//     Prints `ready`, waits for a line on stdin, then claims BATCH runs at a time until none
//     remain, appending each run id to OUTFILE before running the model (1 ms) and completing it.
//   node test/campaign-child.mjs hold DB OWNER COUNT LEASE_MS
//     Claims COUNT runs with a lease of LEASE_MS, prints `claimed ID,ID,...`, then waits; on a
//     line `complete` on stdin it tries to complete them and prints `completed` or the error code.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openStore } from '../build/campaign/store.js';

const paramsOf = (k) => ({ a: k % 37, b: ((k * 7919) % 1000) / 8, c: Math.floor(k / 37), tag: `run-${k}` });
const model = (p) => p.a + p.b + p.c;

const [mode, db, ...args] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n'); // synchronous for pipes on Linux
const nextLine = () =>
  new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.once('line', (line) => {
      rl.close();
      process.stdin.destroy(); // or the open stdin keeps this process alive when done
      resolve(line);
    });
  });

if (mode === 'campaign') {
  const n = Number(args[0]);
  const owner = 'campaign';
  const store = openStore(db);
  store.release(owner); // runs held by a previous life of this process, killed mid-run
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let k = i; k < Math.min(n, i + 100); k++) batch.push({ params: paramsOf(k) });
    store.add(batch);
    say(`added ${Math.min(n, i + 100)}`);
  }
  let done = store.counts().done;
  for (;;) {
    const runs = store.claim(owner, 16, 60_000);
    if (runs.length === 0) break;
    for (const r of runs) {
      store.complete(r.id, owner, { y: model(r.params) });
      say(`done ${++done}`);
    }
  }
  store.close();
  say('finished');
} else if (mode === 'worker') {
  const [owner, outFile, batch] = args;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const store = openStore(db);
  say('ready');
  await nextLine();
  for (;;) {
    const runs = store.claim(owner, Number(batch), 60_000);
    if (runs.length === 0) break;
    for (const r of runs) {
      appendFileSync(outFile, `${r.id}\n`);
      // The model takes 1 ms (sleeping, not spinning): time outside transactions in which the
      // other workers get the write lock. With no such time, SQLite's busy handler (which
      // sleeps and retries; locks are not queued fairly) can leave a worker starved for a whole
      // short campaign on a loaded machine — slow, never wrong.
      Atomics.wait(pause, 0, 0, 1);
      store.complete(r.id, owner, { y: model(r.params), by: owner });
    }
  }
  store.close();
  say('finished');
} else if (mode === 'hold') {
  const [owner, count, leaseMs] = args;
  const store = openStore(db);
  const runs = store.claim(owner, Number(count), Number(leaseMs));
  say(`claimed ${runs.map((r) => r.id).join(',')}`);
  await nextLine();
  try {
    for (const r of runs) store.complete(r.id, owner, { y: model(r.params) });
    say('completed');
  } catch (e) {
    say(`error ${e.code}`);
  }
  store.close();
  process.exit(0);
} else {
  console.error(`campaign-child: unknown mode ${mode}`);
  process.exit(2);
}
