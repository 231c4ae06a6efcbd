// Bound-constrained minimisation of a smooth function with its gradient: limited-memory BFGS
// on the free variables with projection onto the box (in the spirit of L-BFGS-B, Byrd, Lu,
// Nocedal & Zhu 1995, without its generalised Cauchy point): each step takes the two-loop
// quasi-Newton direction on the variables not held at a bound by their gradient, projects
// the trial point onto the box and backtracks until the Armijo condition holds.

/** A function value and its gradient, or undefined where the function cannot be evaluated (e.g. a singular matrix). */
export type Objective = (x: Float64Array) => { readonly f: number; readonly g: Float64Array } | undefined;

/** Options of {@link minimizeBox}. */
export interface MinimizeOptions {
  /** Iterations at most. Default 200. */
  readonly maxIterations?: number;
  /** Correction pairs kept. Default 8. */
  readonly memory?: number;
  /** Stop when the largest projected gradient component is below this. Default 1e-8. */
  readonly gradientTolerance?: number;
  /** Stop when a step lowers f by less than this times max(|f|, 1). Default 1e-13. */
  readonly functionTolerance?: number;
}

/** Where {@link minimizeBox} stopped. */
export interface MinimizeResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
}

/** Minimises `fg` over the box [lower, upper] from x0 (clamped into the box); undefined when f cannot be evaluated at x0. */
export function minimizeBox(fg: Objective, x0: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, opts: MinimizeOptions = {}): MinimizeResult | undefined {
  const maxIt = opts.maxIterations ?? 200, m = opts.memory ?? 8;
  const pgtol = opts.gradientTolerance ?? 1e-8, ftol = opts.functionTolerance ?? 1e-13;
  const n = x0.length;
  const clamp = (v: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) v[i] = Math.min(upper[i]!, Math.max(lower[i]!, v[i]!));
    return v;
  };
  let x = clamp(Float64Array.from(x0));
  let cur = fg(x);
  let evaluations = 1;
  if (!cur || !Number.isFinite(cur.f)) return undefined;
  let f = cur.f, g = cur.g;
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  };
  let it = 0;
  for (; it < maxIt; it++) {
    // Variables held at a bound: their gradient pushes them out of the box.
    const held = new Uint8Array(n);
    let pg = 0;
    for (let i = 0; i < n; i++) {
      if ((x[i]! <= lower[i]! && g[i]! > 0) || (x[i]! >= upper[i]! && g[i]! < 0)) held[i] = 1;
      else pg = Math.max(pg, Math.abs(g[i]!));
    }
    if (pg < pgtol) break;
    let step: MinimizeResult | undefined;
    for (let attempt = 0; attempt < 2 && !step; attempt++) {
      // The two-loop recursion on the free variables.
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = held[i] ? 0 : -g[i]!;
      const k = S.length;
      const al = new Float64Array(k);
      for (let j = k - 1; j >= 0; j--) {
        al[j] = rho[j]! * dot(S[j]!, d);
        for (let i = 0; i < n; i++) d[i]! -= al[j]! * Y[j]![i]!;
      }
      if (k > 0) {
        const gamma = dot(S[k - 1]!, Y[k - 1]!) / dot(Y[k - 1]!, Y[k - 1]!);
        for (let i = 0; i < n; i++) d[i]! *= gamma;
      }
      for (let j = 0; j < k; j++) {
        const b = rho[j]! * dot(Y[j]!, d);
        for (let i = 0; i < n; i++) d[i]! += (al[j]! - b) * S[j]![i]!;
      }
      for (let i = 0; i < n; i++) if (held[i]) d[i] = 0;
      if (!(dot(d, g) < 0)) {
        for (let i = 0; i < n; i++) d[i] = held[i] ? 0 : -g[i]!;
        S.length = 0; Y.length = 0; rho.length = 0;
      }
      let dmax = 0;
      for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(d[i]!));
      let alpha = S.length === 0 ? Math.min(1, 1 / dmax) : 1;
      for (let back = 0; back < 40; back++, alpha *= 0.5) {
        const xt = new Float64Array(n);
        for (let i = 0; i < n; i++) xt[i] = x[i]! + alpha * d[i]!;
        clamp(xt);
        let gs = 0, moved = false;
        for (let i = 0; i < n; i++) {
          gs += g[i]! * (xt[i]! - x[i]!);
          if (xt[i] !== x[i]) moved = true;
        }
        if (!moved) break;
        const t = fg(xt);
        evaluations++;
        if (t && Number.isFinite(t.f) && t.f <= f + 1e-4 * gs) {
          step = { x: xt, f: t.f, g: t.g, iterations: 0, evaluations: 0 };
          break;
        }
      }
      if (!step) {
        if (S.length === 0) break;
        S.length = 0; Y.length = 0; rho.length = 0;
      }
    }
    if (!step) break;
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = step.x[i]! - x[i]!;
      y[i] = step.g[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    const drop = f - step.f;
    x = step.x; f = step.f; g = step.g;
    if (drop <= ftol * Math.max(Math.abs(f), 1)) { it++; break; }
  }
  return { x, f, g, iterations: it, evaluations };
}
