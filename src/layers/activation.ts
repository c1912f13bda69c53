import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { getActivation, type Activation as ActivationFn, type ActivationName } from '../activations/index.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { activationFromKeras, commonFrom } from './config-json.js';
import type { LayerClass } from './layer-class.js';
import { torchActivation, torchWeights } from './pytorch.js';
import {
  assertBuilt,
  checkInputShapeConfig,
  disposeStorage,
  noCache,
  type BuildContext,
  type Layer,
  type LayerConfig,
  checkLayerConfig,
  describeLayer,
} from './layer.js';

export interface ActivationConfig {
  activation: ActivationName;
  inputShape?: number[];
  name?: string;
}

/** Applies an activation on its own, e.g. a softmax after a linear Dense. */
export class Activation implements Layer {
  // string, not the literal, so that LeakyReLU can be an Activation with a slope of its own
  readonly className: string = 'Activation';
  readonly keepsMask = true;
  name: string;
  readonly activation: ActivationFn;
  readonly inputShape?: readonly number[];
  #ws?: Workspace;
  #x?: Tensor;
  #a?: Tensor;

  constructor(config: ActivationConfig) {
    checkLayerConfig('activation()', config, ['activation']);
    this.activation = getActivation(config?.activation, 'activation()');
    this.inputShape = checkInputShapeConfig('activation()', config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#ws !== undefined;
  }

  get outputActivation(): string {
    return this.activation.name;
  }

  // elementwise at any rank (softmax: over the last axis), so any input shape builds
  build(_inputShape: ShapeSpec, ctx: BuildContext): void {
    this.#ws = new Workspace(ctx.dtype);
  }

  dispose(): void {
    disposeStorage([], this.#ws);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return inputShape;
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const ws = assertBuilt(this, this.#ws);
    const a = ws.like(mode === 'train' ? 'a' : 'aInfer', x);
    this.activation.forward(x, a);
    if (mode === 'train') {
      this.#x = x;
      this.#a = a;
    }
    return a;
  }

  backward(dy: Tensor): Tensor {
    const x = this.#x ?? noCache(this);
    const dx = this.#ws!.like('dx', x);
    this.activation.backward(x, this.#a!, dy, dx);
    return dx;
  }

  backwardFromPreActivation(dz: Tensor): Tensor {
    return dz;
  }

  params(): readonly Param[] {
    return [];
  }

  config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      activation: this.activation.name,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * An activation as a layer of its own.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.dense({ units: 3, inputShape: [4] }),
 *   st.layers.activation({ activation: 'softmax' }),
 * ] });
 * ```
 */
export const activation = (config: ActivationConfig): Activation => new Activation(config);

/** Activation in configs, Keras JSON, ONNX (the activation's own nodes) and PyTorch (its torch.nn module). */
export const activationClass = {
  className: 'Activation',
  fromConfig: (config) =>
    activation({ ...commonFrom(config), activation: (config as { activation?: ActivationName }).activation! }),
  toKeras: (layer) => ({ activation: layer.activation.name }),
  fromKeras: (c, at) => ({ activation: activationFromKeras(at, c.activation) }),
  onnx: (layer, x, graph) => graph.activation(layer.activation.name, x),
  pytorch: (layer) => ({ module: torchActivation(layer.activation.name, describeLayer(layer)), ...torchWeights({}) }),
  stochastic: false,
  weightNames: [],
} as const satisfies LayerClass<Activation, never>;
