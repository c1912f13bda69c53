import { RecurrentLayer } from './recurrent-layer.js';
import type { ActivationName } from '../activations/index.js';
import * as ops from '../tensor/ops/index.js';
import type { GruWeights, RecurrentPass } from '../tensor/ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { activationFromKeras } from './config-json.js';
import type { LayerClass } from './layer-class.js';
import type { LayerConfig } from './layer.js';
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
import { view, type Cell, type RecurrentCore } from './recurrent-core.js';

export interface GRUConfig extends RecurrentConfig {
  /** The gates' activation (default 'sigmoid'); one of linear, relu, sigmoid, tanh. */
  recurrentActivation?: ActivationName;
  /**
   * Apply the reset gate after the recurrent product (Keras 3's default, true; bias [2, 3·units], input and recurrent
   * rows) or before it (TF.js' only form, false; bias [3·units]).
   */
  resetAfter?: boolean;
}

/** The GRU gates z, r, h (Keras' order): U is used as [U_zr | U_h], since the candidate's product comes after r. */
class GruCell implements Cell {
  readonly gates = 3;
  readonly biasRows: number;
  #cache?: { w: GruWeights; gates: Tensor; hs: Tensor; rh: Tensor; ih: Tensor };

  constructor(readonly resetAfter: boolean) {
    this.biasRows = resetAfter ? 2 : 1;
  }

  forward(core: RecurrentCore, pass: RecurrentPass, zs: Tensor, hs: Tensor, train: boolean): void {
    const { time, batch, units } = pass;
    const ws = core.ws!;
    const key = (name: string) => (train ? name : `${name}Infer`);
    const u = core.recurrentKernel!.value;
    const [uzr, uh] = [ws.matrix(key('uzr'), units, 2 * units), ws.matrix(key('uh'), units, units)];
    ops.splitColumns(u, uzr, uh);
    const bias = this.resetAfter ? core.bias?.value.data : undefined;
    const w: GruWeights = {
      uzr,
      uh,
      bzr: bias ? bias.subarray(3 * units, 5 * units) : null,
      bh: bias ? bias.subarray(5 * units, 6 * units) : null,
      resetAfter: this.resetAfter,
    };
    const rh = ws.matrix(key('rh'), time * batch, units);
    const ih = ws.matrix(key('ih'), time * batch, units);
    ops.gruForward(pass, w, zs, hs, ws.matrix('inner', batch, 2 * units), rh, ih);
    if (train) this.#cache = { w, gates: zs, hs, rh, ih };
  }

  backward(core: RecurrentCore, pass: RecurrentPass, dhs: Tensor): Tensor {
    const { w, gates, hs, rh, ih } = this.#cache!;
    const { time, batch, units } = pass;
    const ws = core.ws!;
    const dzs = ws.matrix('dzs', time * batch, 3 * units);
    const dzr = ws.matrix('dzr', time * batch, 2 * units);
    const dih = ws.matrix('dih', time * batch, units);
    ops.gruBackward(pass, w, gates, hs, ih, dhs, ws.matrix('drh', batch, units), dzs, dzr, dih);
    const previous = ops.previousStates(pass, hs);
    const duzr = ops.matmulTransposeA(previous, dzr, ws.matrix('duzr', units, 2 * units)); // Σ_t h_{t−1}ᵀ·dz_t
    // the candidate's product read h_{t−1} (reset after) or r ⊙ h_{t−1} (before)
    const duh = ops.matmulTransposeA(this.resetAfter ? previous : rh, dih, ws.matrix('duh', units, units));
    ops.joinColumns(duzr, duh, core.recurrentKernel!.grad);
    if (this.resetAfter && core.bias) {
      ops.sumToLastAxis(dzr, view(core.bias.grad, 3 * units, [2 * units]));
      ops.sumToLastAxis(dih, view(core.bias.grad, 5 * units, [units]));
    }
    return dzs;
  }
}

/** A gated recurrent unit layer: [batch, time, features] → [batch, units] (or every step's state). */
export class GRU extends RecurrentLayer {
  readonly className = 'GRU';
  readonly resetAfter: boolean;

  constructor(config: GRUConfig) {
    const s = recurrentSettings('gru()', config, ['recurrentActivation', 'resetAfter']);
    super(s, new GruCell(config.resetAfter ?? true));
    this.resetAfter = config.resetAfter ?? true;
  }

  override config(): LayerConfig {
    return {
      ...recurrentConfig(this.core.s, this.className, this.name),
      recurrentActivation: this.core.s.recurrentActivation.name,
      resetAfter: this.resetAfter,
    };
  }
}

/**
 * A gated recurrent unit layer (Keras' GRU): weights kernel [features, 3·units], recurrent_kernel [units, 3·units]
 * and bias ([2, 3·units] with `resetAfter`, the default; [3·units] without), gates in Keras' order z, r, h.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const layer = st.layers.gru({ units: 4, resetAfter: false, returnSequences: true, inputShape: [6, 3] });
 * const model = st.sequential({ layers: [layer] });
 * console.log(model.predict(st.tensor(new Float32Array(6 * 3), [1, 6, 3])).shape); // [1, 6, 4]
 * ```
 */
export const gru = (config: GRUConfig): GRU => new GRU(config);

/** GRU in configs and Keras JSON (TF.js loads only resetAfter: false). */
export const gruClass = {
  className: 'GRU',
  fromConfig: (config) => {
    const c = config as Record<string, unknown>;
    return gru({
      ...recurrentFrom(config),
      recurrentActivation: c.recurrentActivation as ActivationName,
      resetAfter: c.resetAfter as boolean,
    });
  },
  toKeras: (layer) => {
    const c = layer.config();
    return {
      ...recurrentToKeras(c),
      recurrent_activation: c.recurrentActivation,
      reset_after: c.resetAfter,
      implementation: 2,
    };
  },
  fromKeras: (c, at) => ({
    ...recurrentFromKeras(c, at),
    recurrentActivation: activationFromKeras(at, c.recurrent_activation ?? 'sigmoid'),
    resetAfter: c.reset_after ?? true,
  }),
  onnx: (layer, x, graph, weights, inputShape) => {
    const c = layer.config();
    // gates z, r, h as Keras; reset after ↔ linear_before_reset, the recurrent bias row in Rb
    const cell = {
      op: 'GRU',
      gateOrder: [0, 1, 2],
      activations: [c.recurrentActivation as string, c.activation as string],
      attributes: [{ name: 'linear_before_reset', int: layer.resetAfter ? 1 : 0 }],
    } as const;
    return recurrentOnnx(layer, cell, x, graph, weights, inputShape, layer.resetAfter);
  },
  pytorch: (layer, inputShape) => recurrentPyTorch(layer, 'gru', inputShape, layer.resetAfter),
  weightShapes: (layer, inputShape) =>
    weightShapes(layer.units, 3, inputShape, layer.config().useBias as boolean, layer.resetAfter ? 2 : 1),
  stochastic: false,
  weightNames: ['kernel', 'recurrent_kernel', 'bias'],
} as const satisfies LayerClass<GRU, 'kernel' | 'recurrent_kernel' | 'bias'>;
