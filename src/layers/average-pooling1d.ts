import { Pooling, poolingClass, type PoolingConfig } from './pooling.js';

/** AveragePooling1D's settings: poolSize and strides as one number or a list of one; strides default to the pool size. */
export type AveragePooling1DConfig = PoolingConfig;

/** The mean of each window's values inside the input, per channel, over sequences [batch, time, channels]. */
export class AveragePooling1D extends Pooling {
  readonly className = 'AveragePooling1D';

  constructor(config: AveragePooling1DConfig = {}) {
    super(config, 'average', 1, 'averagePooling1d()');
  }
}

/**
 * Average pooling over sequences.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv1d({ filters: 4, kernelSize: 3, inputShape: [20, 2] }),
 *   st.layers.averagePooling1d({ poolSize: 3 }),
 *   st.layers.flatten(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(40), [1, 20, 2])).shape); // [1, 24]
 * ```
 */
export const averagePooling1d = (config: AveragePooling1DConfig = {}): AveragePooling1D => new AveragePooling1D(config);

/** AveragePooling1D in configs, Keras JSON and ONNX. */
export const averagePooling1dClass = poolingClass('AveragePooling1D', averagePooling1d, 'average', 1);
