// One analysis as the page runs it, given the uqkit module (uqkit/browser in the worker,
// uqkit in Node: bench/browser.bench.mjs runs the same function on both sides).
//
// spec: {
//   model: 'ishigami' | 'gfunction' | 'expression', params: { a, b } | { a: number[] } | { expression },
//   dists: [{ dist: 'uniform', low, high } | { dist: 'normal', mean, std }, ...]  (one per input),
//   method: 'saltelli' | 'pce', n, seed,
//   resamples, confidence (Saltelli), degree (PCE), convergence: boolean
// }
import { MODELS, ModelError, compileExpression, expressionMath, gFunction, gFunctionAnalytic, ishigami, ishigamiAnalytic } from './models.js';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The model as X -> Y, the number of inputs, and the analytic answer when there is one. A
 * typed expression is compiled with uq's deterministic functions (expressionMath).
 */
export function resolveModel(spec, uq) {
  const p = spec.params ?? {};
  if (spec.model === 'ishigami') {
    const a = num('a', p.a ?? 7), b = num('b', p.b ?? 0.1);
    const standard = spec.dists.length === 3 && spec.dists.every((d) => d.dist === 'uniform' && d.low === -Math.PI && d.high === Math.PI);
    return { dim: 3, f: (X) => ishigami(X, a, b, uq.detmath), analytic: standard ? ishigamiAnalytic(a, b) : undefined };
  }
  if (spec.model === 'gfunction') {
    const a = Array.isArray(p.a) ? p.a : parseList('a', p.a);
    a.forEach((v, j) => { if (!Number.isFinite(v) || v < 0) throw new ModelError('a', `a: a_${j + 1} must be a finite number >= 0, got ${v}`); });
    const standard = spec.dists.length === a.length && spec.dists.every((d) => d.dist === 'uniform' && d.low === 0 && d.high === 1);
    return { dim: a.length, f: (X) => gFunction(X, a), analytic: standard ? gFunctionAnalytic(a) : undefined };
  }
  if (spec.model === 'expression') {
    const d = spec.dists.length;
    return { dim: d, f: compileExpression(p.expression, d, expressionMath(uq.detmath)), analytic: undefined };
  }
  throw new ModelError('model', `model: expected one of ${Object.keys(MODELS).join(', ')}, got ${spec.model}`);
}

/** The uqkit distributions of the inputs; a bad one names the input (x2: ...). */
export function resolveDists(uq, specs) {
  return specs.map((s, j) => {
    try {
      if (s.dist === 'uniform' && !(s.low < s.high)) throw new Error(`lower bound ${s.low} must be below upper bound ${s.high}`);
      return uq.distribution(s);
    } catch (e) {
      throw new ModelError(`dist-${j}`, `Input x${j + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** One Saltelli analysis at n base rows. */
export function saltelli(uq, dists, f, n, spec) {
  const t0 = now();
  const design = uq.saltelliDesign(dists, n, { seed: spec.seed, balance: 'ignore' });
  const t1 = now();
  const Y = f(design.X);
  const t2 = now();
  const r = uq.sobolIndices(Y, { design, ...(spec.resamples > 0 ? { bootstrap: { resamples: spec.resamples, seed: spec.seed, confidence: spec.confidence ?? 0.95 } } : {}) });
  const t3 = now();
  return {
    n, runs: design.X.rows, first: [...r.first], total: [...r.total],
    ...(r.firstInterval ? {
      firstLow: [...r.firstInterval.low], firstHigh: [...r.firstInterval.high], totalLow: [...r.totalInterval.low], totalHigh: [...r.totalInterval.high],
      firstConf: [...r.firstConf], totalConf: [...r.totalConf],
    } : {}),
    mean: r.mean, variance: r.variance,
    ms: { design: t1 - t0, model: t2 - t1, analysis: t3 - t2, total: t3 - t0 },
  };
}

/** One least-squares PCE of total degree `degree` on n Owen-scrambled Sobol' points. */
export function pce(uq, dists, f, n, spec) {
  const t0 = now();
  const X = uq.toPhysical(dists, uq.sobol(n, dists.length, { scramble: 'owen', seed: spec.seed, balance: 'ignore' }));
  const t1 = now();
  const Y = f(X);
  const t2 = now();
  const fit = uq.fitPCE(dists, X, Y, { degree: spec.degree });
  const first = [...fit.sobolFirst()], total = [...fit.sobolTotal()];
  const t3 = now();
  return {
    n, runs: n, terms: fit.indices.length, first, total, mean: fit.mean(), variance: fit.variance(), loo: fit.looError[0], solver: fit.info.solver,
    ms: { design: t1 - t0, model: t2 - t1, analysis: t3 - t2, total: t3 - t0 },
  };
}

/** Number of terms of a total-degree basis: C(d + p, p). */
export function terms(d, p) {
  let c = 1;
  for (let k = 1; k <= p; k++) c = (c * (d + k)) / k;
  return Math.round(c);
}

/**
 * The whole analysis: the result at spec.n and, with spec.convergence, the same at n/2^k down
 * to 64 base rows (Saltelli) or to the number of basis terms (PCE). progress(message, fraction)
 * is called before each step, with the fraction of the work done so far (0 to 1).
 */
export function run(uq, spec, progress = () => {}) {
  const { dim, f, analytic } = resolveModel(spec, uq);
  if (spec.dists.length !== dim) throw new ModelError('dists', `the model has ${dim} inputs but ${spec.dists.length} distributions were given`);
  const dists = resolveDists(uq, spec.dists);
  const n = spec.n;
  if (!Number.isInteger(n) || n < 2) throw new ModelError('n', `N: expected an integer >= 2, got ${n}`);
  let step;
  let ns = [n];
  if (spec.method === 'saltelli') {
    step = saltelli;
    if (spec.convergence) for (let m = n / 2; m >= 64 && Number.isInteger(m); m /= 2) ns.unshift(m);
  } else if (spec.method === 'pce') {
    const p = spec.degree;
    if (!Number.isInteger(p) || p < 1 || p > 30) throw new ModelError('degree', `degree: expected an integer from 1 to 30, got ${p}`);
    const P = terms(dim, p);
    if (n < P) throw new ModelError('n', `N = ${n} is below the ${P} terms of a degree-${p} basis in ${dim} inputs: least squares needs N >= P (2P or more is better), so use N >= ${2 ** Math.ceil(Math.log2(P))} or a lower degree`);
    step = pce;
    if (spec.convergence) for (let m = n / 2; m >= P && Number.isInteger(m); m /= 2) ns.unshift(m);
  } else {
    throw new ModelError('method', `method: expected saltelli or pce, got ${spec.method}`);
  }
  const convergence = [];
  let main;
  // The work of a step grows as its N (model runs, bootstrap, least squares rows): the
  // fraction done before a step is the share of N already computed.
  const all = ns.reduce((s, m) => s + m, 0);
  let done = 0;
  for (const m of ns) {
    progress(`${spec.method === 'pce' ? 'PCE' : 'Saltelli'} at N = 2^${Math.log2(m)}`, done / all);
    const r = step(uq, dists, f, m, spec);
    done += m;
    convergence.push(r);
    if (m === n) main = r;
  }
  return { dim, method: spec.method, analytic, ...main, convergence: spec.convergence ? convergence : [] };
}

function num(field, v) {
  const x = typeof v === 'string' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new ModelError(field, `${field}: expected a finite number, got ${JSON.stringify(v)}`);
  return x;
}

function parseList(field, text) {
  const parts = String(text ?? '').split(/[\s,;]+/).filter((s) => s !== '');
  if (parts.length === 0) throw new ModelError(field, `${field}: expected a list of numbers, one per input`);
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isFinite(v)) throw new ModelError(field, `${field}: "${s}" is not a number`);
    return v;
  });
}
