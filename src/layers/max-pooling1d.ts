import { Pooling, poolingClass, type PoolingConfig } from './pooling.js';

/** MaxPooling1D's settings: poolSize and strides as one number or a list of one; strides default to the pool size. */
export type MaxPooling1DConfig = PoolingConfig;

/** The maximum of each window, per channel, over sequences [batch, time, channels]. */
export class MaxPooling1D extends Pooling {
  readonly className = 'MaxPooling1D';

  constructor(config: MaxPooling1DConfig = {}) {
    super(config, 'max', 1, 'maxPooling1d()');
  }
}

/**
 * Max pooling over sequences.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv1d({ filters: 4, kernelSize: 3, inputShape: [20, 2] }),
 *   st.layers.maxPooling1d({ poolSize: 3 }),
 *   st.layers.flatten(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(40), [1, 20, 2])).shape); // [1, 24]
 * ```
 */
export const maxPooling1d = (config: MaxPooling1DConfig = {}): MaxPooling1D => new MaxPooling1D(config);

/** MaxPooling1D in configs, Keras JSON and ONNX. */
export const maxPooling1dClass = poolingClass('MaxPooling1D', maxPooling1d, 'max', 1);
