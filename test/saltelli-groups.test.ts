// Grouped Saltelli designs (SALib's `groups`): one AB block (and BA block) per group of inputs,
// and one Sobol' index per group from sobolIndices({ design }). Against the analytic group
// indices of Ishigami and the block structure; SALib's own grouped files are compared in
// test/salib-cli.test.ts.
import { describe, expect, it } from 'vitest';
import { saltelliDesign, saltelliRow, sobolIndices, Uniform } from 'uqkit';

const U = new Uniform(-Math.PI, Math.PI);
const ishigami = (x: Float64Array, d: number) => Float64Array.from({ length: x.length / d }, (_, i) => Math.sin(x[i * d]!) + 7 * Math.sin(x[i * d + 1]!) ** 2 + 0.1 * x[i * d + 2]! ** 4 * Math.sin(x[i * d]!));

describe('saltelliDesign({ groups })', () => {
  it('rows: n(G + 2) (n(2G + 2) with second order); AB_g is A with the columns of group g from B, BA_g the reverse; both layouts', () => {
    const groups = [1, 0, 1, 0];
    for (const layout of ['salib', 'block'] as const) {
      const des = saltelliDesign([U, U, U, U], 8, { groups, secondOrder: true, layout, seed: 3 });
      expect([des.X.rows, des.dim, des.groupCount, des.groups]).toEqual([8 * 6, 4, 2, groups]);
      const row = (block: number, i: number) => Array.from(des.X.data.subarray(saltelliRow(layout, 8, 2, true, block, i) * 4, saltelliRow(layout, 8, 2, true, block, i) * 4 + 4));
      for (let i = 0; i < 8; i++) {
        const A = row(0, i), B = row(1, i);
        for (let g = 0; g < 2; g++) {
          expect(row(2 + g, i)).toEqual(A.map((a, j) => (groups[j] === g ? B[j] : a)));
          expect(row(4 + g, i)).toEqual(B.map((b, j) => (groups[j] === g ? A[j] : b)));
        }
      }
    }
    // every input its own group: the ungrouped design
    const plain = saltelliDesign([U, U, U], 8, { seed: 2, layout: 'salib' });
    expect(saltelliDesign([U, U, U], 8, { seed: 2, layout: 'salib', groups: [0, 1, 2] }).X.data).toEqual(plain.X.data);
  });

  it("Ishigami with groups {x1, x3} and {x2}: the group indices are V_1 + V_3 + V_13 and V_2 over V (Owen-scrambled Sobol', n = 2^14)", () => {
    const des = saltelliDesign([U, U, U], 2 ** 14, { groups: [0, 1, 0], seed: 5, secondOrder: true });
    const r = sobolIndices(ishigami(des.X.data, 3), { design: des });
    const s13 = 0.3139051911 + 0.2436836641, s2 = 0.4424111448;
    expect(r.first).toHaveLength(2);
    expect(Math.abs(r.first[0]! - s13)).toBeLessThan(0.01);
    expect(Math.abs(r.first[1]! - s2)).toBeLessThan(0.01);
    expect(Math.abs(r.total[0]! - s13)).toBeLessThan(0.01);
    expect(Math.abs(r.total[1]! - s2)).toBeLessThan(0.01);
    expect(Math.abs(r.second!.data[1]!)).toBeLessThan(0.02); // no interaction between the groups
  });

  it('bad groups are named', () => {
    const field = (groups: unknown, second = false) => {
      try {
        saltelliDesign([U, U, U], 4, { groups: groups as number[], secondOrder: second });
      } catch (e) {
        return [(e as { field?: string }).field, (e as Error).message];
      }
      return undefined;
    };
    expect(field([0, 1])).toEqual(['options.groups', expect.stringMatching(/an array of 3 group numbers/)]);
    expect(field([0, 2, 2])).toEqual(['options.groups', expect.stringMatching(/group 1 has no input/)]);
    expect(field([0, 0.5, 1])).toEqual(['options.groups', expect.stringMatching(/integers from 0 to 2/)]);
    expect(field([0, 0, 0], true)).toEqual(['options.groups', expect.stringMatching(/at least 2 groups for second order/)]);
  });
});
