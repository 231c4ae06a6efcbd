// Quadrature rules by name and level, for tensor and sparse grids.
//
// Rules and the measure they are built for (their "reference"):
// - 'gauss'            the distribution itself (see quadrature.ts): exact to degree 2n-1.
// - 'clenshaw-curtis'  uniform on [-1, 1]; nested at sizes 1, 3, 5, 9, 17, ... (2^l + 1).
// - 'fejer2'           uniform on [-1, 1]; nested at sizes 1, 3, 7, 15, ... (2^(l+1) - 1).
// - 'patterson'        uniform on [-1, 1]; Gauss–Patterson, nested at 1, 3, 7, ..., 511.
// - 'genz-keister'     standard normal; nested at 1, 3, 9, 19, 35.
// - 'leja'             uniform on [-1, 1] or standard normal (weighted Leja points); nested
//                      at every size.
// A rule whose reference is the distribution's own family (uniform for Uniform, normal for
// Normal) is moved there affinely and keeps its polynomial exactness. For any other
// distribution the reference rule is carried over by the probability integral transform
// x = F^-1(F_ref(z)), weights unchanged: the rule then integrates f(F^-1(F_ref(z))) against
// the reference measure — exact in distribution, not polynomial-exact in x. The reference is
// the rule's own (uniform for clenshaw-curtis, fejer2 and patterson, normal for
// genz-keister); Leja, which exists for both, takes the uniform one for bounded supports and
// the normal one for unbounded supports.
//
// Gauss–Patterson and Genz–Keister rules come from nested-rules.data.ts, which
// scripts/gen-nested-rules.py computes from their definitions: each level adds the m roots
// of the polynomial E of degree m orthogonal to all polynomials of degree < m with respect to
// the signed measure Q(x) dmu(x), Q the node polynomial of the previous level (Patterson,
// Math. Comp. 22, 1968; Genz & Keister, J. Comput. Appl. Math. 71, 1996, the Hermite
// sequence 1+2+6+10+16). The linear system for E is too ill-conditioned for double
// precision beyond Patterson's 63-point level (condition ~1e15), so it is solved once in
// 200-digit arithmetic and the rules are stored rounded to doubles.
import * as dm from '../core/detmath.js'; // engine-independent exp/log/pow (see there)
import { InvalidArgumentError } from '../core/errors.js';
import { integer, oneOf } from '../core/validate.js';
import type { Distribution } from '../distributions/index.js';
import { Normal } from '../distributions/index.js';
import { cached, checkDist, gauss, GAUSS_MAX_POINTS } from './quadrature.js';
import { GENZ_KEISTER, PATTERSON } from './nested-rules.data.js';
import { chebyshevRule, hermiteRecurrence, interpolatoryWeights, legendreRecurrence, type Rule1D } from './recurrence.js';

/**
 * A 1-D quadrature rule family: `'gauss'` (Gauss rule of the distribution's orthogonal
 * polynomials), `'clenshaw-curtis'`, `'fejer2'` (Fejér's second rule), `'patterson'`
 * (Gauss–Patterson), `'genz-keister'` (nested rules for the normal) or `'leja'` (weighted Leja
 * points). All but `'gauss'` are nested. Listed in {@link RULES}.
 */
export type RuleName = 'gauss' | 'clenshaw-curtis' | 'fejer2' | 'patterson' | 'genz-keister' | 'leja';
/** Every {@link RuleName}, in the order the docs list them. */
export const RULES: readonly RuleName[] = ['gauss', 'clenshaw-curtis', 'fejer2', 'patterson', 'genz-keister', 'leja'];

/**
 * How the number of points grows with the level:
 * - 'linear': l + 1 points (gauss, leja; for leja the 2-point rule has a zero weight).
 * - 'exponential': the rule's natural doubling sequence (clenshaw-curtis 1, 3, 5, 9, 17...;
 *   fejer2 and patterson 1, 3, 7, 15...; genz-keister 1, 3, 9, 19, 35; gauss and leja
 *   2^(l+1) - 1).
 * - 'slow': the smallest size exact to degree 2l + 1 (leja: 1, 4, 6, 8, ...; gauss: l + 1;
 *   the nested sequences: their first member that is exact enough), so that a Smolyak grid
 *   of level L is exact to total degree 2L + 1 with as few points as the nesting allows.
 * Defaults: 'linear' for gauss, 'slow' for leja, 'exponential' for the others.
 */
export type Growth = 'linear' | 'exponential' | 'slow';
/** Every {@link Growth}. */
export const GROWTHS: readonly Growth[] = ['linear', 'exponential', 'slow'];

/** The sizes a nested rule comes in (undefined: any size). */
const SEQUENCES: Partial<Record<RuleName, readonly number[]>> = {
  'clenshaw-curtis': [1, 3, 5, 9, 17, 33, 65, 129, 257, 513, 1025, 2049, 4097],
  fejer2: [1, 3, 7, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095],
  patterson: [1, 3, 7, 15, 31, 63, 127, 255, 511],
  'genz-keister': [1, 3, 9, 19, 35],
};

/** Largest Leja rule (the greedy construction costs O(n^2) per point). */
export const LEJA_MAX_POINTS = 500;

/** Polynomial degree a rule of n points integrates exactly under its reference measure. */
export function ruleExactness(rule: RuleName, n: number): number {
  oneOf('rule', rule, RULES);
  integer('n', n, 1);
  const seq = SEQUENCES[rule];
  if (seq && !seq.includes(n)) {
    throw new InvalidArgumentError({ field: 'n', value: n, expected: `one of the sizes of '${rule}': ${seq.join(', ')}` });
  }
  switch (rule) {
    case 'gauss':
      return 2 * n - 1;
    case 'clenshaw-curtis':
    case 'fejer2':
      return n % 2 === 1 ? n : n - 1; // odd symmetric rules gain one degree
    case 'patterson':
      return n === 1 ? 1 : n === 3 ? 5 : (3 * (n + 1)) / 2 - 1;
    case 'genz-keister':
      return [1, 5, 15, 29, 51][seq!.indexOf(n)]!;
    case 'leja':
      return n === 1 ? 1 : n - 1; // the 1-point rule is the reference's symmetric centre
  }
}

/** 'linear' for gauss, 'slow' for leja, 'exponential' for the others. */
export function defaultGrowth(rule: RuleName): Growth {
  return rule === 'gauss' ? 'linear' : rule === 'leja' ? 'slow' : 'exponential';
}

/** Number of points of `rule` at `level` under `growth`. */
export function ruleSize(rule: RuleName, level: number, growth?: Growth): number {
  oneOf('rule', rule, RULES);
  integer('level', level, 0, GAUSS_MAX_POINTS);
  const g = growth === undefined ? defaultGrowth(rule) : oneOf('growth', growth, GROWTHS);
  const seq = SEQUENCES[rule];
  if (!seq) {
    // gauss and leja come in every size. Leja under 'slow': 1, 4, 6, 8, ... (2l + 2 points
    // are exact to 2l + 1; the 2-point Leja rule {0, x_1} would have a zero weight).
    const n = g === 'linear' ? level + 1 : g === 'slow' ? (rule === 'leja' && level > 0 ? 2 * level + 2 : level + 1) : 2 ** (level + 1) - 1;
    const max = rule === 'leja' ? LEJA_MAX_POINTS : GAUSS_MAX_POINTS;
    if (n > max) {
      throw new InvalidArgumentError({ field: 'level', value: level, expected: `a level whose '${rule}' rule has at most ${max} points under '${g}' growth (this one has ${n})` });
    }
    return n;
  }
  if (g === 'linear') {
    throw new InvalidArgumentError({ field: 'growth', value: g, expected: `'exponential' or 'slow' for the nested rule '${rule}' (its sizes are ${seq.slice(0, 6).join(', ')}, ...)` });
  }
  if (g === 'exponential') {
    if (level >= seq.length) throw levelError(rule, level, seq.length - 1);
    return seq[level]!;
  }
  const need = 2 * level + 1;
  const n = seq.find((s) => ruleExactness(rule, s) >= need);
  if (n === undefined) throw levelError(rule, level, maxSlowLevel(rule, seq));
  return n;
}

function maxSlowLevel(rule: RuleName, seq: readonly number[]): number {
  return Math.floor((ruleExactness(rule, seq[seq.length - 1]!) - 1) / 2);
}

function levelError(rule: RuleName, level: number, max: number): InvalidArgumentError {
  return new InvalidArgumentError({ field: 'level', value: level, expected: `a level from 0 to ${max} for the rule '${rule}' with this growth` });
}

// ---------------------------------------------------------------------------------------
// Nested rules on their reference measures (cached: they are the same for every caller).

const refCache = new Map<string, Rule1D>();
const cachedRef = (key: string, make: () => Rule1D): Rule1D => cached(refCache, key, make);

/** Gauss–Patterson rule of `level` (2^(level+1) - 1 points) for the uniform measure on [-1, 1]. */
export function pattersonRule(level: number): Rule1D {
  return fromTable(PATTERSON, level);
}

/** Genz–Keister rule of `level` (1, 3, 9, 19, 35 points) for the standard normal measure. */
export function genzKeisterRule(level: number): Rule1D {
  return fromTable(GENZ_KEISTER, level);
}

function fromTable(table: readonly { readonly nodes: readonly number[]; readonly weights: readonly number[] }[], level: number): Rule1D {
  const r = table[level]!;
  return { nodes: Float64Array.from(r.nodes), weights: Float64Array.from(r.weights) };
}

/** Clenshaw–Curtis or Fejér-2 rule of n points, uniform measure on [-1, 1]. */
function chebyshev(kind: 'clenshaw-curtis' | 'fejer2', n: number): Rule1D {
  return cachedRef(`${kind}#${n}`, () => chebyshevRule(kind, n));
}

/**
 * The first n Leja points of the uniform measure on [-1, 1] (x_0 = 0, then each point
 * maximises prod |x - x_j|) or of the standard normal (weighted Leja points of Narayan &
 * Jakeman, SISC 36, 2014: maximise sqrt(phi(x)) prod |x - x_j|). In order of selection;
 * symmetric ties are broken deterministically.
 */
export function lejaSequence(reference: 'uniform' | 'normal', n: number): Float64Array {
  oneOf('reference', reference, ['uniform', 'normal'] as const);
  integer('n', n, 1, LEJA_MAX_POINTS);
  const key = `leja-seq#${reference}`;
  const have = lejaSeqs.get(key) ?? [0];
  const lim = reference === 'uniform' ? 1 : 60; // weighted Leja points of the normal stay within ~2 sqrt(n) (500 points: 45)
  const logw = reference === 'uniform' ? (_x: number) => 0 : (x: number) => -x * x / 4;
  const objective = (x: number): number => {
    let s = logw(x);
    for (const p of have) s += dm.log(Math.abs(x - p));
    return s;
  };
  const slope = (x: number): number => {
    // d/dx of the objective: sum 1/(x - x_j) + (log sqrt w)'(x)
    let s = reference === 'uniform' ? 0 : -x / 2;
    for (const p of have) s += 1 / (x - p);
    return s;
  };
  const M = 4001;
  const cand = (i: number): number => (reference === 'uniform' ? dm.cospi(i / (M - 1)) : lim - (2 * lim * i) / (M - 1));
  while (have.length < n) {
    // The best point of a fine grid (cosine-spaced on the interval), then the maximum
    // between its neighbours by bisection on the derivative (to the last bit), unless the
    // maximum is at an end of the interval.
    let best = -Infinity, bi = -1;
    for (let i = 0; i < M; i++) {
      const v = objective(cand(i));
      if (v > best) { best = v; bi = i; }
    }
    let x = cand(bi);
    if (bi > 0 && bi < M - 1) {
      let lo = cand(bi + 1), hi = cand(bi - 1); // candidates descend with i
      if (slope(lo) > 0 && slope(hi) < 0) {
        for (;;) {
          const mid = lo + (hi - lo) / 2;
          if (mid <= lo || mid >= hi) break;
          if (slope(mid) > 0) lo = mid; else hi = mid;
        }
        // lo and hi are adjacent doubles around the maximum, where the objective is flat to
        // rounding: take the one where the derivative is closer to 0.
        x = Math.abs(slope(lo)) <= Math.abs(slope(hi)) ? lo : hi;
      }
    }
    have.push(x);
  }
  lejaSeqs.set(key, have);
  return Float64Array.from(have.slice(0, n));
}
const lejaSeqs = new Map<string, number[]>();

/** Leja rule with n points (sorted) and interpolatory weights for the reference measure. */
export function lejaRule(reference: 'uniform' | 'normal', n: number): Rule1D {
  return cachedRef(`leja#${reference}#${n}`, () => {
    const nodes = lejaSequence(reference, n).slice().sort();
    return { nodes, weights: interpolatoryWeights(nodes, reference === 'uniform' ? legendreRecurrence(n) : hermiteRecurrence(n)) };
  });
}

/** The reference measure a rule is built for, given the distribution it serves. */
function referenceOf(rule: RuleName, dist: Distribution): 'uniform' | 'normal' {
  if (rule === 'genz-keister') return 'normal';
  if (rule === 'leja') {
    if (dist.kind === 'normal') return 'normal';
    if (dist.kind === 'uniform') return 'uniform';
    return Number.isFinite(dist.support[0]) && Number.isFinite(dist.support[1]) ? 'uniform' : 'normal';
  }
  return 'uniform';
}

const STANDARD_NORMAL = new Normal(0, 1);

/** Maps reference nodes z into the distribution's space (see the header comment). */
function mapNodes(dist: Distribution, reference: 'uniform' | 'normal', z: Float64Array, rule: RuleName): Float64Array {
  const q = dist as unknown as Record<string, number>;
  const x = new Float64Array(z.length);
  if (reference === 'uniform' && dist.kind === 'uniform') {
    const c = (q.low! + q.high!) / 2, h = (q.high! - q.low!) / 2;
    for (let i = 0; i < z.length; i++) x[i] = c + h * z[i]!;
    // Keep the ends exact.
    for (let i = 0; i < z.length; i++) if (z[i] === -1) x[i] = q.low!; else if (z[i] === 1) x[i] = q.high!;
    return x;
  }
  if (reference === 'normal' && dist.kind === 'normal') {
    for (let i = 0; i < z.length; i++) x[i] = q.mean! + q.std! * z[i]!;
    return x;
  }
  for (let i = 0; i < z.length; i++) {
    // The upper half through the complementary functions, so that symmetric distributions
    // get exactly symmetric nodes and the upper tail keeps its accuracy.
    const zi = z[i]!;
    const v = reference === 'uniform'
      ? zi > 0 ? dist.isf((1 - zi) / 2) : dist.ppf((1 + zi) / 2)
      : zi > 0 ? dist.isf(STANDARD_NORMAL.sf(zi)) : dist.ppf(STANDARD_NORMAL.cdf(zi));
    if (!Number.isFinite(v)) {
      throw new InvalidArgumentError({
        field: 'rule', value: rule,
        expected: `a rule without the ends of the interval for ${String(dist)}, whose support is unbounded`,
        hint: "use 'fejer2', 'patterson', 'genz-keister', 'leja' or 'gauss'",
      });
    }
    x[i] = v;
  }
  return x;
}

/**
 * The 1-D rule `rule` with `n` points for `dist` (n must be a size of the rule's sequence for
 * clenshaw-curtis, fejer2, patterson and genz-keister). Nodes in the distribution's space,
 * probability weights. Nested rules give bit-identical nodes at every size that shares them.
 */
export function rule1d(dist: Distribution, rule: RuleName, n: number): Rule1D {
  checkDist(dist);
  oneOf('rule', rule, RULES);
  integer('n', n, 1, rule === 'leja' ? LEJA_MAX_POINTS : GAUSS_MAX_POINTS);
  if (rule === 'gauss') return gauss(dist, n);
  const seq = SEQUENCES[rule];
  if (seq && !seq.includes(n)) {
    throw new InvalidArgumentError({ field: 'n', value: n, expected: `one of the sizes of '${rule}': ${seq.join(', ')}` });
  }
  const reference = referenceOf(rule, dist);
  let ref: Rule1D;
  switch (rule) {
    case 'clenshaw-curtis':
    case 'fejer2':
      ref = chebyshev(rule, n);
      break;
    case 'patterson':
      ref = pattersonRule(seq!.indexOf(n));
      break;
    case 'genz-keister':
      ref = genzKeisterRule(seq!.indexOf(n));
      break;
    case 'leja':
      ref = lejaRule(reference, n);
      break;
  }
  return { nodes: mapNodes(dist, reference, ref.nodes, rule), weights: ref.weights.slice() };
}

/** The rule of `level` under `growth` (see Growth). */
export function ruleAtLevel(dist: Distribution, rule: RuleName, level: number, growth?: Growth): Rule1D {
  return rule1d(dist, rule, ruleSize(rule, level, growth));
}
