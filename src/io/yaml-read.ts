// YAML output files of models, read as JSON values (YAML 1.2's core schema: .nan, .inf and
// -.inf are numbers; duplicate keys are an error). A file that does not parse is a
// FileFormatError naming its line and column.
import { parseDocument } from 'yaml';
import { FileFormatError, type FileLocation } from './errors.js';

/** Parses YAML text of the file `at` into JSON values. */
export function parseYaml(text: string, at: Pick<FileLocation, 'file' | 'path'>): unknown {
  const doc = parseDocument(text, { schema: 'core', prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new FileFormatError({ ...at, ...(pos ? { line: pos.line, column: pos.col } : {}) }, `not valid YAML: ${err.message.split('\n')[0]}`, err);
  }
  return doc.toJS({ maxAliasCount: 1000 });
}
