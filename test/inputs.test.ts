// Hostile and odd inputs: campaign files read by the built CLI (`uqkit run FILE` as a child
// process, in a temp directory, with real model processes where runs execute) must be refused
// with one line naming the file, the line and the field; the library's functions must never
// convert a non-number argument, and must throw InvalidArgumentError naming it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Beta,
  Campaign,
  DiscreteUniform,
  Exponential,
  Gamma,
  InvalidArgumentError,
  LogNormal,
  basisMatrix,
  matrix,
  Normal,
  Triangular,
  TruncatedNormal,
  Uniform,
  betainc,
  betaincc,
  betainccinv,
  betaincinv,
  betaln,
  erf,
  erfc,
  erfcx,
  gamma,
  gammainc,
  gammaincc,
  gammainccinv,
  gammaincinv,
  gammaln,
  logNdtr,
  ndtr,
  ndtri,
  openStore,
  percentileSorted,
  saltelliRow,
  saltelliRows,
  studentTppf,
  submitArrays,
  sweep,
  type CampaignConfig,
} from 'uqkit';
import { thrown } from './helpers.js';

const MAIN = fileURLToPath(new URL('../build/cli/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'uqkit-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let caseNo = 0;

interface Out { status: number | null; stdout: string; stderr: string }
function uqkit(cwd: string, ...args: string[]): Out {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The model: sums its numeric parameters from params.json into out.json.
const MODEL = `import { readFileSync, writeFileSync } from 'node:fs';
const p = JSON.parse(readFileSync('params.json', 'utf8'));
writeFileSync('out.json', JSON.stringify({ y: Object.values(p).filter((v) => typeof v === 'number').reduce((a, b) => a + b, 0) }));
`;

/** A new folder holding model.mjs and the campaign file `text` (campaign.yaml). */
function campaignDir(text: string): string {
  const dir = join(root, `case${++caseNo}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.mjs'), MODEL);
  writeFileSync(join(dir, 'campaign.yaml'), text);
  return dir;
}

/** `uqkit run campaign.yaml` must exit 1 with exactly `line` on stderr, nothing else. */
function refused(text: string): string {
  const dir = campaignDir(text);
  const r = uqkit(dir, 'run', 'campaign.yaml');
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status).toBe(1);
  return r.stderr.trim();
}

const HEAD = `name: c
params:
  x: {type: float, min: 0, max: 1, default: 0.5}
vary:
  x: {dist: uniform, low: 0, high: 1}
sampler: {kind: random, n: 3, seed: 1}
decoder: {kind: json, file: out.json}
`;

describe('campaign file: samplers without an end', () => {
  it('a random or qmc sampler without n is refused naming the file, the line and sampler.n', () => {
    for (const kind of ['random', 'qmc']) {
      expect(refused(HEAD.replace('sampler: {kind: random, n: 3, seed: 1}', `sampler: {kind: ${kind}, seed: 4}`)))
        .toBe(`uqkit run: campaign.yaml:6: sampler.n: expected the number of runs (e.g. {kind: ${kind}, n: 1024, seed: 4}): a ${kind} sampler without n has no end, got undefined`);
    }
  });
});

describe('campaign file: YAML aliases', () => {
  it('an alias bomb (billion laughs) is refused with one line naming its first alias, without being expanded', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let k = 1; k < names.length; k++) lol.push(`${names[k]}: &${names[k]} [${Array(9).fill(`*${names[k - 1]}`).join(',')}]`);
    const t0 = Date.now();
    const line = refused(`name: bomb\n${lol.join('\n')}\n`);
    // 9^9 = 387 million strings if expanded: this answers in well under the time that takes
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(line).toBe('uqkit run: campaign.yaml:3: YAML aliases here expand to more than 1000 values; write the values out instead of repeating aliases');
  });

  it('a few aliases are still read (a shared distribution)', () => {
    const dir = campaignDir(`name: alias
params:
  x: {type: float, min: 0, max: 1, default: 0.5}
  z: {type: float, min: 0, max: 1, default: 0.5}
vary:
  x: &u {dist: uniform, low: 0, high: 1}
  z: *u
sampler: {kind: random, n: 2, seed: 1}
runner: {kind: local, command: [node, ./model.mjs]}
decoder: {kind: json, file: out.json}
`);
    const r = uqkit(dir, 'run', 'campaign.yaml', '-q');
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('campaign file: Slurm options go into #SBATCH lines verbatim, so each is held to its form', () => {
  const slurm = (extra: string) => `${HEAD}runner: {kind: slurm, command: [node, ./model.mjs], ${extra}}\n`;
  it('a newline (a shell line injected after #SBATCH) or a value out of form is refused with the line', () => {
    expect(refused(slurm('partition: "debug\\necho pwned > /tmp/x"'))).toBe(
      'uqkit run: campaign.yaml:8: runner.partition: expected a partition name (or a comma-separated list) of letters, digits, _ . -, got "debug\\necho pwned > /tmp/x"',
    );
    expect(refused(slurm('account: "a b"'))).toBe('uqkit run: campaign.yaml:8: runner.account: expected an account name of letters, digits, _ . -, got "a b"');
    expect(refused(slurm('time: "1:00\\nrm -rf ~"'))).toMatch(/^uqkit run: campaign\.yaml:8: runner\.time: expected a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS \(e\.g\. "00:30:00"\), got "1:00\\nrm -rf ~"$/);
    expect(refused(slurm('memory: "2G; id"'))).toBe('uqkit run: campaign.yaml:8: runner.memory: expected a Slurm memory size: an integer with an optional unit K, M, G or T (e.g. "2G"), got "2G; id"');
    expect(refused(slurm('extraLines: ["--qos=debug", "--mail-type=END\\ntouch /tmp/pwned"]'))).toBe(
      'uqkit run: campaign.yaml:8: runner.extraLines[1]: expected one sbatch option on one line, starting with - (e.g. "--qos=debug"), without the #SBATCH prefix, got "--mail-type=END\\ntouch /tmp/pwned"',
    );
    expect(refused(slurm('extraLines: ["echo hi"]'))).toMatch(/^uqkit run: campaign\.yaml:8: runner\.extraLines\[0\]: expected one sbatch option on one line/);
  });

  it('submitArrays refuses them before writing a script; Campaign.create refuses them too', () => {
    const workDir = join(root, 'slurm-work');
    const runDir = join(root, 'slurm-run');
    const e = thrown(() => submitArrays([{ dir: runDir, command: ['true'] }], { workDir, partition: 'debug\nid', limits: { maxArraySize: 10, maxJobCount: 10 } }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect([(e as InvalidArgumentError).field, (e as InvalidArgumentError).value]).toEqual(['partition', 'debug\nid']);
    expect(existsSync(workDir) || existsSync(runDir)).toBe(false);
    const e2 = thrown(() => submitArrays([{ dir: runDir, command: ['true'] }], { workDir, extraLines: ['--qos=a\nid'], limits: { maxArraySize: 10, maxJobCount: 10 } }));
    expect((e2 as InvalidArgumentError).field).toBe('extraLines[0]');
    // the work directory goes into an #SBATCH line, run directories into the manifest's lines
    const e4 = thrown(() => submitArrays([{ dir: runDir, command: ['true'] }], { workDir: `${workDir}\nid`, limits: { maxArraySize: 10, maxJobCount: 10 } }));
    expect([(e4 as InvalidArgumentError).field, (e4 as InvalidArgumentError).value]).toEqual(['workDir', `${workDir}\nid`]);
    const e5 = thrown(() => submitArrays([{ dir: `${runDir}\n/x`, command: ['true'] }], { workDir, limits: { maxArraySize: 10, maxJobCount: 10 } }));
    expect((e5 as InvalidArgumentError).field).toBe('runs[0].dir');
    expect(existsSync(workDir) || existsSync(runDir) || existsSync(`${workDir}\nid`)).toBe(false);
    const config: CampaignConfig = { name: 's', params: { x: { type: 'float', default: 0 } }, runner: { kind: 'slurm', command: ['true'], time: '10\nid' } };
    const e3 = thrown(() => Campaign.create(join(root, 'slurm-campaign'), config));
    expect(e3).toBeInstanceOf(InvalidArgumentError);
    expect((e3 as InvalidArgumentError).field).toBe('runner.time');
    // good values pass: these are the forms Slurm documents
    for (const time of ['30', '30:00', '1:00:00', '2-12', '2-12:30', '2-12:30:00', 'UNLIMITED']) {
      const c = Campaign.create(join(root, `slurm-ok-${time.replace(/:/g, '_')}`), { ...config, runner: { kind: 'slurm', command: ['true'], time, partition: 'short,long', memory: '512M', account: 'proj_1', extraLines: ['--qos=debug', '-C gpu'] } });
      c.close();
    }
  });
});

describe('campaign file: names that collide or that the runner owns', () => {
  const named = (params: string, encoder = '') => `name: n
params:
${params}
vary:
  x: {dist: uniform, low: 0, high: 1}
sampler: {kind: random, n: 2, seed: 1}
${encoder}runner: {kind: local, command: [node, ./model.mjs]}
decoder: {kind: json, file: out.json}
`;
  it('parameters that would share one UQKIT_PARAM_ variable are refused', () => {
    expect(refused(named('  x: {type: float, default: 0}\n  a-b: {type: float, default: 1}\n  a_b: {type: float, default: 2}'))).toBe(
      'uqkit run: campaign.yaml:5: params.a_b: expected a name that differs from "a-b" in more than case and punctuation (both are passed to a run as UQKIT_PARAM_A_B), got "a_b"',
    );
    expect(refused(named('  x: {type: float, default: 0}\n  a_b: {type: float, default: 1}\n  A_B: {type: float, default: 2}'))).toMatch(/^uqkit run: campaign\.yaml:5: params\.A_B: expected a name that differs from "a_b"/);
  });

  it('a parameter named __proto__ is refused (it would be dropped from every run)', () => {
    expect(refused(named('  x: {type: float, default: 0}\n  __proto__: {type: float, default: 1}'))).toBe(
      'uqkit run: campaign.yaml:4: params.__proto__: expected another parameter name ("__proto__" is reserved by JavaScript objects), got "__proto__"',
    );
  });

  it('an encoder target the runner writes itself is refused; params.json only from a json encoder', () => {
    const enc = (target: string) => named('  x: {type: float, default: 0}', `encoder: {kind: copy, source: model.mjs, target: ${target}}\n`);
    for (const t of ['stdout', 'stderr', '.uqkit-status', '.uqkit-run.sh', 'stdout/x']) {
      expect(refused(enc(t))).toBe(
        `uqkit run: campaign.yaml:7: encoder.target: expected a file the runner does not write itself (it writes stdout, stderr, .uqkit-run.sh, .uqkit-status, .uqkit-status.tmp in each run directory), got ${JSON.stringify(t)}`,
      );
    }
    expect(refused(enc('params.json'))).toBe('uqkit run: campaign.yaml:7: encoder.target: expected another file: params.json holds the run\'s parameters (only a json encoder may write it), got "params.json"');
    // a json encoder writing params.json is the params file itself, and runs
    const dir = campaignDir(named('  x: {type: float, default: 0}', 'encoder: {kind: json, target: params.json}\n'));
    expect(uqkit(dir, 'run', 'campaign.yaml', '-q').status).toBe(0);
  });

  it('the same through the API: Campaign.create refuses them', () => {
    const base: CampaignConfig = { name: 'api', params: { x: { type: 'float', default: 0 } } };
    const bad = (c: Partial<CampaignConfig>) => thrown(() => Campaign.create(join(root, `api${++caseNo}`), { ...base, ...c } as CampaignConfig)) as InvalidArgumentError;
    let e = bad({ params: { 'a-b': { type: 'float', default: 0 }, A_B: { type: 'float', default: 0 } } });
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect([e.field, e.value]).toEqual(['params.A_B', 'A_B']);
    e = bad({ params: JSON.parse('{"x": {"type": "float", "default": 0}, "__proto__": {"type": "float", "default": 1}}') });
    expect([e.field, e.value]).toEqual(['params.__proto__', '__proto__']);
    e = bad({ encoders: [{ kind: 'template', template: 'model.template', target: './stderr' }] });
    expect([e.field, e.value]).toEqual(['encoders[0].target', 'stderr']);
  });
});

describe('campaign file: nested sweeps keep their levels\' types', () => {
  const nested = (levels: string) => `name: sweep
params:
  solver: {type: string, default: cg}
  n: {type: integer, min: 1, max: 100, default: 1}
  tol: {type: float, default: 0.1}
  fast: {type: boolean, default: false}
sampler:
  kind: sweep
  levels:
    solver:
${levels}
runner: {kind: local, command: [node, ./model.mjs]}
decoder: {kind: json, file: out.json}
`;
  it('integer, float and boolean levels written as keys run with numbers and booleans', () => {
    const dir = campaignDir(nested(`      cg:
        n:
          10: {tol: [0.5]}
          20:
            fast: {true: {}, false: {}}
      direct: {n: [3]}`));
    const r = uqkit(dir, 'run', 'campaign.yaml', '-q');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const store = openStore(join(dir, 'sweep.uqkit', 'campaign.db'), { create: false });
    try {
      const rows = store.results().map((x) => ({ params: x.params, y: (x.outputs as { y: number }).y }));
      const key = (p: Record<string, unknown>) => `${p.solver} ${p.n} ${p.fast}`;
      expect(rows.map((x) => x.params).sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
        { solver: 'cg', n: 10, tol: 0.5, fast: false },
        { solver: 'cg', n: 20, tol: 0.1, fast: false },
        { solver: 'cg', n: 20, tol: 0.1, fast: true },
        { solver: 'direct', n: 3, tol: 0.1, fast: false },
      ]);
      // the model summed numbers: n and tol reached it as numbers
      expect(rows.find((x) => x.params.n === 10)!.y).toBe(10.5);
    } finally {
      store.close();
    }
  });

  it('a level that is not of its parameter\'s type, or out of its range, is refused with the line', () => {
    expect(refused(nested('      cg:\n        n:\n          ten: {}'))).toBe('uqkit run: campaign.yaml:12: sampler.levels.solver.cg.n: expected levels of the integer parameter n (integers), got "ten"');
    expect(refused(nested('      cg:\n        n:\n          1.5: {}'))).toBe('uqkit run: campaign.yaml:12: sampler.levels.solver.cg.n: expected levels of the integer parameter n (integers), got "1.5"');
    expect(refused(nested('      cg:\n        n:\n          500: {}'))).toMatch(/^uqkit run: campaign\.yaml:12: sampler\.levels\.solver\.cg\.n: expected an integer from 1 to 100 .*got 500$/);
  });

  it('Campaign.addSampler gives nested levels their parameters\' types', () => {
    const c = Campaign.create(join(root, 'api-sweep'), { name: 'sw', params: { n: { type: 'integer', min: 1, default: 1 }, on: { type: 'boolean', default: false } } });
    try {
      expect(c.addSampler({ kind: 'sweep', levels: { n: { 10: { on: [true] }, 20: {} } } }).added).toBe(2);
      expect(c.runs().map((r) => r.params)).toEqual([{ n: 10, on: true }, { n: 20, on: false }]);
    } finally {
      c.close();
    }
  });

  it('sweep() with the parameters\' types; without them keys stay strings', () => {
    const spec = { n: { 1: { tol: [1e-6] }, 2: {} }, on: { true: {} } };
    expect(sweep(spec, 'sweep', { n: { type: 'integer' }, on: { type: 'boolean' } })).toEqual([{ n: 1, tol: 1e-6, on: true }, { n: 2, on: true }]);
    expect(sweep(spec)).toEqual([{ n: '1', tol: 1e-6, on: 'true' }, { n: '2', on: 'true' }]);
  });
});

describe('campaign file: string commands, split into shell words', () => {
  const withCommand = (command: string) => `${HEAD}runner: {kind: local, command: ${JSON.stringify(command)}}\n`;
  function run(command: string): { dir: string; runs: string[] } {
    const dir = campaignDir(withCommand(command));
    writeFileSync(join(dir, 'm.sh'), '#!/bin/sh\necho "$1" > from-m.txt\n');
    chmodSync(join(dir, 'm.sh'), 0o755);
    mkdirSync(join(dir, 'with space'));
    writeFileSync(join(dir, 'with space', 'q.sh'), '#!/bin/sh\necho q > from-q.txt\n');
    chmodSync(join(dir, 'with space', 'q.sh'), 0o755);
    const r = uqkit(dir, 'run', 'campaign.yaml', '-q');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const runs: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        if (e.name.startsWith('run_')) runs.push(join(d, e.name));
        else walk(join(d, e.name));
      }
    };
    walk(join(dir, 'c.uqkit', 'runs'));
    expect(runs).toHaveLength(3);
    return { dir, runs };
  }

  it('./x words after the first, after ; && | and in quotes, run from the campaign file\'s folder', () => {
    const { runs } = run(`node ./model.mjs && ./m.sh arg; './with space/q.sh' | cat > ./piped.txt`);
    for (const d of runs) {
      expect(readFileSync(join(d, 'from-m.txt'), 'utf8')).toBe('arg\n');
      expect(existsSync(join(d, 'from-q.txt'))).toBe(true);
      // ./piped.txt names no file beside the campaign file: it stays in the run directory
      expect(existsSync(join(d, 'piped.txt'))).toBe(true);
    }
  });

  it('shellWords splits as sh does: quotes, escapes, operators, redirections, comments', async () => {
    const { shellWords } = await import('../build/cli/shell-words.js');
    const line = `echo "a;b" './c d' x\\ y>./o 2>&1|tr a b&&"$HOME"/x;(./p)#c ./q`;
    expect(shellWords(line).map((w) => [w.value, w.expands, line.slice(w.start, w.end)])).toEqual([
      ['echo', false, 'echo'], ['a;b', false, '"a;b"'], ['./c d', false, "'./c d'"], ['x y', false, 'x\\ y'], ['./o', false, './o'], ['2', false, '2'], ['1', false, '1'],
      ['tr', false, 'tr'], ['a', false, 'a'], ['b', false, 'b'], ['$HOME/x', true, '"$HOME"/x'], ['./p', false, './p'],
    ]);
  });

  it('"./m.sh; echo" runs m.sh, not a program named "m.sh;"', () => {
    const { runs } = run('./m.sh x; node ./model.mjs');
    for (const d of runs) expect(readFileSync(join(d, 'from-m.txt'), 'utf8')).toBe('x\n');
  });
});

describe('library arguments are never converted', () => {
  const dists = [new Uniform(), new Normal(), new LogNormal(), new Beta(2, 3), new Gamma(2), new Exponential(), new Triangular(0, 1, 2), new TruncatedNormal(0, 1, -1, 2), new DiscreteUniform(0, 3)];
  const methods = [['pdf', 'x'], ['logpdf', 'x'], ['cdf', 'x'], ['sf', 'x'], ['ppf', 'u'], ['isf', 'q']] as const;
  it('every distribution method throws InvalidArgumentError naming its argument for a string, bigint, null or undefined', () => {
    for (const d of dists) {
      for (const [m, arg] of methods) {
        for (const v of ['0.5', 10n, null, undefined, {}]) {
          const e = thrown(() => (d as unknown as Record<string, (x: unknown) => number>)[m]!(v));
          expect(e, `${d.toString()}.${m}(${String(v)})`).toBeInstanceOf(InvalidArgumentError);
          expect([(e as InvalidArgumentError).field, (e as InvalidArgumentError).value]).toEqual([arg, v]);
        }
        expect(typeof (d as unknown as Record<string, (x: number) => number>)[m]!(0.5)).toBe('number');
      }
    }
    expect(new Normal().cdf(3)).toBe(0.9986501019683699);
    expect(thrown(() => new Normal().cdf('3' as never)).message).toBe('x: expected a number (strings, bigints, null and undefined are not converted), got "3"');
    expect(thrown(() => new Gamma(2).ppf(null as never)).message).toBe('u: expected a number (strings, bigints, null and undefined are not converted), got null');
    // out-of-domain probabilities stay NaN, as in scipy
    expect(new Normal().ppf(1.5)).toBeNaN();
  });

  it('every special function, each argument', () => {
    const one: [string, (x: never) => number][] = [['erf', erf], ['erfc', erfc], ['erfcx', erfcx], ['ndtr', ndtr], ['ndtri', ndtri], ['logNdtr', logNdtr], ['gamma', gamma], ['gammaln', gammaln]];
    for (const [name, f] of one) {
      const e = thrown(() => f(10n as never));
      expect(e, name).toBeInstanceOf(InvalidArgumentError);
      expect([(e as InvalidArgumentError).field, (e as InvalidArgumentError).value]).toEqual([name === 'ndtri' ? 'p' : 'x', 10n]);
      expect((thrown(() => f('1' as never)) as InvalidArgumentError).value).toBe('1');
    }
    expect(ndtri(0.5)).toBe(0);
    const two: [string, (a: never, b: never) => number, [string, string]][] = [
      ['gammainc', gammainc, ['a', 'x']], ['gammaincc', gammaincc, ['a', 'x']], ['gammaincinv', gammaincinv, ['a', 'p']], ['gammainccinv', gammainccinv, ['a', 'q']],
      ['betaln', betaln, ['a', 'b']], ['studentTppf', studentTppf, ['p', 'nu']],
    ];
    for (const [name, f, [a, b]] of two) {
      expect((thrown(() => f('2' as never, 0.5 as never)) as InvalidArgumentError).field, name).toBe(a);
      expect((thrown(() => f(2 as never, null as never)) as InvalidArgumentError).field, name).toBe(b);
    }
    const three: [string, (a: never, b: never, c: never) => number, string][] = [['betainc', betainc, 'x'], ['betaincc', betaincc, 'x'], ['betaincinv', betaincinv, 'p'], ['betainccinv', betainccinv, 'q']];
    for (const [name, f, c] of three) {
      expect((thrown(() => f(2 as never, 3 as never, 1n as never)) as InvalidArgumentError).field, name).toBe(c);
      expect((thrown(() => f(2 as never, '3' as never, 0.5 as never)) as InvalidArgumentError).field, name).toBe('b');
    }
  });

  it('size arguments of the Saltelli helpers, matrix(), basisMatrix\'s layout and percentileSorted', () => {
    expect(saltelliRows(8, 2)).toBe(32);
    expect((thrown(() => saltelliRows('8' as never, 2)) as InvalidArgumentError).field).toBe('n');
    expect((thrown(() => saltelliRows(8, 2n as never)) as InvalidArgumentError).field).toBe('dim');
    expect(saltelliRow('block', 8, 2, false, 1, 0)).toBe(8);
    expect((thrown(() => saltelliRow('block', 8, 2, false, '1' as never, 0)) as InvalidArgumentError).field).toBe('block');
    expect(matrix(new Float64Array(4), 2, 2).rows).toBe(2);
    expect([(thrown(() => matrix(new Float64Array(4), '2' as never, 2)) as InvalidArgumentError).field, (thrown(() => matrix(new Float64Array(4), 2, 2n as never)) as InvalidArgumentError).field]).toEqual(['rows', 'cols']);
    expect((thrown(() => matrix([1, 2] as never, 1, 2)) as InvalidArgumentError).field).toBe('data');
    const e = thrown(() => basisMatrix([new Normal()], [[0], [1]], matrix(new Float64Array(2), 2, 1), 'rows' as never)) as InvalidArgumentError;
    expect([e.constructor, e.field, e.value]).toEqual([InvalidArgumentError, 'layout', 'rows']);
    expect(percentileSorted([1, 2, 3], 50)).toBe(2);
    expect((thrown(() => percentileSorted([1, 2, 3], '50' as never)) as InvalidArgumentError).field).toBe('p');
  });
});
