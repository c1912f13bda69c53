import {
  ConfigError,
  layers,
  optimizers,
  sequential,
  type ActivationName,
  type Layer,
  type OptimizerName,
  type Sequential,
} from '../index.js';
import type { Task } from './task.js';

/** The architecture half of the train settings. */
export interface NetworkSettings {
  readonly layers: readonly number[];
  readonly activation: ActivationName;
  readonly dropout: number;
  readonly batchNorm: boolean;
  readonly optimizer: OptimizerName;
  readonly lr: number;
}

// He initialization suits the ReLU family (the tutorials' choice), LeCun suits SELU, Glorot the rest
const INITIALIZER: Partial<Record<ActivationName, 'heNormal' | 'lecunNormal'>> = {
  relu: 'heNormal',
  leakyRelu: 'heNormal',
  elu: 'heNormal',
  gelu: 'heNormal',
  swish: 'heNormal',
  selu: 'lecunNormal',
};

/** The most parameters `strata train` builds: about 800 MB with Adam's state, which is past what a CSV needs. */
export const MAX_PARAMS = 50_000_000;

/** How many parameters (weights, biases, batch-norm statistics) the network for these settings has. */
export function countParams(
  inputs: number,
  task: Task,
  settings: Pick<NetworkSettings, 'layers' | 'batchNorm'>,
): number {
  let n = 0;
  let width = inputs;
  for (const units of settings.layers) {
    n += (width + 1) * units + (settings.batchNorm ? 4 * units : 0);
    width = units;
  }
  return n + (width + 1) * task.outputUnits;
}

/** A user error, before anything is allocated, for a network too big to train (`--layers 100000,100000`). */
export function checkNetworkSize(
  inputs: number,
  task: Task,
  settings: Pick<NetworkSettings, 'layers' | 'batchNorm'>,
): void {
  const params = countParams(inputs, task, settings);
  if (params <= MAX_PARAMS) return;
  throw new ConfigError({
    where: '--layers',
    expected: `a network of at most ${MAX_PARAMS.toLocaleString('en-US')} parameters`,
    received: `${params.toLocaleString('en-US')} (layers ${settings.layers.join(',')} on ${inputs} features)`,
    hint: 'Use fewer or smaller hidden layers.',
  });
}

/**
 * Dense hidden layers (each followed by batch norm and dropout when asked), the task's output layer, compiled;
 * `front` layers (which then carry the input shape) come first, e.g. an image network's flatten or conv layers.
 */
export function buildNetwork(
  inputs: number,
  task: Task,
  settings: NetworkSettings,
  front: readonly Layer[] = [],
): Sequential {
  const stack: Layer[] = [...front];
  const kernelInitializer = INITIALIZER[settings.activation] ?? 'glorotUniform';
  settings.layers.forEach((units, i) => {
    stack.push(
      layers.dense({
        units,
        activation: settings.activation,
        kernelInitializer,
        ...(i === 0 && front.length === 0 ? { inputShape: [inputs] } : {}),
      }),
    );
    if (settings.batchNorm) stack.push(layers.batchNormalization());
    if (settings.dropout > 0) stack.push(layers.dropout({ rate: settings.dropout }));
  });
  stack.push(
    layers.dense({
      units: task.outputUnits,
      activation: task.outputActivation,
      ...(settings.layers.length === 0 && front.length === 0 ? { inputShape: [inputs] } : {}),
    }),
  );
  const model = sequential({ layers: stack });
  const optimizer = (optimizers[settings.optimizer] as (o: { learningRate: number }) => never)({
    learningRate: settings.lr,
  });
  model.compile({ optimizer, loss: task.loss, metrics: task.metrics });
  return model;
}
