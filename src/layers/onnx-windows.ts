// ONNX nodes for channels-last windows: ONNX's Conv and pooling read channels first, so each runs between transposes
import type { ShapeSpec } from '../core/shape.js';
import { window2d, type WindowSpec } from '../tensor/ops/index.js';
import type { OnnxAttribute, OnnxGraph } from './layer-class.js';
import type { SpatialRank } from './window-options.js';

/** `op` applied to x transposed to channels first, its result transposed back to channels last. */
export function channelsFirst(graph: OnnxGraph, rank: SpatialRank, x: string, op: (t: string) => string): string {
  const first = graph.node('Transpose', [x], [{ name: 'perm', ints: rank === 2 ? [0, 3, 1, 2] : [0, 2, 1] }]);
  return graph.node('Transpose', [op(first)], [{ name: 'perm', ints: rank === 2 ? [0, 2, 3, 1] : [0, 2, 1] }]);
}

/**
 * kernel_shape, strides and the explicit pads of a window over inputs of `inputShape` (TensorFlow's 'same' rule
 * puts the odd pad after, which ONNX's auto_pad does not promise), with dilations when `dilations` is set.
 */
export function windowAttributes(
  rank: SpatialRank,
  spec: WindowSpec,
  inputShape: ShapeSpec,
  dilations = false,
): OnnxAttribute[] {
  const dims = inputShape.slice(1) as number[];
  const [height, width] = rank === 2 ? [dims[0], dims[1]] : [1, dims[0]];
  const w = window2d(1, height, width, 1, spec);
  const after = (n: number, out: number, k: number, s: number, d: number, before: number) =>
    Math.max((out - 1) * s + (k - 1) * d + 1 - n - before, 0);
  const bottom = after(height, w.outHeight, w.kernelHeight, w.strideHeight, w.dilationHeight, w.padTop);
  const right = after(width, w.outWidth, w.kernelWidth, w.strideWidth, w.dilationWidth, w.padLeft);
  const pick = (h: number, v: number) => (rank === 2 ? [h, v] : [v]);
  return [
    { name: 'kernel_shape', ints: pick(w.kernelHeight, w.kernelWidth) },
    { name: 'strides', ints: pick(w.strideHeight, w.strideWidth) },
    { name: 'pads', ints: rank === 2 ? [w.padTop, w.padLeft, bottom, right] : [w.padLeft, right] },
    ...(dilations ? [{ name: 'dilations', ints: pick(w.dilationHeight, w.dilationWidth) }] : []),
  ];
}
