// The runs' outputs as the analyses read them: the canonical order of runs, which outputs are
// numbers, their values summed into design rows (averaged over replicas), and the Series shapes
// (a number for a scalar QoI, an array for a vector one) the results are given in.
import { InvalidArgumentError } from '../core/errors.js';
import type { Series } from '../report/html.js';
import type { AnalysisRun } from './types.js';

/** A run's parameters as a canonical string (keys sorted): the order runs are analysed in. */
export function canonical(params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
/** One QoI's outputs on the analysis rows. */
export interface Collected {
  readonly q: number;
  readonly vector: boolean;
  /** rows x q values (averages of the runs matched to a row). */
  readonly Y: Float64Array;
  /** Runs matched to each row (0: missing). */
  readonly count: Uint32Array;
  /** Replica samplers: pooled variance between the replicas of a row, per column. */
  readonly replicaVar?: Float64Array;
  /** Runs without a (finite) output for this QoI. */
  readonly noOutput: number;
}

/** The output `value` of a run as q numbers, or null when missing / not finite. */
function outputValues(value: unknown, field: string, shape: { q: number; vector: boolean }): Float64Array | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (shape.vector) throw new InvalidArgumentError({ field, value, expected: `an array of ${shape.q} numbers (a vector QoI, as in other runs)` });
    return Number.isFinite(value) ? Float64Array.of(value) : null;
  }
  if (Array.isArray(value)) {
    if (!shape.vector || value.length !== shape.q) throw new InvalidArgumentError({ field, value, expected: shape.vector ? `an array of ${shape.q} numbers (as in other runs)` : 'a number (a scalar QoI, as in other runs)' });
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return null;
      if (typeof v !== 'number') throw new InvalidArgumentError({ field: `${field}[${i}]`, value: v, expected: 'a number' });
      out[i] = v;
    }
    return out;
  }
  throw new InvalidArgumentError({ field, value, expected: 'a number or an array of numbers' });
}

const isNumberOrNull = (x: unknown): boolean => typeof x === 'number' || x === null;

/**
 * What the values of `qoi` are when no run has a number or an array of numbers for it (text,
 * objects, matrices, only nulls...), in words; undefined when some run has one, or none has
 * the QoI at all.
 */
export function nonNumeric(runs: readonly AnalysisRun[], qoi: string): string | undefined {
  let first: unknown;
  let named = false;
  for (const r of runs) {
    const v = (r.outputs as Record<string, unknown>)[qoi];
    if (v === undefined) continue;
    named = true;
    if (v === null) continue;
    if (typeof v === 'number' || (Array.isArray(v) && v.every(isNumberOrNull))) return undefined;
    first ??= v;
  }
  if (first === undefined) return named ? 'no run has a finite value' : undefined;
  if (typeof first === 'string') return `text (e.g. ${JSON.stringify(first.length > 40 ? first.slice(0, 40) + '…' : first)}), not numbers`;
  if (typeof first === 'boolean') return 'true/false values, not numbers';
  if (Array.isArray(first)) return first.some(Array.isArray) ? 'a matrix (arrays of arrays), not a number or an array of numbers' : 'arrays that are not all numbers';
  return 'objects (nested values), not numbers';
}

/** Sums runs' outputs into rows: `rowsOf(run)` gives the rows a run belongs to. */
export function collect(runs: readonly AnalysisRun[], fields: readonly string[], qoi: string, rows: number, rowsOf: (i: number) => readonly number[], replicas: boolean): Collected {
  let shape: { q: number; vector: boolean } | undefined;
  for (const r of runs) {
    const v = (r.outputs as Record<string, unknown>)[qoi];
    if (typeof v === 'number') { shape = { q: 1, vector: false }; break; }
    if (Array.isArray(v) && v.every(isNumberOrNull)) {
      if (v.length === 0) throw new InvalidArgumentError({ field: `outputs.${qoi}`, value: v, expected: 'a non-empty array' });
      shape = { q: v.length, vector: true };
      break;
    }
  }
  if (!shape) throw new InvalidArgumentError({ field: 'input.qois', value: qoi, expected: 'a QoI with a numeric output in at least one run' });
  const q = shape.q;
  const sum = new Float64Array(rows * q), sq = replicas ? new Float64Array(rows * q) : undefined;
  const count = new Uint32Array(rows);
  let noOutput = 0;
  runs.forEach((r, i) => {
    const at = rowsOf(i);
    if (at.length === 0) return;
    const v = outputValues((r.outputs as Record<string, unknown>)[qoi], `${fields[i]}.outputs.${qoi}`, shape!);
    if (!v) { noOutput++; return; }
    for (const row of at) {
      count[row]!++;
      for (let c = 0; c < q; c++) {
        sum[row * q + c]! += v[c]!;
        if (sq) sq[row * q + c]! += v[c]! * v[c]!;
      }
    }
  });
  let replicaVar: Float64Array | undefined;
  if (sq) {
    replicaVar = new Float64Array(q);
    let dof = 0;
    for (let row = 0; row < rows; row++) {
      const k = count[row]!;
      if (k < 2) continue;
      dof += k - 1;
      for (let c = 0; c < q; c++) replicaVar[c]! += Math.max(0, sq[row * q + c]! - sum[row * q + c]! ** 2 / k);
    }
    for (let c = 0; c < q; c++) replicaVar[c] = dof > 0 ? replicaVar[c]! / dof : NaN;
  }
  for (let row = 0; row < rows; row++) {
    const k = count[row]!;
    if (k > 1) for (let c = 0; c < q; c++) sum[row * q + c]! /= k;
  }
  return { q, vector: shape.vector, Y: sum, count, noOutput, ...(replicaVar ? { replicaVar } : {}) };
}

/** Values of a Series: a number for scalar QoIs, an array for vector ones. */
export const series = (v: ArrayLike<number>, vector: boolean): Series => (vector ? Array.from(v) : v[0]!);
export const perParam = (names: readonly string[], get: (j: number) => ArrayLike<number>, vector: boolean): Record<string, Series> =>
  Object.fromEntries(names.map((k, j) => [k, series(get(j), vector)]));

/** The rows with outputs, compacted (m x q), or only columns c0 .. c0 + count - 1 of them (m x count). */
export function present(c: Collected, rows: readonly number[], c0 = 0, count = c.q): Float64Array {
  const out = new Float64Array(rows.length * count);
  rows.forEach((r, i) => out.set(c.Y.subarray(r * c.q + c0, r * c.q + c0 + count), i * count));
  return out;
}
/**
 * An output that does not vary: variance 0, or (for expansions, whose higher coefficients of a
 * constant are rounding noise) a standard deviation below 1e-10 of the mean.
 */
export const flat = (mean: number, variance: number): boolean => !(variance > (1e-10 * mean) ** 2);

/** Outputs without variance have no Sobol' indices (0 / 0): say so once per QoI. */
export function constantWarning(qoi: string, means: ArrayLike<number>, variances: ArrayLike<number>, warnings: string[]): void {
  let k = 0;
  for (let i = 0; i < variances.length; i++) if (flat(means[i]!, variances[i]!)) k++;
  if (k === 0) return;
  warnings.push(variances.length === 1 ? `${qoi}: the output does not vary: its Sobol' indices are NaN` : `${qoi}: ${k} of its ${variances.length} values do not vary: their Sobol' indices are NaN`);
}
