// A model run by test/io-run.test.ts inside a run directory: reads its parameters with the
// in-run helper (the package's `uqkit/run` entry), writes y = 2x + z and a small vector with
// postRunResults. With MODEL_FAIL set it exits 1 without results.
import { getRunParams, postRunResults } from 'uqkit/run';

const p = getRunParams();
if (process.env.MODEL_FAIL) process.exit(1);
const x = Number(p.x);
const z = Number(p.z);
postRunResults({
  y: 2 * x + z,
  curve: Float64Array.from([0, 1, 2], (t) => x * t),
  ratio: z === 0 ? NaN : x / z,
  echo: p,
});
