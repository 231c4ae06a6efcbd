// Polynomial chaos regression: d = 8 inputs, total degree 5 (P = 1287 terms), N = 2P samples,
// the case the regression targets. Run through bench/run.mjs, which also runs the Python peers
// (bench/compare/pce.py: numpy.linalg.lstsq on the same basis matrix) and prints the comparison.
//
// The points are a Kronecker (Weyl) sequence that bench/compare/pce.py reproduces exactly, so
// both sides fit the same Psi; the outputs are y_o(x) = sum_j sin((j + 1) x_j + o / 1000).
// Tasks:
// - 'fit': fitPCE end to end from X: basis matrix, Cholesky-QR least squares, leverages and
//   leave-one-out error (what a user calls);
// - 'solve': the least-squares solve alone on a basis matrix already built (coefficients and
//   fitted values, no leverages): the work numpy.linalg.lstsq does;
// - the same with 1,000 output columns (one factorisation for all).
import { Bench } from 'tinybench';
import { Uniform, basisMatrix, fitPCE, matrix, multiIndices } from '../build/index.js'; // also loads the WebAssembly core
import { core } from '../build/core/wasm.js';
import { solveLeastSquares } from '../build/numerics/lsq.js';

export const D = 8, DEGREE = 5;

/** x_ij = -1 + 2 frac((i + 1) alpha_j + 0.5), alpha_j = frac(sqrt(prime_j)): as bench/compare/pce.py. */
export function points(n, d) {
  const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];
  const alpha = primes.slice(0, d).map((p) => Math.sqrt(p) % 1);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = -1 + 2 * (((i + 1) * alpha[j] + 0.5) % 1);
  return matrix(x, n, d);
}

export function outputs(X, q) {
  const y = new Float64Array(X.rows * q);
  for (let i = 0; i < X.rows; i++) for (let o = 0; o < q; o++) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += Math.sin((j + 1) * X.data[i * X.cols + j] + o / 1000);
    y[i * q + o] = s;
  }
  return y;
}

export async function runPCE({ time = 1500 } = {}) {
  const dists = Array.from({ length: D }, () => new Uniform(-1, 1));
  const indices = multiIndices(D, { degree: DEGREE });
  const P = indices.length, n = 2 * P;
  const X = points(n, D);
  const y1 = outputs(X, 1), y1000 = outputs(X, 1000);
  const psi = basisMatrix(dists, indices, X); // row-major, for the solve-only tasks
  const { arena } = core();
  const solve = (y, q) => arena.scope((a) => solveLeastSquares(a, n, P, a.copyIn(psi), y, q, false));
  // Results to check every run against (the work cannot be skipped).
  const ref1 = fitPCE(dists, X, y1, { degree: DEGREE });
  const refC = ref1.coefficients.data[1];
  // Many outputs take other tiles of the same kernels: equal to rounding, not bit for bit.
  const same = (v) => Math.abs(v - refC) <= 1e-12 * Math.abs(refC);
  const tasks = [
    { key: 'solve-1', name: `least squares, 1 output (N=${n}, P=${P})`, fn: () => { if (solve(y1, 1).coef[1] !== refC) throw new Error('solve: wrong result'); } },
    { key: 'fit-1', name: 'fitPCE with LOO, 1 output (from X)', fn: () => { if (fitPCE(dists, X, y1, { degree: DEGREE }).coefficients.data[1] !== refC) throw new Error('fit: wrong result'); } },
    { key: 'solve-1000', name: 'least squares, 1,000 outputs', fn: () => { if (!same(solve(y1000, 1000).coef[1000])) throw new Error('solve 1000: wrong result'); } },
    { key: 'fit-1000', name: 'fitPCE with LOO, 1,000 outputs (from X)', fn: () => { if (!same(fitPCE(dists, X, matrix(y1000, n, 1000), { degree: DEGREE }).coefficients.data[1000])) throw new Error('fit 1000: wrong result'); } },
  ];
  const bench = new Bench({ time, warmupTime: 0, warmupIterations: 1, iterations: 5 });
  for (const t of tasks) bench.add(t.name, t.fn);
  await bench.run();
  return {
    n, P, solver: ref1.info.solver, condition: ref1.info.condition,
    rows: bench.tasks.map((t, i) => {
      if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
      const l = t.result.latency;
      return { key: tasks[i].key, name: `uqkit ${t.name}`, medianMs: l.p50, minMs: l.min, samples: l.samplesCount };
    }),
  };
}
