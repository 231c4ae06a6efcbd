// Template encoders: a model's input file written from a template with the run's parameters in
// place of placeholders. The syntax is that of Python's string.Template (and of EasyVVUQ's
// GenericEncoder), with the delimiter configurable:
//
//   $name      a parameter whose name is letters, digits and _ (not starting with a digit)
//   ${name}    any parameter name, up to the closing brace (also `${x}mm` next to text)
//   $$         a literal $
//
// With delimiter '@' the same reads @name, @{name}, @@ — and `$x` is then plain text. A
// delimiter followed by anything else is an error (naming file, line and column), as is an
// unclosed `${`: a template with a typo should not quietly produce an input file with `$tmep`
// in it. The template is read and parsed once, when the encoder is built, so a missing file or
// a syntax error shows up before any run starts; a placeholder naming no parameter of the run
// is reported when the run is encoded (or at build time, when the parameter names are given).
//
// Values are written so they read back exactly: numbers as the shortest decimal that
// round-trips to the same double (ECMAScript's Number#toString: 0.1 → 0.1, 1/3 →
// 0.3333333333333333, 1e21 → 1e+21, 5 → 5), strings as they are, booleans as true/false, null
// as null, arrays and objects as JSON.
import { readFileSync, statSync } from 'node:fs';
import type { JsonValue } from '../core/identity.js';
import { InvalidArgumentError } from '../core/errors.js';
import { FileFormatError, type FileLocation } from './errors.js';
import { writeFileNoFollow } from './safe-fs.js';
import { prepareTarget } from './spec.js';
import type { EncodeFn, RunRef } from './types.js';

/** A placeholder in a parsed template. */
export interface Placeholder {
  /** The parameter it stands for. */
  readonly name: string;
  /** 1-based line and column of the delimiter. */
  readonly line: number;
  /** See `line`. */
  readonly column: number;
}

/** A parsed template: literal text and placeholders, alternating (`text.length === placeholders.length + 1`). */
export interface ParsedTemplate {
  /** The literal text before, between and after the placeholders. */
  readonly text: readonly string[];
  /** The placeholders, in order. */
  readonly placeholders: readonly Placeholder[];
  /** The delimiter used to parse (for messages). */
  readonly delimiter: string;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Checks a delimiter: 1 to 8 characters, none of them a letter, digit, _, brace or space. */
export function templateDelimiter(field: string, value: unknown): string {
  if (value === undefined) return '$';
  if (typeof value !== 'string' || value.length === 0 || value.length > 8 || /[\p{L}\p{N}_{}\s]/u.test(value)) {
    throw new InvalidArgumentError({ field, value, expected: "1 to 8 characters without letters, digits, _, braces or spaces, such as '$', '@' or '%%'" });
  }
  return value;
}

/**
 * Parses template text. `at` names the file in errors.
 *
 * @throws FileFormatError at a delimiter followed by neither a name, `{name}` nor the
 *   delimiter again, or at an unclosed or empty `{}`.
 */
export function parseTemplate(source: string, delimiter: string, at: Pick<FileLocation, 'file' | 'path'>): ParsedTemplate {
  const text: string[] = [];
  const placeholders: Placeholder[] = [];
  let literal = '';
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const advanceLines = (to: number): void => {
    for (let i = source.indexOf('\n', pos); i !== -1 && i < to; i = source.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
  };
  for (;;) {
    const d = source.indexOf(delimiter, pos);
    if (d === -1) break;
    advanceLines(d);
    literal += source.slice(pos, d);
    const column = d - lineStart + 1;
    const after = d + delimiter.length;
    const fail = (problem: string): never => {
      throw new FileFormatError({ ...at, line, column }, problem);
    };
    if (source.startsWith(delimiter, after)) {
      literal += delimiter;
      pos = after + delimiter.length;
      continue;
    }
    let name: string;
    if (source[after] === '{') {
      const close = source.indexOf('}', after + 1);
      const newline = source.indexOf('\n', after + 1);
      if (close === -1 || (newline !== -1 && newline < close)) fail(`unclosed placeholder ${delimiter}{ (write ${delimiter}{name}, or ${delimiter}${delimiter} for a literal ${delimiter})`);
      name = source.slice(after + 1, close);
      if (name === '') fail(`empty placeholder ${delimiter}{}`);
      pos = close + 1;
    } else {
      IDENTIFIER.lastIndex = after;
      const m = IDENTIFIER.exec(source);
      if (!m) {
        const next = source.slice(after, after + 10).split('\n')[0];
        fail(`invalid placeholder ${delimiter}${next ?? ''}: ${delimiter} must be followed by a name, {name} or another ${delimiter} (${delimiter}${delimiter} writes a literal ${delimiter}; or choose another delimiter)`);
      }
      name = m![0];
      pos = after + name.length;
    }
    text.push(literal);
    literal = '';
    placeholders.push({ name, line, column });
  }
  text.push(literal + source.slice(pos));
  return { text, placeholders, delimiter };
}

/** A parameter value as text in an input file (see the top of this file). */
export function formatValue(value: JsonValue): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/**
 * Fills a parsed template with `params`.
 *
 * @throws FileFormatError at the first placeholder naming no parameter (file, line, column,
 *   and the names there are).
 */
export function renderTemplate(t: ParsedTemplate, params: Readonly<Record<string, JsonValue>>, at: Pick<FileLocation, 'file' | 'path'>): string {
  let out = t.text[0] ?? '';
  t.placeholders.forEach((p, i) => {
    if (!Object.hasOwn(params, p.name)) throw unknownPlaceholder(t, p, Object.keys(params), at);
    out += formatValue(params[p.name] as JsonValue) + (t.text[i + 1] ?? '');
  });
  return out;
}

function unknownPlaceholder(t: ParsedTemplate, p: Placeholder, known: readonly string[], at: Pick<FileLocation, 'file' | 'path'>): FileFormatError {
  const shown = /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name) ? `${t.delimiter}${p.name}` : `${t.delimiter}{${p.name}}`;
  const list = known.length ? `the parameters are ${known.join(', ')}` : 'there are no parameters';
  return new FileFormatError({ ...at, line: p.line, column: p.column }, `placeholder ${shown} names no parameter (${list})`);
}

/** What a template encoder needs besides its spec. */
export interface TemplateEncoderOptions {
  /** The template as the spec names it (for messages). */
  readonly file: string;
  /** The template's absolute path. */
  readonly path: string;
  /** Where in the run directory to write (relative, checked). */
  readonly target: string;
  readonly delimiter: string;
  /** When given, every placeholder must name one of these (checked now). */
  readonly parameters?: readonly string[];
}

/**
 * A template file's text and permission bits (the target gets the same bits).
 *
 * @throws FileFormatError naming the template when it cannot be read
 */
export function readTemplateFile(at: Pick<FileLocation, 'file' | 'path'>): { source: string; mode: number } {
  try {
    return { source: readFileSync(at.path, 'utf8'), mode: statSync(at.path).mode & 0o777 };
  } catch (e) {
    throw new FileFormatError(at, `cannot read the template: ${(e as Error).message}`, e);
  }
}

/**
 * An encoder writing the template at `path`, filled with the run's parameters, to `target`.
 * The target gets the template's permission bits (so a template of a shell script gives an
 * executable script).
 */
export function templateEncoder(o: TemplateEncoderOptions): EncodeFn {
  const at = { file: o.file, path: o.path };
  const { source, mode } = readTemplateFile(at);
  const parsed = parseTemplate(source, o.delimiter, at);
  if (o.parameters) {
    for (const p of parsed.placeholders) if (!o.parameters.includes(p.name)) throw unknownPlaceholder(parsed, p, o.parameters, at);
  }
  return (dir: string, run: RunRef): void => {
    const content = renderTemplate(parsed, run.params, at);
    const path = prepareTarget(dir, o.target);
    writeFileNoFollow(path, content, mode);
  };
}
