import { ConfigError } from '../core/errors.js';
import { readSafetensorsFile } from '../io/pytorch/pytorch-files.js';
import { strataWeights, torchLayers, torchStateDict, weightsFrom } from '../io/pytorch/torch-layers.js';
import { decodeSafetensors, encodeSafetensors, type Safetensors } from '../io/safetensors.js';
import type { CustomLayerClass } from '../layers/layer-class.js';
import { torchModelOf } from './export-pytorch.js';
import type { Sequential } from './sequential.js';
import { checkModel } from './check-model.js';
import { checkOptionsObject } from '../core/options.js';

/**
 * The tensors of a safetensors file (Node), checked; F64 tensors as float64, F32, F16 and BF16 as float32.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
 * st.exportPyTorch(model, { dir: 'strata-out/example-weights' });
 * const { tensors } = st.loadSafetensors('strata-out/example-weights/model.safetensors');
 * console.log(Object.keys(tensors)); // ['dense_1.weight', 'dense_1.bias']
 * ```
 */
export function loadSafetensors(path: string): Safetensors {
  return readSafetensorsFile(path, 'loadSafetensors()');
}

export interface LoadWeightsOptions {
  /** Descriptors with pytorch() for user-written layers. */
  customLayers?: readonly CustomLayerClass[];
}

/**
 * Sets the model's weights from safetensors (bytes, or what loadSafetensors returned) in either layout: PyTorch's, as
 * exportPyTorch and train_ddp.py write (`dense_1.weight`, [units, in]), or strata's (`dense_1/kernel`, [in, units]).
 * Every name and shape must match the model; nothing changes unless all do.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
 * const copy = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
 * st.loadWeights(copy, st.toSafetensors(model));
 * console.log(copy.predict([[1, 2]]).data[0] === model.predict([[1, 2]]).data[0]); // true
 * ```
 */
export function loadWeights(
  model: Sequential,
  weights: Uint8Array | Safetensors,
  options: LoadWeightsOptions = {},
): void {
  const where = 'loadWeights()';
  const source = weights instanceof Uint8Array ? decodeSafetensors(weights, where) : weights;
  if (typeof source?.tensors !== 'object' || source.tensors === null)
    throw new ConfigError({
      where,
      expected: 'safetensors bytes or what st.loadSafetensors(path) returns',
      received: typeof weights,
      hint: 'Pass st.loadSafetensors(path).',
    });
  const torchModel = torchModelOf(model);
  const list = weightsFrom(torchLayers(torchModel, where, options.customLayers), torchModel, source.tensors, where);
  model.setWeights(list);
}

/**
 * The model's weights as safetensors bytes: by strata's names and layouts (`dense_1/kernel`, the default) or, with
 * `layout: 'pytorch'`, as the exported module's state_dict. float32 models write F32, float64 ones F64.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
 * const bytes = st.toSafetensors(model);
 * console.log(Object.keys(st.parseSafetensors(bytes).tensors)); // ['dense_1/kernel', 'dense_1/bias']
 * ```
 */
export function toSafetensors(model: Sequential, options: { layout?: 'strata' | 'pytorch' } = {}): Uint8Array {
  const where = 'toSafetensors()';
  checkModel(where, model);
  checkOptionsObject(where, options);
  const torchModel = torchModelOf(model);
  const layout = options.layout ?? 'strata';
  if (layout !== 'strata' && layout !== 'pytorch')
    throw new ConfigError({
      where,
      expected: "layout 'strata' or 'pytorch'",
      received: JSON.stringify(layout),
      hint: "Pass { layout: 'pytorch' } for PyTorch's names and layouts.",
    });
  if (layout === 'strata') return encodeSafetensors(strataWeights(torchModel), { producer: 'strata' });
  return encodeSafetensors(torchStateDict(torchLayers(torchModel, where)), { format: 'pt', producer: 'strata' });
}

/**
 * The tensors of safetensors bytes (works in the browser), checked.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
 * console.log(st.parseSafetensors(st.toSafetensors(model)).tensors['dense_1/kernel'].shape); // [2, 1]
 * ```
 */
export const parseSafetensors = (bytes: Uint8Array): Safetensors => decodeSafetensors(bytes, 'parseSafetensors()');
