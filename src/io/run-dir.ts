// Where a run's directory is. A campaign of a million runs must not put a million folders in
// one directory (listing it, `rm -r`, tab completion and many network file systems slow to a
// crawl), so run directories are nested, at most 256 entries per folder:
//
//   <campaignDir>/runs/HHH/MMM/run_<id>      for ids below 2^24 (16,777,216)
//
// where B = floor(id / 256) is the run's bucket, MMM = B mod 256 and HHH = floor(B / 256), each
// written with three digits. So runs 0–255 are in runs/000/000, runs 256–511 in runs/000/001,
// run 1234 is runs/000/004/run_1234, run 70000 is runs/001/017/run_70000.
//
// Bigger ids get more levels, under a folder naming the level count so they never mix with the
// folders above: B is written in base 256 with k digits (k >= 3), and the path is
// runs/L<k>/d1/d2/.../dk/run_<id>; e.g. id 2^24 is runs/L3/001/000/000/run_16777216. runs/
// then holds at most 256 + 4 entries (000–255 and L3–L6: ids are safe integers, < 2^53).
//
// The path depends on the id alone — not on how many runs the campaign has — so a campaign can
// grow and still find every run where it was put. The leaf keeps the full id, so a run
// directory names its run wherever it is copied.
import { join } from 'node:path';
import { integer } from '../core/validate.js';
import { text } from './spec.js';

/** Entries per folder of the run-directory tree. */
export const RUNS_PER_FOLDER = 256;

const d3 = (n: number): string => String(n).padStart(3, '0');

/** The path of run `runId`'s directory relative to the campaign directory, e.g. `runs/000/004/run_1234`. */
export function runPath(runId: number): string {
  integer('runId', runId, 0);
  let bucket = Math.floor(runId / RUNS_PER_FOLDER);
  const digits: string[] = [];
  while (bucket > 0) {
    digits.unshift(d3(bucket % RUNS_PER_FOLDER));
    bucket = Math.floor(bucket / RUNS_PER_FOLDER);
  }
  while (digits.length < 2) digits.unshift('000');
  const levels = digits.length === 2 ? digits : [`L${digits.length}`, ...digits];
  return join('runs', ...levels, `run_${runId}`);
}

/**
 * The directory of run `runId` in the campaign directory `campaignDir` (see the top of this
 * file for the scheme). Only computes the path; the runner creates the directory.
 *
 * @throws InvalidArgumentError when `runId` is not an integer >= 0 or `campaignDir` is not a
 *   non-empty string.
 */
export function runDirectory(campaignDir: string, runId: number): string {
  return join(text('campaignDir', campaignDir, 'a directory path (a non-empty string)'), runPath(runId));
}
