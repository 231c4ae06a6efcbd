// How a sample file was drawn, recorded in its header: `# ...` lines at its top, which SALib
// and numpy.loadtxt skip. `uqkit analyze` reads them back from the sample file (-X) and
// refuses outputs or options that do not fit the design (second order, groups, row count,
// the problem's names), instead of printing indices of the wrong blocks.
import { CliError } from './cli-error.js';

/** A design as its sample file's header describes it. */
export interface Provenance {
  /** The command's method: `saltelli` or `sobol`. */
  readonly method: string;
  /** Base rows N. */
  readonly n: number;
  /** Parameters (columns) d. */
  readonly d: number;
  /** Blocks per base row besides A and B: the number of groups (d without groups). */
  readonly groupCount: number;
  /** Rows of the design: N(G + 2), or N(2G + 2) with second order. */
  readonly rows: number;
  /** Whether the design has the BA blocks (SALib's calc_second_order). */
  readonly secondOrder: boolean;
  /** Row order: `salib` or `block`. */
  readonly layout: 'salib' | 'block';
  /** Where the points came from: `sobol` or `random`. */
  readonly sampler: string;
  /** The Sobol' scramble (`owen`, `lms` or `none`), when sampler is sobol. */
  readonly scramble: string | undefined;
  /** Sobol' points skipped. */
  readonly skip: number | undefined;
  /** The seed (decimal), when there is one. */
  readonly seed: string | undefined;
  /** The problem file as named when sampling. */
  readonly problem: string | undefined;
  /** The parameter names (the columns). */
  readonly names: readonly string[] | undefined;
  /** The group of each parameter, when the problem has groups. */
  readonly groups: readonly string[] | undefined;
}

/** The header lines (without '# ') describing a design. */
export function provenanceHeader(p: Provenance): string[] {
  const fields = [
    `n=${p.n}`, `d=${p.d}`, ...(p.groups ? [`groups=${p.groupCount}`] : []), `rows=${p.rows}`, `second-order=${p.secondOrder}`,
    `layout=${p.layout}`, `sampler=${p.sampler}`,
    ...(p.scramble !== undefined ? [`scramble=${p.scramble}`] : []), ...(p.skip !== undefined ? [`skip=${p.skip}`] : []),
    ...(p.seed !== undefined ? [`seed=${p.seed}`] : []),
  ];
  return [
    `uqkit sample ${p.method}: ${fields.join(' ')}`,
    ...(p.problem !== undefined ? [`problem: ${JSON.stringify(p.problem)}`] : []),
    ...(p.names ? [`names: ${JSON.stringify(p.names)}`] : []),
    ...(p.groups ? [`groups: ${JSON.stringify(p.groups)}`] : []),
  ];
}

/** The design a file's header describes, or undefined for a file without one (a plain table). */
export function readProvenance(text: string, file: string): Provenance | undefined {
  const head: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('#')) break;
    head.push(t.replace(/^#\s?/, ''));
  }
  const first = head.findIndex((h) => /^uqkit sample \w+:/.test(h));
  if (first < 0) return undefined;
  const m = /^uqkit sample (\w+):(.*)$/.exec(head[first]!)!;
  const kv = new Map(m[2]!.trim().split(/\s+/).map((f) => f.split('=') as [string, string]));
  const int = (k: string, need = true): number | undefined => {
    const v = kv.get(k);
    if (v === undefined && !need) return undefined;
    if (v === undefined || !/^\d+$/.test(v)) throw new CliError(`the header "# uqkit sample ..." has ${v === undefined ? `no ${k}=` : `${k}=${v}, not a whole number`}; was it edited? (--no-header files are read as plain tables)`, { file });
    return Number(v);
  };
  const json = (key: string): string[] | undefined => {
    const line = head.find((h) => h.startsWith(`${key}: `));
    if (line === undefined) return undefined;
    try {
      const v = JSON.parse(line.slice(key.length + 2)) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // reported below
    }
    throw new CliError(`the header line "# ${key}: ..." is not a JSON array of names`, { file });
  };
  const problemLine = head.find((h) => h.startsWith('problem: '));
  const d = int('d')!;
  const groups = json('groups');
  return {
    method: m[1]!, n: int('n')!, d, groupCount: int('groups', false) ?? (groups ? new Set(groups).size : d), rows: int('rows')!,
    secondOrder: kv.get('second-order') === 'true', layout: kv.get('layout') === 'block' ? 'block' : 'salib',
    sampler: kv.get('sampler') ?? 'sobol', scramble: kv.get('scramble'), skip: int('skip', false), seed: kv.get('seed'),
    problem: problemLine === undefined ? undefined : problemLine.slice(9).replace(/^"(.*)"$/, '$1'),
    names: json('names'), groups,
  };
}
