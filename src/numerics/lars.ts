// Least angle regression with leave-one-out model selection ("hybrid LARS") for sparse
// polynomial chaos: LARS (Efron, Hastie, Johnstone & Tibshirani, Ann. Stat. 32, 2004) orders
// the basis columns by when they enter the model; each active set along the path is refitted
// by ordinary least squares and scored by its closed-form leave-one-out error (Allen's PRESS),
// optionally with the small-sample correction of Chapelle, Vapnik & Bengio (Mach. Learn. 48,
// 2002) as used by Blatman & Sudret (J. Comput. Phys. 230, 2011); the best-scoring set is kept.
// Pure TypeScript: the work is O(N P) per step for the correlations plus O(N k) for the
// orthogonalisation of the k-th entering column.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { integer, knownKeys, options as optionsObject } from '../core/validate.js';

export interface LarsOptions {
  /**
   * Multiply each leave-one-out error by the correction factor
   * T(P, N) = N / (N - P) * (1 + tr(C_emp^-1) / N), C_emp = A^T A / N for the N x P matrix A of
   * the model's columns (constant included), which counters the optimism of PRESS for small N
   * (Blatman & Sudret 2011, eq. 31). Default false.
   */
  readonly modifiedLOO?: boolean;
}

export interface LarsResult {
  /** Basis columns of the best model, in order of entry (column 0, the constant, first). */
  readonly chosen: number[];
  /** Least-squares coefficients of the `chosen` columns (same order). */
  readonly coef: Float64Array;
  /**
   * Relative leave-one-out error of the best model: PRESS / sum_i (y_i - mean y)^2, times
   * T(P, N) with `modifiedLOO`. 0 when y is constant.
   */
  readonly loo: number;
  /** The active set after each step: path[0] = [0], path[k] = path[k-1] plus the k-th entering column. */
  readonly path: number[][];
  /** The (relative, possibly corrected) leave-one-out error of the least-squares fit on each path[k]. */
  readonly pathLoo: number[];
  /**
   * The LARS estimate (not the least-squares refit) at the knot where path[k]'s last column
   * entered: coefficients of the columns of path[k], in that order. With y - psi * larsCoef[k]
   * as residual, the active columns of path[k] (the constant apart) have equal absolute
   * correlation, and no inactive column a larger one.
   */
  readonly larsCoef: Float64Array[];
}

/** A column whose part orthogonal to the active ones has a norm below DEPENDENT times its centred norm is skipped. */
const DEPENDENT = 1e-10;
/**
 * Correlations below VANISH times the first (largest) one count as zero. When y lies in the
 * span of the active columns, the LARS residual is (C / A) u, every inactive column ties at
 * the full step gamma = C / A, and the correlations fall to rounding level there: this is
 * what stops the path at an exact sparse fit instead of adding columns that fit rounding.
 */
const VANISH = 1e-13;

/**
 * Orthogonalises v in place against the orthonormal columns Q by modified Gram-Schmidt, run
 * twice (enough for orthogonality to working precision, Giraud et al. 2005). Returns the
 * coefficients of v on Q (summed over both passes) followed by the norm of what is left.
 */
export function orthogonalise(v: Float64Array, Q: readonly Float64Array[]): Float64Array {
  const n = v.length, k = Q.length;
  const rcol = new Float64Array(k + 1);
  for (let pass = 0; pass < 2; pass++) {
    for (let s = 0; s < k; s++) {
      const qs = Q[s]!;
      let d = 0;
      for (let i = 0; i < n; i++) d += qs[i]! * v[i]!;
      for (let i = 0; i < n; i++) v[i]! -= d * qs[i]!;
      rcol[s]! += d;
    }
  }
  let rho = 0;
  for (let i = 0; i < n; i++) rho += v[i]! * v[i]!;
  rcol[k] = Math.sqrt(rho);
  return rcol;
}

/**
 * Hybrid LARS on the column-major n x P basis matrix `psi` (column 0 must be the constant
 * term) and the n outputs `y`.
 *
 * The constant column. LARS is run on the other columns after centring them and y (and
 * scaling the centred columns to unit norm, as Efron et al. assume): the constant is
 * always in the model and never competes. Centring is the same as treating column 0 as active
 * from the start with its coefficient always at the least-squares value, because every LARS
 * residual is then orthogonal to the constant; and since the residual has zero mean, the
 * correlation of a centred column with it equals that of the raw column. Treating column 0 as
 * an ordinary LARS variable instead would make the constant compete for entry and, with a
 * mean far from zero, distort the first steps.
 *
 * LARS proper (drop-free: the lasso modification, which removes a variable whose coefficient
 * changes sign, is not applied; the path is Efron et al.'s LARS). With s the signs of the
 * active correlations and G the Gram matrix of the active (centred, unit) columns X_A, the
 * equiangular direction is u = A X_A G^-1 s with A = (s^T G^-1 s)^-1/2; all active
 * correlations then fall at the same rate A. The step is
 * gamma = min+ over inactive j of (C - c_j) / (A - a_j), (C + c_j) / (A + a_j), a = X^T u, and
 * the column that attains it enters. G is kept as its Cholesky factor L = R^T, where X_A = Q R
 * is a thin QR of the active columns grown by one Gram-Schmidt column (modified, twice) per
 * step: appending a column to Q R appends a row to L, so G is never refactorised, and L comes
 * from orthogonalisation rather than from forming G (better conditioned). A column whose
 * orthogonal part is below DEPENDENT of its norm is dependent on the active set and is
 * skipped for good; LARS then continues along the same direction.
 *
 * Hybrid selection. After each entry the least-squares fit on the active set (constant
 * included) and its leverages h_ii = 1/n + sum_k Q_ik^2 come from the same Q, so the
 * leave-one-out residuals r_i / (1 - h_ii) cost O(n) per step; the active set with the
 * smallest error is returned, refitted by least squares (back substitution in R).
 *
 * Stops after `maxSteps` entries, when the model has min(P, n - 1) terms (constant included:
 * a model with n terms interpolates and has no leave-one-out error), when the correlations
 * vanish (LARS reached the least-squares fit of its active set, which is where an exact
 * sparse fit ends, or every inactive column was skipped).
 */
export function larsSelect(psi: Float64Array, n: number, P: number, y: Float64Array, maxSteps: number, opts?: LarsOptions): LarsResult {
  integer('n', n, 2);
  integer('P', P, 1);
  if (!(psi instanceof Float64Array) || psi.length !== n * P) throw new ShapeError({ field: 'psi', value: psi, expected: `a column-major Float64Array of n * P = ${n} * ${P} values` });
  if (!(y instanceof Float64Array) || y.length !== n) throw new ShapeError({ field: 'y', value: y, expected: `a Float64Array of n = ${n} values` });
  integer('maxSteps', maxSteps, 0);
  const o = optionsObject<LarsOptions>('options', opts);
  knownKeys('options', o, ['modifiedLOO']);
  if (o.modifiedLOO !== undefined && typeof o.modifiedLOO !== 'boolean') throw new InvalidArgumentError({ field: 'options.modifiedLOO', value: o.modifiedLOO, expected: 'true or false' });
  const modified = o.modifiedLOO === true;
  const psi0 = psi[0]!;
  for (let i = 0; i < n; i++) {
    const v = psi[i]!;
    if (!Number.isFinite(v) || v === 0 || Math.abs(v - psi0) > 1e-12 * Math.abs(psi0)) {
      throw new InvalidArgumentError({ field: 'psi', value: v, expected: `a constant, non-zero column 0 (the mean term), but row ${i} holds ${v} and row 0 ${psi0}` });
    }
  }
  for (let i = 0; i < n * P; i++) {
    if (!Number.isFinite(psi[i]!)) throw new InvalidArgumentError({ field: `psi[${i}]`, value: psi[i], expected: `a finite number (column ${Math.floor(i / n)}, row ${i % n})` });
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new InvalidArgumentError({ field: `y[${i}]`, value: y[i], expected: 'a finite number' });

  // Centred outputs; column means m_j and centred norms nu_j.
  let ymean = 0;
  for (let i = 0; i < n; i++) ymean += y[i]!;
  ymean /= n;
  const yc = new Float64Array(n);
  let vary = 0;
  for (let i = 0; i < n; i++) { yc[i] = y[i]! - ymean; vary += yc[i]! ** 2; }
  const mean = new Float64Array(P);
  const nu = new Float64Array(P);
  const excluded = new Uint8Array(P); // 1: active or skipped
  excluded[0] = 1;
  for (let j = 1; j < P; j++) {
    const col = j * n;
    let s = 0, ss = 0;
    for (let i = 0; i < n; i++) s += psi[col + i]!;
    const m = s / n;
    for (let i = 0; i < n; i++) { const v = psi[col + i]! - m; ss += v * v; }
    mean[j] = m;
    nu[j] = Math.sqrt(ss);
    let raw = 0;
    for (let i = 0; i < n; i++) raw += psi[col + i]! ** 2;
    if (!(nu[j]! > DEPENDENT * Math.sqrt(raw))) excluded[j] = 1; // constant column: a multiple of column 0
  }
  const sqn = Math.sqrt(n);

  // Thin QR of the active columns in the centred, unit-norm variables x_j = (psi_j - m_j) / nu_j:
  // Q[k] (n values), R[k] (k + 1 values: column k of R). L = R^T is the Cholesky factor of G.
  const Q: Float64Array[] = [];
  const R: Float64Array[] = [];
  const active: number[] = []; // non-constant active columns, in order of entry
  const sign: number[] = [];
  const t: number[] = []; // L t = s, grown by one entry per step
  const b = [] as number[]; // LARS coefficients of the active x_j
  const r = yc.slice(); // LARS residual (of the centred problem)
  const rls = yc.slice(); // least-squares residual of the active set
  const lev = new Float64Array(n).fill(1 / n); // leverages of the least-squares fit, constant included
  const qty: number[] = []; // Q^T yc
  const c = new Float64Array(P); // correlations x_j^T r
  const a = new Float64Array(P); // x_j^T u
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  // For the correction factor: tr((A^T A)^-1) = |Rfull^-1|_F^2, with Rfull the R factor of the
  // raw columns [psi_0, psi_active] on [1/sqrt(n), Q]; its inverse grows by one column per step.
  const rinv: Float64Array[] = [Float64Array.of(1 / (sqn * psi0))];
  let frob = rinv[0]![0]! ** 2;

  const path: number[][] = [[0]];
  const larsCoef: Float64Array[] = [Float64Array.of(ymean / psi0)];
  const score = (press: number, terms: number): number => {
    const rel = vary > 0 ? press / vary : press === 0 ? 0 : Infinity;
    return modified ? rel * (n / (n - terms)) * (1 + frob) : rel;
  };
  const pressOf = (): number => {
    let press = 0;
    for (let i = 0; i < n; i++) {
      const den = 1 - lev[i]!;
      if (!(den > 1e-12)) return Infinity;
      press += (rls[i]! / den) ** 2;
    }
    return press;
  };
  const pathLoo: number[] = [score(pressOf(), 1)];
  let best = 0;
  const maxTerms = Math.min(P, n - 1, maxSteps + 1);

  const correlations = (): void => {
    let rsum = 0;
    for (let i = 0; i < n; i++) rsum += r[i]!;
    for (let j = 1; j < P; j++) {
      if (excluded[j]) continue; // active (its correlation is +-C) or skipped
      const col = j * n;
      let d = 0;
      for (let i = 0; i < n; i++) d += psi[col + i]! * r[i]!;
      c[j] = (d - mean[j]! * rsum) / nu[j]!;
    }
  };
  correlations();
  let C0 = 0, next = -1;
  for (let j = 1; j < P; j++) if (!excluded[j] && Math.abs(c[j]!) > C0) { C0 = Math.abs(c[j]!); next = j; }
  let C = C0;

  while (next >= 0 && active.length + 1 < maxTerms && C > VANISH * C0) {
    const j = next;
    excluded[j] = 1;
    // Orthogonalise x_j against Q (modified Gram-Schmidt, twice).
    const col = j * n;
    for (let i = 0; i < n; i++) v[i] = (psi[col + i]! - mean[j]!) / nu[j]!;
    const k = Q.length;
    const rcol = orthogonalise(v, Q);
    const rho = rcol[k]!;
    if (rho > DEPENDENT) {
      // Enter j: new Q column, new row of L = R^T, new entry of t (L t = s).
      const qk = new Float64Array(n);
      for (let i = 0; i < n; i++) qk[i] = v[i]! / rho;
      Q.push(qk);
      R.push(rcol);
      active.push(j);
      const sj = c[j]! >= 0 ? 1 : -1;
      sign.push(sj);
      let tk = sj;
      for (let s = 0; s < k; s++) tk -= rcol[s]! * t[s]!;
      t.push(tk / rho);
      b.push(0);
      // Least-squares fit on the new active set and its leave-one-out error.
      let d = 0;
      for (let i = 0; i < n; i++) d += qk[i]! * yc[i]!;
      qty.push(d);
      for (let i = 0; i < n; i++) { rls[i]! -= d * qk[i]!; lev[i]! += qk[i]! * qk[i]!; }
      if (modified) {
        // Column k+1 of Rfull: [sqrt(n) m_j; nu_j rcol]; its inverse column is
        // [-Rinv_old w / last; 1 / last], w = the column above the diagonal.
        const w = new Float64Array(k + 2);
        w[0] = sqn * mean[j]!;
        for (let s = 0; s < k; s++) w[s + 1] = nu[j]! * rcol[s]!;
        const last = nu[j]! * rho;
        const z = new Float64Array(k + 2);
        for (let s = 0; s <= k; s++) {
          const rs = rinv[s]!;
          const ws = w[s]!;
          for (let q = 0; q <= s; q++) z[q]! -= rs[q]! * ws;
        }
        for (let q = 0; q <= k; q++) { z[q]! /= last; frob += z[q]! ** 2; }
        z[k + 1] = 1 / last;
        frob += z[k + 1]! ** 2;
        rinv.push(z);
      }
      path.push([0, ...active]);
      larsCoef.push(rawCoefficients(b, active, mean, nu, ymean, psi0));
      const terms = active.length + 1;
      pathLoo.push(score(pressOf(), terms));
      if (pathLoo[pathLoo.length - 1]! < pathLoo[best]!) best = pathLoo.length - 1;
      if (terms >= maxTerms) break;
    }
    // Equiangular direction u = A X_A z, z = G^-1 s = R^-1 t, A = 1 / |t|.
    const ka = active.length;
    if (ka === 0) break;
    let tt = 0;
    for (let s = 0; s < ka; s++) tt += t[s]! ** 2;
    const A = 1 / Math.sqrt(tt);
    const z = new Float64Array(ka);
    for (let s = ka - 1; s >= 0; s--) {
      let acc = t[s]!;
      for (let q = s + 1; q < ka; q++) acc -= R[q]![s]! * z[q]!;
      z[s] = acc / R[s]![s]!;
    }
    u.fill(0);
    let usum = 0;
    for (let s = 0; s < ka; s++) {
      const jj = active[s]!;
      const f = (A * z[s]!) / nu[jj]!;
      const cj = jj * n, m = mean[jj]!;
      for (let i = 0; i < n; i++) u[i]! += f * (psi[cj + i]! - m);
    }
    for (let i = 0; i < n; i++) usum += u[i]!;
    // a = X^T u for the candidates, and the step to the next tie.
    let gamma = C / A; // the full step: least-squares fit of the active set, correlations 0
    next = -1;
    for (let jj = 1; jj < P; jj++) {
      if (excluded[jj]) continue;
      const cj = jj * n;
      let d = 0;
      for (let i = 0; i < n; i++) d += psi[cj + i]! * u[i]!;
      const aj = (d - mean[jj]! * usum) / nu[jj]!;
      a[jj] = aj;
      const cc = c[jj]!;
      const g1 = (C - cc) / (A - aj), g2 = (C + cc) / (A + aj);
      if (g1 > 0 && g1 < gamma) { gamma = g1; next = jj; }
      if (g2 > 0 && g2 < gamma) { gamma = g2; next = jj; }
    }
    for (let s = 0; s < ka; s++) b[s]! += gamma * A * z[s]!;
    for (let i = 0; i < n; i++) r[i]! -= gamma * u[i]!;
    C -= gamma * A;
    correlations();
  }

  // Least-squares coefficients of the best set: back substitution in Rfull, whose first row
  // is [sqrt(n) psi0, sqrt(n) m_j...] and whose lower block is R diag(nu).
  const k = best;
  const chosen = path[k]!.slice();
  const coef = new Float64Array(k + 1);
  for (let s = k - 1; s >= 0; s--) {
    let acc = qty[s]!;
    for (let q = s + 1; q < k; q++) acc -= R[q]![s]! * nu[active[q]!]! * coef[q + 1]!;
    coef[s + 1] = acc / (R[s]![s]! * nu[active[s]!]!);
  }
  let acc = sqn * ymean;
  for (let s = 0; s < k; s++) acc -= sqn * mean[active[s]!]! * coef[s + 1]!;
  coef[0] = acc / (sqn * psi0);
  return { chosen, coef, loo: pathLoo[k]!, path, pathLoo, larsCoef };
}

/** Coefficients of [psi_0, psi_active] from those b of the centred unit columns. */
function rawCoefficients(b: readonly number[], active: readonly number[], mean: Float64Array, nu: Float64Array, ymean: number, psi0: number): Float64Array {
  const out = new Float64Array(active.length + 1);
  let c0 = ymean;
  active.forEach((j, s) => {
    out[s + 1] = b[s]! / nu[j]!;
    c0 -= out[s + 1]! * mean[j]!;
  });
  out[0] = c0 / psi0;
  return out;
}
