// Adaptive stochastic collocation with a Slurm runner: each batch of the grid runs as a job
// array on the real single-node Slurm (scripts/slurm.sh), and the result equals, bit for bit,
// that of the same campaign run with local processes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from 'uqkit';

const script = new URL('../scripts/slurm.sh', import.meta.url).pathname;
const conf = execFileSync('bash', [script, 'conf'], { encoding: 'utf8' }).trim();
const env = { ...process.env, SLURM_CONF: conf };
const MAIN = new URL('../build/cli/main.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'uqkit-slurm-adaptive-'));
beforeAll(() => {
  execFileSync('bash', [script, 'up'], { stdio: 'inherit', timeout: 120_000 });
}, 130_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const campaign = (name: string, runner: string): string => `name: ${name}
params:
  a: { type: float, default: 0 }
  b: { type: float, default: 0 }
  d: { type: float, default: 0 }
vary:
  a: { dist: uniform, low: -1, high: 1 }
  b: { dist: uniform, low: -1, high: 1 }
  d: { dist: uniform, low: -1, high: 1 }
sampler: { kind: sc, grid: adaptive, tolerance: 1e-3 }
encoder: { kind: template, template: in.template, target: in.txt }
runner: ${runner}
decoder: { kind: json, file: out.json }
`;

describe('uqkit run: adaptive SC on Slurm', () => {
  it('every batch a job array; the same grid, steps and analysis as with local processes', () => {
    const work = join(root, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'model.sh'), `#!/bin/sh
read a b d < in.txt
awk -v a="$a" -v b="$b" -v d="$d" 'BEGIN { printf "{\\"y\\": %.17g}\\n", exp(a + 0.5 * b + 0.1 * d) }' > out.json
`);
    writeFileSync(join(work, 'in.template'), '$a $b $d\n');
    const name = `asc-${process.pid}-${Date.now().toString(36)}`; // finished jobs stay in squeue
    writeFileSync(join(work, 'slurm.yaml'), campaign(name, '{ kind: slurm, command: [sh, ./model.sh], runsPerTask: 4, pollMs: 200, time: "00:05:00" }'));
    writeFileSync(join(work, 'local.yaml'), campaign(`${name}-local`, '{ kind: local, command: [sh, ./model.sh], concurrency: 2 }'));
    const run = (file: string, dir: string): void => {
      execFileSync(process.execPath, [MAIN, 'run', file, '--dir', dir, '--quiet'], { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    };
    run('slurm.yaml', 's.uqkit');
    run('local.yaml', 'l.uqkit');
    const read = (dir: string) => {
      const s = openStore(join(work, dir, 'campaign.db'), { create: false, readonly: true });
      try {
        return { steps: s.refinement(1).map(({ createdAt: _c, ...x }) => x), jobs: s.jobs().length, counts: s.counts() };
      } finally {
        s.close();
      }
    };
    const slurm = read('s.uqkit'), local = read('l.uqkit');
    expect(slurm.steps.at(-1)!.stop).toBe('tolerance');
    expect(slurm.steps).toEqual(local.steps);
    expect(slurm.counts).toEqual(local.counts);
    expect(slurm.jobs).toBeGreaterThanOrEqual(slurm.steps.length); // at least an array per batch
    const analysis = (dir: string) => (JSON.parse(readFileSync(join(work, dir, 'analysis.json'), 'utf8')) as { analysis: unknown }).analysis;
    expect(analysis('s.uqkit')).toEqual(analysis('l.uqkit'));
  }, 240_000);
});
