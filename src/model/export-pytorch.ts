import { StateError } from '../core/errors.js';
import { pytorchFiles, writeFolder, type PyTorchFiles } from '../io/pytorch/pytorch-files.js';
import type { TorchModel } from '../io/pytorch/torch-layers.js';
import type { CustomLayerClass } from '../layers/layer-class.js';
import type { Sequential } from './sequential.js';
import { checkModel } from './check-model.js';
import { checkOptionsObject } from '../core/options.js';

export interface PyTorchExportOptions {
  /** Also write the files into this folder (Node), each atomically. */
  dir?: string;
  /**
   * Write train_ddp.py with the compiled loss and optimizer (default: when the model is compiled). Settings PyTorch
   * cannot run the same way (a schedule, a custom loss) are a ConfigError; `false` exports the model alone.
   */
  training?: boolean;
  /** Descriptors with pytorch() for user-written layers (see loadModel's customLayers). */
  customLayers?: readonly CustomLayerClass[];
}

/** The built model as the PyTorch bridge reads it. */
export function torchModelOf(model: Sequential): TorchModel {
  const inputShape = model.inputShape ?? model.build().inputShape!;
  return { name: model.name, dtype: model.dtype, layers: model.layers, inputShape };
}

function trainingOf(model: Sequential, wanted: boolean | undefined) {
  if (wanted === false) return undefined;
  try {
    const { loss, optimizer } = model.compiledConfig();
    return { loss: loss.name, optimizer };
  } catch (e) {
    if (wanted === undefined && e instanceof StateError) return undefined;
    throw e;
  }
}

/**
 * The model as a PyTorch folder: model.py (the network in torch.nn with Keras' semantics, channels-last input, and
 * `load_model(weights=None)`), model.safetensors (its weights in PyTorch's names and layouts, F32 or F64 as the model)
 * and, for a compiled model, train_ddp.py (continues training under `torchrun` with DistributedDataParallel on the
 * same loss and optimizer). Bring trained weights back with `st.loadWeights(model, st.loadSafetensors(path))`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 2, activation: 'softmax', inputShape: [3] })] });
 * model.compile({ loss: 'categoricalCrossentropy', optimizer: 'adam' });
 * const files = st.exportPyTorch(model, { dir: 'strata-out/example-pytorch' });
 * console.log(Object.keys(files)); // ['model.py', 'model.safetensors', 'train_ddp.py']
 * ```
 */
export function exportPyTorch(model: Sequential, options: PyTorchExportOptions = {}): PyTorchFiles {
  const where = 'exportPyTorch()';
  checkModel(where, model);
  checkOptionsObject(where, options);
  const files = pytorchFiles(torchModelOf(model), trainingOf(model, options.training), where, options.customLayers);
  if (options.dir !== undefined) writeFolder(options.dir, { ...files }, where);
  return files;
}
