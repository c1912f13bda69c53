import { describeLayer } from '../layers/layer.js';
import { forwardLayer } from '../layers/masking.js';
import { withWorkingMemory } from '../tensor/backend.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { assertExampleShape, toBatch } from './inputs.js';
import type { Sequential } from './sequential.js';
import { checkModel } from './check-model.js';

/** One layer's output for the inputs given to `layerOutputs`. */
export interface LayerOutput {
  readonly name: string;
  readonly className: string;
  /** A copy, batch first: `[examples, ...the layer's output shape]`. */
  readonly output: Tensor;
}

/**
 * Every layer's output for `x` in inference mode (dropout off, batch norm on its moving statistics), in order: what
 * `plots.featureMaps` draws for a convolutional network. Meant for a few examples at a time.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({
 *   layers: [st.layers.dense({ units: 3, activation: 'relu', inputShape: [2] }), st.layers.dense({ units: 1 })],
 * });
 * const outputs = st.layerOutputs(model, [[1, 2]]);
 * console.log(outputs.map((o) => `${o.name} ${JSON.stringify(o.output.shape)}`)); // ['dense_1 [1,3]', 'dense_2 [1,1]']
 * ```
 */
export function layerOutputs(model: Sequential, x: TensorLike): LayerOutput[] {
  const where = 'layerOutputs()';
  checkModel(where, model);
  const inputShape = model.build().inputShape!;
  const xs = toBatch(x, model.dtype, where, 'x');
  assertExampleShape(where, xs, inputShape, describeLayer(model.layers[0]));
  const ws = new Workspace(model.dtype);
  try {
    return withWorkingMemory(model.dtype, model.layers, () => {
      let a = ws.batchOf('x', xs, xs.shape[0]);
      a.data.set(xs.data);
      // each layer reuses its inference buffers on the next call, so every output is copied out
      return model.layers.map((layer) => {
        a = forwardLayer(layer, a, 'infer');
        return { name: layer.name, className: layer.className, output: a.clone() };
      });
    });
  } finally {
    ws.dispose();
  }
}
