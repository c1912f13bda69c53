import type { Tensor } from '../../tensor/tensor.js';
import { readMatrix, type MatrixLike } from './read-matrix.js';
import { mapColumns, type Scaler } from './scaler.js';

/**
 * Scales each column to zero mean and unit variance, as scikit-learn's `StandardScaler`: (x − mean) / std, with the
 * population std. A constant column (zero variance, up to rounding) gets scale 1, so it maps to 0 rather than NaN.
 */
export class StandardScaler implements Scaler {
  readonly className = 'StandardScaler';
  #fitted?: { readonly mean: Float64Array; readonly variance: Float64Array; readonly scale: Float64Array };

  /** Per-column means seen by `fit`; undefined before it. */
  get mean(): number[] | undefined {
    return this.#fitted && Array.from(this.#fitted.mean);
  }

  /** Per-column population variances seen by `fit`. */
  get variance(): number[] | undefined {
    return this.#fitted && Array.from(this.#fitted.variance);
  }

  /** Per-column divisors: the std, or 1 for a constant column. */
  get scale(): number[] | undefined {
    return this.#fitted && Array.from(this.#fitted.scale);
  }

  fit(x: MatrixLike): this {
    const { values, rows, cols } = readMatrix(`${this.className}.fit()`, x, { minRows: 1 });
    const mean = new Float64Array(cols);
    const variance = new Float64Array(cols);
    for (let i = 0; i < values.size; i++) mean[i % cols] += values.data[i];
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    // two passes: the shortcut E[x²] − E[x]² cancels badly when the mean is large
    for (let i = 0; i < values.size; i++) variance[i % cols] += (values.data[i] - mean[i % cols]) ** 2;
    for (let j = 0; j < cols; j++) variance[j] /= rows;
    const scale = variance.map((v, j) => (isConstant(v, mean[j], rows) ? 1 : Math.sqrt(v)));
    this.#fitted = { mean, variance, scale };
    return this;
  }

  transform(x: MatrixLike): Tensor {
    return mapColumns(this, 'transform', this.#fitted, x, (v, j, { mean, scale }) => (v - mean[j]) / scale[j]);
  }

  inverseTransform(x: MatrixLike): Tensor {
    return mapColumns(this, 'inverseTransform', this.#fitted, x, (v, j, { mean, scale }) => v * scale[j] + mean[j]);
  }

  fitTransform(x: MatrixLike): Tensor {
    return this.fit(x).transform(x);
  }
}

/** scikit-learn's test: a variance this small is rounding error from summing a constant column. */
function isConstant(variance: number, mean: number, rows: number): boolean {
  const eps = Number.EPSILON;
  return variance <= rows * eps * variance + (rows * mean * eps) ** 2;
}

/**
 * Creates a StandardScaler: fit it on the training data, then transform training and test data alike.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const scaler = st.data.standardScaler();
 * const z = scaler.fitTransform([[1, 10], [2, 10], [3, 10]]);
 * console.log(z.toArray()); // [[-1.2247, 0], [0, 0], [1.2247, 0]] (float32)
 * console.log(scaler.mean, scaler.scale); // [2, 10] [0.8165, 1]
 * console.log(scaler.inverseTransform(z).toArray()); // [[1, 10], [2, 10], [3, 10]]
 * ```
 */
export function standardScaler(): StandardScaler {
  return new StandardScaler();
}
