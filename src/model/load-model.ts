import { assignSavedWeights, parseArtifacts, restoreLayerRngs, type ModelArtifacts } from '../io/artifacts.js';
import { artifactsFromJson, readModelFiles } from '../io/model-files.js';
import { restoreOptimizerState } from '../io/training-config.js';
import { describeValue } from '../core/describe-value.js';
import { ConfigError, FormatError, StrataError } from '../core/errors.js';
import type { CustomLayerClass } from '../layers/layer-class.js';
import { checkCustomLayers } from '../layers/layer-classes.js';
import { Sequential } from './sequential.js';

export interface LoadOptions {
  /**
   * User-written layer classes the file names (as Keras' custom_objects): each with `className` and
   * `fromConfig(config)`, e.g. a class with `static className = 'Scale'` and `static fromConfig(config)`.
   */
  customLayers?: readonly CustomLayerClass[];
}

/** A new model from artifacts: io parses and checks them, then the model is built and given the saved weights. */
export function fromArtifacts(artifacts: ModelArtifacts, where = 'loadModel()', options: LoadOptions = {}): Sequential {
  const customLayers = checkCustomLayers(where, options?.customLayers);
  try {
    return build(artifacts, where, customLayers);
  } catch (e) {
    throw asFormatError(e, where);
  }
}

/** Whatever a file makes fail (a setting out of range, an impossible shape) means the file is bad: a FormatError. */
function asFormatError(e: unknown, where: string): unknown {
  if (e instanceof FormatError) return e;
  if (e instanceof StrataError)
    return new FormatError({
      where,
      expected: 'a model file with valid settings',
      received: e.message.slice(0, 300),
      hint: 'The file holds settings strata cannot build: save the model again, or fix model.json.',
    });
  if (e instanceof RangeError || e instanceof TypeError)
    return new FormatError({
      where,
      expected: 'a well-formed model file',
      received: `${e.name} (${e.message.slice(0, 120)})`,
      hint: 'The file is damaged: save the model again.',
    });
  return e;
}

function build(artifacts: ModelArtifacts, where: string, customLayers?: readonly CustomLayerClass[]): Sequential {
  const parsed = parseArtifacts(artifacts, where, customLayers);
  const model = new Sequential({ layers: parsed.layers, dtype: parsed.dtype, name: parsed.name });
  model.build(parsed.inputShape);
  const params = model.layers.flatMap((l) => l.params());
  assignSavedWeights(params, parsed, where);
  if (parsed.training) {
    const { loss, metrics, optimizer } = parsed.training;
    model.compile({ loss: loss as never, optimizer, metrics: metrics as never[] });
    restoreOptimizerState(optimizer, params, parsed.values, (expected, received) => {
      throw new FormatError({
        where,
        expected,
        received,
        hint: 'The optimizer state is damaged: load without it by saving again, or resume from an older checkpoint.',
      });
    });
  }
  if (parsed.rngState !== undefined) model.rng.setState(parsed.rngState);
  restoreLayerRngs(model.layers, parsed);
  return model;
}

/** A model from the text of model.json and a reader for its weight files (the file loader and the fuzz tests). */
export function modelFromJson(
  text: string,
  readWeights: (path: string, maxBytes: number) => Uint8Array | undefined,
  where: string,
  options: LoadOptions = {},
): Sequential {
  return fromArtifacts(artifactsFromJson(text, readWeights, where), where, options);
}

/**
 * Loads a model saved by `model.save(dir)` (Node) or given as in-memory artifacts (`model.toArtifacts()`), including
 * models saved by TensorFlow.js in the layers-model format. Layers of your own are passed in `customLayers`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 2, activation: 'softmax', inputShape: [3] })] });
 * const copy = await st.loadModel(model.toArtifacts());
 * console.log(copy.predict([[1, 2, 3]]).toArray()); // the same as model.predict
 * ```
 */
export async function loadModel(source: string | ModelArtifacts, options: LoadOptions = {}): Promise<Sequential> {
  const where = 'loadModel()';
  return fromArtifacts(typeof source === 'string' ? readModelFiles(source, where) : source, where, options);
}

/**
 * Reads model.json and the weights it names from a folder (Node), once, as in-memory artifacts: the model and its
 * userDefinedMetadata come from one saved version. `loadModel(artifacts)` then builds the model.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
 * await model.save('strata-out/read-example', { metadata: { note: 'run 7' } });
 * const artifacts = st.readModelArtifacts('strata-out/read-example');
 * console.log(artifacts.userDefinedMetadata); // { note: 'run 7' }
 * const copy = await st.loadModel(artifacts);
 * ```
 */
export function readModelArtifacts(dir: string): ModelArtifacts {
  if (typeof dir !== 'string' || dir === '')
    throw new ConfigError({
      where: 'readModelArtifacts()',
      expected: 'the path of a model folder',
      received: describeValue(dir),
      hint: "Pass the folder model.save() wrote, e.g. readModelArtifacts('strata-out/model').",
    });
  return readModelFiles(dir, 'readModelArtifacts()');
}
