import type { Mode } from '../core/types.js';
import type { EpilogueActivation } from '../kernels/kernels.js';
import { getActivation, type Activation, type ActivationName } from '../activations/index.js';
import { resolveInitializer, type Initializer, type InitializerName } from '../initializers/index.js';
import * as ops from '../tensor/ops/index.js';
import type { Param, Regularizer } from '../tensor/param.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import {
  assertBuilt,
  assertInputShape,
  batchSpec,
  checkInputShapeConfig,
  checkPositiveInteger,
  disposeStorage,
  featureWidth,
  noCache,
  type BuildContext,
  type Layer,
  type LayerConfig,
  checkLayerConfig,
  describeLayer,
} from './layer.js';
import type { ShapeSpec } from '../core/shape.js';
import {
  activationFromKeras,
  commonFrom,
  expectNull,
  initializerFrom,
  initializerFromKeras,
  initializerToKeras,
  regularizerFrom,
  regularizerFromKeras,
  regularizerToKeras,
} from './config-json.js';
import type { LayerClass } from './layer-class.js';
import { torchActivation, torchWeights } from './pytorch.js';

export interface DenseConfig {
  units: number;
  activation?: ActivationName;
  useBias?: boolean;
  kernelInitializer?: InitializerName | Initializer;
  biasInitializer?: InitializerName | Initializer;
  kernelRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  /** The input's shape without the batch dimension; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

// the factory's own option names, beside name and inputShape
const DENSE_KEYS = [
  'units',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'biasRegularizer',
];

/** A fully connected layer on the last axis: a = activation(x · kernel + bias), kernel [in, units]; [..., in] → [..., units]. */
export class Dense implements Layer {
  readonly className = 'Dense';
  readonly keepsMask = true;
  name: string;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly inputShape?: readonly number[];
  readonly #kernelInitializer: Initializer;
  readonly #biasInitializer: Initializer;
  readonly #kernelRegularizer?: Regularizer;
  readonly #biasRegularizer?: Regularizer;
  #kernel?: Param;
  #bias?: Param;
  #inputSpec: ShapeSpec = [];
  #ws?: Workspace;
  #x?: Tensor;
  #z?: Tensor;
  #a?: Tensor;

  constructor(config: DenseConfig) {
    const where = 'dense()';
    checkLayerConfig(where, config, DENSE_KEYS);
    this.units = checkPositiveInteger(where, 'units', config?.units);
    this.activation = getActivation(config.activation ?? 'linear', where);
    this.useBias = config.useBias ?? true;
    this.#kernelInitializer = resolveInitializer(config.kernelInitializer ?? 'glorotUniform', where);
    this.#biasInitializer = resolveInitializer(config.biasInitializer ?? 'zeros', where);
    this.#kernelRegularizer = config.kernelRegularizer;
    this.#biasRegularizer = config.biasRegularizer;
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#kernel !== undefined;
  }

  get outputActivation(): string {
    return this.activation.name;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const inputWidth = featureWidth(this, inputShape);
    this.#inputSpec = batchSpec(inputShape);
    const kernel = zeros([inputWidth, this.units], ctx.dtype);
    this.#kernelInitializer.fill(kernel, ctx.rng);
    this.#kernel = {
      name: `${this.name}/kernel`,
      value: kernel,
      grad: zeros(kernel.shape, ctx.dtype),
      trainable: true,
      regularizer: this.#kernelRegularizer,
    };
    if (this.useBias) {
      const bias = zeros([this.units], ctx.dtype);
      this.#biasInitializer.fill(bias, ctx.rng);
      this.#bias = {
        name: `${this.name}/bias`,
        value: bias,
        grad: zeros(bias.shape, ctx.dtype),
        trainable: true,
        regularizer: this.#biasRegularizer,
      };
    }
    this.#ws = new Workspace(ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return [...inputShape.slice(0, -1), this.units];
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const kernel = assertBuilt(this, this.#kernel);
    assertInputShape(this, x, this.#inputSpec);
    // inference gets its own buffers so a predict between forward and backward leaves the cache intact
    const train = mode === 'train';
    const bias = this.#bias?.value ?? null;
    let z: Tensor;
    let a: Tensor;
    if (this.activation.epilogue) {
      // a = g(x·W + b) in one sweep; the activation's backward reads only a, so a stands in for z
      z = a = ops.linear(
        x,
        kernel.value,
        bias,
        this.activation.epilogue,
        this.#ws!.like(train ? 'a' : 'aInfer', x, this.units),
      );
    } else {
      z = ops.linear(x, kernel.value, bias, 'linear', this.#ws!.like(train ? 'z' : 'zInfer', x, this.units));
      a = this.#ws!.like(train ? 'a' : 'aInfer', x, this.units);
      this.activation.forward(z, a);
    }
    if (train) {
      this.#x = x;
      this.#z = z;
      this.#a = a;
    }
    return a;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const z = this.#z ?? noCache(this);
    const epilogue = this.activation.epilogue;
    if (epilogue === undefined) {
      const dz = this.#ws!.like('dz', z);
      this.activation.backward(z, this.#a!, dy, dz);
      return this.backwardFromPreActivation(dz, needsInputGradient);
    }
    // an epilogue activation's derivative reads its output alone, so one op takes it with the products
    const dz = epilogue === 'linear' ? dy : this.#ws!.like('dz', z);
    return this.#linearBackward(this.#a!, dy, epilogue, dz, needsInputGradient);
  }

  backwardFromPreActivation(dz: Tensor, needsInputGradient: boolean): Tensor | null {
    return this.#linearBackward(dz, dz, 'linear', dz, needsInputGradient);
  }

  /** dz = dy ⊙ g'(a), dW = xᵀ·dz, db = Σ dz, dx = dz·Wᵀ (when wanted). */
  #linearBackward(
    a: Tensor,
    dy: Tensor,
    g: EpilogueActivation,
    dz: Tensor,
    needsInputGradient: boolean,
  ): Tensor | null {
    const x = this.#x ?? noCache(this);
    const kernel = this.#kernel!;
    const dx = needsInputGradient ? this.#ws!.like('dx', x) : null;
    return ops.linearBackward(x, kernel.value, a, dy, g, dz, kernel.grad, this.#bias?.grad ?? null, dx);
  }

  dispose(): void {
    disposeStorage([this.#kernel, this.#bias], this.#ws);
  }

  params(): readonly Param[] {
    if (!this.#kernel) return [];
    return this.#bias ? [this.#kernel, this.#bias] : [this.#kernel];
  }

  config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: { className: this.#kernelInitializer.className, config: this.#kernelInitializer.config() },
      biasInitializer: { className: this.#biasInitializer.className, config: this.#biasInitializer.config() },
      kernelRegularizer: this.#kernelRegularizer?.config() ?? null,
      biasRegularizer: this.#biasRegularizer?.config() ?? null,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * A fully connected layer.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),
 *   st.layers.dense({ units: 1, activation: 'sigmoid' }),
 * ] });
 * console.log(model.predict([[0.5, -0.5]]).shape); // [1, 1]
 * ```
 */
export const dense = (config: DenseConfig): Dense => new Dense(config);

const DENSE_PY = `class StrataDense(nn.Linear):
    """Keras' Dense: activation(x @ weight.T + bias) on the last axis of input of any rank."""

    def __init__(self, in_features, units, bias, activation):
        super().__init__(in_features, units, bias=bias)
        self.activation = activation

    def forward(self, x):
        return self.activation(super().forward(x))
`;

/** Dense in configs, Keras JSON, ONNX (Gemm, then its activation) and PyTorch (a Linear with its activation). */
export const denseClass = {
  className: 'Dense',
  fromConfig: (config) => {
    const c = config as Record<string, unknown>;
    const where = 'layerFromConfig()';
    return dense({
      ...commonFrom(config),
      units: c.units as number,
      activation: c.activation as ActivationName,
      useBias: c.useBias as boolean,
      kernelInitializer: initializerFrom(where, c.kernelInitializer),
      biasInitializer: initializerFrom(where, c.biasInitializer),
      kernelRegularizer: regularizerFrom(c.kernelRegularizer),
      biasRegularizer: regularizerFrom(c.biasRegularizer),
    });
  },
  toKeras: (layer) => {
    const c = layer.config();
    return {
      units: c.units,
      activation: c.activation,
      use_bias: c.useBias,
      kernel_initializer: initializerToKeras(c.kernelInitializer),
      bias_initializer: initializerToKeras(c.biasInitializer),
      kernel_regularizer: regularizerToKeras(c.kernelRegularizer),
      bias_regularizer: regularizerToKeras(c.biasRegularizer),
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    };
  },
  fromKeras: (c, at) => {
    expectNull(at, c, ['kernel_constraint', 'bias_constraint', 'activity_regularizer']);
    return {
      units: c.units,
      activation: activationFromKeras(at, c.activation ?? 'linear'),
      useBias: c.use_bias ?? true,
      kernelInitializer: initializerFromKeras(at, c.kernel_initializer),
      biasInitializer: initializerFromKeras(at, c.bias_initializer),
      kernelRegularizer: regularizerFromKeras(at, c.kernel_regularizer),
      biasRegularizer: regularizerFromKeras(at, c.bias_regularizer),
    };
  },
  onnx: (layer, x, graph, { kernel, bias }, inputShape) => {
    const w = graph.constant(`${layer.name}/kernel`, kernel!.shape, kernel!.data);
    const b = bias && graph.constant(`${layer.name}/bias`, bias.shape, bias.data);
    // Gemm takes matrices only; MatMul broadcasts over the leading axes of [batch, ..., features]
    const z =
      inputShape.length === 2
        ? graph.node('Gemm', b ? [x, w, b] : [x, w], undefined, layer.name)
        : b
          ? graph.node('Add', [graph.node('MatMul', [x, w], undefined, layer.name), b])
          : graph.node('MatMul', [x, w], undefined, layer.name);
    return graph.activation(layer.activation.name, z);
  },
  weightShapes: (layer, inputShape) => {
    const width = Number(inputShape[inputShape.length - 1]);
    return { kernel: [width, layer.units], ...(layer.useBias ? { bias: [layer.units] } : {}) };
  },
  // torch's Linear keeps its weight as [units, in]
  pytorch: (layer, inputShape) => ({
    module: `StrataDense(${inputShape[inputShape.length - 1]}, ${layer.units}, ${layer.useBias ? 'True' : 'False'}, ${torchActivation(layer.activation.name, describeLayer(layer))})`,
    helpers: { StrataDense: DENSE_PY },
    ...torchWeights({ weight: ['kernel', [1, 0]], bias: ['bias'] }),
  }),
  stochastic: false,
  weightNames: ['kernel', 'bias'],
} as const satisfies LayerClass<Dense, 'kernel' | 'bias'>;
