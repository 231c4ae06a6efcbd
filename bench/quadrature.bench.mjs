// Gauss rules: Gauss–Legendre and Gauss–Hermite with n = 100 and n = 1000 points, as scipy's
// roots_legendre(n) / roots_hermitenorm(n). Run through bench/run.mjs, which also runs the
// Python peers (bench/compare/quadrature.py) and prints the comparison.
//
// gauss() caches rules (by distribution and n, and the standard Legendre / Hermite rules by n
// alone), so timing it in a loop would time a Map lookup. The tasks call the uncached kernel
// paths gauss() uses underneath: for Legendre gaussFromRecurrence(recurrence, n, symmetric) —
// the WASM Golub–Welsch solve, Newton polish and weights, plus the copies in and out; for
// Hermite hermiteRule(n) — asymptotic initial nodes and Newton on the recurrence in WASM. The
// Hermite rule by Golub–Welsch is timed too, for comparison.
import { Bench } from 'tinybench';
import { sparseGrid, Uniform } from '../build/index.js'; // also loads the WebAssembly core
import { gaussFromRecurrence, hermiteRecurrence, legendreRecurrence } from '../build/numerics/recurrence.js';
import { hermiteRule } from '../build/numerics/hermite.js';

/** The Gauss rules timed: key (shared with bench/compare/quadrature.py), label, rule. */
export const RULES = [
  { key: 'legendre-100', label: 'Gauss–Legendre n=100', make: () => gaussFromRecurrence(legendreRecurrence(100), 100, true) },
  { key: 'legendre-1000', label: 'Gauss–Legendre n=1000', make: () => gaussFromRecurrence(legendreRecurrence(1000), 1000, true) },
  { key: 'hermite-100', label: 'Gauss–Hermite n=100', make: () => hermiteRule(100) },
  { key: 'hermite-1000', label: 'Gauss–Hermite n=1000', make: () => hermiteRule(1000) },
  { key: 'hermite-2000', label: 'Gauss–Hermite n=2000', make: () => hermiteRule(2000) },
  { key: 'hermite-1000-gw', label: 'Gauss–Hermite n=1000 by Golub–Welsch (gaussFromRecurrence)', make: () => gaussFromRecurrence(hermiteRecurrence(1000), 1000, true) },
];

/** Checks a result so the work cannot be skipped: the same largest node and middle weight as the first run. */
function checker(rule) {
  const first = rule.make();
  if (first.points) {
    const rows = first.points.rows;
    const w0 = first.weights[0];
    if (rows !== 41265) throw new Error(`${rule.label}: ${rows} points, expected 41265`);
    return (r) => {
      if (r.points.rows !== rows || r.weights[0] !== w0) throw new Error(`${rule.label}: wrong result: ${r.points.rows} points`);
    };
  }
  const n = first.nodes.length;
  const last = first.nodes[n - 1];
  const mid = n >> 1;
  const wm = first.weights[mid];
  if (!(last > 0) || !(wm > 0)) throw new Error(`${rule.label}: implausible rule (last node ${last}, middle weight ${wm})`);
  return (r) => {
    if (r.nodes.length !== n || r.nodes[n - 1] !== last || r.weights[mid] !== wm) {
      throw new Error(`${rule.label}: wrong result: last node ${r.nodes[n - 1]}, expected ${last}`);
    }
  };
}

/**
 * The Smolyak Clenshaw–Curtis grid that bench/compare/quadrature.py builds in numpy (d = 10,
 * level 5, levels from 0, |l|_1 <= 5, duplicates merged: 41,265 points). The 1-D rules are
 * cached inside uqkit (as in any real use); the timed work is the index set, the combination
 * coefficients, the merging kernel and the copy-out.
 */
export function sparseGridTask() {
  const dists = Array.from({ length: 10 }, () => new Uniform(-1, 1));
  return { key: 'smolyak-cc-d10-l5', label: 'Smolyak CC d=10 level 5 (41,265 points)', make: () => sparseGrid(dists, { level: 5 }) };
}

export async function runQuadrature({ time = 1500 } = {}) {
  const bench = new Bench({ time, warmupTime: 200, iterations: 10 });
  const tasks = [...RULES, sparseGridTask()];
  for (const rule of tasks) {
    const check = checker(rule);
    bench.add(rule.label, () => check(rule.make()));
  }
  await bench.run();
  return bench.tasks.map((t, i) => {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
    const l = t.result.latency;
    return { key: tasks[i].key, name: `uqkit ${t.name}`, medianMs: l.p50, minMs: l.min, samples: l.samplesCount };
  });
}
