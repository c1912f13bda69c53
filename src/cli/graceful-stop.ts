import type { Callback, Logs, Tensor, TrainContext } from '../index.js';
import { say, type Io } from './io.js';
import type { StopSignal, StopSignals } from './stop-signals.js';

// the training loop only hands the event loop back between epochs; a signal needs a turn of it to be seen
const YIELD_MS = 100;

/** Where training stopped on a signal, and the best epoch whose weights the model ended with. */
export interface StopReport {
  readonly signal: StopSignal;
  readonly epoch: number;
  readonly best?: { readonly epoch: number; readonly monitor: string; readonly value: number };
}

/**
 * Ctrl-C (or SIGTERM) stops training after the current batch and leaves the model with the best weights seen so far
 * (lowest val_loss, else loss, at an epoch end), as early stopping's restore does. The signals come from StopSignals.
 */
export class GracefulStop implements Callback {
  #epoch = 0;
  #lastYield = 0;
  #best?: { epoch: number; monitor: string; value: number; weights: Tensor[] };
  #report?: StopReport;

  constructor(readonly signals: StopSignals) {}

  /** Set once training was interrupted. */
  get report(): StopReport | undefined {
    return this.#report;
  }

  /** The best epoch so far (0-based) and its weights (a copy), if an epoch ended with a finite loss. */
  get best(): { readonly epoch: number; readonly weights: Tensor[] } | undefined {
    return this.#best;
  }

  onTrainBegin(): void {
    this.#lastYield = performance.now();
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  onBatchEnd(_batch: number, _logs: Logs, ctx: TrainContext): void | Promise<void> {
    if (this.signals.received) ctx.stopTraining = true;
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
    if (this.signals.received) ctx.stopTraining = true;
  }

  onTrainEnd(_logs: Logs, ctx: TrainContext): void {
    const signal = this.signals.received;
    if (!signal) return;
    const best = this.#best;
    if (best) {
      ctx.setWeights(best.weights);
      ctx.history.bestEpoch = best.epoch;
    }
    this.#report = {
      signal,
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
  const what = report.signal === 'SIGINT' ? 'Interrupted' : 'Stopped by SIGTERM';
  say(io, `${what} during epoch ${report.epoch + 1}/${epochs}: ${kept}.`);
}
