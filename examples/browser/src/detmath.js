// A sine and cosine that give the same bits in every JavaScript engine.
//
// Math.sin is not specified to the last bit, and engines differ: Node 20's V8 (11.3) and
// Debian's Chromium 156 disagree in the last bit of Math.sin, cos, exp, log and pow for about
// 3–10 % of arguments (measured in test/demo.test.ts). These functions use only IEEE-754
// double additions and multiplications in a fixed order (no FMA can be introduced: JavaScript
// rounds every operation), so they are bit-identical wherever they run. They are not
// correctly rounded; the error is below 1 ulp for |x| < 2^20·π/2 (the same kernels as fdlibm).
//
// Method (fdlibm / musl, k_sin.c, k_cos.c, __rem_pio2.c):
// - reduction: n = round(x·2/π), r = x − n·π/2 with π/2 split in three 33-bit parts plus a
//   tail (Cody & Waite), kept as a double-double y0 + y1; exact for |n| < 2^20, deterministic
//   (but less accurate) beyond;
// - kernels: the minimax polynomials of fdlibm for sin and cos on [−π/4, π/4], Horner order.

const INVPIO2 = 6.36619772367581382433e-1; // 2/π
const PIO2_1 = 1.57079632673412561417e0; // first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // π/2 − PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // next 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // π/2 − (PIO2_1 + PIO2_2)
const PIO2_3 = 2.02226624871116645580e-21; // next 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // π/2 − (PIO2_1 + PIO2_2 + PIO2_3)
const TOINT = 1.5 / 2.220446049250313e-16; // 1.5·2^52: adding and subtracting rounds to an integer

const S1 = -1.66666666666666324348e-1, S2 = 8.33333333332248946124e-3, S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6, S5 = -2.50507602534068634195e-8, S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2, C2 = -1.38888888888741095749e-3, C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7, C5 = 2.08757232129817482790e-9, C6 = -1.13596475577881948265e-11;

/** sin(x + y) for |x| <= π/4, |y| tiny (fdlibm __kernel_sin with iy = 1). */
function kSin(x, y) {
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/** cos(x + y) for |x| <= π/4, |y| tiny (fdlibm / musl __cos). */
function kCos(x, y) {
  const z = x * x;
  const w0 = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w0 * w0 * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (((1 - w) - hz) + (z * r - x * y));
}

// The reduction writes its double-double remainder here (no allocation per call).
let y0 = 0, y1 = 0;

/** x − n·π/2 into (y0, y1); returns n mod 4. */
function reduce(x) {
  const fn = (x * INVPIO2 + TOINT) - TOINT;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T;
  // Second and third steps (always taken: the result does not depend on any branch).
  let t = r;
  w = fn * PIO2_2;
  r = t - w;
  w = fn * PIO2_2T - ((t - r) - w);
  t = r;
  w = fn * PIO2_3;
  r = t - w;
  w = fn * PIO2_3T - ((t - r) - w);
  y0 = r - w;
  y1 = (r - y0) - w;
  return ((fn % 4) + 4) % 4;
}

/** sin(x), bit-identical in every engine. */
export function sin(x) {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 7.450580596923828e-9) return x; // |x| < 2^-27: sin x = x to within rounding
  if (Math.abs(x) <= 0.7853981633974483) return kSin(x, 0);
  const n = reduce(x);
  switch (n) {
    case 0: return kSin(y0, y1);
    case 1: return kCos(y0, y1);
    case 2: return -kSin(y0, y1);
    default: return -kCos(y0, y1);
  }
}

/** cos(x), bit-identical in every engine. */
export function cos(x) {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) <= 0.7853981633974483) return kCos(x, 0);
  const n = reduce(x);
  switch (n) {
    case 0: return kCos(y0, y1);
    case 1: return -kSin(y0, y1);
    case 2: return -kCos(y0, y1);
    default: return kSin(y0, y1);
  }
}
