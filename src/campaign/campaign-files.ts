// The files of a campaign's runs: run directories (made without following links, recorded as
// uqkit's), and the encoder and decoder a campaign builds from its options or config.
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decoder as makeDecoder, loadDecoder } from '../io/decoder.js';
import { encoder as makeEncoder } from '../io/encoder.js';
import { sharedCopyPath } from '../io/resource.js';
import { runDirectory } from '../io/run-dir.js';
import { mkdirsNoFollow } from '../io/safe-fs.js';
import { existsOrLink } from '../io/spec.js';
import type { DecodeFn, EncodeFn } from '../io/types.js';
import type { CampaignConfig, CampaignOptions } from './campaign-types.js';
import type { CampaignStore } from './store.js';

/** What the functions of a campaign's parts (files, execution, recollation) use of a Campaign. */
export interface CampaignParts {
  readonly dir: string;
  readonly store: CampaignStore;
  readonly config: CampaignConfig;
  readonly options: CampaignOptions;
}

/** The directory of run `id`: the `runDir` option, else runDirectory(dir, id). */
export function runDirOf(c: CampaignParts, id: number): string {
  return c.options.runDir ? c.options.runDir(id) : runDirectory(c.dir, id);
}

/** The config's decoder spec as a decoder, without loading modules (for recollate), else undefined. */
export function configDecoder(c: CampaignParts): DecodeFn | undefined {
  return c.config.decoder !== undefined ? makeDecoder(c.config.decoder as never, { baseDir: baseDir(c), field: 'decoder', campaignDir: c.dir }) : undefined;
}

/** `path` relative to the campaign directory, or undefined when it is not inside it. */
export function inside(c: CampaignParts, path: string): string | undefined {
  const rel = relative(c.dir, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
}

/**
 * Creates a run's directory. Inside the campaign directory: one folder at a time, refusing a
 * symbolic link at any of them (a run directory a model replaced by a link fails that run),
 * and records what it made, the run directory as the run's own (removed with what the model
 * wrote in it), the folders above it as uqkit's (removed once empty).
 */
export function makeRunDir(c: CampaignParts, dir: string): void {
  if (inside(c, dir) === undefined) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  const made = mkdirsNoFollow(c.dir, dir);
  c.store.recordCreated(made.map((p) => ({ path: inside(c, p)!, kind: p === resolve(dir) ? 'tree' : 'dir' })));
}

/** Where relative paths of the config's encoder and decoder specs start: its `baseDir`, else the campaign directory. */
export function baseDir(c: CampaignParts): string {
  return typeof c.config.baseDir === 'string' ? c.config.baseDir : c.dir;
}

/**
 * The encoder: the `encode` option, else params.json (the run's parameters, for the in-run
 * helper and any program that reads them) followed by the config's `encoders` specs (src/io).
 */
export function campaignEncoder(c: CampaignParts): EncodeFn {
  if (c.options.encode) return c.options.encode;
  const specs = Array.isArray(c.config.encoders) ? (c.config.encoders as Record<string, unknown>[]) : [];
  const writesParams = specs.some((e) => e.target === 'params.json');
  const opts = { baseDir: baseDir(c), campaignDir: c.dir };
  const params = writesParams ? undefined : makeEncoder({ kind: 'json', target: 'params.json' }, { ...opts, field: 'params.json' });
  // Shared copies of resources are made when the encoders are built: recorded as uqkit's.
  const shared = specs.filter((e) => e.kind === 'resource' && e.mode === 'shared-link' && typeof e.source === 'string').map((e) => sharedCopyPath(c.dir, resolve(opts.baseDir, e.source as string)));
  const before = [join(c.dir, 'shared'), ...shared].map((p) => existsOrLink(p));
  const rest = specs.length > 0 ? makeEncoder(specs as never, { ...opts, field: 'encoders' }) : undefined;
  c.store.recordCreated([join(c.dir, 'shared'), ...shared].flatMap((p, i) => (before[i] || !existsOrLink(p) ? [] : [{ path: inside(c, p)!, kind: i === 0 ? 'dir' as const : 'tree' as const }])));
  return (dir, run) => {
    params?.(dir, run);
    rest?.(dir, run);
  };
}

/** The decoder: the `decode` option, else the config's `decoder` spec (src/io), else undefined. */
export async function campaignDecoder(c: CampaignParts): Promise<DecodeFn | undefined> {
  if (c.options.decode) return c.options.decode;
  if (c.config.decoder === undefined) return undefined;
  return loadDecoder(c.config.decoder as never, { baseDir: baseDir(c), field: 'decoder', campaignDir: c.dir });
}
