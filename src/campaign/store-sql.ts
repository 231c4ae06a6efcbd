// Pieces of SQL the store's queries are built from: bound lists in chunks, the sampler filter
// and the where clauses on parameter values.
import { InvalidArgumentError } from '../core/errors.js';

/** The most variables one statement binds; SQLite's limit is 32766 since 3.32. */
export const CHUNK = 500;

/** Runs drawn by the samplers whose ids are bound as a JSON array. */
export const samplersClause = 'id IN (SELECT run_id FROM run_samplers WHERE sampler_id IN (SELECT value FROM json_each(?)))';

export function marks(list: readonly unknown[]): string {
  return list.map(() => '?').join(', ');
}

export function* chunks<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += CHUNK) yield list.slice(i, i + CHUNK);
}

const COMPARISONS = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

export function whereClause(name: string, cond: unknown, clauses: string[], args: unknown[]): void {
  const field = `query.where.${name}`;
  // The JSON path of a key: $."name" (SQLite has no escape for '"' inside a quoted label).
  if (name.includes('"')) throw new InvalidArgumentError({ field, value: name, expected: 'a parameter name without a double quote' });
  const path = `$."${name}"`;
  const ops: [keyof typeof COMPARISONS, unknown][] =
    cond !== null && typeof cond === 'object' && !Array.isArray(cond) ? (Object.entries(cond) as [keyof typeof COMPARISONS, unknown][]) : [['eq', cond]];
  if (ops.length === 0) throw new InvalidArgumentError({ field, value: cond, expected: 'a value or an object of comparisons (eq, ne, gt, gte, lt, lte)' });
  for (const [op, value] of ops) {
    if (!(op in COMPARISONS)) throw new InvalidArgumentError({ field: `${field}.${op}`, value, expected: 'one of the comparisons eq, ne, gt, gte, lt, lte' });
    const at = cond !== null && typeof cond === 'object' ? `${field}.${op}` : field;
    const ordered = op !== 'eq' && op !== 'ne';
    if (typeof value === 'boolean' && !ordered) {
      // A boolean is told by its JSON type alone; ne matches the other boolean only.
      clauses.push(`json_type(params, ?) = '${(op === 'eq') === value ? 'true' : 'false'}'`);
      args.push(path);
      continue;
    }
    let kind: string;
    if (typeof value === 'number' && Number.isFinite(value)) kind = `IN ('integer', 'real')`;
    else if (typeof value === 'string') kind = `= 'text'`;
    else throw new InvalidArgumentError({ field: at, value, expected: ordered ? 'a finite number or a string' : 'a finite number, a string or a boolean' });
    // Only values of the same kind compare (SQLite would otherwise order every number below every string).
    clauses.push(`(json_type(params, ?) ${kind} AND json_extract(params, ?) ${COMPARISONS[op]} ?)`);
    args.push(path, path, value);
  }
}
