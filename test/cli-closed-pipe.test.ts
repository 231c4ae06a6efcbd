// `uqkit run` whose output goes into a reader that stops early (`| head -2`): the built CLI run
// by a real shell with a real pipe, a local runner with real processes, the store read after.
// The campaign must run to its end with its own exit status, every run done once, none leased.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-closed-pipe-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A campaign of 8 runs of a shell model (0.3 s each, 2 at a time) in a fresh directory. */
function setup(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.sh'), `#!/bin/sh
echo "$UQKIT_RUN_ID" >> "${join(dir, 'attempts')}"
sleep 0.3
echo "run $UQKIT_RUN_ID on stdout"
awk -v x="$(cat x.txt)" 'BEGIN { printf "{\\"y\\": %.17g}\\n", 2 * x }' > out.json
`);
  writeFileSync(join(dir, 'x.template'), '$x\n');
  writeFileSync(join(dir, 'c.yaml'), `name: piped
params: { x: { type: float, min: 0, max: 1, default: 0.5 } }
vary: { x: { dist: uniform, low: 0, high: 1 } }
sampler: { kind: qmc, n: 8, seed: 3 }
encoder: { kind: template, template: x.template, target: x.txt }
runner: { kind: local, command: [sh, ./model.sh], concurrency: 2 }
decoder: { kind: json, file: out.json }
`);
  return dir;
}

/** Runs `uqkit run c.yaml` in `dir` as `bash -c` with `redirect` (a pipe into head); returns uqkit's exit status and what head printed. */
function runPiped(dir: string, redirect: string): { status: number; head: string } {
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${MAIN}" run c.yaml ${redirect}; echo "\${PIPESTATUS[0]}" > status`], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return { status: Number(readFileSync(join(dir, 'status'), 'utf8')), head: r.stdout };
}

function expectAllDone(dir: string): void {
  const store = openStore(join(dir, 'piped.uqkit', 'campaign.db'), { create: false });
  try {
    expect(store.counts()).toMatchObject({ total: 8, done: 8, running: 0, failed: 0, new: 0, encoded: 0 });
    expect(store.runs({ status: 'running' })).toEqual([]);
  } finally {
    store.close();
  }
  // each run executed once
  const attempts = readFileSync(join(dir, 'attempts'), 'utf8').trim().split('\n').map(Number).sort((a, b) => a - b);
  expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
}

describe('uqkit run with its output closed early', () => {
  it('2>&1 | head -2: the campaign runs to its end (exit 0), every run done once, none leased', () => {
    const dir = setup('both');
    const r = runPiped(dir, '2>&1 | head -2');
    expect(r.head).toBe(`piped: sampler qmc: 8 new runs\npiped: 8 runs: 0 done, 8 to run, 0 failed (${join(dir, 'piped.uqkit')})\n`);
    expect(r.status).toBe(0);
    expectAllDone(dir);
  });

  it('stderr closed (2>&1 >file | head -1): progress lines are dropped, the summary still goes to stdout', () => {
    const dir = setup('stderr');
    const r = runPiped(dir, '2>&1 >summary.txt | head -1');
    expect(r.head).toBe('piped: sampler qmc: 8 new runs\n');
    expect(r.status).toBe(0);
    expectAllDone(dir);
    expect(readFileSync(join(dir, 'summary.txt'), 'utf8')).toMatch(/^piped: [^\n]*\nruns: 8 total, 8 done, 0 failed/);
  });

  it('stdout closed at once (| head -0): the campaign still runs to its end and writes its report', () => {
    const dir = setup('stdout');
    const r = runPiped(dir, '2>/dev/null | head -c 0');
    expect(r.status).toBe(0);
    expectAllDone(dir);
    expect(readFileSync(join(dir, 'piped.uqkit', 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });
});
