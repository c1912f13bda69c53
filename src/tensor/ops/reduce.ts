import { ShapeError } from '../../core/errors.js';
import { formatShape, sizeOf } from '../../core/shape.js';
import { kernelsFor } from '../backend.js';
import { assertLive, zeros, type Tensor } from '../tensor.js';
import { expectSameDtype, expectShape, expectVector, lastDim, rowCount } from './check.js';

/** out[j] = Σ x[..., j] over every leading position: x [..., n] → out [n] (a bias gradient). */
export function sumToLastAxis(x: Tensor, out: Tensor): Tensor {
  const op = 'ops.sumToLastAxis()';
  expectVector(op, 'the output', out, lastDim(x));
  expectSameDtype(op, x, out);
  kernelsFor(x.dtype).sumRows(x.data, out.data, rowCount(x), lastDim(x));
  return out;
}

/**
 * Sums x over one axis, which is dropped from the shape: x [a, …, d_axis, …] → out without d_axis.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const x = st.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
 * console.log(st.ops.sum(x, 1).toArray()); // [[4, 6], [12, 14]]
 * ```
 */
export function sum(x: Tensor, axis: number, out?: Tensor): Tensor {
  const op = 'ops.sum()';
  assertLive(x, op);
  const at = axis < 0 ? x.rank + axis : axis;
  if (!Number.isInteger(at) || at < 0 || at >= x.rank)
    throw new ShapeError({
      where: op,
      expected: `an axis in [-${x.rank}, ${x.rank - 1}] for a tensor of shape ${formatShape(x.shape)}`,
      received: String(axis),
      hint: 'Count axes from 0 (the batch), or from -1 (the last).',
    });
  const shape = x.shape.filter((_, i) => i !== at);
  const result = out ?? zeros(shape, x.dtype);
  expectShape(op, 'the output', result, shape);
  expectSameDtype(op, x, result);
  // [outer, mid, inner]: each outer block is a [mid, inner] matrix whose rows are summed
  const [outer, mid, inner] = [sizeOf(x.shape.slice(0, at)), x.shape[at], sizeOf(x.shape.slice(at + 1))];
  const k = kernelsFor(x.dtype);
  for (let o = 0; o < outer; o++)
    k.sumRows(
      x.data.subarray(o * mid * inner, (o + 1) * mid * inner),
      result.data.subarray(o * inner, (o + 1) * inner),
      mid,
      inner,
    );
  return result;
}
