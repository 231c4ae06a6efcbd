// Run identity (src/core/identity.ts): the RFC 8785 canonical JSON of a run's parameters and
// its SHA-256, through the package's public entry.
import { describe, expect, it } from 'vitest';
import { canonicalJson, InvalidArgumentError, runHash } from 'uqkit';
import { thrown } from './helpers.js';

describe('run identity', () => {
  it('is the SHA-256 of RFC 8785 canonical JSON: sorted keys, shortest numbers, -0 as 0', () => {
    expect(canonicalJson({ c: [true, null, 0.5], b: 'x', a: 1 })).toBe('{"a":1,"b":"x","c":[true,null,0.5]}');
    // sha256 of that text, computed with `printf '%s' ... | sha256sum`
    expect(runHash({ c: [true, null, 0.5], b: 'x', a: 1 })).toBe('9b1508140520aec9ccdd40aacf17a3e766bee8821cd1075df1adf9be114bacc2');
    expect(runHash(JSON.parse('{"x": 1.0, "y": 2.50}'))).toBe(runHash({ y: 2.5, x: 1 }));
    expect(runHash({ x: -0 })).toBe(runHash({ x: 0 }));
    expect(canonicalJson([1e21, 1e-7, 0.000001, 0.1 + 0.2, -5])).toBe('[1e+21,1e-7,0.000001,0.30000000000000004,-5]');
    // names are part of the identity: the same values under other names are another run
    expect(runHash({ a: 1, b: 2 })).not.toBe(runHash({ a: 2, b: 1 }));
    expect(runHash({ a: 1 })).not.toBe(runHash({ a: '1' }));
    expect(runHash({ a: 1 })).not.toBe(runHash({ a: true }));
    expect(runHash({ a: { b: 1, c: 2 } })).toBe(runHash({ a: { c: 2, b: 1 } }));
  });

  it('refuses values JSON cannot hold, naming where they sit', () => {
    for (const [value, field] of [
      [{ a: NaN }, 'params.a'],
      [{ a: [1, Infinity] }, 'params.a[1]'],
      [{ a: undefined }, 'params.a'],
      [{ a: new Date(0) }, 'params.a'],
    ] as const) {
      const e = thrown(() => runHash(value)) as InvalidArgumentError;
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.field).toBe(field);
    }
  });
});
