import type { Callback, Logs, Tensor, TrainContext } from '../index.js';
import { say, type Io } from './io.js';

// the training loop only hands the event loop back between epochs; a signal needs a turn of it to be seen
const YIELD_MS = 100;

/** Where training stopped on Ctrl-C, and the best epoch whose weights the model ended with. */
export interface StopReport {
  readonly epoch: number;
  readonly best?: { readonly epoch: number; readonly monitor: string; readonly value: number };
}

/**
 * Ctrl-C stops training after the current batch and leaves the model with the best weights seen so far (lowest
 * val_loss, else loss, at an epoch end), as early stopping's restore does; a second Ctrl-C quits at once.
 */
export class GracefulStop implements Callback {
  #interrupted = false;
  #epoch = 0;
  #lastYield = 0;
  #best?: { epoch: number; monitor: string; value: number; weights: Tensor[] };
  #report?: StopReport;
  readonly #onSignal = () => {
    if (this.#interrupted) process.exit(130);
    this.#interrupted = true;
    this.io.err('\nStopping after this batch (Ctrl-C again to quit now)…\n');
  };

  constructor(readonly io: Io) {}

  /** Set once training was interrupted. */
  get report(): StopReport | undefined {
    return this.#report;
  }

  /** Same as pressing Ctrl-C; for tests and other front ends. */
  interrupt(): void {
    this.#onSignal();
  }

  onTrainBegin(): void {
    this.#lastYield = performance.now();
    process.on('SIGINT', this.#onSignal);
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  onBatchEnd(_batch: number, _logs: Logs, ctx: TrainContext): void | Promise<void> {
    if (this.#interrupted) ctx.stopTraining = true;
    else if (performance.now() - this.#lastYield > YIELD_MS)
      return new Promise((resolve) =>
        setImmediate(() => {
          this.#lastYield = performance.now();
          resolve();
        }),
      );
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext): void {
    const monitor = 'val_loss' in logs ? 'val_loss' : 'loss';
    const value = logs[monitor];
    if (Number.isFinite(value) && (this.#best === undefined || value < this.#best.value))
      this.#best = { epoch, monitor, value, weights: ctx.getWeights() };
    if (this.#interrupted) ctx.stopTraining = true;
  }

  onTrainEnd(_logs: Logs, ctx: TrainContext): void {
    process.off('SIGINT', this.#onSignal);
    if (!this.#interrupted) return;
    const best = this.#best;
    if (best) {
      ctx.setWeights(best.weights);
      ctx.history.bestEpoch = best.epoch;
    }
    this.#report = {
      epoch: this.#epoch,
      best: best && { epoch: best.epoch, monitor: best.monitor, value: best.value },
    };
  }
}

/** One line on what an interrupted run kept. */
export function sayStopped(io: Io, report: StopReport, epochs: number): void {
  const kept = report.best
    ? `kept the best weights so far (epoch ${report.best.epoch + 1}, ${report.best.monitor} ${report.best.value.toFixed(4)})`
    : 'no epoch finished, so the weights are the last ones';
  say(io, `Interrupted during epoch ${report.epoch + 1}/${epochs}: ${kept}.`);
}
