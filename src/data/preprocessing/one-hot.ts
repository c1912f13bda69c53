import { DataError, ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import type { DType } from '../../core/types.js';
import { Tensor, tensor, zeros } from '../../tensor/tensor.js';
import { intOption, resolveDtype } from '../data-options.js';

/**
 * Encodes integer class ids (shape `[n]` or `[n, 1]`) as one-hot rows `[n, classes]`, the targets
 * categoricalCrossentropy takes. Without `classes`, the largest id + 1 is used. The dtype follows a Tensor input,
 * else float32.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * console.log(st.data.oneHot([0, 2, 1], 3).toArray()); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function oneHot(
  labels: Tensor | readonly number[] | readonly (readonly number[])[],
  classes?: number,
  dtype?: DType,
): Tensor {
  const where = 'oneHot()';
  const ids = labels instanceof Tensor ? labels : tensor(labels as number[], undefined, 'float64', where);
  const outDtype = resolveDtype(where, dtype ?? (labels instanceof Tensor ? labels.dtype : 'float32'));
  if (!(ids.rank === 1 || (ids.rank === 2 && ids.shape[1] === 1)))
    throw new ShapeError({
      where,
      expected: 'labels of shape [n] or [n, 1] holding class ids',
      received: formatShape(ids.shape),
      hint: ids.rank === 2 ? 'These rows look encoded already; argMax() turns them back into ids.' : undefined,
    });
  const n = ids.shape[0];
  let width = classes === undefined ? 0 : intOption(where, 'classes', classes, 1);
  for (let r = 0; r < n; r++) {
    const v = ids.data[r];
    if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes))
      throw new DataError({
        where,
        expected: `integer class ids in [0, ${classes ?? 'classes'})`,
        received: `${v} at row ${r}`,
        hint:
          Number.isInteger(v) && v > 0
            ? `Pass classes ≥ ${v + 1}, or renumber the classes from 0.`
            : 'Class ids are whole numbers counted from 0.',
      });
    if (classes === undefined) width = Math.max(width, v + 1);
  }
  const out = zeros([n, width], outDtype);
  for (let r = 0; r < n; r++) out.data[r * width + ids.data[r]] = 1;
  return out;
}
