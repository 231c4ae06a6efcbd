// `uqkit runs --where` on float parameters: a float is compared as the runs table shows it.
// The table prints 6 significant digits (5 in the exponent form it uses below 1e-3 and from
// 1e5), so 0.1 + 0.2, stored as 0.30000000000000004, shows as 0.3, and `x=0.3` must find it:
// two floats are equal when they agree to the digits the table shows, or to the significant
// digits of the value typed if it has more. `x=0.3` matches 0.30000000000000004 and 0.3000004
// (both show as 0.3) but not 0.300001 or 0.31; `x=0.30000001` (8 digits) matches neither 0.3
// nor 0.30000002. The other operators agree with that equality: `x<=0.3` holds for the values
// below 0.3 and those equal to it, `x<0.3` only for those below it and not equal.

export type Comparison = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

/** The significant digits the runs table shows of `v`: 6, or 5 in exponent form (|v| < 1e-3 or >= 1e5). */
function shownDigits(v: number): number {
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? 5 : 6;
}

/** The significant digits of a number as typed ("0.30" -> 2, "1.25e-3" -> 3, "120" -> 3). */
function typedDigits(raw: string): number {
  const m = /^[+-]?(\d*)\.?(\d*)(?:e[+-]?\d+)?$/i.exec(raw.trim());
  return m ? (m[1]! + m[2]!).replace(/^0+/, '').length : 0;
}

/**
 * The test of a float parameter against `raw` (a finite number as typed) by `op`, with the
 * equality above. Values that are not finite numbers never match.
 */
export function floatCondition(op: Comparison, raw: string): (x: unknown) => boolean {
  const v = Number(raw);
  const p = Math.min(100, Math.max(shownDigits(v), typedDigits(raw)));
  const same = (x: number): boolean => x === v || Number(x.toPrecision(p)) === Number(v.toPrecision(p));
  const tests: Record<Comparison, (x: number) => boolean> = {
    eq: same,
    ne: (x) => !same(x),
    lt: (x) => x < v && !same(x),
    lte: (x) => x < v || same(x),
    gt: (x) => x > v && !same(x),
    gte: (x) => x > v || same(x),
  };
  const test = tests[op];
  return (x) => typeof x === 'number' && Number.isFinite(x) && test(x);
}
