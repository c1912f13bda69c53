import { ConfigError } from '../core/errors.js';
import { resolveLoss, type Loss, type LossAlias, type LossName } from '../losses/index.js';
import { resolveMetric, type Metric, type MetricName } from '../metrics/index.js';
import { resolveOptimizer, type Optimizer, type OptimizerName } from '../optimizers/index.js';
import { checkKeys } from './fit-options.js';

export interface CompileConfig {
  /** An optimizer object or name (default 'rmsprop', as Keras). */
  optimizer?: OptimizerName | Optimizer;
  loss: LossName | LossAlias | Loss;
  metrics?: readonly (MetricName | Metric)[];
}

/** compile()'s settings checked and resolved: the loss and optimizer objects, the metrics as given. */
export function resolveCompile(
  where: string,
  config: CompileConfig,
): { loss: Loss; optimizer: Optimizer; metrics: readonly (MetricName | Metric)[] } {
  if (typeof config !== 'object' || config === null)
    throw new ConfigError({
      where,
      expected: 'an object { loss, optimizer, metrics }',
      received: String(config),
      hint: "For example compile({ loss: 'mse', optimizer: 'adam' }).",
    });
  checkKeys(where, config, ['optimizer', 'loss', 'metrics']);
  if (config.loss === undefined)
    throw new ConfigError({
      where,
      expected: 'a loss',
      received: 'none',
      hint: "For example loss: 'meanSquaredError'.",
    });
  const loss = resolveLoss(config.loss, where);
  const optimizer = resolveOptimizer(config.optimizer ?? 'rmsprop', where);
  const metrics = config.metrics ?? [];
  if (!Array.isArray(metrics))
    throw new ConfigError({
      where,
      expected: "metrics as an array, e.g. ['accuracy']",
      received: String(metrics),
      hint: "Wrap the name in brackets: metrics: ['accuracy'].",
    });
  for (const m of metrics) resolveMetric(m, loss.name, 1, where);
  return { loss, optimizer, metrics };
}
