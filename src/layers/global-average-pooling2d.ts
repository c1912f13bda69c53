import { GlobalPooling, globalPoolingClass, type GlobalPoolingConfig } from './global-pooling.js';

export type GlobalAveragePooling2DConfig = GlobalPoolingConfig;

/** The mean of each channel over every position of images [batch, height, width, channels] → [batch, channels]. */
export class GlobalAveragePooling2D extends GlobalPooling {
  readonly className = 'GlobalAveragePooling2D';

  constructor(config: GlobalAveragePooling2DConfig = {}) {
    super(config, 'average', 2, 'globalAveragePooling2d()');
  }
}

/**
 * Global average pooling: one value per channel, e.g. before the classifier of a convolutional network.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv2d({ filters: 6, kernelSize: 3, inputShape: [8, 8, 3] }),
 *   st.layers.globalAveragePooling2d(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(384), [2, 8, 8, 3])).shape); // [2, 6]
 * ```
 */
export const globalAveragePooling2d = (config: GlobalAveragePooling2DConfig = {}): GlobalAveragePooling2D =>
  new GlobalAveragePooling2D(config);

/** GlobalAveragePooling2D in configs, Keras JSON and ONNX (GlobalAveragePool between a transpose and a Squeeze). */
export const globalAveragePooling2dClass = globalPoolingClass(
  'GlobalAveragePooling2D',
  globalAveragePooling2d,
  'average',
  2,
);
