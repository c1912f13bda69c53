import type { Rng } from '../core/rng.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Workspace } from '../tensor/workspace.js';
import { commonFrom, formatFail } from './config-json.js';
import { Dropout } from './dropout.js';
import type { LayerClass } from './layer-class.js';
import { assertInputShape, batchSpec, type BuildContext } from './layer.js';
import { pyNumber, torchWeights } from './pytorch.js';
import { spatialDims } from './window-options.js';

export interface SpatialDropout2DConfig {
  /** Fraction of channels set to zero per image in training, in [0, 1). */
  rate: number;
  /** A fixed seed for this layer's masks; otherwise drawn from the model's generator. */
  seed?: number;
  inputShape?: number[];
  name?: string;
}

/**
 * Keras' SpatialDropout2D on [batch, height, width, channels]: in training, each image drops whole channels (a
 * `rate` share of its feature maps) and scales the rest by 1/(1 − rate); at inference it passes inputs through.
 * Dropout with one mask draw per image and channel instead of per entry.
 */
export class SpatialDropout2D extends Dropout {
  override readonly className = 'SpatialDropout2D';
  #spec?: ShapeSpec;

  constructor(config: SpatialDropout2DConfig) {
    super(config, 'spatialDropout2d()', 'feature map');
  }

  override build(inputShape: ShapeSpec, ctx: BuildContext): void {
    spatialDims(this, inputShape, 2);
    this.#spec = batchSpec(inputShape);
    super.build(inputShape, ctx);
  }

  override outputShape(inputShape: ShapeSpec): ShapeSpec {
    spatialDims(this, inputShape, 2);
    return inputShape;
  }

  override forward(x: Tensor, mode: Mode): Tensor {
    if (this.#spec) assertInputShape(this, x, this.#spec);
    return super.forward(x, mode);
  }

  protected override makeMask(x: Tensor, ws: Workspace, rng: Rng): Tensor {
    const [batch, height, width, channels] = x.shape;
    const kernels = kernelsFor(x.dtype);
    // one draw per (image, channel), then each image's row of draws repeated over its pixels
    const draws = ws.matrix('draws', batch, channels);
    kernels.dropoutMask(rng.words, draws.data, this.rate, 1 / (1 - this.rate));
    const mask = ws.like('mask', x);
    mask.data.fill(0);
    const pixels = height * width;
    for (let b = 0; b < batch; b++) {
      const image = mask.data.subarray(b * pixels * channels, (b + 1) * pixels * channels);
      kernels.addRowVector(image, draws.data.subarray(b * channels, (b + 1) * channels), image, pixels, channels);
    }
    return mask;
  }
}

/**
 * Dropout of whole feature maps for images [batch, height, width, channels] (Keras' SpatialDropout2D), active only
 * in training: neighbouring pixels are correlated, so dropping single pixels regularizes little.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({
 *   layers: [
 *     st.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
 *     st.layers.spatialDropout2d({ rate: 0.25 }),
 *   ],
 * });
 * model.predict(st.tensor(new Float32Array(64), [1, 8, 8, 1])); // [1, 6, 6, 4]: the identity at inference
 * ```
 */
export const spatialDropout2d = (config: SpatialDropout2DConfig): SpatialDropout2D => new SpatialDropout2D(config);

const SPATIAL_DROPOUT_PY = `class StrataSpatialDropout2d(nn.Module):
    """Keras' SpatialDropout2D on channels-last input: nn.Dropout2d (whole channels, kept ones scaled by
    1 / (1 - p)) on the channels-first view."""

    def __init__(self, p):
        super().__init__()
        self.drop = nn.Dropout2d(p=p)

    def forward(self, x):
        return self.drop(x.movedim(-1, 1)).movedim(1, -1)
`;

/** SpatialDropout2D in configs and Keras JSON (channels_last only); ONNX export is for inference: the identity. */
export const spatialDropout2dClass = {
  className: 'SpatialDropout2D',
  fromConfig: (config) => {
    const c = config as { rate?: number; seed?: number | null };
    return spatialDropout2d({ ...commonFrom(config), rate: c.rate!, seed: c.seed ?? undefined });
  },
  toKeras: (layer) => ({ rate: layer.rate, data_format: 'channels_last', noise_shape: null, seed: layer.seed ?? null }),
  fromKeras: (c, at) => {
    if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last')
      formatFail(at, "data_format: 'channels_last' (strata's images are channels last)", JSON.stringify(c.data_format));
    if (c.noise_shape !== null && c.noise_shape !== undefined)
      formatFail(at, 'noise_shape: null', JSON.stringify(c.noise_shape));
    return { rate: c.rate, seed: c.seed ?? null };
  },
  onnx: (_layer, x) => x,
  // whole channels of the channels-first view, from torch's own random stream
  pytorch: (layer) => ({
    module: `StrataSpatialDropout2d(${pyNumber(layer.rate)})`,
    helpers: { StrataSpatialDropout2d: SPATIAL_DROPOUT_PY },
    ...torchWeights({}),
  }),
  stochastic: true,
  weightNames: [],
} as const satisfies LayerClass<SpatialDropout2D, never>;
