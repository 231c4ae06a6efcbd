// Problem.evaluate({ module, export, workers }): a model in a module run on worker threads,
// equal bit for bit to the same function run in this thread, in row order whatever thread
// finishes first; a model that throws names the row; bad specs and the browser entry refuse.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ModelEvaluationError, problem } from 'uqkit';

const dir = mkdtempSync(join(tmpdir(), 'uqkit-problem-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODEL = join(dir, 'model.mjs');
writeFileSync(MODEL, `import { threadId } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
const DIR = ${JSON.stringify(dir)};
export default (x) => Math.sin(x[0]) + 7 * Math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * Math.sin(x[0]) + Math.exp(x[0] / 3) * Math.cbrt(x[1] + 10);
// the row itself, after a delay that makes later blocks finish first
export const rowOf = async (x, row) => { await new Promise((r) => setTimeout(r, (1000 - row) % 7)); return row; };
// the thread's id, once both threads have started (each waits for the other's file in DIR on its first row)
let met = false;
export const thread = () => {
  if (!met) {
    fs.writeFileSync(path.join(DIR, 'thread-' + threadId), '');
    const wait = new Int32Array(new SharedArrayBuffer(4));
    for (let t = 0; t < 4000 && fs.readdirSync(DIR).filter((f) => f.startsWith('thread-')).length < 2; t++) Atomics.wait(wait, 0, 0, 5);
    met = true;
  }
  return threadId;
};
export const boom = (x, row) => { if (row === 37) throw new Error('boom at row 37'); return x[0]; };
export const sums = ({ data, rows, cols }) => Array.from({ length: rows }, (_, i) => data[i * cols] + data[i * cols + 1] * data[i * cols + 2]);
export const notAFunction = 3;
`);
const ISHIGAMI = { names: ['x1', 'x2', 'x3'], bounds: [[-Math.PI, Math.PI], [-Math.PI, Math.PI], [-Math.PI, Math.PI]] as [number, number][] };
const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('Problem.evaluate({ module, workers: 2 })', () => {
  it('equals the same function run in this thread, bit for bit', async () => {
    const model = (await import(pathToFileURL(MODEL).href)) as { default: (x: Float64Array) => number };
    const here = problem(ISHIGAMI).sample('saltelli', { N: 256, seed: 4 }).evaluate(model.default).results!;
    const p = problem(ISHIGAMI).sample('saltelli', { N: 256, seed: 4 });
    expect(await p.evaluate({ module: MODEL, workers: 2 })).toBe(p);
    expect(p.results).toHaveLength(here.length);
    expect(bits(p.results!)).toBe(bits(here));
    // and the analysis goes on as with a function
    expect(p.analyze('sobol', { bootstrap: false }).get('S1')).toEqual(problem(ISHIGAMI).sample('saltelli', { N: 256, seed: 4 }).evaluate(model.default).analyze('sobol', { bootstrap: false }).get('S1'));
  });

  it('keeps row order when later blocks finish first; uses the 2 threads', async () => {
    const p = problem(ISHIGAMI).sample('morris', { N: 40, seed: 1 });
    await p.evaluate({ module: pathToFileURL(MODEL).href, export: 'rowOf', workers: 2 });
    expect(Array.from(p.results!)).toEqual(Array.from({ length: 160 }, (_, i) => i));
    await p.evaluate({ module: MODEL, export: 'thread', workers: 2 });
    expect(new Set(p.results).size).toBe(2);
  });

  it('a vectorized model gets blocks of rows', async () => {
    const p = problem(ISHIGAMI).sample('morris', { N: 30, seed: 2 });
    await p.evaluate({ module: MODEL, export: 'sums', workers: 2, vectorized: true });
    const X = p.samples!;
    expect(Array.from(p.results!)).toEqual(Array.from({ length: X.rows }, (_, i) => X.data[i * 3]! + X.data[i * 3 + 1]! * X.data[i * 3 + 2]!));
  });

  it('a model that throws rejects with the row, its inputs and the message', async () => {
    const p = problem(ISHIGAMI).sample('morris', { N: 40, seed: 1 });
    const e = await p.evaluate({ module: MODEL, export: 'boom', workers: 2 }).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(ModelEvaluationError);
    const m = e as ModelEvaluationError;
    expect([m.row, m.field, m.value]).toEqual([37, 'row', 37]);
    expect(m.point).toEqual(Array.from(p.samples!.data.subarray(37 * 3, 38 * 3)));
    expect(m.message).toBe(`row 37 (x = [${m.point.join(', ')}]): the model threw: boom at row 37`);
    expect(p.results).toBeUndefined();
  });

  it('refuses a missing export, a bad spec; the browser entry says why it cannot', async () => {
    const p = problem(ISHIGAMI).sample('morris', { N: 4, seed: 1 });
    const e = await p.evaluate({ module: MODEL, export: 'notAFunction', workers: 2 }).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect((e as Error).message).toMatch(/^module: expected a module whose export "notAFunction" is the model function; its export "notAFunction" is a number, not a function/);
    expect(() => p.evaluate({ module: MODEL, workers: 0 })).toThrow('evaluate.workers: expected an integer from 1 to 1024, got 0');
    expect(() => p.evaluate({ module: MODEL, threads: 2 } as never)).toThrow(/^evaluate\.threads: /);
    const browser = `import { problem } from 'uqkit/browser';
const p = problem({ names: ['a'], bounds: [[0, 1]] }).sample('morris', { N: 4, seed: 1 });
try { p.evaluate({ module: 'm.mjs' }); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', browser], { encoding: 'utf8', cwd: join(__dirname, '..') });
    expect(r.stdout).toBe("InvalidArgumentError: evaluate.module: expected a function: a module's model runs on Node's worker threads, which this entry has not (import from 'uqkit' in Node, not 'uqkit/browser'), got \"m.mjs\"\n");
  });
});
