// What a failed run's reason keeps of an error or of a process's stderr: the line that says
// what went wrong, and the last lines. Node prints a stack of 10 frames and an object's fields
// after `Error: Cannot find module ...`; Python a traceback before `ValueError: ...`; a
// simulation pages of log before its error: the last lines alone lose Node's message, the
// first lines alone lose Python's.
import { inspect } from 'node:util';

/** Lines of stderr kept from its end. */
export const TAIL_LINES = 5;

/**
 * A line that reads as an error message: `Error: ...`, `TypeError [ERR_X]: ...`,
 * `ModuleNotFoundError: ...`, `java.io.IOException: ...`, `error: ...`, `ERROR ...`, `Fatal
 * error ...`, `panic: ...` (leading blanks allowed).
 */
const ERROR_LINE = /^\s*(?:[\w$.]*(?:Error|Exception)|error|fatal|panic)\b/i;

/** The first line of `text` that reads as an error message (without its leading blanks), or undefined. */
export function firstErrorLine(text: string): string | undefined {
  for (const line of text.split('\n')) if (ERROR_LINE.test(line)) return line.trim();
  return undefined;
}

/** `lines` cut to `first` (an index), a marker, and the last TAIL_LINES (or all of them when that is as short). */
function keep(lines: readonly string[], first: number): string {
  if (first < 0 || first >= lines.length - TAIL_LINES) return lines.slice(-TAIL_LINES).join('\n');
  return [lines[first]!.trim(), '...', ...lines.slice(-TAIL_LINES)].join('\n');
}

/** Lines of `text` without blank lines at its start and end. */
function linesOf(text: string): string[] {
  const t = text.replace(/^\s*\n/, '').trimEnd();
  return t === '' ? [] : t.split('\n');
}

/**
 * The tail of a process's stderr as a reason: the first line that reads as an error message
 * (when it is not among the last lines), `...`, and the last TAIL_LINES lines. '' for none.
 */
export function stderrReason(stderrTail: string): string {
  const lines = linesOf(stderrTail);
  return keep(lines, lines.findIndex((l) => ERROR_LINE.test(l)));
}

/**
 * What a model threw, as a reason: an Error's message (its name when the message is empty; a
 * long message cut to its first line, `...` and its last lines), a string as it is, any other
 * value as util.inspect shows it on one line (not "[object Object]").
 */
export function thrownReason(e: unknown): string {
  let text: string;
  if (e instanceof Error) text = e.message === '' ? e.name : e.message;
  else if (typeof e === 'string') text = e;
  else text = inspect(e, { breakLength: Infinity, depth: 3 });
  const lines = linesOf(text);
  return lines.length <= TAIL_LINES + 1 ? lines.join('\n') : keep(lines, 0);
}

/** The first line of thrownReason(e): for an error that the CLI prints on one line. */
export function thrownLine(e: unknown): string {
  return thrownReason(e).split('\n')[0]!;
}
