import type { Callback, Logs, TrainParams } from './callback.js';

/** Where progress goes: a terminal stream when there is one, else whole lines. */
export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

interface WritableLike {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** process.stdout in Node, console.log elsewhere; found at run time, so the core imports nothing from node:. */
export function defaultSink(): ProgressSink {
  const stdout = (globalThis as { process?: { stdout?: WritableLike } }).process?.stdout;
  if (stdout && typeof stdout.write === 'function') {
    return { isTTY: stdout.isTTY === true, write: (t) => void stdout.write(t) };
  }
  return { isTTY: false, write: (t) => console.log(t.replace(/\n$/, '')) };
}

export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${v.toFixed(4)}`)
    .join(' - ');
}

function formatSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)}ms`;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

const BAR = 20;
const REDRAW_MS = 50;

/**
 * Keras-style progress: verbose 1 redraws a bar in place on a terminal (one line per epoch elsewhere);
 * verbose 2 prints one line per epoch.
 */
export class ProgressLogger implements Callback {
  #epochStart = 0;
  #lastDraw = 0;
  #epoch = 0;

  constructor(
    readonly params: TrainParams,
    readonly verbose: 1 | 2,
    readonly sink: ProgressSink = defaultSink(),
  ) {}

  #prefix(): string {
    const width = String(this.params.epochs).length;
    return `Epoch ${String(this.#epoch + 1).padStart(width)}/${this.params.epochs}`;
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
    this.#epochStart = performance.now();
    this.#lastDraw = 0;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    if (this.verbose !== 1 || !this.sink.isTTY) return;
    const now = performance.now();
    if (now - this.#lastDraw < REDRAW_MS && batch + 1 < this.params.steps) return;
    this.#lastDraw = now;
    const done = (batch + 1) / this.params.steps;
    const filled = Math.round(done * BAR);
    const elapsed = (now - this.#epochStart) / 1000;
    const eta = done > 0 ? (elapsed / done) * (1 - done) : 0;
    const bar = '━'.repeat(filled) + '─'.repeat(BAR - filled);
    this.sink.write(
      `\r${this.#prefix()} ${bar} ${batch + 1}/${this.params.steps} ${formatSeconds(elapsed)} (eta ${formatSeconds(eta)}) - ${formatLogs(logs)}\x1b[K`,
    );
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const elapsed = formatSeconds((performance.now() - this.#epochStart) / 1000);
    const lead = this.verbose === 1 && this.sink.isTTY ? '\r' : '';
    this.sink.write(`${lead}${this.#prefix()} - ${elapsed} - ${formatLogs(logs)}${lead ? '\x1b[K' : ''}\n`);
  }
}
