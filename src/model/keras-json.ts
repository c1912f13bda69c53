import { FormatError } from '../core/errors.js';
import { activationNames } from '../activations/index.js';
import type { LayerConfig } from '../layers/layer.js';
import { INITIALIZER_CLASSES } from './layer-from-config.js';

/** A layer as TF.js' layers-model format (Keras JSON) writes it. */
export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Spec = { className: string; config: Json } | null | undefined;

export const SUPPORTED_LAYERS = ['Dense', 'Activation', 'Dropout', 'BatchNormalization'];

// strata's initializer classes by their TF.js names; VarianceScaling is TF.js' own spelling of the Glorot/He/LeCun family
const TFJS_NAME: Record<string, string> = { LecunNormal: 'LeCunNormal', LecunUniform: 'LeCunUniform' };
const FROM_TFJS: Record<string, string> = { LeCunNormal: 'LecunNormal', LeCunUniform: 'LecunUniform' };
const VARIANCE_SCALING: Record<string, string> = {
  '1/fan_avg/uniform': 'GlorotUniform',
  '1/fan_avg/normal': 'GlorotNormal',
  '1/fan_avg/truncated_normal': 'GlorotNormal',
  '2/fan_in/normal': 'HeNormal',
  '2/fan_in/truncated_normal': 'HeNormal',
  '2/fan_in/uniform': 'HeUniform',
  '1/fan_in/normal': 'LecunNormal',
  '1/fan_in/truncated_normal': 'LecunNormal',
  '1/fan_in/uniform': 'LecunUniform',
};

const initializerOut = (spec: unknown) => {
  const { className, config } = spec as { className: string; config: Json };
  return { class_name: TFJS_NAME[className] ?? className, config: { ...config } };
};
const regularizerOut = (spec: unknown) => (spec ? { class_name: 'L1L2', config: { ...(spec as Json) } } : null);

/** A strata layer config as Keras JSON; the first layer also carries `batch_input_shape`. */
export function toKerasLayer(config: LayerConfig, dtype: string, batchInputShape?: (number | null)[]): KerasLayerJson {
  const c = config as Json;
  const common = {
    name: c.name,
    trainable: true,
    dtype,
    ...(batchInputShape ? { batch_input_shape: batchInputShape } : {}),
  };
  const body: Record<string, () => Json> = {
    Dense: () => ({
      units: c.units,
      activation: c.activation,
      use_bias: c.useBias,
      kernel_initializer: initializerOut(c.kernelInitializer),
      bias_initializer: initializerOut(c.biasInitializer),
      kernel_regularizer: regularizerOut(c.kernelRegularizer),
      bias_regularizer: regularizerOut(c.biasRegularizer),
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    }),
    Activation: () => ({ activation: c.activation }),
    Dropout: () => ({ rate: c.rate, noise_shape: null, seed: c.seed }),
    BatchNormalization: () => ({
      axis: -1,
      momentum: c.momentum,
      epsilon: c.epsilon,
      center: c.center,
      scale: c.scale,
      beta_initializer: initializerOut(c.betaInitializer),
      gamma_initializer: initializerOut(c.gammaInitializer),
      moving_mean_initializer: initializerOut(c.movingMeanInitializer),
      moving_variance_initializer: initializerOut(c.movingVarianceInitializer),
      beta_regularizer: regularizerOut(c.betaRegularizer),
      gamma_regularizer: regularizerOut(c.gammaRegularizer),
      beta_constraint: null,
      gamma_constraint: null,
    }),
  };
  return { class_name: config.className, config: { ...body[config.className](), ...common } };
}

function fail(where: string, expected: string, received: string, hint?: string): never {
  throw new FormatError({ where, expected, received, hint });
}

function initializerIn(where: string, json: unknown): Spec {
  if (json === null || json === undefined) return undefined;
  const { class_name: name, config = {} } = json as { class_name?: string; config?: Json };
  if (name === 'VarianceScaling') {
    const key = `${config.scale}/${config.mode}/${config.distribution}`;
    // an initializer only matters for new weights, and a loaded model has its weights: keep the default if unknown
    return VARIANCE_SCALING[key]
      ? { className: VARIANCE_SCALING[key], config: { seed: config.seed ?? null } }
      : undefined;
  }
  const className = FROM_TFJS[name ?? ''] ?? name ?? '';
  if (INITIALIZER_CLASSES.includes(className)) return { className, config: { ...config } };
  if (typeof name !== 'string') fail(where, 'an initializer { class_name, config }', JSON.stringify(json));
  return undefined;
}

function regularizerIn(where: string, json: unknown): Json | null {
  if (json === null || json === undefined) return null;
  const { class_name: name, config = {} } = json as { class_name?: string; config?: Json };
  if (name !== 'L1L2') fail(where, 'regularizer class L1L2 or null', `'${String(name)}'`);
  return { l1: Number(config.l1 ?? 0), l2: Number(config.l2 ?? 0) };
}

function noConstraints(where: string, c: Json, keys: string[]): void {
  for (const key of keys)
    if (c[key] !== null && c[key] !== undefined)
      fail(where, `${key}: null (strata has no weight constraints)`, JSON.stringify(c[key]));
}

/** Keras JSON back to a strata layer config, checking what strata can represent. */
export function fromKerasLayer(
  json: unknown,
  where: string,
): { config: LayerConfig; batchInputShape?: unknown; dtype?: unknown } {
  if (typeof json !== 'object' || json === null || typeof (json as Json).class_name !== 'string')
    fail(where, 'a layer { class_name, config }', JSON.stringify(json)?.slice(0, 80) ?? String(json));
  const { class_name: className, config: raw } = json as { class_name: string; config?: Json };
  if (!SUPPORTED_LAYERS.includes(className))
    fail(
      where,
      `a supported layer class (${SUPPORTED_LAYERS.join(', ')})`,
      `'${className}'`,
      'Other layers cannot be loaded yet.',
    );
  const c = raw ?? {};
  const at = `${where} (${className} '${String(c.name)}')`;
  const activation = (name: unknown) => {
    if (typeof name !== 'string' || !(activationNames as string[]).includes(name))
      fail(at, `an activation among ${activationNames.join(', ')}`, JSON.stringify(name));
    return name;
  };
  const base = { className, name: typeof c.name === 'string' ? c.name : '' };
  let config: LayerConfig;
  if (className === 'Dense') {
    noConstraints(at, c, ['kernel_constraint', 'bias_constraint', 'activity_regularizer']);
    config = {
      ...base,
      units: c.units,
      activation: activation(c.activation ?? 'linear'),
      useBias: c.use_bias ?? true,
      kernelInitializer: initializerIn(at, c.kernel_initializer),
      biasInitializer: initializerIn(at, c.bias_initializer),
      kernelRegularizer: regularizerIn(at, c.kernel_regularizer),
      biasRegularizer: regularizerIn(at, c.bias_regularizer),
    };
  } else if (className === 'Activation') config = { ...base, activation: activation(c.activation) };
  else if (className === 'Dropout') {
    if (c.noise_shape !== null && c.noise_shape !== undefined)
      fail(at, 'noise_shape: null', JSON.stringify(c.noise_shape));
    config = { ...base, rate: c.rate, seed: c.seed ?? null };
  } else {
    const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : (c.axis ?? -1);
    if (axis !== -1 && axis !== 1) fail(at, 'axis -1 (the features)', JSON.stringify(c.axis));
    noConstraints(at, c, ['beta_constraint', 'gamma_constraint']);
    config = {
      ...base,
      momentum: c.momentum ?? 0.99,
      epsilon: c.epsilon ?? 1e-3,
      center: c.center ?? true,
      scale: c.scale ?? true,
      betaInitializer: initializerIn(at, c.beta_initializer),
      gammaInitializer: initializerIn(at, c.gamma_initializer),
      movingMeanInitializer: initializerIn(at, c.moving_mean_initializer),
      movingVarianceInitializer: initializerIn(at, c.moving_variance_initializer),
      betaRegularizer: regularizerIn(at, c.beta_regularizer),
      gammaRegularizer: regularizerIn(at, c.gamma_regularizer),
    };
  }
  return { config, batchInputShape: c.batch_input_shape, dtype: c.dtype };
}
