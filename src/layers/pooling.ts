import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import * as ops from '../tensor/ops/index.js';
import type { Padding, WindowSpec } from '../tensor/ops/index.js';
import type { Param } from '../tensor/param.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { commonFrom } from './config-json.js';
import { PoolingPass } from './pooling-pass.js';
import {
  assertBuilt,
  assertInputShape,
  batchSpec,
  checkInputShapeConfig,
  checkLayerConfig,
  disposeStorage,
  noCache,
  type BuildContext,
  type Layer,
  type LayerConfig,
} from './layer.js';
import type { KerasConfig, LayerClass, OnnxGraph } from './layer-class.js';
import { channelsFirst, windowAttributes } from './onnx-windows.js';
import { poolPyTorch } from './window-pytorch.js';
import {
  checkDataFormat,
  checkOutputSize,
  checkPadding,
  checkSizes,
  outputDims,
  sizesOf,
  spatialDims,
  type SpatialRank,
  channelsLastFromKeras,
} from './window-options.js';

/** The settings of the max and average pooling layers (Keras / TF.js names). */
export interface PoolingConfig {
  /** The window: one size for every axis, or one per axis; 2 by default. */
  poolSize?: number | number[];
  /** The window's step; the pool size by default, so windows tile the input. */
  strides?: number | number[] | null;
  padding?: Padding;
  /** Only 'channelsLast'. */
  dataFormat?: 'channelsLast';
  /** The input's shape without the batch dimension; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

/**
 * Max or average pooling over channels-last inputs, each channel on its own: [b, h, w, c] → [b, oh, ow, c] (or
 * [b, t, c] → [b, ot, c]). Average pooling counts only pixels inside the input, as TensorFlow does; max pooling
 * never picks padding. The four pooling layers are this class with their kind, rank and name.
 */
export abstract class Pooling implements Layer {
  abstract readonly className: string;
  name: string;
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
  readonly inputShape?: readonly number[];
  readonly #kind: 'max' | 'average';
  readonly #rank: SpatialRank;
  readonly #spec: WindowSpec;
  #inputSpec: ShapeSpec = [];
  #pass?: PoolingPass;

  constructor(config: PoolingConfig, kind: 'max' | 'average', rank: SpatialRank, where: string) {
    checkLayerConfig(where, config, ['poolSize', 'strides', 'padding', 'dataFormat']);
    this.#kind = kind;
    this.#rank = rank;
    this.poolSize = checkSizes(where, 'poolSize', config.poolSize ?? 2, rank);
    this.strides =
      config.strides === undefined || config.strides === null
        ? this.poolSize
        : checkSizes(where, 'strides', config.strides, rank);
    this.padding = checkPadding(where, config.padding);
    checkDataFormat(where, config.dataFormat);
    this.#spec = { kernelSize: this.poolSize, strides: this.strides, dilationRate: [1, 1], padding: this.padding };
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#pass !== undefined;
  }

  /** The window as ONNX and the ops read it (no dilation). */
  get window(): WindowSpec {
    return this.#spec;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const [height, width, channels] = spatialDims(this, inputShape, this.#rank);
    const probe = ops.window2d(1, height, width, channels, this.#spec);
    checkOutputSize(this, inputShape, probe.outHeight, probe.outWidth);
    this.#inputSpec = batchSpec(inputShape);
    const template = zeros([0, ...outputDims(this.#rank, probe.outHeight, probe.outWidth, channels)], ctx.dtype);
    this.#pass = new PoolingPass(this, this.#kind, [height, width, channels], this.#spec, template, ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    const [height, width, channels] = spatialDims(this, inputShape, this.#rank);
    const w = ops.window2d(1, height, width, channels, this.#spec);
    return [inputShape[0], ...outputDims(this.#rank, w.outHeight, w.outWidth, channels)];
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const pass = assertBuilt(this, this.#pass);
    assertInputShape(this, x, this.#inputSpec);
    return pass.forward(x, mode);
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    return (this.#pass ?? noCache(this)).backward(dy, needsInputGradient);
  }

  dispose(): void {
    disposeStorage([], this.#pass?.ws);
  }

  params(): readonly Param[] {
    return [];
  }

  config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      poolSize: sizesOf(this.poolSize, this.#rank),
      strides: sizesOf(this.strides, this.#rank),
      padding: this.padding,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/** The descriptor of a pooling class: configs, Keras JSON, and ONNX (MaxPool or AveragePool between transposes). */
export function poolingClass<N extends string, L extends Pooling & { className: N }>(
  className: N,
  make: (config: PoolingConfig) => L,
  kind: 'max' | 'average',
  rank: SpatialRank,
) {
  return {
    className,
    fromConfig: (config: LayerConfig) => {
      const c = config as Record<string, unknown>;
      return make({
        ...commonFrom(config),
        poolSize: c.poolSize as number[],
        strides: c.strides as number[],
        padding: c.padding as Padding,
      });
    },
    toKeras: (layer: L) => {
      const c = layer.config();
      return { pool_size: c.poolSize, padding: c.padding, strides: c.strides, data_format: 'channels_last' };
    },
    fromKeras: (c: KerasConfig, at: string) => {
      channelsLastFromKeras(at, c);
      return { poolSize: c.pool_size ?? 2, strides: c.strides ?? null, padding: c.padding ?? 'valid' };
    },
    onnx: (layer: L, x: string, graph: OnnxGraph, _weights: unknown, inputShape: ShapeSpec) => {
      // padded pixels are never a maximum and are not counted in a mean (count_include_pad 0), as in TensorFlow
      const attributes = windowAttributes(rank, layer.window, inputShape);
      return channelsFirst(graph, rank, x, (t) =>
        graph.node(kind === 'max' ? 'MaxPool' : 'AveragePool', [t], attributes, layer.name),
      );
    },
    pytorch: (layer: L, inputShape: ShapeSpec) => poolPyTorch(rank, kind, layer.window, inputShape),
    weightShapes: () => ({}),
    stochastic: false,
    weightNames: [],
  } as const satisfies LayerClass<L, never>;
}
