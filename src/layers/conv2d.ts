import { Convolution, type ConvConfig } from './convolution.js';
import { convolutionClass } from './convolution-class.js';

/** Conv2D's settings: kernelSize, strides and dilationRate as one number or [height, width]. */
export type Conv2DConfig = ConvConfig;

/**
 * A 2-D convolution over images [batch, height, width, channels] → [batch, outHeight, outWidth, filters], kernel
 * [kh, kw, in, filters] as Keras stores it; 'valid' or 'same' padding (TensorFlow's rule), strides and dilation.
 */
export class Conv2D extends Convolution {
  readonly className = 'Conv2D';

  constructor(config: Conv2DConfig) {
    super(config, 2, 'conv2d()');
  }
}

/**
 * A 2-D convolution layer for channels-last images.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1] }),
 *   st.layers.maxPooling2d({ poolSize: 2 }),
 *   st.layers.flatten(),
 *   st.layers.dense({ units: 2, activation: 'softmax' }),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(64), [1, 8, 8, 1])).shape); // [1, 2]
 * ```
 */
export const conv2d = (config: Conv2DConfig): Conv2D => new Conv2D(config);

/** Conv2D in configs, Keras JSON and ONNX (Conv between NHWC ⇄ NCHW transposes, then its activation). */
export const conv2dClass = convolutionClass('Conv2D', conv2d, 2);
