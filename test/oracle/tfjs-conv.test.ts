// TensorFlow.js 4.22 as the oracle for the convolution and pooling layers: the same weights on both sides, then
// predictions, training losses, and files in the TF.js layers format both ways
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

const dir = mkdtempSync(join(tmpdir(), 'strata-conv-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function batch(seed: number, shape: number[]): st.Tensor {
  const rng = new st.Rng(seed);
  return st.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );
}

function expectClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, tolerance = 1e-5): void {
  expect(ours.length).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++)
    worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(1, Math.abs(theirs[i])));
  expect(worst).toBeLessThan(tolerance);
}

/** Copies strata's weights into the TF.js model layer by layer. */
function copyWeights(from: st.Sequential, to: tfl.Sequential): void {
  from.build();
  from.layers.forEach((layer, i) =>
    to.layers[i].setWeights(layer.params().map((p) => tf.tensor(Array.from(p.value.data), [...p.value.shape]))),
  );
}

function theirPredict(model: tfl.LayersModel, x: st.Tensor): Float32Array {
  return (model.predict(tf.tensor(Array.from(x.data), [...x.shape])) as tf.Tensor).dataSync() as Float32Array;
}

async function saveFromTfjs(model: tfl.LayersModel): Promise<st.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(
      async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
    ),
  );
  return saved as unknown as st.ModelArtifacts;
}

type Pair = [st.Layer, tfl.layers.Layer];
const bias = st.initializers.randomNormal({ stddev: 0.5, seed: 2 });

// one layer each (strata's and TF.js' with the same settings) and the example shape it reads
const single: [string, () => Pair, number[]][] = [
  [
    'Conv2D valid 3×3',
    () => [
      st.layers.conv2d({ filters: 4, kernelSize: 3, biasInitializer: bias, inputShape: [7, 6, 3] }),
      tfl.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [7, 6, 3] }),
    ],
    [7, 6, 3],
  ],
  [
    'Conv2D same, strides 2, 4×3 window (the odd pad after), relu',
    () => [
      st.layers.conv2d({
        filters: 5,
        kernelSize: [4, 3],
        strides: 2,
        padding: 'same',
        activation: 'relu',
        biasInitializer: bias,
        inputShape: [9, 8, 2],
      }),
      tfl.layers.conv2d({
        filters: 5,
        kernelSize: [4, 3],
        strides: 2,
        padding: 'same',
        activation: 'relu',
        inputShape: [9, 8, 2],
      }),
    ],
    [9, 8, 2],
  ],
  [
    'Conv2D same, strides [3, 1], sigmoid',
    () => [
      st.layers.conv2d({
        filters: 2,
        kernelSize: 3,
        strides: [3, 1],
        padding: 'same',
        activation: 'sigmoid',
        biasInitializer: bias,
        inputShape: [11, 5, 1],
      }),
      tfl.layers.conv2d({
        filters: 2,
        kernelSize: 3,
        strides: [3, 1],
        padding: 'same',
        activation: 'sigmoid',
        inputShape: [11, 5, 1],
      }),
    ],
    [11, 5, 1],
  ],
  [
    'Conv2D dilation 2, same and valid, no bias',
    () => [
      st.layers.conv2d({
        filters: 3,
        kernelSize: 3,
        dilationRate: 2,
        padding: 'same',
        useBias: false,
        inputShape: [8, 7, 2],
      }),
      tfl.layers.conv2d({
        filters: 3,
        kernelSize: 3,
        dilationRate: 2,
        padding: 'same',
        useBias: false,
        inputShape: [8, 7, 2],
      }),
    ],
    [8, 7, 2],
  ],
  [
    'Conv1D same, strides 2, tanh',
    () => [
      st.layers.conv1d({
        filters: 3,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
        biasInitializer: bias,
        inputShape: [13, 2],
      }),
      tfl.layers.conv1d({
        filters: 3,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
        inputShape: [13, 2],
      }),
    ],
    [13, 2],
  ],
  [
    'Conv1D valid, dilation 3',
    () => [
      st.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 3, biasInitializer: bias, inputShape: [12, 3] }),
      tfl.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 3, inputShape: [12, 3] }),
    ],
    [12, 3],
  ],
  [
    'MaxPooling2D valid 2×2',
    () => [
      st.layers.maxPooling2d({ inputShape: [7, 6, 3] }),
      tfl.layers.maxPooling2d({ poolSize: 2, inputShape: [7, 6, 3] }),
    ],
    [7, 6, 3],
  ],
  [
    'MaxPooling2D same, pool 3, strides 2',
    () => [
      st.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', inputShape: [8, 7, 2] }),
      tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', inputShape: [8, 7, 2] }),
    ],
    [8, 7, 2],
  ],
  [
    'AveragePooling2D same, pool [3, 2], strides 1 (padding not counted)',
    () => [
      st.layers.averagePooling2d({ poolSize: [3, 2], strides: 1, padding: 'same', inputShape: [5, 6, 2] }),
      tfl.layers.averagePooling2d({ poolSize: [3, 2], strides: 1, padding: 'same', inputShape: [5, 6, 2] }),
    ],
    [5, 6, 2],
  ],
  [
    'AveragePooling2D valid, pool 3, strides 2',
    () => [
      st.layers.averagePooling2d({ poolSize: 3, strides: 2, inputShape: [9, 7, 3] }),
      tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, inputShape: [9, 7, 3] }),
    ],
    [9, 7, 3],
  ],
  [
    'MaxPooling1D same, pool 3',
    () => [
      st.layers.maxPooling1d({ poolSize: 3, padding: 'same', inputShape: [11, 2] }),
      tfl.layers.maxPooling1d({ poolSize: 3, padding: 'same', inputShape: [11, 2] }),
    ],
    [11, 2],
  ],
  [
    'AveragePooling1D same, pool 4, strides 3',
    () => [
      st.layers.averagePooling1d({ poolSize: 4, strides: 3, padding: 'same', inputShape: [10, 3] }),
      tfl.layers.averagePooling1d({ poolSize: 4, strides: 3, padding: 'same', inputShape: [10, 3] }),
    ],
    [10, 3],
  ],
  [
    'GlobalAveragePooling2D',
    () => [
      st.layers.globalAveragePooling2d({ inputShape: [5, 4, 3] }),
      tfl.layers.globalAveragePooling2d({ inputShape: [5, 4, 3] }),
    ],
    [5, 4, 3],
  ],
  [
    'GlobalMaxPooling2D',
    () => [
      st.layers.globalMaxPooling2d({ inputShape: [5, 4, 3] }),
      tfl.layers.globalMaxPooling2d({ inputShape: [5, 4, 3] }),
    ],
    [5, 4, 3],
  ],
  [
    'GlobalAveragePooling1D',
    () => [
      st.layers.globalAveragePooling1d({ inputShape: [9, 2] }),
      tfl.layers.globalAveragePooling1d({ inputShape: [9, 2] }),
    ],
    [9, 2],
  ],
  [
    'GlobalMaxPooling1D',
    () => [st.layers.globalMaxPooling1d({ inputShape: [9, 2] }), tfl.layers.globalMaxPooling1d({ inputShape: [9, 2] })],
    [9, 2],
  ],
];

describe('each layer against TensorFlow.js, the same weights', () => {
  it.each(single)('%s: same output shape and predictions within 1e-5', (_, make, shape) => {
    st.setSeed(7);
    const [ours, theirs] = make();
    const model = st.sequential({ layers: [ours] });
    const reference = tfl.sequential({ layers: [theirs] });
    copyWeights(model, reference);
    const x = batch(3, [4, ...shape]);
    const y = model.predict(x);
    expect(y.shape).toEqual(reference.outputs[0].shape.map((d) => d ?? 4));
    expectClose(y.data, theirPredict(reference, x));
  });
});

/** A small CNN on [10, 10, 1] images, strata's and TF.js' with the same settings. */
function smallCnn(): [st.Sequential, tfl.Sequential] {
  st.setSeed(11);
  const ours = st.sequential({
    layers: [
      st.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', padding: 'same', inputShape: [10, 10, 1] }),
      st.layers.maxPooling2d({ poolSize: 2 }),
      st.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'tanh' }),
      st.layers.flatten(),
      st.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  const theirs = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', padding: 'same', inputShape: [10, 10, 1] }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, activation: 'tanh' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  return [ours, theirs];
}

function labels(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => (i * 7) % 3);
}

describe('a small CNN against TensorFlow.js', () => {
  it('the same weights give the same predictions, and SGD training the same per-epoch losses', async () => {
    const [ours, theirs] = smallCnn();
    copyWeights(ours, theirs);
    const x = batch(5, [24, 10, 10, 1]);
    expectClose(ours.predict(x).data, theirPredict(theirs, x));
    const y = labels(24);
    ours.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
    theirs.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy' });
    const mine = await ours.fit(x, y, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 });
    const ref = await theirs.fit(tf.tensor(Array.from(x.data), [24, 10, 10, 1]), tf.tensor(Array.from(y), [24]), {
      epochs: 4,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    });
    expectClose(mine.history.loss, ref.history.loss as number[], 1e-4);
    expectClose(ours.predict(x).data, theirPredict(theirs, x), 1e-4);
  });

  it('strata saves a trained CNN, TF.js loads it and predicts the same', async () => {
    const [ours] = smallCnn();
    ours.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = batch(6, [30, 10, 10, 1]);
    await ours.fit(x, labels(30), { epochs: 2, batchSize: 10, verbose: 0 });
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(ours.toArtifacts() as never));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual([
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'Flatten',
      'Dense',
    ]);
    const probe = batch(7, [5, 10, 10, 1]);
    expectClose(ours.predict(probe).data, theirPredict(loaded, probe));
  });

  it('TF.js trains a CNN with every layer type and saves it; strata loads it and predicts the same', async () => {
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 2] }),
        tfl.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
        // no dilation here: TF.js 4.22 has no gradient for dilated convolutions
        tfl.layers.conv2d({ filters: 3, kernelSize: 2, activation: 'tanh' }),
        tfl.layers.maxPooling2d({ poolSize: 2, strides: 1 }),
        tfl.layers.globalAveragePooling2d({}),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    theirs.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const x = batch(8, [32, 8, 8, 2]);
    const tx = tf.tensor(Array.from(x.data), [32, 8, 8, 2]);
    await theirs.fit(tx, tf.tensor(Array.from(labels(32).map((v) => v % 2)), [32]), { epochs: 3, verbose: 0 });
    const loaded = await st.loadModel(await saveFromTfjs(theirs));
    expect(loaded.layers.map((l) => l.className)).toEqual([
      'Conv2D',
      'AveragePooling2D',
      'Conv2D',
      'MaxPooling2D',
      'GlobalAveragePooling2D',
      'Dense',
    ]);
    expect(loaded.inputShape).toEqual([null, 8, 8, 2]);
    const probe = batch(9, [6, 8, 8, 2]);
    expectClose(loaded.predict(probe).data, theirPredict(theirs, probe));
  });

  it('TF.js saves a sequence model (Conv1D, pooling 1-D); strata loads it and predicts the same', async () => {
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [16, 2] }),
        tfl.layers.maxPooling1d({ poolSize: 2 }),
        tfl.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2 }),
        tfl.layers.averagePooling1d({ poolSize: 2, padding: 'same' }),
        tfl.layers.globalMaxPooling1d({}),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    const loaded = await st.loadModel(await saveFromTfjs(theirs));
    expect(loaded.layers.map((l) => l.className)).toEqual([
      'Conv1D',
      'MaxPooling1D',
      'Conv1D',
      'AveragePooling1D',
      'GlobalMaxPooling1D',
      'Dense',
    ]);
    const probe = batch(10, [5, 16, 2]);
    expectClose(loaded.predict(probe).data, theirPredict(theirs, probe));
  });
});

describe('CNN files on disk', () => {
  it('a trained CNN saved with its optimizer loads from its folder and predicts and resumes the same', async () => {
    const [ours] = smallCnn();
    ours.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const x = batch(12, [20, 10, 10, 1]);
    const y = labels(20);
    await ours.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0 });
    await ours.save(join(dir, 'cnn'), { includeOptimizer: true });
    const loaded = await st.loadModel(join(dir, 'cnn'));
    expect(loaded.inputShape).toEqual([null, 10, 10, 1]);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(ours.predict(x).data));
    const a = await ours.fit(x, y, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 });
    const b = await loaded.fit(x, y, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 });
    expect(b.history.loss).toEqual(a.history.loss);
  });

  it('a kernel whose shape does not fit the topology is a FormatError before anything is built', async () => {
    const [ours] = smallCnn();
    ours.build();
    const artifacts = ours.toArtifacts();
    const spec = artifacts.weightSpecs.find((w) => w.name.endsWith('conv2d_1/kernel'))!;
    spec.shape = [3, 3, 2, 2];
    const e = await st.loadModel(artifacts).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(st.FormatError);
    // the same number of values, so only the descriptor's weightShapes can tell
    expect((e as Error).message).toContain(
      'expected conv2d_1/kernel of shape [3, 3, 1, 4] (from the topology), got [3, 3, 2, 2]',
    );
  });
});
