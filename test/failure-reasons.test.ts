// The reasons of failed runs keep the line that says what went wrong: real model processes
// (node with a missing module, a Python-style traceback, a long log) under runLocal, models
// that throw in process and on worker threads, and the built CLI with a model module that
// cannot be imported — all over real SQLite files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, runInProcess, runInWorkers, runLocal, type ClaimedRun } from 'uqkit';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-failure-reasons-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The reason of the one failed run of a campaign of one run of `command`. */
async function reasonOf(name: string, command: string[]): Promise<string> {
  const store = openStore(join(root, `${name}.sqlite`));
  try {
    store.add([{ params: { x: 1 } }]);
    const counts = await runLocal(store, { command, runDir: (r: ClaimedRun) => join(root, name, String(r.id)), decode: () => ({ y: 1 }), progress: false });
    expect(counts.failed).toBe(1);
    return store.runs({ status: 'failed' })[0]!.reason!;
  } finally {
    store.close();
  }
}

describe('runLocal: the reason keeps the error line of stderr and its last lines', () => {
  it("node with a missing module: Node's message line, then the end of its report", async () => {
    const model = join(root, 'needs-helper.cjs');
    writeFileSync(model, "require('./missing-helper.cjs');\n");
    const reason = await reasonOf('node-missing', [process.execPath, model]);
    const lines = reason.split('\n');
    expect(lines[0]).toBe("exit code 1; stderr: Error: Cannot find module './missing-helper.cjs'");
    expect(lines[1]).toBe('...');
    expect(lines.slice(2)).toHaveLength(5);
    expect(lines.at(-1)).toBe(`Node.js ${process.version}`);
    expect(reason).toContain("code: 'MODULE_NOT_FOUND'");
  });

  it('a traceback whose error is its last line: the last lines only, nothing repeated', async () => {
    const model = join(root, 'traceback.sh');
    writeFileSync(model, `printf 'Traceback (most recent call last):\\n  File "model.py", line 3, in <module>\\n    run()\\n  File "model.py", line 2, in run\\n    raise ValueError("kappa must be > 0")\\nValueError: kappa must be > 0\\n' >&2; exit 1\n`);
    expect(await reasonOf('traceback', ['sh', model])).toBe('exit code 1; stderr:   File "model.py", line 3, in <module>\n    run()\n  File "model.py", line 2, in run\n    raise ValueError("kappa must be > 0")\nValueError: kappa must be > 0');
  });

  it('a long log with an error in the middle: the first error line, then the last lines', async () => {
    const model = join(root, 'long-log.sh');
    writeFileSync(model, `i=0; while [ $i -lt 30 ]; do echo "step $i ok" >&2; i=$((i+1)); done
echo "ERROR: mesh quality 0.01 below 0.2 at cell 1234" >&2
i=0; while [ $i -lt 20 ]; do echo "cleanup $i" >&2; i=$((i+1)); done
exit 2
`);
    expect(await reasonOf('long-log', ['sh', model])).toBe('exit code 2; stderr: ERROR: mesh quality 0.01 below 0.2 at cell 1234\n...\ncleanup 15\ncleanup 16\ncleanup 17\ncleanup 18\ncleanup 19');
  });

  it('an error line followed by more log than the kept tail: the error line is still found', async () => {
    const model = join(root, 'early-error.sh');
    writeFileSync(model, `echo "solver: starting" >&2
echo "Error: boundary file inlet.dat is empty" >&2
i=0; while [ $i -lt 400 ]; do echo "writing checkpoint $i of 400" >&2; i=$((i+1)); done
exit 4
`);
    const reason = await reasonOf('early-error', ['sh', model]);
    expect(reason.split('\n')).toEqual(['exit code 4; stderr: Error: boundary file inlet.dat is empty', '...',
      ...[395, 396, 397, 398, 399].map((i) => `writing checkpoint ${i} of 400`)]);
  });
});

describe('models that throw in process and on worker threads', () => {
  const long = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
  const expectedLong = `the model threw: line 0\n...\n${Array.from({ length: 5 }, (_, i) => `line ${15 + i}`).join('\n')}`;

  it('in process: a thrown object is shown as it is, a long message keeps its first and last lines', async () => {
    const store = openStore(join(root, 'in-process.sqlite'));
    store.add([{ params: { x: 1 } }, { params: { x: 2 } }, { params: { x: 3 } }]);
    await runInProcess(store, (p) => {
      if (p.x === 1) throw { code: 42, detail: 'no license' };
      if (p.x === 2) throw new Error(long);
      throw new TypeError('');
    });
    expect(store.runs({ status: 'failed' }).map((r) => [r.params.x, r.reason])).toEqual([
      [1, "the model threw: { code: 42, detail: 'no license' }"],
      [2, expectedLong],
      [3, 'the model threw: TypeError'],
    ]);
    store.close();
  });

  it('on worker threads: the same reasons, and a worker killed by an uncaught error names that error', async () => {
    const module = join(root, 'throwing-worker-model.mjs');
    writeFileSync(module, `export default (p) => {
  if (p.x === 1) throw { code: 42, detail: 'no license' };
  if (p.x === 2) throw new Error(${JSON.stringify(long)});
  if (p.x === 3) return new Promise(() => setTimeout(() => { throw new RangeError('solver diverged at step 17'); }, 0));
  return { y: p.x };
};
`);
    const store = openStore(join(root, 'workers.sqlite'));
    store.add([1, 2, 3, 4].map((x) => ({ params: { x } })));
    const counts = await runInWorkers(store, { module, workers: 1, batch: 1 });
    expect(counts).toMatchObject({ done: 1, failed: 3 });
    expect(store.runs({ status: 'failed' }).map((r) => [r.params.x, r.reason])).toEqual([
      [1, "the model threw: { code: 42, detail: 'no license' }"],
      [2, expectedLong],
      [3, 'the worker thread died: solver diverged at step 17 while running it'],
    ]);
    store.close();
  });
});

describe('uqkit run: a model module that cannot be imported is one line', () => {
  it.each([
    ['in process', ''],
    ['on worker threads', ', workers: 2'],
  ])('%s: a missing dependency names it, without a stack', (_, workers) => {
    const dir = join(root, `cli${workers ? '-workers' : ''}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.cjs'), "require('./gone.cjs');\nmodule.exports = (p) => ({ y: p.x });\n");
    writeFileSync(join(dir, 'c.yaml'), `name: gone\nparams: { x: { type: float, default: 0 } }\nvary: { x: { dist: uniform, low: 0, high: 1 } }\nsampler: { kind: qmc, n: 4, seed: 1 }\nrunner: { kind: in-process, module: ./model.cjs${workers} }\n`);
    const r = spawnSync(process.execPath, [MAIN, 'run', 'c.yaml', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe(`uqkit run: ${join(dir, 'model.cjs')}: cannot run the model: cannot import it: Cannot find module './gone.cjs'\n`);
    expect(r.status).toBe(1);
    // the runs are back in the queue, none failed
    const store = openStore(join(dir, 'gone.uqkit', 'campaign.db'), { create: false });
    expect(store.counts()).toMatchObject({ running: 0, failed: 0, done: 0 });
    store.close();
  });
});
