import { ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { tensor, type TensorLike } from '../tensor/tensor.js';
import { positiveInteger } from './image-grid.js';
import { CAPTION, grey, panelsSpec, type Heading, type Panel } from './pixel-panels.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** One layer's output for one input: `[height, width, channels]` (or `[1, height, width, channels]`). */
export interface FeatureMap {
  readonly name: string;
  readonly maps: TensorLike;
}

export interface FeatureMapsOptions {
  /** The most channels drawn per layer (default 16), the first ones. */
  readonly maxChannels?: number;
  /** Channels per row (default 8). */
  readonly columns?: number;
  /** Screen pixels per map side (default 64). */
  readonly size?: number;
  readonly title?: string;
}

/**
 * The feature maps of one input through a network's layers: a section per layer, one picture per channel, each
 * channel scaled on its own from white (its smallest value) to black (its largest).
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const maps = st.tensor(Array.from({ length: 4 * 4 * 2 }, (_, i) => i % 7), [4, 4, 2]);
 * const spec = st.plots.featureMaps([{ name: 'conv2d_1', maps }]);
 * console.log(spec.title); // { text: 'Feature maps', subtitle: 'Each channel from white (its minimum) to black (its maximum)', anchor: 'start' }
 * ```
 */
export function featureMapsPlot(layers: readonly FeatureMap[], options: FeatureMapsOptions = {}): VegaLiteSpec {
  const where = 'featureMaps()';
  if (!Array.isArray(layers) || layers.length === 0)
    throw new ShapeError({
      where,
      expected: 'a non-empty list of { name, maps: [height, width, channels] }',
      received: Array.isArray(layers) ? 'an empty list' : typeof layers,
      hint: 'Pass the outputs of the conv and pooling layers for one input (st.layerOutputs(model, x)).',
    });
  const maxChannels = positiveInteger(where, 'maxChannels', options.maxChannels, 16);
  const columns = positiveInteger(where, 'columns', options.columns, 8);
  const size = positiveInteger(where, 'size', options.size, 64);
  const gap = 8;
  const headingRoom = 22;
  const panels: Panel[] = [];
  const headings: Heading[] = [];
  let top = 0;
  for (const layer of layers) {
    const raw = tensor(layer.maps, undefined, 'float32', where);
    const shape = raw.rank === 4 && raw.shape[0] === 1 ? raw.shape.slice(1) : raw.shape;
    if (shape.length !== 3 || raw.size === 0)
      throw new ShapeError({
        where: `${where}: ${layer.name}`,
        expected: 'maps of shape [height, width, channels] for one input',
        received: formatShape(raw.shape),
        hint: 'Pass only the image-shaped outputs (conv and pooling layers), for one input.',
      });
    const [h, w, c] = shape;
    const shown = Math.min(c, maxChannels);
    headings.push({
      x: 0,
      y: top + headingRoom - 6,
      text: `${layer.name}: ${h}×${w}×${c}${shown < c ? ` (first ${shown} channels)` : ''}`,
    });
    top += headingRoom;
    const scale = size / Math.max(h, w);
    const step = { x: w * scale + gap, y: h * scale + gap + CAPTION };
    for (let k = 0; k < shown; k++) {
      let [low, high] = [Infinity, -Infinity];
      for (let p = 0; p < h * w; p++)
        [low, high] = [Math.min(low, raw.data[p * c + k]), Math.max(high, raw.data[p * c + k])];
      const span = high > low ? high - low : 1;
      panels.push({
        x: (k % columns) * step.x,
        y: top + Math.floor(k / columns) * step.y,
        height: h,
        width: w,
        scale,
        colours: Array.from({ length: h * w }, (_, p) => grey((raw.data[p * c + k] - low) / span)),
        caption: `${k + 1}`,
      });
    }
    top += Math.ceil(shown / columns) * step.y + 4;
  }
  return panelsSpec(
    options.title ?? 'Feature maps',
    'Each channel from white (its minimum) to black (its maximum)',
    panels,
    headings,
  );
}
