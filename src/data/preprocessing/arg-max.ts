import { ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { zeros, type Tensor } from '../../tensor/tensor.js';
import { readMatrix, type MatrixLike } from './read-matrix.js';

/**
 * The column of each row's largest value, as class ids `[rows, 1]`: turns one-hot targets or softmax outputs back
 * into labels. Ties go to the first column, and NaN never wins.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const probabilities = st.tensor([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]]);
 * console.log(st.data.argMax(probabilities).toArray()); // [[1], [0]]
 * ```
 */
export function argMax(t: MatrixLike): Tensor {
  const where = 'argMax()';
  const { values, rows, cols, dtype } = readMatrix(where, t, {
    finite: false,
    rankHint: 'argMax() works row by row on [rows, classes] scores; for a flat vector, reshape it to [1, n].',
  });
  if (cols === 0)
    throw new ShapeError({
      where,
      expected: 'x with at least one column',
      received: formatShape(values.shape),
      hint: 'Pass one row of scores per example, e.g. model.predict(x).',
    });
  const out = zeros([rows, 1], dtype);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = values.data[r * cols];
    for (let j = 1; j < cols; j++) {
      const v = values.data[r * cols + j];
      if (v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) [best, bestValue] = [j, v];
    }
    out.data[r] = best;
  }
  return out;
}
