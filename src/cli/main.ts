#!/usr/bin/env node
// The `uqkit` command. User mistakes print one line ("uqkit: <what is wrong>") and exit with
// status 1 (2 for an unknown command); never a stack trace. Bugs keep their stack.
import { UqkitError } from '../core/errors.js';
import { CliError } from './files.js';
import { ANALYZE_HELP, SAMPLE_HELP, analyzeSobol, sampleSaltelli } from './sensitivity.js';

const HELP = `uqkit — uncertainty quantification and sensitivity analysis

  uqkit sample saltelli -p PROBLEM -n N [--second-order] [--seed S] [-o X.txt]
  uqkit analyze sobol -p PROBLEM -Y Y.txt [--second-order] [--resamples R] [--json]

PROBLEM is a SALib problem file ("name lower upper [group] [dist]" per line) or JSON; numeric
files are whitespace- or comma-separated, one row per line, # for comments.
\`uqkit <command> <method> --help\` describes the options.`;

const COMMANDS: Record<string, Record<string, { run: (argv: string[]) => void; help: string }>> = {
  sample: { saltelli: { run: sampleSaltelli, help: SAMPLE_HELP } },
  analyze: { sobol: { run: analyzeSobol, help: ANALYZE_HELP } },
};

async function main(argv: string[]): Promise<number> {
  const [command, method, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n');
    return command === undefined ? 2 : 0;
  }
  const group = COMMANDS[command];
  if (!group) {
    process.stderr.write(`uqkit: unknown command ${JSON.stringify(command)}; the commands are ${Object.keys(COMMANDS).join(', ')} (uqkit --help)\n`);
    return 2;
  }
  const entry = method === undefined ? undefined : group[method];
  if (!entry) {
    const known = Object.keys(group).join(', ');
    process.stderr.write(`uqkit ${command}: ${method === undefined ? 'which method?' : `unknown method ${JSON.stringify(method)};`} the methods are ${known}\n`);
    return 2;
  }
  // uqkit's warnings as one line each, without the API's advice on options.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'UqkitWarning') process.stderr.write(`uqkit ${command} ${method}: warning: ${w.message.replace(/\. Pass \{.*$/, '')}\n`);
    else process.stderr.write(`${w.name}: ${w.message}\n`);
  });
  // The Node entry: loads uqkit.wasm and registers the worker-thread pools.
  if (!(rest.includes('--help') || rest.includes('-h'))) await import('../index.js');
  try {
    entry.run(rest);
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof UqkitError) {
      process.stderr.write(`uqkit ${command} ${method}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
