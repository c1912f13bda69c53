import { makeInitializer, type Initializer, type SeedConfig } from './initializer.js';
import { checkOptionsObject } from '../core/options.js';

// the standard deviation of a unit normal truncated at ±2
const TRUNCATED_STDDEV = 0.8796256610342398;

type Fan = 'fanIn' | 'fanAvg';

function scaleOf(fan: Fan, scale: number, fanIn: number, fanOut: number): number {
  return scale / Math.max(1, fan === 'fanIn' ? fanIn : (fanIn + fanOut) / 2);
}

/** 'GlorotUniform' → 'glorotUniform()', the factory's name in errors. */
const factoryName = (className: string) => `${className[0].toLowerCase()}${className.slice(1)}()`;

function uniform(className: string, fan: Fan, scale: number, config: SeedConfig): Initializer {
  checkOptionsObject(factoryName(className), config);
  return makeInitializer(className, { seed: config.seed }, (rng, fanIn, fanOut) => {
    const limit = Math.sqrt(3 * scaleOf(fan, scale, fanIn, fanOut));
    return rng.uniform(-limit, limit);
  });
}

function truncatedNormal(className: string, fan: Fan, scale: number, config: SeedConfig): Initializer {
  checkOptionsObject(factoryName(className), config);
  return makeInitializer(className, { seed: config.seed }, (rng, fanIn, fanOut) => {
    const stddev = Math.sqrt(scaleOf(fan, scale, fanIn, fanOut)) / TRUNCATED_STDDEV;
    return rng.truncatedNormal() * stddev;
  });
}

/**
 * Xavier/Glorot uniform, U(−√(6/(in+out)), √(6/(in+out))): the Keras default for Dense kernels.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * st.layers.dense({ units: 8, kernelInitializer: st.initializers.glorotUniform({ seed: 1 }) });
 * ```
 */
export const glorotUniform = (config: SeedConfig = {}): Initializer => uniform('GlorotUniform', 'fanAvg', 1, config);
/** Glorot normal: truncated normal with stddev √(2/(in+out)). */
export const glorotNormal = (config: SeedConfig = {}): Initializer =>
  truncatedNormal('GlorotNormal', 'fanAvg', 1, config);
/** He normal: truncated normal with stddev √(2/in), for ReLU layers. */
export const heNormal = (config: SeedConfig = {}): Initializer => truncatedNormal('HeNormal', 'fanIn', 2, config);
/** He uniform: U(−√(6/in), √(6/in)). */
export const heUniform = (config: SeedConfig = {}): Initializer => uniform('HeUniform', 'fanIn', 2, config);
/** LeCun normal: truncated normal with stddev √(1/in), for SELU layers. */
export const lecunNormal = (config: SeedConfig = {}): Initializer => truncatedNormal('LecunNormal', 'fanIn', 1, config);
/** LeCun uniform: U(−√(3/in), √(3/in)). */
export const lecunUniform = (config: SeedConfig = {}): Initializer => uniform('LecunUniform', 'fanIn', 1, config);
