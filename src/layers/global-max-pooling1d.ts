import { GlobalPooling, globalPoolingClass, type GlobalPoolingConfig } from './global-pooling.js';

export type GlobalMaxPooling1DConfig = GlobalPoolingConfig;

/** The maximum of each channel over every position of sequences [batch, time, channels] → [batch, channels]. */
export class GlobalMaxPooling1D extends GlobalPooling {
  readonly className = 'GlobalMaxPooling1D';

  constructor(config: GlobalMaxPooling1DConfig = {}) {
    super(config, 'max', 1, 'globalMaxPooling1d()');
  }
}

/**
 * Global max pooling: one value per channel, e.g. before the classifier of a convolutional network.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv1d({ filters: 6, kernelSize: 3, inputShape: [30, 2] }),
 *   st.layers.globalMaxPooling1d(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(120), [2, 30, 2])).shape); // [2, 6]
 * ```
 */
export const globalMaxPooling1d = (config: GlobalMaxPooling1DConfig = {}): GlobalMaxPooling1D =>
  new GlobalMaxPooling1D(config);

/** GlobalMaxPooling1D in configs, Keras JSON and ONNX (GlobalMaxPool between a transpose and a Squeeze). */
export const globalMaxPooling1dClass = globalPoolingClass('GlobalMaxPooling1D', globalMaxPooling1d, 'max', 1);
