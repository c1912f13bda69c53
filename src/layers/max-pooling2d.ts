import { Pooling, poolingClass, type PoolingConfig } from './pooling.js';

/** MaxPooling2D's settings: poolSize and strides as one number or [height, width]; strides default to the pool size. */
export type MaxPooling2DConfig = PoolingConfig;

/** The maximum of each window, per channel, over images [batch, height, width, channels]. */
export class MaxPooling2D extends Pooling {
  readonly className = 'MaxPooling2D';

  constructor(config: MaxPooling2DConfig = {}) {
    super(config, 'max', 2, 'maxPooling2d()');
  }
}

/**
 * Max pooling over images.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [9, 9, 1] }),
 *   st.layers.maxPooling2d({ poolSize: 2 }),
 *   st.layers.flatten(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(81), [1, 9, 9, 1])).shape); // [1, 36]
 * ```
 */
export const maxPooling2d = (config: MaxPooling2DConfig = {}): MaxPooling2D => new MaxPooling2D(config);

/** MaxPooling2D in configs, Keras JSON and ONNX. */
export const maxPooling2dClass = poolingClass('MaxPooling2D', maxPooling2d, 'max', 2);
