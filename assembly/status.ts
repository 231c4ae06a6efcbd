// Status codes returned by every kernel. 0 is success; the TypeScript side (src/core/status.ts)
// turns the others into typed errors naming the argument, its value and what was expected.
// Keep the two lists in step.

export const OK: i32 = 0;
/** A size or count is negative, zero where it must be positive, or too large. */
export const ERR_SIZE: i32 = 1;
/** A dimension is outside 1..MAX_DIM. */
export const ERR_DIM: i32 = 2;
/** A bit count is outside the supported range. */
export const ERR_BITS: i32 = 3;
/** An index (position in a sequence) is negative, fractional or beyond the end. */
export const ERR_INDEX: i32 = 4;
/** The request runs past the end of a finite sequence. */
export const ERR_EXHAUSTED: i32 = 5;
/** A pointer is null, misaligned or its region leaves linear memory. */
export const ERR_POINTER: i32 = 6;
/** Embedded data failed its self-check. */
export const ERR_DATA: i32 = 7;
/** An iteration (eigenvalues, root finding) did not converge, or a matrix is singular. */
export const ERR_CONVERGE: i32 = 8;
/** A numeric input is NaN, infinite or outside its domain (e.g. a recurrence coefficient <= 0). */
export const ERR_VALUE: i32 = 9;

/**
 * True when [ptr, ptr + bytes) lies in the caller's part of linear memory (at or above
 * __heap_base, below the end) and ptr is `align`-aligned.
 */
// @ts-ignore: decorator
@inline
export function regionOk(ptr: usize, bytes: u64, align: usize): bool {
  if (ptr < __heap_base || (ptr & (align - 1)) != 0) return false;
  const end = <u64>ptr + bytes;
  return end <= (<u64>memory.size() << 16);
}
