import { assertFinite, type Initializer } from './initializer.js';
import { checkOptionsObject } from '../core/options.js';

function filled(className: string, value: number, config: Record<string, number>): Initializer {
  return { className, fill: (t) => t.data.fill(value), config: () => ({ ...config }) };
}

/**
 * Every weight set to `value`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.layers.dense({ units: 2, biasInitializer: st.initializers.constant({ value: 0.1 }) });
 * ```
 */
export const constant = (config: { value?: number } = {}): Initializer => {
  checkOptionsObject('constant()', config);
  const value = assertFinite('constant()', 'value', config.value ?? 0);
  return filled('Constant', value, { value });
};
/** All zeros: the default for biases. */
export const zeros = (): Initializer => filled('Zeros', 0, {});
/** All ones: batch normalization's gamma. */
export const ones = (): Initializer => filled('Ones', 1, {});
