import { DataError, ShapeError } from '../core/errors.js';
import { formatShape, type ShapeSpec } from '../core/shape.js';
import type { DType } from '../core/types.js';
import { assertLive, Tensor, tensor, type TensorLike } from '../tensor/tensor.js';

/**
 * Converts user data to a batch-first tensor of the model's dtype (a copy, unless it already is one) and checks every
 * value is finite. Any rank: [examples, features], [examples, time, features], [examples, height, width, channels];
 * a 1-D input is read as one column.
 */
export function toBatch(data: TensorLike, dtype: DType, where: string, label: string): Tensor {
  if (data instanceof Tensor) assertLive(data, where);
  // a tensor of the right dtype is used as it is: training reads it and never writes it
  const t =
    data instanceof Tensor && data.dtype === dtype && data.rank >= 2 ? data : tensor(data, undefined, dtype, where);
  if (t.rank === 0)
    throw new ShapeError({
      where,
      expected: `${label} as a batch of examples, [examples, ...]`,
      received: `shape ${formatShape(t.shape)}`,
      hint: 'Wrap a single value as [[value]].',
    });
  const m = t.rank === 1 ? new Tensor(t.data, [t.shape[0], 1], dtype) : t;
  const rows = m.shape[0];
  if (rows === 0)
    throw new ShapeError({
      where,
      expected: `${label} with at least one example`,
      received: 'an empty array',
      hint: 'Pass at least one row of data.',
    });
  for (let i = 0; i < m.size; i++) {
    if (!Number.isFinite(m.data[i]))
      throw new DataError({
        where,
        expected: `finite numbers in ${label}`,
        received: `${m.data[i]} at ${positionOf(m.shape, i)}`,
        hint: 'Drop or impute missing values before training.',
      });
  }
  return m;
}

/** `row 3, column 1` for a matrix; `example 3, index [0, 2, 1]` for higher ranks. */
function positionOf(shape: readonly number[], i: number): string {
  const width = shape.slice(1).reduce((a, b) => a * b, 1);
  const row = Math.floor(i / width);
  if (shape.length === 2) return `row ${row}, column ${i % width}`;
  const index: number[] = [];
  let rest = i % width;
  for (let d = shape.length - 1; d >= 1; d--) {
    index.unshift(rest % shape[d]);
    rest = Math.floor(rest / shape[d]);
  }
  return `example ${row}, index [${index.join(', ')}]`;
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

/** Checks that x's examples have the model's input shape (everything after the batch dimension). */
export function assertExampleShape(where: string, x: Tensor, inputShape: ShapeSpec, firstLayer: string): void {
  const same = x.rank === inputShape.length && inputShape.every((d, i) => i === 0 || d === x.shape[i]);
  if (same) return;
  const example = inputShape.slice(1);
  const takes =
    example.length === 1
      ? `${example[0]} feature${example[0] === 1 ? '' : 's'} per example`
      : `examples of shape ${formatShape(example)}`;
  throw new ShapeError({
    where,
    expected: `x of shape ${formatShape(inputShape)}`,
    received: `${formatShape(x.shape)}`,
    hint: `The first layer, ${firstLayer}, takes ${takes}.`,
  });
}

/** The number of values in one example (one row of the batch, however many axes it has). */
export const exampleSize = (t: Tensor): number => (t.shape[0] === 0 ? 0 : t.size / t.shape[0]);

/** Copies examples `order[start … start+count)` of src into out (the batch buffer); element by element, no views. */
export function gatherRows(src: Tensor, order: Int32Array, start: number, count: number, out: Tensor): void {
  const cols = exampleSize(src);
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
