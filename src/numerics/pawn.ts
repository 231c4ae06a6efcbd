// PAWN (Pianosi & Wagener, Environ. Model. Softw. 67, 2015; the given-data form of 108, 2018),
// as SALib 1.5.2's pawn.analyze computes it: each input's range is cut at its empirical
// quantiles 0, 1/S, .., 1 into S slides; in each slide the Kolmogorov-Smirnov distance between
// the outputs of the rows in the slide and all outputs says how much fixing the input to that
// slide changes the output's distribution; the S distances are summarised by their minimum,
// mean, median, maximum, coefficient of variation and standard deviation.
import { InvalidArgumentError, ShapeError } from '../core/errors.js';
import { check } from '../core/status.js';
import { core } from '../core/wasm.js';
import type { Matrix } from './matrix.js';
import { argsortRows, columnOf, intOption, sampleShape } from './salib-support.js';

/** Options of {@link pawnAnalyze}. */
export interface PawnOptions {
  /** Number of slides (conditioning intervals) per input (SALib's S, default 10). */
  readonly S?: number;
  /** A group name per input: the results of a group are the means over its inputs (SALib's groups). */
  readonly groups?: readonly string[];
}

/** PAWN's summaries of the KS distances, one value per input (or group), SALib's field names. */
export interface PawnResult {
  /** Input names of the rows: the groups' names when grouped, else undefined (one row per input). */
  readonly groups: readonly string[] | undefined;
  /** Smallest KS distance over the slides. */
  readonly minimum: Float64Array;
  /** Mean KS distance over the slides. */
  readonly mean: Float64Array;
  /** The usually reported value. */
  readonly median: Float64Array;
  /** Largest KS distance over the slides. */
  readonly maximum: Float64Array;
  /** Standard deviation / mean over the slides. */
  readonly CV: Float64Array;
  /** Standard deviation (ddof 0) over the slides. */
  readonly stdev: Float64Array;
  /** The KS distance of every slide: inputs x S, row-major (NaN for an empty slide). */
  readonly ks: Float64Array;
  /** Slides per input. */
  readonly S: number;
}

/** numpy.quantile(sorted, q) with its default (linear) method, on values already sorted. */
function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const v = n * q + (1 + q * -1) - 1;
  if (v >= n - 1) return sorted[n - 1]!;
  if (v < 0) return sorted[0]!;
  const lo = Math.floor(v), g = v - lo;
  const a = sorted[lo]!, b = sorted[lo + 1]!, diff = b - a;
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/**
 * PAWN indices of each input of a given sample X with outputs Y (SALib's `pawn.analyze(problem,
 * X, Y, S)`): slide s of input i holds the rows with q_s <= x_i < q_{s+1}, q_s the empirical
 * quantile s/S of x_i (numpy's linear method; the row at the maximum falls in no slide), and
 * its statistic is max |F_slide - F_all| over the outputs. Summaries skip empty slides.
 * @throws ShapeError / InvalidArgumentError when X and Y do not match, S < 1 or bad groups;
 *   NonFiniteOutputError for NaN or infinite outputs.
 */
export function pawnAnalyze(X: Matrix, Y: Float64Array, options: PawnOptions = {}): PawnResult {
  const { n, d } = sampleShape(X, Y, 2, 'PAWN');
  const S = intOption('S', options.S, 10, 1);
  if (S > n) throw new InvalidArgumentError({ field: 'S', value: S, expected: `at most the number of rows (${n})` });
  const groups = options.groups;
  if (groups !== undefined && (!Array.isArray(groups) || groups.length !== d || !groups.every((g) => typeof g === 'string'))) {
    throw new ShapeError({ field: 'groups', value: groups, expected: `a group name per input (${d})` });
  }
  const ks = new Float64Array(d * S);
  const step = 1 / S;
  const { exports: k, arena } = core();
  const yOrder = argsortRows(Y, n);
  arena.scope((a) => {
    const py = a.alloc(8 * n), po = a.alloc(4 * n), ps = a.alloc(4 * n), pk = a.alloc(8 * S), pw = a.alloc(16 * S);
    a.f64(py, n).set(Y);
    a.i32(po, n).set(yOrder);
    for (let i = 0; i < d; i++) {
      const x = columnOf(X, i);
      const order = argsortRows(x, n);
      const sorted = Float64Array.from(order, (r) => x[r]!);
      const q = Float64Array.from({ length: S + 1 }, (_, s) => quantile(sorted, s * step));
      const slide = a.i32(ps, n);
      // sorted positions: slide s while the value is below q[s + 1]
      let s = 0;
      for (let t = 0; t < n; t++) {
        const v = sorted[t]!;
        while (s < S && !(v < q[s + 1]!)) s++;
        slide[order[t]!] = s < S && v >= q[s]! ? s : -1;
      }
      check('pawnStatistics', k.pawnStatistics(n, S, py, po, ps, pk, pw));
      ks.set(a.f64(pk, S), i * S);
    }
  });
  const stats = Array.from({ length: 6 }, () => new Float64Array(d));
  for (let i = 0; i < d; i++) {
    const v = Array.from(ks.subarray(i * S, (i + 1) * S)).filter((x) => !Number.isNaN(x));
    const c = v.length;
    if (c === 0) {
      for (const st of stats) st[i] = NaN;
      continue;
    }
    const mean = v.reduce((s2, x) => s2 + x, 0) / c;
    const sd = Math.sqrt(v.reduce((s2, x) => s2 + (x - mean) ** 2, 0) / c);
    const sorted = v.slice().sort((p, q2) => p - q2);
    const med = c % 2 === 1 ? sorted[(c - 1) / 2]! : (sorted[c / 2 - 1]! + sorted[c / 2]!) / 2;
    [stats[0]![i], stats[1]![i], stats[2]![i], stats[3]![i], stats[4]![i], stats[5]![i]] = [sorted[0]!, mean, med, sorted[c - 1]!, sd / mean, sd];
  }
  if (!groups) {
    const [minimum, mean, median, maximum, CV, stdev] = stats as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    return { groups: undefined, minimum, mean, median, maximum, CV, stdev, ks, S };
  }
  const names = [...new Set(groups)];
  const grouped = stats.map((st) => Float64Array.from(names, (g) => {
    let sum = 0, c = 0;
    groups.forEach((h, j) => { if (h === g) { sum += st[j]!; c++; } });
    return sum / c;
  }));
  const [minimum, mean, median, maximum, CV, stdev] = grouped as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  return { groups: names, minimum, mean, median, maximum, CV, stdev, ks, S };
}
