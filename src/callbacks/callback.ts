import type { NumericError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { History } from './history.js';

/** Per-epoch or per-batch values: `loss`, metrics, and `val_` versions. */
export type Logs = Record<string, number>;

/** What a callback may touch during training; built by fit around the model, so callbacks never import it. */
export interface TrainContext {
  /** Set to true to stop after the current batch (checked between batches and epochs). */
  stopTraining: boolean;
  getWeights(): Tensor[];
  setWeights(weights: readonly Tensor[]): void;
  readonly optimizer: { learningRate: number };
  /** Saves the model as model.save(dir, options) does (Node). */
  save(dir: string, options?: { includeOptimizer?: boolean; weightDtype?: 'float32' | 'float64' }): Promise<void>;
  /** The History fit will return; callbacks may record `bestEpoch`. */
  readonly history: History;
}

/** Training hooks, all optional; any may return a promise, which fit awaits. Epochs and batches count from 0. */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(logs: Logs, ctx: TrainContext): void | Promise<void>;
  /** Called when a batch's loss or update is not finite; return true to end training quietly instead of throwing. */
  onNonFinite?(error: NumericError, ctx: TrainContext): boolean;
}

/** Facts about the run, given to progress displays. */
export interface TrainParams {
  readonly epochs: number;
  /** Batches per epoch. */
  readonly steps: number;
  readonly samples: number;
}
