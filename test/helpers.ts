// Shared test helpers.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export function sha256(data: Float64Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/**
 * A fixture from test/fixtures. Python's json module writes NaN, Infinity and -Infinity as bare
 * words, which are not JSON: they are read back as the numbers.
 */
export function fixture<T>(name: string): T {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  const marked = text.replace(/([[,:]\s*)(-?Infinity|NaN)(?=\s*[\],}])/g, '$1"@nonfinite:$2"');
  return JSON.parse(marked, (_, v) => (typeof v === 'string' && v.startsWith('@nonfinite:') ? Number(v.slice(11)) : v)) as T;
}

/** First index where a and b differ bit for bit (Object.is), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Runs fn and returns what it threw (failing if it did not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** Debian's Chromium (or CHROMIUM_PATH), headless, with the launch options of ../shared/REFERENCE.md. */
export async function launchChromium(): Promise<Browser> {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install it (apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: path, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * SQL that takes a campaign store of version `from` back to version `to`, as an older uqkit
 * wrote it: the reverse of each upgrade step of src/campaign/store-schema.ts (MIGRATIONS), newest
 * first. For tests of the in-place upgrade; a new upgrade step adds its reverse here.
 */
const DOWNGRADES: Readonly<Record<number, string>> = {
  2: 'DROP TABLE job_runs; DROP TABLE jobs;',
  3: 'DROP TABLE run_samplers;',
  4: 'DROP TABLE created_paths;',
  5: 'ALTER TABLE runs DROP COLUMN owner_host; ALTER TABLE runs DROP COLUMN owner_pid; ALTER TABLE runs DROP COLUMN owner_started; ALTER TABLE runs DROP COLUMN pgid; ALTER TABLE runs DROP COLUMN pgid_started;',
  6: 'DROP TABLE refinement;',
  7: 'DROP TABLE chain;',
};
export function downgradeSql(to: number, from: number): string {
  let sql = '';
  for (let v = from; v > to; v--) {
    const step = DOWNGRADES[v];
    if (step === undefined) throw new Error(`test/helpers.ts: no downgrade from schema version ${v}; add it to DOWNGRADES`);
    sql += step + ' ';
  }
  return `${sql}UPDATE uqkit_schema SET version = ${to};`;
}
