import { DataError, ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import type { DType } from '../../core/types.js';
import { Tensor, tensor, type NestedArray } from '../../tensor/tensor.js';

/** A `[rows, columns]` table: a rank-2 Tensor or nested arrays of numbers. */
export type MatrixLike = Tensor | readonly (readonly number[])[];

/** x as a `[rows, cols]` tensor, plus the dtype results should take. */
export interface Matrix {
  readonly values: Tensor;
  readonly rows: number;
  readonly cols: number;
  /** The input's dtype for a Tensor; 'float32' for arrays, as `st.tensor()` gives. */
  readonly dtype: DType;
}

export interface ReadOptions {
  /** Throw DataError on NaN or ±Infinity (default true). */
  finite?: boolean;
  /** Fewest rows accepted (default 0). */
  minRows?: number;
  /** What to tell the caller who passed a 1-D array (default: pass a single feature as a column). */
  rankHint?: string;
}

/** Checks x once at the boundary; arrays are read in float64 so statistics lose nothing to rounding. */
export function readMatrix(where: string, x: MatrixLike, options: ReadOptions = {}): Matrix {
  const { finite = true, minRows = 0, rankHint = 'Pass a single feature as a column, shape [rows, 1].' } = options;
  const values = x instanceof Tensor ? x : tensor(x as NestedArray, undefined, 'float64', where);
  const dtype = x instanceof Tensor ? x.dtype : 'float32';
  if (values.rank !== 2 || values.shape[0] < minRows)
    throw new ShapeError({
      where,
      expected:
        values.rank !== 2 ? 'x of shape [rows, columns]' : `x with at least ${minRows} row${minRows === 1 ? '' : 's'}`,
      received: formatShape(values.shape),
      hint: values.rank === 1 ? rankHint : undefined,
    });
  const [rows, cols] = values.shape;
  if (finite)
    for (let i = 0; i < values.size; i++)
      if (!Number.isFinite(values.data[i]))
        throw new DataError({
          where,
          expected: 'finite numbers in x',
          received: `${values.data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}`,
          hint: 'Drop or impute missing values first.',
        });
  return { values, rows, cols, dtype };
}
