import { Pooling, poolingClass, type PoolingConfig } from './pooling.js';

/** AveragePooling2D's settings: poolSize and strides as one number or [height, width]; strides default to the pool size. */
export type AveragePooling2DConfig = PoolingConfig;

/** The mean of each window's values inside the input, per channel, over images [batch, height, width, channels]. */
export class AveragePooling2D extends Pooling {
  readonly className = 'AveragePooling2D';

  constructor(config: AveragePooling2DConfig = {}) {
    super(config, 'average', 2, 'averagePooling2d()');
  }
}

/**
 * Average pooling over images.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [9, 9, 1] }),
 *   st.layers.averagePooling2d({ poolSize: 2 }),
 *   st.layers.flatten(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(81), [1, 9, 9, 1])).shape); // [1, 36]
 * ```
 */
export const averagePooling2d = (config: AveragePooling2DConfig = {}): AveragePooling2D => new AveragePooling2D(config);

/** AveragePooling2D in configs, Keras JSON and ONNX. */
export const averagePooling2dClass = poolingClass('AveragePooling2D', averagePooling2d, 'average', 2);
