// metrics (rank 3): scores reported beside the loss; imports core and tensor only
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from './accuracy.js';
import type { Metric } from './metric.js';
import { mae, mse } from './regression.js';

export type { Metric } from './metric.js';

const named = {
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  mse,
  mae,
  meanSquaredError: mse,
  meanAbsoluteError: mae,
} as const;
export type MetricName = keyof typeof named | 'accuracy' | 'acc';
const metricNames: readonly string[] = ['accuracy', 'acc', ...Object.keys(named)];

/** 'accuracy' becomes binary, categorical or sparse accuracy from the loss (or the output width), as in Keras. */
export function resolveMetric(spec: unknown, lossName: string, outputUnits: number, where: string): Metric {
  if (typeof spec === 'object' && spec !== null && 'value' in spec && 'name' in spec) return spec as Metric;
  if (spec === 'accuracy' || spec === 'acc') {
    if (lossName === 'sparseCategoricalCrossentropy') return sparseCategoricalAccuracy(spec);
    if (lossName === 'categoricalCrossentropy') return categoricalAccuracy(spec);
    if (lossName === 'binaryCrossentropy' || outputUnits === 1) return binaryAccuracy(spec);
    return categoricalAccuracy(spec);
  }
  if (typeof spec === 'string' && Object.hasOwn(named, spec)) return named[spec as keyof typeof named](spec);
  throw new ConfigError({ where, ...unknownName('metric', spec, metricNames) });
}
