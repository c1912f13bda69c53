import { ShapeError } from '../../core/errors.js';
import { formatShape, sizeOf } from '../../core/shape.js';
import { assertLive, Tensor } from '../tensor.js';
import { lastDim, rowCount } from './check.js';

/**
 * The same values under another shape, as a view (no copy; writes show through). One dimension may be -1: it is
 * whatever makes the sizes agree, as in NumPy and Keras.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const x = st.tensor([1, 2, 3, 4, 5, 6]);
 * console.log(st.ops.reshape(x, [-1, 3]).shape); // [2, 3]
 * ```
 */
export function reshape(x: Tensor, given: readonly number[], where = 'reshape()'): Tensor {
  let shape = given;
  assertLive(x, where);
  // not an array: refused below as an invalid shape
  if (!Array.isArray(shape)) shape = [NaN];
  const unknown = shape.filter((d) => d === -1).length;
  const known = sizeOf(shape.filter((d) => d !== -1));
  const valid = unknown <= 1 && shape.every((d) => d === -1 || (Number.isInteger(d) && d >= 0));
  const fill = unknown === 1 && known > 0 ? x.size / known : NaN;
  const resolved = unknown === 1 ? shape.map((d) => (d === -1 ? fill : d)) : shape;
  if (!valid || (unknown === 1 ? !Number.isInteger(fill) : known !== x.size))
    throw new ShapeError({
      where,
      expected: `a shape of ${x.size} values (at most one -1)`,
      received: `${JSON.stringify(given) ?? String(given)} for a tensor of shape ${formatShape(x.shape)}`,
      hint: `Choose dimensions whose product is ${x.size}.`,
    });
  return new Tensor(x.data, resolved, x.dtype);
}

/** x as a [rows, last] matrix view, every leading axis folded into rows (x itself when it is one already). */
export function asRows(x: Tensor): Tensor {
  return x.rank === 2 ? x : new Tensor(x.data, [rowCount(x), lastDim(x)], x.dtype);
}
