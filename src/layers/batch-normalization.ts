import { ConfigError } from '../core/errors.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { resolveInitializer, type Initializer, type InitializerName } from '../initializers/index.js';
import { placed } from '../tensor/backend.js';
import * as ops from '../tensor/ops/index.js';
import type { Param, Regularizer } from '../tensor/param.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import {
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
import type { LayerClass } from './layer-class.js';
import { batchNormPyTorch } from './batch-normalization-pytorch.js';
import {
  assertBuilt,
  assertInputShape,
  batchSpec,
  checkInputShapeConfig,
  disposeStorage,
  featureWidth,
  noCache,
  checkLayerConfig,
} from './layer.js';
import type { BuildContext, Layer } from './layer.js';

export interface BatchNormalizationConfig {
  /** Weight of the old value in the moving statistics (Keras: 0.99). */
  momentum?: number;
  epsilon?: number;
  /** Learn beta (a shift). */
  center?: boolean;
  /** Learn gamma (a scale). */
  scale?: boolean;
  betaInitializer?: InitializerName | Initializer;
  gammaInitializer?: InitializerName | Initializer;
  movingMeanInitializer?: InitializerName | Initializer;
  movingVarianceInitializer?: InitializerName | Initializer;
  betaRegularizer?: Regularizer;
  gammaRegularizer?: Regularizer;
  inputShape?: number[];
  name?: string;
}

function param(name: string, value: Tensor, trainable: boolean, regularizer?: Regularizer): Param {
  return { name, value, grad: zeros(value.shape, value.dtype), trainable, regularizer };
}

// the factory's own option names, beside name and inputShape
const BATCH_NORM_KEYS = [
  'momentum',
  'epsilon',
  'center',
  'scale',
  'betaInitializer',
  'gammaInitializer',
  'movingMeanInitializer',
  'movingVarianceInitializer',
  'betaRegularizer',
  'gammaRegularizer',
];

/** Batch normalization with Keras semantics: batch statistics in training, moving statistics in inference. */
export class BatchNormalization implements Layer {
  readonly className = 'BatchNormalization';
  readonly keepsMask = true;
  name: string;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly inputShape?: readonly number[];
  readonly #init: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  readonly #regularizers: { beta?: Regularizer; gamma?: Regularizer };
  #params: Param[] = [];
  #gamma?: Param;
  #beta?: Param;
  #movingMean?: Param;
  #movingVariance?: Param;
  #ws?: Workspace;
  #xHat?: Tensor;
  #stats?: { mean: Tensor; variance: Tensor; invStd: Tensor };
  #inputSpec: ShapeSpec = [];

  constructor(config: BatchNormalizationConfig = {}) {
    const where = 'batchNormalization()';
    checkLayerConfig(where, config, BATCH_NORM_KEYS);
    this.momentum = config.momentum ?? 0.99;
    this.epsilon = config.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum <= 1))
      throw new ConfigError({
        where,
        expected: 'momentum in [0, 1]',
        received: String(config.momentum),
        hint: 'Keras uses 0.99; lower values follow the batches faster.',
      });
    if (!(this.epsilon > 0 && Number.isFinite(this.epsilon)))
      throw new ConfigError({
        where,
        expected: 'epsilon > 0',
        received: String(config.epsilon),
        hint: 'Keras uses 1e-3.',
      });
    this.center = config.center ?? true;
    this.scale = config.scale ?? true;
    this.#init = {
      beta: resolveInitializer(config.betaInitializer ?? 'zeros', where),
      gamma: resolveInitializer(config.gammaInitializer ?? 'ones', where),
      movingMean: resolveInitializer(config.movingMeanInitializer ?? 'zeros', where),
      movingVariance: resolveInitializer(config.movingVarianceInitializer ?? 'ones', where),
    };
    this.#regularizers = { beta: config.betaRegularizer, gamma: config.gammaRegularizer };
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#ws !== undefined;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const width = featureWidth(this, inputShape);
    this.#inputSpec = batchSpec(inputShape);
    const filled = (init: Initializer): Tensor => {
      const t = zeros([width], ctx.dtype);
      init.fill(t, ctx.rng);
      return t;
    };
    // without scale/center, gamma/beta stay fixed at their initial values and are not weights
    this.#gamma = param(`${this.name}/gamma`, filled(this.#init.gamma), true, this.#regularizers.gamma);
    this.#beta = param(`${this.name}/beta`, filled(this.#init.beta), true, this.#regularizers.beta);
    this.#movingMean = param(`${this.name}/moving_mean`, filled(this.#init.movingMean), false);
    this.#movingVariance = param(`${this.name}/moving_variance`, filled(this.#init.movingVariance), false);
    this.#params = [
      ...(this.scale ? [this.#gamma] : []),
      ...(this.center ? [this.#beta] : []),
      this.#movingMean,
      this.#movingVariance,
    ];
    this.#stats = {
      mean: zeros([width], ctx.dtype),
      variance: zeros([width], ctx.dtype),
      invStd: zeros([width], ctx.dtype),
    };
    this.#ws = new Workspace(ctx.dtype);
  }

  dispose(): void {
    const stats = this.#stats ? [this.#stats.mean, this.#stats.variance, this.#stats.invStd] : [];
    disposeStorage([this.#gamma, this.#beta, this.#movingMean, this.#movingVariance], this.#ws, stats);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return inputShape;
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const ws = assertBuilt(this, this.#ws);
    assertInputShape(this, x, this.#inputSpec);
    // statistics per channel (the last axis) over every other axis, as Keras' axis=-1
    const [gamma, beta] = [this.#gamma!.value, this.#beta!.value];
    const [movingMean, movingVariance] = [this.#movingMean!.value, this.#movingVariance!.value];
    const out = ws.like('out', x);
    if (mode === 'infer') return ops.batchNormInfer(x, gamma, beta, movingMean, movingVariance, this.epsilon, out);
    const xHat = ws.like('xHat', x);
    // the batch statistics join the call's working memory like the workspace buffers (a no-op outside a call)
    const { mean, variance, invStd } = this.#stats!;
    placed(mean);
    placed(variance);
    placed(invStd);
    ops.batchNormTrain(x, gamma, beta, this.epsilon, out, xHat, this.#stats!);
    ops.movingAverage(movingMean, this.#stats!.mean, this.momentum);
    ops.movingAverage(movingVariance, this.#stats!.variance, this.momentum);
    this.#xHat = xHat;
    return out;
  }

  backward(dy: Tensor): Tensor {
    const xHat = this.#xHat ?? noCache(this);
    const [gamma, beta] = [this.#gamma!, this.#beta!];
    const dx = this.#ws!.like('dx', dy);
    return ops.batchNormBackward(dy, xHat, gamma.value, this.#stats!.invStd, dx, gamma.grad, beta.grad);
  }

  params(): readonly Param[] {
    return this.#params;
  }

  config() {
    const init = (i: Initializer) => ({ className: i.className, config: i.config() });
    return {
      className: this.className,
      name: this.name,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: init(this.#init.beta),
      gammaInitializer: init(this.#init.gamma),
      movingMeanInitializer: init(this.#init.movingMean),
      movingVarianceInitializer: init(this.#init.movingVariance),
      betaRegularizer: this.#regularizers.beta?.config() ?? null,
      gammaRegularizer: this.#regularizers.gamma?.config() ?? null,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * Normalizes each feature over the batch, then scales by gamma and shifts by beta.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
 *   st.layers.batchNormalization(),
 *   st.layers.dense({ units: 3, activation: 'softmax' }),
 * ] });
 * model.summary(); // batch_normalization_1 has 256 params, 128 of them non-trainable
 * ```
 */
export const batchNormalization = (config: BatchNormalizationConfig = {}): BatchNormalization =>
  new BatchNormalization(config);

/** BatchNormalization in configs, Keras JSON and ONNX (its inference form, on the moving statistics). */
export const batchNormalizationClass = {
  className: 'BatchNormalization',
  fromConfig: (config) => {
    const c = config as Record<string, unknown>;
    const where = 'layerFromConfig()';
    return batchNormalization({
      ...commonFrom(config),
      momentum: c.momentum as number,
      epsilon: c.epsilon as number,
      center: c.center as boolean,
      scale: c.scale as boolean,
      betaInitializer: initializerFrom(where, c.betaInitializer),
      gammaInitializer: initializerFrom(where, c.gammaInitializer),
      movingMeanInitializer: initializerFrom(where, c.movingMeanInitializer),
      movingVarianceInitializer: initializerFrom(where, c.movingVarianceInitializer),
      betaRegularizer: regularizerFrom(c.betaRegularizer),
      gammaRegularizer: regularizerFrom(c.gammaRegularizer),
    });
  },
  toKeras: (layer) => {
    const c = layer.config();
    return {
      axis: -1,
      momentum: c.momentum,
      epsilon: c.epsilon,
      center: c.center,
      scale: c.scale,
      beta_initializer: initializerToKeras(c.betaInitializer),
      gamma_initializer: initializerToKeras(c.gammaInitializer),
      moving_mean_initializer: initializerToKeras(c.movingMeanInitializer),
      moving_variance_initializer: initializerToKeras(c.movingVarianceInitializer),
      beta_regularizer: regularizerToKeras(c.betaRegularizer),
      gamma_regularizer: regularizerToKeras(c.gammaRegularizer),
      beta_constraint: null,
      gamma_constraint: null,
    };
  },
  fromKeras: (c, at) => {
    const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : (c.axis ?? -1);
    if (axis !== -1 && axis !== 1) formatFail(at, 'axis -1 (the features)', JSON.stringify(c.axis));
    expectNull(at, c, ['beta_constraint', 'gamma_constraint']);
    return {
      momentum: c.momentum ?? 0.99,
      epsilon: c.epsilon ?? 1e-3,
      center: c.center ?? true,
      scale: c.scale ?? true,
      betaInitializer: initializerFromKeras(at, c.beta_initializer),
      gammaInitializer: initializerFromKeras(at, c.gamma_initializer),
      movingMeanInitializer: initializerFromKeras(at, c.moving_mean_initializer),
      movingVarianceInitializer: initializerFromKeras(at, c.moving_variance_initializer),
      betaRegularizer: regularizerFromKeras(at, c.beta_regularizer),
      gammaRegularizer: regularizerFromKeras(at, c.gamma_regularizer),
    };
  },
  onnx: (layer, x, graph, weights, inputShape) => {
    const units = weights.moving_mean!.size;
    // ONNX's BatchNormalization takes channels on axis 1; channels-last images and sequences get x·scale + shift
    if (inputShape.length > 2) {
      const at = (key: 'gamma' | 'beta' | 'moving_mean' | 'moving_variance', i: number, fallback: number) =>
        weights[key]?.data[i] ?? fallback;
      const scale = Float32Array.from({ length: units }, (_, i) => {
        return at('gamma', i, 1) / Math.sqrt(at('moving_variance', i, 1) + layer.epsilon);
      });
      const shift = Float32Array.from(
        { length: units },
        (_, i) => at('beta', i, 0) - at('moving_mean', i, 0) * scale[i],
      );
      const scaled = graph.node(
        'Mul',
        [x, graph.constant(`${layer.name}/scale`, [units], scale)],
        undefined,
        layer.name,
      );
      return graph.node('Add', [scaled, graph.constant(`${layer.name}/shift`, [units], shift)]);
    }
    // without scale or center, gamma and beta are fixed at 1 and 0 and are not weights
    const named = (key: 'gamma' | 'beta' | 'moving_mean' | 'moving_variance', fallback: number) =>
      graph.constant(`${layer.name}/${key}`, [units], weights[key]?.data ?? new Float32Array(units).fill(fallback));
    const inputs = [x, named('gamma', 1), named('beta', 0), named('moving_mean', 0), named('moving_variance', 1)];
    return graph.node('BatchNormalization', inputs, [{ name: 'epsilon', float: layer.epsilon }], layer.name);
  },
  weightShapes: (layer, inputShape) => {
    const channels = [Number(inputShape[inputShape.length - 1])];
    return {
      ...(layer.scale ? { gamma: channels } : {}),
      ...(layer.center ? { beta: channels } : {}),
      moving_mean: channels,
      moving_variance: channels,
    };
  },
  pytorch: (layer, inputShape) => batchNormPyTorch(layer, Number(inputShape[inputShape.length - 1])),
  stochastic: false,
  weightNames: ['gamma', 'beta', 'moving_mean', 'moving_variance'],
} as const satisfies LayerClass<BatchNormalization, 'gamma' | 'beta' | 'moving_mean' | 'moving_variance'>;
