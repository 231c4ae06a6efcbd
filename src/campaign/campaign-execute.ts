// Executing a campaign's queued runs with the runner its config names: local processes, in
// process (a model function, a module, worker threads) or Slurm job arrays.
import { join, resolve } from 'node:path';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';
import type { JsonValue } from '../core/identity.js';
import { knownKeys, options as optionsOf } from '../core/validate.js';
import { moduleUrl, runInProcess, runInWorkers, type ModelFn } from '../execution/in-process.js';
import { thrownLine } from '../execution/failure-reason.js';
import { runLocal } from '../execution/local-runner.js';
import { killOrphanGroups } from '../execution/orphans.js';
import { runSlurm } from '../execution/slurm-runner.js';
import { mkdirsNoFollow } from '../io/safe-fs.js';
import { existsOrLink } from '../io/spec.js';
import { campaignDecoder, campaignEncoder, makeRunDir, runDirOf, type CampaignParts } from './campaign-files.js';
import type { ExecuteOptions, RunnerSpec } from './campaign-types.js';
import type { StatusCounts } from './store.js';

/** Campaign.execute. */
/**
 * Runs the queued runs with the config's runner (in process with `options.model` when the
 * config has none). Returns the final counts.
 *
 * @throws InvalidArgumentError when the runner needs what is missing (a model, a decoder);
 *   UqkitError for a Slurm runner (not wired into the facade yet: use runSlurm on `store`)
 *   or a runner.module that cannot be imported (its first line says why)
 */
export async function execute(c: CampaignParts, options?: ExecuteOptions): Promise<StatusCounts> {
  const o = optionsOf<ExecuteOptions>('options', options);
  knownKeys('options', o, ['model', 'signal', 'progress', 'owner']);
  if (o.model !== undefined && typeof o.model !== 'function') throw new InvalidArgumentError({ field: 'options.model', value: o.model, expected: 'a function (params, run) => outputs' });
  const runner: RunnerSpec = c.config.runner ?? { kind: 'in-process' };
  const common = {
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
    ...(o.progress !== undefined ? { progress: o.progress } : {}),
    ...(o.owner !== undefined ? { owner: o.owner } : {}),
  };
  switch (runner.kind) {
    case 'local': {
      const decode = await campaignDecoder(c);
      if (!decode) throw new InvalidArgumentError({ field: 'decoder', value: undefined, expected: 'a decoder spec in the config (e.g. {kind: "csv", file: "out.csv", columns: ["y"]}) or a decode function passed when opening the campaign: a local runner reads each run\'s outputs with it' });
      const encode = campaignEncoder(c);
      return runLocal(c.store, {
        command: runner.command,
        runDir: (run) => runDirOf(c, run.id),
        makeRunDir: (dir) => makeRunDir(c, dir),
        decode: (dir, run) => decode(dir, run),
        encode: (dir: string, run: { id: number; hash: string; params: Readonly<Record<string, JsonValue>> }) => encode(dir, run),
        ...(runner.concurrency !== undefined ? { concurrency: runner.concurrency } : {}),
        ...(runner.timeoutMs !== undefined ? { timeoutMs: runner.timeoutMs } : {}),
        ...(runner.retries !== undefined ? { retries: runner.retries } : {}),
        ...common,
      });
    }
    case 'in-process': {
      // Commands a local runner of this host left running when it died (the runner kind
      // changed since): their runs are claimable once those are gone.
      await killOrphanGroups(c.store);
      if (o.model) {
        return runInProcess(c.store, o.model, { ...(runner.batch !== undefined ? { batch: runner.batch } : {}), ...(runner.concurrency !== undefined ? { concurrency: runner.concurrency } : {}), ...common });
      }
      if (runner.module === undefined) throw new InvalidArgumentError({ field: 'options.model', value: undefined, expected: 'a model function, or runner.module in the config' });
      const module = resolve(c.dir, runner.module);
      if (runner.workers !== undefined) {
        return runInWorkers(c.store, { module, workers: runner.workers, ...(runner.export !== undefined ? { export: runner.export } : {}), ...(runner.batch !== undefined ? { batch: runner.batch } : {}), ...common });
      }
      let mod: Record<string, unknown>;
      try {
        mod = (await import(moduleUrl(module))) as Record<string, unknown>;
      } catch (e) {
        // (one line, as runInWorkers says it: a missing dependency or a throw at the module's top level is the user's to fix)
        throw new UqkitError(`${module}: cannot run the model: cannot import it: ${thrownLine(e)}`, { field: 'runner.module', value: runner.module, cause: e });
      }
      const name = runner.export ?? 'default';
      const model = mod[name];
      if (typeof model !== 'function') throw new InvalidArgumentError({ field: 'runner.export', value: name, expected: `an export of ${module} that is a function` });
      return runInProcess(c.store, model as ModelFn, { ...(runner.batch !== undefined ? { batch: runner.batch } : {}), ...(runner.concurrency !== undefined ? { concurrency: runner.concurrency } : {}), ...common });
    }
    case 'slurm': {
      const decode = await campaignDecoder(c);
      if (!decode) throw new InvalidArgumentError({ field: 'decoder', value: undefined, expected: 'a decoder spec in the config or a decode function passed when opening the campaign: the Slurm runner reads each run\'s outputs with it' });
      const { kind: _kind, command, ...slurm } = runner as { kind: 'slurm'; command?: unknown; [key: string]: unknown };
      if (!Array.isArray(command) || command.length === 0 || !command.every((w) => typeof w === 'string')) {
        throw new InvalidArgumentError({ field: 'runner.command', value: command, expected: 'a non-empty array of strings: the program and its arguments' });
      }
      const workDir = join(c.dir, 'slurm');
      if (!existsOrLink(workDir)) {
        mkdirsNoFollow(c.dir, workDir);
        c.store.recordCreated([{ path: 'slurm', kind: 'tree' }]);
      }
      return runSlurm(c.store, {
        ...(slurm as object),
        command: command as string[],
        workDir,
        runDir: (run) => runDirOf(c, run.id),
        makeRunDir: (dir) => makeRunDir(c, dir),
        encode: campaignEncoder(c),
        decode,
        ...common,
      });
    }
  }
}
