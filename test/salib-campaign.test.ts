// SALib's eFAST, RBD-FAST, delta and PAWN in campaigns: the fast sampler and the analyses fast,
// rbd_fast, delta and pawn in campaign files, run by the built CLI (`uqkit run`) with an
// in-process model; `uqkit analyse --json` gives the same indices as the library functions on
// the same points (the sampler's design, or the runs in analyse()'s order); the report shows
// them as a table; mistakes in the campaign file are one line naming the file, line and field.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse, deltaAnalyze, fastAnalyze, matrix, pawnAnalyze, rbdFastAnalyze, sampler } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-salib-campaign-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const uqkit = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const NAMES = ['x1', 'x2', 'x3'] as const;
const PI = Math.PI;
const VARY = Object.fromEntries(NAMES.map((k) => [k, { dist: 'uniform' as const, low: -PI, high: PI }]));
const ishigami = (x: readonly number[]): number => Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);

/** A campaign file of the Ishigami function with `samplerLine`, and more lines (analysis). */
function campaign(dir: string, samplerLine: string, extra = '', file = 'c.yaml'): void {
  mkdirSync(dir, { recursive: true });
  // y: Ishigami; v: a vector output [x1, x1 + x2]
  writeFileSync(join(dir, 'model.mjs'), 'export default ({ x1, x2, x3 }) => ({ y: Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1), v: [x1, x1 + x2] });\n');
  writeFileSync(join(dir, file), `name: ish
params:
  x1: { type: float, default: 0 }
  x2: { type: float, default: 0 }
  x3: { type: float, default: 0 }
vary:
${NAMES.map((k) => `  ${k}: { dist: uniform, low: ${-PI}, high: ${PI} }`).join('\n')}
sampler: ${samplerLine}
runner: { kind: in-process, module: ./model.mjs }
${extra}`);
}

type Out = { method: string; analysis: Record<string, { runs: number; sobolFirst?: Record<string, number | number[]>; sobolTotal?: Record<string, number | number[]>; sobolFirstConf?: Record<string, number>; screening?: { method: string; indices: Record<string, Record<string, number | null>> } }> };
const analysed = (dir: string): Out & { stderr: string } => {
  const r = uqkit(dir, 'analyse', 'ish.uqkit', '--json');
  expect(r.status).toBe(0);
  return { ...(JSON.parse(r.stdout) as Out), stderr: r.stderr };
};
const num = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

describe('a fast (eFAST) campaign run by the CLI', () => {
  const dir = join(root, 'fast');
  campaign(dir, '{ kind: fast, n: 257, M: 4, seed: 3 }');

  it("uqkit analyse --json: eFAST's S1, ST and half-widths, equal to fastAnalyze on the design's outputs", () => {
    const run = uqkit(dir, 'run', 'c.yaml', '--quiet');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const out = analysed(dir);
    expect(out.method).toBe('eFAST (M = 4; 100 bootstrap resamples), 771 runs');
    const design = sampler({ kind: 'fast', n: 257, M: 4, seed: 3 }, VARY).rest();
    expect(design).toHaveLength(257 * 3);
    const Y = Float64Array.from(design, (p) => ishigami(NAMES.map((k) => p[k] as number)));
    const ref = fastAnalyze(Y, 3, { M: 4, resamples: 100, seed: 0n, confLevel: 0.95 });
    const y = out.analysis.y!;
    expect(y.screening!.method).toBe('fast');
    NAMES.forEach((k, j) => {
      expect([y.screening!.indices.S1![k], y.screening!.indices.ST![k], y.screening!.indices.S1_conf![k], y.screening!.indices.ST_conf![k]]).toEqual([ref.S1[j], ref.ST[j], ref.S1_conf[j], ref.ST_conf[j]]);
      expect([y.sobolFirst![k], y.sobolTotal![k]]).toEqual([ref.S1[j], ref.ST[j]]);
    });
    // Ishigami: S = [0.314, 0.442, 0], ST = [0.558, 0.442, 0.244]
    expect(Math.abs((y.sobolFirst!.x2 as number) - 0.4424)).toBeLessThan(0.02);
    // A vector output point by point: v = [x1, x1 + x2] has S1 = ST = [1, 0, 0] and [0.5, 0.5, 0].
    const v = out.analysis.v!;
    expect((v.sobolFirst!.x1 as number[]).map((s) => Math.round(s * 100) / 100)).toEqual([1, 0.5]);
    expect((v.sobolFirst!.x2 as number[]).map((s) => Math.round(s * 100) / 100)).toEqual([0, 0.5]);
    expect(v.screening).toBeUndefined();
  });

  it('uqkit analyse prints the table under SALib\'s names; the report shows it', () => {
    const t = uqkit(dir, 'analyse', 'ish.uqkit');
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^\s+parameter\s+S1\s+ST\s+S1_conf\s+ST_conf$/m);
    const rep = uqkit(dir, 'report', 'ish.uqkit');
    expect([rep.status, rep.stderr]).toEqual([0, '']);
    const html = readFileSync(join(dir, 'ish.uqkit', 'report.html'), 'utf8');
    expect(html).toContain('<table class="stats screening" data-method="fast">');
    expect(html).toContain('<h3>eFAST</h3>');
  });

  it('analyse(): eFAST refuses a design with missing runs, naming how many', () => {
    const spec = { kind: 'fast' as const, n: 70, seed: 1 };
    const runs = sampler(spec, VARY).rest().map((p) => ({ params: p, outputs: { y: ishigami(NAMES.map((k) => p[k] as number)) } }));
    expect(() => analyse({ sampler: spec, vary: VARY, runs: runs.slice(1) })).toThrow(/outputs of y at all 210 points of the eFAST design \(each curve is analysed as a whole\); 1 are missing/);
  });
});

describe('rbd_fast, delta and pawn on the runs of a qmc campaign', () => {
  const dir = join(root, 'qmc');
  const spec = { kind: 'qmc' as const, n: 512, seed: 5 };
  // The runs as analyse() orders them: by x1, then x2, then x3.
  const points = sampler(spec, VARY).rest().map((p) => NAMES.map((k) => p[k] as number)).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
  const X = matrix(Float64Array.from(points.flat()), points.length, 3);
  const Y = Float64Array.from(points, ishigami);

  for (const method of ['rbd_fast', 'delta', 'pawn'] as const) {
    it(`${method}: uqkit run then analyse --json equals the library on the same points`, () => {
      campaign(dir, '{ kind: qmc, n: 512, seed: 5 }', `analysis: { method: ${method} }\n`, `${method}.yaml`);
      const run = uqkit(dir, 'run', `${method}.yaml`, '--dir', 'ish.uqkit', '--quiet');
      expect([run.status, run.stderr]).toEqual([0, '']);
      const out = analysed(dir);
      const y = out.analysis.y!;
      expect([y.runs, y.screening!.method]).toEqual([512, method]);
      const got = (field: string) => NAMES.map((k) => num(y.screening!.indices[field]![k]));
      if (method === 'rbd_fast') {
        expect(out.method).toBe('RBD-FAST (M = 10; 100 bootstrap resamples), 512 runs');
        const ref = rbdFastAnalyze(X, Y, { M: 10, resamples: 100, seed: 0n, confLevel: 0.95 });
        expect([got('S1'), got('S1_conf')]).toEqual([Array.from(ref.S1), Array.from(ref.S1_conf)]);
        expect(Math.abs(ref.S1[1]! - 0.4424)).toBeLessThan(0.05);
        // the vector output point by point
        expect((out.analysis.v!.sobolFirst!.x1 as number[])[0]).toBeGreaterThan(0.95);
      } else if (method === 'delta') {
        expect(out.method).toBe("Borgonovo's delta (100 bootstrap resamples), 512 runs");
        const ref = deltaAnalyze(X, Y, { resamples: 100, seed: 0n, confLevel: 0.95 });
        expect([got('delta'), got('delta_conf'), got('S1'), got('S1_conf')]).toEqual([Array.from(ref.delta), Array.from(ref.delta_conf), Array.from(ref.S1), Array.from(ref.S1_conf)]);
      } else {
        expect(out.method).toBe('PAWN (10 slides), 512 runs');
        const ref = pawnAnalyze(X, Y, { S: 10 });
        for (const f of ['minimum', 'mean', 'median', 'maximum', 'CV', 'stdev'] as const) expect(got(f)).toEqual(Array.from(ref[f]));
      }
      if (method !== 'rbd_fast') {
        // delta and PAWN for scalar outputs only: the vector output gets basic statistics, and the reason
        expect(out.analysis.v!.screening).toBeUndefined();
        expect(out.stderr).toMatch(new RegExp(`^uqkit analyse: warning: v: ${method} indices are computed for scalar outputs only \\(.*\\); v, of 2 values, gets basic statistics only\n$`));
      }
    }, 60_000);
  }
});

describe('campaign files: one line naming the file, line and field', () => {
  it('a fast sampler with too few points, an unknown key, or eFAST on another sampler', () => {
    const d1 = join(root, 'bad1');
    campaign(d1, '{ kind: fast, n: 64 }');
    const r1 = uqkit(d1, 'run', 'c.yaml');
    expect([r1.status, r1.stderr]).toEqual([1, 'uqkit run: c.yaml:10: sampler.n: expected more than 4 M^2 = 64 points per curve (M = 4), got 64\n']);
    const d2 = join(root, 'bad2');
    campaign(d2, '{ kind: fast, n: 100, m: 3 }');
    const r2 = uqkit(d2, 'run', 'c.yaml');
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/^uqkit run: c\.yaml:10: sampler\.m: /);
    expect(r2.stderr.split('\n')).toHaveLength(2);
    const d3 = join(root, 'bad3');
    campaign(d3, '{ kind: qmc, n: 64, seed: 1 }', 'analysis: { method: fast }\n');
    const r3 = uqkit(d3, 'run', 'c.yaml');
    expect([r3.status, r3.stderr]).toEqual([1, `uqkit run: c.yaml:12: analysis.method: expected a method for the sampler 'qmc' ('fast' needs a fast sampler (an eFAST design)), got "fast" ('stats' and 'pce-regression' fit any sampler)\n`]);
  });

  it('rbd_fast, delta and pawn refuse the nodes of a quadrature grid, with the reason', () => {
    for (const [s, method] of [['{ kind: pce, order: 2 }', 'delta'], ['{ kind: sc, order: 2 }', 'pawn'], ['{ kind: pce, order: 2, points: sparse }', 'rbd_fast']] as const) {
      const d = join(root, `grid-${method}`);
      campaign(d, s, `analysis: { method: ${method} }\n`);
      const r = uqkit(d, 'run', 'c.yaml');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^uqkit run: c\\.yaml:12: analysis\\.method: expected a method for the sampler '(pce|sc)' \\('${method}' needs a sample drawn from the inputs' distributions; the nodes of a quadrature or collocation grid are not one: they carry unequal weights and repeat values\\), got "${method}"`));
      expect(r.stderr.split('\n')).toHaveLength(2);
    }
    // a regression PCE's points are a Sobol' sample: taken
    const ok = analyse({ sampler: { kind: 'pce', order: 2, points: 'regression' }, vary: VARY, runs: sampler({ kind: 'pce', order: 2, points: 'regression' }, VARY).rest().map((p) => ({ params: p, outputs: { y: ishigami(NAMES.map((k) => p[k] as number)) } })) }, { method: 'pawn' });
    expect(ok.analysis.y!.screening!.method).toBe('pawn');
  });
});
