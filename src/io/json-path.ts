// Paths into decoded JSON, as the json decoder's `paths` option names quantities of interest:
//
//   a.b[2].c           keys separated by dots, array indices in brackets
//   results["t.max"]   a key with dots, brackets or spaces, quoted (single or double quotes)
//   [0].value          a path may start with an index (the file holds an array)
//
// Paths are parsed when the decoder is built (a malformed path is a spec error); following one
// through a run's file says exactly where it stopped and what was there instead.
import { InvalidArgumentError } from '../core/errors.js';
import { FileFormatError, type FileLocation } from './errors.js';

/** A parsed path: keys (strings) and indices (numbers). */
export type JsonPath = readonly (string | number)[];

/**
 * Parses a path such as `a.b[2].c`.
 *
 * @throws InvalidArgumentError naming `field` when the path is malformed.
 */
export function parseJsonPath(field: string, value: unknown): JsonPath {
  const bad = (why: string): never => {
    throw new InvalidArgumentError({ field, value, expected: `a path such as a.b[2].c or a["key.with.dots"] (${why})` });
  };
  if (typeof value !== 'string' || value === '') return bad('a non-empty string');
  const s = value;
  const out: (string | number)[] = [];
  let i = 0;
  let needKey = s[0] !== '[';
  while (i < s.length) {
    if (needKey) {
      let j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== '[' && s[j] !== ']') j++;
      if (j === i) bad(`a key is missing at character ${i + 1}`);
      out.push(s.slice(i, j));
      i = j;
      needKey = false;
    } else if (s[i] === '.') {
      i++;
      needKey = true;
      if (i === s.length) bad('it ends with a dot');
    } else if (s[i] === '[') {
      const q = s[i + 1];
      if (q === '"' || q === "'") {
        const close = s.indexOf(q, i + 2);
        if (close === -1 || s[close + 1] !== ']') bad(`an unclosed quoted key at character ${i + 1}`);
        out.push(s.slice(i + 2, close));
        i = close + 2;
      } else {
        const m = /^\[(\d+)\]/.exec(s.slice(i));
        if (!m) bad(`expected [index] or ["key"] at character ${i + 1}`);
        out.push(Number(m![1]));
        i += m![0].length;
      }
    } else {
      bad(`unexpected ${JSON.stringify(s[i])} at character ${i + 1}`);
    }
  }
  return out;
}

/** A path as text, for messages: `a.b[2]`. */
export function formatJsonPath(path: JsonPath): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[^.[\]"' ]+$/.test(p)) s += s === '' ? p : `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v} (${JSON.stringify(v)})`;
}

/**
 * The value at `path` in `doc`.
 *
 * @throws FileFormatError saying where the path stopped and what was there.
 */
export function followJsonPath(doc: unknown, path: JsonPath, at: Pick<FileLocation, 'file' | 'path'>): unknown {
  let v = doc;
  for (let k = 0; k < path.length; k++) {
    const step = path[k]!;
    const here = k === 0 ? 'the top level' : formatJsonPath(path.slice(0, k));
    if (typeof step === 'number') {
      if (!Array.isArray(v)) throw new FileFormatError(at, `no ${formatJsonPath(path)}: ${here} is ${kindOf(v)}, not an array`);
      if (step >= v.length) throw new FileFormatError(at, `no ${formatJsonPath(path)}: ${here} has ${v.length} elements`);
      v = v[step];
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FileFormatError(at, `no ${formatJsonPath(path)}: ${here} is ${kindOf(v)}, not an object`);
      if (!Object.hasOwn(v, step)) {
        const keys = Object.keys(v);
        throw new FileFormatError(at, `no ${formatJsonPath(path)}: ${here} has no key ${JSON.stringify(step)} (its keys are ${keys.length ? keys.map((x) => JSON.stringify(x)).join(', ') : 'none'})`);
      }
      v = (v as Record<string, unknown>)[step];
    }
  }
  return v;
}
