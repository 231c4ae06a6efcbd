// SVG plots without a chart library: grouped bars of first and total indices with intervals,
// and the estimates against N on a log2 axis.
const NS = 'http://www.w3.org/2000/svg';
export const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Grouped horizontal bars: per input, S (solid) and ST (light), whiskers for intervals, ticks for analytic values. */
export function indexBars(r) {
  const d = r.first.length;
  const rowH = 34, left = 44, width = 560, plotW = width - left - 20, top = 24, height = top + d * rowH + 30;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': "Sobol' indices" });
  const lo = Math.min(0, ...r.first, ...(r.firstLow ?? [])), hi = Math.max(1, ...r.total, ...(r.totalHigh ?? []));
  const x = (v) => left + ((v - lo) / (hi - lo)) * plotW;
  for (let t = Math.ceil(lo / 0.2); t <= Math.floor(hi / 0.2 + 1e-9); t++) {
    const v = t * 0.2;
    svg.append(el('line', { x1: x(v), x2: x(v), y1: top - 4, y2: top + d * rowH, stroke: '#ddd' }));
    svg.append(el('text', { x: x(v), y: top + d * rowH + 16, 'text-anchor': 'middle', 'font-size': 11 }, v.toFixed(1)));
  }
  svg.append(el('line', { x1: x(0), x2: x(0), y1: top - 4, y2: top + d * rowH, stroke: '#555' }));
  svg.append(el('rect', { x: left, y: 4, width: 12, height: 10, fill: '#3b6ea5' }));
  svg.append(el('text', { x: left + 16, y: 13, 'font-size': 11 }, 'first order S'));
  svg.append(el('rect', { x: left + 110, y: 4, width: 12, height: 10, fill: '#a9c4e2' }));
  svg.append(el('text', { x: left + 126, y: 13, 'font-size': 11 }, 'total ST'));
  if (r.analytic) {
    svg.append(el('line', { x1: left + 200, x2: left + 200, y1: 3, y2: 15, stroke: '#c00', 'stroke-width': 2 }));
    svg.append(el('text', { x: left + 206, y: 13, 'font-size': 11 }, 'analytic'));
  }
  if (r.firstLow) svg.append(el('text', { x: left + 270, y: 13, 'font-size': 11 }, `whiskers: ${Math.round((r.confidence ?? 0.95) * 100)}% bootstrap percentile intervals`));
  for (let j = 0; j < d; j++) {
    const y0 = top + j * rowH;
    svg.append(el('text', { x: left - 8, y: y0 + rowH / 2 + 4, 'text-anchor': 'end', 'font-size': 12 }, `x${j + 1}`));
    const bars = [[r.first[j], '#3b6ea5', r.firstLow?.[j], r.firstHigh?.[j], r.analytic?.first[j]], [r.total[j], '#a9c4e2', r.totalLow?.[j], r.totalHigh?.[j], r.analytic?.total[j]]];
    bars.forEach(([v, color, l, h, exact], k) => {
      const y = y0 + 4 + k * 13, hBar = 12;
      svg.append(el('rect', { x: Math.min(x(0), x(v)), y, width: Math.abs(x(v) - x(0)), height: hBar, fill: color }));
      if (l !== undefined) {
        svg.append(el('line', { x1: x(l), x2: x(h), y1: y + hBar / 2, y2: y + hBar / 2, stroke: '#222' }));
        for (const e of [l, h]) svg.append(el('line', { x1: x(e), x2: x(e), y1: y + 2, y2: y + hBar - 2, stroke: '#222' }));
      }
      if (exact !== undefined) svg.append(el('line', { x1: x(exact), x2: x(exact), y1: y - 1, y2: y + hBar + 1, stroke: '#c00', 'stroke-width': 2 }));
    });
  }
  return svg;
}

/**
 * Estimates of S (solid) and ST (dashed) per input against N (log2 axis), analytic values
 * dotted; with bootstrap intervals (Saltelli with resamples > 0), each estimate's percentile
 * interval at every N as a shaded band in the input's colour (class "ci", data-key and data-j
 * naming the index, like the estimate's polyline).
 */
export function convergencePlot(r) {
  const pts = r.convergence;
  const width = 560, height = 300, left = 48, right = 90, top = 14, bottom = 36;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'convergence as N doubles' });
  if (pts.length < 2) {
    svg.append(el('text', { x: 20, y: 40, 'font-size': 12 }, 'Not enough sizes for a convergence plot (N must be at least twice the smallest size).'));
    return svg;
  }
  const d = r.first.length;
  const ci = pts.every((p) => p.firstLow && p.totalLow);
  const all = pts.flatMap((p) => [...p.first, ...p.total, ...(ci ? [...p.firstLow, ...p.firstHigh, ...p.totalLow, ...p.totalHigh] : [])])
    .concat(r.analytic ? [...r.analytic.first, ...r.analytic.total] : []);
  let lo = Math.min(0, ...all), hi = Math.max(...all);
  if (hi - lo < 1e-9) hi = lo + 1;
  const l0 = Math.log2(pts[0].n), l1 = Math.log2(pts[pts.length - 1].n);
  const X = (n) => left + ((Math.log2(n) - l0) / (l1 - l0)) * (width - left - right);
  const Y = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  for (const p of pts) {
    svg.append(el('line', { x1: X(p.n), x2: X(p.n), y1: top, y2: height - bottom, stroke: '#eee' }));
    svg.append(el('text', { x: X(p.n), y: height - bottom + 14, 'text-anchor': 'middle', 'font-size': 10 }, `2^${Math.log2(p.n)}`));
  }
  svg.append(el('text', { x: (left + width - right) / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11 }, 'N (base rows for Saltelli, points for PCE)'));
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    svg.append(el('line', { x1: left, x2: width - right, y1: Y(v), y2: Y(v), stroke: '#eee' }));
    svg.append(el('text', { x: left - 6, y: Y(v) + 4, 'text-anchor': 'end', 'font-size': 10 }, v.toFixed(2)));
  }
  // Bands first, so that every line stays visible on top of them.
  if (ci) {
    for (let j = 0; j < d; j++) {
      for (const [key, opacity] of [['first', 0.18], ['total', 0.1]]) {
        const upper = pts.map((p) => `${X(p.n)},${Y(p[`${key}High`][j])}`);
        const lower = pts.map((p) => `${X(p.n)},${Y(p[`${key}Low`][j])}`).reverse();
        svg.append(el('polygon', { class: 'ci', 'data-key': key, 'data-j': j, points: [...upper, ...lower].join(' '), fill: COLORS[j % COLORS.length], 'fill-opacity': opacity, stroke: 'none' }));
      }
    }
  }
  for (let j = 0; j < d; j++) {
    const c = COLORS[j % COLORS.length];
    for (const [key, dash] of [['first', ''], ['total', '5 3']]) {
      svg.append(el('polyline', { 'data-key': key, 'data-j': j, points: pts.map((p) => `${X(p.n)},${Y(p[key][j])}`).join(' '), fill: 'none', stroke: c, 'stroke-width': 1.5, 'stroke-dasharray': dash }));
      if (r.analytic) svg.append(el('line', { x1: left, x2: width - right, y1: Y(r.analytic[key][j]), y2: Y(r.analytic[key][j]), stroke: c, 'stroke-opacity': 0.5, 'stroke-dasharray': '1 3' }));
    }
    if (j < 12) svg.append(el('text', { x: width - right + 6, y: top + 12 + j * 14, 'font-size': 11, fill: c }, `x${j + 1}`));
  }
  svg.append(el('text', { x: width - right + 6, y: height - bottom - 20, 'font-size': 10 }, '— S   - - ST'));
  if (r.analytic) svg.append(el('text', { x: width - right + 6, y: height - bottom - 6, 'font-size': 10 }, '··· analytic'));
  if (ci) {
    svg.append(el('rect', { x: width - right + 6, y: height - bottom - 44, width: 12, height: 10, fill: '#555', 'fill-opacity': 0.25 }));
    svg.append(el('text', { x: width - right + 22, y: height - bottom - 35, 'font-size': 10 }, `${Math.round((r.confidence ?? 0.95) * 100)}% CI`));
  }
  return svg;
}
