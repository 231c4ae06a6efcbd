// The fenced code blocks of the Markdown documentation, and how test/docs.test.ts runs them.
//
// Info strings (the words after the opening fence) say what a block is:
//   ```js            an ES module, run with node; 'uqkit', 'uqkit/browser' and 'uqkit/run'
//                    resolve to the built package (a node_modules/uqkit link to the repository)
//   ```sh            command lines; a line whose command is `uqkit` or `node` (after any
//                    VAR=value assignments) runs through bash, with the built CLI as `uqkit`;
//                    other lines (npm, ./my-model, ...) are not run
//   ```text ```yaml ```json ```console ```python ```csv, or ``` alone    shown, never run
//   ... no-run       a block of a runnable language that cannot run in a test (Slurm, a page's
//                    HTML, a bundler); counted and listed, so that they stay few
//   ... file=NAME    the block's text is written to NAME in the document's working directory
//                    (a problem file, a model module) for the blocks after it; not run itself
//   ... exit=N       the `uqkit` lines of an sh block are expected to exit with status N (default 0)
//   ... output       what the block before it prints (stdout and stderr together, the last
//                    line's that ran for sh); `...` stands for any text, also several lines
// The blocks of one document run in order in one working directory, as a reader would type them.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (the package that the snippets import as 'uqkit'). */
export const REPO = fileURLToPath(new URL('..', import.meta.url));

/** Languages that run. */
export const RUN_LANGS = ['js', 'sh'] as const;
/** Languages that are shown and never run ('': a block without an info string). */
export const SHOWN_LANGS = ['text', 'yaml', 'json', 'console', 'python', 'csv', ''] as const;

export interface Block {
  /** The Markdown file, relative to the repository. */
  readonly file: string;
  /** Line of the opening fence (1-based). */
  readonly line: number;
  /** First word of the info string, lower case ('' when none). */
  readonly lang: string;
  /** The other words of the info string. */
  readonly flags: readonly string[];
  readonly code: string;
}

/** The value of a `key=value` flag, if given. */
export function flag(block: Block, key: string): string | undefined {
  const f = block.flags.find((w) => w.startsWith(`${key}=`));
  return f === undefined ? undefined : f.slice(key.length + 1);
}

/** Where a block is, for messages: README.md:42. */
export const where = (b: Block): string => `${b.file}:${b.line}`;

/** The fenced code blocks of a Markdown text, also those indented inside list items. */
export function blocksOf(text: string, file: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^(\s*)(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[2]![0] === fence[0] && close[2]!.length >= fence.length) break;
      // the block's indentation (inside a list item) is not part of the code
      const l = lines[j]!;
      let k = 0;
      while (k < indent.length && l[k] === ' ') k++;
      body.push(l.slice(k));
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: a code block that is never closed`);
    const words = info.trim().split(/\s+/).filter((w) => w !== '');
    out.push({ file, line: i + 1, lang: (words[0] ?? '').toLowerCase(), flags: words.slice(1), code: `${body.join('\n')}\n` });
    i = j;
  }
  return out;
}

/** README.md and every docs/**\/*.md, relative to the repository, README first. */
export function docFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(REPO, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.md')) found.push(join(dir, e.name));
    }
  };
  walk('docs');
  return ['README.md', ...found];
}

/** Every block of the documentation. */
export function allBlocks(): Block[] {
  return docFiles().flatMap((f) => blocksOf(readFileSync(join(REPO, f), 'utf8'), f));
}

export const isNoRun = (b: Block): boolean => b.flags.includes('no-run');
export const isOutput = (b: Block): boolean => b.flags.includes('output');
export const isFile = (b: Block): boolean => flag(b, 'file') !== undefined;
/** A block that the test runs. */
export const runs = (b: Block): boolean => (RUN_LANGS as readonly string[]).includes(b.lang) && !isNoRun(b) && !isFile(b) && !isOutput(b);

/**
 * A root folder for the documents' working directories, where 'uqkit' resolves to the
 * repository, `uqkit` runs the built CLI, and the blocks' temporary files go (root/tmp, their
 * TMPDIR), so that removing the root removes everything they made.
 */
export function prepareRoot(root: string): { bin: string } {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  mkdirSync(join(root, 'tmp'));
  symlinkSync(REPO, join(root, 'node_modules', 'uqkit'), 'dir');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'uqkit'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'build', 'cli', 'main.js')}" "$@"\n`);
  chmodSync(join(bin, 'uqkit'), 0o755);
  return { bin };
}

export interface Ran {
  /** What ran (the module's name, or the command line). */
  readonly what: string;
  readonly status: number | null;
  readonly expected: number;
  /** stdout and stderr, interleaved as written. */
  readonly output: string;
}

/** The logical lines of an sh block: continuations joined, comments and blank lines dropped. */
export function shLines(code: string): string[] {
  const out: string[] = [];
  let acc = '';
  for (const raw of code.split('\n')) {
    const l = stripComment(raw);
    if (/\\\s*$/.test(l)) {
      acc += `${l.replace(/\\\s*$/, '')} `;
      continue;
    }
    const full = (acc + l).trim();
    acc = '';
    if (full !== '') out.push(full);
  }
  return out;
}

/** A line without its trailing `# comment` (a # at the start of a word, outside quotes). */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd();
  }
  return line;
}

/**
 * Whether a command line runs `uqkit`, `node` or one of the POSIX text tools the examples use
 * to make and read files (printf, echo, awk, cat, head, tail, sed, sort, paste, seq, wc), after
 * any VAR=value assignments: the lines of an sh block that run. Others (npm, sbatch) are shown
 * only.
 */
export function isRunLine(line: string): boolean {
  return /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:uqkit|node|printf|echo|awk|cat|head|tail|sed|sort|paste|seq|wc)(?:\s|$)/.test(line);
}

/** Runs a block in `cwd` (the document's working directory), with `bin` from prepareRoot: one result per command run. */
export function runBlock(b: Block, cwd: string, bin: string): Ran[] {
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TMPDIR: join(dirname(bin), 'tmp'), NO_COLOR: '1' };
  const expected = Number(flag(b, 'exit') ?? 0);
  if (b.lang === 'js') {
    const file = join(cwd, `.doc-${b.file.replace(/[^A-Za-z0-9]+/g, '-')}-${b.line}.mjs`);
    writeFileSync(file, b.code);
    const r = spawnSync(process.execPath, [file], { cwd, env, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return [{ what: relative(cwd, file), status: r.status, expected, output: `${r.stdout}${r.stderr}` }];
  }
  return shLines(b.code).filter(isRunLine).map((line) => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `exec 2>&1\n${line}`], { cwd, env, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return { what: line, status: r.status, expected, output: r.stdout };
  });
}

/** Writes a `file=NAME` block into the working directory. */
export function writeBlockFile(b: Block, cwd: string): void {
  const path = join(cwd, flag(b, 'file')!);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, b.code);
}

/**
 * Whether `actual` is what an output block shows: equal line by line once trailing spaces and
 * blank lines at the ends are dropped, `...` standing for any text (also across lines).
 */
export function outputMatches(expected: string, actual: string): boolean {
  const norm = (s: string): string => s.split('\n').map((l) => l.trimEnd()).join('\n').trim();
  const pattern = norm(expected).split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?');
  return new RegExp(`^${pattern}$`).test(norm(actual));
}
