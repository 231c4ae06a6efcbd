// The code blocks of README.md and docs/**/*.md run as a reader would run them (see
// test/doc-blocks.ts for the info strings): every ```js block as an ES module importing the
// built package, every `uqkit` (and `node`) line of an ```sh block with the built CLI, in order, in one
// working directory per document; a following ```text output block must match what it printed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  REPO, RUN_LANGS, SHOWN_LANGS, allBlocks, blocksOf, docFiles, flag, isFile, isNoRun, isOutput, isRunLine, outputMatches,
  prepareRoot, runBlock, runs, shLines, where, writeBlockFile, type Block,
} from './doc-blocks.js';

/** At most this many blocks of a runnable language may be marked no-run. */
const MAX_NO_RUN = 12;

const root = mkdtempSync(join(tmpdir(), 'uqkit-docs-'));
const { bin } = prepareRoot(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const blocks = allBlocks();

/** The anchors of a Markdown text's headings, as GitHub makes them (lower case, punctuation dropped, spaces to -, -1 -2 for repeats). */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const slug = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}
const tail = (s: string): string => s.split('\n').slice(-25).join('\n');

describe('the documentation', () => {
  it('has blocks of known kinds only: js or sh (run), or text, yaml, json, console, python, csv or none (shown)', () => {
    const known = [...RUN_LANGS, ...SHOWN_LANGS] as readonly string[];
    const unknown = blocks.filter((b) => !known.includes(b.lang) && !isNoRun(b) && !isFile(b));
    expect(unknown.map((b) => `${where(b)}: \`\`\`${b.lang}`), 'mark each js, sh, text, ... or add no-run').toEqual([]);
  });

  it('puts an output block only after a block that runs', () => {
    const bad = blocks.filter((b, i) => isOutput(b) && !(i > 0 && blocks[i - 1]!.file === b.file && runs(blocks[i - 1]!)));
    expect(bad.map(where)).toEqual([]);
  });

  it(`marks at most ${MAX_NO_RUN} blocks no-run`, () => {
    const noRun = blocks.filter((b) => (RUN_LANGS as readonly string[]).includes(b.lang) && isNoRun(b));
    console.log(`blocks: ${blocks.length}; run: ${blocks.filter(runs).length}; no-run: ${noRun.length}\n${noRun.map((b) => `  ${where(b)} \`\`\`${b.lang} ${b.flags.join(' ')}`).join('\n')}`);
    expect(noRun.length).toBeLessThanOrEqual(MAX_NO_RUN);
  });

  it('links to files that exist, and to headings they have', () => {
    const broken: string[] = [];
    for (const file of docFiles()) {
      const text = readFileSync(join(REPO, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const [target, anchor] = m[1]!.split('#') as [string, string | undefined];
        // web addresses and folders (a listing) are not checked
        if (/^[a-z]+:/.test(target) || target.endsWith('/')) continue;
        const path = target === '' ? join(REPO, file) : join(REPO, dirname(file), target);
        if (!existsSync(path)) broken.push(`${file}: ${m[1]} (no such file)`);
        else if (anchor !== undefined && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(anchor)) broken.push(`${file}: ${m[1]} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the harness', () => {
  const cwd = join(root, 'harness');
  mkdirSync(cwd);
  const doc = (text: string): Block[] => blocksOf(text, 'test.md');

  it('fails a js block that uses a name it did not import', () => {
    const [b] = doc("```js\nimport { sobol } from 'uqkit';\nsweep({ a: [1, 2] });\n```\n");
    const [r] = runBlock(b!, cwd, bin);
    expect(r!.status).not.toBe(0);
    expect(r!.output).toMatch(/ReferenceError: sweep is not defined/);
  });

  it('runs a js block against the built package', () => {
    const [b] = doc("- a list item:\n\n  ```js\n  import { sobol } from 'uqkit';\n  console.log(sobol(4, 1).data.join(' '));\n  ```\n");
    const [r] = runBlock(b!, cwd, bin);
    expect(r).toMatchObject({ status: 0, output: '0 0.5 0.75 0.25\n' });
  });

  it('runs the uqkit and node lines of an sh block and sees their exit status', () => {
    const [b] = doc('```sh\nnpm install uqkit     # not run\nuqkit --version\nuqkit analyze nosuch   # bad usage\n```\n');
    expect(shLines(b!.code)).toEqual(['npm install uqkit', 'uqkit --version', 'uqkit analyze nosuch']);
    const ran = runBlock(b!, cwd, bin);
    expect(ran.map((r) => [r.what, r.status])).toEqual([['uqkit --version', 0], ['uqkit analyze nosuch', 2]]);
    expect(isRunLine('UQKIT_MEMORY_BUDGET=16G uqkit run c.yaml')).toBe(true);
    expect(isRunLine('node model.mjs')).toBe(true);
    expect(isRunLine('./my-model X.txt > Y.txt')).toBe(false);
    expect(isRunLine('npm start')).toBe(false);
    expect(isRunLine("printf 'x1 0 1\\n' > problem.txt")).toBe(true);
    expect(isRunLine("awk '{ print $1 }' x.txt > y.txt")).toBe(true);
  });

  it('compares output with ... as a wildcard', () => {
    expect(outputMatches('a\n...\nd', 'a\nb\nc\nd  \n')).toBe(true);
    expect(outputMatches('x = ...', 'x = 1.5')).toBe(true);
    expect(outputMatches('a\nd', 'a\nb\nd')).toBe(false);
    expect(outputMatches('1.5', '1.50')).toBe(false);
  });

  it('reads info strings: file=, exit=, no-run, output', () => {
    const [f, o] = doc('```text file=p.txt\nx 0 1\n```\n\n```text output\nhi\n```\n');
    expect([flag(f!, 'file'), isFile(f!), isOutput(o!), runs(o!)]).toEqual(['p.txt', true, true, false]);
  });
});

for (const file of docFiles()) {
  const mine = blocks.filter((b) => b.file === file);
  const live = (b: Block): boolean => runs(b) && (b.lang === 'js' || shLines(b.code).some(isRunLine));
  if (!mine.some((b) => live(b) || isFile(b))) continue;
  describe(file, () => {
    const cwd = join(root, file.replace(/[^A-Za-z0-9]+/g, '-'));
    mkdirSync(cwd);
    mine.forEach((b, i) => {
      if (isFile(b) && !isNoRun(b)) {
        it(`${where(b)} writes ${flag(b, 'file')}`, () => writeBlockFile(b, cwd));
        return;
      }
      if (!live(b)) return;
      const out = mine[i + 1] && isOutput(mine[i + 1]!) ? mine[i + 1] : undefined;
      it(`${where(b)} runs (\`\`\`${b.lang})`, () => {
        const ran = runBlock(b, cwd, bin);
        for (const r of ran) expect(r.status, `${where(b)}: ${r.what} exited with ${r.status}, expected ${r.expected}:\n${tail(r.output)}`).toBe(r.expected);
        if (out) {
          const last = ran[ran.length - 1]!;
          expect(outputMatches(out.code, last.output), `${where(b)}: ${last.what} printed\n${last.output}\nnot what ${where(out)} shows:\n${out.code}`).toBe(true);
        }
      });
    });
  });
}
