import type { FloatArray } from '../core/types.js';
import {
  optimizers,
  schedules,
  type LearningRateSchedule,
  type Optimizer,
  type OptimizerName,
} from '../optimizers/index.js';
import type { Param } from '../tensor/param.js';

/** What `includeOptimizer` saves: the compiled loss and metrics, and the optimizer with its state. */
export interface TrainingState {
  readonly loss: string;
  readonly metricNames: readonly string[];
  readonly optimizer: Optimizer;
}

type Fail = (expected: string, received: string) => never;

/** The trainingConfig entry of model.json (Keras' names). */
export function trainingConfigOf({ loss, metricNames, optimizer }: TrainingState): unknown {
  return {
    loss,
    metrics: [...metricNames],
    optimizer_config: { class_name: optimizer.name, config: optimizer.config() },
  };
}

const scheduleByClass = {
  ExponentialDecay: schedules.exponentialDecay,
  CosineDecay: schedules.cosineDecay,
  PiecewiseConstantDecay: schedules.piecewiseConstant,
} as Record<string, (config: never) => LearningRateSchedule>;

/** The loss, metrics and a new optimizer from a saved trainingConfig; undefined when there is none. */
export function trainingFromConfig(
  trainingConfig: unknown,
  fail: Fail,
): { loss: string; metrics: string[]; optimizer: Optimizer } | undefined {
  if (trainingConfig === undefined || trainingConfig === null) return undefined;
  const {
    loss,
    metrics,
    optimizer_config: oc,
  } = trainingConfig as {
    loss?: unknown;
    metrics?: unknown;
    optimizer_config?: { class_name?: unknown; config?: Record<string, unknown> };
  };
  const name = oc?.class_name;
  if (typeof loss !== 'string' || typeof name !== 'string' || !Object.hasOwn(optimizers, name))
    fail(
      `trainingConfig with a loss and an optimizer among ${Object.keys(optimizers).join(', ')}`,
      JSON.stringify(trainingConfig).slice(0, 80),
    );
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(oc!.config ?? {})) {
    if (value === null || value === undefined) continue;
    const schedule = value as { className?: unknown; config?: never };
    if (key === 'learningRate' && typeof value === 'object') {
      // own keys only: a className of '__proto__' or 'toString' is a corrupt file, not a schedule
      const className = String(schedule.className);
      if (!Object.hasOwn(scheduleByClass, className))
        fail(`a learning-rate schedule among ${Object.keys(scheduleByClass).join(', ')}`, JSON.stringify(className));
      settings[key] = scheduleByClass[className](schedule.config!);
    } else settings[key] = value;
  }
  const optimizer = (optimizers[name as OptimizerName] as (options: object) => Optimizer)(settings);
  return { loss: loss as string, metrics: Array.isArray(metrics) ? (metrics as string[]) : [], optimizer };
}

/** Puts back the optimizer's step count and slots saved beside the weights (`optimizer/...`), if any. */
export function restoreOptimizerState(
  optimizer: Optimizer,
  params: readonly Param[],
  state: ReadonlyMap<string, { readonly data: FloatArray }>,
  fail: Fail,
): void {
  const iterations = state.get('optimizer/iterations');
  if (iterations === undefined) return;
  optimizer.setIterations(iterations.data[0]);
  for (const slot of optimizer.slots(params)) {
    const saved = state.get(`optimizer/${slot.name}`)?.data;
    if (saved === undefined || saved.length !== slot.value.length)
      fail(`optimizer state ${slot.name}`, saved ? `${saved.length} values` : 'none');
    slot.value.set(saved);
  }
}
