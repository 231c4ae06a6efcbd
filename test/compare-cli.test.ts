// `uqkit compare`: two real campaigns (in-process models, real SQLite stores) and a campaign
// against measurements in a CSV file or on standard input, through the built CLI; the figures
// equal the library's distances of the same values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDistances, Campaign } from 'uqkit';
import { MAIN } from './processes.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const uqkit = (args: string[], input?: string) => spawnSync(process.execPath, [MAIN, ...args], { cwd: root, encoding: 'utf8', input });

/** A campaign file of `n` random runs of y = x + shift (x normal) and the vector v = [x, 2x, x^2]. */
function campaignFile(name: string, shift: number, seed: number, sampler = `{ kind: random, n: 300, seed: ${seed} }`): string {
  writeFileSync(join(root, `${name}.mjs`), `export default ({ x }) => ({ y: x + ${shift}, v: [x, 2 * x, x * x] });\n`);
  writeFileSync(join(root, `${name}.yaml`), `name: ${name}
params:
  x: { type: float, default: 0 }
vary:
  x: { dist: normal, mean: 0, std: 1 }
sampler: ${sampler}
runner: { kind: in-process, module: ./${name}.mjs }
`);
  return `${name}.yaml`;
}

/** The done runs' outputs of the campaign in `dir`. */
async function outputs(dir: string) {
  const c = await Campaign.open(join(root, dir));
  try {
    return c.results().outputs;
  } finally {
    c.close();
  }
}

describe('uqkit compare', () => {
  beforeAll(() => {
    for (const [name, shift, seed] of [['a', 0, 1], ['b', 0.5, 2]] as const) {
      const r = uqkit(['run', campaignFile(name, shift, seed), '--dir', `${name}.uqkit`, '--quiet']);
      expect(r.status, r.stderr).toBe(0);
    }
    const r = uqkit(['run', campaignFile('p', 0, 3, '{ kind: pce, order: 2 }'), '--dir', 'p.uqkit', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  it('two campaigns: every quantity, a vector point by point, equal to the library on the same values', async () => {
    const r = uqkit(['compare', 'a.uqkit', 'b.uqkit', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.qois.map((q: { qoi: string }) => q.qoi)).toEqual(['y', 'v']);
    const [a, b] = [await outputs('a.uqkit'), await outputs('b.uqkit')];
    const y = sampleDistances(a.y as Float64Array, b.y as Float64Array);
    const cy = out.qois[0].points[0];
    expect(cy.n).toEqual([300, 300]);
    expect(cy.wasserstein1).toBe(y.wasserstein1);
    expect(cy.ks).toEqual(y.ks);
    expect(cy.hellinger).toBe(y.hellinger);
    // The shift of 0.5 shows: W1 near 0.5, KS p-value tiny.
    expect(Math.abs(cy.wasserstein1 - 0.5)).toBeLessThan(0.15);
    expect(cy.ks.pValue).toBeLessThan(1e-6);
    const v = out.qois[1];
    expect(v.vector).toBe(true);
    expect(v.points).toHaveLength(3);
    const v1 = sampleDistances((a.v as Float64Array[]).map((r) => r[1]!), (b.v as Float64Array[]).map((r) => r[1]!));
    expect(v.points[1].wasserstein2).toBe(v1.wasserstein2);
    // The table names both sides and has a row per index of the vector.
    const t = uqkit(['compare', 'a.uqkit', 'b.uqkit', '--qoi', 'v']);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^A = a\.uqkit\nB = b\.uqkit\n\nv \(vector of 3\)\nindex +n A +n B/);
    expect(t.stdout.trim().split('\n')).toHaveLength(8);
  });

  it('a campaign against measurements from a file and from standard input; empty cells are missing values', async () => {
    const csv = 'y,v[0],v[1],v[2]\n0.1,0.1,0.2,0.01\n-0.3,,-0.6,0.09\n1.2,1.2,2.4,1.44\n0.5,0.5,1,0.25\n';
    writeFileSync(join(root, 'measured.csv'), csv);
    const r = uqkit(['compare', 'a.uqkit', '--data', 'measured.csv', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const a = await outputs('a.uqkit');
    expect(out.qois[0].points[0].wasserstein1).toBe(sampleDistances(a.y as Float64Array, [0.1, -0.3, 1.2, 0.5]).wasserstein1);
    expect(out.qois[1].points[0].n).toEqual([300, 3]);
    const s = uqkit(['compare', 'a.uqkit', '--data', '-', '--json'], csv);
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).qois).toEqual(out.qois);
  });

  it('mistakes: one line naming what is wrong, exit 1', () => {
    const pce = uqkit(['compare', 'a.uqkit', 'p.uqkit']);
    expect([pce.status, pce.stderr]).toEqual([1, 'uqkit compare: p.uqkit: its runs come from pce quadrature, not samples of the inputs; compare needs random, qmc, saltelli or pce regression runs\n']);
    const qoi = uqkit(['compare', 'a.uqkit', 'b.uqkit', '--qoi', 'z']);
    expect(qoi.status).toBe(1);
    expect(qoi.stderr).toBe('uqkit compare: --qoi "z": expected a numeric quantity of the first set (it has y, v)\n');
    writeFileSync(join(root, 'bad.csv'), 'y\n0.5\n1.5 m\n');
    const bad = uqkit(['compare', 'a.uqkit', '--data', 'bad.csv']);
    expect([bad.status, bad.stderr]).toEqual([1, 'uqkit compare: bad.csv, line 3, column "y": expected a number or an empty cell, got "1.5 m"\n']);
    const one = uqkit(['compare', 'a.uqkit']);
    expect([one.status, one.stderr]).toEqual([1, 'uqkit compare: give two campaign directories, or one and --data FILE\n']);
  });
});
