// Files the command line reads, where `-` stands for standard input: read whole, once (a
// second read of `-` gets the same text), with one-line errors naming the file.
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';

/** How standard input is named in messages. */
export const STDIN_NAME = '<stdin>';

let stdinText: string | undefined;

/** The text of `path` (`-`: standard input, read to its end on first use), as UTF-8. */
export function readInput(path: string, what: string): string {
  if (path === '-') {
    if (stdinText === undefined) {
      try {
        stdinText = readFileSync(0, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // a terminal or a closed descriptor: nothing was piped in
        if (code === 'EAGAIN' || code === 'EOF' || code === 'EBADF') stdinText = '';
        else throw new CliError(`cannot read the ${what} from standard input: ${(e as Error).message}`);
      }
    }
    return stdinText;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the ${what}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : code === 'EACCES' ? ': permission denied' : `: ${(e as Error).message}`}`, { file: path });
  }
}

/** The name of `path` in messages: `<stdin>` for `-`. */
export const inputName = (path: string): string => (path === '-' ? STDIN_NAME : path);

/**
 * Checks that at most one of the named options reads standard input (`-`): it can be read only
 * once. `given` maps an option's name as the user wrote it (e.g. `-p/--paramfile`) to its value.
 */
export function oneStdin(given: Readonly<Record<string, string | undefined>>): void {
  const dashes = Object.entries(given).filter(([, v]) => v === '-').map(([k]) => k);
  if (dashes.length > 1) throw new CliError(`${dashes.slice(0, -1).join(', ')} and ${dashes.at(-1)} ${dashes.length === 2 ? 'both' : 'all'} read standard input (-); only one of them can: give the other${dashes.length > 2 ? 's as files' : ' as a file'}`);
}
