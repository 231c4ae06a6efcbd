// What the page offers for download: the results as JSON and CSV (indices with their intervals,
// the settings, the seed), and a Node script that repeats the analysis with uqkit and prints
// the same results, bit for bit, as the JSON's "results".
//
// Numbers are written as JavaScript's shortest round-trip decimals (String(v), JSON.stringify),
// so that reading them back gives the same doubles.
import { MATH_NAMES, MODELS } from './models.js';

const lit = (v) => (Object.is(v, -0) ? '-0' : String(v));
const names = (d) => Array.from({ length: d }, (_, j) => `x${j + 1}`);

/** The results of one run as plain arrays, in the shape the Node script prints. */
export function results(r) {
  return {
    inputs: names(r.first.length),
    S: [...r.first], ...(r.firstLow ? { S_low: [...r.firstLow], S_high: [...r.firstHigh] } : {}),
    ST: [...r.total], ...(r.totalLow ? { ST_low: [...r.totalLow], ST_high: [...r.totalHigh] } : {}),
    mean: r.mean, variance: r.variance, ...(r.method === 'pce' ? { loo: r.loo, terms: r.terms } : {}),
  };
}

/** The settings of a run, as the JSON and the CSV's header write them. */
export function settings(spec) {
  return {
    model: spec.model, params: spec.model === 'gfunction' ? { a: parseList(spec.params.a) } : spec.params, inputs: spec.dists,
    method: spec.method, n: spec.n, seed: spec.seed,
    ...(spec.method === 'saltelli' ? { resamples: spec.resamples, confidence: spec.confidence } : { degree: spec.degree }),
  };
}

/** The JSON file: settings, seed and results (indices with their bootstrap percentile intervals, mean, variance). */
export function resultsJson(spec, r) {
  return `${JSON.stringify({ generator: 'uqkit browser demo', settings: settings(spec), results: results(r) }, null, 2)}\n`;
}

/** The CSV file: '#' lines with the settings, then one row per index and input (index,input,estimate,low,high,exact). */
export function resultsCsv(spec, r) {
  const s = settings(spec);
  const lines = [
    `# uqkit browser demo: ${MODELS[spec.model].label} ${JSON.stringify(s.params)}`,
    `# inputs: ${spec.dists.map((d, j) => `x${j + 1} ${d.dist === 'normal' ? `normal(mean ${d.mean}, std ${d.std})` : `uniform(${d.low}, ${d.high})`}`).join('; ')}`,
    `# method: ${spec.method}, N = ${spec.n}, seed = ${spec.seed}${spec.method === 'saltelli' ? `, bootstrap resamples = ${spec.resamples}, confidence = ${spec.confidence}` : `, degree = ${spec.degree}`}`,
    'index,input,estimate,low,high,exact',
  ];
  const cell = (v) => (v === undefined ? '' : lit(v));
  for (const [key, est, lo, hi, exact] of [['S', r.first, r.firstLow, r.firstHigh, r.analytic?.first], ['ST', r.total, r.totalLow, r.totalHigh, r.analytic?.total]]) {
    for (let j = 0; j < est.length; j++) lines.push([key, `x${j + 1}`, cell(est[j]), cell(lo?.[j]), cell(hi?.[j]), cell(exact?.[j])].join(','));
  }
  lines.push(`mean,,${cell(r.mean)},,,${cell(r.analytic?.mean)}`, `variance,,${cell(r.variance)},,,${cell(r.analytic?.variance)}`);
  return `${lines.join('\n')}\n`;
}

/** The model as JavaScript source in x1..xd, written exactly as the page computes it (same operations in the same order). */
function modelSource(spec, d) {
  const args = names(d).join(', ');
  if (spec.model === 'ishigami') {
    return [
      "// Ishigami with uqkit's engine-independent sine (Math.sin differs between engines in the last bit)",
      'const sin = (x) => detmath.sinpi(x / Math.PI);',
      'const model = (x1, x2, x3) => {',
      '  const s1 = sin(x1), s2 = sin(x2), x3sq = x3 * x3;',
      `  return s1 + ${lit(Number(spec.params.a))} * (s2 * s2) + ${lit(Number(spec.params.b))} * (x3sq * x3sq) * s1;`,
      '};',
    ];
  }
  if (spec.model === 'gfunction') {
    return [
      "// Sobol' g-function",
      `const a = [${parseList(spec.params.a).map(lit).join(', ')}];`,
      'const model = (...x) => {',
      '  let p = 1;',
      '  for (let j = 0; j < x.length; j++) p *= (Math.abs(4 * x[j] - 2) + a[j]) / (1 + a[j]);',
      '  return p;',
      '};',
    ];
  }
  const expr = String(spec.params.expression).trim();
  const own = ['sin', 'cos', 'exp', 'expm1', 'log', 'log1p', 'pow'];
  return [
    "// the expression, seeing Math with sin, cos, exp, expm1, log, log1p and pow from uqkit's detmath",
    'const math = Object.assign(Object.create(Math), {',
    '  sin: (x) => detmath.sinpi(x / Math.PI), cos: (x) => detmath.cospi(x / Math.PI),',
    `  ${own.slice(2).map((f) => `${f}: detmath.${f}`).join(', ')},`,
    '});',
    'const model = ((Math) => {',
    `  const { ${MATH_NAMES.join(', ')} } = Math;`,
    `  return (${args}) => (${expr}${expr.includes('//') ? '\n' : ''});`, // a line comment must not swallow the ')'
    '})(math);',
  ];
}

/**
 * A Node script (ES module) that repeats the run with uqkit and prints its results as JSON:
 * the same calls as the page's worker, with the exact settings and seed.
 */
export function nodeSnippet(spec) {
  const d = spec.dists.length;
  const pce = spec.method === 'pce';
  const imports = pce ? ['detmath', 'distribution', 'fitPCE', 'sobol', 'toPhysical'] : ['detmath', 'distribution', 'saltelliDesign', 'sobolIndices'];
  const dists = spec.dists.map((s) => (s.dist === 'normal' ? `{ dist: 'normal', mean: ${lit(s.mean)}, std: ${lit(s.std)} }` : `{ dist: 'uniform', low: ${lit(s.low)}, high: ${lit(s.high)} }`));
  const evalY = (X) => `const Y = Float64Array.from({ length: ${X}.rows }, (_, i) =>\n  model(...${X}.data.subarray(i * ${d}, (i + 1) * ${d})));`;
  const lines = [
    `import { ${imports.join(', ')} } from 'uqkit';`,
    '',
    ...modelSource(spec, d),
    'const dists = [',
    ...dists.map((t) => `  ${t},`),
    '].map((s) => distribution(s));',
  ];
  if (pce) {
    lines.push(
      `const X = toPhysical(dists, sobol(${spec.n}, ${d}, { scramble: 'owen', seed: ${spec.seed}, balance: 'ignore' }));`,
      evalY('X'),
      `const fit = fitPCE(dists, X, Y, { degree: ${spec.degree} });`,
      `const inputs = dists.map((_, j) => \`x\${j + 1}\`);`,
      'console.log(JSON.stringify({',
      '  inputs, S: [...fit.sobolFirst()], ST: [...fit.sobolTotal()],',
      '  mean: fit.mean(), variance: fit.variance(), loo: fit.looError[0], terms: fit.indices.length,',
      '}));',
    );
  } else {
    const boot = spec.resamples > 0 ? `, bootstrap: { resamples: ${spec.resamples}, seed: ${spec.seed}, confidence: ${lit(spec.confidence)} }` : '';
    lines.push(
      `const design = saltelliDesign(dists, ${spec.n}, { seed: ${spec.seed}, balance: 'ignore' });`,
      evalY('design.X'),
      `const r = sobolIndices(Y, {\n  design${boot.replace(/^, /, ',\n  ')},\n});`,
      `const inputs = dists.map((_, j) => \`x\${j + 1}\`);`,
      ...(spec.resamples > 0 ? [
        'console.log(JSON.stringify({',
        '  inputs, S: [...r.first], S_low: [...r.firstInterval.low], S_high: [...r.firstInterval.high],',
        '  ST: [...r.total], ST_low: [...r.totalInterval.low], ST_high: [...r.totalInterval.high],',
        '  mean: r.mean, variance: r.variance,',
        '}));',
      ] : ['console.log(JSON.stringify({ inputs, S: [...r.first], ST: [...r.total], mean: r.mean, variance: r.variance }));']),
    );
  }
  return `${lines.join('\n')}\n`;
}

function parseList(a) {
  return Array.isArray(a) ? a : String(a ?? '').split(/[\s,;]+/).filter((s) => s !== '').map(Number);
}
