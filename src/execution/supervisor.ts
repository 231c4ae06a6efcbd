// A watchdog that kills a runner's process groups when the runner dies, however it dies
// (`kill -9` included, which no handler in the runner can catch).
//
// The runner starts one small process per runner (not per run): awk, reading a pipe whose
// only writer is the runner. The runner writes `+PGID` when a command starts in its own
// process group and `-PGID` when that group is finished. If the runner dies, the kernel closes
// its end of the pipe, awk reads end-of-file and kills every group still listed: SIGTERM, a
// grace period, SIGKILL. When the runner ends normally it closes the pipe with no group
// listed and awk exits.
//
// Why this design: one process per runner costs one spawn per campaign and a short write per
// run, nothing against spawning the run's command itself, whereas a supervisor per run would
// add a process (or two) to every run. Why a pipe: its end-of-file is the one signal of a
// process's death that needs no polling and works on every POSIX system (prctl's parent-death
// signal is Linux-only, reaches one process and not its group, and fires when the spawning
// thread exits). Why awk: it is on every POSIX system, starts in a millisecond, and keeps the
// set of groups in an associative array.
//
// What it cannot do: a group started in the instant between the spawn and the `+PGID` write
// is not listed; a process that left its group (`setsid`) is out of reach. The store keeps the
// group too (CampaignStore.setProcessGroup), so the next runner on this host kills what is
// left before taking the run over (./orphans.ts).
import { spawn, type ChildProcess } from 'node:child_process';

const PROGRAM = `
$1 == "+" { live[$2] = 1; next }
$1 == "-" { delete live[$2]; next }
END {
  list = ""
  for (g in live) list = list " -" g
  if (list != "") system("kill -s TERM --" list " 2>/dev/null; sleep " grace "; kill -s KILL --" list " 2>/dev/null")
}`;

export class GroupSupervisor {
  readonly #child: ChildProcess | undefined;
  #open = true;
  #exited: Promise<void> = Promise.resolve();

  /** Starts the watchdog; `graceMs` between its SIGTERM and SIGKILL (rounded up to whole seconds). */
  constructor(graceMs: number) {
    const grace = Math.max(1, Math.ceil(graceMs / 1000));
    try {
      // Its own session: a Ctrl-C meant for the runner does not stop the watchdog.
      this.#child = spawn('awk', ['-v', `grace=${grace}`, PROGRAM], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      const child = this.#child;
      // 'error' without 'exit' when awk cannot start: the store's record is the only guard left then.
      this.#exited = new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.once('error', () => resolve());
      });
      child.on('error', () => (this.#open = false));
      child.stdin!.on('error', () => (this.#open = false));
      // Neither the watchdog nor its pipe keeps the runner's event loop alive.
      child.unref();
      (child.stdin as unknown as { unref?: () => void }).unref?.();
    } catch {
      this.#open = false;
    }
  }

  /** A command started in process group `pgid`. */
  add(pgid: number): void {
    if (this.#open) this.#child!.stdin!.write(`+ ${pgid}\n`);
  }

  /** The group `pgid` is finished (killed, or its leader exited and what it left was killed). */
  remove(pgid: number): void {
    if (this.#open) this.#child!.stdin!.write(`- ${pgid}\n`);
  }

  /** Ends the watchdog: with no group listed it exits at once. Resolves when it has. */
  close(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return Promise.resolve();
    this.#open = false;
    child.ref(); // wait for it even when nothing else is left to do
    child.stdin!.end();
    return this.#exited;
  }
}
