// optimizers (rank 4): update rules over Params; imports ranks 0–3
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { adagrad } from './adagrad.js';
import { adam, adamw } from './adam.js';
import { momentum } from './momentum.js';
import type { Optimizer } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { cosineDecay, exponentialDecay, piecewiseConstant } from './schedules.js';
import { sgd } from './sgd.js';

export const optimizers = { sgd, momentum, rmsprop, adam, adamw, adagrad } as const;
export const schedules = { exponentialDecay, cosineDecay, piecewiseConstant } as const;
export type { LearningRateSchedule, ExponentialDecayOptions, CosineDecayOptions } from './schedules.js';
export type OptimizerName = keyof typeof optimizers;
export type { CommonOptions, Optimizer, OptimizerConfig } from './optimizer.js';
export type { SgdOptions } from './sgd.js';
export type { MomentumOptions } from './momentum.js';
export type { RmspropOptions } from './rmsprop.js';
export type { AdamOptions, AdamwOptions } from './adam.js';
export type { AdagradOptions } from './adagrad.js';

/** An optimizer given by name (with default settings) or as an object. */
export function resolveOptimizer(spec: unknown, where: string): Optimizer {
  if (typeof spec === 'string' && Object.hasOwn(optimizers, spec)) return optimizers[spec as OptimizerName]();
  if (typeof spec === 'object' && spec !== null && 'step' in spec && 'learningRate' in spec) return spec as Optimizer;
  throw new ConfigError({ where, ...unknownName('optimizer', spec, Object.keys(optimizers)) });
}
