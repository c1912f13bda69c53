import { globalPoolPyTorch } from './window-pytorch.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import type { WindowSpec } from '../tensor/ops/index.js';
import type { Param } from '../tensor/param.js';
import { zeros, type Tensor } from '../tensor/tensor.js';
import { commonFrom, formatFail } from './config-json.js';
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
import { channelsLastFromKeras, checkDataFormat, spatialDims, type SpatialRank } from './window-options.js';

/** The settings of the global pooling layers. */
export interface GlobalPoolingConfig {
  /** Only 'channelsLast'. */
  dataFormat?: 'channelsLast';
  /** The input's shape without the batch dimension; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

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
  #inputSpec: ShapeSpec = [];
  #pass?: PoolingPass;

  constructor(config: GlobalPoolingConfig, kind: 'max' | 'average', rank: SpatialRank, where: string) {
    checkLayerConfig(where, config, ['dataFormat']);
    checkDataFormat(where, config.dataFormat);
    this.#kind = kind;
    this.#rank = rank;
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#pass !== undefined;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const [height, width, channels] = spatialDims(this, inputShape, this.#rank);
    const spec: WindowSpec = { kernelSize: [height, width], strides: [1, 1], dilationRate: [1, 1], padding: 'valid' };
    this.#inputSpec = batchSpec(inputShape);
    const template = zeros([0, channels], ctx.dtype);
    this.#pass = new PoolingPass(this, this.#kind, [height, width, channels], spec, template, ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    const [, , channels] = spatialDims(this, inputShape, this.#rank);
    return [inputShape[0], channels];
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
