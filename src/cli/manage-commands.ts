// The commands that look after a campaign directory: check (read-only), kill, clean and init.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCampaign } from '../campaign/check.js';
import { RUN_STATUSES } from '../campaign/store.js';
import { cancelCampaignJobs } from '../execution/slurm-runner.js';
import { killOrphanGroups } from '../execution/orphans.js';
import { CliError } from './files.js';
import { removeCampaign } from './owned.js';
import { args, EXIT } from './campaign-args.js';
import { campaignDir, DB } from './campaign-open.js';
import { openCampaign } from './campaign-facade.js';
import { livePid } from './pid-file.js';

export const CHECK_HELP = `uqkit check DIR [--json]

Checks the campaign in DIR without writing anything: SQLite's integrity check of campaign.db
and the layout of its -wal file; the store against itself (done runs without a result, runs
left running by a runner that stopped, scheduler jobs without runs); and the store against the
run directories (done runs whose directory is gone; runs not done whose directories hold
outputs that decode, which is what a lost or cut -wal file leaves behind). Each finding is one
line with what to do. --json prints { dir, healthy, integrity, counts, runner, findings:
[{ severity, kind, message, runs }] }.
Exit status: 0 healthy (notes only); 1 problems found, or a mistake; 2 bad usage.`;

export function checkCommand(argv: string[]): number {
  const { values: v, positionals } = args(argv, { json: { type: 'boolean' } }, 1);
  const dir = campaignDir(positionals[0]);
  const r = checkCampaign(dir);
  const pid = livePid(dir);
  if (v.json) {
    process.stdout.write(JSON.stringify({ dir, healthy: r.healthy, integrity: r.integrity ?? null, counts: r.counts ?? null, runner: pid ?? null, findings: r.findings }, null, 1) + '\n');
    return r.healthy ? EXIT.ok : EXIT.error;
  }
  const c = r.counts;
  const problems = r.findings.filter((f) => f.severity === 'problem').length;
  const lines = [
    `${DB}: SQLite integrity check: ${r.integrity === undefined ? 'not run' : r.integrity ? 'ok' : 'found damage'}`,
    ...(c ? [`runs: ${c.total} total` + RUN_STATUSES.filter((s) => c[s] > 0).map((s) => `, ${c[s]} ${s}`).join('')] : []),
    pid !== undefined ? `a uqkit run (pid ${pid}) is working on it` : 'no uqkit run is working on it',
    ...r.findings.map((f) => `${f.severity}: ${f.message}`),
    r.healthy ? 'healthy' : `not healthy: ${problems} problem${problems > 1 ? 's' : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return r.healthy ? EXIT.ok : EXIT.error;
}

export const KILL_HELP = `uqkit kill DIR

Stops the \`uqkit run\` working on the campaign in DIR (its running commands are killed with
their whole process groups, its Slurm arrays cancelled, its runs returned to the queue) and
cancels the campaign's Slurm arrays even when no \`uqkit run\` is alive, and kills the model
processes left by a \`uqkit run\` of this host that died. \`uqkit run\` resumes.`;

export async function killCommand(argv: string[]): Promise<number> {
  const { positionals } = args(argv, {}, 1);
  const dir = campaignDir(positionals[0]);
  const pid = livePid(dir);
  const said: string[] = [];
  // Another user's process (EPERM) cannot be signalled: say so on one line.
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(pid!, sig);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return; // it ended meanwhile
      throw new CliError(`cannot signal uqkit run (pid ${pid}): ${code === 'EPERM' ? 'it belongs to another user; run uqkit kill as that user' : (e as Error).message}`);
    }
  };
  if (pid !== undefined) {
    signal('SIGTERM');
    const deadline = Date.now() + 30_000;
    while (livePid(dir) !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (livePid(dir) !== undefined) {
      signal('SIGKILL');
      said.push(`uqkit run (pid ${pid}) did not stop within 30 s: killed it (its model processes were killed with it; the next uqkit run takes its runs over)`);
    } else said.push(`stopped uqkit run (pid ${pid})`);
  }
  const { campaign } = openCampaign(dir);
  try {
    // Model processes of a runner that died (its watchdog should have killed them): none is left running.
    await killOrphanGroups(campaign.store);
    const cancelled = cancelCampaignJobs(campaign.store);
    if (cancelled.length) said.push(`cancelled Slurm job${cancelled.length > 1 ? 's' : ''} ${cancelled.join(', ')}`);
  } finally {
    campaign.close();
  }
  process.stdout.write((said.length ? said.join('\n') : 'nothing to stop: no uqkit run and no Slurm job is working on this campaign') + '\n');
  return EXIT.ok;
}

export const CLEAN_HELP = `uqkit clean DIR

Deletes the campaign in DIR: its database and what its database records uqkit created — run
directories (with what the model wrote in them), shared copies, analysis.json, report.html —
never following a symbolic link. Files and folders in DIR that uqkit did not create are kept
(and the folders holding them, DIR too). Refuses while a \`uqkit run\` works on it, and
refuses a directory that holds no campaign.db.`;

export function cleanCommand(argv: string[]): number {
  const { positionals } = args(argv, {}, 1);
  const dir = campaignDir(positionals[0]);
  const pid = livePid(dir);
  if (pid !== undefined) throw new CliError(`a uqkit run (pid ${pid}) is working on ${dir}; \`uqkit kill\` it first`);
  const kept = removeCampaign(dir).left;
  process.stdout.write(!existsSync(dir) ? `deleted ${dir}\n` : `deleted the campaign in ${dir}${kept.length > 0 ? `; kept ${kept.join(', ')} (not written by uqkit)` : ' (the folder is not uqkit\'s: kept)'}\n`);
  return EXIT.ok;
}

export const INIT_HELP = `uqkit init [DIR]

Writes an example campaign into DIR (default ./coffee): the cooling-coffee-cup model (a small
Node script run as its own process), its input template, and campaign files for polynomial
chaos, stochastic collocation and Saltelli sampling. Then: uqkit run DIR/campaign.yaml`;

export function initCommand(argv: string[]): number {
  const { positionals } = args(argv, {}, 1);
  const target = resolve(positionals[0] ?? 'coffee');
  const source = fileURLToPath(new URL('../../examples/coffee/', import.meta.url));
  if (!existsSync(source)) throw new CliError(`the example is missing from this installation (${source})`);
  const files = readdirSync(source).filter((f) => !f.endsWith('.uqkit') && f !== 'campaign-slurm.yaml');
  const clash = files.filter((f) => existsSync(join(target, f)));
  if (clash.length) throw new CliError(`${target} already has ${clash.join(', ')}; not overwriting (choose another directory)`);
  mkdirSync(target, { recursive: true });
  for (const f of files) cpSync(join(source, f), join(target, f));
  const rel = relative(process.cwd(), target) || '.';
  process.stdout.write(`wrote ${files.join(', ')} to ${rel}\nnext: uqkit run ${join(rel, 'campaign.yaml')}\n`);
  return EXIT.ok;
}
