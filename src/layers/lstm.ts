import { RecurrentLayer } from './recurrent-layer.js';
import type { ActivationName } from '../activations/index.js';
import type { ShapeSpec } from '../core/shape.js';
import * as ops from '../tensor/ops/index.js';
import type { RecurrentPass } from '../tensor/ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationFromKeras } from './config-json.js';
import type { LayerClass } from './layer-class.js';
import type { BuildContext, LayerConfig } from './layer.js';
import {
  recurrentConfig,
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

export interface LSTMConfig extends RecurrentConfig {
  /** The gates' activation (default 'sigmoid'); one of linear, relu, sigmoid, tanh. */
  recurrentActivation?: ActivationName;
  /** Start the forget gate's bias at 1 (Keras' default true), so the cell remembers early in training. */
  unitForgetBias?: boolean;
}

/** The LSTM gates i, f, c, o (Keras' order) from one GEMM per step; c and h carried to the next. */
class LstmCell implements Cell {
  readonly gates = 4;
  readonly biasRows = 1;
  #cache?: { gates: Tensor; hs: Tensor; cs: Tensor };

  forward(core: RecurrentCore, pass: RecurrentPass, zs: Tensor, hs: Tensor, train: boolean): void {
    const cs = core.ws!.matrix(train ? 'cs' : 'csInfer', (pass.time + 1) * pass.batch, pass.units);
    ops.lstmForward(pass, zs, core.recurrentKernel!.value, hs, cs);
    if (train) this.#cache = { gates: zs, hs, cs };
  }

  backward(core: RecurrentCore, pass: RecurrentPass, dhs: Tensor): Tensor {
    const { gates, hs, cs } = this.#cache!;
    const u = core.recurrentKernel!;
    const ws = core.ws!;
    const dzs = ws.matrix('dzs', pass.time * pass.batch, 4 * pass.units);
    ops.lstmBackward(pass, gates, cs, u.value, dhs, ws.matrix('dc', pass.batch, pass.units), dzs);
    ops.matmulTransposeA(ops.previousStates(pass, hs), dzs, u.grad); // dU = Σ_t h_{t−1}ᵀ·dz_t
    return dzs;
  }
}

/** Long short-term memory: [batch, time, features] → [batch, units] (or every step's state). */
export class LSTM extends RecurrentLayer {
  readonly className = 'LSTM';
  readonly unitForgetBias: boolean;

  constructor(config: LSTMConfig) {
    super(recurrentSettings('lstm()', config, ['recurrentActivation', 'unitForgetBias']), new LstmCell());
    this.unitForgetBias = config.unitForgetBias ?? true;
  }

  override build(inputShape: ShapeSpec, ctx: BuildContext): void {
    const { units, biasInitializer } = this.core.s;
    this.core.build(inputShape, ctx, (bias, rng) => {
      biasInitializer.fill(bias, rng);
      if (this.unitForgetBias) bias.data.fill(1, units, 2 * units);
    });
  }

  override config(): LayerConfig {
    return {
      ...recurrentConfig(this.core.s, this.className, this.name),
      recurrentActivation: this.core.s.recurrentActivation.name,
      unitForgetBias: this.unitForgetBias,
    };
  }
}

/**
 * A long short-term memory layer (Keras' LSTM): weights kernel [features, 4·units], recurrent_kernel
 * [units, 4·units] and bias [4·units], gates in Keras' order i, f, c, o.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.lstm({ units: 32, inputShape: [20, 10] }),
 *   st.layers.dense({ units: 1 }),
 * ] });
 * console.log(model.layers[0].params().reduce((n, p) => n + p.value.size, 0)); // 5504
 * ```
 */
export const lstm = (config: LSTMConfig): LSTM => new LSTM(config);

/** LSTM in configs and Keras JSON. */
export const lstmClass = {
  className: 'LSTM',
  fromConfig: (config) => {
    const c = config as Record<string, unknown>;
    return lstm({
      ...recurrentFrom(config),
      recurrentActivation: c.recurrentActivation as ActivationName,
      unitForgetBias: c.unitForgetBias as boolean,
    });
  },
  toKeras: (layer) => {
    const c = layer.config();
    return {
      ...recurrentToKeras(c),
      recurrent_activation: c.recurrentActivation,
      unit_forget_bias: c.unitForgetBias,
      implementation: 2,
    };
  },
  fromKeras: (c, at) => ({
    ...recurrentFromKeras(c, at),
    recurrentActivation: activationFromKeras(at, c.recurrent_activation ?? 'sigmoid'),
    unitForgetBias: c.unit_forget_bias ?? true,
  }),
  onnx: (layer, x, graph, weights, inputShape) => {
    const c = layer.config();
    const [f, g] = [c.recurrentActivation as string, c.activation as string];
    // ONNX's gates i, o, f, c; activations: the gates', the candidate's, the output's
    return recurrentOnnx(
      layer,
      { op: 'LSTM', gateOrder: [0, 3, 1, 2], activations: [f, g, g] },
      x,
      graph,
      weights,
      inputShape,
    );
  },
  pytorch: (layer, inputShape) => recurrentPyTorch(layer, 'lstm', inputShape),
  weightShapes: (layer, inputShape) => weightShapes(layer.units, 4, inputShape, layer.config().useBias as boolean),
  stochastic: false,
  weightNames: ['kernel', 'recurrent_kernel', 'bias'],
} as const satisfies LayerClass<LSTM, 'kernel' | 'recurrent_kernel' | 'bias'>;
