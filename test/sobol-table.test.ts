// The slim uqkit.wasm: it embeds the Sobol' direction numbers of the first 2,000 dimensions;
// the full Joe–Kuo table (build/sobol-directions.bin) is read from disk the first time a
// sequence needs more. Each case runs a fresh Node process on a copy of build/ in a temp dir,
// so that the table file can be removed or damaged.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SobolSequence } from 'uqkit';
import { fixture, sha256 } from './helpers.js';

const BUILD = fileURLToPath(new URL('../build', import.meta.url));
interface Case { dim: number; bits: number; skip: number; n: number; sha256: string }
const cases = fixture<{ cases: Case[] }>('sobol-scipy.json').cases;
const ref = (dim: number, n: number): Case => cases.find((c) => c.dim === dim && c.n === n && c.skip === 0)!;

/** Runs `body` (an ES module body with `uq` = the copied build/browser.js) in a fresh node; returns its JSON on stdout. */
function inCopy(dir: string, body: string): unknown {
  const script = `import { createHash } from 'node:crypto';
const uq = await import(${JSON.stringify(join(dir, 'browser.js'))});
const hash = (x) => createHash('sha256').update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest('hex');
const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { name: e.name, field: e.field, value: e.value, message: e.message }; } };
${body}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe("the full Sobol' direction table, loaded on first need in Node", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'uqkit-table-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function copyBuild(name: string): string {
    const dir = join(tmp, name);
    cpSync(BUILD, dir, { recursive: true, filter: (src) => !/[\\/](cjs|generated|\.stamps|cli|campaign|report|execution)$/.test(src) });
    return dir;
  }

  it('uqkit.wasm is at most 100 KB and the table ships beside it', () => {
    const wasm = readFileSync(join(BUILD, 'uqkit.wasm'));
    expect(wasm.byteLength).toBeLessThanOrEqual(100 * 1024);
    expect(gzipSync(wasm).byteLength).toBeLessThanOrEqual(60 * 1024);
    expect(statSync(join(BUILD, 'sobol-directions.bin')).size).toBe(statSync(fileURLToPath(new URL('../assembly/data/new-joe-kuo-6.21201.bin', import.meta.url))).size);
  });

  it('needs no table file up to 2,000 dimensions, and reads it for more: a missing file is a LoadError naming it', () => {
    const dir = copyBuild('missing');
    rmSync(join(dir, 'sobol-directions.bin'));
    const got = inCopy(dir, `console.log(JSON.stringify([attempt(() => hash(uq.sobol(4, 2000).data)), attempt(() => uq.sobol(4, 2001).data.length)]));`) as Array<Record<string, unknown>>;
    expect(got[0]).toEqual({ ok: ref(2000, 4).sha256 });
    expect(got[1]!.name).toBe('LoadError');
    expect(got[1]!.message).toBe(`uqkit: cannot read ${join(dir, 'sobol-directions.bin')} (the full Sobol' direction table); build it with \`npm run build\``);
  });

  it('refuses a damaged table file with a LoadError, and keeps the embedded dimensions working', () => {
    const dir = copyBuild('damaged');
    writeFileSync(join(dir, 'sobol-directions.bin'), Buffer.alloc(1000, 7));
    const got = inCopy(dir, `console.log(JSON.stringify([attempt(() => uq.sobol(4, 5000).data.length), attempt(() => hash(uq.sobol(4, 2000).data))]));`) as Array<Record<string, unknown>>;
    expect(got[0]!.name).toBe('LoadError');
    expect(got[0]!.message).toBe(`uqkit: ${new URL('file://' + join(dir, 'sobol-directions.bin')).href} is not the Sobol' direction table sobol-directions.bin (expected its "JK6" header and 21201 dimensions)`);
    expect(got[1]).toEqual({ ok: ref(2000, 4).sha256 });
  });

  it('a fresh process gives scipy\'s points beyond the embedded dimensions (2001, 5000, 21201), and the embedded ones still after the load', () => {
    const dir = copyBuild('whole');
    const got = inCopy(dir, `console.log(JSON.stringify([hash(uq.sobol(64, 5000).data), hash(uq.sobol(4, 2001).data), hash(uq.sobol(8, 21201).data), hash(uq.sobol(4, 2000).data)]));`);
    expect(got).toEqual([ref(5000, 64).sha256, ref(2001, 4).sha256, ref(21201, 8).sha256, ref(2000, 4).sha256]);
  });

  it('this process too (the Node entry): the full table gives the embedded dimensions the same points', () => {
    const full = new SobolSequence(21201, { scramble: 'owen', seed: 5, balance: 'ignore' }).next(8).data;
    const head = new SobolSequence(2000, { scramble: 'owen', seed: 5, balance: 'ignore' }).next(8).data;
    const lead = new Float64Array(8 * 2000);
    for (let i = 0; i < 8; i++) lead.set(full.subarray(i * 21201, i * 21201 + 2000), i * 2000);
    expect(sha256(lead)).toBe(sha256(head));
    expect(sha256(new SobolSequence(5000, { balance: 'ignore' }).next(64).data)).toBe(ref(5000, 64).sha256);
  });
});
