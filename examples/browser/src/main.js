// The page: reads the form, sends the analysis to the worker, draws what comes back.
import { MODELS } from './models.js';
import { nodeSnippet, resultsCsv, resultsJson } from './export.js';
// uqkit's report charts (Observable Plot, static SVG): the same chart code as the HTML report.
import { convergenceChart, sobolBarsChart } from '../../../build/report/charts/index.js';

const $ = (id) => document.getElementById(id);
const form = $('form'), runBtn = $('run'), cancelBtn = $('cancel'), status = $('status'), errorBox = $('error'), result = $('result'), progressBar = $('progress');
const PI_TEXT = { '-3.141592653589793': '-pi', '3.141592653589793': 'pi' };

// ---- errors: always on the page, never a blank page -----------------------------------------
function showError(message, field) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  document.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
  const target = field && fieldElement(field);
  if (target) target.classList.add('invalid');
  result.dataset.state = 'error';
  result.hidden = true; // results of an earlier run would be mistaken for this one's
  markStale(false);
}
function clearError() {
  errorBox.hidden = true;
  errorBox.textContent = '';
  document.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
}
function fieldElement(field) {
  const m = /^dist-(\d+)$/.exec(field);
  if (m) return document.querySelector(`#inputs tr[data-i="${m[1]}"]`);
  return { expression: $('expression'), a: model() === 'gfunction' ? $('g-a') : $('ishigami-a'), b: $('ishigami-b'), n: $('n'), degree: $('degree'), seed: $('seed'), resamples: $('resamples'), confidence: $('confidence') }[field];
}
window.addEventListener('error', (e) => showError(`Unexpected error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => showError(`Unexpected error: ${e.reason?.message ?? e.reason}`));

// ---- form -----------------------------------------------------------------------------------
const model = () => form.elements.model.value;
const method = () => form.elements.method.value;

for (let k = 6; k <= 18; k++) $('n').append(new Option(`2^${k} = ${(2 ** k).toLocaleString('en')}`, String(2 ** k)));
$('n').value = String(2 ** 14);

function modelDim() {
  if (model() === 'ishigami') return 3;
  if (model() === 'gfunction') return Math.max(1, $('g-a').value.split(/[\s,;]+/).filter((s) => s !== '').length);
  return Math.max(1, Math.min(50, Math.floor(Number($('expr-dim').value)) || 1));
}

/** One row per input: distribution and its two parameters; keeps what the user typed when d changes. */
function syncInputs(reset = false) {
  const body = $('inputs').tBodies[0];
  const d = modelDim();
  const def = MODELS[model()].dist;
  if (reset) body.replaceChildren();
  while (body.rows.length > d) body.deleteRow(-1);
  while (body.rows.length < d) {
    const j = body.rows.length;
    const tr = body.insertRow();
    tr.dataset.i = String(j);
    tr.innerHTML = `<td>x${j + 1}</td><td><select class="dist"><option value="uniform">uniform</option><option value="normal">normal</option></select></td>` +
      `<td><input class="p1" type="text" size="10"></td><td><input class="p2" type="text" size="10"></td>`;
    tr.querySelector('.p1').value = PI_TEXT[String(def.low)] ?? String(def.low);
    tr.querySelector('.p2').value = PI_TEXT[String(def.high)] ?? String(def.high);
    tr.querySelector('.dist').addEventListener('change', (e) => {
      const normal = e.target.value === 'normal';
      tr.querySelector('.p1').value = normal ? '0' : String(def.low);
      tr.querySelector('.p2').value = normal ? '1' : String(def.high);
    });
  }
}

function parseNumber(text, what, field) {
  const t = String(text).trim().toLowerCase();
  const m = /^(-?)\s*(\d*\.?\d*)?\s*\*?\s*pi$/.exec(t);
  const v = m ? (m[1] ? -1 : 1) * (m[2] ? Number(m[2]) : 1) * Math.PI : t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw Object.assign(new Error(`${what}: "${text}" is not a number (write e.g. 0.5, -3, 1e-3, pi or -pi)`), { field });
  return v;
}

function readSpec() {
  const dists = [...$('inputs').tBodies[0].rows].map((tr, j) => {
    const kind = tr.querySelector('.dist').value;
    const p1 = parseNumber(tr.querySelector('.p1').value, `Input x${j + 1}: ${kind === 'normal' ? 'mean' : 'low'}`, `dist-${j}`);
    const p2 = parseNumber(tr.querySelector('.p2').value, `Input x${j + 1}: ${kind === 'normal' ? 'std' : 'high'}`, `dist-${j}`);
    return kind === 'normal' ? { dist: 'normal', mean: p1, std: p2 } : { dist: 'uniform', low: p1, high: p2 };
  });
  const params = model() === 'ishigami' ? { a: parseNumber($('ishigami-a').value, 'a', 'a'), b: parseNumber($('ishigami-b').value, 'b', 'b') }
    : model() === 'gfunction' ? { a: $('g-a').value } : { expression: $('expression').value };
  const seed = Number($('seed').value);
  if (!Number.isInteger(seed) || seed < 0) throw Object.assign(new Error(`seed: expected an integer >= 0, got "${$('seed').value}"`), { field: 'seed' });
  const resamples = Number($('resamples').value);
  if (method() === 'saltelli' && (!Number.isInteger(resamples) || resamples < 0 || resamples > 100000)) throw Object.assign(new Error(`bootstrap resamples: expected an integer from 0 to 100000, got "${$('resamples').value}"`), { field: 'resamples' });
  return {
    model: model(), params, dists, method: method(), n: Number($('n').value), seed,
    resamples, confidence: Number($('confidence').value), degree: Number($('degree').value), convergence: $('convergence').checked,
  };
}

function showModel() {
  document.querySelectorAll('.model-params').forEach((e) => { e.hidden = e.dataset.model !== model(); });
  syncInputs(true);
}
function showMethod() {
  document.querySelectorAll('.method-params').forEach((e) => { e.hidden = e.dataset.method !== method(); });
  $('n').value = String(method() === 'pce' ? 2 ** 10 : 2 ** 14);
  $('n-hint').textContent = method() === 'pce' ? 'PCE: N points of an Owen-scrambled Sobol\' sequence; least squares needs N ≥ P = C(d + p, p) terms.'
    : 'Saltelli: N base rows, N(d + 2) model runs; Owen-scrambled Sobol\' points.';
}
form.elements.model.forEach((r) => r.addEventListener('change', showModel));
form.elements.method.forEach((r) => r.addEventListener('change', showMethod));
$('g-a').addEventListener('input', () => syncInputs());
$('expr-dim').addEventListener('input', () => syncInputs());
showModel();
showMethod();

// ---- a run in progress: the previous results marked stale, progress and time left ---------
/** Marks the results on the page as those of the previous run (or unmarks them). */
function markStale(stale) {
  result.classList.toggle('stale', stale);
  $('stale-label').hidden = !stale;
}
let ticker = 0;
/** Seconds as the status shows them: "0.4 s", "12 s", "2 min 5 s". */
const seconds = (t) => (t < 10 ? `${t.toFixed(1)} s` : t < 120 ? `${Math.round(t)} s` : `${Math.floor(t / 60)} min ${Math.round(t % 60)} s`);
/**
 * The status line while a run is going: the worker's step, the fraction done and the time left,
 * estimated as elapsed × (1 − fraction) / fraction at the last progress message and counted down
 * from there between messages.
 */
function showProgress() {
  if (!busy) return;
  const elapsed = (performance.now() - busy.t0) / 1000;
  const { message, fraction, at } = busy.progress;
  progressBar.hidden = false;
  progressBar.value = fraction;
  let left = '';
  if (fraction > 0) {
    const remaining = Math.max(0, (at * (1 - fraction)) / fraction - (elapsed - at));
    status.dataset.remaining = String(remaining);
    left = ` · about ${seconds(remaining)} left`;
  } else {
    delete status.dataset.remaining;
    left = ' · estimating the time left…';
  }
  status.textContent = `${message} · ${Math.round(fraction * 100)} % done${left} (${seconds(elapsed)} so far)`;
}
function stopProgress() {
  clearInterval(ticker);
  progressBar.hidden = true;
  delete status.dataset.remaining;
}

// ---- worker ---------------------------------------------------------------------------------
let worker, busy = null, nextId = 1;
function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  runBtn.disabled = true;
  runBtn.textContent = 'Loading uqkit.wasm…';
  worker.onmessage = ({ data }) => {
    if (data.type === 'ready') {
      runBtn.disabled = false;
      runBtn.textContent = 'Run';
      document.body.dataset.ready = 'true';
      return;
    }
    if (!busy || data.id !== busy.id) return;
    if (data.type === 'progress') {
      busy.progress = { message: data.message, fraction: data.fraction ?? 0, at: (performance.now() - busy.t0) / 1000 };
      showProgress();
      return;
    }
    const { spec, t0 } = busy;
    busy = null;
    stopProgress();
    cancelBtn.disabled = true;
    runBtn.disabled = false;
    if (data.type === 'error') {
      status.textContent = '';
      showError(data.error.message, data.error.field);
    } else {
      status.textContent = `done in ${(performance.now() - t0).toFixed(0)} ms`;
      render(spec, data.result, data.ms);
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    busy = null;
    stopProgress();
    markStale(false);
    cancelBtn.disabled = true;
    runBtn.textContent = 'Run';
    showError(`The worker failed: ${e.message || 'could not load uqkit/browser or uqkit.wasm'} — reload the page; serve the demo over http (npm run demo), not from a file.`);
  };
}
startWorker();

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (busy) return;
  clearError();
  let spec;
  try {
    spec = readSpec();
  } catch (err) {
    showError(err.message, err.field);
    return;
  }
  busy = { id: nextId++, spec, t0: performance.now(), progress: { message: 'starting', fraction: 0, at: 0 } };
  markStale(!result.hidden);
  result.dataset.state = 'running';
  runBtn.disabled = true;
  cancelBtn.disabled = false;
  showProgress();
  ticker = setInterval(showProgress, 250);
  worker.postMessage({ id: busy.id, spec });
});
cancelBtn.addEventListener('click', () => {
  worker.terminate();
  busy = null;
  stopProgress();
  markStale(false); // what is shown is again the last finished run, as its title says
  cancelBtn.disabled = true;
  status.textContent = 'cancelled';
  result.dataset.state = 'cancelled';
  startWorker();
});

// ---- results --------------------------------------------------------------------------------
const f4 = (v) => (v === undefined || v === null ? '' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4));
/** A table cell showing v rounded, with every bit of it in data-value (shortest round-trip decimal). */
function cell(v, key, i) {
  const td = document.createElement('td');
  td.textContent = f4(v);
  if (v !== undefined) {
    td.dataset.value = String(v);
    td.dataset.key = key;
    if (i !== undefined) td.dataset.i = String(i);
  }
  return td;
}
function row(table, cells, header = false) {
  const tr = table.insertRow();
  for (const c of cells) {
    if (c instanceof HTMLElement) tr.append(c);
    else { const e = document.createElement(header ? 'th' : 'td'); e.textContent = c; tr.append(e); }
  }
  return tr;
}

/** The width the charts are drawn at: their container's, at most 900 px (the SVG scales with the page). */
const chartWidth = (box) => Math.max(280, Math.min(900, Math.floor(box.clientWidth || 640)));
let downloads = [];

function render(spec, r, ms) {
  r.confidence = spec.confidence;
  const label = MODELS[spec.model].label;
  const ci = r.firstLow !== undefined;
  const pct = `${Math.round(spec.confidence * 1000) / 10}%`;
  result.hidden = false; // laid out before the charts measure their width
  $('result-title').textContent = `${label}, ${r.method === 'pce' ? `PCE of degree ${spec.degree} (${r.terms} terms)` : `Saltelli, ${spec.resamples} bootstrap resamples`}, N = 2^${Math.log2(r.n)} (${r.runs.toLocaleString('en')} model runs), seed ${spec.seed}`;
  document.querySelectorAll('#explain [data-method]').forEach((e) => { e.hidden = e.dataset.method !== r.method; });

  const names = r.first.map((_, j) => `x${j + 1}`);
  const ctx = { document, width: chartWidth($('bars')) };
  $('bars').innerHTML = sobolBarsChart(names.map((param, j) => ({ param, first: r.first[j], total: r.total[j], firstConf: r.firstConf?.[j], totalConf: r.totalConf?.[j] })), ctx,
    { title: `Sobol' indices per input${ci ? ` (whiskers: ${pct} bootstrap intervals, ± z·sd)` : ''}` });

  // One row per index and input: fits a phone's width, with the interval and the exact value beside the estimate.
  const t = $('indices');
  t.replaceChildren();
  row(t, ['index', 'input', 'estimate', ...(ci ? [`${pct} low`, `${pct} high`] : []), ...(r.analytic ? ['exact'] : [])], true);
  for (const [key, est, lo, hi, exact] of [['S', r.first, r.firstLow, r.firstHigh, r.analytic?.first], ['ST', r.total, r.totalLow, r.totalHigh, r.analytic?.total]]) {
    for (let j = 0; j < est.length; j++) {
      row(t, [key, names[j], cell(est[j], key, j), ...(ci ? [cell(lo[j], `${key}_low`, j), cell(hi[j], `${key}_high`, j)] : []), ...(exact ? [cell(exact[j], `${key}_exact`, j)] : [])]);
    }
  }

  const m = $('moments');
  m.replaceChildren();
  row(m, ['', 'estimate', ...(r.analytic ? ['exact'] : [])], true);
  row(m, ['mean', cell(r.mean, 'mean'), ...(r.analytic ? [cell(r.analytic.mean, 'mean_exact')] : [])]);
  row(m, ['variance', cell(r.variance, 'variance'), ...(r.analytic ? [cell(r.analytic.variance, 'variance_exact')] : [])]);
  row(m, ['std', cell(Math.sqrt(r.variance), 'std'), ...(r.analytic ? [cell(Math.sqrt(r.analytic.variance), 'std_exact')] : [])]);
  if (r.method === 'pce') {
    row(m, ['LOO error', cell(r.loo, 'loo')]);
    row(m, ['terms P', String(r.terms)]);
    row(m, ['solver', r.solver]);
  }

  // Downloads and the Node script of this run.
  downloads.forEach((u) => URL.revokeObjectURL(u));
  const base = `uqkit-${spec.model}-${spec.method}-n${spec.n}-seed${spec.seed}`;
  const link = (id, text, type, ext) => {
    const a = $(id), url = URL.createObjectURL(new Blob([text], { type }));
    a.href = url;
    a.download = `${base}.${ext}`;
    downloads.push(url);
  };
  downloads = [];
  link('download-json', resultsJson(spec, r), 'application/json', 'json');
  link('download-csv', resultsCsv(spec, r), 'text/csv', 'csv');
  $('snippet').firstElementChild.textContent = nodeSnippet(spec);

  const conv = $('convergence-plot');
  if (r.convergence.length >= 2) {
    const xLabel = r.method === 'pce' ? 'N (points)' : 'N (base rows)';
    const points = (key, conf) => r.convergence.map((p) => ({
      runs: p.n, values: Object.fromEntries(names.map((n, j) => [n, p[key][j]])), ...(p[conf] ? { conf: Object.fromEntries(names.map((n, j) => [n, p[conf][j]])) } : {}),
    }));
    const c2 = { document, width: chartWidth(conv) };
    const band = ci ? ` (bands: ${pct} bootstrap, ± z·sd)` : '';
    conv.innerHTML = convergenceChart(points('first', 'firstConf'), c2, { title: `First-order S as N doubles${band}`, xLabel, yLabel: 'S', sobol: true }) +
      convergenceChart(points('total', 'totalConf'), c2, { title: `Total-order ST as N doubles${band}`, xLabel, yLabel: 'ST', sobol: true });
  } else {
    conv.innerHTML = '<p class="hint">Not enough sizes for a convergence plot: tick "convergence as N doubles" and choose N at least twice the smallest size.</p>';
  }
  const c = $('convergence-table');
  c.replaceChildren();
  if (r.convergence.length > 0) {
    row(c, ['N', 'model runs', ...(r.analytic ? ['max |S − exact|', 'max |ST − exact|'] : []), ...(r.method === 'pce' ? ['LOO error'] : []), 'ms'], true);
    for (const p of r.convergence) {
      const err = (key) => Math.max(...p[key].map((v, j) => Math.abs(v - r.analytic[key][j])));
      row(c, [String(p.n), p.runs.toLocaleString('en'), ...(r.analytic ? [err('first').toExponential(1), err('total').toExponential(1)] : []), ...(r.method === 'pce' ? [p.loo.toExponential(2)] : []), p.ms.total.toFixed(1)]);
    }
  }
  const tm = $('timing');
  tm.dataset.ms = String(r.ms.total);
  tm.dataset.msAll = String(ms);
  tm.textContent = `In the worker: ${r.ms.total.toFixed(1)} ms at N = ${r.n} (points ${r.ms.design.toFixed(1)} ms, model ${r.ms.model.toFixed(1)} ms, ` +
    `${r.method === 'pce' ? 'fit and indices' : 'indices and bootstrap'} ${r.ms.analysis.toFixed(1)} ms); ${ms.toFixed(0)} ms with the convergence runs.`;
  markStale(false);
  result.dataset.state = 'done';
}

$('copy-snippet').addEventListener('click', async () => {
  const text = $('snippet').textContent;
  try {
    await navigator.clipboard.writeText(text);
    $('copy-snippet').textContent = 'Copied';
  } catch {
    // no clipboard (an http page other than localhost): select the text for Ctrl-C
    getSelection().selectAllChildren($('snippet'));
    $('copy-snippet').textContent = 'Selected: press Ctrl-C';
  }
  setTimeout(() => { $('copy-snippet').textContent = 'Copy the Node script'; }, 2000);
});
