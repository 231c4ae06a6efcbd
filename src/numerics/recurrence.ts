// Three-term recurrences of orthogonal polynomials and the WebAssembly kernels built on them
// (Gauss rules, discretised Stieltjes, interpolatory weights, polynomial values).
//
// Convention: monic polynomials pi_{k+1}(x) = (x - alpha_k) pi_k(x) - beta_k pi_{k-1}(x),
// beta_0 = total mass (1 for a probability measure). The orthonormal polynomials are
// p_k = pi_k / sqrt(beta_0 ... beta_k).
import { check, Status } from '../core/status.js';
import { core } from '../core/wasm.js';
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';

/** Recurrence coefficients alpha_0..alpha_{n-1}, beta_0..beta_{n-1} (beta_0 = mass). */
export interface Recurrence {
  /** alpha_k: the diagonal of the Jacobi matrix. */
  readonly alpha: Float64Array;
  /** beta_k: the squared off-diagonal of the Jacobi matrix (beta_0 the total mass). */
  readonly beta: Float64Array;
}

/** A one-dimensional quadrature rule: ascending nodes and weights. */
export interface Rule1D {
  /** The nodes, ascending. */
  readonly nodes: Float64Array;
  /** The weight of each node. */
  readonly weights: Float64Array;
}

/** Checks a recurrence argument: Float64Arrays with at least `need` finite coefficients. */
function checkRecurrence(r: unknown, need: number, field = 'recurrence'): Recurrence {
  const rec = r as Recurrence;
  if (r === null || typeof r !== 'object' || !(rec.alpha instanceof Float64Array) || !(rec.beta instanceof Float64Array)) {
    throw new InvalidArgumentError({ field, value: r, expected: 'an object { alpha, beta } of Float64Arrays' });
  }
  if (rec.alpha.length < need || rec.beta.length < need) {
    throw new InvalidArgumentError({ field, value: Math.min(rec.alpha.length, rec.beta.length), expected: `at least ${need} coefficients in alpha and beta` });
  }
  return rec;
}

function checkPoints(field: string, x: unknown, min = 0): Float64Array {
  if (!(x instanceof Float64Array) || x.length < min) {
    throw new InvalidArgumentError({ field, value: x, expected: `a Float64Array${min ? ` of at least ${min} values` : ''}` });
  }
  return x;
}

/** Uniform on [-1, 1] (Legendre), probability measure. */
export function legendreRecurrence(n: number): Recurrence {
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  if (n > 0) beta[0] = 1;
  for (let k = 1; k < n; k++) beta[k] = (k * k) / (4 * k * k - 1);
  return { alpha, beta };
}

/** Standard normal (probabilists' Hermite). */
export function hermiteRecurrence(n: number): Recurrence {
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  if (n > 0) beta[0] = 1;
  for (let k = 1; k < n; k++) beta[k] = k;
  return { alpha, beta };
}

/** Gamma(shape, 1): generalised Laguerre with parameter shape - 1, probability measure. */
export function laguerreRecurrence(n: number, shape: number): Recurrence {
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    alpha[k] = 2 * k + shape;
    beta[k] = k === 0 ? 1 : k * (k + shape - 1);
  }
  return { alpha, beta };
}

/**
 * Beta(p, q) on [0, 1] (density ∝ x^(p-1) (1-x)^(q-1)): the Jacobi recurrence with
 * A = q - 1, B = p - 1 moved to [0, 1], written in factored forms that keep full relative
 * accuracy near 0 and avoid 0/0 at the special parameter values.
 */
export function betaRecurrence(n: number, p: number, q: number): Recurrence {
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  const A = q - 1;
  const B = p - 1;
  for (let k = 0; k < n; k++) {
    if (k === 0) {
      alpha[0] = p / (p + q);
      beta[0] = 1;
      continue;
    }
    const s = 2 * k + A + B;
    // alpha_k = (1 + alpha_k^Jacobi) / 2 = [2k(k+A+B+1) + (B+1)(A+B)] / (s (s+2))
    alpha[k] = (2 * k * (k + A + B + 1) + (B + 1) * (A + B)) / (s * (s + 2));
    // beta_k = k (k+A)(k+B)(k+A+B) / (s^2 (s+1)(s-1)); for k = 1, (k+A+B)/(s-1) = 1.
    const ratio = k === 1 ? 1 : (k + A + B) / (s - 1);
    beta[k] = ((k * (k + A) * (k + B)) / (s * s * (s + 1))) * ratio;
  }
  return { alpha, beta };
}

/**
 * The uniform distribution on the N integers -(N-1)/2 .. (N-1)/2 (discrete Chebyshev or Gram
 * polynomials): alpha_k = 0, beta_k = k^2 (N^2 - k^2) / (4 (4k^2 - 1)). n <= N.
 */
export function discreteUniformRecurrence(n: number, N: number): Recurrence {
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  if (n > 0) beta[0] = 1;
  for (let k = 1; k < n; k++) beta[k] = (k * k * (N * N - k * k)) / (4 * (4 * k * k - 1));
  return { alpha, beta };
}

/** The recurrence of the measure moved by x -> shift + scale * x. */
export function affineRecurrence(r: Recurrence, shift: number, scale: number): Recurrence {
  const n = r.alpha.length;
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    alpha[k] = shift + scale * r.alpha[k]!;
    beta[k] = k === 0 ? r.beta[0]! : scale * scale * r.beta[k]!;
  }
  return { alpha, beta };
}

/**
 * The n-point Gauss rule of a recurrence (n coefficients needed). `symmetric` declares the
 * measure symmetric about 0, making the rule exactly symmetric.
 */
export function gaussFromRecurrence(r: Recurrence, n: number, symmetric = false): Rule1D {
  integer('n', n, 1);
  checkRecurrence(r, n);
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const pa = a.copyIn(r.alpha.subarray(0, n));
    const pb = a.copyIn(r.beta.subarray(0, n));
    const nodes = a.alloc(8 * n);
    const weights = a.alloc(8 * n);
    const work = a.alloc(8 * n);
    check('gaussRule', k.gaussRule(n, pa, pb, nodes, weights, work, symmetric ? 1 : 0), {
      [Status.VALUE]: { field: 'recurrence', value: n, expected: 'finite alpha and positive finite beta coefficients' },
      [Status.CONVERGE]: { field: 'n', value: n, expected: 'a size for which the Jacobi matrix eigenvalues converge', hint: 'report this as a bug with the distribution and n' },
    });
    return { nodes: a.copyOut(nodes, new Float64Array(n)), weights: a.copyOut(weights, new Float64Array(n)) };
  });
}

/** Recurrence coefficients (n of them) of the discrete measure sum_j w_j delta(x_j). */
export function stieltjes(x: Float64Array, w: Float64Array, n: number): Recurrence {
  const m = x.length;
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const px = a.copyIn(x);
    const pw = a.copyIn(w);
    const pa = a.alloc(8 * n);
    const pb = a.alloc(8 * n);
    const work = a.alloc(16 * m);
    check('stieltjes', k.stieltjes(m, px, pw, n, pa, pb, work), {
      [Status.VALUE]: { field: 'n', value: n, expected: `at most the number of support points with positive weight (of ${m})` },
    });
    return { alpha: a.copyOut(pa, new Float64Array(n)), beta: a.copyOut(pb, new Float64Array(n)) };
  });
}

/**
 * Weights of the interpolatory rule on `nodes` for the measure of recurrence `r` (at least
 * nodes.length coefficients): exact for every polynomial of degree < nodes.length.
 */
export function interpolatoryWeights(nodes: Float64Array, r: Recurrence): Float64Array {
  checkPoints('nodes', nodes, 1);
  const n = nodes.length;
  checkRecurrence(r, n);
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const px = a.copyIn(nodes);
    const pa = a.copyIn(r.alpha.subarray(0, n));
    const pb = a.copyIn(r.beta.subarray(0, n));
    const pw = a.alloc(8 * n);
    const work = a.alloc(8 * n * (n + 2));
    check('interpolatoryWeights', k.interpolatoryWeights(n, px, pa, pb, pw, work), {
      [Status.CONVERGE]: { field: 'nodes', value: nodes, expected: 'distinct nodes' },
      [Status.VALUE]: { field: 'nodes', value: nodes, expected: 'finite nodes' },
    });
    return a.copyOut(pw, new Float64Array(n));
  });
}

/**
 * Values of the orthonormal polynomials p_0..p_deg of `r` (deg + 1 coefficients) at the
 * points x: row-major, out[i * (deg + 1) + k] = p_k(x[i]).
 */
export function orthonormalValues(r: Recurrence, deg: number, x: Float64Array): Float64Array {
  integer('deg', deg, 0, 100_000);
  checkRecurrence(r, deg + 1);
  checkPoints('x', x);
  const m = x.length;
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const pa = a.copyIn(r.alpha.subarray(0, deg + 1));
    const pb = a.copyIn(r.beta.subarray(0, deg + 1));
    const px = a.copyIn(x);
    const out = a.alloc(8 * m * (deg + 1));
    check('orthonormalValues', k.orthonormalValues(deg, pa, pb, m, px, out), {
      [Status.VALUE]: { field: 'recurrence', value: deg, expected: 'finite alpha and positive beta coefficients' },
    });
    return a.copyOut(out, new Float64Array(m * (deg + 1)));
  });
}

/** Clenshaw–Curtis (n points) or Fejér's second rule on [-1, 1], probability weights. */
export function chebyshevRule(kind: 'clenshaw-curtis' | 'fejer2', n: number): Rule1D {
  const { exports: k, arena } = core();
  return arena.scope((a) => {
    const nodes = a.alloc(8 * n);
    const weights = a.alloc(8 * n);
    const work = a.alloc(16 * (n + 1));
    const status = kind === 'clenshaw-curtis' ? k.clenshawCurtis(n, nodes, weights, work) : k.fejer2(n, nodes, weights, work);
    check(kind === 'clenshaw-curtis' ? 'clenshawCurtis' : 'fejer2', status);
    return { nodes: a.copyOut(nodes, new Float64Array(n)), weights: a.copyOut(weights, new Float64Array(n)) };
  });
}
