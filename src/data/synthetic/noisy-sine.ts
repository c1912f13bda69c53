import { ConfigError } from '../../core/errors.js';
import { unknownOption } from '../../core/suggest.js';
import { zeros } from '../../tensor/tensor.js';
import { intOption, numberOption, resolveDtype, resolveRng, type DataOptions } from '../data-options.js';
import type { Dataset } from '../dataset.js';
import { timeseriesWindows } from '../preprocessing/timeseries-windows.js';
import { checkOptionsObject } from '../../core/options.js';

export interface NoisySineOptions extends DataOptions {
  /** Length of the series before windowing (default 1000). */
  steps?: number;
  /** Steps per period of the sine (default 50). */
  period?: number;
  /** Standard deviation of the Gaussian noise added to each step (default 0.1). */
  noise?: number;
  /** Steps each example sees (default 20). */
  window?: number;
  /** Values to predict after each window (default 1). */
  horizon?: number;
}

/**
 * A forecasting set: a sine of `period` steps plus Gaussian noise, cut into windows as `st.data.timeseriesWindows`
 * does. x is `[examples, window, 1]`, y `[examples, horizon]`, in time order (split without shuffling to keep the
 * future out of training).
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { x, y } = st.datasets.noisySine({ steps: 200, window: 20, horizon: 1, seed: 4 });
 * console.log(x.shape, y.shape); // [180, 20, 1] [180, 1]
 * ```
 */
export function noisySine(options: NoisySineOptions = {}): Dataset {
  checkOptionsObject('noisySine()', options);
  const where = 'noisySine()';
  const unknown = unknownOption(options ?? {}, ['steps', 'period', 'noise', 'window', 'horizon', 'seed', 'dtype']);
  if (unknown) throw new ConfigError({ where, ...unknown });
  const steps = intOption(where, 'steps', options.steps ?? 1000, 2);
  const period = numberOption(where, 'period', options.period ?? 50, { min: Number.MIN_VALUE });
  const noise = numberOption(where, 'noise', options.noise ?? 0.1, { min: 0 });
  const rng = resolveRng(where, options.seed);
  const series = zeros([steps], resolveDtype(where, options.dtype));
  for (let t = 0; t < steps; t++)
    series.data[t] = Math.sin((2 * Math.PI * t) / period) + (noise > 0 ? rng.normal() * noise : 0);
  return timeseriesWindows(series, { window: options.window ?? 20, horizon: options.horizon ?? 1 });
}
