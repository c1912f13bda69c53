import { checkNumber, makeOptimizer, type CommonOptions, type Optimizer } from './optimizer.js';
import { checkOptionsObject } from '../core/options.js';

export interface SgdOptions extends CommonOptions {
  /** Keras' SGD momentum, `v = momentum·v − lr·g; p += v`; 0 is plain gradient descent. */
  momentum?: number;
  nesterov?: boolean;
}

/**
 * Gradient descent, `p −= lr · g` (default learning rate 0.01); with `momentum`, Keras' SGD with momentum
 * (the learning rate inside the velocity; `st.optimizers.momentum` is the PyTorch/tutorial form).
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const optimizer = st.optimizers.sgd({ learningRate: 0.5 }); // the first tutorial's settings
 * ```
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  checkOptionsObject('sgd()', options);
  const where = 'sgd()';
  const momentum = checkNumber(where, 'momentum', options.momentum ?? 0, (v) => v >= 0 && v < 1, 'in [0, 1)');
  const nesterov = options.nesterov ?? false;
  return makeOptimizer({
    name: 'sgd',
    where,
    options,
    defaultLearningRate: 0.01,
    settings: { momentum, nesterov },
    slots: momentum > 0 ? { velocity: 0 } : {},
    rule: (lr) => (momentum > 0 ? { kind: 'sgdMomentum', lr, momentum, nesterov } : { kind: 'sgd', lr }),
  });
}
