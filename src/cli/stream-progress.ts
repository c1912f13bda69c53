import type { Callback, Logs } from '../index.js';
import type { ProgressOut } from './read-progress.js';
import type { PassProgress } from './stream-rows.js';

// a terminal redraws at most this often
const REDRAW_MS = 200;

/** Bytes as MB, with a decimal below 10 MB. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;

const count = (n: number) => n.toLocaleString('en-US');

const logText = (logs: Logs) =>
  Object.entries(logs)
    .map(([key, value]) => ` - ${key}: ${value.toFixed(4)}`)
    .join('');

/**
 * The progress of training on a streamed file, by bytes and rows: redrawn in place on a terminal as batches end
 * (share of the file read, rows so far, time, running loss), and one line per epoch everywhere (the rows, the time,
 * rows per second, the epoch's loss and metrics and the val_ ones).
 */
export class StreamProgress implements Callback {
  #start = 0;
  #epoch = 0;
  #lastDraw = -Infinity;

  constructor(
    readonly out: ProgressOut,
    readonly pass: PassProgress,
    readonly epochs: number,
    readonly now: () => number = () => performance.now(),
  ) {}

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
    this.#start = this.now();
    this.#lastDraw = -Infinity;
  }

  onBatchEnd(_batch: number, logs: Logs): void {
    if (!this.out.isTTY) return;
    const t = this.now();
    if (t - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = t;
    const { bytes, total, rows } = this.pass;
    const percent = total > 0 ? Math.min(100, Math.floor((100 * bytes) / total)) : 0;
    const seconds = ((t - this.#start) / 1000).toFixed(1);
    this.out.write(
      `\r${this.#epochLabel()} ${percent}% (${megabytes(bytes)} of ${megabytes(total)}, ${count(rows)} rows, ${seconds}s)${logText({ loss: logs.loss })}\x1b[K`,
    );
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const seconds = (this.now() - this.#start) / 1000;
    const { bytes, rows } = this.pass;
    const rate = seconds > 0 ? `, ${count(Math.round(rows / seconds))} rows/s` : '';
    const line = `Epoch ${epoch + 1}/${this.epochs}: ${count(rows)} rows (${megabytes(bytes)}) in ${seconds.toFixed(1)}s${rate}${logText(logs)}`;
    this.out.write(this.out.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  #epochLabel(): string {
    return `Epoch ${this.#epoch + 1}/${this.epochs}`;
  }
}
