import type { FitRun } from './fit-with-progress.js';
import { quoteList } from './did-you-mean.js';
import type { TargetScaler } from './model-bundle.js';
import { unscaledLog } from './regression-report.js';
import type { Task } from './task.js';

/** The line naming the task train detected, its output and loss, and the target's scaling. */
export function describeTask(task: Task, target: string, targetScaler: TargetScaler | null): string {
  const what =
    task.classes === null
      ? `regression on '${target}'`
      : `${task.kind === 'binary' ? 'binary' : `${task.classes.length}-class`} classification of '${target}' (${quoteList(task.classes.slice(0, 8))}${task.classes.length > 8 ? ', …' : ''})`;
  const scaled = targetScaler
    ? ` (target standardized: mean ${targetScaler.mean.toPrecision(4)}, std ${targetScaler.scale.toPrecision(4)}; predictions are in its units)`
    : '';
  return `Task: ${what} → ${task.outputActivation} output + ${task.loss}${scaled}`;
}

export const formatMetric = (key: string, value: number) =>
  key.endsWith('accuracy') ? `${key} ${(100 * value).toFixed(1)}%` : `${key} ${value.toFixed(4)}`;

/** The validation values of the epoch whose weights the model kept, in the target's units where they convert. */
export function validationParts(run: FitRun, task: Task, targetScaler: TargetScaler | null): string[] {
  const { bestEpoch, epoch } = run.history;
  const at = bestEpoch === null ? epoch.length - 1 : epoch.indexOf(bestEpoch);
  return Object.entries(run.history.history)
    .filter(([key, values]) => key.startsWith('val_') && values[at] !== undefined)
    .map(([key, values]) => {
      if (!targetScaler) return formatMetric(key, values[at]);
      const value = unscaledLog(key, values[at], task.loss, targetScaler);
      return value === undefined ? `${formatMetric(key, values[at])} (standardized)` : formatMetric(key, value);
    });
}
