// Gauss rules and orthogonal-polynomial recurrences for uqkit's distributions.
//
// Classical families use their closed-form recurrences (Askey scheme): Legendre (uniform),
// probabilists' Hermite (normal), generalised Laguerre (gamma, exponential), Jacobi (beta),
// discrete Chebyshev (discrete uniform). The others (lognormal, triangular, truncated
// normal) get theirs by the discretised Stieltjes procedure: the measure is replaced by a
// Gauss–Hermite or piecewise Gauss–Legendre discretisation of M points, M doubled until
// the coefficients stop changing (Gautschi 2004, §2.2). Nodes are in the distribution's own
// space and weights are probability weights (they sum to 1).
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import { isDistribution, type Distribution } from '../distributions/index.js';
import {
  affineRecurrence, betaRecurrence, discreteUniformRecurrence, gaussFromRecurrence, hermiteRecurrence,
  laguerreRecurrence, legendreRecurrence, stieltjes, type Recurrence, type Rule1D,
} from './recurrence.js';

/** Largest Gauss rule uqkit computes. */
export const GAUSS_MAX_POINTS = 10_000;
/** Largest discretisation tried for measures without closed-form recurrences. */
const MAX_DISCRETE = 4_096;
/** Agreement between two discretisations that counts as converged (relative). */
const DISCRETE_TOL = 4e-14;

type Params = Record<string, number>;
const p = (d: Distribution): Params => d as unknown as Params;

// Small caches: grids ask for the same rules again and again.
const CACHE_LIMIT = 256;
const ruleCache = new Map<string, Rule1D>();
const recCache = new Map<string, Recurrence>();
function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit) return hit;
  const value = make();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}
function key(d: Distribution, n: number): string {
  return `${JSON.stringify(d.toJSON())}#${n}`;
}

/** The standard n-point Gauss–Legendre (on [-1, 1]) or Gauss–Hermite rule, cached. */
function standard(kind: 'legendre' | 'hermite', n: number): Rule1D {
  return cached(ruleCache, `${kind}#${n}`, () => gaussFromRecurrence(kind === 'legendre' ? legendreRecurrence(n) : hermiteRecurrence(n), n, true));
}

/** Runs the Stieltjes procedure on finer and finer discretisations until they agree. */
function discretised(what: string, n: number, discretise: (m: number) => { x: Float64Array; w: Float64Array }): Recurrence {
  let m = Math.max(64, 2 ** Math.ceil(Math.log2(2 * n + 16)));
  const first = discretise(m);
  let prev = stieltjes(first.x, first.w, n);
  for (;;) {
    m *= 2;
    if (m > MAX_DISCRETE) {
      throw new InvalidArgumentError({
        field: 'n', value: n, expected: `fewer points: the recurrence of ${what} does not converge in double precision at this n`,
        hint: 'moment problems of heavy-tailed measures are ill-conditioned; use fewer points or a nested rule',
      });
    }
    const { x, w } = discretise(m);
    const cur = stieltjes(x, w, n);
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const scale = Math.abs(cur.alpha[k]!) + Math.sqrt(cur.beta[k]!);
      if (Math.abs(cur.alpha[k]! - prev.alpha[k]!) > DISCRETE_TOL * scale) ok = false;
      if (k > 0 && Math.abs(cur.beta[k]! - prev.beta[k]!) > DISCRETE_TOL * 4 * cur.beta[k]!) ok = false;
    }
    if (ok) return cur;
    prev = cur;
  }
}

function lognormalRecurrence(n: number, mu: number, sigma: number): Recurrence {
  const r = discretised(`LogNormal(mu=${mu}, sigma=${sigma})`, n, (m) => {
    const h = standard('hermite', m);
    const x = new Float64Array(m);
    for (let j = 0; j < m; j++) x[j] = Math.exp(sigma * h.nodes[j]!);
    return { x, w: h.weights };
  });
  return affineRecurrence(r, 0, Math.exp(mu));
}

/** Triangular on [0, 1] with mode c: piecewise Gauss–Legendre is exact (the density is linear on each piece). */
function triangularRecurrence01(n: number, c: number): Recurrence {
  const m = n + 8;
  const g = standard('legendre', m);
  const x: number[] = [];
  const w: number[] = [];
  const piece = (lo: number, hi: number, pdf: (t: number) => number): void => {
    if (!(hi > lo)) return;
    const mid = (lo + hi) / 2;
    const half = (hi - lo) / 2;
    for (let j = 0; j < m; j++) {
      const t = mid + half * g.nodes[j]!;
      x.push(t);
      w.push(g.weights[j]! * (hi - lo) * pdf(t));
    }
  };
  piece(0, c, (t) => (2 * t) / c);
  piece(c, 1, (t) => (2 * (1 - t)) / (1 - c));
  const r = stieltjes(Float64Array.from(x), Float64Array.from(w), n);
  r.beta[0] = 1;
  return r;
}

/** Standard normal restricted to [a, b] (standardised bounds, either may be infinite). */
function truncatedNormalRecurrence(n: number, a: number, b: number): Recurrence {
  const x0 = Math.min(Math.max(0, a), b); // where the density is largest
  const reach = Math.sqrt(4 * n) + 12; // beyond, x^(2n) phi(x) is negligible
  const lo = Math.max(a, x0 - reach);
  const hi = Math.min(b, x0 + reach);
  const r = discretised(`TruncatedNormal on [${a}, ${b}] (standardised)`, n, (m) => {
    const g = standard('legendre', m);
    const mid = (lo + hi) / 2;
    const half = (hi - lo) / 2;
    const x = new Float64Array(m);
    const w = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const t = mid + half * g.nodes[j]!;
      x[j] = t;
      w[j] = g.weights[j]! * Math.exp(-0.5 * (t - x0) * (t + x0)); // phi(t) / phi(x0)
    }
    return { x, w };
  });
  r.beta[0] = 1;
  return r;
}

function checkDist(dist: unknown): void {
  if (!isDistribution(dist)) throw new InvalidArgumentError({ field: 'dist', value: dist, expected: 'a uqkit distribution (Uniform, Normal, ...)' });
}

function checkN(field: string, n: unknown, max = GAUSS_MAX_POINTS): number {
  return integer(field, n, 1, max);
}

/**
 * Recurrence coefficients alpha_0..alpha_{n-1}, beta_0..beta_{n-1} (beta_0 = 1) of the
 * orthogonal polynomials of `dist`, in its own space.
 */
export function recurrence(dist: Distribution, n: number): Recurrence {
  checkDist(dist);
  checkN('n', n);
  return cached(recCache, key(dist, n), () => {
    const q = p(dist);
    switch (dist.kind) {
      case 'uniform':
        return affineRecurrence(legendreRecurrence(n), (q.low! + q.high!) / 2, (q.high! - q.low!) / 2);
      case 'normal':
        return affineRecurrence(hermiteRecurrence(n), q.mean!, q.std!);
      case 'gamma':
        return affineRecurrence(laguerreRecurrence(n, q.shape!), 0, q.scale!);
      case 'exponential':
        return affineRecurrence(laguerreRecurrence(n, 1), 0, 1 / q.rate!);
      case 'beta':
        return affineRecurrence(betaRecurrence(n, q.alpha!, q.beta!), q.low!, q.high! - q.low!);
      case 'discreteuniform': {
        const N = q.high! - q.low! + 1;
        checkN('n', n, N);
        return affineRecurrence(discreteUniformRecurrence(n, N), (q.low! + q.high!) / 2, 1);
      }
      case 'lognormal':
        return lognormalRecurrence(n, q.mu!, q.sigma!);
      case 'triangular':
        return affineRecurrence(triangularRecurrence01(n, (q.mode! - q.low!) / (q.high! - q.low!)), q.low!, q.high! - q.low!);
      case 'truncnormal':
        return affineRecurrence(truncatedNormalRecurrence(n, (q.low! - q.mean!) / q.std!, (q.high! - q.mean!) / q.std!), q.mean!, q.std!);
      default:
        throw new InvalidArgumentError({ field: 'dist', value: dist.kind, expected: 'a uqkit distribution' });
    }
  });
}

function mapRule(r: Rule1D, shift: number, scale: number): Rule1D {
  const nodes = new Float64Array(r.nodes.length);
  for (let i = 0; i < nodes.length; i++) nodes[i] = shift + scale * r.nodes[i]!;
  return { nodes, weights: r.weights.slice() };
}

/** Makes a rule on [0, 1] exactly symmetric about 1/2, keeping the small nodes as computed. */
function symmetrise01(r: Rule1D): Rule1D {
  const n = r.nodes.length;
  const nodes = r.nodes.slice();
  const weights = r.weights.slice();
  for (let i = 0; i < n >> 1; i++) {
    nodes[n - 1 - i] = 1 - nodes[i]!;
    const w = (weights[i]! + weights[n - 1 - i]!) / 2;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n & 1) nodes[n >> 1] = 0.5;
  return { nodes, weights };
}

/**
 * The n-point Gauss rule of `dist`: exact for polynomials of degree up to 2n - 1 under the
 * distribution. Nodes ascending in the distribution's own space; weights sum to 1.
 */
export function gauss(dist: Distribution, n: number): Rule1D {
  checkDist(dist);
  checkN('n', n);
  const rule = cached(ruleCache, key(dist, n), () => {
    const q = p(dist);
    switch (dist.kind) {
      case 'uniform':
        return mapRule(standard('legendre', n), (q.low! + q.high!) / 2, (q.high! - q.low!) / 2);
      case 'normal':
        return mapRule(standard('hermite', n), q.mean!, q.std!);
      case 'gamma':
        return mapRule(gaussFromRecurrence(laguerreRecurrence(n, q.shape!), n), 0, q.scale!);
      case 'exponential':
        return mapRule(gaussFromRecurrence(laguerreRecurrence(n, 1), n), 0, 1 / q.rate!);
      case 'beta': {
        let r = gaussFromRecurrence(betaRecurrence(n, q.alpha!, q.beta!), n);
        if (q.alpha === q.beta) r = symmetrise01(r);
        return mapRule(r, q.low!, q.high! - q.low!);
      }
      case 'discreteuniform': {
        const N = q.high! - q.low! + 1;
        checkN('n', n, N);
        const r = mapRule(gaussFromRecurrence(discreteUniformRecurrence(n, N), n, true), (q.low! + q.high!) / 2, 1);
        if (n === N) for (let i = 0; i < n; i++) r.nodes[i] = Math.round(r.nodes[i]!); // the support itself
        return r;
      }
      default: {
        const r = gaussFromRecurrence(recurrence(dist, n), n);
        return r;
      }
    }
  });
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}
