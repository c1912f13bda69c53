import { ConfigError } from '../core/errors.js';
import type { Callback, Logs, TrainContext } from './callback.js';
import { isImprovement, missingMonitor, resolveMode, type MonitorMode } from './monitor.js';

export interface ModelCheckpointOptions {
  /** The directory to save into; `{epoch}` (1-based) and log names such as `{val_loss:.4f}` are filled in. */
  path: string;
  monitor?: string;
  mode?: MonitorMode;
  /** Save only when the monitored value improves (default false: every time). */
  saveBestOnly?: boolean;
  /** 'epoch' (default) or a number of batches between saves. */
  saveFreq?: 'epoch' | number;
  /** Keep the optimizer's state too, so training can resume exactly with fit({ initialEpoch }). */
  includeOptimizer?: boolean;
  /** 'float32' (the default, what TF.js reads) or 'float64' to keep a float64 model's weights exact, as in `save()`. */
  weightDtype?: 'float32' | 'float64';
}

/** Keras-style placeholders: {epoch}, {epoch:03d}, {val_loss:.4f}. */
function fillPath(path: string, epoch: number, logs: Logs): string {
  return path.replace(
    /\{(\w+)(?::(0?\d*)([df])|:\.(\d+)f)?\}/g,
    (whole, key: string, pad?: string, kind?: string, digits?: string) => {
      const value = key === 'epoch' ? epoch + 1 : logs[key];
      if (value === undefined) return whole;
      if (digits !== undefined) return value.toFixed(Number(digits));
      if (kind === 'd') return String(Math.round(value)).padStart(Number(pad || 0), '0');
      return String(value);
    },
  );
}

/**
 * Saves the model during training (Node), each write atomic, so a crash leaves the last checkpoint loadable.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const checkpoint = st.callbacks.modelCheckpoint({ path: 'checkpoints/best', monitor: 'val_loss', saveBestOnly: true });
 * ```
 */
export function modelCheckpoint(options: ModelCheckpointOptions): Callback {
  const where = 'modelCheckpoint()';
  if (typeof options?.path !== 'string' || options.path === '')
    throw new ConfigError({
      where,
      expected: 'a path to save into',
      received: JSON.stringify(options?.path),
      hint: "For example modelCheckpoint({ path: 'strata-out/checkpoint' }).",
    });
  const monitor = options.monitor ?? 'val_loss';
  const mode = resolveMode(where, monitor, options.mode ?? 'auto');
  const freq = options.saveFreq ?? 'epoch';
  if (freq !== 'epoch' && !(Number.isInteger(freq) && freq > 0))
    throw new ConfigError({
      where,
      expected: "saveFreq 'epoch' or a whole number of batches",
      received: String(freq),
      hint: "Use 'epoch' (the default) or e.g. saveFreq: 100.",
    });
  const saveOptions = {
    includeOptimizer: options.includeOptimizer ?? false,
    ...(options.weightDtype !== undefined ? { weightDtype: options.weightDtype } : {}),
  };
  let best = Infinity;
  let epoch = 0;
  let batchesSinceSave = 0;

  const maybeSave = async (logs: Logs, ctx: TrainContext) => {
    if (options.saveBestOnly) {
      const current = logs[monitor];
      if (current === undefined) throw missingMonitor(where, monitor, Object.keys(logs));
      if (!isImprovement(mode, current, best, 0)) return;
      best = current;
    }
    await ctx.save(fillPath(options.path, epoch, logs), saveOptions);
  };

  return {
    onTrainBegin() {
      best = mode === 'min' ? Infinity : -Infinity;
      batchesSinceSave = 0;
    },
    onEpochBegin(e: number) {
      epoch = e;
    },
    async onBatchEnd(_batch: number, logs: Logs, ctx: TrainContext) {
      if (freq === 'epoch' || ++batchesSinceSave < freq) return;
      batchesSinceSave = 0;
      await maybeSave(logs, ctx);
    },
    async onEpochEnd(e: number, logs: Logs, ctx: TrainContext) {
      epoch = e;
      if (freq === 'epoch') await maybeSave(logs, ctx);
    },
  };
}
