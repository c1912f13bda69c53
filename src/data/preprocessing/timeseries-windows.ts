import { ConfigError, DataError, ShapeError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { unknownOption } from '../../core/suggest.js';
import { Tensor, tensor, zeros, type TensorLike } from '../../tensor/tensor.js';
import { intOption, MAX_COUNT } from '../data-options.js';
import type { Dataset } from '../dataset.js';

export interface TimeseriesWindowsOptions {
  /** Time steps each example sees. */
  window: number;
  /** Steps ahead to predict: the target holds the next `horizon` values (default 1). */
  horizon?: number;
  /** Steps between the starts of consecutive windows (default 1). */
  stride?: number;
  /** For a series with several features: the column to predict (default 0). */
  target?: number;
}

/**
 * Cuts a series into forecasting examples: x[i] is `window` consecutive steps, y[i] the `horizon` values of the
 * `target` column that follow. A series is `[steps]` (one feature) or `[steps, features]`, as numbers, a typed array
 * or a Tensor; x comes out `[examples, window, features]`, y `[examples, horizon]`, in the series' dtype (float32
 * for arrays). Windows never cross the end, so there are ⌊(steps − window − horizon) / stride⌋ + 1 examples.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.data.timeseriesWindows([1, 2, 3, 4, 5, 6], { window: 3, horizon: 2 });
 * console.log(x.shape, y.toArray()); // [2, 3, 1] [[4, 5], [5, 6]]
 * ```
 */
export function timeseriesWindows(
  series: Tensor | readonly number[] | readonly (readonly number[])[] | Float32Array | Float64Array,
  options: TimeseriesWindowsOptions,
): Dataset {
  const where = 'timeseriesWindows()';
  if (typeof options !== 'object' || options === null)
    throw new ConfigError({
      where,
      expected: 'options { window, horizon?, stride?, target? }',
      received: String(options),
      hint: 'For example timeseriesWindows(series, { window: 20, horizon: 1 }).',
    });
  const unknown = unknownOption(options, ['window', 'horizon', 'stride', 'target']);
  if (unknown) throw new ConfigError({ where, ...unknown });
  const values = series instanceof Tensor ? series : tensor(series as TensorLike, undefined, undefined, where);
  if (values.rank !== 1 && values.rank !== 2)
    throw new ShapeError({
      where,
      expected: 'a series of shape [steps] or [steps, features]',
      received: formatShape(values.shape),
      hint: 'Pass one value per time step, or one row of features per time step.',
    });
  const steps = values.shape[0];
  const features = values.rank === 2 ? values.shape[1] : 1;
  const window = intOption(where, 'window', options.window, 1);
  const horizon = intOption(where, 'horizon', options.horizon ?? 1, 1);
  const stride = intOption(where, 'stride', options.stride ?? 1, 1);
  const target = options.target ?? 0;
  if (!Number.isInteger(target) || target < 0 || target >= features)
    throw new ConfigError({
      where,
      expected: `target as a column index in [0, ${features - 1}]`,
      received: String(target),
      hint: 'Name the column to predict by its index, e.g. target: 0.',
    });
  if (steps < window + horizon)
    throw new ShapeError({
      where,
      expected: `a series of at least window + horizon = ${window + horizon} steps`,
      received: `${steps} steps`,
      hint: 'Use a shorter window or horizon, or a longer series.',
    });
  const examples = Math.floor((steps - window - horizon) / stride) + 1;
  if (examples * window * features > MAX_COUNT)
    throw new ConfigError({
      where,
      expected: `at most ${MAX_COUNT.toLocaleString('en-US')} values in x`,
      received: `${examples} windows × ${window} steps × ${features} features`,
      hint: 'Use a larger stride or a shorter window, or cut the series into parts.',
    });
  const data = values.data;
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]))
      throw new DataError({
        where,
        expected: 'finite values in the series',
        received: `${data[i]} at step ${Math.floor(i / features)}`,
        hint: 'Fill or drop missing values before windowing.',
      });
  const x = zeros([examples, window, features], values.dtype);
  const y = zeros([examples, horizon], values.dtype);
  for (let e = 0; e < examples; e++) {
    const start = e * stride;
    x.data.set(data.subarray(start * features, (start + window) * features), e * window * features);
    for (let h = 0; h < horizon; h++) y.data[e * horizon + h] = data[(start + window + h) * features + target];
  }
  return { x, y };
}
