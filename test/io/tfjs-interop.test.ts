import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomInputs(seed: number, rows: number, cols: number): number[][] {
  const rng = new st.Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal() * 2));
}

function expectClose(a: number[][], b: number[][], tolerance = 1e-5) {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThan(tolerance)));
}

const TFJS_ACTIVATIONS = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'gelu',
  'softplus',
  'swish',
] as const;

describe('strata → TensorFlow.js', () => {
  it('a model saved by strata loads in TensorFlow.js and predicts the same', async () => {
    st.setSeed(8);
    const model = st.sequential({
      layers: [
        st.layers.dense({
          units: 8,
          activation: 'relu',
          inputShape: [4],
          kernelRegularizer: st.regularizers.l2({ l2: 1e-3 }),
        }),
        st.layers.batchNormalization(),
        st.layers.dropout({ rate: 0.3 }),
        st.layers.dense({ units: 6, activation: 'tanh', kernelInitializer: 'lecunNormal' }),
        st.layers.dense({ units: 3 }),
        st.layers.activation({ activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const rng = new st.Rng(1);
    const x = randomInputs(2, 64, 4);
    await model.fit(
      x,
      x.map(() => rng.int(3)),
      { epochs: 3, verbose: 0 },
    );
    const artifacts = model.toArtifacts();
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as never));
    const probe = randomInputs(3, 20, 4);
    const theirs = (loaded.predict(tf.tensor2d(probe)) as tf.Tensor).arraySync() as number[][];
    expectClose(model.predict(probe).toArray() as number[][], theirs);
  });

  it.each(TFJS_ACTIVATIONS)('a Dense stack with %s activations', async (activation) => {
    st.setSeed(9);
    const model = st.sequential({
      layers: [st.layers.dense({ units: 5, activation, inputShape: [3] }), st.layers.dense({ units: 2, activation })],
    });
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(model.toArtifacts() as never));
    const probe = randomInputs(4, 10, 3);
    expectClose(
      model.predict(probe).toArray() as number[][],
      (loaded.predict(tf.tensor2d(probe)) as tf.Tensor).arraySync() as number[][],
    );
  });
});

describe('strata → TensorFlow.js: Reshape and Flatten', () => {
  it('a trained Reshape + Flatten + Dense model saved by strata loads in TensorFlow.js and predicts the same', async () => {
    st.setSeed(10);
    const model = st.sequential({
      layers: [
        st.layers.reshape({ targetShape: [3, -1], inputShape: [6] }),
        st.layers.flatten(),
        st.layers.dense({ units: 5, activation: 'relu' }),
        st.layers.reshape({ targetShape: [5, 1] }),
        st.layers.flatten(),
        st.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const rng = new st.Rng(11);
    const x = randomInputs(12, 48, 6);
    await model.fit(
      x,
      x.map(() => rng.int(3)),
      { epochs: 3, verbose: 0 },
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(model.toArtifacts() as never));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual([
      'Reshape',
      'Flatten',
      'Dense',
      'Reshape',
      'Flatten',
      'Dense',
    ]);
    expect(loaded.layers[0].outputShape).toEqual([null, 3, 2]);
    const probe = randomInputs(13, 20, 6);
    const theirs = (loaded.predict(tf.tensor2d(probe)) as tf.Tensor).arraySync() as number[][];
    expectClose(model.predict(probe).toArray() as number[][], theirs);
  });
});

describe('TensorFlow.js → strata', () => {
  async function saveFromTfjs(model: tfl.Sequential): Promise<st.ModelArtifacts> {
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(
        async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    return saved as unknown as st.ModelArtifacts;
  }

  it.each(TFJS_ACTIVATIONS)(
    'Dense + BatchNormalization + Dropout with %s loads and predicts the same',
    async (activation) => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({
            units: 7,
            activation,
            inputShape: [5],
            kernelRegularizer: tfl.regularizers.l1l2({ l1: 0.01, l2: 0.02 }),
          }),
          tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 0.01 }),
          tfl.layers.dropout({ rate: 0.25 }),
          tfl.layers.dense({ units: 4, activation, useBias: false }),
          tfl.layers.activation({ activation: 'softmax' }),
        ],
      });
      // non-trivial moving statistics, so inference-mode batch norm is really compared
      const bn = model.layers[1];
      bn.setWeights(
        bn.getWeights().map((w, i) => tf.randomUniform(w.shape, i < 2 ? 0.5 : 0.1, i < 2 ? 1.5 : 2, 'float32', i + 1)),
      );
      const loaded = await st.loadModel(await saveFromTfjs(model));
      expect(loaded.layers.map((l) => l.className)).toEqual([
        'Dense',
        'BatchNormalization',
        'Dropout',
        'Dense',
        'Activation',
      ]);
      const probe = randomInputs(5, 16, 5);
      expectClose(
        loaded.predict(probe).toArray() as number[][],
        (model.predict(tf.tensor2d(probe)) as tf.Tensor).arraySync() as number[][],
      );
    },
  );

  it('Reshape + Flatten + Dense (data_format written out) loads and predicts the same', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.reshape({ targetShape: [2, 4], inputShape: [8] }),
        tfl.layers.flatten({ dataFormat: 'channelsLast' }),
        tfl.layers.dense({ units: 3, activation: 'tanh' }),
      ],
    });
    const artifacts = await saveFromTfjs(model);
    const layers = (artifacts.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } }).config
      .layers;
    expect(layers[0].config.target_shape).toEqual([2, 4]);
    expect(layers[1].config.data_format).toBe('channels_last');
    const loaded = await st.loadModel(artifacts);
    expect(loaded.layers.map((l) => l.className)).toEqual(['Reshape', 'Flatten', 'Dense']);
    const probe = randomInputs(6, 10, 8);
    expectClose(
      loaded.predict(probe).toArray() as number[][],
      (model.predict(tf.tensor2d(probe)) as tf.Tensor).arraySync() as number[][],
    );
  });

  it('a channels_first Flatten is refused with a FormatError (strata keeps channels last)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.reshape({ targetShape: [2, 4], inputShape: [8] }),
        tfl.layers.flatten({ dataFormat: 'channelsFirst' }),
      ],
    });
    const e = await st.loadModel(await saveFromTfjs(model)).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(st.FormatError);
    expect((e as Error).message).toMatch(
      /^loadModel\(\): layer 1 \(Flatten '.*'\): expected data_format 'channels_last' \(strata keeps channels last\), got "channels_first"\.$/,
    );
  });
});
