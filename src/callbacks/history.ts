import type { Callback, Logs, TrainParams } from './callback.js';

/** What `fit` returns: every epoch's logs under Keras key names (`loss`, `accuracy`, `val_loss`, …). */
export class History implements Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  /** The epoch (0-based) an early-stopping callback judged best, or null. */
  bestEpoch: number | null = null;
  /** The last epoch run when a callback stopped training before the planned epochs, or null. */
  stoppedEpoch: number | null = null;

  constructor(readonly params: TrainParams) {}

  get stoppedEarly(): boolean {
    return this.stoppedEpoch !== null;
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
