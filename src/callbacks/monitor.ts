import { ConfigError } from '../core/errors.js';

export type MonitorMode = 'auto' | 'min' | 'max';

/** Keras' rule for 'auto': accuracy-like quantities grow, everything else shrinks. */
export function resolveMode(where: string, monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max')
    throw new ConfigError({
      where,
      expected: "mode 'auto', 'min' or 'max'",
      received: `'${String(mode)}'`,
      hint: "Use 'min' for losses, 'max' for accuracies, or 'auto' to choose from the name.",
    });
  if (mode !== 'auto') return mode;
  return /acc|auc/.test(monitor) ? 'max' : 'min';
}

/** current beats reference by more than minDelta in the mode's direction. */
export function isImprovement(mode: 'min' | 'max', current: number, reference: number, minDelta: number): boolean {
  return mode === 'min' ? current < reference - minDelta : current > reference + minDelta;
}

/** A monitored value is missing from the logs: a mistyped name or no validation data. */
export function missingMonitor(where: string, monitor: string, keys: string[]): ConfigError {
  return new ConfigError({
    where,
    expected: `'${monitor}' in the epoch logs`,
    received: keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'no logs',
    hint: monitor.startsWith('val_')
      ? 'Validation values need fit({ validationSplit }) or fit({ validationData }).'
      : 'Monitor one of the logged names.',
  });
}

export function checkNonNegative(where: string, name: string, value: unknown, integer = false): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
    throw new ConfigError({
      where,
      expected: `${name} to be a ${integer ? 'whole number' : 'number'} ≥ 0`,
      received: String(value),
      hint: `Pass ${name}: 0 or more.`,
    });
  return value;
}
