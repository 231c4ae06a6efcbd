// Child process of test/slurm-runner.test.ts: runs the campaign in argv[2] on Slurm with
// runSlurm under the owner argv[5], so that the test can SIGKILL it once its arrays are
// submitted and resume the campaign from another process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, runSlurm } from '../build/index.js';

const [path, root, conf, owner, leaseMs, model] = process.argv.slice(2);
const store = openStore(path, { create: false });
await runSlurm(store, {
  command: ['sh', model], runDir: (r) => join(root, String(r.id)), workDir: join(root, 'slurm'),
  decode: (dir) => {
    const [head, row] = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    return Object.fromEntries(head.split(',').map((k, i) => [k, Number(row.split(',')[i])]));
  },
  runsPerTask: 5, throttle: 3, pollMs: 200, leaseMs: Number(leaseMs), owner, progress: false, slurmEnv: { SLURM_CONF: conf },
});
store.close();
