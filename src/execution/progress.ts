// Progress of a campaign's runs: counts by state, rate and ETA. On a TTY one line
// redrawn in place (at most every `intervalMs`); elsewhere (logs, CI) a plain line every
// `intervalMs`, and the final line only when it says something new; nothing in quiet mode.
// `stats()` gives the same numbers to programs.
//
// The rate counts only the runs finished since the Progress was made, by the runner that
// reports them with `ran(n)` — not the runs a resumed campaign had done before, nor those of
// another process working on the same campaign. A runner that does not call `ran` gets the
// growth of done + failed since then instead.

/** Runs by state, as a progress display counts them. */
export interface ProgressCounts {
  /** Runs waiting to be run (new or encoded). */
  readonly pending: number;
  /** Runs being run. */
  readonly running: number;
  /** Runs done. */
  readonly done: number;
  /** Runs failed. */
  readonly failed: number;
}

/** What {@link Progress.stats} reports: the counts, their total, elapsed time, rate and ETA. */
export interface ProgressStats extends ProgressCounts {
  /** pending + running + done + failed. */
  readonly total: number;
  /** Seconds since start. */
  readonly elapsed: number;
  /** Runs finished since start: those reported with `ran`, else the growth of done + failed. */
  readonly finishedHere: number;
  /** Runs finished per second since start (finishedHere / elapsed). */
  readonly rate: number;
  /** Seconds to finish the pending and running runs at that rate (0 when none is left; undefined before the first run finished here). */
  readonly eta: number | undefined;
}

/** How a {@link Progress} display writes: stream, quiet, interval and label. */
export interface ProgressOptions {
  /** Where to write (default process.stderr). TTY streams get the redrawn line. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Write nothing (stats() still works). */
  readonly quiet?: boolean;
  /** Minimum time between two outputs (default: 100 ms on a TTY, 10 s elsewhere). */
  readonly intervalMs?: number;
  /** Label at the start of each line (default "runs"). */
  readonly label?: string;
  /** Clock in milliseconds (default performance.now; tests pass their own). */
  readonly now?: () => number;
}

/** "1h02m", "3m05s", "42s". */
export function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  if (t >= 3600) return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
  if (t >= 60) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${t}s`;
}

/**
 * A progress display for a runner: on a terminal one line redrawn in place, elsewhere (logs,
 * CI) a plain line every `intervalMs`; nothing when `quiet`. {@link Progress.stats} gives the
 * same numbers to programs.
 */
export class Progress {
  private counts: ProgressCounts;
  private readonly start: number;
  /** done + failed when the Progress was made. */
  private readonly finishedBefore: number;
  /** Runs reported by `ran` (undefined: none reported, the growth of done + failed is used). */
  private ranHere: number | undefined;
  private last = -Infinity;
  /** The counts of the last plain line written (so that `finish` does not repeat it). */
  private written: ProgressCounts | undefined;
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly tty: boolean;
  private readonly quiet: boolean;
  private readonly interval: number;
  private readonly label: string;
  private readonly now: () => number;

  constructor(counts: ProgressCounts, opts: ProgressOptions = {}) {
    this.counts = counts;
    this.stream = opts.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.quiet = opts.quiet === true;
    this.interval = opts.intervalMs ?? (this.tty ? 100 : 10_000);
    this.label = opts.label ?? 'runs';
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
    this.finishedBefore = counts.done + counts.failed;
  }

  /** Counts `n` more runs finished (done or failed) by this runner: the rate and ETA count these only. */
  ran(n = 1): void {
    this.ranHere = (this.ranHere ?? 0) + n;
  }

  /**
   * The counts, their total, the time since start (s), the runs finished here, the rate (runs/s) and the ETA (s).
   */
  stats(): ProgressStats {
    const c = this.counts;
    const total = c.pending + c.running + c.done + c.failed;
    const elapsed = (this.now() - this.start) / 1000;
    const finishedHere = this.ranHere ?? Math.max(0, c.done + c.failed - this.finishedBefore);
    const rate = elapsed > 0 ? finishedHere / elapsed : 0;
    return { pending: c.pending, running: c.running, done: c.done, failed: c.failed, total, elapsed, finishedHere, rate, eta: c.pending + c.running === 0 ? 0 : finishedHere > 0 && rate > 0 ? (c.pending + c.running) / rate : undefined };
  }

  /** The status line, e.g. "runs 120/2000 done, 3 failed, 4 running, 1873 pending; 41.2/s; ETA 45s". */
  line(): string {
    const s = this.stats();
    return `${this.label} ${s.done}/${s.total} done, ${s.failed} failed, ${s.running} running, ${s.pending} pending; ` +
      `${s.rate >= 10 ? s.rate.toFixed(0) : s.rate.toFixed(1)}/s; ${s.eta === undefined ? 'ETA ?' : `ETA ${duration(s.eta)}`}`;
  }

  /** Whether `update` would write now: callers whose counts cost a query ask first. */
  due(): boolean {
    return !this.quiet && this.now() - this.last >= this.interval;
  }

  /** New counts; writes a line if the interval has passed (or `force`). */
  update(counts: ProgressCounts, force = false): void {
    this.counts = counts;
    if (this.quiet || (!force && !this.due())) return;
    this.last = this.now();
    this.written = counts;
    this.stream.write(this.tty ? `\r\x1b[2K${this.line()}` : `${this.line()}\n`);
  }

  /**
   * The final line (ends the redrawn line on a TTY). Elsewhere it is left out when the last
   * line written showed the same counts: the campaign's last line appears once.
   */
  finish(counts: ProgressCounts = this.counts): void {
    this.counts = counts;
    if (this.quiet) return;
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${this.line()}\n`);
      return;
    }
    const w = this.written;
    if (w && w.pending === counts.pending && w.running === counts.running && w.done === counts.done && w.failed === counts.failed) return;
    this.written = counts;
    this.stream.write(`${this.line()}\n`);
  }
}
