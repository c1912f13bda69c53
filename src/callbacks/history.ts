import type { Callback, Logs, TrainParams } from './callback.js';

/** What `fit` returns: every epoch's logs under Keras key names (`loss`, `accuracy`, `val_loss`, …). */
export class History implements Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  constructor(readonly params: TrainParams) {}

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
