import { ShapeError, StateError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { zeros, type Tensor } from '../../tensor/tensor.js';
import { readMatrix, type MatrixLike } from './read-matrix.js';

/** A per-column transform learnt from data: `fit` once, then `transform` any data with the same columns. */
export interface Scaler {
  readonly className: string;
  /** Learns the per-column statistics from x; returns the scaler. */
  fit(x: MatrixLike): this;
  transform(x: MatrixLike): Tensor;
  /** Undoes `transform`, back to the original units. */
  inverseTransform(x: MatrixLike): Tensor;
  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: MatrixLike): Tensor;
}

/** What `fit` learnt: one entry per column in each array. */
export interface FittedColumns {
  readonly scale: Float64Array;
}

/** Maps every value of x through `f(value, column, fitted)`, once x has passed the fitted-scaler checks. */
export function mapColumns<F extends FittedColumns>(
  scaler: Scaler,
  method: string,
  fitted: F | undefined,
  x: MatrixLike,
  f: (value: number, column: number, fitted: F) => number,
): Tensor {
  const where = `${scaler.className}.${method}()`;
  if (fitted === undefined)
    throw new StateError({
      where,
      expected: 'a fitted scaler',
      received: 'one that was never fit',
      hint: 'Call fit(x) or fitTransform(x) on the training data first.',
    });
  const { values, rows, cols, dtype } = readMatrix(where, x);
  if (cols !== fitted.scale.length)
    throw new ShapeError({
      where,
      expected: `x of shape [rows, ${fitted.scale.length}] (the columns fit() saw)`,
      received: formatShape(values.shape),
      hint: 'Transform data with the same features, in the same order, as the data the scaler was fit on.',
    });
  const out = zeros([rows, cols], dtype);
  for (let i = 0; i < values.size; i++) out.data[i] = f(values.data[i], i % cols, fitted);
  return out;
}
