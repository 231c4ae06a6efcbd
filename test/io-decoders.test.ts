// Decoders (src/io), on real files in a temp dir: CSV scalars, vectors, NaN/inf, dialects and
// every error with file, line and column; JSON paths and Python's NaN; a function decoder from
// a real .mjs module; merged decoders; the 'results' decoder reading what postRunResults wrote.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decoder, FileFormatError, InvalidArgumentError, loadDecoder, MissingFileError, parseJsonPath, parseNumber, postRunResults,
  type DecoderSpec, type RunRef,
} from 'uqkit';
import { thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-io-dec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const RUN: RunRef = { id: 7, hash: 'h', params: { x: 0.5 } };
let n = 0;
/** A run directory holding `files`. */
const runWith = (files: Record<string, string>): string => {
  const d = join(root, `run-${++n}`);
  mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
};
const csv = (columns: string[], extra: Record<string, unknown> = {}) => decoder({ kind: 'csv', file: 'output.csv', columns, ...extra } as DecoderSpec as never, { baseDir: root });

describe('csv decoder', () => {
  it('one data row gives numbers, several give arrays; vector: true forces arrays', () => {
    const one = runWith({ 'output.csv': 'te,t,other\n1.5,-2e-3,x\n' });
    expect(csv(['te', 't'])(one, RUN)).toEqual({ te: 1.5, t: -0.002 });
    expect(csv(['te'], { vector: true })(one, RUN)).toEqual({ te: [1.5] });
    const many = runWith({ 'output.csv': 'time,te\r\n0,300\r\n0.5,301.25\r\n\r\n1.0,302.5\r\n' });
    expect(csv(['te', 'time'])(many, RUN)).toEqual({ te: [300, 301.25, 302.5], time: [0, 0.5, 1] });
  });
  it('reads NaN, inf, -inf, Infinity and Fortran D exponents as numbers', () => {
    const d = runWith({ 'output.csv': 'a\nNaN\nnan\ninf\n-inf\n+Infinity\n-INF\n1.0D+02\n.5\n-7.\n1e400\n' });
    expect(csv(['a'])(d, RUN)).toEqual({ a: [NaN, NaN, Infinity, -Infinity, Infinity, -Infinity, 100, 0.5, -7, Infinity] });
  });
  it('takes quoted headers, spaces around cells, a BOM, other delimiters and whitespace tables', () => {
    expect(csv(['t e', 'b'])(runWith({ 'output.csv': '\ufeff "t e" , b\n 1 , 2 \n' }), RUN)).toEqual({ 't e': 1, b: 2 });
    expect(csv(['a,b'])(runWith({ 'output.csv': '"a,b","say ""hi"""\n3,4\n' }), RUN)).toEqual({ 'a,b': 3 });
    expect(csv(['b'], { delimiter: ';' })(runWith({ 'output.csv': 'a;b\n1.5;2.5\n' }), RUN)).toEqual({ b: 2.5 });
    // a decimal comma is not a number: refused, not misread
    expect(thrown(() => csv(['b'], { delimiter: ';' })(runWith({ 'output.csv': 'a;b\n1,5;2,5\n' }), RUN)).message)
      .toBe('output.csv line 2, column "b": expected a number, got "2,5"');
    const table = runWith({ 'output.csv': '   step      te          t\n     1   1.0E+00  -3.5\n     2   2.5D-01\t 4\n' });
    expect(csv(['te', 't'], { delimiter: ' ' })(table, RUN)).toEqual({ te: [1, 0.25], t: [-3.5, 4] });
  });
  it('parses numbers strictly', () => {
    for (const [cell, v] of [['0', 0], ['-0', -0], ['+1', 1], ['1.', 1], ['.25', 0.25], ['1e5', 1e5], ['1E-5', 1e-5], ['2d3', 2000], ['-Infinity', -Infinity], ['NAN', NaN]] as const) {
      expect(parseNumber(cell)).toBe(v);
    }
    for (const cell of ['', ' ', '1.5 m', '0x10', '1_000', '1e', 'e5', '.', '--1', '1.2.3', 'infinite', 'na', 'true']) expect(parseNumber(cell)).toBeUndefined();
  });
  it('every error names the file, the line and the column', () => {
    const cases: [Record<string, string>, string[], string][] = [
      [{}, ['te'], 'output.csv: not found in the run directory'],
      [{ 'output.csv': '' }, ['te'], 'output.csv: is empty (expected a header row of column names)'],
      [{ 'output.csv': '\n\nte,t\n' }, ['te'], 'output.csv line 3: has a header but no data rows'],
      [{ 'output.csv': 'a,b\n1,2\n' }, ['te'], 'output.csv line 1, column "te": no such column in the header (the columns are "a", "b")'],
      [{ 'output.csv': 'te,te\n1,2\n' }, ['te'], 'output.csv line 1, column "te": the header names this column twice'],
      [{ 'output.csv': 'a,te\n1,2\n3,abc\n' }, ['te'], 'output.csv line 3, column "te": expected a number, got "abc"'],
      [{ 'output.csv': 'a,te\n1,2\n3,\n' }, ['te'], 'output.csv line 3, column "te": empty cell (expected a number)'],
      [{ 'output.csv': 'a,te\n1,2\n3\n' }, ['te'], 'output.csv line 3, column "te": the row has 1 cells, the column is number 2'],
      [{ 'output.csv': 'a,te\n1,"2\n' }, ['te'], 'output.csv line 2: a quoted cell is not closed'],
      [{ 'output.csv': 'a,te\n1,"2"x\n' }, ['te'], 'output.csv line 2: unexpected "x" after a quoted cell'],
    ];
    for (const [files, columns, message] of cases) {
      const e = thrown(() => csv(columns)(runWith(files), RUN));
      expect(e).toBeInstanceOf(FileFormatError);
      expect(e.message).toBe(message);
    }
    const e = thrown(() => csv(['te'])(runWith({ 'output.csv': 'a,te\n1,2\n3,abc\n' }), RUN)) as FileFormatError;
    expect([e.file, e.line, e.column]).toEqual(['output.csv', 3, 'te']);
    expect(e.path).toBe(join(root, `run-${n}`, 'output.csv'));
  });
  it('line numbers count the lines inside quoted cells', () => {
    const d = runWith({ 'output.csv': 'note,te\n"two\nlines",1\nok,bad\n' });
    expect(thrown(() => csv(['te'])(d, RUN)).message).toBe('output.csv line 4, column "te": expected a number, got "bad"');
  });
});

describe('decoders and symbolic links', () => {
  it('a file leading out of the run directory (default) or the campaign directory is refused unless the spec says followLinks: true', () => {
    const outside = runWith({ 'secret.csv': 'y\n42\n', 'secret.json': '{"y": 42}' });
    const campaign = join(root, `campaign-${++n}`);
    const dir = join(campaign, 'runs', 'run_7');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(campaign, 'inside.json'), '{"y": 5}');
    writeFileSync(join(dir, 'real.csv'), 'y\n3\n');
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'out.csv'));
    symlinkSync(join(outside, 'secret.json'), join(dir, 'out.json'));
    symlinkSync('real.csv', join(dir, 'near.csv'));
    symlinkSync(join(campaign, 'inside.json'), join(dir, 'in-campaign.json'));
    const specs = [{ kind: 'csv', file: 'out.csv', columns: ['y'] }, { kind: 'json', file: 'out.json' }, { kind: 'json', file: 'out.json', paths: { y: 'y' } }, { kind: 'results', file: 'out.json' }] as const;
    for (const spec of specs) {
      for (const opts of [{ baseDir: root }, { baseDir: root, campaignDir: campaign }]) {
        const e = thrown(() => decoder(spec as never, opts)(dir, RUN)) as FileFormatError;
        expect(e).toBeInstanceOf(FileFormatError);
        expect(e.message).toBe(`${spec.file}: a symbolic link leads it out of the ${'campaignDir' in opts ? 'campaign' : 'run'} directory (to ${join(outside, spec.file.replace('out', 'secret'))}); the decoder reads it only with followLinks: true in its spec`);
        expect(decoder({ ...spec, followLinks: true } as never, opts)(dir, RUN)).toEqual({ y: 42 });
      }
    }
    // links that stay inside are read
    expect(decoder({ kind: 'csv', file: 'near.csv', columns: ['y'] }, { baseDir: root })(dir, RUN)).toEqual({ y: 3 });
    expect(decoder({ kind: 'json', file: 'in-campaign.json' }, { baseDir: root, campaignDir: campaign })(dir, RUN)).toEqual({ y: 5 });
    expect(() => decoder({ kind: 'json', file: 'in-campaign.json' }, { baseDir: root })(dir, RUN)).toThrow(/leads it out of the run directory/);
    expect((thrown(() => decoder({ kind: 'json', file: 'x.json', followLinks: 'yes' } as never, { baseDir: root })) as InvalidArgumentError).field).toBe('decoder.followLinks');
  });
});

describe('json decoder', () => {
  const doc = JSON.stringify({ a: { b: [0, 1, { c: 42.5 }] }, 't.max': 3, list: [[1, 2], [3, 4]], s: 'text' });
  it('follows nested paths; without paths gives the whole object', () => {
    const d = runWith({ 'out.json': doc });
    const dec = decoder({ kind: 'json', file: 'out.json', paths: { qoi: 'a.b[2].c', tmax: '["t.max"]', row: 'list[1]', el: "list[0][1]", s: 's' } }, { baseDir: root });
    expect(dec(d, RUN)).toEqual({ qoi: 42.5, tmax: 3, row: [3, 4], el: 2, s: 'text' });
    expect(decoder({ kind: 'json', file: 'out.json' }, { baseDir: root })(d, RUN)).toEqual(JSON.parse(doc));
    const arr = runWith({ 'out.json': '[{"v": 1}, {"v": 2}]' });
    expect(decoder({ kind: 'json', file: 'out.json', paths: { v: '[1].v' } }, { baseDir: root })(arr, RUN)).toEqual({ v: 2 });
  });
  it("reads Python's NaN, Infinity and -Infinity (outside strings only)", () => {
    const d = runWith({ 'out.json': '{"y": NaN, "z": [Infinity, -Infinity, 1], "s": "NaN Infinity"}' });
    expect(decoder({ kind: 'json', file: 'out.json' }, { baseDir: root })(d, RUN)).toEqual({ y: NaN, z: [Infinity, -Infinity, 1], s: 'NaN Infinity' });
  });
  it('says where a path stops and what is there', () => {
    const d = runWith({ 'out.json': doc });
    const at = (path: string): string => thrown(() => decoder({ kind: 'json', file: 'out.json', paths: { q: path } }, { baseDir: root })(d, RUN)).message;
    expect(at('a.x')).toBe('out.json: no a.x: a has no key "x" (its keys are "b")');
    expect(at('a.b[3]')).toBe('out.json: no a.b[3]: a.b has 3 elements');
    expect(at('a.b[2].c.d')).toBe('out.json: no a.b[2].c.d: a.b[2].c is a number (42.5), not an object');
    expect(at('s[0]')).toBe('out.json: no s[0]: s is a string ("text"), not an array');
    expect(at('[0]')).toBe('out.json: no [0]: the top level is an object, not an array');
    expect(thrown(() => decoder({ kind: 'json', file: 'out.json' }, { baseDir: root })(runWith({ 'out.json': '[1]' }), RUN)).message)
      .toBe('out.json: holds an array, expected an object of named outputs (or give "paths")');
    expect(thrown(() => decoder({ kind: 'json', file: 'out.json' }, { baseDir: root })(runWith({}), RUN)).message).toBe('out.json: not found in the run directory');
    const bad = thrown(() => decoder({ kind: 'json', file: 'out.json' }, { baseDir: root })(runWith({ 'out.json': '{"a": }' }), RUN));
    expect(bad).toBeInstanceOf(FileFormatError);
    expect(bad.message).toMatch(/^out\.json( line 1, column 7)?: not valid JSON: /);
  });
  it('refuses malformed paths when built', () => {
    expect(parseJsonPath('p', 'a.b[2].c')).toEqual(['a', 'b', 2, 'c']);
    expect(parseJsonPath('p', "x['a.b'][0]")).toEqual(['x', 'a.b', 0]);
    for (const [path, why] of [['a..b', 'a key is missing at character 3'], ['a.', 'it ends with a dot'], ['a[x]', 'expected [index] or ["key"] at character 2'], ['a[0]b', 'unexpected "b" at character 5'], ['a["b]', 'an unclosed quoted key at character 2']]) {
      expect(thrown(() => decoder({ kind: 'json', file: 'o.json', paths: { q: path! } }, { baseDir: root })).message)
        .toBe(`decoder.paths.q: expected a path such as a.b[2].c or a["key.with.dots"] (${why}), got ${JSON.stringify(path)}`);
    }
  });
});

describe('function decoder', () => {
  const base = join(root, 'fn');
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, 'decode.mjs'), `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
let loads = (globalThis.__uqkitDecodeLoads ?? 0) + 1;
globalThis.__uqkitDecodeLoads = loads;
export default function (dir, run) {
  const y = Number(readFileSync(join(dir, 'y.txt'), 'utf8'));
  if (!(y >= 0)) throw new Error('y.txt holds ' + y + ', expected y >= 0');
  return { y, twice: 2 * y, id: run.id, loads };
}
export function later(dir) { return Promise.reject(new Error('async')); }
export const notAFunction = 3;
`);
  writeFileSync(join(base, 'broken.mjs'), 'throw new Error("cannot load me");\n');
  it('loads the module once and calls its function per run', async () => {
    const dec = await loadDecoder({ kind: 'function', module: './decode.mjs' }, { baseDir: base });
    expect(dec(runWith({ 'y.txt': '2.5' }), RUN)).toEqual({ y: 2.5, twice: 5, id: 7, loads: 1 });
    expect(dec(runWith({ 'y.txt': '4' }), { ...RUN, id: 8 })).toEqual({ y: 4, twice: 8, id: 8, loads: 1 });
    expect(thrown(() => dec(runWith({ 'y.txt': '-1' }), RUN)).message).toBe('y.txt holds -1, expected y >= 0');
  });
  it('decoder() refuses it with a hint; loadDecoder builds the other kinds too', async () => {
    const e = thrown(() => decoder({ kind: 'function', module: './decode.mjs' } as never, { baseDir: base }));
    expect(e.message).toBe('decoder.kind: expected \'csv\', \'json\' or \'results\' for decoder(), got "function" (a function decoder loads an ES module, which is asynchronous: build it with `await loadDecoder(spec, opts)`)');
    const both = await loadDecoder([{ kind: 'csv', file: 'o.csv', columns: ['a'] }, { kind: 'function', module: 'decode.mjs' }], { baseDir: base });
    expect(both(runWith({ 'o.csv': 'a\n1\n', 'y.txt': '3' }), RUN)).toEqual({ a: 1, y: 3, twice: 6, id: 7, loads: 1 });
  });
  it('a missing module, a missing export, a module that throws, a function returning a Promise', async () => {
    const miss = await loadDecoder({ kind: 'function', module: 'nope.mjs' }, { baseDir: base }).catch((e: Error) => e);
    expect(miss).toBeInstanceOf(MissingFileError);
    expect((miss as Error).message).toBe(`decoder.module: file not found (got "nope.mjs", resolved ${join(base, 'nope.mjs')})`);
    const noExport = await loadDecoder({ kind: 'function', module: 'decode.mjs', export: 'decode' }, { baseDir: base }).catch((e: Error) => e);
    expect((noExport as Error).message).toBe(`decoder.export: expected the name of a function the module exports (${join(base, 'decode.mjs')} exports default, later, notAFunction), got "decode"`);
    const notFn = await loadDecoder({ kind: 'function', module: 'decode.mjs', export: 'notAFunction' }, { baseDir: base }).catch((e: Error) => e);
    expect((notFn as Error).message).toMatch(/; notAFunction is a number\), got "notAFunction"$/);
    const broken = await loadDecoder({ kind: 'function', module: 'broken.mjs' }, { baseDir: base }).catch((e: Error) => e);
    expect(broken).toBeInstanceOf(InvalidArgumentError);
    expect((broken as Error).message).toBe(`decoder.module: expected an ES module that loads; loading it threw: cannot load me, got ${JSON.stringify(join(base, 'broken.mjs'))}`);
    const later = await loadDecoder({ kind: 'function', module: 'decode.mjs', export: 'later' }, { baseDir: base });
    expect(thrown(() => later(runWith({}), RUN)).message).toBe(`the decoder function later of ${join(base, 'decode.mjs')} returned a Promise; decoders must be synchronous (use readFileSync, not readFile)`);
  });
});

describe('merged decoders and the results decoder', () => {
  it('an array of decoders merges their outputs; a name given twice fails the run', () => {
    const d = runWith({ 'output.csv': 'te\n1\n', 'out.json': '{"p": {"q": 2}, "te": 5}' });
    expect(decoder([{ kind: 'csv', file: 'output.csv', columns: ['te'] }, { kind: 'json', file: 'out.json', paths: { q: 'p.q' } }], { baseDir: root })(d, RUN)).toEqual({ te: 1, q: 2 });
    expect(thrown(() => decoder([{ kind: 'csv', file: 'output.csv', columns: ['te'] }, { kind: 'json', file: 'out.json' }], { baseDir: root })(d, RUN)).message)
      .toBe('decoders[1] and decoders[0] both give an output named "te"');
  });
  it("reads what postRunResults wrote, NaN and typed arrays included", () => {
    const d = runWith({});
    const file = postRunResults({ y: 1.25, bad: NaN, up: -Infinity, curve: new Float64Array([0.5, 1.5]), meta: { ok: true } }, { dir: d });
    expect(file).toBe(join(d, 'results.json'));
    expect(decoder({ kind: 'results' }, { baseDir: root })(d, RUN)).toEqual({ y: 1.25, bad: NaN, up: -Infinity, curve: [0.5, 1.5], meta: { ok: true } });
    expect(thrown(() => decoder({ kind: 'results' }, { baseDir: root })(runWith({}), RUN)).message)
      .toBe('results.json: not found in the run directory: the run did not call postRunResults (or did not finish)');
  });
  it('decoder specs are checked when built', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'csv', file: 'o.csv' }, 'decoder.columns: expected a non-empty array of names, got undefined'],
      [{ kind: 'csv', file: 'o.csv', columns: ['a', 'a'] }, 'decoder.columns[1]: expected names that appear once, got "a"'],
      [{ kind: 'csv', file: 'o.csv', columns: ['a'], delimiter: '::' }, 'decoder.delimiter: expected one character other than a quote or a line break, such as \',\', \';\', \'\\t\' or \' \', got "::"'],
      [{ kind: 'csv', file: '../o.csv', columns: ['a'] }, 'decoder.file: expected a path relative to the run directory that stays inside it (no leading / and no ..), got "../o.csv"'],
      [{ kind: 'json', file: 'o.json', paths: {} }, 'decoder.paths: expected an object of output names to paths, e.g. { "qoi": "a.b[2].c" }, got a value of type object'],
      [[{ kind: 'netcdf3', file: 'o.nc' }], 'decoders[0].kind: expected one of "csv", "json", "yaml", "hdf5", "results", "function", got "netcdf3"'],
      [{ kind: 'results', files: 'r.json' }, 'decoder.files: expected no such option; the options are kind, file, followLinks, got "r.json"'],
    ];
    for (const [spec, message] of cases) expect(thrown(() => decoder(spec as never, { baseDir: root })).message).toBe(message);
  });
});
