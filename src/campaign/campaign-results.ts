// Results as columns (parameters, numeric and vector quantities, others) and as CSV or JSON text.
import { InvalidArgumentError } from '../core/errors.js';
import type { JsonValue } from '../core/identity.js';
import type { ParamSpecs } from '../space/params.js';
import { isRecord } from './campaign-config.js';
import type { ResultColumns } from './campaign-types.js';
import type { ResultRecord } from './store.js';

/** The results of `rows` as columns (see ResultColumns), parameters in the order of `specs`. */
export function resultColumns(rows: readonly ResultRecord[], specs: ParamSpecs): ResultColumns {
  const n = rows.length;
  const ids = new Int32Array(n);
  const params: Record<string, Float64Array | string[] | boolean[]> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type === 'float' || spec.type === 'integer') {
      const col = new Float64Array(n);
      rows.forEach((r, i) => (col[i] = typeof r.params[name] === 'number' ? (r.params[name] as number) : NaN));
      params[name] = col;
    } else if (spec.type === 'string') {
      params[name] = rows.map((r) => (typeof r.params[name] === 'string' ? (r.params[name] as string) : String(r.params[name] ?? spec.default)));
    } else {
      params[name] = rows.map((r) => (typeof r.params[name] === 'boolean' ? (r.params[name] as boolean) : spec.default));
    }
  }
  const qois = rows.map((r) => (isRecord(r.outputs) ? r.outputs : r.outputs === null ? {} : { value: r.outputs }) as Record<string, JsonValue>);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const q of qois) for (const k of Object.keys(q)) if (!seen.has(k)) (seen.add(k), names.push(k));
  const outputs: Record<string, Float64Array | Float64Array[]> = {};
  const other: Record<string, JsonValue[]> = {};
  for (const name of names) {
    const values = qois.map((q) => q[name]);
    const present = values.filter((v) => v !== undefined && v !== null);
    if (present.every((v) => typeof v === 'number')) {
      outputs[name] = Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
    } else if (present.every((v) => Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null))) {
      outputs[name] = values.map((v) => (Array.isArray(v) ? Float64Array.from(v as (number | null)[], (x) => (x === null ? NaN : x)) : new Float64Array(0)));
    } else {
      other[name] = values.map((v) => (v === undefined ? null : v));
    }
  }
  rows.forEach((r, i) => (ids[i] = r.id));
  return { ids, params, outputs, other };
}

/**
 * The results as CSV or JSON text (see Campaign.export).
 *
 * @throws InvalidArgumentError for a quantity named like a parameter or `id`
 */
export function resultsText(cols: ResultColumns, format: 'csv' | 'json'): string {
  const paramNames = Object.keys(cols.params);
  const qoiNames = [...Object.keys(cols.outputs), ...Object.keys(cols.other)];
  for (const q of qoiNames) {
    if (q === 'id' || paramNames.includes(q)) throw new InvalidArgumentError({ field: `outputs.${q}`, value: q, expected: 'a quantity name other than `id` and the parameter names (the export has one column per name)' });
  }
  const n = cols.ids.length;
  let text: string;
  if (format === 'json') {
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = { id: cols.ids[i] };
      for (const p of paramNames) row[p] = cols.params[p]![i];
      for (const [q, c] of Object.entries(cols.outputs)) row[q] = c instanceof Float64Array ? c[i] : Array.from(c[i]!);
      for (const [q, c] of Object.entries(cols.other)) row[q] = c[i];
      rows.push(row);
    }
    text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n';
  } else {
    const header = ['id', ...paramNames];
    const getters: ((i: number) => unknown)[] = [(i) => cols.ids[i], ...paramNames.map((p) => (i: number) => cols.params[p]![i])];
    for (const [q, c] of Object.entries(cols.outputs)) {
      if (c instanceof Float64Array) {
        header.push(q);
        getters.push((i) => c[i]);
      } else {
        const width = c.reduce((m, v) => Math.max(m, v.length), 0);
        for (let j = 0; j < width; j++) {
          header.push(`${q}[${j}]`);
          getters.push((i) => c[i]![j]);
        }
      }
    }
    for (const [q, c] of Object.entries(cols.other)) {
      header.push(q);
      getters.push((i) => c[i]);
    }
    const lines = [header.map(cell).join(',')];
    for (let i = 0; i < n; i++) lines.push(getters.map((g) => cell(g(i))).join(','));
    text = lines.join('\n') + '\n';
  }
  return text;
}

/** A CSV cell (RFC 4180 quoting when needed). */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
