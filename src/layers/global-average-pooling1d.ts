import { GlobalPooling, globalPoolingClass, type GlobalPoolingConfig } from './global-pooling.js';

export type GlobalAveragePooling1DConfig = GlobalPoolingConfig;

/** The mean of each channel over every position of sequences [batch, time, channels] → [batch, channels]. */
export class GlobalAveragePooling1D extends GlobalPooling {
  readonly className = 'GlobalAveragePooling1D';

  constructor(config: GlobalAveragePooling1DConfig = {}) {
    super(config, 'average', 1, 'globalAveragePooling1d()');
  }
}

/**
 * Global average pooling: one value per channel, e.g. before the classifier of a convolutional network.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv1d({ filters: 6, kernelSize: 3, inputShape: [30, 2] }),
 *   st.layers.globalAveragePooling1d(),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(120), [2, 30, 2])).shape); // [2, 6]
 * ```
 */
export const globalAveragePooling1d = (config: GlobalAveragePooling1DConfig = {}): GlobalAveragePooling1D =>
  new GlobalAveragePooling1D(config);

/** GlobalAveragePooling1D in configs, Keras JSON and ONNX (GlobalAveragePool between a transpose and a Squeeze). */
export const globalAveragePooling1dClass = globalPoolingClass(
  'GlobalAveragePooling1D',
  globalAveragePooling1d,
  'average',
  1,
);
