import type { Tensor } from '../../tensor/tensor.js';
import { intervalOption } from '../data-options.js';
import { readMatrix, type MatrixLike } from './read-matrix.js';
import { mapColumns, type Scaler } from './scaler.js';
import { checkOptionsObject } from '../../core/options.js';

export interface MinMaxScalerOptions {
  /** The `[low, high]` each column is mapped onto (default `[0, 1]`). */
  featureRange?: [number, number];
}

/**
 * Maps each column's [min, max] seen by `fit` linearly onto `featureRange`, as scikit-learn's `MinMaxScaler`.
 * A constant column has its range taken as 1, so it maps to `low` rather than NaN. Values outside the fitted
 * range map outside `featureRange` (no clipping).
 */
export class MinMaxScaler implements Scaler {
  readonly className = 'MinMaxScaler';
  readonly featureRange: readonly [number, number];
  #fitted?: {
    readonly dataMin: Float64Array;
    readonly dataMax: Float64Array;
    readonly scale: Float64Array;
    readonly offset: Float64Array;
  };

  constructor(options: MinMaxScalerOptions = {}) {
    this.featureRange = intervalOption('minMaxScaler()', 'featureRange', options.featureRange ?? [0, 1]);
  }

  /** Per-column minimum seen by `fit`; undefined before it. */
  get dataMin(): number[] | undefined {
    return this.#fitted && Array.from(this.#fitted.dataMin);
  }

  /** Per-column maximum seen by `fit`. */
  get dataMax(): number[] | undefined {
    return this.#fitted && Array.from(this.#fitted.dataMax);
  }

  fit(x: MatrixLike): this {
    const { values, cols } = readMatrix(`${this.className}.fit()`, x, { minRows: 1 });
    const dataMin = new Float64Array(cols).fill(Infinity);
    const dataMax = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < values.size; i++) {
      dataMin[i % cols] = Math.min(dataMin[i % cols], values.data[i]);
      dataMax[i % cols] = Math.max(dataMax[i % cols], values.data[i]);
    }
    const [low, high] = this.featureRange;
    // as scikit-learn: a range below 10 ulps counts as zero and becomes 1
    const scale = dataMin.map(
      (min, j) => (high - low) / (dataMax[j] - min < 10 * Number.EPSILON ? 1 : dataMax[j] - min),
    );
    this.#fitted = { dataMin, dataMax, scale, offset: dataMin.map((min, j) => low - min * scale[j]) };
    return this;
  }

  transform(x: MatrixLike): Tensor {
    return mapColumns(this, 'transform', this.#fitted, x, (v, j, { scale, offset }) => v * scale[j] + offset[j]);
  }

  inverseTransform(x: MatrixLike): Tensor {
    return mapColumns(
      this,
      'inverseTransform',
      this.#fitted,
      x,
      (v, j, { scale, offset }) => (v - offset[j]) / scale[j],
    );
  }

  fitTransform(x: MatrixLike): Tensor {
    return this.fit(x).transform(x);
  }
}

/**
 * Creates a MinMaxScaler that maps each column onto `featureRange`.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const scaler = st.data.minMaxScaler({ featureRange: [-1, 1] });
 * const scaled = scaler.fitTransform([[0, 5], [5, 5], [10, 5]]);
 * console.log(scaled.toArray()); // [[-1, -1], [0, -1], [1, -1]]
 * console.log(scaler.inverseTransform(scaled).toArray()); // [[0, 5], [5, 5], [10, 5]]
 * ```
 */
export function minMaxScaler(options: MinMaxScalerOptions = {}): MinMaxScaler {
  checkOptionsObject('minMaxScaler()', options);
  return new MinMaxScaler(options);
}
