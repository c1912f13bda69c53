import { FormatError } from '../core/errors.js';
import type { DType, FloatArray } from '../core/types.js';
import { allocate } from '../core/types.js';
import {
  optimizers,
  schedules,
  type LearningRateSchedule,
  type Optimizer,
  type OptimizerName,
} from '../optimizers/index.js';
import { fromKerasLayer, toKerasLayer } from './keras-json.js';
import { layerFromConfig } from './layer-from-config.js';
import { Sequential } from './sequential.js';

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
}

const BYTES: Record<string, number> = { float32: 4, float64: 8 };

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
export function toArtifacts(model: Sequential, options: SaveOptions = {}): ModelArtifacts {
  const inputShape = model.inputShape!;
  const layers = model.layers.map((l, i) =>
    toKerasLayer(l.config(), model.dtype, i === 0 ? [...inputShape] : undefined),
  );
  const params = model.layers.flatMap((l) => l.params());
  const weightSpecs: WeightSpec[] = params.map((p) => ({
    name: p.name,
    shape: [...p.value.shape],
    dtype: model.dtype,
  }));
  const arrays = params.map((p) => p.value.data);
  let trainingConfig: unknown;
  if (options.includeOptimizer) {
    const { optimizer, loss, metricNames } = model.compiledConfig();
    trainingConfig = {
      loss: loss.name,
      metrics: metricNames,
      optimizer_config: { class_name: optimizer.name, config: optimizer.config() },
    };
    const iterations = allocate(model.dtype, 1);
    iterations[0] = optimizer.iterations;
    const slots = optimizer.slots(params);
    weightSpecs.push({ name: 'optimizer/iterations', shape: [], dtype: model.dtype, group: 'optimizer' });
    for (const s of slots)
      weightSpecs.push({
        name: `optimizer/${s.name}`,
        shape: [s.value.length],
        dtype: model.dtype,
        group: 'optimizer',
      });
    arrays.push(iterations, ...slots.map((s) => s.value));
  }
  return {
    format: 'layers-model',
    generatedBy: 'strata 0.1.0',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: model.name, layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightSpecs,
    weightData: pack(arrays, model.dtype),
    ...(trainingConfig ? { trainingConfig, userDefinedMetadata: { strata: { rng: model.rng.getState() } } } : {}),
  };
}

/** Reads artifacts into a new model; every check happens before anything is built, so a failed load changes nothing. */
export function fromArtifacts(artifacts: ModelArtifacts, where = 'loadModel()'): Sequential {
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
  const parsed = rawLayers.map((l, i) => fromKerasLayer(l, `${where}: layer ${i}`));
  const { batchInputShape, dtype } = parsed[0];
  if (!Array.isArray(batchInputShape) || batchInputShape.length !== 2 || !(Number(batchInputShape[1]) > 0))
    fail('the first layer to carry batch_input_shape [null, features]', JSON.stringify(batchInputShape));
  if (dtype !== undefined && dtype !== 'float32' && dtype !== 'float64')
    fail("dtype 'float32' or 'float64'", JSON.stringify(dtype));
  const modelDtype: DType = dtype === 'float64' ? 'float64' : 'float32';
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs)) fail('weightSpecs as an array', typeof specs);
  if (!(artifacts.weightData instanceof ArrayBuffer)) fail('weightData as an ArrayBuffer', typeof artifacts.weightData);

  const layers = parsed.map((p) => layerFromConfig(p.config, where)!);
  const model = new Sequential({
    layers,
    dtype: modelDtype,
    name: typeof topology.config?.name === 'string' ? topology.config.name : undefined,
  });
  model.build([null, Number(batchInputShape[1])]);
  const params = model.layers.flatMap((l) => l.params());
  const modelSpecs = specs.filter((s) => s?.group !== 'optimizer');
  if (modelSpecs.length !== params.length)
    fail(`${params.length} weights for this topology`, `${modelSpecs.length} in weightSpecs`);
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
  // by name: TF.js lists trainable weights before non-trainable ones, not layer by layer
  const specIndex = new Map(specs.map((s, i) => [s.name, i] as const));
  const sources = params.map((p) => {
    const i = specIndex.get(p.name);
    if (i === undefined || specs[i].group === 'optimizer')
      fail(`a weight named ${p.name} in weightSpecs`, `only ${modelSpecs.map((s) => s.name).join(', ')}`);
    const shape = p.value.shape;
    const s = specs[i];
    if (s.shape.length !== shape.length || s.shape.some((d, k) => d !== shape[k]))
      fail(`${p.name} of shape [${shape.join(', ')}] (from the topology)`, `[${s.shape.join(', ')}]`);
    return i;
  });
  const view = new DataView(artifacts.weightData);
  let offset = 0;
  const values = specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const out = allocate(modelDtype, size);
    for (let k = 0; k < size; k++, offset += BYTES[s.dtype]) {
      out[k] = s.dtype === 'float64' ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
      if (!Number.isFinite(out[k])) fail(`finite weights`, `${out[k]} in ${s.name} at index ${k}`);
    }
    return out;
  });
  params.forEach((p, i) => p.value.data.set(values[sources[i]]));
  restoreTraining(model, artifacts.trainingConfig, specs, values, fail);
  const rng = (artifacts.userDefinedMetadata?.strata as { rng?: number[] } | undefined)?.rng;
  if (rng !== undefined) model.rng.setState(rng);
  return model;
}

const scheduleByClass = {
  ExponentialDecay: schedules.exponentialDecay,
  CosineDecay: schedules.cosineDecay,
  PiecewiseConstantDecay: schedules.piecewiseConstant,
} as Record<string, (config: never) => LearningRateSchedule>;

/** The compiled loss, metrics and optimizer, its state and step count restored, so training resumes exactly. */
function restoreTraining(
  model: Sequential,
  trainingConfig: unknown,
  specs: WeightSpec[],
  values: FloatArray[],
  fail: (expected: string, received: string) => never,
): void {
  if (trainingConfig === undefined || trainingConfig === null) return;
  const {
    loss,
    metrics,
    optimizer_config: oc,
  } = trainingConfig as {
    loss?: unknown;
    metrics?: unknown;
    optimizer_config?: { class_name?: unknown; config?: Record<string, unknown> };
  };
  const name = oc?.class_name;
  if (typeof loss !== 'string' || typeof name !== 'string' || !Object.hasOwn(optimizers, name))
    fail(
      `trainingConfig with a loss and an optimizer among ${Object.keys(optimizers).join(', ')}`,
      JSON.stringify(trainingConfig).slice(0, 80),
    );
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(oc!.config ?? {})) {
    if (value === null || value === undefined) continue;
    const schedule = value as { className?: string; config?: never };
    settings[key] =
      key === 'learningRate' && typeof value === 'object'
        ? scheduleByClass[schedule.className!]?.(schedule.config!)
        : value;
  }
  const optimizer = (optimizers[name as OptimizerName] as (options: object) => Optimizer)(settings);
  model.compile({ loss: loss as never, optimizer, metrics: Array.isArray(metrics) ? (metrics as never[]) : [] });
  const state = new Map(specs.map((s, i) => [s.name, values[i]] as const));
  const iterations = state.get('optimizer/iterations');
  if (iterations === undefined) return;
  optimizer.setIterations(iterations[0]);
  for (const slot of optimizer.slots(model.layers.flatMap((l) => l.params()))) {
    const saved = state.get(`optimizer/${slot.name}`);
    if (saved === undefined || saved.length !== slot.value.length)
      fail(`optimizer state ${slot.name}`, saved ? `${saved.length} values` : 'none');
    slot.value.set(saved);
  }
}
