// the settings convolution and pooling layers share: window sizes, padding, data format, and their image inputs
import { ConfigError, ShapeError } from '../core/errors.js';
import { formatShape, type ShapeSpec } from '../core/shape.js';
import type { Padding } from '../tensor/ops/index.js';
import { formatFail } from './config-json.js';
import { describeLayer, type Layer } from './layer.js';
import type { KerasConfig } from './layer-class.js';

/** 1 for sequences [batch, time, channels], 2 for images [batch, height, width, channels]. */
export type SpatialRank = 1 | 2;

/**
 * A window size, stride or dilation: a positive integer for every axis, or one list of `rank` of them, as Keras
 * takes them. Returned as [height, width]; a 1-D layer's height is 1.
 */
export function checkSizes(where: string, name: string, value: unknown, rank: SpatialRank): [number, number] {
  const list = typeof value === 'number' ? Array(rank).fill(value) : value;
  if (!Array.isArray(list) || list.length !== rank || !list.every((v) => Number.isInteger(v) && v >= 1))
    throw new ConfigError({
      where,
      expected: `${name} as a positive integer or ${rank === 1 ? 'a list of one' : 'a list of two ([height, width])'}`,
      received: JSON.stringify(value) ?? String(value),
      hint: `For example ${name}: ${rank === 1 ? '3' : '3 or [3, 3]'}.`,
    });
  return rank === 1 ? [1, list[0]] : [list[0], list[1]];
}

/** The sizes as the user gives them back: [k] for 1-D layers, [kh, kw] for 2-D ones. */
export const sizesOf = ([h, w]: readonly [number, number], rank: SpatialRank): number[] => (rank === 1 ? [w] : [h, w]);

export function checkPadding(where: string, value: unknown): Padding {
  if (value === undefined || value === 'valid' || value === 'same') return value ?? 'valid';
  throw new ConfigError({
    where,
    expected: "padding 'valid' or 'same'",
    received: JSON.stringify(value) ?? String(value),
    hint: "'valid' keeps windows inside the input; 'same' pads so that the output has ⌈size/stride⌉ positions.",
  });
}

/** strata keeps channels last; channels-first data needs transposing before it reaches the layer. */
export function checkDataFormat(where: string, value: unknown): void {
  if (value === undefined || value === null || value === 'channelsLast') return;
  throw new ConfigError({
    where,
    expected: "dataFormat 'channelsLast' (strata keeps channels last)",
    received: JSON.stringify(value) ?? String(value),
    hint: 'Leave dataFormat out, and transpose channels-first data to [batch, height, width, channels] first.',
  });
}

/** The [height, width, channels] of a built input: [null, h, w, c] for 2-D layers, [null, t, c] (height 1) for 1-D. */
export function spatialDims(layer: Layer, inputShape: ShapeSpec, rank: SpatialRank): [number, number, number] {
  const dims = inputShape.slice(1);
  if (dims.length !== rank + 1 || dims.some((d) => d === null || !(d > 0)))
    throw new ShapeError({
      where: describeLayer(layer),
      expected:
        rank === 2
          ? 'an image input [batch, height, width, channels] with every dimension after the batch known'
          : 'a sequence input [batch, time, channels] with every dimension after the batch known',
      received: formatShape(inputShape),
      hint:
        rank === 2
          ? 'Give the first layer an inputShape such as [28, 28, 1]; add a channels axis of 1 to grey images.'
          : 'Give the first layer an inputShape such as [100, 1]: time steps, then channels.',
    });
  const known = dims as number[];
  return rank === 2 ? [known[0], known[1], known[2]] : [1, known[0], known[1]];
}

/** Refuses a window that leaves no output positions ('valid' on an input smaller than the window). */
export function checkOutputSize(layer: Layer, inputShape: ShapeSpec, height: number, width: number): void {
  if (height >= 1 && width >= 1) return;
  throw new ShapeError({
    where: describeLayer(layer),
    expected: 'an input at least as large as the window',
    received: `${formatShape(inputShape)}, which leaves no output positions`,
    hint: "Use padding: 'same', a smaller window or dilation, or a larger input.",
  });
}

/** The per-example output shape [oh, ow, c] of a 2-D layer, [ow, c] of a 1-D one. */
export const outputDims = (rank: SpatialRank, height: number, width: number, channels: number): number[] =>
  rank === 2 ? [height, width, channels] : [width, channels];

/** Keras' data_format must be channels_last (1-D layers in TF.js leave it out). */
export function channelsLastFromKeras(at: string, c: KerasConfig): void {
  if (c.data_format !== null && c.data_format !== undefined && c.data_format !== 'channels_last')
    formatFail(
      at,
      "data_format 'channels_last' (strata keeps channels last)",
      JSON.stringify(c.data_format),
      'Transpose the weights and data to channels last, or rebuild the model with channels-last layers.',
    );
}
