import { ConfigError } from '../core/errors.js';
import type { Callback, Logs, TrainContext } from './callback.js';

/**
 * Sets the learning rate at the start of each epoch to `schedule(epoch, currentRate)`; logs it as `learning_rate`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const halveEvery10 = st.callbacks.learningRateScheduler((epoch, lr) => (epoch > 0 && epoch % 10 === 0 ? lr / 2 : lr));
 * ```
 */
export function learningRateScheduler(schedule: (epoch: number, learningRate: number) => number): Callback {
  const where = 'learningRateScheduler()';
  if (typeof schedule !== 'function')
    throw new ConfigError({
      where,
      expected: 'a function (epoch, learningRate) => learningRate',
      received: typeof schedule,
      hint: 'For example (epoch, lr) => (epoch < 10 ? lr : lr * 0.9).',
    });
  return {
    onEpochBegin(epoch: number, ctx: TrainContext) {
      ctx.optimizer.learningRate = schedule(epoch, ctx.optimizer.learningRate);
    },
    onEpochEnd(_epoch: number, logs: Logs, ctx: TrainContext) {
      logs.learning_rate = ctx.optimizer.learningRate;
    },
  };
}
