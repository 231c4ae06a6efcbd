// Run directories and encoders (src/io), on real files in a temp dir: the nesting scheme over
// 10^5 ids and beyond 2^24, template substitution (default and custom delimiters, $$, shortest
// round-trip numbers, error text with file and line), JSON/YAML parameter files read back,
// copies of a tree, and the three resource modes checked with lstat/readlink and by editing
// the original after staging.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  encoder, FileFormatError, InvalidArgumentError, MissingFileError, runDirectory, runPath, sharedCopyPath, UnsafePathError,
  type EncodeFn, type JsonValue, type RunRef,
} from 'uqkit';
import { thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-io-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A fresh folder under the temp dir. */
const fresh = (name: string): string => {
  const d = join(root, `${name}-${++n}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const run = (params: Record<string, JsonValue>, id = 1): RunRef => ({ id, hash: 'h', params });
/** Encodes `params` into a new run directory under `base`; returns the directory. */
const encodeInto = (enc: EncodeFn, base: string, params: Record<string, JsonValue>, id = 1): string => {
  const dir = join(base, 'runs', `run_${id}`);
  mkdirSync(dir, { recursive: true });
  enc(dir, run(params, id));
  return dir;
};

describe('runDirectory', () => {
  it('puts 10^5 runs in distinct directories, no folder holding more than 256 entries', () => {
    const children = new Map<string, Set<string>>();
    const seen = new Set<string>();
    for (let id = 0; id < 100_000; id++) {
      const p = runPath(id);
      seen.add(p);
      const parts = p.split(sep);
      for (let k = 1; k < parts.length; k++) {
        const parent = parts.slice(0, k).join(sep);
        let set = children.get(parent);
        if (!set) children.set(parent, (set = new Set()));
        set.add(parts[k]!);
      }
    }
    expect(seen.size).toBe(100_000);
    const largest = Math.max(...[...children.values()].map((s) => s.size));
    expect(largest).toBe(256);
    expect(children.get('runs')!.size).toBe(2); // 000 and 001: 10^5 / 65536 rounded up
    expect(children.get(join('runs', '001'))!.size).toBe(Math.ceil(100_000 / 256) - 256); // 135 buckets
  });
  it('depends on the id alone, with the documented layout, and adds levels past 2^24', () => {
    expect(runPath(0)).toBe(join('runs', '000', '000', 'run_0'));
    expect(runPath(255)).toBe(join('runs', '000', '000', 'run_255'));
    expect(runPath(256)).toBe(join('runs', '000', '001', 'run_256'));
    expect(runPath(1234)).toBe(join('runs', '000', '004', 'run_1234'));
    expect(runPath(70_000)).toBe(join('runs', '001', '017', 'run_70000'));
    expect(runPath(2 ** 24 - 1)).toBe(join('runs', '255', '255', 'run_16777215'));
    expect(runPath(2 ** 24)).toBe(join('runs', 'L3', '001', '000', '000', 'run_16777216'));
    expect(runPath(Number.MAX_SAFE_INTEGER)).toBe(join('runs', 'L6', '031', '255', '255', '255', '255', '255', `run_${Number.MAX_SAFE_INTEGER}`));
    expect(runDirectory('/c', 1234)).toBe(join('/c', 'runs', '000', '004', 'run_1234'));
    // the top folder holds 000..255 and level folders only, and deeper ids never share a leaf folder with shallower ones
    const ids = [1, 2 ** 24 - 1, 2 ** 24, 2 ** 24 + 1, 2 ** 32, 2 ** 40, 2 ** 48, Number.MAX_SAFE_INTEGER];
    const tops = new Set(ids.map((id) => runPath(id).split(sep)[1]));
    expect([...tops].sort()).toEqual(['000', '255', 'L3', 'L4', 'L5', 'L6']);
    // across the 2^24 boundary: distinct paths, leaf folders of at most 256 runs
    const leaves = new Map<string, number>();
    for (let id = 2 ** 24 - 600; id < 2 ** 24 + 600; id++) leaves.set(dirname(runPath(id)), (leaves.get(dirname(runPath(id))) ?? 0) + 1);
    expect([...leaves.values()].every((c) => c <= 256)).toBe(true);
    expect([...leaves.values()].reduce((a, b) => a + b)).toBe(1200);
    expect(leaves.size).toBe(6); // 3 buckets below 2^24, 3 above (600 = 2 * 256 + 88 each side)
    expect(dirname(runPath(2 ** 24))).not.toBe(dirname(runPath(256)));
  });
  it('refuses ids that are not integers >= 0', () => {
    expect(thrown(() => runDirectory('/c', -1)).message).toBe('runId: expected an integer >= 0, got -1');
    expect(thrown(() => runDirectory('/c', 1.5))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => runDirectory('', 1)).message).toBe('campaignDir: expected a directory path (a non-empty string), got ""');
  });
});

describe('template encoder', () => {
  it('fills $name, ${name} and writes $$ as $, numbers in shortest round-trip form', () => {
    const base = fresh('tpl');
    writeFileSync(join(base, 'model.template'), 'x = $x\nlen = ${len}mm\nprice: $$5 and $$$x\nflag=$flag name=$name list=$v\ntiny=$tiny big=$big n=$n\n');
    const enc = encoder({ kind: 'template', template: 'model.template', target: 'input.txt' }, { baseDir: base });
    const dir = encodeInto(enc, base, { x: 0.1, len: 1 / 3, flag: true, name: 'case A', v: [1, 2.5], tiny: -2.5e-300, big: 1e21, n: 5 });
    expect(readFileSync(join(dir, 'input.txt'), 'utf8')).toBe(
      'x = 0.1\nlen = 0.3333333333333333mm\nprice: $5 and $0.1\nflag=true name=case A list=[1,2.5]\ntiny=-2.5e-300 big=1e+21 n=5\n',
    );
  });
  it('writes every double so that it reads back to the same double', () => {
    const base = fresh('tpl-rt');
    writeFileSync(join(base, 't'), '$v\n');
    const enc = encoder({ kind: 'template', template: 't', target: 'out' }, { baseDir: base });
    const dir = join(base, 'r');
    mkdirSync(dir);
    // doubles from all over the range: a fixed LCG's bits as float64
    const bits = new BigUint64Array(1);
    const f = new Float64Array(bits.buffer);
    let s = 0x9e3779b97f4a7c15n;
    let checked = 0;
    for (let k = 0; k < 2000; k++) {
      s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      bits[0] = s;
      const v = f[0]!;
      if (!Number.isFinite(v)) continue;
      enc(dir, run({ v }));
      const written = readFileSync(join(dir, 'out'), 'utf8').trim();
      expect(Number(written)).toBe(v);
      expect(written).toBe(String(v)); // ECMAScript's shortest round-trip form, nothing longer
      checked++;
    }
    expect(checked).toBeGreaterThan(1900);
  });
  it('honours a custom delimiter: with @, $x and $$ stay as they are', () => {
    const base = fresh('tpl-at');
    writeFileSync(join(base, 'in.tpl'), 'a=@a b=@{b}cm mail@@host cost=$a ${b} $$\n');
    const enc = encoder({ kind: 'template', template: 'in.tpl', target: 'in.txt', delimiter: '@' }, { baseDir: base });
    const dir = encodeInto(enc, base, { a: 2, b: 'x y' });
    expect(readFileSync(join(dir, 'in.txt'), 'utf8')).toBe('a=2 b=x ycm mail@host cost=$a ${b} $$\n');
    // a two-character delimiter
    writeFileSync(join(base, 'pp.tpl'), '%%a %%{b} %%%% %a\n');
    const pp = encoder({ kind: 'template', template: 'pp.tpl', target: 'pp.txt', delimiter: '%%' }, { baseDir: base });
    const dir2 = encodeInto(pp, base, { a: 1.5, b: false }, 2);
    expect(readFileSync(join(dir2, 'pp.txt'), 'utf8')).toBe('1.5 false %% %a\n');
  });
  it('a placeholder naming no parameter: error with the placeholder, the template file and the line', () => {
    const base = fresh('tpl-miss');
    writeFileSync(join(base, 'model.template'), 'x = $x\n\n  t = $tmep + ${y}\n');
    const enc = encoder({ kind: 'template', template: 'model.template', target: 'input.txt' }, { baseDir: base });
    const e = thrown(() => encodeInto(enc, base, { x: 1, temp: 2, y: 3 }));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toBe('model.template line 3, column 7: placeholder $tmep names no parameter (the parameters are x, temp, y)');
    expect((e as FileFormatError).line).toBe(3);
    expect((e as FileFormatError).path).toBe(join(base, 'model.template'));
    // braces shown for names that need them
    writeFileSync(join(base, 'b.template'), '${a.b}');
    const e2 = thrown(() => encodeInto(encoder({ kind: 'template', template: 'b.template', target: 'b' }, { baseDir: base }), base, {}, 2));
    expect(e2.message).toBe('b.template line 1, column 1: placeholder ${a.b} names no parameter (there are no parameters)');
    // with the parameter names given, the same is found when the encoder is built
    const e3 = thrown(() => encoder({ kind: 'template', template: 'model.template', target: 'i' }, { baseDir: base, parameters: ['x', 'temp', 'y'] }));
    expect(e3.message).toBe('model.template line 3, column 7: placeholder $tmep names no parameter (the parameters are x, temp, y)');
  });
  it('reads the template once, when built: a missing file or a bad placeholder is reported then', () => {
    const base = fresh('tpl-build');
    const e = thrown(() => encoder({ kind: 'template', template: 'nope.tmpl', target: 'in' }, { baseDir: base }));
    expect(e).toBeInstanceOf(MissingFileError);
    expect(e.message).toBe(`encoder.template: file not found (got "nope.tmpl", resolved ${join(base, 'nope.tmpl')})`);
    writeFileSync(join(base, 'bad1'), 'ok\ncost $ 5\n');
    expect(thrown(() => encoder({ kind: 'template', template: 'bad1', target: 'in' }, { baseDir: base })).message)
      .toBe('bad1 line 2, column 6: invalid placeholder $ 5: $ must be followed by a name, {name} or another $ ($$ writes a literal $; or choose another delimiter)');
    writeFileSync(join(base, 'bad2'), 'a ${x\n}');
    expect(thrown(() => encoder({ kind: 'template', template: 'bad2', target: 'in' }, { baseDir: base })).message)
      .toBe('bad2 line 1, column 3: unclosed placeholder ${ (write ${name}, or $$ for a literal $)');
    // read once: editing the template after building changes nothing
    writeFileSync(join(base, 'once'), 'v=$v');
    const enc = encoder({ kind: 'template', template: 'once', target: 'o' }, { baseDir: base });
    writeFileSync(join(base, 'once'), 'changed $v');
    expect(readFileSync(join(encodeInto(enc, base, { v: 1 }), 'o'), 'utf8')).toBe('v=1');
    expect(thrown(() => encoder({ kind: 'template', template: 'once', target: 'o', delimiter: 'x' }, { baseDir: base })).message)
      .toBe("encoder.delimiter: expected 1 to 8 characters without letters, digits, _, braces or spaces, such as '$', '@' or '%%', got \"x\"");
  });
  it('keeps the template\'s permission bits: a script template gives a runnable script', () => {
    const base = fresh('tpl-exec');
    writeFileSync(join(base, 'run.sh.in'), '#!/bin/sh\necho "$((${n} * 2))"\n');
    chmodSync(join(base, 'run.sh.in'), 0o755);
    // $(( is not a placeholder in shell syntax but is one here: so the script uses delimiter @
    writeFileSync(join(base, 'run.sh.in'), '#!/bin/sh\necho "$((@n * 2))"\n');
    const enc = encoder({ kind: 'template', template: 'run.sh.in', target: 'bin/run.sh', delimiter: '@' }, { baseDir: base });
    const dir = encodeInto(enc, base, { n: 21 });
    expect(statSync(join(dir, 'bin/run.sh')).mode & 0o777).toBe(0o755);
    const r = spawnSync(join(dir, 'bin/run.sh'), { encoding: 'utf8' });
    expect(r.stdout).toBe('42\n');
  });
  it('never writes through a symbolic link left at the target by an earlier encoding', () => {
    const base = fresh('tpl-link');
    writeFileSync(join(base, 'original.txt'), 'precious');
    writeFileSync(join(base, 't'), 'x=$x');
    const link = encoder({ kind: 'resource', source: 'original.txt', mode: 'link', target: 'input.txt' }, { baseDir: base });
    const tpl = encoder({ kind: 'template', template: 't', target: 'input.txt' }, { baseDir: base });
    const dir = encodeInto(link, base, { x: 1 });
    expect(lstatSync(join(dir, 'input.txt')).isSymbolicLink()).toBe(true);
    tpl(dir, run({ x: 1 }));
    expect(lstatSync(join(dir, 'input.txt')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'input.txt'), 'utf8')).toBe('x=1');
    expect(readFileSync(join(base, 'original.txt'), 'utf8')).toBe('precious');
  });
});

describe('encoders never write through a link a model left in the run directory', () => {
  it('a folder of the target replaced by a link to a folder outside: UnsafePathError naming it, nothing written outside', () => {
    const base = fresh('enc-dir-link');
    const outside = fresh('enc-outside');
    writeFileSync(join(base, 't'), 'x=$x');
    for (const spec of [{ kind: 'template', template: 't', target: 'sub/deeper/in.txt' }, { kind: 'json', target: 'sub/deeper/p.json' }, { kind: 'copy', source: 't', target: 'sub/deeper/t' }] as const) {
      const enc = encoder(spec, { baseDir: base });
      const dir = join(base, 'runs', 'run_1');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      symlinkSync(outside, join(dir, 'sub'));
      const e = thrown(() => enc(dir, run({ x: 1 }))) as UnsafePathError;
      expect(e).toBeInstanceOf(UnsafePathError);
      expect(e.path).toBe(join(dir, 'sub'));
      expect(e.message).toBe(`${join(dir, 'sub')}: is a symbolic link (to ${outside}) where uqkit's own file or folder belongs; uqkit does not write or delete through links inside ${dir}`);
      expect(readdirSync(outside)).toEqual([]);
    }
  });
  it("a shared/ folder that is a link: the shared copy is refused, not made outside", () => {
    const base = fresh('res-shared-link');
    const outside = fresh('shared-outside');
    const campaignDir = join(base, 'campaign');
    mkdirSync(campaignDir);
    symlinkSync(outside, join(campaignDir, 'shared'));
    writeFileSync(join(base, 'data.bin'), 'v1');
    const e = thrown(() => encoder({ kind: 'resource', source: 'data.bin', mode: 'shared-link' }, { baseDir: base, campaignDir }));
    expect(e).toBeInstanceOf(UnsafePathError);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('json and yaml encoders', () => {
  it('write the parameters, parsed back equal, numbers in shortest form', () => {
    const base = fresh('params');
    const params = { x: 0.1, third: 1 / 3, big: 1e21, n: 7, s: '1.5', yes: true, label: 'a: b', list: [1, 0.2] };
    const enc = encoder([{ kind: 'json' }, { kind: 'yaml', target: 'conf/params.yaml' }, { kind: 'json', target: 'sel.json', select: ['s', 'x'] }], { baseDir: base });
    const dir = encodeInto(enc, base, params);
    const json = readFileSync(join(dir, 'params.json'), 'utf8');
    expect(JSON.parse(json)).toEqual(params);
    expect(json).toContain('"third": 0.3333333333333333');
    const yaml = readFileSync(join(dir, 'conf/params.yaml'), 'utf8');
    expect(parseYaml(yaml)).toEqual(params);
    expect(yaml).toContain('x: 0.1\n');
    expect(yaml).toContain('s: "1.5"\n'); // a string that looks like a number stays a string
    const sel = readFileSync(join(dir, 'sel.json'), 'utf8');
    expect(sel).toBe('{\n  "s": "1.5",\n  "x": 0.1\n}\n');
  });
  it('select naming a parameter the run lacks: an error naming the spec and the run\'s parameters', () => {
    const base = fresh('params-sel');
    const enc = encoder([{ kind: 'yaml', select: ['x', 'w'] }], { baseDir: base });
    expect(thrown(() => encodeInto(enc, base, { x: 1, y: 2 }, 9)).message)
      .toBe('encoders[0].select[1]: expected a parameter of the run (run 9 has x, y), got "w"');
    expect(thrown(() => encoder({ kind: 'json', select: ['x', 'w'] }, { baseDir: base, parameters: ['x', 'y'] })).message)
      .toBe('encoder.select[1]: expected a parameter name (x, y), got "w"');
  });
});

describe('copy encoder', () => {
  it('copies a whole directory tree (links inside kept as written) and single files, optionally renamed', () => {
    const base = fresh('copy');
    const tree = join(base, 'case');
    mkdirSync(join(tree, 'constant', 'polyMesh'), { recursive: true });
    writeFileSync(join(tree, 'controlDict'), 'endTime 10;');
    writeFileSync(join(tree, 'constant', 'polyMesh', 'points'), '(0 0 0)');
    writeFileSync(join(tree, 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(tree, 'run.sh'), 0o750);
    symlinkSync('constant/polyMesh/points', join(tree, 'points-link'));
    writeFileSync(join(base, 'settings.ini'), 'a=1');
    const enc = encoder([{ kind: 'copy', source: 'case' }, { kind: 'copy', source: 'case', target: 'sub/renamed' }, { kind: 'copy', source: 'settings.ini', target: 'my.ini' }], { baseDir: base });
    const dir = encodeInto(enc, base, {});
    for (const top of ['case', 'sub/renamed']) {
      const t = join(dir, top);
      expect(readdirSync(t).sort()).toEqual(['constant', 'controlDict', 'points-link', 'run.sh']);
      expect(readFileSync(join(t, 'constant/polyMesh/points'), 'utf8')).toBe('(0 0 0)');
      expect(statSync(join(t, 'run.sh')).mode & 0o777).toBe(0o750);
      expect(readlinkSync(join(t, 'points-link'))).toBe('constant/polyMesh/points');
      expect(readFileSync(join(t, 'points-link'), 'utf8')).toBe('(0 0 0)'); // resolves inside the copy
      expect(realpathSync(join(t, 'points-link'))).toBe(realpathSync(join(t, 'constant/polyMesh/points')));
    }
    expect(readFileSync(join(dir, 'my.ini'), 'utf8')).toBe('a=1');
    // encoding the same run again replaces the copy (no error, no stale files)
    writeFileSync(join(dir, 'case', 'stale'), 'x');
    enc(dir, run({}));
    expect(existsSync(join(dir, 'case', 'stale'))).toBe(false);
  });
});

describe('resource encoder', () => {
  it("mode 'copy': a regular file in the run; edits to the original show only in runs encoded after them", () => {
    const base = fresh('res-copy');
    writeFileSync(join(base, 'data.bin'), 'v1');
    const enc = encoder({ kind: 'resource', source: 'data.bin', mode: 'copy', target: 'renamed.bin' }, { baseDir: base });
    const d1 = encodeInto(enc, base, {}, 1);
    expect(lstatSync(join(d1, 'renamed.bin')).isFile()).toBe(true);
    writeFileSync(join(base, 'data.bin'), 'v2');
    const d2 = encodeInto(enc, base, {}, 2);
    expect(readFileSync(join(d1, 'renamed.bin'), 'utf8')).toBe('v1');
    expect(readFileSync(join(d2, 'renamed.bin'), 'utf8')).toBe('v2');
  });
  it("mode 'shared-link': one copy under the campaign made once, relative links to it, edits to the original never show", () => {
    const base = fresh('res-shared');
    const campaignDir = join(base, 'campaign');
    writeFileSync(join(base, 'data.bin'), 'v1');
    const spec = { kind: 'resource', source: 'data.bin', mode: 'shared-link' } as const;
    const enc = encoder(spec, { baseDir: base, campaignDir });
    const shared = sharedCopyPath(campaignDir, join(base, 'data.bin'));
    expect(dirname(shared)).toBe(join(campaignDir, 'shared'));
    expect(readdirSync(join(campaignDir, 'shared'))).toEqual([shared.split(sep).pop()]);
    const ino = statSync(shared).ino;
    const dirs = [1, 2, 3, 4, 5].map((id) => encodeInto(enc, campaignDir, {}, id));
    for (const d of dirs) {
      const link = join(d, 'data.bin');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe(join('..', '..', 'shared', shared.split(sep).pop()!)); // relative
      expect(realpathSync(link)).toBe(realpathSync(shared));
    }
    writeFileSync(join(base, 'data.bin'), 'v2 edited');
    // built again (a resumed campaign): the first copy is found and kept
    const again = encoder(spec, { baseDir: base, campaignDir });
    const d6 = encodeInto(again, campaignDir, {}, 6);
    for (const d of [...dirs, d6]) expect(readFileSync(join(d, 'data.bin'), 'utf8')).toBe('v1');
    expect(readdirSync(join(campaignDir, 'shared')).length).toBe(1);
    expect(statSync(shared).ino).toBe(ino);
    // the campaign moved as a whole keeps working
    const moved = join(base, 'moved');
    spawnSync('mv', [campaignDir, moved]);
    expect(readFileSync(join(moved, 'runs', 'run_3', 'data.bin'), 'utf8')).toBe('v1');
  });
  it("mode 'link': an absolute link to the original; edits show in every run", () => {
    const base = fresh('res-link');
    writeFileSync(join(base, 'data.bin'), 'v1');
    const enc = encoder({ kind: 'resource', source: './data.bin', mode: 'link' }, { baseDir: base });
    const d1 = encodeInto(enc, base, {}, 1);
    expect(readlinkSync(join(d1, 'data.bin'))).toBe(join(base, 'data.bin'));
    writeFileSync(join(base, 'data.bin'), 'v2');
    expect(readFileSync(join(d1, 'data.bin'), 'utf8')).toBe('v2');
    // a directory can be linked too
    mkdirSync(join(base, 'tables'));
    writeFileSync(join(base, 'tables', 'a.csv'), 'a');
    const d2 = encodeInto(encoder({ kind: 'resource', source: 'tables', mode: 'link', target: 'data/tables' }, { baseDir: base }), base, {}, 2);
    expect(readlinkSync(join(d2, 'data/tables'))).toBe(join(base, 'tables'));
    expect(readFileSync(join(d2, 'data/tables/a.csv'), 'utf8')).toBe('a');
  });
});

describe('encoder specs are checked when built, errors naming the spec path', () => {
  const base = fresh('specs');
  writeFileSync(join(base, 't'), '$x');
  const cases: [unknown, string][] = [
    [[{ kind: 'json' }, { kind: 'resource', source: 'data.bin', mode: 'copy' }], `encoders[1].source: file or directory not found (got "data.bin", resolved ${join(base, 'data.bin')})`],
    [[{ kind: 'xml' }], 'encoders[0].kind: expected one of "template", "jinja", "directories", "json", "yaml", "copy", "resource", got "xml"'],
    [{ kind: 'json', targt: 'p.json' }, 'encoder.targt: expected no such option; the options are kind, target, select, got "p.json"'],
    [{ kind: 'template', template: 't', target: '../escape.txt' }, 'encoder.target: expected a path relative to the run directory that stays inside it (no leading / and no ..), got "../escape.txt"'],
    [{ kind: 'template', template: 't', target: '/etc/passwd' }, 'encoder.target: expected a path relative to the run directory that stays inside it (no leading / and no ..), got "/etc/passwd"'],
    [{ kind: 'resource', source: 't', mode: 'hardlink' }, 'encoder.mode: expected one of "copy", "shared-link", "link", got "hardlink"'],
    [{ kind: 'resource', source: 't', mode: 'shared-link' }, "options.campaignDir: expected the campaign directory: encoder has mode 'shared-link', whose one shared copy goes in <campaignDir>/shared/, got undefined"],
    [[{ kind: 'json', target: 'in.json' }, { kind: 'template', template: 't', target: './in.json' }], 'encoders[1].target: expected a target no other encoder writes (encoders[0] writes it too), got "in.json"'],
    [[{ kind: 'json' }, { kind: 'template', template: 't', target: './params.json' }], 'encoders[1].target: expected another file: params.json holds the run\'s parameters (only a json encoder may write it), got "params.json"'],
    [{ kind: 'template', template: 't', target: 'stderr' }, 'encoder.target: expected a file the runner does not write itself (it writes stdout, stderr, .uqkit-run.sh, .uqkit-status, .uqkit-status.tmp in each run directory), got "stderr"'],
    [[], 'encoders: expected at least one encoder spec, got an array of length 0'],
    [[{ kind: 'resource', source: '.', mode: 'link', target: 'data' }, { kind: 'template', template: 't', target: 'data/x.txt' }],
      'encoders[1].target: expected a target outside data, which encoders[0] makes a symbolic link (writing there would change the linked original), got "data/x.txt"'],
    ['json', 'encoder: expected a spec object with a kind ("template", "jinja", "directories", "json", "yaml", "copy", "resource"), got "json"'],
    [{ kind: 'template', template: '.', target: 'x' }, `encoder.template: expected a file, not a directory (resolved ${base}), got "."`],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i', (_i, spec, message) => {
    const e = thrown(() => encoder(spec as never, { baseDir: base }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe(message);
  });
  it('a shared copy is made only once every spec has been checked', () => {
    const d = fresh('specs-order');
    writeFileSync(join(d, 'data.bin'), 'x');
    const e = thrown(() => encoder([{ kind: 'resource', source: 'data.bin', mode: 'shared-link' }, { kind: 'copy', source: 'missing' }], { baseDir: d, campaignDir: join(d, 'c') }));
    expect(e).toBeInstanceOf(MissingFileError);
    expect(existsSync(join(d, 'c'))).toBe(false);
  });
  it('options are checked too', () => {
    expect(thrown(() => encoder({ kind: 'json' }, {} as never)).message).toBe('options.baseDir: expected a directory path (a non-empty string), got undefined');
    expect(thrown(() => encoder({ kind: 'json' }, { baseDir: base, campaign: 'x' } as never)).message).toBe('options.campaign: expected no such option; the options are baseDir, campaignDir, parameters, field, got "x"');
    expect(thrown(() => encoder([{ kind: 'nope' }] as never, { baseDir: base, field: 'app.encoders' })).message).toMatch(/^app\.encoders\[0\]\.kind: /);
  });
});
