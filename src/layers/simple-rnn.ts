import { RecurrentLayer } from './recurrent-layer.js';
import * as ops from '../tensor/ops/index.js';
import type { RecurrentPass } from '../tensor/ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { LayerClass } from './layer-class.js';
import {
  recurrentFrom,
  recurrentFromKeras,
  recurrentSettings,
  recurrentToKeras,
  weightShapes,
  type RecurrentConfig,
} from './recurrent-config.js';
import { recurrentOnnx } from './recurrent-onnx.js';
import { recurrentPyTorch } from './recurrent-pytorch.js';
import type { Cell, RecurrentCore } from './recurrent-core.js';

export type SimpleRNNConfig = RecurrentConfig;

/** h_t = activation(x_t·W + h_{t−1}·U + b), kept for the next step. */
class SimpleRnnCell implements Cell {
  readonly gates = 1;
  readonly biasRows = 1;
  #hs?: Tensor;

  forward(core: RecurrentCore, pass: RecurrentPass, zs: Tensor, hs: Tensor, train: boolean): void {
    ops.simpleRnnForward(pass, zs, core.recurrentKernel!.value, hs);
    if (train) this.#hs = hs;
  }

  backward(core: RecurrentCore, pass: RecurrentPass, dhs: Tensor): Tensor {
    const u = core.recurrentKernel!;
    const dzs = core.ws!.matrix('dzs', pass.time * pass.batch, pass.units);
    ops.simpleRnnBackward(pass, this.#hs!, u.value, dhs, dzs);
    ops.matmulTransposeA(ops.previousStates(pass, this.#hs!), dzs, u.grad); // dU = Σ_t h_{t−1}ᵀ·dz_t
    return dzs;
  }
}

/** A fully connected recurrent layer: [batch, time, features] → [batch, units] (or every step's state). */
export class SimpleRNN extends RecurrentLayer {
  readonly className = 'SimpleRNN';

  constructor(config: SimpleRNNConfig) {
    super(recurrentSettings('simpleRNN()', config, []), new SimpleRnnCell());
  }
}

/**
 * A fully connected recurrent layer (Keras' SimpleRNN): weights kernel [features, units], recurrent_kernel
 * [units, units] and bias [units].
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.simpleRNN({ units: 8, inputShape: [5, 2] }),
 *   st.layers.dense({ units: 1 }),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(2 * 5 * 2), [2, 5, 2])).shape); // [2, 1]
 * ```
 */
export const simpleRNN = (config: SimpleRNNConfig): SimpleRNN => new SimpleRNN(config);

/** SimpleRNN in configs and Keras JSON. */
export const simpleRNNClass = {
  className: 'SimpleRNN',
  fromConfig: (config) => simpleRNN(recurrentFrom(config)),
  toKeras: (layer) => recurrentToKeras(layer.config()),
  fromKeras: (c, at) => recurrentFromKeras(c, at),
  onnx: (layer, x, graph, weights, inputShape) =>
    recurrentOnnx(
      layer,
      { op: 'RNN', gateOrder: [0], activations: [layer.config().activation as string] },
      x,
      graph,
      weights,
      inputShape,
    ),
  pytorch: (layer, inputShape) => recurrentPyTorch(layer, 'rnn', inputShape),
  weightShapes: (layer, inputShape) => weightShapes(layer.units, 1, inputShape, layer.config().useBias as boolean),
  stochastic: false,
  weightNames: ['kernel', 'recurrent_kernel', 'bias'],
} as const satisfies LayerClass<SimpleRNN, 'kernel' | 'recurrent_kernel' | 'bias'>;
