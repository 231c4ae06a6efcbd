// The campaign commands of `uqkit`: run, status, analyse, runs, export, report, check, kill,
// clean, init. status, analyse, runs, export, report and check open the store read-only: they
// never create, upgrade or write campaign.db. A campaign directory holds campaign.db (the single source of truth), the run
// directories, and, while a `uqkit run` works on it, uqkit.pid (so that `uqkit kill` can find
// it). `uqkit run` is safe to start again after anything — Ctrl-C, `uqkit kill`, `kill -9`, a
// reboot: it resumes from the database, and never executes a run twice. The database records
// what uqkit created in the directory (which may be the user's own folder, `dir: .`): clean
// and --fresh delete only that, and analysis.json and report.html are not written over a file
// uqkit did not write unless --overwrite is given.
//
// Each command (or group of commands) lives in its own file; this module gathers them for
// main.ts, which loads it on first use of a campaign command.
export { EXIT } from './campaign-args.js';
export { storeFailure } from './campaign-open.js';
export { RUN_HELP, runCommand } from './run-command.js';
export { STATUS_HELP, statusCommand, RUNS_HELP, runsCommand, EXPORT_HELP, exportCommand } from './read-commands.js';
export { ANALYSE_HELP, analyseCommand, REPORT_HELP, reportCommand } from './analyse-commands.js';
export { CHECK_HELP, checkCommand, KILL_HELP, killCommand, CLEAN_HELP, cleanCommand, INIT_HELP, initCommand } from './manage-commands.js';
