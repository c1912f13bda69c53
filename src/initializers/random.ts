import { assertFinite, makeInitializer, type Initializer, type SeedConfig } from './initializer.js';
import { checkOptionsObject } from '../core/options.js';

export interface RandomNormalConfig extends SeedConfig {
  mean?: number;
  stddev?: number;
}

/**
 * N(mean, stddev²); `randomNormal({ stddev: 0.01 })` is the tutorials' `np.random.randn(...) * 0.01`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.layers.dense({ units: 4, kernelInitializer: st.initializers.randomNormal({ stddev: 0.01 }) });
 * ```
 */
export function randomNormal(config: RandomNormalConfig = {}): Initializer {
  checkOptionsObject('randomNormal()', config);
  const mean = assertFinite('randomNormal()', 'mean', config.mean ?? 0);
  const stddev = assertFinite('randomNormal()', 'stddev', config.stddev ?? 0.05);
  return makeInitializer('RandomNormal', { mean, stddev, seed: config.seed }, (rng) => mean + stddev * rng.normal());
}

export interface RandomUniformConfig extends SeedConfig {
  minval?: number;
  maxval?: number;
}

/** U(minval, maxval), by default U(−0.05, 0.05) as in Keras. */
export function randomUniform(config: RandomUniformConfig = {}): Initializer {
  checkOptionsObject('randomUniform()', config);
  const minval = assertFinite('randomUniform()', 'minval', config.minval ?? -0.05);
  const maxval = assertFinite('randomUniform()', 'maxval', config.maxval ?? 0.05);
  return makeInitializer('RandomUniform', { minval, maxval, seed: config.seed }, (rng) => rng.uniform(minval, maxval));
}
