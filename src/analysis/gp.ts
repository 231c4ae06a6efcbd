// A Gaussian-process surrogate of a QoI, fitted to the runs of any sampler: the moments,
// percentiles and Sobol' indices of its predictive mean. Vector QoIs get one process whose
// length-scales and nugget are shared by all values (one factorisation serves them all, and
// neighbouring values of a time series are smooth alike) with a variance and trend per value.
//
// The indices are Saltelli estimates (first order Saltelli 2010, total Jansen) on the GP mean
// at a Saltelli design of `GP_BASE_ROWS` base rows (Owen-scrambled Sobol' points, seed
// surrogateSeed, default 0; surrogateSamples overrides the base rows); the mean, std and
// percentiles are those of the GP mean at the design's A and B rows. They describe the
// surrogate's mean, not its predictive uncertainty.
import { InvalidArgumentError } from '../core/errors.js';
import type { Distribution } from '../distributions/index.js';
import { fitGP, type GaussianProcess, type GPKernel, type GPTrend } from '../numerics/gp.js';
import { matrix, type Matrix } from '../numerics/matrix.js';
import { saltelliDesign } from '../numerics/saltelli.js';
import { sobolIndices } from '../numerics/sensitivity.js';
import { blockedColumnStats } from './blocks.js';
import { statsFields } from './basic.js';
import type { Resolved } from './options.js';
import { constantWarning, perParam, present, series, type Collected } from './outputs.js';
import type { QoIResult } from './types.js';

/** Base rows of the Saltelli design the GP mean is evaluated at (2^12: (d + 2) 4096 points). */
export const GP_BASE_ROWS = 4096;

/** The fitted process of a QoI, as the result reports it: hyperparameters and fit quality. */
export interface GPSummary {
  /** The kernel. */
  readonly kernel: GPKernel;
  /** The trend. */
  readonly trend: GPTrend;
  /** Length-scales by parameter, in the parameter's own units (the scaled length-scale times the range of its training values). */
  readonly lengthScales: Readonly<Record<string, number>>;
  /** Nugget relative to the process variance. */
  readonly nugget: number;
  /** Log marginal likelihood at the estimate. */
  readonly logLikelihood: number;
}

/** A Gaussian process of the QoI on the points X of the rows `have` (those with outputs). */
export function gpAnalysis(dists: readonly Distribution[], X: Matrix, c: Collected, have: readonly number[], names: readonly string[], o: Resolved, qoi: string, warnings: string[]): QoIResult {
  const q = c.q, d = names.length;
  let gp: GaussianProcess;
  try {
    gp = fitGP(X, matrix(present(c, have), have.length, q), {
      ...(o.gp.kernel ? { kernel: o.gp.kernel } : {}), ...(o.gp.trend ? { trend: o.gp.trend } : {}),
      ...(o.gp.nugget !== undefined ? { nugget: o.gp.nugget } : {}), ...(o.gp.starts !== undefined ? { starts: o.gp.starts } : {}),
    });
  } catch (e) {
    if (e instanceof InvalidArgumentError && e.field?.startsWith('X') === true) {
      throw new InvalidArgumentError({ field: 'input.runs', value: have.length, expected: `runs with outputs of ${qoi} that a Gaussian process can fit: ${e.expected}`, ...(e.hint ? { hint: e.hint } : {}) });
    }
    throw e;
  }
  o.models?.set(qoi, gp);
  const n = o.surrogateSamples ?? GP_BASE_ROWS;
  const design = saltelliDesign(dists, n, { seed: o.surrogateSeed, scramble: 'owen', balance: 'ignore' });
  const Y = gp.predict(design.X).mean;
  const res = sobolIndices(Y, { n, dim: d, layout: 'block' });
  constantWarning(qoi, res.map((r) => r.mean), res.map((r) => r.variance), warnings);
  // A and B are the first and last blocks of the block layout.
  const AB = [...Array(n).keys(), ...Array.from({ length: n }, (_, i) => (d + 1) * n + i)];
  const stats = blockedColumnStats((c0, k) => {
    const out = new Float64Array(AB.length * k);
    AB.forEach((r, i) => out.set(Y.data.subarray(r * q + c0, r * q + c0 + k), i * k));
    return out;
  }, AB.length, q, o.percentiles, undefined);
  const v = c.vector;
  const summary: GPSummary = {
    kernel: gp.kernel, trend: gp.trend,
    lengthScales: Object.fromEntries(names.map((k, j) => [k, gp.lengthScales[j]! * (gp.bounds[j]![1] - gp.bounds[j]![0])])),
    nugget: gp.nugget, logLikelihood: gp.logLikelihood,
  };
  return {
    runs: have.length,
    ...statsFields(stats, v, o.percentiles),
    sobolFirst: perParam(names, (j) => res.map((r) => r.first[j]!), v),
    sobolTotal: perParam(names, (j) => res.map((r) => r.total[j]!), v),
    looError: series(gp.loo().error, v),
    gp: summary,
  } as QoIResult;
}
