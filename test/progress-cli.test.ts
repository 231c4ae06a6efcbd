// The progress lines of `uqkit run` as a log sees them (stderr not a TTY): the built CLI run as
// a child process on real campaigns, in process and with real model processes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-progress-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function uqkit(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const progressLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('runs '));
const rateOf = (line: string): number => Number(/; ([\d.]+)\/s; ETA /.exec(line)![1]);

describe('uqkit run: progress lines', () => {
  it('in process: the last line is written once', () => {
    const dir = join(root, 'once');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.mjs'), 'export default ({ x }) => ({ y: 2 * x });\n');
    writeFileSync(join(dir, 'c.yaml'), 'name: once\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 16, seed: 1 }\nrunner: { kind: in-process, module: ./model.mjs }\n');
    const r = uqkit(dir, 'run', 'c.yaml');
    expect(r.status).toBe(0);
    const lines = progressLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^runs 16\/16 done, 0 failed, 0 running, 0 pending; \d+\/s; ETA 0s$/);
  });

  it('resumed: the rate counts only the runs this uqkit run finished, not those done before', () => {
    // x > 0.9 fails while the file `fail` exists (3 or 4 of the 32 stratified points); without
    // it each run takes 0.5 s, one at a time: the retried runs cannot finish faster than 2/s.
    const dir = join(root, 'resumed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.sh'), `#!/bin/sh
x=$(cat x.txt)
if [ -f "${join(dir, 'fail')}" ]; then
  if awk -v x="$x" 'BEGIN { exit !(x > 0.9) }'; then echo "x too large: $x" >&2; exit 1; fi
else
  sleep 0.5
fi
awk -v x="$x" 'BEGIN { printf "{\\"y\\": %.17g}\\n", 2 * x }' > out.json
`);
    writeFileSync(join(dir, 'x.template'), '$x\n');
    writeFileSync(join(dir, 'c.yaml'), `name: resumed
params: { x: { type: float, min: 0, max: 1, default: 0.5 } }
vary: { x: { dist: uniform, low: 0, high: 1 } }
sampler: { kind: qmc, n: 32, seed: 3 }
encoder: { kind: template, template: x.template, target: x.txt }
runner: { kind: local, command: [sh, ./model.sh], concurrency: 1 }
decoder: { kind: json, file: out.json }
`);
    writeFileSync(join(dir, 'fail'), '');
    const first = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect(first.status).toBe(3);
    unlinkSync(join(dir, 'fail'));
    const again = uqkit(dir, 'run', 'c.yaml', '--retry-failed');
    expect(again.status).toBe(0);
    const retried = Number(/(\d+) failed runs back in the queue/.exec(again.stderr)![1]);
    expect(retried).toBeGreaterThanOrEqual(3);
    const lines = progressLines(again.stderr);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toMatch(/^runs 32\/32 done, 0 failed, 0 running, 0 pending; [\d.]+\/s; ETA 0s$/);
    for (const line of lines) expect(rateOf(line)).toBeLessThanOrEqual(2);
    // once more, with nothing to run: no rate at all
    const idle = uqkit(dir, 'run', 'c.yaml');
    expect(idle.status).toBe(0);
    expect(progressLines(idle.stderr)).toEqual(['runs 32/32 done, 0 failed, 0 running, 0 pending; 0.0/s; ETA 0s']);
  });
});
