// Derivatives of a polynomial chaos expansion. The derivative of an orthonormal polynomial
// p_n of an input's distribution is a polynomial of degree n - 1, so it is a combination of
// p_0 .. p_{n-1}: p_n' = sum_m D[n][m] p_m. Differentiating the three-term recurrence
//   sqrt(b_{n+1}) p_{n+1} = (x - a_n) p_n - sqrt(b_n) p_{n-1}
// and writing x p_m = sqrt(b_{m+1}) p_{m+1} + a_m p_m + sqrt(b_m) p_{m-1} gives D row by row:
//   sqrt(b_{n+1}) D[n+1] = e_n + (x - a_n) D[n] - sqrt(b_n) D[n-1],
// with no monomial coefficients anywhere. The derivative of a PCE in input j is then another
// PCE of the same distributions (each term's degree in j lowered), evaluated by the same
// basis kernel as the expansion itself.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { integer } from '../core/validate.js';
import { matrix, type Matrix } from './matrix.js';
import { recurrence } from './quadrature.js';
import { PCE } from './pce.js';

/**
 * D (deg + 1 rows of deg + 1): row n holds the coefficients of p_n' in p_0 .. p_{n-1}, for
 * the orthonormal polynomials of the recurrence (alpha, beta), beta[0] the measure's mass.
 */
export function derivativeMatrix(alpha: Float64Array, beta: Float64Array, deg: number): Float64Array[] {
  const D = Array.from({ length: deg + 1 }, () => new Float64Array(deg + 1));
  // p_0 = 1 / sqrt(b_0) is constant: D[0] = 0. Rows are built from the two before them.
  for (let n = 0; n < deg; n++) {
    const next = D[n + 1]!, cur = D[n]!, prev = n > 0 ? D[n - 1]! : undefined;
    const sb = Math.sqrt(beta[n + 1]!);
    // e_n: p_n itself (from the derivative of x).
    next[n]! += 1;
    // (x - a_n) sum_m cur[m] p_m
    for (let m = 0; m < n; m++) {
      const c = cur[m]!;
      if (c === 0) continue;
      next[m + 1]! += c * Math.sqrt(beta[m + 1]!);
      next[m]! += c * (alpha[m]! - alpha[n]!);
      if (m > 0) next[m - 1]! += c * Math.sqrt(beta[m]!);
    }
    if (prev && n > 0) {
      const s = Math.sqrt(beta[n]!);
      for (let m = 0; m < n; m++) next[m]! -= s * prev[m]!;
    }
    for (let m = 0; m <= n; m++) next[m]! /= sb;
  }
  return D;
}

/**
 * The partial derivative of `pce` in input `input` (0-based) as a PCE of the same
 * distributions and outputs: every term c_k Psi_k contributes c_k D[a][m] to the term with
 * the degree a of that input replaced by m < a (see derivativeMatrix). Its constant term
 * comes first; the other terms keep the order in which they first appear. The result is
 * exact up to rounding (a polynomial's derivative is a polynomial of the same basis).
 *
 * @throws {@link InvalidArgumentError} when `input` is not an integer in 0..d-1.
 */
export function pceDerivative(pce: PCE, input: number): PCE {
  const d = pce.dists.length;
  const j = integer('input', input, 0, d - 1);
  const q = pce.outputs;
  let deg = 0;
  for (const a of pce.indices) deg = Math.max(deg, a[j]!);
  const rec = recurrence(pce.dists[j]!, deg + 1);
  const D = derivativeMatrix(rec.alpha, rec.beta, deg);
  const zero = new Array<number>(d).fill(0);
  const at = new Map<string, number>([[zero.join(','), 0]]);
  const indices: number[][] = [zero];
  const rows: Float64Array[] = [new Float64Array(q)];
  const c = pce.coefficients.data;
  pce.indices.forEach((a, k) => {
    const n = a[j]!;
    for (let m = 0; m < n; m++) {
      const f = D[n]![m]!;
      if (f === 0) continue;
      const b = a.slice();
      b[j] = m;
      const key = b.join(',');
      let t = at.get(key);
      if (t === undefined) {
        t = indices.length;
        at.set(key, t);
        indices.push(b);
        rows.push(new Float64Array(q));
      }
      const r = rows[t]!;
      for (let o = 0; o < q; o++) r[o]! += f * c[k * q + o]!;
    }
  });
  const data = new Float64Array(indices.length * q);
  rows.forEach((r, t) => data.set(r, t * q));
  // How the expansion was made, without its fit's error estimates (which are not the derivative's).
  return new PCE(pce.dists, indices, matrix(data, indices.length, q), { method: pce.info.method, points: pce.info.points });
}

/**
 * The gradient of every output of `pce` at the points X (N x d): a Float64Array of N x q x d
 * values, element (i * q + o) * d + j the derivative of output o in input j at point i.
 *
 * @throws {@link ShapeError} when X is not a Matrix with one column per input.
 */
export function pceGradient(pce: PCE, X: Matrix): Float64Array {
  const d = pce.dists.length, q = pce.outputs;
  if (!X || !(X.data instanceof Float64Array) || X.cols !== d || X.data.length !== X.rows * X.cols) {
    throw new ShapeError({ field: 'X', value: X, expected: `a Matrix with ${d} columns (one per input)` });
  }
  const n = X.rows;
  const out = new Float64Array(n * q * d);
  for (let j = 0; j < d; j++) {
    const y = pceDerivative(pce, j).predict(X).data;
    for (let i = 0; i < n; i++) for (let o = 0; o < q; o++) out[(i * q + o) * d + j] = y[i * q + o]!;
  }
  return out;
}

/**
 * The covariance of the outputs of two PCEs of the same input distributions: the sum, over
 * the non-constant multi-indices both have, of the products of their coefficients (the basis
 * is orthonormal). Element a * qb + b: output a of `x` with output b of `y`. Exact for the
 * expansions (no sampling).
 *
 * @throws {@link InvalidArgumentError} when the two expansions' distributions differ.
 */
export function pceCovariance(x: PCE, y: PCE): Float64Array {
  const same = x.dists.length === y.dists.length && x.dists.every((dx, j) => JSON.stringify(dx.toJSON()) === JSON.stringify(y.dists[j]!.toJSON()));
  if (!same) throw new InvalidArgumentError({ field: 'y', value: y.dists.map((dist) => dist.toJSON()), expected: 'a PCE of the same input distributions' });
  const qx = x.outputs, qy = y.outputs;
  const at = new Map<string, number>();
  y.indices.forEach((a, k) => { if (k > 0) at.set(a.join(','), k); });
  const cov = new Float64Array(qx * qy);
  const cx = x.coefficients.data, cy = y.coefficients.data;
  x.indices.forEach((a, k) => {
    if (a.every((v) => v === 0)) return;
    const l = at.get(a.join(','));
    if (l === undefined) return;
    for (let o = 0; o < qx; o++) for (let p = 0; p < qy; p++) cov[o * qy + p]! += cx[k * qx + o]! * cy[l * qy + p]!;
  });
  return cov;
}
