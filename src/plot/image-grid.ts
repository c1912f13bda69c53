import { ConfigError, ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { Tensor, tensor, type TensorLike } from '../tensor/tensor.js';
import { CAPTION, grey, panelsSpec, rgb, type Panel } from './pixel-panels.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

/** A label per image: class ids (named by `classes`) or names. */
export type ImageLabels = ArrayLike<number | string> | Tensor;

export interface ImageGridOptions {
  /** The true labels, drawn under each image. */
  readonly labels?: ImageLabels;
  /** Predicted labels: each caption reads 'true → predicted', and images whose two differ are marked in red. */
  readonly predicted?: ImageLabels;
  /** Class names by id, for numeric labels. */
  readonly classes?: readonly string[];
  /** Images per row (default: up to 10). */
  readonly columns?: number;
  /** Pixel values drawn white and black (RGB: 0 and full); default [0, 1], widened to the data's range if it exceeds it. */
  readonly range?: readonly [number, number];
  /** Screen pixels per image side (default 84: MNIST's 28 pixels at 3× each). */
  readonly size?: number;
  readonly title?: string;
  readonly subtitle?: string;
}

/** Images as `[n, height, width, channels]` (channels 1 or 3), read from any rank-3 or rank-4 input. */
export function readImages(where: string, images: TensorLike): Tensor {
  const t = tensor(images, undefined, 'float32', where);
  const shape = t.rank === 3 ? [...t.shape, 1] : t.shape;
  if (shape.length !== 4 || (shape[3] !== 1 && shape[3] !== 3) || shape[0] === 0)
    throw new ShapeError({
      where,
      expected: 'images of shape [n, height, width] or [n, height, width, 1 or 3] with n ≥ 1',
      received: formatShape(t.shape),
      hint: 'Pass a batch of grayscale or RGB images, channels last.',
    });
  return t.rank === 3 ? new Tensor(t.data, shape, t.dtype) : t;
}

function labelsOf(where: string, name: string, values: ImageLabels, n: number, classes?: readonly string[]): string[] {
  const list = values instanceof Tensor ? Array.from(values.data) : Array.from(values);
  if (list.length !== n)
    throw new ShapeError({
      where,
      expected: `${name} with one label per image (${n})`,
      received: `${list.length} labels`,
      hint: 'Pass as many labels as images, in the same order.',
    });
  return list.map((v) => (typeof v === 'number' && classes?.[v] !== undefined ? classes[v] : String(v)));
}

/** The colour of every pixel of image i, white to black over `range` (RGB per channel). */
function colours(t: Tensor, i: number, [low, high]: readonly [number, number]): (string | null)[] {
  const [, h, w, c] = t.shape;
  const span = high > low ? high - low : 1;
  const at = i * h * w * c;
  return Array.from({ length: h * w }, (_, p) => {
    const v = (k: number) => (t.data[at + p * c + k] - low) / span;
    return c === 1 ? grey(v(0)) : rgb(v(0), v(1), v(2));
  });
}

function rangeOf(t: Tensor, given?: readonly [number, number]): readonly [number, number] {
  if (given) return given;
  let [low, high] = [0, 1];
  for (let i = 0; i < t.size; i++)
    if (Number.isFinite(t.data[i])) [low, high] = [Math.min(low, t.data[i]), Math.max(high, t.data[i])];
  return [low, high];
}

export function positiveInteger(where: string, name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (Number.isInteger(value) && value >= 1) return value;
  throw new ConfigError({
    where,
    expected: `${name} as a whole number ≥ 1`,
    received: String(value),
    hint: `For example ${name}: ${fallback}.`,
  });
}

/**
 * A grid of images with optional captions: true labels, or 'true → predicted' with the wrong ones framed in red.
 * Grayscale images go from white (the low end of `range`) to black; RGB images are drawn in colour.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const images = st.tensor(Array.from({ length: 2 * 4 * 4 }, (_, i) => (i % 5) / 4), [2, 4, 4, 1]);
 * const spec = st.plots.imageGrid(images, { labels: [3, 8], predicted: [3, 5] });
 * console.log(spec.title); // { text: 'Images', subtitle: '1 of 2 predicted wrongly (red)', anchor: 'start' }
 * ```
 */
export function imageGrid(images: TensorLike, options: ImageGridOptions = {}, where = 'imageGrid()'): VegaLiteSpec {
  const t = readImages(where, images);
  const [n, h, w] = t.shape;
  const truth = options.labels && labelsOf(where, 'labels', options.labels, n, options.classes);
  const guess = options.predicted && labelsOf(where, 'predicted', options.predicted, n, options.classes);
  const columns = positiveInteger(where, 'columns', options.columns, Math.min(n, 10));
  const size = positiveInteger(where, 'size', options.size, 84);
  const scale = size / Math.max(h, w);
  const range = rangeOf(t, options.range);
  const gap = 8;
  const step = { x: w * scale + gap, y: h * scale + gap + (truth || guess ? CAPTION : 0) };
  let wrongCount = 0;
  const panels: Panel[] = Array.from({ length: n }, (_, i) => {
    const wrong = truth !== undefined && guess !== undefined && truth[i] !== guess[i];
    if (wrong) wrongCount++;
    const caption = truth && guess ? `${truth[i]} → ${guess[i]}` : (truth?.[i] ?? guess?.[i]);
    return {
      x: (i % columns) * step.x,
      y: Math.floor(i / columns) * step.y,
      height: h,
      width: w,
      scale,
      colours: colours(t, i, range),
      caption,
      wrong,
    };
  });
  const subtitle =
    options.subtitle ??
    (truth && guess ? `${wrongCount} of ${n} predicted wrongly (red)` : `${n} images of ${h}×${w} pixels`);
  return panelsSpec(options.title ?? 'Images', subtitle, panels);
}

export interface MisclassifiedOptions extends Omit<ImageGridOptions, 'labels' | 'predicted'> {
  /** The most images drawn (default 36), picked evenly through the wrong ones. */
  readonly max?: number;
}

/**
 * The images a model got wrong, captioned 'true → predicted', with how many there were in all.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const images = st.tensor(Array.from({ length: 3 * 2 * 2 }, (_, i) => i / 12), [3, 2, 2, 1]);
 * const spec = st.plots.misclassified(images, [0, 1, 2], [0, 2, 1], { classes: ['cat', 'dog', 'bird'] });
 * console.log(spec.title); // { text: 'Misclassified', subtitle: '2 of 3 wrong (66.7%), caption: true → predicted', anchor: 'start' }
 * ```
 */
export function misclassifiedGrid(
  images: TensorLike,
  labels: ImageLabels,
  predicted: ImageLabels,
  options: MisclassifiedOptions = {},
): VegaLiteSpec {
  const where = 'misclassified()';
  const t = readImages(where, images);
  const [n, h, w, c] = t.shape;
  const truth = labelsOf(where, 'labels', labels, n, options.classes);
  const guess = labelsOf(where, 'predicted', predicted, n, options.classes);
  const max = positiveInteger(where, 'max', options.max, 36);
  const wrong = truth.flatMap((label, i) => (label !== guess[i] ? [i] : []));
  // spread evenly through the list: images sorted by class would otherwise show the first classes only
  const shown =
    wrong.length <= max ? wrong : Array.from({ length: max }, (_, k) => wrong[Math.floor((k * wrong.length) / max)]);
  const share = `${wrong.length} of ${n} wrong (${((100 * wrong.length) / n).toFixed(1)}%)`;
  const subtitle = `${share}${shown.length < wrong.length ? `, ${shown.length} of them shown` : ''}, caption: true → predicted`;
  if (shown.length === 0)
    return panelsSpec(options.title ?? 'Misclassified', `None of ${n} wrong`, [
      { x: 0, y: 0, height: 1, width: 1, scale: 84, colours: [null], caption: 'all correct' },
    ]);
  const size = h * w * c;
  const picked = new Float32Array(shown.length * size);
  shown.forEach((i, k) => picked.set(t.data.subarray(i * size, (i + 1) * size), k * size));
  const { max: _max, ...grid } = options;
  return imageGrid(
    tensor(picked, [shown.length, h, w, c]),
    {
      ...grid,
      range: options.range ?? rangeOf(t),
      labels: shown.map((i) => truth[i]),
      predicted: shown.map((i) => guess[i]),
      classes: undefined,
      title: options.title ?? 'Misclassified',
      subtitle,
    },
    where,
  );
}
