// Stochastic collocation: the Lagrange interpolant of the model on a tensor or Smolyak sparse
// grid, rewritten exactly as a polynomial chaos expansion in the orthonormal polynomials of
// the inputs, so that Sobol' indices (and a surrogate for percentiles) come from its
// coefficients.
//
// A tensor grid with m_j nodes in input j interpolates in the tensor space of degrees < m_j.
// Its coefficients in the orthonormal basis solve V c = y with V = V_1 (x) ... (x) V_d,
// V_j[i][k] = psi_k(x_i) the 1-D Vandermonde matrix in the orthonormal basis, so
// c = (V_1^-1 (x) ... (x) V_d^-1) y: one small inverse per input and level, applied mode by
// mode. (On a Gauss grid V_j^-1 = V_j^T diag(w), i.e. the discrete projection; for
// Clenshaw–Curtis or Leja nodes the projection would not give the interpolant.)
// A sparse grid's interpolant is the combination sum_l c_l I_l of the tensor interpolants of
// its component grids (the same combination coefficients as its quadrature, Gerstner & Griebel
// 1998), so its expansion is sum_l c_l times the component expansions; for nested rules every
// component's nodes are nodes of the sparse grid.
import { checkMemory } from '../core/budget.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { Distribution } from '../distributions/index.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { basisMatrix, PCE } from '../numerics/pce.js';
import { ruleAtLevel, ruleSize, type Growth, type RuleName } from '../numerics/rules.js';

/** The component grids of an interpolant: level multi-indices with their combination coefficients. */
export interface Components {
  /** The level multi-index of each component grid. */
  readonly levels: readonly (readonly number[])[];
  /** The combination coefficient of each component grid. */
  readonly coefficients: readonly number[];
  /** The 1-D rule and growth per input. */
  readonly rules: readonly RuleName[];
  /** The growth of the 1-D rule of each input. */
  readonly growth: readonly Growth[];
}

/** The inverse of the n x n row-major matrix A (Gauss–Jordan with partial pivoting). */
function invert(A: Float64Array, n: number): Float64Array {
  const a = A.slice();
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r;
    const piv = a[p * n + c]!;
    if (!(Math.abs(piv) > 0)) throw new InvalidArgumentError({ field: 'grid', value: n, expected: 'distinct interpolation nodes per input (a singular Vandermonde matrix)' });
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        [a[p * n + k], a[c * n + k]] = [a[c * n + k]!, a[p * n + k]!];
        [inv[p * n + k], inv[c * n + k]] = [inv[c * n + k]!, inv[p * n + k]!];
      }
    }
    for (let k = 0; k < n; k++) {
      a[c * n + k]! /= piv;
      inv[c * n + k]! /= piv;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k]! -= f * a[c * n + k]!;
        inv[r * n + k]! -= f * inv[c * n + k]!;
      }
    }
  }
  return inv;
}

/** Grid coordinates as a lookup key (String round-trips doubles exactly; -0 and 0 are one node). */
export const pointKey = (xs: ArrayLike<number>): string => Array.from(xs, (x) => String(x)).join(',');

/**
 * The interpolant of the values `Y` (rows = points of the grid, q columns) as a PCE over
 * `dists`. `points` are the grid's points (one per row of Y); every node of every component
 * grid with a non-zero coefficient must be among them.
 */
export function interpolantPCE(dists: readonly Distribution[], points: Matrix, Y: Matrix, comp: Components): PCE {
  const d = dists.length, q = Y.cols;
  // The largest component grid's values twice (mode by mode) and the expansion's coefficients
  // (at most one term per point of each component, a bound).
  let largest = 0, bound = 0;
  comp.levels.forEach((level, t) => {
    if (comp.coefficients[t] === 0) return;
    const size = level.reduce((s, l, j) => s * ruleSize(comp.rules[j]!, l, comp.growth[j]!), 1);
    largest = Math.max(largest, size);
    bound += size;
  });
  checkMemory('Y', q, 8 * q * (2 * largest + bound), `the interpolant of ${q} outputs on ${points.rows} points`, 'js', 'analyse fewer outputs at a time');
  const rowOf = new Map<string, number>();
  for (let i = 0; i < points.rows; i++) rowOf.set(pointKey(points.data.subarray(i * d, (i + 1) * d)), i);
  // 1-D nodes and inverse Vandermonde matrices per input and level (cached).
  const axes = new Map<string, { nodes: Float64Array; inv: Float64Array }>();
  const axis = (j: number, l: number) => {
    const key = `${j}:${l}`;
    let a = axes.get(key);
    if (!a) {
      const nodes = ruleAtLevel(dists[j]!, comp.rules[j]!, l, comp.growth[j]!).nodes.map((x) => (x === 0 ? 0 : x));
      const m = nodes.length;
      const V = basisMatrix([dists[j]!], Array.from({ length: m }, (_, k) => [k]), matrix(nodes, m, 1));
      a = { nodes, inv: invert(V, m) };
      axes.set(key, a);
    }
    return a;
  };
  const acc = new Map<string, { index: number[]; c: Float64Array }>();
  comp.levels.forEach((level, t) => {
    const coef = comp.coefficients[t]!;
    if (coef === 0) return;
    const ax = level.map((l, j) => axis(j, l));
    const sizes = ax.map((a) => a.nodes.length);
    const total = sizes.reduce((s, v) => s * v, 1);
    // Values on the component's tensor grid, row-major (last input fastest), q per point.
    let T = new Float64Array(total * q);
    const idx = new Array<number>(d).fill(0);
    const x = new Float64Array(d);
    for (let p = 0; p < total; p++) {
      for (let j = 0; j < d; j++) x[j] = ax[j]!.nodes[idx[j]!]!;
      const row = rowOf.get(pointKey(x));
      if (row === undefined) throw new InvalidArgumentError({ field: 'grid', value: Array.from(x), expected: 'a node of the sparse grid (every component node must have a model value)' });
      T.set(Y.data.subarray(row * q, (row + 1) * q), p * q);
      for (let j = d - 1; j >= 0; j--) {
        if (++idx[j]! < sizes[j]!) break;
        idx[j] = 0;
      }
    }
    // Apply V_j^-1 along mode j: T[pre, i, post] -> sum_i inv[a][i] T[pre, i, post].
    let post = total * q;
    for (let j = 0; j < d; j++) {
      const m = sizes[j]!;
      post /= m;
      const pre = (total * q) / (post * m);
      const inv = ax[j]!.inv;
      const out = new Float64Array(T.length);
      for (let b = 0; b < pre; b++) {
        const base = b * m * post;
        for (let aa = 0; aa < m; aa++) {
          const o = base + aa * post;
          for (let i = 0; i < m; i++) {
            const f = inv[aa * m + i]!;
            if (f === 0) continue;
            const s = base + i * post;
            for (let r = 0; r < post; r++) out[o + r]! += f * T[s + r]!;
          }
        }
      }
      T = out;
    }
    // Accumulate coef * (component coefficients) by multi-index.
    idx.fill(0);
    for (let p = 0; p < total; p++) {
      const key = idx.join(',');
      let e = acc.get(key);
      if (!e) acc.set(key, (e = { index: idx.slice(), c: new Float64Array(q) }));
      for (let o = 0; o < q; o++) e.c[o]! += coef * T[p * q + o]!;
      for (let j = d - 1; j >= 0; j--) {
        if (++idx[j]! < sizes[j]!) break;
        idx[j] = 0;
      }
    }
  });
  // Graded order, then decreasing lexicographic (multiIndices' order): the constant term first.
  const deg = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0);
  const terms = [...acc.values()].sort((u, v) => deg(u.index) - deg(v.index) || v.index.reduce((c, w, i) => c || w - u.index[i]!, 0));
  if (terms.length === 0 || deg(terms[0]!.index) !== 0) terms.unshift({ index: new Array<number>(d).fill(0), c: new Float64Array(q) });
  const C = new Float64Array(terms.length * q);
  terms.forEach((t, k) => C.set(t.c, k * q));
  return new PCE(dists, terms.map((t) => t.index), matrix(C, terms.length, q), { method: 'projection', points: points.rows });
}
