import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { denseClass } from '../../src/layers/dense.js';
import { runPython, torchPython } from '../helpers/torch-python.js';

const python = torchPython();
const root = mkdtempSync(join(tmpdir(), 'strata-pytorch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs each exported folder's load_model() on its x.json in one Python process: outputs by folder. */
const PREDICT = `
import importlib.util, json, sys
import numpy as np, torch
out = {}
for i, d in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location(f"exported_{i}", f"{d}/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    weights = f"{d}/weights.safetensors" if __import__("os").path.exists(f"{d}/weights.safetensors") else None
    model = module.load_model(weights)
    x = np.array(json.load(open(f"{d}/x.json")))
    with torch.no_grad():
        y = model(torch.from_numpy(x).to(module.DTYPE))
    out[d] = {"shape": list(y.shape), "values": y.double().flatten().tolist(), "training": model.training}
print(json.dumps(out))
`;

function probe(seed: number, shape: number[]): st.Tensor {
  const rng = new st.Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return st.tensor(
    Array.from({ length: size }, () => rng.normal() * 1.5),
    shape,
  );
}

interface Case {
  name: string;
  model: () => st.Sequential;
  x: st.Tensor;
  tolerance: number;
  customLayers?: st.CustomLayerClass[];
}

/** A model trained briefly, so batch norm's moving statistics and every weight are far from their initial values. */
async function trained(model: st.Sequential): Promise<st.Sequential> {
  const inputShape = model.build().inputShape!;
  const outputShape = model.layers.reduce((shape, layer) => layer.outputShape(shape), inputShape);
  const x = probe(7, [64, ...(inputShape.slice(1) as number[])]);
  const y = probe(8, [64, ...(outputShape.slice(1) as number[])]);
  model.compile({ loss: 'meanSquaredError', optimizer: st.optimizers.adam({ learningRate: 0.01 }) });
  await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
  return model;
}

const activations = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'softplus',
  'swish',
] as const;

const cases: Case[] = [
  {
    name: 'Dense with every activation, LeakyReLU and Activation layers',
    model: () =>
      st.sequential({
        layers: [
          st.layers.dense({ units: 6, activation: 'relu', inputShape: [5] }),
          ...activations.map((activation) => st.layers.dense({ units: 6, activation })),
          st.layers.leakyReLU({ alpha: 0.1 }),
          st.layers.dense({ units: 4, useBias: false }),
          st.layers.activation({ activation: 'tanh' }),
        ],
      }),
    x: probe(1, [9, 5]),
    tolerance: 1e-5,
  },
  {
    name: 'BatchNormalization (moving statistics, with and without scale and center) and Dropout in inference',
    model: () =>
      st.sequential({
        layers: [
          st.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
          st.layers.batchNormalization({ momentum: 0.8, epsilon: 0.01 }),
          st.layers.dropout({ rate: 0.5 }),
          st.layers.dense({ units: 6, activation: 'elu' }),
          st.layers.batchNormalization({ scale: false, center: false, momentum: 0.5 }),
          st.layers.dense({ units: 3 }),
        ],
      }),
    x: probe(2, [11, 4]),
    tolerance: 1e-5,
  },
  {
    name: 'channels-last sequences: Dense and BatchNormalization on the last axis, Reshape, Flatten',
    model: () =>
      st.sequential({
        layers: [
          st.layers.dense({ units: 6, activation: 'tanh', inputShape: [5, 3] }),
          st.layers.batchNormalization({ momentum: 0.7 }),
          st.layers.reshape({ targetShape: [3, -1] }),
          st.layers.flatten(),
          st.layers.dense({ units: 2 }),
        ],
      }),
    x: probe(3, [7, 5, 3]),
    tolerance: 1e-5,
  },
  {
    name: "Conv2D ('same' with the odd pad after, strides, dilation), max and average pooling ('same'), global pooling",
    model: () =>
      st.sequential({
        layers: [
          st.layers.conv2d({
            filters: 4,
            kernelSize: [4, 3],
            strides: 2,
            padding: 'same',
            activation: 'relu',
            inputShape: [12, 11, 2],
          }),
          st.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
          st.layers.averagePooling2d({ poolSize: [3, 2], strides: 2, padding: 'same' }),
          st.layers.conv2d({ filters: 3, kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false }),
          st.layers.globalAveragePooling2d(),
          st.layers.dense({ units: 2 }),
        ],
      }),
    x: probe(6, [5, 12, 11, 2]),
    tolerance: 1e-5,
  },
  {
    name: 'Conv2D valid, pooling valid, Flatten after a conv, GlobalMaxPooling2D',
    model: () =>
      st.sequential({
        layers: [
          st.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'tanh', inputShape: [9, 8, 1] }),
          st.layers.maxPooling2d({ poolSize: 2 }),
          st.layers.conv2d({ filters: 2, kernelSize: [2, 1], strides: [1, 2] }),
          st.layers.averagePooling2d({ poolSize: [1, 2], strides: 1 }),
          st.layers.flatten(),
          st.layers.dense({ units: 6 }),
          st.layers.reshape({ targetShape: [3, 1, 2] }),
          st.layers.globalMaxPooling2d(),
        ],
      }),
    x: probe(7, [4, 9, 8, 1]),
    tolerance: 1e-5,
  },
  {
    name: 'Conv1D (same, strides 2; valid, dilation 2), pooling 1D (same), global pooling 1D',
    model: () =>
      st.sequential({
        layers: [
          st.layers.conv1d({
            filters: 4,
            kernelSize: 4,
            strides: 2,
            padding: 'same',
            activation: 'elu',
            inputShape: [17, 3],
          }),
          st.layers.maxPooling1d({ poolSize: 3, strides: 1, padding: 'same' }),
          st.layers.averagePooling1d({ poolSize: 4, strides: 3, padding: 'same' }),
          st.layers.conv1d({ filters: 3, kernelSize: 2, dilationRate: 2, padding: 'same' }),
          st.layers.reshape({ targetShape: [3, 3] }),
          st.layers.conv1d({ filters: 4, kernelSize: 2 }),
          st.layers.globalMaxPooling1d(),
        ],
      }),
    x: probe(8, [6, 17, 3]),
    tolerance: 1e-5,
  },
  {
    name: 'GlobalAveragePooling1D after a valid Conv1D',
    model: () =>
      st.sequential({
        layers: [
          st.layers.conv1d({ filters: 2, kernelSize: 3, inputShape: [8, 2] }),
          st.layers.globalAveragePooling1d(),
        ],
      }),
    x: probe(9, [3, 8, 2]),
    tolerance: 1e-5,
  },
  {
    name: 'SimpleRNN, LSTM and GRU (reset after and before, goBackwards, returnSequences, relu and linear)',
    model: () =>
      st.sequential({
        layers: [
          st.layers.lstm({ units: 5, returnSequences: true, inputShape: [6, 3] }),
          st.layers.gru({ units: 4, returnSequences: true, goBackwards: true }),
          st.layers.gru({ units: 4, resetAfter: false, returnSequences: true, activation: 'relu' }),
          st.layers.simpleRNN({ units: 3, returnSequences: true, goBackwards: true }),
          st.layers.lstm({ units: 3, goBackwards: true, recurrentActivation: 'tanh', activation: 'linear' }),
          st.layers.dense({ units: 2 }),
        ],
      }),
    x: probe(10, [4, 6, 3]),
    tolerance: 1e-5,
  },
  {
    name: 'GRU without bias, SimpleRNN relu, last states',
    model: () =>
      st.sequential({
        layers: [
          st.layers.gru({ units: 3, useBias: false, returnSequences: true, inputShape: [5, 2] }),
          st.layers.simpleRNN({ units: 4, activation: 'relu' }),
        ],
      }),
    x: probe(11, [3, 5, 2]),
    tolerance: 1e-5,
  },
  {
    name: 'a float64 model (F64 weights, exact)',
    model: () =>
      st.sequential({
        dtype: 'float64',
        layers: [
          st.layers.dense({ units: 7, activation: 'gelu', inputShape: [3] }),
          st.layers.batchNormalization({ momentum: 0.6 }),
          st.layers.dense({ units: 2, activation: 'sigmoid' }),
        ],
      }),
    x: probe(4, [8, 3]),
    tolerance: 1e-12,
  },
  {
    name: 'a user-written layer class, its pytorch() given in customLayers',
    model: () => {
      const model = st.sequential({
        layers: [st.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), st.layers.dense({ units: 2 })],
      });
      Object.defineProperty(model.layers[1], 'className', { value: 'MyDense' });
      return model;
    },
    customLayers: [{ className: 'MyDense', fromConfig: denseClass.fromConfig, pytorch: denseClass.pytorch as never }],
    x: probe(5, [6, 3]),
    tolerance: 1e-5,
  },
];

describe.skipIf(!python)('exportPyTorch: the PyTorch module predicts what strata predicts', () => {
  it('for every case, in one Python process', { timeout: 180_000 }, async () => {
    const dirs: string[] = [];
    const expected: st.Tensor[] = [];
    for (const [i, c] of cases.entries()) {
      st.setSeed(100 + i);
      const model = await trained(c.model());
      const dir = join(root, `case-${i}`);
      const files = st.exportPyTorch(model, { dir, customLayers: c.customLayers });
      expect(Object.keys(files).sort()).toEqual(['model.py', 'model.safetensors', 'train_ddp.py']);
      writeFileSync(join(dir, 'x.json'), JSON.stringify(nest(Array.from(c.x.data), c.x.shape)));
      dirs.push(dir);
      expected.push(model.predict(c.x));
    }
    const run = runPython(python!, ['-c', PREDICT, ...dirs], { timeout: 150_000 });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as Record<string, { shape: number[]; values: number[]; training: boolean }>;
    for (const [i, dir] of dirs.entries()) {
      const got = out[dir];
      expect(got.training, cases[i].name).toBe(false);
      expect(got.shape, cases[i].name).toEqual(expected[i].shape);
      const worst = Math.max(...got.values.map((v, j) => Math.abs(v - expected[i].data[j])));
      expect(worst, cases[i].name).toBeLessThanOrEqual(cases[i].tolerance);
    }
  });
});

function nest(values: number[], shape: readonly number[]): unknown {
  if (shape.length === 1) return values;
  const step = values.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) => nest(values.slice(i * step, (i + 1) * step), shape.slice(1)));
}

describe('exportPyTorch: what cannot be carried across is a typed error', () => {
  const small = (config: { name?: string } = {}) =>
    st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [3], ...config })] });

  it('a layer class without pytorch() names the layer and the fix', () => {
    const model = small();
    // a user-written layer class PyTorch knows nothing about
    Object.defineProperty(model.layers[0], 'className', { value: 'MyDense' });
    expect(() => st.exportPyTorch(model)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportPyTorch(): expected layers with a PyTorch module (Dense, Activation, LeakyReLU, Dropout, SpatialDropout2D, BatchNormalization, Flatten, Reshape, Conv2D, Conv1D, MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalMaxPooling1D, SimpleRNN, LSTM, GRU, Embedding, Bidirectional, or a custom layer class with pytorch()), got dense_1 (MyDense). Give the layer class a pytorch() entry (see LayerClass) and pass it in { customLayers }.]`,
    );
  });

  it('a layer name with a dot', () => {
    expect(() => st.exportPyTorch(small({ name: 'encoder.dense' }))).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportPyTorch(): expected layer names without dots (PyTorch joins module names with them), got 'encoder.dense'. Give the layer a name without dots, e.g. with underscores.]`,
    );
  });

  it('a learning-rate schedule, momentum with dampening, a custom loss', () => {
    const schedule = small().compile({
      loss: 'meanSquaredError',
      optimizer: st.optimizers.sgd({
        learningRate: st.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }),
      }),
    });
    expect(() => st.exportPyTorch(schedule)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportPyTorch(): expected an optimizer PyTorch runs exactly as strata does, got sgd with a learning-rate schedule. Compile with a fixed learningRate, or export with { training: false }.]`,
    );
    const dampened = small().compile({
      loss: 'meanSquaredError',
      optimizer: st.optimizers.momentum({ dampening: 0.1 }),
    });
    expect(() => st.exportPyTorch(dampened)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportPyTorch(): expected an optimizer PyTorch runs exactly as strata does, got momentum() with dampening 0.1. Use dampening: 0, or export with { training: false }.]`,
    );
    const custom = small().compile({
      loss: { name: 'mine', targets: 'values', value: () => 0, gradient: () => undefined } as never,
      optimizer: 'sgd',
    });
    expect(() => st.exportPyTorch(custom)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportPyTorch(): expected a built-in loss (meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy), got 'mine'. Compile with a built-in loss to export training, or export with { training: false }.]`,
    );
    // the model alone still goes across
    expect(Object.keys(st.exportPyTorch(custom, { training: false }))).toEqual(['model.py', 'model.safetensors']);
  });

  it('training asked of a model never compiled; none written when not asked', () => {
    expect(() => st.exportPyTorch(small(), { training: true })).toThrow(st.StateError);
    expect(Object.keys(st.exportPyTorch(small()))).toEqual(['model.py', 'model.safetensors']);
  });
});
