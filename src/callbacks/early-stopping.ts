import type { Tensor } from '../tensor/tensor.js';
import type { Callback, Logs, TrainContext } from './callback.js';
import { checkNonNegative, isImprovement, missingMonitor, resolveMode, type MonitorMode } from './monitor.js';
import { checkOptionsObject } from '../core/options.js';

export interface EarlyStoppingOptions {
  /** The logged quantity to watch (default 'val_loss'). */
  monitor?: string;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  mode?: MonitorMode;
  /** Keep training until the monitored value beats this. */
  baseline?: number;
  /** End with the best epoch's weights (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all (default 0). */
  startFromEpoch?: number;
}

/**
 * Stops training when the monitored quantity stops improving (Keras semantics); with `restoreBestWeights` the model
 * ends with the best epoch's weights, and `history.bestEpoch` says which epoch that was.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const stop = st.callbacks.earlyStopping({ monitor: 'val_loss', patience: 30, restoreBestWeights: true });
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  checkOptionsObject('earlyStopping()', options);
  const where = 'earlyStopping()';
  const monitor = options.monitor ?? 'val_loss';
  const mode = resolveMode(where, monitor, options.mode ?? 'auto');
  const patience = checkNonNegative(where, 'patience', options.patience ?? 0, true);
  const minDelta = Math.abs(checkNonNegative(where, 'minDelta', Math.abs(options.minDelta ?? 0)));
  const startFromEpoch = checkNonNegative(where, 'startFromEpoch', options.startFromEpoch ?? 0, true);
  const restore = options.restoreBestWeights ?? false;
  let wait = 0;
  let best = Infinity;
  let bestWeights: Tensor[] | undefined;

  return {
    onTrainBegin() {
      wait = 0;
      best = mode === 'min' ? Infinity : -Infinity;
      bestWeights = undefined;
    },
    onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext) {
      const current = logs[monitor];
      if (current === undefined) throw missingMonitor(where, monitor, Object.keys(logs));
      if (epoch < startFromEpoch) return;
      if (restore && bestWeights === undefined) bestWeights = ctx.getWeights();
      wait++;
      if (isImprovement(mode, current, best, minDelta)) {
        best = current;
        ctx.history.bestEpoch = epoch;
        if (restore) bestWeights = ctx.getWeights();
        // the wait restarts only once the baseline is beaten too
        if (options.baseline === undefined || isImprovement(mode, current, options.baseline, minDelta)) wait = 0;
        return;
      }
      if (wait >= patience && epoch > 0) ctx.stopTraining = true;
    },
    onTrainEnd(_logs: Logs, ctx: TrainContext) {
      if (restore && bestWeights !== undefined) ctx.setWeights(bestWeights);
    },
  };
}
