import { checkNumber, makeOptimizer, type CommonOptions, type Optimizer } from './optimizer.js';
import { checkOptionsObject } from '../core/options.js';

export interface MomentumOptions extends CommonOptions {
  momentum?: number;
  /** Share of the gradient held back: `v = momentum·v + (1 − dampening)·g`. */
  dampening?: number;
  nesterov?: boolean;
}

/**
 * Gradient descent with momentum: `v = momentum·v + (1 − dampening)·g; p −= lr·v`.
 * `dampening: 0.9` with `momentum: 0.9` is the tutorials' `v = 0.9v + 0.1g`; dampening 0 is the Keras/PyTorch form.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const tutorial = st.optimizers.momentum({ learningRate: 0.01, momentum: 0.9, dampening: 0.9 });
 * ```
 */
export function momentum(options: MomentumOptions = {}): Optimizer {
  checkOptionsObject('momentum()', options);
  const where = 'momentum()';
  const beta = checkNumber(where, 'momentum', options.momentum ?? 0.9, (v) => v >= 0 && v < 1, 'in [0, 1)');
  const dampening = checkNumber(where, 'dampening', options.dampening ?? 0, (v) => v >= 0 && v < 1, 'in [0, 1)');
  const nesterov = options.nesterov ?? false;
  return makeOptimizer({
    name: 'momentum',
    where,
    options,
    defaultLearningRate: 0.01,
    settings: { momentum: beta, dampening, nesterov },
    slots: { velocity: 0 },
    rule: (lr) => ({ kind: 'momentum', lr, momentum: beta, dampening, nesterov }),
  });
}
