// The report's section on an MCMC sampler's chains: a table of the posterior summaries
// (mean, std, quantiles, R-hat, bulk ESS, acceptance) and per parameter a trace plot (the
// states of every chain by step, the burn-in shaded) and a histogram of the draws after
// burn-in. Self-contained static SVG with its own styles (inline attributes), no scripts.
import type { McmcAnalysis } from '../analysis/mcmc.js';

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number | null): string => (v === null ? '—' : !Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toPrecision(4)).toString());
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const W = 420, H = 160, L = 48, R = 8, T = 8, B = 22;

/** Rounded range [lo, hi] of the values (a little wider when they are all equal). */
function range(values: readonly number[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { const d = Math.abs(lo) * 0.1 || 1; return [lo - d, lo + d]; }
  return [lo, hi];
}

function axes(xlo: number, xhi: number, ylo: number, yhi: number): string {
  const y = (v: number) => T + (H - T - B) * (1 - (v - ylo) / (yhi - ylo));
  const x = (v: number) => L + (W - L - R) * (v - xlo) / (xhi - xlo);
  const ticks = [ylo, (ylo + yhi) / 2, yhi].map((v) => `<text x="${L - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10">${esc(fmt(v))}</text>`).join('');
  const xt = [xlo, xhi].map((v, i) => `<text x="${x(v)}" y="${H - 6}" text-anchor="${i === 0 ? 'start' : 'end'}" font-size="10">${esc(fmt(v))}</text>`).join('');
  return `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#888"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#888"/>${ticks}${xt}`;
}

/** A trace plot: each chain's states by step (the trace's entries, every `every` steps; at most 400 points per chain), burn-in shaded. */
function tracePlot(name: string, chains: readonly (readonly number[])[], every: number, burnIn: number): string {
  const steps = (chains[0]!.length - 1) * every;
  const [lo, hi] = range(chains.flat());
  const x = (s: number) => L + (W - L - R) * (steps === 0 ? 0 : s / steps);
  const y = (v: number) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  const stride = Math.max(1, Math.ceil(chains[0]!.length / 400));
  const lines = chains.map((c, k) => {
    const pts: string[] = [];
    for (let i = 0; i < c.length; i += stride) pts.push(`${x(i * every).toFixed(1)},${y(c[i]!).toFixed(1)}`);
    return `<polyline class="mcmc-trace" data-chain="${k}" fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="1" opacity="0.8" points="${pts.join(' ')}"/>`;
  }).join('');
  const shade = burnIn > 0 ? `<rect class="mcmc-burnin" x="${L}" y="${T}" width="${(x(burnIn) - L).toFixed(1)}" height="${H - T - B}" fill="#000" opacity="0.06"/>` : '';
  return `<figure><figcaption>${esc(name)}: trace (steps 0–${steps}; burn-in shaded)</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${shade}${axes(0, Math.max(steps, 1), lo, hi)}${lines}</svg></figure>`;
}

/** A histogram of the draws after burn-in (30 bins), as densities: of the trace's entries after burn-in when the trace is thinned. */
function histogram(name: string, draws: readonly number[]): string {
  const [lo, hi] = range(draws);
  const bins = 30, width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of draws) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]!++;
  const dens = counts.map((c) => c / (draws.length * width));
  const top = Math.max(...dens);
  const bw = (W - L - R) / bins;
  const bars = dens.map((d, i) => {
    const h = (H - T - B) * (d / top);
    return `<rect class="mcmc-bin" x="${(L + i * bw).toFixed(1)}" y="${(H - B - h).toFixed(1)}" width="${Math.max(bw - 1, 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="#1f77b4" opacity="0.7"/>`;
  }).join('');
  return `<figure><figcaption>${esc(name)}: posterior (${draws.length} draws after burn-in)</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">${axes(lo, hi, 0, top)}${bars}</svg></figure>`;
}

/**
 * The MCMC section of the HTML report for an analysis with an `mcmc` key (`uqkit analyse
 * --json` of an mcmc sampler), else the empty string.
 */
export function mcmcSection(report: object): string {
  const m = (report as { readonly mcmc?: McmcAnalysis }).mcmc;
  if (m === undefined) return '';
  const cell = 'style="padding:2px 10px;text-align:right"';
  const head = ['', 'mean', 'std', '2.5%', '50%', '97.5%', 'R-hat', 'bulk ESS'].map((h) => `<th ${cell}>${h}</th>`).join('');
  const rows = Object.entries(m.parameters).map(([k, p]) => `<tr><th>${esc(k)}</th>${[p.mean, p.std, p.q2_5, p.q50, p.q97_5, p.rhat, p.essBulk === null ? null : Math.round(p.essBulk)].map((v) => `<td ${cell}>${esc(fmt(v))}</td>`).join('')}</tr>`).join('');
  const plots = Object.entries(m.trace).map(([k, chains]) => `<div class="mcmc-param" data-param="${esc(k)}">${tracePlot(k, chains, m.traceEvery, m.burnIn)}${histogram(k, chains.flatMap((c) => c.filter((_, i) => i * m.traceEvery > m.burnIn)))}</div>`).join('');
  return `<section class="mcmc"><h2>MCMC chains</h2><p>${m.chains} chains, ${m.steps} of ${m.stepsTotal} steps, burn-in ${m.burnIn}, acceptance ${m.acceptance.map((a) => a.toFixed(2)).join(', ')}</p>`
    + `<table class="stats"><tr>${head}</tr>${rows}</table>${plots}</section>`;
}
