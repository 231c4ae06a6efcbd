// Parameter distributions (src/distributions): values against scipy / mpmath references in
// both tails, the contracts every distribution keeps (monotone cdf, ppf inverting cdf, pdf
// integrating to 1), specs and their round trip, the unit-cube maps, and every invalid
// parameter. Fixtures: test/fixtures/distributions.json, made by scripts/fixtures/distributions.py.
import { describe, expect, it } from 'vitest';
import {
  Beta,
  DiscreteUniform,
  Exponential,
  Gamma,
  LogNormal,
  Normal,
  Triangular,
  TruncatedNormal,
  Uniform,
  DISTRIBUTION_KINDS,
  distribution,
  isDistribution,
  toPhysical,
  toUnit,
  erf,
  erfc,
  ndtr,
  ndtri,
  gamma,
  gammaln,
  gammainc,
  gammaincc,
  betainc,
  betaincc,
  type Distribution,
  type DistributionSpec,
} from '../build/distributions/index.js';
import * as special from '../build/distributions/index.js';
import { InvalidArgumentError, ShapeError, UqkitError } from '../build/core/errors.js';
import { fixture, thrown } from './helpers.js';

type Regime = 'bulk' | 'tail' | 'far';
interface Point { x: number; pdf: number; cdf: number; sf: number; regime?: Regime }
interface Quantile { fn: 'ppf' | 'isf'; p: number; x: number | string; regime?: Regime }
interface Case {
  name: string;
  spec: DistributionSpec;
  support: [number | string, number | string];
  mean: number;
  variance: number;
  points: Point[];
  quantiles: Quantile[];
}
interface Special { fn: string; args: number[]; value: number }
const ref = fixture<{ versions: Record<string, string>; cases: Case[]; special: Special[] }>('distributions.json');

const EPS = 2 ** -52;
const num = (v: number | string): number => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number));

/**
 * Relative tolerances by function and regime (regime from min(cdf, sf), or min(u, 1 - u) for
 * quantiles: bulk >= 1e-3, tail down to 1e-20, far below). Measured maxima (uqkit 0.1.0):
 * pdf/cdf/sf bulk 15 eps, tail 26 eps, far 512 eps; ppf/isf 11 / 11 / 15 eps; moments 10 eps.
 * In the far tails the error grows like z^2 eps (z the standardised x), from rounding
 * (x - mean)/std or log x: the condition number of the problem itself (Normal(-1000, 250)
 * at cdf = 1e-300: 1.1e-13; exp(-rate x) at rate x = 460: 1.4e-14).
 */
const TOL: Record<'pdf' | 'cdf' | 'sf' | 'ppf' | 'isf', Record<Regime, number>> = {
  pdf: { bulk: 1e-14, tail: 2e-14, far: 3e-13 },
  cdf: { bulk: 1e-14, tail: 2e-14, far: 3e-13 },
  sf: { bulk: 1e-14, tail: 2e-14, far: 3e-13 },
  ppf: { bulk: 1e-14, tail: 1e-14, far: 1e-14 },
  isf: { bulk: 1e-14, tail: 1e-14, far: 1e-14 },
};
const MOMENT_TOL = 1e-14;

function relErr(got: number, expected: number): number {
  if (Object.is(got, expected) || got === expected) return 0;
  if (expected === 0) return Math.abs(got);
  return Math.abs(got - expected) / Math.abs(expected);
}

/** One line per failure: what was computed at which input, got, expected, error, tolerance. */
function mismatch(what: string, got: number, expected: number, tol: number): string | null {
  const e = relErr(got, expected);
  if (e <= tol) return null;
  return `${what}: got ${got}, expected ${expected}, relative error ${e.toExponential(2)} (${(e / EPS).toFixed(1)} eps) > ${tol}`;
}

function build(c: Case): Distribution {
  return distribution(c.spec);
}

describe(`distributions against scipy ${ref.versions.scipy} / mpmath ${ref.versions.mpmath} (50 digits)`, () => {
  for (const c of ref.cases) {
    describe(c.name, () => {
      const d = build(c);

      it(`pdf, cdf, sf at ${c.points.length} points from tail to tail`, () => {
        const bad: string[] = [];
        for (const p of c.points) {
          const regime = p.regime ?? 'bulk';
          for (const fn of ['pdf', 'cdf', 'sf'] as const) {
            const tol = d.discrete ? 0 : TOL[fn][regime];
            const m = mismatch(`${fn}(${p.x}) [${regime}]`, d[fn](p.x), p[fn], tol);
            if (m) bad.push(m);
          }
        }
        expect(bad, bad.join('\n')).toEqual([]);
      });

      it(`ppf and isf at ${c.quantiles.length} probabilities down to 1e-300`, () => {
        const bad: string[] = [];
        for (const q of c.quantiles) {
          const regime = q.regime ?? 'bulk';
          const tol = d.discrete ? 0 : TOL[q.fn][regime];
          const expected = num(q.x);
          const got = d[q.fn](q.p);
          // A quantile at 0 (a median at the origin) is compared absolutely, on the scale of the distribution.
          const m = expected === 0 ? mismatch(`${q.fn}(${q.p})`, got / d.moments.std, 0, tol) : mismatch(`${q.fn}(${q.p}) [${regime}]`, got, expected, tol);
          if (m) bad.push(m);
        }
        expect(bad, bad.join('\n')).toEqual([]);
      });

      it('mean, variance and support', () => {
        const bad = [
          mismatch('mean', d.moments.mean, c.mean, MOMENT_TOL),
          mismatch('variance', d.moments.variance, c.variance, MOMENT_TOL),
          mismatch('std', d.moments.std, Math.sqrt(c.variance), MOMENT_TOL),
        ].filter((m): m is string => m !== null);
        expect(bad, bad.join('\n')).toEqual([]);
        expect(d.support).toEqual(c.support.map(num));
      });
    });
  }
});

describe('special functions against mpmath (50 digits)', () => {
  // erfc(26) = 5.663192408856143e-296 and friends: the tails the distributions stand on.
  const fns = special as unknown as Record<string, (...args: number[]) => number>;
  const tolOf = (fn: string): number => (/inc|Tppf/.test(fn) ? 2e-14 : 4 * EPS);
  it.each(ref.special.map((s) => [`${s.fn}(${s.args.join(', ')})`, s] as const))('%s', (_name, s) => {
    const got = fns[s.fn]!(...s.args);
    const m = mismatch(`${s.fn}(${s.args.join(', ')})`, got, s.value, tolOf(s.fn));
    expect(m, m ?? '').toBeNull();
  });

  it('named values', () => {
    expect(relErr(erfc(26), 5.663192408856143e-296)).toBeLessThanOrEqual(4 * EPS);
    expect(ndtri(0.5)).toBe(0);
    expect(ndtri(0)).toBe(-Infinity);
    expect(ndtri(1)).toBe(Infinity);
    expect(ndtri(1.5)).toBeNaN();
    expect(ndtri(NaN)).toBeNaN();
    expect(erf(0)).toBe(0);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(Infinity)).toBe(0);
    expect(ndtr(-Infinity)).toBe(0);
    expect(ndtr(Infinity)).toBe(1);
    expect(gammaln(1)).toBe(0);
    expect(gammaln(2)).toBe(0);
    expect(gamma(5)).toBe(24);
    expect(gammainc(2, 0)).toBe(0);
    expect(gammaincc(2, Infinity)).toBe(0);
    expect(gammainc(-1, 1)).toBeNaN();
    expect(betainc(2, 3, 0)).toBe(0);
    expect(betaincc(2, 3, 1)).toBe(0);
    expect(betainc(2, 3, 1.5)).toBeNaN();
  });
});

// ---------------------------------------------------------------------------------------------
// Contracts that hold for every distribution

const continuous = ref.cases.filter((c) => c.spec.dist !== 'discreteuniform');

describe('contracts of every distribution', () => {
  it.each(continuous.map((c) => [c.name, c] as const))('%s: ppf(cdf(x)) = x and isf(sf(x)) = x in both tails', (_n, c) => {
    const d = build(c);
    const bad: string[] = [];
    // Relative to max(|x|, |low|): x = low + (distance) is rounded on the scale of low. Measured: 15 eps.
    const low = Number.isFinite(d.support[0]) ? Math.abs(d.support[0]) : 0;
    for (const p of c.points) {
      // From the smaller tail, where the round trip is well conditioned in x.
      const back = p.cdf <= p.sf ? d.ppf(d.cdf(p.x)) : d.isf(d.sf(p.x));
      const scale = Math.max(Math.abs(p.x), low);
      const e = back === p.x ? 0 : Math.abs(back - p.x) / scale;
      if (!(e <= 1e-14)) bad.push(`${p.cdf <= p.sf ? 'ppf(cdf' : 'isf(sf'}(${p.x})): got ${back}, error ${e.toExponential(2)} of max(|x|, |low|) = ${scale} > 1e-14`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it.each(continuous.map((c) => [c.name, c] as const))('%s: cdf rises and sf falls monotonically; cdf + sf = 1', (_n, c) => {
    const d = build(c);
    // 4001 points evenly spaced in x between the 1e-12 and 1 - 1e-12 quantiles.
    const a = d.ppf(1e-12);
    const b = d.isf(1e-12);
    let prevC = -Infinity;
    let prevS = Infinity;
    const bad: string[] = [];
    for (let i = 0; i <= 4000; i++) {
      const x = a + ((b - a) * i) / 4000;
      const F = d.cdf(x);
      const S = d.sf(x);
      if (F < prevC) bad.push(`cdf(${x}) = ${F} < ${prevC} at the previous point`);
      if (S > prevS) bad.push(`sf(${x}) = ${S} > ${prevS} at the previous point`);
      if (Math.abs(F + S - 1) > 16 * EPS) bad.push(`cdf(${x}) + sf(${x}) = ${F + S}`);
      prevC = F;
      prevS = S;
    }
    expect(bad.slice(0, 10), bad.slice(0, 10).join('\n')).toEqual([]);
  });

  it.each(continuous.map((c) => [c.name, c] as const))('%s: pdf integrates to the cdf (and to 1 overall)', (_n, c) => {
    const d = build(c);
    // Panels between quantiles (log-spaced into both tails); 20-point Gauss–Legendre on each.
    const us = [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 0.01, 0.05];
    for (let k = 1; k < 20; k++) us.push(0.05 * k + 0.025);
    us.push(...[0.05, 0.01, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12].map((q) => 1 - q));
    us.sort((p, q) => p - q);
    let xs = us.map((u) => d.ppf(u));
    if (d instanceof Triangular) xs.push(d.mode); // the kink
    // Near a finite end the doubles are only so fine: keep points resolved relative to it.
    const [bottom, top] = d.support;
    xs = xs.filter((x) => !(top - x < 1e-6 * Math.abs(top)) && !(x - bottom < 1e-6 * Math.abs(bottom)));
    xs.sort((p, q) => p - q);
    const { nodes, weights } = gaussLegendre20();
    let total = 0;
    const bad: string[] = [];
    for (let i = 0; i + 1 < xs.length; i++) {
      const lo = xs[i]!;
      const hi = xs[i + 1]!;
      if (!(hi > lo)) continue;
      let s = 0;
      if (lo > 0 && hi > 4 * lo) {
        // Panels spanning decades (near a singular end): x = lo (hi/lo)^t, dx = x ln(hi/lo) dt.
        const r = Math.log(hi / lo);
        for (let j = 0; j < 20; j++) {
          const x = lo * Math.exp((r * (nodes[j]! + 1)) / 2);
          s += weights[j]! * d.pdf(x) * x;
        }
        s *= r / 2;
      } else if (top - lo > 4 * (top - hi) && top > hi) {
        // The same towards a finite upper end, in top - x.
        const r = Math.log((top - lo) / (top - hi));
        for (let j = 0; j < 20; j++) {
          const y = (top - hi) * Math.exp((r * (nodes[j]! + 1)) / 2);
          s += weights[j]! * d.pdf(top - y) * y;
        }
        s *= r / 2;
      } else {
        for (let j = 0; j < 20; j++) s += weights[j]! * d.pdf(lo + ((hi - lo) * (nodes[j]! + 1)) / 2);
        s *= (hi - lo) / 2;
      }
      total += s;
      // The probability of the panel from the tail it is in (no 1 - (1 - small)).
      const mass = d.cdf(hi) <= 0.5 ? d.cdf(hi) - d.cdf(lo) : d.sf(lo) - d.sf(hi);
      if (relErr(s, mass) > 1e-9) bad.push(`integral of pdf over [${lo}, ${hi}] = ${s}, cdf difference ${mass}`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
    const expected = 1 - d.cdf(xs[0]!) - d.sf(xs[xs.length - 1]!);
    expect(Math.abs(total - expected), `total ${total}, expected ${expected}`).toBeLessThan(1e-12);
  });

  it.each(ref.cases.map((c) => [c.name, c] as const))('%s: edges, NaN and the ends of the support', (_n, c) => {
    const d = build(c);
    const [lo, hi] = d.support;
    expect(d.ppf(0)).toBe(lo);
    expect(d.ppf(1)).toBe(hi);
    expect(d.isf(1)).toBe(lo);
    expect(d.isf(0)).toBe(hi);
    for (const u of [NaN, -0.1, 1.1, -Infinity, Infinity]) {
      expect(d.ppf(u)).toBeNaN();
      expect(d.isf(u)).toBeNaN();
    }
    for (const fn of ['pdf', 'logpdf', 'cdf', 'sf'] as const) expect(d[fn](NaN)).toBeNaN();
    expect(d.cdf(-Infinity)).toBe(0);
    expect(d.cdf(Infinity)).toBe(1);
    expect(d.sf(-Infinity)).toBe(1);
    expect(d.sf(Infinity)).toBe(0);
    if (lo > -Infinity) {
      expect(d.pdf(lo - 1)).toBe(0);
      expect(d.logpdf(lo - 1)).toBe(-Infinity);
      expect(d.cdf(lo - 1)).toBe(0);
    }
    if (hi < Infinity) {
      expect(d.pdf(hi + 1)).toBe(0);
      expect(d.sf(hi + 1)).toBe(0);
    }
    // logpdf agrees with log(pdf) where pdf is representable, and goes on where it underflows.
    for (const p of c.points) {
      if (p.pdf > 1e-280) expect(Math.abs(d.logpdf(p.x) - Math.log(d.pdf(p.x)))).toBeLessThan(1e-12 * Math.max(1, Math.abs(Math.log(p.pdf))));
    }
    expect(d.kind).toBe(c.spec.dist);
    expect(d.discrete).toBe(c.spec.dist === 'discreteuniform');
  });

  it('logpdf beyond underflow', () => {
    expect(new Normal().logpdf(40)).toBeCloseTo(-800 - 0.9189385332046728, 12);
    expect(new Gamma(50).logpdf(2000)).toBeLessThan(-1700);
    expect(Number.isFinite(new Beta(20, 2).logpdf(1e-20))).toBe(true);
    expect(new Normal().pdf(40)).toBe(0);
  });
});

function gaussLegendre20(): { nodes: number[]; weights: number[] } {
  const n = 20;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    nodes.push(z);
    weights.push(2 / ((1 - z * z) * dp * dp));
  }
  return { nodes, weights };
}

// ---------------------------------------------------------------------------------------------
// Particular distributions

describe('particular distributions', () => {
  it('TruncatedNormal far in a tail, where the probability of the interval underflows', () => {
    const d = new TruncatedNormal(0, 1, -40, -38); // P(interval) ~ 3e-316 before normalising
    expect(d.cdf(-38)).toBe(1);
    expect(d.ppf(0.5)).toBeGreaterThan(-38.1);
    expect(d.ppf(0.5)).toBeLessThan(-38);
    expect(d.ppf(1e-300)).toBeLessThan(-39.9);
    const e = new TruncatedNormal(0, 1, 8, 9);
    expect(e.ppf(1e-300)).toBe(8); // 8 + ~1e-301, rounded
    expect(e.isf(1e-300)).toBe(9);
    // Narrow interval around 0 (erf is accurate there; 1/2 - Phi would not be).
    const n = new TruncatedNormal(0, 1, -1e-10, 2e-10);
    expect(relErr(n.moments.mean, 5e-11)).toBeLessThan(1e-12);
    expect(relErr(n.cdf(0), 1 / 3)).toBeLessThan(1e-12);
    expect(relErr(n.ppf(0.5), 5e-11)).toBeLessThan(1e-12);
    // Both ends infinite: the normal itself.
    const full = new TruncatedNormal(1, 2);
    const normal = new Normal(1, 2);
    for (const x of [-20, -3, 0, 1, 2.5, 30]) expect(relErr(full.cdf(x), normal.cdf(x))).toBeLessThan(1e-15);
    expect(relErr(full.moments.variance, 4)).toBeLessThan(1e-15);
    // mean and std are the parameters; the moments of the truncated distribution are apart.
    const half = new TruncatedNormal(0, 1, 0);
    expect(half.mean).toBe(0);
    expect(half.std).toBe(1);
    expect(relErr(half.moments.mean, Math.sqrt(2 / Math.PI))).toBeLessThan(1e-15);
  });

  it('DiscreteUniform: mass 1/n on the integers, ppf(0) = low (scipy: low - 1)', () => {
    const d = new DiscreteUniform(-2, 2);
    let total = 0;
    for (let k = -3; k <= 3; k++) total += d.pdf(k);
    expect(total).toBe(1);
    expect(d.pdf(0.5)).toBe(0);
    expect(d.count).toBe(5);
    expect(d.ppf(0)).toBe(-2);
    expect(d.ppf(0.2)).toBe(-2);
    expect(d.ppf(0.2000001)).toBe(-1);
    expect(d.cdf(1.9)).toBe(0.8);
    const one = new DiscreteUniform(7, 7);
    expect([one.ppf(0), one.ppf(0.5), one.ppf(1), one.moments.variance]).toEqual([7, 7, 7, 0]);
  });

  it('Triangular with the mode at either end, and the cdf near the low end when mode = low', () => {
    const d = new Triangular(-2, -2, 5);
    expect(relErr(d.pdf(-2), 2 / 7)).toBeLessThan(1e-15);
    const x = -2 + 7e-10;
    const h = x + 2; // exact
    expect(relErr(d.cdf(x), (h * (14 - h)) / 49)).toBeLessThan(1e-14); // not 1 - (1 - tiny)
    const e = new Triangular(1, 4, 4);
    const y = 4 - 3e-10;
    const k = 4 - y;
    expect(relErr(e.sf(y), (k * (6 - k)) / 9)).toBeLessThan(1e-14);
  });

  it('parameters are readonly properties named as in the constructor', () => {
    expect(new Uniform(1, 2)).toMatchObject({ low: 1, high: 2 });
    expect(new Normal(1, 2)).toMatchObject({ mean: 1, std: 2, variance: 4 });
    expect(new LogNormal(1, 2)).toMatchObject({ mu: 1, sigma: 2 });
    expect(new Beta(2, 3, -1, 1)).toMatchObject({ alpha: 2, beta: 3, low: -1, high: 1 });
    expect(new Gamma(2, 3)).toMatchObject({ shape: 2, scale: 3, mean: 6, variance: 18 });
    expect(new Exponential(4)).toMatchObject({ rate: 4, mean: 0.25 });
    expect(new Triangular(0, 1, 3)).toMatchObject({ low: 0, mode: 1, high: 3 });
    expect(new TruncatedNormal(1, 2, 0, 5)).toMatchObject({ mean: 1, std: 2, low: 0, high: 5 });
    expect(new DiscreteUniform(1, 6)).toMatchObject({ low: 1, high: 6, mean: 3.5 });
    // Defaults.
    expect(new Uniform()).toMatchObject({ low: 0, high: 1 });
    expect(new Normal()).toMatchObject({ mean: 0, std: 1 });
    expect(new LogNormal()).toMatchObject({ mu: 0, sigma: 1 });
    expect(new Beta(2, 2)).toMatchObject({ low: 0, high: 1 });
    expect(new Gamma(2)).toMatchObject({ scale: 1 });
    expect(new Exponential()).toMatchObject({ rate: 1 });
    expect(new TruncatedNormal(0, 1)).toMatchObject({ low: -Infinity, high: Infinity });
  });
});

// ---------------------------------------------------------------------------------------------
// Specs

describe('specs: distribution(spec), toJSON, toString', () => {
  it.each(ref.cases.map((c) => [c.name, c] as const))('%s round-trips through JSON', (_n, c) => {
    const d = build(c);
    const json = JSON.parse(JSON.stringify(d)) as DistributionSpec;
    const e = distribution(json);
    expect(e.toJSON()).toEqual(d.toJSON());
    expect(String(e)).toBe(String(d));
    expect(e.constructor).toBe(d.constructor);
    for (const u of [1e-10, 0.3, 0.9]) expect(e.ppf(u)).toBe(d.ppf(u));
  });

  it('toString and toJSON', () => {
    expect(String(new Normal(0, 1))).toBe('Normal(mean=0, std=1)');
    expect(String(new Beta(0.5, 0.5))).toBe('Beta(alpha=0.5, beta=0.5, low=0, high=1)');
    expect(String(new TruncatedNormal(0, 1, -Infinity, 2))).toBe('TruncatedNormal(mean=0, std=1, low=-Infinity, high=2)');
    expect(new TruncatedNormal(0, 1, -Infinity, 2).toJSON()).toEqual({ dist: 'truncnormal', mean: 0, std: 1, high: 2 });
    expect(new Gamma(2).toJSON()).toEqual({ dist: 'gamma', shape: 2, scale: 1 });
    expect(new DiscreteUniform(1, 6).toJSON()).toEqual({ dist: 'discreteuniform', low: 1, high: 6 });
  });

  it('defaults, infinite bounds as strings, and a Distribution passed through', () => {
    expect(distribution({ dist: 'normal' }).toJSON()).toEqual({ dist: 'normal', mean: 0, std: 1 });
    expect(distribution({ dist: 'uniform', high: 3 }).toJSON()).toEqual({ dist: 'uniform', low: 0, high: 3 });
    const t = distribution({ dist: 'truncnormal', mean: 0, std: 1, low: '-Infinity', high: 'Infinity' });
    expect(t).toBeInstanceOf(TruncatedNormal);
    expect(t.support).toEqual([-Infinity, Infinity]);
    const n = new Normal();
    expect(distribution(n)).toBe(n);
    expect(isDistribution(n)).toBe(true);
    expect(isDistribution({ dist: 'normal' })).toBe(false);
    // The result is typed by kind.
    const b: Beta = distribution({ dist: 'beta', alpha: 2, beta: 3 });
    expect(b.alpha).toBe(2);
    expect(DISTRIBUTION_KINDS).toHaveLength(11);
  });

  it('errors name the field, with the path prefix when one is given', () => {
    expectError(() => distribution({ dist: 'normal', mean: 0, std: -1 }, 'vary.x'), 'vary.x.std', 'vary.x.std: expected a finite number > 0, got -1');
    expectError(() => distribution({ dist: 'normal', mean: 0, std: -1 }), 'std', 'std: expected a finite number > 0, got -1');
    expectError(() => distribution({ dist: 'gauss' } as unknown as DistributionSpec, 'vary.x'), 'vary.x.dist', /vary\.x\.dist: expected one of "uniform", "normal", .*"discreteuniform", "weibull", "loguniform", got "gauss"/);
    expectError(() => distribution({ dist: 'normal', sd: 1 } as unknown as DistributionSpec, 'p'), 'p.sd', 'p.sd: expected no such parameter of normal; its parameters are mean, std, got 1');
    expectError(() => distribution({ dist: 'beta', alpha: 2 } as unknown as DistributionSpec, 'vary.y'), 'vary.y.beta', 'vary.y.beta: expected a finite number > 0, got undefined');
    expectError(() => distribution(null as unknown as DistributionSpec, 'vary.z'), 'vary.z', /vary\.z: expected a distribution spec such as \{dist: "normal", mean: 0, std: 1\}, got null/);
    expectError(() => distribution([] as unknown as DistributionSpec), 'spec', /spec: expected a distribution spec/);
    expectError(() => distribution({ dist: 'normal', mean: '1' } as unknown as DistributionSpec), 'mean', 'mean: expected a finite number, got "1"');
    const e = thrown(() => distribution({ dist: 'gamma', shape: 0 }, 'vary.g')) as InvalidArgumentError;
    expect(e.value).toBe(0);
    expect(e.cause).toBeInstanceOf(InvalidArgumentError);
  });
});

function expectError(fn: () => unknown, field: string, message: string | RegExp, cls: typeof InvalidArgumentError = InvalidArgumentError): InvalidArgumentError {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(UqkitError);
  const u = e as InvalidArgumentError;
  expect(u.field).toBe(field);
  if (typeof message === 'string') expect(u.message).toBe(message);
  else expect(u.message).toMatch(message);
  return u;
}

describe('invalid parameters throw InvalidArgumentError naming the parameter', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['Uniform low NaN', () => new Uniform(NaN, 1), 'low', 'low: expected a finite number, got NaN'],
    ['Uniform high Infinity', () => new Uniform(0, Infinity), 'high', 'high: expected a finite number, got Infinity'],
    ['Uniform low = high', () => new Uniform(1, 1), 'high', 'high: expected a finite number > low (1), got 1'],
    ['Uniform low > high', () => new Uniform(2, 1), 'high', 'high: expected a finite number > low (2), got 1'],
    ['Uniform too wide', () => new Uniform(-1e308, 1e308), 'high', 'high: expected a number with high - low finite, got 1e+308 (high - low overflows: the interval is wider than the largest double)'],
    ['Normal std 0', () => new Normal(0, 0), 'std', 'std: expected a finite number > 0, got 0'],
    ['Normal std -1', () => new Normal(0, -1), 'std', 'std: expected a finite number > 0, got -1'],
    ['Normal std NaN', () => new Normal(0, NaN), 'std', 'std: expected a finite number > 0, got NaN'],
    ['Normal mean -Infinity', () => new Normal(-Infinity, 1), 'mean', 'mean: expected a finite number, got -Infinity'],
    ['Normal mean string', () => new Normal('0' as unknown as number, 1), 'mean', 'mean: expected a finite number, got "0"'],
    ['Normal std null', () => new Normal(0, null as unknown as number), 'std', 'std: expected a finite number > 0, got null'],
    ['LogNormal sigma 0', () => new LogNormal(0, 0), 'sigma', 'sigma: expected a finite number > 0, got 0'],
    ['LogNormal mu NaN', () => new LogNormal(NaN), 'mu', 'mu: expected a finite number, got NaN'],
    ['Beta alpha 0', () => new Beta(0, 1), 'alpha', 'alpha: expected a finite number > 0, got 0'],
    ['Beta beta -2', () => new Beta(1, -2), 'beta', 'beta: expected a finite number > 0, got -2'],
    ['Beta beta Infinity', () => new Beta(1, Infinity), 'beta', 'beta: expected a finite number > 0, got Infinity'],
    ['Beta low >= high', () => new Beta(1, 1, 3, 3), 'high', 'high: expected a finite number > low (3), got 3'],
    ['Beta alpha missing', () => new (Beta as unknown as new () => Beta)(), 'alpha', 'alpha: expected a finite number > 0, got undefined'],
    ['Gamma shape 0', () => new Gamma(0), 'shape', 'shape: expected a finite number > 0, got 0'],
    ['Gamma scale -1', () => new Gamma(1, -1), 'scale', 'scale: expected a finite number > 0, got -1'],
    ['Exponential rate 0', () => new Exponential(0), 'rate', 'rate: expected a finite number > 0, got 0'],
    ['Exponential rate Infinity', () => new Exponential(Infinity), 'rate', 'rate: expected a finite number > 0, got Infinity'],
    ['Triangular mode below low', () => new Triangular(0, -1, 1), 'mode', 'mode: expected a number from low (0) to high (1), got -1'],
    ['Triangular mode above high', () => new Triangular(0, 2, 1), 'mode', 'mode: expected a number from low (0) to high (1), got 2'],
    ['Triangular low = high', () => new Triangular(1, 1, 1), 'high', 'high: expected a finite number > low (1), got 1'],
    ['Triangular mode NaN', () => new Triangular(0, NaN, 1), 'mode', 'mode: expected a finite number, got NaN'],
    ['TruncatedNormal std 0', () => new TruncatedNormal(0, 0, -1, 1), 'std', 'std: expected a finite number > 0, got 0'],
    ['TruncatedNormal low Infinity', () => new TruncatedNormal(0, 1, Infinity), 'low', 'low: expected a number < high, or -Infinity, got Infinity'],
    ['TruncatedNormal high -Infinity', () => new TruncatedNormal(0, 1, 0, -Infinity), 'high', 'high: expected a number > low, or Infinity, got -Infinity'],
    ['TruncatedNormal low NaN', () => new TruncatedNormal(0, 1, NaN, 1), 'low', 'low: expected a number < high, or -Infinity, got NaN'],
    ['TruncatedNormal low >= high', () => new TruncatedNormal(0, 1, 2, 1), 'high', 'high: expected a number > low (2), got 1'],
    ['DiscreteUniform low 0.5', () => new DiscreteUniform(0.5, 3), 'low', 'low: expected an integer, got 0.5'],
    ['DiscreteUniform high 2.5', () => new DiscreteUniform(0, 2.5), 'high', 'high: expected an integer >= low (0), got 2.5'],
    ['DiscreteUniform high < low', () => new DiscreteUniform(3, 2), 'high', 'high: expected an integer >= low (3) with high - low < 2^53 - 1, got 2'],
    ['DiscreteUniform low Infinity', () => new DiscreteUniform(-Infinity, 2), 'low', 'low: expected an integer, got -Infinity'],
  ];
  it.each(cases)('%s', (_name, fn, field, message) => {
    expectError(fn, field, message);
  });
});

// ---------------------------------------------------------------------------------------------
// Unit cube <-> physical space

describe('toPhysical and toUnit', () => {
  const dists = [new Normal(10, 2), new Beta(2, 5, -1, 3), new DiscreteUniform(1, 6), new TruncatedNormal(0, 1, 8, 9)];
  const unit = { data: Float64Array.from([0.5, 0.1, 0, 1e-300, 0.025, 0.9, 0.999, 0.5, 0, 1, 0.5, 1 - 1e-12]), rows: 3, cols: 4 };

  it('applies ppf per column', () => {
    const x = toPhysical(dists, unit);
    expect([x.rows, x.cols]).toEqual([3, 4]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) expect(x.data[i * 4 + j]).toBe(dists[j]!.ppf(unit.data[i * 4 + j]!));
    expect(x.data[0]).toBe(10);
    expect(x.data[2]).toBe(1);
    expect(x.data[8]).toBe(-Infinity);
    expect(x.data[10]).toBe(3);
    expect(x.data[3]).toBe(8);
  });

  it('toUnit inverts it (for the continuous columns) and applies cdf per column', () => {
    const x = toPhysical(dists, unit);
    const u = toUnit(dists, x);
    for (let i = 0; i < 3; i++) {
      for (const j of [0, 1, 3]) {
        const k = i * 4 + j;
        expect(u.data[k]).toBe(dists[j]!.cdf(x.data[k]!));
        if (unit.data[k]! > 1e-20 && unit.data[k]! < 1 - 1e-10) expect(relErr(u.data[k]!, unit.data[k]!)).toBeLessThan(1e-9);
      }
    }
  });

  it('writes into out, also in place', () => {
    const out = { data: new Float64Array(12), rows: 3, cols: 4 };
    expect(toPhysical(dists, unit, out)).toBe(out);
    const copy = { data: unit.data.slice(), rows: 3, cols: 4 };
    toPhysical(dists, copy, copy);
    expect(Array.from(copy.data)).toEqual(Array.from(out.data));
  });

  it('zero rows, NaN passes through as NaN', () => {
    expect(toPhysical(dists, { data: new Float64Array(0), rows: 0, cols: 4 }).data.length).toBe(0);
    expect(toPhysical([new Normal()], { data: Float64Array.from([NaN, 2]), rows: 2, cols: 1 }).data.every(Number.isNaN)).toBe(true);
  });

  it('shape errors name the field', () => {
    expectError(() => toPhysical(dists.slice(0, 3), unit), 'unit.cols', 'unit.cols: expected 3 (one column per distribution), got 4', ShapeError);
    expectError(() => toUnit(dists.slice(0, 3), unit), 'x.cols', 'x.cols: expected 3 (one column per distribution), got 4', ShapeError);
    expectError(() => toPhysical(dists, { data: new Float64Array(5), rows: 3, cols: 4 }), 'unit.data', 'unit.data: expected a Float64Array of length rows * cols = 3 * 4, got a Float64Array of length 5', ShapeError);
    expectError(() => toPhysical(dists, unit, { data: new Float64Array(8), rows: 2, cols: 4 }), 'out.rows', 'out.rows: expected 3 (the rows of unit), got 2', ShapeError);
    expectError(() => toPhysical([new Normal(), { kind: 'normal' } as unknown as Distribution], { data: new Float64Array(2), rows: 1, cols: 2 }), 'dists[1]', /dists\[1\]: expected a distribution/);
    expectError(() => toPhysical(dists, [1, 2] as unknown as never), 'unit', /unit: expected a Matrix \{data: Float64Array, rows, cols\}, got an array of length 2/);
  });
});
