// The page: reads the form, sends the analysis to the worker, draws what comes back.
import { MODELS } from './models.js';
import { convergencePlot, indexBars } from './plots.js';

const $ = (id) => document.getElementById(id);
const form = $('form'), runBtn = $('run'), cancelBtn = $('cancel'), status = $('status'), errorBox = $('error'), result = $('result');
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
    if (data.type === 'progress') { status.textContent = data.message; return; }
    const { spec, t0 } = busy;
    busy = null;
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
  busy = { id: nextId++, spec, t0: performance.now() };
  result.dataset.state = 'running';
  runBtn.disabled = true;
  cancelBtn.disabled = false;
  status.textContent = 'running…';
  worker.postMessage({ id: busy.id, spec });
});
cancelBtn.addEventListener('click', () => {
  worker.terminate();
  busy = null;
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

function render(spec, r, ms) {
  r.confidence = spec.confidence;
  const label = MODELS[spec.model].label;
  $('result-title').textContent = `${label}, ${r.method === 'pce' ? `PCE of degree ${spec.degree} (${r.terms} terms)` : `Saltelli, ${spec.resamples} bootstrap resamples`}, N = 2^${Math.log2(r.n)} (${r.runs.toLocaleString('en')} model runs), seed ${spec.seed}`;
  $('bars').replaceChildren(indexBars(r));

  const t = $('indices');
  t.replaceChildren();
  const ci = r.firstLow !== undefined;
  row(t, ['input', 'S', ...(ci ? ['S low', 'S high'] : []), ...(r.analytic ? ['S exact'] : []), 'ST', ...(ci ? ['ST low', 'ST high'] : []), ...(r.analytic ? ['ST exact'] : [])], true);
  for (let j = 0; j < r.first.length; j++) {
    row(t, [`x${j + 1}`, cell(r.first[j], 'S', j), ...(ci ? [cell(r.firstLow[j], 'S_low', j), cell(r.firstHigh[j], 'S_high', j)] : []), ...(r.analytic ? [cell(r.analytic.first[j], 'S_exact', j)] : []),
      cell(r.total[j], 'ST', j), ...(ci ? [cell(r.totalLow[j], 'ST_low', j), cell(r.totalHigh[j], 'ST_high', j)] : []), ...(r.analytic ? [cell(r.analytic.total[j], 'ST_exact', j)] : [])]);
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

  $('convergence-plot').replaceChildren(convergencePlot(r));
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
  result.hidden = false;
  result.dataset.state = 'done';
}
