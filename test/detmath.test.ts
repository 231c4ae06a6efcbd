// uqkit's deterministic elementary functions (src/core/detmath.ts): special values first,
// then the error in ulps against 60-digit mpmath references per function
// (test/fixtures/detmath.json, made by scripts/fixtures/detmath.py), then agreement with
// Node's Math and invariants (monotonicity across the table and reduction boundaries).
// Bit-identity with Chromium is checked in test/browser.test.ts.
import { describe, expect, it } from 'vitest';
import { detmath } from 'uqkit';
import { fixture } from './helpers.js';

type Row = Array<number | string>;
const fx = fixture<{ digits: number; cases: Record<string, Row[]> }>('detmath.json');
const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

const F = new Float64Array(1);
const B = new BigUint64Array(F.buffer);
/** The spacing of doubles at |v| (the ulp of the binade v is in; 2^-1074 for subnormals). */
function ulp(v: number): number {
  F[0] = Math.abs(v);
  const e = Number((B[0]! >> 52n) & 0x7ffn);
  F[0] = 0;
  B[0] = e <= 52 ? 1n << BigInt(Math.max(e - 1, 0)) : BigInt(e - 52) << 52n;
  return F[0]!;
}
/** The next double above v (v finite). */
function next(v: number): number {
  F[0] = v;
  if (v === 0) return 5e-324;
  B[0] = v > 0 ? B[0]! + 1n : B[0]! - 1n;
  return F[0]!;
}

type Fn = (...a: number[]) => number;
const FNS: Record<string, Fn> = {
  exp: detmath.exp, expm1: detmath.expm1, log: detmath.log, log1p: detmath.log1p, pow: detmath.pow, sinpi: detmath.sinpi, cospi: detmath.cospi,
};
// Largest error allowed per function, in ulps of the exact result (measured: at most 0.504
// for the first five, 0.77 for sinpi and cospi; see the header of src/core/detmath.ts).
const BOUND: Record<string, number> = { exp: 0.51, expm1: 0.51, log: 0.51, log1p: 0.51, pow: 0.51, sinpi: 0.8, cospi: 0.8 };

describe('detmath: special values', () => {
  it('exp', () => {
    const { exp } = detmath;
    expect(exp(NaN)).toBeNaN();
    expect(exp(Infinity)).toBe(Infinity);
    expect(Object.is(exp(-Infinity), 0)).toBe(true);
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(1)).toBe(2.718281828459045);
    expect(exp(5e-324)).toBe(1);
    expect(exp(709.782712893384)).toBe(1.7976931348622732e308); // just below the overflow threshold
    expect(exp(709.7827128933841)).toBe(Infinity);
    expect(exp(-708.3964185322641)).toBe(2.2250738585072626e-308); // smallest normal region
    expect(exp(-745.1332191019411)).toBe(5e-324); // rounds up to the smallest subnormal
    expect(exp(-745.1332191019412)).toBe(0);
    expect(exp(-1000)).toBe(0);
    expect(exp(1000)).toBe(Infinity);
  });
  it('expm1', () => {
    const { expm1 } = detmath;
    expect(expm1(NaN)).toBeNaN();
    expect(expm1(Infinity)).toBe(Infinity);
    expect(expm1(-Infinity)).toBe(-1);
    expect(Object.is(expm1(-0), -0)).toBe(true);
    expect(Object.is(expm1(0), 0)).toBe(true);
    expect(expm1(5e-324)).toBe(5e-324);
    expect(expm1(-2.2250738585072014e-308)).toBe(-2.2250738585072014e-308);
    expect(expm1(1e-10)).toBe(1.00000000005e-10);
    expect(expm1(-38)).toBe(-1);
    expect(expm1(-37)).toBe(-0.9999999999999999);
    expect(expm1(710)).toBe(Infinity);
  });
  it('log', () => {
    const { log } = detmath;
    expect(log(NaN)).toBeNaN();
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(Infinity)).toBe(Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(2)).toBe(0.6931471805599453);
    expect(log(5e-324)).toBe(-744.4400719213812);
    expect(log(2.2250738585072014e-308)).toBe(-708.3964185322641);
    expect(log(1.7976931348623157e308)).toBe(709.782712893384);
    expect(log(next(1))).toBe(2.2204460492503128e-16); // 2^-52 - 2^-105, correctly rounded (mpmath)
  });
  it('log1p', () => {
    const { log1p } = detmath;
    expect(log1p(NaN)).toBeNaN();
    expect(log1p(-2)).toBeNaN();
    expect(log1p(-1)).toBe(-Infinity);
    expect(log1p(Infinity)).toBe(Infinity);
    expect(Object.is(log1p(-0), -0)).toBe(true);
    expect(log1p(5e-324)).toBe(5e-324);
    expect(log1p(1e-10)).toBe(9.999999999500001e-11); // mpmath
    expect(log1p(1.7976931348623157e308)).toBe(709.782712893384);
  });
  it('pow: the special cases of Number::exponentiate, exactly as Math.pow', () => {
    const xs = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1e-300, -1e-300, 1e300];
    const ys = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 2, -2, 3, -3, 0.5, 1074, -1074, 1075, -1075, 1023, 1024, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 1e300];
    const bad: string[] = [];
    for (const x of xs) for (const y of ys) {
      // Results that are exact (special values, powers of two, small integer powers) have one right answer.
      const m = Math.pow(x, y);
      const got = detmath.pow(x, y);
      if (!Object.is(got, m)) bad.push(`pow(${x}, ${y}) = ${got}, Math.pow: ${m}`);
    }
    expect(bad).toEqual([]);
    expect(detmath.pow(-8, 1 / 3)).toBeNaN();
    expect(detmath.pow(-2, 3)).toBe(-8);
    expect(detmath.pow(2, 0.5)).toBe(Math.SQRT2);
    // Correctly rounded where Node's Math.pow is not (0.7071067811865475, 2.82842712474619).
    expect(detmath.pow(2, -0.5)).toBe(Math.SQRT1_2);
    expect(detmath.pow(2, 1.5)).toBe(2.8284271247461903);
    expect(detmath.pow(10, 2)).toBe(100);
    expect(detmath.pow(10, -2)).toBe(0.01);
    expect(detmath.pow(10, 22)).toBe(1e22);
  });
  it('sinpi and cospi: exact at multiples of 1/2, odd and even', () => {
    const { sinpi, cospi } = detmath;
    for (const f of [sinpi, cospi]) for (const v of [NaN, Infinity, -Infinity]) expect(f(v)).toBeNaN();
    expect(Object.is(sinpi(0), 0) && Object.is(sinpi(-0), -0)).toBe(true);
    expect([sinpi(0.5), sinpi(1), sinpi(1.5), sinpi(-0.5), sinpi(2.5)].map((v) => v + 0)).toEqual([1, 0, -1, -1, 1]);
    expect([cospi(0), cospi(0.5), cospi(1), cospi(-1), cospi(2), cospi(2 ** 52 + 1), cospi(2 ** 60)].map((v) => v + 0)).toEqual([1, 0, -1, -1, 1, -1, 1]);
    expect(sinpi(0.25)).toBe(Math.SQRT1_2);
    expect(cospi(0.25)).toBe(Math.SQRT1_2);
    expect(sinpi(1 / 6)).toBe(0.5);
    for (const x of [0.1, 0.3, 0.7, 1.2, -3.4, 1e6 + 0.3, 7.77e10 + 0.125]) {
      expect(sinpi(-x), `odd at ${x}`).toBe(-sinpi(x));
      expect(cospi(-x), `even at ${x}`).toBe(cospi(x));
    }
  });
});

describe('detmath: error against 60-digit mpmath (test/fixtures/detmath.json)', () => {
  for (const [name, rows] of Object.entries(fx.cases)) {
    it(`${name}: ${rows.length} arguments, every error below ${BOUND[name]} ulp`, () => {
      const f = FNS[name]!;
      let worst = 0;
      let worstAt = '';
      const bad: string[] = [];
      for (const row of rows) {
        const args = row.slice(0, row.length - 2).map(num);
        const hi = num(row[row.length - 2]!);
        const lo = row[row.length - 1] as number;
        const got = f(...args);
        const e = Number.isFinite(hi) ? Math.abs(got - hi - lo) / ulp(hi) : Object.is(got, hi) ? 0 : Infinity;
        if (!(e <= BOUND[name]!)) bad.push(`${name}(${args.join(', ')}) = ${got}, exact ${hi} + ${lo}: ${e} ulp > ${BOUND[name]}`);
        if (e > worst) {
          worst = e;
          worstAt = `${name}(${args.join(', ')})`;
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
      console.log(`${name}: worst ${worst.toFixed(3)} ulp at ${worstAt} (${rows.length} arguments)`);
      expect(worst).toBeGreaterThan(0.4); // the references are not just our own values
    });
  }
});

describe("detmath against Node's Math", () => {
  // Node's Math is not correctly rounded either (Math.pow by up to ~500 ulp far out: see the
  // fixture test's log); on these ranges both are within an ulp of each other.
  it('agrees with Math.exp/expm1/log/log1p/pow to 1 ulp over the ranges the distributions use', () => {
    const n = 20000;
    const stats: string[] = [];
    const cases: Array<[string, Fn, Fn, (i: number) => number[]]> = [
      ['exp', detmath.exp, Math.exp, (i) => [-740 + (1449 * ((i * 0.6180339887498949) % 1))]],
      ['expm1', detmath.expm1, Math.expm1, (i) => [-2 + 4 * ((i * 0.7548776662466927) % 1)]],
      ['log', detmath.log, Math.log, (i) => [2 ** (-1000 + 2000 * ((i * 0.6180339887498949) % 1))]],
      ['log1p', detmath.log1p, Math.log1p, (i) => [-0.999 + 3 * ((i * 0.5698402909980532) % 1)]],
      ['pow', detmath.pow, Math.pow, (i) => [0.01 + 20 * ((i * 0.6180339887498949) % 1), -10 + 20 * ((i * 0.7548776662466927) % 1)]],
    ];
    for (const [name, f, m, arg] of cases) {
      let same = 0;
      let far = 0;
      for (let i = 0; i < n; i++) {
        const a = arg(i);
        const got = f(...a);
        const ref = m(...a);
        if (Object.is(got, ref)) same++;
        else if (Math.abs(got - ref) > ulp(ref)) far++;
      }
      stats.push(`${name}: ${same} of ${n} equal to Math.${name}`);
      expect(far, name).toBe(0);
      expect(same / n, name).toBeGreaterThan(0.8);
    }
    console.log(stats.join('; '));
  });

  it('is monotone across the reduction and table boundaries (consecutive doubles)', () => {
    const starts = [1, 0.75, 1.5, 1.00390625, 0.99609375, 0.5, 2 ** -1022, 709.78, -0.34657359027997264, 0.34657359027997264, 0.0054152123481245725, -745.13];
    for (const s of starts) {
      let x = s;
      for (let k = 0; k < 64; k++) x = x - ulp(x); // start 64 doubles below
      let pe = -Infinity, pm = -Infinity, pl = -Infinity, pp = -Infinity;
      for (let k = 0; k < 128; k++, x = next(x)) {
        const e = detmath.exp(x), m = detmath.expm1(x), l = x > 0 ? detmath.log(x) : -Infinity, p = x > -1 ? detmath.log1p(x) : -Infinity;
        expect(e >= pe && m >= pm && l >= pl && p >= pp, `at ${x}`).toBe(true);
        pe = e; pm = m; pl = l; pp = p;
      }
    }
  });
});
