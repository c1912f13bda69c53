import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { getActivation, type Activation, type ActivationName } from '../activations/index.js';
import { linear } from '../activations/linear.js';
import { resolveInitializer, type Initializer, type InitializerName } from '../initializers/index.js';
import { convScratchLength, type ConvWindow } from '../kernels/windows.js';
import * as ops from '../tensor/ops/index.js';
import type { Padding, WindowSpec } from '../tensor/ops/index.js';
import type { Param, Regularizer } from '../tensor/param.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import {
  assertBuilt,
  assertInputShape,
  batchSpec,
  checkInputShapeConfig,
  checkLayerConfig,
  checkPositiveInteger,
  disposeStorage,
  noCache,
  type BuildContext,
  type Layer,
  type LayerConfig,
} from './layer.js';
import {
  checkDataFormat,
  checkOutputSize,
  checkPadding,
  checkSizes,
  outputDims,
  sizesOf,
  spatialDims,
  type SpatialRank,
} from './window-options.js';

/** The settings of Conv2D and Conv1D (Keras / TF.js names). */
export interface ConvConfig {
  /** How many filters: the output's channels. */
  filters: number;
  /** The window: one size for every axis, or one per axis ([height, width] for Conv2D). */
  kernelSize: number | number[];
  strides?: number | number[];
  padding?: Padding;
  /** Spacing between the window's taps (an "atrous" convolution above 1). */
  dilationRate?: number | number[];
  /** Only 'channelsLast' ([batch, height, width, channels]). */
  dataFormat?: 'channelsLast';
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

// the factories' own option names, beside name and inputShape
const CONV_KEYS = [
  'filters',
  'kernelSize',
  'strides',
  'padding',
  'dilationRate',
  'dataFormat',
  'activation',
  'useBias',
  'kernelInitializer',
  'biasInitializer',
  'kernelRegularizer',
  'biasRegularizer',
];

// windows cached per batch size (a training run sees two: the batch and the last, smaller one)
const WINDOWS_KEPT = 4;

/**
 * A convolution over channels-last inputs, a = activation(conv(x, kernel) + bias), kernel [kh, kw, in, filters]
 * as Keras stores it. Conv2D and Conv1D (a sequence is an image of height 1, its kernel [k, in, filters]) are this
 * class with their rank and name.
 */
export abstract class Convolution implements Layer {
  abstract readonly className: string;
  name: string;
  readonly filters: number;
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilationRate: readonly [number, number];
  readonly padding: Padding;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly inputShape?: readonly number[];
  readonly #rank: SpatialRank;
  readonly #spec: WindowSpec;
  readonly #kernelInitializer: Initializer;
  readonly #biasInitializer: Initializer;
  readonly #kernelRegularizer?: Regularizer;
  readonly #biasRegularizer?: Regularizer;
  #kernel?: Param;
  #bias?: Param;
  #inputSpec: ShapeSpec = [];
  #image: [number, number, number] = [0, 0, 0];
  #outputTemplate?: Tensor;
  readonly #windows = new Map<number, ConvWindow>();
  #ws?: Workspace;
  #x?: Tensor;
  #z?: Tensor;
  #a?: Tensor;
  #window?: ConvWindow;

  constructor(config: ConvConfig, rank: SpatialRank, where: string) {
    checkLayerConfig(where, config, CONV_KEYS);
    this.#rank = rank;
    this.filters = checkPositiveInteger(where, 'filters', config.filters);
    this.kernelSize = checkSizes(where, 'kernelSize', config.kernelSize, rank);
    this.strides = checkSizes(where, 'strides', config.strides ?? 1, rank);
    this.dilationRate = checkSizes(where, 'dilationRate', config.dilationRate ?? 1, rank);
    this.padding = checkPadding(where, config.padding);
    checkDataFormat(where, config.dataFormat);
    this.#spec = {
      kernelSize: this.kernelSize,
      strides: this.strides,
      dilationRate: this.dilationRate,
      padding: this.padding,
    };
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

  /** The kernel's shape for `channels` input channels: [kh, kw, in, filters], or [k, in, filters] for Conv1D. */
  kernelShape(channels: number): number[] {
    return [...sizesOf(this.kernelSize, this.#rank), channels, this.filters];
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const [height, width, channels] = spatialDims(this, inputShape, this.#rank);
    const probe = ops.convWindow(1, height, width, channels, this.filters, this.#spec);
    checkOutputSize(this, inputShape, probe.outHeight, probe.outWidth);
    this.#inputSpec = batchSpec(inputShape);
    this.#image = [height, width, channels];
    this.#outputTemplate = zeros(
      [0, ...outputDims(this.#rank, probe.outHeight, probe.outWidth, this.filters)],
      ctx.dtype,
    );
    const kernel = zeros(this.kernelShape(channels), ctx.dtype);
    this.#kernelInitializer.fill(kernel, ctx.rng);
    this.#kernel = {
      name: `${this.name}/kernel`,
      value: kernel,
      grad: zeros(kernel.shape, ctx.dtype),
      trainable: true,
      regularizer: this.#kernelRegularizer,
    };
    this.#bias = undefined;
    if (this.useBias) {
      const bias = zeros([this.filters], ctx.dtype);
      this.#biasInitializer.fill(bias, ctx.rng);
      this.#bias = {
        name: `${this.name}/bias`,
        value: bias,
        grad: zeros(bias.shape, ctx.dtype),
        trainable: true,
        regularizer: this.#biasRegularizer,
      };
    }
    this.#windows.clear();
    this.#ws = new Workspace(ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    const [height, width, channels] = spatialDims(this, inputShape, this.#rank);
    const w = ops.convWindow(1, height, width, channels, this.filters, this.#spec);
    return [inputShape[0], ...outputDims(this.#rank, w.outHeight, w.outWidth, this.filters)];
  }

  /** The window over a batch of `batch`, made once per batch size. */
  #windowFor(batch: number): ConvWindow {
    let w = this.#windows.get(batch);
    if (w === undefined) {
      if (this.#windows.size >= WINDOWS_KEPT) this.#windows.clear();
      const [height, width, channels] = this.#image;
      w = ops.convWindow(batch, height, width, channels, this.filters, this.#spec);
      this.#windows.set(batch, w);
    }
    return w;
  }

  /** One image's patches as rows (the kernels' im2col space), shared by every pass. */
  #scratch(w: ConvWindow): Tensor {
    // as long as the kernels ask for: their fastest design for this window may need more than one image's patches
    return this.#ws!.matrix('scratch', 1, convScratchLength(w));
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const kernel = assertBuilt(this, this.#kernel);
    assertInputShape(this, x, this.#inputSpec);
    const ws = this.#ws!;
    const w = this.#windowFor(x.shape[0]);
    const bias = this.#bias?.value ?? null;
    // inference gets its own buffers so a predict between forward and backward leaves the cache intact
    const train = mode === 'train';
    const template = this.#outputTemplate!;
    let z: Tensor;
    let a: Tensor;
    if (this.activation.epilogue) {
      // the activation's backward reads only a, so a stands in for z
      const out = ws.batchOf(train ? 'a' : 'aInfer', template, w.batch);
      z = a = ops.conv2d(x, kernel.value, bias, this.activation.epilogue, w, this.#scratch(w), out);
    } else {
      const out = ws.batchOf(train ? 'z' : 'zInfer', template, w.batch);
      z = ops.conv2d(x, kernel.value, bias, 'linear', w, this.#scratch(w), out);
      a = ws.batchOf(train ? 'a' : 'aInfer', template, w.batch);
      this.activation.forward(z, a);
    }
    if (train) {
      this.#x = x;
      this.#z = z;
      this.#a = a;
      this.#window = w;
    }
    return a;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const z = this.#z ?? noCache(this);
    if (this.activation === linear) return this.backwardFromPreActivation(dy, needsInputGradient);
    const dz = this.#ws!.like('dz', z);
    this.activation.backward(z, this.#a!, dy, dz);
    return this.backwardFromPreActivation(dz, needsInputGradient);
  }

  backwardFromPreActivation(dz: Tensor, needsInputGradient: boolean): Tensor | null {
    const x = this.#x ?? noCache(this);
    const w = this.#window!;
    const kernel = this.#kernel!;
    const scratch = this.#scratch(w);
    ops.conv2dBackwardFilter(x, dz, w, scratch, kernel.grad); // dK = Σ patchesᵀ·dz
    if (this.#bias) ops.sumToLastAxis(dz, this.#bias.grad); // db = Σ dz over every position
    if (!needsInputGradient) return null;
    return ops.conv2dBackwardInput(dz, kernel.value, w, scratch, this.#ws!.like('dx', x)); // dx = col2im(dz·Kᵀ)
  }

  dispose(): void {
    disposeStorage([this.#kernel, this.#bias], this.#ws);
  }

  params(): readonly Param[] {
    if (!this.#kernel) return [];
    return this.#bias ? [this.#kernel, this.#bias] : [this.#kernel];
  }

  config(): LayerConfig {
    const rank = this.#rank;
    return {
      className: this.className,
      name: this.name,
      filters: this.filters,
      kernelSize: sizesOf(this.kernelSize, rank),
      strides: sizesOf(this.strides, rank),
      padding: this.padding,
      dilationRate: sizesOf(this.dilationRate, rank),
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
