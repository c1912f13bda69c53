import {
  intervalOption,
  intOption,
  numberOption,
  resolveDtype,
  resolveRng,
  type DataOptions,
} from '../data-options.js';
import type { DType } from '../../core/types.js';
import { zeros, type Tensor } from '../../tensor/tensor.js';
import type { Dataset } from '../dataset.js';
import { linspace } from './linspace.js';
import { checkOptionsObject } from '../../core/options.js';

export interface SineRegressionOptions extends DataOptions {
  /** Number of points (default 100). */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to y (default 0.1). */
  noise?: number;
  /** The interval `[low, high]` that x spans, both ends included (default `[-π, π]`). */
  range?: [number, number];
}

/**
 * A one-feature regression set: x evenly spaced over `range`, y = sin(x) + Gaussian noise. Both are `[samples, 1]`,
 * in order of x.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.sineRegression({ samples: 64, noise: 0.05, range: [0, 2 * Math.PI], seed: 3 });
 * console.log(x.shape, y.shape); // [64, 1] [64, 1]
 * ```
 */
export function sineRegression(options: SineRegressionOptions = {}): Dataset {
  checkOptionsObject('sineRegression()', options);
  const where = 'sineRegression()';
  const samples = intOption(where, 'samples', options.samples ?? 100, 1);
  const noise = numberOption(where, 'noise', options.noise ?? 0.1, { min: 0 });
  const [low, high] = intervalOption(where, 'range', options.range ?? [-Math.PI, Math.PI]);
  const rng = resolveRng(where, options.seed);
  const dtype = resolveDtype(where, options.dtype);
  const x = Float64Array.from({ length: samples }, (_, i) => linspace(low, high, samples, i));
  const y = x.map((v) => Math.sin(v) + (noise > 0 ? rng.normal() * noise : 0));
  return { x: column(x, dtype), y: column(y, dtype) };
}

function column(values: Float64Array, dtype: DType): Tensor {
  const t = zeros([values.length, 1], dtype);
  t.data.set(values);
  return t;
}
