import { checkNumber, makeOptimizer, type CommonOptions, type Optimizer } from './optimizer.js';
import { checkOptionsObject } from '../core/options.js';

export interface RmspropOptions extends CommonOptions {
  rho?: number;
  epsilon?: number;
  momentum?: number;
}

/**
 * RMSprop: `s = rho·s + (1 − rho)·g²; p −= lr·g / (√s + epsilon)` (Keras defaults: lr 0.001, rho 0.9, epsilon 1e-7).
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const optimizer = st.optimizers.rmsprop({ learningRate: 0.005, epsilon: 1e-8 });
 * ```
 */
export function rmsprop(options: RmspropOptions = {}): Optimizer {
  checkOptionsObject('rmsprop()', options);
  const where = 'rmsprop()';
  const rho = checkNumber(where, 'rho', options.rho ?? 0.9, (v) => v >= 0 && v < 1, 'in [0, 1)');
  const epsilon = checkNumber(where, 'epsilon', options.epsilon ?? 1e-7, (v) => v > 0, '> 0');
  const beta = checkNumber(where, 'momentum', options.momentum ?? 0, (v) => v >= 0 && v < 1, 'in [0, 1)');
  return makeOptimizer({
    name: 'rmsprop',
    where,
    options,
    defaultLearningRate: 0.001,
    settings: { rho, epsilon, momentum: beta },
    slots: { meanSquare: 0, velocity: 0 },
    rule: (lr) => ({ kind: 'rmsprop', lr, rho, epsilon, momentum: beta }),
  });
}
