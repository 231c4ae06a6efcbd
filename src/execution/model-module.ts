// A model's module imported in a worker thread: the function it exports under the name asked
// for, or one line saying why there is none (posted to the main thread, which then stops its
// pool and tells the user).
import { thrownLine } from './failure-reason.js';

/** The function `exportName` of the module at `url`, or why there is none. */
export async function importModel<F>(url: string, exportName: string): Promise<F | string> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    return `cannot import it: ${thrownLine(e)}`;
  }
  const fn = mod[exportName];
  if (typeof fn === 'function') return fn as F;
  const names = Object.keys(mod);
  return `its export ${JSON.stringify(exportName)} is ${fn === undefined ? 'missing' : `a ${typeof fn}, not a function`} (exports: ${names.length ? names.join(', ') : 'none'})`;
}
