// The contracts between a campaign, its runners and its encoders/decoders. A runner creates a
// run's directory, calls the encoder to write its inputs there, executes the run, then calls
// the decoder on the same directory. Both are plain functions, so a user can pass their own.
import type { RunParams } from '../core/identity.js';

/** What an encoder or decoder knows of a run. */
export interface RunRef {
  /** The run id. */
  readonly id: number;
  /** SHA-256 (hex) of the run's canonical parameters. */
  readonly hash: string;
  /** The run's parameter values, by name. */
  readonly params: RunParams;
}

/** Writes a run's input files into its directory `dir` (which exists). */
export type EncodeFn = (dir: string, run: RunRef) => void;

/**
 * Reads a finished run's outputs from its directory: an object of named quantities of interest
 * (numbers, arrays of numbers for vector outputs, or other JSON). Throwing marks that run
 * failed with the message as the reason; it never stops the other runs.
 */
export type DecodeFn = (dir: string, run: RunRef) => unknown;
