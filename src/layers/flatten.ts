import { sizeOf, type Shape, type ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { commonFrom, formatFail } from './config-json.js';
import {
  assertBuilt,
  assertInputShape,
  checkInputShapeConfig,
  noCache,
  type Layer,
  checkLayerConfig,
} from './layer.js';
import type { LayerClass } from './layer-class.js';
import { torchWeights } from './pytorch.js';
import { knownDims, Views } from './views.js';

export interface FlattenConfig {
  /** The input's shape without the batch dimension; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

/** Flattens each example to one feature vector: [batch, d1, d2, …] → [batch, d1·d2·…], row-major as Keras. */
export class Flatten implements Layer {
  readonly className = 'Flatten';
  name: string;
  readonly inputShape?: readonly number[];
  #inner?: Shape;
  #width = 0;
  #trained = false;
  readonly #views = new Views();

  constructor(config: FlattenConfig = {}) {
    checkLayerConfig('flatten()', config, []);
    this.inputShape = checkInputShapeConfig('flatten()', config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#inner !== undefined;
  }

  build(inputShape: ShapeSpec): void {
    this.#inner = knownDims(this, inputShape);
    this.#width = sizeOf(this.#inner);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return [inputShape[0], sizeOf(knownDims(this, inputShape))];
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const inner = assertBuilt(this, this.#inner);
    assertInputShape(this, x, [null, ...inner]);
    if (mode === 'train') this.#trained = true;
    return this.#views.of(mode, x, [this.#width]);
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    if (!this.#trained) noCache(this);
    return needsInputGradient ? this.#views.of('dx', dy, this.#inner!) : null;
  }

  params(): readonly Param[] {
    return [];
  }

  config() {
    return {
      className: this.className,
      name: this.name,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * Flattens each example to a feature vector, e.g. before a Dense layer.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.reshape({ targetShape: [2, 3], inputShape: [6] }),
 *   st.layers.flatten(),
 *   st.layers.dense({ units: 1 }),
 * ] });
 * console.log(model.predict([[1, 2, 3, 4, 5, 6]]).shape); // [1, 1]
 * ```
 */
export const flatten = (config: FlattenConfig = {}): Flatten => new Flatten(config);

/** Flatten in configs, Keras JSON (channels-last only) and ONNX (Flatten, axis 1). */
export const flattenClass = {
  className: 'Flatten',
  fromConfig: (config) => flatten(commonFrom(config)),
  toKeras: () => ({ data_format: 'channels_last' }),
  fromKeras: (c, at) => {
    if (c.data_format !== null && c.data_format !== undefined && c.data_format !== 'channels_last')
      formatFail(at, "data_format 'channels_last' (strata keeps channels last)", JSON.stringify(c.data_format));
    return {};
  },
  onnx: (layer, x, graph) => graph.node('Flatten', [x], [{ name: 'axis', int: 1 }], layer.name),
  // the tensors stay channels-last in PyTorch too, so torch's Flatten keeps Keras' order
  pytorch: () => ({ module: 'nn.Flatten()', ...torchWeights({}) }),
  stochastic: false,
  weightNames: [],
} as const satisfies LayerClass<Flatten, never>;
