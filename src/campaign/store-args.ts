// Checks of the arguments the store's methods share: worker names and id lists.
import { InvalidArgumentError } from '../core/errors.js';
import { integer } from '../core/validate.js';

export function ownerOf(field: string, owner: unknown): string {
  if (typeof owner !== 'string' || owner === '') throw new InvalidArgumentError({ field, value: owner, expected: 'a non-empty string naming the worker, e.g. `${hostname}:${pid}`' });
  return owner;
}

export function idsOf(field: string, ids: unknown): number[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError({ field, value: ids, expected: 'an array of run ids' });
  return ids.map((id, i) => integer(`${field}[${i}]`, id, 1));
}

export function samplerIdsOf(field: string, ids: unknown): number[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError({ field, value: ids, expected: 'an array of sampler ids' });
  return ids.map((id, i) => integer(`${field}[${i}]`, id, 1));
}
