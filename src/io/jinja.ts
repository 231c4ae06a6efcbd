// Jinja-style template encoders, on nunjucks (a maintained JavaScript port of Jinja2, the engine
// of EasyVVUQ's JinjaEncoder): {{ kappa }}, filters ({{ kappa | round(4) }}), conditionals
// ({% if n > 2 %}...{% endif %}), loops ({% for x in xs %}...{% endfor %}), macros and
// includes relative to the template's folder. Parameters are the template's variables.
// Numbers print as the shortest decimal that reads back to the same double (0.1, 1e+21).
//
// The template is parsed once, when the encoder is built, so a syntax error stops the campaign
// before any run, naming the template, line and column; a variable that a run does not define
// (a misspelt parameter) fails that run the same way rather than writing an empty value. Output
// is not HTML-escaped. nunjucks is an optional peer dependency (npm install nunjucks).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { FileFormatError, type FileLocation } from './errors.js';
import { writeFileNoFollow } from './safe-fs.js';
import { prepareTarget } from './spec.js';
import { readTemplateFile } from './template.js';
import type { EncodeFn, RunRef } from './types.js';

/** What uqkit uses of nunjucks (its own types stay out of uqkit's public declarations). */
interface Nunjucks {
  Environment: new (loader: unknown, opts: { autoescape: boolean; throwOnUndefined: boolean }) => unknown;
  FileSystemLoader: new (searchPaths: string) => unknown;
  Template: new (src: string, env: unknown, path: string, eagerCompile: boolean) => { render(context: object): string };
}

let engine: Nunjucks | undefined;
/**
 * nunjucks, loaded on the first Jinja template (it is CommonJS). It is an optional peer
 * dependency of uqkit, so that installs without Jinja templates stay small.
 *
 * @throws InvalidArgumentError naming `field` when nunjucks is not installed
 */
function nunjucks(field: string): Nunjucks {
  try {
    engine ??= createRequire(import.meta.url)('nunjucks') as Nunjucks;
  } catch (e) {
    throw new InvalidArgumentError({ field, value: 'jinja', expected: 'an encoder whose library is installed: the jinja encoder needs the nunjucks package (npm install nunjucks)', cause: e });
  }
  return engine;
}

/** nunjucks's "(file) [Line 3, Column 5]\n  problem" as a FileFormatError at that line and column. */
function templateError(e: unknown, at: FileLocation, stage: string): FileFormatError {
  const message = (e as Error)?.message ?? String(e);
  const pos = /\[Line (\d+), Column (\d+)\]/.exec(message);
  const problem = message.replace(/^\([^)]*\)\s*(\[Line \d+, Column \d+\])?\s*/, '').replace(/\s*\n\s*/g, ' ').trim();
  return new FileFormatError({ ...at, ...(pos ? { line: Number(pos[1]), column: Number(pos[2]) } : {}) }, `${stage}: ${problem}`, e);
}

/** Options of {@link jinjaEncoder}. */
export interface JinjaEncoderOptions {
  /** The template as the spec names it (for messages). */
  readonly file: string;
  /** Its absolute path. */
  readonly path: string;
  /** The file written in the run directory. */
  readonly target: string;
  /** How the spec is named in errors (e.g. `encoders[1].kind`). Default `'kind'`. */
  readonly field?: string;
}

/**
 * An encoder that renders a Jinja-style template with the run's parameters into `target`.
 *
 * @throws FileFormatError naming the template, line and column for a template that cannot be
 *   read or parsed
 */
export function jinjaEncoder(o: JinjaEncoderOptions): EncodeFn {
  const at = { file: o.file, path: o.path };
  const { source, mode } = readTemplateFile(at);
  const nj = nunjucks(o.field ?? 'kind');
  const env = new nj.Environment(new nj.FileSystemLoader(dirname(o.path)), { autoescape: false, throwOnUndefined: true });
  let template: { render(context: object): string };
  try {
    template = new nj.Template(source, env, o.path, true);
  } catch (e) {
    throw templateError(e, at, 'the template does not parse');
  }
  return (dir: string, run: RunRef): void => {
    let content: string;
    try {
      content = template.render({ ...run.params });
    } catch (e) {
      throw templateError(e, at, 'rendering failed');
    }
    writeFileNoFollow(prepareTarget(dir, o.target), content, mode);
  };
}
