// Sensitivity analysis: Saltelli designs (both layouts, against SALib's sample order), Sobol'
// indices against SALib's formulas (test/fixtures/sensitivity.json, made by
// scripts/fixtures/sensitivity.py) and against the analytic Ishigami and g-function values of
// ../shared/REFERENCE.md, the bootstrap (its resampling distribution, reproducibility,
// coverage), non-finite outputs, invariants and errors.
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, NonFiniteOutputError, Normal, ShapeError, Uniform, combineReplicates, coreMemory, matrix, saltelliDesign, saltelliRow, sobolIndices,
  studentTppf,
  type Matrix, type SaltelliDesign, type SaltelliLayout, type SobolIndicesResult,
} from 'uqkit';
import { core } from '../build/core/wasm.js';
import { Status } from '../build/core/status.js';
import { bootstrapEstimates, pairwiseSum, setParallelBootstrap } from '../build/numerics/sensitivity.js';
import { bootstrapPool } from '../build/numerics/bootstrap-pool.js';
import { NUMERICS_JOBS } from '../build/numerics/pools.js';
import { threadCount, workerPool } from '../build/core/worker-pool.js';
import { fixture, thrown } from './helpers.js';

interface Case {
  name: string; D: number; N: number; secondOrder: boolean; skip?: number; bounds?: number[][]; X?: number[]; Y: number[];
  S1: number[]; ST: number[]; S2?: (number | null)[][]; S1_janon: number[]; ST_homma: number[];
  S1_conf: number[]; ST_conf: number[]; S2_conf?: (number | null)[][];
}
const FX = fixture<{ cases: Case[]; resamples: number; confidence: number }>('sensitivity.json');

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/** Outputs given in SALib's row order, rewritten in uqkit's block order. */
function toBlock(Y: Float64Array, n: number, d: number, second: boolean): Float64Array {
  const blocks = second ? 2 * d + 2 : d + 2;
  const out = new Float64Array(Y.length);
  for (let b = 0; b < blocks; b++) for (let i = 0; i < n; i++) out[b * n + i] = Y[saltelliRow('salib', n, d, second, b, i)]!;
  return out;
}

// ---------------------------------------------------------------------------------------
// Test models with known indices (../shared/REFERENCE.md)

const ISHIGAMI = { S: [0.3139051911, 0.4424111448, 0], ST: [0.5575888552, 0.4424111448, 0.2436836641], S13: 0.2436836641 };
const U = new Uniform(-Math.PI, Math.PI);
const ishigami = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
  const x1 = X.data[3 * i]!, x2 = X.data[3 * i + 1]!, x3 = X.data[3 * i + 2]!;
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
});
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const gfun = (X: Matrix): Float64Array => Float64Array.from({ length: X.rows }, (_, i) => {
  let p = 1;
  for (let j = 0; j < 8; j++) p *= (Math.abs(4 * X.data[8 * i + j]! - 2) + G_A[j]!) / (1 + G_A[j]!);
  return p;
});
const Vi = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
const GV = Vi.reduce((p, v) => p * (1 + v), 1) - 1;
const G_S = Vi.map((v) => v / GV);
const G_ST = Vi.map((v, i) => (v * Vi.reduce((p, w, j) => (j === i ? p : p * (1 + w)), 1)) / GV);

describe('analytic g-function values (as printed in REFERENCE.md)', () => {
  it('V, S and ST', () => {
    expect(GV).toBeCloseTo(0.4654244319, 9);
    [0.716192, 0.179048, 0.0236758, 0.00716192].forEach((v, j) => expect(G_S[j]).toBeCloseTo(v, 6));
    [0.787144, 0.242198, 0.0343169, 0.0104604].forEach((v, j) => expect(G_ST[j]).toBeCloseTo(v, 6));
  });
});

// ---------------------------------------------------------------------------------------

describe('saltelliDesign', () => {
  it('blocks: AB_j is A with column j from B, BA_j is B with column j from A; n(d+2) or n(2d+2) rows', () => {
    for (const secondOrder of [false, true]) {
      const n = 16, d = 3;
      const des = saltelliDesign([U, new Normal(1, 2), { dist: 'uniform', low: 0, high: 1 }], n, { seed: 7, secondOrder });
      expect(des.X.rows).toBe(n * (secondOrder ? 2 * d + 2 : d + 2));
      expect(des.X.cols).toBe(d);
      expect([des.n, des.dim, des.layout, des.secondOrder, des.sampler, des.scramble, des.seed, des.skip]).toEqual([n, d, 'block', secondOrder, 'sobol', 'owen', 7n, 0]);
      const at = (b: number, i: number, j: number) => des.X.data[(b * n + i) * d + j]!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) expect(at(0, i, j)).not.toBe(at(1, i, j));
        for (let k = 0; k < d; k++) {
          for (let j = 0; j < d; j++) {
            expect(at(2 + k, i, j), `AB_${k}[${i}][${j}]`).toBe(at(j === k ? 1 : 0, i, j));
            if (secondOrder) expect(at(2 + d + k, i, j), `BA_${k}[${i}][${j}]`).toBe(at(j === k ? 0 : 1, i, j));
          }
        }
      }
      // A and B columns follow their distributions: the Normal column is unbounded, the others not
      for (let r = 0; r < des.X.rows; r++) {
        expect(Math.abs(des.X.data[r * d]!)).toBeLessThan(Math.PI);
        expect(Number.isFinite(des.X.data[r * d + 1]!)).toBe(true);
      }
    }
  });

  it("'salib' layout: the same rows as 'block', in SALib's order (A, AB_1..AB_d, BA_1..BA_d, B per base row)", () => {
    const n = 8, d = 4;
    const block = saltelliDesign(Array(d).fill(U), n, { seed: 3, secondOrder: true });
    const salib = saltelliDesign(Array(d).fill(U), n, { seed: 3, secondOrder: true, layout: 'salib' });
    const step = 2 * d + 2;
    for (let i = 0; i < n; i++) {
      const rowOf = (b: number) => Array.from(salib.X.data.subarray((i * step + b) * d, (i * step + b + 1) * d));
      const blockRow = (b: number) => Array.from(block.X.data.subarray((b * n + i) * d, (b * n + i + 1) * d));
      expect(rowOf(0)).toEqual(blockRow(0)); // A
      expect(rowOf(step - 1)).toEqual(blockRow(1)); // B
      for (let j = 0; j < d; j++) {
        expect(rowOf(1 + j)).toEqual(blockRow(2 + j)); // AB_j
        expect(rowOf(1 + d + j)).toEqual(blockRow(2 + d + j)); // BA_j
      }
    }
  });

  it("unscrambled with SALib's skip: the points of SALib's sobol.sample (scipy's Sobol', fixture) to rounding", () => {
    for (const c of FX.cases.filter((c) => c.X)) {
      const dists = c.bounds!.map(([lo, hi]) => new Uniform(lo!, hi!));
      const des = saltelliDesign(dists, c.N, { scramble: false, skip: c.skip!, layout: 'salib', secondOrder: c.secondOrder });
      expect(des.X.data.length).toBe(c.X!.length);
      expect(maxAbs(des.X.data, c.X!), c.name).toBeLessThanOrEqual(4.5e-16); // u * (hi - lo) + lo vs the uniform's ppf
    }
  });

  it('the plain sequence skips n rounded up to a power of two by default (no origin: finite Normal inputs)', () => {
    const des = saltelliDesign([new Normal(0, 1), new Normal(0, 1)], 6, { scramble: false, balance: 'ignore' });
    expect(des.skip).toBe(8);
    expect(des.seed).toBeUndefined();
    expect(des.X.data.every(Number.isFinite)).toBe(true);
    const first = saltelliDesign([new Normal(0, 1), new Normal(0, 1)], 6, { scramble: false, skip: 0, balance: 'ignore' });
    expect(first.X.data[0]).toBe(-Infinity); // the origin, as SALib would give it
  });

  it('seeds: the same seed gives the same design; a fresh seed is reported; the random sampler is reproducible', () => {
    const a = saltelliDesign([U, U], 64, { seed: 11 });
    expect(saltelliDesign([U, U], 64, { seed: 11 }).X.data).toEqual(a.X.data);
    expect(saltelliDesign([U, U], 64, { seed: 12 }).X.data).not.toEqual(a.X.data);
    const fresh = saltelliDesign([U, U], 64);
    expect(typeof fresh.seed).toBe('bigint');
    expect(saltelliDesign([U, U], 64, { seed: fresh.seed! }).X.data).toEqual(fresh.X.data);
    const lms = saltelliDesign([U, U], 64, { seed: 11, scramble: 'lms' });
    expect(lms.X.data).not.toEqual(a.X.data);
    const r1 = saltelliDesign([U, U], 100, { sampler: 'random', seed: 5 });
    expect(r1.scramble).toBeUndefined();
    expect(saltelliDesign([U, U], 100, { sampler: 'random', seed: 5 }).X.data).toEqual(r1.X.data);
    const unit = saltelliDesign([new Uniform(0, 1)], 1000, { sampler: 'random', seed: 1 }).X.data;
    expect(unit.every((v) => v > 0 && v < 1)).toBe(true);
    const mean = unit.reduce((s, v) => s + v, 0) / unit.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  it('n not a power of two: a warning (Sobol\' only), an error on request, silence on request', async () => {
    const seen: Error[] = [];
    const onWarning = (w: Error) => seen.push(w);
    process.on('warning', onWarning);
    try {
      saltelliDesign([U], 12, { seed: 1 });
      saltelliDesign([U], 16, { seed: 1 });
      saltelliDesign([U], 12, { seed: 1, balance: 'ignore' });
      saltelliDesign([U], 12, { seed: 1, sampler: 'random' });
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('warning', onWarning);
    }
    expect(seen.map((w) => (w as Error & { code: string }).code)).toEqual(['UQKIT_SALTELLI_BALANCE']);
    expect(seen[0]!.message).toMatch(/n is a power of 2 .*got n = 12 \(next powers: 8 or 16\)/);
    const e = thrown(() => saltelliDesign([U], 12, { balance: 'error' }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).field).toBe('n');
  });

  it('errors name the field', () => {
    const field = (fn: () => unknown) => (thrown(fn) as InvalidArgumentError).field;
    expect(field(() => saltelliDesign([], 8))).toBe('dists');
    expect(field(() => saltelliDesign([U, { dist: 'normal', mean: 0, std: -1 } as never], 8))).toBe('dists[1].std');
    expect(field(() => saltelliDesign([U], 0))).toBe('n');
    expect(field(() => saltelliDesign([U], 1.5))).toBe('n');
    expect(field(() => saltelliDesign([U], 8, { scrambel: 'owen' } as never))).toBe('options.scrambel');
    expect(field(() => saltelliDesign([U], 8, { layout: 'columns' as never }))).toBe('options.layout');
    expect(field(() => saltelliDesign([U], 8, { sampler: 'random', skip: 4 }))).toBe('options.skip');
    expect(field(() => saltelliDesign([U], 8, { seed: -1 }))).toBe('options.seed');
    expect(field(() => saltelliDesign(Array(10601).fill(U), 8))).toBe('dists');
    expect(thrown(() => saltelliDesign([U], 8, { layout: 'columns' as never })).message).toBe('options.layout: expected one of "block", "salib", got "columns"');
  });
});

// ---------------------------------------------------------------------------------------

describe("Sobol' indices agree with SALib's formulas on the same outputs (to 1e-12)", () => {
  for (const c of FX.cases) {
    it(c.name, () => {
      const Y = Float64Array.from(c.Y);
      const opts = { dim: c.D, secondOrder: c.secondOrder, layout: 'salib' as SaltelliLayout };
      const r = sobolIndices(Y, opts);
      expect(r.n).toBe(c.N);
      expect(maxAbs(r.first, c.S1), 'S1').toBeLessThan(1e-12);
      expect(maxAbs(r.total, c.ST), 'ST').toBeLessThan(1e-12);
      if (c.secondOrder) {
        for (let j = 0; j < c.D; j++) {
          for (let k = 0; k < c.D; k++) {
            const v = r.second!.data[j * c.D + k]!;
            if (k > j) expect(Math.abs(v - c.S2![j]![k]!), `S2[${j}][${k}]`).toBeLessThan(1e-12);
            else expect(v).toBeNaN();
          }
        }
      } else {
        expect(r.second).toBeUndefined();
      }
      const alt = sobolIndices(Y, { ...opts, estimator: { first: 'janon', total: 'homma-saltelli' } });
      expect(maxAbs(alt.first, c.S1_janon), 'Janon').toBeLessThan(1e-12);
      expect(maxAbs(alt.total, c.ST_homma), 'Homma–Saltelli').toBeLessThan(1e-12);
      expect(alt.estimator).toEqual({ first: 'janon', total: 'homma-saltelli' });
      // the same outputs in uqkit's block order give the same indices
      const block = sobolIndices(toBlock(Y, c.N, c.D, c.secondOrder), { dim: c.D, secondOrder: c.secondOrder });
      expect(maxAbs(block.first, c.S1)).toBeLessThan(1e-12);
      expect(maxAbs(block.total, c.ST)).toBeLessThan(1e-12);
    });
  }

  it("bootstrap half-widths match SALib's (its own resamples, R = 1000) within resampling noise", () => {
    for (const c of FX.cases) {
      const r = sobolIndices(Float64Array.from(c.Y), { dim: c.D, secondOrder: c.secondOrder, layout: 'salib', bootstrap: { resamples: FX.resamples, confidence: FX.confidence, seed: 1 } });
      // the std of R = 1000 bootstrap estimates has a relative sampling error of about 1/sqrt(2R) = 2.2% for each side
      const ratios = [...Array.from(r.firstConf!, (v, j) => v / c.S1_conf[j]!), ...Array.from(r.totalConf!, (v, j) => v / c.ST_conf[j]!)];
      if (c.secondOrder) for (let j = 0; j < c.D; j++) for (let k = j + 1; k < c.D; k++) ratios.push(r.secondConf!.data[j * c.D + k]! / c.S2_conf![j]![k]!);
      for (const q of ratios) expect(q, c.name).toBeGreaterThan(0.85);
      for (const q of ratios) expect(q, c.name).toBeLessThan(1.15);
      const mean = ratios.reduce((s, v) => s + v, 0) / ratios.length;
      expect(Math.abs(mean - 1), c.name).toBeLessThan(0.04);
    }
  });

  it("standardising uses numpy's pairwise sums", () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => 1e3 + 1 / (i + 1));
    let seq = 0;
    for (const v of a) seq += v;
    // numpy 2.4: np.sum(1e3 + 1 / np.arange(1, 1001)) (pairwise: blocks of 128, 8 partial sums)
    expect(pairwiseSum(a, 0, 1000)).toBe(1000007.4854708605);
    expect(seq).toBe(1000007.485470862);
    expect(pairwiseSum(a, 0, 5)).toBe(a[0]! + a[1]! + a[2]! + a[3]! + a[4]!);
  });
});

// ---------------------------------------------------------------------------------------

function replicates(model: (X: Matrix) => Float64Array, dists: Uniform[], n: number, reps: number, seed0: number, secondOrder = false): SobolIndicesResult[] {
  return Array.from({ length: reps }, (_, r) => {
    const des = saltelliDesign(dists, n, { seed: seed0 + r, secondOrder });
    return sobolIndices(model(des.X), { design: des });
  });
}
const rmse = (rs: SobolIndicesResult[], pick: (r: SobolIndicesResult) => ArrayLike<number>, truth: number[]): number => {
  let s = 0;
  for (const r of rs) for (let j = 0; j < truth.length; j++) s += (pick(r)[j]! - truth[j]!) ** 2;
  return Math.sqrt(s / (rs.length * truth.length));
};

describe("accuracy against the analytic indices (scrambled Sobol' designs, n = 2^14)", () => {
  it('Ishigami: RMSE over 10 replicates <= 2e-3 (first, total, S13)', () => {
    const rs = replicates(ishigami, [U, U, U], 2 ** 14, 10, 1000, true);
    const e1 = rmse(rs, (r) => r.first, ISHIGAMI.S), eT = rmse(rs, (r) => r.total, ISHIGAMI.ST);
    const e2 = rmse(rs, (r) => [r.second!.data[1]!, r.second!.data[2]!, r.second!.data[5]!], [0, ISHIGAMI.S13, 0]);
    expect(e1).toBeLessThan(2e-3);
    expect(eT).toBeLessThan(2e-3);
    expect(e2).toBeLessThan(2e-3);
    // REFERENCE.md: about 6e-4 (first) and 2e-4 (total) for 30 replications; plain MC ~7e-3
    expect(e1).toBeLessThan(1.5e-3);
  });
  it('g-function (8 inputs): RMSE over 6 replicates <= 2e-3', () => {
    const rs = replicates(gfun, Array(8).fill(new Uniform(0, 1)), 2 ** 14, 6, 2000);
    expect(rmse(rs, (r) => r.first, G_S)).toBeLessThan(2e-3);
    expect(rmse(rs, (r) => r.total, G_ST)).toBeLessThan(2e-3);
  });
  it('plain Monte Carlo (sampler: random) is an order of magnitude less accurate', () => {
    const rs = Array.from({ length: 6 }, (_, r) => {
      const des = saltelliDesign([U, U, U], 2 ** 14, { seed: 3000 + r, sampler: 'random' });
      return sobolIndices(ishigami(des.X), { design: des });
    });
    expect(rmse(rs, (r) => r.first, ISHIGAMI.S)).toBeGreaterThan(2e-3);
    expect(rmse(rs, (r) => r.first, ISHIGAMI.S)).toBeLessThan(2e-2);
  });
});

describe('bootstrap confidence intervals', () => {
  /** Coverage counts of the 95% intervals (half-width and percentile) over replicates, per index. */
  function coverage(sampler: 'sobol' | 'random', reps: number, n: number): { conf: number[]; pct: number[] } {
    const conf = Array(6).fill(0), pct = Array(6).fill(0);
    const truth = [...ISHIGAMI.S, ...ISHIGAMI.ST];
    for (let r = 0; r < reps; r++) {
      const des = saltelliDesign([U, U, U], n, { seed: 4000 + r, sampler });
      const res = sobolIndices(ishigami(des.X), { design: des, bootstrap: { resamples: 200, seed: r } });
      const est = [...res.first, ...res.total], hw = [...res.firstConf!, ...res.totalConf!];
      const lo = [...res.firstInterval!.low, ...res.totalInterval!.low], hi = [...res.firstInterval!.high, ...res.totalInterval!.high];
      for (let q = 0; q < 6; q++) {
        if (Math.abs(est[q]! - truth[q]!) <= hw[q]!) conf[q]++;
        if (lo[q]! <= truth[q]! && truth[q]! <= hi[q]!) pct[q]++;
      }
    }
    return { conf, pct };
  }
  it('random designs: 95% intervals cover the true Ishigami indices in 85-99 of 100 replicates, each index', () => {
    const { conf, pct } = coverage('random', 100, 2 ** 12);
    for (const c of [...conf, ...pct]) {
      expect(c).toBeGreaterThanOrEqual(85);
      expect(c).toBeLessThanOrEqual(99);
    }
  });
  it("scrambled Sobol' designs: intervals over 8 independent scrambles (combineReplicates) cover the truth in 85-99 of 100 replicates, each index", () => {
    const truth = [...ISHIGAMI.S, ...ISHIGAMI.ST];
    const hits = Array(6).fill(0);
    let width = 0;
    for (let t = 0; t < 100; t++) {
      const reps = Array.from({ length: 8 }, (_, i) => {
        const des = saltelliDesign([U, U, U], 2 ** 11, { seed: 90_000 + 8 * t + i });
        return sobolIndices(ishigami(des.X), { design: des });
      });
      const c = combineReplicates(reps);
      expect(c.totalN).toBe(2 ** 14);
      const lo = [...c.firstInterval.low, ...c.totalInterval.low], hi = [...c.firstInterval.high, ...c.totalInterval.high];
      for (let q = 0; q < 6; q++) if (lo[q]! <= truth[q]! && truth[q]! <= hi[q]!) hits[q]++;
      width += c.firstConf[0]! / 100;
    }
    for (const h of hits) {
      expect(h).toBeGreaterThanOrEqual(85);
      expect(h).toBeLessThanOrEqual(99);
    }
    // and they are much narrower than the row bootstrap's on the same budget
    const des = saltelliDesign([U, U, U], 2 ** 14, { seed: 5 });
    const boot = sobolIndices(ishigami(des.X), { design: des, bootstrap: { resamples: 200, seed: 1 } });
    expect(width).toBeLessThan(boot.firstConf![0]! / 3);
  });
  it('combineReplicates: means, Student-t half-widths, second order, errors', () => {
    const fake = (first: number[], total: number[], second?: number[]): SobolIndicesResult => ({
      first: Float64Array.from(first), total: Float64Array.from(total), n: 64, dim: 2,
      ...(second ? { second: matrix(Float64Array.from(second), 2, 2) } : {}),
    }) as unknown as SobolIndicesResult;
    const c = combineReplicates([fake([0.1, 0.2], [0.5, 0.6], [NaN, 0.1, NaN, NaN]), fake([0.3, 0.2], [0.7, 0.6], [NaN, 0.3, NaN, NaN]), fake([0.2, 0.2], [0.6, 0.6], [NaN, 0.2, NaN, NaN])], { confidence: 0.9 });
    const t = studentTppf(0.95, 2); // nu = 2 in closed form: sqrt(2 / (1 - 0.9^2) - 2) = 2.9199855803537257 (mpmath)
    expect(Math.abs(t - 2.9199855803537257)).toBeLessThan(2e-14 * t); // as the other inverse functions (test/distributions.test.ts)
    expect(c.first[0]).toBeCloseTo(0.2, 15);
    expect(c.firstConf[0]).toBeCloseTo(t * 0.1 / Math.sqrt(3), 14); // sample sd 0.1
    expect(c.firstConf[1]).toBeLessThan(1e-15); // equal replicates (up to the rounding of their mean)
    expect(c.totalInterval.low[0]).toBeCloseTo(0.6 - t * 0.1 / Math.sqrt(3), 14);
    expect(c.second!.data[1]).toBeCloseTo(0.2, 15);
    expect(c.secondConf!.data[1]).toBeCloseTo(t * 0.1 / Math.sqrt(3), 14);
    expect(c.second!.data[0]).toBeNaN();
    expect(c.replicates).toBe(3);
    expect(thrown(() => combineReplicates([fake([0.1, 0.2], [0.5, 0.6])])).message).toMatch(/^results: expected an array of at least 2 results/);
    expect(thrown(() => combineReplicates([fake([0.1, 0.2], [0.5, 0.6]), { ...fake([0.1], [0.5]), dim: 1 }])).message).toMatch(/^results\[1\]: expected a result of sobolIndices with dim 2 and n 64/);
    expect(thrown(() => combineReplicates([fake([0.1, 0.2], [0.5, 0.6]), fake([0.1, 0.2], [0.5, 0.6])], { confidence: 1 })).message).toMatch(/^options\.confidence: expected a number between 0 and 1/);
  });
  it("scrambled Sobol' designs: the intervals are conservative (they treat the points as independent)", () => {
    // The bootstrap sees the Monte Carlo spread of the rows, not the smaller error of
    // scrambled Sobol' points, so the intervals are several times wider than the error.
    const { conf, pct } = coverage('sobol', 100, 2 ** 12);
    for (const c of [...conf, ...pct]) expect(c).toBeGreaterThanOrEqual(95);
  });

  /**
   * How many times the base rows in `rows` are drawn, in each of R resamples. With outputs 0
   * except B and AB at those rows (1), the Jansen total index of a resample is 1 / (1 - W/(2n)),
   * W the number of draws among them; W = 0 gives a numerator of exactly 0 (index 0 or NaN).
   */
  function drawCounts(n: number, rows: number[], R: number, seed: number): number[] {
    const Y = new Float64Array(3 * n);
    for (const m of rows) Y[n + m] = Y[2 * n + m] = 1;
    const r = sobolIndices(Y, { dim: 1, bootstrap: { resamples: R, seed, keep: true } });
    return Array.from({ length: R }, (_, b) => {
      const st = r.bootstrapEstimates!.data[b * 2 + 1]!;
      if (Number.isNaN(st) || st === 0) return 0;
      const w = 2 * n * (1 - 1 / st);
      expect(Math.abs(w - Math.round(w))).toBeLessThan(1e-6);
      return Math.round(w);
    });
  }

  it('the resampling draws each base row Binomial(n, 1/n) times (rows in full and partial tiles, n a power of two or not)', () => {
    for (const [n, m] of [[1024, 0], [1024, 777], [1000, 999], [1000, 3], [5, 4]] as const) {
      const R = 4000;
      const counts = new Map<number, number>();
      for (const w of drawCounts(n, [m], R, 99)) counts.set(w, (counts.get(w) ?? 0) + 1);
      const pmf = (k: number) => Math.exp(lgammaInt(n + 1) - lgammaInt(k + 1) - lgammaInt(n - k + 1) + k * Math.log(1 / n) + (n - k) * Math.log1p(-1 / n));
      for (const k of [0, 1, 2, 3]) {
        const expected = R * pmf(k);
        const sd = Math.sqrt(expected * (1 - pmf(k)));
        expect(Math.abs((counts.get(k) ?? 0) - expected), `n=${n}, row ${m}, count ${k}`).toBeLessThan(4 * sd);
      }
      let mean = 0;
      counts.forEach((c, w) => (mean += (w * c) / R));
      expect(Math.abs(mean - 1), `n=${n}, row ${m}: mean count`).toBeLessThan(4 * Math.sqrt((1 - 1 / n) / R));
    }
  });

  it('...and jointly: draws among any set of k rows are Binomial(n, k/n) (mean and variance)', () => {
    // Sets across tiles and subtrees (tiles of 256 rows here): a wrong joint law (e.g. tiles
    // sharing random bits) shows in the variance even when every single row looks right.
    const R = 4000;
    const range = (a: number, b: number, step = 1) => Array.from({ length: Math.ceil((b - a) / step) }, (_, i) => a + i * step);
    for (const [n, rows] of [
      [1024, [...range(0, 256), ...range(512, 768)]],
      [1024, range(0, 1024, 3)],
      [4096, [...range(256, 512), ...range(1024, 1280), ...range(2304, 2560), ...range(3328, 3584)]],
      [1000, [...range(0, 100), ...range(900, 1000)]],
    ] as const) {
      const W = drawCounts(n, rows as number[], R, 7);
      const p = rows.length / n;
      const mean = W.reduce((s, v) => s + v, 0) / R;
      const variance = W.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1);
      const v0 = n * p * (1 - p);
      expect(Math.abs(mean - n * p), `n=${n}, ${rows.length} rows: mean`).toBeLessThan(4 * Math.sqrt(v0 / R));
      expect(Math.abs(variance / v0 - 1), `n=${n}, ${rows.length} rows: variance ${variance} vs ${v0}`).toBeLessThan(4 * Math.sqrt(2 / R));
    }
  });

  it('reproducible: the same seed gives the same intervals; any split of the resamples gives identical estimates', () => {
    const des = saltelliDesign([U, U, U], 512, { seed: 5, secondOrder: true });
    const Y = ishigami(des.X);
    const a = sobolIndices(Y, { design: des, bootstrap: { resamples: 300, seed: 8, keep: true } });
    const b = sobolIndices(Y, { design: des, bootstrap: { resamples: 300, seed: 8, keep: true } });
    expect(b.bootstrapEstimates!.data).toEqual(a.bootstrapEstimates!.data);
    expect(b.secondConf!.data).toEqual(a.secondConf!.data);
    const c = sobolIndices(Y, { design: des, bootstrap: { resamples: 300, seed: 9 } });
    expect(c.firstConf).not.toEqual(a.firstConf);
    expect(a.bootstrap).toEqual({ resamples: 300, confidence: 0.95, seed: 8n });
    // the kernel by resample ranges: 0..299 at once, or 0..116 and 117..299
    const z = Float64Array.from(toBlock(Y, 512, 3, true));
    const whole = bootstrapEstimates(core(), z, 512, 3, 1, 8n, 0, 300);
    const parts = new Float64Array(whole.length);
    parts.set(bootstrapEstimates(core(), z, 512, 3, 1, 8n, 0, 117), 0);
    parts.set(bootstrapEstimates(core(), z, 512, 3, 1, 8n, 117, 183), 117 * 9);
    expect(parts).toEqual(whole);
  });

  it('worker threads (src/numerics/bootstrap-pool.ts): bit-identical results for 1, 2 and 3 threads, and for a matrix of outputs', () => {
    const des = saltelliDesign([U, U, U], 4096, { seed: 15, secondOrder: true });
    const y = ishigami(des.X);
    // n R (indices + 4) = 4096 * 1300 * 13 >= 2^26: large enough to be shared out
    const opts = { design: des, bootstrap: { resamples: 1300, seed: 4, keep: true } };
    try {
      setParallelBootstrap(undefined);
      const one = sobolIndices(y, opts);
      for (const workers of [1, 2]) {
        const pool = bootstrapPool(workerPool(core().module!, workers, [NUMERICS_JOBS]));
        setParallelBootstrap(pool);
        const r = sobolIndices(y, opts);
        expect(pool.jobs, `${workers} workers used`).toBe(workers);
        expect(r.bootstrapEstimates!.data, `${workers + 1} threads`).toEqual(one.bootstrapEstimates!.data);
        expect(r.secondConf!.data).toEqual(one.secondConf!.data);
        const two = matrix(Float64Array.from({ length: 2 * y.length }, (_, i) => (i % 2 ? y[i >> 1]! ** 2 : y[i >> 1]!)), y.length, 2);
        const rs = sobolIndices(two, opts);
        expect(rs[0]!.totalConf).toEqual(one.totalConf);
        expect(pool.jobs).toBe(3 * workers);
      }
    } finally {
      setParallelBootstrap(threadCount() > 1 ? bootstrapPool(workerPool(core().module!, threadCount() - 1, [NUMERICS_JOBS])) : undefined);
    }
  });

  it('half-widths are z * std (ddof 1) of the estimates; intervals their percentiles (numpy interpolation)', () => {
    const des = saltelliDesign([U, U, U], 256, { seed: 6 });
    const r = sobolIndices(ishigami(des.X), { design: des, bootstrap: { resamples: 101, confidence: 0.5, seed: 2, keep: true } });
    const E = r.bootstrapEstimates!;
    expect([E.rows, E.cols]).toEqual([101, 6]);
    for (let q = 0; q < 6; q++) {
      const v = Array.from({ length: 101 }, (_, b) => E.data[b * 6 + q]!);
      const mean = v.reduce((s, x) => s + x, 0) / 101;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / 100);
      const conf = q < 3 ? r.firstConf![q]! : r.totalConf![q - 3]!;
      expect(conf).toBeCloseTo(0.6744897501960817 * sd, 14); // scipy.stats.norm.ppf(0.75)
      v.sort((x, y) => x - y);
      const lo = q < 3 ? r.firstInterval!.low[q]! : r.totalInterval!.low[q - 3]!;
      const hi = q < 3 ? r.firstInterval!.high[q]! : r.totalInterval!.high[q - 3]!;
      expect(lo).toBe(v[25]!); // (101 - 1) * 0.25 = 25 exactly
      expect(hi).toBe(v[75]!);
      // the bootstrap centres near the point estimate
      const point = q < 3 ? r.first[q]! : r.total[q - 3]!;
      expect(Math.abs(mean - point)).toBeLessThan(conf);
    }
  });
});

function lgammaInt(k: number): number {
  let s = 0;
  for (let i = 2; i < k; i++) s += Math.log(i);
  return s;
}

// ---------------------------------------------------------------------------------------

describe('non-finite outputs', () => {
  const des = saltelliDesign([U, U, U], 64, { seed: 21, layout: 'salib', secondOrder: true });
  const clean = ishigami(des.X);

  it('an error naming the rows (every one in .rows)', () => {
    const Y = clean.slice();
    Y[17] = NaN;
    Y[300] = Infinity;
    const e = thrown(() => sobolIndices(Y, { design: des })) as NonFiniteOutputError;
    expect(e).toBeInstanceOf(NonFiniteOutputError);
    expect(e.code).toBe('ERR_NON_FINITE');
    expect(e.rows).toEqual([17, 300]);
    expect(e.field).toBe('Y[17]');
    expect(e.message).toBe("Y[17]: expected finite model outputs; 2 of the 512 outputs in Y are NaN or infinite, at rows 17 (NaN), 300 (Infinity), got NaN (re-run or fix those points, or pass nonFinite: 'drop' to drop their base rows)");
  });

  it("'drop': the affected base rows go (all their blocks), are reported, and the rest is analysed as if never there", () => {
    for (const layout of ['salib', 'block'] as const) {
      const d2 = saltelliDesign([U, U, U], 64, { seed: 21, layout, secondOrder: true });
      const Y = ishigami(d2.X);
      const step = 8;
      const bad = layout === 'salib' ? [3 * step + 2, 40 * step + 7, 40 * step] : [5, 64 * 3 + 40, 64 * 7 + 63];
      for (const r of bad) Y[r] = r % 2 ? -Infinity : NaN;
      const r = sobolIndices(Y, { design: d2, nonFinite: 'drop' });
      const droppedRows = layout === 'salib' ? [3, 40] : [5, 40, 63];
      expect(r.dropped).toEqual(droppedRows);
      expect(r.n).toBe(64 - droppedRows.length);
      // the same analysis on outputs without those base rows
      const keep = Array.from({ length: 64 }, (_, i) => i).filter((i) => !droppedRows.includes(i));
      const m = keep.length;
      const Z = new Float64Array(m * step);
      for (let b = 0; b < step; b++) keep.forEach((i, k) => (Z[saltelliRow(layout, m, 3, true, b, k)] = Y[saltelliRow(layout, 64, 3, true, b, i)]!));
      const ref = sobolIndices(Z, { dim: 3, secondOrder: true, layout });
      expect(r.first).toEqual(ref.first);
      expect(r.total).toEqual(ref.total);
      expect(r.second!.data).toEqual(ref.second!.data);
    }
  });

  it('a matrix of outputs: one result per column, each as for that column alone; errors name the column', () => {
    const Y = new Float64Array(clean.length * 2);
    for (let i = 0; i < clean.length; i++) {
      Y[2 * i] = clean[i]!;
      Y[2 * i + 1] = clean[i]! ** 2;
    }
    const rs = sobolIndices(matrix(Y, clean.length, 2), { design: des });
    expect(rs).toHaveLength(2);
    expect(rs[0]!.output).toBe(0);
    expect(rs[1]!.first).toEqual(sobolIndices(clean.map((v) => v * v), { design: des }).first);
    expect(rs[0]!.total).toEqual(sobolIndices(clean, { design: des }).total);
    Y[2 * 9 + 1] = NaN;
    const e = thrown(() => sobolIndices(matrix(Y, clean.length, 2), { design: des })) as NonFiniteOutputError;
    expect([e.field, e.column, e.rows]).toEqual(['Y[9][1]', 1, [9]]);
    const dropped = sobolIndices(matrix(Y, clean.length, 2), { design: des, nonFinite: 'drop' });
    expect(dropped[0]!.dropped).toEqual([]);
    expect(dropped[1]!.dropped).toEqual([1]);
  });

  it('dropping nearly everything is an error', () => {
    const Y = clean.slice();
    for (let i = 0; i < 63; i++) Y[i * 8 + 1] = NaN;
    const e = thrown(() => sobolIndices(Y, { design: des, nonFinite: 'drop' }));
    expect(e).toBeInstanceOf(NonFiniteOutputError);
    expect(e.message).toMatch(/only 1 of 64 are left/);
  });
});

describe('invariants', () => {
  const des = saltelliDesign([U, U, U], 1024, { seed: 31, secondOrder: true });
  const Y = ishigami(des.X);
  it('indices do not change under y -> a y + b', () => {
    const r = sobolIndices(Y, { design: des });
    const t = sobolIndices(Y.map((v) => -3e4 * v + 7e6), { design: des });
    expect(maxAbs(t.first, r.first)).toBeLessThan(1e-9);
    expect(maxAbs(t.total, r.total)).toBeLessThan(1e-9);
    expect(maxAbs(t.second!.data.filter((v) => !Number.isNaN(v)), r.second!.data.filter((v) => !Number.isNaN(v)))).toBeLessThan(1e-9);
    expect(t.variance / r.variance).toBeCloseTo(9e8, 3);
  });
  it('additive model: S_j = ST_j, sum 1; a pure product: S_12 = 1 and S_1 = S_2 = 0', () => {
    const add = sobolIndices(Float64Array.from({ length: des.X.rows }, (_, i) => des.X.data[3 * i]! + 2 * des.X.data[3 * i + 1]!), { design: des });
    expect(maxAbs(add.first, add.total)).toBeLessThan(2e-3);
    expect(Math.abs(add.first[0]! + add.first[1]! - 1)).toBeLessThan(2e-3);
    expect(Math.abs(add.first[0]! - 0.2)).toBeLessThan(2e-3);
    expect(Math.abs(add.total[2]!)).toBeLessThan(1e-12);
    const prod = sobolIndices(Float64Array.from({ length: des.X.rows }, (_, i) => des.X.data[3 * i]! * des.X.data[3 * i + 1]!), { design: des });
    expect(Math.abs(prod.second!.data[1]! - 1)).toBeLessThan(2e-2);
    expect(Math.abs(prod.first[0]!)).toBeLessThan(2e-2);
    expect(Math.abs(prod.total[0]! - 1)).toBeLessThan(2e-2);
  });
  it('mean and variance of the A and B outputs; Ishigami mean 3.5, variance 13.84', () => {
    const big = saltelliDesign([U, U, U], 2 ** 14, { seed: 32 });
    const r = sobolIndices(ishigami(big.X), { design: big });
    expect(Math.abs(r.mean - 3.5)).toBeLessThan(0.02);
    expect(Math.abs(r.variance - 13.844587940719254)).toBeLessThan(0.1);
  });
  it('constant outputs: NaN indices and a warning', async () => {
    const seen: Error[] = [];
    const onWarning = (w: Error) => seen.push(w);
    process.on('warning', onWarning);
    try {
      const r = sobolIndices(new Float64Array(5 * 8).fill(2), { dim: 3, bootstrap: { resamples: 10, seed: 1 } });
      expect(Array.from(r.first).every(Number.isNaN)).toBe(true);
      expect(Array.from(r.totalConf!).every(Number.isNaN)).toBe(true);
      await new Promise((res) => setTimeout(res, 10));
    } finally {
      process.off('warning', onWarning);
    }
    expect(seen.map((w) => (w as Error & { code: string }).code)).toEqual(['UQKIT_SOBOL_CONSTANT']);
  });
  it('repeated calls do not grow the WebAssembly memory after the first', () => {
    const small = saltelliDesign([U, U], 64, { seed: 1 });
    const y = Float64Array.from({ length: small.X.rows }, (_, i) => small.X.data[2 * i]! ** 2 + small.X.data[2 * i + 1]!);
    sobolIndices(y, { design: small, bootstrap: { resamples: 50, seed: 1 } });
    const before = coreMemory().memoryBytes;
    for (let i = 0; i < 300; i++) sobolIndices(y, { design: small, bootstrap: { resamples: 50, seed: i } });
    expect(coreMemory().memoryBytes).toBe(before);
  });
});

describe('options and errors', () => {
  const Y = new Float64Array(5 * 16).map((_, i) => Math.sin(i));
  const arg = (fn: () => unknown) => thrown(fn) as InvalidArgumentError;
  it('n is inferred from the outputs, or checked against them', () => {
    expect(sobolIndices(Y, { dim: 3 }).n).toBe(16);
    const e = arg(() => sobolIndices(Y, { dim: 3, n: 15 }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('Y: expected n * (3 + 2 = 5) = 75 outputs (one per design row), got 80');
    expect(arg(() => sobolIndices(Y, { dim: 4 })).message).toBe('Y: expected a multiple of 4 + 2 = 6 outputs (n base rows x 6 blocks; with BA_j blocks pass secondOrder: true), n >= 2, got 80');
    expect(arg(() => sobolIndices(Y, { dim: 5, secondOrder: true })).message).toMatch(/^Y: expected a multiple of 2 \* 5 \+ 2 = 12 outputs \(n base rows x 12 blocks\), n >= 2, got 80$/);
  });
  it('design and explicit fields must agree', () => {
    const des: SaltelliDesign = saltelliDesign([U, U, U], 16, { seed: 1 });
    expect(arg(() => sobolIndices(Y, { design: des, dim: 4 })).field).toBe('options.dim');
    expect(sobolIndices(Y, { design: des, layout: 'block' }).n).toBe(16);
  });
  it('bad options name their field', () => {
    expect(arg(() => sobolIndices(Y, {} as never)).field).toBe('options.dim');
    expect(arg(() => sobolIndices(Y, { dim: 3, estimator: { first: 'sobol' as never } })).field).toBe('options.estimator.first');
    expect(arg(() => sobolIndices(Y, { dim: 3, estimator: { total: 'homma' as never } })).message).toBe('options.estimator.total: expected one of "jansen", "homma-saltelli", got "homma"');
    expect(arg(() => sobolIndices(Y, { dim: 3, bootstrap: { resamples: 1 } })).field).toBe('options.bootstrap.resamples');
    expect(arg(() => sobolIndices(Y, { dim: 3, bootstrap: { resamples: 10, confidence: 95 } })).field).toBe('options.bootstrap.confidence');
    expect(arg(() => sobolIndices(Y, { dim: 3, bootstrap: { resamples: 10, seed: 1.5 } })).field).toBe('options.bootstrap.seed');
    expect(arg(() => sobolIndices(Y, { dim: 3, nonFinite: 'skip' as never })).field).toBe('options.nonFinite');
    expect(arg(() => sobolIndices(Y, { dim: 3, boostrap: {} } as never)).field).toBe('options.boostrap');
    expect(arg(() => sobolIndices(new Float64Array(4 * 8), { dim: 1, secondOrder: true })).field).toBe('options.secondOrder');
    expect(arg(() => sobolIndices([1, 2, 3] as never, { dim: 1 })).field).toBe('Y');
  });
  it('the kernels return status codes for bad arguments', () => {
    const { exports: k, arena } = core();
    arena.scope((a) => {
      const n = 4, d = 2;
      const z = a.alloc(8 * n * (d + 2)), out = a.alloc(8 * 64), work = a.alloc(k.sensitivityWorkBytes(n, d, 0));
      a.f64(z, n * (d + 2)).set(Array.from({ length: n * (d + 2) }, (_, i) => Math.cos(i)));
      expect(k.sensitivityPoint(n, d, 0, z, out, work)).toBe(Status.OK);
      expect(k.sensitivityBootstrap(n, d, 0, z, 1, 0, 0, 3, out, work)).toBe(Status.OK);
      expect(k.sensitivityPoint(1, d, 0, z, out, work)).toBe(Status.SIZE);
      expect(k.sensitivityPoint(n, 0, 0, z, out, work)).toBe(Status.DIM);
      expect(k.sensitivityPoint(n, d, 8, z, out, work)).toBe(Status.SIZE);
      expect(k.sensitivityPoint(n, d, 0, 0, out, work)).toBe(Status.POINTER);
      expect(k.sensitivityPoint(n, d, 0, z + 4, out, work)).toBe(Status.POINTER);
      expect(k.sensitivityBootstrap(n, d, 0, z, 1, 0, -1, 3, out, work)).toBe(Status.SIZE);
      expect(k.sensitivityBootstrap(n, d, 0, z, 1, 0, 0, 3, out, k.memory.buffer.byteLength - 64)).toBe(Status.POINTER);
      expect(k.sensitivityWorkBytes(1, d, 0)).toBe(0);
      expect(k.randomUniform(-1, 0, 0, 0, 0, out)).toBe(Status.SIZE);
    });
  });
});
