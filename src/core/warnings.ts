// Warnings go to process.emitWarning in Node (so --no-warnings and 'warning' listeners work)
// and to console.warn elsewhere. No Node import: this module is shared with the browser entry.

export interface UqkitWarning {
  readonly code: string;
  readonly message: string;
}

type EmitWarning = (message: string, options: { type: string; code: string }) => void;

export function warn(code: string, message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: EmitWarning } }).process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, { type: 'UqkitWarning', code });
  else console.warn(`UqkitWarning [${code}]: ${message}`);
}
