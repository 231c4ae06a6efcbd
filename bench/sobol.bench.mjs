// Sobol' generation throughput: d = 10, 2^20 points, as scipy's
// qmc.Sobol(10).random_base2(20). Run through bench/run.mjs, which also runs the Python peers
// (bench/compare/sobol.py) and prints the comparison.
import { Bench } from 'tinybench';
import { SobolSequence } from '../build/index.js';

export const DIM = 10;
export const M = 20;
const N = 2 ** M;
const LEN = N * DIM;

function checked(expectLast) {
  return (m) => {
    // Read the result so the work cannot be skipped, and check it is right.
    if (m.data.length !== LEN || !(m.data[LEN - 1] === expectLast)) throw new Error(`wrong result: last value ${m.data[LEN - 1]}, expected ${expectLast}`);
  };
}

/** The last coordinate of unscrambled point i. */
function plainLast(i) {
  return new SobolSequence(DIM, { balance: 'ignore' }).skip(i).next(1).data[DIM - 1];
}

export async function runUqkit({ time = 1500 } = {}) {
  const q = { balance: 'ignore' };
  const out = new Float64Array(LEN);
  const last = (opts) => new SobolSequence(DIM, { ...q, ...opts }).next(N).data[LEN - 1];
  const plain = checked(last({}));
  const lms = checked(last({ scramble: 'lms', seed: 1 }));
  const owen = checked(last({ scramble: 'owen', seed: 1 }));
  const lastOfBatches = plainLast(N - 1);
  let sink = 0;

  const bench = new Bench({ time, warmupTime: 200, iterations: 5 });
  bench
    .add('uqkit plain: next(n) → new array', () => plain(new SobolSequence(DIM, q).next(N)))
    .add('uqkit plain: next(n, {out}) → caller’s array', () => plain(new SobolSequence(DIM, q).next(N, { out })))
    .add('uqkit plain: next(n, {view}) → WASM memory', () => plain(new SobolSequence(DIM, q).next(N, { view: true })))
    .add('uqkit plain: 16 × next(n/16) → new arrays', () => {
      const seq = new SobolSequence(DIM, q);
      let m;
      for (let b = 0; b < 16; b++) m = seq.next(N / 16);
      if (m.data[m.data.length - 1] !== lastOfBatches) throw new Error('wrong result');
    })
    .add('uqkit lms: next(n) → new array', () => lms(new SobolSequence(DIM, { ...q, scramble: 'lms', seed: 1 }).next(N)))
    .add('uqkit lms: next(n, {out})', () => lms(new SobolSequence(DIM, { ...q, scramble: 'lms', seed: 1 }).next(N, { out })))
    .add('uqkit owen: next(n) → new array', () => owen(new SobolSequence(DIM, { ...q, scramble: 'owen', seed: 1 }).next(N)))
    .add('JS ceiling: fill the same Float64Array', () => { out.fill(0.5); sink += out[LEN - 1]; })
    .add('JS ceiling: write loop into the same Float64Array', () => {
      for (let i = 0; i < LEN; i++) out[i] = i * 1e-9;
      sink += out[LEN - 1];
    })
    .add('JS ceiling: new Float64Array + fill', () => { const a = new Float64Array(LEN).fill(0.5); sink += a[LEN - 1]; });
  await bench.run();
  if (!(sink > 0)) throw new Error('benchmark sink not written');
  return bench.tasks.map((t) => {
    if (t.result.state !== 'completed') throw new Error(`${t.name}: ${t.result.state} ${t.result.error ?? ''}`);
    const l = t.result.latency;
    return { name: t.name, medianMs: l.p50, minMs: l.min, samples: l.samplesCount, values: LEN };
  });
}
