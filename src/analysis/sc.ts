// Stochastic collocation of a QoI on the sampler's grid: moments by the grid's quadrature,
// Sobol' indices and percentiles from the Lagrange interpolant (./collocation.ts).
import type { Distribution } from '../distributions/index.js';
import type { SparseGrid, Grid } from '../numerics/grids.js';
import type { Matrix } from '../numerics/matrix.js';
import { defaultGrowth, type RuleName } from '../numerics/rules.js';
import type { SamplerSpec } from '../samplers/index.js';
import { interpolantPCE, type Components } from './collocation.js';
import type { QoIResult } from './types.js';
import type { Resolved } from './options.js';
import { gridKind } from './method.js';
import { constantWarning, series } from './outputs.js';
import { pceFields } from './pce.js';

/** Stochastic collocation on the sampler's grid: quadrature moments, interpolant indices. */
export function collocation(inner: SamplerSpec, dists: readonly Distribution[], grid: Grid, Y: Matrix, names: readonly string[], vector: boolean, o: Resolved, qoi: string, warnings: string[]): Partial<QoIResult> {
  const d = dists.length, q = Y.cols;
  const order = (inner as { order: number }).order;
  let comp: Components;
  if (gridKind(inner) === 'tensor') {
    comp = { levels: [new Array<number>(d).fill(order)], coefficients: [1], rules: new Array<RuleName>(d).fill('gauss'), growth: new Array(d).fill('linear') };
  } else {
    // The sampler's sparse grid: sparseGrid's default rules (Clenshaw–Curtis for bounded
    // inputs, Leja for unbounded ones) with their default growth.
    const sg = grid as SparseGrid;
    const rules = dists.map((dist): RuleName => (Number.isFinite(dist.support[0]) && Number.isFinite(dist.support[1]) ? 'clenshaw-curtis' : 'leja'));
    comp = { levels: sg.indices, coefficients: sg.coefficients, rules, growth: rules.map(defaultGrowth) };
  }
  const pce = interpolantPCE(dists, grid.points, Y, comp);
  o.models?.set(qoi, pce);
  constantWarning(qoi, pce.means(), pce.variances(), warnings);
  const fields = pceFields(pce, names, dists, vector, o);
  // Moments by the grid's quadrature (for a tensor Gauss grid, those of the interpolant).
  const mean = new Float64Array(q), variance = new Float64Array(q);
  const w = grid.weights;
  for (let i = 0; i < w.length; i++) for (let k = 0; k < q; k++) mean[k]! += w[i]! * Y.data[i * q + k]!;
  for (let i = 0; i < w.length; i++) for (let k = 0; k < q; k++) variance[k]! += w[i]! * (Y.data[i * q + k]! - mean[k]!) ** 2;
  if (variance.some((v) => v < 0)) warnings.push(`${qoi}: the sparse grid's quadrature gives a negative variance (its weights are not all positive); the std is NaN there`);
  return { ...fields, mean: series(mean, vector), variance: series(variance, vector), std: series(variance.map((v) => (v >= 0 ? Math.sqrt(v) : NaN)), vector) };
}
