import { ConfigError } from '../core/errors.js';
import type { Callback, Logs, TrainContext } from './callback.js';
import { checkNonNegative, isImprovement, missingMonitor, resolveMode, type MonitorMode } from './monitor.js';
import { checkOptionsObject } from '../core/options.js';

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** Multiplies the learning rate on a plateau, in (0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The learning rate never goes below this (default 0). */
  minLr?: number;
  mode?: MonitorMode;
}

/**
 * Multiplies the learning rate by `factor` when the monitored quantity has not improved for `patience` epochs
 * (Keras semantics); the current rate is logged as `learning_rate`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const reduce = st.callbacks.reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 5, minLr: 1e-5 });
 * ```
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callback {
  checkOptionsObject('reduceLROnPlateau()', options);
  const where = 'reduceLROnPlateau()';
  const monitor = options.monitor ?? 'val_loss';
  const mode = resolveMode(where, monitor, options.mode ?? 'auto');
  const factor = options.factor ?? 0.1;
  if (!(factor > 0 && factor < 1))
    throw new ConfigError({
      where,
      expected: 'factor in (0, 1)',
      received: String(options.factor),
      hint: 'factor multiplies the learning rate: 0.5 halves it.',
    });
  const patience = checkNonNegative(where, 'patience', options.patience ?? 10, true);
  const minDelta = checkNonNegative(where, 'minDelta', options.minDelta ?? 1e-4);
  const cooldown = checkNonNegative(where, 'cooldown', options.cooldown ?? 0, true);
  const minLr = checkNonNegative(where, 'minLr', options.minLr ?? 0);
  let best = Infinity;
  let wait = 0;
  let cooldownLeft = 0;

  return {
    onTrainBegin() {
      best = mode === 'min' ? Infinity : -Infinity;
      wait = 0;
      cooldownLeft = 0;
    },
    onEpochEnd(_epoch: number, logs: Logs, ctx: TrainContext) {
      logs.learning_rate = ctx.optimizer.learningRate;
      const current = logs[monitor];
      if (current === undefined) throw missingMonitor(where, monitor, Object.keys(logs));
      if (cooldownLeft > 0) {
        cooldownLeft--;
        wait = 0;
      }
      if (isImprovement(mode, current, best, minDelta)) {
        best = current;
        wait = 0;
      } else if (cooldownLeft === 0 && ++wait >= patience) {
        const lr = ctx.optimizer.learningRate;
        if (lr > minLr) {
          ctx.optimizer.learningRate = Math.max(lr * factor, minLr);
          cooldownLeft = cooldown;
          wait = 0;
        }
      }
    },
  };
}
