// The model a state describes: one block per hidden layer (Dense, then batch norm and the activation if asked,
// then dropout) and an output that fits the task. "show code" prints the same construction.
import * as st from 'strata-nn';
import type { PlaygroundState } from './state.js';

export type NetworkSpec = Pick<
  PlaygroundState,
  'layers' | 'initializer' | 'dropout' | 'batchNorm' | 'l1' | 'l2' | 'optimizer' | 'learningRate'
>;

export interface BuiltNetwork {
  readonly model: st.Sequential;
  /** For each hidden layer, the index in model.layers whose output is that layer's neurons (after activation). */
  readonly neuronLayers: number[];
  /** Indices in model.layers of the Dense layers, input side first (their kernels are the drawn edges). */
  readonly denseLayers: number[];
}

export function lossFor(classes: number): 'mse' | 'binaryCrossentropy' | 'sparseCategoricalCrossentropy' {
  return classes === 1 ? 'mse' : classes === 2 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';
}

export function optimizerFor(spec: NetworkSpec): st.Optimizer {
  const learningRate = spec.learningRate;
  if (spec.optimizer === 'momentum') return st.optimizers.momentum({ learningRate, momentum: 0.9 });
  return st.optimizers[spec.optimizer]({ learningRate });
}

export function buildNetwork(spec: NetworkSpec, inputs: number, classes: number): BuiltNetwork {
  const layers: st.Layer[] = [];
  const neuronLayers: number[] = [];
  const denseLayers: number[] = [];
  const regularizer = spec.l1 > 0 || spec.l2 > 0 ? st.regularizers.l1l2({ l1: spec.l1, l2: spec.l2 }) : undefined;
  spec.layers.forEach((l, i) => {
    denseLayers.push(layers.length);
    layers.push(
      st.layers.dense({
        units: l.units,
        activation: spec.batchNorm ? 'linear' : l.activation,
        kernelInitializer: spec.initializer,
        ...(regularizer ? { kernelRegularizer: regularizer } : {}),
        ...(i === 0 ? { inputShape: [inputs] } : {}),
      }),
    );
    if (spec.batchNorm) {
      layers.push(st.layers.batchNormalization());
      layers.push(st.layers.activation({ activation: l.activation }));
    }
    neuronLayers.push(layers.length - 1);
    if (spec.dropout > 0) layers.push(st.layers.dropout({ rate: spec.dropout }));
  });
  denseLayers.push(layers.length);
  layers.push(
    st.layers.dense({
      units: classes === 2 ? 1 : classes,
      activation: classes === 1 ? 'linear' : classes === 2 ? 'sigmoid' : 'softmax',
      kernelInitializer: spec.initializer,
      ...(spec.layers.length === 0 ? { inputShape: [inputs] } : {}),
    }),
  );
  // built now, so the weights exist (and can be drawn) before the first epoch
  const model = st.sequential({ layers }).build();
  model.compile({
    optimizer: optimizerFor(spec),
    loss: lossFor(classes),
    metrics: classes === 1 ? [] : ['accuracy'],
  });
  return { model, neuronLayers, denseLayers };
}
