// The commands that read a campaign's runs: status, runs (with --where and --status filters)
// and export. They open the store read-only.
import type { RunStatus, ParamCondition, RefinementRecord } from '../campaign/store.js';
import { RUN_STATUSES } from '../campaign/store.js';
import { runDirectory } from '../io/run-dir.js';
import { writeUserFile } from '../io/safe-fs.js';
import { CliError } from './cli-error.js';
import { floatCondition, type Comparison } from './where.js';
import { num } from './number-text.js';
import { args, EXIT } from './campaign-args.js';
import { campaignDir, openView } from './campaign-open.js';
import { livePid } from './pid-file.js';

/** An adaptive stochastic-collocation sampler's spec (checked here without loading the samplers and their numerics). */
const isAdaptiveSpec = (spec: unknown): boolean =>
  typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'sc' && (spec as { grid?: unknown }).grid === 'adaptive';

/** An MCMC sampler's spec (checked without loading the samplers). */
const isMcmcSpec = (spec: unknown): spec is { steps: number } => typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === 'mcmc';

export const STATUS_HELP = `uqkit status DIR [--json]

The campaign in DIR: its runs by state, its samplers, and whether a \`uqkit run\` is working on it.
An adaptive sampler shows its refinement: the last step, the grid's points, the error indicator,
the numbers of old and active indices, and whether refinement goes on or why it stopped.
An MCMC sampler shows its chains: the step they are at (of its steps) and each chain's
acceptance rate so far (--json: mcmc: {steps, of, chains: [{chain, steps, accepted}]}).`;

export function statusCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const { view, config } = openView(dir, 'status');
  try {
    const c = view.counts();
    const pid = livePid(dir);
    const samplers = view.samplers().map((s) => ({
      id: s.id, spec: s.spec, drawn: (s.state as { drawn?: number } | null)?.drawn ?? null,
      // An adaptive sampler's refinement: its last recorded step.
      ...(isAdaptiveSpec(s.spec) ? { refinement: refinementOf(view.store.refinement(s.id)) } : {}),
      // An MCMC sampler's chains: the step reached and the proposals accepted.
      ...(isMcmcSpec(s.spec) ? { mcmc: { steps: view.store.chainProgress(s.id)[0]?.steps ?? null, of: s.spec.steps, chains: view.store.chainProgress(s.id) } } : {}),
    }));
    if (v.json) {
      process.stdout.write(JSON.stringify({ campaign: config.name, dir, counts: c, samplers, runner: pid ?? null }, null, 1) + '\n');
      return EXIT.ok;
    }
    const lines = [`${config.name} (${dir})`, `runs: ${c.total} total` + RUN_STATUSES.filter((s) => c[s] > 0).map((s) => `, ${c[s]} ${s}`).join('')];
    for (const s of samplers) {
      const r = 'refinement' in s ? s.refinement : undefined;
      const refining = r === undefined ? '' : r === null ? ', refinement: not started'
        : `, refinement: step ${r.step}, ${r.points} points, error ${r.error === null ? 'unknown' : r.error.toPrecision(3)}, ${r.old} old and ${r.active} active indices, ${r.stop ? `stopped (${r.stop})` : 'going on'}`;
      const m = 'mcmc' in s ? s.mcmc : undefined;
      const chains = m === undefined ? '' : m.steps === null ? ', chains: not started'
        : `, ${m.chains.length} chains at step ${m.steps} of ${m.of}, acceptance ${m.chains.map((c) => (c.steps > 0 ? c.accepted / c.steps : 0).toFixed(2)).join(' ')}`;
      lines.push(`sampler ${s.id}: ${JSON.stringify(s.spec)}${s.drawn !== null && r === undefined && m === undefined ? `, ${s.drawn} drawn` : ''}${refining}${chains}`);
    }
    lines.push(pid !== undefined ? `a uqkit run (pid ${pid}) is working on it` : 'no uqkit run is working on it');
    process.stdout.write(lines.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    view.close();
  }
}

export const RUNS_HELP = `uqkit runs DIR [--where COND]... [--status STATE]... [--json] [--limit N]

Lists runs: id, state, parameters, and why a run failed. COND compares a parameter with a
value: kappa>=0.05, name=foo, n!=3 (operators = != < <= > >=; several --where must all hold).
STATE is one of ${RUN_STATUSES.join(', ')}.

Float parameters are compared as the table shows them (6 significant digits; 5 in the
exponent form of values below 1e-3 or from 1e5): two floats are equal when they agree to the
digits shown, or to the significant digits of the value given if it has more. kappa=0.3 finds
a kappa stored as 0.1 + 0.2 = 0.30000000000000004 (shown as 0.3), and not 0.300001;
kappa=0.30000001 asks for 8 digits. <= and >= include the equal values, < and > leave them
out. Integer, string and boolean parameters are compared exactly.`;

/**
 * "kappa>=0.05" -> ["kappa", {gte: 0.05}]: the value read as the parameter's type says (a
 * number for float and integer parameters, true/false for boolean ones, the text for string
 * ones), so that a value of the wrong type is an error rather than a filter matching nothing.
 */
export function condition(text: string, params: Readonly<Record<string, unknown>>): [string, ParamCondition | ((x: unknown) => boolean)] {
  const m = /^\s*([^=!<>\s]+)\s*(>=|<=|!=|==|=|<|>)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new CliError(`--where ${JSON.stringify(text)}: expected NAME OP VALUE with OP one of = != < <= > >= (e.g. kappa>=0.05)`);
  const [, name, opText, raw] = m as unknown as [string, string, string, string];
  if (!(name in params)) throw new CliError(`--where: no parameter ${JSON.stringify(name)}; the parameters are ${Object.keys(params).join(', ')}`);
  const type = (params[name] as { type?: unknown }).type;
  let value: number | string | boolean;
  if (type === 'float' || type === 'integer') {
    value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) throw new CliError(`--where ${JSON.stringify(text)}: ${name} is a ${type} parameter: expected a number, got ${JSON.stringify(raw)}`);
  } else if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new CliError(`--where ${JSON.stringify(text)}: ${name} is a boolean parameter: expected true or false, got ${JSON.stringify(raw)}`);
    value = raw === 'true';
  } else value = raw.replace(/^"(.*)"$/, '$1');
  const op = { '=': 'eq', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' }[opText] as Comparison;
  if (op !== 'eq' && op !== 'ne' && typeof value === 'boolean') throw new CliError(`--where ${JSON.stringify(text)}: ${opText} compares numbers or strings, not booleans`);
  if (type === 'float') return [name, floatCondition(op, raw)];
  return [name, { [op]: value } as ParamCondition];
}

export function runsCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, {
    where: { type: 'string', multiple: true }, status: { type: 'string', multiple: true }, json: { type: 'boolean' }, limit: { type: 'string' },
  }, 1);
  const dir = campaignDir(positionals[0]);
  const status = (v.status ?? []).flatMap((s) => s.split(','));
  for (const s of status) if (!(RUN_STATUSES as readonly string[]).includes(s)) throw new CliError(`--status ${JSON.stringify(s)}: expected one of ${RUN_STATUSES.join(', ')}`);
  const limit = v.limit === undefined ? Infinity : Number(v.limit);
  if (!(limit >= 0) || !Number.isInteger(limit) && limit !== Infinity) throw new CliError(`--limit: expected an integer >= 0, got ${JSON.stringify(v.limit)}`);
  const { view, config } = openView(dir, 'runs');
  try {
    const where: Record<string, ParamCondition> = {};
    const floats: [string, (x: unknown) => boolean][] = [];
    for (const w of v.where ?? []) {
      const [name, cond] = condition(w, config.params);
      if (typeof cond === 'function') floats.push([name, cond]);
      else where[name] = { ...(typeof where[name] === 'object' ? where[name] as object : {}), ...(cond as object) } as ParamCondition;
    }
    const runs = view.runs({ ...(status.length ? { status: status as RunStatus[] } : {}), ...(Object.keys(where).length ? { where } : {}) })
      .filter((r) => floats.every(([name, test]) => test(r.params[name])))
      .slice(0, limit);
    if (v.json) {
      process.stdout.write(JSON.stringify(runs.map((r) => ({ id: r.id, status: r.status, params: r.params, attempts: r.attempts, reason: r.reason, dir: runDirectory(dir, r.id) })), null, 1) + '\n');
      return EXIT.ok;
    }
    // the uncertain parameters; a campaign without them (a sweep, a table) shows every parameter
    const names = Object.keys(config.vary ?? {}).length > 0 ? Object.keys(config.vary) : Object.keys(config.params);
    const rows = [['id', 'status', ...names, 'reason'], ...runs.map((r) => [String(r.id), r.status, ...names.map((n) => (typeof r.params[n] === 'number' ? num(r.params[n] as number) : String(r.params[n]))), (r.reason ?? '').replace(/\s+/g, ' ').slice(0, 100)])];
    const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
    process.stdout.write(rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(w[j]!))).join('  ').trimEnd()).join('\n') + '\n');
    return EXIT.ok;
  } finally {
    view.close();
  }
}

export const EXPORT_HELP = `uqkit export DIR --format csv|json [-o FILE]

The done runs with their parameters and outputs: CSV (one column per parameter and per scalar
output; vector outputs as out[0], out[1], ...) or JSON; to FILE (written whole or not at all:
a temporary file renamed into place) or, without -o or with \`-o -\`, standard output.`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = args(argv, { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } }, 1);
  const dir = campaignDir(positionals[0]);
  if (v.format !== 'csv' && v.format !== 'json') throw new CliError(`--format: expected csv or json, got ${v.format === undefined ? 'nothing' : JSON.stringify(v.format)}`);
  // The results as columns and text come with the whole facade (loaded for this command only).
  const { openCampaign } = await import('./campaign-facade.js');
  const { campaign } = openCampaign(dir, 'export');
  try {
    const text = campaign.export(v.format);
    if (v.output !== undefined && v.output !== '-') writeUserFile(v.output, text); // whole or not at all
    else process.stdout.write(text);
    return EXIT.ok;
  } finally {
    campaign.close();
  }
}

/** The last step of a refinement for status (null before the first). */
function refinementOf(steps: readonly RefinementRecord[]): { step: number; points: number; error: number | null; old: number; active: number; stop: string | null } | null {
  const r = steps[steps.length - 1];
  if (!r) return null;
  return { step: r.step, points: r.points, error: Number.isFinite(r.error) ? r.error : null, old: r.old, active: r.active, stop: r.stop };
}
