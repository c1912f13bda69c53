import { checkNumber, makeOptimizer, type CommonOptions, type Optimizer } from './optimizer.js';
import { checkOptionsObject } from '../core/options.js';

export interface AdagradOptions extends CommonOptions {
  epsilon?: number;
  initialAccumulatorValue?: number;
}

/**
 * Adagrad: `s += g²; p −= lr·g / (√s + epsilon)` (Keras defaults: lr 0.001, s starts at 0.1).
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const optimizer = st.optimizers.adagrad({ learningRate: 0.01 });
 * ```
 */
export function adagrad(options: AdagradOptions = {}): Optimizer {
  checkOptionsObject('adagrad()', options);
  const where = 'adagrad()';
  const epsilon = checkNumber(where, 'epsilon', options.epsilon ?? 1e-7, (v) => v > 0, '> 0');
  const initial = checkNumber(
    where,
    'initialAccumulatorValue',
    options.initialAccumulatorValue ?? 0.1,
    (v) => v >= 0,
    '≥ 0',
  );
  return makeOptimizer({
    name: 'adagrad',
    where,
    options,
    defaultLearningRate: 0.001,
    settings: { epsilon, initialAccumulatorValue: initial },
    slots: { accumulator: initial },
    rule: (lr) => ({ kind: 'adagrad', lr, epsilon }),
  });
}
