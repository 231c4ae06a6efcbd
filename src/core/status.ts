// Kernel status codes (keep in step with assembly/status.ts) and their translation into
// typed errors. A wrapper passes, for each status its kernel can return on bad input, the
// details of the argument concerned; any other non-zero
// status is a KernelError.
import { InvalidArgumentError, KernelError, type UqkitErrorDetails } from './errors.js';

export const Status = {
  OK: 0,
  SIZE: 1,
  DIM: 2,
  BITS: 3,
  INDEX: 4,
  EXHAUSTED: 5,
  POINTER: 6,
  DATA: 7,
  CONVERGE: 8,
  VALUE: 9,
} as const;

export type StatusCode = (typeof Status)[keyof typeof Status];

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(Status).map(([k, v]) => [v, k]));

type Detail = UqkitErrorDetails & { field: string; expected: string };
export type StatusContext = Partial<Record<StatusCode, Detail>>;

/** Throws the error that `status` means in `context`; returns normally for OK. */
export function check(kernel: string, status: number, context: StatusContext = {}): void {
  if (status === Status.OK) return;
  const entry = context[status as StatusCode];
  if (entry) throw new InvalidArgumentError(entry);
  if (status === Status.DATA) throw new KernelError(kernel, 'the embedded data table failed its self-check (corrupt uqkit.wasm?)', status);
  throw new KernelError(kernel, `returned status ${status} (${NAMES[status] ?? 'unknown'})`, status);
}
