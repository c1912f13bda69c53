import { leakyReluWith } from '../activations/leaky-relu.js';
import type { Activation as ActivationFn } from '../activations/index.js';
import { ConfigError } from '../core/errors.js';
import { Activation } from './activation.js';
import { commonFrom, formatFail } from './config-json.js';
import { checkLayerConfig, type LayerConfig } from './layer.js';
import type { LayerClass } from './layer-class.js';
import { pyNumber, torchWeights } from './pytorch.js';

export interface LeakyReLUConfig {
  /** The slope for negative inputs (TF.js' and Keras' default 0.3). */
  alpha?: number;
  inputShape?: number[];
  name?: string;
}

/** TF.js' and Keras' default slope for the LeakyReLU layer (the `'leakyRelu'` activation has 0.2, as Keras 3's function). */
const DEFAULT_ALPHA = 0.3;

/** max(x, alpha·x) as a layer, with a slope of its own: TF.js' and Keras' LeakyReLU layer. */
export class LeakyReLU extends Activation {
  override readonly className = 'LeakyReLU';
  override readonly activation: ActivationFn;
  readonly alpha: number;

  constructor(config: LeakyReLUConfig = {}) {
    const where = 'leakyReLU()';
    checkLayerConfig(where, config, ['alpha']);
    const alpha = config.alpha ?? DEFAULT_ALPHA;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha))
      throw new ConfigError({
        where,
        expected: 'alpha as a finite number',
        received: String(alpha),
        hint: 'Pass the slope for negative inputs, e.g. leakyReLU({ alpha: 0.3 }).',
      });
    super({ activation: 'leakyRelu', inputShape: config.inputShape, name: config.name });
    this.alpha = alpha;
    this.activation = leakyReluWith(alpha);
  }

  override config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      alpha: this.alpha,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * A LeakyReLU layer: max(x, alpha·x), as TF.js' `tf.layers.leakyReLU`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.dense({ units: 8, inputShape: [4] }),
 *   st.layers.leakyReLU({ alpha: 0.1 }),
 *   st.layers.dense({ units: 1 }),
 * ] });
 * ```
 */
export const leakyReLU = (config?: LeakyReLUConfig): LeakyReLU => new LeakyReLU(config);

/** LeakyReLU in configs, Keras JSON (TF.js writes `alpha`, Keras 3 `negative_slope`) and ONNX. */
export const leakyReluClass = {
  className: 'LeakyReLU',
  fromConfig: (config) => leakyReLU({ ...commonFrom(config), alpha: (config as { alpha?: number }).alpha }),
  toKeras: (layer) => ({ alpha: layer.alpha }),
  fromKeras: (c, at) => {
    const alpha = c.alpha ?? c.negative_slope ?? DEFAULT_ALPHA;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha))
      formatFail(at, 'alpha as a finite number', JSON.stringify(alpha));
    return { alpha };
  },
  onnx: (layer, x, graph) => graph.node('LeakyRelu', [x], [{ name: 'alpha', float: layer.alpha }]),
  pytorch: (layer) => ({ module: `nn.LeakyReLU(${pyNumber(layer.alpha)})`, ...torchWeights({}) }),
  stochastic: false,
  weightNames: [],
} as const satisfies LayerClass<LeakyReLU, never>;
