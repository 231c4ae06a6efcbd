// Order statistics of the columns of a column-major matrix by selection: for each column, the
// values at the wanted ranks (positions in ascending order) are found by Hoare partitions that
// descend only into the parts holding a wanted rank, O(n) per rank instead of a sort. NaN
// values are moved to the end of the column first, so ranks count them as larger than every
// number (the order of Float64Array.prototype.sort and numpy.sort). The columns are reordered
// in place; nothing is allocated.
import { OK, ERR_SIZE, ERR_POINTER, ERR_VALUE, regionOk } from "./status";
import { ld, st, ldi } from "./mem";

/** Ranges this short are sorted by insertion. */
const SHORT: i32 = 16;

/**
 * Puts the r-th smallest of column p[lo..hi] at p[r] for each rank r = ranks[rFrom..rTo)
 * (ascending, all within lo..hi).
 */
function selectRanks(p: usize, lo: i32, hi: i32, ranks: usize, rFrom: i32, rTo: i32): void {
  while (rFrom < rTo) {
    if (hi - lo <= SHORT) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = ld(p, i);
        let j = i - 1;
        while (j >= lo && ld(p, j) > v) { st(p, j + 1, ld(p, j)); j--; }
        st(p, j + 1, v);
      }
      return;
    }
    // Pivot: the median of the first, middle and last values.
    const mid = (lo + hi) >>> 1;
    const x0 = ld(p, lo), x1 = ld(p, mid), x2 = ld(p, hi);
    const x = x0 < x1 ? (x1 < x2 ? x1 : x0 < x2 ? x2 : x0) : (x0 < x2 ? x0 : x1 < x2 ? x2 : x1);
    let i = lo, j = hi;
    while (i <= j) {
      while (ld(p, i) < x) i++;
      while (ld(p, j) > x) j--;
      if (i <= j) {
        const t = ld(p, i);
        st(p, i, ld(p, j));
        st(p, j, t);
        i++;
        j--;
      }
    }
    // p[lo..j] <= x, p[j+1..i-1] == x, p[i..hi] >= x: ranks up to j lie left, from i right.
    let left = rFrom;
    while (left < rTo && ldi(ranks, left) <= j) left++;
    let right = left;
    while (right < rTo && ldi(ranks, right) < i) right++;
    if (left > rFrom) selectRanks(p, lo, j, ranks, rFrom, left);
    lo = i;
    rFrom = right;
  }
}

/**
 * Order statistics of `cols` columns of n values each, column c at data + 8 * c * ldData:
 * out[c * nr + k] is the value of rank ranks[k] (i32, ascending, 0..n-1) in column c, NaN when
 * that rank falls among the column's NaN values. Reorders the columns.
 */
export function columnOrderStatistics(n: i32, cols: i32, data: usize, ldData: i32, nr: i32, ranks: usize, out: usize): i32 {
  if (n < 1 || cols < 0 || nr < 1 || ldData < n) return ERR_SIZE;
  if (cols == 0) return OK;
  if (!regionOk(data, ((<u64>(cols - 1) * <u64>ldData) + <u64>n) << 3, 8) || !regionOk(ranks, <u64>nr << 2, 4) || !regionOk(out, (<u64>cols * <u64>nr) << 3, 8)) return ERR_POINTER;
  for (let k = 0; k < nr; k++) {
    const r = ldi(ranks, k);
    if (r < 0 || r >= n || (k > 0 && r < ldi(ranks, k - 1))) return ERR_VALUE;
  }
  for (let c = 0; c < cols; c++) {
    const p = data + ((<usize>c * <usize>ldData) << 3);
    // NaN to the end: the numbers are p[0..m).
    let m = n, i = 0;
    while (i < m) {
      const v = ld(p, i);
      if (v != v) {
        m--;
        st(p, i, ld(p, m));
        st(p, m, v);
      } else {
        i++;
      }
    }
    let below = 0;
    while (below < nr && ldi(ranks, below) < m) below++;
    if (below > 0) selectRanks(p, 0, m - 1, ranks, 0, below);
    const o = out + ((<usize>c * <usize>nr) << 3);
    for (let k = 0; k < nr; k++) {
      const r = ldi(ranks, k);
      st(o, k, r < m ? ld(p, r) : NaN);
    }
  }
  return OK;
}
