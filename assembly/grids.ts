// Tensor and sparse grids by the combination technique (Smolyak 1963; Gerstner & Griebel,
// Numer. Algorithms 18, 1998): sum over multi-indices l of c_l * (Q_{l_1} x ... x Q_{l_d}).
// Each 1-D node is named by an integer id per dimension (equal ids = the same coordinate, as
// the nested rules share nodes between levels), so merging duplicate points is exact: an
// open-addressing hash table keyed by the id tuple adds the weights of repeated points.
import { OK, ERR_SIZE, ERR_POINTER, ERR_VALUE, regionOk } from "./status";
import { mix64 } from "./random";
import { ld as ldf, ldi, sti } from "./mem";

/**
 * Accumulates the combination sum_t coefs[t] * tensor(levels[t]) into distinct points.
 *
 * - levels: nTerms * d i32, the multi-index of each term; coefs: nTerms f64.
 * - rules: for dimension j and level l, the 1-D rule is entries ruleStart[j*stride + l] to
 *   ruleStart[j*stride + l + 1] (exclusive) of ids (i32) and w (f64); nIds entries in all;
 *   levels must lie in 0..stride-2.
 * - table: cap i32 (cap a power of two > maxPoints), scratch for the hash table.
 * - out: outIds (maxPoints * d i32) and outW (2 * maxPoints f64: the second half is scratch)
 *   receive the points in order of first appearance and their weights; count (one i32)
 *   receives their number. scratch: 3d i32.
 * Weights are summed with Neumaier's compensated summation: combination coefficients are
 * large and of both signs in high dimension, and plain sums would lose digits.
 * ERR_SIZE if more than maxPoints distinct points arise; ERR_VALUE for a level or rule range
 * out of bounds.
 */
export function combine(
  d: i32, nTerms: i32, levels: usize, coefs: usize, stride: i32, ruleStart: usize,
  nIds: i32, ids: usize, w: usize, cap: i32, table: usize,
  maxPoints: i32, outIds: usize, outW: usize, count: usize, scratch: usize,
): i32 {
  if (d < 1 || nTerms < 0 || stride < 2 || nIds < 0 || maxPoints < 0 || cap < 1 || (cap & (cap - 1)) != 0 || cap <= maxPoints) return ERR_SIZE;
  if (!regionOk(levels, <u64>nTerms * <u64>d << 2, 4) || !regionOk(coefs, <u64>nTerms << 3, 8) ||
    !regionOk(ruleStart, <u64>d * <u64>stride << 2, 4) || !regionOk(ids, <u64>nIds << 2, 4) ||
    !regionOk(w, <u64>nIds << 3, 8) || !regionOk(table, <u64>cap << 2, 4) ||
    !regionOk(outIds, <u64>maxPoints * <u64>d << 2, 4) || !regionOk(outW, <u64>maxPoints << 4, 8) ||
    !regionOk(count, 4, 4) || !regionOk(scratch, <u64>(3 * d) << 2, 4)) return ERR_POINTER;
  for (let j = 0; j < d; j++) {
    for (let l = 0; l + 1 < stride; l++) {
      const s = ldi(ruleStart, j * stride + l), e = ldi(ruleStart, j * stride + l + 1);
      if (s < 0 || e < s || e > nIds) return ERR_VALUE;
    }
  }
  for (let i = 0; i < cap; i++) sti(table, i, -1);
  const counter = scratch;
  const start = scratch + (<usize>d << 2);
  const size = start + (<usize>d << 2);
  const mask = cap - 1;
  const comp = outW + (<usize>maxPoints << 3);
  let n = 0;
  for (let t = 0; t < nTerms; t++) {
    const c = ldf(coefs, t);
    if (c == 0.0) continue;
    let empty = false;
    for (let j = 0; j < d; j++) {
      const l = ldi(levels, t * d + j);
      if (l < 0 || l > stride - 2) return ERR_VALUE;
      const s = ldi(ruleStart, j * stride + l);
      sti(start, j, s);
      sti(size, j, ldi(ruleStart, j * stride + l + 1) - s);
      sti(counter, j, 0);
      if (ldi(size, j) == 0) empty = true;
    }
    if (empty) continue;
    while (true) {
      let h: u64 = 0xcbf29ce484222325;
      let wt = c;
      for (let j = 0; j < d; j++) {
        const k = ldi(start, j) + ldi(counter, j);
        h = (h ^ <u64><u32>ldi(ids, k)) * 0x100000001b3;
        wt *= ldf(w, k);
      }
      let slot = <i32>(mix64(h) & <u64>mask);
      while (true) {
        const p = ldi(table, slot);
        if (p < 0) {
          if (n >= maxPoints) return ERR_SIZE;
          for (let j = 0; j < d; j++) sti(outIds, n * d + j, ldi(ids, ldi(start, j) + ldi(counter, j)));
          store<f64>(outW + (<usize>n << 3), wt);
          store<f64>(comp + (<usize>n << 3), 0.0);
          sti(table, slot, n);
          n++;
          break;
        }
        let same = true;
        for (let j = 0; j < d; j++) {
          if (ldi(outIds, p * d + j) != ldi(ids, ldi(start, j) + ldi(counter, j))) { same = false; break; }
        }
        if (same) {
          const at = outW + (<usize>p << 3);
          const sum = load<f64>(at);
          const t = sum + wt;
          const err = Math.abs(sum) >= Math.abs(wt) ? (sum - t) + wt : (wt - t) + sum;
          store<f64>(at, t);
          const cat = comp + (<usize>p << 3);
          store<f64>(cat, load<f64>(cat) + err);
          break;
        }
        slot = (slot + 1) & mask;
      }
      // Next tensor point: the last dimension runs fastest.
      let j = d - 1;
      while (j >= 0) {
        const v = ldi(counter, j) + 1;
        if (v < ldi(size, j)) { sti(counter, j, v); break; }
        sti(counter, j, 0);
        j--;
      }
      if (j < 0) break;
    }
  }
  for (let i = 0; i < n; i++) {
    const at = outW + (<usize>i << 3);
    store<f64>(at, load<f64>(at) + load<f64>(comp + (<usize>i << 3)));
  }
  sti(count, 0, n);
  return OK;
}
