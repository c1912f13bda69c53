import { ConfigError, FormatError } from '../core/errors.js';
import type { ShapeSpec } from '../core/shape.js';
import { allocate, type DType, type FloatArray } from '../core/types.js';
import type { Layer } from '../layers/layer.js';
import type { CustomLayerClass } from '../layers/layer-class.js';
import { checkCustomLayers } from '../layers/layer-classes.js';
import type { Optimizer } from '../optimizers/index.js';
import type { Param } from '../tensor/param.js';
import { fromKerasLayer, toKerasLayer } from './layer-json.js';
import { joinLeakyRelu, splitLeakyRelu } from './tfjs-activations.js';
import { trainingConfigOf, trainingFromConfig, type TrainingState } from './training-config.js';

/** One weight in the manifest; `group: 'optimizer'` marks optimizer state (strata's includeOptimizer). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  group?: string;
}

/** TF.js' in-memory model format (tf.io.ModelArtifacts) for layers models. */
export interface ModelArtifacts {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: unknown;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
  trainingConfig?: unknown;
  /** strata keeps the model's generator state here with includeOptimizer, so shuffling resumes too. */
  userDefinedMetadata?: Record<string, unknown>;
}

export interface SaveOptions {
  /** Also keep the compiled loss, metrics and the optimizer's state, so training resumes exactly. */
  includeOptimizer?: boolean;
  /** Descriptors of user-written layers whose Keras JSON is not their config() as it is (see loadModel). */
  customLayers?: readonly CustomLayerClass[];
  /** Plain JSON kept in model.json's userDefinedMetadata, saved in the same atomic step as the model (e.g. the CLI's). */
  metadata?: Record<string, unknown>;
  /**
   * How the weights are stored: 'float32' (the default; what TF.js reads) or 'float64' (a strata extension that keeps
   * a float64 model's weights exact). A float64 model saved as float32 loads in strata as float64 again.
   */
  weightDtype?: DType;
}

/** What is saved of a built model: a plain structure, so the file code needs no Sequential. */
export interface SavedModel {
  readonly name: string;
  readonly dtype: DType;
  /** Batch first: [null, ...dims]. */
  readonly inputShape: ShapeSpec;
  readonly layers: readonly Layer[];
  /** With includeOptimizer: the compiled settings, the optimizer's state and the generator's. */
  readonly training?: TrainingState & { readonly rngState: readonly number[] };
}

/** What a file holds, checked: new unbuilt layers, the saved values by name, and the compiled settings if saved. */
export interface ParsedModel {
  readonly name?: string;
  readonly dtype: DType;
  readonly inputShape: ShapeSpec;
  readonly layers: Layer[];
  /** Every saved array by its name in the manifest: weights, and optimizer state as `optimizer/...`. */
  readonly values: ReadonlyMap<string, SavedArray>;
  /** The names of the model's own weights (not optimizer state), as listed. */
  readonly weightNames: readonly string[];
  readonly training?: { loss: string; metrics: string[]; optimizer: Optimizer };
  readonly rngState?: readonly number[];
  /** With includeOptimizer: each layer's own generator state (Dropout), by layer name. */
  readonly layerRng?: Readonly<Record<string, readonly number[]>>;
}

/** One array read from the weights, in the model's dtype. */
export interface SavedArray {
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

const BYTES: Record<string, number> = { float32: 4, float64: 8 };

// past these a file is corrupt or hostile, not a model: Keras' own inputs have rank ≤ 5
const MAX_RANK = 8;
const MAX_DIM = 2 ** 24;

function pack(arrays: FloatArray[], dtype: DType): ArrayBuffer {
  const size = BYTES[dtype];
  const buffer = new ArrayBuffer(arrays.reduce((n, a) => n + a.length * size, 0));
  const view = new DataView(buffer);
  let offset = 0;
  for (const a of arrays)
    for (let i = 0; i < a.length; i++, offset += size)
      if (dtype === 'float64') view.setFloat64(offset, a[i], true);
      else view.setFloat32(offset, a[i], true);
  return buffer;
}

/** The model in TF.js' layers-model format; float64 models keep float64 weights (a strata extension). */
export function toArtifacts(model: SavedModel, options: SaveOptions = {}, where = 'toArtifacts()'): ModelArtifacts {
  const customLayers = checkCustomLayers(where, options.customLayers);
  const dtype = weightDtypeOf(options.weightDtype, where);
  const split = splitLeakyRelu(
    model.layers.map((l, i) =>
      toKerasLayer(l, dtype, i === 0 ? [...model.inputShape] : undefined, where, customLayers),
    ),
  );
  const params = model.layers.flatMap((l) => l.params());
  const weightSpecs: WeightSpec[] = params.map((p) => ({ name: p.name, shape: [...p.value.shape], dtype }));
  const arrays = params.map((p) => p.value.data);
  const { training } = model;
  if (training) {
    const iterations = allocate(model.dtype, 1);
    iterations[0] = training.optimizer.iterations;
    const slots = training.optimizer.slots(params);
    weightSpecs.push({ name: 'optimizer/iterations', shape: [], dtype, group: 'optimizer' });
    for (const s of slots)
      weightSpecs.push({ name: `optimizer/${s.name}`, shape: [s.value.length], dtype, group: 'optimizer' });
    arrays.push(iterations, ...slots.map((s) => s.value));
  }
  return {
    format: 'layers-model',
    generatedBy: 'strata 0.1.0',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.name, layers: split.layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightSpecs,
    weightData: pack(arrays, dtype),
    ...(training ? { trainingConfig: trainingConfigOf(training) } : {}),
    ...metadataOf(model, options.metadata, dtype, split.added),
  };
}

/** userDefinedMetadata: the caller's, and strata's own where it has something to keep (none: no metadata at all). */
function metadataOf(
  model: SavedModel,
  metadata: Record<string, unknown> | undefined,
  fileDtype: DType,
  leakyRelu: readonly string[],
): Pick<ModelArtifacts, 'userDefinedMetadata'> {
  const { training } = model;
  const strata = {
    ...(training ? { rng: [...training.rngState], layerRng: layerRngStates(model.layers) } : {}),
    ...(model.dtype !== fileDtype ? { dtype: model.dtype } : {}),
    ...(leakyRelu.length > 0 ? { leakyRelu } : {}),
  };
  const ours = Object.keys(strata).length > 0;
  return ours || metadata ? { userDefinedMetadata: { ...metadata, ...(ours ? { strata } : {}) } } : {};
}

function weightDtypeOf(dtype: unknown, where: string): DType {
  if (dtype === undefined || dtype === 'float32' || dtype === 'float64') return dtype ?? 'float32';
  throw new ConfigError({
    where,
    expected: "weightDtype 'float32' or 'float64'",
    received: JSON.stringify(dtype) ?? String(dtype),
    hint: "Leave it out for float32 weights (what TF.js reads), or pass 'float64' to keep a float64 model's weights exact.",
  });
}

/** A layer with a generator of its own (Dropout): its state is saved with includeOptimizer. */
type WithRng = Layer & { readonly rng?: { getState(): number[]; setState(state: readonly (number | null)[]): void } };

/** Each layer's own generator state by layer name (Dropout's mask stream). */
function layerRngStates(layers: readonly Layer[]): Record<string, number[]> {
  const states: Record<string, number[]> = {};
  for (const layer of layers as WithRng[]) if (layer.rng) states[layer.name] = layer.rng.getState();
  return states;
}

/** Puts back the generator states layerRngStates saved, into the built layers of the same names. */
export function restoreLayerRngs(layers: readonly Layer[], parsed: ParsedModel): void {
  for (const layer of layers as WithRng[]) {
    const state = parsed.layerRng?.[layer.name];
    if (Array.isArray(state) && layer.rng) layer.rng.setState(state);
  }
}

/** Checks artifacts and reads them into new layers and named arrays; nothing is built and nothing global changes. */
export function parseArtifacts(
  artifacts: ModelArtifacts,
  where: string,
  customLayers?: readonly CustomLayerClass[],
): ParsedModel {
  // annotated so that the compiler narrows after a call
  const fail: (expected: string, received: string, hint?: string) => never = (expected, received, hint) => {
    throw new FormatError({ where, expected, received, hint });
  };
  if (typeof artifacts !== 'object' || artifacts === null) fail('model artifacts', String(artifacts));
  const topology = artifacts.modelTopology as { class_name?: unknown; config?: { name?: unknown; layers?: unknown } };
  if (topology?.class_name !== 'Sequential')
    fail("a 'Sequential' model topology", JSON.stringify(topology?.class_name));
  const rawLayers = topology.config?.layers;
  if (!Array.isArray(rawLayers) || rawLayers.length === 0)
    fail('a non-empty list of layers', JSON.stringify(rawLayers)?.slice(0, 60) ?? 'none');
  const strata = artifacts.userDefinedMetadata?.strata as
    { rng?: number[]; layerRng?: unknown; dtype?: unknown; leakyRelu?: unknown } | undefined;
  const parsed = joinLeakyRelu(rawLayers, strata?.leakyRelu).map((l, i) =>
    fromKerasLayer(l, `${where}: layer ${i}`, customLayers),
  );
  const { batchInputShape, dtype } = parsed[0];
  if (
    !Array.isArray(batchInputShape) ||
    batchInputShape.length < 2 ||
    batchInputShape.length > MAX_RANK ||
    !batchInputShape.slice(1).every((d) => Number.isInteger(d) && d > 0 && d <= MAX_DIM)
  )
    fail(
      'the first layer to carry batch_input_shape [null, ...dims] (e.g. [null, 4] or [null, 28, 28, 1])',
      JSON.stringify(batchInputShape)?.slice(0, 80) ?? String(batchInputShape),
    );
  const example = (batchInputShape as number[]).slice(1);
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64')
    fail("dtype 'float32' or 'float64'", JSON.stringify(dtype));
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs)) fail('weightSpecs as an array', typeof specs);
  if (!(artifacts.weightData instanceof ArrayBuffer)) fail('weightData as an ArrayBuffer', typeof artifacts.weightData);
  const expectedBytes = specs.reduce((n, s, i) => {
    if (!BYTES[s?.dtype])
      fail(`weight dtype float32 or float64`, `'${String(s?.dtype)}' for ${String(s?.name ?? `weight ${i}`)}`);
    if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0))
      fail('a shape of whole numbers', `${JSON.stringify(s.shape)} for ${s.name}`);
    return n + s.shape.reduce((a, b) => a * b, 1) * BYTES[s.dtype];
  }, 0);
  if (artifacts.weightData.byteLength !== expectedBytes)
    fail(
      `${expectedBytes} bytes of weights (as the manifest lists)`,
      `${artifacts.weightData.byteLength} bytes`,
      'The weights file is truncated or belongs to another model.',
    );
  // a float64 model saved with float32 weights names its own dtype in strata's metadata
  const modelDtype: DType = (strata?.dtype ?? dtype) === 'float64' ? 'float64' : 'float32';
  const view = new DataView(artifacts.weightData);
  let offset = 0;
  const values = new Map<string, SavedArray>();
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const out = allocate(modelDtype, size);
    for (let k = 0; k < size; k++, offset += BYTES[s.dtype]) {
      out[k] = s.dtype === 'float64' ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
      if (!Number.isFinite(out[k])) fail(`finite weights`, `${out[k]} in ${s.name} at index ${k}`);
    }
    values.set(s.name, { shape: s.shape, data: out });
  }
  const training = trainingFromConfig(artifacts.trainingConfig, fail);
  const rng = strata?.rng;
  const layerRng =
    typeof strata?.layerRng === 'object' && strata.layerRng !== null
      ? (strata.layerRng as Record<string, number[]>)
      : undefined;
  // the first layer gets back the inputShape its batch_input_shape came from
  const layers = parsed.map((p, i) =>
    p.layerClass.fromConfig(i === 0 ? { ...p.config, inputShape: example } : p.config),
  );
  checkWeightShapes(
    layers,
    parsed.map((p) => p.layerClass),
    [null, ...example],
    specs,
    fail,
  );
  return {
    name: typeof topology.config?.name === 'string' ? topology.config.name : undefined,
    dtype: modelDtype,
    inputShape: [null, ...example],
    layers,
    values,
    weightNames: specs.filter((s) => s?.group !== 'optimizer').map((s) => s.name),
    training,
    rngState: rng,
    layerRng,
  };
}

/**
 * Checks the weights each layer will create against the manifest before anything is built, so a topology that asks
 * for more than the file holds (`units: 1e8` beside a few bytes of weights) fails here instead of allocating.
 */
function checkWeightShapes(
  layers: readonly Layer[],
  classes: readonly Pick<CustomLayerClass, 'weightShapes'>[],
  inputShape: ShapeSpec,
  specs: readonly WeightSpec[],
  fail: (expected: string, received: string) => never,
): void {
  const byName = new Map(specs.map((s) => [s.name, s]));
  let shape = inputShape;
  layers.forEach((layer, i) => {
    for (const [w, dims] of Object.entries(classes[i].weightShapes?.(layer, shape) ?? {}) as [string, number[]][]) {
      const name = `${layer.name}/${w}`;
      const saved = byName.get(name);
      if (saved === undefined)
        fail(`a weight named ${name} in weightSpecs`, `only ${[...byName.keys()].join(', ').slice(0, 200)}`);
      if (saved.shape.length !== dims.length || saved.shape.some((d, k) => d !== dims[k]))
        fail(`${name} of shape [${dims.join(', ')}] (from the topology)`, `[${saved.shape.join(', ')}]`);
    }
    shape = layer.outputShape(shape);
  });
}

/** Copies the saved weights into `params` (the built layers), matched by name, shapes checked first. */
export function assignSavedWeights(params: readonly Param[], parsed: ParsedModel, where: string): void {
  const fail = (expected: string, received: string): never => {
    throw new FormatError({
      where,
      expected,
      received,
      hint: 'The weights do not match the topology: the files belong to different saves; save the model again.',
    });
  };
  const names = parsed.weightNames;
  if (names.length !== params.length)
    fail(`${params.length} weights for this topology`, `${names.length} in weightSpecs`);
  // by name: TF.js lists trainable weights before non-trainable ones, not layer by layer
  const sources = params.map((p) => {
    const saved = names.includes(p.name) ? parsed.values.get(p.name) : undefined;
    if (saved === undefined) return fail(`a weight named ${p.name} in weightSpecs`, `only ${names.join(', ')}`);
    const shape = p.value.shape;
    if (saved.shape.length !== shape.length || saved.shape.some((d, k) => d !== shape[k]))
      fail(`${p.name} of shape [${shape.join(', ')}] (from the topology)`, `[${saved.shape.join(', ')}]`);
    return saved.data;
  });
  params.forEach((p, i) => p.value.data.set(sources[i]));
}
