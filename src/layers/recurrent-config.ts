// the settings SimpleRNN, LSTM and GRU share: checked options, their config() JSON and their Keras JSON
import { ConfigError } from '../core/errors.js';
import { getActivation, type Activation, type ActivationName } from '../activations/index.js';
import { resolveInitializer, type Initializer, type InitializerName } from '../initializers/index.js';
import type { EpilogueActivation } from '../kernels/kernels.js';
import type { Regularizer } from '../tensor/param.js';
import {
  activationFromKeras,
  commonFrom,
  expectNull,
  formatFail,
  initializerFrom,
  initializerFromKeras,
  initializerToKeras,
  regularizerFrom,
  regularizerFromKeras,
  regularizerToKeras,
} from './config-json.js';
import type { ShapeSpec } from '../core/shape.js';
import { checkInputShapeConfig, checkLayerConfig, checkPositiveInteger, type LayerConfig } from './layer.js';

/** The options every recurrent layer takes (Keras' names and defaults). */
export interface RecurrentConfig {
  units: number;
  /** The state's activation (default 'tanh'); one of linear, relu, sigmoid, tanh. */
  activation?: ActivationName;
  useBias?: boolean;
  kernelInitializer?: InitializerName | Initializer;
  /** Default 'orthogonal', as Keras. */
  recurrentInitializer?: InitializerName | Initializer;
  biasInitializer?: InitializerName | Initializer;
  kernelRegularizer?: Regularizer;
  recurrentRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  /** Fraction of the inputs dropped in training, one mask per sequence. */
  dropout?: number;
  /** Fraction of the previous state dropped in training, one mask per sequence. */
  recurrentDropout?: number;
  /** Return the state after every step, [batch, time, units], instead of the last one, [batch, units]. */
  returnSequences?: boolean;
  /** Read the sequence from its end; the returned sequence is in the order read, as in Keras. */
  goBackwards?: boolean;
  /** A fixed seed for the dropout masks; otherwise drawn from the model's generator. */
  seed?: number;
  /** The input's shape without the batch dimension, [time, features]; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

export const RECURRENT_KEYS = [
  'units',
  'activation',
  'useBias',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'recurrentRegularizer',
  'biasRegularizer',
  'dropout',
  'recurrentDropout',
  'returnSequences',
  'goBackwards',
  'seed',
];

/** The checked settings of a recurrent layer. */
export interface RecurrentSettings {
  readonly units: number;
  readonly activation: Activation & { readonly epilogue: EpilogueActivation };
  readonly recurrentActivation: Activation & { readonly epilogue: EpilogueActivation };
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer?: Regularizer;
  readonly recurrentRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly seed?: number;
  readonly inputShape?: readonly number[];
  readonly name: string;
}

/** An activation the fused gate kernels apply: one whose derivative reads its output. */
function gateActivation(where: string, key: string, name: unknown): RecurrentSettings['activation'] {
  const activation = getActivation(name as ActivationName, where);
  if (!activation.epilogue)
    throw new ConfigError({
      where,
      expected: `${key} among linear, relu, sigmoid, tanh`,
      received: `'${String(name)}'`,
      hint: `Recurrent cells apply these four in their fused kernels; use e.g. ${key}: 'tanh'.`,
    });
  return activation as RecurrentSettings['activation'];
}

function rate(where: string, key: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value < 1))
    throw new ConfigError({
      where,
      expected: `${key} in [0, 1)`,
      received: String(value),
      hint: `${key} is the fraction dropped: 0.2 drops one value in five.`,
    });
  return value;
}

/** Checks a recurrent layer's options; `extra` names the class's own keys (recurrentActivation, resetAfter, …). */
export function recurrentSettings(
  where: string,
  config: RecurrentConfig & { recurrentActivation?: ActivationName },
  extra: readonly string[],
): RecurrentSettings {
  checkLayerConfig(where, config, [...RECURRENT_KEYS, ...extra]);
  return {
    units: checkPositiveInteger(where, 'units', config.units),
    activation: gateActivation(where, 'activation', config.activation ?? 'tanh'),
    recurrentActivation: gateActivation(where, 'recurrentActivation', config.recurrentActivation ?? 'sigmoid'),
    useBias: config.useBias ?? true,
    kernelInitializer: resolveInitializer(config.kernelInitializer ?? 'glorotUniform', where),
    recurrentInitializer: resolveInitializer(config.recurrentInitializer ?? 'orthogonal', where),
    biasInitializer: resolveInitializer(config.biasInitializer ?? 'zeros', where),
    kernelRegularizer: config.kernelRegularizer,
    recurrentRegularizer: config.recurrentRegularizer,
    biasRegularizer: config.biasRegularizer,
    dropout: rate(where, 'dropout', config.dropout),
    recurrentDropout: rate(where, 'recurrentDropout', config.recurrentDropout),
    returnSequences: config.returnSequences ?? false,
    goBackwards: config.goBackwards ?? false,
    seed: config.seed ?? undefined,
    inputShape: checkInputShapeConfig(where, config.inputShape),
    name: config.name ?? '',
  };
}

const spec = (i: Initializer) => ({ className: i.className, config: i.config() });

/** The shared part of config(). */
export function recurrentConfig(s: RecurrentSettings, className: string, name: string): LayerConfig {
  return {
    className,
    name,
    units: s.units,
    activation: s.activation.name,
    useBias: s.useBias,
    kernelInitializer: spec(s.kernelInitializer),
    recurrentInitializer: spec(s.recurrentInitializer),
    biasInitializer: spec(s.biasInitializer),
    kernelRegularizer: s.kernelRegularizer?.config() ?? null,
    recurrentRegularizer: s.recurrentRegularizer?.config() ?? null,
    biasRegularizer: s.biasRegularizer?.config() ?? null,
    dropout: s.dropout,
    recurrentDropout: s.recurrentDropout,
    returnSequences: s.returnSequences,
    goBackwards: s.goBackwards,
    seed: s.seed ?? null,
    ...(s.inputShape ? { inputShape: [...s.inputShape] } : {}),
  };
}

/** The shared part of fromConfig: config() JSON back to factory options. */
export function recurrentFrom(config: LayerConfig): RecurrentConfig {
  const c = config as Record<string, unknown>;
  const where = 'layerFromConfig()';
  return {
    ...commonFrom(config),
    units: c.units as number,
    activation: c.activation as ActivationName,
    useBias: c.useBias as boolean,
    kernelInitializer: initializerFrom(where, c.kernelInitializer),
    recurrentInitializer: initializerFrom(where, c.recurrentInitializer),
    biasInitializer: initializerFrom(where, c.biasInitializer),
    kernelRegularizer: regularizerFrom(c.kernelRegularizer),
    recurrentRegularizer: regularizerFrom(c.recurrentRegularizer),
    biasRegularizer: regularizerFrom(c.biasRegularizer),
    dropout: c.dropout as number,
    recurrentDropout: c.recurrentDropout as number,
    returnSequences: c.returnSequences as boolean,
    goBackwards: c.goBackwards as boolean,
    seed: (c.seed as number | null) ?? undefined,
  };
}

/** The shared part of the Keras JSON (TF.js' RNN layers write these keys). */
export function recurrentToKeras(c: LayerConfig): Record<string, unknown> {
  return {
    units: c.units,
    activation: c.activation,
    use_bias: c.useBias,
    kernel_initializer: initializerToKeras(c.kernelInitializer),
    recurrent_initializer: initializerToKeras(c.recurrentInitializer),
    bias_initializer: initializerToKeras(c.biasInitializer),
    kernel_regularizer: regularizerToKeras(c.kernelRegularizer),
    recurrent_regularizer: regularizerToKeras(c.recurrentRegularizer),
    bias_regularizer: regularizerToKeras(c.biasRegularizer),
    activity_regularizer: null,
    kernel_constraint: null,
    recurrent_constraint: null,
    bias_constraint: null,
    dropout: c.dropout,
    recurrent_dropout: c.recurrentDropout,
    return_sequences: c.returnSequences,
    return_state: false,
    go_backwards: c.goBackwards,
    stateful: false,
    unroll: false,
    ...(c.seed === null ? {} : { seed: c.seed }),
  };
}

/** Keras JSON back to the shared options; refuses what strata does not do (states returned or kept, constraints). */
export function recurrentFromKeras(c: Record<string, unknown>, at: string): Record<string, unknown> {
  expectNull(at, c, ['kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'activity_regularizer']);
  for (const key of ['return_state', 'stateful'])
    if (c[key] === true)
      formatFail(
        at,
        `${key}: false`,
        'true',
        'strata recurrent layers return one output and keep no state between batches.',
      );
  return {
    units: c.units,
    activation: activationFromKeras(at, c.activation ?? 'tanh'),
    useBias: c.use_bias ?? true,
    kernelInitializer: initializerFromKeras(at, c.kernel_initializer),
    recurrentInitializer: initializerFromKeras(at, c.recurrent_initializer),
    biasInitializer: initializerFromKeras(at, c.bias_initializer),
    kernelRegularizer: regularizerFromKeras(at, c.kernel_regularizer),
    recurrentRegularizer: regularizerFromKeras(at, c.recurrent_regularizer),
    biasRegularizer: regularizerFromKeras(at, c.bias_regularizer),
    dropout: c.dropout ?? 0,
    recurrentDropout: c.recurrent_dropout ?? 0,
    returnSequences: c.return_sequences ?? false,
    goBackwards: c.go_backwards ?? false,
    seed: c.seed ?? undefined,
  };
}

/** The weights a recurrent layer builds on [batch, time, features] (loading checks files against them first). */
export function weightShapes(
  units: number,
  gates: number,
  inputShape: ShapeSpec,
  useBias: boolean,
  biasRows = 1,
): Record<'kernel' | 'recurrent_kernel' | 'bias', number[]> | Record<'kernel' | 'recurrent_kernel', number[]> {
  const width = Number(inputShape[inputShape.length - 1]);
  const shapes = { kernel: [width, gates * units], recurrent_kernel: [units, gates * units] };
  return useBias ? { ...shapes, bias: biasRows === 1 ? [gates * units] : [biasRows, gates * units] } : shapes;
}
