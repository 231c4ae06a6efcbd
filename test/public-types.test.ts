// Names the Node entry exports for two things: each must be the one users expect. These checks
// are mostly for the type checker (`npx tsc -p test/tsconfig.json` runs before the tests).
import { describe, expect, it } from 'vitest';
import { RUN_STATUSES, type RunStatus, type SlurmRunStatus } from 'uqkit';

describe("the Node entry's types", () => {
  it("RunStatus is the campaign's run status (new ... ignored), not a Slurm task's status file", () => {
    const done: RunStatus = 'done';
    const all: readonly RunStatus[] = RUN_STATUSES;
    expect(all).toEqual(['new', 'encoded', 'running', 'done', 'failed', 'invalid', 'ignored']);
    expect(all).toContain(done);
    const slurm: SlurmRunStatus[] = [{ state: 'waiting' }, { state: 'running', since: 1 }, { state: 'exited', exitCode: 0, at: 2 }];
    expect(slurm.map((s) => s.state)).toEqual(['waiting', 'running', 'exited']);
  });
});
