// Gauss rules and orthogonal-polynomial recurrences for uqkit's distributions.
//
// Classical families use their closed-form recurrences (Askey scheme): Legendre (uniform),
// probabilists' Hermite (normal), generalised Laguerre (gamma, exponential), Jacobi (beta),
// discrete Chebyshev (discrete uniform). The others (lognormal, triangular, truncated
// normal) get theirs by the discretised Stieltjes procedure: the measure is replaced by a
// Gauss–Hermite or piecewise Gauss–Legendre discretisation of M points, M doubled until
// the coefficients stop changing (Gautschi 2004, §2.2). Nodes are in the distribution's own
// space and weights are probability weights (they sum to 1).
import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import { hermiteRule } from './hermite.js';
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
/** `cache`'s value for `key`, made once; the oldest entry goes when the map is full. */
export function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
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

/**
 * The standard n-point Gauss–Legendre (on [-1, 1]) or Gauss–Hermite rule, cached. Hermite's
 * comes from its own kernel (numerics/hermite.ts), faster than Golub–Welsch at every n. Legendre's
 * end nodes are polished as those of Beta(1, 1) on [0, 1] (see jacobiRule) and mirrored.
 */
function standard(kind: 'legendre' | 'hermite', n: number): Rule1D {
  return cached(ruleCache, `${kind}#${n}`, () => {
    if (kind === 'hermite') return hermiteRule(n);
    const r = gaussFromRecurrence(legendreRecurrence(n), n, true);
    const x = { nodes: Float64Array.from(r.nodes, (z) => (1 + z) / 2), weights: r.weights.slice() };
    const before = x.nodes.slice();
    polishNearZero(x, n, (j) => ((j - n) * (j + n + 1)) / ((j + 1) * (j + 1)), jacobiConstant(n, 1, 1), 1);
    for (let i = 0; i < n >> 1 && (x.nodes[i] !== before[i] || x.weights[i] !== r.weights[i]); i++) {
      const z = 2 * x.nodes[i]! - 1;
      r.nodes[i] = z;
      r.nodes[n - 1 - i] = -z;
      r.weights[i] = r.weights[n - 1 - i] = x.weights[i]!;
    }
    return r;
  });
}

/** Runs the Stieltjes procedure on finer and finer discretisations until they agree. */
function discretised(what: string, n: number, discretise: (m: number) => { x: Float64Array; w: Float64Array }): Recurrence {
  let m = Math.max(64, 2 ** Math.ceil(Math.log2(2 * n + 16)));
  const first = discretise(m);
  let prev = stieltjes(first.x, first.w, n);
  for (;;) {
    m *= 2;
    if (m > Math.max(MAX_DISCRETE, 8 * (2 * n + 16))) {
      throw new InvalidArgumentError({
        field: 'n', value: n, expected: `fewer points: the recurrence of ${what} does not converge in double precision at this n`,
        hint: 'its moment problem is too ill-conditioned for doubles at this size; use fewer points or a nested rule',
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
    for (let j = 0; j < m; j++) x[j] = dm.exp(sigma * h.nodes[j]!);
    return { x, w: h.weights };
  });
  return affineRecurrence(r, 0, dm.exp(mu));
}

/**
 * LogUniform(low, high), with h = log(high / low) / 2 and t uniform on [-1, 1]: the recurrence
 * of a standardised variable Z (discretised by Gauss–Legendre in t), and the shift and scale
 * that give X = shift + scale Z. Up to h = 20 (high / low = e^40), with m = sqrt(low high),
 * X = m + m h Z, Z = expm1(h t) / h: Z stays of order one however narrow the interval (Z -> t as
 * h -> 0), so its recurrence and Gauss rule lose nothing to cancellation, which an
 * eigenproblem around m would (the rule is computed for Z and moved back). Beyond, where the
 * powers of Z in the Stieltjes procedure would overflow, X = high Z, Z = exp(h (t - 1)) in
 * [low / high, 1] (its smallest nodes a little less accurate, 8e-14 against 4e-14 relative at
 * [1e-8, 1e8], n = 10).
 */
function logUniformStandard(n: number, low: number, high: number): { r: Recurrence; shift: number; scale: number } {
  const ratio = high / low;
  const h = (high <= 2 * low ? dm.log1p((high - low) / low) : ratio < Infinity ? dm.log(ratio) : dm.log(high) - dm.log(low)) / 2;
  const narrow = h <= 20;
  const r = discretised(`LogUniform(low=${low}, high=${high})`, n, (m) => {
    const g = standard('legendre', m);
    const x = new Float64Array(m);
    for (let j = 0; j < m; j++) x[j] = narrow ? dm.expm1(h * g.nodes[j]!) / h : dm.exp(h * (g.nodes[j]! - 1));
    return { x, w: g.weights };
  });
  r.beta[0] = 1;
  if (!narrow) return { r, shift: 0, scale: high };
  const mid = Math.sqrt(low) * Math.sqrt(high);
  return { r, shift: mid, scale: mid * h };
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

/**
 * Standard normal restricted to [a, b] (standardised bounds, either may be infinite). The
 * measure is discretised in the local coordinate s in [-1, 1] of the (clipped) interval and
 * the recurrence moved back affinely, so that narrow intervals lose nothing to cancellation.
 */
function truncatedNormalRecurrence(n: number, a: number, b: number): Recurrence {
  const x0 = Math.min(Math.max(0, a), b); // where the density is largest
  const reach = Math.sqrt(4 * n) + 12; // beyond, x^(2n) phi(x) is negligible
  const lo = Math.max(a, x0 - reach);
  const hi = Math.min(b, x0 + reach);
  const mid = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  const r = discretised(`TruncatedNormal on [${a}, ${b}] (standardised)`, n, (m) => {
    const g = standard('legendre', m);
    const w = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const t = mid + half * g.nodes[j]!;
      w[j] = g.weights[j]! * dm.exp(-0.5 * (t - x0) * (t + x0)); // phi(t) / phi(x0)
    }
    return { x: g.nodes, w };
  });
  r.beta[0] = 1;
  return affineRecurrence(r, mid, half);
}

/** Throws unless `dist` is one of uqkit's distributions. */
export function checkDist(dist: unknown, field = 'dist'): void {
  if (!isDistribution(dist) || typeof (dist as Distribution).toJSON !== 'function') throw new InvalidArgumentError({ field, value: dist, expected: 'a uqkit distribution (Uniform, Normal, ...)' });
}

/** Throws unless `dists` is a non-empty array of uqkit distributions; returns a copy. */
export function checkDists(dists: unknown): Distribution[] {
  if (!Array.isArray(dists) || dists.length === 0) throw new InvalidArgumentError({ field: 'dists', value: dists, expected: 'a non-empty array of distributions' });
  dists.forEach((d, j) => checkDist(d, `dists[${j}]`));
  return dists.slice() as Distribution[];
}

function checkN(field: string, n: unknown, max = GAUSS_MAX_POINTS): number {
  return integer(field, n, 1, max);
}

/**
 * Recurrence coefficients alpha_0..alpha_{n-1}, beta_0..beta_{n-1} (beta_0 = 1) of the
 * orthogonal polynomials of `dist`, in its own space.
 * @throws InvalidArgumentError as {@link gauss} does
 */
export function recurrence(dist: Distribution, n: number): Recurrence {
  checkDist(dist);
  checkN('n', n);
  const r = recurrenceCached(dist, n);
  return { alpha: r.alpha.slice(), beta: r.beta.slice() };
}

function recurrenceCached(dist: Distribution, n: number): Recurrence {
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
      case 'loguniform': {
        const z = logUniformStandard(n, q.low!, q.high!);
        return affineRecurrence(z.r, z.shift, z.scale);
      }
      default:
        throw new InvalidArgumentError({
          field: 'dist', value: dist.kind,
          expected: `a distribution with a Gauss rule: ${String(dist)} has none (uniform, normal, gamma, exponential, beta, discreteuniform, lognormal, triangular, truncnormal and loguniform have one)`,
        });
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
 * Polishes the nodes nearest 0 of a Laguerre (Gamma(shape)) or shifted Jacobi (Beta(p, q) on
 * [0, 1]) rule to full relative accuracy, and recomputes their weights. Near a finite end the
 * three-term recurrence evaluates pi_n with an absolute error of ~1e-16 times the spread, so
 * the smallest nodes (1e-4 .. 1e-7 at n = 100 .. 1000) carry relative errors up to 1e-11. There
 * the hypergeometric series of the polynomial, 1F1(-n; shape; x) or 2F1(-n, n+p+q-1; p; x),
 * has terms of moderate size and evaluates with relative accuracy; it is used for the nodes
 * where the sum of its absolute terms stays below 100 (their condition number).
 * `ratio(j)` is t_{j+1} / (t_j x). The weights of those nodes (where the series of G' does not
 * cancel) come from the same series,
 * w = K / (x (1 - x)^e G'(x)^2) (e = 1 for Jacobi, 0 for Laguerre; K = n! / (shape)_n for
 * Laguerre, (q)_n n! / ((p)_n (p+q)_(n-1)) for Jacobi, from the classical closed forms moved
 * to probability weights), because the Christoffel function loses ~1e-13 there too (its
 * recurrence cancels near the end).
 */
function polishNearZero(rule: Rule1D, n: number, ratio: (j: number) => number, K: number, e: 0 | 1): void {
  const series = (x: number): [number, number, number, number] => {
    let t = 1, s = 1, ds = 0, abs = 1, dabs = 0;
    for (let j = 0; j < n; j++) {
      t *= ratio(j) * x;
      s += t;
      ds += ((j + 1) * t) / x;
      abs += Math.abs(t);
      dabs += ((j + 1) * Math.abs(t)) / x;
    }
    return [s, ds, abs, dabs];
  };
  for (let i = 0; i < n; i++) {
    let x = rule.nodes[i]!;
    if (!(x > 0) || series(x)[2] > 100) break;
    for (let it = 0; it < 8; it++) {
      const [f, df] = series(x);
      const xn = x - f / df;
      if (!(xn > 0) || xn === x) break;
      const moved = Math.abs(xn - x);
      x = xn;
      if (moved <= Number.EPSILON * x) break;
    }
    if (i + 1 < n && !(x < rule.nodes[i + 1]!)) break; // never reorder: keep the eigenvalue-based node
    rule.nodes[i] = x;
    // The weight from the series where its derivative is well conditioned (no cancellation).
    const [, d, , dabs] = series(x);
    if (dabs <= 8 * Math.abs(d)) rule.weights[i] = K / (x * (e ? 1 - x : 1) * d * d);
  }
}

/** The Gauss rule of Gamma(shape, 1). */
function laguerreRule(n: number, shape: number): Rule1D {
  const r = gaussFromRecurrence(laguerreRecurrence(n, shape), n);
  let K = 1;
  for (let k = 0; k < n; k++) K *= (k + 1) / (shape + k);
  polishNearZero(r, n, (j) => (j - n) / ((j + shape) * (j + 1)), K, 0);
  return r;
}

/** K = (q)_n n! / ((p)_n (p+q)_(n-1)) of the Jacobi weight formula, as a product of ratios near 1. */
function jacobiConstant(n: number, p: number, q: number): number {
  let k = 1;
  for (let j = 0; j < n; j++) k *= ((q + j) * (j + 1)) / ((p + j) * (j === 0 ? 1 : p + q + j - 1));
  return k;
}

/** The Gauss rule of Beta(a, b) on [0, 1], nodes at both ends polished (the upper one by reflection). */
function jacobiRule(n: number, a: number, b: number): Rule1D {
  const r = gaussFromRecurrence(betaRecurrence(n, a, b), n);
  polishNearZero(r, n, (j) => ((j - n) * (j + n + a + b - 1)) / ((j + a) * (j + 1)), jacobiConstant(n, a, b), 1);
  // Upper end: the rule of Beta(b, a) in y = 1 - x.
  const refl = { nodes: Float64Array.from(r.nodes, (x) => 1 - x).reverse(), weights: r.weights.slice().reverse() };
  const small = refl.nodes.slice();
  polishNearZero(refl, n, (j) => ((j - n) * (j + n + a + b - 1)) / ((j + b) * (j + 1)), jacobiConstant(n, b, a), 1);
  for (let i = 0; i < n && refl.nodes[i] !== small[i]; i++) {
    r.nodes[n - 1 - i] = 1 - refl.nodes[i]!;
    r.weights[n - 1 - i] = refl.weights[i]!;
  }
  return r;
}

/**
 * The n-point Gauss rule of `dist`: exact for polynomials of degree up to 2n - 1 under the
 * distribution. Nodes ascending in the distribution's own space; weights sum to 1.
 * @throws InvalidArgumentError on `dist` for a distribution without a Gauss rule (Weibull), on
 * `n` for n outside 1..GAUSS_MAX_POINTS or where the rule does not converge in double precision
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
        return mapRule(laguerreRule(n, q.shape!), 0, q.scale!);
      case 'exponential':
        return mapRule(laguerreRule(n, 1), 0, 1 / q.rate!);
      case 'beta': {
        let r = jacobiRule(n, q.alpha!, q.beta!);
        if (q.alpha === q.beta) r = symmetrise01(r);
        return mapRule(r, q.low!, q.high! - q.low!);
      }
      case 'discreteuniform': {
        const N = q.high! - q.low! + 1;
        checkN('n', n, N);
        if (n === N) {
          // The support itself, each point with weight 1/N.
          return { nodes: Float64Array.from({ length: N }, (_, i) => q.low! + i), weights: new Float64Array(N).fill(1 / N) };
        }
        const r = mapRule(gaussFromRecurrence(discreteUniformRecurrence(n, N), n, true), (q.low! + q.high!) / 2, 1);
        // The Gram polynomials' recurrence loses accuracy at high degree near the ends of the
        // support (n approaching N): refuse rather than return wrong weights.
        let sum = 0, ok = true;
        for (let i = 0; i < n; i++) {
          sum += r.weights[i]!;
          if (!(r.weights[i]! > 0)) ok = false;
        }
        if (!ok || Math.abs(sum - 1) > 1e-12) {
          throw new InvalidArgumentError({ field: 'n', value: n, expected: `fewer points for ${String(dist)} (its Gauss rule is not accurate in double precision at this n), or n = ${N} for the whole support` });
        }
        return r;
      }
      case 'loguniform': {
        const z = logUniformStandard(n, q.low!, q.high!);
        return mapRule(gaussFromRecurrence(z.r, n), z.shift, z.scale);
      }
      default: {
        return gaussFromRecurrence(recurrenceCached(dist, n), n);
      }
    }
  });
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}
