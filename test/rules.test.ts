// Nested 1-D rules: exactness degree per level (and not beyond, where sharp), nesting bit for
// bit, positivity, literature values, Leja points, growth rules, mapping to distributions.
import { describe, expect, it } from 'vitest';
import {
  Beta, DiscreteUniform, InvalidArgumentError, LogNormal, Normal, TruncatedNormal, Uniform, gauss, interpolatoryWeights, lejaSequence,
  orthonormalValues, recurrence, rule1d, ruleAtLevel, ruleExactness, ruleSize,
  type Distribution, type RuleName,
} from 'uqkit';
import { thrown } from './helpers.js';

const U = new Uniform(-1, 1);
const N = new Normal(0, 1);
const momU = (k: number): number => (k % 2 ? 0 : 1 / (k + 1));
const momN = (k: number): number => { if (k % 2) return 0; let m = 1; for (let j = k - 1; j > 0; j -= 2) m *= j; return m; };

/** Worst error on x^k, k <= deg, relative to sum |w x^k| (the size of the terms). */
function worstExact(nodes: Float64Array, weights: Float64Array, mom: (k: number) => number, deg: number): number {
  let worst = 0;
  for (let k = 0; k <= deg; k++) {
    let s = 0, a = 0;
    for (let i = 0; i < nodes.length; i++) { const t = weights[i]! * nodes[i]! ** k; s += t; a += Math.abs(t); }
    worst = Math.max(worst, Math.abs(s - mom(k)) / Math.max(a, 1e-300));
  }
  return worst;
}

describe('nested rules on their reference measures', () => {
  const cases: { rule: RuleName; dist: Distribution; mom: (k: number) => number; levels: number; positive: boolean; tol: number }[] = [
    { rule: 'clenshaw-curtis', dist: U, mom: momU, levels: 10, positive: true, tol: 2e-14 },
    { rule: 'fejer2', dist: U, mom: momU, levels: 9, positive: true, tol: 1e-14 },
    { rule: 'patterson', dist: U, mom: momU, levels: 8, positive: true, tol: 1e-14 },
    // The 19-point Genz–Keister rule has negative weights (as Heiss & Winschel 2008 note).
    { rule: 'genz-keister', dist: N, mom: momN, levels: 4, positive: false, tol: 1e-14 },
  ];
  for (const c of cases) {
    it(`${c.rule}: exact to its degree at every level, nested bit for bit, weights positive and summing to 1`, () => {
      let prev: Float64Array | null = null;
      for (let l = 0; l <= c.levels; l++) {
        const n = ruleSize(c.rule, l);
        const r = rule1d(c.dist, c.rule, n);
        expect(r.nodes.length).toBe(n);
        const deg = ruleExactness(c.rule, n);
        expect(worstExact(r.nodes, r.weights, c.mom, deg), `${c.rule} level ${l} (n=${n}) exact to degree ${deg}`).toBeLessThanOrEqual(c.tol);
        // Sharp: the orthonormal polynomial of the next even degree (integral 0) is not
        // integrated exactly (monomials are useless here: their error just beyond the
        // exactness degree can be 1e-16). Measurable only while that error exceeds double
        // precision: Patterson's error on p_{deg+1} is 1e-4 at 31 points, 6e-10 at 63, and
        // below 1e-16 from 127 points on.
        const beyond = deg % 2 ? deg + 1 : deg + 2;
        if (n <= 63 || c.rule !== 'patterson') {
        const p = orthonormalValues(recurrence(c.dist, beyond + 1), beyond, r.nodes);
        let s = 0;
        for (let i = 0; i < n; i++) s += r.weights[i]! * p[i * (beyond + 1) + beyond]!;
        expect(Math.abs(s), `${c.rule} level ${l}: degree ${beyond}`).toBeGreaterThan(1e-11); // noise is ~1e-14
        }
        expect(Math.abs(r.weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
        if (c.positive) expect(Math.min(...r.weights)).toBeGreaterThan(0);
        for (let i = 1; i < n; i++) expect(r.nodes[i]! > r.nodes[i - 1]!).toBe(true);
        for (let i = 0; i < n; i++) expect(Object.is(r.nodes[i], -r.nodes[n - 1 - i]!) || (r.nodes[i] === 0 && i === n - 1 - i)).toBe(true);
        if (prev) {
          const have = new Set(r.nodes);
          for (const x of prev) expect(have.has(x), `${c.rule} level ${l - 1} node ${x} recurs at level ${l}`).toBe(true);
        }
        prev = r.nodes;
      }
    });
  }

  it('Gauss–Patterson 7 points: the Kronrod extension of 3-point Gauss–Legendre (literature values)', () => {
    const r = rule1d(U, 'patterson', 7);
    const x = [0.960491268708020283, 0.774596669241483377, 0.434243749346802558];
    const w = [0.104656226026467265, 0.268488089868333440, 0.401397414775962222, 0.450916538658474143]; // on [-1, 1]
    x.forEach((v, i) => expect(r.nodes[6 - i]).toBeCloseTo(v, 15));
    w.forEach((v, i) => expect(2 * r.weights[6 - i]!).toBeCloseTo(v, 15));
  });

  it('Genz–Keister 9 points: nodes of Genz & Keister (1996), scaled to the standard normal', () => {
    const r = rule1d(N, 'genz-keister', 9);
    const phys = [2.9592107790638380, 2.0232301911005157, 1.2247448713915889, 0.52403354748695763];
    phys.forEach((v, i) => expect(r.nodes[8 - i]! / Math.SQRT2).toBeCloseTo(v, 14));
  });

  it('Leja points: uniform 0, 1, -1, ±1/√3 ...; weighted normal 0, √2, ...', () => {
    const u = lejaSequence('uniform', 5);
    expect(Array.from(u.slice(0, 3))).toEqual([0, 1, -1]);
    expect(Math.abs(u[3]!)).toBeCloseTo(1 / Math.sqrt(3), 15);
    const g = lejaSequence('normal', 3);
    expect(g[0]).toBe(0);
    expect(Math.abs(g[1]!)).toBeCloseTo(Math.SQRT2, 15);
    for (const n of [5, 10, 20, 30]) {
      const r = rule1d(U, 'leja', n);
      expect(worstExact(r.nodes, r.weights, momU, n - 1), `uniform Leja n=${n}`).toBeLessThan(1e-14);
      const q = rule1d(N, 'leja', n);
      expect(worstExact(q.nodes, q.weights, momN, n - 1), `normal Leja n=${n}`).toBeLessThan(1e-13);
    }
    // A prefix of the sequence is the smaller rule's node set.
    expect(new Set(rule1d(U, 'leja', 7).nodes)).toEqual(new Set(lejaSequence('uniform', 7)));
  });

  it('growth rules and sizes', () => {
    expect([0, 1, 2, 3, 4].map((l) => ruleSize('clenshaw-curtis', l))).toEqual([1, 3, 5, 9, 17]);
    expect([0, 1, 2, 3, 4, 5].map((l) => ruleSize('clenshaw-curtis', l, 'slow'))).toEqual([1, 3, 5, 9, 9, 17]);
    expect([0, 1, 2, 3].map((l) => ruleSize('patterson', l))).toEqual([1, 3, 7, 15]);
    expect([0, 1, 2, 3, 4, 5].map((l) => ruleSize('patterson', l, 'slow'))).toEqual([1, 3, 3, 7, 7, 7]);
    expect([0, 1, 2, 3, 4].map((l) => ruleSize('genz-keister', l))).toEqual([1, 3, 9, 19, 35]);
    expect([0, 1, 2, 3].map((l) => ruleSize('gauss', l))).toEqual([1, 2, 3, 4]);
    expect([0, 1, 2, 3].map((l) => ruleSize('gauss', l, 'exponential'))).toEqual([1, 3, 7, 15]);
    expect(ruleAtLevel(U, 'fejer2', 2).nodes.length).toBe(7);
  });
});

describe('rules for other distributions', () => {
  it('uniform rules on Uniform(a, b) map affinely and keep the ends exact', () => {
    const r = rule1d(new Uniform(2, 5), 'clenshaw-curtis', 9);
    expect(r.nodes[0]).toBe(2);
    expect(r.nodes[8]).toBe(5);
    expect(worstExact(r.nodes.map((x) => (x - 3.5) / 1.5), r.weights, momU, 9)).toBeLessThan(1e-14);
  });
  it('other distributions get the reference rule through the probability integral transform', () => {
    const b = new Beta(2, 5);
    const r = rule1d(b, 'patterson', 15);
    const z = rule1d(U, 'patterson', 15);
    for (let i = 0; i < 15; i++) expect(r.nodes[i]).toBeCloseTo(b.ppf((1 + z.nodes[i]!) / 2), 14);
    // E[X] of Beta(2, 5) = 2/7: the transformed rule converges (not polynomial-exact in x).
    const big = rule1d(b, 'patterson', 63);
    const mean = big.nodes.reduce((s, x, i) => s + x * big.weights[i]!, 0);
    expect(Math.abs(mean - 2 / 7)).toBeLessThan(1e-6); // 2.4e-7: the transformed integrand is not smooth at the ends
    const ln = new LogNormal(0, 0.5);
    const g = rule1d(ln, 'genz-keister', 35);
    const m = g.nodes.reduce((s, x, i) => s + x * g.weights[i]!, 0);
    expect(m).toBeCloseTo(Math.exp(0.125), 12); // exact: lognormal = exp(0.5 z), smooth in z
  });
  it('refuses Clenshaw–Curtis (which contains the ends) for unbounded supports, and bad sizes', () => {
    const e = thrown(() => rule1d(N, 'clenshaw-curtis', 5));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/unbounded/);
    expect(thrown(() => rule1d(U, 'patterson', 8)).message).toMatch(/^n: expected one of the sizes of 'patterson': 1, 3, 7, 15/);
    expect(thrown(() => ruleAtLevel(U, 'patterson', 9)).message).toMatch(/^level: expected a level from 0 to 8/);
    expect(thrown(() => rule1d(U, 'simpson' as RuleName, 3)).message).toMatch(/^rule: expected one of/);
  });
});

describe('inputs that used to slip through', () => {
  it('DiscreteUniform: the whole support when n = N; a refusal, not wrong weights, when the rule is inaccurate', () => {
    const d = new DiscreteUniform(0, 99);
    const r = gauss(d, 100);
    expect(Array.from(r.nodes)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(r.weights.every((w) => w === 0.01)).toBe(true);
    for (const n of [5, 10, 20]) {
      const g = gauss(d, n);
      const mean = g.nodes.reduce((s, x, i) => s + x * g.weights[i]!, 0);
      const m2 = g.nodes.reduce((s, x, i) => s + x * x * g.weights[i]!, 0);
      expect(mean).toBeCloseTo(49.5, 10);
      expect(m2).toBeCloseTo((99 * 199) / 6, 8); // E[X^2] of 0..99
    }
    const e = thrown(() => gauss(d, 90));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/^n: expected fewer points for DiscreteUniform/);
  });
  it('recurrence() returns a copy: mutating it changes nothing cached', () => {
    const ln = new LogNormal(0, 0.5);
    const before = gauss(ln, 4).nodes.slice();
    const r = recurrence(ln, 4);
    r.alpha[1] = 999;
    expect(Array.from(gauss(ln, 4).nodes)).toEqual(Array.from(before));
    expect(recurrence(ln, 4).alpha[1]).not.toBe(999);
  });
  it('narrow and wide truncated normals, and large n', () => {
    const narrow = new TruncatedNormal(0, 1, 1, 1 + 1e-4);
    const g = gauss(narrow, 5);
    const mean = g.nodes.reduce((s, x, i) => s + x * g.weights[i]!, 0);
    expect(mean).toBeCloseTo(narrow.moments.mean, 14);
    expect(gauss(new TruncatedNormal(0, 1, -1, 1), 1100).nodes.length).toBe(1100);
  });
  it('typed errors from the helpers', () => {
    expect(thrown(() => rule1d(null as never, 'fejer2', 3)).message).toMatch(/^dist: expected a uqkit distribution/);
    expect(thrown(() => interpolatoryWeights(Float64Array.of(-0.5, 0, 0.5), { alpha: new Float64Array(1), beta: Float64Array.of(1) })).message)
      .toMatch(/^recurrence: expected at least 3 coefficients/);
    expect(thrown(() => orthonormalValues(recurrence(U, 3), Number.NaN, Float64Array.of(0))).message).toMatch(/^deg: expected an integer/);
    expect(thrown(() => ruleSize('gauss', -1)).message).toMatch(/^level: expected an integer/);
    expect(thrown(() => ruleSize('bogus' as RuleName, 2)).message).toMatch(/^rule: expected one of/);
    expect(thrown(() => ruleSize('gauss', 2, 'fast' as never)).message).toMatch(/^growth: expected one of/);
    expect(thrown(() => ruleExactness('genz-keister', 4)).message).toMatch(/^n: expected one of the sizes of 'genz-keister'/);
    expect(thrown(() => lejaSequence('uniform', -1)).message).toMatch(/^n: expected an integer from 1 to 500/);
    expect(thrown(() => lejaSequence('bogus' as never, 3)).message).toMatch(/^reference: expected one of/);
  });
  it('symmetric distributions get exactly symmetric nodes through the transform', () => {
    const r = rule1d(new Normal(0, 1), 'fejer2', 7);
    for (let i = 0; i < 7; i++) expect(Object.is(r.nodes[i], -r.nodes[6 - i]!) || r.nodes[i] === 0).toBe(true);
  });
});
