// Numbers and ranges for the charts and tables of the report, without the plotting library
// (the Markdown report and the tables use them without loading it).

/** Escapes text for HTML (element content and attribute values). */
export const escapeHtml = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A number in at most 4 significant digits, exponent form below 1e-3 and from 1e4. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toPrecision(4)).toString();
}

/** The finite values of `values`. */
export const finite = (values: Iterable<number>): number[] => Array.from(values).filter(Number.isFinite);

/** Range of a Sobol'-index axis: [0, 1] widened to the values, but never beyond [-0.25, 1.25] (what lies further is clamped to the edge). */
export function sobolDomain(values: Iterable<number>): [number, number] {
  const v = finite(values);
  return [Math.max(-0.25, Math.min(0, ...v)), Math.min(1.25, Math.max(1, ...v))];
}

/** Range of the finite values, padded when they are all equal (or none): never empty, never infinite. */
export function dataDomain(values: Iterable<number>): [number, number] {
  const v = finite(values);
  if (v.length === 0) return [0, 1];
  let lo = Infinity, hi = -Infinity;
  for (const x of v) { if (x < lo) lo = x; if (x > hi) hi = x; }
  if (hi > lo) return [lo, hi];
  const pad = Math.abs(lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

