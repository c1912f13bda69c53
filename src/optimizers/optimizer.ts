import { ConfigError } from '../core/errors.js';
import type { FloatArray } from '../core/types.js';
import type { Kernels } from '../kernels/kernels.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Param } from '../tensor/param.js';
import type { LearningRateSchedule } from './schedules.js';

export type OptimizerConfig = Readonly<Record<string, unknown>>;

/** Updates trainable params from their grads; `learningRate` may be changed between steps. */
export interface Optimizer {
  readonly name: string;
  /** The rate the next update uses; setting a number replaces any schedule. */
  learningRate: number;
  /** Steps taken so far (Adam's t). */
  readonly iterations: number;
  step(params: readonly Param[]): void;
  config(): OptimizerConfig;
  /** The live state buffers of `params` (created if missing), named `<param>/<slot>`, for saving and restoring. */
  slots(params: readonly Param[]): { name: string; value: FloatArray }[];
  /** Continues counting steps from `iterations` (Adam's bias correction, schedules), when training resumes. */
  setIterations(iterations: number): void;
}

/** Options every optimizer takes. */
export interface CommonOptions {
  /** A fixed rate or a schedule over steps (st.schedules). */
  learningRate?: number | LearningRateSchedule;
  /** Scale each gradient tensor down to at most this L2 norm. */
  clipNorm?: number;
  /** Clamp each gradient element to [−clipValue, clipValue]. */
  clipValue?: number;
}

interface OptimizerSpec {
  name: string;
  where: string;
  options: CommonOptions;
  defaultLearningRate: number;
  /** Settings written into config(), beside learningRate and the clips. */
  settings: Record<string, number | boolean>;
  /** Per-param state buffers, with their initial value. */
  slots: Record<string, number>;
  /** The rule: only what differs between optimizers (Keras' update_step). */
  update(k: Kernels, p: FloatArray, g: FloatArray, slots: FloatArray[], lr: number, t: number): void;
}

export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  range: (v: number) => boolean,
  expected: string,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !range(value))
    throw new ConfigError({ where, expected: `${name} ${expected}`, received: String(value) });
  return value;
}

const positive = (v: number) => v > 0;

function clip(g: FloatArray, clipNorm: number | undefined, clipValue: number | undefined): void {
  if (clipValue !== undefined)
    for (let i = 0; i < g.length; i++) g[i] = Math.min(clipValue, Math.max(-clipValue, g[i]));
  if (clipNorm !== undefined) {
    let sq = 0;
    for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
    const norm = Math.sqrt(sq);
    if (norm > clipNorm) for (let i = 0; i < g.length; i++) g[i] *= clipNorm / norm;
  }
}

/** Builds an optimizer from its update rule; slots are created per param on first use. */
export function makeOptimizer(spec: OptimizerSpec): Optimizer {
  const { where, options } = spec;
  const check = (name: string, v: unknown) => checkNumber(where, name, v, positive, '> 0 and finite');
  const given = options.learningRate ?? spec.defaultLearningRate;
  let schedule = typeof given === 'object' && given !== null && 'valueAt' in given ? given : undefined;
  let learningRate = schedule ? schedule.valueAt(0) : check('learningRate', given);
  const clipNorm = options.clipNorm === undefined ? undefined : check('clipNorm', options.clipNorm);
  const clipValue = options.clipValue === undefined ? undefined : check('clipValue', options.clipValue);
  const slotNames = Object.keys(spec.slots);
  const state = new Map<Param, FloatArray[]>();
  let iterations = 0;

  const slotsOf = (p: Param): FloatArray[] => {
    let s = state.get(p);
    if (s === undefined) {
      s = slotNames.map((n) => {
        const buf = p.value.data.slice() as FloatArray;
        return buf.fill(spec.slots[n]);
      });
      state.set(p, s);
    }
    return s;
  };

  return {
    name: spec.name,
    get learningRate() {
      return schedule ? schedule.valueAt(iterations) : learningRate;
    },
    set learningRate(value: number) {
      learningRate = checkNumber(`${spec.name}.learningRate`, 'learningRate', value, positive, '> 0 and finite');
      schedule = undefined;
    },
    get iterations() {
      return iterations;
    },
    step(params) {
      const lr = schedule ? schedule.valueAt(iterations) : learningRate;
      iterations++;
      for (const p of params) {
        if (!p.trainable) continue;
        const g = p.grad.data;
        if (clipNorm !== undefined || clipValue !== undefined) clip(g, clipNorm, clipValue);
        spec.update(kernelsFor(p.value.dtype), p.value.data, g, slotsOf(p), lr, iterations);
      }
    },
    slots: (params) =>
      params
        .filter((p) => p.trainable)
        .flatMap((p) => slotsOf(p).map((value, i) => ({ name: `${p.name}/${slotNames[i]}`, value }))),
    setIterations(value) {
      iterations = checkNumber(where, 'iterations', value, (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0');
    },
    config: () => ({
      learningRate: schedule ? { className: schedule.className, config: schedule.config() } : learningRate,
      ...spec.settings,
      clipNorm,
      clipValue,
    }),
  };
}
