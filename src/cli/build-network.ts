import {
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

/** Dense hidden layers (each followed by batch norm and dropout when asked), the task's output layer, compiled. */
export function buildNetwork(inputs: number, task: Task, settings: NetworkSettings): Sequential {
  const stack: Layer[] = [];
  const kernelInitializer = INITIALIZER[settings.activation] ?? 'glorotUniform';
  settings.layers.forEach((units, i) => {
    stack.push(
      layers.dense({
        units,
        activation: settings.activation,
        kernelInitializer,
        ...(i === 0 ? { inputShape: [inputs] } : {}),
      }),
    );
    if (settings.batchNorm) stack.push(layers.batchNormalization());
    if (settings.dropout > 0) stack.push(layers.dropout({ rate: settings.dropout }));
  });
  stack.push(
    layers.dense({
      units: task.outputUnits,
      activation: task.outputActivation,
      ...(settings.layers.length === 0 ? { inputShape: [inputs] } : {}),
    }),
  );
  const model = sequential({ layers: stack });
  const optimizer = (optimizers[settings.optimizer] as (o: { learningRate: number }) => never)({
    learningRate: settings.lr,
  });
  model.compile({ optimizer, loss: task.loss, metrics: task.metrics });
  return model;
}
