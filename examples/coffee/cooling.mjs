#!/usr/bin/env node
// The cooling coffee cup: Newton's law of cooling, dT/dt = -kappa (T - t_env), solved exactly:
// T(t) = t_env + (T0 - t_env) exp(-kappa t). A stand-in for a real simulation code: it runs
// as its own process in its run directory, reads its input file (written by uqkit from
// model.template) and writes output.csv (t, te) for uqkit's CSV decoder.
import { readFileSync, writeFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(process.argv[2] ?? 'input.json', 'utf8'));
for (const k of ['T0', 'kappa', 't_env', 't_end', 'steps']) {
  if (typeof input[k] !== 'number' || !Number.isFinite(input[k])) {
    process.stderr.write(`cooling: input.json: ${k} must be a finite number, got ${JSON.stringify(input[k])}\n`);
    process.exit(1);
  }
}
const { T0, kappa, t_env, t_end, steps } = input;
const lines = ['t,te'];
for (let i = 0; i <= steps; i++) {
  const t = (t_end * i) / steps;
  lines.push(`${t},${t_env + (T0 - t_env) * Math.exp(-kappa * t)}`);
}
writeFileSync('output.csv', lines.join('\n') + '\n');
