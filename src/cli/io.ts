import type { ProgressSink } from '../index.js';

/** Where a command writes: stdout, stderr and whether stdout is a terminal; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width, when stdout is a terminal. */
  readonly columns?: number;
  /**
   * Resolves once stdout has taken what was written so far (a pipe to a slow reader buffers in memory otherwise);
   * absent where writes are taken at once.
   */
  drain?(): Promise<void>;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    get columns() {
      return process.stdout.columns;
    },
    drain: () =>
      new Promise((resolve) => {
        // a turn of the event loop also lets an EPIPE (`… | head`) reach main's handler
        if (!process.stdout.writableNeedDrain) return void setImmediate(resolve);
        const done = () => {
          process.stdout.off('drain', done).off('close', done);
          resolve();
        };
        process.stdout.on('drain', done).on('close', done);
      }),
  };
}

/** A line on stdout. */
export function say(io: Io, line = ''): void {
  io.out(`${line}\n`);
}

/** The progress line's sink: the same stream as the command's output. */
export function progressSink(io: Io): ProgressSink {
  return {
    isTTY: io.isTTY,
    get columns() {
      return io.columns;
    },
    write: (text) => io.out(text),
  };
}
