// SALib's console output: the tables its analyze functions print with print_to_console, which
// are pandas DataFrames printed with pandas' default float format (6 digits, fixed or
// exponent notation, trailing zeros trimmed alike in a column), so that what `uqkit analyze`
// prints reads (and parses) as what `salib analyze` prints.
import { formatE } from './salib-args.js';

const DIGITS = 6;

/** `x` as Python's `'{: .6f}'` (a space where a positive number has no sign). */
const fixed = (x: number): string => (x < 0 || Object.is(x, -0) ? '-' : ' ') + Math.abs(x).toFixed(DIGITS);

/** `x` as Python's `'{: .6e}'`. */
const sci = (x: number): string => (x < 0 || Object.is(x, -0) ? '' : ' ') + formatE(x, DIGITS);

/** Trims trailing zeros equally from every fixed-point number of the column, leaving at least one digit after the point. */
function trimZeros(values: string[]): string[] {
  const isDec = (s: string) => /^\s*[+-]?\d+\.\d*$/.test(s);
  let out = values;
  while (out.some(isDec) && out.filter(isDec).every((s) => s.endsWith('0'))) out = out.map((s) => (isDec(s) ? s.slice(0, -1) : s));
  return out.map((s) => (isDec(s) && s.endsWith('.') ? s + '0' : s));
}

/** One column of numbers as pandas formats it for `DataFrame.to_string()`. */
export function pandasColumn(values: readonly number[]): string[] {
  const finite = values.filter((x) => !Number.isNaN(x));
  const abs = finite.map(Math.abs);
  const format = (f: (x: number) => string) => trimZeros(values.map((x) => (Number.isNaN(x) ? 'NaN' : x === Infinity ? ' inf' : x === -Infinity ? '-inf' : f(x))));
  const fixedValues = format(fixed);
  const tooLong = fixedValues.some((s) => s.length > DIGITS + 6);
  const small = abs.some((a) => a > 0 && a < 10 ** -DIGITS);
  const large = abs.some((a) => a > 1e6 && Number.isFinite(a));
  return small || (tooLong && large) ? format(sci) : fixedValues;
}

/**
 * A table as pandas prints a DataFrame: the row labels left-aligned, then each column
 * right-aligned under its name, separated by one space. pandas gives a numeric column's name
 * a leading space, as it gives its non-negative numbers, which shows where the name is wider
 * than the numbers (`median  maximum` over `0.66`).
 */
export function pandasTable(labels: readonly string[], columns: readonly { name: string; values: readonly number[] }[]): string {
  const w0 = Math.max(0, ...labels.map((l) => l.length));
  const cols = columns.map((c) => {
    const cells = pandasColumn(c.values);
    const head = ' ' + c.name;
    const w = Math.max(head.length, ...cells.map((s) => s.length));
    return { head: head.padStart(w), cells: cells.map((s) => s.padStart(w)) };
  });
  const lines = [[''.padEnd(w0), ...cols.map((c) => c.head)].join(' ')];
  labels.forEach((l, i) => lines.push([l.padEnd(w0), ...cols.map((c) => c.cells[i]!)].join(' ')));
  return lines.join('\n');
}

/** Numbers for `--json`: NaN and infinities as null (JSON has no such numbers). */
export const jsonList = (a: ArrayLike<number>): (number | null)[] => Array.from(a, (x) => (Number.isFinite(x) ? x : null));
