// The SALib-style methods beside Saltelli/Sobol': one line per method, `uqkit sample <name>` and
// `uqkit analyze <name>` (names as SALib's modules), loaded when a sample or analyze command runs.
import { FAST_ANALYZE_HELP, FAST_SAMPLE_HELP, analyzeFast, sampleFast } from './salib-fast.js';
import { LATIN_HELP, sampleLatin } from './salib-latin.js';
import { RBD_FAST_HELP, analyzeRbdFast } from './salib-rbd-fast.js';
import { DELTA_HELP, analyzeDelta } from './salib-delta.js';
import { PAWN_HELP, analyzePawn } from './salib-pawn.js';

type Command = { run: (argv: string[]) => void; help: string };

/** Samplers by name. */
export const SAMPLERS: Record<string, Command> = {
  fast: { run: sampleFast, help: FAST_SAMPLE_HELP },
  fast_sampler: { run: sampleFast, help: FAST_SAMPLE_HELP },
  latin: { run: sampleLatin, help: LATIN_HELP },
};

/** Analyzers by name. */
export const ANALYZERS: Record<string, Command> = {
  fast: { run: analyzeFast, help: FAST_ANALYZE_HELP },
  rbd_fast: { run: analyzeRbdFast, help: RBD_FAST_HELP },
  delta: { run: analyzeDelta, help: DELTA_HELP },
  pawn: { run: analyzePawn, help: PAWN_HELP },
};
