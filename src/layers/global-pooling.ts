import { globalPoolPyTorch } from './window-pytorch.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import type { Window2d } from '../kernels/windows.js';
import * as ops from '../tensor/ops/index.js';
import type { WindowSpec } from '../tensor/ops/index.js';
import type { Param } from '../tensor/param.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { commonFrom, formatFail } from './config-json.js';
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
import { channelsLastFromKeras, checkDataFormat, spatialDims, type SpatialRank } from './window-options.js';

/** The settings of the global pooling layers. */
export interface GlobalPoolingConfig {
  /** Only 'channelsLast'. */
  dataFormat?: 'channelsLast';
  /** The input's shape without the batch dimension; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

const WINDOWS_KEPT = 4;

/**
 * The mean or maximum of each channel over every position: [b, h, w, c] or [b, t, c] → [b, c]. One pooling window
 * the size of the whole input, so the pooling kernels do the work.
 */
export abstract class GlobalPooling implements Layer {
  abstract readonly className: string;
  name: string;
  readonly inputShape?: readonly number[];
  readonly #kind: 'max' | 'average';
  readonly #rank: SpatialRank;
  #spec?: WindowSpec;
  #inputSpec: ShapeSpec = [];
  #image: [number, number, number] = [0, 0, 0];
  #outputTemplate?: Tensor;
  readonly #windows = new Map<number, Window2d>();
  #ws?: Workspace;
  #x?: Tensor;
  #argmax?: Int32Array;
  #window?: Window2d;

  constructor(config: GlobalPoolingConfig, kind: 'max' | 'average', rank: SpatialRank, where: string) {
    checkLayerConfig(where, config, ['dataFormat']);
    checkDataFormat(where, config.dataFormat);
    this.#kind = kind;
    this.#rank = rank;
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#ws !== undefined;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const [height, width, channels] = spatialDims(this, inputShape, this.#rank);
    this.#spec = { kernelSize: [height, width], strides: [1, 1], dilationRate: [1, 1], padding: 'valid' };
    this.#inputSpec = batchSpec(inputShape);
    this.#image = [height, width, channels];
    this.#outputTemplate = zeros([0, channels], ctx.dtype);
    this.#windows.clear();
    this.#ws = new Workspace(ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    const [, , channels] = spatialDims(this, inputShape, this.#rank);
    return [inputShape[0], channels];
  }

  #windowFor(batch: number): Window2d {
    let w = this.#windows.get(batch);
    if (w === undefined) {
      if (this.#windows.size >= WINDOWS_KEPT) this.#windows.clear();
      const [height, width, channels] = this.#image;
      w = ops.window2d(batch, height, width, channels, this.#spec!);
      this.#windows.set(batch, w);
    }
    return w;
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const ws = assertBuilt(this, this.#ws);
    assertInputShape(this, x, this.#inputSpec);
    const w = this.#windowFor(x.shape[0]);
    const train = mode === 'train';
    const out = ws.batchOf(train ? 'out' : 'outInfer', this.#outputTemplate!, w.batch);
    if (this.#kind === 'max') {
      const argmax = ws.indices(train ? 'argmax' : 'argmaxInfer', out.size);
      ops.maxPool2d(x, w, argmax, out);
      if (train) this.#argmax = argmax;
    } else ops.avgPool2d(x, w, out);
    if (train) {
      this.#x = x;
      this.#window = w;
    }
    return out;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const x = this.#x ?? noCache(this);
    if (!needsInputGradient) return null;
    const dx = this.#ws!.like('dx', x);
    if (this.#kind === 'max') return ops.maxPool2dBackward(dy, this.#argmax!, this.#window!, dx);
    return ops.avgPool2dBackward(dy, this.#window!, dx);
  }

  dispose(): void {
    disposeStorage([], this.#ws);
  }

  params(): readonly Param[] {
    return [];
  }

  config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/** The descriptor of a global pooling class: configs, Keras JSON, and ONNX (GlobalAveragePool or GlobalMaxPool). */
export function globalPoolingClass<N extends string, L extends GlobalPooling & { className: N }>(
  className: N,
  make: (config: GlobalPoolingConfig) => L,
  kind: 'max' | 'average',
  rank: SpatialRank,
) {
  return {
    className,
    fromConfig: (config: LayerConfig) => make(commonFrom(config)),
    toKeras: () => ({ data_format: 'channels_last', keepdims: false }),
    fromKeras: (c: KerasConfig, at: string) => {
      channelsLastFromKeras(at, c);
      if (c.keepdims !== undefined && c.keepdims !== null && c.keepdims !== false)
        formatFail(at, 'keepdims: false', JSON.stringify(c.keepdims), 'Follow the layer with a Reshape instead.');
      return {};
    },
    onnx: (layer: L, x: string, graph: OnnxGraph) => {
      // channels first, pooled to [b, c, 1, 1] (or [b, c, 1]), then the axes of 1 squeezed out: [b, c]
      const first = graph.node('Transpose', [x], [{ name: 'perm', ints: rank === 2 ? [0, 3, 1, 2] : [0, 2, 1] }]);
      const pooled = graph.node(kind === 'max' ? 'GlobalMaxPool' : 'GlobalAveragePool', [first], undefined, layer.name);
      const axes = graph.constant(`${layer.name}/axes`, [rank], rank === 2 ? [2, 3] : [2], 'int64');
      return graph.node('Squeeze', [pooled, axes]);
    },
    pytorch: () => globalPoolPyTorch(rank, kind),
    weightShapes: () => ({}),
    stochastic: false,
    weightNames: [],
  } as const satisfies LayerClass<L, never>;
}
