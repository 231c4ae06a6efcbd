// Gauss rules of uqkit's distributions against 40-digit mpmath references and scipy.special.
// Fixtures: test/fixtures/quadrature.json, made by scripts/fixtures/quadrature.py (see its
// docstring for how each reference is computed and checked).
//
// Error measures used below:
// - relative error |got - expected| / |expected| (absolute when expected is 0);
// - for exactness on monomials, |sum_i w_i t_i^k - m_k| against sum_i w_i |t_i|^k, the size
//   of the terms being summed: a floating-point sum cannot be more accurate than that, and
//   for one-signed integrands (even k, or nodes >= 0) it is the relative error itself.
//
// Tolerances (WebAssembly arithmetic is IEEE-exact, so the errors are the same on every
// machine; each constant below notes the worst error measured):
// - n <= 100, classical families: every node and weight within 1e-13 relative of mpmath.
// - n = 1000: within 1e-12 of mpmath (weights above 1e-290); weights sum to 1 within 1e-14;
//   exact on scaled monomials (x/s)^k, k <= 2n-1, to 1e-13. Where the exact scaled moment is
//   below 1e-250 the test is absolute (1e-250): those moments are carried by the outermost
//   nodes, whose weights are below the double range (Hermite n=1000 down to 1e-870) and so
//   are 0 in any double rule; what is left of the moment is absolute, not relative, accuracy.
// - Lognormal, triangular, truncated normal (n <= 20): nodes and weights within 1e-13, exact
//   on their moments to 2e-14.
// - Rules that miss these targets are listed in SHORTFALLS with the errors measured: two
//   rules at n = 1000, at the nodes nearest a finite end of the support that the
//   hypergeometric-series polish (src/numerics/quadrature.ts) does not reach.
import { describe, expect, it } from 'vitest';
import {
  Beta, DiscreteUniform, Exponential, Gamma, gauss, GAUSS_MAX_POINTS, InvalidArgumentError, LogNormal, Normal, Triangular,
  TruncatedNormal, Uniform,
} from 'uqkit';
import { LogUniform, Weibull } from 'uqkit';
import { fixture, thrown } from './helpers.js';

// ------------------------------------------------------------------------------------------
// Fixture

type Spec = { kind: string } & Record<string, number | string | null>;
interface RefRule {
  nodes: number[];
  weights: number[];
  /** [index, log10(weight)] for weights below 1e-300, stored as 0. */
  underflow?: [number, number][];
}
interface ClassicalRule extends RefRule {
  label: string;
  family: 'legendre' | 'hermite' | 'laguerre' | 'jacobi';
  dist: Spec;
  n: number;
  scipy: { nodes: (number | null)[]; weights: (number | null)[] };
}
interface MomentRule extends RefRule {
  n: number;
  dps: number;
  /** A power of two >= max |node|. */
  scale: number;
  /** E[(X / scale)^k], k = 0..2n-1. */
  scaledMoments: number[];
}
interface MomentDist {
  label: string;
  dist: Spec;
  /** E[X^k], k = 0..39 (null where it overflows a double). */
  moments: (number | null)[];
  rules: MomentRule[];
}
interface Fixture {
  versions: { python: string; numpy: string; scipy: string; mpmath: string };
  dps: number;
  classical: ClassicalRule[];
  large: ClassicalRule[];
  moments: MomentDist[];
}
const ref = fixture<Fixture>('quadrature.json');

// ------------------------------------------------------------------------------------------
// Distributions

type Dist = Parameters<typeof gauss>[0];
/** The uqkit distribution of a fixture spec (null = Infinity, JSON having none). */
function make(spec: Spec): Dist {
  const v = (key: string): number => (spec[key] === null ? Infinity : Number(spec[key]));
  switch (spec.kind) {
    case 'uniform': return new Uniform(v('low'), v('high'));
    case 'normal': return new Normal(v('mean'), v('std'));
    case 'lognormal': return new LogNormal(v('mu'), v('sigma'));
    case 'beta': return new Beta(v('alpha'), v('beta'), v('low'), v('high'));
    case 'gamma': return new Gamma(v('shape'), v('scale'));
    case 'exponential': return new Exponential(v('rate'));
    case 'triangular': return new Triangular(v('low'), v('mode'), v('high'));
    case 'truncnormal': return new TruncatedNormal(v('mean'), v('std'), v('low'), v('high'));
    default: throw new Error(`fixture: unknown kind ${spec.kind}`);
  }
}

// ------------------------------------------------------------------------------------------
// Error measures

/** Relative error; absolute when the expected value is 0. */
function rel(got: number, expected: number): number {
  return expected === 0 ? Math.abs(got) : Math.abs(got - expected) / Math.abs(expected);
}
const fmt = (v: number): string => (Number.isFinite(v) && v !== 0 ? v.toExponential(2) : String(v));

interface Worst { index: number; err: number }
/** Largest relative error of got against expected, over the indices `use` accepts. */
function worst(got: ArrayLike<number>, expected: ArrayLike<number | null>, use: (i: number) => boolean = () => true): Worst {
  let w: Worst = { index: -1, err: 0 };
  for (let i = 0; i < expected.length; i++) {
    if (!use(i)) continue;
    const e = expected[i];
    const err = e === null || e === undefined ? Infinity : rel(got[i]!, e);
    if (!(err <= w.err)) w = { index: i, err }; // NaN counts as worst
  }
  return w;
}

function message(what: string, label: string, n: number, got: ArrayLike<number>, expected: ArrayLike<number | null>, w: Worst, tol: number): string {
  const i = w.index;
  return `${label} n=${n} ${what}[${i}]: got ${got[i]}, expected ${expected[i]}, relative error ${fmt(w.err)} > ${fmt(tol)}`;
}

/**
 * Checks exactness on scaled monomials (x/s)^k, k = 0..kmax: `exact(k)` is E[(X/s)^k].
 * Fails on the first k whose error exceeds max(tol * max(|m_k|, sum |terms|), floor); returns
 * the worst error relative to max(|m_k|, sum |terms|) over the k with |m_k| > floor.
 */
function exactness(nodes: Float64Array, weights: Float64Array, s: number, kmax: number, exact: (k: number) => number, tol: number, floor: number, label: string): number {
  const n = nodes.length;
  const t = Float64Array.from(weights); // w_i (x_i/s)^k, updated as k grows
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = nodes[i]! / s;
  let worstErr = 0;
  for (let k = 0; k <= kmax; k++) {
    if (k > 0) for (let i = 0; i < n; i++) t[i]! *= u[i]!;
    let sum = 0;
    let size = 0;
    for (let i = 0; i < n; i++) {
      sum += t[i]!;
      size += Math.abs(t[i]!);
    }
    const m = exact(k);
    const err = Math.abs(sum - m);
    const allowed = Math.max(tol * Math.max(Math.abs(m), size), floor);
    if (!(err <= allowed)) {
      expect.fail(`${label}: sum w (x/${s})^${k} = ${sum}, exact ${m}, error ${fmt(err)} > allowed ${fmt(allowed)} (sum |terms| ${fmt(size)})`);
    }
    if (Math.abs(m) > floor) worstErr = Math.max(worstErr, err / Math.max(Math.abs(m), size));
  }
  return worstErr;
}

/** Sum with Neumaier's compensation: the error measured is the rule's, not the summation's. */
function fsum(a: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

// ------------------------------------------------------------------------------------------
// Classical families, n <= 100

/** Target (relative) against the mpmath references, every node and weight, n <= 100 (worst outside SHORTFALLS: 8.5e-14, Beta(5, 1.5) n=100). */
const TOL_MP = 1e-13;
/** Target for n = 1000 (worst outside SHORTFALLS: 1.9e-14, Normal(0, 1) weights). */
const TOL_LARGE = 1e-12;
/** Weights below this are compared only as being below it (subnormal range and below). */
const WEIGHT_FLOOR = 1e-290;
/** scipy counts as accurate where it is within this of mpmath. */
const TOL_SCIPY = 1e-13;

interface Shortfall {
  /** Relative tolerance for nodes / weights against mpmath (measured worst, rounded up). */
  nodes?: number;
  weights?: number;
  /** Where scipy is off mpmath by more than TOL_SCIPY: uqkit may be off by this many times as much. */
  vsScipy?: number;
  /** n = 1000: |sum of weights - 1| and the exactness tolerance. */
  sum?: number;
  exact?: number;
}
/**
 * Rules where uqkit misses the targets above, with the worst errors measured (reported, not
 * to be widened without cause; shrink them when the edge nodes improve). "ours" is uqkit's
 * worst relative error against mpmath, "scipy" scipy's at the same places.
 */
const SHORTFALLS: Record<string, Shortfall> = {
  // Measured 2026-11-22. Every rule with n <= 100 meets TOL_MP. At n = 1000 the nodes nearest a
  // finite end that the hypergeometric-series polish cannot reach (its terms too large there)
  // keep the recurrence's absolute error of ~1e-16 times the spread.
  // node[1] = 0.0149: 5.9e-13 (scipy 1e-16); weight 2.6e-12 (scipy NaN)
  'Gamma(2.5, 1) n=1000': { nodes: 1e-12, weights: 3e-12, vsScipy: 10000 },
  // weights 1.15e-12 (scipy 4.0e-8); node[5] = 7.4e-5 off by 2.6e-13 (scipy 2.1e-13)
  'Beta(0.5, 3) n=1000': { weights: 1.5e-12, vsScipy: 1.5 },
};
const shortfall = (label: string, n: number): Shortfall => SHORTFALLS[`${label} n=${n}`] ?? {};

describe(`Gauss rules against 40-digit mpmath references (n <= 100)`, () => {
  for (const r of ref.classical) {
    const sf = shortfall(r.label, r.n);
    const tolNodes = sf.nodes ?? TOL_MP;
    const tolWeights = sf.weights ?? TOL_MP;
    const title = tolNodes === TOL_MP && tolWeights === TOL_MP ? `within ${TOL_MP}` : `SHORTFALL: nodes within ${tolNodes}, weights within ${tolWeights} (target ${TOL_MP})`;
    it(`${r.label} n=${r.n}: nodes and weights ${title} relative`, () => {
      const q = gauss(make(r.dist), r.n);
      expect(q.nodes.length).toBe(r.n);
      expect(q.weights.length).toBe(r.n);
      const wn = worst(q.nodes, r.nodes);
      expect(wn.err, message('node', r.label, r.n, q.nodes, r.nodes, wn, tolNodes)).toBeLessThanOrEqual(tolNodes);
      const under = new Set((r.underflow ?? []).map(([i]) => i));
      const ww = worst(q.weights, r.weights, (i) => !under.has(i));
      expect(ww.err, message('weight', r.label, r.n, q.weights, r.weights, ww, tolWeights)).toBeLessThanOrEqual(tolWeights);
    });
  }
});

/** How far scipy's rule is from mpmath, in words: worst relative error of nodes and of weights. */
function scipyOff(r: ClassicalRule): string | null {
  const nums = (a: (number | null)[]): number[] => a.map((v) => v ?? NaN);
  const part = (what: string, sc: (number | null)[], mp: number[]): string => {
    const nan = sc.filter((v) => v === null).length;
    if (nan === sc.length) return `all NaN (${what})`;
    const w = worst(nums(sc), mp, (i) => sc[i] !== null && (what === 'nodes' || mp[i]! > WEIGHT_FLOOR));
    return `${fmt(w.err)} (${what}${nan ? `; ${nan} NaN` : ''})`;
  };
  const nodes = worst(nums(r.scipy.nodes), r.nodes).err;
  const weights = worst(nums(r.scipy.weights), r.weights, (i) => r.weights[i]! > WEIGHT_FLOOR).err;
  if (nodes <= TOL_SCIPY && weights <= TOL_SCIPY) return null;
  return `scipy off mpmath by up to ${part('nodes', r.scipy.nodes, r.nodes)}, ${part('weights', r.scipy.weights, r.weights)}`;
}

// Where scipy is within TOL_SCIPY of mpmath, uqkit must be within (its own mpmath tolerance +
// TOL_SCIPY) of scipy: an anchor independent of the mpmath script. Elsewhere uqkit must be at
// least as close to mpmath as scipy is (|ours - mp| <= |scipy - mp|), except as SHORTFALLS says.
describe(`Gauss rules against scipy ${ref.versions.scipy} (matching it where scipy is accurate, at least as accurate where not)`, () => {
  for (const r of [...ref.classical, ...ref.large]) {
    const note = scipyOff(r) ?? `scipy within ${TOL_SCIPY} of mpmath`;
    const sf = shortfall(r.label, r.n);
    const base = r.n > 100 ? TOL_LARGE : TOL_MP;
    const factor = sf.vsScipy ?? 1;
    it(`${r.label} n=${r.n}: ${note}${factor > 1 ? `; SHORTFALL: uqkit up to ${factor}x further from mpmath than scipy at some nodes` : ''}`, () => {
      const q = gauss(make(r.dist), r.n);
      for (const [what, ours, sc, mp, tolOurs] of [
        ['node', q.nodes, r.scipy.nodes, r.nodes, sf.nodes ?? base],
        ['weight', q.weights, r.scipy.weights, r.weights, sf.weights ?? base],
      ] as const) {
        for (let i = 0; i < r.n; i++) {
          if (what === 'weight' && !(mp[i]! > WEIGHT_FLOOR)) continue;
          const s = sc[i] ?? NaN;
          if (rel(s, mp[i]!) <= TOL_SCIPY) {
            const e = rel(ours[i]!, s);
            const tol = tolOurs + TOL_SCIPY;
            expect(e, `${r.label} n=${r.n} ${what}[${i}]: uqkit ${ours[i]}, scipy ${s}, relative difference ${fmt(e)} > ${fmt(tol)}`).toBeLessThanOrEqual(tol);
          } else {
            const oursOff = Math.abs(ours[i]! - mp[i]!);
            const scipyOffAbs = Math.abs(s - mp[i]!);
            expect(oursOff <= factor * scipyOffAbs || Number.isNaN(s),
              `${r.label} n=${r.n} ${what}[${i}]: uqkit ${ours[i]} is off mpmath ${mp[i]} by ${fmt(oursOff)}, scipy ${s} by ${fmt(scipyOffAbs)} (allowed ${factor}x)`).toBe(true);
          }
        }
      }
    });
  }
});

// ------------------------------------------------------------------------------------------
// n = 1000

/** Sum of weights, and exactness on scaled monomials (measured worst: 4.4e-16 and 1.5e-14). */
const TOL_SUM = 1e-14;
const TOL_EXACT = 1e-13;
const EXACT_FLOOR = 1e-250;

/** E[(X/s)^k] as a running product, so that nothing overflows. */
function scaledMoments(spec: Spec, s: number, kmax: number): Float64Array {
  const m = new Float64Array(kmax + 1);
  m[0] = 1;
  for (let k = 1; k <= kmax; k++) {
    switch (spec.kind) {
      case 'uniform': // [-1, 1]: 1/(k+1) for even k, kept as 1/(k+1) / s^k
        m[k] = k % 2 ? 0 : (k >= 2 ? (m[k - 2]! * (k - 1)) / ((k + 1) * s * s) : 0);
        break;
      case 'normal': // (k-1)!!
        m[k] = k % 2 ? 0 : (m[k - 2]! * (k - 1)) / (s * s);
        break;
      case 'gamma': // shape (shape+1) ... (shape+k-1), scale 1
        m[k] = (m[k - 1]! * ((spec.shape as number) + k - 1)) / s;
        break;
      case 'beta': {
        const a = spec.alpha as number;
        const b = spec.beta as number;
        m[k] = (m[k - 1]! * (a + k - 1)) / ((a + b + k - 1) * s);
        break;
      }
      default:
        throw new Error(spec.kind);
    }
  }
  return m;
}

describe(`n = 1000`, () => {
  for (const r of ref.large) {
    describe(r.label, () => {
      const q = () => gauss(make(r.dist), r.n);

      const sf = shortfall(r.label, r.n);
      const tolSum = sf.sum ?? TOL_SUM;
      const tolExact = sf.exact ?? TOL_EXACT;
      it(`weights are finite and >= 0 and sum to 1 within ${tolSum}${tolSum === TOL_SUM ? '' : ` (SHORTFALL, target ${TOL_SUM})`}; nodes strictly increasing`, () => {
        const { nodes, weights } = q();
        for (let i = 0; i < r.n; i++) {
          expect(weights[i]! >= 0 && Number.isFinite(weights[i]!), `weight[${i}] = ${weights[i]}`).toBe(true);
          expect(Number.isFinite(nodes[i]!), `node[${i}] = ${nodes[i]}`).toBe(true);
          if (i > 0) expect(nodes[i]! > nodes[i - 1]!, `node[${i}] = ${nodes[i]} <= node[${i - 1}] = ${nodes[i - 1]}`).toBe(true);
        }
        const sum = fsum(weights);
        expect(Math.abs(sum - 1), `${r.label} n=${r.n}: weights sum to 1 + ${fmt(sum - 1)}`).toBeLessThanOrEqual(tolSum);
      });

      const tolNodes = sf.nodes ?? TOL_LARGE;
      const tolWeights = sf.weights ?? TOL_LARGE;
      const title = tolNodes === TOL_LARGE && tolWeights === TOL_LARGE ? `within ${TOL_LARGE}` : `SHORTFALL: nodes within ${tolNodes}, weights within ${tolWeights} (target ${TOL_LARGE})`;
      it(`nodes, and weights above ${WEIGHT_FLOOR}, ${title} of mpmath; the rest below it`, () => {
        const { nodes, weights } = q();
        const wn = worst(nodes, r.nodes);
        expect(wn.err, message('node', r.label, r.n, nodes, r.nodes, wn, tolNodes)).toBeLessThanOrEqual(tolNodes);
        const big = (i: number) => r.weights[i]! > WEIGHT_FLOOR;
        const ww = worst(weights, r.weights, big);
        expect(ww.err, message('weight', r.label, r.n, weights, r.weights, ww, tolWeights)).toBeLessThanOrEqual(tolWeights);
        for (let i = 0; i < r.n; i++) {
          if (!big(i)) expect(weights[i], `weight[${i}] (mpmath ${r.weights[i]})`).toBeLessThanOrEqual(2 * WEIGHT_FLOOR);
        }
        // Weights far below the smallest subnormal (4.9e-324) are exactly 0.
        for (const [i, log10w] of r.underflow ?? []) {
          if (log10w < -325) expect(weights[i], `weight[${i}] = 10^${log10w.toFixed(1)} (mpmath)`).toBe(0);
        }
      });

      it(`exact on (x/s)^k, k <= 2n-1, s = max |node|, to ${tolExact}${tolExact === TOL_EXACT ? '' : ` (SHORTFALL, target ${TOL_EXACT})`} (absolute ${EXACT_FLOOR} below it)`, () => {
        const { nodes, weights } = q();
        const s = Math.max(Math.abs(nodes[0]!), Math.abs(nodes[r.n - 1]!));
        const m = scaledMoments(r.dist, s, 2 * r.n - 1);
        exactness(nodes, weights, s, 2 * r.n - 1, (k) => m[k]!, tolExact, EXACT_FLOOR, `${r.label} n=${r.n}`);
      });
    });
  }
});

// ------------------------------------------------------------------------------------------
// Distributions without closed-form recurrences (discretised Stieltjes in uqkit)

/** Measured worst: nodes 2.9e-14 (TruncatedNormal(1, 2, 0, inf) n=20), weights 5.7e-14 (TruncatedNormal(0, 1, 8, 9) n=20). */
const TOL_MOMENTS_RULE = 1e-13;
/** Measured worst: 6.6e-15 (LogNormal(1, 1) n=10, k=18). */
const TOL_MOMENTS_EXACT = 2e-14;
/**
 * Rules uqkit declines: its discretised Stieltjes procedure does not converge in double
 * precision (the lognormal moment problem is badly conditioned), so it throws rather than
 * return a poor rule. The mpmath reference exists (fixture), for when it is improved.
 */
const DECLINED = new Set(['LogNormal(1, 1) n=20']);

describe(`measures without closed-form recurrences against mpmath (moments -> Chebyshev algorithm)`, () => {
  for (const d of ref.moments) {
    for (const r of d.rules) {
      if (DECLINED.has(`${d.label} n=${r.n}`)) {
        it(`${d.label} n=${r.n}: DECLINED, throws InvalidArgumentError naming n (no converged recurrence in double precision)`, () => {
          const e = thrown(() => gauss(make(d.dist), r.n));
          expect(e).toBeInstanceOf(InvalidArgumentError);
          expect((e as InvalidArgumentError).field).toBe('n');
        });
        continue;
      }
      it(`${d.label} n=${r.n}: nodes and weights within ${TOL_MOMENTS_RULE}; exact on moments up to degree ${2 * r.n - 1}`, () => {
        const q = gauss(make(d.dist), r.n);
        const wn = worst(q.nodes, r.nodes);
        expect(wn.err, message('node', d.label, r.n, q.nodes, r.nodes, wn, TOL_MOMENTS_RULE)).toBeLessThanOrEqual(TOL_MOMENTS_RULE);
        const ww = worst(q.weights, r.weights);
        expect(ww.err, message('weight', d.label, r.n, q.weights, r.weights, ww, TOL_MOMENTS_RULE)).toBeLessThanOrEqual(TOL_MOMENTS_RULE);
        exactness(q.nodes, q.weights, r.scale, 2 * r.n - 1, (k) => r.scaledMoments[k]!, TOL_MOMENTS_EXACT, 0, `${d.label} n=${r.n}`);
      });
    }
  }
});

// ------------------------------------------------------------------------------------------
// Discrete uniform, symmetry, errors

describe('DiscreteUniform', () => {
  it('DiscreteUniform(3, 9), n = 7: the support itself, weights 1/7', () => {
    const { nodes, weights } = gauss(new DiscreteUniform(3, 9), 7);
    expect(Array.from(nodes)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    for (let i = 0; i < 7; i++) expect(rel(weights[i]!, 1 / 7), `weight[${i}] = ${weights[i]}`).toBeLessThanOrEqual(4e-16);
  });

  it('DiscreteUniform(3, 9), n = 3: exact on x^k for k <= 5', () => {
    const { nodes, weights } = gauss(new DiscreteUniform(3, 9), 3);
    for (let k = 0; k <= 5; k++) {
      let exact = 0;
      for (let j = 3; j <= 9; j++) exact += j ** k / 7;
      let sum = 0;
      for (let i = 0; i < 3; i++) sum += weights[i]! * nodes[i]! ** k;
      expect(rel(sum, exact), `k=${k}: ${sum} vs ${exact}`).toBeLessThanOrEqual(1e-14);
    }
  });

  it('DiscreteUniform(3, 9), n = 8 (more points than the support): InvalidArgumentError on n', () => {
    const e = thrown(() => gauss(new DiscreteUniform(3, 9), 8));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).field).toBe('n');
    expect((e as InvalidArgumentError).value).toBe(8);
  });
});

describe('symmetry and order', () => {
  const ns = [1, 2, 3, 4, 5, 8, 13, 20, 50, 100, 101, 1000];

  it('Normal(0, 1) and Uniform(-1, 1): x[n-1-i] is exactly -x[i] (the middle node +0), weights mirrored exactly', () => {
    for (const dist of [new Normal(0, 1), new Uniform(-1, 1)]) {
      for (const n of ns) {
        const { nodes: x, weights: w } = gauss(dist, n);
        for (let i = 0; i < n; i++) {
          if (i > 0) expect(x[i]! > x[i - 1]!, `${dist.kind} n=${n}: nodes not ascending at ${i}`).toBe(true);
          const j = n - 1 - i;
          if (i === j) expect(Object.is(x[i], 0), `${dist.kind} n=${n}: middle node ${Object.is(x[i], -0) ? '-0' : x[i]}`).toBe(true);
          else expect(Object.is(x[j], -x[i]!), `${dist.kind} n=${n}: x[${j}] = ${x[j]}, -x[${i}] = ${-x[i]!}`).toBe(true);
          expect(w[j], `${dist.kind} n=${n}: w[${j}] vs w[${i}]`).toBe(w[i]);
        }
      }
    }
  });

  // For i < n/2 only: x[j] = fl(1 - x[i]) does not make 1 - x[j] equal x[i] exactly.
  it('Beta(2, 2): x[n-1-i] === 1 - x[i] for i < n/2 (the middle node 0.5), weights mirrored exactly', () => {
    for (const n of ns) {
      const { nodes: x, weights: w } = gauss(new Beta(2, 2), n);
      for (let i = 0; i < n; i++) {
        if (i > 0) expect(x[i]! > x[i - 1]!, `n=${n}: nodes not ascending at ${i}`).toBe(true);
        const j = n - 1 - i;
        if (i < j) expect(x[j], `n=${n}: x[${j}] vs 1 - x[${i}]`).toBe(1 - x[i]!);
        if (i === j) expect(x[i], `n=${n}: middle node`).toBe(0.5);
        expect(w[j], `n=${n}: w[${j}] vs w[${i}]`).toBe(w[i]);
      }
    }
  });

  it('nodes ascend and stay inside the support for every fixture rule', () => {
    const moments = ref.moments.flatMap((d) => d.rules.map((q) => ({ ...q, dist: d.dist, label: d.label })));
    for (const r of [...ref.classical, ...ref.large, ...moments.filter((q) => !DECLINED.has(`${q.label} n=${q.n}`))]) {
      const { nodes } = gauss(make(r.dist), r.n);
      const lo = (r.dist.low ?? (['gamma', 'exponential', 'lognormal'].includes(r.dist.kind) ? 0 : -Infinity)) as number;
      const hi = (r.dist.high === null ? Infinity : r.dist.high ?? Infinity) as number;
      for (let i = 0; i < r.n; i++) {
        expect(nodes[i]! > lo && nodes[i]! < hi, `${r.label} n=${r.n}: node[${i}] = ${nodes[i]} outside (${lo}, ${hi})`).toBe(true);
        if (i > 0) expect(nodes[i]! > nodes[i - 1]!, `${r.label} n=${r.n}: nodes not ascending at ${i}`).toBe(true);
      }
    }
  });
});

describe('invalid n', () => {
  const dist = new Uniform(-1, 1);
  for (const n of [0, 1.5, NaN, -3, Infinity, GAUSS_MAX_POINTS + 1, '3' as unknown as number]) {
    it(`gauss(Uniform(-1, 1), ${typeof n === 'string' ? JSON.stringify(n) : n}) throws InvalidArgumentError naming n`, () => {
      const e = thrown(() => gauss(dist, n));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).field).toBe('n');
      expect(Object.is((e as InvalidArgumentError).value, n)).toBe(true);
      expect(e.message).toMatch(/^n: expected an integer from 1 to 10000, got /);
    });
  }
});

// ------------------------------------------------------------------------------------------
// LogUniform (test/fixtures/loguniform-gauss.json, from scripts/fixtures/loguniform_gauss.py:
// mpmath's Chebyshev algorithm on the exact moments at 300 digits) and Weibull (no rule)

const LU = fixture<{ cases: { low: number; high: number; n: number; nodes: number[]; weights: number[] }[] }>('loguniform-gauss.json');
/** Measured worst: nodes 4.3e-14, weights 1.5e-14 (LogUniform(1e-8, 1e8) n=10). */
const TOL_LOGUNIFORM = 1e-13;

describe('LogUniform against mpmath', () => {
  for (const c of LU.cases) {
    it(`LogUniform(${c.low}, ${c.high}) n=${c.n}: nodes and weights within ${TOL_LOGUNIFORM} relative, weights sum to 1`, () => {
      const q = gauss(new LogUniform(c.low, c.high), c.n);
      let sum = 0;
      for (let i = 0; i < c.n; i++) {
        expect(Math.abs(q.nodes[i]! - c.nodes[i]!), `node ${i}: got ${q.nodes[i]}, want ${c.nodes[i]}`).toBeLessThanOrEqual(TOL_LOGUNIFORM * c.nodes[i]!);
        expect(Math.abs(q.weights[i]! - c.weights[i]!), `weight ${i}: got ${q.weights[i]}, want ${c.weights[i]}`).toBeLessThanOrEqual(TOL_LOGUNIFORM * c.weights[i]!);
        sum += q.weights[i]!;
      }
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-14);
    });
  }
});

describe('a distribution without a Gauss rule', () => {
  it('gauss(Weibull(2, 3, 1), 5) throws InvalidArgumentError on dist naming the distribution and saying it has no Gauss rule', () => {
    const e = thrown(() => gauss(new Weibull(2, 3, 1), 5));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as InvalidArgumentError).field).toBe('dist');
    expect((e as InvalidArgumentError).value).toBe('weibull');
    expect(e.message).toMatch(/^dist: expected a distribution with a Gauss rule: Weibull\(shape=2, scale=3, loc=1\) has none \(/);
  });
});
