import { CommanderError } from 'commander';
import { StrataError } from '../index.js';
import type { Io } from './io.js';

/** A command used wrongly (a required flag missing): exit code 2, like commander's own usage errors. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit code for a user error: bad data, a missing file, an unusable setting. */
export const EXIT_USER_ERROR = 1;
/** Exit code for bad usage, as commander's own errors. */
export const EXIT_USAGE = 2;

/**
 * Prints an error and returns the exit code: 2 for bad usage (commander has printed its message), 1 for everything
 * else, as one line; the stack only with --verbose.
 */
export function reportError(error: unknown, io: Io, verbose: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    io.err(`error: ${message}\n(add --help for usage)\n`);
    return EXIT_USAGE;
  }
  // strata's own errors already say what to do; anything else is unexpected and may need the stack
  const expected = error instanceof StrataError;
  io.err(`error: ${message}${expected || verbose ? '' : ' (run again with --verbose for the stack trace)'}\n`);
  if (verbose && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return EXIT_USER_ERROR;
}
