import { FormatError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { readIdx } from './read-idx.js';

/**
 * Class ids from an IDX labels file (one integer per example, as MNIST's `…-labels-idx1-ubyte`), as a `[n]` tensor
 * ready for `sparseCategoricalCrossentropy`.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]);
 * console.log(st.data.idxLabels(bytes).toArray()); // [7, 2, 1]
 * ```
 */
export function idxLabels(bytes: Uint8Array, where = 'idxLabels()'): Tensor {
  const { type, values } = readIdx(bytes, where);
  if (values.rank !== 1 || type === 'float' || type === 'double')
    throw new FormatError({
      where,
      expected: 'labels: integers of shape [n]',
      received: `${type} values of shape ${formatShape(values.shape)}`,
      hint:
        values.rank >= 3
          ? 'This looks like an images file: pass it as the images (idxImages, or --idx).'
          : 'Pass an IDX file with one integer class id per example.',
    });
  for (let i = 0; i < values.size; i++)
    if (values.data[i] < 0)
      throw new FormatError({
        where,
        expected: 'class ids ≥ 0',
        received: `${values.data[i]} at index ${i}`,
        hint: 'Class ids count from 0: map the labels to 0, 1, 2, … first.',
      });
  return values;
}
