import { ShapeError } from '../core/errors.js';
import { formatShape, type Shape, type ShapeSpec } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { describeLayer, type Layer } from './layer.js';

/**
 * Reshaped views for Flatten and Reshape: a tensor sharing its data with another, kept while the data and batch
 * size stay the same, so a training step allocates nothing once it has seen each batch.
 */
export class Views {
  readonly #last = new Map<string, Tensor>();

  /** `source`'s data as `[rows, ...inner]`, rows taken from source. */
  of(key: string, source: Tensor, inner: Shape): Tensor {
    const rows = source.shape[0];
    const kept = this.#last.get(key);
    if (kept !== undefined && kept.data === source.data && kept.shape[0] === rows) return kept;
    const view = new Tensor(source.data, [rows, ...inner], source.dtype);
    this.#last.set(key, view);
    return view;
  }
}

/** The dimensions after the batch, each of which must be known. */
export function knownDims(layer: Layer, inputShape: ShapeSpec): Shape {
  const dims = inputShape.slice(1);
  if (!dims.every((d): d is number => d !== null && Number.isInteger(d) && d > 0))
    throw new ShapeError({
      where: describeLayer(layer),
      expected: 'an input shape whose dimensions after the batch are all known',
      received: formatShape(inputShape),
      hint: 'Give the first layer an inputShape.',
    });
  return dims;
}
