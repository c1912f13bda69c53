import { Convolution, type ConvConfig } from './convolution.js';
import { convolutionClass } from './convolution-class.js';

/** Conv1D's settings: kernelSize, strides and dilationRate as one number or a list of one. */
export type Conv1DConfig = ConvConfig;

/**
 * A 1-D convolution over sequences [batch, time, channels] → [batch, outTime, filters], kernel [k, in, filters]
 * as Keras stores it; 'valid' or 'same' padding, strides and dilation.
 */
export class Conv1D extends Convolution {
  readonly className = 'Conv1D';

  constructor(config: Conv1DConfig) {
    super(config, 1, 'conv1d()');
  }
}

/**
 * A 1-D convolution layer for sequences, channels last.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv1d({ filters: 8, kernelSize: 5, activation: 'relu', inputShape: [100, 1] }),
 *   st.layers.globalAveragePooling1d(),
 *   st.layers.dense({ units: 1 }),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(200), [2, 100, 1])).shape); // [2, 1]
 * ```
 */
export const conv1d = (config: Conv1DConfig): Conv1D => new Conv1D(config);

/** Conv1D in configs, Keras JSON and ONNX (Conv between [b, t, c] ⇄ [b, c, t] transposes, then its activation). */
export const conv1dClass = convolutionClass('Conv1D', conv1d, 1);
