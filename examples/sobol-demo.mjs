// The main job, for now: quasi-Monte Carlo integration of the Ishigami function with uqkit's
// Sobol' sequences, against its analytic mean and variance (../shared/REFERENCE.md), and
// against plain Monte Carlo, then by tensor and sparse-grid quadrature, then its Sobol'
// sensitivity indices by a Saltelli design with bootstrap intervals, by independent scrambles,
// and from a polynomial chaos expansion. A later issue (8) replaces this with a full campaign
// of an external model.
//   npm start                      (n up to 2^16, 16 Owen-scrambled replicates)
//   node examples/sobol-demo.mjs 20 (n up to 2^20)
import { SobolSequence, combineReplicates, fitPCE, saltelliDesign, sobol, sobolIndices, sparseGrid, tensorGrid, toPhysical, Uniform } from 'uqkit';

const A = 7, B = 0.1;
const MEAN = A / 2;
const VAR = A ** 2 / 8 + (B * Math.PI ** 4) / 5 + (B ** 2 * Math.PI ** 8) / 18 + 0.5;
const maxM = Number(process.argv[2] ?? 16);
const R = 16;

function ishigamiMoments(x) {
  // x: n x 3 in [0,1)^3, mapped to U(-pi, pi)^3
  let s = 0, s2 = 0;
  for (let i = 0; i < x.rows; i++) {
    const x1 = Math.PI * (2 * x.data[3 * i] - 1), x2 = Math.PI * (2 * x.data[3 * i + 1] - 1), x3 = Math.PI * (2 * x.data[3 * i + 2] - 1);
    const y = Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
    s += y;
    s2 += y * y;
  }
  const mean = s / x.rows;
  return { mean, variance: s2 / x.rows - mean * mean };
}

function rmse(values, truth) {
  return Math.sqrt(values.reduce((a, v) => a + (v - truth) ** 2, 0) / values.length);
}

/** Plain Monte Carlo points with a small seeded generator (xorshift128+), for comparison. */
function monteCarlo(n, seed) {
  let s0 = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n, s1 = 0x632be59bd9b4e019n ^ BigInt(seed);
  const mask = (1n << 64n) - 1n;
  const data = new Float64Array(n * 3);
  for (let i = 0; i < data.length; i++) {
    let x = s0, y = s1;
    s0 = y;
    x = (x ^ (x << 23n)) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    data[i] = Number(((s1 + y) & mask) >> 11n) / 2 ** 53;
  }
  return { data, rows: n, cols: 3 };
}

console.log(`uqkit — Ishigami (a=${A}, b=${B}) on U(-pi,pi)^3: mean ${MEAN}, variance ${VAR.toFixed(6)}`);
console.log(`RMSE over ${R} replicates (Owen-scrambled Sobol' seeds 1..${R}; Monte Carlo seeds 1..${R}):\n`);
console.log('      n   Sobol mean RMSE   MC mean RMSE   Sobol var RMSE   MC var RMSE   gain (mean)');
for (let m = 6; m <= maxM; m += 2) {
  const n = 2 ** m;
  const q = [], mc = [];
  for (let r = 1; r <= R; r++) {
    q.push(ishigamiMoments(sobol(n, 3, { scramble: 'owen', seed: r })));
    if (m <= 16) mc.push(ishigamiMoments(monteCarlo(n, r)));
  }
  const qm = rmse(q.map((v) => v.mean), MEAN), qv = rmse(q.map((v) => v.variance), VAR);
  const mm = mc.length ? rmse(mc.map((v) => v.mean), MEAN) : NaN, mv = mc.length ? rmse(mc.map((v) => v.variance), VAR) : NaN;
  console.log(`${String(n).padStart(7)}   ${qm.toExponential(2).padStart(15)}   ${mm.toExponential(2).padStart(12)}   ${qv.toExponential(2).padStart(14)}   ${mv.toExponential(2).padStart(11)}   ${(mm / qm).toFixed(1).padStart(10)}`);
}

const seq = new SobolSequence(10);
const t0 = performance.now();
const x = seq.next(2 ** 20);
const ms = performance.now() - t0;
console.log(`\nSobol' d=10, 2^20 points: ${ms.toFixed(1)} ms (${(x.data.length / ms / 1e6).toFixed(2)} G values/s); first points:`);
for (let i = 0; i < 4; i++) console.log('  ' + Array.from(x.data.subarray(i * 10, i * 10 + 4), (v) => v.toFixed(4)).join('  ') + '  ...');

// The same moments by deterministic quadrature on the distributions themselves: tensor
// Gauss–Legendre grids and Smolyak sparse grids (Clenshaw–Curtis and Gauss–Patterson).
const dists = [0, 1, 2].map(() => new Uniform(-Math.PI, Math.PI));
function gridMoments(g) {
  let s = 0, s2 = 0;
  for (let i = 0; i < g.points.rows; i++) {
    const [x1, x2, x3] = g.points.data.subarray(3 * i, 3 * i + 3);
    const y = Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
    s += g.weights[i] * y;
    s2 += g.weights[i] * y * y;
  }
  return { mean: s, variance: s2 - s * s };
}
console.log('\nQuadrature on the same problem (error of mean and variance):\n');
console.log('  grid                                   points    mean error    var error');
const rows = [
  ...[4, 8, 12, 16].map((q) => [`tensor Gauss–Legendre ${q}^3`, tensorGrid(dists, q - 1)]),
  ...[4, 6, 8].map((L) => [`Smolyak Clenshaw–Curtis level ${L}`, sparseGrid(dists, { level: L })]),
  ...[3, 4, 5].map((L) => [`Smolyak Gauss–Patterson level ${L}`, sparseGrid(dists, { level: L, rule: 'patterson' })]),
];
for (const [name, g] of rows) {
  const m = gridMoments(g);
  console.log(`  ${name.padEnd(37)} ${String(g.points.rows).padStart(7)}    ${Math.abs(m.mean - MEAN).toExponential(1).padStart(9)}    ${Math.abs(m.variance - VAR).toExponential(1).padStart(9)}`);
}

// Sobol' sensitivity indices of the same function, three ways, against the analytic values.
const S = [0.3139051911, 0.4424111448, 0], ST = [0.5575888552, 0.4424111448, 0.2436836641];
const ishigami = (X) => Float64Array.from({ length: X.rows }, (_, i) => {
  const [x1, x2, x3] = X.data.subarray(3 * i, 3 * i + 3);
  return Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
});
const fmt = (v) => v.toFixed(4).padStart(8);
const table = (label, first, total, fc, tc) => {
  console.log(`\n  ${label}`);
  console.log('  input      S1 (analytic)   S1 estimate ± 95%        ST (analytic)   ST estimate ± 95%');
  for (let j = 0; j < 3; j++) {
    console.log(`  x${j + 1}    ${fmt(S[j])}        ${fmt(first[j])} ${fc ? '± ' + fc[j].toFixed(4) : '        '}      ${fmt(ST[j])}        ${fmt(total[j])} ${tc ? '± ' + tc[j].toFixed(4) : ''}`);
  }
};
console.log("\nSobol' indices of the Ishigami function:");
let t = performance.now();
const des = saltelliDesign(dists, 2 ** 14, { seed: 1 });
const si = sobolIndices(ishigami(des.X), { design: des, bootstrap: { resamples: 1000, seed: 1 } });
table(`Saltelli design, n = 2^14 (${des.X.rows} runs), 1,000 bootstrap resamples (${(performance.now() - t).toFixed(0)} ms)`, si.first, si.total, si.firstConf, si.totalConf);
t = performance.now();
const reps = Array.from({ length: 8 }, (_, r) => {
  const d = saltelliDesign(dists, 2 ** 11, { seed: 100 + r });
  return sobolIndices(ishigami(d.X), { design: d });
});
const rc = combineReplicates(reps);
table(`8 independently scrambled designs of n = 2^11, Student-t intervals (${(performance.now() - t).toFixed(0)} ms)`, rc.first, rc.total, rc.firstConf, rc.totalConf);
t = performance.now();
const X = toPhysical(dists, sobol(910, 3, { scramble: 'owen', seed: 1, balance: 'ignore' }));
const pce = fitPCE(dists, X, ishigami(X), { degree: 12 });
table(`degree-12 polynomial chaos from 910 runs, least squares (LOO error ${pce.looError[0].toExponential(1)}, ${(performance.now() - t).toFixed(0)} ms)`, pce.sobolFirst(), pce.sobolTotal());
