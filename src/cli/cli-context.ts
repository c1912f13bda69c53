import type { Io } from './io.js';

/** What every command gets: where to write, and the exit code to end with (0 unless a command changes it). */
export interface CliContext {
  readonly io: Io;
  exitCode: number;
}

/** Exit code after Ctrl-C stopped training (128 + SIGINT), once the results were kept. */
export const EXIT_INTERRUPTED = 130;
