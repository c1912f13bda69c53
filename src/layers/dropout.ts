import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { kernelsFor } from '../tensor/backend.js';
import * as ops from '../tensor/ops/index.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { commonFrom, formatFail } from './config-json.js';
import type { LayerClass } from './layer-class.js';
import { pyNumber, torchWeights } from './pytorch.js';
import {
  assertBuilt,
  checkInputShapeConfig,
  disposeStorage,
  noCache,
  type BuildContext,
  type Layer,
  checkLayerConfig,
} from './layer.js';

export interface DropoutConfig {
  /** Fraction of inputs set to zero in training, in [0, 1). */
  rate: number;
  /** A fixed seed for this layer's masks; otherwise drawn from the model's generator. */
  seed?: number;
  inputShape?: number[];
  name?: string;
}

/** Inverted dropout: in training, zeroes a `rate` share of inputs and scales the rest by 1/(1 − rate). */
export class Dropout implements Layer {
  // a string, so SpatialDropout2D can extend it
  readonly className: string = 'Dropout';
  readonly keepsMask = true;
  name: string;
  readonly rate: number;
  readonly seed?: number;
  readonly inputShape?: readonly number[];
  #rng?: Rng;
  #ws?: Workspace;
  #mask?: Tensor;

  /** `where` and `unit` (what one mask draw drops) are the subclass's own, for its errors. */
  constructor(config: DropoutConfig, where = 'dropout()', unit = 'input') {
    checkLayerConfig(where, config, ['rate', 'seed']);
    const rate = config?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
      throw new ConfigError({
        where,
        expected: 'rate in [0, 1)',
        received: String(rate),
        hint: `rate is the fraction dropped: 0.2 drops one ${unit} in five.`,
      });
    this.rate = rate;
    // config() writes an unset seed as null
    this.seed = config.seed ?? undefined;
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#ws !== undefined;
  }

  /** The generator the masks come from; includeOptimizer saves its state so a resumed run draws the same masks. */
  get rng(): Rng | undefined {
    return this.#rng;
  }

  // one mask entry per input entry, so any input shape builds
  build(_inputShape: ShapeSpec, ctx: BuildContext): void {
    this.#rng = this.seed === undefined ? ctx.rng.fork() : new Rng(this.seed);
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
    if (mode === 'infer' || this.rate === 0) return x;
    const mask = this.makeMask(x, ws, this.#rng!);
    this.#mask = mask;
    return ops.mul(x, mask, ws.like('out', x));
  }

  /** The training mask for x: one draw per entry (SpatialDropout2D: one per image and channel). */
  protected makeMask(x: Tensor, ws: Workspace, rng: Rng): Tensor {
    const mask = ws.like('mask', x);
    // inverted dropout: kept entries are scaled by 1/(1 − rate), so inference needs no scaling
    kernelsFor(x.dtype).dropoutMask(rng.words, mask.data, this.rate, 1 / (1 - this.rate));
    return mask;
  }

  backward(dy: Tensor): Tensor {
    assertBuilt(this, this.#ws);
    if (this.rate === 0) return dy;
    const mask = this.#mask ?? noCache(this);
    return ops.mul(dy, mask, this.#ws!.like('dx', dy));
  }

  params(): readonly Param[] {
    return [];
  }

  config() {
    return {
      className: this.className,
      name: this.name,
      rate: this.rate,
      seed: this.seed ?? null,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * Dropout, active only in training (`fit`, `trainOnBatch`); `predict` and `evaluate` pass inputs through.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.layers.dropout({ rate: 0.2 });
 * ```
 */
export const dropout = (config: DropoutConfig): Dropout => new Dropout(config);

/** Dropout in configs and Keras JSON; ONNX export is for inference, where it is the identity. */
export const dropoutClass = {
  className: 'Dropout',
  fromConfig: (config) => {
    const c = config as { rate?: number; seed?: number | null };
    return dropout({ ...commonFrom(config), rate: c.rate!, seed: c.seed ?? undefined });
  },
  toKeras: (layer) => ({ rate: layer.rate, noise_shape: null, seed: layer.seed ?? null }),
  fromKeras: (c, at) => {
    if (c.noise_shape !== null && c.noise_shape !== undefined)
      formatFail(at, 'noise_shape: null', JSON.stringify(c.noise_shape));
    return { rate: c.rate, seed: c.seed ?? null };
  },
  onnx: (_layer, x) => x,
  // the same inverted dropout (kept values scaled by 1 / (1 − rate)), from torch's own random stream
  pytorch: (layer) => ({ module: `nn.Dropout(p=${pyNumber(layer.rate)})`, ...torchWeights({}) }),
  stochastic: true,
  weightNames: [],
} as const satisfies LayerClass<Dropout, never>;
