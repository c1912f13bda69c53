import { DataError, ShapeError } from '../core/errors.js';
import { formatShape, type ShapeSpec } from '../core/shape.js';
import type { DType } from '../core/types.js';
import { assertLive, Tensor, tensor, type TensorLike } from '../tensor/tensor.js';

/**
 * Converts user data to a [rows, cols] tensor of the model's dtype (a copy) and checks every value is finite.
 * A 1-D input is read as one column.
 */
export function toMatrix(data: TensorLike, dtype: DType, where: string, label: string): Tensor {
  if (data instanceof Tensor) assertLive(data, where);
  // a matrix tensor of the right dtype is used as it is: training reads it and never writes it
  const t =
    data instanceof Tensor && data.dtype === dtype && data.rank === 2 ? data : tensor(data, undefined, dtype, where);
  if (t.rank === 0 || t.rank > 2)
    throw new ShapeError({
      where,
      expected: `${label} as a [examples, features] matrix`,
      received: `shape ${formatShape(t.shape)}`,
      hint: t.rank === 0 ? 'Wrap a single value as [[value]].' : 'Flatten each example to one row of features.',
    });
  const m = t.rank === 1 ? new Tensor(t.data, [t.shape[0], 1], dtype) : t;
  const [rows, cols] = m.shape;
  if (rows === 0)
    throw new ShapeError({ where, expected: `${label} with at least one example`, received: 'an empty array' });
  for (let i = 0; i < m.size; i++) {
    if (!Number.isFinite(m.data[i]))
      throw new DataError({
        where,
        expected: `finite numbers in ${label}`,
        received: `${m.data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}`,
        hint: 'Drop or impute missing values before training.',
      });
  }
  return m;
}

export function assertSameRows(where: string, x: Tensor, y: Tensor, names = ['x', 'y']): void {
  if (x.shape[0] !== y.shape[0])
    throw new ShapeError({
      where,
      expected: `${names[0]} and ${names[1]} with the same number of examples`,
      received: `${x.shape[0]} in ${names[0]} and ${y.shape[0]} in ${names[1]}`,
      hint: 'Each row of x needs exactly one row of y.',
    });
}

export function assertFeatureWidth(where: string, x: Tensor, inputShape: ShapeSpec, firstLayer: string): void {
  if (x.shape[1] !== inputShape[1])
    throw new ShapeError({
      where,
      expected: `x of shape ${formatShape(inputShape)}`,
      received: `${formatShape(x.shape)}`,
      hint: `The first layer, ${firstLayer}, takes ${inputShape[1]} feature${inputShape[1] === 1 ? '' : 's'} per example.`,
    });
}

/** Copies rows `order[start … start+count)` of src into out (the batch buffer); element by element, no views. */
export function gatherRows(src: Tensor, order: Int32Array, start: number, count: number, out: Tensor): void {
  const cols = src.shape[1];
  const from = src.data;
  const to = out.data;
  // wide rows go through set() (a memory copy); for narrow ones a view per row would cost more than it saves
  if (cols >= 32)
    for (let r = 0; r < count; r++) {
      const base = order[start + r] * cols;
      to.set(from.subarray(base, base + cols), r * cols);
    }
  else
    for (let r = 0; r < count; r++) {
      const base = order[start + r] * cols;
      const at = r * cols;
      for (let j = 0; j < cols; j++) to[at + j] = from[base + j];
    }
}
