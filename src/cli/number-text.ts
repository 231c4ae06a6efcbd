// Numbers as the CLI prints them: six significant digits, exponent form for very large or
// small magnitudes. Its own module so that commands that only list runs load no analysis.

export const num = (v: number): string => (!Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(4) : Number(v.toPrecision(6)).toString());
