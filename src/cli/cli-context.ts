import type { Io } from './io.js';

/** What every command gets: where to write, and the exit code to end with (0 unless a command changes it). */
export interface CliContext {
  readonly io: Io;
  exitCode: number;
}
