#!/usr/bin/env node
// Command-line parsing is hand-written dispatch over node:util parseArgs, with our own "did you
// mean" (./suggest.ts), not a CLI library. A library would bring generated help and
// suggestions; uqkit's help texts are prose no generator writes (defaults, SALib's
// equivalents, exit statuses) and the suggestions take 50 lines. It would cost a dependency,
// startup time (cold import plus one parse, over bare Node, on a loaded 2-core machine:
// commander +57-74 ms, clipanion +94-102 ms, yargs +370-400 ms, cac +5-20 ms, citty +9-12 ms,
// parseArgs +2-20 ms; all of `uqkit --help` +25-30 ms), and the lazy loading below, since
// these libraries want every command's options declared before parsing. The light ones (cac,
// citty) make no suggestions.
// The `uqkit` command. User mistakes print one line ("uqkit <command>: <what is wrong>") and
// exit with status 1 (2 for bad usage); never a stack trace. Bugs keep their stack.
// Exit statuses: 0 success; 1 a mistake in a file, an option or the data; 2 bad usage
// (unknown command, method or option); 3 `uqkit run` finished with failed runs; 130 interrupted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UqkitError } from '../core/errors.js';
import { CliError, UsageError } from './cli-error.js';
import { dropOutputWhenClosed } from './closed-pipe.js';

const HELP = `uqkit — uncertainty quantification and sensitivity analysis

Campaigns (a campaign file in YAML or JSON; DIR is a campaign directory):
  uqkit run FILE [--dir DIR] [--fresh] [--retry-failed] [--quiet] [--json]
                              create or resume, sample, execute, collate, analyse, report
  uqkit status DIR            runs by state, samplers, whether a run is working on it
  uqkit analyse DIR [--json]  statistics and Sobol' indices of the done runs
  uqkit runs DIR [--where 'kappa>=0.05'] [--status failed] [--json]
  uqkit export DIR --format csv|json [-o FILE]
  uqkit report DIR [--format html|md|json] [-o FILE]
                              the report: charts and tables (HTML), Markdown or JSON
  uqkit surrogate DIR -o MODEL.json   the surrogate model (PCE, SC) as a file; --predict POINTS.csv
  uqkit check DIR [--json]    is campaign.db sound, and do it and the run directories agree
  uqkit kill DIR              stop the campaign's uqkit run and its Slurm jobs
  uqkit clean DIR             delete the campaign directory
  uqkit init [DIR]            write an example campaign (the cooling coffee cup)
  uqkit compare DIR_A DIR_B   distances between two campaigns' outputs (or DIR --data FILE)

SALib's command line (\`salib sample saltelli ...\` works as \`uqkit sample saltelli ...\`):
  uqkit sample saltelli|sobol -p PROBLEM -n N [--max-order 1|2] [-s SEED] [-o X.txt]
  uqkit analyze sobol -p PROBLEM -Y Y.txt [-X X.txt] [--max-order 1|2] [-r R] [--json]
  uqkit sample morris -p PROBLEM -n N -o X.txt [-l LEVELS] [-k K]   (also ff, finite_diff)
  uqkit analyze morris -p PROBLEM -X X.txt -Y Y.txt [-r R]          (also ff, dgsm)
  uqkit sample fast|latin -p PROBLEM -n N [-s SEED] [-o X.txt]
  uqkit sample halton|lattice -p PROBLEM -n N -o X.txt [-s SEED]
  uqkit analyze fast -p PROBLEM -Y Y.txt [-M 4] [-r 100]
  uqkit analyze rbd_fast|delta|pawn|hdmr -p PROBLEM -X X.txt -Y Y.txt

\`uqkit <command> --help\` (or \`uqkit help <command>\`) describes a command's options; \`uqkit help --list\`
lists every command and method; \`uqkit --version\` (-V) prints the version. Wherever a command
reads or writes a file, - is standard input or output.
Exit status: 0 success; 1 a mistake (one line on stderr); 2 bad usage; 3 \`uqkit run\`
finished with failed runs; 130 interrupted (Ctrl-C or \`uqkit kill\`).
Environment: UQKIT_MEMORY_BUDGET (e.g. 8G) caps the memory one step may ask for; the default
is a quarter of the machine's memory. UQKIT_THREADS=1 turns worker threads off.`;

type Command = { run: (argv: string[]) => number | void | Promise<number | void>; help: string };

/** The module that turns SQLite's errors into one line, once a campaign command has loaded it. */
let openModule: typeof import('./campaign-open.js') | undefined;

/**
 * Campaign commands, each loaded on use from its own module (they bring SQLite in), so that
 * `uqkit status` does not load what `uqkit run` or `uqkit report` needs.
 */
const CAMPAIGN_COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => { const m = await import('./run-command.js'); return { run: m.runCommand, help: m.RUN_HELP }; },
  status: async () => { const m = await import('./read-commands.js'); return { run: m.statusCommand, help: m.STATUS_HELP }; },
  analyse: async () => { const m = await import('./analyse-commands.js'); return { run: m.analyseCommand, help: m.ANALYSE_HELP }; },
  runs: async () => { const m = await import('./read-commands.js'); return { run: m.runsCommand, help: m.RUNS_HELP }; },
  export: async () => { const m = await import('./read-commands.js'); return { run: m.exportCommand, help: m.EXPORT_HELP }; },
  report: async () => { const m = await import('./analyse-commands.js'); return { run: m.reportCommand, help: m.REPORT_HELP }; },
  check: async () => { const m = await import('./manage-commands.js'); return { run: m.checkCommand, help: m.CHECK_HELP }; },
  kill: async () => { const m = await import('./manage-commands.js'); return { run: m.killCommand, help: m.KILL_HELP }; },
  clean: async () => { const m = await import('./manage-commands.js'); return { run: m.cleanCommand, help: m.CLEAN_HELP }; },
  init: async () => { const m = await import('./manage-commands.js'); return { run: m.initCommand, help: m.INIT_HELP }; },
  compare: async () => { const m = await import('./compare-command.js'); return { run: m.compareCommand, help: m.COMPARE_HELP }; },
  surrogate: async () => { const m = await import('./surrogate-command.js'); return { run: m.surrogateCommand, help: m.SURROGATE_HELP }; },
};

/**
 * SALib-style commands and their methods, each loaded on use from its own module (it brings
 * the numerics in), so that `uqkit sample morris` loads neither delta's nor PAWN's code.
 */
const METHOD_LOADERS: Record<string, Record<string, () => Promise<Command>>> = {
  sample: {
    saltelli: async () => { const m = await import('./sensitivity.js'); return { run: m.sampleSaltelli, help: m.SAMPLE_HELP }; },
    sobol: async () => { const m = await import('./sensitivity.js'); return { run: m.sampleSobol, help: m.SAMPLE_SOBOL_HELP }; },
    morris: async () => { const m = await import('./salib-morris.js'); return { run: m.sampleMorris, help: m.MORRIS_SAMPLE_HELP }; },
    ff: async () => { const m = await import('./salib-ff.js'); return { run: m.sampleFF, help: m.FF_SAMPLE_HELP }; },
    finite_diff: async () => { const m = await import('./salib-dgsm.js'); return { run: m.sampleFiniteDiff, help: m.FINITE_DIFF_SAMPLE_HELP }; },
    fast: async () => { const m = await import('./salib-fast.js'); return { run: m.sampleFast, help: m.FAST_SAMPLE_HELP }; },
    fast_sampler: async () => { const m = await import('./salib-fast.js'); return { run: m.sampleFast, help: m.FAST_SAMPLE_HELP }; },
    latin: async () => { const m = await import('./salib-latin.js'); return { run: m.sampleLatin, help: m.LATIN_HELP }; },
    halton: async () => { const m = await import('./salib-qmc.js'); return { run: m.sampleHalton, help: m.HALTON_SAMPLE_HELP }; },
    lattice: async () => { const m = await import('./salib-qmc.js'); return { run: m.sampleLattice, help: m.LATTICE_SAMPLE_HELP }; },
  },
  analyze: {
    sobol: async () => { const m = await import('./sensitivity.js'); return { run: m.analyzeSobol, help: m.ANALYZE_HELP }; },
    morris: async () => { const m = await import('./salib-morris.js'); return { run: m.analyzeMorris, help: m.MORRIS_ANALYZE_HELP }; },
    ff: async () => { const m = await import('./salib-ff.js'); return { run: m.analyzeFF, help: m.FF_ANALYZE_HELP }; },
    dgsm: async () => { const m = await import('./salib-dgsm.js'); return { run: m.analyzeDGSM, help: m.DGSM_ANALYZE_HELP }; },
    fast: async () => { const m = await import('./salib-fast.js'); return { run: m.analyzeFast, help: m.FAST_ANALYZE_HELP }; },
    rbd_fast: async () => { const m = await import('./salib-rbd-fast.js'); return { run: m.analyzeRbdFast, help: m.RBD_FAST_HELP }; },
    delta: async () => { const m = await import('./salib-delta.js'); return { run: m.analyzeDelta, help: m.DELTA_HELP }; },
    pawn: async () => { const m = await import('./salib-pawn.js'); return { run: m.analyzePawn, help: m.PAWN_HELP }; },
    hdmr: async () => { const m = await import('./salib-hdmr.js'); return { run: m.analyzeHDMR, help: m.HDMR_ANALYZE_HELP }; },
  },
};
/** Their names and methods, known without loading them. */
const METHODS: Record<string, Record<string, true>> = Object.fromEntries(Object.entries(METHOD_LOADERS).map(([c, ms]) => [c, Object.fromEntries(Object.keys(ms).map((m) => [m, true as const]))]));
const CAMPAIGN = ['run', 'status', 'analyse', 'runs', 'export', 'report', 'check', 'kill', 'clean', 'init', 'compare', 'surrogate'];
/** Campaign commands that read or manage files and compute nothing: they load no numerics, WebAssembly or worker pool. */
const LOOKS_ONLY = ['status', 'runs', 'export', 'check', 'kill', 'clean', 'init'];

/** The package's version, from the package.json beside build/ (the one it was installed with). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

async function main(argv: string[]): Promise<number> {
  let [command, ...rest] = argv;
  if (command === undefined || isHelp(command) || command === 'help') {
    // `uqkit help --list`: every command and method, one per line (for shell completion)
    if (command === 'help' && rest[0] === '--list') {
      process.stdout.write([...CAMPAIGN, ...Object.entries(METHODS).flatMap(([c, ms]) => Object.keys(ms).map((m) => `${c} ${m}`))].join('\n') + '\n');
      return 0;
    }
    // `uqkit help COMMAND [METHOD]` is `uqkit COMMAND [METHOD] --help`
    if (command === 'help' && rest[0] !== undefined && !isHelp(rest[0])) return main([...rest, '--help']);
    process.stdout.write(HELP + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  // `uqkit analyze DIR` (a campaign directory) is `uqkit analyse DIR`; `uqkit analyze METHOD` is SALib's.
  if (command === 'analyze' && rest[0] !== undefined && !(rest[0] in METHODS.analyze!) && existsSync(join(rest[0], 'campaign.db'))) command = 'analyse';
  let entry: Command | undefined;
  let label = command;
  if (CAMPAIGN.includes(command)) {
    entry = await CAMPAIGN_COMMANDS[command]!();
    openModule = await import('./campaign-open.js');
  } else if (METHODS[command]) {
    const group = METHOD_LOADERS[command]!;
    const [method, ...more] = rest;
    // `uqkit sample --help`: the help of every method of the command (fast and fast_sampler once).
    if (isHelp(method)) {
      const helps = await Promise.all(Object.values(group).map(async (load) => (await load()).help));
      process.stdout.write([...new Set(helps)].join('\n\n') + '\n');
      return 0;
    }
    entry = method === undefined || !Object.hasOwn(group, method) ? undefined : await group[method]!();
    if (!entry) {
      const known = Object.keys(group);
      const hint = method === undefined ? '' : (await import('./suggest.js')).didYouMean(method, known);
      process.stderr.write(`uqkit ${command}: ${method === undefined ? 'which method? the methods are ' + known.join(', ') : `unknown method ${JSON.stringify(method)}${hint || `; the methods are ${known.join(', ')}`}`}\n`);
      return 2;
    }
    label = `${command} ${method}`;
    rest = more;
  } else {
    const known = [...CAMPAIGN, ...Object.keys(METHODS)];
    const hint = (await import('./suggest.js')).didYouMean(command, command.startsWith('-') ? ['--help', '--version'] : known);
    process.stderr.write(`uqkit: unknown ${command.startsWith('-') ? 'option' : 'command'} ${JSON.stringify(command)}${hint || `; the commands are ${known.join(', ')}`} (uqkit --help)\n`);
    return 2;
  }
  if (rest.some(isHelp)) {
    process.stdout.write(entry!.help + '\n');
    return 0;
  }
  // uqkit's warnings as one line each, without the API's advice on options.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'UqkitWarning') process.stderr.write(`uqkit ${label}: warning: ${w.message.replace(/\. Pass \{.*$/, '')}\n`);
    else process.stderr.write(`${w.name}: ${w.message}\n`);
  });
  try {
    // Node's settings of the core: how uqkit.wasm loads (on the first numeric call), the
    // worker-thread pools, UQKIT_MEMORY_BUDGET. Not the whole Node entry: each command loads
    // only the modules it uses, and the commands that compute nothing (status, runs, ...) not even these.
    if (!LOOKS_ONLY.includes(command)) await import('../node-setup.js');
    else if (process.env.UQKIT_MEMORY_BUDGET) (await import('../core/budget.js')).parseBytes('UQKIT_MEMORY_BUDGET', process.env.UQKIT_MEMORY_BUDGET); // a bad value is a mistake here too
    return (await entry!.run(rest)) ?? 0;
  } catch (e) {
    // SQLite's errors and a damaged store: one line naming the file and what to do.
    const store = openModule?.storeFailure(e);
    if (store !== undefined) {
      process.stderr.write(`uqkit ${label}: ${store}\n`);
      return 1;
    }
    if (e instanceof CliError || e instanceof UqkitError) {
      process.stderr.write(`uqkit ${label}: ${e.message}\n`);
      return e instanceof UsageError ? 2 : 1;
    }
    // A file the user named that cannot be written or read (-o into a missing folder, no permission).
    const io = e as NodeJS.ErrnoException;
    if (typeof io?.code === 'string' && typeof io.syscall === 'string' && typeof io.path === 'string') {
      const why = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is not a directory', EROFS: 'read-only file system', ENOSPC: 'no space left on the device', EFBIG: 'the file is too large (a file size limit?)', EDQUOT: 'disk quota exceeded' }[io.code];
      process.stderr.write(`uqkit ${label}: cannot ${io.syscall} ${io.path}: ${why ?? io.code}\n`);
      return 1;
    }
    throw e;
  }
}

// Output piped into a reader that stops early (`uqkit export DIR -f csv | head`,
// `uqkit run c.yaml 2>&1 | head -2`): not an error; the command goes on to its end (a campaign
// runs every run) and exits with its own status.
dropOutputWhenClosed(process.stdout);
dropOutputWhenClosed(process.stderr);

// No top-level await: a bug's rejection still ends the process with its stack.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
