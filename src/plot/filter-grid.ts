import { ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { tensor, type TensorLike } from '../tensor/tensor.js';
import { positiveInteger } from './image-grid.js';
import { CAPTION, diverging, panelsSpec, type Panel } from './pixel-panels.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

export interface FilterGridOptions {
  /** Filters per row (default: up to 16). */
  readonly columns?: number;
  /** The most filters drawn (default 64), the first ones. */
  readonly maxFilters?: number;
  /** The most input channels drawn per filter (default 8), the first ones. */
  readonly maxChannels?: number;
  /** Screen pixels per filter side (default 48). */
  readonly size?: number;
  readonly title?: string;
}

/**
 * A convolution kernel `[kh, kw, in, out]` (Keras's layout) as a grid: one block per filter, one small picture per
 * input channel stacked in it, weights from blue (negative) through white (0) to red (positive) on one scale.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const kernel = st.tensor(Array.from({ length: 3 * 3 * 1 * 4 }, (_, i) => Math.sin(i)), [3, 3, 1, 4]);
 * const spec = st.plots.filters(kernel, { title: 'conv2d_1' });
 * console.log(spec.title); // { text: 'conv2d_1', subtitle: '4 filters of 3×3 over 1 channel; blue < 0 < red, |w| ≤ 1', anchor: 'start' }
 * ```
 */
export function filterGrid(kernel: TensorLike, options: FilterGridOptions = {}): VegaLiteSpec {
  const where = 'filters()';
  const t = tensor(kernel, undefined, 'float32', where);
  if (t.rank !== 4 || t.size === 0)
    throw new ShapeError({
      where,
      expected: 'a convolution kernel of shape [kernelHeight, kernelWidth, inChannels, filters]',
      received: formatShape(t.shape),
      hint: "Pass the first conv layer's kernel, e.g. model.layers[0].params()[0].value.",
    });
  const [kh, kw, inputs, filters] = t.shape;
  const shownFilters = Math.min(filters, positiveInteger(where, 'maxFilters', options.maxFilters, 64));
  const channels = Math.min(inputs, positiveInteger(where, 'maxChannels', options.maxChannels, 8));
  const columns = positiveInteger(where, 'columns', options.columns, Math.min(shownFilters, 16));
  const size = positiveInteger(where, 'size', options.size, 48);
  let largest = 0;
  for (let i = 0; i < t.size; i++) largest = Math.max(largest, Math.abs(t.data[i]));
  const scale = size / Math.max(kh, kw);
  const gap = 8;
  const step = { x: kw * scale + gap, y: channels * (kh * scale + 4) + CAPTION + gap };
  const panels: Panel[] = [];
  for (let f = 0; f < shownFilters; f++)
    for (let c = 0; c < channels; c++) {
      const colours = Array.from({ length: kh * kw }, (_, p) => {
        // [kh, kw, in, out] row-major: position p, channel c, filter f
        const w = t.data[(p * inputs + c) * filters + f];
        return diverging(largest > 0 ? w / largest : 0);
      });
      panels.push({
        x: (f % columns) * step.x,
        y: Math.floor(f / columns) * step.y + c * (kh * scale + 4),
        height: kh,
        width: kw,
        scale,
        colours,
        caption: c === channels - 1 ? `${f + 1}` : undefined,
      });
    }
  const more = [
    shownFilters < filters ? `the first ${shownFilters} of ${filters} filters` : '',
    channels < inputs ? `the first ${channels} of ${inputs} channels` : '',
  ].filter(Boolean);
  const what = `${filters} filters of ${kh}×${kw} over ${inputs} channel${inputs === 1 ? '' : 's'}`;
  const stacked = channels > 1 ? ', input channels stacked' : '';
  const subtitle = `${what}${stacked}; blue < 0 < red, |w| ≤ ${Number(largest.toPrecision(3))}${more.length ? `; ${more.join(', ')}` : ''}`;
  return panelsSpec(options.title ?? 'Filters', subtitle, panels);
}
