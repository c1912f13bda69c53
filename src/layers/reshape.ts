import { ConfigError, ShapeError } from '../core/errors.js';
import { formatShape, sizeOf, type Shape, type ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { commonFrom } from './config-json.js';
import {
  assertBuilt,
  assertInputShape,
  checkInputShapeConfig,
  describeLayer,
  noCache,
  type Layer,
  checkLayerConfig,
} from './layer.js';
import type { LayerClass } from './layer-class.js';
import { torchWeights } from './pytorch.js';
import { knownDims, Views } from './views.js';

export interface ReshapeConfig {
  /** The shape of each example afterwards, without the batch dimension; one entry may be -1 (inferred), as Keras. */
  targetShape: number[];
  /** The input's shape without the batch dimension; needed on the first layer. */
  inputShape?: number[];
  name?: string;
}

function checkTargetShape(where: string, targetShape: unknown): readonly number[] {
  if (
    !Array.isArray(targetShape) ||
    targetShape.length === 0 ||
    !targetShape.every((d) => d === -1 || (Number.isInteger(d) && d > 0)) ||
    targetShape.filter((d) => d === -1).length > 1
  )
    throw new ConfigError({
      where,
      expected: 'targetShape as an array of positive integers (one may be -1), without the batch dimension',
      received: JSON.stringify(targetShape),
      hint: 'For example reshape({ targetShape: [2, 3] }) turns 6 features into 2 rows of 3.',
    });
  return [...targetShape];
}

/** Gives each example a new shape with the same values in the same (row-major) order: [batch, …] → [batch, …targetShape]. */
export class Reshape implements Layer {
  readonly className = 'Reshape';
  name: string;
  readonly targetShape: readonly number[];
  readonly inputShape?: readonly number[];
  #inner?: Shape;
  #resolved?: Shape;
  #trained = false;
  readonly #views = new Views();

  constructor(config: ReshapeConfig) {
    checkLayerConfig('reshape()', config, ['targetShape']);
    this.targetShape = checkTargetShape('reshape()', config?.targetShape);
    this.inputShape = checkInputShapeConfig('reshape()', config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#inner !== undefined;
  }

  /** targetShape with its -1 worked out, once the layer is built. */
  get resolvedTargetShape(): readonly number[] {
    return this.#resolved ?? this.targetShape;
  }

  /** targetShape for inputs of `inputShape`, its -1 worked out. */
  #resolve(inputShape: ShapeSpec): Shape {
    const values = sizeOf(knownDims(this, inputShape));
    const known = sizeOf(this.targetShape.filter((d) => d !== -1));
    const inferred = this.targetShape.includes(-1);
    if (inferred ? values % known !== 0 : values !== known)
      throw new ShapeError({
        where: describeLayer(this),
        expected: `an input with ${inferred ? `a multiple of ${known}` : known} values per example (targetShape ${formatShape(this.targetShape)})`,
        received: `${formatShape(inputShape)} (${values} values)`,
        hint: 'A reshape keeps every value: the sizes before and after must match.',
      });
    return this.targetShape.map((d) => (d === -1 ? values / known : d));
  }

  build(inputShape: ShapeSpec): void {
    this.#resolved = this.#resolve(inputShape);
    this.#inner = knownDims(this, inputShape);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return [inputShape[0], ...this.#resolve(inputShape)];
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const inner = assertBuilt(this, this.#inner);
    assertInputShape(this, x, [null, ...inner]);
    if (mode === 'train') this.#trained = true;
    return this.#views.of(mode, x, this.#resolved!);
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
      targetShape: [...this.targetShape],
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * Reshapes each example, e.g. 6 features into 2 rows of 3; `-1` in targetShape is worked out from the input.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const layer = st.layers.reshape({ targetShape: [2, -1] });
 * const model = st.sequential({ layers: [st.layers.dense({ units: 6, inputShape: [4] }), layer] });
 * model.build();
 * console.log(layer.outputShape([null, 6])); // [null, 2, 3]
 * ```
 */
export const reshape = (config: ReshapeConfig): Reshape => new Reshape(config);

/** Reshape in configs, Keras JSON (target_shape) and ONNX (Reshape with a shape initializer). */
export const reshapeClass = {
  className: 'Reshape',
  fromConfig: (config) =>
    reshape({ ...commonFrom(config), targetShape: (config as { targetShape?: number[] }).targetShape! }),
  // the -1 worked out: TF.js cannot infer it when the batch size is unknown
  toKeras: (layer) => ({ target_shape: [...layer.resolvedTargetShape] }),
  fromKeras: (c) => ({ targetShape: c.target_shape }),
  onnx: (layer, x, graph) => {
    const shape = graph.constant(
      `${layer.name}/shape`,
      [layer.resolvedTargetShape.length + 1],
      [-1, ...layer.resolvedTargetShape],
      'int64',
    );
    return graph.node('Reshape', [x, shape], undefined, layer.name);
  },
  // row-major both ways, like Keras: flatten each example, then unflatten to the target
  pytorch: (layer) => ({
    module: `nn.Sequential(nn.Flatten(), nn.Unflatten(1, (${layer.resolvedTargetShape.join(', ')},)))`,
    ...torchWeights({}),
  }),
  stochastic: false,
  weightNames: [],
} as const satisfies LayerClass<Reshape, never>;
