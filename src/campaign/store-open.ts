// Opening a campaign store's SQLite file: loading the driver, checking the options, read-only
// opening, creating the schema or upgrading an older file, and telling a damaged file, a file
// of another version and a file that is no store apart.
import type Database from 'better-sqlite3';
import { accessSync, constants as fsConstants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, resolve } from 'node:path';
import { InvalidArgumentError, StoreDamagedError, StoreDriverMissingError, StoreError, StoreVersionError, UqkitError } from '../core/errors.js';
import { canonicalJson } from '../core/identity.js';
import { integer, knownKeys, oneOf, options as optionsOf } from '../core/validate.js';
import { MIGRATIONS, SCHEMA, STORE_SCHEMA_VERSION } from './store-schema.js';
import type { StoreOptions } from './store-types.js';

const OPTION_KEYS = ['name', 'app', 'create', 'readonly', 'synchronous', 'busyTimeoutMs', 'now', 'host'];

// better-sqlite3 (an optional dependency) is loaded on first use, so that importing uqkit for
// its numerics needs neither the package nor its native addon.
let sqlite: typeof Database | undefined;
export function driver(path: string): typeof Database {
  if (sqlite) return sqlite;
  try {
    const loaded = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    // The package loads its native addon on the first `new Database`, not on require: an
    // in-memory database makes a missing or broken addon fail here, with the advice below.
    new loaded(':memory:').close();
    sqlite = loaded;
  } catch (e) {
    // Not installed at all (an optional dependency, omitted or failed to build): say how to
    // install it. Installed but its addon does not load: say how to rebuild it.
    const err = e as { code?: string; message?: string };
    if (err.code === 'MODULE_NOT_FOUND' && /'better-sqlite3'/.test(err.message ?? '')) throw new StoreDriverMissingError(path, { cause: e });
    throw new StoreError(path, 'cannot load better-sqlite3 (its native addon may not have been built: run `npm rebuild better-sqlite3`)', { cause: e });
  }
  return sqlite;
}

/**
 * Opens `path` for reading only. A reader of a WAL database needs the -shm index beside it,
 * which SQLite creates where the directory is writable. Where it is not and there is no -shm:
 * a file without a -wal (or with an empty one) holds every commit and no process is writing it
 * (a writer keeps its -wal), so a copy of it is read from memory (marked as not in WAL mode,
 * which an in-memory database cannot be); a -wal with commits in it cannot be read without
 * the index, which is said.
 */
function openReadOnly(Driver: typeof Database, path: string, timeout: number): Database.Database {
  const shm = existsSync(`${path}-shm`);
  let writable = true;
  try {
    accessSync(dirname(resolve(path)), fsConstants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable && !shm) {
    const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
    if (wal > 0) {
      throw new StoreError(path, `its -wal file holds ${wal} bytes of commits, which SQLite reads only with a -shm index beside it, and the directory cannot be written to create one: read it as a user who can write the directory, or copy the directory`, { field: 'path', value: path });
    }
    const bytes = readFileSync(path);
    if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
    return new Driver(bytes, { readonly: true, timeout });
  }
  return new Driver(path, { readonly: true, fileMustExist: true, timeout });
}

/** The settings of an opened store that its methods use. */
export interface OpenSettings {
  readonly now: () => number;
  readonly host: string | undefined;
  readonly synchronous: 'full' | 'normal';
}

/**
 * Opens (by default creating) the store's database at `path` and hands it to `make`, closing
 * it if that throws; see openStore for what is checked and thrown.
 */
export function openDatabase<T>(path: string, options: StoreOptions | undefined, make: (db: Database.Database, settings: OpenSettings) => T): T {
  if (typeof path !== 'string' || path === '') throw new InvalidArgumentError({ field: 'path', value: path, expected: 'the path of a campaign database file' });
  const o = optionsOf<StoreOptions>('options', options);
  knownKeys('options', o, OPTION_KEYS);
  const create = o.create ?? true;
  if (typeof create !== 'boolean') throw new InvalidArgumentError({ field: 'options.create', value: create, expected: 'true or false' });
  const readonly = o.readonly ?? false;
  if (typeof readonly !== 'boolean') throw new InvalidArgumentError({ field: 'options.readonly', value: readonly, expected: 'true or false' });
  const synchronous = oneOf('options.synchronous', o.synchronous ?? 'full', ['full', 'normal']);
  const busy = integer('options.busyTimeoutMs', o.busyTimeoutMs ?? 10_000, 0, 2 ** 31 - 1);
  const now = o.now ?? Date.now;
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) throw new InvalidArgumentError({ field: 'options.host', value: o.host, expected: 'a non-empty string (a host name)' });
  const host = o.host;
  if (typeof now !== 'function') throw new InvalidArgumentError({ field: 'options.now', value: now, expected: 'a function returning ms since the epoch' });
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) throw new InvalidArgumentError({ field: 'options.name', value: o.name, expected: 'a non-empty string' });
  // Checked as canonical JSON, stored in the caller's key order: the order of parameters and
  // uncertain inputs means something (columns, sampler dimensions).
  canonicalJson(o.app ?? {}, 'options.app');
  const appText = JSON.stringify(o.app ?? {});
  if ((!create || readonly) && !existsSync(path)) throw new StoreError(path, `no such campaign store${readonly ? '' : ' (pass create: true to make one)'}`, { field: 'path', value: path });

  // (An empty file is not opened: SQLite would write a header into it.)
  if ((!create || readonly) && statSync(path).size === 0) throw new StoreError(path, 'is an empty file, not a campaign store', { field: 'path', value: path });

  let db: Database.Database | undefined;
  try {
    const Driver = driver(path);
    if (readonly) db = openReadOnly(Driver, path, busy);
    else {
      db = new Driver(path, { fileMustExist: !create, timeout: busy });
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    }
    db.pragma('foreign_keys = ON');
    const d = db;
    const opened = d.transaction(() => {
      const tables = (d.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
      if (tables.includes('uqkit_schema')) {
        const v = d.prepare('SELECT version FROM uqkit_schema WHERE id = 1').get() as { version: number } | undefined;
        if (!v) throw new StoreDamagedError(path, 'the uqkit_schema table is empty');
        if (v.version < 1 || v.version > STORE_SCHEMA_VERSION || (readonly && v.version < STORE_SCHEMA_VERSION)) throw new StoreVersionError(path, v.version, STORE_SCHEMA_VERSION);
        if (!tables.includes('campaign') || !d.prepare('SELECT 1 FROM campaign WHERE id = 1').get()) throw new StoreDamagedError(path, 'the campaign table is missing or empty');
        if (v.version < STORE_SCHEMA_VERSION) {
          // Each step in this IMMEDIATE transaction, so two processes opening the same old file
          // upgrade it once.
          for (const step of MIGRATIONS.slice(v.version - 1)) d.exec(step.sql);
          d.prepare('UPDATE uqkit_schema SET version = ? WHERE id = 1').run(STORE_SCHEMA_VERSION);
        }
        const c = d.prepare('SELECT name FROM campaign WHERE id = 1').get() as { name: string } | undefined;
        if (o.name !== undefined && c && c.name !== o.name) {
          throw new StoreError(path, `holds campaign ${JSON.stringify(c.name)}, not ${JSON.stringify(o.name)}`, { field: 'options.name', value: o.name, expected: JSON.stringify(c.name) });
        }
        return;
      }
      if (tables.length > 0) throw new StoreError(path, `is a SQLite database but not a uqkit campaign store (it has tables ${tables.slice(0, 5).join(', ')} and no uqkit_schema)`);
      // An existing file without tables is not made a store when only opening was asked for:
      // a campaign whose -wal file was lost looks just like that (its tables were in the WAL).
      if (!create || readonly) {
        throw new StoreDamagedError(path, `it has no tables: its -wal file, which held the commits not yet copied into ${basename(path)}, was lost or deleted`);
      }
      d.exec(SCHEMA);
      for (const step of MIGRATIONS) d.exec(step.sql);
      d.prepare('INSERT INTO uqkit_schema (id, version) VALUES (1, ?)').run(STORE_SCHEMA_VERSION);
      const name = o.name ?? basename(path, extname(path));
      d.prepare('INSERT INTO campaign (id, name, created_at, app) VALUES (1, ?, ?, ?)').run(name, now(), appText);
    });
    if (readonly) opened.deferred();
    else opened.immediate();
    return make(db, { now, host, synchronous: synchronous as 'full' | 'normal' });
  } catch (e) {
    db?.close();
    if (e instanceof UqkitError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new StoreError(path, 'is not a SQLite database', { cause: e });
    if (code?.startsWith('SQLITE_CORRUPT')) throw new StoreDamagedError(path, (e as Error).message, { cause: e });
    throw new StoreError(path, `cannot open the campaign store: ${(e as Error).message}`, { cause: e });
  }
}
