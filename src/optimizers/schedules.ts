import { ConfigError } from '../core/errors.js';

/** A learning rate that depends on the optimizer's step count (Keras' LearningRateSchedule). */
export interface LearningRateSchedule {
  readonly className: string;
  /** The rate for the update at `step` (0 for the first update). */
  valueAt(step: number): number;
  config(): Record<string, number | boolean | readonly number[]>;
}

function positive(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    throw new ConfigError({
      where,
      expected: `${name} > 0 and finite`,
      received: String(value),
      hint: `Pass a positive number for ${name}.`,
    });
  return value;
}

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in whole steps of `decaySteps` (default false). */
  staircase?: boolean;
}

/**
 * lr = initial · decayRate^(step / decaySteps), the exponent floored when `staircase`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const lr = st.schedules.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9 });
 * const optimizer = st.optimizers.adam({ learningRate: lr });
 * ```
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const where = 'exponentialDecay()';
  const initial = positive(where, 'initialLearningRate', options?.initialLearningRate);
  const decaySteps = positive(where, 'decaySteps', options.decaySteps);
  const decayRate = positive(where, 'decayRate', options.decayRate);
  const staircase = options.staircase ?? false;
  return {
    className: 'ExponentialDecay',
    valueAt: (step) => initial * Math.pow(decayRate, staircase ? Math.floor(step / decaySteps) : step / decaySteps),
    config: () => ({ initialLearningRate: initial, decaySteps, decayRate, staircase }),
  };
}

export interface CosineDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** The floor, as a fraction of the initial rate (default 0). */
  alpha?: number;
  /** Linear warm-up from the initial rate to `warmupTarget` over `warmupSteps` first. */
  warmupTarget?: number;
  warmupSteps?: number;
}

/**
 * Cosine decay from the initial rate (or `warmupTarget` after a linear warm-up) to `alpha` of it over `decaySteps`.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const lr = st.schedules.cosineDecay({ initialLearningRate: 0.01, decaySteps: 1000, alpha: 0.1 });
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const where = 'cosineDecay()';
  const initial = positive(where, 'initialLearningRate', options?.initialLearningRate);
  const decaySteps = positive(where, 'decaySteps', options.decaySteps);
  const alpha = options.alpha ?? 0;
  if (!(alpha >= 0 && alpha <= 1))
    throw new ConfigError({
      where,
      expected: 'alpha in [0, 1]',
      received: String(alpha),
      hint: 'alpha is the final share of the initial rate: 0 decays to zero.',
    });
  const warmupSteps = options.warmupSteps ?? 0;
  const target = options.warmupTarget === undefined ? initial : positive(where, 'warmupTarget', options.warmupTarget);
  return {
    className: 'CosineDecay',
    valueAt(step) {
      if (step < warmupSteps) return initial + ((target - initial) * step) / warmupSteps;
      const t = Math.min(step - warmupSteps, decaySteps) / decaySteps;
      return target * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * t)) + alpha);
    },
    config: () => ({ initialLearningRate: initial, decaySteps, alpha, warmupTarget: target, warmupSteps }),
  };
}

/**
 * values[0] up to and including step boundaries[0], values[1] up to boundaries[1], …, the last value after.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const lr = st.schedules.piecewiseConstant({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] });
 * ```
 */
export function piecewiseConstant(options: { boundaries: number[]; values: number[] }): LearningRateSchedule {
  const where = 'piecewiseConstant()';
  const { boundaries, values } = options ?? {};
  if (!Array.isArray(boundaries) || !Array.isArray(values) || values.length !== boundaries.length + 1)
    throw new ConfigError({
      where,
      expected: 'values with one more entry than boundaries',
      received: `${Array.isArray(values) ? values.length : 'no'} values and ${Array.isArray(boundaries) ? boundaries.length : 'no'} boundaries`,
      hint: 'For example boundaries: [100, 200], values: [0.1, 0.01, 0.001].',
    });
  values.forEach((v) => positive(where, 'every value', v));
  if (boundaries.some((b, i) => i > 0 && b <= boundaries[i - 1]))
    throw new ConfigError({
      where,
      expected: 'increasing boundaries',
      received: JSON.stringify(boundaries),
      hint: 'List the step numbers in increasing order.',
    });
  return {
    className: 'PiecewiseConstantDecay',
    valueAt(step) {
      let i = 0;
      while (i < boundaries.length && step > boundaries[i]) i++;
      return values[i];
    },
    config: () => ({ boundaries: [...boundaries], values: [...values] }),
  };
}
