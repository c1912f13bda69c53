import { GlobalPooling, globalPoolingClass, type GlobalPoolingConfig } from './global-pooling.js';

export type GlobalMaxPooling2DConfig = GlobalPoolingConfig;

/** The maximum of each channel over every position of images [batch, height, width, channels] → [batch, channels]. */
export class GlobalMaxPooling2D extends GlobalPooling {
  readonly className = 'GlobalMaxPooling2D';

  constructor(config: GlobalMaxPooling2DConfig = {}) {
    super(config, 'max', 2, 'globalMaxPooling2d()');
  }
}

/**
 * Global max pooling: one value per channel, e.g. before the classifier of a convolutional network.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv2d({ filters: 6, kernelSize: 3, inputShape: [8, 8, 3] }),
 *   st.layers.globalMaxPooling2d(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(384), [2, 8, 8, 3])).shape); // [2, 6]
 * ```
 */
export const globalMaxPooling2d = (config: GlobalMaxPooling2DConfig = {}): GlobalMaxPooling2D =>
  new GlobalMaxPooling2D(config);

/** GlobalMaxPooling2D in configs, Keras JSON and ONNX (GlobalMaxPool between a transpose and a Squeeze). */
export const globalMaxPooling2dClass = globalPoolingClass('GlobalMaxPooling2D', globalMaxPooling2d, 'max', 2);
