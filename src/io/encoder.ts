// Encoders built from JSON specs. A campaign's configuration is JSON kept in its SQLite file —
// no code — so the encoders a campaign uses are named by specs like
//
//   [{ "kind": "template", "template": "model.template", "target": "input.nml" },
//    { "kind": "resource", "source": "mesh.bin", "mode": "shared-link" }]
//
// and built here into one EncodeFn that applies them in order. Everything that can be checked
// without a run is checked when the encoder is built — unknown kinds and keys, types, files
// that do not exist, templates that do not parse, targets leaving the run directory, two specs
// writing the same target — with an error naming the spec's path (`encoders[1].source`).
// Relative paths of the user's files are resolved against `baseDir`, the campaign file's folder.
import { basename, sep } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { options as optionsOf, knownKeys, oneOf } from '../core/validate.js';
import { copyEncoder } from './copy.js';
import { paramsFileEncoder } from './params-file.js';
import { RESOURCE_MODES, resourceEncoder, type ResourceMode } from './resource.js';
import { directory, inRun, names, ownTarget, source, specOf, text } from './spec.js';
import { templateDelimiter, templateEncoder } from './template.js';
import { jinjaEncoder } from './jinja.js';
import { directoriesEncoder, treePaths } from './directories.js';
import type { EncodeFn, RunRef } from './types.js';

/** Writes a model input file from a template (see ./template.ts for the syntax). */
export interface TemplateEncoderSpec {
  /** The kind of encoder. */
  readonly kind: 'template';
  /** The template file, relative to baseDir. */
  readonly template: string;
  /** The file written in the run directory. */
  readonly target: string;
  /** The placeholder delimiter. Default `'$'`. */
  readonly delimiter?: string;
}

/** Writes a model input file from a Jinja-style template (nunjucks; see ./jinja.ts). */
export interface JinjaEncoderSpec {
  /** The kind of encoder. */
  readonly kind: 'jinja';
  /** The template file, relative to baseDir. */
  readonly template: string;
  /** The file written in the run directory. */
  readonly target: string;
}

/**
 * Makes a tree of empty directories in each run directory (EasyVVUQ's DirectoryBuilder): a
 * mapping of names to sub-trees, e.g. `{ output: { fields: {}, logs: {} }, mesh: {} }`.
 */
export interface DirectoriesEncoderSpec {
  /** The kind of encoder. */
  readonly kind: 'directories';
  /** The tree: each key a directory name, each value the tree inside it (`{}` for none). */
  readonly tree: Readonly<Record<string, unknown>>;
}

/** Writes the run's parameters as a JSON or YAML file. */
export interface ParamsFileEncoderSpec {
  /** The kind of encoder. */
  readonly kind: 'json' | 'yaml';
  /** The file written in the run directory. Default `params.json` / `params.yaml`. */
  readonly target?: string;
  /** Only these parameters, in this order. Default: all. */
  readonly select?: readonly string[];
}

/** Copies a file or a directory tree into the run directory. */
export interface CopyEncoderSpec {
  /** The kind of encoder. */
  readonly kind: 'copy';
  /** The file or directory, relative to baseDir. */
  readonly source: string;
  /** Its name in the run directory. Default: the source's own name. */
  readonly target?: string;
}

/** Stages a data file (or directory) by copy or symbolic link (see ./resource.ts). */
export interface ResourceEncoderSpec {
  /** The kind of encoder. */
  readonly kind: 'resource';
  /** The file or directory, relative to baseDir. */
  readonly source: string;
  /** How to stage it. */
  readonly mode: ResourceMode;
  /** Its name in the run directory. Default: the source's own name. */
  readonly target?: string;
}

/** One encoder as a campaign file names it: a template ($ or Jinja), a parameter file, a copy, a resource or a directory tree. */
export type EncoderSpec = TemplateEncoderSpec | JinjaEncoderSpec | ParamsFileEncoderSpec | CopyEncoderSpec | ResourceEncoderSpec | DirectoriesEncoderSpec;

/**
 * Options of {@link encoder}: the folder relative paths are resolved against, the campaign directory and the parameter names.
 */
export interface EncoderOptions {
  /** Folder that relative paths in specs are resolved against (the campaign file's folder). Required. */
  readonly baseDir: string;
  /** The campaign directory; required by resources with mode 'shared-link' (their copy goes in its `shared/`). */
  readonly campaignDir?: string;
  /**
   * The campaign's parameter names. When given, template placeholders are checked against
   * them when the encoder is built; otherwise when each run is encoded. Default: not given.
   */
  readonly parameters?: readonly string[];
  /** How specs are named in errors. Default `'encoders'` for an array (`encoders[1].source`), `'encoder'` for one spec. */
  readonly field?: string;
}

const SPEC_KEYS = {
  template: ['template', 'target', 'delimiter'],
  jinja: ['template', 'target'],
  directories: ['tree'],
  json: ['target', 'select'],
  yaml: ['target', 'select'],
  copy: ['source', 'target'],
  resource: ['source', 'mode', 'target'],
} as const;

/** The kinds of encoder spec. */
export const ENCODER_KINDS = Object.keys(SPEC_KEYS) as readonly EncoderSpec['kind'][];

/**
 * Builds one EncodeFn from a spec or an array of specs (applied in order). See the spec types
 * for the fields and their defaults.
 *
 * @throws InvalidArgumentError (MissingFileError for files that do not exist) naming the spec
 *   path, FileFormatError for a template that does not parse.
 */
export function encoder(specs: EncoderSpec | readonly EncoderSpec[], opts: EncoderOptions): EncodeFn {
  const o = optionsOf<EncoderOptions>('options', opts);
  knownKeys('options', o, ['baseDir', 'campaignDir', 'parameters', 'field']);
  const baseDir = directory('options.baseDir', o.baseDir);
  const campaignDir = o.campaignDir === undefined ? undefined : directory('options.campaignDir', o.campaignDir);
  const parameters = o.parameters === undefined ? undefined : names('options.parameters', o.parameters);
  const many = Array.isArray(specs);
  const root = o.field === undefined ? (many ? 'encoders' : 'encoder') : text('options.field', o.field);
  const list: readonly unknown[] = many ? specs : [specs];
  if (many && list.length === 0) throw new InvalidArgumentError({ field: root, value: specs, expected: 'at least one encoder spec' });
  const targets = new Map<string, string>();
  const links: { target: string; field: string }[] = [];
  const built = list.map((spec, i) => {
    const field = many ? `${root}[${i}]` : root;
    const b = build(field, spec, baseDir, campaignDir, parameters);
    for (const target of [b.target, ...(b.also ?? [])]) {
      const at = (spec as { kind: string }).kind === 'directories' ? `${field}.tree` : `${field}.target`;
      ownTarget(at, target, (spec as { kind: string }).kind);
      const earlier = targets.get(target);
      if (earlier !== undefined) throw new InvalidArgumentError({ field: at, value: target, expected: `a target no other encoder writes (${earlier} writes it too)` });
      targets.set(target, field);
    }
    if (b.link) links.push({ target: b.target, field });
    return { ...b, field };
  });
  // A file written under a symbolic link's target would land in the linked original (or the
  // shared copy) and change every run.
  for (const b of built) {
    const under = links.find((l) => b.target.startsWith(l.target + sep));
    if (under) throw new InvalidArgumentError({ field: `${b.field}.target`, value: b.target, expected: `a target outside ${under.target}, which ${under.field} makes a symbolic link (writing there would change the linked original)` });
  }
  // only now, with every spec checked, are shared copies made
  const fns = built.map((b) => b.make());
  if (fns.length === 1) return fns[0]!;
  return (dir: string, run: RunRef): void => {
    for (const fn of fns) fn(dir, run);
  };
}

function build(field: string, value: unknown, baseDir: string, campaignDir: string | undefined, parameters: readonly string[] | undefined): { make: () => EncodeFn; target: string; link?: boolean; also?: readonly string[] } {
  const spec = specOf(field, value, SPEC_KEYS);
  switch (spec.kind) {
    case 'template': {
      const path = source(`${field}.template`, spec.template, baseDir, 'file');
      const target = inRun(`${field}.target`, spec.target);
      const delimiter = templateDelimiter(`${field}.delimiter`, spec.delimiter);
      const fn = templateEncoder({ file: spec.template as string, path, target, delimiter, ...(parameters ? { parameters } : {}) });
      return { make: () => fn, target };
    }
    case 'jinja': {
      const path = source(`${field}.template`, spec.template, baseDir, 'file');
      const target = inRun(`${field}.target`, spec.target);
      const fn = jinjaEncoder({ file: spec.template as string, path, target, field: `${field}.kind` });
      return { make: () => fn, target };
    }
    case 'directories': {
      const paths = treePaths(`${field}.tree`, spec.tree);
      // Its target for the checks above: the first directory (each top-level one is checked below).
      return { make: () => directoriesEncoder(paths), target: paths[0]!, also: paths.filter((p) => !p.includes(sep)).slice(1) };
    }
    case 'json':
    case 'yaml': {
      const target = spec.target === undefined ? `params.${spec.kind}` : inRun(`${field}.target`, spec.target);
      const select = spec.select === undefined ? undefined : names(`${field}.select`, spec.select);
      if (select && parameters) {
        select.forEach((name, j) => {
          if (!parameters.includes(name)) throw new InvalidArgumentError({ field: `${field}.select[${j}]`, value: name, expected: `a parameter name (${parameters.join(', ')})` });
        });
      }
      const fn = paramsFileEncoder({ format: spec.kind, target, field, ...(select ? { select } : {}) });
      return { make: () => fn, target };
    }
    case 'copy': {
      const path = source(`${field}.source`, spec.source, baseDir, 'file or directory');
      const target = inRun(`${field}.target`, spec.target ?? basename(path));
      return { make: () => copyEncoder(path, target), target };
    }
    case 'resource': {
      const path = source(`${field}.source`, spec.source, baseDir, 'file or directory');
      const mode = oneOf(`${field}.mode`, spec.mode, RESOURCE_MODES);
      const target = inRun(`${field}.target`, spec.target ?? basename(path));
      if (mode === 'shared-link' && campaignDir === undefined) {
        throw new InvalidArgumentError({ field: 'options.campaignDir', value: undefined, expected: `the campaign directory: ${field} has mode 'shared-link', whose one shared copy goes in <campaignDir>/shared/` });
      }
      return { make: () => resourceEncoder({ path, mode, target, ...(campaignDir !== undefined ? { campaignDir } : {}) }), target, link: mode !== 'copy' };
    }
  }
}
