// Large Gauss–Hermite rules (standard normal, probability weights) against 40-digit mpmath
// references. Fixture: test/fixtures/hermite.json, made by scripts/fixtures/hermite.py; it
// holds the nodes >= 0 (the rule is symmetric) and each weight as a mantissa and a decimal
// exponent, since the outer weights lie far below the double range (down to 1e-1700 at
// n = 2000).
//
// Error measures:
// - nodes: |got - x| / max(1, |x|). Relative for the outer nodes (|x| up to 89); absolute
//   near 0, where the smallest positive node (~0.03 at n = 2000) is still far from 0 and an
//   absolute 1e-13 is a relative ~3e-12 at worst. Worst measured: 2.2e-16.
// - weights that are normal doubles (>= 2^-1022): relative error. Worst measured: 2.9e-14.
//   The bound 1e-13 is tight enough to catch a weight taken at the rounded node instead of
//   the exact root (the weight of the outermost node changes by ~x^2 * 1e-16 ~ 4e-13 across
//   one ulp of x at n = 1000).
// - weights below the normal range (0 or subnormal in any double rule): absolute error at
//   most 1e-13 * 2^-1022, the relative bound carried down from the smallest normal double.
//   Worst measured: 1.4e-322.
// - the weights sum to 1 within 1e-14.
import { describe, expect, it } from 'vitest';
import { gauss, Normal } from 'uqkit';
import { fixture } from './helpers.js';

interface Ref {
  n: number;
  nodes: string[];
  weights: [number, number, string][];
}
const rules = fixture<{ rules: Ref[] }>('hermite.json').rules;
const NORMAL_MIN = 2 ** -1022;

describe('Gauss–Hermite rules at large n against 40-digit references', () => {
  for (const ref of rules) {
    it(`n = ${ref.n}`, () => {
      const { nodes, weights } = gauss(new Normal(0, 1), ref.n);
      const n = ref.n;
      expect(nodes.length).toBe(n);
      const off = n - ref.nodes.length; // index of the first node >= 0
      let nodeErr = 0;
      let weightErr = 0;
      let tinyErr = 0;
      for (let i = 0; i < ref.nodes.length; i++) {
        const x = Number(ref.nodes[i]);
        const [mant, exp10] = ref.weights[i]!;
        const w = exp10 < -300 ? mant * 10 ** (exp10 + 300) * 1e-300 : Number(ref.weights[i]![2]);
        const gx = nodes[off + i]!;
        const gw = weights[off + i]!;
        // symmetric: the mirrored node and weight are the same values
        expect(nodes[n - 1 - (off + i)] === -gx).toBe(true); // 0 and -0 alike for the middle node
        expect(weights[n - 1 - (off + i)]).toBe(gw);
        nodeErr = Math.max(nodeErr, Math.abs(gx - x) / Math.max(1, Math.abs(x)));
        if (w >= NORMAL_MIN) weightErr = Math.max(weightErr, Math.abs(gw - w) / w);
        else tinyErr = Math.max(tinyErr, Math.abs(gw - w));
      }
      expect(nodeErr).toBeLessThanOrEqual(1e-13);
      expect(weightErr).toBeLessThanOrEqual(1e-13);
      expect(tinyErr).toBeLessThanOrEqual(1e-13 * NORMAL_MIN);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += weights[i]!;
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-14);
      for (let i = 1; i < n; i++) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]!);
    });
  }
});
