// Child process of test/local-runner.test.ts: runs the campaign in argv[2] with runLocal and a
// short lease, so that the test can kill it (SIGKILL) and resume.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, runLocal } from '../build/index.js';

const [path, root, model] = process.argv.slice(2);
const store = openStore(path, { create: false });
await runLocal(store, {
  command: ['sh', model], runDir: (r) => join(root, String(Math.floor(r.id / 100)), String(r.id)),
  decode: (dir) => ({ y: Number(readFileSync(join(dir, 'output.txt'), 'utf8')) }),
  concurrency: 4, leaseMs: 400, progress: false, owner: `child-${process.pid}`,
});
store.close();
