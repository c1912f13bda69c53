import type { CustomLayerClass } from '../layers/layer-class.js';
import { onnxBytes } from '../io/onnx-export.js';
import type { Sequential } from './sequential.js';
import { checkModel } from './check-model.js';
import { checkOptionsObject } from '../core/options.js';

export interface OnnxExportOptions {
  /** Descriptors with onnx() for user-written layers (see loadModel's customLayers). */
  customLayers?: readonly CustomLayerClass[];
}

/**
 * The model as ONNX bytes (opset 17, float32): Gemm per Dense, the activations, BatchNormalization in its inference
 * form, Flatten and Reshape; Dropout is left out. Serve it with ONNX Runtime (Node, browser, Python, C++) or import
 * it elsewhere.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 2, activation: 'softmax', inputShape: [3] })] });
 * const bytes = st.exportOnnx(model);
 * console.log(bytes.length > 0); // true: write it to model.onnx
 * ```
 */
export function exportOnnx(model: Sequential, options: OnnxExportOptions = {}): Uint8Array {
  checkModel('exportOnnx()', model);
  checkOptionsObject('exportOnnx()', options);
  const inputShape = model.inputShape ?? model.build().inputShape!;
  return onnxBytes({ name: model.name, layers: model.layers, inputShape }, 'exportOnnx()', options.customLayers);
}
