// Progress of a campaign's runs: counts by state, rate and ETA. On a TTY one line
// redrawn in place (at most every `intervalMs`); elsewhere (logs, CI) a plain line every
// `intervalMs`; nothing in quiet mode. `stats()` gives the same numbers to programs.

export interface ProgressCounts {
  readonly pending: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
}

export interface ProgressStats extends ProgressCounts {
  readonly total: number;
  /** Seconds since start. */
  readonly elapsed: number;
  /** Finished runs (done + failed) per second since start. */
  readonly rate: number;
  /** Seconds to finish the pending and running runs at that rate (undefined before the first). */
  readonly eta: number | undefined;
}

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

export class Progress {
  private counts: ProgressCounts;
  private readonly start: number;
  private last = -Infinity;
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
  }

  stats(): ProgressStats {
    const c = this.counts;
    const total = c.pending + c.running + c.done + c.failed;
    const elapsed = (this.now() - this.start) / 1000;
    const finished = c.done + c.failed;
    const rate = elapsed > 0 ? finished / elapsed : 0;
    return { ...c, total, elapsed, rate, eta: finished > 0 && rate > 0 ? (c.pending + c.running) / rate : undefined };
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
    this.stream.write(this.tty ? `\r\x1b[2K${this.line()}` : `${this.line()}\n`);
  }

  /** The final line (ends the redrawn line on a TTY). */
  finish(counts: ProgressCounts = this.counts): void {
    this.counts = counts;
    if (this.quiet) return;
    this.stream.write(this.tty ? `\r\x1b[2K${this.line()}\n` : `${this.line()}\n`);
  }
}
