// The demo's models: Ishigami and Sobol' g-function (with their analytic moments and Sobol'
// indices), and a model typed by the user as a JavaScript expression in x1..xd.
//
// The built-in models use uqkit's engine-independent sine (detmath.sinpi(x / π)) and only
// + - * / and Math.abs otherwise, so the same points give bit-identical outputs in Node and in
// every browser. A typed expression sees Math with sin, cos, exp, expm1, log, log1p and pow
// from uqkit's detmath (see expressionMath): written with those (and + - * /, sqrt, abs, min, max, floor,
// ...: exact or correctly rounded everywhere) it is bit-identical too. The other functions
// (tan, atan, cbrt, sinh, log10, ...) and the ** operator are the browser's own, which
// engines round differently in the last bit: with them, results agree with Node's only to
// rounding.

/** sin x as detmath.sinpi(x / π): the same bits in every engine (Math.sin differs between V8 versions in the last bit). */
export const sinOf = (detmath) => (x) => detmath.sinpi(x / Math.PI);
/** cos x as detmath.cospi(x / π). */
export const cosOf = (detmath) => (x) => detmath.cospi(x / Math.PI);

/** The models the page offers, with their defaults. */
export const MODELS = {
  ishigami: { label: 'Ishigami', dim: 3, params: { a: 7, b: 0.1 }, dist: { dist: 'uniform', low: -Math.PI, high: Math.PI } },
  gfunction: { label: "Sobol' g-function", dim: 8, params: { a: [0, 1, 4.5, 9, 99, 99, 99, 99] }, dist: { dist: 'uniform', low: 0, high: 1 } },
  expression: { label: 'JavaScript expression', dim: 3, params: { expression: 'x1 + 2 * x2 * x3 + sin(x3)' }, dist: { dist: 'uniform', low: 0, high: 1 } },
};

/** A mistake in the model or its settings, naming the field of the form it comes from. */
export class ModelError extends Error {
  constructor(field, message) {
    super(message);
    this.name = 'ModelError';
    this.field = field;
  }
}

/**
 * Ishigami function f = sin x1 + a sin² x2 + b x3⁴ sin x1, one value per row of X (n × 3,
 * row-major), with the deterministic sine of `detmath` (uqkit's or uqkit/browser's: the same code).
 */
export function ishigami(X, a, b, detmath) {
  const sin = sinOf(detmath);
  const n = X.rows, x = X.data, y = new Float64Array(n);
  for (let i = 0, k = 0; i < n; i++, k += 3) {
    const s1 = sin(x[k]), s2 = sin(x[k + 1]), x3 = x[k + 2];
    const x3sq = x3 * x3;
    y[i] = s1 + a * (s2 * s2) + b * (x3sq * x3sq) * s1;
  }
  return y;
}

/** Sobol' g-function f = Π (|4 x_j − 2| + a_j) / (1 + a_j), one value per row of X (n × d). */
export function gFunction(X, a) {
  const n = X.rows, d = X.cols, x = X.data, y = new Float64Array(n);
  if (a.length !== d) throw new ModelError('a', `the g-function has one a_j per input: ${a.length} values for ${d} inputs`);
  for (let i = 0, k = 0; i < n; i++, k += d) {
    let p = 1;
    for (let j = 0; j < d; j++) p *= (Math.abs(4 * x[k + j] - 2) + a[j]) / (1 + a[j]);
    y[i] = p;
  }
  return y;
}

/** Analytic mean, variance and Sobol' indices of Ishigami on U(−π, π)³. */
export function ishigamiAnalytic(a = 7, b = 0.1) {
  const pi4 = Math.PI ** 4, pi8 = Math.PI ** 8;
  const V1 = 0.5 * (1 + (b * pi4) / 5) ** 2, V2 = (a * a) / 8, V13 = b * b * pi8 * (1 / 18 - 1 / 50);
  const V = V1 + V2 + V13;
  return { mean: a / 2, variance: V, first: [V1 / V, V2 / V, 0], total: [(V1 + V13) / V, V2 / V, V13 / V] };
}

/** Analytic mean, variance and Sobol' indices of the g-function on U(0, 1)^d. */
export function gFunctionAnalytic(a) {
  const Vi = a.map((aj) => 1 / (3 * (1 + aj) ** 2));
  const prod = Vi.reduce((p, v) => p * (1 + v), 1);
  const V = prod - 1;
  return { mean: 1, variance: V, first: Vi.map((v) => v / V), total: Vi.map((v) => (v * prod) / (1 + v) / V) };
}

// Names a typed expression may use without "Math.".
export const MATH_NAMES = ['abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cbrt', 'ceil', 'cos', 'cosh', 'exp', 'expm1',
  'floor', 'hypot', 'log', 'log10', 'log1p', 'log2', 'max', 'min', 'pow', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'trunc', 'PI', 'E'];

/**
 * The Math a typed expression sees: the engine's Math with sin, cos (sinOf, cosOf),
 * exp, expm1, log, log1p and pow from uqkit's engine-independent `detmath` (pass the uqkit
 * module's, uqkit/browser's in a worker and uqkit's in Node: they are the same code).
 */
export function expressionMath(detmath) {
  const { exp, expm1, log, log1p, pow } = detmath;
  return Object.freeze(Object.assign(Object.create(Math), { sin: sinOf(detmath), cos: cosOf(detmath), exp, expm1, log, log1p, pow }));
}

/**
 * Compiles a JavaScript expression in x1..xd (and Math's functions, with or without "Math.")
 * into a model: X (n × d) -> Float64Array. `math` is the Math the expression sees (default the
 * engine's; the demo passes expressionMath(uq.detmath)). Throws ModelError('expression', ...)
 * saying what is wrong: a syntax error, an input beyond xd, a value that is not a finite
 * number (with the point where it happened).
 */
export function compileExpression(expression, d, math = Math) {
  const text = String(expression ?? '').trim();
  if (text === '') throw new ModelError('expression', 'Expression: empty — type a formula in x1..xd, e.g. x1 + 2 * x2 * x3');
  const used = [...text.matchAll(/\bx(\d+)\b/g)].map((m) => Number(m[1]));
  const bad = used.find((j) => j < 1 || j > d);
  if (bad !== undefined) {
    throw new ModelError('expression', `Expression uses x${bad}, but the model has ${d} input${d === 1 ? '' : 's'} (x1..x${d}): set "inputs" to ${Math.max(...used)} or change the expression`);
  }
  const args = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  let f;
  try {
    f = new Function('Math', `"use strict"; const { ${MATH_NAMES.join(', ')} } = Math; return function (${args.join(', ')}) { return (${text}\n); };`)(math);
  } catch (e) {
    throw new ModelError('expression', `Expression: syntax error — ${e instanceof Error ? e.message : String(e)}`);
  }
  return (X) => {
    const n = X.rows, x = X.data, y = new Float64Array(n), v = new Array(d);
    for (let i = 0, k = 0; i < n; i++, k += d) {
      for (let j = 0; j < d; j++) v[j] = x[k + j];
      let r;
      try {
        r = f(...v);
      } catch (e) {
        const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        throw new ModelError('expression', `Expression failed at ${point(v)}: ${msg}`);
      }
      if (typeof r !== 'number') {
        throw new ModelError('expression', `Expression gave ${r === null ? 'null' : typeof r === 'string' ? `the string "${r}"` : typeof r} at ${point(v)}, not a number`);
      }
      if (!Number.isFinite(r)) throw new ModelError('expression', `Expression gave ${r} at ${point(v)} (row ${i} of the design): the model must be finite everywhere on the inputs' support`);
      y[i] = r;
    }
    return y;
  };
}

function point(v) {
  return v.map((x, j) => `x${j + 1} = ${Number(x.toPrecision(6))}`).join(', ');
}
