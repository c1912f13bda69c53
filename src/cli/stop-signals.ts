import type { Io } from './io.js';

/** The signals that ask a command to stop: Ctrl-C, and `kill` (what process managers and timeouts send). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];
/** 128 + the signal's number, as a shell reports a process the signal ended. */
const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

const cleanups = new Set<() => void>();

/** Registers work to undo when a second signal quits at once (a half-written save); returns its removal. */
export function onQuit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

/**
 * Ctrl-C or SIGTERM while a command trains or saves: while training, the request is noted (GracefulStop ends training
 * after the batch); after it, the evaluation and the save finish first. A second signal quits at once. Listening
 * from before training to the end of the save also keeps Node's default, dying mid-save, from happening.
 */
export class StopSignals {
  #received?: StopSignal;
  #finishing = false;
  readonly #onSignal = (signal: StopSignal) => {
    if (this.#received !== undefined) {
      for (const cleanup of cleanups) cleanup();
      process.exit(EXIT_CODES[signal]);
    }
    this.#received = signal;
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : 'SIGTERM again';
    this.io.err(
      this.#finishing
        ? `\n${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}: finishing the evaluation and the save first (${again} to quit now)…\n`
        : `\nStopping after this batch (${again} to quit now)…\n`,
    );
  };

  // one listener per signal, so each knows its own (emit() from code passes no name)
  readonly #listeners = new Map(SIGNALS.map((signal) => [signal, () => this.#onSignal(signal)] as const));

  constructor(readonly io: Io) {
    for (const [signal, listener] of this.#listeners) process.on(signal, listener);
  }

  /** The signal that asked to stop, if one did. */
  get received(): StopSignal | undefined {
    return this.#received;
  }

  /** The exit code once the results were kept: 130 after Ctrl-C, 143 after SIGTERM; undefined without a signal. */
  get exitCode(): number | undefined {
    return this.#received && EXIT_CODES[this.#received];
  }

  /** Training is over: a signal from now on lets the evaluation and the save finish. */
  finishing(): void {
    this.#finishing = true;
  }

  /**
   * Lets a signal that came during synchronous work (the evaluation, the save) reach its listener: Node hands signals
   * over only between turns of the event loop, and a command that never waits would finish without seeing it.
   */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Same as receiving `signal`; for tests and other front ends. */
  interrupt(signal: StopSignal = 'SIGINT'): void {
    this.#onSignal(signal);
  }

  /** Stops listening (Node's defaults apply again). */
  dispose(): void {
    for (const [signal, listener] of this.#listeners) process.off(signal, listener);
  }
}
