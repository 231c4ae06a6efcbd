// Progress display (src/execution/progress.ts): the numbers, the redrawn TTY line, periodic
// plain lines elsewhere, quiet mode. A real Writable captures the output; a test clock drives time.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress, duration } from 'uqkit';

function sink(tty: boolean): Writable & { isTTY?: boolean; text: string } {
  const w = new Writable({ write(chunk, _enc, cb) { w.text += String(chunk); cb(); } }) as Writable & { isTTY?: boolean; text: string };
  w.text = '';
  if (tty) w.isTTY = true;
  return w;
}

describe('Progress', () => {
  it('counts, rate and ETA', () => {
    let t = 0;
    const p = new Progress({ pending: 100, running: 0, done: 0, failed: 0 }, { quiet: true, now: () => t });
    expect(p.stats().eta).toBeUndefined();
    t = 10_000;
    p.update({ pending: 56, running: 4, done: 38, failed: 2 });
    expect(p.stats()).toEqual({ pending: 56, running: 4, done: 38, failed: 2, total: 100, elapsed: 10, finishedHere: 40, rate: 4, eta: 15 });
    expect(p.line()).toBe('runs 38/100 done, 2 failed, 4 running, 56 pending; 4.0/s; ETA 15s');
  });
  it('plain lines at most every interval when not a TTY, and a final line', () => {
    let t = 0;
    const out = sink(false);
    const p = new Progress({ pending: 10, running: 0, done: 0, failed: 0 }, { stream: out, intervalMs: 1000, now: () => t });
    for (let i = 1; i <= 10; i++) {
      t = i * 300;
      p.update({ pending: 10 - i, running: 0, done: i, failed: 0 });
    }
    p.finish();
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(4); // at 0.3 s, 1.5 s (first after 1 s), 2.7 s, and the final one
    expect(lines[0]).toBe('runs 1/10 done, 0 failed, 0 running, 9 pending; 3.3/s; ETA 3s');
    expect(lines.at(-1)).toBe('runs 10/10 done, 0 failed, 0 running, 0 pending; 3.3/s; ETA 0s');
    expect(out.text).not.toContain('\r');
  });
  it('one line redrawn in place on a TTY; nothing at all when quiet', () => {
    let t = 0;
    const tty = sink(true);
    const p = new Progress({ pending: 2, running: 0, done: 0, failed: 0 }, { stream: tty, now: () => t });
    t = 1000; p.update({ pending: 1, running: 0, done: 1, failed: 0 });
    t = 2000; p.update({ pending: 0, running: 0, done: 1, failed: 1 });
    p.finish();
    expect(tty.text.split('\r\x1b[2K')).toHaveLength(4);
    expect(tty.text.endsWith('ETA 0s\n')).toBe(true);
    expect(tty.text.split('\n')).toHaveLength(2);
    const q = sink(false);
    const quiet = new Progress({ pending: 1, running: 0, done: 0, failed: 0 }, { stream: q, quiet: true });
    quiet.update({ pending: 0, running: 0, done: 1, failed: 0 }, true);
    quiet.finish();
    expect(q.text).toBe('');
  });
  it('durations', () => {
    expect([duration(42), duration(185), duration(3720), duration(Infinity)]).toEqual(['42s', '3m05s', '1h02m', '?']);
  });
});

describe('Progress of a resumed campaign', () => {
  it('the rate and ETA count only the runs finished since it started, not those done before', () => {
    let t = 0;
    const p = new Progress({ pending: 10, running: 0, done: 990, failed: 0 }, { quiet: true, now: () => t });
    t = 10; // 10 ms later, nothing finished here
    expect(p.stats()).toMatchObject({ finishedHere: 0, rate: 0, eta: undefined });
    expect(p.line()).toBe('runs 990/1000 done, 0 failed, 0 running, 10 pending; 0.0/s; ETA ?');
    t = 4000;
    p.update({ pending: 6, running: 0, done: 993, failed: 1 });
    expect(p.stats()).toMatchObject({ finishedHere: 4, rate: 1, eta: 6 });
    // nothing left to run: ETA 0, rate 0 when none ran here
    const idle = new Progress({ pending: 0, running: 0, done: 1000, failed: 0 }, { quiet: true, now: () => t });
    t += 1;
    expect(idle.line()).toBe('runs 1000/1000 done, 0 failed, 0 running, 0 pending; 0.0/s; ETA 0s');
  });
  it('a runner that reports its own runs (ran) is not credited with runs another process finished', () => {
    let t = 0;
    const p = new Progress({ pending: 100, running: 0, done: 0, failed: 0 }, { quiet: true, now: () => t });
    t = 5000;
    p.ran(5);
    p.update({ pending: 50, running: 0, done: 50, failed: 0 }); // 45 of them by another process
    expect(p.stats()).toMatchObject({ finishedHere: 5, rate: 1, eta: 50 });
  });
  it('the final line is written once when the last update already showed it, and again when the counts changed', () => {
    let t = 0;
    const out = sink(false);
    const p = new Progress({ pending: 2, running: 0, done: 0, failed: 0 }, { stream: out, intervalMs: 1000, now: () => t });
    t = 100;
    p.update({ pending: 0, running: 0, done: 2, failed: 0 });
    p.finish({ pending: 0, running: 0, done: 2, failed: 0 });
    expect(out.text).toBe('runs 2/2 done, 0 failed, 0 running, 0 pending; 20/s; ETA 0s\n');
    const out2 = sink(false);
    const q = new Progress({ pending: 2, running: 0, done: 0, failed: 0 }, { stream: out2, intervalMs: 1000, now: () => t });
    t = 200;
    q.update({ pending: 1, running: 0, done: 1, failed: 0 });
    q.finish({ pending: 0, running: 0, done: 2, failed: 0 });
    expect(out2.text.split('\n')).toHaveLength(3);
  });
});
