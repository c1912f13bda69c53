import { ConfigError } from '../../core/errors.js';
import type { Optimizer } from '../../optimizers/index.js';
import { weightKey, type TorchLayer } from './torch-layers.js';

/** What train_ddp.py reads: the loss, a torch.optim optimizer that updates exactly as strata's, and the penalties. */
export interface TrainingPlan {
  readonly loss: string;
  readonly optimizer: { readonly name: string; readonly options: Record<string, number | boolean> };
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
  /** Keras' regularizers: l1·Σ|w| + l2·Σw² per state_dict entry, added to the loss as Keras adds them. */
  readonly penalties: readonly { readonly key: string; readonly l1: number; readonly l2: number }[];
}

const LOSSES = [
  'meanSquaredError',
  'meanAbsoluteError',
  'huber',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
];

/** torch.optim equivalents: each updates as strata's rule does at a fixed learning rate (checked in the tests). */
function torchOptimizer(optimizer: Optimizer, where: string): TrainingPlan['optimizer'] {
  const c = optimizer.config() as Record<string, number | boolean>;
  const lr = c.learningRate as number;
  const refuse = (received: string, hint: string): never => {
    throw new ConfigError({ where, expected: 'an optimizer PyTorch runs exactly as strata does', received, hint });
  };
  if (typeof c.learningRate !== 'number')
    refuse(
      `${optimizer.name} with a learning-rate schedule`,
      'Compile with a fixed learningRate, or export with { training: false }.',
    );
  switch (optimizer.name) {
    case 'sgd':
      // Keras' v = m·v − lr·g is torch's v = m·v + g scaled by −lr, the same steps at a fixed rate
      return { name: 'SGD', options: { lr, momentum: c.momentum, nesterov: (c.momentum as number) > 0 && c.nesterov } };
    case 'momentum':
      // torch starts its velocity at g, strata at (1 − dampening)·g: equal only without dampening
      if (c.dampening !== 0)
        refuse(`momentum() with dampening ${c.dampening}`, 'Use dampening: 0, or export with { training: false }.');
      return { name: 'SGD', options: { lr, momentum: c.momentum, nesterov: (c.momentum as number) > 0 && c.nesterov } };
    case 'rmsprop':
      return { name: 'RMSprop', options: { lr, alpha: c.rho, eps: c.epsilon, momentum: c.momentum } };
    case 'adam':
      return { name: 'Adam', options: { lr, beta1: c.beta1, beta2: c.beta2, eps: c.epsilon } };
    case 'adamw':
      return {
        name: 'AdamW',
        options: { lr, beta1: c.beta1, beta2: c.beta2, eps: c.epsilon, weight_decay: c.weightDecay },
      };
    case 'adagrad':
      return {
        name: 'Adagrad',
        options: { lr, eps: c.epsilon, initial_accumulator_value: c.initialAccumulatorValue },
      };
    default:
      return refuse(
        `'${optimizer.name}'`,
        'Compile with sgd, momentum, rmsprop, adam, adamw or adagrad, or export with { training: false }.',
      );
  }
}

/** The plan for the compiled settings, or a ConfigError naming what PyTorch cannot run the same way. */
export function trainingPlan(
  loss: string,
  optimizer: Optimizer,
  layers: readonly TorchLayer[],
  where: string,
): TrainingPlan {
  if (!LOSSES.includes(loss))
    throw new ConfigError({
      where,
      expected: `a built-in loss (${LOSSES.join(', ')})`,
      received: `'${loss}'`,
      hint: 'Compile with a built-in loss to export training, or export with { training: false }.',
    });
  const penalties: { key: string; l1: number; l2: number }[] = [];
  for (const { layer, part } of layers)
    for (const p of layer.params()) {
      if (!p.regularizer) continue;
      const key = part.keyOf[weightKey(layer, p.name)];
      const { l1 = 0, l2 = 0 } = p.regularizer.config() as { l1?: number; l2?: number };
      if (key === undefined || p.regularizer.className !== 'L1L2')
        throw new ConfigError({
          where,
          expected: 'regularizers PyTorch can add to the loss (l1, l2 on a weight it keeps whole)',
          received: `${p.regularizer.className} on ${p.name}`,
          hint: 'Remove the regularizer, or export with { training: false }.',
        });
      penalties.push({ key: `${layer.name}.${key}`, l1, l2 });
    }
  const c = optimizer.config() as { clipNorm?: number; clipValue?: number };
  return {
    loss,
    optimizer: torchOptimizer(optimizer, where),
    clipNorm: c.clipNorm ?? null,
    clipValue: c.clipValue ?? null,
    penalties,
  };
}
