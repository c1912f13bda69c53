import { checkNumber, makeOptimizer, type CommonOptions, type Optimizer } from './optimizer.js';
import { checkOptionsObject } from '../core/options.js';

export interface AdamOptions extends CommonOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamwOptions extends AdamOptions {
  /** Decoupled weight decay: `p −= lr·weightDecay·p` each step (Keras default 0.004). */
  weightDecay?: number;
}

function adamFamily(name: 'adam' | 'adamw', options: AdamwOptions, weightDecay: number): Optimizer {
  const where = `${name}()`;
  checkOptionsObject(where, options);
  const unit = (v: number) => v >= 0 && v < 1;
  const beta1 = checkNumber(where, 'beta1', options.beta1 ?? 0.9, unit, 'in [0, 1)');
  const beta2 = checkNumber(where, 'beta2', options.beta2 ?? 0.999, unit, 'in [0, 1)');
  const epsilon = checkNumber(where, 'epsilon', options.epsilon ?? 1e-7, (v) => v > 0, '> 0');
  return makeOptimizer({
    name,
    where,
    options,
    defaultLearningRate: 0.001,
    settings: name === 'adamw' ? { beta1, beta2, epsilon, weightDecay } : { beta1, beta2, epsilon },
    slots: { m: 0, v: 0 },
    rule: (lr, step) => ({ kind: 'adam', lr, beta1, beta2, epsilon, step, weightDecay }),
  });
}

/**
 * Adam in the tutorials' form: `p −= lr · m̂ / (√v̂ + epsilon)` with bias-corrected moments
 * (Keras defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const optimizer = st.optimizers.adam({ learningRate: 0.001 });
 * ```
 */
export const adam = (options: AdamOptions = {}): Optimizer => adamFamily('adam', options, 0);

/**
 * AdamW: Adam plus decoupled weight decay.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const optimizer = st.optimizers.adamw({ learningRate: 0.001, weightDecay: 0.01 });
 * ```
 */
export const adamw = (options: AdamwOptions = {}): Optimizer => {
  checkOptionsObject('adamw()', options);
  const wd = checkNumber('adamw()', 'weightDecay', options.weightDecay ?? 0.004, (v) => v >= 0, '≥ 0');
  return adamFamily('adamw', options, wd);
};
