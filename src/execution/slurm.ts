// Slurm job arrays for the Slurm runner: runs written out as run scripts in their
// run directories, a manifest (one run directory per line), and array tasks that each run a
// slice of the manifest in order, leaving a status file per run. The campaign learns what
// happened from those files and from one squeue call per poll for all arrays, never one per run.
//
// Status file (.uqkit-status in the run directory), replaced atomically (write + rename):
//   "running <unix seconds>"  the run started
//   "exit <code> <unix seconds>"  the run's command ended with that code
// A run whose task has ended (COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, ...) without an
// "exit" line was lost with its task: it goes back to the queue.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, UqkitError } from '../core/errors.js';

/**
 * The file in a run directory where a Slurm task records the run's state (`running <t>`, `exit <code> <t>`).
 */
export const STATUS_FILE = '.uqkit-status';
/**
 * The script in a run directory that a Slurm task runs (the command, its environment and working directory).
 */
export const RUN_SCRIPT = '.uqkit-run.sh';

/** One run for {@link submitArrays}: its directory, command and extra environment. */
export interface SlurmRun {
  /** Run directory (absolute), where the command runs and its status file is written. */
  readonly dir: string;
  /** Program and arguments. */
  readonly command: readonly string[];
  /** Variables added to the command's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of {@link submitArrays}: work directory, runs per task, throttle and what sbatch is told. */
export interface SlurmOptions {
  /** Directory for the manifest, batch scripts and Slurm's own task logs. */
  readonly workDir: string;
  /** Runs per array task, run one after another (default 1). */
  readonly runsPerTask?: number;
  /** Array tasks running at once (sbatch --array=...%throttle). */
  readonly throttle?: number;
  /** The partition (sbatch --partition). Default: the cluster's default. */
  readonly partition?: string;
  /** Time limit per array task (sbatch --time, e.g. "00:10:00"). */
  readonly time?: string;
  /** Memory per task (sbatch --mem, e.g. "2G"). */
  readonly memory?: string;
  /** CPUs per array task (sbatch --cpus-per-task). Default: the cluster's default. */
  readonly cpusPerTask?: number;
  /** The account charged (sbatch --account). Default: the user's default. */
  readonly account?: string;
  /** More #SBATCH lines: one sbatch option each, without the prefix, e.g. ["--qos=debug"]; no newlines. */
  readonly extraLines?: readonly string[];
  /** Override the limits read from `scontrol show config` (tests, or a site's lower policy). */
  readonly limits?: Partial<SlurmLimits>;
  /** Environment for the Slurm commands (e.g. SLURM_CONF). */
  readonly slurmEnv?: Readonly<Record<string, string>>;
  /** The arrays' job name (sbatch --job-name; default "uqkit"). */
  readonly jobName?: string;
}

/** The cluster's MaxArraySize and MaxJobCount, from {@link slurmLimits}. */
export interface SlurmLimits {
  /** The cluster's MaxArraySize: array task indices stay below it. */
  readonly maxArraySize: number;
  /** The cluster's MaxJobCount: jobs (array tasks count) it keeps at once. */
  readonly maxJobCount: number;
}

/**
 * One job array {@link submitArrays} submitted: its job id, the runs it carries (first..end-1) and its number of tasks.
 */
export interface SubmittedArray {
  /** The array's job id. */
  readonly jobId: string;
  /** Runs first..end-1 (indices into the submitted runs). */
  readonly first: number;
  /** See `first`. */
  readonly end: number;
  /** Number of array tasks. */
  readonly tasks: number;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The forms the options pasted into the batch script's `#SBATCH` lines may take. A value is
 * written verbatim after `--partition=` and the like, so a newline in it would start a shell
 * line of its own: each option is held to the characters Slurm accepts for it.
 */
const SLURM_FORMS = {
  partition: { re: /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, expected: 'a partition name (or a comma-separated list) of letters, digits, _ . -' },
  account: { re: /^[A-Za-z0-9_.-]+$/, expected: 'an account name of letters, digits, _ . -' },
  time: {
    re: /^(\d+(:\d+){0,2}|\d+-\d+(:\d+){0,2}|UNLIMITED|INFINITE)$/i,
    expected: 'a Slurm time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. "00:30:00")',
  },
  memory: { re: /^\d+[KMGT]?$/i, expected: 'a Slurm memory size: an integer with an optional unit K, M, G or T (e.g. "2G")' },
} as const;

/**
 * Checks the options that go into `#SBATCH` lines (partition, account, time, memory,
 * cpusPerTask, extraLines); `prefix` goes before the field named in errors (e.g. "runner.").
 *
 * @throws InvalidArgumentError naming the option, for a value outside its form; an extraLines
 *   entry must be one sbatch option (starting with "-", e.g. "--qos=debug" or "-C gpu") on one
 *   line, without the "#SBATCH" prefix (uqkit adds it)
 */
export function checkSlurmOptions(opts: Readonly<Record<string, unknown>>, prefix = ''): void {
  for (const [k, form] of Object.entries(SLURM_FORMS)) {
    const v = opts[k];
    if (v !== undefined && (typeof v !== 'string' || !form.re.test(v))) throw new InvalidArgumentError({ field: `${prefix}${k}`, value: v, expected: form.expected });
  }
  const c = opts.cpusPerTask;
  if (c !== undefined && (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 1)) throw new InvalidArgumentError({ field: `${prefix}cpusPerTask`, value: c, expected: 'an integer >= 1' });
  const lines = opts.extraLines;
  if (lines === undefined) return;
  if (!Array.isArray(lines)) throw new InvalidArgumentError({ field: `${prefix}extraLines`, value: lines, expected: 'a list of sbatch options, one per #SBATCH line, e.g. ["--qos=debug"]' });
  lines.forEach((l: unknown, i) => {
    // printable characters only (no newline, carriage return or other control character)
    if (typeof l !== 'string' || !/^-{1,2}[A-Za-z][^\x00-\x1f\x7f]*$/.test(l)) {
      throw new InvalidArgumentError({
        field: `${prefix}extraLines[${i}]`, value: l,
        expected: 'one sbatch option on one line, starting with - (e.g. "--qos=debug"), without the #SBATCH prefix',
      });
    }
  });
}

function slurm(cmd: string, args: string[], env: Readonly<Record<string, string>> | undefined): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new UqkitError(`slurm: ${cmd} ${args.join(' ')} failed: ${(err.stderr ?? err.message).toString().trim().split('\n').pop()}`);
  }
}

/** MaxArraySize and MaxJobCount from `scontrol show config`. */
export function slurmLimits(env?: Readonly<Record<string, string>>): SlurmLimits {
  const out = slurm('scontrol', ['show', 'config'], env);
  const get = (key: string, dflt: number): number => {
    const m = out.match(new RegExp(`^${key}\\s*=\\s*(\\d+)`, 'm'));
    return m ? Number(m[1]) : dflt;
  };
  return { maxArraySize: get('MaxArraySize', 1001), maxJobCount: get('MaxJobCount', 10000) };
}

/** One run's script: its environment and command, quoted for sh. */
function runScript(run: SlurmRun): string {
  const env = Object.entries(run.env ?? {}).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new InvalidArgumentError({ field: `env.${k}`, value: k, expected: 'an environment variable name ([A-Za-z_][A-Za-z0-9_]*)' });
    return `export ${k}=${shellQuote(v)}\n`;
  }).join('');
  return `#!/bin/sh\n${env}exec ${run.command.map(shellQuote).join(' ')}\n`;
}

/**
 * Writes the run scripts, the manifest and the batch script, and submits the runs as job
 * arrays with sbatch --parsable: tasks of `runsPerTask` runs, arrays of at most MaxArraySize
 * tasks, all within MaxJobCount. Returns the arrays (job id and the runs each covers).
 */
export function submitArrays(runs: readonly SlurmRun[], opts: SlurmOptions): SubmittedArray[] {
  const k = opts.runsPerTask ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError({ field: 'runsPerTask', value: k, expected: 'an integer >= 1' });
  if (opts.throttle !== undefined && (!Number.isInteger(opts.throttle) || opts.throttle < 1)) throw new InvalidArgumentError({ field: 'throttle', value: opts.throttle, expected: 'an integer >= 1' });
  if (opts.jobName !== undefined && (typeof opts.jobName !== 'string' || !/^[A-Za-z0-9_.+-]{1,200}$/.test(opts.jobName))) {
    throw new InvalidArgumentError({ field: 'jobName', value: opts.jobName, expected: 'a job name of 1 to 200 letters, digits and _ . + -' });
  }
  checkSlurmOptions(opts as unknown as Record<string, unknown>);
  // The work directory goes into an #SBATCH line and each run directory into a line of the
  // manifest: a newline in either would split it.
  if (typeof opts.workDir !== 'string' || opts.workDir === '' || /[\x00-\x1f\x7f]/.test(opts.workDir)) {
    throw new InvalidArgumentError({ field: 'workDir', value: opts.workDir, expected: 'a directory path without newlines or other control characters' });
  }
  runs.forEach((r, i) => {
    if (typeof r.dir !== 'string' || r.dir === '' || /[\x00-\x1f\x7f]/.test(r.dir)) throw new InvalidArgumentError({ field: `runs[${i}].dir`, value: r.dir, expected: 'a directory path without newlines or other control characters' });
  });
  if (runs.length === 0) return [];
  const given = opts.limits ?? {};
  const limits = given.maxArraySize !== undefined && given.maxJobCount !== undefined ? { maxArraySize: given.maxArraySize, maxJobCount: given.maxJobCount } : { ...slurmLimits(opts.slurmEnv), ...given };
  const tasksNeeded = Math.ceil(runs.length / k);
  // Array indices run from 0 to MaxArraySize - 1; every task counts as a job towards MaxJobCount.
  if (tasksNeeded > limits.maxJobCount) {
    throw new InvalidArgumentError({ field: 'runsPerTask', value: k, expected: `enough runs per task to fit ${runs.length} runs in MaxJobCount = ${limits.maxJobCount} array tasks (at least ${Math.ceil(runs.length / limits.maxJobCount)})` });
  }
  mkdirSync(opts.workDir, { recursive: true });
  for (const run of runs) {
    mkdirSync(run.dir, { recursive: true });
    writeFileSync(join(run.dir, RUN_SCRIPT), runScript(run), { mode: 0o755 });
  }
  const arrays: SubmittedArray[] = [];
  const perArray = limits.maxArraySize * k;
  for (let first = 0, a = 0; first < runs.length; first += perArray, a++) {
    const end = Math.min(runs.length, first + perArray);
    const tasks = Math.ceil((end - first) / k);
    const manifest = join(opts.workDir, `manifest.${a}`);
    writeFileSync(manifest, runs.slice(first, end).map((r) => r.dir).join('\n') + '\n');
    const header = [
      `--job-name=${opts.jobName ?? 'uqkit'}`,
      ...(opts.partition ? [`--partition=${opts.partition}`] : []), ...(opts.time ? [`--time=${opts.time}`] : []),
      ...(opts.memory ? [`--mem=${opts.memory}`] : []), ...(opts.cpusPerTask ? [`--cpus-per-task=${opts.cpusPerTask}`] : []),
      ...(opts.account ? [`--account=${opts.account}`] : []), ...(opts.extraLines ?? []),
    ].map((l) => `#SBATCH ${l}\n`).join('');
    const script = join(opts.workDir, `array.${a}.sh`);
    writeFileSync(script, `#!/bin/sh
${header}# uqkit: runs ${first}..${end - 1}, ${k} per task, in manifest order.
first=$((SLURM_ARRAY_TASK_ID * ${k} + 1))
last=$((first + ${k} - 1))
sed -n "\${first},\${last}p" ${shellQuote(manifest)} | while IFS= read -r dir; do
  cd "$dir" || continue
  echo "running $(date +%s)" > ${STATUS_FILE}.tmp && mv ${STATUS_FILE}.tmp ${STATUS_FILE}
  sh ./${RUN_SCRIPT} > stdout 2> stderr < /dev/null
  code=$?
  echo "exit $code $(date +%s)" > ${STATUS_FILE}.tmp && mv ${STATUS_FILE}.tmp ${STATUS_FILE}
done
`, { mode: 0o755 });
    const array = `0-${tasks - 1}${opts.throttle ? `%${opts.throttle}` : ''}`;
    // Slurm's log path goes on sbatch's command line, not into an #SBATCH line, which sbatch
    // splits at spaces; a % of the directory is doubled so that Slurm does not expand it.
    const log = `--output=${join(opts.workDir.replace(/%/g, '%%'), 'slurm-%A_%a.out')}`;
    const jobId = slurm('sbatch', ['--parsable', `--array=${array}`, log, script], opts.slurmEnv).split(';')[0]!;
    if (!/^\d+$/.test(jobId)) throw new UqkitError(`slurm: sbatch printed ${JSON.stringify(jobId)}, not a job id`);
    arrays.push({ jobId, first, end, tasks });
  }
  return arrays;
}

/** Slurm states in which a task will not run (any more). */
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE']);

/**
 * The state of one submitted array from {@link pollArrays}: tasks per state, ended tasks, and whether all have ended.
 */
export interface ArrayState {
  /** Tasks per state, e.g. { RUNNING: 3, PENDING: 10, COMPLETED: 7 }. */
  readonly counts: Readonly<Record<string, number>>;
  /** Task indices that have ended. */
  readonly ended: ReadonlySet<number>;
  /** Every task has ended. */
  readonly done: boolean;
  /** Each task's state by task index ("ENDED": no longer listed by squeue). */
  readonly taskStates: readonly string[];
}

/**
 * The state of every task of the given arrays, from one `squeue -t all` call. Tasks that
 * squeue no longer lists (past MinJobAge) count as ended.
 */
export function pollArrays(arrays: readonly SubmittedArray[], env?: Readonly<Record<string, string>>): Map<string, ArrayState> {
  const out = arrays.length ? slurm('squeue', ['-h', '-t', 'all', '-r', '-j', arrays.map((a) => a.jobId).join(','), '-o', '%i %T'], env) : '';
  const tasks = new Map<string, Map<number, string>>();
  for (const line of out.split('\n')) {
    const m = line.trim().match(/^(\d+)_(\d+)\s+(\S+)$/);
    if (!m) continue;
    if (!tasks.has(m[1]!)) tasks.set(m[1]!, new Map());
    tasks.get(m[1]!)!.set(Number(m[2]), m[3]!);
  }
  const result = new Map<string, ArrayState>();
  for (const a of arrays) {
    const t = tasks.get(a.jobId) ?? new Map<number, string>();
    const counts: Record<string, number> = {};
    const ended = new Set<number>();
    const taskStates: string[] = [];
    for (let i = 0; i < a.tasks; i++) {
      const s = t.get(i) ?? 'ENDED';
      taskStates.push(s);
      counts[s] = (counts[s] ?? 0) + 1;
      if (s === 'ENDED' || ENDED.has(s)) ended.add(i);
    }
    result.set(a.jobId, { counts, ended, done: ended.size === a.tasks, taskStates });
  }
  return result;
}

/**
 * What a run's status file ({@link STATUS_FILE}) in a Slurm array task says, from {@link runStatus}: waiting, running since a time, or exited with a code (times in s since the epoch).
 * Not the campaign's `RunStatus` (new, encoded, running, done, ...), which the store records.
 */
export type SlurmRunStatus = { readonly state: 'waiting' } | { readonly state: 'running'; readonly since: number } | { readonly state: 'exited'; readonly exitCode: number; readonly at: number };

/** What a run's status file says. */
export function runStatus(dir: string): SlurmRunStatus {
  const f = join(dir, STATUS_FILE);
  if (!existsSync(f)) return { state: 'waiting' };
  const [word, a, b] = readFileSync(f, 'utf8').trim().split(/\s+/);
  if (word === 'exit') return { state: 'exited', exitCode: Number(a), at: Number(b) };
  return { state: 'running', since: Number(a) };
}

/**
 * The runs of `array` that were lost: their task has ended but they have no exit status
 * (the task was cancelled, timed out or its node failed before or while they ran).
 */
export function lostRuns(array: SubmittedArray, state: ArrayState, runs: readonly SlurmRun[], runsPerTask: number): number[] {
  const lost: number[] = [];
  for (const task of state.ended) {
    for (let r = array.first + task * runsPerTask; r < Math.min(array.end, array.first + (task + 1) * runsPerTask); r++) {
      if (runStatus(runs[r]!.dir).state !== 'exited') lost.push(r);
    }
  }
  return lost.sort((x, y) => x - y);
}

/** The job ids of jobs named `name` that squeue still lists (any state), oldest first. */
export function jobsNamed(name: string, env?: Readonly<Record<string, string>>): string[] {
  const out = slurm('squeue', ['-h', '-t', 'all', '-n', name, '-o', '%F'], env);
  return [...new Set(out.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)))].sort((a, b) => Number(a) - Number(b));
}

/** scancel for the arrays (all their tasks). */
export function cancelArrays(arrays: readonly SubmittedArray[], env?: Readonly<Record<string, string>>): void {
  if (arrays.length) slurm('scancel', arrays.map((a) => a.jobId), env);
}
